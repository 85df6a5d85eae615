// While a professional writes their part of the decision record, the professional terms in it
// are listed with plain words beside them — the same list the page shows after a save. The word
// lists live on the server, which answers and forgets. Without JavaScript the list comes with the
// next save.

import { all, debounce, el, replaceChildren } from './dom.ts';

interface JargonResponse {
  terms: { term: string; plain: string }[];
}

const WAIT_MS = 900;

async function check(box: HTMLElement, field: HTMLTextAreaElement, csrf: string): Promise<void> {
  let data: JargonResponse;
  try {
    const res = await fetch('/helper/jargon', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
      body: JSON.stringify({ text: field.value }),
      credentials: 'same-origin',
    });
    if (!res.ok) return;
    data = (await res.json()) as JargonResponse;
  } catch {
    return;
  }
  const list = box.querySelector('ul');
  if (!list) return;
  replaceChildren(
    list,
    data.terms.map((t) => el('li', {}, [el('strong', { text: t.term }), document.createTextNode(` → ${t.plain}`)])),
  );
  box.hidden = data.terms.length === 0;
}

export function initJargonCheck(): void {
  for (const box of all('[data-jargon-for]')) {
    const field = document.getElementById(`field-${box.dataset.jargonFor ?? ''}`);
    if (!(field instanceof HTMLTextAreaElement)) continue;
    const csrf = field.form?.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
    field.addEventListener(
      'input',
      debounce(() => void check(box, field, csrf), WAIT_MS),
    );
  }
}
