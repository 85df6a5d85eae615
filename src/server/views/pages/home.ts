import { sheetName } from '../../i18n/messages.ts';
import { randomUUID } from 'node:crypto';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import type { ViewContext } from '../view-context.ts';
import { formatTime, notice, textWithoutOrWithJs } from '../components.ts';
import { formatWhen } from './meetings.ts';
import { deviceSheetsNotice } from './statements.ts';
import type { AdminHome, CitizenHome, CoordinatorHome, HomeModel, PeerHome, ProfessionalHome } from '../../services/home.ts';
import { formatDate } from '../../i18n/dates.ts';
import { KEPT_FORM_PATH } from './kept-forms.ts';

/** The front page: the introduction for visitors, and for a signed-in person the home of the role they work in. */
export function homePage(ctx: ViewContext, home: HomeModel | null): SafeHtml {
  const t = ctx.t;
  if (home === null || ctx.actor.kind !== 'user') {
    return page(ctx, {
      title: t.home.title,
      body: html`<h1>${t.home.title}</h1>
<p class="lead">${t.home.lead}</p>
<p>${t.home.noPressure}</p>
<p><a class="button" href="/write">${t.home.startWithout}</a></p>
<p class="hint">${textWithoutOrWithJs(t.sheet.deviceNoteNoJs, t.home.startWithoutHint)}</p>
<h2>${t.home.haveAccount}</h2>
<p><a href="/sign-in">${t.nav.signIn}</a> · <a href="/sign-up">${t.nav.signUp}</a></p>`,
    });
  }
  const sections = roleSections(ctx, home);
  const news = noticesSection(ctx, home);
  // What is new comes first while some of it is unseen; otherwise it waits at the end.
  const fresh = home.notices.some((n) => !n.seen);
  return page(ctx, {
    title: t.home.greeting(ctx.actor.chosenName),
    wide: true,
    body: html`<h1>${t.home.greeting(ctx.actor.chosenName)}</h1>
${home.keptForms ? notice(html`${t.keptForm.waiting(home.keptForms)} <a href="${KEPT_FORM_PATH}">${t.keptForm.waitingLink}</a>`, 'warning') : ''}
<div class="home-grid">
${fresh ? news : ''}
${sections}
${fresh ? '' : news}
</div>`,
  });
}

function roleSections(ctx: ViewContext, home: HomeModel): SafeHtml {
  switch (home.role) {
    case 'citizen':
      return citizenSections(ctx, home);
    case 'peer':
      return peerSections(ctx, home);
    case 'professional':
      return professionalSections(ctx, home);
    case 'coordinator':
      return coordinatorSections(ctx, home);
    case 'admin':
      return adminSections(ctx, home);
  }
}

function section(id: string, title: string, body: SafeHtml): SafeHtml {
  return html`<section class="home-card" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${body}</section>`;
}

function citizenSections(ctx: ViewContext, h: CitizenHome): SafeHtml {
  const t = ctx.t.home.citizen;
  const waiting = h.waitingSuggestions.reduce((n, w) => n + w.count, 0);
  const suggestions = waiting
    ? html`<div class="notice notice--info" role="status"><p>${t.suggestionsWaiting(waiting)}</p><ul class="home-list">${h.waitingSuggestions.map((w) => html`<li><a href="/statements/${w.statementId}/suggestions">${t.suggestionsOn(sheetName(ctx.t, w.purpose), w.count)}</a></li>`)}</ul></div>`
    : '';
  return html`${section(
    'home-sheets',
    t.sheets,
    html`${deviceSheetsNotice(ctx)}${
      h.statementCount === 0
        ? html`<p>${t.sheetsEmpty}</p>${firstSheetForm(ctx, h.firstTemplateId)}`
        : html`${suggestions}<p>${t.sheetCount(h.statementCount)}</p>
<ul class="home-list">${h.latestStatements.map((s) => html`<li><a href="/statements/${s.id}/write/done">${s.purpose}</a> <span class="hint">${t.changed(formatDate(ctx.locale, s.updatedAt))}</span></li>`)}</ul>
<p><a href="/statements">${ctx.t.home.seeAll}</a> · <a href="/statements">${t.sheetsNew}</a></p>`
    }`,
  )}
${section(
  'home-meetings',
  t.meetings,
  html`${h.progressReminders.map(
    (r) =>
      html`<div class="notice notice--info" role="status"><p><a href="/meetings/${r.meetingId}#progress">${ctx.t.progress.reminderDue(formatDate(ctx.locale, r.startsAt))}</a></p></div>`,
  )}<p>${h.nextMeeting ? html`<a href="/meetings/${h.nextMeeting.id}">${t.nextMeeting(formatWhen(ctx, h.nextMeeting.startsAt), h.nextMeeting.withWhom)}</a>` : t.noUpcoming}</p>
<p><a href="/meetings">${t.meetingsLink}</a></p>${h.supportShares ? html`<p><a href="/support">${ctx.t.support.inboxLink(h.supportShares)}</a></p>` : ''}`,
)}
${section(
  'home-peer',
  t.peer,
  h.peers.length === 0
    ? html`<p>${t.noPeer}</p><p><a href="/link">${t.peerLink}</a></p><p><a href="/peers">${ctx.t.findPeer.findLink}</a></p><p><a href="/account/peer-sessions">${ctx.t.aboutMe.homeLink}</a></p>`
    : html`<ul class="home-list">${h.peers.map((p) => html`<li>${t.peerLinked(p.name, p.organisationName)}</li>`)}</ul><p><a href="/account/peers">${t.peersLink}</a></p><p><a href="/account/peer-sessions">${ctx.t.aboutMe.homeLink}</a></p>`,
)}`;
}

/** One click to the first page of a personal statement: the purpose can wait until later. */
function firstSheetForm(ctx: ViewContext, templateId: string | null): SafeHtml {
  const t = ctx.t.home.citizen;
  if (templateId === null) return html`<p><a class="button" href="/statements">${t.sheetsStart}</a></p>`;
  return html`<form method="post" action="/statements" novalidate>${csrfField(ctx)}
<input type="hidden" name="templateId" value="${templateId}">
<input type="hidden" name="idempotencyKey" value="${randomUUID().replaceAll('-', '')}">
<button type="submit" class="button">${t.sheetsStart}</button></form>
<p><a href="/statements">${t.otherSheets}</a></p>`;
}

function peerSections(ctx: ViewContext, h: PeerHome): SafeHtml {
  const t = ctx.t.home.peer;
  return html`${section(
    'home-today',
    t.title,
    html`${
      h.meetingsToday.length === 0
        ? html`<p>${t.noMeetingsToday}</p>`
        : html`<h3>${t.meetingsToday}</h3><ul class="home-list">${h.meetingsToday.map((m) => html`<li>${t.meetingToday(formatTime(ctx.locale, m.startsAt), m.citizenName)}</li>`)}</ul>`
    }
<p>${t.conversationsToday(h.conversationsToday)}</p>
<p><a class="button" href="/peer/sessions">${t.logConversation}</a></p>${h.supportShares ? html`<p><a href="/support">${ctx.t.support.inboxLink(h.supportShares)}</a></p>` : ''}
<p><a href="/peer/guide">${ctx.t.conversationGuide.homeLink}</a></p>`,
  )}
${section(
  'home-citizens',
  t.citizens,
  h.citizens.length === 0
    ? html`<p>${t.noCitizens}</p><p><a href="/peer">${t.makeCode}</a></p>`
    : html`<p>${t.citizenCount(h.citizens.length)}</p><ul class="home-list">${h.citizens.slice(0, 5).map((c) => html`<li><a href="/peer/citizens/${c.citizenId}">${c.name}</a></li>`)}</ul><p><a href="/peer">${ctx.t.home.seeAll}</a></p>`,
)}
${section(
  'home-network',
  t.network,
  html`<p>${h.nextEvent ? html`<a href="/events/${h.nextEvent.id}">${t.nextEvent(h.nextEvent.title, formatDate(ctx.locale, h.nextEvent.startsAt))}</a>` : t.noEvent}</p><p><a href="/events">${t.networkLink}</a></p><p><a href="/groups">${ctx.t.learning.homeLink}</a></p>`,
)}`;
}

function professionalSections(ctx: ViewContext, h: ProfessionalHome): SafeHtml {
  const t = ctx.t.home.professional;
  return section(
    'home-shared',
    t.title,
    h.shares.length === 0
      ? html`<p>${t.none}</p>`
      : html`<p>${t.lead}</p><ul class="home-list">${h.shares.map((s) => html`<li><a href="/shared/${s.id}">${t.shared(s.ownerName, formatDate(ctx.locale, s.expiresAt))}</a></li>`)}</ul>`,
  );
}

function coordinatorSections(ctx: ViewContext, h: CoordinatorHome): SafeHtml {
  const t = ctx.t.home.coordinator;
  const only = h.organisations.length === 1 ? h.organisations[0] : undefined;
  return html`${section(
    'home-organisation',
    t.organisations,
    h.organisations.length === 0
      ? html`<p>${t.noOrganisation}</p>`
      : only
        ? html`<p><a href="/organisation/${only.id}">${only.name}</a></p>`
        : html`<ul class="home-list">${h.organisations.map((o) => html`<li><a href="/organisation/${o.id}">${o.name}</a></li>`)}</ul>`,
  )}
${section(
  'home-rounds',
  t.rounds,
  html`${
    h.roundCount === 0
      ? html`<p>${t.noRounds}</p>`
      : html`<p>${t.roundCount(h.roundCount)}</p><ul class="home-list">${h.rounds.map((r) => html`<li><a href="/rounds/${r.id}">${r.title}</a> <span class="hint">${r.organisationName}</span></li>`)}</ul>`
  }
<p><a href="${only ? `/organisation/${only.id}/evaluation` : '/organisation'}">${t.roundsLink}</a></p>`,
)}
${
  h.organisations.length
    ? section(
        'home-people',
        t.peopleTitle,
        html`${
          only
            ? html`<p><a href="/organisation/${only.id}">${t.people(only.members, only.invitations)}</a></p>`
            : html`<ul class="home-list">${h.organisations.map((o) => html`<li><a href="/organisation/${o.id}">${o.name}: ${t.people(o.members, o.invitations)}</a></li>`)}</ul>`
        }
<p class="hint">${t.peopleHint}</p>`,
      )
    : ''
}`;
}

function adminSections(ctx: ViewContext, h: AdminHome): SafeHtml {
  const t = ctx.t.home.admin;
  return html`${section(
    'home-organisations',
    t.organisations,
    h.organisationCount === 0
      ? html`<p>${t.noOrganisations}</p><p><a href="/admin">${t.organisationsLink}</a></p>`
      : html`<p>${t.organisationCount(h.organisationCount)}</p><ul class="home-list">${h.latestOrganisations.map((o) => html`<li><a href="/organisation/${o.id}">${o.name}</a></li>`)}</ul><p><a href="/admin">${t.organisationsLink}</a></p>`,
  )}
${section('home-operations', t.operations, html`<p>${ctx.mailEnabled ? t.mailOn : t.mailOff}</p><p><a href="/admin/users">${t.accountsLink}</a></p>`)}`;
}

/** Professionals and administrators get notices of nothing yet: for them an empty list is left out. */
function noticesSection(ctx: ViewContext, home: HomeModel): SafeHtml {
  const t = ctx.t.notices;
  const notices = home.notices;
  const empty = home.role === 'citizen' ? t.none.citizen : home.role === 'peer' || home.role === 'coordinator' ? t.none.network : null;
  if (notices.length === 0 && empty === null) return html``;
  const unseen = notices.some((n) => !n.seen);
  return html`<section class="home-card home-card--news" aria-labelledby="nyt"><h2 id="nyt">${t.title}</h2>
${
  notices.length === 0
    ? html`<p>${empty}</p>`
    : html`<ul class="notice-list">${notices.map(
        (
          n,
        ) => html`<li class="${n.seen ? 'notice-item' : 'notice-item notice-item--unseen'}">${n.seen ? '' : html`<strong class="notice-tag">${t.unseen}</strong> `}<span class="hint">${t.when(formatDate(ctx.locale, n.createdAt), n.count)}</span>
  ${n.count === 1 ? t.kinds[n.kind] : t.several[n.kind](n.count, n.actorName)} <a href="/notices/${n.id}">${t.open[n.kind]}</a></li>`,
      )}</ul>`
}
${unseen ? html`<form method="post" action="/notices/seen" class="inline-form">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.markAllSeen}</button></form>` : ''}
</section>`;
}
