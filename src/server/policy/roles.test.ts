import { describe, expect, it } from 'vitest';
import { anonymous, type Membership, type SignedInActor } from './actor.ts';
import { can, currentRole, rolesOf } from './policy.ts';

// Which roles a person can switch between, and which one a remembered choice gives them.

function person(o: Partial<SignedInActor> & { roles?: Membership['role'][] }): SignedInActor {
  return {
    kind: 'user',
    id: 'u1',
    username: 'u',
    chosenName: 'U',
    userKind: 'staff',
    isAdmin: false,
    hasSecondFactor: true,
    secondFactorPending: false,
    memberships: (o.roles ?? []).map((role) => ({ organisationId: 'o1', organisationName: 'O', siteId: null, role, volunteer: false })),
    sessionId: 's',
    locale: 'da',
    togetherWith: null,
    authenticatedAt: null,
    hasTotp: true,
    ...o,
  };
}

describe('roles', () => {
  it('a citizen is a citizen only; nobody signed out has a role', () => {
    expect(rolesOf(person({ userKind: 'citizen', hasSecondFactor: false }))).toEqual(['citizen']);
    expect(rolesOf(anonymous)).toEqual([]);
    expect(currentRole(anonymous, 'admin')).toBeNull();
  });

  it('staff have the roles of their memberships and administration, peer first', () => {
    expect(rolesOf(person({ roles: ['coordinator', 'peer'] }))).toEqual(['peer', 'coordinator']);
    expect(rolesOf(person({ roles: ['coordinator'], isAdmin: true }))).toEqual(['coordinator', 'admin']);
    expect(rolesOf(person({ isAdmin: true }))).toEqual(['admin']);
    // Without any role they still receive shares.
    expect(rolesOf(person({}))).toEqual(['professional']);
  });

  it('staff who still need a second factor have no role until they add one', () => {
    expect(rolesOf(person({ roles: ['peer'], hasSecondFactor: false }))).toEqual([]);
    expect(rolesOf(person({ roles: ['peer'], secondFactorPending: true }))).toEqual([]);
  });

  it('the chosen role counts only while the person has it', () => {
    const both = person({ roles: ['peer', 'coordinator'] });
    expect(currentRole(both, 'coordinator')).toBe('coordinator');
    expect(currentRole(both, undefined)).toBe('peer');
    expect(currentRole(both, 'admin')).toBe('peer');
    expect(currentRole(person({ userKind: 'citizen' }), 'coordinator')).toBe('citizen');
  });

  it('a notice is its recipient’s alone', () => {
    expect(can(person({}), 'notice.own', { recipientId: 'u1' })).toBe(true);
    expect(can(person({}), 'notice.own', { recipientId: 'u2' })).toBe(false);
    expect(can(anonymous, 'notice.own', { recipientId: 'u1' })).toBe(false);
  });
});
