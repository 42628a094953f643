import { type Context, Hono } from 'hono';
import Negotiator from 'negotiator';
import type { Db } from '../db/connect.ts';
import type { Distribution } from '../domain/open-data.ts';
import { catalogueTurtle } from '../io/linked-data.ts';
import { getCatalogue } from '../services/linked-data.ts';
import { requestLocation, siteOrigin } from './origin.ts';

/** Options of the linked-data routes. */
export interface LinkedDataOptions {
  /** The files of the open dataset, for a request at `location`; the bulk downloads supply them. */
  readonly distributions: (location: string) => Promise<readonly Distribution[]>;
  /** The public origin for absolute identifiers (config PUBLIC_URL); the request's by default. */
  readonly publicUrl?: string;
  /** Hosts whose requests may name the origin when PUBLIC_URL is not set (config TRUSTED_HOSTS). */
  readonly trustedHosts?: readonly string[];
}

/**
 * The offered type an Accept header prefers, by negotiator (RFC 9110: a type takes the quality of
 * its most specific matching range; ties go to the range listed first, then to the type offered
 * first), or undefined when it accepts none. No header accepts anything, so the first offer wins.
 */
export function preferredType(
  accept: string | undefined,
  offered: readonly string[],
): string | undefined {
  return new Negotiator({ headers: { accept: accept?.trim() || '*/*' } }).mediaType(offered);
}

/** Whether a client asks for JSON-LD rather than the HTML page (browsers get the page). */
export function prefersJsonLd(accept: string | undefined): boolean {
  return preferredType(accept, ['text/html', 'application/ld+json']) === 'application/ld+json';
}

const JSON_LD = 'application/ld+json; charset=utf-8';
const TURTLE = 'text/turtle; charset=utf-8';

/**
 * The DCAT-AP catalogue of the open dataset: /catalog.jsonld (JSON-LD), /catalog.ttl (Turtle),
 * and /catalog, the catalogue's identifier, in whichever of the two the client prefers.
 */
export function linkedDataRoutes(db: Db, options: LinkedDataOptions): Hono {
  const app = new Hono();
  const catalogue = async (c: Context) =>
    getCatalogue(
      db,
      siteOrigin(c.req.url, options),
      await options.distributions(requestLocation(c)),
    );
  app.get('/catalog.jsonld', async (c) =>
    c.body(JSON.stringify((await catalogue(c)).jsonLd), 200, { 'Content-Type': JSON_LD }),
  );
  app.get('/catalog.ttl', async (c) =>
    c.body(catalogueTurtle(await catalogue(c)), 200, { 'Content-Type': TURTLE }),
  );
  app.get('/catalog', async (c) => {
    c.header('Vary', 'Accept', { append: true });
    const type = preferredType(c.req.header('accept'), ['application/ld+json', 'text/turtle']);
    const cat = await catalogue(c);
    if (type === 'text/turtle')
      return c.body(catalogueTurtle(cat), 200, { 'Content-Type': TURTLE });
    return c.body(JSON.stringify(cat.jsonLd), 200, { 'Content-Type': JSON_LD });
  });
  return app;
}
