import { type Context, Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import type { JsonLd } from '../domain/open-data.ts';
import {
  barrierJsonLd,
  codebookJsonLd,
  goodPracticeJsonLd,
  initiativeJsonLd,
  regionJsonLd,
} from '../io/linked-data.ts';
import { getBarrierOverview, getBarrierView } from '../services/barriers.ts';
import { compareRegions, regionSummaries } from '../services/compare.ts';
import { oncePerVersion } from '../services/data-version.ts';
import { listWorkshopNotes } from '../services/engagement.ts';
import { getGoodPractice, goodPracticeCatalogue } from '../services/good-practices.ts';
import { dataQualityJob, readFindings, settleWithin } from '../services/heavy-requests.ts';
import type { HeavyWork } from '../services/heavy-work.ts';
import { getHomeView, listSourceDocuments } from '../services/home.ts';
import { getInitiativeView, initiativeProvenance } from '../services/initiatives.ts';
import { evidenceKind, getBarriersByStakeholder, getPrevalence } from '../services/prevalence.ts';
import { getRegionView, regionNames } from '../services/regions.ts';
import { search } from '../services/search.ts';
import { getSimilarity, listTwinningPlaces, twinningForQuery } from '../services/twinning.ts';
import { localPlaceNames } from '../web/i18n.ts';
import { aboutPage } from '../web/pages/about.tsx';
import { barrierPage, barriersPage } from '../web/pages/barriers.tsx';
import { comparePage } from '../web/pages/compare.tsx';
import { dataQualityPage } from '../web/pages/data-quality.tsx';
import { goodPracticePage, goodPracticesPage } from '../web/pages/good-practices.tsx';
import { homePage } from '../web/pages/home.tsx';
import { initiativePage } from '../web/pages/initiative.tsx';
import { initiativesPage } from '../web/pages/initiatives.tsx';
import { prevalencePage } from '../web/pages/prevalence.tsx';
import { regionPage, regionsPage } from '../web/pages/regions.tsx';
import { twinningPage } from '../web/pages/twinning.tsx';
import { acceptedResponse } from './heavy.ts';
import { prefersJsonLd } from './linked-data.ts';
import { requestLocation, siteOrigin } from './origin.ts';

/** Options of the pages. */
export interface PageOptions {
  /** The public origin of linked data's identifiers (config PUBLIC_URL); the request's by default. */
  readonly publicUrl?: string;
  /** Hosts whose requests may name the origin when PUBLIC_URL is not set (config TRUSTED_HOSTS). */
  readonly trustedHosts?: readonly string[];
  /** The pool that runs the data-quality check off the request thread, cached per data version. */
  readonly heavy: HeavyWork;
  /** How long a request waits for the check before a 202 with a status link; 2 s by default. */
  readonly heavyWaitMs?: number;
  /** The sources' plain texts the check reads (config SOURCE_TEXTS_DIR), where present. */
  readonly sourceTextsDir?: string;
}

/**
 * A record's page, or its JSON-LD for a client that prefers application/ld+json: the same
 * document the page embeds. Both vary by Accept.
 */
function recordResponse(c: Context, jsonLd: JsonLd, page: () => ReturnType<Context['html']>) {
  c.header('Vary', 'Accept', { append: true });
  if (!prefersJsonLd(c.req.header('accept'))) return page();
  return c.body(JSON.stringify(jsonLd), 200, {
    'Content-Type': 'application/ld+json; charset=utf-8',
  });
}

/**
 * A record's view with the place names, read once: as the records spell them (for the linked
 * data, the same in every language) and in the reader's language (for the page).
 */
async function withPlaceNames<T>(db: Db, load: Promise<T>) {
  const [view, places] = await Promise.all([load, regionNames(db)]);
  return { view, places, local: localPlaceNames(places) };
}

/** The server-rendered pages; each route asks a service and hands the result to a page. */
export function pageRoutes(db: Db, options: PageOptions): Hono {
  const web = new Hono();
  // Place names in the reader's language (countries through CLDR; NUTS regions keep their own);
  // the linked data keeps the records' own names, the same whatever the page's language.
  const names = async () => localPlaceNames(await regionNames(db));
  const origin = (c: Context) => siteOrigin(c.req.url, options);
  web.get('/', async (c) =>
    c.html(homePage(await oncePerVersion(db, 'home', () => getHomeView(db)), await names())),
  );
  web.get('/initiatives', async (c) => {
    const [result, places, provenance] = await Promise.all([
      search(db, c.req.queries()),
      names(),
      initiativeProvenance(db),
    ]);
    const view = c.req.query('view') === 'cards' ? 'cards' : 'list';
    return c.html(initiativesPage(result, places, provenance, view));
  });
  web.get('/initiatives/:slug', async (c) => {
    const r = await withPlaceNames(db, getInitiativeView(db, c.req.param('slug')));
    const ld = initiativeJsonLd(origin(c), r.view, r.places);
    return recordResponse(c, ld, () => c.html(initiativePage(r.view, r.local, ld)));
  });
  web.get('/regions', async (c) => {
    const [summaries, notes] = await Promise.all([regionSummaries(db), listWorkshopNotes(db)]);
    return c.html(regionsPage(summaries, notes));
  });
  web.get('/regions/:code', async (c) => {
    const view = await getRegionView(db, c.req.param('code'));
    const ld = regionJsonLd(origin(c), view.region, view.report?.overview ?? undefined);
    return recordResponse(c, ld, () => c.html(regionPage(view, ld)));
  });
  web.get('/barriers', async (c) => {
    const [overview, places] = await Promise.all([getBarrierOverview(db), names()]);
    const ld = codebookJsonLd(origin(c), overview.categories);
    return recordResponse(c, ld, () => c.html(barriersPage(overview, places, ld)));
  });
  web.get('/barriers/prevalence', async (c) => {
    const kind = evidenceKind(c.req.query('evidence'));
    const [p, byStakeholder] = await Promise.all([
      getPrevalence(db, kind),
      getBarriersByStakeholder(db),
    ]);
    return c.html(await prevalencePage(p, byStakeholder));
  });
  web.get('/barriers/:code', async (c) => {
    const [view, places] = await Promise.all([getBarrierView(db, c.req.param('code')), names()]);
    const ld = barrierJsonLd(origin(c), view);
    return recordResponse(c, ld, () => c.html(barrierPage(view, places, ld)));
  });
  web.get('/good-practices', async (c) =>
    c.html(goodPracticesPage(await goodPracticeCatalogue(db, c.req.queries()), await names())),
  );
  web.get('/good-practices/:slug', async (c) => {
    const r = await withPlaceNames(db, getGoodPractice(db, c.req.param('slug')));
    const ld = goodPracticeJsonLd(origin(c), r.view, r.places);
    return recordResponse(c, ld, () => c.html(goodPracticePage(r.view, r.local, ld)));
  });
  web.get('/compare', async (c) => c.html(comparePage(await compareRegions(db, c.req.queries()))));
  web.get('/twinning', async (c) => {
    const q = c.req.queries();
    const [view, regions, similarity] = await Promise.all([
      twinningForQuery(db, q),
      listTwinningPlaces(db),
      getSimilarity(db),
    ]);
    const picked = { barriers: new Set(q.barrier ?? []), themes: new Set(q.theme ?? []) };
    return c.html(twinningPage({ view, regions, similarity, picked }));
  });
  web.get('/data-quality', async (c) => {
    const ticket = await dataQualityJob(options.heavy, requestLocation(c), options.sourceTextsDir);
    const made = await settleWithin(ticket, options.heavyWaitMs ?? 2000);
    return made ? c.html(dataQualityPage(await readFindings(made))) : acceptedResponse(c, ticket);
  });
  web.get('/about', async (c) => c.html(aboutPage(await listSourceDocuments(db))));
  return web;
}
