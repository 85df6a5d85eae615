import { describe, expect, it } from 'vitest';
import {
  afterMeetingInput,
  AFTER_MEETING,
  colleagueInput,
  COLLEAGUE,
  DEFAULT_QUESTIONNAIRES,
  peerInput,
  PEER_PRACTICE,
  recoveryUsersInput,
} from './defaults.ts';
import { isAnswerable, validateQuestionnaire } from './questionnaire.ts';
import { visibleItems } from './questionnaire-conditions.ts';
import { validateResponse } from './questionnaire-responses.ts';

const texts = (o: unknown): { da: string; en: string }[] => {
  if (o === null || typeof o !== 'object') return [];
  const r = o as Record<string, unknown>;
  if (typeof r['da'] === 'string' && typeof r['en'] === 'string') return [r as { da: string; en: string }];
  return Object.values(r).flatMap(texts);
};

describe('built-in questionnaires', () => {
  it.each([afterMeetingInput, colleagueInput, peerInput, recoveryUsersInput])('$key passes validation', (input) => {
    expect(validateQuestionnaire(input)).toMatchObject({ ok: true });
  });

  it.each(DEFAULT_QUESTIONNAIRES)("$key is Egne ord's own, in Danish and complete English", (q) => {
    expect(q.licenceNote).toMatch(/Egne ord/);
    for (const t of texts(q)) {
      expect(t.da.trim()).not.toBe('');
      expect(t.en.trim()).not.toBe('');
      // Short sentences for readers who find reading hard.
      for (const s of `${t.da} ${t.en}`.split(/[.?!]\s/)) expect(s.split(/\s+/).length).toBeLessThanOrEqual(22);
    }
  });

  it("one for each audience, and the citizens' own on recovery orientation", () => {
    expect(DEFAULT_QUESTIONNAIRES.map((q) => q.audience)).toEqual(['citizen', 'colleague', 'peer', 'citizen']);
  });

  it('the check-in asks about both sides after the four shared-decision principles, then "was I heard", each skippable, then an optional comment', () => {
    expect(AFTER_MEETING.version).toBe(2);
    expect(AFTER_MEETING.items.map((i) => [i.key, i.type, isAnswerable(i) && i.required])).toEqual([
      ['tookPart', 'singleChoice', false],
      ['sharedKnowledge', 'singleChoice', false],
      ['sharedPreferences', 'singleChoice', false],
      ['decidedTogether', 'singleChoice', false],
      ['heard', 'singleChoice', false],
      ['comment', 'freeText', false],
    ]);
    for (const i of AFTER_MEETING.items) {
      if (i.type !== 'singleChoice') continue;
      // 1–5, then "vil ikke svare" without a score: it never moves a mean.
      expect(i.options.map((o) => o.score)).toEqual([1, 2, 3, 4, 5, undefined]);
      expect(i.options.at(-1)?.label.da).toBe('Vil ikke svare');
    }
    // The four principles are about both parties.
    for (const i of AFTER_MEETING.items.slice(0, 4)) expect(i.text.da).toMatch(/^Vi /);
  });

  it('the colleague questionnaire has 5–7 questions, scored choices, and a yes/no with a follow-up', () => {
    const answerable = COLLEAGUE.items.filter(isAnswerable);
    expect(answerable.length).toBeGreaterThanOrEqual(5);
    expect(answerable.length).toBeLessThanOrEqual(7);
    expect(answerable.some((i) => i.type === 'freeText')).toBe(true);
    const followUp = COLLEAGUE.items.find((i) => i.showIf);
    expect(followUp?.showIf).toEqual({ item: 'metWithStatement', equals: true });
    expect(COLLEAGUE.items.find((i) => i.key === 'metWithStatement')?.type).toBe('yesNo');
  });

  it('the peer questionnaire has 5–7 questions including a slider and a number', () => {
    const types = PEER_PRACTICE.items.filter(isAnswerable).map((i) => i.type);
    expect(types.length).toBeGreaterThanOrEqual(5);
    expect(types.length).toBeLessThanOrEqual(7);
    expect(types).toContain('slider');
    expect(types).toContain('number');
  });

  it.each([
    { name: 'yes opens the follow-up, and it must be answered', raw: { metWithStatement: 'yes' }, follow: true, error: 'statementHelped' },
    { name: 'no keeps it closed, and a stray answer is dropped', raw: { metWithStatement: 'no', statementHelped: '5' }, follow: false, error: null },
  ])('colleague: $name', ({ raw, follow, error }) => {
    const base = { collaborationWithPeer: 'better', collaborationWithCitizens: 'same', citizensOwnWords: '4', roleClear: '5' };
    const r = validateResponse(COLLEAGUE, { ...base, ...raw });
    const keys = visibleItems(COLLEAGUE, r.answers).map((i) => i.key);
    expect(keys.includes('statementHelped')).toBe(follow);
    if (error) expect(!r.ok && r.errors.map((e) => e.item)).toEqual([error]);
    else expect(r).toEqual({ ok: true, answers: { ...base, metWithStatement: false } });
  });
});
