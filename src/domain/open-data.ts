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
  /** URL path under the site's origin, e.g. '/downloads/permed-atlas-csv.zip'. */
  readonly path: string;
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
