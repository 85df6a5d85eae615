import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testDbKind, type TestApp } from '../support/test-app.ts';
import { createWorld, personalStatementTemplateId, type Person, type World } from '../support/fixtures.ts';
import { accessMatrix } from '../support/access-matrix.ts';
import { templateRoutes } from '../../src/server/routes/templates.ts';
import { validateTemplate, type SheetTemplate } from '../../src/domain/sheets/template-schema.ts';

let app: TestApp;
let world: World;
let builtinId: string;
beforeAll(async () => {
  app = await startTestApp();
  world = await createWorld(app);
  builtinId = await personalStatementTemplateId(app);
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

/** What a browser would send for the editor's form: every input, text area and chosen option. */
function formOf(page: string): Record<string, string> {
  const form = page.slice(page.indexOf('<form method="post" action="/organisation/'));
  const out: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name || name === '_csrf') continue;
    const type = attr(tag, 'type') ?? 'text';
    if (type === 'checkbox' && !/\schecked\b/.test(tag)) continue;
    out[name] = decode(attr(tag, 'value') ?? '');
  }
  for (const [, tag, body] of form.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) out[attr(tag!, 'name')!] = decode(body!);
  for (const [, tag, body] of form.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const chosen = body!.match(/<option value="([^"]*)" selected>/) ?? body!.match(/<option value="([^"]*)"/);
    out[attr(tag!, 'name')!] = decode(chosen?.[1] ?? '');
  }
  return out;
}

async function orgTemplates(orgId: string) {
  return app.deps.db.selectFrom('sheet_templates').selectAll().where('organisation_id', '=', orgId).orderBy('created_at').orderBy('version').execute();
}

function definitionOf(row: { definition: unknown }): SheetTemplate {
  const d = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  const result = validateTemplate(d);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.template;
}

const newStep = (row: number) => ({
  [`s${row}.title.da`]: 'Min hverdag',
  [`s${row}.title.en`]: 'My everyday life',
  [`s${row}.prompt.da`]: 'Hvordan ser en god dag ud for dig?',
  [`s${row}.prompt.en`]: 'What does a good day look like for you?',
  [`s${row}.help.da`]: 'Tænk på en almindelig dag, der gik godt.',
  [`s${row}.help.en`]: 'Think of an ordinary day that went well.',
  [`s${row}.examples.da`]: 'Jeg står op kl. 8 og går en tur.\nJeg spiser med min søster.',
  [`s${row}.examples.en`]: 'I get up at 8 and go for a walk.\nI have dinner with my sister.',
  [`s${row}.f0.label.da`]: 'En god dag for mig er …',
  [`s${row}.f0.label.en`]: 'A good day for me is …',
  [`s${row}.f0.type`]: 'longText',
});

async function createFromBuiltin(who: Person, orgId: string, edit: (f: Record<string, string>) => void) {
  const page = await who.client.get(`/organisation/${orgId}/templates/new?from=${builtinId}`);
  expect(page.status).toBe(200);
  const form = formOf(page.text);
  edit(form);
  return who.client.post(`/organisation/${orgId}/templates`, form);
}

describe(`the template editor on ${testDbKind()}`, () => {
  it('lets a coordinator make their own sheet from the built-in one, then change it as a new version', async () => {
    const c = world.coordinatorA;
    const list = await c.client.get(`/organisation/${world.orgA.id}/templates`);
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/organisation/${world.orgA.id}/templates/new?from=${builtinId}`);
    expect((await c.client.get(`/organisation/${world.orgA.id}`)).text).toContain(`href="/organisation/${world.orgA.id}/templates"`);

    const res = await createFromBuiltin(c, world.orgA.id, (f) => {
      expect(f['s0.key']).toBe('who');
      f['title.da'] = 'Mit møde på bostedet';
      f['title.en'] = 'My meeting at the housing service';
      f['s0.title.da'] = 'Det er mig';
      Object.assign(f, newStep(4));
    });
    expect(res.status).toBe(303);
    const [v1] = await orgTemplates(world.orgA.id);
    expect(res.location).toBe(`/organisation/${world.orgA.id}/templates?saved=${v1!.id}`);
    expect(v1).toMatchObject({ key: 'mit-moede-paa-bostedet', version: 1, created_by: c.id });
    const t1 = definitionOf(v1!);
    expect(t1.steps.map((s) => s.key)).toEqual(['who', 'matters', 'help', 'so-that', 'step-1']);
    expect(t1.steps[0]!.title).toEqual({ da: 'Det er mig', en: 'Who am I?' });
    expect(t1.steps[4]).toMatchObject({
      title: { da: 'Min hverdag' },
      examples: { da: ['Jeg står op kl. 8 og går en tur.', 'Jeg spiser med min søster.'] },
      fields: [{ key: 'part1', type: 'longText' }],
    });

    const saved = await c.client.get(res.location!);
    expect(saved.text).toContain('Arket er gemt som version 1.');
    expect(saved.text).toContain('Mit møde på bostedet');
    expect(saved.text).toContain(`/statements?template=${v1!.id}`);

    // Change it: version 2, and version 1 stays exactly as it was.
    const edit = await c.client.get(`/organisation/${world.orgA.id}/templates/${v1!.id}/edit`);
    expect(edit.status).toBe(200);
    const form = formOf(edit.text);
    expect(form.key).toBe('mit-moede-paa-bostedet');
    expect(form['s4.key']).toBe('step-1');
    expect(form['s4.f0.key']).toBe('part1');
    form['s4.title.da'] = 'Min gode dag';
    // Removing a step is a button: the page comes back without it and with all else kept.
    const removed = await c.client.post(`/organisation/${world.orgA.id}/templates`, { ...form, action: 'remove:s1' });
    expect(removed.status).toBe(200);
    expect(formOf(removed.text)['s3.title.da']).toBe('Min gode dag');
    const res2 = await c.client.post(`/organisation/${world.orgA.id}/templates`, formOf(removed.text));
    expect(res2.status).toBe(303);
    const rows = await orgTemplates(world.orgA.id);
    expect(rows.map((r) => [r.key, r.version])).toEqual([
      ['mit-moede-paa-bostedet', 1],
      ['mit-moede-paa-bostedet', 2],
    ]);
    expect(definitionOf(rows[0]!)).toEqual(t1);
    const t2 = definitionOf(rows[1]!);
    expect(t2.version).toBe(2);
    expect(t2.steps.map((s) => s.key)).toEqual(['who', 'help', 'so-that', 'step-1']);
    expect(t2.steps[3]!.title.da).toBe('Min gode dag');
    expect(t2.steps[3]!.fields[0]!.key).toBe('part1');

    const actions = await app.deps.db
      .selectFrom('audit_log')
      .select(['action', 'object_id'])
      .where('actor_user_id', '=', c.id)
      .where('action', 'like', 'template.%')
      .orderBy('id')
      .execute();
    expect(actions).toEqual([
      { action: 'template.create', object_id: rows[0]!.id },
      { action: 'template.update', object_id: rows[1]!.id },
    ]);

    const after = await c.client.get(`/organisation/${world.orgA.id}/templates`);
    expect(after.text).toContain('Version 2 (1 tidligere version)');
    expect(after.text).toContain(`/statements?template=${rows[1]!.id}`);
    // Editing from the old version's link starts from the newest version.
    expect(formOf((await c.client.get(`/organisation/${world.orgA.id}/templates/${v1!.id}/edit`)).text)['s3.title.da']).toBe('Min gode dag');
  });

  it('refuses a sheet with a missing Danish title: 400, nothing stored, every typed word kept', async () => {
    const before = (await orgTemplates(world.orgA.id)).length;
    const res = await createFromBuiltin(world.coordinatorA, world.orgA.id, (f) => {
      f['title.da'] = '';
      f['s2.prompt.en'] = 'What would you like a hand with?';
      Object.assign(f, newStep(4));
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('href="#field-title.da"');
    expect(res.text).toContain('Den danske tekst mangler: titlen i skabelonen.');
    expect(res.text).toMatch(/id="field-title.da"[^>]*aria-invalid="true"/);
    const back = formOf(res.text);
    expect(back['s2.prompt.en']).toBe('What would you like a hand with?');
    expect(back['s4.title.da']).toBe('Min hverdag');
    expect(back['s4.examples.da']).toBe('Jeg står op kl. 8 og går en tur.\nJeg spiser med min søster.');
    expect((await orgTemplates(world.orgA.id)).length).toBe(before);
  });

  it('a key that cannot be a key is 400 with what was typed and a message, not a 404; nothing is stored', async () => {
    const before = (await orgTemplates(world.orgA.id)).length;
    const res = await createFromBuiltin(world.coordinatorA, world.orgA.id, (f) => {
      f.key = '../../Not A Key';
      f['s2.prompt.en'] = 'Kept as typed';
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Vi kunne ikke læse, hvilket ark du retter.');
    expect(formOf(res.text)['s2.prompt.en']).toBe('Kept as typed');
    // The page no longer claims to edit a sheet it could not name.
    expect(res.text).not.toContain('name="key"');
    expect((await orgTemplates(world.orgA.id)).length).toBe(before);
  });

  it('gives the error in English to an English reader, beside the input it is about', async () => {
    const c = world.coordinatorA;
    c.client.cookies.set('eo_lang', 'en');
    try {
      const res = await createFromBuiltin(c, world.orgA.id, (f) => void (f['s1.help.da'] = ''));
      expect(res.status).toBe(400);
      expect(res.text).toContain('href="#field-s1.help.da"');
      expect(res.text).toContain('The Danish text is missing: the help text in step &#39;matters&#39;.');
      expect(res.text).toContain('Title (English, can be skipped)');
    } finally {
      c.client.cookies.delete('eo_lang');
    }
  });

  it("keeps one organisation's templates from another's coordinator", async () => {
    const [own] = await orgTemplates(world.orgA.id);
    const b = world.coordinatorB.client;
    expect((await b.get(`/organisation/${world.orgA.id}/templates`)).status).toBe(403);
    expect((await b.get(`/organisation/${world.orgA.id}/templates/new?from=${builtinId}`)).status).toBe(403);
    expect((await b.get(`/organisation/${world.orgA.id}/templates/${own!.id}/edit`)).status).toBe(403);
    // Through their own organisation, orgA's template is simply not there.
    expect((await b.get(`/organisation/${world.orgB.id}/templates/${own!.id}/edit`)).status).toBe(404);
    expect((await b.get(`/organisation/${world.orgB.id}/templates/new?from=${own!.id}`)).status).toBe(404);
    const theirList = await b.get(`/organisation/${world.orgB.id}/templates`);
    expect(theirList.status).toBe(200);
    expect(theirList.text).not.toContain(own!.id);

    const count = (await app.deps.db.selectFrom('sheet_templates').select('id').execute()).length;
    const form = formOf((await b.get(`/organisation/${world.orgB.id}/templates/new?from=${builtinId}`)).text);
    expect((await b.post(`/organisation/${world.orgA.id}/templates`, { ...form, 'title.da': 'Indtrænger' })).status).toBe(403);
    // A new version of orgA's key, sent to orgB: orgB has no such template.
    expect((await b.post(`/organisation/${world.orgB.id}/templates`, { ...form, key: own!.key })).status).toBe(404);
    expect((await app.deps.db.selectFrom('sheet_templates').select('id').execute()).length).toBe(count);
    // Citizens and peers do not get in at all.
    expect((await world.peerA.client.get(`/organisation/${world.orgA.id}/templates`)).status).toBe(403);
    expect((await world.citizenA.client.get(`/organisation/${world.orgA.id}/templates`)).status).toBe(403);
  });

  it('has an authorization matrix entry for every template route', () => {
    for (const r of templateRoutes)
      expect(accessMatrix[`${r.method} ${r.path}`], `${r.method} ${r.path}`).toMatchObject({ allow: ['coordinator', 'admin'], objectScoped: true });
  });

  it('shows markup typed into a step title as text', async () => {
    const c = world.coordinatorB;
    const payload = '<script>alert(1)</script><img src=x onerror=alert(2)>"quoted"';
    const res = await createFromBuiltin(c, world.orgB.id, (f) => {
      f['title.da'] = `Ark ${payload}`;
      f['s0.title.da'] = payload;
    });
    expect(res.status).toBe(303);
    const [row] = await orgTemplates(world.orgB.id);
    expect(definitionOf(row!).steps[0]!.title.da).toBe(payload);
    expect(row!.key).toBe('ark-script-alert-1-script-img-sr');
    for (const path of [`/organisation/${world.orgB.id}/templates`, `/organisation/${world.orgB.id}/templates/${row!.id}/edit`]) {
      const page = await c.client.get(path);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<script>alert');
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(formOf((await c.client.get(`/organisation/${world.orgB.id}/templates/${row!.id}/edit`)).text)['s0.title.da']).toBe(payload);
  });

  it('lets an admin manage any organisation, and refuses a made-up template id', async () => {
    const a = world.admin.client;
    expect((await a.get(`/organisation/${world.orgA.id}/templates`)).status).toBe(200);
    expect((await a.get(`/organisation/${world.orgA.id}/templates/new`)).status).toBe(200);
    expect((await a.get(`/organisation/${world.orgA.id}/templates/00000000-0000-4000-8000-000000000000/edit`)).status).toBe(404);
    expect((await a.get(`/organisation/${world.orgA.id}/templates/${builtinId}/edit`)).status).toBe(404);
    expect((await a.get(`/organisation/${world.orgA.id}/templates/new?from=nope`)).status).toBe(404);
    expect((await a.get(`/organisation/00000000-0000-4000-8000-000000000000/templates`)).status).toBe(404);
  });

  it('works without JavaScript: each add, move and remove is one POST that keeps everything typed and stores nothing', async () => {
    const c = world.coordinatorA;
    const url = `/organisation/${world.orgA.id}/templates`;
    const before = (await orgTemplates(world.orgA.id)).length;
    let form = formOf((await c.client.get(`${url}/new`)).text);
    expect(form['s0.f0.type']).toBe('longText');
    form = { ...form, 'title.da': 'Knapper', 's0.title.da': 'Første trin' };
    let res = await c.client.post(url, { ...form, action: 'add:s' });
    expect(res.status).toBe(200);
    form = formOf(res.text);
    expect(form).toMatchObject({ 'title.da': 'Knapper', 's0.title.da': 'Første trin', 's1.title.da': '', 's1.f0.type': 'longText' });
    res = await c.client.post(url, { ...form, 's1.title.da': 'Andet trin', action: 'add:s1.f' });
    form = formOf(res.text);
    expect(form).toMatchObject({ 's1.title.da': 'Andet trin', 's1.f1.type': 'longText' });
    res = await c.client.post(url, { ...form, action: 'move-up:s1' });
    form = formOf(res.text);
    expect([form['s0.title.da'], form['s1.title.da']]).toEqual(['Andet trin', 'Første trin']);
    // Moving the first step up changes nothing.
    expect(formOf((await c.client.post(url, { ...form, action: 'move-up:s0' })).text)).toEqual(form);
    res = await c.client.post(url, { ...form, action: 'add:check' });
    form = formOf(res.text);
    expect(form['check0.text.da']).toBe('');
    res = await c.client.post(url, { ...form, action: 'remove:check0' });
    expect(formOf(res.text)['check0.text.da']).toBeUndefined();
    expect((await orgTemplates(world.orgA.id)).length).toBe(before);

    // Danish only is enough; the English pages get the Danish text.
    const filled = {
      ...formOf(res.text),
      'intro.da': 'Om knapper.',
      's0.prompt.da': 'Hvad?',
      's0.help.da': 'Skriv.',
      's0.f0.label.da': 'Svar',
      's0.f1.label.da': 'Mere',
      's1.prompt.da': 'Hvorfor?',
      's1.help.da': 'Skriv igen.',
      's1.f0.label.da': 'Fordi',
      'compose.title.en': '',
      'compose.prompt.en': '',
    };
    const saved = await c.client.post(url, filled);
    expect(saved.status, saved.text.match(/error-summary[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    const t = definitionOf((await orgTemplates(world.orgA.id)).at(-1)!);
    expect(t.steps.map((s) => s.title)).toEqual([
      { da: 'Andet trin', en: 'Andet trin' },
      { da: 'Første trin', en: 'Første trin' },
    ]);
    expect(t.steps[0]!.fields.map((f) => f.label.en)).toEqual(['Svar', 'Mere']);
  });

  it('a button the page does not have is 400 and changes nothing', async () => {
    const c = world.coordinatorA;
    const form = formOf((await c.client.get(`/organisation/${world.orgA.id}/templates/new?from=${builtinId}`)).text);
    for (const action of ['add:i', 'move-up:title', 'remove:s1.x0']) {
      const res = await c.client.post(`/organisation/${world.orgA.id}/templates`, { ...form, action });
      expect(res.status, action).toBe(400);
      expect(res.text).toContain('intet er ændret');
      expect(formOf(res.text)).toEqual(form);
    }
  });

  it('shows a preview drawn with the sheet pages’ own fields, and stores nothing', async () => {
    const c = world.coordinatorA;
    const before = (await orgTemplates(world.orgA.id)).length;
    const form = formOf((await c.client.get(`/organisation/${world.orgA.id}/templates/new?from=${builtinId}`)).text);
    const res = await c.client.post(`/organisation/${world.orgA.id}/templates`, { ...form, 'title.da': 'Forhåndsvist ark', action: 'preview' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Forhåndsvisning: Forhåndsvist ark');
    expect(res.text).toContain('Side 1 af 4');
    expect(res.text).toMatch(/<textarea id="field-whoIAm" name="whoIAm" data-field="whoIAm"/);
    expect((await orgTemplates(world.orgA.id)).length).toBe(before);
    const back = await c.client.post(`/organisation/${world.orgA.id}/templates`, { ...formOf(res.text), action: 'edit' });
    expect(formOf(back.text)).toMatchObject({ 'title.da': 'Forhåndsvist ark', 's0.key': 'who' });
  });

  it('never overwrites silently: saving an edit after someone saved a newer version is 409 and keeps what was typed', async () => {
    const c = world.coordinatorA;
    const res = await createFromBuiltin(c, world.orgA.id, (f) => void (f['title.da'] = 'To redaktører'));
    expect(res.status).toBe(303);
    const id = res.location!.split('saved=')[1]!;
    const mine = formOf((await c.client.get(`/organisation/${world.orgA.id}/templates/${id}/edit`)).text);
    const theirs = formOf((await c.client.get(`/organisation/${world.orgA.id}/templates/${id}/edit`)).text);
    expect(mine.baseVersion).toBe('1');
    expect((await c.client.post(`/organisation/${world.orgA.id}/templates`, { ...theirs, 's0.title.da': 'Deres' })).status).toBe(303);
    const conflict = await c.client.post(`/organisation/${world.orgA.id}/templates`, { ...mine, 's1.title.da': 'Min' });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('En anden har gemt en ny version af arket');
    const kept = formOf(conflict.text);
    expect(kept['s1.title.da']).toBe('Min');
    expect(kept.baseVersion).toBe('2');
    const versions = async () => (await orgTemplates(world.orgA.id)).filter((r) => r.key === 'to-redaktoerer');
    expect((await versions()).map((r) => r.version)).toEqual([1, 2]);
    expect((await c.client.post(`/organisation/${world.orgA.id}/templates`, kept)).status).toBe(303);
    expect((await versions()).map((r) => r.version)).toEqual([1, 2, 3]);
  });
});
