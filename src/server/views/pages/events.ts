import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, notice, selectField, textArea, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { Attendee, EventSummary, EventsOverview } from '../../services/events.ts';
import type { EventFormValues } from '../../../domain/events/event-input.ts';
import { LIMITS } from '../../../domain/events/event-input.ts';
import { formatWhen } from './meetings.ts';
import { formatTimeSpan } from '../../i18n/dates.ts';

function whenText(ctx: ViewContext, e: { startsAt: Date; endsAt: Date }): string {
  return formatTimeSpan(ctx.locale, e.startsAt, e.endsAt);
}

function whereBlock(ctx: ViewContext, e: EventSummary): SafeHtml {
  const t = ctx.t.events;
  return html`${e.place ? html`<span>${e.place}</span>` : ''}${e.place && e.onlineUrl ? html`<br>` : ''}${e.onlineUrl ? html`<span>${t.online}: <a href="${e.onlineUrl}" rel="noopener noreferrer">${e.onlineUrl}</a></span>` : ''}`;
}

function statusLine(ctx: ViewContext, e: EventSummary): SafeHtml {
  const t = ctx.t.events;
  if (e.myStatus === 'seat') return html`<p><strong>${t.statusSeat}</strong></p>`;
  if (e.myStatus === 'waiting') return html`<p><strong>${t.statusWaiting(e.myPosition ?? 1)}</strong></p>`;
  const free = e.capacity - e.seats;
  return html`<p>${free > 0 ? t.seatsLeft(free, e.capacity) : t.full(e.waiting)}</p>`;
}

function card(ctx: ViewContext, e: EventSummary): SafeHtml {
  return html`<li class="card"><h3 class="card__title"><a href="/events/${e.id}">${e.title}</a></h3>
<p>${whenText(ctx, e)}</p>
<p class="hint">${e.organisationName}</p>
${statusLine(ctx, e)}</li>`;
}

export function eventsPage(ctx: ViewContext, o: EventsOverview & { info?: string }): SafeHtml {
  const t = ctx.t.events;
  const mine = o.events.filter((e) => e.myStatus !== null);
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${o.info ? notice(o.info, 'success') : ''}
<p class="lead">${t.lead}</p>
<p class="hint">${t.audience}</p>
${
  o.canReadDirectory || o.canCreate
    ? html`<p class="button-row">${o.canCreate ? html`<a class="button" href="/events/new">${t.create}</a> ` : ''}${o.canReadDirectory ? html`<a href="/directory">${t.directoryLink}</a>` : ''}</p>`
    : ''
}
${
  o.notices.length
    ? html`<section aria-labelledby="notices-title"><h2 id="notices-title">${t.notices}</h2>
<ul class="card-list">${o.notices.map(
        (
          n,
        ) => html`<li class="card"><p>${n.kind === 'seat' ? t.noticeSeat(n.eventTitle, formatWhen(ctx, n.startsAt)) : t.noticeCancelled(n.eventTitle, formatWhen(ctx, n.startsAt))}</p>
${n.kind === 'seat' && n.eventId ? html`<p><a href="/events/${n.eventId}">${n.eventTitle}</a></p>` : ''}
<form method="post" action="/events/notices/${n.id}/dismiss" class="inline-form">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.dismiss}</button></form></li>`,
      )}</ul></section>`
    : ''
}
<h2>${t.mine}</h2>
${mine.length ? html`<ul class="card-list">${mine.map((e) => card(ctx, e))}</ul>` : html`<p>${t.mineNone}</p>`}
<h2>${t.upcoming}</h2>
${o.events.length ? html`<ul class="card-list">${o.events.map((e) => card(ctx, e))}</ul>` : html`<p>${t.upcomingNone}</p>`}`,
  });
}

const FIELD_ORDER = ['organisationId', 'title', 'description', 'startsAt', 'endsAt', 'place', 'onlineUrl', 'capacity'];

export function eventFormPage(ctx: ViewContext, o: { organisations: { id: string; name: string }[]; values?: EventFormValues; errors?: Errors }): SafeHtml {
  const t = ctx.t.events;
  const v: EventFormValues = o.values ?? {
    organisationId: o.organisations[0]?.id ?? '',
    title: '',
    description: '',
    startsAt: '',
    endsAt: '',
    place: '',
    onlineUrl: '',
    capacity: '',
  };
  const e = o.errors ?? {};
  return page(ctx, {
    title: t.createTitle,
    body: html`<h1>${t.createTitle}</h1>
${errorSummary(ctx.t, e, FIELD_ORDER)}
<p>${t.createLead}</p>
<form method="post" action="/events" novalidate>
  ${csrfField(ctx)}
  ${selectField({ name: 'organisationId', label: t.organisation, options: o.organisations.map((org) => ({ value: org.id, label: org.name })), value: v.organisationId, ...(e.organisationId ? { error: e.organisationId } : {}) })}
  ${textField({ name: 'title', label: t.eventTitle, value: v.title, error: e.title, maxLength: LIMITS.title, required: true })}
  ${textArea({ name: 'description', label: t.description, value: v.description, error: e.description, maxLength: LIMITS.description, optionalLabel: t.optional, rows: 5 })}
  ${textField({ name: 'startsAt', label: t.startsAt, type: 'datetime-local', hint: t.timeHint, value: v.startsAt, error: e.startsAt, required: true })}
  ${textField({ name: 'endsAt', label: t.endsAt, type: 'datetime-local', hint: t.timeHint, value: v.endsAt, error: e.endsAt, required: true })}
  ${textField({ name: 'place', label: t.place, hint: t.placeHint, value: v.place, error: e.place, maxLength: LIMITS.place, optionalLabel: t.optional })}
  ${textField({ name: 'onlineUrl', label: t.onlineUrl, hint: t.onlineUrlHint, type: 'url', value: v.onlineUrl, error: e.onlineUrl, maxLength: LIMITS.onlineUrl, optionalLabel: t.optional })}
  ${textField({ name: 'capacity', label: t.capacity, type: 'number', value: v.capacity, error: e.capacity, inputMode: 'numeric', required: true })}
  <button type="submit" class="button">${t.publish}</button>
</form>`,
  });
}

export function eventPage(ctx: ViewContext, o: { event: EventSummary; attendees: Attendee[] | null; info?: string; warning?: string }): SafeHtml {
  const t = ctx.t.events;
  const e = o.event;
  const started = e.startsAt.getTime() <= ctx.now.getTime();
  const action = (path: string, label: string, secondary = false) =>
    html`<form method="post" action="/events/${e.id}/${path}" class="inline-form">${csrfField(ctx)}<button type="submit" class="${secondary ? 'button button--secondary' : 'button'}">${label}</button></form>`;
  return page(ctx, {
    title: e.title,
    body: html`<h1>${e.title}</h1>
${o.info ? notice(o.info, 'success') : ''}
${o.warning ? notice(o.warning, 'warning') : ''}
<dl class="summary-list">
  <div><dt>${t.when}</dt><dd>${whenText(ctx, e)}</dd></div>
  <div><dt>${t.where}</dt><dd>${whereBlock(ctx, e)}</dd></div>
  <div><dt>${t.organiser}</dt><dd>${e.organisationName}</dd></div>
</dl>
${e.description ? paragraphs(e.description) : ''}
${statusLine(ctx, e)}
<div class="button-row">
${e.myStatus === null ? (started ? html`<p>${t.ended}</p>` : action('signup', t.signUp)) : action('cancel', e.myStatus === 'seat' ? t.cancel : t.leaveWaiting, true)}
<a href="/events/${e.id}/event.ics" download>${t.calendar}</a>
</div>
${
  o.attendees
    ? html`<h2>${t.attendees}</h2>
${
  o.attendees.length
    ? html`<table><thead><tr><th scope="col">${t.attendeeName}</th><th scope="col">${t.attendeeStatus}</th><th scope="col">${t.attendeeSignedUp}</th></tr></thead>
<tbody>${o.attendees.map((a) => html`<tr><td>${a.name}</td><td>${a.status === 'seat' ? t.seat : t.waiting(a.position ?? 0)}</td><td>${formatWhen(ctx, a.signedUpAt)}</td></tr>`)}</tbody></table>
<p><a href="/events/${e.id}/attendees.csv" download>${t.export}</a></p>`
    : html`<p>${t.attendeesNone}</p>`
}
<h2>${t.deleteTitle}</h2>
<p>${t.deleteLead}</p>
<form method="post" action="/events/${e.id}/delete">${csrfField(ctx)}<button type="submit" class="button button--danger">${t.deleteButton}</button></form>`
    : ''
}`,
  });
}
