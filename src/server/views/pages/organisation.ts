import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { checkbox, copyableText, errorSummary, notice, selectField, textField, wideTable, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { OrganisationListing, OrganisationOverview } from '../../services/organisations.ts';
import { organisationKinds } from '../../../domain/organisations/kinds.ts';
import type { FoundUser } from '../../services/users-admin.ts';
import { invitationIdentityField } from './identity.ts';
import { formatDate } from '../../i18n/dates.ts';

export function organisationPage(ctx: ViewContext, o: OrganisationOverview, extra: { inviteLink?: string; errors?: Errors } = {}): SafeHtml {
  const t = ctx.t;
  const errors = extra.errors ?? {};
  const orgId = o.organisation.id;
  return page(ctx, {
    title: `${t.organisation.title}: ${o.organisation.name}`,
    body: html`<h1>${o.organisation.name}</h1>
${errorSummary(t, errors)}
<ul class="inline-links"><li><a href="/organisation/${orgId}/templates">${t.templates.orgLink}</a></li><li><a href="/organisation/${orgId}/evaluation">${t.evaluation.title}</a></li><li><a href="/organisation/${orgId}/volunteers">${t.volunteers.title}</a></li><li><a href="/organisation/${orgId}/peer-offer">${t.findPeer.offerTitle}</a></li><li><a href="/organisation/${orgId}/peer-requests">${t.findPeer.requestsTitle}</a></li><li><a href="/organisation/${orgId}/guides">${t.guides.title}</a></li><li><a href="/assessment">${t.assessment.title}</a></li><li><a href="/organisation/${orgId}/sign-in">${t.identity.settingsLink}</a></li></ul>
${extra.inviteLink ? html`<div class="notice notice--success" role="status"><p>${t.organisation.inviteCreated}</p><p>${copyableText(ctx.t, extra.inviteLink)}</p></div>` : ''}
<h2>${t.organisation.sites}</h2>
${o.sites.length ? html`<ul>${o.sites.map((s) => html`<li>${s.name}</li>`)}</ul>` : html`<p>${t.organisation.noSites}</p>`}
<form method="post" action="/organisation/${orgId}/sites" novalidate class="stack">
  ${csrfField(ctx)}
  ${textField({ name: 'name', label: t.organisation.siteName, error: errors.name, maxLength: 200 })}
  <button type="submit" class="button button--secondary">${t.organisation.addSite}</button>
</form>
<h2>${t.organisation.members}</h2>
${wideTable(
  t.organisation.members,
  html`<table>
  <thead><tr><th scope="col">${t.organisation.memberName}</th><th scope="col">${t.organisation.inviteRole}</th><th scope="col">${t.organisation.inviteSite}</th><th scope="col">${t.secondFactorReset.column}</th></tr></thead>
  <tbody>${o.members.map((m) => html`<tr><td>${m.chosenName}</td><td>${t.roles[m.role]}${m.volunteer ? ` (${t.roles.volunteer})` : ''}</td><td>${m.siteName ?? '—'}</td><td>${ctx.actor.kind === 'user' && ctx.actor.id === m.userId ? '—' : html`<a href="/organisation/${orgId}/members/${m.userId}/second-factor">${t.secondFactorReset.link}<span class="visually-hidden"> ${t.secondFactorReset.linkFor(m.chosenName)}</span></a>`}</td></tr>`)}</tbody>
</table>`,
)}
<h2>${t.organisation.invite}</h2>
<form method="post" action="/organisation/${orgId}/invitations" novalidate>
  ${csrfField(ctx)}
  ${selectField({ name: 'role', label: t.organisation.inviteRole, options: (['peer', 'professional', 'coordinator'] as const).map((r) => ({ value: r, label: t.roles[r] })) })}
  ${selectField({ name: 'siteId', label: t.organisation.inviteSite, error: errors.siteId, options: [{ value: '', label: t.organisation.inviteNoSite }, ...o.sites.map((s) => ({ value: s.id, label: s.name }))] })}
  ${checkbox({ name: 'volunteer', label: t.organisation.inviteVolunteer })}
  ${invitationIdentityField(ctx, o.identityClaim, errors.identity)}
  <button type="submit" class="button">${t.organisation.inviteSubmit}</button>
</form>
${o.invitations.length ? html`<h3>${t.organisation.invitations}</h3><ul>${o.invitations.map((i) => html`<li>${t.roles[i.role]} — ${t.organisation.expires} ${formatDate(ctx.locale, i.expiresAt)}</li>`)}</ul>` : ''}`,
  });
}

export function chooseOrganisationPage(ctx: ViewContext, orgs: { id: string; name: string }[]): SafeHtml {
  return page(ctx, {
    title: ctx.t.organisation.title,
    body: html`<h1>${ctx.t.organisation.title}</h1><ul>${orgs.map((o) => html`<li><a href="/organisation/${o.id}">${o.name}</a></li>`)}</ul>`,
  });
}

export function adminPage(ctx: ViewContext, orgs: OrganisationListing[], errors: Errors = {}, info?: string): SafeHtml {
  const t = ctx.t.admin;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${info ? notice(info, 'success') : ''}
${errorSummary(ctx.t, errors)}
<p>${ctx.mailEnabled ? t.mailOn : t.mailOff}</p>
<p><a href="/admin/users">${t.users}</a></p>
<h2>${t.organisations}</h2>
<ul>${orgs.map((o) => html`<li><a href="/organisation/${o.id}">${o.name}</a> (${t.kinds[o.kind] ?? o.kind})</li>`)}</ul>
<h2>${t.newOrganisation}</h2>
<form method="post" action="/admin/organisations" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'name', label: t.name, error: errors.name, maxLength: 200 })}
  ${selectField({ name: 'kind', label: t.kind, options: organisationKinds.map((k) => ({ value: k, label: t.kinds[k] })) })}
  <button type="submit" class="button">${t.create}</button>
</form>`,
  });
}

export function adminUsersPage(ctx: ViewContext, q: string, users: FoundUser[], done: boolean): SafeHtml {
  const t = ctx.t.admin;
  return page(ctx, {
    title: t.users,
    body: html`<p><a href="/admin">${t.title}</a></p>
<h1>${t.users}</h1>
${done ? notice(t.userChanged, 'success') : ''}
<form method="get" action="/admin/users" class="period-form">
  ${textField({ name: 'q', label: t.userSearch, value: q, maxLength: 40 })}
  <button type="submit" class="button button--secondary">${t.userSearchButton}</button>
</form>
${
  users.length
    ? html`<table><thead><tr><th scope="col">${ctx.t.account.username}</th><th scope="col">${t.name}</th><th scope="col">${t.userStatus}</th><th scope="col"><span class="visually-hidden">${t.userAction}</span></th></tr></thead>
  <tbody>${users.map(
    (u) => html`<tr><td>${u.username}</td><td>${u.chosenName}</td><td>${u.disabled ? t.userDisabled : t.userActive}</td>
  <td><form method="post" action="/admin/users/${u.id}/disable" class="inline-form">${csrfField(ctx)}<input type="hidden" name="q" value="${q}">${u.disabled ? html`<input type="hidden" name="enable" value="1"><button type="submit" class="link-button">${t.userEnable}<span class="visually-hidden"> ${u.username}</span></button>` : html`<button type="submit" class="link-button">${t.userDisable}<span class="visually-hidden"> ${u.username}</span></button>`}</form></td></tr>`,
  )}</tbody></table>`
    : ''
}`,
  });
}
