import type { FieldValue } from '../sheets/answers.ts';
import type { TemplateField } from '../sheets/template-schema.ts';

/** What a sheet brought to a meeting that the decision record answers: what the person wants
 * help with, what the help must not prevent (red lines), and what matters to them. */
export interface SheetParts {
  help: string[];
  redLines: string[];
  matters: string[];
}

/**
 * The sheet's parts, one point each: a list's items, and each line of a longer text. The sheet
 * shows a text's lines as separate lines, so "Min kat" and "At gå ture ved vandet" written on two
 * lines are two things that matter, not one.
 */
export function sheetParts(
  template: { steps: readonly { fields: readonly Pick<TemplateField, 'key' | 'role'>[] }[] },
  answers: { fields: Record<string, FieldValue | undefined> },
): SheetParts {
  const parts: SheetParts = { help: [], redLines: [], matters: [] };
  for (const step of template.steps)
    for (const field of step.fields) {
      const value = answers.fields[field.key] ?? '';
      const items = (Array.isArray(value) ? value : value.split(/\r?\n/)).map((v) => v.trim()).filter(Boolean);
      if (field.role === 'helpWith') parts.help.push(...items);
      if (field.role === 'mustNotPrevent') parts.redLines.push(...items);
      if (field.role === 'matters') parts.matters.push(...items);
    }
  return parts;
}
