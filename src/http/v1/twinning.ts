import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import { BARRIERS, THEMES } from '../../domain/codes.ts';
import { invalidParameter } from '../../domain/errors.ts';
import {
  CHECK_ORDER,
  TRANSFER_REQUIREMENT_CODES,
  TWINNING_WEIGHTS,
} from '../../domain/twinning.ts';
import { getPickedTwinning, getRegionTwinning, getSimilarity } from '../../services/twinning.ts';
import { twinningJson } from './presenters.ts';
import { errorResponses, idParam, okJson } from './schemas.ts';

const TAG = 'Twinning';

const Reason = z.object({ barrier: z.string(), weight: z.number() });

const Condition = z.object({
  requires: z.string().openapi({
    description: `the requirement: ${TRANSFER_REQUIREMENT_CODES.join(', ')}`,
  }),
  note: z.string().openapi({ description: 'what the practice relies on (curated)' }),
  status: z.enum(['met', 'unmet', 'unknown']).openapi({
    description:
      "what the region's records show; unmet and unknown are caveats to check before transfer",
  }),
  evidence: z
    .array(
      z.object({
        kind: z.enum(CHECK_ORDER),
        ref: z.string().openapi({
          description:
            'the strength or weakness as written, the initiative slug, the strategy title, the barrier code, the level, or the requirement ticked',
        }),
        met: z.boolean().openapi({ description: 'whether this record shows the condition met' }),
      }),
    )
    .openapi({
      description: `the records found, the deciding one first; kinds decide in this order: ${CHECK_ORDER.join(', ')}`,
    }),
});

const TwinningSchema = z
  .object({
    region: z.string().nullable().openapi({ description: 'the region asked about, or null' }),
    themes: z.array(z.string()).openapi({ description: 'the themes initiatives are matched on' }),
    weights: z.record(z.string(), z.number()).openapi({
      description: 'the weights every score below is made of (the same for every answer)',
    }),
    profile: z.array(Reason).openapi({ description: 'the barrier profile, strongest first' }),
    peers: z.array(
      z.object({
        region: z.string(),
        name: z.string(),
        score: z.number().openapi({ description: 'weighted Jaccard similarity, 0 to 1' }),
        shared: z.array(Reason),
      }),
    ),
    mentors: z.array(
      z.object({
        place: z.string().openapi({ description: 'region or country code, EU for EU-wide' }),
        name: z.string(),
        score: z.number(),
        addresses: z.array(Reason),
        practices: z.array(z.string()),
      }),
    ),
    practices: z.array(
      z.object({
        slug: z.string(),
        name: z.string(),
        place: z.string(),
        score: z.number(),
        addresses: z.array(Reason),
        exemplary: z.boolean(),
        transferability: z.string().nullable(),
        conditions: z.array(Condition).openapi({
          description:
            "the practice's transfer conditions checked against the region (or what the form says it has)",
        }),
      }),
    ),
    initiatives: z.array(
      z.object({
        slug: z.string(),
        name: z.string(),
        score: z.number(),
        sharedThemes: z.array(z.string()),
        openScope: z.boolean(),
      }),
    ),
  })
  .openapi('Twinning');

const EXAMPLE: z.input<typeof TwinningSchema> = {
  region: 'ES51',
  themes: ['atmp'],
  weights: { ...TWINNING_WEIGHTS },
  profile: [{ barrier: 'B05', weight: 4 }],
  peers: [
    {
      region: 'DE1',
      name: 'Baden-Württemberg',
      score: 0.46,
      shared: [{ barrier: 'B05', weight: 4 }],
    },
  ],
  mentors: [
    {
      place: 'NL',
      name: 'Netherlands',
      score: 4,
      addresses: [{ barrier: 'B05', weight: 4 }],
      practices: ['x'],
    },
  ],
  practices: [
    {
      slug: 'x',
      name: 'X',
      place: 'NL',
      score: 4,
      addresses: [{ barrier: 'B05', weight: 4 }],
      exemplary: false,
      transferability: null,
      conditions: [
        {
          requires: 'reimbursement_route',
          note: 'Needs a public payer that can tie the price paid to results.',
          status: 'unmet',
          evidence: [{ kind: 'challenge', ref: 'B05', met: false }],
        },
      ],
    },
  ],
  initiatives: [{ slug: 'y', name: 'Y', score: 1.5, sharedThemes: ['atmp'], openScope: true }],
};

const listParam = (what: string, allowed: readonly string[]) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({
      param: {
        description: `${what}; several values comma-separated or the parameter repeated; allowed values: ${allowed.join(', ')}`,
      },
    });

/** The twinning operations. */
export const twinningRoutes = {
  region: createRoute({
    method: 'get',
    path: '/api/v1/regions/{code}/twinning',
    operationId: 'getRegionTwinning',
    tags: [TAG],
    summary: "A region's twinning suggestions",
    description:
      "Peers (regions with the same barriers), mentors (places whose good practices address them), practices to transfer (each transfer condition checked against the region's fact sheet, initiatives and strategies: met, unmet or unknown, with the records) and initiatives to join, each with its score and the reasons it is made of. Deterministic: the same records give the same answer.",
    request: { params: idParam('code', 'region or country code, e.g. ES51', 'ES51', 60) },
    responses: {
      200: okJson(TwinningSchema, 'The suggestions', EXAMPLE),
      ...errorResponses('/api/v1/regions/XX/twinning', {
        notFound: 'there is no region "XX"; see the list of regions',
      }),
    },
  }),
  picked: createRoute({
    method: 'get',
    path: '/api/v1/twinning',
    operationId: 'getPickedTwinning',
    tags: [TAG],
    summary: 'Twinning suggestions for barriers and themes you pick',
    description:
      "For a region or country that is not on record: suggestions for the barriers (each weighing as a fact-sheet challenge) and, optionally, themes given; the practices' transfer conditions are checked against what `has` says the region has. Nothing is stored.",
    request: {
      query: z.object({
        barrier: z.union([z.string(), z.array(z.string())]).openapi({
          param: {
            description: `the barriers your region faces (at least one), comma-separated or the parameter repeated; allowed values: ${BARRIERS.map((b) => b.code).join(', ')}`,
            required: true,
          },
          example: 'B05',
        }),
        theme: listParam(
          'themes',
          THEMES.map((t) => t.code),
        ),
        has: listParam(
          "what your region already has, checked against the practices' transfer conditions (met when given; otherwise not met when a barrier you picked shows the gap, else unknown)",
          TRANSFER_REQUIREMENT_CODES,
        ),
      }),
    },
    responses: {
      200: okJson(TwinningSchema, 'The suggestions', { ...EXAMPLE, region: null }),
      ...errorResponses('/api/v1/twinning', {
        invalid: invalidParameter(
          'barrier',
          'pick at least one barrier or theme, e.g. barrier=B05',
        ),
      }),
    },
  }),
  similarity: createRoute({
    method: 'get',
    path: '/api/v1/twinning/similarity',
    operationId: 'getTwinningSimilarity',
    tags: [TAG],
    summary: 'Region × region similarity of barrier profiles',
    description:
      'For every region with evidence, the weighted Jaccard similarity of its barrier profile with every other (0 to 1), in the order of `regions`.',
    responses: {
      200: okJson(
        z
          .object({ regions: z.array(z.string()), matrix: z.array(z.array(z.number())) })
          .openapi('TwinningSimilarity'),
        'The matrix',
        {
          regions: ['DE1', 'ES51'],
          matrix: [
            [1, 0.46],
            [0.46, 1],
          ],
        },
      ),
      ...errorResponses('/api/v1/twinning/similarity'),
    },
  }),
};

/** Mounts the twinning operations. */
export function mountTwinning(app: OpenAPIHono, db: Db): void {
  app.openapi(twinningRoutes.region, async (c) =>
    c.json(twinningJson(await getRegionTwinning(db, c.req.valid('param').code)), 200),
  );
  app.openapi(twinningRoutes.picked, async (c) => {
    const q = c.req.queries();
    return c.json(
      twinningJson(await getPickedTwinning(db, { barrier: q.barrier, theme: q.theme, has: q.has })),
      200,
    );
  });
  app.openapi(twinningRoutes.similarity, async (c) => {
    const s = await getSimilarity(db);
    return c.json({ regions: s.regions.map((r) => r.code), matrix: s.matrix }, 200);
  });
}
