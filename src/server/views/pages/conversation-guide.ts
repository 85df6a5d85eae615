import { html, type SafeHtml } from '../html.ts';
import { page } from '../layout.ts';
import type { ViewContext } from '../view-context.ts';

// Issue 17, part 6: the peer's conversation guide for offering the personal statement. Large
// text in short sections, to read on a phone during the conversation; printable from the browser
// (the print stylesheet drops the menu and buttons) or as a PDF.

export function conversationGuidePage(ctx: ViewContext): SafeHtml {
  const t = ctx.t.conversationGuide;
  return page(ctx, {
    title: t.title,
    body: html`<article class="phone-guide" id="guide-top">
<h1>${t.title}</h1>
<p class="lead">${t.lead}</p>
<nav aria-label="${t.sectionsLabel}" class="phone-guide__toc no-print"><ol>${t.sections.map((s) => html`<li><a href="#${s.id}">${s.heading}</a></li>`)}</ol></nav>
${t.sections.map(
  (s) => html`<section class="phone-guide__section" id="${s.id}" aria-labelledby="${s.id}-title">
  <h2 id="${s.id}-title">${s.heading}</h2>
  <ul>${s.items.map((i) => html`<li>${i}</li>`)}</ul>
  <p class="no-print"><a href="#guide-top">${t.top}</a></p>
</section>`,
)}
</article>
<p class="button-row no-print"><a class="button button--secondary" href="/peer/guide/pdf">${t.pdf}</a> <button type="button" class="button button--secondary" data-print data-js-only hidden>${t.print}</button></p>
<p class="no-print"><a href="/peer/sessions">${t.logLink}</a> · <a href="/peer/reflections">${ctx.t.reflections.title}</a></p>`,
  });
}
