import { CHECKSUMS_FILE, DATA_LICENCE, DOWNLOADS_PATH } from '../../domain/open-data.ts';
import type { DownloadsManifest, PublishedFile } from '../../services/bulk-downloads.ts';
import { formatCount, formatDate, numberFormat } from '../components.tsx';
import { t } from '../i18n.ts';
import { renderPage } from '../layout.tsx';

/** A file size in the language of the request, in bytes, kB or MB (powers of 1000, as the units say). */
export function formatSize(bytes: number): string {
  const [unit, value] =
    bytes < 1000
      ? (['byte', bytes] as const)
      : bytes < 1_000_000
        ? (['kilobyte', bytes / 1000] as const)
        : (['megabyte', bytes / 1_000_000] as const);
  return numberFormat({
    style: 'unit',
    unit,
    // "454 bytes", "1.2 kB": the long form for bytes, whose short form takes no plural.
    unitDisplay: unit === 'byte' ? 'long' : 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

const href = (f: PublishedFile) => `${DOWNLOADS_PATH}/${f.name}`;

/** The format column: the file's format, and for the zip what it holds. */
function formatLabel(f: PublishedFile): string {
  return f.packagedMediaType ? t('downloads.zipped', { format: f.format }) : f.format;
}

/**
 * The bulk downloads page: every file with its format, size, checksum and date, and how to check
 * them. With `newerStatus` (the status address of a regeneration) it says a newer set is coming.
 */
export function downloadsPage(manifest: DownloadsManifest, newerStatus?: string) {
  const file = (id: string) => manifest.files.find((f) => f.id === id);
  const dictionaryCsv = file('dictionary-csv');
  const dictionaryJson = file('dictionary-json');
  const updated = formatDate(manifest.modified);
  return renderPage(
    {
      title: t('downloads.title'),
      path: DOWNLOADS_PATH,
      description: t('downloads.description'),
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'Dataset',
        name: t('downloads.jsonLdName'),
        description: t('downloads.description'),
        url: DOWNLOADS_PATH,
        license: DATA_LICENCE.url,
        dateModified: manifest.modified,
        distribution: manifest.files
          .filter((f) => f.name !== CHECKSUMS_FILE)
          .map((f) => ({
            '@type': 'DataDownload',
            name: f.title,
            encodingFormat: f.mediaType,
            contentUrl: href(f),
            contentSize: `${f.byteSize} B`,
            sha256: f.sha256,
          })),
      },
    },
    <>
      <h1>{t('downloads.title')}</h1>
      <p class="lead">{t('downloads.lead')}</p>
      {newerStatus ? (
        <p class="hint" role="status">
          {t('jobs.newerPreparing')} <a href={newerStatus}>{t('jobs.checkAgain')}</a>
        </p>
      ) : null}
      <p>
        {t('downloads.asOf', { date: updated })} {t('downloads.licenceBefore')}
        <a href={DATA_LICENCE.url} rel="license">
          {DATA_LICENCE.name}
        </a>
        {t('downloads.licenceAfter')}
      </p>
      <div class="table-scroll" role="region" aria-labelledby="files-caption" tabindex={0}>
        <table class="downloads-table">
          <caption id="files-caption">{t('downloads.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('downloads.colFile')}</th>
              <th scope="col">{t('downloads.colFormat')}</th>
              <th scope="col">{t('downloads.colSize')}</th>
              <th scope="col">{t('downloads.colSha256')}</th>
              <th scope="col">{t('downloads.colUpdated')}</th>
            </tr>
          </thead>
          <tbody>
            {manifest.files.map((f) => (
              <tr>
                <th scope="row">
                  <a href={href(f)} download>
                    {t(`downloads.file_${f.id}`)}
                  </a>
                  <br />
                  <span class="muted">{f.name}</span>
                </th>
                <td>{formatLabel(f)}</td>
                <td>
                  <data value={String(f.byteSize)}>{formatSize(f.byteSize)}</data>
                </td>
                <td>
                  <code class="checksum">{f.sha256}</code>
                </td>
                <td>
                  <time datetime={manifest.modified}>{updated}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('downloads.contentsHeading')}</h2>
      <p>{t('downloads.contentsText')}</p>
      <ul>
        {Object.entries(manifest.counts).map(([entity, n]) => (
          <li>
            {t(`downloads.entity_${entity}`)}: {formatCount(n ?? 0)}
          </li>
        ))}
      </ul>
      <h2 id="dictionary">{t('downloads.dictionaryHeading')}</h2>
      <p>
        {t('downloads.dictionaryText')}{' '}
        {dictionaryCsv ? (
          <a href={href(dictionaryCsv)}>{t('downloads.dictionaryCsvLink')}</a>
        ) : null}
        {dictionaryJson ? (
          <>
            {' · '}
            <a href={href(dictionaryJson)}>{t('downloads.dictionaryJsonLink')}</a>
          </>
        ) : null}
      </p>
      <h2>{t('downloads.checkHeading')}</h2>
      <p>
        {t('downloads.checkBefore')}
        <a href={`${DOWNLOADS_PATH}/${CHECKSUMS_FILE}`}>{CHECKSUMS_FILE}</a>
        {t('downloads.checkMiddle')}
        <code>sha256sum -c {CHECKSUMS_FILE}</code>
        {t('downloads.checkAfter')}
      </p>
      <p>{t('downloads.regenerated')}</p>
    </>,
  );
}
