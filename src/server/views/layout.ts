import { html, type SafeHtml } from './html.ts';
import type { ViewContext } from './view-context.ts';
import { assetHref } from '../static-assets.ts';
import { can, organisationsWhere, rolesOf } from '../policy/policy.ts';

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Pages with long forms get the autosave script; everything works without it. */
  scripts?: boolean;
  wide?: boolean;
}

interface MenuLink {
  href: string;
  label: string;
}

interface Menu {
  /** At most five, so that with "More" the menu has six items and fits one line on a laptop. */
  main: MenuLink[];
  more: MenuLink[];
}

const MAIN_ITEMS = 5;

/** The menu of the role the person works in now; policy decides the roles, the layout only the order. */
function menuFor(ctx: ViewContext): Menu {
  const t = ctx.t;
  const actor = ctx.actor;
  const home = { href: '/', label: t.nav.home };
  const guides = { href: '/guides', label: t.guides.navLabel };
  const links: MenuLink[] = [home];
  switch (ctx.role) {
    case null:
      links.push({ href: '/write', label: t.nav.write }, { href: '/peers', label: t.findPeer.navLabel }, guides);
      break;
    case 'citizen':
      links.push(
        { href: '/statements', label: t.nav.statements },
        { href: '/meetings', label: t.meetings.navLabel },
        { href: '/account/peers', label: t.nav.myPeers },
        guides,
        { href: '/account', label: t.nav.account },
      );
      break;
    case 'peer':
      links.push(
        { href: '/peer', label: t.nav.myCitizens },
        { href: '/peer/sessions', label: t.nav.conversations },
        { href: '/events', label: t.events.navLabel },
        { href: '/practice', label: t.practice.navLabel },
        { href: '/peer/reflections', label: t.nav.reflections },
        { href: '/groups', label: t.learning.navLabel },
        { href: '/peer/guide', label: t.conversationGuide.navLabel },
      );
      if (can(actor, 'directory.read')) links.push({ href: '/directory', label: t.nav.directory });
      links.push({ href: '/shared', label: t.shared.title });
      if (can(actor, 'assessment.take')) links.push({ href: '/assessment', label: t.assessment.navLabel });
      links.push(guides, { href: '/account', label: t.nav.account });
      break;
    case 'professional':
      links.push({ href: '/shared', label: t.shared.title }, { href: '/events', label: t.events.navLabel });
      if (can(actor, 'assessment.take')) links.push({ href: '/assessment', label: t.assessment.navLabel });
      links.push(guides, { href: '/account', label: t.nav.account });
      break;
    case 'coordinator': {
      const managed = organisationsWhere(actor, 'organisation.manage');
      const only = managed.length === 1 ? managed[0] : undefined;
      links.push(
        { href: only ? `/organisation/${only}` : '/organisation', label: t.nav.organisation },
        { href: only ? `/organisation/${only}/evaluation` : '/organisation', label: t.evaluation.navLabel },
        { href: '/events', label: t.events.navLabel },
        { href: '/practice', label: t.practice.navLabel },
        { href: '/groups', label: t.learning.navLabel },
        { href: '/newsletter/issues', label: t.nav.newsletterIssues },
      );
      if (can(actor, 'directory.read')) links.push({ href: '/directory', label: t.nav.directory });
      if (can(actor, 'assessment.take')) links.push({ href: '/assessment', label: t.assessment.navLabel });
      links.push(guides, { href: '/account', label: t.nav.account });
      break;
    }
    case 'admin':
      links.push({ href: '/admin', label: t.nav.admin }, { href: '/admin/users', label: t.nav.users }, guides, { href: '/account', label: t.nav.account });
      break;
  }
  // Two links to one page (a coordinator of several organisations): the first is enough.
  const unique = links.filter((l, i) => links.findIndex((o) => o.href === l.href) === i);
  if (unique.length <= MAIN_ITEMS + 1) return { main: unique, more: [] };
  return { main: unique.slice(0, MAIN_ITEMS), more: unique.slice(MAIN_ITEMS) };
}

/** The menu item for the page one is on: the longest address the page's address starts with. */
function currentHref(menu: Menu, path: string): string | undefined {
  const all = [...menu.main, ...menu.more].map((l) => l.href);
  return all.filter((href) => path === href || (href !== '/' && path.startsWith(`${href}/`))).sort((a, b) => b.length - a.length)[0];
}

function menuLinks(links: MenuLink[], current: string | undefined): SafeHtml[] {
  return links.map((l) => html`<li><a href="${l.href}"${current === l.href ? html` aria-current="page"` : ''}>${l.label}</a></li>`);
}

export function page(ctx: ViewContext, options: PageOptions): SafeHtml {
  const t = ctx.t;
  const signedIn = can(ctx.actor, 'factor.enrol');
  const menu = menuFor(ctx);
  const current = currentHref(menu, ctx.url.pathname);
  const moreOpen = menu.more.some((l) => l.href === current);
  const otherRoles = rolesOf(ctx.actor).filter((r) => r !== ctx.role);
  const returnTo = ctx.method === 'GET' ? ctx.url.pathname + ctx.url.search : '/';
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${t.appName}</title>
<link rel="stylesheet" href="${assetHref('app.css')}">
<link rel="manifest" href="/static/manifest.webmanifest">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
<script type="module" src="${assetHref('app.js')}"></script>
</head>
<body>
<a class="skip-link" href="#main">${t.skipLink}</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="brand" href="/">${t.appName}</a>
    <nav aria-label="${t.nav.label}" class="site-nav">
      <ul class="nav-list nav-list--wide">
        ${menuLinks(menu.main, current)}
        ${
          menu.more.length
            ? html`<li><details class="${moreOpen ? 'nav-more nav-more--current' : 'nav-more'}"><summary><span>${t.nav.more}</span></summary><ul class="nav-more__list">${menuLinks(menu.more, current)}</ul></details></li>`
            : ''
        }
      </ul>
      <details class="nav-compact"><summary>${t.nav.menu}</summary><ul class="nav-compact__list">${menuLinks([...menu.main, ...menu.more], current)}</ul></details>
    </nav>
    <div class="site-tools">
      ${ctx.unseenNotices > 0 ? html`<a class="notice-count" href="/#nyt">${t.notices.navLabel(ctx.unseenNotices)}</a>` : ''}
      ${
        ctx.role !== null && otherRoles.length > 0
          ? html`<details class="role-switch"><summary><span>${t.nav.roleNow(t.nav.roles[ctx.role])}</span></summary>
        <form method="post" action="/role" class="role-switch__form">${csrfField(ctx)}<fieldset><legend class="visually-hidden">${t.nav.roleSwitchLabel}</legend>
        ${otherRoles.map((r) => html`<button type="submit" name="role" value="${r}" class="link-button">${t.nav.roleSwitchTo(t.nav.roles[r])}</button>`)}</fieldset></form></details>`
          : ''
      }
      ${
        signedIn
          ? html`<form method="post" action="/sign-out" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">${t.nav.signOut}</button></form>`
          : html`<a href="/sign-in"${ctx.url.pathname === '/sign-in' ? html` aria-current="page"` : ''}>${t.nav.signIn}</a>`
      }
      <form method="post" action="/language" class="inline-form language-form">
        ${csrfField(ctx)}
        <input type="hidden" name="locale" value="${ctx.locale === 'da' ? 'en' : 'da'}">
        <input type="hidden" name="returnTo" value="${returnTo}">
        <button type="submit" class="link-button" lang="${ctx.locale === 'da' ? 'en' : 'da'}">${t.language.switchTo}</button>
      </form>
    </div>
  </div>
</header>
<main id="main" tabindex="-1" class="${options.wide ? 'main main--wide' : 'main'}">
${options.body}
</main>
<footer class="site-footer"><p>${t.footer}</p><p><a href="/newsletter">${t.nav.footerNewsletter}</a></p></footer>
</body>
</html>`;
}

export function csrfField(ctx: ViewContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;
}
