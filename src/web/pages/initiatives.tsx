import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import type { SearchResult } from '../../domain/search.ts';
import { FACET_NAMES, type FacetName, type SearchQuery, SORTS } from '../../domain/search.ts';
import {
  domainLabel,
  facetValueLabel,
  formatCount,
  Highlighted,
  type RegionNames,
  statusLabel,
  Tag,
  typeLabel,
} from '../components.tsx';
import { t } from '../i18n.ts';
import { type PageMeta, renderPage } from '../layout.tsx';

/** The heading of a facet in the language of the request. */
function facetLabel(facet: FacetName): string {
  return t(`initiatives.facet_${facet}`);
}

/** The URL of the list page for a query, with some parts changed. */
export function listUrl(
  query: SearchQuery,
  change: Partial<Pick<SearchQuery, 'page' | 'filters' | 'text'>> = {},
): string {
  const p = new URLSearchParams();
  const text = change.text ?? query.text;
  if (text) p.set('q', text);
  const filters = change.filters ?? query.filters;
  for (const f of FACET_NAMES) for (const v of filters[f] ?? []) p.append(f, v);
  if (query.sort !== (text ? 'relevance' : 'name')) p.set('sort', query.sort);
  const page = change.page ?? 1;
  if (page > 1) p.set('page', String(page));
  if (query.pageSize !== 20) p.set('pageSize', String(query.pageSize));
  const s = p.toString();
  return s ? `/initiatives?${s}` : '/initiatives';
}

/** The URL of a download of the whole result of a query (no page, no page size). */
function downloadUrl(query: SearchQuery, format: string): string {
  return listUrl({ ...query, pageSize: 20 }).replace(/^\/initiatives/, `/initiatives.${format}`);
}

/** Links that download every result of the query as a file, in each export format. */
function Downloads({ query }: { query: SearchQuery }) {
  const formats = [
    ['csv', 'CSV'],
    ['xlsx', 'XLSX'],
    ['json', 'JSON'],
    ['geojson', 'GeoJSON'],
  ] as const;
  return (
    <p class="downloads">
      {t('initiatives.downloadLabel')}{' '}
      {formats.map(([format, label], i) => (
        <>
          {i > 0 ? <span aria-hidden="true"> · </span> : null}
          <a href={downloadUrl(query, format)} download>
            {label}
          </a>
        </>
      ))}
      <br />
      <a href="/downloads">{t('initiatives.wholeDatasetLink')}</a>
    </p>
  );
}

function withoutFilter(
  query: SearchQuery,
  facet: FacetName,
  value: string,
): SearchQuery['filters'] {
  return { ...query.filters, [facet]: (query.filters[facet] ?? []).filter((v) => v !== value) };
}

function FacetGroup({
  facet,
  result,
  regions,
}: {
  facet: FacetName;
  result: SearchResult;
  regions: RegionNames;
}) {
  const selected = new Set(result.query.filters[facet] ?? []);
  const counts = result.facets[facet];
  // Selected values stay visible even when the other filters leave them with no results.
  const shown = [...counts];
  for (const v of selected)
    if (!shown.some((c) => c.value === v)) shown.push({ value: v, count: 0 });
  if (shown.length === 0) return null;
  const id = `facet-${facet}`;
  return (
    <fieldset class="facet" id={id}>
      <legend>{facetLabel(facet)}</legend>
      <ul>
        {shown.map((c) => {
          const inputId = `${id}-${c.value}`;
          return (
            <li>
              <input
                type="checkbox"
                id={inputId}
                name={facet}
                value={c.value}
                checked={selected.has(c.value)}
              />
              <label for={inputId}>
                {facetValueLabel(facet, c.value, regions)}{' '}
                <span class="count">
                  ({formatCount(c.count)}
                  <span class="visually-hidden">
                    {' '}
                    {t('initiatives.facetCountUnit', { count: c.count })}
                  </span>
                  )
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** How many filter values are ticked (shown on the folded "Filters" button). */
function activeCount(q: SearchResult['query']): number {
  return FACET_NAMES.reduce((n, f) => n + (q.filters[f] ?? []).length, 0);
}

function ActiveFilters({ result, regions }: { result: SearchResult; regions: RegionNames }) {
  const q = result.query;
  const active = FACET_NAMES.flatMap((f) => (q.filters[f] ?? []).map((v) => ({ f, v })));
  if (active.length === 0) return null;
  return (
    <div class="active-filters">
      <h2 class="visually-hidden">{t('initiatives.activeFilters')}</h2>
      <ul>
        {active.map(({ f, v }) => (
          <li>
            <a href={listUrl(q, { filters: withoutFilter(q, f, v) })}>
              <span class="visually-hidden">{t('initiatives.removeFilter')} </span>
              {t('initiatives.activeFilter', {
                facet: facetLabel(f),
                value: facetValueLabel(f, v, regions),
              })}{' '}
              <span aria-hidden="true">×</span>
            </a>
          </li>
        ))}
        <li>
          <a href={listUrl(q, { filters: {} })}>{t('initiatives.clearFilters')}</a>
        </li>
      </ul>
    </div>
  );
}

function Pagination({ result }: { result: SearchResult }) {
  const { page, pageSize } = result.query;
  const pages = Math.max(1, Math.ceil(result.total / pageSize));
  if (pages <= 1) return null;
  const link = (p: number, label: string, rel?: string) => (
    <a href={listUrl(result.query, { page: p })} rel={rel}>
      {label}
    </a>
  );
  return (
    <nav class="pagination" aria-label={t('initiatives.paginationLabel')}>
      <ul>
        {page > 1 ? <li>{link(page - 1, t('initiatives.previousPage'), 'prev')}</li> : null}
        <li aria-current="page">{t('initiatives.pageOf', { page, pages })}</li>
        {page < pages ? <li>{link(page + 1, t('initiatives.nextPage'), 'next')}</li> : null}
      </ul>
    </nav>
  );
}

function Results({ result, regions }: { result: SearchResult; regions: RegionNames }) {
  if (result.total > 0 && result.hits.length === 0) {
    const last = Math.max(1, Math.ceil(result.total / result.query.pageSize));
    return (
      <div class="empty-state">
        <p>
          <strong>
            {t('initiatives.pastEnd', {
              count: last,
              n: formatCount(last),
              page: result.query.page,
            })}
          </strong>{' '}
          <a href={listUrl(result.query, { page: last })}>{t('initiatives.lastPageLink')}</a>
          {t('initiatives.lastPageAfter')}
        </p>
      </div>
    );
  }
  if (result.total === 0) {
    const hasFilters = FACET_NAMES.some((f) => (result.query.filters[f] ?? []).length > 0);
    return (
      <div class="empty-state">
        <p>
          <strong>
            {result.query.text
              ? t('initiatives.noMatchText', { text: result.query.text })
              : t('initiatives.noMatch')}
          </strong>
        </p>
        <ul>
          <li>{t('initiatives.noMatchSpelling')}</li>
          {hasFilters ? (
            <li>
              <a href={listUrl(result.query, { filters: {} })}>
                {t('initiatives.searchWithoutFilters')}
              </a>
            </li>
          ) : null}
          <li>
            <a href="/initiatives">{t('initiatives.browseAll')}</a>
          </li>
        </ul>
      </div>
    );
  }
  const first = (result.query.page - 1) * result.query.pageSize + 1;
  return (
    <ol class="results" start={first}>
      {result.hits.map((h) => (
        <li class="result">
          <h3>
            <a href={`/initiatives/${h.slug}`}>{h.name}</a>
            {h.acronym && !h.name.includes(h.acronym) ? (
              <span class="acronym"> ({h.acronym})</span>
            ) : null}
          </h3>
          <p class="meta">
            <Tag kind="domain">{domainLabel(h.domain)}</Tag> <Tag>{typeLabel(h.type)}</Tag>{' '}
            <Tag kind={`status-${h.status}`}>{statusLabel(h.status)}</Tag>{' '}
            <span class="place">
              {regions.get(h.submittingRegion ?? '') ?? regions.get(h.homeCountry) ?? h.homeCountry}
            </span>
          </p>
          {h.snippet ? (
            <p class="snippet">
              <Highlighted text={h.snippet} />
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** The initiative list: search box, facet filters, results with highlights, pagination. */
/** Whether a search is in the order it gets without a sort parameter. */
function isDefaultSort(q: SearchResult['query']): boolean {
  return q.sort === (q.text ? 'relevance' : 'name');
}

export function initiativesPage(result: SearchResult, regions: RegionNames) {
  const q = result.query;
  const pages = Math.max(1, Math.ceil(result.total / q.pageSize));
  const title = q.text ? t('initiatives.titleMatching', { text: q.text }) : t('initiatives.title');
  const meta: PageMeta = {
    scripts: ['search.js'],
    title: q.page > 1 ? t('initiatives.titlePaged', { title, page: q.page, pages }) : title,
    path: listUrl(q, { page: q.page }),
    description: t('initiatives.description'),
    jsonLd: {
      '@context': SCHEMA_CONTEXT,
      '@type': 'SearchResultsPage',
      name: title,
      mainEntity: {
        '@type': 'ItemList',
        numberOfItems: result.total,
        itemListElement: result.hits.map((h, i) => ({
          '@type': 'ListItem',
          position: (q.page - 1) * q.pageSize + i + 1,
          url: `/initiatives/${h.slug}`,
          name: h.name,
        })),
      },
    },
  };
  return renderPage(
    meta,
    <>
      <h1>{t('initiatives.heading')}</h1>
      <form
        method="get"
        action="/initiatives"
        class="search-form"
        role="search"
        aria-label={t('initiatives.formLabel')}
      >
        <div class="search-row">
          <label for="q">{t('initiatives.searchLabel')}</label>
          <div class="search-input">
            <input
              type="search"
              id="q"
              name="q"
              value={q.text}
              maxlength={200}
              aria-describedby="q-hint"
            />
            <button type="submit">{t('initiatives.searchButton')}</button>
          </div>
          <p
            id="search-status"
            class="visually-hidden"
            aria-live="polite"
            data-error-message={t('initiatives.searchError')}
          />
          <p id="q-hint" class="hint">
            {t('initiatives.searchHint')}
          </p>
        </div>
        <div class="layout-list">
          {/* On a phone the filters fold behind a "Filters" summary (no script needed); on wider
              screens the stylesheet hides the summary and always shows them. */}
          <details class="filters">
            <summary class="filters-toggle">
              {activeCount(q) > 0
                ? t('initiatives.filtersToggleActive', { count: activeCount(q) })
                : t('initiatives.filtersToggle')}
            </summary>
            <a class="jump-link" href="#results-heading">
              {t('initiatives.skipFilters', { count: result.total, n: formatCount(result.total) })}
            </a>
            <h2>{t('initiatives.filterHeading')}</h2>
            {FACET_NAMES.map((f) => (
              <FacetGroup facet={f} result={result} regions={regions} />
            ))}
            <div class="sort">
              <label for="sort">{t('initiatives.sortBy')}</label>
              <select id="sort" name="sort">
                {/* No sort parameter: relevance once there are words, name order without them, so
                    typing a search after browsing does not keep the browsing order. */}
                <option value="" selected={isDefaultSort(q)}>
                  {t('initiatives.sort_default')}
                </option>
                {SORTS.map((s) => (
                  <option value={s} selected={!isDefaultSort(q) && s === q.sort}>
                    {t(`initiatives.sort_${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit">{t('initiatives.applyFilters')}</button>
          </details>
          <section class="results-area" aria-labelledby="results-heading">
            <h2 id="results-heading" tabindex={-1}>
              {pages > 1
                ? t('initiatives.resultsHeadingPaged', {
                    count: result.total,
                    n: formatCount(result.total),
                    page: q.page,
                    pages,
                  })
                : t('initiatives.resultsHeading', {
                    count: result.total,
                    n: formatCount(result.total),
                  })}
            </h2>
            <ActiveFilters result={result} regions={regions} />
            {result.total > 0 ? <Downloads query={q} /> : null}
            <Results result={result} regions={regions} />
            <Pagination result={result} />
          </section>
        </div>
      </form>
    </>,
  );
}
