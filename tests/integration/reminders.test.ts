import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { signedIn, statementOf } from '../support/fixtures.ts';
import { startSmtp } from '../support/smtp.ts';
import { sendDueReminders } from '../../src/server/services/reminders.ts';
import { toLocalInputValue } from '../../src/domain/time/copenhagen.ts';

let app: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp();
  app = await startTestApp({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await app?.close();
  await smtp?.close();
});

describe(`meeting reminders on ${testDbKind()}`, () => {
  it('sends one e-mail the day before, with the time and nothing personal, and only when asked', async () => {
    const citizen = await signedIn(app, { kind: 'citizen', chosenName: 'Hemmelige Hanne' });
    const statementId = await statementOf(app, citizen);
    const saved = await citizen.client.post('/account/email', { email: 'hanne@example.org' });
    expect(saved.status).toBe(303);
    expect((await citizen.client.post('/account/email', { email: 'not an address' })).status).toBe(400);
    const tomorrow = toLocalInputValue(new Date(Date.now() + 24 * 3600_000));
    await citizen.client.post('/meetings', { when: tomorrow, withWhom: 'Jobcentret i Fjordby', purpose: 'Min plan', statementId, reminder: 'on' });
    await citizen.client.post('/meetings', { when: tomorrow, withWhom: 'Uden påmindelse', purpose: '' });
    const inAWeek = toLocalInputValue(new Date(Date.now() + 7 * 24 * 3600_000));
    await citizen.client.post('/meetings', { when: inAWeek, withWhom: 'Senere', purpose: '', reminder: 'on' });

    const list = await citizen.client.get('/meetings');
    expect(list.text).toContain('Snart');

    expect(await sendDueReminders(app.deps)).toBe(1);
    expect(await sendDueReminders(app.deps)).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    const mine = smtp.mails.filter((m) => m.to.includes('hanne@example.org'));
    expect(mine).toHaveLength(1);
    const body = mine[0]!.raw;
    expect(body).toMatch(/[Mm]=C3=B8de|møde/);
    expect(body).not.toContain('Jobcentret');
    expect(body).not.toContain('Hanne');
  });
});
