import { describe, expect, it } from 'vitest';
import { applyEdit, emptyRecord, isDisagreement, isEmptyRecord, type DecisionRecord, type PartyEdit } from './record.ts';

function ids() {
  let n = 0;
  return () => `id-${++n}`;
}

const none: PartyEdit = { options: [], decisions: [] };
const decision = (what: string, answer: 'agree' | 'disagree' | '' = '', words = '', id?: string) => ({
  id,
  what,
  who: 'Jeg',
  byWhen: '2026-09-02',
  review: '',
  answer,
  words,
});

describe('the decision record: each party writes its own parts', () => {
  it('the professional writes what they heard, their knowledge and options; the citizen adds preferences and own options', () => {
    const newId = ids();
    let r = applyEdit(
      emptyRecord(),
      'professional',
      {
        ...none,
        heard: 'Du vil sove bedre',
        knowledge: 'Søvn hjælper',
        professionalName: 'Frida',
        options: [{ help: 0, title: 'Søvnskole', involves: 'Fire aftener' }],
      },
      newId,
    );
    r = applyEdit(r, 'citizen', { ...none, preferences: 'Ikke om aftenen', options: [{ help: 0, title: 'Gåture om morgenen', involves: '' }] }, newId);
    expect(r.heard).toBe('Du vil sove bedre');
    expect(r.knowledge).toBe('Søvn hjælper');
    expect(r.preferences).toBe('Ikke om aftenen');
    expect(r.options.map((o) => [o.title, o.by])).toEqual([
      ['Søvnskole', 'professional'],
      ['Gåture om morgenen', 'citizen'],
    ]);
  });

  it("one party's save never changes the other's parts, even when it sends them", () => {
    const newId = ids();
    const r = applyEdit(emptyRecord(), 'professional', { ...none, heard: 'A', knowledge: 'B', options: [{ help: null, title: 'X', involves: '' }] }, newId);
    const after = applyEdit(r, 'citizen', { ...none, heard: 'overwritten?', knowledge: 'overwritten?', preferences: 'P' }, newId);
    expect(after.heard).toBe('A');
    expect(after.knowledge).toBe('B');
    expect(after.options).toEqual(r.options);
    const back = applyEdit(after, 'professional', { ...none, preferences: 'overwritten?' }, newId);
    expect(back.preferences).toBe('P');
  });

  it('a disagreement is kept: the other party cannot overwrite it, and the author cannot remove the decision it is about', () => {
    const newId = ids();
    let r: DecisionRecord = applyEdit(emptyRecord(), 'professional', { ...none, decisions: [decision('Mere medicin', 'agree')] }, newId);
    const id = r.decisions[0]!.id;
    r = applyEdit(r, 'citizen', { ...none, decisions: [decision('', 'disagree', 'Jeg bliver for træt', id)] }, newId);
    expect(r.decisions[0]!.stances.citizen).toEqual({ answer: 'disagree', words: 'Jeg bliver for træt' });
    expect(r.decisions[0]!.what).toBe('Mere medicin');
    expect(isDisagreement(r.decisions[0]!)).toBe(true);
    // The professional answers and tries to remove the decision: it stays, with the citizen's words.
    r = applyEdit(r, 'professional', { ...none, decisions: [decision('', 'agree', 'Jeg står ved det', id)] }, newId);
    expect(r.decisions).toHaveLength(1);
    expect(r.decisions[0]!.stances).toEqual({
      citizen: { answer: 'disagree', words: 'Jeg bliver for træt' },
      professional: { answer: 'agree', words: 'Jeg står ved det' },
    });
  });

  it('an unanswered decision can be reworded or removed by whoever added it, not by the other', () => {
    const newId = ids();
    let r = applyEdit(emptyRecord(), 'citizen', { ...none, decisions: [decision('Ringe til kommunen')] }, newId);
    const id = r.decisions[0]!.id;
    r = applyEdit(r, 'professional', { ...none, decisions: [{ ...decision('Noget andet', 'agree', '', id) }] }, newId);
    expect(r.decisions[0]!.what).toBe('Ringe til kommunen');
    expect(r.decisions[0]!.stances.professional.answer).toBe('agree');
    const reworded = applyEdit(emptyRecord(), 'citizen', { ...none, decisions: [decision('A')] }, newId);
    const rid = reworded.decisions[0]!.id;
    expect(applyEdit(reworded, 'citizen', { ...none, decisions: [decision('B', '', '', rid)] }, newId).decisions[0]!.what).toBe('B');
    expect(applyEdit(reworded, 'citizen', { ...none, decisions: [decision('', '', '', rid)] }, newId).decisions).toEqual([]);
  });

  it('every decision keeps a stable id across saves, so it can later get a status', () => {
    const newId = ids();
    const r = applyEdit(emptyRecord(), 'citizen', { ...none, decisions: [decision('A'), decision('B')] }, newId);
    const again = applyEdit(r, 'citizen', { ...none, decisions: r.decisions.map((d) => decision(d.what, 'agree', '', d.id)) }, newId);
    expect(again.decisions.map((d) => d.id)).toEqual(r.decisions.map((d) => d.id));
    expect(new Set(again.decisions.map((d) => d.id)).size).toBe(2);
  });

  it('an id that is not one of your own options makes a new option (ids cannot be borrowed)', () => {
    const newId = ids();
    const r = applyEdit(emptyRecord(), 'professional', { ...none, options: [{ help: null, title: 'X', involves: '' }] }, newId);
    const theirId = r.options[0]!.id;
    const after = applyEdit(r, 'citizen', { ...none, options: [{ id: theirId, help: null, title: 'Y', involves: '' }] }, newId);
    expect(after.options.map((o) => [o.title, o.by])).toEqual([
      ['X', 'professional'],
      ['Y', 'citizen'],
    ]);
    expect(after.options[1]!.id).not.toBe(theirId);
  });

  it('empty rows are left out; an empty record is empty', () => {
    const r = applyEdit(emptyRecord(), 'citizen', { ...none, options: [{ help: null, title: ' ', involves: 'x' }], decisions: [decision('  ')] }, ids());
    expect(isEmptyRecord(r)).toBe(true);
    expect(isEmptyRecord({ ...r, preferences: 'x' })).toBe(false);
  });
});
