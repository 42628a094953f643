import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { getBarrierOverview, getBarrierView } from '../services/barriers.ts';
import { compareRegions, regionSummaries } from '../services/compare.ts';
import { getGoodPractice, goodPracticeCatalogue } from '../services/good-practices.ts';
import { getHomeView, listSourceDocuments } from '../services/home.ts';
import { getInitiativeView } from '../services/initiatives.ts';
import { checkDataQuality } from '../services/quality.ts';
import { getRegionView, regionNames } from '../services/regions.ts';
import { search } from '../services/search.ts';
import { aboutPage } from './pages/about.tsx';
import { barrierPage, barriersPage } from './pages/barriers.tsx';
import { comparePage } from './pages/compare.tsx';
import { dataQualityPage } from './pages/data-quality.tsx';
import { goodPracticePage, goodPracticesPage } from './pages/good-practices.tsx';
import { homePage } from './pages/home.tsx';
import { initiativePage } from './pages/initiative.tsx';
import { initiativesPage } from './pages/initiatives.tsx';
import { regionPage, regionsPage } from './pages/regions.tsx';

/** The server-rendered pages; each route asks a service and hands the result to a page. */
export function pageRoutes(db: Db): Hono {
  const web = new Hono();
  const names = () => regionNames(db);
  web.get('/', async (c) => c.html(homePage(await getHomeView(db), await names())));
  web.get('/initiatives', async (c) =>
    c.html(initiativesPage(await search(db, c.req.queries()), await names())),
  );
  web.get('/initiatives/:slug', async (c) =>
    c.html(initiativePage(await getInitiativeView(db, c.req.param('slug')), await names())),
  );
  web.get('/regions', async (c) => c.html(regionsPage(await regionSummaries(db))));
  web.get('/regions/:code', async (c) =>
    c.html(regionPage(await getRegionView(db, c.req.param('code')), await names())),
  );
  web.get('/barriers', async (c) =>
    c.html(barriersPage(await getBarrierOverview(db), await names())),
  );
  web.get('/barriers/:code', async (c) =>
    c.html(barrierPage(await getBarrierView(db, c.req.param('code')), await names())),
  );
  web.get('/good-practices', async (c) =>
    c.html(goodPracticesPage(await goodPracticeCatalogue(db, c.req.queries()), await names())),
  );
  web.get('/good-practices/:slug', async (c) =>
    c.html(goodPracticePage(await getGoodPractice(db, c.req.param('slug')), await names())),
  );
  web.get('/compare', async (c) => c.html(comparePage(await compareRegions(db, c.req.queries()))));
  web.get('/data-quality', async (c) => c.html(dataQualityPage(await checkDataQuality(db))));
  web.get('/about', async (c) => c.html(aboutPage(await listSourceDocuments(db))));
  return web;
}
