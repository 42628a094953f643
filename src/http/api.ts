import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { snippetHtml, snippetText } from '../domain/search.ts';
import { checkHealth } from '../services/atlas.ts';
import { search } from '../services/search.ts';

/** The JSON endpoints of the foundation: health and search. */
export function apiRoutes(
  db: Db,
  options: { onUnavailable?: (reason: string) => void } = {},
): Hono {
  const api = new Hono();

  api.get('/health', async (c) => {
    const health = await checkHealth(db);
    if (health.ok)
      return c.json({ status: 'ok', database: db.dialect, initiatives: health.initiatives });
    options.onUnavailable?.(health.reason);
    return c.json(
      {
        status: 'unavailable',
        database: db.dialect,
        code: 'database_unavailable',
        message:
          'The database does not answer; check that it is running and that DATABASE_URL points to it.',
      },
      503,
    );
  });

  api.get('/api/search', async (c) => {
    const result = await search(db, c.req.queries());
    return c.json({
      query: result.query,
      total: result.total,
      hits: result.hits.map((h) => ({
        ...h,
        snippet: snippetText(h.snippet),
        snippetHtml: snippetHtml(h.snippet),
      })),
      facets: result.facets,
    });
  });

  return api;
}
