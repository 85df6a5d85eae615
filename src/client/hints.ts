// The writing helper for answers kept on the device: the analysis runs on the server (its word
// lists are too big to send), which answers and forgets. Offline, there are simply no hints.

import type { ClientSheet, DeviceAnswers } from './sheet-model.ts';
import { all, el, replaceChildren } from './dom.ts';

interface HintsResponse {
  fields: Record<string, string[]>;
  overall: string | null;
}

function csrfOf(form: HTMLFormElement): string {
  return form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
}

function showOffline(sheet: ClientSheet): void {
  const box = document.querySelector('[data-check-hints]');
  if (box) replaceChildren(box, [el('p', { text: sheet.texts.hintsOffline })]);
}

export async function refreshHints(sheet: ClientSheet, form: HTMLFormElement, answers: DeviceAnswers): Promise<void> {
  const url = form.dataset.hintsUrl;
  if (!url) return;
  if (!navigator.onLine) return showOffline(sheet);
  let data: HintsResponse;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfOf(form), accept: 'application/json' },
      body: JSON.stringify({ answers }),
      credentials: 'same-origin',
    });
    if (!res.ok) return;
    data = (await res.json()) as HintsResponse;
  } catch {
    return showOffline(sheet);
  }
  render(sheet, data);
}

function list(messages: string[]): HTMLUListElement {
  return el(
    'ul',
    { className: 'helper__list' },
    messages.map((m) => el('li', { text: m })),
  );
}

function render(sheet: ClientSheet, data: HintsResponse): void {
  for (const box of all('[data-helper-for]')) {
    const messages = data.fields[box.dataset.helperFor ?? ''] ?? [];
    const ul = box.querySelector('ul');
    if (ul)
      replaceChildren(
        ul,
        messages.map((m) => el('li', { text: m })),
      );
    box.hidden = messages.length === 0;
  }
  const check = document.querySelector('[data-check-hints]');
  if (check) {
    const parts = [...sheet.fields.map((f) => ({ key: f.key, heading: f.heading })), { key: 'summary', heading: sheet.summary.heading }];
    const nodes: Node[] = [];
    for (const p of parts) {
      const messages = data.fields[p.key] ?? [];
      if (messages.length) nodes.push(el('h3', { text: p.heading }), list(messages));
    }
    replaceChildren(check, nodes.length ? nodes : [el('p', { text: sheet.texts.hintsNone })]);
  }
  const overall = document.querySelector<HTMLElement>('[data-lix-overall]');
  if (overall) {
    overall.textContent = data.overall ?? '';
    overall.hidden = !data.overall;
  }
}
