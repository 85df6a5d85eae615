import { html, type SafeHtml } from '../html.ts';
import { page } from '../layout.ts';
import type { ViewContext } from '../view-context.ts';
import {
  card,
  cardList,
  checkbox,
  checkboxGroup,
  dataTable,
  emptyState,
  errorSummary,
  notice,
  pageHeader,
  radioGroup,
  selectField,
  stepIndicator,
  summaryList,
  tag,
  textArea,
  textField,
} from '../components.ts';

const SWATCHES = ['ink', 'muted', 'accent', 'ok', 'warn', 'error', 'focus', 'soft'] as const;

function section(title: string, id: string, body: SafeHtml): SafeHtml {
  return html`<section class="design-section" aria-labelledby="design-${id}"><h2 id="design-${id}">${title}</h2>${body}</section>`;
}

/** The living component page: every component, drawn by the same functions the pages call,
 * with sample texts, so that a change to a component shows here first. Not linked for users. */
export function designPage(ctx: ViewContext): SafeHtml {
  const d = ctx.t.design;
  const errors = { reminder: d.radioError, matters: d.areaError };
  const body = html`${pageHeader({ title: d.title, lead: d.lead })}
${section(
  d.tokensTitle,
  'tokens',
  html`<p>${d.tokensLead}</p>
<ul class="design-swatches">${SWATCHES.map((s) => html`<li><span class="design-swatch design-swatch--${s}"></span>${d.colours[s]}</li>`)}</ul>
<p class="lead">${d.typeSample}</p><p class="hint">${d.typeSample}</p>`,
)}
${section(
  d.headerTitle,
  'header',
  html`<div class="card">${pageHeader({ title: d.headerPage, caption: d.headerCaption, lead: d.headerLead, back: { href: '/design', label: d.headerBack }, level: 2 })}</div>`,
)}
${section(d.stepsTitle, 'steps', stepIndicator(ctx.t, d.steps, 1))}
${section(
  d.questionsTitle,
  'questions',
  html`${errorSummary(ctx.t, errors, undefined, { focus: false })}
<form action="/design" method="get" novalidate>
${radioGroup({
  name: 'conversation',
  legend: d.radioLegend,
  hint: d.radioHint,
  value: 'good',
  options: [
    { value: 'good', label: d.radioOptions.good },
    { value: 'mixed', label: d.radioOptions.mixed },
    { value: 'hard', label: d.radioOptions.hard, hint: d.radioHardHint },
  ],
})}
${radioGroup({
  name: 'reminder',
  legend: d.radioErrorLegend,
  error: errors.reminder,
  inline: true,
  options: [
    { value: 'yes', label: d.yes },
    { value: 'no', label: d.no },
  ],
})}
${checkboxGroup({
  name: 'topics',
  legend: d.checkboxLegend,
  hint: d.checkboxHint,
  values: ['work'],
  options: Object.entries(d.checkboxOptions).map(([value, label]) => ({ value, label })),
})}
${textField({ name: 'name', label: d.textLabel, hint: d.textHint, autocomplete: 'nickname' })}
${textArea({ name: 'matters', label: d.areaLabel, hint: d.areaHint, error: errors.matters, rows: 4 })}
${selectField({ name: 'withWhom', label: d.selectLabel, options: Object.entries(d.selectOptions).map(([value, label]) => ({ value, label })) })}
${checkbox({ name: 'consent', label: d.consent })}
</form>`,
)}
${section(
  d.cardsTitle,
  'cards',
  cardList(d.cards.map((c, i) => card({ title: c.title, body: c.body, level: 3, ...(i === 0 ? { href: '/design#design-cards' } : {}) }))),
)}
${section(
  d.summaryTitle,
  'summary',
  summaryList([
    { key: d.summaryRows.name, value: d.summaryRows.nameValue, action: { href: '/design#field-name', label: d.change } },
    { key: d.summaryRows.meeting, value: d.summaryRows.meetingValue, action: { href: '/design#design-summary', label: d.change } },
    { key: d.summaryRows.withWhom, value: d.summaryRows.withWhomValue },
    { key: d.summaryRows.shared, value: d.summaryRows.sharedValue },
  ]),
)}
${section(d.tableTitle, 'table', dataTable({ caption: d.tableCaption, head: d.tableHead, rows: d.tableRows, numeric: [1, 2] }))}
${section(
  d.tagsTitle,
  'tags',
  html`<p class="button-row">${tag(d.tags.open)} ${tag(d.tags.draft, 'neutral')} ${tag(d.tags.shared, 'success')} ${tag(d.tags.due, 'warning')} ${tag(d.tags.closed, 'error')}</p>`,
)}
${section(
  d.bannersTitle,
  'banners',
  html`${notice(d.bannerInfo, 'info', d.bannerInfoTitle)}${notice(d.bannerSuccess, 'success')}${notice(d.bannerWarning, 'warning')}${notice(d.bannerError, 'error')}`,
)}
${section(d.emptyTitle, 'empty', emptyState({ title: d.emptyHeading, text: d.emptyText, action: { href: '/design#design-empty', label: d.emptyAction }, level: 3 }))}
${section(
  d.buttonsTitle,
  'buttons',
  html`<div class="button-row"><button type="button" class="button">${d.buttonPrimary}</button><button type="button" class="button button--secondary">${d.buttonSecondary}</button><button type="button" class="button button--danger">${d.buttonDanger}</button></div>`,
)}`;
  return page(ctx, { title: d.title, body, wide: true });
}
