import { html, type SafeHtml } from './html.ts';
import type { ViewContext } from './view-context.ts';
import { can, organisationsWhere } from '../policy/policy.ts';

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Pages with long forms get the autosave script; everything works without it. */
  scripts?: boolean;
  wide?: boolean;
}

export function page(ctx: ViewContext, options: PageOptions): SafeHtml {
  const t = ctx.t;
  const actor = ctx.actor;
  const signedIn = can(actor, 'factor.enrol');
  const links: { href: string; label: string }[] = [{ href: '/', label: t.nav.home }];
  if (signedIn) {
    if (can(actor, 'citizen.act')) links.push({ href: '/statements', label: t.nav.statements }, { href: '/meetings', label: t.meetings.navLabel });
    if (can(actor, 'peer.practise', {})) links.push({ href: '/peer', label: t.peer.navLabel });
    if (can(actor, 'shares.receiveAny')) links.push({ href: '/shared', label: t.shared.title });
    if (can(actor, 'network.join')) links.push({ href: '/events', label: t.events.navLabel });
    if (organisationsWhere(actor, 'organisation.manage').length > 0) links.push({ href: '/organisation', label: t.nav.organisation });
    if (can(actor, 'practiceNotes.use')) links.push({ href: '/practice', label: t.practice.navLabel });
    if (can(actor, 'assessment.take')) links.push({ href: '/assessment', label: t.assessment.navLabel });
    if (can(actor, 'installation.administer')) links.push({ href: '/admin', label: t.nav.admin });
    links.push({ href: '/account', label: t.nav.account });
  } else {
    links.push({ href: '/write', label: t.nav.write });
    links.push({ href: '/newsletter', label: t.newsletter.navLabel });
  }
  links.splice(signedIn ? links.length - 1 : links.length, 0, { href: '/guides', label: t.guides.navLabel });
  const current = ctx.url.pathname;
  const returnTo = ctx.method === 'GET' ? ctx.url.pathname + ctx.url.search : '/';
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${t.appName}</title>
<link rel="stylesheet" href="/static/app.css">
<link rel="manifest" href="/static/manifest.webmanifest">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
<script type="module" src="/static/build/app.js"></script>
</head>
<body>
<a class="skip-link" href="#main">${t.skipLink}</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="brand" href="/">${t.appName}</a>
    <nav aria-label="${t.nav.label}">
      <ul class="nav-list">
        ${links.map((l) => html`<li><a href="${l.href}"${current === l.href ? html` aria-current="page"` : ''}>${l.label}</a></li>`)}
        ${
          signedIn
            ? html`<li><form method="post" action="/sign-out" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">${t.nav.signOut}</button></form></li>`
            : html`<li><a href="/sign-in"${current === '/sign-in' ? html` aria-current="page"` : ''}>${t.nav.signIn}</a></li>`
        }
      </ul>
    </nav>
    <form method="post" action="/language" class="inline-form language-form">
      ${csrfField(ctx)}
      <input type="hidden" name="locale" value="${ctx.locale === 'da' ? 'en' : 'da'}">
      <input type="hidden" name="returnTo" value="${returnTo}">
      <button type="submit" class="link-button" lang="${ctx.locale === 'da' ? 'en' : 'da'}">${t.language.switchTo}</button>
    </form>
  </div>
</header>
<main id="main" tabindex="-1" class="${options.wide ? 'main main--wide' : 'main'}">
${options.body}
</main>
<footer class="site-footer"><p>${t.footer}</p></footer>
</body>
</html>`;
}

export function csrfField(ctx: ViewContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;
}
