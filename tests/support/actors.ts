import type { Membership, SignedInActor } from '../../src/server/policy/actor.ts';

/** A signed-in person for unit tests of the policy and the views: staff with a second factor,
 * members of one organisation in the given roles, unless the overrides say otherwise. */
export function signedInActor(overrides: Partial<SignedInActor> & { roles?: Membership['role'][] } = {}): SignedInActor {
  const { roles = [], ...rest } = overrides;
  return {
    kind: 'user',
    id: 'u1',
    username: 'u',
    chosenName: 'U',
    userKind: 'staff',
    isAdmin: false,
    hasSecondFactor: true,
    secondFactorPending: false,
    memberships: roles.map((role) => ({ organisationId: 'o1', organisationName: 'O', siteId: null, role, volunteer: false })),
    sessionId: 's',
    locale: 'da',
    togetherWith: null,
    authenticatedAt: null,
    hasTotp: true,
    ...rest,
  };
}
