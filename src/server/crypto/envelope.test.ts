import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring } from './envelope.ts';

describe('sealed texts', () => {
  const keyring = new Keyring(crypto.randomBytes(32));
  const dataKey = keyring.newWrappedDataKey();

  it('never reuse a nonce, across many draws of the nonce pool, and open to what was sealed', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const text = `Jeg hedder Sara — udkast ${i % 7}`;
      const sealed = keyring.sealText(dataKey, text, 'test');
      nonces.add(sealed.subarray(1, 13).toString('hex'));
      expect(keyring.openText(dataKey, sealed, 'test')).toBe(text);
    }
    // The same seven texts, sealed 2,000 times: every ciphertext has its own nonce.
    expect(nonces.size).toBe(2000);
  });

  it('refuse a changed byte, another purpose and another person’s key', () => {
    const sealed = keyring.sealText(dataKey, 'Det er vigtigt for mig', 'answers');
    const changed = Buffer.from(sealed);
    changed[changed.length - 1]! ^= 1;
    expect(() => keyring.openText(dataKey, changed, 'answers')).toThrow();
    expect(() => keyring.openText(dataKey, sealed, 'purpose')).toThrow();
    expect(() => keyring.openText(keyring.newWrappedDataKey(), sealed, 'answers')).toThrow();
  });

  it('open a sealed text handed over as a plain Uint8Array view into a larger buffer (as PGlite gives it)', () => {
    const sealed = keyring.sealText(dataKey, 'æøå', 'test');
    const larger = new Uint8Array(sealed.length + 10);
    larger.set(sealed, 5);
    expect(keyring.openText(dataKey, larger.subarray(5, 5 + sealed.length), 'test')).toBe('æøå');
  });
});
