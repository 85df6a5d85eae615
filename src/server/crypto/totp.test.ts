import { describe, expect, it } from 'vitest';
import { base32, currentStep, earliestUsableStep, matchTotp, otpauthUri, totpAt, usableStep } from './totp.ts';

// RFC 6238 Appendix B, SHA-1 column. The RFC prints 8 digits; an app showing 6 digits shows
// the last 6 of them (the same truncated value modulo 10^6).
const rfcSecret = new TextEncoder().encode('12345678901234567890');
const rfcVectors: Array<[seconds: number, eightDigits: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP', () => {
  it.each(rfcVectors)('matches RFC 6238 Appendix B at T=%i', (seconds, eightDigits) => {
    const now = seconds * 1000;
    const code = eightDigits.slice(-6);
    expect(totpAt(rfcSecret, currentStep(now))).toBe(code);
    expect(matchTotp(rfcSecret, code, now)).toBe(currentStep(now));
  });

  it('accepts one step of clock drift either way and no more', () => {
    const now = 1111111111 * 1000;
    const step = currentStep(now);
    expect(matchTotp(rfcSecret, totpAt(rfcSecret, step - 1), now)).toBe(step - 1);
    expect(matchTotp(rfcSecret, totpAt(rfcSecret, step + 1), now)).toBe(step + 1);
    expect(matchTotp(rfcSecret, totpAt(rfcSecret, step - 2), now)).toBeNull();
    expect(matchTotp(rfcSecret, totpAt(rfcSecret, step + 2), now)).toBeNull();
  });

  it('returns the matched step so the caller can refuse a code used before', () => {
    // The once-only rule lives where the last used step is stored (users.totp_last_step,
    // covered by the replay case in tests/integration/accounts.test.ts); here we prove the
    // step it compares is the one the code belongs to, not the current one.
    const now = 1234567890 * 1000;
    const previous = currentStep(now) - 1;
    expect(matchTotp(rfcSecret, totpAt(rfcSecret, previous), now)).toBe(previous);
  });

  it.each([
    ['never used', null, 0],
    ['used half a minute ago', -1, 0],
    ['used this half-minute', 0, 1],
  ] as const)('the code shown for an account whose last code was %s is one the app takes now, and a new one', (_, lastOffset, expected) => {
    const now = 1234567890 * 1000;
    const step = currentStep(now);
    const lastUsed = lastOffset === null ? null : String(step + lastOffset);
    const shown = usableStep(lastUsed, now);
    expect(shown).toBe(step + expected);
    const matched = matchTotp(rfcSecret, totpAt(rfcSecret, shown), now);
    expect(matched).not.toBeNull();
    if (lastUsed !== null) expect(matched!).toBeGreaterThan(Number(lastUsed));
  });

  it('the earliest code the app takes is half a minute old when unused, so the current one stays free', () => {
    const now = 1234567890 * 1000;
    const step = currentStep(now);
    for (const lastUsed of [null, String(step - 5), String(step - 2)]) {
      const earliest = earliestUsableStep(lastUsed, now);
      expect(earliest).toBe(step - 1);
      expect(matchTotp(rfcSecret, totpAt(rfcSecret, earliest), now)).toBe(step - 1);
    }
    // Used half a minute ago: the current one is the earliest left.
    expect(earliestUsableStep(String(step - 1), now)).toBe(step);
  });

  it('ignores spaces and refuses anything but six digits', () => {
    const now = 59 * 1000;
    expect(matchTotp(rfcSecret, '287 082', now)).toBe(currentStep(now));
    expect(matchTotp(rfcSecret, '28708', now)).toBeNull();
    expect(matchTotp(rfcSecret, '94287082', now)).toBeNull();
    expect(matchTotp(rfcSecret, 'abcdef', now)).toBeNull();
  });

  it('encodes the secret in base32 without padding, as authenticator apps expect', () => {
    expect(base32(rfcSecret)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32(new Uint8Array([0xff]))).toBe('74');
  });

  it('writes an otpauth URI naming the issuer, the account and the parameters', () => {
    const uri = new URL(otpauthUri(rfcSecret, 'ida@example.dk'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Egne ord:ida@example.dk');
    expect(uri.searchParams.get('secret')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(uri.searchParams.get('issuer')).toBe('Egne ord');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
  });
});
