import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { messagesFor } from '../i18n/messages.ts';
import { checkbox, fieldErrors, formInput, isoDate, many, parseInput, wholeNumber } from './input.ts';

const da = messagesFor('da');
const en = messagesFor('en');

const schema = z.object({
  title: z.string().trim().min(1).max(10),
  minutes: wholeNumber('sessions.durationInvalid').pipe(z.number().min(1, 'sessions.durationInvalid')),
  shared: checkbox,
  themes: many(z.enum(['hope', 'identity'])),
  on: isoDate,
});

describe('one edge for input', () => {
  it('turns form strings into typed values', () => {
    const r = parseInput(formInput(schema), { title: 'Hej', minutes: ' 45 ', shared: 'on', themes: 'hope', on: '2026-12-01' }, da);
    expect(r).toEqual({ ok: true, value: { title: 'Hej', minutes: 45, shared: true, themes: ['hope'], on: '2026-12-01' } });
  });

  it('names the field and says what is wrong in the reader’s language, using the schema’s catalogue path', () => {
    const r = parseInput(formInput(schema), { title: '', minutes: '0', themes: ['hope', 'nope'], on: '2026-02-31' }, da);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.failure.errors.title).toBe(da.form.required);
    expect(r.failure.errors.minutes).toBe(da.sessions.durationInvalid);
    expect(r.failure.errors.themes).toBe(da.errors.badRequest);
    expect(r.failure.errors.on).toBe(da.errors.badRequest);
    expect(r.failure.values.title).toBe('');
    const english = fieldErrors(z.object({ title: z.string().max(3) }).safeParse({ title: 'abcdef' }).error!.issues, en, { title: 'abcdef' });
    expect(english.title).toBe(en.form.tooLong(3, 6));
  });

  it('does not follow a message path out of the catalogue', () => {
    const bad = z.object({ a: z.string().min(5, 'constructor.name') });
    const errors = fieldErrors(bad.safeParse({ a: 'x' }).error!.issues, da, { a: 'x' });
    expect(errors.a).toBe(da.errors.badRequest);
  });
});
