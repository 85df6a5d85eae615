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
