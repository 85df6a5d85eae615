import { html, trusted, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import {
  checkboxGroup,
  copyableText,
  errorSummary,
  radioGroup,
  notice,
  selectField,
  textArea,
  textField,
  formatDay,
  wideTable,
  type Errors,
} from '../components.ts';
import { barChart } from '../chart.ts';
import { formatMonth } from '../../i18n/dates.ts';
import type { ViewContext } from '../view-context.ts';
import type { RoundReport, ItemReport, Period, ReleaseItem } from '../../services/evaluation/reports.ts';
import type { EvaluationHome, RoundOverview } from '../../services/evaluation/overview.ts';
import type { RoundSummary } from '../../services/evaluation/rounds.ts';
import type { PollResults } from '../../services/evaluation/polls.ts';
import type { OpenQuestionnaire } from '../../services/evaluation/responses.ts';
import type { ShownActivityMonth } from '../../../domain/evaluation/disclosure/activity.ts';
import type { Answers, Item } from '../../../domain/evaluation/questionnaire.ts';
import { sliderChoices } from '../../../domain/evaluation/questionnaire.ts';
import { showNumber } from '../../../domain/evaluation/questionnaire-form.ts';
import type { AnswerProblem, ResponseError } from '../../../domain/evaluation/questionnaire-responses.ts';
import type { Messages } from '../../i18n/messages.ts';
import { invitationsLink, roundConsentSections } from './round-invitations.ts';
import type { SuppressedCount, TableEntry } from '../../../domain/evaluation/disclosure/suppression.ts';

/** A count as shown, or "hidden": a hidden count may be small, or hidden so that a small one
 * cannot be worked out, or one of answers all alike, so it is never labelled as small. */
export function shownCount(ctx: ViewContext, c: SuppressedCount | TableEntry): string {
  return c.kind === 'value' ? String(c.value) : ctx.t.evaluation.hidden;
}

export function evaluationHomePage(
  ctx: ViewContext,
  o: EvaluationHome & {
    roundErrors?: Errors;
    pollErrors?: Errors;
    values?: Record<string, string>;
  },
): SafeHtml {
  const t = ctx.t.evaluation;
  const today = ctx.today;
  return page(ctx, {
    title: t.title,
    body: html`<p><a href="/organisation/${o.orgId}">${ctx.t.organisation.title}</a></p>
<h1>${t.title}</h1>
${invitationsLink(ctx, o.orgId, o.pendingInvitations)}
<h2>${t.rounds}</h2>
${o.rounds.length ? html`<ul class="card-list">${o.rounds.map((r) => html`<li class="card"><a href="/rounds/${r.id}">${r.title}</a> <span class="hint">${r.organisationName}</span></li>`)}</ul>` : html`<p>${t.roundsNone}</p>`}
<h2>${t.newRound}</h2>
${errorSummary(ctx.t, o.roundErrors ?? {})}
<form method="post" action="/organisation/${o.orgId}/rounds" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'title', label: t.roundTitle, value: o.values?.title ?? '', maxLength: 200, error: o.roundErrors?.title })}
  ${textArea({ name: 'method', label: t.method, hint: t.methodHint, value: o.values?.method ?? '', maxLength: 2000, rows: 3 })}
  ${textField({ name: 'startsOn', label: t.startsOn, type: 'date', value: o.values?.startsOn ?? today, error: o.roundErrors?.startsOn })}
  ${textField({ name: 'endsOn', label: t.endsOn, type: 'date', value: o.values?.endsOn ?? '', error: o.roundErrors?.endsOn })}
  ${o.sites.length ? checkboxGroup({ name: 'siteIds', legend: t.sites, idPrefix: 'site', options: o.sites.map((s) => ({ value: s.id, label: `${s.name} (${s.organisationName})` })) }) : ''}
  ${o.peers.length ? checkboxGroup({ name: 'peerIds', legend: t.peers, idPrefix: 'peer', options: o.peers.map((p) => ({ value: p.id, label: p.chosenName })) }) : ''}
  ${o.otherOrgs.length ? checkboxGroup({ name: 'joinedOrganisationIds', legend: t.joined, hint: t.joinedHint, idPrefix: 'org', options: o.otherOrgs.map((x) => ({ value: x.id, label: x.name })) }) : ''}
  <button type="submit" class="button">${t.createRound}</button>
</form>
<h2>${t.questionnaires}</h2>
<ul>${o.questionnaires.map((q) => html`<li>${q.questionnaire.title[ctx.locale]} — ${t.audiences[q.questionnaire.audience]}, ${t.version} ${q.questionnaire.version}${q.hasAnswers ? html` <span class="hint">(${t.locked})</span>` : ''} · ${q.organisationId === o.orgId ? html`<a href="/organisation/${o.orgId}/questionnaires/${q.id}/edit">${ctx.t.questionnaireEditor.editLink(q.questionnaire.title[ctx.locale])}</a>` : html`<a href="/organisation/${o.orgId}/questionnaires/new?from=${q.id}">${ctx.t.questionnaireEditor.startFromLink(q.questionnaire.title[ctx.locale])}</a>`}</li>`)}</ul>
<p><a class="button button--secondary" href="/organisation/${o.orgId}/questionnaires/new">${ctx.t.questionnaireEditor.newLink}</a></p>
<h2>${t.polls}</h2>
${o.polls.length ? html`<ul>${o.polls.map((p) => html`<li><a href="/polls/${p.id}">${p.text ?? p.code}</a> (${p.code})</li>`)}</ul>` : ''}
<h3>${t.newPoll}</h3>
${errorSummary(ctx.t, o.pollErrors ?? {})}
<form method="post" action="/organisation/${o.orgId}/polls" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'text', label: t.pollQuestion, maxLength: 300, error: o.pollErrors?.text })}
  ${textArea({ name: 'options', label: t.pollOptions, rows: 4, maxLength: 900 })}
  ${selectField({ name: 'roundId', label: t.pollRound, options: [{ value: '', label: t.pollNoRound }, ...o.rounds.map((r) => ({ value: r.id, label: r.title }))] })}
  <button type="submit" class="button">${t.createPoll}</button>
</form>`,
  });
}

export function roundPage(
  ctx: ViewContext,
  o: Omit<RoundOverview, 'questionnaires'> & {
    questionnaires: { id: string; title: string; audience: string }[];
    created?: { url: string; qrSvg: SafeHtml };
  },
): SafeHtml {
  const t = ctx.t.evaluation;
  const r = o.round;
  return page(ctx, {
    title: r.title,
    body: html`<p><a href="/organisation/${r.organisationId}/evaluation">${t.back}</a></p>
<h1>${r.title}</h1>
<p>${r.method}</p>
<p>${formatDay(ctx.locale, r.startsOn)} – ${formatDay(ctx.locale, r.endsOn)}</p>
<p><a class="button" href="/rounds/${r.id}/report">${t.openReport}</a></p>
${o.polls?.length ? html`<h2>${t.polls}</h2>${o.polls.map((p, i) => pollResult(ctx, p, p.question.text, `round-poll-${i}`))}` : ''}
<h2>${t.sites}</h2>${o.sites.length ? html`<ul>${o.sites.map((s) => html`<li>${s.name}</li>`)}</ul>` : html`<p>—</p>`}
<h2>${t.peers}</h2>${o.peers.length ? html`<ul>${o.peers.map((p) => html`<li>${p.chosenName}</li>`)}</ul>` : html`<p>—</p>`}
${roundConsentSections(ctx, r.id, o.consent, o.canManage)}
${
  o.canManage
    ? html`<h2>${t.distributeTitle}</h2>
  ${o.created ? html`<div class="notice notice--success" role="status"><p>${t.linkCreated}</p><p>${copyableText(ctx.t, o.created.url)}</p><div class="qr">${o.created.qrSvg}</div></div>` : ''}
  <p>${t.distributeLead}</p>
  <form method="post" action="/rounds/${r.id}/distributions" novalidate>
    ${csrfField(ctx)}
    ${selectField({ name: 'questionnaireId', label: t.questionnaire, options: o.questionnaires.map((q) => ({ value: q.id, label: `${q.title} (${t.audiences[q.audience]})` })) })}
    ${selectField({ name: 'mode', label: t.mode, options: ['anonymous', 'pseudonymous', 'identified'].map((m) => ({ value: m, label: t.modes[m]! })) })}
    ${selectField({ name: 'siteId', label: t.site, options: [{ value: '', label: t.allSites }, ...o.sites.map((s) => ({ value: s.id, label: s.name }))] })}
    <button type="submit" class="button">${t.createLink}</button>
  </form>
  ${o.distributions.length ? html`<h3>${t.links}</h3><ul>${o.distributions.map((d) => html`<li>${d.title[ctx.locale]} — ${t.modes[d.mode]}${d.siteName ? html` — ${d.siteName}` : ''}</li>`)}</ul>` : ''}
  <h2>${t.exports}</h2>
  <ul>
    <li><a href="/rounds/${r.id}/export.csv">${t.csv}</a></li>
    <li><a href="/rounds/${r.id}/codebook.csv">${t.codebook}</a></li>
    <li><a href="/rounds/${r.id}/fhir.json">${t.fhir}</a></li>
    <li><a href="/rounds/${r.id}/report.pdf">${t.pdf}</a></li>
  </ul>`
    : ''
}`,
  });
}

function itemBlock(ctx: ViewContext, item: ItemReport, k: number, idPrefix: string): SafeHtml {
  const t = ctx.t.evaluation;
  const lang = ctx.locale;
  const charted = item.options.length > 0 && item.options.every((o) => o.count.kind === 'value');
  const table = html`<table class="figures-table"><thead><tr><th scope="col">${t.answer}</th><th scope="col">${t.answerCount}</th><th scope="col">%</th></tr></thead><tbody>${item.options.map(
    (o) =>
      html`<tr><th scope="row">${o.label[lang]}</th><td>${shownCount(ctx, o.count)}</td><td>${o.percent === null ? '—' : `${Math.round(o.percent)} %`}</td></tr>`,
  )}</tbody></table>`;
  return html`<section class="report-item">
  <h4>${item.text[lang]}</h4>
  <p class="hint">${t.respondents}: ${shownCount(ctx, item.respondents)}${item.mean ? html` · ${t.mean}: ${item.mean.kind === 'value' ? formatMean(ctx, item.mean.value) : t.hidden}` : ''}</p>
  ${
    item.options.length
      ? html`${
          // With every count released the chart carries the figures (count and share) and the
          // table is for screen readers only; with a hidden count the table alone shows them.
          charted
            ? barChart(
                item.text[lang],
                item.options.map((o) => ({
                  label: o.label[lang],
                  value: o.count.kind === 'value' ? o.count.value : 0,
                  valueText: `${shownCount(ctx, o.count)}${o.percent === null ? '' : ` (${Math.round(o.percent)} %)`}`,
                })),
                `${idPrefix}-${item.key}`,
                // The question stands in the heading above: the caption names the chart for
                // screen readers without showing the question a second time.
                { dataTable: false, axisLabel: t.chartAxisAnswers, captionHidden: true },
              )
            : ''
        }${charted ? html`<div class="visually-hidden">${table}</div>` : table}`
      : ''
  }
  ${
    item.type === 'freeText'
      ? item.texts
        ? html`<ul class="free-text">${item.texts.map((x) => html`<li>${x}</li>`)}</ul>`
        : html`<p class="hint">${item.textsHidden === 'wholeRoundOnly' ? t.freeTextWholeRoundOnly : t.freeTextHidden(k)}</p>`
      : ''
  }
</section>`;
}

export function formatMean(ctx: ViewContext, value: number): string {
  return value.toFixed(1).replace('.', ctx.locale === 'da' ? ',' : '.');
}

/** A release as people read it, in the filters and the line above them: the day it was made
 * ("3. december 2026"), or the round's start. The day alone fits a phone's select box. Two
 * releases on one day are told apart by their order that day. */
function releaseDay(ctx: ViewContext, releases: readonly ReleaseItem[], n: number): string {
  const r = releases.find((x) => x.number === n);
  if (!r) return ctx.t.evaluation.releaseStart;
  const day = formatDay(ctx.locale, r.madeOn);
  const sameDay = releases.filter((x) => formatDay(ctx.locale, x.madeOn) === day);
  return sameDay.length > 1 ? ctx.t.evaluation.releaseOfDay(day, sameDay.indexOf(r) + 1) : day;
}

export function periodLabel(ctx: ViewContext, releases: readonly ReleaseItem[], p: Period): string {
  return ctx.t.evaluation.periodLine(releaseDay(ctx, releases, p.from), releaseDay(ctx, releases, p.to));
}

/** Means side by side for two periods; a change only where both sides are shown. */
function comparisonBlock(ctx: ViewContext, r: RoundReport, period: Period): SafeHtml {
  const t = ctx.t.evaluation;
  const c = r.comparison!;
  const fmtMean = (m: ItemReport['mean']) => (m === null ? '—' : m.kind === 'value' ? formatMean(ctx, m.value) : t.hidden);
  const a = periodLabel(ctx, r.releases, period);
  const b = periodLabel(ctx, r.releases, c.period);
  return html`<h2>${t.comparison}</h2>
<p>${t.comparisonLead(a, b)}</p>
${r.questionnaires.map((q) => {
  const other = c.questionnaires.find((x) => x.id === q.id);
  const rows = q.items.filter((i) => i.mean !== null);
  if (!rows.length) return html``;
  return wideTable(
    q.questionnaire.title[ctx.locale],
    html`<table><caption>${q.questionnaire.title[ctx.locale]}</caption>
  <thead><tr><th scope="col">${t.question}</th><th scope="col">${a}</th><th scope="col">${b}</th><th scope="col">${t.change}</th></tr></thead>
  <tbody>${rows.map((item) => {
    const o = other?.items.find((x) => x.key === item.key);
    const m1 = item.mean;
    const m2 = o?.mean ?? null;
    const change = m1?.kind === 'value' && m2?.kind === 'value' ? formatMean(ctx, m2.value - m1.value) : '—';
    return html`<tr><th scope="row">${item.text[ctx.locale]}</th><td>${fmtMean(m1)}</td><td>${fmtMean(m2)}</td><td>${change}</td></tr>`;
  })}</tbody></table>`,
  );
})}`;
}

function activityBlock(ctx: ViewContext, r: RoundReport): SafeHtml {
  const t = ctx.t.evaluation;
  const months = r.activity.months;
  const nothing = (c: SuppressedCount) => c.kind === 'value' && c.value === 0;
  const quiet = months.every((m) => nothing(m.statements) && nothing(m.meetings) && nothing(m.checkIns) && nothing(m.sessions));
  // Session breakdowns only where there were sessions: eleven rows of zeros say nothing.
  const anySessions = months.some((m) => !nothing(m.sessions));
  const byMonth = (caption: string, columns: { key: string; label: string }[], cells: (m: ShownActivityMonth) => SuppressedCount[]) =>
    wideTable(
      caption,
      html`<table class="figures-table"><caption>${caption}</caption><thead><tr><th scope="col">${t.month}</th>${columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>${months.map((m) => html`<tr><th scope="row">${formatMonth(ctx.locale, m.month)}</th>${cells(m).map((c) => html`<td>${shownCount(ctx, c)}</td>`)}</tr>`)}</tbody></table>`,
    );
  return html`<h2>${t.activity}</h2>
<p class="hint">${t.activityNote}</p>
${
  months.length === 0
    ? html`<p>${t.activityNone}</p>`
    : quiet
      ? html`<p>${t.activityQuiet}</p>`
      : html`${byMonth(
          t.activityByMonth,
          [t.statements, t.meetings, t.checkIns, t.sessions].map((label) => ({ key: label, label })),
          (m) => [m.statements, m.meetings, m.checkIns, m.sessions],
        )}
${
  anySessions
    ? html`${byMonth(
        t.sessionsByKind,
        months[0]!.sessionsByKind.map((x) => ({ key: x.key, label: ctx.t.kinds[x.key as keyof typeof ctx.t.kinds] })),
        (m) => m.sessionsByKind.map((x) => x.count),
      )}
${byMonth(
  t.sessionsByTheme,
  months[0]!.sessionsByTheme.map((x) => ({ key: x.key, label: ctx.t.themes[x.key as keyof typeof ctx.t.themes] })),
  (m) => m.sessionsByTheme.map((x) => x.count),
)}`
    : ''
}`
}`;
}

export function reportPage(ctx: ViewContext, o: { round: RoundSummary; sites: { id: string; name: string }[]; report: RoundReport }): SafeHtml {
  const t = ctx.t.evaluation;
  const r = o.report;
  const k = r.k;
  const siteName = r.siteId ? (o.sites.find((s) => s.id === r.siteId)?.name ?? '') : null;
  const releaseOptions = (from: boolean) =>
    [...(from ? [0] : []), ...r.releases.map((x) => x.number)].map((n) => ({ value: String(n), label: releaseDay(ctx, r.releases, n) }));
  const shown = r.period
    ? [
        siteName ?? t.allSites,
        periodLabel(ctx, r.releases, r.period),
        ...(r.comparison ? [t.comparedWith(periodLabel(ctx, r.releases, r.comparison.period))] : []),
      ]
    : [];
  return page(ctx, {
    title: t.reportTitle(o.round.title),
    wide: true,
    body: html`<p class="no-print"><a href="/rounds/${o.round.id}">${o.round.title}</a></p>
<h1>${t.reportTitle(o.round.title)}</h1>
<p class="hint">${t.releaseNote(k)}</p>
<p class="hint">${t.suppressionNote(k)}</p>
${siteName ? html`<p class="hint">${t.siteNote}</p>` : ''}
${
  r.period
    ? html`<p class="filter-summary">${t.showing(shown.join(' · '))}</p>
<form method="get" action="/rounds/${o.round.id}/report" class="no-print">
<fieldset class="filter-group">
  <legend class="filter-group__legend">${t.filter}</legend>
  <div class="filter-group__fields">
  ${selectField({ name: 'site', label: t.site, value: r.siteId ?? '', options: [{ value: '', label: t.allSites }, ...o.sites.map((s) => ({ value: s.id, label: s.name }))] })}
  <div class="filter-group__gap" aria-hidden="true"></div>
  ${selectField({ name: 'from', label: t.from, value: String(r.period.from), options: releaseOptions(true) })}
  ${selectField({ name: 'to', label: t.to, value: String(r.period.to), options: releaseOptions(false) })}
  ${selectField({ name: 'compareFrom', label: t.compareFrom, value: r.comparison ? String(r.comparison.period.from) : '', options: [{ value: '', label: t.noComparison }, ...releaseOptions(true)] })}
  ${selectField({ name: 'compareTo', label: t.compareTo, value: r.comparison ? String(r.comparison.period.to) : '', options: [{ value: '', label: t.noComparison }, ...releaseOptions(false)] })}
  </div>
  <button type="submit" class="button button--secondary">${t.show}</button>
</fieldset>
</form>`
    : html`<p>${t.noReleaseYet(k)}</p>`
}
${activityBlock(ctx, r)}
${
  r.period
    ? html`<table class="figures-table figures-table--narrow"><caption>${t.whoAnswered}</caption><tbody>${r.activity.respondentsByAudience.map((x) => html`<tr><th scope="row">${t.audiences[x.audience]}</th><td>${shownCount(ctx, x.count)}</td></tr>`)}</tbody></table>`
    : ''
}
${r.comparison && r.period ? comparisonBlock(ctx, r, r.period) : ''}
${r.period && r.questionnaires.length === 0 ? html`<p>${t.noAnswers}</p>` : ''}
${r.questionnaires.map(
  (q, qi) => html`<h2>${q.questionnaire.title[ctx.locale]}</h2>
  <p class="hint">${t.respondents}: ${shownCount(ctx, q.respondents)}</p>
  ${q.items.map((item) => itemBlock(ctx, item, k, `q${qi}`))}`,
)}
<p class="no-print"><button type="button" class="button" data-print data-js-only hidden>${t.print}</button> <a href="/rounds/${o.round.id}/report.pdf">${t.pdf}</a></p>`,
  });
}

/** One question as those who answer see it; the questionnaire builder's preview draws it too. */
export function surveyItemInput(ctx: ViewContext, item: Item, answers: Answers, errors: Map<string, string>): SafeHtml {
  const lang = ctx.locale;
  const s = ctx.t.survey;
  if (item.type === 'display') return html`<p class="survey-display">${item.text[lang]}</p>`;
  const error = errors.get(item.key);
  const id = `field-${item.key}`;
  const label = html`${item.text[lang]}${item.required ? html` <span class="optional">${s.required}</span>` : ''}`;
  const value = answers[item.key];
  const errorHtml = error ? html`<p class="error-message" id="error-${item.key}">${error}</p>` : '';
  // A number typed in a text box: a number question, or a scale too long to offer as choices.
  const numberInput = (current: string, hint?: string) => {
    const describedBy = [hint ? `hint-${item.key}` : '', error ? `error-${item.key}` : ''].filter(Boolean).join(' ');
    return html`<div class="field${error ? ' field--error' : ''}"><label for="${id}">${label}</label>${hint ? html`<p class="hint" id="hint-${item.key}">${hint}</p>` : ''}${errorHtml}<input type="text" inputmode="decimal" id="${id}" name="${item.key}" value="${current}"${error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}></div>`;
  };
  switch (item.type) {
    case 'singleChoice':
    case 'yesNo': {
      const options =
        item.type === 'yesNo'
          ? [
              { value: 'yes', label: { da: s.yes, en: s.yes } },
              { value: 'no', label: { da: s.no, en: s.no } },
            ]
          : item.options;
      const current = item.type === 'yesNo' ? (value === true ? 'yes' : value === false ? 'no' : '') : String(value ?? '');
      return radioGroup({
        name: item.key,
        legend: label,
        error,
        value: current,
        inline: item.type === 'yesNo',
        options: options.map((o) => ({ value: o.value, label: o.label[lang] })),
      });
    }
    case 'multipleChoice': {
      const current = Array.isArray(value) ? value : [];
      return checkboxGroup({
        name: item.key,
        legend: label,
        error,
        values: current,
        options: item.options.map((o) => ({ value: o.value, label: o.label[lang] })),
      });
    }
    case 'number':
      return numberInput(value === undefined ? '' : String(value));
    case 'slider': {
      // Never a range control: it always holds a value, so a person who did not touch it would
      // answer its lowest. A short scale is a row of choices, a long one a number to write.
      const ends = `${item.minLabel[lang]} (${showNumber(item.min, lang)}) – ${item.maxLabel[lang]} (${showNumber(item.max, lang)})`;
      const current = typeof value === 'number' ? String(value) : '';
      const choices = sliderChoices(item);
      if (choices)
        return radioGroup({
          name: item.key,
          legend: label,
          hint: ends,
          error,
          value: current,
          inline: true,
          options: choices.map((v) => ({ value: String(v), label: showNumber(v, lang) })),
        });
      return numberInput(current, ends);
    }
    case 'freeText':
      return textArea({
        name: item.key,
        label: item.text[lang],
        value: typeof value === 'string' ? value : '',
        maxLength: item.maxLength,
        rows: 4,
        error,
        optionalLabel: item.required ? s.required : '',
      });
  }
}

/** One answer's problem, in the reader's language. */
export function answerProblemText(t: Messages, p: AnswerProblem): string {
  const texts = t.survey.answerProblems;
  switch (p.code) {
    case 'outOfRange':
      return texts.outOfRange(p.min, p.max);
    case 'tooLong':
      return texts.tooLong(p.length, p.max);
    case 'unknownItem':
    case 'displayOnly':
      return texts[p.code](p.key);
    default:
      return texts[p.code];
  }
}

export function surveyPage(
  ctx: ViewContext,
  o: {
    open: OpenQuestionnaire;
    action: string;
    submissionKey: string;
    answers?: Answers;
    errors?: ResponseError[];
    consentMissing?: boolean;
    pseudonymInvalid?: boolean;
    pseudonym?: string;
  },
): SafeHtml {
  const s = ctx.t.survey;
  const q = o.open.questionnaire;
  const errors = new Map((o.errors ?? []).map((e) => [e.item, answerProblemText(ctx.t, e.problem)]));
  // The summary names each question: "Dette spørgsmål skal besvares." alone says not which.
  const textOf = new Map(q.items.map((item) => [item.key, item.text[ctx.locale]]));
  const summary: Errors = Object.fromEntries([...errors].map(([key, problem]) => [key, textOf.has(key) ? s.problemIn(textOf.get(key)!, problem) : problem]));
  if (o.consentMissing) summary.consent = s.consentMissing;
  if (o.pseudonymInvalid) summary.pseudonym = s.pseudonymInvalid;
  return page(ctx, {
    title: q.title[ctx.locale],
    body: html`<h1>${q.title[ctx.locale]}</h1>
${errorSummary(ctx.t, summary)}
<p>${q.intro[ctx.locale]}</p>
<p class="hint">${s.intro}</p>
<p class="hint">${o.open.mode === 'anonymous' ? s.anonymousNote : o.open.mode === 'identified' ? s.identifiedNote : ''}</p>
<form method="post" action="${o.action}" novalidate>
  ${csrfField(ctx)}
  <input type="hidden" name="submissionKey" value="${o.submissionKey}">
  ${o.open.mode === 'pseudonymous' ? textField({ name: 'pseudonym', label: s.pseudonym, hint: s.pseudonymHint, value: o.pseudonym ?? '', maxLength: 20, error: o.pseudonymInvalid ? s.pseudonymInvalid : undefined, autocomplete: 'off' }) : ''}
  ${q.items.map((item) => surveyItemInput(ctx, item, o.answers ?? {}, errors))}
  ${q.audience === 'citizen' ? html`<div class="checkbox${o.consentMissing ? ' field--error' : ''}" id="field-consent"><input type="checkbox" id="consent" name="consent" value="yes"><label for="consent">${s.consent}</label></div>` : ''}
  <button type="submit" class="button">${s.submit}</button>
</form>`,
  });
}

export function simpleMessagePage(ctx: ViewContext, title: string, text: string): SafeHtml {
  return page(ctx, { title, body: html`<h1>${title}</h1><p>${text}</p>` });
}

export function presenterPage(
  ctx: ViewContext,
  poll: PollResults,
  join: { address: string; fullAddress: string; qrSvg: SafeHtml },
  projector = false,
): SafeHtml {
  const t = ctx.t.evaluation;
  // Live without JavaScript: the page reloads itself while the poll is open; with JavaScript the
  // client swaps in the results instead ([data-poll-live]). Only here and on the projector view.
  const refresh = poll.open ? trusted('<noscript><meta http-equiv="refresh" content="5"></noscript>') : '';
  if (projector)
    return page(ctx, {
      title: poll.question.text,
      wide: true,
      body: html`${refresh}<div class="projector"${poll.open ? html` data-poll-live` : ''}>
<h1 class="projector__question">${poll.question.text}</h1>
<div class="projector__grid">
${
  poll.open
    ? html`<div class="projector__join"><div class="qr projector__qr">${join.qrSvg}</div>
  <p>${t.presenterScan}</p>
  <p class="projector__address">${t.presenterGoTo} <strong>${join.fullAddress}</strong></p>
  <p class="poll-code"><span>${t.presenterCode}</span> <strong>${poll.code}</strong></p></div>`
    : ''
}
<div class="projector__results" data-poll-results>${pollResult(ctx, poll, null, 'poll')}${poll.open ? '' : html`<p><strong>${t.closed}</strong></p>`}</div>
</div>
<p class="projector__back"><a href="/polls/${poll.id}">${t.projectorBack}</a></p>
</div>`,
    });
  return page(ctx, {
    title: poll.question.text,
    wide: true,
    body: html`${refresh}
<h1>${poll.question.text}</h1>
${
  poll.open
    ? html`<div class="poll-join"><div class="qr">${join.qrSvg}</div><div><p class="lead">${t.presenterLead(join.fullAddress, join.address, poll.code)}</p><p class="poll-code"><span class="hint">${t.presenterCode}</span> <strong>${poll.code}</strong></p></div></div>`
    : ''
}
<p><a class="button" href="/polls/${poll.id}?projector=1">${t.projectorOpen}</a></p>
<div data-poll-results${poll.open ? html` data-poll-live` : ''}>
${pollResult(ctx, poll, null, 'poll')}
</div>
<p class="hint">${t.pollSteps(poll.k)}</p>
${
  poll.open
    ? html`<p class="hint">${t.refreshHint}</p><form method="post" action="/polls/${poll.id}/close">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.closePoll}</button></form>`
    : notice(t.closed, 'info')
}`,
  });
}

export function pollCodePage(ctx: ViewContext, unknown = false): SafeHtml {
  const s = ctx.t.survey;
  const errors: Errors = unknown ? { code: s.pollUnknown } : {};
  return page(ctx, {
    title: s.pollTitle,
    body: html`<h1>${s.pollTitle}</h1>${errorSummary(ctx.t, errors)}
<form method="get" action="/p" novalidate>${textField({ name: 'code', label: s.pollCode, hint: s.pollCodeHint, maxLength: 10, error: errors.code, autocomplete: 'off' })}<button type="submit" class="button">${s.pollGo}</button></form>`,
  });
}

/** A released result as a chart, or why there is none yet. */
function pollResult(ctx: ViewContext, poll: PollResults, heading: string | null, id: string): SafeHtml {
  const t = ctx.t.evaluation;
  const r = poll.result;
  if (r.kind === 'notYet') return html`${heading ? html`<h3>${heading}</h3>` : ''}<p>${t.pollNotYet(poll.k)}</p>`;
  return barChart(
    heading ? `${heading} (${t.votes}: ${r.total})` : `${t.votes}: ${r.total}`,
    poll.question.options.map((label, i) => {
      const e = r.options[i];
      return e?.kind === 'value' ? { label, value: e.value } : { label, value: 0, shown: t.hidden };
    }),
    id,
    { axisLabel: t.votes },
  );
}

export function pollVotePage(ctx: ViewContext, o: { poll: PollResults; chosen: number | null }, state: { voted?: boolean; errors?: Errors } = {}): SafeHtml {
  const s = ctx.t.survey;
  const { poll, chosen } = o;
  const choice = chosen === null ? undefined : poll.question.options[chosen];
  return page(ctx, {
    title: poll.question.text,
    body: html`${errorSummary(ctx.t, state.errors ?? {})}
${choice === undefined ? '' : notice(html`<strong>${s.pollYouVoted(choice)}</strong> ${s.pollThanks}`, state.voted ? 'success' : 'info')}
<form method="post" action="/p/${poll.code}" novalidate>
  ${csrfField(ctx)}
  ${radioGroup({ name: 'option', legend: poll.question.text, pageHeading: true, idPrefix: 'opt', error: state.errors?.option, value: chosen === null ? undefined : String(chosen), options: poll.question.options.map((label, i) => ({ value: String(i), label })) })}
  <button type="submit" class="button">${choice === undefined ? s.pollVote : s.pollChange}</button>
</form>`,
  });
}
