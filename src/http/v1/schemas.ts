import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { STAKEHOLDER_GROUPS, type StakeholderGroupCode } from '../../domain/codes.ts';
import {
  type AppError,
  type ErrorCode,
  invalidParameter,
  unknownValue,
} from '../../domain/errors.ts';
import { EVIDENCE_KINDS } from '../../domain/prevalence.ts';
import {
  PROBLEM_TITLES,
  PROBLEM_TYPE_PATH,
  type ProblemDocument,
  problemDocument,
  problemResponse,
  toProblem,
} from '../errors.ts';
import { type OriginOptions, siteOrigin } from '../origin.ts';

/**
 * The path parameter that names one record (`slug`, `key` or `code`): a non-empty string of at
 * most `maxLength` characters, documented with its meaning and an example.
 */
export function idParam<const K extends string>(
  name: K,
  description: string,
  example: string,
  maxLength = 120,
) {
  const id = z.string().min(1).max(maxLength).openapi({ param: { description }, example });
  return z.object({ [name]: id } as Record<K, typeof id>);
}

/** An object with one member per stakeholder group, each of the schema `value`. */
export function byGroup<S extends z.ZodType>(value: S) {
  return z.object(
    Object.fromEntries(STAKEHOLDER_GROUPS.map((g) => [g.code, value])) as Record<
      StakeholderGroupCode,
      S
    >,
  );
}

/** Every stable error code, in the order the problem documents list them. */
export const ERROR_CODES = Object.keys(PROBLEM_TITLES) as [ErrorCode, ...ErrorCode[]];

/** An RFC 9457 problem document as every /api/v1 error is answered. */
export const ProblemDocumentSchema = z
  .looseObject({
    type: z.string().openapi({
      description: `${PROBLEM_TYPE_PATH}/{code}: dereference it for a description of the code`,
    }),
    title: z.string().openapi({ description: 'a short, fixed title of the code' }),
    status: z.number().int().openapi({ description: 'the HTTP status' }),
    detail: z.string().openapi({ description: 'what was wrong and what to do about it' }),
    instance: z.string().openapi({ description: 'the path of the request' }),
    code: z.enum(ERROR_CODES).openapi({ description: 'the stable error code' }),
    parameter: z
      .string()
      .optional()
      .openapi({ description: 'for invalid_parameter: the parameter that was not valid' }),
    allowed: z
      .array(z.union([z.string(), z.number()]))
      .optional()
      .openapi({
        description:
          'for invalid_parameter: the values the parameter accepts, when they are a list',
      }),
  })
  .openapi('ProblemDocument');

/** Examples of an operation's own 400 and 404 problems; an operation documents only those it can answer. */
export interface ErrorExamples {
  /** A bad parameter of this operation: the error it raises, so the example has the API's own words. */
  readonly invalid?: AppError;
  /** The detail of this operation's not_found. */
  readonly notFound?: string;
  /** The detail of this operation's 401, for operations that need a token or a session. */
  readonly unauthenticated?: string;
}

/** The 400 of a list whose only parameters are page and pageSize. */
export const PAGE_INVALID = invalidParameter(
  'page',
  'page is not valid: Too small: expected number to be >=1',
);

const PROBLEM_MEDIA = 'application/problem+json';

/**
 * The documented error responses of an operation at `instance` (an example path): 400 and 404
 * when it can answer them, and 429 (rate limit), 500 and 503 always.
 */
export function errorResponses(instance: string, examples: ErrorExamples = {}) {
  const example = (
    status: 400 | 401 | 404 | 429 | 503,
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) => problemDocument({ status, code, message, details }, instance);
  const problem = (description: string, example: ProblemDocument) => ({
    description,
    content: { [PROBLEM_MEDIA]: { schema: ProblemDocumentSchema, example } },
  });
  const { invalid, notFound, unauthenticated } = examples;
  return {
    ...(unauthenticated
      ? {
          401: problem(
            'No valid credentials: send a personal API token as `Authorization: Bearer TOKEN`, or the session cookie of a signed-in browser.',
            example(401, 'unauthenticated', unauthenticated),
          ),
        }
      : {}),
    ...(invalid
      ? {
          400: problem(
            'A parameter is not valid: `parameter` names it, `allowed` lists the values it accepts where they are a list.',
            example(400, 'invalid_parameter', invalid.message, invalid.details),
          ),
        }
      : {}),
    ...(notFound
      ? {
          404: problem('There is no such record.', example(404, 'not_found', notFound)),
        }
      : {}),
    429: problem(
      'Too many requests from this client; wait for the time in Retry-After.',
      example(429, 'rate_limited', 'too many requests; try again in 60 seconds'),
    ),
    500: problem(
      'An unexpected error; it has been logged.',
      // The message every unexpected error gets.
      problemDocument(toProblem(undefined), instance),
    ),
    503: problem(
      'The database does not answer (code `database_unavailable`), or the server is busy with other searches or heavy work (code `busy`); either way, try again after the time in Retry-After.',
      example(503, 'database_unavailable', 'The database does not answer; try again later.'),
    ),
  };
}

/** A 200 JSON response with its schema and example. */
export function okJson<S extends z.ZodType>(schema: S, description: string, example: z.input<S>) {
  return { description, content: { 'application/json': { schema, example } } };
}

/** Page and page size of every list; the bounds are the website's (SEARCH_LIMITS). */
/** The `evidence` query of the barrier statistics: which kind of evidence counts (all by default). */
export function evidenceKindQuery(description: string) {
  return z.object({
    evidence: z.enum(EVIDENCE_KINDS).optional().openapi({ param: { description } }),
  });
}

/** A repeatable query parameter (`?barrier=B01&barrier=B05`): one value or several. */
export const repeatableQuery = (description: string, example: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ param: { description, style: 'form', explode: true }, example });

export const PageQuery = z.object({
  page: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(1)
    .openapi({ param: { description: 'the page to return, from 1 (at most 1000)' }, example: 1 }),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .openapi({ param: { description: 'items per page, 1 to 100 (default 20)' }, example: 20 }),
});

/** Links of a page of a list: absolute URLs, next/prev null at the ends. */
export const LinksSchema = z
  .object({
    self: z.string(),
    first: z.string(),
    last: z.string(),
    next: z.string().nullable(),
    prev: z.string().nullable(),
  })
  .openapi('PageLinks');

/** The envelope of every list: total, page, page size, the items of the page and links. */
export function pageOf<S extends z.ZodType>(item: S, name: string) {
  return z
    .object({
      total: z.number().int().min(0).openapi({ description: 'items matching, over all pages' }),
      page: z.number().int().min(1),
      pageSize: z.number().int().min(1),
      items: z.array(item),
      links: LinksSchema,
    })
    .openapi(name);
}

/** An example of a list envelope around one item. */
export function pageExample<T>(path: string, item: T, total = 1) {
  const base = `https://atlas.example.org${path}`;
  return {
    total,
    page: 1,
    pageSize: 20,
    items: [item],
    links: { self: base, first: base, last: base, next: null, prev: null },
  };
}

/** The links of one page of a list of `total` items, keeping the request's other parameters. */
export function pageLinks(
  c: Context,
  options: OriginOptions,
  page: number,
  pageSize: number,
  total: number,
): z.infer<typeof LinksSchema> {
  const url = new URL(c.req.url);
  const last = Math.max(1, Math.ceil(total / pageSize));
  const at = (n: number) => {
    const params = new URLSearchParams(url.search);
    params.set('page', String(n));
    params.set('pageSize', String(pageSize));
    return `${siteOrigin(c.req.url, options)}${url.pathname}?${params}`;
  };
  return {
    self: at(page),
    first: at(1),
    last: at(last),
    next: page < last ? at(page + 1) : null,
    prev: page > 1 ? at(Math.min(page - 1, last)) : null,
  };
}

/** One page of an in-memory list with its envelope. */
export function paginate<T>(
  c: Context,
  options: OriginOptions,
  items: readonly T[],
  page: number,
  pageSize: number,
) {
  return {
    total: items.length,
    page,
    pageSize,
    items: items.slice((page - 1) * pageSize, page * pageSize),
    links: pageLinks(c, options, page, pageSize, items.length),
  };
}

/** A two-way table of counts, as services/stats.ts and compare.ts build them. */
export const CrossTabSchema = z
  .object({
    rows: z.array(z.string()),
    columns: z.array(z.string()),
    cells: z
      .array(z.array(z.number().int()))
      .openapi({ description: 'cells[r][c] counts rows[r] × columns[c]' }),
    rowTotals: z.array(z.number().int()),
    columnTotals: z.array(z.number().int()),
    total: z.number().int(),
  })
  .openapi('CrossTab');

/** A list of counts, largest first. */
export const KeyCountSchema = z
  .object({ key: z.string(), n: z.number().int() })
  .openapi('KeyCount');

/**
 * The validation hook of every /api/v1 route: a Zod failure becomes a 400 problem naming the
 * first bad parameter and, for an enumerated one, the values it accepts.
 */
export function validationHook(
  result: { success: true; data: unknown } | { success: false; error: z.ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const parameter = String(issue?.path[0] ?? 'request');
  const allowed =
    issue && issue.code === 'invalid_value' ? issue.values.map((v) => String(v)) : undefined;
  const given = c.req.query(parameter) ?? c.req.param(parameter) ?? '';
  const error = allowed
    ? unknownValue(parameter, given, allowed)
    : invalidParameter(
        parameter,
        issue ? `${parameter} is not valid: ${issue.message}` : 'the request is not valid',
      );
  return problemResponse(c, toProblem(error));
}
