import { html, paragraphs, type SafeHtml } from '../html.ts';
import { page } from '../layout.ts';
import { notice, type Errors } from '../components.ts';
import { formatDate } from '../../i18n/dates.ts';
import type { ViewContext } from '../view-context.ts';
import type { SharedView } from '../../services/shares.ts';
import { formatWhen, snapshotBlock } from './meetings.ts';
import type { DecisionRecord } from '../../../domain/decisions/record.ts';
import { decisionRecordForm, decisionRecordPlain, principles, professionalNameOf, sheetParts } from './decisions.ts';

export function sharedPage(
  ctx: ViewContext,
  view: SharedView,
  urls: { pdf: string; plan: string },
  extra: { draft?: DecisionRecord; errors?: Errors; saved?: boolean; conflict?: boolean } = {},
): SafeHtml {
  const t = ctx.t.shared;
  const decisions = view.decisions;
  const sheet = sheetParts(view.snapshot);
  const names = { citizen: view.snapshot.ownerName, professional: decisions ? professionalNameOf(ctx, decisions.record) : ctx.t.decisions.professionalUnnamed };
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
<p>${t.lead(view.snapshot.ownerName)}</p>
${view.meeting ? html`<p>${t.meetingAt(formatWhen(ctx, view.meeting.startsAt))}</p>` : ''}
${extra.saved ? notice(ctx.t.decisions.savedProfessional, 'success') : ''}
${principles(ctx)}
<h2>${t.sheetTitle}</h2>
<p class="hint">${t.frozen(formatWhen(ctx, view.snapshot.createdAt))}</p>
${snapshotBlock(ctx, view.snapshot)}
<p><a class="button button--secondary" href="${urls.pdf}">${t.download}</a></p>
${
  view.share.allowPlan && decisions
    ? html`<section class="no-print" aria-labelledby="answer-title"><h2 id="answer-title">${t.answerTitle}</h2>
<p>${t.answerLead}</p>
${decisions.legacyPlan ? html`<h3>${ctx.t.decisions.legacyTitle}</h3><p class="hint">${ctx.t.decisions.legacyBy(decisions.legacyPlan.author)}</p>${paragraphs(decisions.legacyPlan.text)}` : ''}
${decisionRecordForm(ctx, { party: 'professional', action: urls.plan, view: decisions, sheet, names, ...(extra.draft ? { draft: extra.draft } : {}), ...(extra.errors ? { errors: extra.errors } : {}), ...(extra.conflict ? { conflict: true } : {}) })}
</section>
<section class="print-only"><h2>${t.answerTitle}</h2>
${decisionRecordPlain(ctx, decisions, sheet, 'professional', names)}
</section>`
    : ''
}`,
  });
}

export function unavailablePage(ctx: ViewContext): SafeHtml {
  return page(ctx, { title: ctx.t.shared.unavailableTitle, body: html`<h1>${ctx.t.shared.unavailableTitle}</h1><p>${ctx.t.shared.unavailable}</p>` });
}

export function inboxPage(ctx: ViewContext, shares: { id: string; ownerName: string; expiresAt: Date }[]): SafeHtml {
  const t = ctx.t.shared;
  return page(ctx, {
    title: t.inbox,
    body: html`<h1>${t.inbox}</h1>${shares.length ? html`<ul class="card-list">${shares.map((s) => html`<li class="card"><a href="/shared/${s.id}">${s.ownerName}</a> <span class="hint">— ${t.readableUntil(formatDate(ctx.locale, s.expiresAt))}</span></li>`)}</ul>` : html`<p>${t.inboxNone}</p>`}`,
  });
}
