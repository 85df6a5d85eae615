import { z } from 'zod';
import type { Answers, Item, Questionnaire } from './questionnaire.ts';

// Show-if rules: when an item of a questionnaire is shown, read from earlier answers. Parsing a
// rule, walking it, finding loops between rules, and deciding at answer time what is visible.

// Same shape as sheet keys, so keys read the same everywhere (and work as FHIR linkIds).
export const KEY_PATTERN = /^[a-z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*$/;

export type ShowIfValue = string | number | boolean;
export type ShowIf = { item: string; equals: ShowIfValue } | { item: string; in: ShowIfValue[] } | { all: ShowIf[] } | { any: ShowIf[] };

const MAX_SHOW_IF_DEPTH = 5;

/** What is wrong with a show-if rule as written; the catalogue words it. */
export type ShowIfProblem =
  | { code: 'shape' }
  | { code: 'tooDeep'; max: number }
  | { code: 'emptyList'; keyword: 'all' | 'any' }
  | { code: 'itemKey' }
  | { code: 'equalsValue' }
  | { code: 'inValues' };

// Parsed by hand rather than with z.union: a union's errors list every alternative, and a
// person writing a rule needs one sentence saying what is wrong where.
export const showIfSchema = z.unknown().transform((raw, ctx): ShowIf | undefined => {
  if (raw === undefined) return undefined;
  const problems: { path: (string | number)[]; problem: ShowIfProblem }[] = [];
  const parsed = parseShowIf(raw, [], 1, problems);
  for (const p of problems) {
    ctx.addIssue({ code: 'custom', path: p.path, message: p.problem.code, params: { showIf: p.problem } });
  }
  return parsed ?? z.NEVER;
});

function isShowIfValue(v: unknown): v is ShowIfValue {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function parseShowIf(raw: unknown, path: (string | number)[], depth: number, problems: { path: (string | number)[]; problem: ShowIfProblem }[]): ShowIf | null {
  const fail = (problem: ShowIfProblem, at: (string | number)[] = path) => {
    problems.push({ path: at, problem });
    return null;
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail({ code: 'shape' });
  const o = raw as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (keys === 'all' || keys === 'any') {
    const list = o[keys];
    if (depth >= MAX_SHOW_IF_DEPTH) return fail({ code: 'tooDeep', max: MAX_SHOW_IF_DEPTH });
    if (!Array.isArray(list) || list.length === 0) return fail({ code: 'emptyList', keyword: keys }, [...path, keys]);
    const rules = list.map((r, i) => parseShowIf(r, [...path, keys, i], depth + 1, problems));
    if (rules.some((r) => r === null)) return null;
    return keys === 'all' ? { all: rules as ShowIf[] } : { any: rules as ShowIf[] };
  }
  if (keys === 'equals,item' || keys === 'in,item') {
    const item = o['item'];
    if (typeof item !== 'string' || !KEY_PATTERN.test(item)) return fail({ code: 'itemKey' }, [...path, 'item']);
    if (keys === 'equals,item') {
      const v = o['equals'];
      if (!isShowIfValue(v)) return fail({ code: 'equalsValue' }, [...path, 'equals']);
      return { item, equals: v };
    }
    const vs = o['in'];
    if (!Array.isArray(vs) || vs.length === 0 || !vs.every(isShowIfValue)) return fail({ code: 'inValues' }, [...path, 'in']);
    return { item, in: vs };
  }
  return fail({ code: 'shape' });
}

/** Items a rule reads, in the order they are named, without repeats. */
export function showIfRefs(rule: ShowIf): string[] {
  const out: string[] = [];
  const walk = (r: ShowIf) => {
    if ('all' in r) r.all.forEach(walk);
    else if ('any' in r) r.any.forEach(walk);
    else if (!out.includes(r.item)) out.push(r.item);
  };
  walk(rule);
  return out;
}

/** A one-line, language-neutral form for codebooks and logs: heard = '5' and (x in (1, 2)). */
export function formatShowIf(rule: ShowIf): string {
  const lit = (v: ShowIfValue) => (typeof v === 'string' ? `'${v}'` : String(v));
  if ('all' in rule) return rule.all.map((r) => ('any' in r ? `(${formatShowIf(r)})` : formatShowIf(r))).join(' and ');
  if ('any' in rule) return rule.any.map((r) => ('all' in r ? `(${formatShowIf(r)})` : formatShowIf(r))).join(' or ');
  if ('equals' in rule) return `${rule.item} = ${lit(rule.equals)}`;
  return `${rule.item} in (${rule.in.map(lit).join(', ')})`;
}

export type Leaf = Extract<ShowIf, { item: string }>;

export function walkLeaves(rule: ShowIf, path: string, visit: (leaf: Leaf, path: string) => void): void {
  if ('all' in rule) rule.all.forEach((r, i) => walkLeaves(r, `${path}.all[${i}]`, visit));
  else if ('any' in rule) rule.any.forEach((r, i) => walkLeaves(r, `${path}.any[${i}]`, visit));
  else visit(rule, path);
}

/**
 * Every strongly connected group of items that depend on each other (Tarjan), each returned as
 * one concrete loop through the group starting at its first item, so the message can name the
 * path a person has to break.
 */
export function findCycles(order: string[], edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];

  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      groups.push(group);
    }
  };
  for (const v of order) if (!index.has(v)) connect(v);

  const position = new Map(order.map((k, i) => [k, i]));
  const cycles: string[][] = [];
  for (const group of groups) {
    const members = new Set(group);
    const start = [...group].sort((a, b) => position.get(a)! - position.get(b)!)[0]!;
    if (group.length === 1 && !(edges.get(start) ?? []).includes(start)) continue;
    // Shortest way from the start back to itself inside the group.
    const previous = new Map<string, string>();
    const queue = [start];
    let found = false;
    while (queue.length > 0 && !found) {
      const v = queue.shift()!;
      for (const w of edges.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          previous.set(start, v);
          found = true;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const loop: string[] = [];
    let v = previous.get(start)!;
    while (v !== start) {
      loop.unshift(v);
      v = previous.get(v)!;
    }
    cycles.push([start, ...loop]);
  }
  return cycles.sort((a, b) => position.get(a[0]!)! - position.get(b[0]!)!);
}

// ---------------------------------------------------------------------------------------------
// Show-if at answer time

export function holds(rule: ShowIf, answers: Answers): boolean {
  if ('all' in rule) return rule.all.every((r) => holds(r, answers));
  if ('any' in rule) return rule.any.some((r) => holds(r, answers));
  const a = answers[rule.item];
  if (a === undefined) return false;
  const wanted = 'equals' in rule ? [rule.equals] : rule.in;
  // For multiple choice a rule holds when any wanted option is among those chosen.
  return Array.isArray(a) ? a.some((x) => wanted.includes(x)) : wanted.includes(a);
}

/**
 * The items a respondent sees, in order. An item hidden by its rule counts as unanswered for the
 * rules after it, even if an answer to it was sent: otherwise a follow-up could stay visible
 * after the question it follows has been hidden.
 */
export function visibleItems(q: Questionnaire, answers: Answers): Item[] {
  const seen: Answers = {};
  const out: Item[] = [];
  for (const item of q.items) {
    if (item.showIf && !holds(item.showIf, seen)) continue;
    out.push(item);
    const a = answers[item.key];
    if (item.type !== 'display' && a !== undefined) seen[item.key] = a;
  }
  return out;
}
