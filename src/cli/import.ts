import {
  COLUMN_TARGETS,
  type ColumnTarget,
  INITIATIVE_COLUMNS,
  type InitiativeColumn,
} from '../domain/columns.ts';
import { setOwn } from '../domain/own.ts';
import type { TableOptions } from '../io/table.ts';
import {
  TABLE_FORMATS,
  type TableFormat,
  TEXT_ENCODINGS,
  type TextEncoding,
} from '../io/table-cells.ts';
import type {
  ImportOptions,
  ImportRules,
  ImportSummary,
  PlanRow,
  RowDecision,
} from '../services/imports.ts';
import { type CliIo, type Command, EXIT, parse, UsageError, withDatabase } from './common.ts';

const DECISIONS: readonly RowDecision[] = ['merge', 'keep', 'skip', 'accept'];

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

function field(flag: string, name: string): InitiativeColumn {
  if (!(INITIATIVE_COLUMNS as readonly string[]).includes(name)) {
    throw new UsageError(
      `--${flag}: "${name}" is not a field; fields are ${INITIATIVE_COLUMNS.join(', ')}`,
    );
  }
  return name as InitiativeColumn;
}

function pairs(flag: string, values: string[] | undefined, separator = '='): [string, string][] {
  return (values ?? []).map((v) => {
    const at = v.lastIndexOf(separator);
    if (at <= 0)
      throw new UsageError(
        `--${flag} takes LEFT${separator}RIGHT, e.g. ${flag === 'map' ? '"Project title=name"' : flag === 'decide' ? '12=merge' : 'home_country=SE'}; got "${v}"`,
      );
    return [v.slice(0, at), v.slice(at + 1)];
  });
}

function positiveInt(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} must be a whole number above 0, not "${v}"`);
  return n;
}

/** --wait SECONDS in milliseconds: how long to wait for another import; 0 refuses at once. */
function waitMs(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new UsageError(`--wait must be a number of seconds, 0 or more, not "${v}"`);
  return n * 1000;
}

/** Rows of a --decide value: "12", "12,14" or "12-15". */
function decisionRows(text: string): number[] {
  const rows: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m?.[1])
      throw new UsageError(
        `--decide: "${text}" is not a row number, list (12,14) or range (12-15)`,
      );
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (to < from || to - from > 100_000)
      throw new UsageError(`--decide: the range ${part} is not valid`);
    for (let r = from; r <= to; r++) rows.push(r);
  }
  return rows;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}…` : s);
}

/** The plan of one row as indented lines for the terminal. */
function rowLines(r: PlanRow): string[] {
  const where = r.rows.length > 1 ? `rows ${r.rows.join('+')}` : `row ${r.row}`;
  const target = r.target && r.target !== r.slug ? ` → ${r.target}` : '';
  const lines = [`${where.padEnd(10)} ${r.action.padEnd(9)} ${r.slug}${target}  ${quote(r.name)}`];
  for (const c of r.changes)
    lines.push(
      `    changed   ${c.field}: ${quote(c.original)} → ${quote(c.normalised)} (${c.rule})`,
    );
  for (const f of r.flags)
    lines.push(
      `    ${f.severity === 'blocking' ? 'BLOCKING' : 'kept    '}  ${f.field}${f.value ? ` ${quote(f.value)}` : ''}: ${f.problem}`,
    );
  for (const d of r.duplicates) {
    const of =
      d.of.where === 'database' ? `existing ${d.of.slug}` : `row ${d.of.row} (${d.of.slug})`;
    lines.push(
      `    duplicate ${of}, ${Math.round(d.confidence * 100)}%: ${d.evidence.map((e) => e.detail).join('; ')}`,
    );
  }
  for (const s of r.countrySuggestions)
    lines.push(
      `    suggests  home_country ${s.country}, ${Math.round(s.confidence * 100)}%: ${s.reason}`,
    );
  for (const q of r.questions) lines.push(`    DECIDE    ${q}`);
  return lines;
}

function summaryLines(s: ImportSummary): string[] {
  const a = s.actions;
  const records = Object.values(a).reduce((x, y) => x + y, 0);
  const out = [
    '',
    `${s.rows} ${s.rows === 1 ? 'row' : 'rows'} read${s.blankRows > 0 ? ` and ${s.blankRows} blank rows skipped` : ''}, making ${records} ${records === 1 ? 'record' : 'records'}: ${a.create} to create, ${a.update} to update, ${a.merge} to merge, ${a.unchanged} unchanged, ${a.skip} skipped, ${a.blocked} blocked, ${a.decide} waiting for a decision.`,
    `${s.changes} values normalised, ${s.flags} values flagged. File checksum sha256 ${s.file.sha256}.`,
  ];
  for (const n of s.notes) out.push(`Note: ${n}.`);
  // The reason goes to standard error, once (see run).
  if (s.refused) out.push('Not applied.');
  else if (s.applied && a.create + a.update + a.merge === 0)
    out.push('Applied: nothing needed writing.');
  else if (s.applied) out.push('Applied: all rows were written in one transaction.');
  else out.push('Dry run: nothing was written. Add --apply to write this plan.');
  return out;
}

/** A progress line with rows per second: redrawn in place on a terminal, or a line every 10% when asked for. */
function progressPrinter(io: CliIo, forced: boolean) {
  const started = Date.now();
  let lastTenth = -1;
  return ({ rows, bytes, totalBytes }: { rows: number; bytes: number; totalBytes: number }) => {
    const fraction = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const width = 24;
    const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
    const line = `[${bar}] ${Math.round(fraction * 100)}%  ${rows.toLocaleString('en')} rows  ${Math.round(rows / seconds).toLocaleString('en')} rows/s`;
    if (io.status) io.status(line);
    else if (forced && Math.floor(fraction * 10) > lastTenth) {
      lastTenth = Math.floor(fraction * 10);
      io.err(line);
    }
  };
}

/** The command's arguments, parsed strictly. */
function parseImportArgs(args: string[]) {
  return parse(
    args,
    {
      apply: { type: 'boolean' },
      json: { type: 'boolean' },
      summary: { type: 'boolean' },
      format: { type: 'string' },
      encoding: { type: 'string' },
      delimiter: { type: 'string' },
      sheet: { type: 'string' },
      map: { type: 'string', multiple: true },
      default: { type: 'string', multiple: true },
      value: { type: 'string', multiple: true },
      preset: { type: 'string' },
      'save-preset': { type: 'string' },
      decide: { type: 'string', multiple: true },
      duplicates: { type: 'string' },
      continuations: { type: 'string' },
      'accept-suggestions': { type: 'boolean' },
      'max-bytes': { type: 'string' },
      'max-rows': { type: 'string' },
      progress: { type: 'boolean' },
      wait: { type: 'string' },
    },
    true,
  );
}

type ImportArgs = ReturnType<typeof parseImportArgs>['values'];

/** The column mapping, defaults and value mappings of --map, --default and --value. */
function rulesFrom(values: ImportArgs): Required<ImportRules> {
  const mapping: Record<string, ColumnTarget> = {};
  for (const [header, target] of pairs('map', values.map)) {
    if (!COLUMN_TARGETS.includes(target as ColumnTarget)) {
      throw new UsageError(
        `--map: "${target}" is not a field; use one of ${COLUMN_TARGETS.join(', ')}`,
      );
    }
    setOwn(mapping, header, target as ColumnTarget);
  }
  const defaults = Object.fromEntries(
    pairs('default', values.default).map(([f, v]) => [field('default', f), v]),
  );
  const valueMaps: Partial<Record<InitiativeColumn, Record<string, string>>> = {};
  for (const [left, code] of pairs('value', values.value)) {
    const colon = left.indexOf(':');
    if (colon <= 0)
      throw new UsageError(
        `--value takes "FIELD:TEXT=CODE", e.g. "status:Running=ongoing"; got "${left}=${code}"`,
      );
    const f = field('value', left.slice(0, colon));
    valueMaps[f] = { ...valueMaps[f], [left.slice(colon + 1)]: code };
  }
  return { mapping, defaults, values: valueMaps };
}

/** The decisions of --decide, by row. */
function decisionsFrom(values: ImportArgs): Map<number, RowDecision> {
  const decisions = new Map<number, RowDecision>();
  for (const [rows, d] of pairs('decide', values.decide)) {
    const decision = oneOf('decide', d, DECISIONS) as RowDecision;
    for (const r of decisionRows(rows)) decisions.set(r, decision);
  }
  return decisions;
}

/** How the file is read: --delimiter, --sheet and the size limits. */
function readingFrom(values: ImportArgs): Pick<TableOptions, 'delimiter' | 'sheet' | 'limits'> {
  const delimiter =
    values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : values.delimiter;
  if (delimiter !== undefined && delimiter.length !== 1)
    throw new UsageError('--delimiter must be one character, e.g. ";" or "\\t"');
  const maxBytes = positiveInt('max-bytes', values['max-bytes']);
  const maxRows = positiveInt('max-rows', values['max-rows']);
  return {
    delimiter,
    sheet: values.sheet,
    limits: { ...(maxBytes ? { maxBytes } : {}), ...(maxRows ? { maxRows } : {}) },
  };
}

/** Prints the plan as it comes: the columns, then each row, as text or as one JSON document. */
function planPrinter(
  io: CliIo,
  json: boolean,
  summaryOnly: boolean,
): Pick<ImportOptions, 'onStart' | 'onRow'> {
  let firstRow = true;
  return {
    onStart: ({ file: info, mapping: columns }) => {
      if (json) {
        io.out(`{"file":${JSON.stringify(info)},"mapping":${JSON.stringify(columns)},"rows":[`);
        return;
      }
      const how = [
        info.format.toUpperCase(),
        info.encoding,
        info.delimiter && `delimiter ${JSON.stringify(info.delimiter)}`,
        info.sheet && `sheet ${JSON.stringify(info.sheet)}`,
        info.headerRow > 0 && `header on row ${info.headerRow}`,
      ].filter(Boolean);
      io.out(`Import plan for ${info.file} (${how.join(', ')})`);
      io.out('\nColumns:');
      const width = Math.min(40, Math.max(...columns.map((c) => c.header.length)));
      for (const c of columns)
        io.out(
          `  ${c.header.padEnd(width)} → ${c.target}${c.how === 'unknown' ? ' (not recognised: kept as an extra field)' : ` (${c.note ?? c.how})`}`,
        );
      if (!summaryOnly) io.out('\nRows:');
    },
    onRow: (r) => {
      if (json) {
        io.out(`${firstRow ? '' : ','}${JSON.stringify(r)}`);
        firstRow = false;
      } else if (!summaryOnly && (r.action !== 'unchanged' || r.flags.length > 0)) {
        for (const line of rowLines(r)) io.out(line);
      }
    },
  };
}

/** `atlas import`: plans (and with --apply, applies) an import of a spreadsheet of initiatives. */
export const importCommand: Command = {
  name: 'import',
  summary: 'import initiatives from a CSV, TSV, XLSX or JSON file (dry run unless --apply)',
  help: `Usage: atlas import FILE [options]

Reads a CSV/TSV (any delimiter, UTF-8, UTF-16 or Windows-1252), XLSX or JSON file of
initiatives and prints the plan: how each column is read, and for every row what will be created,
updated, merged, skipped or is blocked, each value normalised (row, field, original, result),
each value that could not be read (kept verbatim as an extra field, never dropped), suspected
duplicates with their evidence, rows continued on the next line, and home-country suggestions.
Nothing is written unless --apply is given; then the whole plan is written in one transaction,
or nothing when a row is blocked or waits for a decision. Importing the same file again changes
nothing. Each record cites the file and row it came from.

Options:
  --apply                 write the plan (all rows or none)
  --json                  print the plan as JSON: {file, mapping, rows, summary}
  --summary               print only the mapping and the totals, not every row
  --format F              ${TABLE_FORMATS.join(', ')} (default: from the file name and its bytes)
  --encoding E            ${TEXT_ENCODINGS.join(', ')} (default: detected)
  --delimiter C           a CSV delimiter such as ";" or "\\t" (default: detected)
  --sheet NAME|N          the XLSX sheet by name or position (default: the first)
  --map "HEADER=TARGET"   read a column as a field, or as row_label, extra or ignore (repeatable)
  --default FIELD=VALUE   a value for rows that leave the field empty, e.g. home_country=SE
  --value "FIELD:TEXT=CODE"  read a cell text as a code, e.g. "domain:Medical research=research_innovation"
  --preset NAME           start from a saved preset of mappings, defaults and values
  --save-preset NAME      save the mappings, defaults and values used as a preset
  --decide ROWS=DECISION  merge, keep, skip or accept for rows 12, 12,14 or 12-15 (repeatable)
  --duplicates D          merge, keep or skip every suspected duplicate without a --decide
  --continuations D       merge or keep every detected continuation row without a --decide
  --accept-suggestions    take the strongest home-country suggestion where a row has none
  --max-bytes N           refuse files larger than N bytes (default 1 GiB)
  --max-rows N            refuse files with more than N rows (default 2,000,000)
  --progress              print progress with rows per second even when not on a terminal
  --wait SECONDS          how long to wait while another import writes (default 600); 0 refuses at once

Fields: ${INITIATIVE_COLUMNS.join(', ')}.`,
  async run(args, io) {
    const { values, positionals } = parseImportArgs(args);
    const file = positionals[0];
    if (!file || positionals.length > 1)
      throw new UsageError('give one file to import, e.g. atlas import landscape.xlsx');
    const rules = rulesFrom(values);
    const decisions = decisionsFrom(values);
    const reading = readingFrom(values);
    const json = values.json === true;
    const { importInitiatives } = await import('../services/imports.ts');
    return withDatabase(io, async (db) => {
      const summary = await importInitiatives(db, file, {
        apply: values.apply,
        format: oneOf('format', values.format, TABLE_FORMATS) as TableFormat | undefined,
        encoding: oneOf('encoding', values.encoding, TEXT_ENCODINGS) as TextEncoding | undefined,
        ...reading,
        ...rules,
        preset: values.preset,
        savePreset: values['save-preset'],
        decisions,
        duplicates: oneOf('duplicates', values.duplicates, ['merge', 'keep', 'skip'] as const),
        continuations: oneOf('continuations', values.continuations, ['merge', 'keep'] as const),
        acceptSuggestions: values['accept-suggestions'],
        waitMs: waitMs(values.wait),
        onWait: (message) => io.err(`atlas import: ${message}`),
        onProgress:
          io.status || values.progress ? progressPrinter(io, values.progress === true) : undefined,
        ...planPrinter(io, json, values.summary === true),
      });
      io.status?.('');
      if (json) {
        const { mapping: _m, file: _f, ...rest } = summary;
        io.out(`],"summary":${JSON.stringify({ ...rest, sha256: summary.file.sha256 })}}`);
      } else {
        for (const line of summaryLines(summary)) io.out(line);
      }
      if (summary.refused) io.err(`atlas import: ${summary.refused}`);
      return summary.refused ? EXIT.failed : EXIT.ok;
    });
  },
};
