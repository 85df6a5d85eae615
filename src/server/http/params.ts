import type { RequestContext } from './types.ts';
import { linkOrigin } from '../config.ts';
import { HttpError } from './body.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: string | null | undefined): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A path parameter that must be an id; anything else is a page that does not exist. */
export function idParam(ctx: RequestContext, name = 'id'): string {
  return knownId(ctx.params[name]);
}

/** An id from the path or the query: anything that cannot be one names nothing (404). */
export function knownId(value: string | null | undefined): string {
  if (!isUuid(value)) throw new HttpError(404, 'notFound');
  return value;
}

/** The site's own address for links in e-mails, QR codes and share links. */
/** The origin for links people carry away (share links, QR codes, invitations): see linkOrigin. */
export function publicOrigin(ctx: RequestContext): string {
  return linkOrigin(ctx.deps.config, ctx.headers.host);
}
