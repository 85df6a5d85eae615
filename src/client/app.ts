// Progressive enhancement only: every page works without this file. It adds device storage and
// offline use for writing without an account, autosave for signed-in sheets, live counters,
// focus on the error summary, and the print button.

import { sheetFromData, type ClientSheet, type SheetData } from './sheet-model.ts';
import { clientTextsFor } from './client-texts.ts';
import { initDevice, markDrafts } from './device.ts';
import { initAutosave } from './autosave.ts';
import { updateCounters } from './counters.ts';
import { draftHasWords } from './storage.ts';
import { all } from './dom.ts';
import { initPasskeys } from './passkeys.ts';
import { initBrowserCopy } from './browser-copy.ts';
import { isOfflinePath } from './offline-pages.ts';
import { initPollLive } from './poll-live.ts';
import { initJargonCheck } from './jargon.ts';
import { initCopyButtons } from './copy.ts';

function focusErrorSummary(): void {
  const summary = document.querySelector<HTMLElement>('[data-autofocus]');
  summary?.focus();
}

function readSheet(): ClientSheet | null {
  const data = document.getElementById('sheet-data');
  if (!data?.textContent) return null;
  try {
    const sheet = JSON.parse(data.textContent) as SheetData;
    return sheetFromData(sheet, clientTextsFor(sheet.lang));
  } catch {
    return null;
  }
}

function start(): void {
  for (const node of all('[data-js-only]')) node.hidden = false;
  for (const node of all('[data-with-js]')) node.textContent = node.dataset.withJs ?? node.textContent;
  focusErrorSummary();
  for (const button of all('[data-print]')) button.addEventListener('click', () => window.print());
  initPasskeys();
  initBrowserCopy();
  initPollLive();
  initJargonCheck();
  initCopyButtons();

  const sheet = readSheet();
  const form = document.querySelector<HTMLFormElement>('form[data-sheet-form]');
  if (sheet && form) {
    updateCounters(sheet, document);
    if (form.dataset.mode === 'device') initDevice(sheet, form);
    else {
      initAutosave(sheet, form);
      form.addEventListener('input', () => updateCounters(sheet, document));
    }
  }
  if (document.querySelector('[data-draft-key]')) markDrafts(draftHasWords);

  // Writing without an account works offline after the first visit. Only from the writing pages
  // themselves: not from the page that has just removed the service worker.
  if (isOfflinePath(location.pathname) && !document.querySelector('[data-clear-browser]') && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
