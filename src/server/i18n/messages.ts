import { da } from './da.ts';
import { en } from './en.ts';
import type { Locale } from '../db/schema.ts';

export type { Locale };

type Widen<T> = T extends (...args: infer A) => infer R ? (...args: A) => R : T extends string ? string : { [K in keyof T]: Widen<T[K]> };

/** The shape of the Danish catalogue; the English one must have every key (checked by tsc). */
export type Messages = Widen<typeof da>;

/** An English area file must have every key of its Danish one. */
export type Catalogue<T> = Widen<T>;

const catalogues: Record<Locale, Messages> = { da, en };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}

// A sheet made without a name is stored under the default name in the language it was made in.
// Shown, it takes the reader's language: a person who switches to English, or a Danish peer
// reading an English-speaking citizen's sheet, does not meet the other language's "Mit ark".
const defaultSheetNames = new Set([da.statements.purposeDefault, en.statements.purposeDefault]);

/** The name of a sheet as this reader sees it. */
export function sheetName(t: Messages, purpose: string): string {
  return defaultSheetNames.has(purpose) ? t.statements.purposeDefault : purpose;
}
