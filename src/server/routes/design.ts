import type { Route } from '../http/types.ts';
import { designPage } from '../views/pages/design.ts';

export const designRoutes: Route[] = [
  {
    method: 'GET',
    path: '/design',
    permission: 'public',
    // For the people who build the product, not for search engines.
    handler: async (ctx) => ({ status: 200, headers: { 'x-robots-tag': 'noindex, nofollow' }, body: designPage(ctx) }),
  },
];
