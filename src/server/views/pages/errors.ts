import { html, type SafeHtml } from '../html.ts';
import { page } from '../layout.ts';
import { typedTexts } from '../components.ts';
import type { ViewContext } from '../view-context.ts';

export type ErrorKey = 'badRequest' | 'tooLarge' | 'unsupported' | 'notFound' | 'forbidden' | 'conflict' | 'tooMany' | 'methodNotAllowed' | 'server' | 'gone';

/** `typed`: what the person sent in a form that failed on our side, shown back so that it is
 * not lost (the message promises it). */
export function errorPage(ctx: ViewContext, key: ErrorKey, message?: string, typed: readonly string[] = []): SafeHtml {
  const e = ctx.t.errors;
  const texts: Record<ErrorKey, [string, string]> = {
    badRequest: [e.badRequestTitle, e.badRequest],
    unsupported: [e.badRequestTitle, e.badRequest],
    tooLarge: [e.tooLargeTitle, e.tooLarge],
    notFound: [e.notFoundTitle, e.notFound],
    forbidden: [e.forbiddenTitle, e.forbidden],
    conflict: [e.conflictTitle, e.conflict],
    tooMany: [e.tooManyTitle, ctx.t.rateLimited],
    methodNotAllowed: [e.methodNotAllowedTitle, e.methodNotAllowed],
    server: [e.serverTitle, e.server],
    gone: [e.goneTitle, e.gone],
  };
  const [title, text] = texts[key];
  return page(ctx, {
    title,
    body: html`<h1>${title}</h1><p>${message ?? text}</p>${typed.length ? html`<p>${e.typedCopy}</p>${typedTexts(typed)}` : ''}<p><a href="/">${e.goHome}</a></p>`,
  });
}
