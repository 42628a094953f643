import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { getRecommendation, recommendationCatalogue } from '../services/recommendations.ts';
import { regionNames } from '../services/regions.ts';
import { localPlaceNames } from '../web/i18n.ts';
import { recommendationPage, recommendationsPage } from '../web/pages/recommendations.tsx';

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
