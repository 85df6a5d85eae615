import type { RequestContext, Route } from '../http/types.ts';
import { idParam } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import type { Errors } from '../views/components.ts';
import { parseEventInput, type EventFormValues } from '../../domain/events/event-input.ts';
import { eventIcs } from '../../domain/events/ics.ts';
import { toCsv } from '../../domain/evaluation/csv.ts';
import {
  attendeeList,
  calendarEvent,
  cancelSignup,
  createEvent,
  deleteEvent,
  dismissNotice,
  eventDetails,
  eventsOverview,
  organiserOptions,
  signUp,
} from '../services/events.ts';
import { eventFormPage, eventPage, eventsPage } from '../views/pages/events.ts';

const INFO = ['created', 'seat', 'waiting', 'cancelled', 'deleted'] as const;

async function listPage(ctx: RequestContext) {
  const info = ctx.url.searchParams.get('info');
  const told = Number(ctx.url.searchParams.get('told') ?? '0');
  const message = info === 'deleted' ? ctx.t.events.deleted(Number.isInteger(told) && told >= 0 ? told : 0) : undefined;
  return eventsPage(ctx, { ...(await eventsOverview(ctx.deps, ctx.actor)), ...(message ? { info: message } : {}) });
}

async function detailPage(ctx: RequestContext, id: string, status = 200, warning?: string) {
  const t = ctx.t.events;
  const info = ctx.url.searchParams.get('info') as (typeof INFO)[number] | null;
  const messages: Record<string, string> = { created: t.created, seat: t.signedUpSeat, waiting: t.signedUpWaiting, cancelled: t.cancelled };
  const message = info ? messages[info] : undefined;
  const details = await eventDetails(ctx.deps, ctx.actor, id);
  return { status, body: eventPage(ctx, { ...details, ...(message ? { info: message } : {}), ...(warning ? { warning } : {}) }) };
}

function formValues(form: { string(n: string): string }): EventFormValues {
  return {
    organisationId: form.string('organisationId'),
    title: form.string('title'),
    description: form.string('description'),
    startsAt: form.string('startsAt'),
    endsAt: form.string('endsAt'),
    place: form.string('place'),
    onlineUrl: form.string('onlineUrl'),
    capacity: form.string('capacity'),
  };
}

export const eventRoutes: Route[] = [
  { method: 'GET', path: '/events', permission: 'staff', handler: async (ctx) => ({ status: 200, body: await listPage(ctx) }) },
  {
    method: 'GET',
    path: '/events/new',
    permission: 'organisationManager',
    handler: async (ctx) => ({ status: 200, body: eventFormPage(ctx, { organisations: await organiserOptions(ctx.deps, ctx.actor) }) }),
  },
  {
    method: 'POST',
    path: '/events',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const values = formValues(await ctx.form());
      const parsed = parseEventInput(values, ctx.deps.now());
      if (!parsed.ok) {
        const errors: Errors = {};
        for (const [field, key] of Object.entries(parsed.errors)) if (key) errors[field] = ctx.t.events.errors[key];
        return { status: 400, body: eventFormPage(ctx, { organisations: await organiserOptions(ctx.deps, ctx.actor), values, errors }) };
      }
      const id = await createEvent(ctx.deps, ctx.actor, parsed.input);
      return redirect(`/events/${id}?info=created`);
    },
  },
  {
    method: 'POST',
    path: '/events/notices/:noticeId/dismiss',
    permission: 'staff',
    handler: async (ctx) => {
      await dismissNotice(ctx.deps, ctx.actor, idParam(ctx, 'noticeId'));
      return redirect('/events');
    },
  },
  { method: 'GET', path: '/events/:id', permission: 'staff', handler: async (ctx) => detailPage(ctx, idParam(ctx, 'id')) },
  {
    method: 'POST',
    path: '/events/:id/signup',
    permission: 'staff',
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      const result = await signUp(ctx.deps, ctx.actor, id);
      if (!result.ok) return detailPage(ctx, id, 409, ctx.t.events.ended);
      return redirect(`/events/${id}?info=${result.status}`);
    },
  },
  {
    method: 'POST',
    path: '/events/:id/cancel',
    permission: 'staff',
    handler: async (ctx) => {
      const id = idParam(ctx, 'id');
      await cancelSignup(ctx.deps, ctx.actor, id);
      return redirect(`/events/${id}?info=cancelled`);
    },
  },
  {
    method: 'GET',
    path: '/events/:id/event.ics',
    permission: 'staff',
    handler: async (ctx) => {
      const e = await calendarEvent(ctx.deps, ctx.actor, idParam(ctx, 'id'));
      const host = ctx.deps.config.PUBLIC_ORIGIN ? new URL(ctx.deps.config.PUBLIC_ORIGIN).hostname : 'egne-ord';
      const body = eventIcs({
        uid: `${e.id}@${host}`,
        title: e.title,
        description: e.description,
        startsAt: e.startsAt,
        endsAt: e.endsAt,
        place: e.place,
        onlineUrl: e.onlineUrl,
        stamp: ctx.deps.now(),
      });
      return {
        status: 200,
        headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'attachment; filename="egne-ord-arrangement.ics"' },
        body,
      };
    },
  },
  {
    method: 'GET',
    path: '/events/:id/attendees.csv',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const t = ctx.t.events;
      const list = await attendeeList(ctx.deps, ctx.actor, idParam(ctx, 'id'));
      const rows = list.attendees.map((a) => ({
        name: a.name,
        status: a.status === 'seat' ? t.csvSeat : t.csvWaiting,
        position: a.position,
        signedUp: a.signedUpAt.toISOString(),
      }));
      const columns = [
        { key: 'name', header: t.csvName },
        { key: 'status', header: t.csvStatus },
        { key: 'position', header: t.csvPosition },
        { key: 'signedUp', header: t.csvSignedUp },
      ];
      return {
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="egne-ord-deltagere.csv"' },
        body: toCsv(rows, columns, { bom: true }),
      };
    },
  },
  {
    method: 'POST',
    path: '/events/:id/delete',
    permission: 'organisationManager',
    handler: async (ctx) => {
      const result = await deleteEvent(ctx.deps, ctx.actor, idParam(ctx, 'id'));
      return redirect(`/events?info=deleted&told=${result.told}`);
    },
  },
];
