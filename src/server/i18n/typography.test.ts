import { describe, expect, it } from 'vitest';
import { da } from './da.ts';

/** Every Danish text of the catalogue, a function's text made with stand-in arguments. */
function danishTexts(node: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof node === 'string') out.push({ path, text: node });
  else if (typeof node === 'function') {
    const args = Array.from({ length: node.length }, (_, i) => (i % 2 ? 2 : 'X'));
    try {
      const made: unknown = node(...args);
      if (typeof made === 'string') out.push({ path, text: made });
    } catch {
      // A text that needs arguments of another shape (a list, an object) is left out.
    }
  } else if (node && typeof node === 'object') for (const [key, child] of Object.entries(node)) danishTexts(child, `${path}.${key}`, out);
}

describe('Danish typography', () => {
  it('quotes with »…«, never with straight quotation marks', () => {
    const texts: { path: string; text: string }[] = [];
    danishTexts(da, 'da', texts);
    expect(texts.length).toBeGreaterThan(1000);
    expect(texts.filter((t) => t.text.includes('"')).map((t) => `${t.path}: ${t.text}`)).toEqual([]);
  });
});
