// A word-level difference between two texts, for showing a citizen what a suggestion would do to
// what they wrote. Hand-written on purpose (see README, "hand-written parts"): jsdiff is only a
// development dependency of kysely-codegen here, and the need is one longest-common-subsequence
// over words with the whitespace kept exactly, so both texts can be read back from the parts.

export type DiffKind = 'same' | 'added' | 'removed';

export interface DiffPart {
  kind: DiffKind;
  /** The words with the whitespace in front of them, exactly as in the text they come from. */
  text: string;
}

/** Above this many word pairs the table would cost more than it helps: show all out, all in. */
const MAX_CELLS = 1_000_000;

interface Token {
  lead: string;
  word: string;
}

function tokens(text: string): { words: Token[]; tail: string } {
  const words: Token[] = [];
  const re = /(\s*)(\S+)/g;
  let end = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    words.push({ lead: m[1]!, word: m[2]! });
    end = re.lastIndex;
  }
  return { words, tail: text.slice(end) };
}

/**
 * The parts that turn `before` into `after`: `same` and `added` parts joined give `after`
 * exactly, `same` and `removed` parts joined give `before` exactly. Within a change, what goes
 * out comes before what comes in, and neighbouring parts of one kind are merged.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  const n = a.words.length;
  const m = b.words.length;
  const parts: DiffPart[] = [];
  const push = (kind: DiffKind, text: string) => {
    if (text === '') return;
    parts.push({ kind, text });
  };
  const changed = (from: Token[], to: Token[]) => {
    push('removed', from.map((t) => t.lead + t.word).join(''));
    push('added', to.map((t) => t.lead + t.word).join(''));
  };

  if (n * m > MAX_CELLS) {
    changed(a.words, b.words);
  } else {
    // lcs[i][j]: length of the longest common word sequence of a.words[i..] and b.words[j..].
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i]![j] = a.words[i]!.word === b.words[j]!.word ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    let out: Token[] = [];
    let into: Token[] = [];
    while (i < n || j < m) {
      if (i < n && j < m && a.words[i]!.word === b.words[j]!.word) {
        changed(out, into);
        out = [];
        into = [];
        const lead = a.words[i]!.lead;
        const newLead = b.words[j]!.lead;
        if (lead === newLead) push('same', lead);
        else {
          push('removed', lead);
          push('added', newLead);
        }
        push('same', a.words[i]!.word);
        i++;
        j++;
      } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
        into.push(b.words[j]!);
        j++;
      } else {
        out.push(a.words[i]!);
        i++;
      }
    }
    changed(out, into);
  }
  if (a.tail === b.tail) push('same', a.tail);
  else {
    push('removed', a.tail);
    push('added', b.tail);
  }
  return withoutIslands(merged(parts));
}

/**
 * A single kept word between two changes ("bor *i* Aarhus" → "synger *i* kor") makes a change
 * hard to read: it becomes part of the change, so the reader sees whole phrases out and in.
 */
function withoutIslands(parts: DiffPart[]): DiffPart[] {
  const isChange = (p: DiffPart | undefined) => p !== undefined && p.kind !== 'same';
  const out: DiffPart[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed) out.push({ kind: 'removed', text: removed });
    if (added) out.push({ kind: 'added', text: added });
    removed = '';
    added = '';
  };
  parts.forEach((p, i) => {
    const island = p.kind === 'same' && isChange(parts[i - 1]) && isChange(parts[i + 1]) && p.text.trim().split(/\s+/).length <= 1;
    if (p.kind === 'removed') removed += p.text;
    else if (p.kind === 'added') added += p.text;
    else if (island) {
      removed += p.text;
      added += p.text;
    } else {
      flush();
      out.push(p);
    }
  });
  flush();
  return out;
}

function merged(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.kind === p.kind) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

/** The text a reader of the parts ends up with: `after` for added, `before` for removed. */
export function textOf(parts: DiffPart[], side: 'before' | 'after'): string {
  const skip: DiffKind = side === 'after' ? 'removed' : 'added';
  return parts
    .filter((p) => p.kind !== skip)
    .map((p) => p.text)
    .join('');
}
