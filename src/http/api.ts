import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { snippetHtml, snippetText } from '../domain/search.ts';
import { countInitiatives } from '../repositories/initiatives.ts';
import { search } from '../services/search.ts';

/** The JSON endpoints of the foundation: health and search. */
export function apiRoutes(db: Db): Hono {
  const api = new Hono();

  api.get('/health', async (c) => {
    try {
      const initiatives = await countInitiatives(db.kysely);
      return c.json({ status: 'ok', database: db.dialect, initiatives });
    } catch {
      return c.json({ status: 'unavailable', database: db.dialect }, 503);
    }
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
