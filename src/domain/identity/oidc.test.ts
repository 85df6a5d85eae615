import { describe, expect, it } from 'vitest';
import { identityFrom, issuerAllowed, providerCheckedSecondFactor, scopesFor } from './oidc.ts';

describe('issuers', () => {
  it('speaks HTTPS, and plain HTTP only on loopback', () => {
    expect(issuerAllowed('https://login.microsoftonline.com/tenant/v2.0')).toBe(true);
    expect(issuerAllowed('http://127.0.0.1:4000')).toBe(true);
    expect(issuerAllowed('http://localhost:4000/realm')).toBe(true);
    expect(issuerAllowed('http://login.example.dk')).toBe(false);
    expect(issuerAllowed('http://127.0.0.1.example.dk')).toBe(false);
    expect(issuerAllowed('ftp://login.example.dk')).toBe(false);
    expect(issuerAllowed('https://login.example.dk/?x=1')).toBe(false);
    expect(issuerAllowed('https://user:pw@login.example.dk')).toBe(false);
    expect(issuerAllowed('not a url')).toBe(false);
  });
});

describe('the claim that names a staff member', () => {
  it('takes an e-mail only when the provider verified it', () => {
    expect(identityFrom({ email: ' Ida@Region.DK ', email_verified: true }, 'email')).toEqual({ ok: true, value: 'ida@region.dk' });
    expect(identityFrom({ email: 'ida@region.dk', email_verified: false }, 'email')).toEqual({ ok: false, reason: 'unverified' });
    expect(identityFrom({ email: 'ida@region.dk', email_verified: 'true' }, 'email')).toEqual({ ok: false, reason: 'unverified' });
    expect(identityFrom({ email: 'ida@region.dk' }, 'email')).toEqual({ ok: false, reason: 'unverified' });
    expect(identityFrom({ email_verified: true }, 'email')).toEqual({ ok: false, reason: 'missing' });
  });

  it('takes a user name or object id as the provider gives it, in one spelling', () => {
    expect(identityFrom({ preferred_username: 'IDA@region.dk' }, 'preferred_username')).toEqual({ ok: true, value: 'ida@region.dk' });
    expect(identityFrom({ oid: '0A1B-22' }, 'oid')).toEqual({ ok: true, value: '0a1b-22' });
    expect(identityFrom({ oid: 42 }, 'oid')).toEqual({ ok: false, reason: 'missing' });
    expect(identityFrom({ oid: '   ' }, 'oid')).toEqual({ ok: false, reason: 'missing' });
  });

  it('asks for the scope that brings the claim back', () => {
    expect(scopesFor('email')).toBe('openid email');
    expect(scopesFor('oid')).toBe('openid profile');
    expect(scopesFor('sub')).toBe('openid');
  });
});

describe("the provider's second factor", () => {
  const amrOnly = { fromAmr: true, acr: null };
  const acrOnly = { fromAmr: false, acr: 'https://data.gov.dk/concept/core/nsis/loa/Substantial' };

  it('counts "mfa" in amr when the organisation says so', () => {
    expect(providerCheckedSecondFactor({ amr: ['pwd', 'mfa'] }, amrOnly)).toBe(true);
    expect(providerCheckedSecondFactor({ amr: ['pwd'] }, amrOnly)).toBe(false);
    expect(providerCheckedSecondFactor({ amr: 'mfa' }, amrOnly)).toBe(false);
    expect(providerCheckedSecondFactor({ amr: ['pwd', 'mfa'] }, acrOnly)).toBe(false);
  });

  it('counts exactly the configured acr', () => {
    expect(providerCheckedSecondFactor({ acr: acrOnly.acr }, acrOnly)).toBe(true);
    expect(providerCheckedSecondFactor({ acr: 'https://data.gov.dk/concept/core/nsis/loa/Low' }, acrOnly)).toBe(false);
    expect(providerCheckedSecondFactor({}, acrOnly)).toBe(false);
    expect(providerCheckedSecondFactor({ acr: 'x' }, { fromAmr: false, acr: null })).toBe(false);
  });
});
