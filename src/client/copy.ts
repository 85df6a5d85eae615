import { all } from './dom.ts';

// The copy buttons beside a link or code to pass on (views/components.ts, copyableText).
// The clipboard API needs a secure context; on plain http (a test installation on a local
// network) the old way of copying a selection is tried, and failing both the person is told to
// select and copy the text themselves.

function copyBySelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

async function copy(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, page not focused): try the selection instead.
    }
  }
  return copyBySelection(text);
}

export function initCopyButtons(): void {
  for (const button of all<HTMLButtonElement>('button[data-copy]')) {
    const status = button.parentElement?.querySelector<HTMLElement>('.copyable__status');
    button.addEventListener('click', () => {
      void copy(button.dataset.copy ?? '').then((copied) => {
        if (status) status.textContent = (copied ? button.dataset.copied : button.dataset.copyFailed) ?? '';
      });
    });
  }
}
