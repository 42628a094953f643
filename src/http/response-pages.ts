import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import type { AccountRouteOptions } from './accounts.ts';

/**
 * A region's response to a campaign: the form its coordinators fill in (save, autosave, submit),
 * the curators' comments and moves, and the workbook to answer offline (download and upload).
 */
export function responsePageRoutes(_db: Db, _o: AccountRouteOptions): Hono {
  const app = new Hono();
  return app;
}
