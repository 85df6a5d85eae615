import { html, paragraphs, type SafeHtml } from '../html.ts';
import { csrfField, page } from '../layout.ts';
import { errorSummary, notice, selectField, textArea, textField, type Errors } from '../components.ts';
import type { ViewContext } from '../view-context.ts';
import type { DirectoryEntry, DirectoryValues, MyDirectoryEntry } from '../../services/directory.ts';
import { DIRECTORY_LIMITS } from '../../../domain/events/directory-search.ts';

interface DirectoryPageOptions {
  query: string;
  entries: DirectoryEntry[];
  /** Present for peers: their own entry (null when not in the directory) and where they are a peer. */
  own?: { entry: MyDirectoryEntry | null; organisations: { id: string; name: string }[]; values?: DirectoryValues; errors?: Errors };
  info?: string;
}

function ownBlock(ctx: ViewContext, own: NonNullable<DirectoryPageOptions['own']>): SafeHtml {
  const t = ctx.t.directory;
  const v: DirectoryValues = own.values ?? {
    organisationId: own.entry?.organisationId ?? own.organisations[0]?.id ?? '',
    helpText: own.entry?.helpText ?? '',
    contact: own.entry?.contact ?? '',
  };
  const e = own.errors ?? {};
  return html`<section aria-labelledby="mine-title">
<h2 id="mine-title">${t.mine}</h2>
<p>${t.mineLead}</p>
<p><strong>${own.entry ? t.isIn : t.notIn}</strong></p>
${errorSummary(ctx.t, e, ['organisationId', 'helpText', 'contact'])}
<form method="post" action="/directory/entry" novalidate>
  ${csrfField(ctx)}
  ${
    own.organisations.length > 1
      ? selectField({
          name: 'organisationId',
          label: t.organisation,
          options: own.organisations.map((o) => ({ value: o.id, label: o.name })),
          value: v.organisationId,
          ...(e.organisationId ? { error: e.organisationId } : {}),
        })
      : html`<input type="hidden" name="organisationId" value="${v.organisationId}">`
  }
  ${textArea({ name: 'helpText', label: t.helpText, hint: t.helpTextHint, value: v.helpText, error: e.helpText, maxLength: DIRECTORY_LIMITS.helpText, rows: 4 })}
  ${textArea({ name: 'contact', label: t.contact, hint: t.contactHint, value: v.contact, error: e.contact, maxLength: DIRECTORY_LIMITS.contact, rows: 3 })}
  <button type="submit" class="button">${own.entry ? t.update : t.join}</button>
</form>
${
  own.entry
    ? html`<form method="post" action="/directory/entry/delete">${csrfField(ctx)}<button type="submit" class="button button--secondary">${t.leave}</button></form>`
    : ''
}
</section>`;
}

export function directoryPage(ctx: ViewContext, o: DirectoryPageOptions): SafeHtml {
  const t = ctx.t.directory;
  return page(ctx, {
    title: t.title,
    body: html`<h1>${t.title}</h1>
${o.info ? notice(o.info, 'success') : ''}
<p class="lead">${t.lead}</p>
<form method="get" action="/directory" role="search">
  ${textField({ name: 'q', label: t.searchLabel, type: 'text', value: o.query, maxLength: 200 })}
  <button type="submit" class="button button--secondary">${t.searchButton}</button>
</form>
${o.query ? html`<p role="status">${t.results(o.entries.length)}</p>` : ''}
${
  o.entries.length
    ? html`<ul class="card-list">${o.entries.map(
        (e) => html`<li class="card"><h2 class="card__title">${e.name}</h2>
<p class="hint">${e.organisationName}${e.siteName ? html` · ${e.siteName}` : ''}</p>
<h3>${t.helpsWith}</h3>${paragraphs(e.helpText)}
<h3>${t.reach}</h3>${paragraphs(e.contact)}</li>`,
      )}</ul>`
    : html`<p>${o.query ? t.none : t.empty}</p>`
}
${o.own ? ownBlock(ctx, o.own) : ''}`,
  });
}
