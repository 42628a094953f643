import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import { ROLES, TOKEN_SCOPES, VISITOR } from '../../domain/accounts.ts';
import { authorize } from '../../domain/authorization.ts';
import { accountOf } from '../../services/accounts.ts';
import { meJson } from './presenters.ts';
import { errorResponses, okJson } from './schemas.ts';

const MeSchema = z
  .object({
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    regions: z.array(z.string()).openapi({ description: 'the regions a coordinator works for' }),
    via: z.enum(['token', 'session']).openapi({ description: 'how this request was signed in' }),
    scopes: z.array(z.enum(TOKEN_SCOPES)).nullable().openapi({
      description: "the token's scopes; null for a browser session (all of the role's rights)",
    }),
  })
  .openapi('Me');

/** Who the credentials of a request belong to, so a script can check its token. */
export const meRoutes = {
  me: createRoute({
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    tags: ['Accounts'],
    summary: 'The account of the credentials',
    description:
      'The account a personal API token (or a browser session) belongs to, its role, regions and, for a token, its scopes. Answered only to that account, never cached.',
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    responses: {
      200: okJson(MeSchema, 'The account', {
        email: 'coordinator@example.org',
        displayName: 'Regional coordinator',
        role: 'coordinator',
        regions: ['ES51'],
        via: 'token',
        scopes: ['read'],
      }),
      ...errorResponses('/api/v1/me', {
        unauthenticated: 'sign in first: this needs an account',
      }),
    },
  }),
} as const;

export function mountMe(app: OpenAPIHono, db: Db): void {
  app.openapi(meRoutes.me, async (c) => {
    const actor = c.get('actor') ?? VISITOR;
    authorize(actor, 'account.own');
    if (actor.kind !== 'account') throw new Error('unreachable: authorize admits accounts only');
    const account = await accountOf(db, actor.id);
    if (!account) throw new Error(`account ${actor.id} vanished during the request`);
    c.header('Cache-Control', 'private, no-store');
    return c.json(meJson(account, actor), 200);
  });
}
