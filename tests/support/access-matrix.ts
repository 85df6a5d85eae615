import type { TestApp } from './test-app.ts';
import type { World } from './fixtures.ts';

export type Who = 'anonymous' | 'citizen' | 'peer' | 'professional' | 'coordinator' | 'admin';

export interface MatrixEntry {
  /** Who may use the route on their own objects. */
  allow: 'everyone' | Who[];
  /** The route acts on an object that belongs to someone: check others are refused. */
  objectScoped?: boolean;
  /** Path parameters for the caller's own object ('own') or someone else's ('other'). */
  params: (app: TestApp, world: World, whose: 'own' | 'other') => Promise<Record<string, string>>;
  body?: Record<string, string>;
  /** A GET that answers allowed people with something other than 200 by design (a redirect). */
  skipAllowedCheck?: boolean;
}

const none = async () => ({});
const staff: Who[] = ['peer', 'professional', 'coordinator', 'admin'];
const signedIn: Who[] = ['citizen', ...staff];
const fakeToken = async () => ({ token: 'x'.repeat(43) });
const orgOf = async (_app: TestApp, w: World, whose: 'own' | 'other') => ({ orgId: whose === 'own' ? w.orgA.id : w.orgB.id });

export const accessMatrix: Record<string, MatrixEntry> = {
  'GET /healthz': { allow: 'everyone', params: none },
  'GET /readyz': { allow: 'everyone', params: none },
  'GET /metrics': { allow: 'everyone', params: none },
  'GET /': { allow: 'everyone', params: none },
  'GET /sign-up': { allow: 'everyone', params: none },
  'POST /sign-up': { allow: 'everyone', params: none },
  'GET /sign-in': { allow: 'everyone', params: none },
  'POST /sign-in': { allow: 'everyone', params: none },
  // Only a half-signed-in staff member (password given, code not yet) uses these.
  'GET /sign-in/code': { allow: [], params: none },
  'POST /sign-in/code': { allow: [], params: none },
  'POST /sign-out': { allow: 'everyone', params: none },
  'POST /language': { allow: 'everyone', params: none },
  'GET /account': { allow: signedIn, params: none },
  'GET /account/second-factor': { allow: staff, params: none },
  'POST /account/second-factor': { allow: staff, params: none },
  'GET /invitation/:token': { allow: 'everyone', params: fakeToken },
  'POST /invitation/:token': { allow: 'everyone', params: fakeToken },
  'GET /organisation': { allow: ['coordinator'], params: none, skipAllowedCheck: true },
  'GET /organisation/:orgId': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf },
  'POST /organisation/:orgId/sites': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { name: 'Intruder site' } },
  'POST /organisation/:orgId/invitations': { allow: ['coordinator', 'admin'], objectScoped: true, params: orgOf, body: { role: 'coordinator', siteId: '' } },
  'GET /admin': { allow: ['admin'], params: none },
  'POST /admin/organisations': { allow: ['admin'], params: none, body: { name: 'Intruder org', kind: 'other' } },
};
