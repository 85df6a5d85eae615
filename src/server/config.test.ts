import { describe, expect, it } from 'vitest';
import { linkOrigin } from './config.ts';

describe('the origin of links people carry away', () => {
  it('is PUBLIC_ORIGIN when it is set, without a trailing slash', () => {
    expect(linkOrigin({ PUBLIC_ORIGIN: 'https://egneord.region.dk/' }, 'internal:3000')).toBe('https://egneord.region.dk');
    expect(linkOrigin({ PUBLIC_ORIGIN: 'http://intranet.local' }, 'x')).toBe('http://intranet.local');
  });

  it('is never plain http for a host that is not this machine', () => {
    for (const host of ['egneord.example.dk', 'egneord.example.dk:8443', '10.0.0.5:3000', '[2001:db8::1]:3000'])
      expect(linkOrigin({}, host)).toBe(`https://${host}`);
  });

  it('stays http on this machine, where there is no certificate', () => {
    for (const host of ['localhost:3000', '127.0.0.1:4000', '[::1]:3000', 'app.localhost']) expect(linkOrigin({}, host)).toBe(`http://${host}`);
    expect(linkOrigin({}, undefined)).toBe('http://localhost');
  });
});
