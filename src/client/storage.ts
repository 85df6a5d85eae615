// What the browser keeps on the device. Keys (a contract with the server-side import):
//   egneord:draft:<templateKey>  JSON of the answers ({fields, summary, selfCheck}), as answersSchema reads them
//   egneord:owner-name           the optional name on the sheet
//   egneord:unsent:<autosaveUrl> signed-in autosave that could not be sent: {revision, fields}
// Nothing else: no IndexedDB, and the service worker caches only pages without anyone's text.
// The copy goes when it should: a moved sheet leaves the browser, and on a computer others use
// (signing out there, erasing the account, "delete what I wrote") everything goes.

import type { ClientSheet, DeviceAnswers } from './sheet-model.ts';
import { normaliseAnswers } from './sheet-model.ts';

const DRAFT_PREFIX = 'egneord:draft:';
export const draftKey = (templateKey: string): string => `${DRAFT_PREFIX}${templateKey}`;
export const OWNER_NAME_KEY = 'egneord:owner-name';
export const unsentKey = (autosaveUrl: string): string => `egneord:unsent:${autosaveUrl}`;

// Storage can be missing or full (private windows, quotas): the page must go on working.
export function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function write(key: string, value: string): boolean {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

export function remove(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing to do
  }
}

export function readJson(key: string): unknown {
  const raw = read(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

export function loadDraft(sheet: ClientSheet): DeviceAnswers | null {
  const raw = readJson(draftKey(sheet.key));
  return raw === null ? null : normaliseAnswers(sheet, raw);
}

export function saveDraft(sheet: ClientSheet, answers: DeviceAnswers): void {
  write(draftKey(sheet.key), JSON.stringify(answers));
}

/** The texts of a stored draft in the order they were written (fields first, then the summary). */
function draftTexts(templateKey: string): string[] {
  const raw = readJson(draftKey(templateKey)) as { fields?: Record<string, unknown>; summary?: unknown } | null;
  if (!raw || typeof raw !== 'object') return [];
  const values = [...Object.values(raw.fields ?? {}), raw.summary];
  return values.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** True when a stored draft has any words in it (for the "you wrote something here" note). */
export function draftHasWords(templateKey: string): boolean {
  return draftTexts(templateKey).length > 0;
}

/** The first words of a stored draft, so a person can tell whether it is theirs. */
export function draftOpening(templateKey: string, length: number): string {
  const first = (draftTexts(templateKey)[0] ?? '').replace(/\s+/g, ' ').trim();
  return first.length > length ? `${first.slice(0, length).trimEnd()} …` : first;
}

function storedKeys(): string[] {
  try {
    return Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? '');
  } catch {
    return [];
  }
}

/** The sheets with words kept in this browser, by template key. */
export function deviceSheetKeys(): string[] {
  return storedKeys()
    .filter((k) => k.startsWith(DRAFT_PREFIX))
    .map((k) => k.slice(DRAFT_PREFIX.length))
    .filter(draftHasWords);
}

/** A stored draft as the import form carries it, or null when there is none. */
export function draftState(templateKey: string): string | null {
  const raw = readJson(draftKey(templateKey));
  return raw && typeof raw === 'object' ? encodeState(raw) : null;
}

/** One sheet leaves the browser (moved into an account, or deleted). The name on the sheet is
 * shared by the sheets, so it goes with the last of them (and so do drafts without words). */
export function forgetDraft(templateKey: string): void {
  remove(draftKey(templateKey));
  if (deviceSheetKeys().length > 0) return;
  for (const key of storedKeys()) if (key.startsWith(DRAFT_PREFIX)) remove(key);
  remove(OWNER_NAME_KEY);
}

/** Everything this site keeps in the browser goes: both storages, every IndexedDB database,
 * every cache and the service worker. The server sends Clear-Site-Data with the same answer;
 * this is for a browser that ignores it. Each part is tried on its own, so one that fails
 * (a private window without IndexedDB) does not keep the others. */
export async function forgetEverything(): Promise<void> {
  for (const storage of ['localStorage', 'sessionStorage'] as const) {
    try {
      window[storage].clear();
    } catch {
      // not available: nothing kept there
    }
  }
  const attempts: Promise<unknown>[] = [];
  try {
    attempts.push(indexedDB.databases().then((list) => Promise.all(list.map((db) => (db.name ? deleteDatabase(db.name) : undefined)))));
  } catch {
    // no IndexedDB
  }
  if ('caches' in window) attempts.push(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))));
  if ('serviceWorker' in navigator) attempts.push(navigator.serviceWorker.getRegistrations().then((list) => Promise.all(list.map((r) => r.unregister()))));
  await Promise.allSettled(attempts);
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** The answers as the server's hidden `state` carries them: base64url of UTF-8 JSON. */
export function encodeState(answers: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(answers));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeState(value: string): unknown {
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return null;
  }
}
