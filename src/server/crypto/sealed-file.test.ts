import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fc from 'fast-check';
import { Keyring } from './envelope.ts';
import { HEADER_BYTES, opener, sealer, SealedFileError, type SealedKind } from './sealed-file.ts';

const keyring = new Keyring(crypto.randomBytes(32));

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const seal = (plain: Buffer, kind: SealedKind = 'backup') => collect(sealer(keyring, kind)(pieces(plain, 10_000)));
// Read back in pieces of another size than blocks, as a file stream delivers them.
const open = (file: Buffer, key = keyring, kind: SealedKind = 'backup') => collect(opener(key, kind)(pieces(file, 7_919)));

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'opened';
  } catch (error) {
    if (error instanceof SealedFileError) return error.reason;
    throw error;
  }
}

describe('sealed files', () => {
  it('open to exactly what was sealed, empty, one block, and many blocks with a partial last one', async () => {
    for (const size of [0, 1, 64 * 1024, 64 * 1024 + 1, 3 * 64 * 1024 + 123]) {
      const plain = crypto.randomBytes(size);
      const file = await seal(plain);
      expect((await open(file)).equals(plain), String(size)).toBe(true);
    }
  });

  it('show nothing of the text and never repeat: two seals of the same text share no block', async () => {
    const plain = Buffer.from('Åse skriver om søvn. '.repeat(5000));
    const [one, two] = [await seal(plain), await seal(plain)];
    expect(one.includes(Buffer.from('Åse'))).toBe(false);
    expect(one.subarray(HEADER_BYTES, HEADER_BYTES + 64).equals(two.subarray(HEADER_BYTES, HEADER_BYTES + 64))).toBe(false);
  });

  it('refuse a changed byte anywhere, a file cut anywhere, and bytes added at the end', async () => {
    const file = await seal(crypto.randomBytes(2 * 64 * 1024 + 500));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: file.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const changed = Buffer.from(file);
        changed[at]! ^= flip;
        expect(await refusal(open(changed))).not.toBe('opened');
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: file.length - 1 }), async (length) => {
        expect(await refusal(open(file.subarray(0, length)))).not.toBe('opened');
      }),
      { numRuns: 100 },
    );
    expect(await refusal(open(Buffer.concat([file, Buffer.from([0])])))).toBe('damaged');
  });

  it('tell another key, another kind of file, the old JSON backups and other files apart', async () => {
    const file = await seal(Buffer.from('x'));
    expect(await refusal(open(file, new Keyring(crypto.randomBytes(32))))).toBe('wrong-key');
    expect(await refusal(open(file, keyring, 'erasure-ledger'))).toBe('other-kind');
    expect(await refusal(open(Buffer.from('{"format":"egneord-backup","version":1}')))).toBe('old-format');
    // Any other file is not a backup, whatever its first byte (a random one starts with "{" in
    // one run of 256, and once was taken for an old backup).
    for (const first of [0x00, '{'.charCodeAt(0), 0xff]) {
      expect(await refusal(open(Buffer.concat([Buffer.from([first]), crypto.randomBytes(99)])))).toBe('not-sealed');
    }
    expect(await refusal(open(Buffer.from('{"format":"something-else","version":1}')))).toBe('not-sealed');
    expect(await refusal(open(Buffer.alloc(0)))).toBe('not-sealed');
  });
});
