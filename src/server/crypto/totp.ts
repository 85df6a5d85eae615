import crypto from 'node:crypto';

// RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30 s), as every authenticator app
// understands them.

const STEP_SECONDS = 30;

export function newTotpSecret(): Buffer {
  return crypto.randomBytes(20);
}

export function base32(buf: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

export function totpAt(secret: Uint8Array, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

export function currentStep(now = Date.now()): number {
  return Math.floor(now / 1000 / STEP_SECONDS);
}

/** Returns the matching time step (one step of clock drift either way), or null. A caller
 * must refuse a step at or before the last one used, so a code works only once. */
export function matchTotp(secret: Uint8Array, code: string, now = Date.now()): number | null {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const step = currentStep(now);
  for (const s of [step, step - 1, step + 1]) {
    if (crypto.timingSafeEqual(Buffer.from(totpAt(secret, s)), Buffer.from(clean))) return s;
  }
  return null;
}

export function otpauthUri(secret: Uint8Array, account: string): string {
  const label = encodeURIComponent(`Egne ord:${account}`);
  return `otpauth://totp/${label}?secret=${base32(secret)}&issuer=Egne%20ord&algorithm=SHA1&digits=6&period=30`;
}
