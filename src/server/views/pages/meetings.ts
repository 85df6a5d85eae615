import { SHARE_DAYS, SUPPORT_SHARE_DAYS } from '../../../domain/time/share-days.ts';
import { sheetName } from '../../i18n/messages.ts';
import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import {
  checkbox,
  clearBrowserMarker,
  copyableText,
  errorSummary,
  notice,
  radioGroup,
  selectField,
  summaryList,
  textArea,
  textField,
  type Errors,
} from '../components.ts';
import { answerProblemText, surveyItemInput } from './evaluation.ts';
import type { OpenQuestionnaire } from '../../services/evaluation/responses.ts';
import type { Answers } from '../../../domain/evaluation/questionnaire.ts';
import type { ResponseError } from '../../../domain/evaluation/questionnaire-responses.ts';
import type { ViewContext } from '../view-context.ts';
import type { FollowUpContent, MeetingDetail, MeetingSummary, Snapshot } from '../../services/meetings.ts';
import type { AccessLogEntry } from '../../services/access-log.ts';
import { previewBlock } from './statements.ts';
import { can } from '../../policy/policy.ts';
import { formatMeetingTime } from '../../i18n/dates.ts';
import { decisionRecordPlain, professionalNameOf, sheetParts } from './decisions.ts';
import { fromEarlierBlock, progressSection, type ProgressFormValues } from './progress.ts';

export function formatWhen(ctx: ViewContext, d: Date): string {
  return formatMeetingTime(ctx.locale, d);
}

export function snapshotBlock(ctx: ViewContext, snapshot: Snapshot): SafeHtml {
  return previewBlock(ctx, snapshot, snapshot.answers);
}

export interface MeetingFormValues {
  when?: string;
  withWhom?: string;
  purpose?: string;
  siteId?: string;
  statementId?: string;
  reminder?: boolean;
}

export function meetingsPage(
  ctx: ViewContext,
  meetings: MeetingSummary[],
  options: { statements: { id: string; purpose: string }[]; sites: { id: string; name: string }[]; values?: MeetingFormValues; errors?: Errors; info?: string },
): SafeHtml {
  const t = ctx.t.meetings;
  const errors = options.errors ?? {};
  const values = options.values ?? {};
  // Most meetings bring a sheet: the one last written (first in the list) is chosen unless the
  // person chose; a form sent back with an error keeps their choice, "no sheet" included.
  const sheetChosen = values.statementId ?? options.statements[0]?.id ?? '';
  const upcoming = meetings.filter((m) => !m.past);
  const past = meetings.filter((m) => m.past).reverse();
  const soonLimit = ctx.now.getTime() + 36 * 3600_000;
  const item = (m: MeetingSummary) =>
    html`<li class="card"><h3 class="card__title"><a href="/meetings/${m.id}">${formatWhen(ctx, m.startsAt)}</a>${!m.past && m.startsAt.getTime() < soonLimit ? html` <span class="badge">${ctx.t.reminders.soon}</span>` : ''}</h3><p>${m.withWhom}${m.purpose ? html` — ${m.purpose}` : ''}</p>${m.past && m.checkIn === 'open' && !m.checkInOffered ? html`<p class="hint"><a href="/meetings/${m.id}#check-in">${ctx.t.survey.checkInReminder}</a></p>` : ''}</li>`;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${options.info ? notice(options.info, 'success') : ''}
${errorSummary(ctx.t, errors, ['when', 'withWhom', 'siteId', 'purpose', 'statementId', 'reminder'])}
<p>${t.lead}</p>
<h2>${t.upcoming}</h2>
${upcoming.length ? html`<ul class="card-list" data-meetings="upcoming">${upcoming.map(item)}</ul>` : html`<p class="empty-state">${t.noneUpcoming}</p>`}
<h2>${t.past}</h2>
${past.length ? html`<ul class="card-list" data-meetings="past">${past.map(item)}</ul>` : html`<p class="empty-state">${t.nonePast}</p>`}
<h2>${t.newTitle}</h2>
<form method="post" action="/meetings" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'when', label: t.when, hint: t.whenHint, type: 'datetime-local', value: values.when ?? '', error: errors.when })}
  ${textField({ name: 'withWhom', label: t.withWhom, hint: t.withWhomHint, value: values.withWhom ?? '', error: errors.withWhom, maxLength: 200 })}
  ${options.sites.length ? selectField({ name: 'siteId', label: t.site, value: values.siteId ?? '', options: [{ value: '', label: t.siteNone }, ...options.sites.map((s) => ({ value: s.id, label: s.name }))] }) : ''}
  ${textField({ name: 'purpose', label: t.purpose, hint: t.purposeHint, value: values.purpose ?? '', error: errors.purpose, maxLength: 300, optionalLabel: ctx.t.form.optional })}
  ${selectField({ name: 'statementId', label: t.statement, value: sheetChosen, options: [{ value: '', label: t.statementNone }, ...options.statements.map((s) => ({ value: s.id, label: sheetName(ctx.t, s.purpose) }))] })}
  ${ctx.mailEnabled ? html`${checkbox({ name: 'reminder', label: t.reminder, checked: values.reminder ?? false })}<p class="hint">${t.reminderHint}</p>` : html`<p class="hint">${t.reminderHintNoMail}</p>`}
  <button type="submit" class="button">${t.create}</button>
</form>`,
  });
}

/** Who did it; someone with a link is named by the link's label when the citizen gave one
 * ("En med linket (Dr. Holm)"), since she knows whom she gave which link. */
function logWho(ctx: ViewContext, e: AccessLogEntry, linkLabels: ReadonlyMap<string, string>): string {
  const t = ctx.t.log;
  if (e.who.kind === 'self') return t.you;
  if (e.who.kind === 'link') {
    const label = e.objectType === 'share' && e.objectId ? linkLabels.get(e.objectId) : undefined;
    return label ? `${t.someoneWithLink} (${label})` : t.someoneWithLink;
  }
  if (e.who.kind === 'system') return t.system;
  return e.who.name ?? '';
}

export function logTable(ctx: ViewContext, entries: AccessLogEntry[], linkLabels: ReadonlyMap<string, string> = new Map()): SafeHtml {
  const t = ctx.t.log;
  return html`<table>
  <thead><tr><th scope="col">${t.when}</th><th scope="col">${t.who}</th><th scope="col">${t.what}</th></tr></thead>
  <tbody>${entries.map((e) => html`<tr><td>${formatWhen(ctx, e.at)}</td><td>${logWho(ctx, e, linkLabels)}</td><td>${t.actions[e.action] ?? t.other}</td></tr>`)}</tbody>
</table>`;
}

export function meetingPage(
  ctx: ViewContext,
  d: MeetingDetail,
  extra: {
    created?: { token: string; shareId: string; qrSvg: SafeHtml; url: string };
    info?: string;
    shareErrors?: Errors;
    followUpErrors?: Errors;
    followUpConflict?: boolean;
    /** Just saved: said beside the form, where the person is, not at the top of a long page. */
    followUpSaved?: boolean;
    /** The check-in form, when the meeting has been and its check-in is open. */
    checkIn?: CheckInForm;
    supportCreated?: { url: string; qrSvg: SafeHtml };
    supportErrors?: Errors;
    /** The marks form sent back with what was wrong (400). */
    progress?: { errors?: Errors; values?: ProgressFormValues; reminderError?: string };
  },
): SafeHtml {
  const t = ctx.t.meetings;
  const m = d.meeting;
  const when = formatWhen(ctx, m.startsAt);
  // In time order: before, on the day, after. The after part is there at once when the meeting
  // has passed or something has been written after it; before that it waits, folded, until the
  // person opens it (a <details>, or ?after=1 from a link) — without JavaScript either way.
  const afterOpen =
    m.past ||
    d.followUp !== null ||
    d.decisions.revision > 0 ||
    d.decisions.legacyPlan !== null ||
    ctx.url.searchParams.has('after') ||
    extra.followUpErrors !== undefined ||
    extra.followUpConflict === true ||
    extra.progress !== undefined;
  const after = afterPart(ctx, d, extra);
  return page(ctx, {
    title: t.meetingOn(when),
    body: html`<p class="no-print"><a href="/meetings">${t.title}</a></p>
<h1 class="no-print">${t.meetingOn(when)}</h1>
${extra.info ? notice(extra.info, 'success') : ''}
${extra.created ? createdLink(ctx, m.id, extra.created) : ''}
<dl class="summary-list no-print">
  <div><dt>${t.withWhom}</dt><dd>${m.withWhom}</dd></div>
  ${m.purpose ? html`<div><dt>${t.purpose}</dt><dd>${m.purpose}</dd></div>` : ''}
</dl>
<nav class="meeting-steps no-print" aria-label="${t.stepsLabel}"><ol>
  <li><a href="#before">${t.phaseBefore}</a></li>
  <li><a href="#on-the-day">${t.phaseDay}</a></li>
  <li><a href="${afterOpen ? '#after' : `/meetings/${m.id}?after=1#after`}">${t.phaseAfter}</a></li>
</ol></nav>
${beforePart(ctx, d, extra)}
${dayPart(ctx, d)}
${
  afterOpen
    ? html`<section class="meeting-phase no-print" id="after" aria-labelledby="after-title"><h2 id="after-title"><span class="meeting-phase__step">3</span> ${t.phaseAfter}</h2>${after}${checkInPart(ctx, d, extra.checkIn)}</section>`
    : html`<section class="meeting-phase no-print" id="after" aria-labelledby="after-title"><h2 id="after-title"><span class="meeting-phase__step">3</span> ${t.phaseAfter}</h2>
<details class="meeting-after" data-after><summary>${t.afterOpen}</summary>${after}</details></section>`
}
<section class="meeting-other no-print" aria-labelledby="other-title"><h2 id="other-title" class="visually-hidden">${t.otherActions}</h2>
${m.hasFollowUp || d.snapshot || d.decisions.revision > 0 ? html`<p><a href="/meetings/${m.id}/fhir">${t.fhir}</a></p>` : ''}
<details class="confirm-delete"><summary>${t.delete}</summary>
<p>${t.deleteLead}</p>
<form method="post" action="/meetings/${m.id}/delete" class="button-row">${csrfField(ctx)}<button type="submit" class="button button--danger">${t.deleteConfirm}</button></form></details>
</section>`,
  });
}

/** A link just made, at the top of the page where the person lands after "Lav link": it is
 * shown this once, so it must not wait further down the page. */
function createdLink(ctx: ViewContext, meetingId: string, created: NonNullable<Parameters<typeof meetingPage>[2]['created']>): SafeHtml {
  const t = ctx.t.meetings;
  return html`<div class="notice notice--success no-print" role="status">
  <p>${t.shareCreated}</p>
  <p>${t.shareLink}: ${copyableText(ctx.t, created.url)}</p>
  <div class="qr">${created.qrSvg}</div>
  <form method="post" action="/meetings/${meetingId}/shares/${created.shareId}/pdf">${csrfField(ctx)}<input type="hidden" name="token" value="${created.token}"><button type="submit" class="button button--secondary">${t.sharePdfWithQr}</button></form>
</div>`;
}

/** Before: what I bring, share it, who has seen it. */
/** How many days a link may work, as the choices of a select. */
const dayOptions = (days: readonly number[]) => days.map((n) => ({ value: String(n), label: String(n) }));

function beforePart(ctx: ViewContext, d: MeetingDetail, extra: Parameters<typeof meetingPage>[2]): SafeHtml {
  const t = ctx.t.meetings;
  const m = d.meeting;
  const stateLabel = (s: MeetingDetail['shares'][number]) =>
    s.state === 'active' ? (s.closesBeforeMeeting ? t.shareClosesEarly : t.shareActive) : s.state === 'expired' ? t.shareExpired : t.shareRevoked;
  const activeShares = d.shares.filter((s) => s.state === 'active');
  const endedShares = d.shares.filter((s) => s.state !== 'active');
  const sharesTable = (shares: MeetingDetail['shares']) =>
    html`<table class="table--stack table--stack-pairs"><thead><tr><th scope="col">${ctx.t.support.kindLabel}</th><th scope="col">${t.shareGivenTo}</th><th scope="col">${t.shareExpires}</th><th scope="col">${t.shareStatus}</th><th scope="col"><span class="visually-hidden">${t.shareRevoke}</span></th></tr></thead>
    <tbody>${shares.map(
      (
        s,
      ) => html`<tr><td data-label="${ctx.t.support.kindLabel}">${s.kind === 'support' ? ctx.t.support.kindSupport : ctx.t.support.kindProfessional}</td><td data-label="${t.shareGivenTo}">${s.recipient ?? '—'}</td><td data-label="${t.shareExpires}">${formatWhen(ctx, s.expiresAt)}</td><td data-label="${t.shareStatus}">${stateLabel(s)}</td>
      <td>${s.state === 'active' ? html`<form method="post" action="/meetings/${m.id}/shares/${s.id}/revoke" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">${t.shareRevoke}</button></form>` : ''}</td></tr>`,
    )}</tbody></table>`;
  return html`<section class="meeting-phase no-print" id="before" aria-labelledby="before-title">
<h2 id="before-title"><span class="meeting-phase__step">1</span> ${t.phaseBefore}</h2>
<p>${t.phaseBeforeLead}</p>
${fromEarlierBlock(ctx, d.fromEarlier)}
<h3>${t.bring}</h3>
${
  d.snapshot
    ? html`<p><strong>${sheetName(ctx.t, d.snapshot.purpose)}</strong></p><p class="hint">${t.frozenAt(formatWhen(ctx, d.snapshot.createdAt))}</p>`
    : m.statementId
      ? html`<p><strong>${d.statementPurpose ?? ''}</strong></p><p class="hint">${t.notFrozen}</p>`
      : html`<p>${t.bringNone}</p>`
}
${!m.past && d.sheetChangedSinceCopy ? notice(t.changedSinceCopy, 'info') : ''}
${!m.past && m.statementId ? html`<form method="post" action="/meetings/${m.id}/snapshot">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.refresh}</button></form>` : ''}

<h3>${t.shareTitle}</h3>
${
  activeShares.length
    ? // On a phone each link stacks into a short block, so "Luk linket" stays on the screen.
      html`<h4>${t.shares}</h4>${sharesTable(activeShares)}`
    : ''
}
${
  // Closed and expired links are history: folded, so the links that work and the form stay near the top.
  endedShares.length ? html`<details class="ended-links"><summary>${t.endedShares(endedShares.length)}</summary>${sharesTable(endedShares)}</details>` : ''
}
${errorSummary(ctx.t, extra.shareErrors ?? {})}
${
  m.statementId || d.snapshot
    ? html`<p>${t.shareLead}</p>
  <form method="post" action="/meetings/${m.id}/shares" novalidate>
    ${csrfField(ctx)}
    ${selectField({ name: 'days', label: t.shareDays, value: String(d.shareDays), options: dayOptions(SHARE_DAYS) })}
    ${textField({ name: 'recipientLabel', label: t.shareRecipientLabel, hint: t.shareRecipientLabelHint, maxLength: 100, optionalLabel: ctx.t.form.optional })}
    ${textField({ name: 'recipientUsername', label: t.shareRecipient, hint: t.shareRecipientHint, maxLength: 40, error: extra.shareErrors?.recipientUsername, optionalLabel: ctx.t.form.optional })}
    ${checkbox({ name: 'allowPlan', label: t.shareAllowPlan })}
    <button type="submit" class="button">${t.shareCreate}</button>
  </form>`
    : html`<p>${t.shareNoStatement}</p>`
}

${supportSection(ctx, d, extra)}
<h3>${t.seenTitle}</h3>
${seenLog(ctx, d)}
</section>`;
}

/** How many of the newest openings "Hvem har set det" shows before folding the rest. */
const SEEN_SHOWN = 5;

/** Who has seen the meeting's links, newest first: the latest few, the older ones folded. */
function seenLog(ctx: ViewContext, d: MeetingDetail): SafeHtml {
  if (!d.views.length) return html`<p>${ctx.t.meetings.seenNone}</p>`;
  const labels = new Map(d.shares.flatMap((s) => (s.recipient ? [[s.id, s.recipient] as const] : [])));
  const older = d.views.slice(SEEN_SHOWN);
  return html`${logTable(ctx, d.views.slice(0, SEEN_SHOWN), labels)}${
    older.length ? html`<details class="seen-older"><summary>${ctx.t.meetings.seenOlder(older.length)}</summary>${logTable(ctx, older, labels)}</details>` : ''
  }`;
}

/** Bringing a relative or a bisidder: a link (or an account) to read along, and what they wrote. */
function supportSection(ctx: ViewContext, d: MeetingDetail, extra: Parameters<typeof meetingPage>[2]): SafeHtml {
  const t = ctx.t.support;
  const m = d.meeting;
  return html`<h3 id="support">${t.title}</h3>
<p>${t.lead}</p>
${
  extra.supportCreated
    ? html`<div class="notice notice--success" role="status">
      <p>${t.created}</p>
      <p>${ctx.t.meetings.shareLink}: ${copyableText(ctx.t, extra.supportCreated.url)}</p>
      <div class="qr">${extra.supportCreated.qrSvg}</div>
    </div>`
    : ''
}
${
  m.statementId || d.snapshot
    ? html`${errorSummary(ctx.t, extra.supportErrors ?? {})}
<form method="post" action="/meetings/${m.id}/support" novalidate>
  ${csrfField(ctx)}
  ${selectField({ name: 'supportDays', label: ctx.t.meetings.shareDays, value: String(d.supportShareDays), options: dayOptions(SUPPORT_SHARE_DAYS) })}
  ${textField({ name: 'supportLabel', label: t.recipientLabel, hint: t.recipientLabelHint, maxLength: 100, optionalLabel: ctx.t.form.optional })}
  ${
    d.peers.length
      ? selectField({
          name: 'supportPeer',
          label: t.peerChoice,
          hint: t.peerChoiceHint,
          value: '',
          error: extra.supportErrors?.supportPeer,
          options: [{ value: '', label: t.peerNone }, ...d.peers.map((p) => ({ value: p.userId, label: t.peerOption(p.name, p.organisationName) }))],
        })
      : ''
  }
  ${textField({ name: 'supportUsername', label: t.recipientUsername, hint: t.recipientUsernameHint, maxLength: 40, error: extra.supportErrors?.supportUsername, optionalLabel: ctx.t.form.optional })}
  ${checkbox({ name: 'allowComment', label: t.allowComment })}
  <button type="submit" class="button button--secondary">${t.create}</button>
</form>`
    : html`<p>${ctx.t.meetings.shareNoStatement}</p>`
}
${
  d.supportComments.length
    ? html`<h4>${t.comments}</h4><ul class="card-list">${d.supportComments.map(
        (c) => html`<li class="card"><p class="hint">${t.commentBy(c.authorName, formatWhen(ctx, c.createdAt))}</p>${paragraphs(c.text)}
<form method="post" action="/meetings/${m.id}/support-comments/${c.id}/delete" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">${t.deleteComment}<span class="visually-hidden"> — ${c.authorName}</span></button></form></li>`,
      )}</ul>`
    : ''
}`;
}

/** On the day: the sheet itself, large, and the only part of the page that prints. */
function dayPart(ctx: ViewContext, d: MeetingDetail): SafeHtml {
  const t = ctx.t.meetings;
  const m = d.meeting;
  return html`<section class="meeting-phase meeting-day" id="on-the-day" aria-labelledby="day-title">
<h2 id="day-title" class="no-print"><span class="meeting-phase__step">2</span> ${t.phaseDay}</h2>
${
  d.snapshot
    ? html`<p class="no-print">${t.phaseDayLead}</p>
<p class="button-row no-print"><a class="button" href="/meetings/${m.id}/pdf">${t.printPdf}</a> <button type="button" class="button button--secondary" data-print data-js-only hidden>${t.printSheet}</button></p>
<p class="print-only">${t.meetingLine(m.withWhom, formatWhen(ctx, m.startsAt))}</p>
<div class="meeting-sheet">${snapshotBlock(ctx, d.snapshot)}</div>`
    : m.statementId
      ? html`<p>${t.dayNotFrozen}</p><form method="post" action="/meetings/${m.id}/snapshot">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.dayFreeze}</button></form>`
      : html`<p>${t.bringNone}</p>`
}
</section>`;
}

/** After: what we agreed (the professional's plan and mine), my side, the short check-in. */
function afterPart(ctx: ViewContext, d: MeetingDetail, extra: Parameters<typeof meetingPage>[2]): SafeHtml {
  const t = ctx.t.meetings;
  const m = d.meeting;
  // The same points, in the same order, as the decision record numbers them.
  const helpItems = sheetParts(d.snapshot);
  const fu = d.followUp?.content;
  return html`<div id="follow-up">
<h3 id="decisions">${ctx.t.decisions.citizenTitle}</h3>
${decisionRecordPlain(ctx, d.decisions, sheetParts(d.snapshot), 'citizen', { citizen: ctx.t.decisions.you, professional: professionalNameOf(ctx, d.decisions.record) }, 4)}
<p><a class="button button--secondary" href="/meetings/${m.id}/decisions">${ctx.t.decisions.writeYourPart}</a></p>
${progressSection(ctx, m.id, d.progress, extra.progress ?? {})}
<h3 id="my-side" tabindex="-1">${t.mySide}</h3>
${extra.followUpSaved ? notice(t.followUpSaved, 'success') : ''}
${extra.followUpConflict ? notice(t.followUpConflict, 'warning') : ''}
${errorSummary(ctx.t, extra.followUpErrors ?? {})}
<p>${t.followUpLead}</p>
<form method="post" action="/meetings/${m.id}/follow-up" novalidate>
  ${csrfField(ctx)}
  ${d.followUp ? html`<input type="hidden" name="revision" value="${d.followUp.revision}">` : ''}
  ${textArea({ name: 'agreed', label: t.agreed, hint: t.agreedHint, value: fu?.agreed ?? '', maxLength: 5000, error: extra.followUpErrors?.agreed })}
  ${
    helpItems.help.length
      ? html`<fieldset class="marks"><legend>${t.helpMarks}</legend>${helpItems.help.map((text, i) =>
          radioRow(
            `help.${i}`,
            text,
            [
              ['agreed', t.helpAgreed],
              ['discussed', t.helpDiscussed],
              ['notDiscussed', t.helpNotDiscussed],
            ],
            fu?.help[String(i)],
          ),
        )}</fieldset>`
      : ''
  }
  ${
    helpItems.redLines.length
      ? html`<fieldset class="marks"><legend>${t.redLines}</legend>${helpItems.redLines.map((text, i) =>
          radioRow(
            `red.${i}`,
            text,
            [
              ['respected', t.redRespected],
              ['notRespected', t.redNotRespected],
              ['unsure', t.redUnsure],
            ],
            fu?.redLines[String(i)],
          ),
        )}</fieldset>`
      : ''
  }
  ${textArea({ name: 'disagreement', label: t.disagreement, hint: t.disagreementHint, value: fu?.disagreement ?? '', maxLength: 5000, error: extra.followUpErrors?.disagreement, optionalLabel: ctx.t.form.optional })}
  ${checkbox({ name: 'withPeer', label: t.withPeer, checked: d.followUp?.withPeer ?? false })}
  <button type="submit" class="button">${t.saveFollowUp}</button>
</form>
${fu ? earlierCheckIn(ctx, fu) : ''}
</div>`;
}

function radioRow(name: string, legend: string, options: [string, string][], current: string | undefined): SafeHtml {
  const id = name.replace(/\W/g, '-');
  return radioGroup({
    name,
    legend,
    id: `field-${id}`,
    idPrefix: id,
    inline: true,
    value: current ?? '',
    options: options.map(([value, label]) => ({ value, label })),
  });
}

export interface CheckInForm {
  open: OpenQuestionnaire;
  submissionKey: string;
  answers?: Answers;
  errors?: ResponseError[];
  consentMissing?: boolean;
}

/**
 * The short check-in after the meeting, asked once: the form while it is open, thanks once it is
 * answered, and a plain word when the old separate questionnaire was shown before.
 */
function checkInPart(ctx: ViewContext, d: MeetingDetail, form: CheckInForm | undefined): SafeHtml {
  const t = ctx.t.meetings;
  const m = d.meeting;
  if (!m.past) return html``;
  const head = html`<h3 id="check-in-title">${t.checkInTitle}</h3>`;
  if (m.checkIn === 'answered') return html`<div id="check-in">${head}${notice(t.checkInThanks, 'success')}</div>`;
  if (m.checkIn === 'askedBefore') return html`<div id="check-in">${head}<p>${t.checkInAskedBefore}</p></div>`;
  if (!form) return html`<div id="check-in">${head}<p><a href="/meetings/${m.id}#check-in">${t.checkInOpen}</a></p></div>`;
  const s = ctx.t.survey;
  const q = form.open.questionnaire;
  const errors = new Map((form.errors ?? []).map((e) => [e.item, answerProblemText(ctx.t, e.problem)]));
  const summary: Errors = Object.fromEntries(errors);
  if (form.consentMissing) summary.consent = s.consentMissing;
  return html`<div id="check-in">${head}
${errorSummary(ctx.t, summary)}
<p>${q.intro[ctx.locale]}</p>
<p class="hint">${t.checkInOnce}</p>
<form method="post" action="/meetings/${m.id}/check-in" novalidate>
  ${csrfField(ctx)}
  <input type="hidden" name="submissionKey" value="${form.submissionKey}">
  ${q.items.map((item) => surveyItemInput(ctx, item, form.answers ?? {}, errors))}
  <div class="checkbox${form.consentMissing ? ' field--error' : ''}" id="field-consent">${form.consentMissing ? html`<p class="error-message" id="error-consent">${s.consentMissing}</p>` : ''}<input type="checkbox" id="consent" name="consent" value="yes"${form.consentMissing ? html` aria-describedby="error-consent"` : ''}><label for="consent">${s.consent}</label></div>
  <button type="submit" class="button">${t.checkInSend}</button>
</form></div>`;
}

/** Check-in answers kept with a follow-up before the check-in was asked once: shown as they were. */
function earlierCheckIn(ctx: ViewContext, fu: FollowUpContent): SafeHtml {
  const t = ctx.t.meetings;
  const keys = (['heard', 'saidWhatMattered', 'sharedPreferences', 'decidedTogether'] as const).filter((k) => fu.checkIn[k] !== undefined);
  if (keys.length === 0) return html``;
  return html`<h4>${t.checkInEarlier}</h4>${summaryList(keys.map((k) => ({ key: t[k], value: t.checkInOfFive(fu.checkIn[k]!) })))}`;
}

/** The follow-up from its form: only answers for the items the person brought count. */
export function followUpFromForm(
  form: { agreed: string; disagreement: string } & Record<string, unknown>,
  counts: { help: number; redLines: number },
): FollowUpContent {
  const help: FollowUpContent['help'] = {};
  for (let i = 0; i < counts.help; i++) {
    const v = form[`help.${i}`];
    if (v === 'agreed' || v === 'discussed' || v === 'notDiscussed') help[String(i)] = v;
  }
  const redLines: FollowUpContent['redLines'] = {};
  for (let i = 0; i < counts.redLines; i++) {
    const v = form[`red.${i}`];
    if (v === 'respected' || v === 'notRespected' || v === 'unsure') redLines[String(i)] = v;
  }
  // The check-in is no longer part of this form: answers kept from before stay (see the route).
  return { agreed: form.agreed, help, redLines, checkIn: {}, disagreement: form.disagreement };
}

export function accessLogPage(ctx: ViewContext, entries: AccessLogEntry[], o: { everyone: boolean }): SafeHtml {
  const t = ctx.t.log;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1><p>${t.lead}</p>
<form method="get" action="/account/log">
  ${selectField({
    name: 'who',
    label: t.show,
    value: o.everyone ? 'everyone' : 'others',
    options: [
      { value: 'others', label: t.othersOnly },
      { value: 'everyone', label: t.everyone },
    ],
  })}
  <button type="submit" class="button button--secondary">${t.showButton}</button>
</form>
${entries.length ? logTable(ctx, entries) : html`<p>${t.noneOthers}</p>`}`,
  });
}

/** The deletion's heading on "Mine data": the account page links to it. */
export const DELETE_ACCOUNT_ID = 'delete-account';

export function myDataPage(
  ctx: ViewContext,
  options: { wrongPassword?: boolean; passwordMissing?: boolean; email?: string; emailError?: boolean; info?: string } = {},
): SafeHtml {
  const t = ctx.t.myData;
  const r = ctx.t.reminders;
  const errors: Errors = options.passwordMissing
    ? { password: t.deletePasswordMissing }
    : options.wrongPassword
      ? { password: t.deleteWrong }
      : options.emailError
        ? { email: r.invalid }
        : {};
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${errorSummary(ctx.t, errors)}
${options.info ? notice(options.info, 'success') : ''}
<p><a href="/account/log">${t.logLink}</a></p>
<h2>${r.emailTitle}</h2>
${
  // Without e-mail the field goes, unless an address is stored: then it stays, so it can be removed.
  ctx.mailEnabled || options.email
    ? html`<p>${ctx.mailEnabled ? r.emailLead : r.emailLeadNoMail}</p>
<form method="post" action="/account/email" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'email', label: r.email, type: 'email', autocomplete: 'email', value: options.email ?? '', error: errors.email, maxLength: 200, optionalLabel: ctx.t.form.optional })}
  <button type="submit" class="button button--secondary">${r.save}</button>
</form>`
    : html`<p>${r.emailLeadNoMail}</p>`
}
<h2>${t.exportTitle}</h2>
<p>${t.exportLead}</p>
<p><a class="button button--secondary" href="/account/export">${t.exportButton}</a></p>
<h2 id="${DELETE_ACCOUNT_ID}">${t.deleteTitle}</h2>
<p>${t.deleteLead}</p>
<form method="post" action="/account/delete" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'password', label: t.deletePassword, type: 'password', autocomplete: 'current-password', error: errors.password, maxLength: 200 })}
  ${can(ctx.actor, 'identity.confirmWithCode') ? textField({ name: 'code', label: ctx.t.confirmIdentity.code, hint: ctx.t.confirmIdentity.codeHint, autocomplete: 'one-time-code', inputMode: 'numeric', maxLength: 8 }) : ''}
  <button type="submit" class="button button--danger">${t.deleteButton}</button>
</form>`,
  });
}

export function erasedPage(ctx: ViewContext): SafeHtml {
  return page(ctx, {
    title: ctx.t.myData.deleted,
    body: html`<h1>${ctx.t.myData.deleted}</h1>
${clearBrowserMarker}
<p>${ctx.t.myData.deletedBrowser}</p>
<p><a href="/">${ctx.t.errors.goHome}</a></p>`,
  });
}
