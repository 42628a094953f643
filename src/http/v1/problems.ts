import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type ErrorCode, notFound } from '../../domain/errors.ts';
import { PROBLEM_TITLES, PROBLEM_TYPE_PATH, statusOf } from '../errors.ts';
import { ERROR_CODES, errorResponses, okJson } from './schemas.ts';

/** What each stable error code means for a client and what it can do about it. */
const EXPLANATIONS: Record<ErrorCode, string> = {
  invalid_parameter:
    'A query or path parameter has a value the API does not accept. The problem names it in `parameter` and, where the values form a list, gives them in `allowed`; correct the request and send it again.',
  invalid_data:
    'Submitted data breaks a rule of the data model; the detail says which field and why.',
  invalid_file: 'An uploaded file could not be read as the format it claims to be.',
  too_large: 'The request or its file is larger than the server accepts.',
  not_found:
    'Nothing exists at this address: the id, slug or code is unknown, or the path is not part of the API. List the collection to find valid ids.',
  unauthenticated:
    'The operation needs a signed-in account or a personal API token (Authorization: Bearer), and the request had neither, or its token is unknown, revoked or expired. Create a token on your account page (/account) or with `atlas tokens create`.',
  forbidden:
    "The account is signed in but its role, its regions or the token's scopes do not allow this operation. Ask a curator or administrator if you need more rights.",
  conflict: 'The change conflicts with the current state of the record; reload it and try again.',
  rate_limited:
    'This client sent too many requests in a short time. Wait for the number of seconds in the Retry-After header before trying again.',
  method_not_allowed:
    'The API is read-only: only GET and HEAD (and OPTIONS for CORS preflights) are answered. The Allow header lists the methods the address accepts.',
  database_unavailable:
    'The database does not answer. The request can succeed later without any change; retry after a pause.',
  busy: 'The server is preparing as many large files and reports as it can queue. The request is fine: send it again after the number of seconds in the Retry-After header.',
  internal:
    'An unexpected error on the server. It has been logged; the request can be retried later.',
};

const ProblemTypeSchema = z
  .object({
    code: z.enum(ERROR_CODES),
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    description: z.string(),
  })
  .openapi('ProblemType');

/** The description of one code, as its problem type URI answers it. */
function problemType(code: ErrorCode): z.infer<typeof ProblemTypeSchema> {
  return {
    code,
    type: `${PROBLEM_TYPE_PATH}/${code}`,
    title: PROBLEM_TITLES[code],
    status: statusOf(code),
    description: EXPLANATIONS[code],
  };
}

/** The operations that describe the problem types. */
export const problemRoutes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/problems',
    operationId: 'listProblemTypes',
    tags: ['Problems'],
    summary: 'Every error code',
    description: 'The stable error codes of problem documents with their HTTP status and meaning.',
    responses: {
      200: okJson(
        z.object({ items: z.array(ProblemTypeSchema) }).openapi('ProblemTypes'),
        'The codes',
        {
          items: [problemType('not_found')],
        },
      ),
      ...errorResponses('/api/v1/problems'),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/v1/problems/{code}',
    operationId: 'getProblemType',
    tags: ['Problems'],
    summary: 'One error code',
    description:
      "What a problem document's `type` URI points to: the code's title, status and meaning.",
    request: {
      params: z.object({
        code: z.string().openapi({
          param: { description: `an error code: ${ERROR_CODES.join(', ')}` },
          example: 'invalid_parameter',
        }),
      }),
    },
    responses: {
      200: okJson(ProblemTypeSchema, 'The code', problemType('invalid_parameter')),
      ...errorResponses('/api/v1/problems/teapot', {
        notFound: `there is no error code "teapot"; the codes are ${ERROR_CODES.join(', ')}`,
      }),
    },
  }),
};

/** Mounts the problem-type descriptions. */
export function mountProblems(app: OpenAPIHono): void {
  app.openapi(problemRoutes.list, (c) => c.json({ items: ERROR_CODES.map(problemType) }, 200));
  app.openapi(problemRoutes.get, (c) => {
    const code = c.req.valid('param').code;
    if (!(ERROR_CODES as string[]).includes(code)) {
      throw notFound('error code', code, `the codes are ${ERROR_CODES.join(', ')}`);
    }
    return c.json(problemType(code as ErrorCode), 200);
  });
}
