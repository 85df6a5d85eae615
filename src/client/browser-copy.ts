// The copy a sheet has in this browser goes when it should. The server marks the pages where
// that happens (data-* attributes); this file does the part only the browser can do.

import { all, setStatus } from './dom.ts';
import { deviceSheetKeys, draftOpening, draftState, forgetDraft, forgetEverything } from './storage.ts';

const OPENING_LENGTH = 160;

function show(selector: string, visible: boolean, root: ParentNode = document): void {
  for (const node of all(selector, root)) node.hidden = !visible;
}

/** "You have a sheet" or "more than one sheet". */
function showLeads(root: ParentNode, count: number): void {
  show('[data-device-lead="one"]', count === 1, root);
  show('[data-device-lead="many"]', count > 1, root);
}

/** Sign-in and sign-up tell the server that there are sheets here, so that it can offer to move them. */
function markSignInForms(): void {
  const present = deviceSheetKeys().length > 0;
  for (const input of all<HTMLInputElement>('input[data-device-sheets]')) input.value = present ? '1' : '';
}

/** The page that offers to move, delete or leave the sheets kept in this browser. */
function initDeviceSheetsPage(page: HTMLElement): void {
  const refresh = () => {
    const keys = deviceSheetKeys();
    let shown = 0;
    for (const section of all('[data-device-sheet]', page)) {
      const key = section.dataset.deviceSheet ?? '';
      const state = keys.includes(key) ? draftState(key) : null;
      section.hidden = state === null;
      if (state === null) continue;
      shown++;
      const input = section.querySelector<HTMLInputElement>('input[name="state"]');
      if (input) input.value = state;
      const opening = section.querySelector('[data-opening]');
      if (opening) opening.textContent = draftOpening(key, OPENING_LENGTH);
    }
    showLeads(page, shown);
    show('[data-device-some]', shown > 0, page);
    show('[data-device-none]', shown === 0, page);
  };
  refresh();
  for (const button of all<HTMLButtonElement>('[data-forget-sheet]', page)) {
    button.addEventListener('click', () => {
      const section = button.closest<HTMLElement>('[data-device-sheet]');
      if (!section || !window.confirm(button.dataset.confirm ?? '')) return;
      forgetDraft(section.dataset.deviceSheet ?? '');
      refresh();
      setStatus(page, button.dataset.done ?? '');
      page.querySelector<HTMLElement>('[data-status]')?.focus();
    });
  }
  // The form carries the newest words, even if another tab wrote more meanwhile.
  for (const form of all<HTMLFormElement>('[data-device-sheet] form', page)) {
    form.addEventListener('submit', () => {
      const key = form.closest<HTMLElement>('[data-device-sheet]')?.dataset.deviceSheet ?? '';
      const input = form.querySelector<HTMLInputElement>('input[name="state"]');
      const state = draftState(key);
      if (input && state !== null) input.value = state;
    });
  }
}

export function initBrowserCopy(): void {
  // A page the server sent after signing out on a computer others use, after erasure, or after
  // "delete what I wrote": nothing of this site stays in the browser.
  if (document.querySelector('[data-clear-browser]')) {
    void forgetEverything();
    return;
  }
  // A sheet that has just been moved into the account leaves the browser.
  for (const moved of all('[data-device-moved]')) {
    const key = moved.dataset.deviceMoved ?? '';
    forgetDraft(key);
    show('[data-device-gone]', !deviceSheetKeys().includes(key), moved);
  }
  markSignInForms();
  const count = deviceSheetKeys().length;
  show('[data-device-sheets-notice]', count > 0);
  showLeads(document, count);
  const page = document.querySelector<HTMLElement>('[data-device-sheets-page]');
  if (page) initDeviceSheetsPage(page);
}
