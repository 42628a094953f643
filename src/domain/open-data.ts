/**
 * The contract between the bulk downloads (services/bulk-downloads.ts), which write the files,
 * and the DCAT catalogue (io/linked-data.ts), which describes them.
 */

/** One downloadable file of the open dataset. */
export interface Distribution {
  /** Stable identifier, e.g. 'csv', 'xlsx', 'json', 'dictionary'. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Short format name as DCAT-AP's file-type vocabulary spells it: 'CSV', 'XLSX', 'JSON'. */
  readonly format: string;
  /** IANA media type of the file, e.g. 'application/zip'. */
  readonly mediaType: string;
  /** For a zip: the media type of the files inside it. */
  readonly packagedMediaType?: string;
  /** The file's name under DOWNLOADS_PATH, e.g. 'permed-atlas-csv.zip'. */
  readonly fileName: string;
  readonly byteSize: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  readonly sha256: string;
  /** ISO 8601 date-time of the data the file was generated from. */
  readonly modified: string;
}

/** The licence the atlas proposes for its data (the about page says the partners confirm it). */
export const DATA_LICENCE = {
  name: 'CC BY 4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
} as const;

/** URL path under which the bulk downloads are published (one segment per file below it). */
export const DOWNLOADS_PATH = '/downloads';

/** The name of the checksum file of the bulk downloads (sha256sum -c reads it). */
export const CHECKSUMS_FILE = 'SHA256SUMS';

/** A JSON-LD document: a plain JSON object. */
export type JsonLd = Record<string, unknown>;

/** The inline context of the record documents: schema.org terms, links as IRIs. */
export const SCHEMA_CONTEXT = Object.freeze({
  '@vocab': 'https://schema.org/',
  url: { '@type': '@id' },
  sameAs: { '@type': '@id' },
});

/** A source document as linked data cites it: title, publisher and link. */
export interface SourceDocument {
  readonly title: string;
  readonly publisher: string;
  readonly url: string | null;
}
