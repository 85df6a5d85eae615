import type { LocalizedText, SheetTemplate } from './template-schema.ts';
import { hasContent } from './answers.ts';
import type { StatementAnswers } from './answers.ts';

export type Page =
  | { kind: 'step'; id: string; stepKey: string; title: LocalizedText }
  | { kind: 'compose'; id: 'compose'; title: LocalizedText }
  | { kind: 'check'; id: 'check'; title: LocalizedText }
  | { kind: 'done'; id: 'done'; title: LocalizedText };

export type NavAction = 'next' | 'back' | 'skip';

/** One page per step, then compose, check and done. Page ids are safe to put in a URL. */
export function pagesOf(template: SheetTemplate): Page[] {
  return [
    ...template.steps.map((step): Page => ({ kind: 'step', id: step.key, stepKey: step.key, title: step.title })),
    { kind: 'compose', id: 'compose', title: template.composition.title },
    { kind: 'check', id: 'check', title: { da: 'Tjek dit ark', en: 'Check your sheet' } },
    { kind: 'done', id: 'done', title: { da: 'Se og udskriv', en: 'View and print' } },
  ];
}

/**
 * Where a page id is in the flow. An id that is not there (an old link after the sheet changed)
 * counts as the first page, so the person lands calmly at the start instead of on an error.
 */
function indexOf(pages: Page[], current: string): number {
  const i = pages.findIndex((p) => p.id === current);
  return Math.max(i, 0);
}

/**
 * Nothing in the flow is a gate: "skip" moves on exactly like "next". The difference is for the
 * caller, which saves on "next" and leaves the page as it was on "skip".
 */
export function nextPage(template: SheetTemplate, current: string, action: NavAction): Page {
  const pages = pagesOf(template);
  const i = indexOf(pages, current);
  const target = action === 'back' ? Math.max(0, i - 1) : Math.min(pages.length - 1, i + 1);
  return pages[target] as Page;
}

export interface Progress {
  /** 1-based. */
  index: number;
  /** Pages where the person writes or checks; the final view is not counted as a step. */
  total: number;
  label: LocalizedText;
}

export function progress(template: SheetTemplate, current: string): Progress {
  const pages = pagesOf(template);
  const total = pages.length - 1;
  const i = indexOf(pages, current);
  if (pages[i]?.kind === 'done') {
    return { index: total, total, label: { da: 'Færdig', en: 'Done' } };
  }
  const index = i + 1;
  return {
    index,
    total,
    label: { da: `Trin ${index} af ${total}`, en: `Step ${index} of ${total}` },
  };
}

export interface MissingPart {
  /** The page to link to from the reminder. */
  pageId: string;
  title: LocalizedText;
  /** Empty fields on that page; empty for the compose page. */
  fields: { key: string; label: LocalizedText }[];
}

/**
 * What the check page gently mentions as still empty: required steps with an empty field (fields
 * marked optional do not count), and the short statement itself.
 */
export function missingRequired(template: SheetTemplate, answers: StatementAnswers): MissingPart[] {
  const missing: MissingPart[] = [];
  for (const step of template.steps) {
    if (!step.required) continue;
    const empty = step.fields.filter((f) => !f.optional && !hasContent(answers.fields[f.key]));
    if (empty.length > 0) {
      missing.push({
        pageId: step.key,
        title: step.title,
        fields: empty.map((f) => ({ key: f.key, label: f.label })),
      });
    }
  }
  if (answers.summary.trim() === '') {
    missing.push({ pageId: 'compose', title: template.composition.title, fields: [] });
  }
  return missing;
}
