import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { idParam } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { formInput, formRecord } from '../http/input.ts';
import { BadInput } from '../errors.ts';
import type { Errors } from '../views/components.ts';
import { isWebAddress, LIMITS, type EventFormValues } from '../../domain/events/event-input.ts';
import { eventIcs } from '../../domain/events/ics.ts';
import { parseLocalDateTime } from '../../domain/time/copenhagen.ts';
import { spreadsheetCsv, toCsv } from '../../domain/evaluation/csv.ts';
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

/** A Danish wall-clock time from a datetime-local input. */
function localDateTime(message: string) {
  return z.string(message).transform((v, issues) => {
    const at = parseLocalDateTime(v);
    if (at) return at;
    issues.addIssue({ code: 'custom', message });
    return z.NEVER;
  });
}

const eventForm = z
  .object({
    organisationId: z.uuid('events.errors.organisationId'),
    title: z.string('events.errors.title').trim().min(1, 'events.errors.title').max(LIMITS.title, 'events.errors.title'),
    description: z.string().trim().max(LIMITS.description, 'events.errors.description').default(''),
    startsAt: localDateTime('events.errors.startsAt'),
    endsAt: localDateTime('events.errors.endsAt'),
    place: z.string().trim().max(LIMITS.place, 'events.errors.place').default(''),
    onlineUrl: z
      .string()
      .trim()
      .refine((v) => v === '' || (v.length <= LIMITS.onlineUrl && isWebAddress(v)), 'events.errors.onlineUrl')
      .default(''),
    capacity: z
      .string('events.errors.capacity')
      .trim()
      .regex(/^\d{1,5}$/, 'events.errors.capacity')
      .transform(Number)
      .refine((n) => n >= 1 && n <= LIMITS.capacity, 'events.errors.capacity'),
  })
  // Checks between fields run even when a field failed (`when`), so the page names every problem
  // at once; the values they read may then be missing or unparsed.
  .refine((e) => !(e.startsAt instanceof Date && e.endsAt instanceof Date && e.endsAt.getTime() <= e.startsAt.getTime()), {
    path: ['endsAt'],
    message: 'events.errors.endBeforeStart',
    when: () => true,
  })
  .refine((e) => Boolean(e.place || e.onlineUrl), { path: ['place'], message: 'events.errors.where', when: () => true })
  .transform((e) => ({ ...e, place: e.place || null, onlineUrl: e.onlineUrl || null }));

function eventValues(values: Record<string, string | string[]>): EventFormValues {
  const one = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  return {
    organisationId: one('organisationId'),
    title: one('title'),
    description: one('description'),
    startsAt: one('startsAt'),
    endsAt: one('endsAt'),
    place: one('place'),
    onlineUrl: one('onlineUrl'),
    capacity: one('capacity'),
  };
}

async function eventFormAgain(ctx: RequestContext, values: Record<string, string | string[]>, errors: Errors) {
  return { status: 400, body: eventFormPage(ctx, { organisations: await organiserOptions(ctx.deps, ctx.actor), values: eventValues(values), errors }) };
}

export const eventRoutes: Route[] = [
  { method: 'GET', path: '/events', permission: 'staff', handler: async (ctx) => ({ status: 200, body: await listPage(ctx) }) },
  {
    method: 'GET',
    path: '/events/new',
    permission: 'organisationManager',
    handler: async (ctx) => ({ status: 200, body: eventFormPage(ctx, { organisations: await organiserOptions(ctx.deps, ctx.actor) }) }),
  },
  route({
    method: 'POST',
    path: '/events',
    permission: 'organisationManager',
    input: formInput(eventForm),
    invalid: async (ctx, failure) => eventFormAgain(ctx, failure.values, failure.errors),
    handler: async (ctx) => {
      try {
        const id = await createEvent(ctx.deps, ctx.actor, ctx.input);
        return redirect(`/events/${id}?info=created`);
      } catch (e) {
        // A start that has passed is a mistake in the form, said beside the start time.
        if (e instanceof BadInput && e.fields.startsAt) return eventFormAgain(ctx, formRecord(await ctx.form()), { startsAt: ctx.t.events.errors.startInPast });
        throw e;
      }
    },
  }),
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
        body: toCsv(rows, columns, spreadsheetCsv(ctx.locale)),
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
