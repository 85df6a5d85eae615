import crypto from 'node:crypto';
import type { Keyring } from './envelope.ts';

// Sealed files (backups, erasure ledgers): AES-256-GCM in blocks of 64 KiB, after the STREAM
// construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015), so a file of any size is written and
// read with one block in memory, and every block is authenticated before its text is used.
//
//   header  "EGNEORD\0" · version 2 · kind (1 backup, 2 erasure ledger) · salt (32) · key check (16)
//   block   length word (top bit set on the last block) · ciphertext · GCM tag (16)
//
// The file key is HKDF-SHA256 of the installation key with the file's random salt
// (Keyring.derive), so no two files share a key and block numbers can serve as nonces. Each
// block's additional data is the whole header, its number and whether it is the last one: a
// block moved, dropped, swapped between files or cut off after, and a changed header, all fail
// authentication. A file that ends without its last block is incomplete. The key check (a
// second HKDF output) tells "another installation's key" apart from "damaged".

export type SealedKind = 'backup' | 'erasure-ledger';
const KIND_BYTE: Record<SealedKind, number> = { backup: 1, 'erasure-ledger': 2 };
const MAGIC = Buffer.from('EGNEORD\0', 'latin1');
const VERSION = 2;
export const HEADER_BYTES = MAGIC.length + 2 + 32 + 16;
const BLOCK_BYTES = 64 * 1024;
const LAST = 0x80000000;
const TAG_BYTES = 16;

export type Refusal = 'not-sealed' | 'old-format' | 'newer-format' | 'other-kind' | 'wrong-key' | 'damaged' | 'incomplete';

export class SealedFileError extends Error {
  readonly reason: Refusal;
  constructor(reason: Refusal) {
    super(`sealed file refused: ${reason}`);
    this.reason = reason;
  }
}

function fileKeys(keyring: Keyring, salt: Uint8Array): { blocks: Buffer; check: Buffer } {
  return { blocks: keyring.derive('egneord sealed file v2: blocks', salt), check: keyring.derive('egneord sealed file v2: key check', salt, 16) };
}

function nonce(index: bigint): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(index, 4);
  return n;
}

function additionalData(header: Buffer, index: bigint, last: boolean): Buffer {
  const out = Buffer.alloc(header.length + 9);
  header.copy(out);
  out.writeBigUInt64BE(index, header.length);
  out[header.length + 8] = last ? 1 : 0;
  return out;
}

function sealBlock(key: Buffer, header: Buffer, index: bigint, plain: Buffer, last: boolean): Buffer {
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce(index));
  cipher.setAAD(additionalData(header, index, last));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const word = Buffer.alloc(4);
  word.writeUInt32BE((last ? LAST : 0) + plain.length);
  return Buffer.concat([word, body, cipher.getAuthTag()]);
}

/** A pipeline step that seals what flows through it into a file of `kind`. */
export function sealer(keyring: Keyring, kind: SealedKind): (source: AsyncIterable<Buffer | string>) => AsyncGenerator<Buffer> {
  return async function* seal(source) {
    const salt = crypto.randomBytes(32);
    const keys = fileKeys(keyring, salt);
    const header = Buffer.concat([MAGIC, Buffer.from([VERSION, KIND_BYTE[kind]]), salt, keys.check]);
    yield header;
    let index = 0n;
    let pending = Buffer.alloc(0);
    for await (const piece of source) {
      pending = Buffer.concat([pending, typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece]);
      // Strictly more than a block: what is left at the end, even nothing, is the last block.
      let at = 0;
      while (pending.length - at > BLOCK_BYTES) {
        yield sealBlock(keys.blocks, header, index++, pending.subarray(at, at + BLOCK_BYTES), false);
        at += BLOCK_BYTES;
      }
      if (at > 0) pending = Buffer.from(pending.subarray(at));
    }
    yield sealBlock(keys.blocks, header, index, pending, true);
  };
}

/** How the unencrypted JSON backups of earlier versions began (any other file, JSON or not, is
 * simply not a backup). */
const OLD_BACKUP_START = Buffer.from('{"format":"egneord-backup"');

/** Checks a file's first bytes: that it is a sealed file of `kind` made with this installation key. */
export function checkHeader(keyring: Keyring, header: Buffer, kind: SealedKind): Buffer {
  if (header.subarray(0, OLD_BACKUP_START.length).equals(OLD_BACKUP_START)) throw new SealedFileError('old-format');
  if (header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw new SealedFileError('not-sealed');
  if (header[MAGIC.length] !== VERSION) throw new SealedFileError('newer-format');
  if (header[MAGIC.length + 1] !== KIND_BYTE[kind]) throw new SealedFileError('other-kind');
  const salt = header.subarray(MAGIC.length + 2, MAGIC.length + 34);
  const keys = fileKeys(keyring, salt);
  if (!crypto.timingSafeEqual(keys.check, header.subarray(MAGIC.length + 34, HEADER_BYTES))) throw new SealedFileError('wrong-key');
  return keys.blocks;
}

/** Reads exactly the bytes asked for from a stream of buffers. */
class ByteReader {
  readonly #source: AsyncIterator<Buffer>;
  #buffered: Buffer[] = [];
  #size = 0;
  #ended = false;
  constructor(source: AsyncIterable<Buffer>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  async #fill(bytes: number): Promise<void> {
    while (this.#size < bytes && !this.#ended) {
      const next = await this.#source.next();
      if (next.done) this.#ended = true;
      else {
        this.#buffered.push(next.value);
        this.#size += next.value.length;
      }
    }
  }

  /** Up to `bytes` bytes; fewer only at the end of the stream. */
  async read(bytes: number): Promise<Buffer> {
    await this.#fill(bytes);
    const all = this.#buffered.length === 1 ? this.#buffered[0]! : Buffer.concat(this.#buffered);
    const out = all.subarray(0, bytes);
    const rest = all.subarray(out.length);
    this.#buffered = rest.length ? [rest] : [];
    this.#size = rest.length;
    return out;
  }

  async atEnd(): Promise<boolean> {
    await this.#fill(1);
    return this.#size === 0;
  }
}

/**
 * A pipeline step that opens a sealed file of `kind`: yields each block's text only after the
 * block authenticated, and ends without error only after the last block did and nothing follows.
 */
export function opener(keyring: Keyring, kind: SealedKind): (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer> {
  return async function* open(source) {
    const reader = new ByteReader(source);
    const header = await reader.read(HEADER_BYTES);
    const key = checkHeader(keyring, header, kind);
    for (let index = 0n; ; index++) {
      const word = await reader.read(4);
      if (word.length < 4) throw new SealedFileError('incomplete');
      const last = (word.readUInt32BE(0) & LAST) !== 0;
      const length = word.readUInt32BE(0) & ~LAST;
      if (length > BLOCK_BYTES) throw new SealedFileError('damaged');
      const body = await reader.read(length + TAG_BYTES);
      if (body.length < length + TAG_BYTES) throw new SealedFileError('incomplete');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, nonce(index));
      decipher.setAAD(additionalData(header, index, last));
      decipher.setAuthTag(body.subarray(length));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
      } catch {
        throw new SealedFileError('damaged');
      }
      if (plain.length) yield plain;
      if (last) {
        if (!(await reader.atEnd())) throw new SealedFileError('damaged');
        return;
      }
    }
  };
}
