/**
 * The builders (questionnaires and sheets) are one form that works without JavaScript: every
 * question, option, step or field is a numbered group of inputs ("i3.text.da", "i3.o1.value"),
 * and each add, move and remove is a submit button on that form carrying `action`, for example
 * `move-up:i3` or `add:i3.o`. The whole draft comes back with every press, so nothing typed is
 * lost; applying the action only renames, drops or adds inputs.
 *
 * A row is named by its base and number: "i3" is row 3 of base "i", "i3.o1" is row 1 of base
 * "i3.o". After every action the rows of the base are numbered 0, 1, 2 … again, in page order.
 */

type PostedForm = Record<string, string | string[] | undefined>;

export type BuilderAction =
  | { kind: 'save' }
  | { kind: 'preview' }
  /** Back from the preview to the builder, with the draft as it was. */
  | { kind: 'edit' }
  | { kind: 'add'; base: string }
  | { kind: 'remove' | 'move-up' | 'move-down'; base: string; row: number };

export type RowAction = Extract<BuilderAction, { base: string }>;

/**
 * Keys of parts removed while editing travel in one hidden input, so a part added later never
 * gets the key of one that was removed: the key names the part in answers and exports.
 */
export const RETIRED_KEYS = 'retiredKeys';

export function retiredKeys(form: PostedForm): string[] {
  const v = form[RETIRED_KEYS];
  const raw = typeof v === 'string' ? v : (v?.[v.length - 1] ?? '');
  return raw.split(' ').filter(Boolean);
}

/** The bases a builder has, as patterns ("i", "i\\d+\\.o"). */
type Bases = readonly RegExp[];

const ROW_LIMIT = 200;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The action a button sent, or null when it is not one this builder has (a tampered or stale
 * page): the route answers 400 and changes nothing. No action at all is saving (Enter in a field).
 */
export function parseBuilderAction(raw: string | undefined, bases: Bases): BuilderAction | null {
  if (raw === undefined || raw === '' || raw === 'save') return { kind: 'save' };
  if (raw === 'preview' || raw === 'edit') return { kind: raw };
  const m = /^(add|remove|move-up|move-down):([a-z][a-z0-9.]{0,30})$/.exec(raw);
  if (!m) return null;
  const verb = m[1] as 'add' | 'remove' | 'move-up' | 'move-down';
  const target = m[2]!;
  const known = (base: string) => bases.some((b) => new RegExp(`^${b.source}$`).test(base));
  if (verb === 'add') return known(target) ? { kind: 'add', base: target } : null;
  const row = /^(.*?)(\d{1,3})$/.exec(target);
  if (!row || !known(row[1]!)) return null;
  return { kind: verb, base: row[1]!, row: Number(row[2]) };
}

/** Row numbers of a base that the form has, in page order. */
export function rowsOf(form: PostedForm, base: string): number[] {
  const pattern = new RegExp(`^${escapeRegExp(base)}(\\d{1,3})\\.`);
  const seen = new Set<number>();
  for (const name of Object.keys(form)) {
    const m = pattern.exec(name);
    if (m) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
}

/** The form with the rows of a base in this order (rows left out are dropped), numbered from 0. */
function reorderRows(form: PostedForm, base: string, order: number[]): PostedForm {
  const pattern = new RegExp(`^${escapeRegExp(base)}(\\d{1,3})(\\..*)$`);
  const out: PostedForm = {};
  for (const [name, value] of Object.entries(form)) {
    const m = pattern.exec(name);
    if (!m) {
      out[name] = value;
      continue;
    }
    const to = order.indexOf(Number(m[1]));
    if (to >= 0) out[`${base}${to}${m[2]}`] = value;
  }
  return out;
}

/**
 * The draft after one add, move or remove. Moving the first row up or the last down, and
 * removing a row that is not there, change nothing. `blank` gives the inputs a new row starts
 * with (a row must have at least one input to be on the page).
 */
export function applyRowAction(form: PostedForm, action: RowAction, blank: (base: string) => Record<string, string>): PostedForm {
  const rows = rowsOf(form, action.base);
  if (action.kind === 'add') {
    if (rows.length >= ROW_LIMIT) return reorderRows(form, action.base, rows);
    const next = reorderRows(form, action.base, rows);
    const fresh = blank(action.base);
    for (const [rest, value] of Object.entries(fresh)) next[`${action.base}${rows.length}.${rest}`] = value;
    return next;
  }
  const at = rows.indexOf(action.row);
  if (at < 0) return reorderRows(form, action.base, rows);
  const order = [...rows];
  if (action.kind === 'remove') {
    order.splice(at, 1);
    const prefix = `${action.base}${action.row}.`;
    const removed = Object.entries(form)
      .filter(([name, value]) => name.startsWith(prefix) && name.endsWith('.key') && typeof value === 'string' && value.trim() !== '')
      .map(([, value]) => (value as string).trim());
    const kept = reorderRows(form, action.base, order);
    if (removed.length) kept[RETIRED_KEYS] = [...new Set([...retiredKeys(form), ...removed])].join(' ');
    return kept;
  } else {
    const to = action.kind === 'move-up' ? at - 1 : at + 1;
    if (to >= 0 && to < order.length) [order[at], order[to]] = [order[to]!, order[at]!];
  }
  return reorderRows(form, action.base, order);
}
