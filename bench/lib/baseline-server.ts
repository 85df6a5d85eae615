// The baseline for `npm run bench -- server`: the least a server can do and still do the same
// database work per request as the app, on the same database: node:http, `pg` directly, a
// pool of the same size, no framework, no templates, no encryption, no validation library.
// Run as its own process: node bench/lib/baseline-server.ts (env DATABASE_URL, PORT).
//
// Per request it sends PostgreSQL the same statements, in the same order and transactions, as
// the app does for that request (checked with log_statement = 'all' on both; src/server:
// http/app.ts, services/sessions.ts, services/notices.ts, services/statements.ts):
//   every request: the session joined with its user, by the hash of the cookie token
//   GET  /statements/:id/write/:page  count of unseen notices (the menu); begin, the statement
//        joined with its owner, audit row, commit; count of open suggestions (the page shows it)
//   POST /statements/:id/autosave     owner and template (which fields exist); begin, select …
//        for update, the owner, update with revision check, latest version, fold into it or
//        insert one, latest authorship event of the field, update or insert it, audit row, commit
// What it leaves out is the app's own work in Node: validation, encryption, templates, i18n.
import crypto from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const VERSION_WINDOW_MS = 10 * 60_000;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => {});

interface Row {
  [key: string]: unknown;
}

async function one(client: pg.Pool | pg.PoolClient, text: string, values: unknown[]): Promise<Row | undefined> {
  return (await client.query(text, values)).rows[0] as Row | undefined;
}

async function signedInUser(cookieHeader: string | undefined): Promise<Row | undefined> {
  const token = /(?:^|;\s*)(?:__Host-)?eo_session=([^;]+)/.exec(cookieHeader ?? '')?.[1];
  if (!token) return undefined;
  const id = crypto.createHash('sha256').update(token).digest('hex');
  const found = await one(
    pool,
    `select sessions.id as session_id, sessions.user_id, sessions.created_at, sessions.last_seen_at, sessions.expires_at,
       sessions.second_factor_pending, sessions.together_with, sessions.authenticated_at, sessions.factor_from_provider,
       users.id, users.username, users.chosen_name, users.kind, users.is_admin, users.totp_secret, users.disabled_at, users.locale
     from sessions inner join users on users.id = sessions.user_id where sessions.id = $1`,
    [id],
  );
  if (!found || found.disabled_at) return undefined;
  const now = Date.now();
  if ((found.expires_at as Date).getTime() <= now) return undefined;
  if (now - (found.last_seen_at as Date).getTime() > 60_000) await pool.query('update sessions set last_seen_at = $1 where id = $2', [new Date(now), id]);
  return found;
}

async function unseenNotices(user: Row): Promise<number> {
  return Number((await one(pool, 'select count(*) as n from notices where recipient_id = $1 and seen_at is null', [user.id]))?.n ?? 0);
}

const statementColumns = 'id, owner_id, template_id, purpose, answers, revision, created_at, updated_at';

async function audit(client: pg.Pool | pg.PoolClient, actorId: string, action: string, ownerId: string, statementId: string): Promise<void> {
  await client.query('insert into audit_log (actor_user_id, actor_kind, action, subject_user_id, object_type, object_id) values ($1, $2, $3, $4, $5, $6)', [
    actorId,
    actorId === ownerId ? 'self' : 'staff',
    action,
    ownerId,
    'statement',
    statementId,
  ]);
}

async function openStatement(user: Row, id: string): Promise<Row | undefined> {
  const client = await pool.connect();
  let row: Row | undefined;
  try {
    await client.query('BEGIN');
    row = await one(
      client,
      'select statements.id, statements.owner_id, statements.template_id, statements.purpose, statements.answers, statements.revision, statements.created_at, statements.updated_at, users.data_key, users.chosen_name from statements inner join users on users.id = statements.owner_id where statements.id = $1',
      [id],
    );
    if (!row || row.owner_id !== user.id) {
      await client.query('ROLLBACK');
      return undefined;
    }
    await audit(client, user.id as string, 'statement.read', row.owner_id as string, id);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  // After the transaction's connection is back in the pool, as in the app: holding it while
  // asking the pool for another would deadlock once every connection is held.
  await one(pool, 'select count(*) as n from suggestions where statement_id = $1 and status = $2', [id, 'open']);
  return row;
}

async function autosave(user: Row, id: string, expected: number): Promise<{ status: number; body: string }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const row = await one(client, `select ${statementColumns} from statements where id = $1 for update`, [id]);
    if (!row || row.owner_id !== user.id) {
      await client.query('ROLLBACK');
      return { status: 404, body: '{"error":"notFound"}' };
    }
    await one(client, 'select data_key, chosen_name from users where id = $1', [row.owner_id]);
    if (row.revision !== expected) {
      await audit(client, user.id as string, 'statement.read', row.owner_id as string, id);
      await client.query('COMMIT');
      return { status: 409, body: JSON.stringify({ error: 'conflict', current: { revision: row.revision } }) };
    }
    // The sealed text is written back as it was: the same bytes as a save of this size, and the
    // app can still open the statement after the baseline has run on it.
    const answers = row.answers as Buffer;
    const now = new Date();
    const updated = await one(
      client,
      'update statements set answers = $1, revision = revision + 1, updated_at = $2 where id = $3 and revision = $4 returning revision',
      [answers, now, id, expected],
    );
    const revision = updated?.revision as number;
    const latest = await one(
      client,
      'select id, statement_id, revision, answers, author_id, created_at, updated_at from statement_versions where statement_id = $1 order by revision desc limit 1',
      [id],
    );
    if (latest && latest.author_id === user.id && now.getTime() - (latest.created_at as Date).getTime() < VERSION_WINDOW_MS) {
      await client.query('update statement_versions set revision = $1, answers = $2, updated_at = $3 where id = $4', [revision, answers, now, latest.id]);
    } else {
      await client.query('insert into statement_versions (statement_id, revision, answers, author_id, updated_at) values ($1, $2, $3, $4, $5)', [
        id,
        revision,
        answers,
        user.id,
        now,
      ]);
    }
    const writing = await one(
      client,
      'select id, kind, author_user_id, with_user_id, at from authorship_events where statement_id = $1 and field_key = $2 order by at desc limit 1',
      [id, 'whoIAm'],
    );
    const excerpt = answers.subarray(0, 64);
    if (writing && writing.author_user_id === user.id && writing.kind === 'wrote' && now.getTime() - (writing.at as Date).getTime() < VERSION_WINDOW_MS) {
      await client.query('update authorship_events set excerpt = $1 where id = $2', [excerpt, writing.id]);
    } else {
      await client.query(
        'insert into authorship_events (statement_id, field_key, kind, author_user_id, with_user_id, excerpt, at) values ($1, $2, $3, $4, $5, $6, $7)',
        [id, 'whoIAm', 'wrote', user.id, null, excerpt, now],
      );
    }
    await audit(client, user.id as string, 'statement.update', row.owner_id as string, id);
    await client.query('COMMIT');
    return { status: 200, body: JSON.stringify({ revision, savedAt: now.toISOString() }) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const send = (status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  if (url.pathname === '/readyz') return send(200, 'text/plain', 'ready');
  const read = /^\/statements\/([0-9a-f-]{36})\/write\/([a-z-]+)$/.exec(url.pathname);
  const save = /^\/statements\/([0-9a-f-]{36})\/autosave$/.exec(url.pathname);
  if (!read && !save) return send(404, 'text/plain', 'not found');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const user = await signedInUser(req.headers.cookie);
  if (!user) return send(401, 'text/plain', 'sign in');
  if (read && req.method === 'GET') {
    await unseenNotices(user);
    const row = await openStatement(user, read[1]!);
    if (!row) return send(404, 'text/plain', 'not found');
    return send(
      200,
      'text/html; charset=utf-8',
      `<!doctype html><title>${escapeHtml(String(user.chosen_name))}</title><input type="hidden" name="revision" value="${row.revision}">`,
    );
  }
  if (save && req.method === 'POST') {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { revision: number; fields: Record<string, string> };
    if (!Number.isInteger(body.revision) || typeof body.fields !== 'object') return send(400, 'application/json', '{"error":"badRequest"}');
    const owner = await one(pool, 'select owner_id, template_id from statements where id = $1', [save[1]]);
    if (!owner || owner.owner_id !== user.id) return send(404, 'application/json', '{"error":"notFound"}');
    const result = await autosave(user, save[1]!, body.revision);
    return send(result.status, 'application/json', result.body);
  }
  return send(405, 'text/plain', 'method not allowed');
}

const server = http.createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end();
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
