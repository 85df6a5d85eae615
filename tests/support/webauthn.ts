import crypto from 'node:crypto';

// A software passkey for integration tests: an ES256 key pair that answers the app's
// registration and sign-in ceremonies the way a platform authenticator with user verification
// does ("none" attestation), so the whole server-side verification runs for real.

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor>;

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  const b = Buffer.alloc(3);
  b[0] = (major << 5) | 25;
  b.writeUInt16BE(n, 1);
  return b;
}

function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64url = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => crypto.createHash('sha256').update(b).digest();

export interface SoftPasskey {
  /** The credential id, base64url (the passkeys table's primary key). */
  id: string;
  /** The COSE public key, as the app stores it. */
  publicKey: Uint8Array;
  /** The body for POST /account/passkeys, answering registration options. */
  register(challengeId: string, challenge: string): unknown;
  /** The body for POST /sign-in/passkey, answering authentication options. */
  signIn(challengeId: string, challenge: string): unknown;
}

export function softPasskey(origin: string): SoftPasskey {
  const rpIdHash = sha256(new URL(origin).hostname);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = cbor(
    new Map<Cbor, Cbor>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]),
  );
  const rawId = crypto.randomBytes(16);
  let counter = 0;
  const clientData = (type: string, challenge: string) => JSON.stringify({ type, challenge, origin, crossOrigin: false });
  const counterBytes = () => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(++counter);
    return b;
  };
  // Flags: user present (0x01), user verified (0x04), attested credential data (0x40).
  return {
    id: b64url(rawId),
    publicKey: new Uint8Array(cose),
    register(challengeId, challenge) {
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(rawId.length);
      const authData = Buffer.concat([rpIdHash, Buffer.from([0x45]), counterBytes(), Buffer.alloc(16), idLength, rawId, cose]);
      const attestationObject = cbor(
        new Map<Cbor, Cbor>([
          ['fmt', 'none'],
          ['attStmt', new Map()],
          ['authData', authData],
        ]),
      );
      return {
        challengeId,
        response: {
          id: b64url(rawId),
          rawId: b64url(rawId),
          type: 'public-key',
          clientExtensionResults: {},
          response: {
            clientDataJSON: b64url(clientData('webauthn.create', challenge)),
            attestationObject: b64url(attestationObject),
            transports: ['internal'],
          },
        },
      };
    },
    signIn(challengeId, challenge) {
      const authData = Buffer.concat([rpIdHash, Buffer.from([0x05]), counterBytes()]);
      const json = clientData('webauthn.get', challenge);
      const signature = crypto.sign('sha256', Buffer.concat([authData, sha256(json)]), privateKey);
      return {
        challengeId,
        response: {
          id: b64url(rawId),
          rawId: b64url(rawId),
          type: 'public-key',
          clientExtensionResults: {},
          response: { clientDataJSON: b64url(json), authenticatorData: b64url(authData), signature: b64url(signature) },
        },
      };
    },
  };
}
