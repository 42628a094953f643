import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../db/connect.ts';
import { notFound, unknownValue } from '../../domain/errors.ts';
import { REPORT_FORMATS, REPORT_KINDS, REPORT_SECTIONS } from '../../domain/report.ts';
import { parseReportOptions, splitValues } from '../../services/reports.ts';
import { LOCALES } from '../../web/i18n.ts';
import { siteOrigin } from '../origin.ts';
import type { ReportFiles } from '../report-files.ts';
import { errorResponses, idParam } from './schemas.ts';

const TAG = 'Reports';
const API_FORMATS = ['json', ...REPORT_FORMATS] as const;

const listParam = (description: string, example?: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ param: { description }, ...(example ? { example } : {}) });

const KINDS_HINT = `the kinds are ${REPORT_KINDS.join(', ')}`;

/** The report's document as JSON: the shape renderers read (domain/report.ts documents every field). */
const ReportDocumentSchema = z
  .object({
    kind: z.enum(REPORT_KINDS),
    lang: z.string(),
    title: z.string(),
    subtitle: z.string().optional(),
    runningHead: z.string(),
    sections: z.array(
      z
        .object({
          id: z.string(),
          heading: z.string(),
          blocks: z.array(z.looseObject({ kind: z.string() })),
        })
        .passthrough(),
    ),
    colophon: z
      .object({
        dataVersion: z.string(),
        generatedAt: z.string(),
        filters: z.array(z.array(z.string())),
        licence: z.object({ name: z.string(), href: z.string() }),
        href: z.string(),
      })
      .passthrough(),
  })
  .openapi('ReportDocument');

const EXAMPLE: z.input<typeof ReportDocumentSchema> = {
  kind: 'fact-sheet',
  lang: 'en',
  title: 'Catalonia: regional fact sheet',
  runningHead: 'Fact sheet: Catalonia',
  sections: [
    {
      id: 'overview',
      heading: 'Overview',
      blocks: [
        {
          kind: 'table',
          id: 'headline-figures',
          caption: 'Catalonia in figures',
          header: ['Figure', 'Value'],
          rows: [
            {
              cells: ['Initiatives reported', 30],
              link: {
                href: '/initiatives?region=ES51',
                label: 'the initiatives counted for Catalonia',
              },
            },
          ],
        },
      ],
    },
  ],
  colophon: {
    dataVersion: '500@2026-12-06T02:55:19.721Z',
    generatedAt: '2026-12-06T03:00:00.000Z',
    filters: [['Regions', 'Catalonia']],
    licence: { name: 'CC BY 4.0', href: 'https://creativecommons.org/licenses/by/4.0/' },
    href: '/reports/fact-sheet?region=ES51',
  },
};

const SECTION_LIST = REPORT_KINDS.map((k) => `${k}: ${REPORT_SECTIONS[k].join(', ')}`).join('; ');

/** The report operation. */
export const reportRoutes = {
  report: createRoute({
    method: 'get',
    path: '/api/v1/reports/{kind}',
    operationId: 'getReport',
    tags: [TAG],
    summary: 'A report generated from the records',
    description: `One of four reports, computed from the records when asked (and kept per data version and options): \`mapping\` (initiatives by domain and structural type, the PRECISEU D3.1 structure), \`cross-regional\` (engagement, barriers by category, good practices, recommendations, fact sheets: the D6.1 structure), \`fact-sheet\` (one region: give exactly one \`region\`), \`changes\` (what a campaign round changed against the round before it: give \`campaign\`). \`format=json\` (the default) answers the report's document: sections, tables (each row with the link to its records), charts and maps with their figures, and the colophon (data version, generation time, options, licence, sources). \`html\`, \`pdf\`, \`docx\` and \`zip\` (every chart as SVG and PNG, every table as CSV) answer the file, as an attachment. Sections: ${SECTION_LIST}.`,
    request: {
      params: idParam('kind', `the kind of report: ${REPORT_KINDS.join(', ')}`, 'fact-sheet', 40),
      query: z.object({
        format: z
          .enum(API_FORMATS)
          .optional()
          .openapi({
            param: { description: 'json (default), html, pdf, docx or zip' },
            example: 'json',
          }),
        region: listParam(
          'partner region codes (repeated or comma-separated); none: every region',
          'ES51',
        ),
        domain: listParam('domain codes (mapping); none: every domain'),
        section: listParam('section ids of the kind; none: every section'),
        campaign: z
          .string()
          .optional()
          .openapi({
            param: {
              description:
                'a campaign slug (the round the report describes; for changes, the later round)',
            },
          }),
        since: z
          .string()
          .optional()
          .openapi({
            param: {
              description: 'changes: the earlier round (default: the round before campaign)',
            },
          }),
        asOf: z
          .string()
          .max(40)
          .optional()
          .openapi({
            param: {
              description:
                'the records as they were at this moment rather than now: a day (YYYY-MM-DD, its end in UTC) or a time with its zone (YYYY-MM-DDTHH:MM:SSZ). A record created later is left out, one removed since is back, one changed since has its values of then; the colophon states the moment and the data version then. A future moment, or one before the first record, is a 400.',
            },
            example: '2025-06-30',
          }),
        lang: z
          .enum(LOCALES)
          .optional()
          .openapi({ param: { description: "the report's language (default en)" } }),
      }),
    },
    responses: {
      200: {
        description: 'The report: its document as JSON, or the file in the format asked for',
        content: {
          'application/json': { schema: ReportDocumentSchema, example: EXAMPLE },
          'text/html': { schema: { type: 'string' } },
          'application/pdf': { schema: { type: 'string', format: 'binary' } },
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
            schema: { type: 'string', format: 'binary' },
          },
          'application/zip': { schema: { type: 'string', format: 'binary' } },
        },
      },
      202: {
        description:
          'A file (html, pdf, docx, zip) is made as a heavy job, by whichever instance takes it; when it takes longer than the server waits (HEAVY_WAIT_MS) the answer is 202: Location names the job (/jobs/{id}), which redirects (303) to this address once the file is made, and Retry-After says when to ask again',
        content: {
          'application/json': {
            schema: z.object({
              status: z.enum(['queued', 'running']),
              statusUrl: z.string(),
              retryAfterSeconds: z.number().int(),
            }),
            example: {
              status: 'running',
              statusUrl: '/jobs/3f1c2a9e-5b7d-5e21-a4c3-9d8e7f6a5b4c',
              retryAfterSeconds: 5,
            },
          },
        },
      },
      ...errorResponses('/api/v1/reports/XX', {
        invalid: unknownValue('region', 'XX', ['BE2', 'ES51']),
        notFound: `there is no report kind "XX"; ${KINDS_HINT}`,
      }),
    },
  }),
};

/** Mounts the report operation; files come from the atlas's one ReportFiles (shared cache). */
export function mountReports(
  app: OpenAPIHono,
  db: Db,
  files: ReportFiles,
  originOptions: { readonly publicUrl?: string; readonly trustedHosts?: readonly string[] },
): void {
  app.openapi(reportRoutes.report, async (c) => {
    const kind = c.req.valid('param').kind;
    if (!(REPORT_KINDS as readonly string[]).includes(kind))
      throw notFound('report kind', kind, KINDS_HINT);
    const q = c.req.queries();
    const one = c.req.valid('query');
    const options = await parseReportOptions(
      db,
      {
        kind,
        regions: splitValues(q.region),
        domains: splitValues(q.domain),
        sections: splitValues(q.section),
        campaign: one.campaign,
        since: one.since,
        asOf: one.asOf,
        lang: one.lang ?? 'en',
      },
      LOCALES,
    );
    const format = one.format ?? 'json';
    if (format === 'json') return c.json(await files.document(options), 200);
    return files.respond(c, options, format, siteOrigin(c.req.url, originOptions));
  });
}
