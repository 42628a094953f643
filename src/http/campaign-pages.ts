import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import type { AccountRouteOptions } from './accounts.ts';

/**
 * The campaign pages: the list, a new campaign (curators), a campaign's page with its dashboard
 * and moves, and the comparison of a region's response with the round before.
 */
export function campaignPageRoutes(_db: Db, _o: AccountRouteOptions): Hono {
  const app = new Hono();
  return app;
}
