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
import { withTranslatedTexts } from '../io/translated-linked-data.ts';
import { getBarrierOverview } from '../services/barriers.ts';
import { compareRegions, regionSummaries } from '../services/compare.ts';
import { oncePerVersion } from '../services/data-version.ts';
import { listWorkshopNotes } from '../services/engagement.ts';
import { getGoodPractice, goodPracticeCatalogue } from '../services/good-practices.ts';
import { dataQualityJob, readFindings, settleWithin } from '../services/heavy-requests.ts';
import type { HeavyWork } from '../services/heavy-work.ts';
import { getHomeView, listSourceDocuments } from '../services/home.ts';
import { getInitiativeView, initiativeProvenance } from '../services/initiatives.ts';
import { evidenceKind, getBarriersByStakeholder, getPrevalence } from '../services/prevalence.ts';
import {
  barrierViewWithRecommendations,
  regionViewWithRecommendations,
} from '../services/recommendations.ts';
import { regionNames } from '../services/regions.ts';
import { mentionsElsewhere, search } from '../services/search.ts';
import { recordTranslations, textsIn } from '../services/translations.ts';
import { getSimilarity, listTwinningPlaces, twinningForQuery } from '../services/twinning.ts';
import { currentLocale, localPlaceNames } from '../web/i18n.ts';
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
import { recommendationPages } from './recommendation-pages.ts';

/**
 * The list of initiatives: a search with where the initiatives come from; a search that found
 * nothing points to the other records that mention its words.
 */
async function initiativeList(db: Db, c: Context, names: Promise<ReadonlyMap<string, string>>) {
  const [result, places, provenance] = await Promise.all([
    search(db, c.req.queries(), currentLocale()),
    names,
    initiativeProvenance(db),
  ]);
  const view = c.req.query('view') === 'cards' ? 'cards' : 'list';
  const elsewhere =
    result.total === 0 && result.query.text
      ? await mentionsElsewhere(db, result.query.text)
      : undefined;
  // The page's names and summaries in the reader's language where translated: one query.
  const texts = await textsIn(db, 'initiative', result.hits, currentLocale());
  return initiativesPage(result, places, provenance, view, elsewhere, texts);
}

/** The data-quality page: the findings, after where the initiatives they concern come from. */
async function dataQualityView(db: Db, made: Parameters<typeof readFindings>[0]) {
  const [findings, { origins }] = await Promise.all([readFindings(made), initiativeProvenance(db)]);
  return dataQualityPage(findings, origins);
}

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

/**
 * The pages of records whose texts may be translated (initiatives, good practices): the texts in
 * the reader's language where a curator approved a translation, the linked data with every one.
 */
function translatedRecordRoutes(web: Hono, db: Db, origin: (c: Context) => string): void {
  web.get('/initiatives/:slug', async (c) => {
    const r = await withPlaceNames(db, getInitiativeView(db, c.req.param('slug')));
    const i = r.view.initiative;
    const tr = await recordTranslations(db, 'initiative', i.slug, i.language ?? 'en');
    const ld = withTranslatedTexts(initiativeJsonLd(origin(c), r.view, r.places), tr);
    return recordResponse(c, ld, () => c.html(initiativePage(r.view, r.local, ld, tr)));
  });
  web.get('/good-practices/:slug', async (c) => {
    const r = await withPlaceNames(db, getGoodPractice(db, c.req.param('slug')));
    const p = r.view.practice;
    const tr = await recordTranslations(db, 'good_practice', p.slug, p.language);
    const ld = withTranslatedTexts(goodPracticeJsonLd(origin(c), r.view, r.places), tr);
    return recordResponse(c, ld, () => c.html(goodPracticePage(r.view, r.local, ld, tr)));
  });
}

/** The barrier codebook with its matrix, the prevalence page and a page per barrier. */
function barrierRoutes(
  web: Hono,
  db: Db,
  names: () => Promise<ReadonlyMap<string, string>>,
  origin: (c: Context) => string,
): void {
  web.get('/barriers', async (c) => {
    const kind = evidenceKind(c.req.query('evidence'));
    const [overview, places] = await Promise.all([getBarrierOverview(db, kind), names()]);
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
    const [view, places] = await Promise.all([
      barrierViewWithRecommendations(
        db,
        c.req.param('code'),
        evidenceKind(c.req.query('evidence')),
      ),
      names(),
    ]);
    const ld = barrierJsonLd(origin(c), view);
    return recordResponse(c, ld, () => c.html(barrierPage(view, places, ld)));
  });
}

/** The twinning page: suggestions for the region or the barriers picked, and the similarity view. */
async function twinningView(db: Db, q: Record<string, string[]>) {
  const [view, regions, similarity] = await Promise.all([
    twinningForQuery(db, q),
    listTwinningPlaces(db),
    getSimilarity(db),
  ]);
  const picked = {
    barriers: new Set(q.barrier ?? []),
    themes: new Set(q.theme ?? []),
    has: new Set(q.has ?? []),
  };
  return twinningPage({ view, regions, similarity, picked });
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
  web.get('/initiatives', async (c) => c.html(await initiativeList(db, c, names())));
  translatedRecordRoutes(web, db, origin);
  web.get('/regions', async (c) => {
    const [summaries, notes] = await Promise.all([regionSummaries(db), listWorkshopNotes(db)]);
    return c.html(regionsPage(summaries, notes));
  });
  web.get('/regions/:code', async (c) => {
    const view = await regionViewWithRecommendations(db, c.req.param('code'));
    const ld = regionJsonLd(origin(c), view.region, view.report?.overview ?? undefined);
    return recordResponse(c, ld, () => c.html(regionPage(view, ld)));
  });
  barrierRoutes(web, db, names, origin);
  web.get('/good-practices', async (c) => {
    const catalogue = await goodPracticeCatalogue(db, c.req.queries());
    const texts = await textsIn(db, 'good_practice', catalogue.practices, currentLocale());
    return c.html(goodPracticesPage(catalogue, await names(), texts));
  });
  web.route('/', recommendationPages(db, options));
  web.get('/compare', async (c) => c.html(comparePage(await compareRegions(db, c.req.queries()))));
  web.get('/twinning', async (c) => c.html(await twinningView(db, c.req.queries())));
  web.get('/data-quality', async (c) => {
    const ticket = await dataQualityJob(options.heavy, requestLocation(c), options.sourceTextsDir);
    const made = await settleWithin(ticket, options.heavyWaitMs ?? 2000);
    return made ? c.html(await dataQualityView(db, made)) : acceptedResponse(c, ticket);
  });
  web.get('/about', async (c) => c.html(aboutPage(await listSourceDocuments(db))));
  return web;
}
