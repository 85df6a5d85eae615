// Plain-text counters under each box: how much room there is and how much is used. Never a
// limit that stops typing (no maxlength): the person decides what to take out.

import type { ClientSheet } from './sheet-model.ts';
import { fill, linesOf, textLength } from './sheet-model.ts';
import { countSentences, formatNumber } from '../domain/sheets/text.ts';
import { all } from './dom.ts';

type FieldElement = HTMLInputElement | HTMLTextAreaElement;

export function updateCounters(sheet: ClientSheet, root: ParentNode): void {
  const format = (n: number) => formatNumber(n, sheet.lang);
  for (const counter of all('[data-counter-for]', root)) {
    const key = counter.dataset.counterFor ?? '';
    const field = root.querySelector<FieldElement>(`[data-field="${key}"]`);
    if (!field) continue;
    const max = Number(field.dataset.max ?? '0');
    let over: boolean;
    if (field.dataset.fieldType === 'list') {
      const lines = linesOf(field.value);
      const maxItems = Number(field.dataset.maxItems ?? '0');
      over = lines.length > maxItems || lines.some((l) => textLength(l) > max);
      counter.textContent = fill(sheet.texts.counterList, { maxItems: format(maxItems), maxLength: format(max), lines: format(lines.length) });
    } else {
      const used = textLength(field.value.trim());
      over = used > max;
      counter.textContent = fill(sheet.texts.counter, { max: format(max), used: format(used) });
    }
    counter.classList.toggle('sheet-counter--over', over);
  }
  for (const hint of all('[data-sentences-for]', root)) {
    const field = root.querySelector<FieldElement>(`[data-field="${hint.dataset.sentencesFor ?? ''}"]`);
    if (!field) continue;
    hint.textContent = fill(sheet.texts.sentences, {
      min: format(sheet.summary.minSentences),
      max: format(sheet.summary.maxSentences),
      count: format(countSentences(field.value)),
    });
  }
}
