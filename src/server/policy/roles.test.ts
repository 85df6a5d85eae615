import { describe, expect, it } from 'vitest';
import { anonymous } from './actor.ts';
import { can, currentRole, rolesOf } from './policy.ts';
import { signedInActor } from '../../../tests/support/actors.ts';

// Which roles a person can switch between, and which one a remembered choice gives them.

describe('roles', () => {
  it('a citizen is a citizen only; nobody signed out has a role', () => {
    expect(rolesOf(signedInActor({ userKind: 'citizen', hasSecondFactor: false }))).toEqual(['citizen']);
    expect(rolesOf(anonymous)).toEqual([]);
    expect(currentRole(anonymous, 'admin')).toBeNull();
  });

  it('staff have the roles of their memberships and administration, peer first', () => {
    expect(rolesOf(signedInActor({ roles: ['coordinator', 'peer'] }))).toEqual(['peer', 'coordinator']);
    expect(rolesOf(signedInActor({ roles: ['coordinator'], isAdmin: true }))).toEqual(['coordinator', 'admin']);
    expect(rolesOf(signedInActor({ isAdmin: true }))).toEqual(['admin']);
    // Without any role they still receive shares.
    expect(rolesOf(signedInActor({}))).toEqual(['professional']);
  });

  it('staff who still need a second factor have no role until they add one', () => {
    expect(rolesOf(signedInActor({ roles: ['peer'], hasSecondFactor: false }))).toEqual([]);
    expect(rolesOf(signedInActor({ roles: ['peer'], secondFactorPending: true }))).toEqual([]);
  });

  it('the chosen role counts only while the person has it', () => {
    const both = signedInActor({ roles: ['peer', 'coordinator'] });
    expect(currentRole(both, 'coordinator')).toBe('coordinator');
    expect(currentRole(both, undefined)).toBe('peer');
    expect(currentRole(both, 'admin')).toBe('peer');
    expect(currentRole(signedInActor({ userKind: 'citizen' }), 'coordinator')).toBe('citizen');
  });

  it('a notice is its recipient’s alone', () => {
    expect(can(signedInActor({}), 'notice.own', { recipientId: 'u1' })).toBe(true);
    expect(can(signedInActor({}), 'notice.own', { recipientId: 'u2' })).toBe(false);
    expect(can(anonymous, 'notice.own', { recipientId: 'u1' })).toBe(false);
  });

  it('a linked peer reads only the sheets the citizen chose, and suggests only when allowed', () => {
    const peer = signedInActor({ roles: ['peer'] });
    const link = { citizen_id: 'c1', peer_user_id: 'u1', organisation_id: 'o1', withdrawn_at: null, all_sheets: false, sheet_ids: ['s1'], may_suggest: false };
    expect(can(peer, 'statement.read', { ownerId: 'c1', statementId: 's1', peerLink: link })).toBe(true);
    expect(can(peer, 'statement.read', { ownerId: 'c1', statementId: 's2', peerLink: link })).toBe(false);
    expect(can(peer, 'statement.suggest', { ownerId: 'c1', statementId: 's1', peerLink: link })).toBe(false);
    expect(can(peer, 'statement.suggest', { ownerId: 'c1', statementId: 's1', peerLink: { ...link, may_suggest: true } })).toBe(true);
    expect(can(peer, 'statement.read', { ownerId: 'c1', statementId: 's2', peerLink: { ...link, all_sheets: true } })).toBe(true);
    expect(can(peer, 'statement.read', { ownerId: 'c1', statementId: 's1', peerLink: { ...link, withdrawn_at: new Date() } })).toBe(false);
    // Another citizen's sheet with the same id list is not this link's.
    expect(can(peer, 'statement.read', { ownerId: 'c2', statementId: 's1', peerLink: link })).toBe(false);
  });
});
