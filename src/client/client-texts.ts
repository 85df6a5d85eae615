import type { ClientTexts } from './sheet-model.ts';

// Filled in by scripts/build-client.ts from the server's catalogue (server/views/client-texts.ts),
// for both languages: the same on every page, so they come with this script, which browsers keep
// for a year, rather than in every page.
declare const __CLIENT_TEXTS__: Record<'da' | 'en', ClientTexts>;

export function clientTextsFor(lang: 'da' | 'en'): ClientTexts {
  return __CLIENT_TEXTS__[lang];
}
