import type { z } from 'zod';

// Shared by every schema that speaks to people (sheet templates, questionnaires): turning zod's
// issues into one plain Danish and English sentence each, at a readable path.

export type LocalizedText = { da: string; en: string };
export type Issue = z.core.$ZodIssue;

/** The value at a path in the raw input, or undefined where the path leads nowhere. */
export function at(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** `steps[1].fields[0].label.da` */
export function pathString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

export function cap(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

/** One error per place and problem (`what`): zod can report the same problem through several paths. */
export function dedupe<E extends { path: string }>(errors: E[], what: (e: E) => string): E[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const id = `${e.path}\u0000${what(e)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** "Titlen i trin 2 må højst være 200 tegn." for a too_small or too_big issue. */
export function sizeMessage(
  issue: Extract<Issue, { code: 'too_small' | 'too_big' }>,
  prop: LocalizedText,
  where: LocalizedText,
  units: { arrayEn: string },
): LocalizedText {
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const isArray = issue.origin === 'array';
  const word =
    issue.code === 'too_small'
      ? { da: isArray ? 'skal have mindst' : 'skal være mindst', en: isArray ? 'needs at least' : 'must be at least' }
      : { da: isArray ? 'må højst have' : 'må højst være', en: isArray ? 'may have at most' : 'may be at most' };
  const unit = isArray ? { da: ' stk.', en: units.arrayEn } : issue.origin === 'string' ? { da: ' tegn', en: ' characters' } : { da: '', en: '' };
  return {
    da: `${cap(prop.da)} ${where.da} ${word.da} ${String(bound)}${unit.da}.`,
    en: `${cap(prop.en)} ${where.en} ${word.en} ${String(bound)}${unit.en}.`,
  };
}
