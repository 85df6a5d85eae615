import { z } from 'zod';
import type { Route } from '../http/types.ts';
import { route } from '../http/types.ts';
import { idParam } from '../http/params.ts';
import { redirect } from '../http/app.ts';
import { formInput } from '../http/input.ts';
import { openMeeting } from '../services/meetings.ts';
import { markProgress, progressTimeline, setProgressReminderFor, type ProgressInput } from '../services/progress.ts';
import { meetingPage } from '../views/pages/meetings.ts';
import { progressPage } from '../views/pages/progress.ts';
import { isProgressStatus, REMINDER_DAYS } from '../../domain/decisions/progress.ts';

const NOTE_MAX = 500;

// One question per decision, named after its id (status.<id>, note.<id>): which ids exist depends
// on the meeting, so the fields pass through here and the service refuses ids it does not know.
const progressForm = z
  .looseObject({
    goal: z.preprocess(
      (v) => (v === undefined || v === '' ? 'skip' : v),
      z.enum(['skip', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], 'progress.goalInvalid'),
    ),
  })
  .superRefine((form, c) => {
    for (const [key, v] of Object.entries(form)) {
      if (key.startsWith('status.') && !isProgressStatus(v)) c.addIssue({ code: 'custom', path: [key], message: 'progress.statusInvalid' });
      if (key.startsWith('note.') && (typeof v !== 'string' || v.length > NOTE_MAX))
        c.addIssue({ code: 'too_big', origin: 'string', maximum: NOTE_MAX, path: [key], message: '' });
    }
  })
  .transform((form): ProgressInput => {
    const marks: ProgressInput['marks'] = [];
    for (const [key, v] of Object.entries(form)) {
      if (!key.startsWith('status.') || !isProgressStatus(v)) continue;
      const id = key.slice('status.'.length);
      const note = form[`note.${id}`];
      marks.push({ decisionId: id, status: v, note: typeof note === 'string' ? note : '' });
    }
    return { marks, goal: form.goal === 'skip' ? null : Number(form.goal) };
  });

const reminderForm = z.object({
  reminderDays: z
    .enum(REMINDER_DAYS.map(String) as [string, ...string[]], 'progress.reminderInvalid')
    .transform((d) => Number(d) as (typeof REMINDER_DAYS)[number]),
});

export const progressRoutes: Route[] = [
  route({
    method: 'POST',
    path: '/meetings/:id/progress',
    permission: 'citizen',
    input: formInput(progressForm),
    invalid: async (ctx, failure) => ({
      status: 400,
      body: meetingPage(ctx, await openMeeting(ctx.deps, ctx.actor, idParam(ctx)), { progress: { errors: failure.errors, values: failure.values } }),
    }),
    handler: async (ctx) => {
      const id = idParam(ctx);
      await markProgress(ctx.deps, ctx.actor, id, ctx.input);
      return redirect(`/meetings/${id}?marked=1#progress`);
    },
  }),
  route({
    method: 'POST',
    path: '/meetings/:id/progress-reminder',
    permission: 'citizen',
    input: formInput(reminderForm),
    invalid: async (ctx) => ({
      status: 400,
      body: meetingPage(ctx, await openMeeting(ctx.deps, ctx.actor, idParam(ctx)), { progress: { reminderError: ctx.t.progress.reminderInvalid } }),
    }),
    handler: async (ctx) => {
      const id = idParam(ctx);
      const on = await setProgressReminderFor(ctx.deps, ctx.actor, id, ctx.input.reminderDays);
      return redirect(`/meetings/${id}?${on ? 'reminded' : 'reminderRemoved'}=1#progress-reminder`);
    },
  }),
  {
    method: 'GET',
    path: '/progress',
    permission: 'citizen',
    handler: async (ctx) => ({ status: 200, body: progressPage(ctx, await progressTimeline(ctx.deps, ctx.actor)) }),
  },
];
