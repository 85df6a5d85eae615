import { keptFormTexts } from '../../../domain/accounts/kept-form-texts.ts';
import { sheetName } from '../../i18n/messages.ts';
import { html, paragraphs, trusted, type SafeHtml } from '../html.ts';
import { formatDay } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import { professionalNameOf } from './decisions.ts';
import type { ExportedLogEntry, ExportedMeeting, ExportedStatement, MyDataSummary } from '../../services/my-data.ts';
import type { StatementView } from '../../../domain/sheets/compose.ts';
import { formatDateTime } from '../../i18n/dates.ts';

// The page in the "My data" zip that a person reads and prints: everything in the JSON beside
// it, in words and in their language. It opens from a folder on their own computer, so it is one
// file: no script, no fonts or styles from anywhere else, no links out.

const STYLE = trusted(`
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2328; background: #fff; }
  main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
  h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .75rem; }
  h2 { font-size: 1.35rem; line-height: 1.3; margin: 2.5rem 0 .75rem; padding-top: 1rem; border-top: 2px solid #d8dee4; }
  h3 { font-size: 1.12rem; margin: 1.75rem 0 .5rem; }
  h4 { font-size: 1rem; margin: 1.25rem 0 .35rem; }
  p, ul, ol, dl { margin: 0 0 .85rem; }
  ul, ol { padding-left: 1.25rem; }
  li + li { margin-top: .25rem; }
  .lead { font-size: 1.08rem; }
  .hint { color: #57606a; }
  nav ol { columns: 2 14rem; }
  dl.facts { display: grid; grid-template-columns: minmax(8rem, 13rem) 1fr; gap: .35rem 1rem; }
  dl.facts dt { font-weight: 600; }
  dl.facts dd { margin: 0; overflow-wrap: anywhere; }
  .card { border: 1px solid #d8dee4; border-radius: .5rem; padding: .75rem 1rem; margin: 0 0 1rem; }
  .card > :first-child { margin-top: .25rem; }
  dl.answers dt { font-weight: 600; }
  dl.answers dd { margin: .1rem 0 .75rem; }
  dl.answers dd p { margin: 0; }
  .sheet { border-left: 4px solid #8c959f; padding: .25rem 0 .25rem 1rem; margin: .75rem 0 1rem; }
  .sheet h4:first-child { margin-top: 0; }
  blockquote { margin: .35rem 0 .75rem; padding-left: .85rem; border-left: 3px solid #d8dee4; }
  .table { overflow-x: auto; margin: 0 0 1rem; }
  table { border-collapse: collapse; width: 100%; font-size: .95rem; }
  th, td { text-align: left; vertical-align: top; padding: .4rem .6rem .4rem 0; border-bottom: 1px solid #d8dee4; }
  th { font-weight: 600; }
  @media (max-width: 30rem) {
    main { padding: 1rem .9rem 3rem; }
    dl.facts { grid-template-columns: 1fr; gap: 0; }
    dl.facts dd { margin-bottom: .5rem; }
  }
  @media print {
    body { font-size: 11pt; }
    main { max-width: none; padding: 0; }
    nav { display: none; }
    h2 { break-after: avoid; }
    h3, h4 { break-after: avoid; }
    .table { overflow: visible; }
  }
  @page { margin: 18mm 16mm; }
`);

export function myDataSummary(ctx: ViewContext, summary: MyDataSummary): SafeHtml {
  const t = ctx.t.myDataSummary;
  const d = summary.data;
  const when = (iso: string) => formatDateTime(ctx.locale, iso);
  const sections: { id: string; title: string; body: SafeHtml }[] = [
    { id: 'account', title: t.account, body: accountSection(ctx, summary, when) },
    { id: 'statements', title: t.statements, body: statementsSection(ctx, d.statements, summary.readable, when) },
    { id: 'meetings', title: t.meetings, body: meetingsSection(ctx, d.meetings, summary.readable, when) },
    { id: 'peers', title: t.peers, body: peersSection(ctx, summary, when) },
    { id: 'sessions', title: t.sessions, body: sessionsSection(ctx, summary) },
    {
      id: 'shared-notes',
      title: t.sharedNotes,
      body: list(
        d.notesSharedWithMe,
        (n) => html`<p><strong>${formatDay(ctx.locale, n.day)} · ${n.peer}</strong></p><blockquote>${paragraphs(n.note)}</blockquote>`,
      ),
    },
    {
      id: 'notes',
      title: t.guideNotes,
      body: list(d.notes, (n) => html`${n.done ? '☑' : '☐'} ${n.text}${n.fromGuide ? html` <span class="hint">(${n.fromGuide})</span>` : ''}`),
    },
    { id: 'answers', title: t.answers, body: answersSection(ctx, summary, when) },
    { id: 'votes', title: t.votes, body: list(d.pollVotes, (v) => html`${v.question} — <strong>${v.choice}</strong>`) },
    { id: 'log', title: t.log, body: logSection(ctx, d.accessLog, when) },
    { id: 'not-included', title: t.notIncluded, body: html`<ul>${t.notIncludedItems.map((i) => html`<li>${i}</li>`)}</ul><p>${t.erasure}</p>` },
  ];
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${t.title} · ${d.account.chosenName}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${t.title}</h1>
<p class="lead">${t.lead(d.account.chosenName, when(d.exportedAt))}</p>
<p class="hint">${t.files}</p>
<nav aria-labelledby="contents"><h2 id="contents">${t.contents}</h2><ol>${sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>
${sections.map((s) => html`<section aria-labelledby="${s.id}"><h2 id="${s.id}">${s.title}</h2>${s.body}</section>`)}
</main>
</body>
</html>`;
}

type When = (iso: string) => string;

function progressStatus(ctx: ViewContext, status: string): string {
  const t = ctx.t.progress;
  return status === 'done' ? t.done : status === 'underway' ? t.underway : t.notYet;
}

function list<T>(items: T[], item: (x: T) => SafeHtml): SafeHtml {
  return items.length ? html`<ul>${items.map((x) => html`<li>${item(x)}</li>`)}</ul>` : html`<p class="hint">—</p>`;
}

function accountSection(ctx: ViewContext, summary: MyDataSummary, when: When): SafeHtml {
  const t = ctx.t.myDataSummary;
  const a = summary.data.account;
  return html`<dl class="facts">
  <dt>${t.chosenName}</dt><dd>${a.chosenName}</dd>
  <dt>${t.username}</dt><dd>${a.username}</dd>
  <dt>${t.createdAt}</dt><dd>${when(a.createdAt)}</dd>
  <dt>${t.language}</dt><dd>${t.languages[a.locale] ?? a.locale}</dd>
  <dt>${t.email}</dt><dd>${a.reminderEmail ?? t.none}</dd>
  <dt>${t.secondFactor}</dt><dd>${a.secondFactor ? t.yes : t.no}</dd>
</dl>
<h3>${t.passkeys}</h3>
${a.passkeys.length ? list(a.passkeys, (p) => html`${t.passkeyLine(when(p.createdAt), p.lastUsedAt ? when(p.lastUsedAt) : null)}`) : html`<p>${t.none}</p>`}
<h3>${t.signIns}</h3>
${list(
  a.signIns,
  (s) =>
    html`${t.signInLine(when(s.startedAt), when(s.lastSeenAt))}${s.current ? html` — ${t.thisSignIn}` : ''}${s.ended ? html` — ${t.signInEnded(when(s.expiresAt))}` : ''}${s.writingTogetherWith ? html` — ${t.together(s.writingTogetherWith)}` : ''}`,
)}
${
  a.keptForms.length
    ? html`<h3>${t.keptForms}</h3>
${list(a.keptForms, (k) => html`${when(k.keptAt)}: ${keptFormTexts(k.fields).join(' · ') || ctx.t.keptForm.noTexts}`)}`
    : ''
}`;
}

function sheet(view: StatementView | undefined): SafeHtml {
  if (!view) return html``;
  return html`<div class="sheet">
  ${view.sections.map((s) => html`<h4>${s.heading}</h4>${s.items ? html`<ul>${s.items.map((i) => html`<li>${i}</li>`)}</ul>` : s.paragraphs.map((p) => paragraphs(p))}`)}
  ${view.summary ? html`<h4>${view.summary.heading}</h4>${paragraphs(view.summary.text)}` : ''}
</div>`;
}

function statementsSection(ctx: ViewContext, statements: ExportedStatement[], readable: Record<string, StatementView>, when: When): SafeHtml {
  const t = ctx.t.myDataSummary;
  const trailKinds = ctx.t.suggestions.trailKinds;
  if (statements.length === 0) return html`<p>${t.statementsNone}</p>`;
  return html`${statements.map(
    (s) => html`<article class="card">
  <h3>${sheetName(ctx.t, s.purpose)}</h3>
  <dl class="facts"><dt>${t.sheetKind}</dt><dd>${s.template.title}</dd><dt>${t.updatedAt}</dt><dd>${when(s.updatedAt)}</dd></dl>
  ${sheet(readable[s.id])}
  <h4>${t.versions}</h4>
  ${list(s.versions, (v) => html`${t.versionLine(v.revision, when(v.savedAt))}`)}
  ${
    s.suggestions.length
      ? html`<h4>${t.suggestions}</h4>${s.suggestions.map(
          (g) => html`<p><strong>${t.suggestionFrom(g.from, g.part)}</strong>, ${when(g.createdAt)} — ${t.suggestionStatus[g.status] ?? g.status}</p>
<blockquote>${paragraphs(g.text)}</blockquote>
${g.finalText && g.finalText !== g.text ? html`<p>${t.finalText}:</p><blockquote>${paragraphs(g.finalText)}</blockquote>` : ''}`,
        )}`
      : ''
  }
  ${
    s.authorship.length
      ? html`<h4>${ctx.t.suggestions.trailTitle}</h4>${list(
          s.authorship,
          (e) =>
            html`${when(e.at)}: ${trailKinds[e.kind as keyof typeof trailKinds](e.by || '—', e.with || '—')} (${e.part})${e.excerpt ? html` — »${e.excerpt}«` : ''}`,
        )}`
      : ''
  }
</article>`,
  )}`;
}

function meetingsSection(ctx: ViewContext, meetings: ExportedMeeting[], readable: Record<string, StatementView>, when: When): SafeHtml {
  const t = ctx.t.myDataSummary;
  const m = ctx.t.meetings;
  if (meetings.length === 0) return html`<p>${t.meetingsNone}</p>`;
  const who = (v: { who: string; name: string | null }) =>
    v.who === 'self'
      ? ctx.t.log.you
      : v.who === 'link' || v.who === 'anonymous'
        ? ctx.t.log.someoneWithLink
        : v.who === 'system'
          ? ctx.t.log.system
          : (v.name ?? '');
  return html`${meetings.map((x) => {
    const current = x.snapshots.find((s) => s.current);
    return html`<article class="card">
  <h3>${m.meetingOn(when(x.startsAt))}</h3>
  <dl class="facts"><dt>${m.withWhom}</dt><dd>${x.withWhom}</dd>${x.purpose ? html`<dt>${m.purpose}</dt><dd>${x.purpose}</dd>` : ''}</dl>
  ${
    x.snapshots.length
      ? html`<h4>${t.copies}</h4>${list(x.snapshots, (s) => html`${s.current ? t.copyCurrent(when(s.frozenAt)) : t.copyReplaced(when(s.frozenAt))}`)}${current ? sheet(readable[current.id]) : ''}`
      : ''
  }
  ${
    x.shares.length
      ? html`<h4>${m.shares}</h4>${x.shares.map(
          (
            s,
          ) => html`<p><strong>${s.recipient ? t.linkTo(s.recipient) : t.linkNoName}</strong><br>${t.linkLine(when(s.createdAt), when(s.expiresAt))}${s.revokedAt ? html`<br>${t.linkClosed(when(s.revokedAt))}` : ''}</p>
${s.views.length ? html`<p>${t.opened}:</p>${list(s.views, (v) => html`${when(v.at)} — ${who(v)} — ${ctx.t.log.actions[v.action] ?? ctx.t.log.other}`)}` : html`<p class="hint">${t.openedNone}</p>`}`,
        )}`
      : ''
  }
  ${
    x.followUp
      ? html`<h4>${m.followUpTitle}</h4>${x.followUp.agreed ? html`<p>${m.agreed}</p><blockquote>${paragraphs(x.followUp.agreed)}</blockquote>` : ''}${x.followUp.disagreement ? html`<p>${t.disagreement}</p><blockquote>${paragraphs(x.followUp.disagreement)}</blockquote>` : ''}`
      : ''
  }
  ${x.plan ? html`<h4>${ctx.t.decisions.legacyTitle}</h4><blockquote>${paragraphs(x.plan.text)}</blockquote>${x.plan.author ? html`<p class="hint">${t.planBy(x.plan.author)}</p>` : ''}` : ''}
  ${
    x.decisions[0]
      ? html`<h4>${ctx.t.decisions.decidedTitle}</h4>${x.decisions[0].record.heard ? html`<p>${ctx.t.decisions.heardTitleReader}</p><blockquote>${paragraphs(x.decisions[0].record.heard)}</blockquote>` : ''}${list(
          x.decisions[0].record.decisions,
          (d) =>
            html`<strong>${d.what}</strong>${d.who ? html` — ${d.who}` : ''}<br>${stanceLine(ctx, ctx.t.decisions.you, d.stances.citizen)}<br>${stanceLine(ctx, professionalNameOf(ctx, x.decisions[0]!.record), d.stances.professional)}`,
        )}<p class="hint">${ctx.t.decisions.history(x.decisions.length)}</p>`
      : ''
  }
  ${x.supportComments.length ? html`<h4>${ctx.t.support.comments}</h4>${x.supportComments.map((c) => html`<blockquote>${paragraphs(c.text)}</blockquote><p class="hint">${c.author}</p>`)}` : ''}
  ${
    x.progress.some((p) => p.marks.length) || x.goalRatings.length
      ? html`<h4>${ctx.t.progress.title}</h4>${list(
          x.progress.filter((p) => p.marks.length),
          (p) =>
            html`<strong>${p.what}</strong>${p.marks.map((m) => html`<br>${progressStatus(ctx, m.status)} — ${formatDateTime(ctx.locale, m.at)}${m.note ? html` — ${m.note}` : ''}`)}`,
        )}${x.goalRatings.length ? html`<p>${ctx.t.progress.goalLegend} ${x.goalRatings.map((r) => ctx.t.progress.goalOfTen(r.score)).join(', ')}</p>` : ''}`
      : ''
  }
</article>`;
  })}`;
}

function stanceLine(ctx: ViewContext, name: string, s: { answer: string; words: string }): string {
  const t = ctx.t.decisions;
  const label = s.answer === 'agree' ? t.agrees(name) : s.answer === 'disagree' ? t.disagrees(name) : t.notAnswered(name);
  return s.words ? `${label} — ${s.words}` : label;
}

function peersSection(ctx: ViewContext, summary: MyDataSummary, when: When): SafeHtml {
  const t = ctx.t.myDataSummary;
  const c = summary.data.consents;
  if (c.links.length === 0 && c.events.length === 0 && c.requests.length === 0) return html`<p>${t.peersNone}</p>`;
  const f = ctx.t.findPeer;
  const outcome = (r: MyDataSummary['data']['consents']['requests'][number]): string => {
    const peer = r.offeredPeer ?? t.peerGone;
    if (r.status === 'offered') return f.statusOffered(peer, r.organisation);
    if (r.status === 'accepted') return f.statusAccepted(peer);
    if (r.status === 'declined') return f.statusDeclined;
    return f.statusOpen(r.organisation);
  };
  return html`${list(c.requests, (r) => html`${t.requestAsked(r.organisation, when(r.askedAt))}:<blockquote>${paragraphs(r.wish)}</blockquote>${outcome(r)}`)}
${list(c.links, (l) => html`${t.linkGiven(l.peer, l.organisation, when(l.consentedAt))}${l.withdrawnAt ? html`, ${t.linkWithdrawn(when(l.withdrawnAt))}` : ''}`)}
${list(c.events, (e) => html`${when(e.at)}: ${t.consentEvent[e.kind] ?? e.kind} (${t.consentWording(e.wordingVersion)})`)}`;
}

function sessionsSection(ctx: ViewContext, summary: MyDataSummary): SafeHtml {
  const t = ctx.t.myDataSummary;
  const sessions = summary.data.peerSessions;
  if (sessions.length === 0) return html`<p>${t.sessionsNone}</p>`;
  return html`<p>${t.sessionsLead}</p>
${list(
  sessions,
  (s) =>
    html`<strong>${formatDay(ctx.locale, s.day)}</strong> — ${ctx.t.kinds[s.kind]}, ${t.minutes(s.durationMinutes)}${s.themes.length ? html`<br>${t.themes}: ${s.themes.map((th) => ctx.t.themes[th]).join(', ')}` : ''}<br><span class="hint">${s.peer ?? t.peerGone}, ${s.organisation}</span>${s.myComment ? html`<br>${ctx.t.aboutMe.yourComment}:<blockquote>${paragraphs(s.myComment.text)}</blockquote>` : ''}`,
)}`;
}

function answersSection(ctx: ViewContext, summary: MyDataSummary, when: When): SafeHtml {
  const t = ctx.t.myDataSummary;
  const answers = summary.data.surveyAnswers;
  const value = (a: (typeof answers)[number]['answers'][number]) =>
    a.label ?? (typeof a.value === 'boolean' ? (a.value ? t.yes : t.no) : Array.isArray(a.value) ? a.value.join(', ') : String(a.value));
  return html`<p>${t.answersLead}</p>
${
  answers.length
    ? answers.map(
        (r) => html`<article class="card">
  <h3>${r.questionnaire.title}</h3>
  <p class="hint">${r.mode === 'pseudonymous' ? t.withCode(r.pseudonym ?? '') : t.withName}${r.submittedAt ? html` · ${when(r.submittedAt)}` : ''}</p>
  <dl class="answers">${r.answers.map((a) => html`<dt>${a.question}</dt><dd>${typeof a.value === 'string' && !a.label ? paragraphs(a.value) : value(a)}</dd>`)}</dl>
</article>`,
      )
    : html`<p>${t.answersNone}</p>`
}`;
}

function logSection(ctx: ViewContext, entries: ExportedLogEntry[], when: When): SafeHtml {
  const t = ctx.t.log;
  const who = (e: ExportedLogEntry) =>
    e.actor === 'self' ? t.you : e.actor === 'link' || e.actor === 'anonymous' ? t.someoneWithLink : e.actor === 'system' ? t.system : (e.actorName ?? '');
  return html`<p>${ctx.t.myDataSummary.logLead}</p>
<div class="table"><table>
  <thead><tr><th scope="col">${t.when}</th><th scope="col">${t.who}</th><th scope="col">${t.what}</th></tr></thead>
  <tbody>${entries.map((e) => html`<tr><td>${when(e.at)}</td><td>${who(e)}</td><td>${t.actions[e.action] ?? t.other}</td></tr>`)}</tbody>
</table></div>`;
}
