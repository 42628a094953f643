import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { getBarrierView } from '../services/barriers.ts';
import {
  getRecommendation,
  recommendationCatalogue,
  recommendationsForBarrier,
  recommendationsForRegion,
} from '../services/recommendations.ts';
import { getRegionView, regionNames } from '../services/regions.ts';
import { localPlaceNames } from '../web/i18n.ts';
import { recommendationPage, recommendationsPage } from '../web/pages/recommendations.tsx';

/** A region's view with what is recommended for it, for its page's "What is recommended". */
export async function regionViewWithRecommendations(db: Db, code: string) {
  const [view, recommended] = await Promise.all([
    getRegionView(db, code),
    recommendationsForRegion(db, code),
  ]);
  return { ...view, recommended };
}

type BarrierViewOptions =
  Parameters<typeof getBarrierView> extends [Db, string, ...infer R] ? R : never;

/** A barrier's view (with getBarrierView's options) and the recommendations addressing it. */
export async function barrierViewWithRecommendations(
  db: Db,
  code: string,
  ...options: BarrierViewOptions
) {
  const [view, recommended] = await Promise.all([
    getBarrierView(db, code, ...options),
    recommendationsForBarrier(db, code),
  ]);
  return { ...view, recommended };
}

/** The pages /recommendations (filters by source, barrier, stakeholder group) and /recommendations/{slug}. */
export function recommendationPages(db: Db): Hono {
  const web = new Hono();
  const names = async () => localPlaceNames(await regionNames(db));
  web.get('/recommendations', async (c) =>
    c.html(recommendationsPage(await recommendationCatalogue(db, c.req.queries()), await names())),
  );
  web.get('/recommendations/:slug', async (c) => {
    const [view, places] = await Promise.all([getRecommendation(db, c.req.param('slug')), names()]);
    return c.html(recommendationPage(view, places));
  });
  return web;
}
