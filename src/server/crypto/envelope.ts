import crypto from 'node:crypto';
import { setBounded } from '../../domain/collections/bounded-map.ts';

// Envelope encryption: every person has their own random data key, stored wrapped with the
// installation key. Free text is sealed with the person's data key (AES-256-GCM), so a raw
// SELECT shows no plaintext, and erasing the person's row makes their texts unreadable
// everywhere, backups included.

const VERSION = 1;

export class Keyring {
  readonly #kek: Buffer;
  constructor(installationKey: Buffer) {
    if (installationKey.length !== 32) throw new Error('installation key must be 32 bytes');
    this.#kek = installationKey;
  }

  newWrappedDataKey(): Buffer {
    return seal(this.#kek, crypto.randomBytes(32), 'data-key');
  }

  // Unwrapping is an AES-GCM open per call; a small cache of recently used keys saves it on
  // every read and autosave. Kept as KeyObjects: handing node:crypto a Buffer makes it build
  // (and first fail to find) a KeyObject on every cipher, a measurable share of a request.
  // Bounded, and only in this process's memory.
  readonly #unwrapped = new Map<string, crypto.KeyObject>();

  unwrap(wrapped: Uint8Array): crypto.KeyObject {
    const id = Buffer.from(wrapped).toString('base64');
    const hit = this.#unwrapped.get(id);
    if (hit) return hit;
    const key = crypto.createSecretKey(open(this.#kek, wrapped, 'data-key'));
    setBounded(this.#unwrapped, id, key, 1000);
    return key;
  }

  /** Whether this installation key unwraps `wrapped` (a wrong key fails authentication). */
  unwraps(wrapped: Uint8Array): boolean {
    try {
      this.unwrap(wrapped);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A key for another use of the installation key (backup files), by HKDF-SHA256 with `info`
   * naming the use and `salt` making it one key per file: the installation key itself never
   * leaves this object, and a key derived for one use opens nothing of another.
   */
  derive(info: string, salt: Uint8Array, length = 32): Buffer {
    return Buffer.from(crypto.hkdfSync('sha256', this.#kek, salt, info, length));
  }

  /** Seals UTF-8 text (or JSON) for one person; `purpose` binds the ciphertext to its column. */
  sealText(wrappedDataKey: Uint8Array, text: string, purpose: string): Buffer {
    return seal(this.unwrap(wrappedDataKey), Buffer.from(text, 'utf8'), purpose);
  }

  openText(wrappedDataKey: Uint8Array, sealed: Uint8Array, purpose: string): string {
    return open(this.unwrap(wrappedDataKey), sealed, purpose).toString('utf8');
  }

  sealJson(wrappedDataKey: Uint8Array, value: unknown, purpose: string): Buffer {
    return this.sealText(wrappedDataKey, JSON.stringify(value), purpose);
  }

  openJson<T>(wrappedDataKey: Uint8Array, sealed: Uint8Array, purpose: string): T {
    return JSON.parse(this.openText(wrappedDataKey, sealed, purpose)) as T;
  }
}

// AES-GCM needs a fresh 96-bit nonce per seal; random ones are drawn from the operating system's
// generator 256 at a time rather than one per seal (a quarter of a seal's CPU on every save).
// Nonces are not secret; each is used once.
const IV_BYTES = 12;
const IVS_PER_DRAW = 256;
let ivs = Buffer.alloc(0);
let ivsUsed = 0;

function nextIv(): Buffer {
  if (ivsUsed + IV_BYTES > ivs.length) {
    ivs = crypto.randomBytes(IV_BYTES * IVS_PER_DRAW);
    ivsUsed = 0;
  }
  ivsUsed += IV_BYTES;
  return ivs.subarray(ivsUsed - IV_BYTES, ivsUsed);
}

function seal(key: Buffer | crypto.KeyObject, plaintext: Buffer, purpose: string): Buffer {
  const iv = nextIv();
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer | crypto.KeyObject, sealed: Uint8Array, purpose: string): Buffer {
  const buf = Buffer.isBuffer(sealed) ? sealed : Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf[0] !== VERSION) throw new Error('unknown ciphertext version');
  const iv = buf.subarray(1, 13);
  const tag = buf.subarray(13, 29);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]);
}
