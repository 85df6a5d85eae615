import { sheetName } from '../../i18n/messages.ts';
import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import {
  checkbox,
  checkboxGroup,
  emptyState,
  errorSummary,
  formatDay,
  radioGroup,
  notice,
  pageHeader,
  selectField,
  tag,
  textArea,
  textField,
  type Errors,
  type TagTone,
} from '../components.ts';
import { barChart } from '../chart.ts';
import type { ViewContext } from '../view-context.ts';
import { formatDate } from '../../i18n/dates.ts';
import type {
  LoggedSession,
  NoteFromPeer,
  PeerFigures,
  PeerOverview,
  Period,
  Reflection,
  ReflectionsPage,
  VolunteerCount,
} from '../../services/peer-practice.ts';
import { ACTION_LEARNING_PHASES } from '../../../domain/peer/learning.ts';
import { CHIME_THEMES, SESSION_KINDS } from '../../../domain/peer/practice.ts';
import type { CitizensPeerLink, ConsentEvent, LinkedCitizen } from '../../services/peer-links.ts';
import type { OpenStatement, StatementSummary } from '../../services/statements.ts';
import type { DecidedSuggestion, SuggestionToReview, TrailEntry } from '../../services/suggestions.ts';
import type { DiffPart } from '../../../domain/text/word-diff.ts';
import { formatWhen } from './meetings.ts';
import { previewBlock } from './statements.ts';
import { myRequestsBlock, sheetChoicesFields } from './find-peer.ts';
import type { PeerRequestView } from '../../services/peer-requests.ts';

function periodForm(ctx: ViewContext, action: string, period: Period): SafeHtml {
  const t = ctx.t.peer;
  return html`<form method="get" action="${action}" class="period-form no-print">
  ${textField({ name: 'from', label: t.from, type: 'date', value: period.from })}
  ${textField({ name: 'to', label: t.to, type: 'date', value: period.to })}
  <button type="submit" class="button button--secondary">${t.show}</button>
</form>`;
}

function figuresBlock(ctx: ViewContext, f: PeerFigures): SafeHtml {
  const t = ctx.t.peer;
  return html`<dl class="figures">
  <div><dt>${t.sessionsCount}</dt><dd>${f.sessions}</dd></div>
  <div><dt>${t.minutes}</dt><dd>${f.minutes}</dd></div>
  <div><dt>${t.individual}</dt><dd>${f.individual}</dd></div>
  <div><dt>${t.group}</dt><dd>${f.group}</dd></div>
  <div><dt>${t.groupParticipants}</dt><dd>${f.groupParticipants}</dd></div>
  <div><dt>${t.statementsWorked}</dt><dd>${f.statementsWorkedOn}</dd></div>
  <div><dt>${t.meetingsPrepared}</dt><dd>${f.meetingsPrepared}</dd></div>
  <div><dt>${t.linked}</dt><dd>${f.linkedCitizens}</dd></div>
</dl>
<div class="chart-pair">
${barChart(
  t.byKind,
  SESSION_KINDS.map((k) => ({ label: ctx.t.kinds[k], value: f.byKind[k] })),
  'chart-kind',
  { axisLabel: t.chartAxisSessions },
)}
${barChart(
  t.byTheme,
  CHIME_THEMES.map((k) => ({ label: ctx.t.themes[k], value: f.byTheme[k] })),
  'chart-theme',
  { axisLabel: t.chartAxisSessions },
)}
</div>`;
}

export function peerOverviewPage(
  ctx: ViewContext,
  o: PeerOverview & { period: Period; invite?: { code: string; expiresAt: Date; qrSvg: SafeHtml; url: string } },
): SafeHtml {
  const t = ctx.t.peer;
  return page(ctx, {
    title: t.overviewTitle,
    body: html`<h1>${t.overviewTitle}</h1>
<p class="button-row"><a class="button" href="/peer/sessions">${t.logSession}</a> <a href="/peer/reflections">${ctx.t.reflections.title}</a></p>
<h2>${t.citizens}</h2>
${o.citizens.length ? html`<ul class="card-list">${o.citizens.map((c) => html`<li class="card"><a href="/peer/citizens/${c.citizenId}">${c.name}</a></li>`)}</ul>` : html`<p>${t.citizensNone}</p>`}
<h2>${t.upcoming}</h2>
${o.upcoming.length ? html`<ul>${o.upcoming.map((m) => html`<li>${formatWhen(ctx, m.startsAt)} — ${m.citizenName}</li>`)}</ul>` : html`<p>${t.upcomingNone}</p>`}
<h2>${t.inviteTitle}</h2>
${
  o.invite
    ? html`<div class="notice notice--success" role="status"><p>${t.inviteCode}: <strong class="code">${o.invite.code.slice(0, 4)} ${o.invite.code.slice(4)}</strong></p><p>${t.inviteExpires(formatWhen(ctx, o.invite.expiresAt))}</p><div class="qr">${o.invite.qrSvg}</div></div>`
    : ''
}
<p>${t.inviteLead}</p>
<form method="post" action="/peer/invitations">
  ${csrfField(ctx)}
  ${o.organisations.length > 1 ? selectField({ name: 'organisationId', label: t.organisation, options: o.organisations.map((x) => ({ value: x.id, label: x.name })) }) : html`<input type="hidden" name="organisationId" value="${o.organisations[0]?.id ?? ''}">`}
  <button type="submit" class="button button--secondary">${t.inviteCreate}</button>
</form>
<h2>${t.recent}</h2>
${o.recent.length ? sessionTable(ctx, o.recent.slice(0, 5), false) : html`<p>${t.recentNone}</p>`}
<h2>${t.figuresTitle}</h2>
${periodForm(ctx, '/peer', o.period)}
${figuresBlock(ctx, o.figures)}
<p><a href="/peer/summary?from=${o.period.from}&amp;to=${o.period.to}">${t.summaryLink}</a></p>`,
  });
}

function sessionTable(ctx: ViewContext, sessions: LoggedSession[], withNotes: boolean): SafeHtml {
  const s = ctx.t.sessions;
  // On a phone each conversation stacks into a short list, each value led by its column's name.
  // Without the note and its actions there is room to keep each date on one line.
  return html`<table class="table--stack">
  <thead><tr><th scope="col">${s.occurredOn}</th><th scope="col">${s.kind}</th><th scope="col">${s.duration}</th><th scope="col">${s.themes}</th>${withNotes ? html`<th scope="col">${s.note}</th><th scope="col">${s.actions}</th>` : ''}</tr></thead>
  <tbody>${sessions.map(
    (x) =>
      html`<tr><td${withNotes ? '' : html` class="cell--date"`} data-label="${s.occurredOn}">${formatDay(ctx.locale, x.occurredOn)}</td><td data-label="${s.kind}">${ctx.t.kinds[x.kind]}${x.format === 'group' ? html` (${s.group}, ${x.participants})` : x.citizenName ? html` — ${x.citizenName}` : ''}</td><td data-label="${s.duration}">${x.durationMinutes}</td><td data-label="${s.themes}">${x.themes.map((th) => ctx.t.themes[th]).join(', ')}</td>${withNotes ? html`<td data-label="${s.note}">${noteCell(ctx, x)}</td><td data-label="${s.actions}">${deleteSessionControl(ctx, x)}</td>` : ''}</tr>`,
  )}</tbody>
</table>`;
}

/** Deleting asks first, without JavaScript: the button that deletes is inside a disclosure. */
function deleteSessionControl(ctx: ViewContext, x: LoggedSession): SafeHtml {
  const s = ctx.t.sessions;
  return html`<details class="confirm-delete"><summary>${s.delete}<span class="visually-hidden"> ${s.deleteFor(formatDay(ctx.locale, x.occurredOn))}</span></summary>
<p>${s.deleteLead}</p>
<form method="post" action="/peer/sessions/${x.id}/delete">${csrfField(ctx)}<button type="submit" class="button button--secondary">${s.deleteConfirm}</button></form></details>`;
}

/** The note with whom it is shared, and what the citizen wrote back. */
function noteCell(ctx: ViewContext, x: LoggedSession): SafeHtml {
  const s = ctx.t.sessions;
  return html`${x.note ? html`${tag(x.noteShared ? s.noteSharedTag : s.notePrivateTag, x.noteShared ? 'info' : 'neutral')} ${x.note}` : ''}${
    x.citizenComment ? html`<div class="session-comment"><strong>${s.citizenComment}:</strong> ${paragraphs(x.citizenComment)}</div>` : ''
  }`;
}

export interface SessionFormValues {
  organisationId?: string;
  occurredOn?: string;
  durationMinutes?: string;
  format?: string;
  participants?: string;
  kind?: string;
  themes?: string[];
  statementWorked?: boolean;
  citizenId?: string;
  note?: string;
  noteShared?: boolean;
}

export function sessionsPage(
  ctx: ViewContext,
  o: {
    sessions: LoggedSession[];
    citizens: LinkedCitizen[];
    organisations: { id: string; name: string }[];
    values?: SessionFormValues;
    errors?: Errors;
    info?: string | SafeHtml;
  },
): SafeHtml {
  const s = ctx.t.sessions;
  const v = o.values ?? {};
  const errors = o.errors ?? {};
  return page(ctx, {
    title: s.title,
    body: html`<p><a href="/peer">${ctx.t.peer.overviewTitle}</a></p>
<h1>${s.title}</h1>
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, errors, ['organisationId', 'occurredOn', 'durationMinutes', 'participants', 'kind', 'themes', 'citizenId', 'note', 'noteShared'])}
<h2 id="new-session">${s.newTitle}</h2>
<p>${s.lead}</p>
<form method="post" action="/peer/sessions" novalidate>
  ${csrfField(ctx)}
  ${o.organisations.length > 1 ? selectField({ name: 'organisationId', label: s.organisation, value: v.organisationId ?? '', options: o.organisations.map((x) => ({ value: x.id, label: x.name })) }) : html`<input type="hidden" name="organisationId" value="${o.organisations[0]?.id ?? ''}">`}
  ${textField({ name: 'occurredOn', label: s.occurredOn, type: 'date', value: v.occurredOn ?? ctx.today, error: errors.occurredOn })}
  ${textField({ name: 'durationMinutes', label: s.duration, type: 'number', inputMode: 'numeric', value: v.durationMinutes ?? '60', error: errors.durationMinutes })}
  ${radioGroup({ name: 'format', legend: s.format, idPrefix: 'format', inline: true, value: v.format ?? 'individual', options: (['individual', 'group'] as const).map((f) => ({ value: f, label: s[f] })) })}
  ${textField({ name: 'participants', label: s.participants, hint: s.participantsHint, type: 'number', inputMode: 'numeric', value: v.participants ?? '', error: errors.participants })}
  ${selectField({ name: 'kind', label: s.kind, value: v.kind ?? 'conversation', options: SESSION_KINDS.map((k) => ({ value: k, label: ctx.t.kinds[k] })) })}
  ${checkboxGroup({ name: 'themes', legend: s.themes, idPrefix: 'theme', error: errors.themes, values: v.themes ?? [], options: CHIME_THEMES.map((th) => ({ value: th, label: ctx.t.themes[th] })) })}
  ${checkbox({ name: 'statementWorked', label: s.statementWorked, checked: v.statementWorked ?? false })}
  ${selectField({ name: 'citizenId', label: s.citizen, value: v.citizenId ?? '', options: [{ value: '', label: s.citizenNone }, ...o.citizens.map((c) => ({ value: c.citizenId, label: c.name }))] })}
  ${textArea({ name: 'note', label: s.note, hint: s.noteHint, value: v.note ?? '', maxLength: 5000, rows: 4, error: errors.note, optionalLabel: ctx.t.form.optional })}
  ${radioGroup({
    name: 'noteShared',
    legend: s.noteShared,
    idPrefix: 'note-shared',
    error: errors.noteShared,
    value: v.noteShared === false ? 'off' : 'on',
    options: [
      { value: 'on', label: s.noteSharedYes, hint: s.noteSharedYesHint },
      { value: 'off', label: s.noteSharedNo, hint: s.notePrivateHint },
    ],
  })}
  <p><a href="/peer/reflections">${s.reflectionInstead}</a></p>
  <button type="submit" class="button">${s.save}</button>
</form>
<h2>${s.list}</h2>
${o.sessions.length ? sessionTable(ctx, o.sessions, true) : html`<p>${ctx.t.peer.recentNone}</p>`}`,
  });
}

export function reflectionsPage(ctx: ViewContext, o: ReflectionsPage & { errors?: Errors; info?: string; values?: Record<string, string> }): SafeHtml {
  const r = ctx.t.reflections;
  const l = ctx.t.learning;
  const v = o.values ?? {};
  const errors = o.errors ?? {};
  const shareForm = (x: Reflection) =>
    o.groups.length && !x.groupId
      ? html`<form method="post" action="/peer/reflections/${x.id}/share" >${csrfField(ctx)}
  <div class="field"><label for="share-${x.id}">${l.shareWith}</label>
  <select id="share-${x.id}" name="groupId">${o.groups.map((g) => html`<option value="${g.id}">${g.name}</option>`)}</select></div>
  <button type="submit" class="button button--secondary">${l.shareButton}</button></form>`
      : '';
  const item = (x: Reflection) => {
    const tie = [x.roundTitle ? `${l.round}: ${x.roundTitle}` : '', x.phase ? `${l.phase}: ${l.phases[x.phase]}` : ''].filter(Boolean).join(' · ');
    return html`<article class="card"><h3 class="card__title">${formatDay(ctx.locale, x.writtenOn)} ${tag(x.groupName ? l.sharedIn(x.groupName) : l.ownOnly, x.groupName ? 'success' : 'neutral')}${x.sharedBeforeGroups && !x.groupId ? html` ${tag(l.sharedBeforeBadge, 'warning')}` : ''}</h3>
  ${tie ? html`<p class="hint">${tie}</p>` : ''}
  ${x.tried ? html`<h4>${r.tried}</h4>${paragraphs(x.tried)}` : ''}
  ${x.happened ? html`<h4>${r.happened}</h4>${paragraphs(x.happened)}` : ''}
  ${x.learned ? html`<h4>${r.learned}</h4>${paragraphs(x.learned)}` : ''}
  ${x.groupId ? html`<p><a href="/groups/${x.groupId}">${l.open}</a></p>` : shareForm(x)}</article>`;
  };
  const sharedBefore = o.reflections.some((x) => x.sharedBeforeGroups && !x.groupId);
  return page(ctx, {
    title: r.title,
    body: html`<p><a href="/peer">${ctx.t.peer.overviewTitle}</a></p>
<h1>${r.title}</h1>
${o.info ? notice(o.info, 'success') : ''}
${sharedBefore ? notice(l.sharedBefore, 'info') : ''}
${errorSummary(ctx.t, errors, ['tried', 'writtenOn', 'groupId', 'roundId', 'phase'])}
<p>${r.lead}</p>
<h2>${r.newTitle}</h2>
<form method="post" action="/peer/reflections" novalidate>
  ${csrfField(ctx)}
  ${notice(l.ownPractice, 'info')}
  ${o.organisations.length > 1 ? selectField({ name: 'organisationId', label: ctx.t.sessions.organisation, options: o.organisations.map((x) => ({ value: x.id, label: x.name })), value: v.organisationId ?? '' }) : html`<input type="hidden" name="organisationId" value="${o.organisations[0]?.id ?? ''}">`}
  ${textField({ name: 'writtenOn', label: r.writtenOn, type: 'date', value: v.writtenOn ?? ctx.today, error: errors.writtenOn })}
  ${textArea({ name: 'tried', label: r.tried, value: v.tried ?? '', maxLength: 3000, rows: 3, error: errors.tried })}
  ${textArea({ name: 'happened', label: r.happened, value: v.happened ?? '', maxLength: 3000, rows: 3, error: errors.happened })}
  ${textArea({ name: 'learned', label: r.learned, value: v.learned ?? '', maxLength: 3000, rows: 3, error: errors.learned })}
  ${selectField({
    name: 'groupId',
    label: l.shareWith,
    hint: l.shareWithHint,
    options: [{ value: '', label: l.shareWithNone }, ...o.groups.map((g) => ({ value: g.id, label: g.name }))],
    value: v.groupId ?? '',
    ...(errors.groupId ? { error: errors.groupId } : {}),
  })}
  ${
    o.rounds.length
      ? selectField({
          name: 'roundId',
          label: l.roundChoice,
          options: [{ value: '', label: l.roundNone }, ...o.rounds.map((x) => ({ value: x.id, label: `${x.title} (${x.organisationName})` }))],
          value: v.roundId ?? '',
          ...(errors.roundId ? { error: errors.roundId } : {}),
        })
      : ''
  }
  ${radioGroup({
    name: 'phase',
    legend: l.phaseChoice,
    idPrefix: 'phase',
    value: v.phase ?? '',
    error: errors.phase,
    inline: true,
    options: [{ value: '', label: l.phaseNone }, ...ACTION_LEARNING_PHASES.map((p) => ({ value: p, label: l.phases[p]! }))],
  })}
  <button type="submit" class="button">${r.save}</button>
</form>
<p><a href="/groups">${l.navLabel}</a></p>
<h2>${r.mine}</h2>
${o.reflections.length ? o.reflections.map(item) : html`<p>${r.none}</p>`}`,
  });
}

export function summaryPage(ctx: ViewContext, o: { peerName: string; organisations: string[]; period: Period; figures: PeerFigures }): SafeHtml {
  const t = ctx.t.peer;
  return page(ctx, {
    title: t.summaryTitle,
    body: html`<article class="one-page-summary">
<h1>${t.summaryTitle}</h1>
<p><strong>${o.peerName}</strong> — ${o.organisations.join(', ')}</p>
<p>${t.summaryPeriod(formatDay(ctx.locale, o.period.from), formatDay(ctx.locale, o.period.to))}</p>
${figuresBlock(ctx, o.figures)}
<p class="hint">${t.summaryFooter}</p>
</article>
${periodForm(ctx, '/peer/summary', o.period)}
<p class="no-print"><button type="button" class="button" data-print data-js-only hidden>${t.print}</button></p>`,
  });
}

export function peerCitizenPage(ctx: ViewContext, citizenId: string, name: string, statements: StatementSummary[]): SafeHtml {
  const t = ctx.t.peer;
  return page(ctx, {
    title: name,
    body: html`<p><a href="/peer">${t.overviewTitle}</a></p><h1>${name}</h1>
<p class="button-row"><a class="button" href="/peer/sessions?citizen=${citizenId}#new-session">${t.logSessionWith(name)}</a></p>
<h2>${t.statements}</h2>
${statements.length ? html`<ul class="card-list">${statements.map((s) => html`<li class="card"><a href="/peer/statements/${s.id}">${sheetName(ctx.t, s.purpose)}</a> <span class="hint">${s.templateTitle[ctx.locale]}</span></li>`)}</ul>` : html`<p>${t.statementsNone}</p>`}`,
  });
}

export function peerStatementPage(
  ctx: ViewContext,
  statement: OpenStatement,
  suggestions: DecidedSuggestion[],
  o: { info?: string; errors?: Errors; values?: Record<string, string>; maySuggest?: boolean } = {},
): SafeHtml {
  const t = ctx.t.suggestions;
  const outcome = (s: DecidedSuggestion): [string, TagTone] =>
    s.status === 'open'
      ? [t.outcome.open, 'neutral']
      : s.status === 'rejected'
        ? [t.outcome.rejected(statement.ownerName), 'info']
        : s.status === 'edited'
          ? [t.outcome.edited(statement.ownerName), 'success']
          : s.appliedAs === 'replace'
            ? [t.outcome.replace(statement.ownerName), 'success']
            : [t.outcome.add(statement.ownerName), 'success'];
  const parts = [
    ...statement.template.steps.flatMap((s) => s.fields.map((f) => ({ key: f.key, label: f.label[ctx.locale] }))),
    { key: 'summary', label: statement.template.composition.title[ctx.locale] },
  ];
  return page(ctx, {
    title: t.peerTitle(statement.ownerName),
    body: html`<p><a href="/peer/citizens/${statement.ownerId}">${statement.ownerName}</a></p>
<h1>${t.peerTitle(statement.ownerName)}</h1>
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, o.errors ?? {})}
<p>${t.peerLead}</p>
${previewBlock(ctx, statement, statement.answers)}
${
  o.maySuggest === false
    ? html`<p>${t.noSuggesting(statement.ownerName)}</p>`
    : html`<h2>${t.suggestLabel}</h2>
<form method="post" action="/peer/statements/${statement.id}/suggestions" novalidate>
  ${csrfField(ctx)}
  ${selectField({ name: 'fieldKey', label: ctx.t.suggestions.suggestPart, value: o.values?.fieldKey ?? parts[0]!.key, options: parts.map((p) => ({ value: p.key, label: p.label })) })}
  ${textArea({ name: 'text', label: t.suggestLabel, value: o.values?.text ?? '', maxLength: 2000, rows: 4, error: o.errors?.text })}
  <button type="submit" class="button">${t.suggestButton}</button>
</form>`
}
${
  suggestions.length
    ? html`<h2>${t.yours}</h2><ul class="card-list">${[...suggestions].reverse().map((s) => {
        const [text, tone] = outcome(s);
        return html`<li class="card"><h3 class="card__title">${parts.find((p) => p.key === s.fieldKey)?.label ?? s.fieldKey}</h3><p>${tag(text, tone)} <span class="hint">${formatDate(ctx.locale, s.decidedAt ?? s.createdAt)}</span></p>${paragraphs(s.text)}</li>`;
      })}</ul>`
    : ''
}`,
  });
}

function partLabel(ctx: ViewContext, statement: OpenStatement, key: string): string {
  return key === 'summary'
    ? statement.template.composition.title[ctx.locale]
    : (statement.template.steps.flatMap((s) => s.fields).find((f) => f.key === key)?.label[ctx.locale] ?? key);
}

function textOrNothing(ctx: ViewContext, text: string): SafeHtml {
  return text.trim() ? paragraphs(text) : html`<p class="hint">${ctx.t.suggestions.nothingYet}</p>`;
}

/**
 * The difference word by word. The marks are underline and strike-through (they survive
 * greyscale print), and each carries words a screen reader says: colour is never the only cue.
 * Spaces around a change stay outside the mark.
 */
function differenceBlock(ctx: ViewContext, parts: DiffPart[]): SafeHtml {
  const t = ctx.t.suggestions;
  const mark = (p: DiffPart) => {
    if (p.kind === 'same') return html`${p.text}`;
    const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(p.text) ?? [];
    // Only a change of spacing: show the new spacing, never an empty mark.
    if (!core) return p.kind === 'added' ? html`${p.text}` : html``;
    const cue = p.kind === 'added' ? t.insertedCue : t.removedCue;
    const body = html`<span class="visually-hidden">${cue} </span>${core}<span class="visually-hidden"> ${t.cueEnd}</span>`;
    return html`${lead}${p.kind === 'added' ? html`<ins class="diff__in">${body}</ins>` : html`<del class="diff__out">${body}</del>`}${p.kind === 'added' ? trail : ''}`;
  };
  return html`<h3 class="suggestion__heading">${t.difference}</h3>
<p class="hint">${t.differenceHint}</p>
<p class="diff">${parts.map(mark)}</p>`;
}

function comparison(ctx: ViewContext, s: SuggestionToReview): SafeHtml {
  const t = ctx.t.suggestions;
  return html`<div class="compare">
  <div class="compare__side"><h3 class="suggestion__heading">${t.currentText}</h3>${textOrNothing(ctx, s.current)}</div>
  <div class="compare__side compare__side--new"><h3 class="suggestion__heading">${t.suggestedText}</h3>${paragraphs(s.text)}</div>
</div>`;
}

export function citizenSuggestionsPage(
  ctx: ViewContext,
  statement: OpenStatement,
  suggestions: SuggestionToReview[],
  o: { info?: string; linkedPeers: CitizensPeerLink[]; changedNow?: boolean; tooLong?: boolean },
): SafeHtml {
  const t = ctx.t.suggestions;
  const actor = ctx.actor;
  const together = actor.kind === 'user' ? actor.togetherWith : null;
  return page(ctx, {
    title: t.title,
    wide: true,
    body: html`<p><a href="/statements/${statement.id}/write/done">${sheetName(ctx.t, statement.purpose)}</a></p>
<h1>${t.title}</h1>
${o.info ? notice(o.info, 'success') : ''}
${o.changedNow ? notice(t.changedNow, 'warning') : ''}
${o.tooLong ? notice(t.tooLongFor, 'error') : ''}
${suggestions.length === 0 ? emptyState({ title: t.noneTitle, text: t.noneText, action: { href: `/statements/${statement.id}/write/done`, label: t.backToSheet } }) : ''}
${suggestions.map(
  (s) => html`<section class="card suggestion" aria-labelledby="sg-${s.id}">
  <h2 id="sg-${s.id}" class="card__title">${partLabel(ctx, statement, s.fieldKey)}</h2>
  <p class="hint">${t.fromPeer(s.authorName, formatDate(ctx.locale, s.createdAt))}</p>
  ${s.changedSince ? html`<p class="suggestion__changed"><strong>${t.changedSince}</strong></p>` : ''}
  ${comparison(ctx, s)}
  ${s.current.trim() ? differenceBlock(ctx, s.difference) : ''}
  <form method="post" action="/statements/${statement.id}/suggestions/${s.id}" novalidate>
    ${csrfField(ctx)}
    <input type="hidden" name="revision" value="${statement.revision}">
    <fieldset class="suggestion__choices">
      <legend class="suggestion__legend">${t.choose}</legend>
      <div class="button-row">
        <button type="submit" name="decision" value="replace" class="button">${s.current.trim() ? t.replace : t.use}</button>
        ${s.current.trim() ? html`<button type="submit" name="decision" value="add" class="button button--secondary">${t.add}</button>` : ''}
        <button type="submit" name="decision" value="edit" class="button button--secondary">${t.edit}</button>
        <button type="submit" name="decision" value="reject" class="button button--secondary">${t.reject}</button>
      </div>
    </fieldset>
  </form>
</section>`,
)}
<p><a href="/statements/${statement.id}/authorship">${t.trailLink}</a></p>
${
  o.linkedPeers.length
    ? html`<h2>${t.together}</h2>
  ${together ? notice(t.togetherOn(o.linkedPeers.find((p) => p.peerUserId === together)?.peerName ?? ''), 'info') : ''}
  <form method="post" action="/statements/together">
    ${csrfField(ctx)}
    <input type="hidden" name="returnTo" value="/statements/${statement.id}/suggestions">
    ${selectField({ name: 'peerId', label: t.togetherWith, value: together ?? '', options: [{ value: '', label: t.togetherNone }, ...o.linkedPeers.map((p) => ({ value: p.peerUserId, label: p.peerName }))] })}
    <button type="submit" class="button button--secondary">${t.togetherSave}</button>
  </form>`
    : ''
}`,
  });
}

/** The citizen's own edit of a suggestion: a plain form, so it works without JavaScript. */
export function suggestionEditPage(
  ctx: ViewContext,
  statement: OpenStatement,
  s: SuggestionToReview,
  o: { start: 'suggestion' | 'both'; text?: string; error?: string; changedNow?: boolean },
): SafeHtml {
  const t = ctx.t.suggestions;
  const base = `/statements/${statement.id}/suggestions/${s.id}/edit`;
  const start = o.start === 'both' && s.current.trim() ? `${s.current.trim()}\n\n${s.text}` : s.text;
  const errors: Errors = o.error ? { text: o.error } : {};
  return page(ctx, {
    title: t.editTitle,
    wide: true,
    body: html`<p><a href="/statements/${statement.id}/suggestions">${t.backToSuggestions}</a></p>
${errorSummary(ctx.t, errors)}
<h1>${t.editTitle}</h1>
${o.changedNow ? notice(t.changedNow, 'warning') : ''}
<p class="hint">${partLabel(ctx, statement, s.fieldKey)} · ${t.fromPeer(s.authorName, formatDate(ctx.locale, s.createdAt))}</p>
${s.changedSince ? html`<p class="suggestion__changed"><strong>${t.changedSince}</strong></p>` : ''}
${comparison(ctx, s)}
${
  s.current.trim()
    ? html`<nav aria-label="${t.startWith}"><p>${t.startWith}</p><ul class="inline-links">
  <li>${o.start === 'suggestion' ? html`<strong aria-current="page">${t.startWithSuggestion}</strong>` : html`<a href="${base}">${t.startWithSuggestion}</a>`}</li>
  <li>${o.start === 'both' ? html`<strong aria-current="page">${t.startWithBoth}</strong>` : html`<a href="${base}?start=both">${t.startWithBoth}</a>`}</li>
</ul></nav>`
    : ''
}
<form method="post" action="/statements/${statement.id}/suggestions/${s.id}" novalidate>
  ${csrfField(ctx)}
  <input type="hidden" name="revision" value="${statement.revision}">
  ${textArea({ name: 'text', label: t.editLabel, hint: t.editLead, value: o.text ?? start, rows: 8, error: errors.text })}
  <div class="button-row">
    <button type="submit" name="decision" value="edit" class="button">${t.saveEdit}</button>
    <a href="/statements/${statement.id}/suggestions">${t.backToSuggestions}</a>
  </div>
</form>`,
  });
}

export function authorshipPage(ctx: ViewContext, statement: OpenStatement, trail: TrailEntry[]): SafeHtml {
  const t = ctx.t.suggestions;
  const k = t.trailKinds;
  const labelOf = (key: string) =>
    key === 'summary'
      ? statement.template.composition.title[ctx.locale]
      : (statement.template.steps.flatMap((s) => s.fields).find((f) => f.key === key)?.label[ctx.locale] ?? key);
  const describe = (e: TrailEntry) =>
    e.kind === 'wrote'
      ? k.wrote(e.authorName)
      : e.kind === 'wrote_together'
        ? k.wrote_together(e.authorName, e.withName)
        : e.kind === 'suggested'
          ? k.suggested(e.authorName)
          : e.kind === 'accepted'
            ? k.accepted(e.authorName, e.withName)
            : e.kind === 'edited'
              ? k.edited(e.authorName, e.withName)
              : k.rejected(e.authorName, e.withName);
  return page(ctx, {
    title: t.trailTitle,
    body: html`<p><a href="/statements/${statement.id}/write/done">${sheetName(ctx.t, statement.purpose)}</a></p>
<h1>${t.trailTitle}</h1>
<p>${t.trailLead}</p>
${trail.length === 0 ? html`<p>${t.trailNone}</p>` : html`<ol class="trail">${trail.map((e) => html`<li class="trail__item trail__item--${e.kind}"><p><strong>${describe(e)}</strong> · ${labelOf(e.fieldKey)} · <span class="hint">${formatWhen(ctx, e.at)}</span></p>${e.excerpt ? html`<blockquote>${paragraphs(e.excerpt)}</blockquote>` : ''}</li>`)}</ol>`}`,
  });
}

export function linkCodePage(ctx: ViewContext, o: { code?: string; invalid?: boolean } = {}): SafeHtml {
  const t = ctx.t.link;
  const errors: Errors = o.invalid ? { code: t.invalid } : {};
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${errorSummary(ctx.t, errors)}
<p>${t.lead}</p>
<form method="get" action="/link" novalidate>
  ${textField({ name: 'code', label: t.code, hint: t.codeHint, value: o.code ?? '', error: errors.code, maxLength: 20, autocomplete: 'off' })}
  <button type="submit" class="button">${t.next}</button>
</form>
<p>${t.noCode} <a href="/peers">${ctx.t.findPeer.navLabel}</a></p>`,
  });
}

export function consentPage(
  ctx: ViewContext,
  o: { code: string; peerName: string; organisationName: string; version: string; missing?: boolean; statements: { id: string; purpose: string }[] },
): SafeHtml {
  const t = ctx.t.link;
  const errors: Errors = o.missing ? { consent: t.consentMissing } : {};
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.consentTitle(o.peerName, o.organisationName)}</h1>
${errorSummary(ctx.t, errors)}
<p>${t.consentLead}</p>
<ul>${t.consentItems.map((i) => html`<li>${i}</li>`)}</ul>
<p>${t.consentNot}</p>
<p>${t.consentWithdraw}</p>
<form method="post" action="/link" novalidate>
  ${csrfField(ctx)}
  <input type="hidden" name="code" value="${o.code}">
  <input type="hidden" name="wordingVersion" value="${o.version}">
  ${sheetChoicesFields(ctx, o.peerName, o.statements, { allSheets: false, sheetIds: o.statements.map((s) => s.id), maySuggest: true })}
  <div class="checkbox${o.missing ? ' field--error' : ''}" id="field-consent"><input type="checkbox" id="consent" name="consent" value="yes"${o.missing ? html` aria-invalid="true" aria-describedby="error-consent"` : ''}><label for="consent">${t.consentCheckbox}</label></div>
  ${o.missing ? html`<p class="error-message" id="error-consent">${t.consentMissing}</p>` : ''}
  <button type="submit" class="button">${t.accept}</button>
</form>`,
  });
}

export function myPeersPage(
  ctx: ViewContext,
  o: {
    links: CitizensPeerLink[];
    events: ConsentEvent[];
    notes: NoteFromPeer[];
    requests: PeerRequestView[];
    info?: string;
  },
): SafeHtml {
  const t = ctx.t.link;
  const active = o.links.filter((l) => !l.withdrawnAt);
  return page(ctx, {
    title: t.myPeersTitle,
    body: html`<h1>${t.myPeersTitle}</h1>
${o.info ? notice(o.info, 'success') : ''}
${
  active.length
    ? html`<ul class="card-list">${active.map(
        (
          l,
        ) => html`<li class="card"><h2 class="card__title">${l.peerName}</h2><p class="hint">${l.organisationName} · ${t.since} ${formatWhen(ctx, l.consentedAt)}</p>
  <ul><li>${l.allSheets ? t.readsAll : t.readsSome(l.sheetIds.length)}</li><li>${l.maySuggest ? t.suggests : t.noSuggesting}</li></ul>
  <p><a href="/account/peers/${l.id}">${t.changeChoices(l.peerName)}</a></p>
  <form method="post" action="/account/peers/${l.id}/withdraw">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.withdraw}</button></form></li>`,
      )}</ul>`
    : html`<p>${t.myPeersNone}</p>`
}
<p><a href="/link">${t.linkAnother}</a></p>
<p><a href="/account/peer-sessions">${ctx.t.aboutMe.homeLink}</a></p>
${myRequestsBlock(ctx, o.requests)}
${o.notes.length ? html`<h2>${ctx.t.sessions.notesFromPeers}</h2>${o.notes.map((n) => html`<article class="card"><h3 class="card__title">${formatDay(ctx.locale, n.day)} — ${n.peerName}</h3>${paragraphs(n.note)}</article>`)}` : ''}
${o.events.length ? html`<h2>${t.history}</h2><ul>${o.events.map((e) => html`<li>${formatWhen(ctx, e.at)}: ${e.kind === 'given' ? t.given : e.kind === 'changed' ? t.changedEvent : t.withdrawnEvent}</li>`)}</ul>` : ''}`,
  });
}

/** The citizen changes what one peer may read and do. */
export function peerChoicesPage(ctx: ViewContext, link: CitizensPeerLink, statements: { id: string; purpose: string }[]): SafeHtml {
  const t = ctx.t.link;
  return page(ctx, {
    title: t.choicesTitle(link.peerName),
    body: html`${pageHeader({ title: t.choicesTitle(link.peerName), back: { href: '/account/peers', label: t.myPeersTitle }, lead: t.choicesLead })}
<form method="post" action="/account/peers/${link.id}" novalidate>
  ${csrfField(ctx)}
  ${sheetChoicesFields(ctx, link.peerName, statements, link)}
  <button type="submit" class="button">${t.save}</button>
</form>
<form method="post" action="/account/peers/${link.id}/withdraw">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.withdraw}</button></form>`,
  });
}

export function volunteersPage(
  ctx: ViewContext,
  orgId: string,
  counts: VolunteerCount[],
  peers: { userId: string; name: string }[],
  period: Period,
  info?: string,
): SafeHtml {
  const t = ctx.t.volunteers;
  return page(ctx, {
    title: t.title,
    body: html`<p><a href="/organisation/${orgId}">${ctx.t.organisation.title}</a></p>
<h1>${t.title}</h1>
${info ? notice(info, 'success') : ''}
<p>${t.lead}</p>
${periodForm(ctx, `/organisation/${orgId}/volunteers`, period)}
<table><thead><tr><th scope="col">${t.peer}</th><th scope="col">${t.sessions}</th><th scope="col">${t.minutes}</th></tr></thead>
<tbody>${counts.map((r) => html`<tr><td>${r.name ?? t.left} (${r.volunteer ? t.volunteer : t.paid})</td><td>${r.sessions}</td><td>${r.minutes}</td></tr>`)}</tbody></table>
<h2>${t.remove}</h2>
<ul>${peers.map((m) => html`<li>${m.name} <form method="post" action="/organisation/${orgId}/members/${m.userId}/remove" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">${t.remove}<span class="visually-hidden">: ${m.name}</span></button></form></li>`)}</ul>`,
  });
}
