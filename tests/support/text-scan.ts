// The raw-text scan: what a person reads on a page must not contain the machinery behind it —
// ISO dates, versioned or code-style identifiers, values a template failed to fill in — and a
// Danish page must not fall back to English. Pure: the browser support collects the page's
// texts (tests/support/browser.ts) and this decides what is wrong with them.

export type FindingKind = 'iso-date' | 'version' | 'identifier' | 'missing-value' | 'english';

export interface TextFinding {
  kind: FindingKind;
  match: string;
  /** The match with some text either side, to find it on the page. */
  context: string;
}

const PATTERNS: { kind: FindingKind; pattern: RegExp }[] = [
  // A date as a machine writes it, alone or as the start of a timestamp (2026-12-02T10:00).
  { kind: 'iso-date', pattern: /\b\d{4}-\d{2}-\d{2}(?:T[\d:.]*Z?)?/g },
  // "v1", "after-meeting-check-in v2", "peer-link-v1".
  { kind: 'version', pattern: /(?<![\p{L}\p{N}])v\d+(?![\p{L}\p{N}])/gu },
  // kebab-case of three or more lowercase ASCII parts (Danish compounds have one hyphen:
  // "peer-medarbejder", "e-mail"), snake_case, and camelCase keys.
  { kind: 'identifier', pattern: /(?<![\p{L}\p{N}-])[a-z]+(?:-[a-z0-9]+){2,}(?![\p{L}\p{N}-])/gu },
  { kind: 'identifier', pattern: /(?<![\p{L}\p{N}_])[a-z]+(?:_[a-z0-9]+)+(?![\p{L}\p{N}_])/gu },
  { kind: 'identifier', pattern: /(?<![\p{L}\p{N}])[a-z]+[A-Z][a-z]+[a-zA-Z]*(?![\p{L}\p{N}])/gu },
  { kind: 'missing-value', pattern: /(?<![\p{L}\p{N}])(?:undefined|null|NaN)(?![\p{L}\p{N}])|\[object \w+\]/gu },
];

// English words that never occur in Danish text. Words that are also Danish are left out on
// purpose: for, is, to, in, over, under, form, bad, hold, start, time, side, by, man, alt, art,
// hun, god, gift, fare, sure, bare, mode, link, guide, peer, statement, e-mail, have, from.
const ENGLISH_WORDS = [
  'the',
  'and',
  'with',
  'your',
  'you',
  'please',
  'submit',
  'save',
  'saved',
  'cancel',
  'error',
  'errors',
  'passkey',
  'passkeys',
  'password',
  'sign',
  'signed',
  'logout',
  'click',
  'next',
  'previous',
  'delete',
  'remove',
  'edit',
  'settings',
  'account',
  'welcome',
  'loading',
  'should',
  'would',
  'this',
  'that',
  'which',
  'what',
  'when',
  'where',
  'of',
  'not',
  'are',
  'will',
  'meeting',
  'meetings',
  'sheet',
  'sheets',
  'page',
  'user',
  'questionnaire',
  'own',
  'words',
];
const ENGLISH = new RegExp(`(?<![\\p{L}\\p{N}])(?:${ENGLISH_WORDS.join('|')})(?![\\p{L}\\p{N}])`, 'giu');

function around(text: string, index: number, length: number): string {
  return text
    .slice(Math.max(0, index - 30), index + length + 30)
    .replace(/\s+/g, ' ')
    .trim();
}

/** What is wrong with one text of a page in the given language ('da' adds the English check). */
/** A web address shown for someone to keep or copy (a private link): what it holds is random
 * letters, not words, so it is read as one blank. */
const WEB_ADDRESS = /\bhttps?:\/\/\S+/g;

export function scanText(rawText: string, lang: string): TextFinding[] {
  const checks = lang === 'da' ? [...PATTERNS, { kind: 'english' as const, pattern: ENGLISH }] : PATTERNS;
  const text = rawText.replace(WEB_ADDRESS, (address) => ' '.repeat(address.length));
  const findings: TextFinding[] = [];
  for (const { kind, pattern } of checks) {
    for (const m of text.matchAll(pattern)) findings.push({ kind, match: m[0], context: around(text, m.index, m[0].length) });
  }
  return findings;
}

/** Every finding on a page, from its texts (visible text, title, alt and aria-label). */
export function scanPageTexts(texts: string[], lang: string): TextFinding[] {
  return texts.flatMap((text) => scanText(text, lang));
}

/** One line per finding, for a failing assertion. */
export function describeFindings(label: string, findings: TextFinding[]): string[] {
  return findings.map((f) => `${label}: ${f.kind} «${f.match}» in «${f.context}»`);
}
