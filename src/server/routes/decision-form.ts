import { z } from 'zod';
import { formText, isoDate } from '../http/input.ts';
import type { Answer, Party, PartyEdit } from '../../domain/decisions/record.ts';

// The decision record's form, shared by the citizen's page and the professional's shared view.
// Rows arrive as flat names ("decision.2.what"), so the page works as a plain form: "add an
// option" and "add a decision" are submit buttons that show the page again with one more row.

const OPTION_FIELDS = { id: 36, help: 2, title: 300, involves: 2000 } as const;
const DECISION_FIELDS = { id: 36, what: 1000, who: 200, byWhen: 10, review: 10, answer: 8, words: 2000 } as const;
const ROW = /^(option|decision)\.(\d{1,2})\.([a-zA-Z]+)$/;

const text = (max: number) => formText(z.string().max(max));

export const decisionForm = z
  .looseObject({
    // The form always sends the revision it was written on (0: no record yet). A post without
    // one is taken as written on no record, so it cannot overwrite one; anything else that is not
    // a count is refused, not read as 0.
    revision: z.preprocess((v) => (v === undefined ? 0 : typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v), z.number().int().min(0)),
    action: z.preprocess((v) => (v === undefined || v === '' ? 'save' : v), z.enum(['save', 'addOption', 'addDecision'])),
    heard: text(5000),
    name: text(100),
    knowledge: text(5000),
    preferences: text(5000),
  })
  .superRefine((raw, ctx) => {
    for (const [key, value] of Object.entries(raw)) {
      if (!/^(option|decision)\./.test(key)) continue;
      const m = ROW.exec(key);
      const fields: Record<string, number> = m?.[1] === 'option' ? OPTION_FIELDS : DECISION_FIELDS;
      const max = m ? fields[m[3]!] : undefined;
      if (max === undefined || typeof value !== 'string') ctx.addIssue({ code: 'custom', path: [key], message: 'errors.badRequest' });
      else if (value.length > max) ctx.addIssue({ code: 'custom', path: [key], message: 'decisions.tooLong' });
      else if ((m![3] === 'byWhen' || m![3] === 'review') && value.trim() !== '' && !isoDate.safeParse(value.trim()).success)
        ctx.addIssue({ code: 'custom', path: [key], message: 'decisions.dateInvalid' });
      else if (m![3] === 'answer' && !['', 'agree', 'disagree'].includes(value)) ctx.addIssue({ code: 'custom', path: [key], message: 'errors.badRequest' });
      else if (m![3] === 'help' && !/^\d{0,2}$/.test(value)) ctx.addIssue({ code: 'custom', path: [key], message: 'errors.badRequest' });
    }
  });

export type DecisionForm = z.infer<typeof decisionForm>;

function rows(raw: Record<string, unknown>, kind: 'option' | 'decision'): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(raw)) {
    const m = ROW.exec(key);
    if (!m || m[1] !== kind || typeof value !== 'string') continue;
    const i = Number(m[2]);
    if (!byIndex.has(i)) byIndex.set(i, {});
    byIndex.get(i)![m[3]!] = value;
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
}

/** What the party wrote, as the record's rules take it; the other party's fields are left out. */
export function partyEdit(form: Record<string, unknown>, party: Party): PartyEdit {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  return {
    ...(party === 'professional'
      ? { heard: str(form.heard), professionalName: str(form.name), knowledge: str(form.knowledge) }
      : { preferences: str(form.preferences) }),
    options: rows(form, 'option').map((o) => ({
      id: o.id || undefined,
      help: o.help ? Number(o.help) : null,
      title: o.title ?? '',
      involves: o.involves ?? '',
    })),
    decisions: rows(form, 'decision').map((d) => ({
      id: d.id || undefined,
      what: d.what ?? '',
      who: d.who ?? '',
      byWhen: (d.byWhen ?? '').trim(),
      review: (d.review ?? '').trim(),
      answer: (d.answer ?? '') as Answer,
      words: d.words ?? '',
    })),
  };
}
