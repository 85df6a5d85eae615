// What the browser keeps on the device. Keys (a contract with the server-side import):
//   egneord:draft:<templateKey>  JSON of the answers ({fields, summary, selfCheck}), as answersSchema reads them
//   egneord:owner-name           the optional name on the sheet
//   egneord:unsent:<autosaveUrl> signed-in autosave that could not be sent: {revision, fields}

import type { ClientSheet, DeviceAnswers } from './sheet-model.ts';
import { normaliseAnswers } from './sheet-model.ts';

export const draftKey = (templateKey: string): string => `egneord:draft:${templateKey}`;
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

/** True when a stored draft has any words in it (for the "you wrote something here" note). */
export function draftHasWords(templateKey: string): boolean {
  const raw = readJson(draftKey(templateKey)) as { fields?: Record<string, unknown>; summary?: unknown } | null;
  if (!raw || typeof raw !== 'object') return false;
  const values = [...Object.values(raw.fields ?? {}), raw.summary];
  return values.some((v) => (typeof v === 'string' ? v.trim() !== '' : Array.isArray(v) && v.some((x) => typeof x === 'string' && x.trim() !== '')));
}

/** The answers as the server's hidden `state` carries them: base64url of UTF-8 JSON. */
export function encodeState(answers: DeviceAnswers): string {
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
