import type { SheetTemplate } from './template-schema.ts';
import type { FieldValue, StatementAnswers } from './answers.ts';

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
