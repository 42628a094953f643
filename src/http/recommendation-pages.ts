import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { recommendationLinkedData } from '../services/linked-data.ts';
import { getRecommendation, recommendationCatalogue } from '../services/recommendations.ts';
import { regionNames } from '../services/regions.ts';
import { localPlaceNames } from '../web/i18n.ts';
import { recommendationPage, recommendationsPage } from '../web/pages/recommendations.tsx';
import { prefersJsonLd } from './linked-data.ts';
import { type OriginOptions, siteOrigin } from './origin.ts';

/**
 * The pages /recommendations (filters by source, barrier, stakeholder group) and
 * /recommendations/{slug}, whose JSON-LD the page embeds and answers to a client that prefers
 * application/ld+json (both vary by Accept). `options` name the origin of the identifiers
 * (PUBLIC_URL, trusted hosts), as for the other records' pages.
 */
export function recommendationPages(db: Db, options: OriginOptions = {}): Hono {
  const web = new Hono();
  const names = async () => localPlaceNames(await regionNames(db));
  web.get('/recommendations', async (c) =>
    c.html(recommendationsPage(await recommendationCatalogue(db, c.req.queries()), await names())),
  );
  web.get('/recommendations/:slug', async (c) => {
    const [view, places] = await Promise.all([
      getRecommendation(db, c.req.param('slug')),
      regionNames(db),
    ]);
    const ld = await recommendationLinkedData(db, siteOrigin(c.req.url, options), view, places);
    c.header('Vary', 'Accept', { append: true });
    if (prefersJsonLd(c.req.header('accept')))
      return c.body(JSON.stringify(ld), 200, {
        'Content-Type': 'application/ld+json; charset=utf-8',
      });
    return c.html(recommendationPage(view, localPlaceNames(places), ld));
  });
  return web;
}
