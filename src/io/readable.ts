import {
  BARRIER_CATEGORIES,
  BARRIERS,
  CAMPAIGN_KINDS,
  type CodeEntry,
  DOMAINS,
  FUNDING_KINDS,
  PILLARS,
  REGION_LEVELS,
  RELATION_KINDS,
  SCOPES,
  STAKEHOLDER_GROUPS,
  STATUSES,
  STRUCTURAL_TYPES,
  THEMES,
} from '../domain/codes.ts';
import { LIST_SEPARATOR } from '../domain/columns.ts';
import { invalidParameter } from '../domain/errors.ts';
import type { Cell, ExportTable } from './export.ts';

/**
 * Spreadsheets for people: the same tables as the code form the importer reads back, with
 * headers in words, codes as their labels (places and sources by name), lists as "a; b" and
 * structured cells (funding, sources, challenges) as sentences instead of JSON.
 */

/**
 * How a spreadsheet (CSV, XLSX) is written: for people (headers in words, labels and names for
 * codes, lists as "a; b", no JSON in cells), or in the code form the importer reads back.
 */
export type SheetForm = 'labels' | 'codes';

/**
 * The spreadsheet form a download asks for (`form=labels`, the default, or `form=codes`), and
 * its other parameters.
 */
export function sheetFormOf<P extends Readonly<Record<string, unknown>>>(
  raw: P & { form?: unknown },
): { form: SheetForm; params: Omit<P, 'form'> } {
  const { form: given, ...params } = raw;
  const form = [given].flat()[0] ?? 'labels';
  if (form !== 'labels' && form !== 'codes')
    throw invalidParameter(
      'form',
      'use form=labels (a spreadsheet for people) or form=codes (the columns atlas import reads)',
    );
  return { form, params };
}

/** What the code lists cannot name: places and sources, read from the records. */
export interface ExportNames {
  /** Country and region names by code ("ES" → "Spain"). */
  readonly places: ReadonlyMap<string, string>;
  /** Source titles by code. */
  readonly sources: ReadonlyMap<string, string>;
  /** Campaign titles by slug. */
  readonly campaigns: ReadonlyMap<string, string>;
}

/** The kinds of recommendation in words (issue 17). */
export const RECOMMENDATION_KIND_LABELS: Readonly<Record<string, string>> = {
  way_forward: 'PRECISEU D6.1 way forward',
  joint_roadmap: 'PRECISEU D6.1 joint roadmap',
  regional_outlook: "A region's outlook (PRECISEU D6.1 fact sheet)",
  pillar_next_step: "An EP PerMed pillar's next step",
  icpermed: 'ICPerMed report',
  ec_action: 'European Commission action',
};

const labels = (list: readonly CodeEntry[]) => new Map(list.map((c) => [c.code, c.label]));
const BARRIER_NAMES = new Map(BARRIERS.map((b) => [b.code, `${b.code} ${b.label}`]));
const GROUPS = labels(STAKEHOLDER_GROUPS);

/** Code columns by header, with the list that names their codes. */
const CODE_COLUMNS: Readonly<Record<string, ReadonlyMap<string, string>>> = {
  domain: labels(DOMAINS),
  type: labels(STRUCTURAL_TYPES),
  status: labels(STATUSES),
  scopes: labels(SCOPES),
  themes: labels(THEMES),
  barriers: BARRIER_NAMES,
  barrier: BARRIER_NAMES,
  category: labels(BARRIER_CATEGORIES),
  stakeholder_group: GROUPS,
  stakeholder_groups: GROUPS,
  // Regions' levels, and the levels a recommendation is addressed to.
  level: new Map([
    ...labels(REGION_LEVELS),
    ['european', 'European'],
    ['national', 'National'],
    ['regional', 'Regional'],
  ]),
  pillar: labels(PILLARS),
};
/** Columns whose codes are places. */
const PLACE_COLUMNS = new Set([
  'home_country',
  'country',
  'regions',
  'region',
  'submitting_region',
  'parent',
]);
/** Columns of a few fixed words ("on_site") read as words ("On site"). */
const WORD_COLUMNS = new Set(['format', 'scope', 'state', 'website_missing', 'link_missing']);

const FUNDING = labels(FUNDING_KINDS);
const RELATIONS = labels(RELATION_KINDS);
const CAMPAIGNS = labels(CAMPAIGN_KINDS);

/** "on_site" → "On site". */
const words = (code: string) => {
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** A field name of the schema as its column is called ("homeCountry" → "home_country"). */
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A header in words: a stakeholder group's label, else the column name as a phrase. */
export function readableHeader(header: string): string {
  return GROUPS.get(header) ?? words(header);
}

const list = (cell: string) => cell.split(LIST_SEPARATOR).filter((v) => v !== '');
const parse = (cell: string): unknown => {
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
};
const text = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));
const joined = (parts: readonly unknown[]) =>
  parts
    .map(text)
    .filter((p) => p !== '')
    .join(LIST_SEPARATOR);

/** A source reference as a person cites it: "Title (section, row 12: note)". */
function sourceText(names: ExportNames, s: Record<string, unknown>): string {
  const where = joined([s.section, s.row === undefined ? '' : `row ${text(s.row)}`]).replace(
    LIST_SEPARATOR,
    ', ',
  );
  const detail = [where, text(s.note)].filter((p) => p !== '').join(': ');
  const title = names.sources.get(text(s.source)) ?? text(s.source);
  return detail === '' ? title : `${title} (${detail})`;
}

/** A funding line: "EU: European Commission, Horizon Europe (note)". */
function fundingText(f: Record<string, unknown>): string {
  const who = [text(f.funder), text(f.programme)].filter((p) => p !== '').join(', ');
  const note = text(f.note);
  const kind = FUNDING.get(text(f.kind)) ?? text(f.kind);
  return `${kind}${who ? `: ${who}` : ''}${note ? ` (${note})` : ''}`;
}

/** A JSON cell whose structure has no sentence of its own: its values, as "key: value; …". */
function plain(value: unknown): string {
  if (Array.isArray(value)) return joined(value.map(plain));
  if (value && typeof value === 'object')
    return joined(Object.entries(value).map(([k, v]) => `${words(k)}: ${plain(v)}`));
  return text(value);
}

/** One cell in words, by its column. Empty, numbers and yes/no stay as they are. */
export function readableCell(header: string, cell: Cell, names: ExportNames): Cell {
  if (typeof cell !== 'string' || cell === '') return cell;
  const codes = CODE_COLUMNS[header];
  if (codes) return joined(list(cell).map((c) => codes.get(c) ?? c));
  if (PLACE_COLUMNS.has(header)) return joined(list(cell).map((c) => names.places.get(c) ?? c));
  if (WORD_COLUMNS.has(header)) return words(cell);
  if (header === 'kind') return CAMPAIGNS.get(cell) ?? RECOMMENDATION_KIND_LABELS[cell] ?? cell;
  if (header === 'quote_source') return names.sources.get(cell) ?? cell;
  if (header === 'campaign') return names.campaigns.get(cell) ?? cell;
  const rows = () => {
    const v = parse(cell);
    return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
  };
  switch (header) {
    case 'sources':
      return joined(rows().map((s) => sourceText(names, s)));
    case 'quote_printed_in':
      // A page is cited beside the section, where a table row would be.
      return joined(
        rows().map((p) =>
          sourceText(names, {
            ...p,
            row: undefined,
            section: joined([p.section, p.page ? `p. ${text(p.page)}` : '']).replace(
              LIST_SEPARATOR,
              ', ',
            ),
          }),
        ),
      );
    case 'workshop_note': {
      const note = parse(cell) as { text?: unknown; sources?: Record<string, unknown>[] };
      const where = joined((note.sources ?? []).map((s) => sourceText(names, s)));
      return where ? `${text(note.text)} (${where})` : text(note.text);
    }
    case 'funding':
      return joined(rows().map(fundingText));
    case 'challenges':
      return joined(
        rows().map(
          (c) => `${BARRIER_NAMES.get(text(c.barrier)) ?? text(c.barrier)}: ${text(c.note)}`,
        ),
      );
    case 'inferred':
      return joined(
        rows().map((m) => `${readableHeader(snake(text(m.field)))}: ${text(m.reason)}`),
      );
    case 'relations':
      return joined(
        list(cell).map((r) => {
          const [kind = '', target = ''] = r.split(':');
          return `${RELATIONS.get(kind) ?? kind}: ${target}`;
        }),
      );
  }
  return cell.startsWith('[') || cell.startsWith('{') ? plain(parse(cell)) : cell;
}

/**
 * The headers of a table in words. An extra column of an imported file may already be called
 * what a fixed one becomes: it keeps its own name then, so that no column hides another.
 */
export function readableHeaders(headers: readonly string[]): string[] {
  const taken = new Set<string>();
  return headers.map((h) => {
    const words = readableHeader(h);
    const header = taken.has(words) ? h : words;
    taken.add(header);
    return header;
  });
}

/** A table for people: the same rows, headers in words and every cell through readableCell. */
export function readableTable(table: ExportTable, names: ExportNames): ExportTable {
  const headers = readableHeaders(table.headers);
  return {
    name: table.name,
    headers,
    async *rows() {
      for await (const row of table.rows()) {
        yield Object.fromEntries(
          table.headers.map((h, i) => [headers[i], readableCell(h, row[h], names)]),
        );
      }
    },
  };
}
