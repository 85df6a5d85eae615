import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { checkboxGroup, formatDay, selectField } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { InvitationsOverview, InvitedRound, RoundConsent } from '../../services/evaluation/round-invitations.ts';

// Rounds across organisations by consent: the invited organisation's page of invitations, and
// the parts of a round's page where its owner invites and chooses, and a taking-part
// organisation leaves. Plain forms: everything works without JavaScript.

/** A one-button form; `about` names what the button acts on, for people who hear the page. */
function postButton(ctx: ViewContext, action: string, label: string, about: string, secondary = false): SafeHtml {
  return html`<form method="post" action="${action}" class="inline-form">${csrfField(ctx)}<button type="submit" class="button${secondary ? ' button--secondary' : ''}">${label}<span class="visually-hidden">: ${about}</span></button></form>`;
}

function roundFacts(ctx: ViewContext, r: InvitedRound): SafeHtml {
  const t = ctx.t.roundInvitations;
  return html`<p>${t.from(r.organisationName)} · ${formatDay(ctx.locale, r.startsOn)} – ${formatDay(ctx.locale, r.endsOn)}</p>${r.method ? html`<p>${r.method}</p>` : ''}`;
}

export function invitationsPage(ctx: ViewContext, o: InvitationsOverview): SafeHtml {
  const t = ctx.t.roundInvitations;
  return page(ctx, {
    title: t.pageTitle,
    body: html`<p><a href="/organisation/${o.orgId}/evaluation">${ctx.t.evaluation.title}</a></p>
<h1>${t.pageTitle}</h1>
<p>${t.lead}</p>
<h2>${t.pending}</h2>
${
  o.pending.length
    ? html`<ul class="card-list">${o.pending.map(
        (r) => html`<li class="card"><h3>${r.title}</h3>${roundFacts(ctx, r)}
  ${
    o.canAnswer
      ? html`<p class="hint">${t.acceptHint}</p>
  ${postButton(ctx, `/rounds/${r.id}/invitations/${o.orgId}/accept`, t.accept, r.title)} ${postButton(ctx, `/rounds/${r.id}/invitations/${o.orgId}/decline`, t.decline, r.title, true)}`
      : ''
  }</li>`,
      )}</ul>`
    : html`<p>${t.none}</p>`
}
<h2>${t.takingPart}</h2>
${
  o.takingPart.length
    ? html`<ul class="card-list">${o.takingPart.map(
        (r) => html`<li class="card"><h3><a href="/rounds/${r.id}">${r.title}</a></h3>${roundFacts(ctx, r)}
  ${o.canAnswer ? html`<p class="hint">${t.leaveHint}</p>${postButton(ctx, `/rounds/${r.id}/organisations/${o.orgId}/leave`, t.leave, r.title, true)}` : ''}</li>`,
      )}</ul>`
    : html`<p>${t.takingPartNone}</p>`
}`,
  });
}

/** The link from an organisation's evaluation page to its invitations. */
export function invitationsLink(ctx: ViewContext, orgId: string, pending: number): SafeHtml {
  const t = ctx.t.roundInvitations;
  return html`<p><a href="/organisation/${orgId}/evaluation/invitations">${pending ? t.link(pending) : t.linkNone}</a></p>`;
}

/** On a round's page: choosing sites and peers and inviting (the owner), leaving (a taking-part organisation). */
export function roundConsentSections(ctx: ViewContext, roundId: string, c: RoundConsent, canManage: boolean): SafeHtml {
  const t = ctx.t.roundInvitations;
  const leave = c.leavable.length
    ? html`<h2>${t.takingPart}</h2><p class="hint">${t.leaveHint}</p>${c.leavable.map((o) => html`<p>${o.name}</p>${postButton(ctx, `/rounds/${roundId}/organisations/${o.id}/leave`, t.leave, o.name, true)}`)}`
    : '';
  if (!canManage) return html`${leave}`;
  return html`<h2>${t.participantsTitle}</h2>
<p class="hint">${t.participantsHint}</p>
<form method="post" action="/rounds/${roundId}/participants" novalidate>
  ${csrfField(ctx)}
  ${c.sites.length ? checkboxGroup({ name: 'siteIds', legend: ctx.t.evaluation.sites, idPrefix: 'round-site', values: c.sites.filter((s) => s.chosen).map((s) => s.id), options: c.sites.map((s) => ({ value: s.id, label: `${s.name} (${s.organisationName})` })) }) : ''}
  ${c.peers.length ? checkboxGroup({ name: 'peerIds', legend: ctx.t.evaluation.peers, idPrefix: 'round-peer', values: c.peers.filter((p) => p.chosen).map((p) => p.id), options: c.peers.map((p) => ({ value: p.id, label: `${p.chosenName} (${p.organisationName})` })) }) : ''}
  <button type="submit" class="button button--secondary">${t.saveParticipants}</button>
</form>
<h2>${t.organisationsTitle}</h2>
${
  c.invitations.length
    ? html`<ul>${c.invitations.map(
        (i) =>
          html`<li>${i.organisationName}: ${t.states[i.state]}${i.state === 'pending' ? postButton(ctx, `/rounds/${roundId}/invitations/${i.organisationId}/withdraw`, t.withdraw, i.organisationName, true) : ''}</li>`,
      )}</ul>`
    : html`<p>${t.organisationsNone}</p>`
}
${
  c.invitable.length
    ? html`<form method="post" action="/rounds/${roundId}/invitations" novalidate>
  ${csrfField(ctx)}
  ${selectField({ name: 'organisationId', label: t.inviteLabel, options: c.invitable.map((o) => ({ value: o.id, label: o.name })) })}
  <button type="submit" class="button button--secondary">${t.invite}</button>
</form>`
    : ''
}
${leave}`;
}
