// Signed-in mode: save as the person types, quietly. The server's JSON endpoint answers
// 200 {revision}, 409 {error:'conflict'} when the sheet was saved elsewhere, or 400 when a text
// is over its limit. When the network is gone, a copy waits in localStorage and is sent later.

import type { ClientSheet } from './sheet-model.ts';
import { fill, linesOf } from './sheet-model.ts';
import { readJson, remove, unsentKey, write } from './storage.ts';
import { setStatus } from './dom.ts';

type Fields = Record<string, string | string[]>;
type FieldElement = HTMLInputElement | HTMLTextAreaElement;

const DELAY = 1000;
const RETRY_MIN = 5000;
const RETRY_MAX = 60000;

function fieldValue(field: FieldElement): string | string[] {
  return field.dataset.fieldType === 'list' ? linesOf(field.value) : field.value;
}

export function initAutosave(sheet: ClientSheet, form: HTMLFormElement): void {
  const url = form.dataset.autosaveUrl;
  const revisionInput = form.querySelector<HTMLInputElement>('input[name="revision"]');
  if (!url || !revisionInput) return;
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  const storeKey = unsentKey(url);
  const time = new Intl.DateTimeFormat(sheet.lang === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit' });

  let pending: Fields = {};
  let baseRevision = Number(revisionInput.value);
  let inFlight: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = RETRY_MIN;
  let stopped = false;
  let submitting = false;

  const status = (text: string) => setStatus(form, text);
  // The copy on the device holds fields of any page of this sheet; each page only touches its own.
  const stored = (): Fields => {
    const raw = readJson(storeKey) as { fields?: unknown } | null;
    return raw?.fields && typeof raw.fields === 'object' ? (raw.fields as Fields) : {};
  };
  const keepCopy = () => write(storeKey, JSON.stringify({ revision: baseRevision, fields: { ...stored(), ...pending } }));
  const forget = (keys: string[]) => {
    const rest = stored();
    for (const k of keys) delete rest[k];
    if (Object.keys(rest).length) write(storeKey, JSON.stringify({ revision: baseRevision, fields: rest }));
    else remove(storeKey);
  };
  const onPage = (key: string) => form.querySelector(`[data-field="${key}"]`) !== null;

  const schedule = (ms: number) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void send(), ms);
  };

  const failed = (fields: Fields) => {
    pending = { ...fields, ...pending };
    keepCopy();
    status(sheet.texts.notSaved);
    schedule(retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX);
  };

  async function send(): Promise<void> {
    timer = undefined;
    if (stopped || inFlight || Object.keys(pending).length === 0) return;
    const fields = pending;
    pending = {};
    const body = JSON.stringify({ revision: baseRevision, fields });
    inFlight = (async () => {
      try {
        const res = await fetch(url!, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
          body,
          credentials: 'same-origin',
        });
        if (res.ok) {
          const data = (await res.json()) as { revision: number };
          baseRevision = data.revision;
          revisionInput!.value = String(data.revision);
          retryDelay = RETRY_MIN;
          forget(Object.keys(fields).filter((k) => !(k in pending)));
          status(fill(sheet.texts.savedAt, { time: time.format(new Date()) }));
        } else if (res.status === 409) {
          // Saved somewhere else meanwhile: stop. The words stay in the boxes, and the next
          // submit shows both texts side by side.
          stopped = true;
          forget(Object.keys(fields));
          status(sheet.texts.saveConflict);
        } else if (res.status === 400) {
          pending = { ...fields, ...pending };
          status(sheet.texts.saveTooLong);
        } else failed(fields);
      } catch {
        failed(fields);
      } finally {
        inFlight = null;
      }
      if (Object.keys(pending).length && !stopped && timer === undefined) schedule(DELAY);
    })();
    return inFlight;
  }

  // Text from this page that could not be sent last time goes back into its box and is sent now.
  const unsent = readJson(storeKey) as { revision?: unknown } | null;
  const waiting = Object.entries(stored()).filter(([key, value]) => onPage(key) && (typeof value === 'string' || Array.isArray(value)));
  if (unsent && typeof unsent.revision === 'number' && waiting.length) {
    baseRevision = unsent.revision;
    for (const [key, value] of waiting) {
      pending[key] = value;
      const field = form.querySelector<FieldElement>(`[data-field="${key}"]`);
      if (field) field.value = Array.isArray(value) ? value.join('\n') : value;
    }
    schedule(0);
  }

  form.addEventListener('input', (e) => {
    const field = e.target as FieldElement;
    const key = field.dataset?.field;
    if (!key || stopped) return;
    pending[key] = fieldValue(field);
    // A person changing a too-long text gets a fresh try straight away.
    retryDelay = RETRY_MIN;
    schedule(DELAY);
  });

  window.addEventListener('online', () => {
    if (Object.keys(pending).length) schedule(0);
  });

  form.addEventListener('submit', (e) => {
    // The form carries every field itself. Wait for a save under way, so the revision it posts
    // is the newest and the person is not shown a conflict with their own words.
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    submitting = true;
    forget(Object.keys(stored()).filter(onPage));
    if (inFlight) {
      e.preventDefault();
      const submitter = e.submitter as HTMLButtonElement | null;
      void inFlight.then(() => form.requestSubmit(submitter ?? undefined));
    }
  });

  window.addEventListener('pagehide', () => {
    if (submitting || stopped || Object.keys(pending).length === 0) return;
    if (!navigator.onLine) {
      keepCopy();
      return;
    }
    // Best effort as the page goes away; the browser finishes it on its own.
    try {
      void fetch(url, {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
        body: JSON.stringify({ revision: baseRevision, fields: pending }),
        credentials: 'same-origin',
      }).catch(() => undefined);
    } catch {
      keepCopy();
    }
  });
}
