import { once } from 'node:events';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat } from '../domain/report.ts';
import type { ReportStep } from '../http/report-files.ts';
import { writeFileAtomically } from '../io/export.ts';
import { type Command, EXIT, parse, UsageError, withData } from './common.ts';

/** What the progress line says at each step of a generation. */
const STEP_TEXT: Readonly<Record<ReportStep, string>> = {
  past: 'reading the records as they were then',
  document: 'counting the records',
  figures: 'drawing the charts and maps',
  html: 'writing the HTML',
  pdf: 'printing the PDF with chromium',
  docx: 'writing the Word document',
  zip: 'packing the charts and tables',
};

/** The format asked for, or the one the output file's extension names. */
function chooseFormat(given: string | undefined, out: string): ReportFormat {
  const isFormat = (f: string): f is ReportFormat =>
    (REPORT_FORMATS as readonly string[]).includes(f);
  const f = given ?? out.split('.').pop()?.toLowerCase() ?? '';
  if (isFormat(f)) return f;
  throw new UsageError(
    given === undefined
      ? `give --format (${REPORT_FORMATS.join(', ')}); the extension of ${out} does not name one`
      : `unknown format "${given}"; formats: ${REPORT_FORMATS.join(', ')}`,
  );
}

/** `atlas report KIND`: a report generated from the records, written to a file. */
export const reportCommand: Command = {
  name: 'report',
  summary:
    'generate a report (mapping, cross-regional, fact sheet, changes) as HTML, PDF, DOCX or ZIP',
  help: `Usage: atlas report KIND [--region CODE ...] [--domain CODE ...] [--campaign SLUG]
                   [--since SLUG] [--as-of DATE] [--lang L] [--section ID ...] [--format F]
                   --out FILE

Generates a report from the records as they are now (or as they were on --as-of DATE) and
writes it to FILE.

Kinds:
  mapping          the initiatives by domain and structural type (the PRECISEU D3.1 structure)
  cross-regional   engagement, barriers, good practices, recommendations (the D6.1 structure)
  fact-sheet       one region (give exactly one --region)
  changes          what a campaign round changed (--campaign, compared with --since or the
                   round before it)

Formats (--format, or the extension of FILE):
  html   a standalone page (print stylesheet included)
  pdf    printed by chromium (CHROMIUM_PATH); tagged, with bookmarks
  docx   a Word document with real headings, tables and captions
  zip    every chart as SVG and PNG and every table as CSV

Options:
  --region CODE   a partner region (repeatable); none: every region the report covers
  --domain CODE   a domain (mapping; repeatable)
  --campaign SLUG the campaign round; --since SLUG the earlier round (changes)
  --as-of DATE    the records as they were at the end of DATE (YYYY-MM-DD, UTC) or at a time
                  (YYYY-MM-DDTHH:MM:SSZ): later records left out, removed ones back, changed
                  ones with their values of then
  --lang L        the report's language, any of the atlas's: en, bg, ca, de, el, es, fr, it,
                  lt, nl, ro, sv, uk (default en)
  --section ID    only these sections (repeatable); see /reports for each kind's sections`,
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        region: { type: 'string', multiple: true },
        domain: { type: 'string', multiple: true },
        section: { type: 'string', multiple: true },
        campaign: { type: 'string' },
        since: { type: 'string' },
        'as-of': { type: 'string' },
        lang: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      true,
    );
    const [kind, ...rest] = positionals;
    if (kind === undefined || rest.length > 0)
      throw new UsageError(`give one kind of report: ${REPORT_KINDS.join(', ')}`);
    if (values.out === undefined) throw new UsageError('give --out FILE, the file to write');
    const out = values.out;
    const format = chooseFormat(values.format, out);
    const [{ parseReportOptions, splitValues }, { ReportFiles }, { LOCALES }, { closePdfBrowser }] =
      await Promise.all([
        import('../services/reports.ts'),
        import('../http/report-files.ts'),
        import('../web/i18n.ts'),
        import('../io/report-pdf.ts'),
      ]);
    return withData(io, 'report', async (db, config) => {
      const options = await parseReportOptions(
        db,
        {
          kind,
          regions: splitValues(values.region),
          domains: splitValues(values.domain),
          sections: splitValues(values.section),
          campaign: values.campaign,
          since: values.since,
          asOf: values['as-of'],
          lang: values.lang,
        },
        LOCALES,
      );
      const files = new ReportFiles(db, { chromiumPath: config.CHROMIUM_PATH, cacheSize: 0 });
      const origin = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
      const started = Date.now();
      // The PDF printer keeps chromium for the next report; a command prints one and closes it.
      const file = await files
        .file(options, format, origin, (step) =>
          (io.status ?? io.err)(`atlas report: ${STEP_TEXT[step]}…`),
        )
        .finally(closePdfBrowser);
      await writeFileAtomically(out, async (w) => {
        if (!w.write(file.body)) await once(w, 'drain');
      });
      io.status?.('');
      io.out(
        `${out}: ${kind} report, ${format.toUpperCase()}, ${file.body.length} bytes, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      return EXIT.ok;
    });
  },
};
