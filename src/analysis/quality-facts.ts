import type { FindingRecord } from '../domain/quality.ts';
import type { CellFact, StatusFact } from './quality-cells.ts';
import type { DatedFact, DocumentFact } from './quality-dates.ts';
import type { NameFact } from './quality-names.ts';
import type { TableRowFact } from './quality-tables.ts';

/** A citation of a document as records store it. */
interface Citation {
  readonly source: string;
  readonly section?: string;
  readonly row?: string;
}

/** The records the record-level rules read, as the service lists them. */
export interface RecordInput {
  readonly initiatives: readonly {
    slug: string;
    name: string;
    acronym: string | null;
    website: string | null;
    websiteMissing: string | null;
    scopeVerbatim: string | null;
    statusNote: string | null;
    statusAsOf: string | null;
    status: string;
    type: string;
    domain: string;
  }[];
  readonly practices: readonly {
    slug: string;
    name: string;
    link: string | null;
    country: string | null;
    region: string | null;
    scope: string | null;
    summary: string | null;
  }[];
  readonly workshops: readonly {
    key: string;
    region: string;
    regionName: string;
    heldOn: string | null;
    participants: number | null;
    format: string | null;
    organisers: string | null;
  }[];
  readonly campaigns: readonly {
    slug: string;
    title: string;
    opensAt?: string;
    closesAt?: string;
  }[];
  readonly documents: readonly DocumentFact[];
  /** Every citation of every record, by entity and record key. */
  readonly cited: ReadonlyMap<string, ReadonlyMap<string, readonly Citation[]>>;
}

/** One record with its content (every field its table prints) and its citations. */
interface Row {
  readonly record: FindingRecord;
  readonly content: readonly unknown[];
}

/** The records of every entity, each with the content its table rows print. */
function rowsOf(input: RecordInput): Row[] {
  return [
    ...input.initiatives.map((i) => ({
      record: { entity: 'initiative', key: i.slug, label: i.name },
      content: [i.name, i.acronym, i.website ?? i.websiteMissing, i.scopeVerbatim, i.status],
    })),
    ...input.practices.map((p) => ({
      record: { entity: 'good_practice', key: p.slug, label: p.name },
      content: [p.name, p.link, p.country, p.region, p.scope, p.summary],
    })),
    ...input.workshops.map((w) => ({
      record: { entity: 'workshop', key: w.key, label: `Workshop in ${w.regionName}` },
      content: [w.region, w.heldOn, w.participants, w.format, w.organisers],
    })),
    ...input.campaigns.map((c) => ({
      record: { entity: 'campaign', key: c.slug, label: c.title },
      content: [c.title, c.opensAt, c.closesAt],
    })),
  ];
}

type Lookup = (r: FindingRecord) => readonly Citation[];
const initiativeRecord = (i: { slug: string; name: string }): FindingRecord => ({
  entity: 'initiative',
  key: i.slug,
  label: i.name,
});

/** Cells that may hold another field's value: status notes, scope cells, acronyms, row references. */
function cellFacts(input: RecordInput, rows: readonly Row[], citesOf: Lookup): CellFact[] {
  return [
    ...input.initiatives.flatMap((i): CellFact[] => {
      const record = initiativeRecord(i);
      const out: CellFact[] = [];
      if (i.statusNote)
        out.push({ record, field: 'status note', value: i.statusNote, own: 'status' });
      if (i.scopeVerbatim)
        out.push({ record, field: 'scope', value: i.scopeVerbatim, own: 'scope', list: true });
      if (i.acronym) out.push({ record, field: 'acronym', value: i.acronym, codeLike: true });
      return out;
    }),
    ...rows.flatMap(({ record }) =>
      citesOf(record).flatMap((c): CellFact[] =>
        c.row ? [{ record, field: 'row reference', value: c.row, codeLike: true }] : [],
      ),
    ),
  ];
}

/** The dates records give: status as of, workshop dates, campaign openings and closings. */
function datedFacts(input: RecordInput, docsOf: (r: FindingRecord) => string[]): DatedFact[] {
  const date = (record: FindingRecord, field: string, value: string | null | undefined) =>
    value ? [{ record, field, value, sources: docsOf(record) }] : [];
  return [
    ...input.initiatives.flatMap((i) => date(initiativeRecord(i), 'status as of', i.statusAsOf)),
    ...input.workshops.flatMap((w) =>
      date(
        { entity: 'workshop', key: w.key, label: `Workshop in ${w.regionName}` },
        'held on',
        w.heldOn,
      ),
    ),
    ...input.campaigns.flatMap((c) => {
      const record = { entity: 'campaign', key: c.slug, label: c.title };
      return [...date(record, 'opens on', c.opensAt), ...date(record, 'closes on', c.closesAt)];
    }),
  ];
}

/**
 * The facts of the record-level rules: the cells that may hold another field's value, the dates
 * with the documents they cite, every record as a row of each section it cites, and the names.
 */
export function recordFacts(input: RecordInput): {
  cells: CellFact[];
  statuses: StatusFact[];
  documents: DocumentFact[];
  dated: DatedFact[];
  tableRows: TableRowFact[];
  names: NameFact[];
} {
  const titles = new Map(input.documents.map((d) => [d.code, d.title]));
  const citesOf: Lookup = (r) => input.cited.get(r.entity)?.get(r.key) ?? [];
  const docsOf = (r: FindingRecord) => [...new Set(citesOf(r).map((c) => c.source))];
  const rows = rowsOf(input);
  const acronyms = new Map(input.initiatives.map((i) => [i.slug, i.acronym]));

  const tableRows: TableRowFact[] = rows.flatMap(({ record, content }) =>
    citesOf(record).map((c) => ({
      record,
      source: c.source,
      sourceTitle: titles.get(c.source) ?? c.source,
      section: c.section ?? '',
      inTable: c.row != null,
      content: JSON.stringify(content.map((v) => v ?? null)),
    })),
  );

  const names: NameFact[] = rows
    .filter(({ record }) => record.entity === 'initiative' || record.entity === 'good_practice')
    .map(({ record }) => ({
      record,
      name: record.label,
      acronym: record.entity === 'initiative' ? acronyms.get(record.key) : null,
      sources: docsOf(record).map((code) => ({ code, title: titles.get(code) ?? code })),
    }));

  return {
    cells: cellFacts(input, rows, citesOf),
    statuses: input.initiatives.map((i) => ({
      record: initiativeRecord(i),
      status: i.status,
      type: i.type,
    })),
    documents: [...input.documents],
    dated: datedFacts(input, docsOf),
    tableRows,
    names,
  };
}
