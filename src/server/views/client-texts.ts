import type { ClientTexts } from '../../client/sheet-model.ts';
import { messagesFor, type Locale } from '../i18n/messages.ts';

/**
 * The texts the writing pages' script shows (counters, saving, offline), from the catalogue.
 * They are the same on every page in a language, so scripts/build-client.ts puts both languages
 * into the script itself, which browsers keep, instead of every page carrying them.
 */
export function clientTextsFor(locale: Locale): ClientTexts {
  const t = messagesFor(locale).sheet;
  return {
    deviceNote: t.deviceNoteJs,
    counter: t.counter('{max}', '{used}'),
    counterList: t.counterList('{maxItems}', '{maxLength}', '{lines}'),
    sentences: t.sentences('{min}', '{max}', '{count}'),
    helperTitle: t.helperTitle,
    line: t.line(0).replace('0', '{n}'),
    tooLongOffline: t.tooLongOffline,
    draftOffline: t.draftOffline,
    partsEmpty: t.partsEmpty,
    previewEmpty: t.previewEmpty,
    missingLead: t.missingLead,
    missingNone: t.missingNone,
    hintsNone: t.hintsNone,
    hintsOffline: t.hintsOffline,
    lixOverall: t.lixOverall('{label}', '{score}'),
    pdfOffline: t.pdfOffline,
    pdfTooLong: t.pdfTooLong,
    savedAt: t.savedAt('{time}'),
    notSaved: t.notSaved,
    saveTooLong: t.saveTooLong,
    saveConflict: t.saveConflict,
  };
}
