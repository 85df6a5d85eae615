// The decision record of one meeting: shared decision making written down. One record, owned by
// the citizen; each party writes only its own parts, and nothing one party saves can change or
// remove what the other wrote. A party's disagreement therefore stays until that party changes it.
//
//   professional: what I heard, their options, their knowledge and concerns, their name
//   citizen:      their options, what matters to them (added at the meeting)
//   either:       decisions they add (what, who, by when, review); their own answer to every decision
//
// Every decision has a stable id, so a later slice can mark each one done / under way / not yet.

export type Party = 'citizen' | 'professional';

export type Answer = 'agree' | 'disagree' | '';

export interface Stance {
  answer: Answer;
  /** In the party's own words; kept as written. */
  words: string;
}

export interface DecisionOption {
  id: string;
  /** Which help item of the sheet it answers (0-based), or null for "something else". */
  help: number | null;
  title: string;
  involves: string;
  by: Party;
}

export interface Decision {
  id: string;
  what: string;
  who: string;
  /** YYYY-MM-DD or '' */
  byWhen: string;
  review: string;
  addedBy: Party;
  stances: Record<Party, Stance>;
}

export interface DecisionRecord {
  heard: string;
  professionalName: string;
  knowledge: string;
  preferences: string;
  options: DecisionOption[];
  decisions: Decision[];
}

export const emptyRecord = (): DecisionRecord => ({ heard: '', professionalName: '', knowledge: '', preferences: '', options: [], decisions: [] });

/** What one party sends: its own parts. Rows without an id are new. */
export interface PartyEdit {
  heard?: string;
  professionalName?: string;
  knowledge?: string;
  preferences?: string;
  options: { id?: string | undefined; help: number | null; title: string; involves: string }[];
  decisions: { id?: string | undefined; what: string; who: string; byWhen: string; review: string; answer: Answer; words: string }[];
}

const other = (party: Party): Party => (party === 'citizen' ? 'professional' : 'citizen');
const noStance = (): Stance => ({ answer: '', words: '' });
const answered = (s: Stance) => s.answer !== '' || s.words.trim() !== '';

/**
 * The record after `party` saved `edit`. Parts of the other party are carried over untouched.
 * A decision the editing party added may be reworded, or removed by leaving "what" empty — unless
 * the other party has already answered it: then it stays, so their answer keeps its subject.
 */
export function applyEdit(record: DecisionRecord, party: Party, edit: PartyEdit, newId: () => string): DecisionRecord {
  const them = other(party);
  const next: DecisionRecord = {
    heard: party === 'professional' ? (edit.heard ?? record.heard) : record.heard,
    professionalName: party === 'professional' ? (edit.professionalName ?? record.professionalName) : record.professionalName,
    knowledge: party === 'professional' ? (edit.knowledge ?? record.knowledge) : record.knowledge,
    preferences: party === 'citizen' ? (edit.preferences ?? record.preferences) : record.preferences,
    options: [],
    decisions: [],
  };
  const ownOptionIds = new Set(record.options.filter((o) => o.by === party).map((o) => o.id));
  const ownOptions = edit.options
    .filter((o) => o.title.trim() !== '')
    .map((o) => ({ id: o.id && ownOptionIds.has(o.id) ? o.id : newId(), help: o.help, title: o.title.trim(), involves: o.involves.trim(), by: party }));
  next.options = [...record.options.filter((o) => o.by === them), ...ownOptions];

  const edits = new Map(edit.decisions.filter((d) => d.id).map((d) => [d.id as string, d]));
  for (const d of record.decisions) {
    const e = edits.get(d.id);
    if (!e) {
      next.decisions.push(d);
      continue;
    }
    const mine = d.addedBy === party;
    if (mine && e.what.trim() === '' && !answered(d.stances[them])) continue;
    next.decisions.push({
      ...d,
      ...(mine && e.what.trim() !== '' ? { what: e.what.trim(), who: e.who.trim(), byWhen: e.byWhen, review: e.review } : {}),
      stances: { ...d.stances, [party]: { answer: e.answer, words: e.words.trim() } } as Record<Party, Stance>,
    });
  }
  for (const e of edit.decisions) {
    if ((e.id && record.decisions.some((d) => d.id === e.id)) || e.what.trim() === '') continue;
    next.decisions.push({
      id: newId(),
      what: e.what.trim(),
      who: e.who.trim(),
      byWhen: e.byWhen,
      review: e.review,
      addedBy: party,
      stances: { [party]: { answer: e.answer, words: e.words.trim() }, [them]: noStance() } as Record<Party, Stance>,
    });
  }
  return next;
}

/** True when nothing was written in the record at all (an empty save makes no version). */
export function isEmptyRecord(r: DecisionRecord): boolean {
  return !r.heard.trim() && !r.knowledge.trim() && !r.preferences.trim() && r.options.length === 0 && r.decisions.length === 0;
}

/** Someone said no to a decision: it is kept and both answers are shown side by side, never merged. */
export function isDisagreement(d: Decision): boolean {
  return d.stances.citizen.answer === 'disagree' || d.stances.professional.answer === 'disagree';
}
