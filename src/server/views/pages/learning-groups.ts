import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, formatDay, notice, radioGroup, textArea, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { GroupPage, GroupReflection, GroupSummary } from '../../services/learning-groups.ts';
import { GROUP_ADMISSIONS, LEARNING_LIMITS } from '../../../domain/peer/learning.ts';
import { formatWhen } from './meetings.ts';

export interface GroupFormValues {
  name: string;
  purpose: string;
  admission: string;
}

function groupCard(ctx: ViewContext, g: GroupSummary): SafeHtml {
  const t = ctx.t.learning;
  const action =
    g.place === 'member' || g.place === 'host'
      ? html`<p><a href="/groups/${g.id}">${t.open}</a></p>`
      : g.place === 'asked'
        ? html`<p>${t.asked}</p><form method="post" action="/groups/${g.id}/leave">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.withdraw}</button></form>`
        : html`<form method="post" action="/groups/${g.id}/join">${csrfField(ctx)}<button type="submit" class="button button--secondary">${g.admission === 'open' ? t.join : t.ask}</button></form>`;
  const title = g.place === 'member' || g.place === 'host' ? html`<a href="/groups/${g.id}">${g.name}</a>` : g.name;
  return html`<li class="card"><h3 class="card__title">${title}</h3>
${g.purpose ? paragraphs(g.purpose) : ''}
<p class="hint">${t.members(g.members)} · ${t.admission[g.admission]}${g.place === 'host' ? html` · ${t.host}` : ''}</p>
${action}</li>`;
}

export function learningGroupsPage(ctx: ViewContext, o: { groups: GroupSummary[]; errors?: Errors; values?: GroupFormValues; info?: string }): SafeHtml {
  const t = ctx.t.learning;
  const v = o.values ?? { name: '', purpose: '', admission: '' };
  const mine = o.groups.filter((g) => g.place === 'member' || g.place === 'host');
  const others = o.groups.filter((g) => g.place === 'none' || g.place === 'asked');
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, o.errors ?? {}, ['name', 'purpose', 'admission'])}
<p>${t.lead}</p>
<p>${t.onlyMembers}</p>
<h2>${t.mine}</h2>
${mine.length ? html`<ul class="card-list">${mine.map((g) => groupCard(ctx, g))}</ul>` : html`<p>${t.mineNone}</p>`}
<h2>${t.others}</h2>
${others.length ? html`<ul class="card-list">${others.map((g) => groupCard(ctx, g))}</ul>` : html`<p>${t.othersNone}</p>`}
<h2>${t.newTitle}</h2>
<form method="post" action="/groups" novalidate>
  ${csrfField(ctx)}
  ${textField({ name: 'name', label: t.name, maxLength: LEARNING_LIMITS.name, value: v.name, error: o.errors?.name })}
  ${textArea({ name: 'purpose', label: t.purpose, hint: t.purposeHint, rows: 3, maxLength: LEARNING_LIMITS.purpose, value: v.purpose, error: o.errors?.purpose, optionalLabel: ctx.t.form.optional })}
  ${radioGroup({
    name: 'admission',
    legend: t.admissionLegend,
    idPrefix: 'admission',
    value: v.admission,
    error: o.errors?.admission,
    options: GROUP_ADMISSIONS.map((a) => ({ value: a, label: t.admission[a]!, hint: a === 'open' ? t.admissionHintOpen : t.admissionHintRequest })),
  })}
  <button type="submit" class="button">${t.create}</button>
</form>`,
  });
}

function reflectionBlock(ctx: ViewContext, groupId: string, r: GroupReflection, o: { errors: Errors; replyValues: Record<string, string> }): SafeHtml {
  const t = ctx.t.learning;
  const rt = ctx.t.reflections;
  const tie = [r.roundTitle ? `${t.round}: ${r.roundTitle}` : '', r.phase ? `${t.phase}: ${t.phases[r.phase]}` : ''].filter(Boolean).join(' · ');
  const errorKey = `reply-${r.id}`;
  const error = o.errors[errorKey];
  return html`<li class="card"><article>
<h3 class="card__title">${formatDay(ctx.locale, r.writtenOn)} — ${t.by(r.authorName)}</h3>
${tie ? html`<p class="hint">${tie}</p>` : ''}
${r.tried ? html`<h4>${rt.tried}</h4>${paragraphs(r.tried)}` : ''}
${r.happened ? html`<h4>${rt.happened}</h4>${paragraphs(r.happened)}` : ''}
${r.learned ? html`<h4>${rt.learned}</h4>${paragraphs(r.learned)}` : ''}
<h4>${t.replies}</h4>
${
  r.replies.length
    ? html`<ul class="card-list">${r.replies.map(
        (x) =>
          html`<li class="card"><p class="hint">${x.authorName} · ${formatWhen(ctx, x.createdAt)}</p>${paragraphs(x.text)}${
            x.mine
              ? html`<form method="post" action="/groups/${groupId}/replies/${x.id}/delete">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.deleteReply}</button></form>`
              : ''
          }</li>`,
      )}</ul>`
    : ''
}
<form method="post" action="/groups/${groupId}/reflections/${r.id}/replies" novalidate>
  ${csrfField(ctx)}
  <div class="field${error ? ' field--error' : ''}">
    <label for="field-${errorKey}">${t.reply}</label>
    <p class="hint" id="hint-${errorKey}">${t.replyHint}</p>
    ${error ? html`<p class="error-message" id="error-${errorKey}">${error}</p>` : ''}
    <textarea id="field-${errorKey}" name="text" rows="3" maxlength="${LEARNING_LIMITS.reply}" data-max="${LEARNING_LIMITS.reply}" aria-describedby="hint-${errorKey}${error ? ` error-${errorKey}` : ''}"${error ? html` aria-invalid="true"` : ''}>${o.replyValues[r.id] ?? ''}</textarea>
  </div>
  <button type="submit" class="button">${t.replyButton}</button>
</form>
</article></li>`;
}

export function learningGroupPage(ctx: ViewContext, o: GroupPage & { errors?: Errors; replyValues?: Record<string, string>; info?: string }): SafeHtml {
  const t = ctx.t.learning;
  const g = o.group;
  const errors = o.errors ?? {};
  return page(ctx, {
    title: g.name,
    body: html`<p><a href="/groups">${t.back}</a></p>
<h1>${g.name}</h1>
${o.info ? notice(o.info, 'success') : ''}
${errorSummary(ctx.t, errors)}
${g.purpose ? paragraphs(g.purpose) : ''}
<p class="hint">${t.admission[g.admission]} · ${t.onlyMembers}</p>
${o.canReflect ? html`<p><a class="button" href="/peer/reflections">${t.shareHere}</a></p>` : ''}
<h2>${t.reflectionsTitle}</h2>
${
  o.reflections.length
    ? html`<ul class="card-list">${o.reflections.map((r) => reflectionBlock(ctx, g.id, r, { errors, replyValues: o.replyValues ?? {} }))}</ul>`
    : html`<p>${t.reflectionsNone}</p>`
}
${
  o.requests.length
    ? html`<h2>${t.requestsTitle}</h2><ul class="card-list">${o.requests.map(
        (m) => html`<li class="card"><p><strong>${m.name}</strong>${m.organisationNames ? html` · ${m.organisationNames}` : ''}</p>
<div class="button-row"><form method="post" action="/groups/${g.id}/members/${m.userId}/admit">${csrfField(ctx)}<button type="submit" class="button">${t.admit(m.name)}</button></form>
<form method="post" action="/groups/${g.id}/members/${m.userId}/remove">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.decline(m.name)}</button></form></div></li>`,
      )}</ul>`
    : ''
}
<h2>${t.membersTitle}</h2>
<ul class="card-list">${o.members.map(
      (m) =>
        html`<li class="card"><p><strong>${m.name}</strong>${m.host ? html` (${t.host})` : ''}${m.organisationNames ? html` · ${m.organisationNames}` : ''}</p>${
          o.isHost && !m.host
            ? html`<form method="post" action="/groups/${g.id}/members/${m.userId}/remove">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.remove(m.name)}</button></form>`
            : ''
        }</li>`,
    )}</ul>
<h2>${t.leave}</h2>
<p>${t.leaveHint}</p>
<form method="post" action="/groups/${g.id}/leave">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.leave}</button></form>`,
  });
}
