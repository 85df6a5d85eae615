import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, formatDay, notice, radioGroup, selectField, textArea, textField, type Errors } from '../components.ts';
import { defaultSaveButton } from '../builder.ts';
import type { ViewContext } from '../view-context.ts';
import type { DecisionRecordView } from '../../services/decisions.ts';
import type { Snapshot } from '../../services/meetings.ts';
import { isDisagreement, type Decision, type DecisionRecord, type Party } from '../../../domain/decisions/record.ts';
import { redLinesTouched } from '../../../domain/decisions/red-lines.ts';
import { sheetParts as sheetPartsOf, type SheetParts } from '../../../domain/decisions/sheet-parts.ts';
import { explainJargon, jargonTerms } from '../../../domain/writing-helper/explain.ts';
import { formatDateTime } from '../../i18n/dates.ts';

// The decision record of a meeting (domain/decisions/record.ts), as a plain form for the party
// writing and as plain words for the citizen reading. Both see the other party's parts beside
// their own; a red line a decision may touch is named under that decision.

/** What the sheet brought that the record answers; nothing when no sheet was brought. */
export function sheetParts(snapshot: Snapshot | null): SheetParts {
  return snapshot ? sheetPartsOf(snapshot.template, snapshot.answers) : { help: [], redLines: [], matters: [] };
}

/** Professional terms found in a text, each with a plain alternative: a suggestion only. After
 * a save, and — with JavaScript — while the professional writes (client/jargon.ts fills the list). */
function jargonHints(ctx: ViewContext, field: string, text: string): SafeHtml {
  const terms = text.trim() ? jargonTerms(text, ctx.locale) : [];
  return html`<div class="helper-hints" role="note" aria-live="polite" data-jargon-for="${field}"${terms.length ? '' : html` hidden`}><p>${ctx.t.shared.jargonFound}</p><ul>${terms.map((h) => html`<li><strong>${h.term}</strong> → ${h.plain}</li>`)}</ul></div>`;
}

/** How the record names the professional: as they signed their part, or plainly "Fagpersonen". */
export function professionalNameOf(ctx: ViewContext, record: { professionalName: string }): string {
  return record.professionalName || ctx.t.decisions.professionalUnnamed;
}

/** A few plain lines for the professional: what a personal statement asks of them, and the four principles. */
export function principles(ctx: ViewContext): SafeHtml {
  const t = ctx.t.decisions;
  return html`<section class="principles" aria-labelledby="principles-title">
<h2 id="principles-title">${t.principlesTitle}</h2>
${t.principlesLead.map((p) => html`<p>${p}</p>`)}
<p>${t.principlesFour}</p>
<ol>${t.principlesList.map((p) => html`<li>${p}</li>`)}</ol>
</section>`;
}

/** A professional's text for the citizen: each professional term explained in place. */
function plainInline(ctx: ViewContext, text: string): SafeHtml {
  return html`${explainJargon(text, ctx.locale).map((p) => (p.plain ? html`<strong>${p.text}</strong> <span class="hint">(${p.plain})</span>` : html`${p.text}`))}`;
}

function plainWords(ctx: ViewContext, text: string): SafeHtml {
  return html`${text
    .split(/\n{2,}/)
    .map((para) => para.trim())
    .filter(Boolean)
    .map((para) => html`<p>${plainInline(ctx, para)}</p>`)}`;
}

function stanceText(ctx: ViewContext, d: Decision, party: Party, name: string): SafeHtml {
  const t = ctx.t.decisions;
  const s = d.stances[party];
  const label = s.answer === 'agree' ? t.agrees(name) : s.answer === 'disagree' ? t.disagrees(name) : t.notAnswered(name);
  return html`<p><strong>${label}</strong></p>${s.words ? html`<blockquote>${paragraphs(s.words)}</blockquote>` : ''}`;
}

function redLineWarnings(ctx: ViewContext, d: Decision, redLines: string[], reader: Reader): SafeHtml {
  const touched = redLinesTouched(redLines, `${d.what} ${d.who}`);
  if (!touched.length) return html``;
  const t = ctx.t.decisions;
  return html`${touched.map((i) => notice(reader === 'citizen' ? t.redLineMine(redLines[i]!) : t.redLineTheirs(redLines[i]!), 'warning', t.redLineTitle))}`;
}

function dates(ctx: ViewContext, d: Decision): string {
  const t = ctx.t.decisions;
  return [d.byWhen ? t.dueBy(formatDay(ctx.locale, d.byWhen)) : '', d.review ? t.reviewOn(formatDay(ctx.locale, d.review)) : ''].filter(Boolean).join(' · ');
}

interface Names {
  citizen: string;
  professional: string;
}

/** Who reads the record: one of its two parties, or someone the citizen brought along to read it
 * (a relative or a bisidder), for whom both parties are named. */
type Reader = Party | 'supporter';

/** The record in plain words, for reading (the citizen's meeting page, a conflict, a support person). */
export function decisionRecordPlain(ctx: ViewContext, view: DecisionRecordView, sheet: SheetParts, reader: Reader, names: Names, level: 3 | 4 = 3): SafeHtml {
  const t = ctx.t.decisions;
  const r = view.record;
  const h = (text: string) => html`<h${level}>${text}</h${level}>`;
  const sub = (text: string) => html`<h${level + 1}>${text}</h${level + 1}>`;
  const empty = !r.heard && !r.knowledge && !r.preferences && !r.options.length && !r.decisions.length;
  return html`<div class="decision-record">
${view.legacyPlan ? html`${h(t.legacyTitle)}<p class="hint">${t.legacyBy(view.legacyPlan.author)}</p>${plainWords(ctx, view.legacyPlan.text)}` : ''}
${empty && !view.legacyPlan ? html`<p>${reader === 'supporter' ? ctx.t.support.planNone : t.none}</p>` : ''}
${r.heard ? html`${h(t.heardTitleReader)}${plainWords(ctx, r.heard)}` : ''}
${r.options.length ? html`${h(t.optionsTitle)}${optionsList(ctx, r, sheet, reader, names, level + 1)}` : ''}
${
  r.preferences || r.knowledge
    ? html`${h(t.mattersTitle)}<div class="side-by-side"><div>${sub(reader === 'citizen' ? t.mattersMine : t.mattersOf(names.citizen))}${paragraphs(r.preferences)}</div><div>${sub(t.knowledgeOf)}${plainWords(ctx, r.knowledge)}</div></div>`
    : ''
}
${
  r.decisions.length
    ? html`${h(t.decidedTitle)}<ol class="decision-list">${r.decisions.map(
        (d) => html`<li class="card">
  <p><strong>${d.what}</strong></p>
  ${d.who || dates(ctx, d) ? html`<p>${d.who}${d.who && dates(ctx, d) ? html`<br>` : ''}${dates(ctx, d)}</p>` : ''}
  ${redLineWarnings(ctx, d, sheet.redLines, reader)}
  <div class="side-by-side">${isDisagreement(d) ? html`<p class="visually-hidden">${t.disagreementKept}</p>` : ''}<div>${stanceText(ctx, d, 'citizen', reader === 'citizen' ? t.you : names.citizen)}</div><div>${stanceText(ctx, d, 'professional', names.professional)}</div></div>
</li>`,
      )}</ol>`
    : ''
}
${history(ctx, view, reader)}
</div>`;
}

function optionsList(ctx: ViewContext, r: DecisionRecord, sheet: SheetParts, reader: Reader, names: Names, level: number): SafeHtml {
  const t = ctx.t.decisions;
  const groups = [...sheet.help.map((text, i) => ({ help: i as number | null, text })), { help: null, text: t.optionOther }];
  return html`${groups.map((g) => {
    const options = r.options.filter((o) => o.help === g.help || (g.help === null && (o.help === null || o.help >= sheet.help.length)));
    if (!options.length) return '';
    return html`<h${level}>${g.text}</h${level}><ul>${options.map(
      (o) =>
        html`<li><strong>${o.title}</strong>${o.involves ? html` — ${reader === 'professional' ? o.involves : plainInline(ctx, o.involves)}` : ''} <span class="hint">(${o.by === reader ? t.byYou : o.by === 'citizen' ? names.citizen : names.professional})</span></li>`,
    )}</ul>`;
  })}`;
}

function history(ctx: ViewContext, view: DecisionRecordView, reader: Reader): SafeHtml {
  if (!view.versions.length) return html``;
  const t = ctx.t.decisions;
  return html`<details class="decision-history"><summary>${t.history(view.versions.length)}</summary><ul>${view.versions.map(
    (v) =>
      html`<li>${formatDateTime(ctx.locale, v.at)}: ${v.by === reader ? t.you : v.name} ${v.by === 'professional' ? html`<span class="hint">(${t.professional})</span>` : ''}</li>`,
  )}</ul></details>`;
}

export interface DecisionFormOptions {
  party: Party;
  action: string;
  view: DecisionRecordView;
  /** What the form shows: the saved record, or the party's draft on top of it. */
  draft?: DecisionRecord;
  sheet: SheetParts;
  names: Names;
  errors?: Errors;
  conflict?: boolean;
}

/** The party's own parts as a plain form; the other party's parts are shown, not editable. */
export function decisionRecordForm(ctx: ViewContext, o: DecisionFormOptions): SafeHtml {
  const t = ctx.t.decisions;
  const r = o.draft ?? o.view.record;
  const errors = o.errors ?? {};
  const mine = o.party;
  const them: Party = mine === 'citizen' ? 'professional' : 'citizen';
  const theirName = them === 'citizen' ? o.names.citizen : o.names.professional;
  const theirOptions = r.options.filter((x) => x.by === them);
  const ownOptions = r.options.filter((x) => x.by === mine);
  const helpChoices = [...o.sheet.help.map((text, i) => ({ value: String(i), label: text })), { value: '', label: t.optionOther }];
  const optionRow = (x: { id: string; help: number | null; title: string; involves: string }, i: number, isNew: boolean) => html`<fieldset class="decision-row">
  <legend>${isNew ? t.newOption : t.optionN(i + 1)}</legend>
  ${x.id ? html`<input type="hidden" name="option.${i}.id" value="${x.id}">` : ''}
  ${o.sheet.help.length ? selectField({ name: `option.${i}.help`, label: t.optionFor, value: x.help === null ? '' : String(x.help), options: helpChoices }) : ''}
  ${textField({ name: `option.${i}.title`, label: t.optionTitle, value: x.title, maxLength: 300, error: errors[`option.${i}.title`] })}
  ${textArea({ name: `option.${i}.involves`, label: t.optionInvolves, value: x.involves, rows: 3, maxLength: 2000, error: errors[`option.${i}.involves`] })}
</fieldset>`;
  const decisionRow = (d: Decision | null, i: number) => {
    const own = !d || d.addedBy === mine;
    const stance = d?.stances[mine] ?? { answer: '', words: '' };
    return html`<fieldset class="decision-row card">
  <legend>${d ? d.what : t.newDecision}</legend>
  ${d ? html`<input type="hidden" name="decision.${i}.id" value="${d.id}">` : ''}
  ${
    own
      ? html`${textArea({ name: `decision.${i}.what`, label: t.decisionWhat, value: d?.what ?? '', rows: 2, maxLength: 1000, error: errors[`decision.${i}.what`], ...(d ? { hint: t.decisionRemoveHint } : {}) })}
  ${textField({ name: `decision.${i}.who`, label: t.decisionWho, value: d?.who ?? '', maxLength: 200, error: errors[`decision.${i}.who`] })}
  ${textField({ name: `decision.${i}.byWhen`, type: 'date', label: t.decisionByWhen, value: d?.byWhen ?? '', error: errors[`decision.${i}.byWhen`], optionalLabel: ctx.t.form.optional })}
  ${textField({ name: `decision.${i}.review`, type: 'date', label: t.decisionReview, value: d?.review ?? '', error: errors[`decision.${i}.review`], optionalLabel: ctx.t.form.optional })}`
      : html`${d!.who || dates(ctx, d!) ? html`<p>${d!.who}${d!.who && dates(ctx, d!) ? html`<br>` : ''}${dates(ctx, d!)}</p>` : ''}<p class="hint">${t.addedBy(theirName)}</p>`
  }
  ${d ? redLineWarnings(ctx, d, o.sheet.redLines, mine) : ''}
  ${d ? stanceText(ctx, d, them, theirName) : ''}
  ${radioGroup({
    name: `decision.${i}.answer`,
    legend: t.yourAnswer,
    inline: true,
    value: stance.answer,
    options: [
      { value: 'agree', label: t.agree },
      { value: 'disagree', label: t.disagree },
    ],
  })}
  ${textArea({ name: `decision.${i}.words`, label: t.yourWords, hint: t.yourWordsHint, value: stance.words, rows: 3, maxLength: 2000, error: errors[`decision.${i}.words`], optionalLabel: ctx.t.form.optional })}
</fieldset>`;
  };
  return html`${o.conflict ? html`${notice(t.conflict, 'warning')}<h2>${t.savedNow}</h2>${decisionRecordPlain(ctx, o.view, o.sheet, mine, o.names)}<h2>${t.yourDraft}</h2>` : ''}
${errorSummary(ctx.t, errors)}
<form method="post" action="${o.action}" novalidate class="decision-form">
  ${csrfField(ctx)}
  ${defaultSaveButton(t.save)}
  <input type="hidden" name="revision" value="${o.view.revision}">
  <h2 id="heard">${mine === 'professional' ? t.heardTitle : t.heardTitleReader}</h2>
  ${
    mine === 'professional'
      ? html`${textArea({ name: 'heard', label: t.heardLabel, hint: t.heardHint, value: r.heard, maxLength: 5000, error: errors.heard })}${jargonHints(ctx, 'heard', r.heard)}`
      : r.heard
        ? plainWords(ctx, r.heard)
        : html`<p>${t.heardNone}</p>`
  }
  <h2 id="options">${t.optionsTitle}</h2>
  <p>${mine === 'professional' ? t.optionsLeadProfessional : theirOptions.length ? t.optionsLeadCitizen : t.optionsLeadCitizenNone}</p>
  ${theirOptions.length ? html`<h3>${t.optionsOf(theirName)}</h3>${optionsList(ctx, { ...r, options: theirOptions }, o.sheet, mine, o.names, 4)}` : ''}
  <h3>${t.optionsYours}</h3>
  ${ownOptions.map((x, i) => optionRow(x, i, false))}
  ${optionRow({ id: '', help: o.sheet.help.length ? 0 : null, title: '', involves: '' }, ownOptions.length, true)}
  <div class="button-row"><button type="submit" class="button button--secondary" name="action" value="addOption">${t.saveAddOption}</button></div>
  <h2 id="matters">${t.mattersTitle}</h2>
  <div class="side-by-side">
    <div><h3>${mine === 'citizen' ? t.mattersMine : t.mattersOf(o.names.citizen)}</h3>
      ${o.sheet.matters.length ? html`<p class="hint">${t.fromSheet}</p><ul>${o.sheet.matters.map((m) => html`<li>${m}</li>`)}</ul>` : ''}
      ${mine === 'citizen' ? textArea({ name: 'preferences', label: t.preferencesLabel, hint: t.preferencesHint, value: r.preferences, rows: 4, maxLength: 5000, error: errors.preferences }) : r.preferences ? paragraphs(r.preferences) : ''}
    </div>
    <div><h3>${mine === 'professional' ? t.knowledgeMine : t.knowledgeOf}</h3>
      ${
        mine === 'professional'
          ? html`${textArea({ name: 'knowledge', label: t.knowledgeLabel, hint: t.knowledgeHint, value: r.knowledge, rows: 4, maxLength: 5000, error: errors.knowledge })}${jargonHints(ctx, 'knowledge', r.knowledge)}`
          : r.knowledge
            ? plainWords(ctx, r.knowledge)
            : html`<p>${t.knowledgeNone}</p>`
      }
    </div>
  </div>
  <h2 id="decided">${t.decidedTitle}</h2>
  <p>${t.decidedLead}</p>
  ${r.decisions.map((d, i) => decisionRow(d, i))}
  ${decisionRow(null, r.decisions.length)}
  <div class="button-row"><button type="submit" class="button button--secondary" name="action" value="addDecision">${t.saveAddDecision}</button></div>
  ${mine === 'professional' ? textField({ name: 'name', label: t.nameLabel, value: r.professionalName, maxLength: 100, error: errors.name }) : ''}
  <div class="button-row"><button type="submit" class="button" name="action" value="save">${t.save}</button></div>
</form>
${history(ctx, o.view, mine)}`;
}

/** The citizen's page for writing their parts of a meeting's decision record. */
export function citizenDecisionsPage(
  ctx: ViewContext,
  o: {
    meetingId: string;
    when: string;
    view: DecisionRecordView;
    sheet: SheetParts;
    names: Names;
    draft?: DecisionRecord;
    errors?: Errors;
    conflict?: boolean;
    saved?: boolean;
  },
): SafeHtml {
  const t = ctx.t.decisions;
  return page(ctx, {
    title: t.citizenTitle,
    body: html`<p><a href="/meetings/${o.meetingId}#after">${ctx.t.meetings.meetingOn(o.when)}</a></p>
<h1>${t.citizenTitle}</h1>
${o.saved ? notice(t.saved, 'success') : ''}
<p>${t.citizenLead}</p>
${decisionRecordForm(ctx, { party: 'citizen', action: `/meetings/${o.meetingId}/decisions`, view: o.view, sheet: o.sheet, names: o.names, ...(o.draft ? { draft: o.draft } : {}), ...(o.errors ? { errors: o.errors } : {}), ...(o.conflict ? { conflict: true } : {}) })}`,
  });
}
