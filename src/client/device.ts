// No-account mode: the answers live in this browser only. Pages are filled from localStorage,
// every keystroke is kept (debounced), and the buttons move between pages without a request,
// so writing works offline once the service worker has the pages.

import type { ClientSheet, DeviceAnswers } from './sheet-model.ts';
import { emptyDeviceAnswers, lengthProblems, linesOf, missingPages, normaliseAnswers } from './sheet-model.ts';
import { decodeState, encodeState, loadDraft, OWNER_NAME_KEY, read, saveDraft, write } from './storage.ts';
import { all, debounce, el, replaceChildren, setStatus } from './dom.ts';
import { renderParts, renderPreview } from './preview.ts';
import { refreshHints } from './hints.ts';
import { updateCounters } from './counters.ts';

type FieldElement = HTMLInputElement | HTMLTextAreaElement;

/** The answers with what is on this page now put on top. */
function readPage(sheet: ClientSheet, base: DeviceAnswers, root: ParentNode): DeviceAnswers {
  const answers: DeviceAnswers = { fields: { ...base.fields }, summary: base.summary, selfCheck: { ...base.selfCheck } };
  for (const field of all<FieldElement>('[data-field]', root)) {
    const key = field.dataset.field ?? '';
    const type = field.dataset.fieldType;
    if (key === 'summary') answers.summary = field.value;
    else if (type === 'list') answers.fields[key] = linesOf(field.value);
    else if (sheet.fields.some((f) => f.key === key)) answers.fields[key] = field.value;
  }
  for (const box of all<HTMLInputElement>('[data-self-check]', root)) answers.selfCheck[box.dataset.selfCheck ?? ''] = box.checked;
  return answers;
}

function fillPage(answers: DeviceAnswers, root: ParentNode): void {
  for (const field of all<FieldElement>('[data-field]', root)) {
    const key = field.dataset.field ?? '';
    const value = key === 'summary' ? answers.summary : answers.fields[key];
    if (value === undefined) continue;
    field.value = Array.isArray(value) ? value.join('\n') : value;
  }
  for (const box of all<HTMLInputElement>('[data-self-check]', root)) box.checked = answers.selfCheck[box.dataset.selfCheck ?? ''] === true;
}

function setState(answers: DeviceAnswers): void {
  const encoded = encodeState(answers);
  for (const input of all<HTMLInputElement>('input[name="state"]')) input.value = encoded;
}

function renderMissing(sheet: ClientSheet, answers: DeviceAnswers): void {
  const box = document.querySelector('[data-missing]');
  if (!box) return;
  const ids = missingPages(sheet, answers);
  const pages = sheet.pages.filter((p) => ids.includes(p.id));
  replaceChildren(
    box,
    pages.length
      ? [
          el('p', { text: sheet.texts.missingLead }),
          el(
            'ul',
            {},
            pages.map((p) => el('li', {}, [el('a', { text: p.title, attrs: { href: p.url } })])),
          ),
        ]
      : [el('p', { text: sheet.texts.missingNone })],
  );
}

export function initDevice(sheet: ClientSheet, form: HTMLFormElement): void {
  const note = document.querySelector('[data-device-note]');
  if (note) note.textContent = sheet.texts.deviceNote;

  const current = (): DeviceAnswers => readPage(sheet, loadDraft(sheet) ?? emptyDeviceAnswers(sheet), document);

  if (form.dataset.answers === 'server') {
    // The server just rendered this page from what was posted: that is the newest text.
    const state = document.querySelector<HTMLInputElement>('input[name="state"]');
    const fromServer = normaliseAnswers(sheet, state ? decodeState(state.value) : null);
    saveDraft(sheet, readPage(sheet, fromServer, document));
  } else {
    fillPage(loadDraft(sheet) ?? emptyDeviceAnswers(sheet), document);
  }

  const ownerInput = document.querySelector<HTMLInputElement>('[data-owner-name]');
  if (ownerInput && !ownerInput.value) ownerInput.value = read(OWNER_NAME_KEY) ?? '';

  const refreshViews = (answers: DeviceAnswers) => {
    renderParts(sheet, answers);
    if (document.querySelector('[data-preview]')) renderPreview(sheet, answers, ownerInput?.value ?? '');
    renderMissing(sheet, answers);
    updateCounters(sheet, document);
  };

  const save = debounce(() => {
    const answers = current();
    saveDraft(sheet, answers);
    setState(answers);
  }, 300);
  const hints = debounce(() => void refreshHints(sheet, form, current()), 1200);

  const start = current();
  setState(start);
  refreshViews(start);
  if (sheet.pageId !== 'done') void refreshHints(sheet, form, start);

  document.addEventListener('input', (e) => {
    const target = e.target as HTMLElement;
    if (target.matches('[data-owner-name]')) {
      write(OWNER_NAME_KEY, (target as HTMLInputElement).value);
      renderPreview(sheet, current(), (target as HTMLInputElement).value);
      return;
    }
    if (!target.matches('[data-field], [data-self-check]')) return;
    updateCounters(sheet, document);
    save();
    hints();
  });
  document.addEventListener('change', (e) => {
    if ((e.target as HTMLElement).matches('[data-self-check]')) save.flush();
  });
  // Coming back with the browser's back button shows a kept copy of the page: refill it.
  window.addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    const answers = loadDraft(sheet) ?? emptyDeviceAnswers(sheet);
    fillPage(answers, document);
    setState(answers);
    refreshViews(answers);
  });
  window.addEventListener('pagehide', () => save.flush());

  form.addEventListener('submit', (e) => {
    save.cancel();
    const answers = current();
    saveDraft(sheet, answers);
    setState(answers);
    const submitter = e.submitter as HTMLButtonElement | null;
    const action = submitter?.value ?? 'next';
    if (action === 'draft' || action === 'draftReplace' || action === 'draftAdd') {
      // The draft is made on the server from the state; offline there is none to make.
      if (!navigator.onLine) {
        e.preventDefault();
        setStatus(form, sheet.texts.draftOffline);
      }
      return;
    }
    const problems = lengthProblems(sheet, answers).filter((p) => p.pageId === sheet.pageId);
    if (problems.length) {
      // Online, the server shows the kind error summary with every word kept.
      if (navigator.onLine) return;
      e.preventDefault();
      setStatus(form, sheet.texts.tooLongOffline);
      document.querySelector<HTMLElement>(`[data-field="${problems[0]?.key ?? ''}"]`)?.focus();
      return;
    }
    const url = action === 'back' ? form.dataset.backUrl : form.dataset.nextUrl;
    if (!url) return;
    e.preventDefault();
    location.assign(url);
  });

  const pdfForm = document.querySelector<HTMLFormElement>('[data-pdf-form]');
  pdfForm?.addEventListener('submit', (e) => {
    const answers = current();
    setState(answers);
    if (ownerInput) write(OWNER_NAME_KEY, ownerInput.value);
    if (!navigator.onLine) {
      e.preventDefault();
      setStatus(document, sheet.texts.pdfOffline);
    } else if (lengthProblems(sheet, answers).length) {
      e.preventDefault();
      setStatus(document, sheet.texts.pdfTooLong);
    }
  });
}

/** On /write: a quiet note on each sheet that already has words on this device. */
export function markDrafts(hasWords: (key: string) => boolean): void {
  for (const choice of all('[data-draft-key]')) {
    const note = choice.querySelector<HTMLElement>('[data-has-draft]');
    if (note) note.hidden = !hasWords(choice.dataset.draftKey ?? '');
  }
}
