import { extname } from 'node:path';
import { FACET_LABELS, FACET_NAMES } from '../domain/search.ts';
import {
  EXPORT_ENTITIES,
  EXPORT_FORMATS,
  type ExportEntity,
  type ExportFormat,
  writeFileAtomically,
} from '../io/export.ts';
import type { PreparedExport } from '../services/exports.ts';
import { type Command, EXIT, FACET_OPTIONS, parse, UsageError, withData } from './common.ts';

/** The format asked for, or the one the output file's extension names. */
function chooseFormat(given: string | undefined, out: string | undefined): ExportFormat {
  const isFormat = (f: string): f is ExportFormat =>
    (EXPORT_FORMATS as readonly string[]).includes(f);
  if (given !== undefined) {
    if (!isFormat(given)) {
      throw new UsageError(`unknown format "${given}"; formats: ${EXPORT_FORMATS.join(', ')}`);
    }
    return given;
  }
  const ext = out ? extname(out).slice(1).toLowerCase() : '';
  if (isFormat(ext)) return ext;
  throw new UsageError(
    `give --format (${EXPORT_FORMATS.join(', ')})${out ? `; the extension of ${out} does not name one` : ''}`,
  );
}

function chooseEntity(given: string | undefined, all: boolean): ExportEntity | undefined {
  if (given === undefined) return undefined;
  if (!all) throw new UsageError('--entity picks a part of the whole dataset: add --all');
  if (!(EXPORT_ENTITIES as readonly string[]).includes(given)) {
    throw new UsageError(`unknown entity "${given}"; entities: ${EXPORT_ENTITIES.join(', ')}`);
  }
  return given as ExportEntity;
}

/** "initiatives 12, regions 75, …": counts after names, so that one record reads as well as many. */
function describe(counts: PreparedExport['counts']): string {
  return Object.entries(counts)
    .map(([entity, n]) => `${entity.replaceAll('_', ' ')} ${n}`)
    .join(', ');
}

/** `atlas export`: a search result or the whole dataset as CSV, XLSX, JSON or GeoJSON. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'export a search result or the whole dataset as CSV, XLSX, JSON or GeoJSON',
  help: `Usage: atlas export --format F [--out FILE] ["<words>"] [filters] [--sort S]
       atlas export --all --format F [--entity E] [--out FILE]

Writes every initiative a search finds (the words and filters of atlas search, the whole result
rather than one page), or with --all the whole public dataset.

Formats:
  csv      one table, UTF-8 with a byte-order mark
  xlsx     an Excel workbook (needs --out): a frozen, bold header row with a filter on it;
           with --all one sheet per entity, the initiatives first

CSV and XLSX are written for people: headers in words, names and labels instead of codes
("Spain", "Research & Innovation"), lists as "a; b", funding and sources as text. With --codes
they hold the codes and the columns atlas import reads, so the file can be imported again.
  json     initiatives as data/reference/initiatives.json holds them; with --all an object with
           one array per entity ({"initiatives": [...], "regions": [...], ...})
  geojson  a FeatureCollection with one feature per home country and one per submitting region
           of the initiatives, with the count and the list of those initiatives

Options:
  --format F   ${EXPORT_FORMATS.join(', ')} (default: from the extension of --out)
  --out FILE   write to FILE, which appears only once the export is complete; without --out,
               or with --out -, csv, json and geojson go to standard output
  --codes      CSV and XLSX in the code form that atlas import reads back
  --all        the whole dataset instead of a search result
  --entity E   with --all, only one entity: ${EXPORT_ENTITIES.join(', ')}.
               A CSV file holds one table, so --all --format csv without --entity exports the
               initiatives
  --sort S     order of a search result: relevance (default with words), name (default
               without), updated

Filters (as atlas search: repeat a flag or separate values with commas):
${FACET_NAMES.map((f) => `  --${f.padEnd(8)} ${FACET_LABELS[f]}`).join('\n')}

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @) are written to
CSV and XLSX with a leading apostrophe; atlas import takes it off again.`,
  async run(args, io) {
    const { prepareDatasetExport, prepareSearchExport } = await import('../services/exports.ts');
    const { values, positionals } = parse(
      args,
      {
        ...FACET_OPTIONS,
        format: { type: 'string' },
        out: { type: 'string', short: 'o' },
        all: { type: 'boolean' },
        codes: { type: 'boolean' },
        entity: { type: 'string' },
        sort: { type: 'string' },
      },
      true,
    );
    if (positionals.length > 1) {
      throw new UsageError(
        `give the search words as one quoted argument, e.g. atlas export --format csv "${positionals.join(' ')}"`,
      );
    }
    const out = values.out === '-' ? undefined : values.out;
    const format = chooseFormat(values.format, out);
    if (format === 'xlsx' && out === undefined) {
      throw new UsageError(
        'an XLSX workbook is a binary file and is not written to standard output: give --out FILE.xlsx',
      );
    }
    const all = values.all === true;
    const searching =
      positionals.length > 0 ||
      values.sort !== undefined ||
      FACET_NAMES.some((f) => (values[f] ?? []).length > 0);
    if (all && searching) {
      throw new UsageError(
        '--all exports the whole dataset, so it takes no search words, filters or --sort; drop them or drop --all',
      );
    }
    const entity = chooseEntity(values.entity, all);
    const form = values.codes === true ? 'codes' : 'labels';
    return withData(io, 'export', async (db) => {
      const prepared = all
        ? await prepareDatasetExport(db, format, entity, form)
        : await prepareSearchExport(
            db,
            {
              q: positionals[0],
              ...Object.fromEntries(FACET_NAMES.map((f) => [f, values[f]])),
              sort: values.sort,
              form,
            },
            format,
          );
      if (all && format === 'csv' && entity === undefined) {
        io.err(
          'atlas export: a CSV file holds one table, so this is the initiatives; use --entity for another, or --format xlsx or json for all of them',
        );
      }
      if (out === undefined) {
        await prepared.write(io.stdout ?? process.stdout);
        return EXIT.ok;
      }
      await writeFileAtomically(out, (stream) => prepared.write(stream));
      io.out(`wrote ${out}: ${describe(prepared.counts)}`);
      return EXIT.ok;
    });
  },
};
