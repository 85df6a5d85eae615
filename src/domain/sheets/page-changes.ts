import type { SheetTemplate } from './template-schema.ts';
import { asList, type FieldValue, type StatementAnswers } from './answers.ts';

export interface PageChanges {
  fields?: Record<string, FieldValue>;
  summary?: string;
  selfCheck?: Record<string, boolean>;
}

/** A page posts only its own inputs; everything else in `parsed` is an empty default and must
 * not overwrite what was written on other pages. */
export function changesForPage(template: SheetTemplate, pageId: string, parsed: StatementAnswers): PageChanges {
  const step = template.steps.find((s) => s.key === pageId);
  if (step) {
    const fields: Record<string, FieldValue> = {};
    for (const field of step.fields) fields[field.key] = parsed.fields[field.key] ?? (field.type === 'list' ? [] : '');
    return { fields };
  }
  if (pageId === 'compose') return { summary: parsed.summary };
  if (pageId === 'check') return { selfCheck: parsed.selfCheck };
  return {};
}

export function applyChanges(answers: StatementAnswers, changes: PageChanges): StatementAnswers {
  return {
    fields: { ...answers.fields, ...(changes.fields ?? {}) },
    summary: changes.summary ?? answers.summary,
    selfCheck: { ...answers.selfCheck, ...(changes.selfCheck ?? {}) },
  };
}

/** What the person chose for one part two saves wrote differently, with their own text. */
export interface ConflictChoice {
  keep: 'mine' | 'saved' | 'both';
  mine: string[];
}

/**
 * The changes that settle a conflict: for each part chosen, the saved text, the person's own,
 * or both (saved first; in a list, their lines not already there). Parts not chosen stay as saved.
 */
export function resolveConflict(template: SheetTemplate, saved: StatementAnswers, chosen: (key: string) => ConflictChoice | undefined): PageChanges {
  const fields: Record<string, FieldValue> = {};
  let summary: string | undefined;
  const listKeys = new Set(template.steps.flatMap((s) => s.fields.filter((f) => f.type === 'list').map((f) => f.key)));
  for (const key of [...template.steps.flatMap((s) => s.fields.map((f) => f.key)), 'summary']) {
    const choice = chosen(key);
    if (!choice) continue;
    const current = key === 'summary' ? saved.summary : (saved.fields[key] ?? '');
    let value: FieldValue;
    if (listKeys.has(key)) {
      const savedList = asList(current);
      value = choice.keep === 'saved' ? savedList : choice.keep === 'mine' ? choice.mine : [...savedList, ...choice.mine.filter((v) => !savedList.includes(v))];
    } else {
      const savedText = typeof current === 'string' ? current : current.join('\n');
      const mineText = choice.mine.join('\n');
      value = choice.keep === 'saved' ? savedText : choice.keep === 'mine' ? mineText : [savedText, mineText].filter((x) => x.trim()).join('\n\n');
    }
    if (key === 'summary') summary = typeof value === 'string' ? value : value.join(' ');
    else fields[key] = value;
  }
  return { fields, ...(summary !== undefined ? { summary } : {}) };
}
