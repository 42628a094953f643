import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Db } from '../../db/connect.ts';
import { VISITOR } from '../../domain/accounts.ts';
import { authorize } from '../../domain/authorization.ts';
import {
  type ContributedEntity,
  type EntityKind,
  TRANSITIONS,
  VERSION_STATES,
  WRITABLE,
} from '../../domain/contributions.ts';
import { forbidden, invalidParameter, notFound } from '../../domain/errors.ts';
import { createDraft, recordState, saveDraft } from '../../services/contributions.ts';
import { idempotentCreate } from '../../services/idempotency.ts';
import { moveVersion, recordHistory } from '../../services/reviews.ts';
import { problemDocument } from '../errors.ts';
import { historyJson, recordPath, versionJson } from './presenters.ts';
import { errorResponses, okJson } from './schemas.ts';

export const SECURITY: Record<string, string[]>[] = [{ bearerToken: [] }, { sessionCookie: [] }];

const VersionSchema = z
  .object({
    entity: z.string(),
    key: z.string(),
    number: z.number().int().openapi({ description: '1, 2, … per record' }),
    state: z.enum(VERSION_STATES),
    tag: z.string().openapi({
      description:
        'the version as saved: send it back in If-Match so that a change made meanwhile is not overwritten',
    }),
    needs: z.array(z.string()).openapi({
      description: 'required classification fields still missing; publishing needs none',
    }),
    regions: z.array(z.string()),
    reason: z.string().nullable(),
    author: z.string().openapi({ description: "the author's pseudonym" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    content: z.record(z.string(), z.unknown()),
    links: z.object({ draft: z.string(), versions: z.string(), published: z.string() }),
  })
  .openapi('RecordVersion');

const HistorySchema = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    items: z.array(
      z.object({
        version: VersionSchema,
        changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
      }),
    ),
  })
  .openapi('RecordHistory');

const versionExample = (kind: EntityKind, key: string) => ({
  entity: kind.entity,
  key,
  number: 2,
  state: 'draft' as const,
  tag: '2.1',
  needs: [],
  regions: ['ES51', 'ES'],
  reason: 'new funding',
  author: 'contributor-3',
  createdAt: '2026-12-05T10:00:00.000Z',
  updatedAt: '2026-12-05T10:00:00.000Z',
  decidedBy: null,
  decidedAt: null,
  content: {},
  links: {
    draft: `/api/v1/${kind.path}/${key}/draft`,
    versions: `/api/v1/${kind.path}/${key}/versions`,
    published: `/api/v1/${kind.path}/${key}`,
  },
});

/** The problems a write can answer besides errorResponses': 403, 409 and 422. */
export function writeProblems(instance: string) {
  const problem = (
    status: 403 | 409 | 422,
    code: 'forbidden' | 'conflict' | 'invalid_data',
    message: string,
    description: string,
  ) => ({
    description,
    content: {
      'application/problem+json': {
        example: problemDocument({ status, code, message, details: {} }, instance),
      },
    },
  });
  return {
    403: problem(
      403,
      'forbidden',
      'a coordinator may only work on records of their own region(s) (ES51), not DE1',
      'The account may not do this (its role, its regions, or a read-only token).',
    ),
    409: problem(
      409,
      'conflict',
      'the record was saved by someone else since you opened it; reload, compare and make your change again',
      'The record changed meanwhile (a stale If-Match), exists already, or is not in a state this move applies to.',
    ),
    422: problem(
      422,
      'invalid_data',
      'the initiative has 1 problem: website: must be an http:// or https:// address',
      'The content breaks the schema: `errors` lists each problem with its `field`.',
    ),
  };
}

/** How each kind is named in operation ids and grouped, and an example of its address keys. */
const NAMES: Readonly<
  Record<ContributedEntity, { word: string; tag: string; example: Record<string, string> }>
> = {
  initiative: { word: 'Initiative', tag: 'Initiatives', example: { slug: 'atmp-catalonia' } },
  good_practice: {
    word: 'GoodPractice',
    tag: 'Good practices',
    example: { slug: 'atmp-catalonia' },
  },
  evidence: { word: 'EvidenceStatement', tag: 'Evidence', example: { key: 'es51-imaging-silos' } },
  regional_report: {
    word: 'RegionalReport',
    tag: 'Regions',
    example: { region: 'ES51', campaign: 'preciseu-barrier-mapping-2025' },
  },
  interview_row: {
    word: 'InterviewRow',
    tag: 'Engagement',
    example: { region: 'ES51', campaign: 'preciseu-barrier-mapping-2025' },
  },
  workshop: { word: 'Workshop', tag: 'Engagement', example: { key: 'be2-workshop' } },
  recommendation: {
    word: 'Recommendation',
    tag: 'Recommendations',
    example: { slug: 'es51-alignment-pathways-financing' },
  },
  translation: {
    word: 'Translation',
    tag: 'Initiatives',
    example: { record: 'initiative', slug: 'atmp-catalonia', language: 'ca' },
  },
};

/** The key a request names: its key parameters joined by "/". */
const keyOf = (kind: EntityKind, c: Context) => kind.keyParams.map((p) => c.req.param(p)).join('/');

const IfMatch = z
  .string()
  .max(40)
  .optional()
  .openapi({
    param: {
      description:
        'the tag of the version the change was made on (from ETag or `tag`); a stale one is a 409',
    },
    example: '"2.1"',
  });

/** What the routes of one kind share: names, addresses, the key parameters and an example key. */
function routeContext(kind: EntityKind) {
  const { word, tag, example } = NAMES[kind.entity];
  const base = `/api/v1/${kind.path}`;
  const key = kind.keyParams.map((p) => example[p]).join('/');
  const keyParam = z.object(
    Object.fromEntries(
      kind.keyParams.map((p) => [
        p,
        z.string().openapi({
          param: {
            description:
              kind.keyParams.length > 1 ? `the record's ${p}` : 'the identifier of the record',
          },
          example: example[p],
        }),
      ]),
    ),
  );
  const one = `${base}/${kind.keyParams.map((p) => `{${p}}`).join('/')}`;
  // A key that names nothing, for the 404 examples: the example's parts but the last.
  const nothing = [...kind.keyParams.slice(0, -1).map((p) => example[p]), 'no-such-record'];
  const missing = {
    at: `${base}/${nothing.join('/')}`,
    notFound: `there is no ${kind.entity.replace('_', ' ')} "${nothing.join('/')}"; check the address`,
  };
  return { kind, word, tag, base, one, key, keyParam, missing };
}
type RouteContext = ReturnType<typeof routeContext>;

/** The four moves of a record's open change, documented. */
function moveRoutes({ kind, word, tag, base, one, key, keyParam, missing }: RouteContext) {
  return Object.fromEntries(
    TRANSITIONS.map((t) => [
      t,
      createRoute({
        method: 'post',
        path: `${one}/${t}`,
        operationId: `${t === 'request-changes' ? 'requestChangesTo' : t}${word}`,
        tags: [tag],
        summary: {
          submit: 'Submit the draft for review',
          'request-changes': 'Send the change back to its author',
          publish: 'Publish the change',
          withdraw: 'Withdraw the change',
        }[t],
        description: `Moves the record's open change: submit (draft or changes requested → submitted; the record's coordinators and curators), request-changes (submitted → changes requested; curators), publish (→ published: the public record becomes this content; curators; refused while classification fields are missing), withdraw (an open change → withdrawn). An optional \`note\` is kept as a comment.`,
        security: SECURITY,
        request: {
          params: keyParam,
          headers: z.object({ 'if-match': IfMatch }),
          body: {
            required: false,
            content: {
              'application/json': { schema: z.object({ note: z.string().max(5000).optional() }) },
            },
          },
        },
        responses: {
          200: okJson(VersionSchema, 'The version in its new state', {
            ...versionExample(kind, key),
            state: 'submitted',
          }),
          ...errorResponses(`${base}/${key}/${t}`, {
            unauthenticated: 'sign in first: this needs an account',
            notFound: missing.notFound,
          }),
          ...writeProblems(`${base}/${key}/${t}`),
        },
      }),
    ]),
  );
}

/** Create and change (merge patch), documented. */
function editRoutes({ kind, word, tag, base, one, key, keyParam, missing }: RouteContext) {
  const created = {
    201: okJson(VersionSchema, 'The new draft; Location names it', versionExample(kind, key)),
  };
  return {
    create: createRoute({
      method: 'post',
      path: base,
      operationId: `create${word}`,
      tags: [tag],
      summary: `Create a draft ${kind.entity.replace('_', ' ')}`,
      description:
        'Creates the first version of a new record as a draft (not public until published). The body is validated by the same schema as the reference data and the forms; only classification fields may be missing (listed in `needs`). Send an Idempotency-Key header to make a retry safe: the same key with the same body answers the first answer again.',
      security: SECURITY,
      request: {
        headers: z.object({
          'idempotency-key': z
            .string()
            .max(200)
            .optional()
            .openapi({
              param: { description: 'any unique string per intended create, e.g. a UUID' },
              example: '5f0c…',
            }),
        }),
        body: { required: true, content: { 'application/json': { schema: kind.schema } } },
      },
      responses: {
        ...created,
        ...errorResponses(base, { unauthenticated: 'sign in first: this needs an account' }),
        ...writeProblems(base),
      },
    }),
    patch: createRoute({
      method: 'patch',
      path: one,
      operationId: `update${word}`,
      tags: [tag],
      summary: `Change ${/^[aeiou]/.test(kind.entity) ? 'an' : 'a'} ${kind.entity.replace('_', ' ')} (as a draft)`,
      description:
        "Applies a JSON merge patch (RFC 7396: a member set to null is removed) to the record's open draft, or, when it has none, makes a new draft from the published version; the public keeps the published version until the draft is published. Send If-Match with the tag you edited.",
      security: SECURITY,
      request: {
        params: keyParam,
        headers: z.object({ 'if-match': IfMatch }),
        body: {
          required: true,
          content: {
            'application/merge-patch+json': { schema: z.record(z.string(), z.unknown()) },
            'application/json': { schema: z.record(z.string(), z.unknown()) },
          },
        },
      },
      responses: {
        200: okJson(VersionSchema, 'The draft as saved', versionExample(kind, key)),
        ...errorResponses(`${base}/${key}`, {
          unauthenticated: 'sign in first: this needs an account',
          notFound: missing.notFound,
        }),
        ...writeProblems(`${base}/${key}`),
      },
    }),
  };
}

/** The open change and the versions of a record, documented. */
function readRoutes({ kind, word, tag, base, one, key, keyParam, missing }: RouteContext) {
  return {
    draft: createRoute({
      method: 'get',
      path: `${one}/draft`,
      operationId: `get${word}Draft`,
      tags: [tag],
      summary: 'The open change of a record',
      description:
        "The record's open change (draft, submitted or changes requested) with its tag (also the ETag); 404 when it has none. For those who may draft the record only.",
      security: SECURITY,
      request: { params: keyParam },
      responses: {
        200: okJson(VersionSchema, 'The open change', versionExample(kind, key)),
        ...errorResponses(`${missing.at}/draft`, {
          unauthenticated: 'sign in first: this needs an account',
          notFound: missing.notFound,
        }),
        403: writeProblems(base)[403],
      },
    }),
    versions: createRoute({
      method: 'get',
      path: `${one}/versions`,
      operationId: `list${word}Versions`,
      tags: [tag],
      summary: 'The versions of a record',
      description:
        'Every published version, newest first, with what each changed; to those who may draft the record, drafts and withdrawn versions too. 50 per page.',
      request: {
        params: keyParam,
        query: z.object({
          page: z.coerce
            .number()
            .int()
            .min(1)
            .max(10_000)
            .optional()
            .openapi({ param: { description: 'page number, from 1' }, example: 1 }),
        }),
      },
      responses: {
        200: okJson(HistorySchema, 'The versions', { total: 1, page: 1, items: [] }),
        ...errorResponses(`${missing.at}/versions`, {
          notFound: missing.notFound,
        }),
      },
    }),
  };
}

/** The documented operations of one kind: create, patch, draft, versions and the four moves. */
function routesOf(kind: EntityKind) {
  const ctx = routeContext(kind);
  return { ...editRoutes(ctx), ...readRoutes(ctx), ...moveRoutes(ctx) };
}

/** Every documented write operation (and the draft and version reads) of every kind. */
export const contributionRoutes = Object.fromEntries(
  WRITABLE.flatMap((kind) =>
    Object.entries(routesOf(kind)).map(([op, r]) => [`${kind.path}.${op}`, r]),
  ),
);

/** The JSON body of a write, or invalid_parameter saying what to send. */
export async function jsonBody(c: Context, required: boolean): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (text.trim() === '' && !required) return {};
  if (!/^application\/(?:merge-patch\+)?json\b/i.test(type)) {
    throw invalidParameter(
      'content-type',
      'send the record as JSON (Content-Type: application/json)',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw invalidParameter('body', `the body is not JSON: ${(e as Error).message}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidParameter('body', 'send one JSON object');
  }
  return body as Record<string, unknown>;
}

/**
 * A write with a browser's session cookie must come from this site (Sec-Fetch-Site or Origin):
 * together with JSON bodies, which no other site can send without a CORS preflight this API never
 * grants, that keeps other sites from writing through a signed-in browser.
 */
export function sameSiteUnlessToken(c: Context, publicUrl: string | undefined): void {
  if (c.req.header('authorization')) return;
  const site = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  const own = publicUrl ?? new URL(c.req.url).origin;
  const ok = site !== undefined ? site === 'same-origin' : origin === undefined || origin === own;
  if (!ok)
    throw forbidden(
      'a write with a browser session must come from this site; scripts use an API token',
    );
}

/** The tag an If-Match header names ("2.1", W/"2.1" or 2.1), or undefined. */
export function ifMatch(c: Context): string | undefined {
  const v = c.req.header('if-match');
  return v === undefined ? undefined : v.replace(/^W\//, '').replace(/^"|"$/g, '');
}

function answer(
  c: Context,
  kind: EntityKind,
  v: Parameters<typeof versionJson>[1],
  status: 200 | 201,
) {
  c.header('Cache-Control', 'private, no-store');
  c.header('ETag', `"${v.tag}"`);
  return c.json(versionJson(kind, v), status);
}

/** Mounts the write API of every writable kind. */
export function mountContributions(app: OpenAPIHono, db: Db, options: { publicUrl?: string } = {}) {
  for (const kind of WRITABLE) {
    const one = `/${kind.keyParams.map((p) => `:${p}`).join('/')}`;
    const base = `/api/v1/${kind.path}`;
    const actorOf = (c: Context) => c.get('actor') ?? VISITOR;
    app.post(base, async (c) => {
      const actor = actorOf(c);
      authorize(actor, 'records.draft', {
        region: actor.kind === 'account' ? actor.regions[0] : null,
      });
      sameSiteUnlessToken(c, options.publicUrl);
      const body = await jsonBody(c, true);
      const key = c.req.header('idempotency-key');
      const made = await idempotentCreate(db, actor, key, body, async () => {
        const v = await createDraft(db, actor, kind.entity, body);
        return { status: 201, body: versionJson(kind, v) };
      });
      c.header('Cache-Control', 'private, no-store');
      c.header('Location', `${recordPath(kind, String(made.body.key))}/draft`);
      c.header('ETag', `"${made.body.tag}"`);
      if (made.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(made.body, made.status as 201);
    });
    app.patch(`${base}${one}`, async (c) => {
      sameSiteUnlessToken(c, options.publicUrl);
      const body = await jsonBody(c, true);
      const v = await saveDraft(db, actorOf(c), kind.entity, keyOf(kind, c), body, {
        patch: true,
        expected: ifMatch(c),
      });
      return answer(c, kind, v, 200);
    });
    app.get(`${base}${one}/draft`, async (c) => {
      const state = await recordState(db, actorOf(c), kind.entity, keyOf(kind, c));
      if (!state.open) throw notFoundDraft(kind, keyOf(kind, c));
      return answer(c, kind, state.open, 200);
    });
    app.get(`${base}${one}/versions`, async (c) => {
      const page = Number(c.req.query('page') ?? '1');
      if (!Number.isInteger(page) || page < 1 || page > 10_000)
        throw invalidParameter('page', 'page is a whole number from 1');
      const h = await recordHistory(db, actorOf(c), kind.entity, keyOf(kind, c), page);
      if (actorOf(c).kind === 'account') c.header('Cache-Control', 'private, no-store');
      return c.json(historyJson(kind, h), 200);
    });
    for (const t of TRANSITIONS) {
      app.post(`${base}${one}/${t}`, async (c) => {
        sameSiteUnlessToken(c, options.publicUrl);
        const body = await jsonBody(c, false);
        const note = typeof body.note === 'string' ? body.note.slice(0, 5000) : undefined;
        const v = await moveVersion(db, actorOf(c), kind.entity, keyOf(kind, c), t, {
          expected: ifMatch(c),
          note,
        });
        return answer(c, kind, v, 200);
      });
    }
  }
}

function notFoundDraft(kind: EntityKind, key: string) {
  return notFound(
    `open change of ${kind.entity.replace('_', ' ')}`,
    key,
    `it has none: PATCH ${`/api/v1/${kind.path}/${key}`} to start one`,
  );
}
