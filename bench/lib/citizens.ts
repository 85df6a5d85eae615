// Citizens and statements made through the app's own HTTP interface, as a person would.
import { type Client, signUpCitizen } from '../../tests/support/client.ts';

export interface BenchCitizen {
  client: Client;
  statementId: string;
  /** The Cookie header that carries this citizen's session and CSRF cookies. */
  cookie: string;
  csrf: string;
  revision: number;
}

export function cookieHeader(client: Client): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The id of the built-in personal statement template, read from the "new statement" form. */
export async function personalStatementTemplateId(client: Client): Promise<string> {
  const page = await client.get('/statements');
  if (page.status !== 200) throw new Error(`GET /statements answered ${page.status}`);
  const select = page.text.match(/<select[^>]*name="templateId"[^>]*>([\s\S]*?)<\/select>/)?.[1] ?? '';
  const options = [...select.matchAll(/<option value="([0-9a-f-]{36})"[^>]*>([^<]*)</g)];
  const chosen = options.find((o) => /Personligt statement|Personal statement/.test(o[2] ?? '')) ?? options[0];
  if (!chosen?.[1]) throw new Error('no template to start a statement with');
  return chosen[1];
}

export async function createStatement(client: Client, templateId: string, purpose = 'Til mødet på torsdag'): Promise<string> {
  const res = await client.post('/statements', { purpose, templateId });
  const id = res.location?.match(/\/statements\/([0-9a-f-]{36})\//)?.[1];
  if (res.status !== 303 || !id) throw new Error(`creating a statement answered ${res.status}`);
  return id;
}

async function revisionOf(client: Client, statementId: string): Promise<number> {
  const page = await client.get(`/statements/${statementId}/write/who`);
  const revision = Number(page.text.match(/name="revision" value="(\d+)"/)?.[1]);
  if (page.status !== 200 || !Number.isInteger(revision)) throw new Error(`the writing page answered ${page.status} without a revision`);
  return revision;
}

/** Signs up `count` citizens (a few at a time: each sign-up hashes a password) with one statement each. */
export async function makeCitizens(base: string, count: number, parallel = 4): Promise<BenchCitizen[]> {
  const out: BenchCitizen[] = [];
  let templateId: string | undefined;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const { client } = await signUpCitizen(base, `bench${process.pid.toString(36)}${index}x${Date.now().toString(36)}`);
      templateId ??= await personalStatementTemplateId(client);
      const statementId = await createStatement(client, templateId);
      const revision = await revisionOf(client, statementId);
      out[index] = { client, statementId, cookie: cookieHeader(client), csrf: client.csrf(), revision };
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return out;
}

/** Reads every statement's current revision again: a run that stops leaves one answer per
 * connection unread, so the revisions the load generator knows may be one behind. */
export async function refreshRevisions(citizens: BenchCitizen[], parallel = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < citizens.length) {
      const citizen = citizens[next++] as BenchCitizen;
      citizen.revision = await revisionOf(citizen.client, citizen.statementId);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}
