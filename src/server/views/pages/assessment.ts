import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, formatDay, notice, radioGroup, selectField, textArea, textField, wideTable, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { AssessmentHome, AssessmentRound, RoundView } from '../../services/assessment.ts';
import { itemsOf, type Theme } from '../../../domain/assessment/items.ts';
import { largestGaps } from '../../../domain/assessment/citizens.ts';
import type { SuppressedMean } from '../../../domain/evaluation/disclosure/suppression.ts';
import { changeBetween, meanValue, SCALE, DONT_KNOW, type AssessmentAnswers, type CombinedResult } from '../../../domain/assessment/scoring.ts';
import { radarGeometry } from '../../../domain/assessment/radar.ts';
import { placeRadarLabels, RADAR_SIZE } from '../chart.ts';

function formatMean(ctx: ViewContext, value: number | null): string {
  return value === null
    ? ctx.t.assessment.hidden
    : value.toLocaleString(ctx.locale === 'da' ? 'da-DK' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

function formatChange(ctx: ViewContext, value: number | null): string {
  if (value === null) return '–';
  const n = value.toLocaleString(ctx.locale === 'da' ? 'da-DK' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return value > 0 ? `+${n}` : n;
}

export function assessmentHomePage(ctx: ViewContext, o: AssessmentHome & { errors?: Errors; values?: Record<string, string>; errorOrg?: string }): SafeHtml {
  const t = ctx.t.assessment;
  const today = ctx.today;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
<p class="lead">${t.lead}</p>
<h2>${t.rounds}</h2>
${
  o.rounds.length
    ? html`<ul class="plain stack">${o.rounds.map(
        (r) => html`<li><a href="/assessment/${r.id}">${r.title}</a>
  <p class="hint">${t.meta(`${r.siteName} (${r.organisationName})`, formatDay(ctx.locale, r.heldOn))} · ${r.closed ? t.closed : t.open} · ${r.answered ? t.youAnswered : t.youNotAnswered}</p></li>`,
      )}</ul>`
    : html`<p>${t.roundsNone}</p>`
}
${o.manage.map((org) => {
  const errors = o.errorOrg === org.id ? (o.errors ?? {}) : {};
  const values = o.errorOrg === org.id ? (o.values ?? {}) : {};
  return html`<h2>${t.newRound(org.name)}</h2>
${
  org.sites.length
    ? html`${errorSummary(ctx.t, errors, ['siteId', 'title', 'heldOn'])}
<form method="post" action="/organisation/${org.id}/assessments" novalidate>
  ${csrfField(ctx)}
  ${selectField({ name: 'siteId', label: t.site, value: values.siteId ?? '', options: org.sites.map((s) => ({ value: s.id, label: s.name })), ...(errors.siteId ? { error: errors.siteId } : {}) })}
  ${textField({ name: 'title', label: t.roundTitle, value: values.title ?? '', maxLength: 200, error: errors.title })}
  ${textField({ name: 'heldOn', label: t.heldOn, type: 'date', value: values.heldOn ?? today, error: errors.heldOn })}
  <button type="submit" class="button">${t.createRound}</button>
</form>`
    : html`<p>${t.noSites}</p>`
}`;
})}
<p class="hint">${t.licence}</p>`,
  });
}

type UsersSide = NonNullable<RoundView['users']>;

const shownMean = (m: SuppressedMean | undefined): number | null => (m?.kind === 'value' ? m.value : null);

/** True when at least one theme of the users' side may be shown. */
function usersShown(users: UsersSide | null): boolean {
  return !!users && [...users.themes.values()].some((m) => m.kind === 'value');
}

/**
 * The radar chart as inline SVG: this round filled and solid with round markers; beside it the
 * users' answers dotted with diamond markers or, without those, the previous round dashed with
 * square markers, so the lines stay apart in greyscale print and without colour. Theme names sit
 * at the axes, wrapped to the room there; the picture is drawn at about a phone's width, so its
 * 15-unit text is never smaller than 14 px on a 390 px screen. A hidden theme leaves a gap. The
 * figures stand in a table under the picture, for everyone: a team reads and quotes its numbers,
 * and a shape alone cannot be quoted.
 */
export function radarChart(
  ctx: ViewContext,
  o: {
    id: string;
    title: string;
    themes: readonly Theme[];
    current: CombinedResult;
    previous: CombinedResult | null;
    previousTitle: string | null;
    users?: UsersSide | null;
  },
): SafeHtml {
  const t = ctx.t.assessment;
  const { width, radius, fontSize, lineHeight } = RADAR_SIZE;
  const themes = o.themes;
  const users = usersShown(o.users ?? null) ? o.users! : null;
  const userValue = (th: Theme) => shownMean(users?.themes.get(th));
  const series = [themes.map((th) => meanValue(o.current, th))];
  // The second line: the users where they said something, otherwise the previous round.
  if (users) series.push(themes.map(userValue));
  else if (o.previous) series.push(themes.map((th) => meanValue(o.previous, th)));
  // Placed once around a provisional centre to learn how far the labels reach, then for real.
  const geometryAt = (cy: number) => radarGeometry({ axes: themes.length, max: 5, center: { x: width / 2, y: cy }, radius, labelOffset: 10, series });
  const labelsAt = (g: ReturnType<typeof geometryAt>) =>
    placeRadarLabels({
      labels: themes.map((th) => t.themesShort[th] ?? th),
      points: g.axes.map((a) => ({ ...a.label, anchor: a.anchor })),
      center: g.center,
      width,
      fontSize,
      lineHeight,
    });
  const trial = labelsAt(geometryAt(0));
  const g = geometryAt(Math.ceil(-trial.top) + 6);
  const placed = labelsAt(g);
  const height = Math.ceil(placed.bottom) + 6;
  const [now, second] = g.series;
  const change = changeBetween(o.current, o.previous);
  const square = (x: number, y: number) => html`<rect x="${x - 4}" y="${y - 4}" width="8" height="8" fill="#fff" stroke="#8a5a00" stroke-width="2"></rect>`;
  const diamond = (x: number, y: number) =>
    html`<polygon points="${x},${y - 5.5} ${x + 5.5},${y} ${x},${y + 5.5} ${x - 5.5},${y}" fill="#fff" stroke="#6b2d84" stroke-width="2"></polygon>`;
  const lines = (shapes: { points: string; closed: boolean }[]) =>
    shapes.map((s) => (s.closed ? html`<polygon points="${s.points}"></polygon>` : html`<polyline points="${s.points}"></polyline>`));
  const secondSeries = !second
    ? ''
    : users
      ? html`<g fill="none" stroke="#6b2d84" stroke-width="2.5" stroke-dasharray="2 4" stroke-linecap="round" data-series="users">${lines(second.shapes)}</g>
    ${second.vertices.map((v) => (v ? diamond(v.x, v.y) : ''))}`
      : html`<g fill="none" stroke="#8a5a00" stroke-width="2" stroke-dasharray="6 4" data-series="previous">${lines(second.shapes)}</g>
    ${second.vertices.map((v) => (v ? square(v.x, v.y) : ''))}`;
  const showPrevious = !!o.previous;
  return html`<figure class="chart radar" aria-labelledby="${o.id}-caption">
  <figcaption id="${o.id}-caption">${users ? t.chartTitleWithUsers : t.chartTitle}</figcaption>
  <svg viewBox="0 0 ${width} ${height}" class="radar__svg" role="img" aria-labelledby="${o.id}-caption ${o.id}-desc" focusable="false" data-radar>
    <desc id="${o.id}-desc">${users ? t.chartDescWithUsers(o.title) : t.chartDesc(o.title)}</desc>
    <g fill="none" stroke="#c9ccd4" stroke-width="1">
      ${g.rings.map((r) => html`<polygon points="${r.points}"></polygon>`)}
      ${g.axes.map((a) => html`<line x1="${g.center.x}" y1="${g.center.y}" x2="${a.end.x}" y2="${a.end.y}"></line>`)}
    </g>
    ${secondSeries}
    <g fill="#1f5f8b" fill-opacity="0.15" stroke="#16496b" stroke-width="2.5" data-series="current">${now!.shapes.map((s) => (s.closed ? html`<polygon points="${s.points}"></polygon>` : html`<polyline points="${s.points}" fill="none"></polyline>`))}</g>
    ${now!.vertices.map((v) => (v ? html`<circle cx="${v.x}" cy="${v.y}" r="4" fill="#16496b"></circle>` : ''))}
    <g font-size="14" fill="#4a5468">${g.rings
      .filter((r) => r.value === 5 || r.value === 3 || r.value === 1)
      .map((r) => html`<text x="${g.center.x + 4}" y="${g.center.y - (g.radius * r.value) / 5 + 13}">${r.value}</text>`)}</g>
    <g font-size="${fontSize}" fill="#1d2433">${placed.labels.map(
      (l, i) =>
        html`<text x="${l.x}" y="${l.y}" text-anchor="${l.anchor}" data-axis="${themes[i]!}">${l.lines.map((line, j) => html`<tspan x="${l.x}"${j === 0 ? '' : html` dy="${lineHeight}"`}>${line}</tspan>`)}</text>`,
    )}</g>
  </svg>
  <ul class="chart-legend">
    <li><svg viewBox="0 0 36 12" width="36" height="12" aria-hidden="true" focusable="false"><line x1="0" y1="6" x2="36" y2="6" stroke="#16496b" stroke-width="3"></line><circle cx="18" cy="6" r="4" fill="#16496b"></circle></svg> ${users ? t.staffThisRound : t.thisRound}</li>
    ${
      users
        ? html`<li data-legend="users"><svg viewBox="0 0 36 12" width="36" height="12" aria-hidden="true" focusable="false"><line x1="1" y1="6" x2="35" y2="6" stroke="#6b2d84" stroke-width="2.5" stroke-dasharray="2 4" stroke-linecap="round"></line>${diamond(18, 6)}</svg> ${t.usersSeries}</li>`
        : o.previous
          ? html`<li><svg viewBox="0 0 36 12" width="36" height="12" aria-hidden="true" focusable="false"><line x1="0" y1="6" x2="36" y2="6" stroke="#8a5a00" stroke-width="2" stroke-dasharray="6 4"></line>${square(18, 6)}</svg> ${o.previousTitle ? t.previousRound(o.previousTitle) : t.previousShort}</li>`
          : ''
    }
  </ul>
  ${wideTable(
    t.resultTitle,
    html`<table class="chart__table figures-table figures-table--narrow" data-radar-table>
    <caption>${t.resultTitle}</caption>
    <thead><tr><th scope="col">${t.theme}</th><th scope="col">${showPrevious ? t.thisRoundWithChange : users ? t.staffThisRound : t.thisRound}</th>${users ? html`<th scope="col">${t.usersSeries}</th>` : ''}${showPrevious ? html`<th scope="col">${t.previousShort}</th>` : ''}</tr></thead>
    <tbody>${themes.map(
      (th) =>
        html`<tr data-theme="${th}"><th scope="row">${t.themes[th]}</th><td>${formatMean(ctx, meanValue(o.current, th))}${change[th] === null ? '' : ` (${formatChange(ctx, change[th])})`}</td>${users ? html`<td data-users>${formatMean(ctx, userValue(th))}</td>` : ''}${showPrevious ? html`<td>${formatMean(ctx, meanValue(o.previous, th))}</td>` : ''}</tr>`,
    )}</tbody>
  </table>`,
  )}
</figure>`;
}

/** Where the users' answers come from, where staff and users disagree most, or why the users are not shown. */
function usersSection(ctx: ViewContext, v: RoundView & { outcome: { kind: 'shown'; result: CombinedResult } }): SafeHtml {
  const t = ctx.t.assessment;
  const users = v.users;
  if (!users) return html`<p class="hint" data-users-none>${t.usersNone}</p>`;
  if (!usersShown(users))
    return notice(html`${users.releasedOn === null ? t.usersSuppressed(users.roundTitle, v.k) : t.usersTooFewPerTheme(users.roundTitle)}`);
  const gaps = largestGaps(
    v.round.items.themes,
    (th) => meanValue(v.outcome.result, th),
    (th) => shownMean(users.themes.get(th)),
  );
  const num = (n: number) => formatMean(ctx, n);
  return html`<p data-users-source>${t.usersSource(users.roundTitle, users.releasedOn ? formatDay(ctx.locale, users.releasedOn) : '')}</p>
<h3>${t.gapsTitle}</h3>
${
  gaps.length
    ? html`<ul data-gaps>${gaps.map(
        (gap) =>
          html`<li data-gap="${gap.theme}"><strong>${t.themes[gap.theme]}</strong>: ${t.gapLine(num(gap.staff), num(gap.users), formatMean(ctx, Math.abs(gap.difference)), gap.difference < 0)}</li>`,
      )}</ul>`
    : html`<p>${t.gapsNone}</p>`
}`;
}

/** Closing cannot be undone, so the first press asks, saying what closing now will mean. */
function closeConfirmation(ctx: ViewContext, v: RoundView): SafeHtml {
  const t = ctx.t.assessment;
  const o = v.outcome;
  const meaning = o.kind === 'tooFew' ? t.closeConfirmTooFew(o.needed) : o.kind === 'waitingForClose' ? t.closeConfirmEnough(o.respondents) : '';
  return html`<section class="notice notice--warning" aria-labelledby="close-confirm-title">
<h2 id="close-confirm-title">${t.closeConfirmTitle}</h2>
<p>${meaning} ${t.closeConfirmFinal}</p>
<form method="post" action="/assessment/${v.round.id}/close">${csrfField(ctx)}<input type="hidden" name="confirm" value="yes">
<div class="button-row"><button type="submit" class="button">${t.closeConfirmYes}</button><a href="/assessment/${v.round.id}">${t.closeConfirmNo}</a></div></form>
</section>`;
}

export function assessmentRoundPage(
  ctx: ViewContext,
  v: RoundView & { info?: string; actionError?: string; actionValue?: string; confirmClose?: boolean },
): SafeHtml {
  const t = ctx.t.assessment;
  const r = v.round;
  const k = v.k;
  const o = v.outcome;
  return page(ctx, {
    title: r.title,
    body: html`<p><a href="/assessment">${t.allRounds}</a></p>
<h1>${r.title}</h1>
<p class="hint">${t.meta(`${r.siteName} (${r.organisationName})`, formatDay(ctx.locale, r.heldOn))} · ${r.closed ? t.closed : t.open}</p>
${v.info ? notice(v.info, 'success') : ''}
${r.closed ? notice(t.closedNote) : ''}
<div class="button-row">
  ${v.canAnswer ? html`<a class="button" href="/assessment/${r.id}/answer">${v.answered ? t.changeAnswer : t.answer}</a>` : ''}
  ${!v.canAnswer && v.answered ? html`<a href="/assessment/${r.id}/answer">${t.youAnswered}</a>` : ''}
</div>
${
  v.canManage && !r.closed
    ? v.confirmClose
      ? closeConfirmation(ctx, v)
      : html`<form method="post" action="/assessment/${r.id}/close">${csrfField(ctx)}<p class="hint">${t.closeHint}</p><button type="submit" class="button button--secondary">${t.closeRound}</button></form>`
    : ''
}
<h2>${t.resultTitle}</h2>
${
  o.kind === 'shown'
    ? html`<p>${t.resultLead}</p><p>${t.respondents(o.result.respondents.kind === 'value' ? String(o.result.respondents.value) : t.fewerThan(k))}</p>
${radarChart(ctx, { id: 'radar', title: r.title, themes: r.items.themes, current: o.result, previous: v.previousResult, previousTitle: v.previous?.title ?? null, users: v.users })}
${v.previousResult ? '' : html`<p class="hint">${t.noPrevious}</p>`}
${usersSection(ctx, { ...v, outcome: o })}`
    : o.kind === 'waitingForClose'
      ? notice(html`${t.enough(o.respondents)} ${t.shownWhenClosed}`)
      : notice(o.closed ? html`${t.closedTooFew(k)}` : html`${t.notYet(k)} ${t.needed(o.needed)}`)
}
<h2>${t.actionsTitle}</h2>
<p>${t.actionsLead}</p>
${
  v.actions.length
    ? html`<ul class="stack">${v.actions.map((a) => html`<li><p>${a.text}</p>${a.authorName ? html`<p class="hint">${t.actionBy(a.authorName)}</p>` : ''}</li>`)}</ul>`
    : html`<p class="hint">${t.actionsNone}</p>`
}
${
  v.isMember
    ? html`${errorSummary(ctx.t, v.actionError ? { text: v.actionError } : {})}
<form method="post" action="/assessment/${r.id}/actions" novalidate>
  ${csrfField(ctx)}
  ${textArea({ name: 'text', label: t.actionField, value: v.actionValue ?? '', maxLength: 2000, rows: 4, error: v.actionError })}
  <button type="submit" class="button">${t.actionSave}</button>
</form>`
    : ''
}
<p class="hint">${t.licence}</p>`,
  });
}

export function assessmentAnswerPage(
  ctx: ViewContext,
  o: { round: AssessmentRound; answers: AssessmentAnswers | null; given?: Record<string, string>; missing?: string[]; k: number; error?: string },
): SafeHtml {
  const t = ctx.t.assessment;
  const r = o.round;
  const missing = new Set(o.missing ?? []);
  const errors: Errors = Object.fromEntries([...missing].map((key) => [key, t.missing]));
  const givenValue = (key: string): string | undefined => {
    if (o.given) return o.given[key];
    if (!o.answers || !(key in o.answers)) return undefined;
    const v = o.answers[key];
    return v === null ? DONT_KNOW : String(v);
  };
  const choices = [...SCALE.map(String), DONT_KNOW];
  return page(ctx, {
    title: t.answerTitle(r.title),
    body: html`<p><a href="/assessment/${r.id}">${t.back}</a></p>
<h1>${t.answerTitle(r.title)}</h1>
<p class="lead">${t.answerLead}</p>
<p>${t.notYet(o.k)}</p>
${o.error ? notice(o.error, 'warning') : ''}
${errorSummary(
  ctx.t,
  errors,
  r.items.items.map((i) => i.key),
)}
<form method="post" action="/assessment/${r.id}/answer" novalidate>
  ${csrfField(ctx)}
  ${r.items.themes.map(
    (theme: Theme) => html`<h2>${t.themes[theme]}</h2>
  ${itemsOf(theme, r.items).map((item) => {
    const current = givenValue(item.key);
    const error = errors[item.key];
    return radioGroup({
      name: item.key,
      legend: item.text[ctx.locale],
      error,
      value: current,
      options: choices.map((c) => ({ value: c, label: t.scale[c]! })),
    });
  })}`,
  )}
  ${r.closed ? '' : html`<button type="submit" class="button">${t.saveAnswers}</button>`}
</form>`,
  });
}
