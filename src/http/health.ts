import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import { checkHealth } from '../services/health.ts';

/**
 * /health for monitors and load balancers: 200 with the initiative count while the database
 * answers, 503 with what to check when it does not. Also the old /api/search, which
 * /api/v1/initiatives replaced: a permanent redirect that keeps the query.
 */
export function healthRoutes(
  db: Db,
  options: { onUnavailable?: (reason: string) => void } = {},
): Hono {
  const app = new Hono();
  app.get('/health', async (c) => {
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
  return app;
}

/** The old JSON search, retired: 308 to /api/v1/initiatives with the same query string. */
export function retiredRoutes(): Hono {
  const app = new Hono();
  app.get('/api/search', (c) => {
    const query = new URL(c.req.url).search;
    return c.redirect(`/api/v1/initiatives${query}`, 308);
  });
  return app;
}
