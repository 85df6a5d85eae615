import { describe, expect, it } from 'vitest';
import { setBounded } from './bounded-map.ts';

describe('a bounded cache', () => {
  it('keeps at most `limit` entries, dropping the oldest', () => {
    const m = new Map<string, number>();
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) setBounded(m, k, i, 3);
    expect([...m.keys()]).toEqual(['b', 'c', 'd']);
  });
});
