// The baseline for `npm run bench -- server`: the least a server can do and still do the same
// database work per request as the app, on the same database: node:http, `pg` directly, a
// pool of the same size, no framework, no templates, no encryption, no validation library.
// Run as its own process: node bench/lib/baseline-server.ts (env DATABASE_URL, PORT).
//
// Per request, mirroring src/server (http/app.ts, services/sessions.ts, services/statements.ts):
//   every request: find the session by the hash of the cookie token, find its user
//   GET  /statements/:id/write/:page  select statement, select owner, insert audit row
//   POST /statements/:id/autosave     the same read (openStatement) and then one transaction:
//        select … for update, select owner, update with revision check, select latest version,
//        fold into it or insert one, insert audit row
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
  const session = await one(pool, 'select * from sessions where id = $1', [id]);
  if (!session) return undefined;
  const now = Date.now();
  if ((session.expires_at as Date).getTime() <= now) return undefined;
  const user = await one(pool, 'select * from users where id = $1', [session.user_id]);
  if (!user || user.disabled_at) return undefined;
  if (now - (session.last_seen_at as Date).getTime() > 60_000) await pool.query('update sessions set last_seen_at = $1 where id = $2', [new Date(now), id]);
  return user;
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
  const row = await one(pool, `select ${statementColumns} from statements where id = $1`, [id]);
  if (!row || row.owner_id !== user.id) return undefined;
  const owner = await one(pool, 'select * from users where id = $1', [row.owner_id]);
  if (!owner) return undefined;
  await audit(pool, user.id as string, 'statement.read', row.owner_id as string, id);
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
    await one(client, 'select * from users where id = $1', [row.owner_id]);
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
    const row = await openStatement(user, save[1]!);
    if (!row) return send(404, 'application/json', '{"error":"notFound"}');
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
