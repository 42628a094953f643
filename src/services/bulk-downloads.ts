import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import yazl from 'yazl';
import type { Db } from '../db/connect.ts';
import { CHECKSUMS_FILE, type Distribution } from '../domain/open-data.ts';
import { codeLabelRows, codeLabelsCsv } from '../io/code-labels.ts';
import {
  type DataDictionary,
  DICTIONARY_CSV_HEADERS,
  DICTIONARY_SPEC,
  dataDictionary,
  dictionaryRows,
} from '../io/data-dictionary.ts';
import { FIXED_FILE_DATE, MEDIA_TYPES, writeCsv, writeFileAtomically } from '../io/export.ts';
import { translationsCsv } from '../io/translations-csv.ts';
import { dataVersion } from './data-version.ts';
import { EXPORT_ENTITIES, type ExportEntity, prepareDatasetExport } from './exports.ts';
import { allTranslations } from './translations.ts';

/** Where the files live and whom to tell about a failed regeneration. */
export interface BulkDownloadOptions {
  /** The folder of the downloads (config DOWNLOADS_DIR). */
  readonly dir: string;
  /** Told when a regeneration fails and the previous files are served instead. */
  readonly onError?: (e: unknown) => void;
}

/** One published file as the manifest records it. */
export interface PublishedFile {
  /** The distribution id ('csv', 'xlsx', 'json', 'dictionary-json', 'dictionary-csv'), or 'checksums'. */
  readonly id: string;
  /** The file name, which is also the last part of its URL path. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly format: string;
  readonly mediaType: string;
  readonly packagedMediaType?: string;
  readonly byteSize: number;
  readonly sha256: string;
}

/** What one generation made: the files, the data they were made from, and when. */
export interface DownloadsManifest {
  readonly version: 1;
  /** The data fingerprint (and the version of the code that writes the files) they were made from. */
  readonly fingerprint: string;
  /** The folder under the downloads folder that holds this generation's files. */
  readonly generation: string;
  readonly generatedAt: string;
  /** When the data last changed (the newest history entry), else the generation time. */
  readonly modified: string;
  /** Records per entity. */
  readonly counts: Readonly<Partial<Record<ExportEntity, number>>>;
  readonly files: readonly PublishedFile[];
}

const MANIFEST_FILE = 'manifest.json';
const MANIFEST_VERSION = 1;

/** The published files, in the order pages and catalogues list them (checksums written last). */
const FILES = [
  {
    id: 'csv',
    name: 'permed-atlas-csv.zip',
    title: 'PerMed Atlas dataset (CSV, zipped)',
    description:
      'The whole public dataset: one CSV file per entity (initiatives, regions, sources, barriers, evidence, good practices, …) and the data dictionary, in one zip archive.',
    format: 'CSV',
    mediaType: 'application/zip',
    packagedMediaType: 'text/csv',
  },
  {
    id: 'xlsx',
    name: 'permed-atlas.xlsx',
    title: 'PerMed Atlas dataset (Excel workbook)',
    description:
      'The whole public dataset as one workbook with one sheet per entity, written for people: names and labels instead of codes, lists as "a; b".',
    format: 'XLSX',
    mediaType: MEDIA_TYPES.xlsx,
  },
  {
    id: 'json',
    name: 'permed-atlas.json',
    title: 'PerMed Atlas dataset (JSON)',
    description:
      'The whole public dataset as one JSON object with one array per entity, in the shape of the reference dataset.',
    format: 'JSON',
    mediaType: 'application/json',
  },
  {
    id: 'dictionary-json',
    name: 'permed-atlas-data-dictionary.json',
    title: 'PerMed Atlas data dictionary (JSON)',
    description:
      'Every column of every file: type, whether it is required, what it means and the allowed codes.',
    format: 'JSON',
    mediaType: 'application/json',
  },
  {
    id: 'dictionary-csv',
    name: 'permed-atlas-data-dictionary.csv',
    title: 'PerMed Atlas data dictionary (CSV)',
    description:
      'Every column of every file: type, whether it is required, what it means and the allowed codes.',
    format: 'CSV',
    mediaType: 'text/csv',
  },
] as const satisfies readonly Omit<PublishedFile, 'byteSize' | 'sha256'>[];

const CHECKSUMS_ENTRY = {
  id: 'checksums',
  name: CHECKSUMS_FILE,
  title: 'SHA-256 checksums',
  description: 'The SHA-256 of every file, as sha256sum writes it (check with sha256sum -c).',
  format: 'TXT',
  mediaType: 'text/plain',
} as const;

/** The file name of a distribution, by id. */
type FileId = (typeof FILES)[number]['id'];
const nameOf = (id: FileId): string => FILES.find((f) => f.id === id)?.name ?? id;

/** The media type an HTTP response declares for a published file. */
export function responseMediaType(file: PublishedFile): string {
  if (file.mediaType.startsWith('text/') || file.mediaType === 'application/json')
    return `${file.mediaType}; charset=utf-8${file.mediaType === 'text/csv' ? '; header=present' : ''}`;
  return file.mediaType;
}

let codeVersion: string | undefined;
/**
 * A hash of what decides the files' shape besides the data: the entities, the dictionary and the
 * manifest version. A new release that changes them regenerates the files even if no data did.
 */
function codeFingerprint(): string {
  codeVersion ??= createHash('sha256')
    .update(
      JSON.stringify([MANIFEST_VERSION, EXPORT_ENTITIES, FILES, DICTIONARY_SPEC, codeLabelRows()]),
    )
    .digest('hex')
    .slice(0, 16);
  return codeVersion;
}

/** The cheap fingerprint of the published data: the data version and the code version. */
export async function dataFingerprint(db: Db): Promise<{ fingerprint: string; modified?: string }> {
  const version = await dataVersion(db);
  return { fingerprint: `${codeFingerprint()}:${version.key}`, modified: version.at };
}

/** The manifest of the published files, or undefined when there is none (or it is unreadable). */
export async function readManifest(dir: string): Promise<DownloadsManifest | undefined> {
  try {
    const m = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as DownloadsManifest;
    return m.version === MANIFEST_VERSION ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The published manifest when it was made from data with this fingerprint and its files are there. */
async function freshManifest(
  dir: string,
  fingerprint: string,
): Promise<DownloadsManifest | undefined> {
  const manifest = await readManifest(dir);
  if (!manifest || manifest.fingerprint !== fingerprint) return undefined;
  const present = await stat(join(dir, manifest.generation)).then(
    () => true,
    () => false,
  );
  return present ? manifest : undefined;
}

/** The lower-case hex SHA-256 and size of a file, read as a stream. */
async function digest(path: string): Promise<{ sha256: string; byteSize: number }> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return { sha256: hash.digest('hex'), byteSize: (await stat(path)).size };
}

/**
 * The header row of a CSV file we wrote, read back so that the dictionary describes the file as
 * it is. A header row is at most 500 columns of 200 characters, so the first MiB holds it.
 */
async function csvHeaders(path: string): Promise<string[]> {
  const handle = await open(path);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1 << 20), 0, 1 << 20, 0);
    const rows = parseCsv(buffer.subarray(0, bytesRead), {
      bom: true,
      to_line: 1,
      relax_column_count: true,
    }) as string[][];
    return rows[0] ?? [];
  } finally {
    await handle.close();
  }
}

/** A generation's folder name: sortable by time, unique across processes. */
function generationName(now: Date): string {
  return `g-${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
}

/** Writes the dictionary as a CSV table. */
async function writeDictionaryCsv(path: string, dictionary: DataDictionary): Promise<void> {
  const rows = dictionaryRows(dictionary);
  await writeFileAtomically(path, (out) =>
    writeCsv(out, {
      name: 'data_dictionary',
      headers: DICTIONARY_CSV_HEADERS,
      async *rows() {
        yield* rows;
      },
    }),
  );
}

/** Zips the staged CSV files (in entity order) and the dictionary into `path`, atomically. */
async function writeZip(
  path: string,
  entries: readonly { file: string; name: string }[],
  mtime: Date,
): Promise<void> {
  await writeFileAtomically(path, async (out) => {
    const zip = new yazl.ZipFile();
    const failed = new Promise<never>((_, reject) => zip.once('error', reject));
    for (const e of entries) zip.addFile(e.file, e.name, { mtime, mode: 0o100644 });
    zip.end();
    await Promise.race([pipeline(zip.outputStream, out, { end: false }), failed]);
  });
}

/** Hooks for tests: called before each file is written, so a test can make one fail. */
export interface GenerationHooks {
  readonly beforeFile?: (name: string) => void | Promise<void>;
}

/** One CSV per entity, staged so its header row can be read back for the dictionary. */
async function stageEntityTables(db: Db, staging: string) {
  const counts: Partial<Record<ExportEntity, number>> = {};
  const tables: { entity: ExportEntity; headers: string[]; file: string }[] = [];
  for (const entity of EXPORT_ENTITIES) {
    // The CSV files are the code form: the data dictionary describes it, the importer reads it.
    const prepared = await prepareDatasetExport(db, 'csv', entity, 'codes');
    const file = join(staging, `${entity}.csv`);
    await writeFileAtomically(file, (out) => prepared.write(out));
    counts[entity] = prepared.counts[entity] ?? 0;
    tables.push({ entity, headers: await csvHeaders(file), file });
  }
  return { counts, tables };
}

/** Writes the data files of a generation: dictionary, zipped CSV, XLSX and JSON; returns the counts. */
async function writeDataFiles(
  db: Db,
  genDir: string,
  hooks: GenerationHooks,
  modified: string,
): Promise<Partial<Record<ExportEntity, number>>> {
  const staging = join(genDir, '.staging');
  await mkdir(staging, { recursive: true });
  const { counts, tables } = await stageEntityTables(db, staging);
  const dictionary = dataDictionary(tables);
  // The code lists' labels and descriptions in every interface language.
  const labels = join(staging, 'code-labels.csv');
  await writeFile(labels, codeLabelsCsv());
  // The records' approved translations: one row per record, text and language (issue 18).
  const translations = join(staging, 'translations.csv');
  await writeFile(translations, translationsCsv(await allTranslations(db)));
  const path = (id: FileId) => join(genDir, nameOf(id));

  await hooks.beforeFile?.(nameOf('dictionary-json'));
  await writeFileAtomically(path('dictionary-json'), async (out) => {
    out.write(`${JSON.stringify(dictionary, null, 2)}\n`);
  });
  await hooks.beforeFile?.(nameOf('dictionary-csv'));
  await writeDictionaryCsv(path('dictionary-csv'), dictionary);

  await hooks.beforeFile?.(nameOf('csv'));
  await writeZip(
    path('csv'),
    [
      ...tables.map((t) => ({ file: t.file, name: `${t.entity}.csv` })),
      { file: labels, name: 'code-labels.csv' },
      { file: translations, name: 'translations.csv' },
      { file: path('dictionary-csv'), name: 'data-dictionary.csv' },
    ],
    new Date(modified),
  );
  await rm(staging, { recursive: true, force: true });

  await hooks.beforeFile?.(nameOf('xlsx'));
  const xlsx = await prepareDatasetExport(db, 'xlsx');
  await writeFileAtomically(path('xlsx'), (out) => xlsx.write(out));
  await hooks.beforeFile?.(nameOf('json'));
  const json = await prepareDatasetExport(db, 'json');
  await writeFileAtomically(path('json'), (out) => json.write(out));
  return counts;
}

/** Digests every file of a generation and writes SHA256SUMS; returns the files with their digests. */
async function writeChecksums(genDir: string): Promise<PublishedFile[]> {
  const files: PublishedFile[] = [];
  for (const f of FILES) files.push({ ...f, ...(await digest(join(genDir, f.name))) });
  const sums = files.map((f) => `${f.sha256}  ${f.name}\n`).join('');
  await writeFileAtomically(join(genDir, CHECKSUMS_FILE), async (out) => {
    out.write(sums);
  });
  files.push({ ...CHECKSUMS_ENTRY, ...(await digest(join(genDir, CHECKSUMS_FILE))) });
  return files;
}

/**
 * Generates every file from the current data into a new generation folder, then publishes it by
 * replacing the manifest (write to a temporary file, rename). Files of a generation never
 * change, and the manifest names one generation, so a reader sees the old set or the new set,
 * never a mixture; a failure leaves the previous manifest and its files as they were.
 */
async function generate(
  db: Db,
  dir: string,
  hooks: GenerationHooks,
  force: boolean,
): Promise<DownloadsManifest> {
  const { fingerprint, modified: dataModified } = await dataFingerprint(db);
  if (!force) {
    // Another request may have published a fresh set since this one looked.
    const published = await freshManifest(dir, fingerprint);
    if (published) return published;
  }
  const now = new Date();
  const modified = dataModified ?? now.toISOString();
  const generation = generationName(now);
  const genDir = join(dir, generation);
  try {
    // The files carry the data's date (or a fixed one), never the clock: the same data gives
    // the same bytes and checksums at every generation.
    const fileDate = dataModified ?? FIXED_FILE_DATE.toISOString();
    const counts = await writeDataFiles(db, genDir, hooks, fileDate);
    const files = await writeChecksums(genDir);
    const manifest: DownloadsManifest = {
      version: MANIFEST_VERSION,
      fingerprint,
      generation,
      generatedAt: now.toISOString(),
      modified,
      counts,
      files,
    };
    await hooks.beforeFile?.(MANIFEST_FILE);
    const previous = await readManifest(dir);
    await writeFileAtomically(join(dir, MANIFEST_FILE), async (out) => {
      out.write(`${JSON.stringify(manifest, null, 2)}\n`);
    });
    await removeOldGenerations(dir, [generation, previous?.generation]);
    return manifest;
  } catch (e) {
    await rm(genDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Removes generation folders other than the current and the previous one. The previous one stays
 * because a request may have read the old manifest just before the new one replaced it and be
 * about to open its file. Folders newer than the previous one may belong to a generation another
 * process is still writing, so they stay too (a crashed one goes with the next generation).
 */
async function removeOldGenerations(
  dir: string,
  keep: readonly (string | undefined)[],
): Promise<void> {
  const previous = keep[1];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith('g-') || keep.includes(entry.name)) continue;
    if (previous !== undefined && entry.name > previous) continue;
    await rm(join(dir, entry.name), { recursive: true, force: true });
  }
}

/** Generations in flight, by resolved folder: concurrent requests share one. */
const inFlight = new Map<string, Promise<DownloadsManifest>>();

/**
 * Regenerates the files now, whatever the fingerprint says (the CLI command). Shares a generation
 * already running for the same folder.
 */
export function regenerateDownloads(
  db: Db,
  options: BulkDownloadOptions,
  hooks: GenerationHooks = {},
): Promise<DownloadsManifest> {
  return startGeneration(db, resolve(options.dir), hooks, true);
}

function startGeneration(
  db: Db,
  dir: string,
  hooks: GenerationHooks,
  force: boolean,
): Promise<DownloadsManifest> {
  const running = inFlight.get(dir);
  if (running) return running;
  const started = mkdir(dir, { recursive: true })
    .then(() => generate(db, dir, hooks, force))
    .finally(() => inFlight.delete(dir));
  inFlight.set(dir, started);
  return started;
}

/**
 * The published files, regenerated first when the data changed since they were made (or when
 * there are none). A request during a regeneration waits for it, so it gets the new set. When
 * a regeneration fails and an earlier set exists, that set is served and `onError` is told.
 */
export async function currentDownloads(
  db: Db,
  options: BulkDownloadOptions,
  hooks: GenerationHooks = {},
): Promise<DownloadsManifest> {
  const dir = resolve(options.dir);
  const running = inFlight.get(dir);
  if (running) return running;
  const { fingerprint } = await dataFingerprint(db);
  const published = await freshManifest(dir, fingerprint);
  if (published) return published;
  try {
    return await startGeneration(db, dir, hooks, false);
  } catch (e) {
    const fallback = await readManifest(dir);
    if (!fallback) throw e;
    options.onError?.(e);
    return fallback;
  }
}

/** The path on disk of a published file of a manifest. */
export function publishedFilePath(dir: string, manifest: DownloadsManifest, name: string): string {
  return join(resolve(dir), manifest.generation, name);
}

/** The distributions of a manifest: every published file except the checksum list. */
export function distributionsOf(manifest: DownloadsManifest): Distribution[] {
  return manifest.files
    .filter((f) => f.id !== CHECKSUMS_ENTRY.id)
    .map((f) => ({
      id: f.id,
      title: f.title,
      description: f.description,
      format: f.format,
      mediaType: f.mediaType,
      ...(f.packagedMediaType ? { packagedMediaType: f.packagedMediaType } : {}),
      fileName: f.name,
      byteSize: f.byteSize,
      sha256: f.sha256,
      modified: manifest.modified,
    }));
}

/**
 * One entry per downloadable file of the open dataset (CSV zip, XLSX, JSON, the dictionary as
 * JSON and CSV), regenerating the files first when the data changed. For the DCAT catalogue.
 */
export async function listDistributions(
  db: Db,
  options: BulkDownloadOptions,
): Promise<Distribution[]> {
  return distributionsOf(await currentDownloads(db, options));
}
