import { sheetName } from '../../i18n/messages.ts';
import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import {
  checkbox,
  checkboxGroup,
  dataTable,
  errorSummary,
  notice,
  pageHeader,
  radioGroup,
  summaryList,
  tag,
  textArea,
  textField,
  type Errors,
  type TagTone,
} from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { PeerOffer, PeerRequestView } from '../../services/peer-requests.ts';
import { formatWhen } from './meetings.ts';

/** What the citizen lets one peer read and do: sheets (all, or ticked ones) and suggesting. Forms without JavaScript. */
export function sheetChoicesFields(
  ctx: ViewContext,
  peerName: string,
  statements: { id: string; purpose: string }[],
  chosen: { allSheets: boolean; sheetIds: readonly string[]; maySuggest: boolean },
): SafeHtml {
  const t = ctx.t.link;
  return html`${checkboxGroup({
    name: 'sheets',
    legend: t.sheetsLegend(peerName),
    hint: statements.length ? t.sheetsHint : t.noSheetsYet,
    options: [{ value: 'all', label: t.allSheets }, ...statements.map((s) => ({ value: s.id, label: sheetName(ctx.t, s.purpose) }))],
    values: chosen.allSheets ? ['all', ...statements.map((s) => s.id)] : chosen.sheetIds,
  })}
<fieldset class="choices"><legend class="choices__legend">${t.maySuggestLegend}</legend>${checkbox({ name: 'maySuggest', label: t.maySuggest(peerName), checked: chosen.maySuggest })}</fieldset>`;
}

const TONE: Record<PeerRequestView['status'], TagTone> = { open: 'warning', offered: 'info', accepted: 'success', declined: 'neutral', closed: 'neutral' };

/** The public page: what a peer is and is not, and where to ask for one. */
export function findPeerPage(ctx: ViewContext, offers: PeerOffer[]): SafeHtml {
  const t = ctx.t.findPeer;
  return page(ctx, {
    title: t.title,
    body: html`${pageHeader({ title: t.title, lead: t.lead })}
<h2>${t.whatTitle}</h2>
${t.what.map((p) => html`<p>${p}</p>`)}
<h2>${t.notTitle}</h2>
<ul>${t.notItems.map((i) => html`<li>${i}</li>`)}</ul>
<h2>${t.offersTitle}</h2>
${
  offers.length
    ? html`<ul class="card-list">${offers.map(
        (o) => html`<li class="card"><h3 class="card__title">${o.organisationName}</h3>
${summaryList([
  { key: t.place, value: o.place },
  { key: t.howToMeet, value: o.howToMeet },
  { key: t.format, value: t.formats[o.format] },
])}
<p><a href="/peers/ask/${o.organisationId}">${t.ask(o.organisationName)}</a></p></li>`,
      )}</ul>`
    : html`<p>${t.offersNone}</p>`
}`,
  });
}

export interface AskValues {
  wish: string;
  contactName: string;
  contactHow: string;
  answerInApp: boolean;
}

/** The short request: what the citizen would like, and how to answer, on their terms. No diagnosis field. */
export function askPage(ctx: ViewContext, offer: PeerOffer, o: { values?: AskValues; errors?: Errors; signedInCitizen: boolean }): SafeHtml {
  const t = ctx.t.findPeer;
  const errors = o.errors ?? {};
  const v = o.values ?? { wish: '', contactName: '', contactHow: '', answerInApp: true };
  return page(ctx, {
    title: t.ask(offer.organisationName),
    body: html`${pageHeader({ title: t.ask(offer.organisationName), back: { href: '/peers', label: t.title }, lead: t.askLead })}
${errorSummary(ctx.t, errors, ['wish', 'contactName', 'contactHow'])}
${summaryList([
  { key: t.place, value: offer.place },
  { key: t.howToMeet, value: offer.howToMeet },
  { key: t.format, value: t.formats[offer.format] },
])}
<form method="post" action="/peers/ask/${offer.organisationId}" novalidate>
  ${csrfField(ctx)}
  ${textArea({ name: 'wish', label: t.wish, hint: t.wishHint, value: v.wish, error: errors.wish, maxLength: 1000, rows: 4 })}
  <h2>${t.contactTitle}</h2>
  <p>${t.contactLead}</p>
  ${textField({ name: 'contactName', label: t.contactName, value: v.contactName, error: errors.contactName, maxLength: 200, autocomplete: 'nickname' })}
  ${textField({ name: 'contactHow', label: t.contactHow, hint: t.contactHowHint, value: v.contactHow, error: errors.contactHow, maxLength: 200 })}
  ${o.signedInCitizen ? checkbox({ name: 'answerInApp', label: t.answerInApp, checked: v.answerInApp }) : ''}
  <button type="submit" class="button">${t.send}</button>
</form>`,
  });
}

/** After sending: the private link (shown once) or where the signed-in citizen will see the answer. */
export function askedPage(ctx: ViewContext, o: { link: string | null }): SafeHtml {
  const t = ctx.t.findPeer;
  return page(ctx, {
    title: t.sentTitle,
    body: html`${pageHeader({ title: t.sentTitle })}
${
  o.link
    ? html`<p>${t.sentLink}</p><p><strong>${t.sentLinkLabel}:</strong> <a href="${o.link}">${o.link}</a></p>`
    : html`<p>${t.sentInApp}</p><p><a href="/account/peers">${ctx.t.link.myPeersTitle}</a></p>`
}`,
  });
}

function statusLine(ctx: ViewContext, r: PeerRequestView): string {
  const t = ctx.t.findPeer;
  switch (r.status) {
    case 'open':
      return t.statusOpen(r.organisationName);
    case 'offered':
      return t.statusOffered(r.offeredPeerName ?? '', r.organisationName);
    case 'accepted':
      return t.statusAccepted(r.offeredPeerName ?? '');
    case 'declined':
      return t.statusDeclined;
    case 'closed':
      return t.statusClosed(r.organisationName);
  }
}

/**
 * The citizen's request seen again (by its private link, or in the account): the answer, and
 * when a peer is offered, yes (with an account, choosing the sheets) or no thanks.
 */
export function requestPage(
  ctx: ViewContext,
  o: {
    request: PeerRequestView;
    /** Where its forms post: `/peers/answer/<token or id>`. */
    path: string;
    statements: { id: string; purpose: string }[] | null;
    consentVersion: string;
    signedInCitizen: boolean;
    info?: string;
    missing?: boolean;
  },
): SafeHtml {
  const t = ctx.t.findPeer;
  const l = ctx.t.link;
  const r = o.request;
  const errors: Errors = o.missing ? { consent: l.consentMissing } : {};
  const peer = r.offeredPeerName ?? '';
  const decline = html`<form method="post" action="${o.path}/decline">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.decline}</button></form>`;
  const answer =
    r.status !== 'offered'
      ? ''
      : o.signedInCitizen
        ? html`<h2>${t.acceptTitle(peer)}</h2>
<p>${l.consentLead}</p>
<ul>${l.consentItems.map((i) => html`<li>${i}</li>`)}</ul>
<p>${l.consentNot}</p>
<p>${l.consentWithdraw}</p>
<form method="post" action="${o.path}/accept" novalidate>
  ${csrfField(ctx)}
  <input type="hidden" name="wordingVersion" value="${o.consentVersion}">
  ${sheetChoicesFields(ctx, peer, o.statements ?? [], { allSheets: false, sheetIds: [], maySuggest: true })}
  <div class="checkbox${o.missing ? ' field--error' : ''}" id="field-consent"><input type="checkbox" id="consent" name="consent" value="yes"${o.missing ? html` aria-invalid="true" aria-describedby="error-consent"` : ''}><label for="consent">${l.consentCheckbox}</label></div>
  ${o.missing ? html`<p class="error-message" id="error-consent">${l.consentMissing}</p>` : ''}
  <button type="submit" class="button">${t.accept}</button>
</form>
${decline}`
        : html`<p>${t.accountToAccept}</p>
<p><a class="button" href="/sign-up?returnTo=${encodeURIComponent(o.path)}">${t.signUpToAccept}</a></p>
<p><a href="/sign-in?returnTo=${encodeURIComponent(o.path)}">${t.signInToAccept}</a></p>
${decline}`;
  return page(ctx, {
    title: t.requestTitle,
    body: html`${pageHeader({ title: t.requestTitle })}
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, errors)}
${notice(statusLine(ctx, r), r.status === 'offered' ? 'info' : r.status === 'closed' ? 'warning' : 'success')}
${r.status === 'closed' ? html`<p><a href="/peers">${t.otherPlaces}</a></p>` : ''}
${summaryList([
  { key: t.to, value: r.organisationName },
  { key: t.received, value: formatWhen(ctx, r.createdAt) },
  { key: t.youWrote, value: paragraphs(r.wish) },
])}
${answer}`,
  });
}

/** The citizen's own requests, on "my peers". */
export function myRequestsBlock(ctx: ViewContext, requests: PeerRequestView[]): SafeHtml {
  const t = ctx.t.findPeer;
  if (requests.length === 0) return html`<p><a href="/peers">${t.findLink}</a></p>`;
  return html`<h2>${t.myRequestsTitle}</h2>
<ul class="card-list">${requests.map(
    (r) =>
      html`<li class="card"><h3 class="card__title">${r.organisationName}</h3><p>${tag(t.statuses[r.status], TONE[r.status])} ${statusLine(ctx, r)}</p><p><a href="/peers/answer/${r.id}">${t.seeAnswer}<span class="visually-hidden">: ${r.organisationName}</span></a></p></li>`,
  )}</ul>
<p><a href="/peers">${t.findLink}</a></p>`;
}

export interface OfferValues {
  place: string;
  howToMeet: string;
  format: string;
  published: boolean;
}

/** The coordinator writes the organisation's offer for the public page. */
export function offerEditPage(ctx: ViewContext, orgId: string, o: { organisationName: string; values: OfferValues; errors?: Errors; info?: string }): SafeHtml {
  const t = ctx.t.findPeer;
  const errors = o.errors ?? {};
  return page(ctx, {
    title: t.offerTitle,
    body: html`${pageHeader({ title: t.offerTitle, caption: o.organisationName, back: { href: `/organisation/${orgId}`, label: ctx.t.organisation.title }, lead: t.offerLead })}
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, errors, ['place', 'howToMeet', 'format'])}
<form method="post" action="/organisation/${orgId}/peer-offer" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'place', label: t.offerPlace, hint: t.offerPlaceHint, value: o.values.place, error: errors.place, maxLength: 500 })}
  ${textArea({ name: 'howToMeet', label: t.offerHow, hint: t.offerHowHint, value: o.values.howToMeet, error: errors.howToMeet, maxLength: 500, rows: 3 })}
  ${radioGroup({
    name: 'format',
    legend: t.offerFormat,
    value: o.values.format,
    error: errors.format,
    options: (['individual', 'group', 'both'] as const).map((f) => ({ value: f, label: t.formats[f] })),
  })}
  ${checkbox({ name: 'published', label: t.offerPublished, checked: o.values.published })}
  <button type="submit" class="button">${t.offerSave}</button>
</form>
<p><a href="/organisation/${orgId}/peer-requests">${t.requestsTitle}</a></p>`,
  });
}

function nameOf(ctx: ViewContext, r: PeerRequestView): string {
  return r.contactName || ctx.t.findPeer.noName;
}

export function requestsPage(ctx: ViewContext, orgId: string, o: { organisationName: string; requests: PeerRequestView[] }): SafeHtml {
  const t = ctx.t.findPeer;
  return page(ctx, {
    title: t.requestsTitle,
    body: html`${pageHeader({ title: t.requestsTitle, caption: o.organisationName, back: { href: `/organisation/${orgId}`, label: ctx.t.organisation.title }, lead: t.requestsLead })}
${
  o.requests.length
    ? dataTable({
        caption: t.requestsTitle,
        captionHidden: true,
        head: [t.name, t.received, t.status],
        rows: o.requests.map((r) => [
          html`<a href="/organisation/${orgId}/peer-requests/${r.id}">${nameOf(ctx, r)}</a>`,
          formatWhen(ctx, r.createdAt),
          tag(t.statuses[r.status], TONE[r.status]),
        ]),
      })
    : html`<p>${t.requestsNone}</p>`
}
<p><a href="/organisation/${orgId}/peer-offer">${t.offerTitle}</a></p>`,
  });
}

export function requestForCoordinatorPage(
  ctx: ViewContext,
  orgId: string,
  o: { request: PeerRequestView; peers: { userId: string; name: string }[]; info?: string; errors?: Errors },
): SafeHtml {
  const t = ctx.t.findPeer;
  const r = o.request;
  const reach = r.answerInApp ? t.inApp : r.contactHow ? paragraphs(r.contactHow) : t.noContact;
  const canOffer = r.status === 'open' || r.status === 'offered';
  return page(ctx, {
    title: nameOf(ctx, r),
    body: html`${pageHeader({ title: nameOf(ctx, r), caption: t.requestsTitle, back: { href: `/organisation/${orgId}/peer-requests`, label: t.toRequests } })}
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, o.errors ?? {})}
${summaryList([
  { key: t.status, value: tag(t.statuses[r.status], TONE[r.status]) },
  { key: t.received, value: formatWhen(ctx, r.createdAt) },
  { key: t.wish, value: paragraphs(r.wish) },
  { key: t.howToReach, value: reach },
])}
${
  !canOffer
    ? html`<p>${t.answered}</p>`
    : o.peers.length === 0
      ? html`<p>${t.noPeers}</p>`
      : html`<form method="post" action="/organisation/${orgId}/peer-requests/${r.id}/offer" novalidate>
  ${csrfField(ctx)}
  ${radioGroup({ name: 'peerId', legend: t.offerPeer, hint: t.offerPeerHint, error: o.errors?.peerId, options: o.peers.map((p) => ({ value: p.userId, label: p.name })) })}
  <button type="submit" class="button">${t.offerButton}</button>
</form>`
}
${
  canOffer
    ? html`<h2>${t.closeTitle}</h2>
<p>${t.closeLead}</p>
<form method="post" action="/organisation/${orgId}/peer-requests/${r.id}/close">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.closeButton}</button></form>`
    : ''
}`,
  });
}
