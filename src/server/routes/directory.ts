import { z } from 'zod';
import { route, type RequestContext, type Route } from '../http/types.ts';
import { redirect } from '../http/app.ts';
import { formInput, type InputFailure } from '../http/input.ts';
import type { Errors } from '../views/components.ts';
import { directoryOverview, removeDirectoryEntry, saveDirectoryEntry, type DirectoryValues } from '../services/directory.ts';
import { DIRECTORY_LIMITS } from '../../domain/events/directory-search.ts';
import { directoryPage } from '../views/pages/directory.ts';

async function render(ctx: RequestContext, status: number, own?: { values: DirectoryValues; errors: Errors }) {
  const query = (ctx.url.searchParams.get('q') ?? '').slice(0, 200);
  const { entries, own: mine } = await directoryOverview(ctx.deps, ctx.actor, query);
  const t = ctx.t.directory;
  const infoKey = ctx.url.searchParams.get('info');
  const info = infoKey === 'joined' ? t.joined : infoKey === 'updated' ? t.updated : infoKey === 'left' ? t.left : undefined;
  return { status, body: directoryPage(ctx, { query, entries, ...(mine ? { own: { ...mine, ...own } } : {}), ...(info ? { info } : {}) }) };
}

function text(max: number, message: string) {
  return z.string().default('').pipe(z.string().trim().min(1, message).max(max, message));
}

const entryForm = z.object({
  organisationId: z.string().default(''),
  helpText: text(DIRECTORY_LIMITS.helpText, 'directory.errors.helpText'),
  contact: text(DIRECTORY_LIMITS.contact, 'directory.errors.contact'),
});

function valuesOf(failure: InputFailure): DirectoryValues {
  const one = (name: string) => {
    const v = failure.values[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  return { organisationId: one('organisationId'), helpText: one('helpText'), contact: one('contact') };
}

export const directoryRoutes: Route[] = [
  { method: 'GET', path: '/directory', permission: 'staff', handler: (ctx) => render(ctx, 200) },
  route({
    method: 'POST',
    path: '/directory/entry',
    permission: 'peer',
    input: formInput(entryForm),
    invalid: (ctx, failure) => render(ctx, 400, { values: valuesOf(failure), errors: failure.errors }),
    handler: async (ctx) => {
      const result = await saveDirectoryEntry(ctx.deps, ctx.actor, ctx.input);
      if (!result.ok) return render(ctx, 400, { values: ctx.input, errors: { organisationId: ctx.t.directory.errors.organisationId } });
      return redirect(`/directory?info=${result.joined ? 'joined' : 'updated'}`);
    },
  }),
  {
    method: 'POST',
    path: '/directory/entry/delete',
    permission: 'peer',
    handler: async (ctx) => {
      await removeDirectoryEntry(ctx.deps, ctx.actor);
      return redirect('/directory?info=left');
    },
  },
];
