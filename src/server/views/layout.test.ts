import { describe, expect, it } from 'vitest';
import { messagesFor } from '../i18n/messages.ts';
import { anonymous, type Actor } from '../policy/actor.ts';
import { currentRole } from '../policy/policy.ts';
import { signedInActor } from '../../../tests/support/actors.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import type { ViewContext } from './view-context.ts';

// The menu of each role: at most six items in the line (the rest under "Mere"), the newsletter
// in the footer, the count of what is new, and a way to switch for a person with several roles.

function render(actor: Actor, o: { chosen?: string; unseen?: number; path?: string } = {}): string {
  const ctx: ViewContext = {
    t: messagesFor('da'),
    locale: 'da',
    actor,
    csrfToken: 'x'.repeat(32),
    url: new URL(`http://localhost${o.path ?? '/'}`),
    method: 'GET',
    now: new Date('2026-09-02T10:00:00Z'),
    today: '2026-09-02',
    mailEnabled: false,
    role: currentRole(actor, o.chosen),
    unseenNotices: o.unseen ?? 0,
  };
  return page(ctx, { title: 'T', body: html`<h1>T</h1>` }).value;
}

/** The items in the one line of the wide menu ("Mere" counts as one). */
function lineItems(out: string): number {
  const line = out.match(/<ul class="nav-list nav-list--wide">([\s\S]*?)<\/ul>\s*<details class="nav-compact">/)?.[1] ?? '';
  return (line.replace(/<ul class="nav-more__list">[\s\S]*?<\/ul>/, '').match(/<li>/g) ?? []).length;
}

const everyone: [string, Actor][] = [
  ['visitor', anonymous],
  ['citizen', signedInActor({ userKind: 'citizen' })],
  ['peer', signedInActor({ roles: ['peer'] })],
  ['professional', signedInActor({ roles: ['professional'] })],
  ['coordinator', signedInActor({ roles: ['coordinator'] })],
  ['admin', signedInActor({ isAdmin: true })],
  ['peer and coordinator', signedInActor({ roles: ['peer', 'coordinator'] })],
];

describe('the menu', () => {
  it.each(everyone)('has at most six items in the line for a %s', (_, actor) => {
    const out = render(actor);
    expect(lineItems(out)).toBeGreaterThan(1);
    expect(lineItems(out)).toBeLessThanOrEqual(6);
  });

  it('keeps the newsletter out of the menu and in the footer', () => {
    for (const [, actor] of everyone) {
      const out = render(actor);
      const nav = out.slice(out.indexOf('<nav'), out.indexOf('</nav>'));
      expect(nav).not.toContain('href="/newsletter"');
      expect(out.slice(out.indexOf('<footer'))).toContain('href="/newsletter"');
    }
  });

  it('groups the peer’s further pages under "Mere", and marks the page one is on there', () => {
    const out = render(signedInActor({ roles: ['peer'] }), { path: '/practice' });
    expect(out).toContain('<summary><span>Mere</span></summary>');
    expect(out).toContain('<a href="/practice" aria-current="page">');
    const sub = render(signedInActor({ roles: ['peer'] }), { path: '/peer/reflections' });
    expect(sub).toContain('nav-more nav-more--current');
    expect(sub).toContain('<a href="/peer/reflections" aria-current="page">');
  });

  it('counts what is new, and says nothing when nothing is', () => {
    expect(render(signedInActor({ userKind: 'citizen' }), { unseen: 2 })).toContain('>Nyt (2)</a>');
    expect(render(signedInActor({ userKind: 'citizen' }))).not.toContain('Nyt (');
  });

  it('offers the other roles to a person with several, and the chosen one decides the menu', () => {
    const both = signedInActor({ roles: ['peer', 'coordinator'] });
    const asPeer = render(both);
    expect(asPeer).toContain('Som peer');
    expect(asPeer).toContain('value="coordinator"');
    expect(asPeer).toContain('href="/peer"');
    const asCoordinator = render(both, { chosen: 'coordinator' });
    expect(asCoordinator).toContain('Som koordinator');
    expect(asCoordinator).toContain('href="/organisation/o1"');
    expect(asCoordinator).not.toContain('href="/peer"');
    expect(render(signedInActor({ roles: ['peer'] }))).not.toContain('action="/role"');
  });
});
