import type { RequestContext, Route } from '../http/types.ts';
import { redirect } from '../http/app.ts';
import type { Errors } from '../views/components.ts';
import { myDirectoryEntry, removeDirectoryEntry, saveDirectoryEntry, searchDirectory, type DirectoryValues } from '../services/directory.ts';
import { directoryPage, type DirectoryPageOptions } from '../views/pages/directory.ts';
import { hasRole } from '../policy/legacy.ts';

function peerOrganisations(ctx: RequestContext): { id: string; name: string }[] {
  if (ctx.actor.kind !== 'user') return [];
  return ctx.actor.memberships.filter((m) => m.role === 'peer').map((m) => ({ id: m.organisationId, name: m.organisationName }));
}

async function render(ctx: RequestContext, status: number, own?: { values: DirectoryValues; errors: Errors }) {
  const query = (ctx.url.searchParams.get('q') ?? '').slice(0, 200);
  const entries = await searchDirectory(ctx.deps, ctx.actor, query);
  const t = ctx.t.directory;
  const infoKey = ctx.url.searchParams.get('info');
  const info = infoKey === 'joined' ? t.joined : infoKey === 'updated' ? t.updated : infoKey === 'left' ? t.left : undefined;
  const options: DirectoryPageOptions = { query, entries, ...(info ? { info } : {}) };
  if (ctx.actor.kind === 'user' && hasRole(ctx.actor, 'peer')) {
    options.own = { entry: await myDirectoryEntry(ctx.deps, ctx.actor), organisations: peerOrganisations(ctx), ...(own ?? {}) };
  }
  return { status, body: directoryPage(ctx, options) };
}

export const directoryRoutes: Route[] = [
  { method: 'GET', path: '/directory', permission: 'staff', handler: (ctx) => render(ctx, 200) },
  {
    method: 'POST',
    path: '/directory/entry',
    permission: 'peer',
    handler: async (ctx) => {
      const form = await ctx.form();
      const values: DirectoryValues = { organisationId: form.string('organisationId'), helpText: form.string('helpText'), contact: form.string('contact') };
      const before = await myDirectoryEntry(ctx.deps, ctx.actor);
      const result = await saveDirectoryEntry(ctx.deps, ctx.actor, values);
      if (!result.ok) {
        const errors: Errors = {};
        for (const key of Object.values(result.errors)) errors[key] = ctx.t.directory.errors[key];
        return render(ctx, 400, { values, errors });
      }
      return redirect(`/directory?info=${before ? 'updated' : 'joined'}`);
    },
  },
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
