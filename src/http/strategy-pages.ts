import { Hono } from 'hono';
import type { Db } from '../db/connect.ts';
import type { AuthOptions } from './auth.ts';

/** The RIS3 strategy pages: the public list, and a curator's upload and review of a strategy document. */
export function strategyPageRoutes(_db: Db, _auth: AuthOptions): Hono {
  return new Hono();
}
