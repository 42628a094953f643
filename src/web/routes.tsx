import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { getInitiativeView } from '../services/initiatives.ts';
import { checkDataQuality } from '../services/quality.ts';
import { regionNames } from '../services/regions.ts';
import { search } from '../services/search.ts';
import { getStats } from '../services/stats.ts';
import { dataQualityPage } from './pages/data-quality.tsx';
import { homePage } from './pages/home.tsx';
import { initiativePage } from './pages/initiative.tsx';
import { initiativesPage } from './pages/initiatives.tsx';

/** The server-rendered pages; each route asks a service and hands the result to a page. */
export function pageRoutes(db: Db): Hono {
  const web = new Hono();
  web.get('/', async (c) => c.html(homePage(await getStats(db), await regionNames(db))));
  web.get('/initiatives', async (c) =>
    c.html(initiativesPage(await search(db, c.req.queries()), await regionNames(db))),
  );
  web.get('/initiatives/:slug', async (c) =>
    c.html(initiativePage(await getInitiativeView(db, c.req.param('slug')), await regionNames(db))),
  );
  web.get('/data-quality', async (c) => c.html(dataQualityPage(await checkDataQuality(db))));
  return web;
}
