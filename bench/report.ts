// Evaluation report at scale: a round report (activity counts, answer distributions with
// small-cell suppression) over 10k, 100k and 1M stored answers in PostgreSQL, next to the bare
// GROUP BY the report is built on, run in the same process against the same data.
// Run with `npm run bench -- report`.
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { recordResult, median, printTable, type BenchResult } from './lib/results.ts';
import { startPostgres } from '../tests/support/postgres-server.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { Keyring } from '../src/server/crypto/envelope.ts';
import { createLogger } from '../src/server/observability/logger.ts';
import { createMailer } from '../src/server/mail/mailer.ts';
import { ensureDefaultQuestionnaires, defaultQuestionnaireId } from '../src/server/services/evaluation/questionnaires.ts';
import { ensureBuiltinTemplates } from '../src/server/services/template-catalogue.ts';
import { roundReport } from '../src/server/services/evaluation/reports.ts';
import type { AppDeps } from '../src/server/deps.ts';
import type { SignedInActor } from '../src/server/policy/actor.ts';

const TIERS = [
  { name: '10k', answers: 10_000 },
  { name: '100k', answers: 100_000 },
  { name: '1m', answers: 1_000_000 },
] as const;
const ITEMS = ['heard', 'sharedKnowledge', 'sharedPreferences', 'decidedTogether'];
const RUNS = Number(process.env.REPORT_RUNS ?? 5);

export async function runReportBench(): Promise<BenchResult> {
  const server = await startPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('create database bench_report');
  await admin.end();
  const url = server.url.replace(/\/postgres$/, '/bench_report');
  const config = loadConfig({ DATABASE_URL: url, DATA_KEY: crypto.randomBytes(32).toString('base64'), LOG_LEVEL: 'silent' });
  const database = await openDatabase({ url, dataDir: '' });
  const keyring = new Keyring(Buffer.from(config.DATA_KEY!, 'base64'));
  const deps: AppDeps = {
    config,
    db: database.db,
    dbKind: 'postgres',
    keyring,
    logger: createLogger('silent'),
    mailer: createMailer(undefined, ''),
    ping: database.ping,
    now: () => new Date(),
  };
  const direct = new pg.Client({ connectionString: url });
  await direct.connect();
  try {
    await ensureBuiltinTemplates(deps);
    await ensureDefaultQuestionnaires(deps);
    const questionnaireId = await defaultQuestionnaireId(deps, 'after-meeting-check-in');
    const templateId = (await deps.db.selectFrom('sheet_templates').select('id').where('key', '=', 'personal-statement').executeTakeFirstOrThrow()).id;
    const seedStarted = Date.now();
    // A realistic installation: 200 sites, 5,000 peers, 20,000 citizens, 100,000 statements.
    await sql`insert into organisations (id, name, kind) values ('00000000-0000-4000-8000-000000000001', 'Bench region', 'region')`.execute(deps.db);
    await sql`insert into sites (organisation_id, name) select '00000000-0000-4000-8000-000000000001', 'Site ' || g from generate_series(1, 200) g`.execute(
      deps.db,
    );
    await sql`insert into users (username, chosen_name, kind, password_hash, data_key) select 'peer' || g, 'Peer ' || g, 'staff', 'x', '\\x00'::bytea from generate_series(1, 5000) g`.execute(
      deps.db,
    );
    await sql`insert into users (username, chosen_name, kind, password_hash, data_key) select 'citizen' || g, 'Citizen ' || g, 'citizen', 'x', '\\x00'::bytea from generate_series(1, 20000) g`.execute(
      deps.db,
    );
    await sql`insert into memberships (user_id, organisation_id, site_id, role)
      select u.id, '00000000-0000-4000-8000-000000000001', s.id, 'peer'
      from (select id, row_number() over (order by username) % 200 as slot from users where kind = 'staff') u
      join (select id, row_number() over (order by name) - 1 as slot from sites) s on s.slot = u.slot`.execute(deps.db);
    await sql`insert into statements (owner_id, template_id, purpose, answers, updated_at)
      select c.id, ${templateId}, '\\x00'::bytea, '\\x00'::bytea, now() - (g % 300) * interval '1 day'
      from (select id, row_number() over () as n from users where kind = 'citizen') c
      join generate_series(1, 5) g on true`.execute(deps.db);
    const sites = (await sql<{ id: string }>`select id from sites order by name`.execute(deps.db)).rows.map((r) => r.id);
    const rounds: { name: string; id: string; answers: number }[] = [];
    for (const tier of TIERS) {
      const roundId = (
        await sql<{
          id: string;
        }>`insert into rounds (organisation_id, title, method, starts_on, ends_on) values ('00000000-0000-4000-8000-000000000001', ${`Round ${tier.name}`}, 'bench', '2026-01-01', '2026-12-31') returning id`.execute(
          deps.db,
        )
      ).rows[0]!.id;
      await sql`insert into round_sites (round_id, site_id) select ${roundId}, id from sites`.execute(deps.db);
      await sql`insert into round_peers (round_id, peer_user_id) select ${roundId}, id from users where kind = 'staff' limit 500`.execute(deps.db);
      const responses = tier.answers / ITEMS.length;
      await sql`insert into responses (questionnaire_id, round_id, organisation_id, site_id, audience, mode, submitted_month, submission_key)
        select ${questionnaireId}, ${roundId}, '00000000-0000-4000-8000-000000000001', (${sql.raw(`(array['${sites.join("','")}'])`)})[1 + (g % 200)]::uuid, 'citizen', 'anonymous',
               make_date(2026, 1 + (g % 12), 1), ${tier.name} || '-' || g
        from generate_series(1, ${responses}) g`.execute(deps.db);
      for (const item of ITEMS) {
        await sql`insert into answers (response_id, item_key, value_option, value_number)
          select r.id, ${item}, v::text, v from (select id, 1 + (abs(hashtext(id::text || ${item})) % 5) as v from responses where round_id = ${roundId}) r`.execute(
          deps.db,
        );
      }
      // The tallies the app keeps per response, computed here in bulk for the seeded rows.
      await sql`insert into answer_tallies (questionnaire_id, round_key, site_key, month, item_key, value_option, n, respondents, value_sum, value_count)
        select r.questionnaire_id, r.round_id, r.site_id, r.submitted_month, '', '', count(*), count(*), 0, 0
        from responses r where r.round_id = ${roundId} group by 1, 2, 3, 4`.execute(deps.db);
      await sql`insert into answer_tallies (questionnaire_id, round_key, site_key, month, item_key, value_option, n, respondents, value_sum, value_count)
        select r.questionnaire_id, r.round_id, r.site_id, r.submitted_month, a.item_key, coalesce(a.value_option, ''), count(*), count(*) filter (where a.ordinal = 0), coalesce(sum(a.value_number), 0), count(a.value_number)
        from responses r join answers a on a.response_id = r.id where r.round_id = ${roundId} group by 1, 2, 3, 4, 5, 6`.execute(deps.db);
      rounds.push({ name: tier.name, id: roundId, answers: tier.answers });
    }
    await sql`analyze`.execute(deps.db);
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    const actor: SignedInActor = {
      kind: 'user',
      id: crypto.randomUUID(),
      username: 'bench',
      chosenName: 'Bench',
      userKind: 'staff',
      isAdmin: true,
      hasSecondFactor: true,
      secondFactorPending: false,
      memberships: [],
      sessionId: 'bench',
      locale: 'da',
      togetherWith: null,
      authenticatedAt: null,
      hasTotp: true,
    };
    const figures: Record<string, number> = {};
    const baseline: Record<string, number> = {};
    const rows: Record<string, string>[] = [];
    for (const round of rounds) {
      const ours: number[] = [];
      const bare: number[] = [];
      await roundReport(deps, actor, round.id, { siteId: null, from: null, to: null }); // warm
      for (let i = 0; i < RUNS; i++) {
        let t = performance.now();
        const { report } = await roundReport(deps, actor, round.id, { siteId: null, from: null, to: null });
        ours.push(performance.now() - t);
        if (report.questionnaires[0]?.respondents.kind !== 'value') throw new Error('report did not count the answers');
        t = performance.now();
        await direct.query(
          `select a.item_key, a.value_option, count(*), sum(a.value_number) from responses r join answers a on a.response_id = r.id
           where r.round_id = $1 group by 1, 2`,
          [round.id],
        );
        bare.push(performance.now() - t);
      }
      figures[`ms_at_${round.name}`] = Math.round(median(ours) * 10) / 10;
      baseline[`group_by_ms_at_${round.name}`] = Math.round(median(bare) * 10) / 10;
      rows.push({
        answers: round.name,
        'round report (median)': `${figures[`ms_at_${round.name}`]} ms`,
        'bare GROUP BY (median)': `${baseline[`group_by_ms_at_${round.name}`]} ms`,
      });
    }
    figures.seed_s = Math.round(seedSeconds * 10) / 10;
    printTable(rows);
    const growth = figures.ms_at_1m! / Math.max(figures.ms_at_100k!, 1);
    figures.growth_100k_to_1m = Math.round(growth * 100) / 100;
    return {
      figures,
      baseline,
      ratio: Math.round((figures.ms_at_1m! / Math.max(baseline.group_by_ms_at_1m!, 0.1)) * 100) / 100,
      goal: 'round report under 300 ms at 1M answers, growth no worse than linear (≤ 10× from 100k to 1M)',
      met: figures.ms_at_1m! < 300 && growth <= 10,
      measured_at: new Date().toISOString(),
    };
  } finally {
    await direct.end();
    await database.close();
    server.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runReportBench();
  recordResult('report', result);
  console.log(JSON.stringify(result, null, 2));
}

export function printReportResult(result: BenchResult): void {
  console.log(`report: ${JSON.stringify(result.figures)} vs ${JSON.stringify(result.baseline)} — goal ${result.goal}: ${result.met ? 'met' : 'not met'}`);
}
