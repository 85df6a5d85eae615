import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/client.ts';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, type Person, type World } from '../support/fixtures.ts';
import type { Questionnaire } from '../../src/domain/evaluation/questionnaire.ts';

let app: TestApp;
let world: World;
beforeAll(async () => {
  app = await startTestApp({ env: { TOKEN_LIMIT_PER_ADDRESS: '1000' } });
  world = await createWorld(app);
});
afterAll(() => app?.close());

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/** What a browser would send for the builder's form: every input, text area and chosen option. */
function formOf(page: string): Record<string, string> {
  const form = page.slice(page.indexOf('<form method="post" action="/organisation/'));
  const out: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name || name === '_csrf') continue;
    const type = attr(tag, 'type') ?? 'text';
    if (type === 'checkbox' && !/\schecked\b/.test(tag)) continue;
    out[decode(name)] = decode(attr(tag, 'value') ?? '');
  }
  for (const [, tag, body] of form.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) out[decode(attr(tag!, 'name')!)] = decode(body!);
  for (const [, tag, body] of form.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const chosen = body!.match(/<option value="([^"]*)" selected>/) ?? body!.match(/<option value="([^"]*)"/);
    out[decode(attr(tag!, 'name')!)] = decode(chosen?.[1] ?? '');
  }
  return out;
}

const about = (title: string) => ({
  'title.da': title,
  'title.en': `${title} (en)`,
  'intro.da': 'Et par korte spørgsmål om dagen.',
  'intro.en': 'A few short questions about the day.',
  audience: 'citizen',
  licenceNote: 'Bostedet Engen, CC BY 4.0',
});

function row(n: number, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`i${n}.${k}`, v]));
}

/** Answer options of question row n, one row of fields each: [value, Danish, English, score]. */
function options(n: number, list: string[][]): Record<string, string> {
  const out: Record<string, string> = {};
  list.forEach(([value, da, en, score], o) => {
    out[`i${n}.o${o}.value`] = value ?? '';
    out[`i${n}.o${o}.label.da`] = da ?? '';
    out[`i${n}.o${o}.label.en`] = en ?? '';
    out[`i${n}.o${o}.score`] = score ?? '';
  });
  return out;
}

const everyType = {
  ...row(0, { type: 'display', 'text.da': 'Tak, fordi du kom.', 'text.en': 'Thank you for coming.' }),
  ...row(1, {
    type: 'singleChoice',
    key: 'mood',
    'text.da': 'Hvordan var dagen?',
    'text.en': 'How was the day?',
    required: 'on',
  }),
  ...options(1, [
    ['good', 'God', 'Good', '3'],
    ['ok', 'Okay', 'Okay', '2'],
    ['bad', 'Svær', 'Hard', '1'],
    ['dk', 'Ved ikke', 'Don’t know'],
  ]),
  ...row(2, {
    type: 'multipleChoice',
    key: 'topics',
    'text.da': 'Hvad talte I om?',
    'text.en': 'What did you talk about?',
  }),
  ...options(2, [
    ['work', 'Arbejde', 'Work'],
    ['home', 'Bolig', 'Home'],
    ['friends', 'Venner', 'Friends'],
  ]),
  ...row(3, { type: 'yesNo', key: 'again', 'text.da': 'Vil du komme igen?', 'text.en': 'Would you come again?' }),
  ...row(4, {
    type: 'number',
    key: 'visits',
    'text.da': 'Hvor mange gange har du været her?',
    'text.en': 'How many times have you been here?',
    min: '0',
    max: '100',
  }),
  ...row(5, {
    type: 'slider',
    key: 'calm',
    'text.da': 'Hvor rolig er du nu?',
    'text.en': 'How calm are you now?',
    min: '0',
    max: '10',
    step: '1',
    'minLabel.da': 'Urolig',
    'minLabel.en': 'Restless',
    'maxLabel.da': 'Rolig',
    'maxLabel.en': 'Calm',
  }),
  ...row(6, {
    type: 'freeText',
    key: 'why',
    'text.da': 'Hvad kunne gøre det bedre?',
    'text.en': 'What could make it better?',
    maxLength: '500',
    'showIf.item': 'again',
    'showIf.value': 'nej',
  }),
};

async function stored(orgId: string) {
  return app.deps.db
    .selectFrom('questionnaires')
    .select(['id', 'key', 'version', 'definition'])
    .where('organisation_id', '=', orgId)
    .orderBy('key')
    .orderBy('version')
    .execute();
}

function definition(r: { definition: unknown }): Questionnaire {
  return (typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition) as Questionnaire;
}

async function create(who: Person, orgId: string, fields: Record<string, string>) {
  const res = await who.client.post(`/organisation/${orgId}/questionnaires`, fields);
  expect(res.status, res.text.match(/error-summary[\s\S]*?<\/ul>/)?.[0]).toBe(303);
  const id = res.location!.match(/questionnaires\/([0-9a-f-]{36})\/edit\?saved=1$/)![1]!;
  return id;
}

async function answerByLink(questionnaireId: string, answers: Record<string, string>) {
  const c = world.coordinatorA.client;
  const round = await c.post(`/organisation/${world.orgA.id}/rounds`, {
    title: 'Runde med eget skema',
    method: 'Egne spørgsmål',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    siteIds: [world.orgA.siteId],
  });
  const roundId = round.location!.split('/').pop()!;
  const link = await c.post(`/rounds/${roundId}/distributions`, { questionnaireId, mode: 'anonymous', siteId: world.orgA.siteId });
  expect(link.status).toBe(201);
  const token = link.text.match(/\/q\/([A-Za-z0-9_-]{43})/)![1]!;
  const citizen = new Client(app.url);
  const page = await citizen.get(`/q/${token}`);
  const key = page.text.match(/name="submissionKey" value="([^"]+)"/)![1]!;
  const res = await citizen.post(`/q/${token}`, { submissionKey: key, consent: 'yes', ...answers });
  expect(res.status).toBe(303);
  return page.text;
}

describe(`the questionnaire builder on ${testDbKind()}`, () => {
  it('a coordinator finds the builder and makes a questionnaire with every item type', async () => {
    const c = world.coordinatorA;
    const home = await c.client.get(`/organisation/${world.orgA.id}/evaluation`);
    expect(home.text).toContain(`href="/organisation/${world.orgA.id}/questionnaires/new"`);
    const blank = await c.client.get(`/organisation/${world.orgA.id}/questionnaires/new`);
    expect(blank.status).toBe(200);
    // Nobody is asked for a key: it is made from the title.
    expect(blank.text).not.toContain('name="key"');
    const form = formOf(blank.text);
    expect(form.licenceNote).toMatch(/CC BY 4\.0/);
    expect(form['i0.type']).toBe('singleChoice');

    const id = await create(c, world.orgA.id, { ...form, ...about('Dagen på Engen'), ...everyType });
    const page = await c.client.get(`/organisation/${world.orgA.id}/questionnaires/${id}/edit?saved=1`);
    expect(page.text).toContain('Spørgeskemaet er gemt som version 1.');
    expect(page.text).toContain('Ingen har svaret endnu');
    const rows = await stored(world.orgA.id);
    const mine = rows.find((r) => r.id === id)!;
    expect(mine.key).toBe('dagen-paa-engen');
    const q = definition(mine);
    expect(q.items.map((i) => i.type)).toEqual(['display', 'singleChoice', 'multipleChoice', 'yesNo', 'number', 'slider', 'freeText']);
    expect(q.items[6]!.showIf).toEqual({ item: 'again', equals: false });
    expect(q.licenceNote).toBe('Bostedet Engen, CC BY 4.0');
    // The page shows what was saved, ready to change again.
    const again = formOf(page.text);
    expect(again).toMatchObject({ 'i1.o3.value': 'dk', 'i1.o3.label.da': 'Ved ikke', 'i1.o3.label.en': 'Don’t know', 'i1.o3.score': '' });
    expect(again['i6.showIf.item']).toBe('again');
    expect(again['i6.showIf.value']).toBe('nej');
  });

  it('starts from one of our questionnaires without changing it', async () => {
    const c = world.coordinatorA;
    const builtin = await app.deps.db
      .selectFrom('questionnaires')
      .select(['id', 'definition'])
      .where('key', '=', 'after-meeting-check-in')
      .where('organisation_id', 'is', null)
      .executeTakeFirstOrThrow();
    const page = await c.client.get(`/organisation/${world.orgA.id}/questionnaires/new?from=${builtin.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Du starter fra Egne ords spørgeskema');
    const form = formOf(page.text);
    expect(form.key).toBeUndefined();
    const id = await create(c, world.orgA.id, { ...form, 'title.da': 'Efter mødet hos os' });
    const mine = (await stored(world.orgA.id)).find((r) => r.id === id)!;
    expect(mine.key).toBe('efter-moedet-hos-os');
    expect(definition(mine).items.map((i) => i.key)).toEqual(definition(builtin).items.map((i) => i.key));
    const after = await app.deps.db.selectFrom('questionnaires').select('definition').where('id', '=', builtin.id).executeTakeFirstOrThrow();
    expect(definition(after).title.da).toBe('Efter mødet');
  });

  it('refuses a show-if cycle with a clear message, keeps every typed value and saves nothing', async () => {
    const c = world.coordinatorA;
    const before = (await stored(world.orgA.id)).length;
    const res = await c.client.post(`/organisation/${world.orgA.id}/questionnaires`, {
      ...about('Ring'),
      ...row(0, { type: 'yesNo', key: 'first', 'text.da': 'Første spørgsmål', 'text.en': 'First question', 'showIf.item': 'second', 'showIf.value': 'ja' }),
      ...row(1, { type: 'yesNo', key: 'second', 'text.da': 'Andet spørgsmål', 'text.en': 'Second question', 'showIf.item': 'first', 'showIf.value': 'ja' }),
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    // Questions are named by their number and Danish text, never by their key.
    expect(decode(res.text)).toContain(
      'Visningsreglerne går i ring: spørgsmål 1 (»Første spørgsmål«) → spørgsmål 2 (»Andet spørgsmål«) → spørgsmål 1 (»Første spørgsmål«).',
    );
    expect(decode(res.text)).not.toMatch(/'first'|'second'/);
    expect(res.text).toContain('href="#field-i0.showIf.item"');
    const form = formOf(res.text);
    expect(form['title.da']).toBe('Ring');
    expect(form['i1.text.en']).toBe('Second question');
    expect(form['i0.showIf.item']).toBe('second');
    expect((await stored(world.orgA.id)).length).toBe(before);

    // A forward reference is named too.
    const forward = await c.client.post(`/organisation/${world.orgA.id}/questionnaires`, {
      ...about('Fremad'),
      ...row(0, { type: 'yesNo', key: 'first', 'text.da': 'Første', 'text.en': 'First', 'showIf.item': 'second', 'showIf.value': 'ja' }),
      ...row(1, { type: 'yesNo', key: 'second', 'text.da': 'Andet', 'text.en': 'Second' }),
    });
    expect(forward.status).toBe(400);
    expect(decode(forward.text)).toContain('henviser til spørgsmål 2 (»Andet«), som kommer senere');
    expect((await stored(world.orgA.id)).length).toBe(before);
  });

  it('edits version 1 in place until it has answers; after an answer a save makes version 2 and leaves version 1 alone', async () => {
    const c = world.coordinatorA;
    const id = await create(c, world.orgA.id, { ...about('Versioner'), ...everyType });
    let page = await c.client.get(`/organisation/${world.orgA.id}/questionnaires/${id}/edit`);
    let form = formOf(page.text);
    expect(form.editing).toBe(id);
    const firstSave = await c.client.post(`/organisation/${world.orgA.id}/questionnaires`, { ...form, 'i3.text.da': 'Kommer du igen en anden gang?' });
    expect(firstSave.location).toBe(`/organisation/${world.orgA.id}/questionnaires/${id}/edit?saved=1`);
    let rows = (await stored(world.orgA.id)).filter((r) => r.key === 'versioner');
    expect(rows.map((r) => r.version)).toEqual([1]);
    expect(definition(rows[0]!).items[3]!.text.da).toBe('Kommer du igen en anden gang?');

    const survey = await answerByLink(id, { mood: 'good', topics: 'work', again: 'yes', visits: '3', calm: '7' });
    expect(survey).toContain('Kommer du igen en anden gang?');

    page = await c.client.get(`/organisation/${world.orgA.id}/questionnaires/${id}/edit`);
    expect(page.text).toContain('Version 1 har svar og er låst. Når du gemmer, bliver det version 2.');
    form = formOf(page.text);
    // Sending it back unchanged makes no new version.
    const unchanged = await c.client.post(`/organisation/${world.orgA.id}/questionnaires`, form);
    expect(unchanged.location).toBe(`/organisation/${world.orgA.id}/questionnaires/${id}/edit?unchanged=1`);
    expect((await c.client.get(unchanged.location!)).text).toContain('Du har ikke ændret noget');
    expect((await stored(world.orgA.id)).filter((r) => r.key === 'versioner')).toHaveLength(1);
    // Removing a question is a button: the page comes back without it, nothing stored yet.
    const removed = await c.client.post(`/organisation/${world.orgA.id}/questionnaires`, { ...form, 'i1.text.da': 'Hvordan gik dagen?', action: 'remove:i2' });
    expect(removed.status).toBe(200);
    expect((await stored(world.orgA.id)).filter((r) => r.key === 'versioner')).toHaveLength(1);
    const secondSave = await c.client.post(`/organisation/${world.orgA.id}/questionnaires`, formOf(removed.text));
    expect(secondSave.status).toBe(303);
    const newId = secondSave.location!.match(/questionnaires\/([0-9a-f-]{36})\/edit/)![1]!;
    expect(newId).not.toBe(id);
    rows = (await stored(world.orgA.id)).filter((r) => r.key === 'versioner');
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    const v1 = definition(rows[0]!);
    const v2 = definition(rows[1]!);
    expect(v1.version).toBe(1);
    expect(v1.items[1]!.text.da).toBe('Hvordan var dagen?');
    expect(v1.items.map((i) => i.key)).toContain('topics');
    expect(v2.version).toBe(2);
    expect(v2.items[1]!.text.da).toBe('Hvordan gik dagen?');
    expect(v2.items.map((i) => i.key)).not.toContain('topics');
    const saved = await c.client.get(secondSave.location!);
    expect(saved.text).toContain('Spørgeskemaet er gemt som version 2.');
    // The old version is no longer offered for editing.
    expect((await c.client.get(`/organisation/${world.orgA.id}/questionnaires/${id}/edit`)).status).toBe(404);
  });

  it("refuses coordinator B on organisation A's questionnaire and changes nothing", async () => {
    const id = await create(world.coordinatorA, world.orgA.id, { ...about('Kun for A'), ...everyType });
    const b = world.coordinatorB.client;
    expect((await b.get(`/organisation/${world.orgA.id}/questionnaires/${id}/edit`)).status).toBe(403);
    expect((await b.get(`/organisation/${world.orgB.id}/questionnaires/${id}/edit`)).status).toBe(404);
    expect((await b.get(`/organisation/${world.orgA.id}/questionnaires/new`)).status).toBe(403);
    expect((await b.get(`/organisation/${world.orgB.id}/questionnaires/new?from=${id}`)).status).toBe(404);
    const page = await world.coordinatorA.client.get(`/organisation/${world.orgA.id}/questionnaires/${id}/edit`);
    const form = formOf(page.text);
    expect((await b.post(`/organisation/${world.orgA.id}/questionnaires`, { ...form, 'title.da': 'Overtaget' })).status).toBe(403);
    expect((await b.post(`/organisation/${world.orgB.id}/questionnaires`, { ...form, 'title.da': 'Overtaget' })).status).toBe(404);
    const row = await app.deps.db.selectFrom('questionnaires').select('definition').where('id', '=', id).executeTakeFirstOrThrow();
    expect(definition(row).title.da).toBe('Kun for A');
    expect(
      await app.deps.db.selectFrom('questionnaires').select('id').where('organisation_id', '=', world.orgB.id).where('key', '=', 'kun-for-a').execute(),
    ).toEqual([]);
  });

  it('escapes HTML typed into any text, on the builder, in the error page and on the survey', async () => {
    const c = world.coordinatorA;
    const evil = '<script>alert(1)</script><b>fed</b>';
    const bad = await c.client.post(`/organisation/${world.orgA.id}/questionnaires`, { ...about(evil), 'intro.da': '', ...everyType, 'i3.text.en': evil });
    expect(bad.status).toBe(400);
    expect(bad.text).not.toContain('<script>alert');
    expect(bad.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const id = await create(c, world.orgA.id, {
      ...about(evil),
      key: 'ondt',
      ...everyType,
      'i3.text.en': evil,
      'i1.o0.label.da': evil,
    });
    const page = await c.client.get(`/organisation/${world.orgA.id}/questionnaires/${id}/edit`);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<b>fed</b>');
    expect(formOf(page.text)['title.da']).toBe(evil);
    const home = await c.client.get(`/organisation/${world.orgA.id}/evaluation`);
    expect(home.text).not.toContain('<script>alert');
    const survey = await answerByLink(id, { mood: 'good' });
    expect(survey).not.toContain('<script>alert');
    expect(survey).toContain('&lt;b&gt;fed&lt;/b&gt;');
  });

  it('works without JavaScript: each add, move and remove is one POST that keeps everything typed and stores nothing', async () => {
    const c = world.coordinatorA;
    const url = `/organisation/${world.orgA.id}/questionnaires`;
    const before = (await stored(world.orgA.id)).length;
    const blank = formOf((await c.client.get(`${url}/new`)).text);
    let form: Record<string, string> = { ...blank, ...about('Knapper'), ...row(0, { type: 'yesNo', 'text.da': 'Første' }) };

    // Add a question: one more, empty, with two empty answer options; all typed text is kept.
    let res = await c.client.post(url, { ...form, action: 'add:i' });
    expect(res.status).toBe(200);
    form = formOf(res.text);
    expect(form).toMatchObject({ 'title.da': 'Knapper', 'i0.text.da': 'Første', 'i1.type': 'singleChoice', 'i1.o0.value': '', 'i1.o1.value': '' });
    expect(res.text).toContain('value="move-up:i1"');
    expect(res.text).not.toContain('value="move-up:i0"');

    // Fill it in, add a third option, then move the new question to the top.
    res = await c.client.post(url, { ...form, 'i1.text.da': 'Anden', 'i1.o0.label.da': 'Nej', 'i1.o1.label.da': 'Ja', action: 'add:i1.o' });
    form = formOf(res.text);
    expect(form).toMatchObject({ 'i1.text.da': 'Anden', 'i1.o1.label.da': 'Ja', 'i1.o2.value': '' });
    res = await c.client.post(url, { ...form, 'i1.o2.label.da': 'Måske', action: 'move-up:i1' });
    form = formOf(res.text);
    expect(form).toMatchObject({ 'i0.text.da': 'Anden', 'i0.o2.label.da': 'Måske', 'i1.text.da': 'Første' });
    // Moving the top question up changes nothing.
    res = await c.client.post(url, { ...form, action: 'move-up:i0' });
    expect(formOf(res.text)).toEqual(form);
    // Remove "Måske" again, and the form still saves with no English at all.
    res = await c.client.post(url, { ...form, action: 'remove:i0.o2' });
    form = formOf(res.text);
    expect(form['i0.o2.label.da']).toBeUndefined();
    expect((await stored(world.orgA.id)).length).toBe(before);

    const id = await create(c, world.orgA.id, { ...form, 'title.en': '', 'intro.en': '' });
    const q = definition((await stored(world.orgA.id)).find((r) => r.id === id)!);
    expect(q.title).toEqual({ da: 'Knapper', en: 'Knapper' });
    expect(q.items.map((i) => i.text.da)).toEqual(['Anden', 'Første']);
    const first = q.items[0]!;
    expect(first.type === 'singleChoice' && first.options).toEqual([
      { value: '1', label: { da: 'Nej', en: 'Nej' } },
      { value: '2', label: { da: 'Ja', en: 'Ja' } },
    ]);
  });

  it('a button the page does not have is 400 and changes nothing', async () => {
    const c = world.coordinatorA;
    const form = { ...about('Ukendt knap'), ...row(0, { type: 'yesNo', 'text.da': 'Et' }), ...row(1, { type: 'yesNo', 'text.da': 'To' }) };
    for (const action of ['delete:i1', 'move-up:title', 'add:s']) {
      const res = await c.client.post(`/organisation/${world.orgA.id}/questionnaires`, { ...form, action });
      expect(res.status, action).toBe(400);
      expect(res.text).toContain('intet er ændret');
      expect(formOf(res.text)).toMatchObject(form);
    }
  });

  it('shows a preview drawn like the survey, and saves from it', async () => {
    const c = world.coordinatorA;
    const url = `/organisation/${world.orgA.id}/questionnaires`;
    const before = (await stored(world.orgA.id)).length;
    const form = { ...about('Forhåndsvist'), ...everyType };
    const preview = await c.client.post(url, { ...form, action: 'preview' });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Forhåndsvisning: Forhåndsvist');
    // The survey's own radios, as those who answer see them, but not usable here.
    expect(preview.text).toMatch(/<fieldset disabled/);
    expect(preview.text).toContain('type="radio" id="field-mood" name="mood" value="good"');
    expect((await stored(world.orgA.id)).length).toBe(before);
    // Back to editing keeps everything.
    const back = await c.client.post(url, { ...formOf(preview.text), action: 'edit' });
    expect(back.status).toBe(200);
    // (Only "one answer from a list" has a score input.)
    expect(formOf(back.text)).toMatchObject(Object.fromEntries(Object.entries(form).filter(([k]) => !/^i2\.o\d\.score$/.test(k))));
    // A draft with a problem shows the problems instead of a preview.
    const bad = await c.client.post(url, { ...form, 'title.da': '', action: 'preview' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#field-title.da"');
    await create(c, world.orgA.id, formOf(preview.text));
  });

  it('never overwrites silently: a save after someone else saved is 409, keeps what was typed, and a second save is a choice', async () => {
    const c = world.coordinatorA;
    const id = await create(c, world.orgA.id, { ...about('To på en gang'), ...everyType });
    const url = `/organisation/${world.orgA.id}/questionnaires`;
    const mine = formOf((await c.client.get(`${url}/${id}/edit`)).text);
    const theirs = formOf((await c.client.get(`${url}/${id}/edit`)).text);
    expect(mine.base).toBeTruthy();
    expect((await c.client.post(url, { ...theirs, 'i3.text.da': 'Deres ændring' })).status).toBe(303);
    const conflict = await c.client.post(url, { ...mine, 'i4.text.da': 'Min ændring' });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('En anden har gemt spørgeskemaet');
    const kept = formOf(conflict.text);
    expect(kept['i4.text.da']).toBe('Min ændring');
    let q = definition((await stored(world.orgA.id)).find((r) => r.id === id)!);
    expect(q.items[3]!.text.da).toBe('Deres ændring');
    expect(q.items[4]!.text.da).not.toBe('Min ændring');
    expect((await c.client.post(url, kept)).status).toBe(303);
    q = definition((await stored(world.orgA.id)).find((r) => r.id === id)!);
    expect(q.items[4]!.text.da).toBe('Min ændring');
  });
});
