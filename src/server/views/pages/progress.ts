import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { dataTable, emptyState, errorSummary, pageHeader, radioGroup, selectField, tag, textArea, type Errors } from '../components.ts';
import { formatDate, formatDay } from '../../i18n/dates.ts';
import type { ViewContext } from '../view-context.ts';
import type { FromEarlier, MeetingProgress, TimelineMeeting } from '../../services/progress.ts';
import { REMINDER_DAYS, type ProgressStatus } from '../../../domain/decisions/progress.ts';

// Between meetings: the marks on a meeting's decisions (on the meeting page, after it), the
// timeline across meetings (/progress), and what the next meeting starts from.

const GOAL_SCORES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];

function statusText(ctx: ViewContext, status: ProgressStatus | null): string {
  const t = ctx.t.progress;
  return status === 'done' ? t.done : status === 'underway' ? t.underway : status === 'notYet' ? t.notYet : t.notMarked;
}

function statusTag(ctx: ViewContext, status: ProgressStatus | null): SafeHtml {
  return tag(statusText(ctx, status), status === 'done' ? 'success' : status === 'underway' ? 'info' : 'neutral');
}

export interface ProgressFormValues {
  [field: string]: string | string[];
}

/** The marks form: a question per decision (radios and a note) and the goal rating, one button. */
export function progressSection(
  ctx: ViewContext,
  meetingId: string,
  p: MeetingProgress,
  o: { errors?: Errors; values?: ProgressFormValues; reminderError?: string } = {},
): SafeHtml {
  const t = ctx.t.progress;
  const errors = o.errors ?? {};
  const value = (name: string) => {
    const v = o.values?.[name];
    return typeof v === 'string' ? v : undefined;
  };
  const lastGoal = p.goalRatings.at(-1);
  return html`<h3 id="progress">${t.title}</h3>
${
  p.items.length === 0
    ? html`<p>${t.none}</p>`
    : html`${errorSummary(ctx.t, errors)}
<p>${t.lead}</p>
<form method="post" action="/meetings/${meetingId}/progress" novalidate>
  ${csrfField(ctx)}
  ${p.items.map(
    (item) => html`<div class="progress-item">
  <p class="hint">${item.kind === 'firstStep' ? t.firstStep : t.decision}</p>
  ${radioGroup({
    name: `status.${item.id}`,
    legend: t.question(item.what),
    inline: true,
    value: value(`status.${item.id}`) ?? item.latest?.status ?? '',
    error: errors[`status.${item.id}`],
    options: [
      { value: 'done', label: t.done },
      { value: 'underway', label: t.underway },
      { value: 'notYet', label: t.notYet },
    ],
  })}
  ${textArea({ name: `note.${item.id}`, label: t.note, hint: t.noteHint, rows: 2, maxLength: 500, value: value(`note.${item.id}`) ?? '', error: errors[`note.${item.id}`], optionalLabel: ctx.t.form.optional })}
  ${
    item.history.length
      ? html`<details><summary>${t.history}</summary><ul>${[...item.history]
          .reverse()
          .map(
            (e) => html`<li>${t.historyLine(statusText(ctx, e.status), formatDate(ctx.locale, e.at))}${e.note ? html` — ${e.note}` : ''}</li>`,
          )}</ul></details>`
      : ''
  }
</div>`,
  )}
  ${radioGroup({
    name: 'goal',
    legend: t.goalLegend,
    hint: lastGoal ? `${t.goalHint} ${t.goalNow(lastGoal.score)}` : t.goalHint,
    inline: true,
    value: value('goal') ?? 'skip',
    error: errors.goal,
    options: [...GOAL_SCORES.map((s) => ({ value: s, label: s })), { value: 'skip', label: t.goalSkip }],
  })}
  <button type="submit" class="button">${t.save}</button>
</form>
${reminderForm(ctx, meetingId, p.reminderOn, o.reminderError)}`
}
<p><a href="/progress">${t.timelineLink}</a></p>`;
}

/** The citizen's own reminder, shown on their home page from the chosen day; nothing is sent. */
function reminderForm(ctx: ViewContext, meetingId: string, reminderOn: string | null, error: string | undefined): SafeHtml {
  const t = ctx.t.progress;
  return html`<h4 id="progress-reminder">${t.reminderTitle}</h4>
<p>${reminderOn ? t.reminderSet(formatDay(ctx.locale, reminderOn)) : t.reminderLead}</p>
<form method="post" action="/meetings/${meetingId}/progress-reminder" class="inline-form" novalidate>
  ${csrfField(ctx)}
  ${selectField({
    name: 'reminderDays',
    label: t.reminderWhen,
    value: reminderOn ? '' : '7',
    error,
    options: REMINDER_DAYS.map((d) => ({ value: String(d), label: d === 0 ? t.reminderNone : t.reminderIn(d) })),
  })}
  <button type="submit" class="button button--secondary">${t.reminderSave}</button>
</form>`;
}

/** On the next meeting's "before" part: where the last meeting's decisions stand, what is not done first. */
export function fromEarlierBlock(ctx: ViewContext, earlier: FromEarlier | null): SafeHtml {
  if (!earlier) return html``;
  const t = ctx.t.progress;
  const day = formatDate(ctx.locale, earlier.startsAt);
  const items = (list: FromEarlier['open']) =>
    html`<ul class="card-list">${list.map((i) => html`<li class="card"><p>${i.what}</p><p>${statusTag(ctx, i.status)}</p></li>`)}</ul>`;
  return html`<div class="from-earlier" data-from-earlier>
<h3>${t.fromEarlierTitle}</h3>
${earlier.open.length ? html`<p>${t.fromEarlierLead(day)}</p>${items(earlier.open)}` : html`<p>${t.fromEarlierAllDone(day)}</p>`}
${earlier.done.length ? html`<h4>${t.fromEarlierDone}</h4>${items(earlier.done)}` : ''}
<p><a href="/meetings/${earlier.meetingId}#progress">${t.markLink}</a></p>
</div>`;
}

/** The timeline: meetings in time order, where each decision stands, and the goal rating. */
export function progressPage(ctx: ViewContext, timeline: TimelineMeeting[]): SafeHtml {
  const t = ctx.t.progress;
  const rated = timeline.filter((m) => m.goal !== null);
  return page(ctx, {
    title: t.timelineTitle,
    body: html`${pageHeader({ title: t.timelineTitle, back: { href: '/meetings', label: t.timelineMeetings }, lead: t.timelineLead })}
${
  timeline.length === 0
    ? emptyState({ title: t.timelineTitle, text: t.timelineNone, action: { href: '/meetings', label: t.timelineMeetings } })
    : html`${
        rated.length
          ? dataTable({
              caption: t.goalLegend,
              head: [ctx.t.meetings.title, t.goalColumn],
              rows: rated.map((m) => [formatDate(ctx.locale, m.startsAt), t.goalOfTen(m.goal as number)]),
              numeric: [1],
            })
          : ''
      }
<ol class="card-list" data-timeline>${timeline.map(
        (m) => html`<li class="card">
  <h2 class="card__title"><a href="/meetings/${m.id}#progress">${t.meetingWith(formatDate(ctx.locale, m.startsAt), m.withWhom)}</a></h2>
  ${
    m.items.length
      ? html`<ul>${m.items.map((i) => html`<li>${i.kind === 'firstStep' ? html`${t.firstStep}: ` : ''}${i.what} ${statusTag(ctx, i.status)}</li>`)}</ul>`
      : html`<p class="hint">${t.noDecisions}</p>`
  }
  <p>${t.goalColumn}: ${m.goal === null ? t.goalNone : t.goalOfTen(m.goal)}</p>
</li>`,
      )}</ol>`
}`,
  });
}
