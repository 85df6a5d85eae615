import type { IncomingMessage } from 'node:http';

export class HttpError extends Error {
  readonly status: number;
  readonly publicKey: 'badRequest' | 'tooLarge' | 'unsupported' | 'notFound' | 'forbidden' | 'conflict' | 'tooMany' | 'methodNotAllowed' | 'gone';
  constructor(status: number, publicKey: HttpError['publicKey']) {
    super(publicKey);
    this.status = status;
    this.publicKey = publicKey;
  }
}

export class FormFields {
  readonly #values: Map<string, string[]>;
  constructor(values: Map<string, string[]>) {
    this.#values = values;
  }
  get(name: string): string | undefined {
    return this.#values.get(name)?.[0];
  }
  string(name: string): string {
    return this.#values.get(name)?.[0] ?? '';
  }
  all(name: string): string[] {
    return this.#values.get(name) ?? [];
  }
  has(name: string): boolean {
    return this.#values.has(name);
  }
  toRecord(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of this.#values) out[k] = v.length === 1 ? v[0]! : v;
    return out;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new HttpError(413, 'tooLarge');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, 'tooLarge');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function decodeText(raw: Buffer): string {
  try {
    return strictUtf8.decode(raw);
  } catch {
    throw new HttpError(400, 'badRequest');
  }
}

// Control characters other than tab and newline have no place in anything a person types;
// dropping them keeps NUL bytes and stray CRs out of the database, the logs and the PDFs.
export function cleanText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .normalize('NFC');
}

export function parseUrlEncoded(raw: Buffer): FormFields {
  const text = decodeText(raw);
  const values = new Map<string, string[]>();
  if (text.length === 0) return new FormFields(values);
  const pairs = text.split('&');
  if (pairs.length > 2000) throw new HttpError(400, 'badRequest');
  for (const pair of pairs) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw new HttpError(400, 'badRequest');
    }
    key = cleanText(key);
    if (key.length === 0 || key.length > 100) throw new HttpError(400, 'badRequest');
    const list = values.get(key) ?? [];
    list.push(cleanText(value));
    values.set(key, list);
  }
  return new FormFields(values);
}

const MAX_JSON_DEPTH = 20;

export function parseJson(raw: Buffer): unknown {
  const text = decodeText(raw);
  // Refuse deep nesting before JSON.parse builds it.
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (++depth > MAX_JSON_DEPTH) throw new HttpError(400, 'badRequest');
    } else if (c === '}' || c === ']') depth--;
  }
  try {
    return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? cleanText(value) : value));
  } catch {
    throw new HttpError(400, 'badRequest');
  }
}
