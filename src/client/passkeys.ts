// Passkeys with the browser's own WebAuthn API. The server speaks the JSON shapes of
// @simplewebauthn (base64url strings); this file converts to and from ArrayBuffers.

import { deviceSheetKeys } from './storage.ts';

function fromB64url(value: string): ArrayBuffer {
  const base64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return bytes.buffer;
}

function toB64url(buffer: ArrayBuffer | null): string | undefined {
  if (!buffer) return undefined;
  let text = '';
  for (const b of new Uint8Array(buffer)) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function csrf(): string {
  return document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf() },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
}

/** A refusal the server words itself (e.g. how long to wait): shown as it is. */
class Refusal extends Error {}

interface OptionsReply {
  challengeId: string;
  options: Record<string, unknown> & { challenge: string };
}

async function register(button: HTMLButtonElement, status: HTMLElement | null): Promise<void> {
  const answer = await post('/account/passkeys/options', {});
  // The session must confirm who it is first: the server says where.
  if (answer.status === 401) {
    const { location: confirm } = (await answer.json()) as { location?: string };
    if (confirm) return location.assign(confirm);
  }
  const reply = (await answer.json()) as OptionsReply;
  const o = reply.options as unknown as {
    challenge: string;
    user: { id: string; name: string; displayName: string };
    excludeCredentials?: { id: string; type: 'public-key' }[];
  } & PublicKeyCredentialCreationOptions;
  const credential = (await navigator.credentials.create({
    publicKey: {
      ...o,
      challenge: fromB64url(o.challenge),
      user: { ...o.user, id: fromB64url(o.user.id) },
      excludeCredentials: (o.excludeCredentials ?? []).map((c) => ({ ...c, id: fromB64url(c.id) })),
    },
  })) as PublicKeyCredential | null;
  if (!credential) throw new Error('cancelled');
  const r = credential.response as AuthenticatorAttestationResponse;
  const response = {
    id: credential.id,
    rawId: toB64url(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: { clientDataJSON: toB64url(r.clientDataJSON), attestationObject: toB64url(r.attestationObject), transports: r.getTransports?.() ?? [] },
  };
  const done = await post('/account/passkeys', { challengeId: reply.challengeId, response });
  if (!done.ok) throw new Error('refused');
  location.assign(button.dataset.done ?? '/account/passkeys');
  void status;
}

async function signIn(button: HTMLButtonElement): Promise<void> {
  const answer = await post('/sign-in/passkey/options', {});
  // Too many sign-ins from this network address: the server says how long to wait.
  if (!answer.ok) {
    const { message } = (await answer.json().catch(() => ({}))) as { message?: unknown };
    throw typeof message === 'string' ? new Refusal(message) : new Error('refused');
  }
  const reply = (await answer.json()) as OptionsReply;
  const o = reply.options as unknown as PublicKeyCredentialRequestOptions & { challenge: string };
  const credential = (await navigator.credentials.get({
    publicKey: { ...o, challenge: fromB64url(o.challenge), allowCredentials: [] },
  })) as PublicKeyCredential | null;
  if (!credential) throw new Error('cancelled');
  const r = credential.response as AuthenticatorAssertionResponse;
  const response = {
    id: credential.id,
    rawId: toB64url(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: toB64url(r.clientDataJSON),
      authenticatorData: toB64url(r.authenticatorData),
      signature: toB64url(r.signature),
      userHandle: toB64url(r.userHandle),
    },
  };
  // With sheets kept in this browser, the server lands a citizen on the offer to move them.
  const done = await post('/sign-in/passkey', { challengeId: reply.challengeId, response, deviceSheets: deviceSheetKeys().length > 0 });
  if (!done.ok) throw new Error('refused');
  const body = (await done.json()) as { next?: string };
  // Confirming who one is with a passkey goes back to the page that asked for it.
  location.assign(button.dataset.next ?? body.next ?? '/');
}

export function initPasskeys(): void {
  const supported = typeof window.PublicKeyCredential === 'function';
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-passkey-register], [data-passkey-signin]')) {
    if (!supported) {
      button.closest<HTMLElement>('[data-js-only]')?.setAttribute('hidden', '');
      continue;
    }
    const status = button.parentElement?.querySelector<HTMLElement>('[data-passkey-status]') ?? null;
    button.addEventListener('click', () => {
      if (status) status.textContent = '';
      button.disabled = true;
      const run = button.hasAttribute('data-passkey-register') ? register(button, status) : signIn(button);
      run.catch((error: unknown) => {
        if (status) status.textContent = error instanceof Refusal ? error.message : (button.dataset.error ?? '');
        button.disabled = false;
      });
    });
  }
}
