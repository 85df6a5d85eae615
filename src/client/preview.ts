// The sheet's parts and the A4 preview, built in the browser from what the device keeps: the
// same markup the server writes in views/pages/sheet.ts.

import type { ClientSheet, DeviceAnswers, PreviewSection } from './sheet-model.ts';
import { ownerLine, previewSections } from './sheet-model.ts';
import { el, paragraph, paragraphs, replaceChildren } from './dom.ts';

function sectionNode(s: PreviewSection): HTMLElement {
  const body = s.items
    ? [
        el(
          'ul',
          {},
          s.items.map((i) => el('li', { text: i })),
        ),
      ]
    : (s.paragraphs ?? []).flatMap((p) => p.split(/\n{2,}/)).map((p) => paragraph(p));
  return el('section', { className: 'sheet-preview__section' }, [el('h3', { text: s.heading }), ...body]);
}

export function renderParts(sheet: ClientSheet, answers: DeviceAnswers): void {
  const box = document.querySelector('[data-preview-parts]');
  if (!box) return;
  const sections = previewSections(sheet, answers);
  replaceChildren(box, sections.length ? sections.map(sectionNode) : [el('p', { className: 'hint', text: sheet.texts.partsEmpty })]);
}

export function renderPreview(sheet: ClientSheet, answers: DeviceAnswers, ownerName: string): void {
  const body = document.querySelector('[data-preview-body]');
  const owner = document.querySelector('[data-preview-owner]');
  if (owner) owner.textContent = ownerLine(sheet, ownerName);
  if (!body) return;
  const nodes: Node[] = [];
  const summary = answers.summary.trim();
  if (summary) nodes.push(el('section', { className: 'sheet-preview__summary' }, [el('h3', { text: sheet.summary.heading }), ...paragraphs(summary)]));
  const sections = previewSections(sheet, answers);
  nodes.push(...sections.map(sectionNode));
  if (nodes.length === 0) nodes.push(el('p', { className: 'hint', text: sheet.texts.previewEmpty }));
  replaceChildren(body, nodes);
}
