import { z } from 'zod';
import path from 'node:path';
import { issuerAllowed } from '../domain/identity/oidc.ts';

// Every setting comes from the environment and is checked once at start, so a typo in
// production gives one clear line instead of a failure deep inside a request.
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('data'),
  // Base64 of 32 random bytes. Wraps every per-person data key. Given here, or read from
  // DATA_KEY_FILE; embedded mode creates that file on the first start. Never inside the data
  // folder by default: a copy of the folder must not carry the key that opens it.
  DATA_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of exactly 32 bytes')
    .optional(),
  DATA_KEY_FILE: z.string().min(1).optional(),
  PUBLIC_ORIGIN: z.url().optional(),
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Citizens' sessions: generous on purpose (no time pressure, and autosave keeps text anyway).
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(12 * 60),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(7 * 24),
  // Staff sessions: short, because staff sign in on ward computers others use next.
  STAFF_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(30),
  STAFF_SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  // Sign-in tries for one name from one address per 15 minutes.
  LOGIN_LIMIT_PER_NAME: z.coerce.number().int().min(1).default(10),
  // After this many failures for a name from anywhere, each further try for it from an address
  // that failed waits 1, 2, 4 … seconds, up to LOGIN_DELAY_MAX_SECONDS: a delay, never a lock.
  LOGIN_DELAY_AFTER_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_DELAY_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  LOGIN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  SIGNUP_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  TOKEN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  // Requests answered at once; more wait their turn (http/app.ts). The database pool has ten
  // connections: ten keeps each busy and no request waiting half-built.
  MAX_REQUESTS_IN_PROGRESS: z.coerce.number().int().min(1).max(1000).default(10),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().default('Egne ord <no-reply@localhost>'),
  SUPPRESSION_THRESHOLD: z.coerce.number().int().min(2).max(50).default(5),
  // Request timings tell when someone sent an answer, so /metrics is for the operator's scraper
  // only: without a token it is not served on the public port at all.
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters (for example from: openssl rand -hex 32)').optional(),
  // Anonymous votes on one live poll from one network address per 10 minutes: a room of people
  // behind one address needs room, a script that clears its cookie must not get far.
  POLL_VOTES_PER_ADDRESS: z.coerce.number().int().min(1).default(100),
  // Anonymous answers are written where reports count them only in batches of at least this
  // many, so that none is written alone right after it was given.
  ANSWER_BATCH_SIZE: z.coerce.number().int().min(2).max(1000).default(5),
  // Citizens may also sign in through an OpenID Connect broker (MitID), once they have linked it
  // from their account. All three or none; only a keyed hash of the broker's subject is stored.
  CITIZEN_OIDC_ISSUER: z.url().refine(issuerAllowed, 'must be an https:// address (plain http only on this machine)').optional(),
  CITIZEN_OIDC_CLIENT_ID: z.string().max(200).optional(),
  CITIZEN_OIDC_CLIENT_SECRET: z.string().max(500).optional(),
  CITIZEN_OIDC_NAME: z.string().min(1).max(40).default('MitID'),
  // The broker's `acr` that counts as a second factor (besides `amr` naming "mfa").
  CITIZEN_OIDC_MFA_ACR: z.string().max(200).optional(),
});

const citizenBrokerSettings = ['CITIZEN_OIDC_ISSUER', 'CITIZEN_OIDC_CLIENT_ID', 'CITIZEN_OIDC_CLIENT_SECRET'] as const;

export type Config = z.infer<typeof schema> & {
  dataDir: string;
  /** DATA_KEY_FILE, or beside the data folder: `./data` keeps its key in `./data.key`. */
  dataKeyFile: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new ConfigError(`Invalid setting ${String(first.path[0] ?? '?')}: ${first.message}`);
  }
  const given = citizenBrokerSettings.filter((name) => result.data[name] !== undefined);
  if (given.length > 0 && given.length < citizenBrokerSettings.length) {
    const missing = citizenBrokerSettings.find((name) => result.data[name] === undefined)!;
    throw new ConfigError(`Invalid setting ${missing}: set all of ${citizenBrokerSettings.join(', ')}, or none of them`);
  }
  const dataDir = path.resolve(result.data.DATA_DIR);
  return { ...result.data, dataDir, dataKeyFile: path.resolve(result.data.DATA_KEY_FILE ?? `${dataDir}.key`) };
}

/**
 * The origin for links people carry away (share links, QR codes, invitations, passkeys).
 * PUBLIC_ORIGIN when set; otherwise the request's host, and plain http only on this machine
 * itself: a link sent to a professional must never travel unencrypted because a proxy forgot
 * a header.
 */
export function linkOrigin(config: Pick<Config, 'PUBLIC_ORIGIN'>, host: string | undefined): string {
  if (config.PUBLIC_ORIGIN) return config.PUBLIC_ORIGIN.replace(/\/$/, '');
  const name = (host ?? 'localhost').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const loopback = name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
  return `${loopback ? 'http' : 'https'}://${host ?? 'localhost'}`;
}
