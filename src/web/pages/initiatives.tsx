import type { Child } from 'hono/jsx';
import { SCHEMA_CONTEXT } from '../../domain/open-data.ts';
import {
  FACET_NAMES,
  type FacetCount,
  type FacetName,
  HIGHLIGHT_START,
  parseSourceValue,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  SORTS,
  sourceSectionValue,
} from '../../domain/search.ts';
import type { InitiativeProvenance, SourceOrigin } from '../../services/initiatives.ts';
import type { Mention, MentionsElsewhere } from '../../services/search.ts';
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
import { codeLabel, langIfOther, t } from '../i18n.ts';
import { type PageMeta, renderPage } from '../layout.tsx';
import { textLang } from '../record-language.tsx';
import { excerptOf, type ListTexts, listed, shownLang } from '../translated.tsx';

/** The heading of a facet in the language of the request. */
function facetLabel(facet: FacetName): string {
  return t(`initiatives.facet_${facet}`);
}

/** How the list shows its results: one under another, or as a grid of cards. */
export type ListView = 'list' | 'cards';

/** A query as the page keeps it in its links: the search, and the view it is shown in. */
type ListQuery = SearchQuery & { readonly view?: ListView };

/** The URL of the list page for a query, with some parts changed. */
export function listUrl(
  query: ListQuery,
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
  if (query.view === 'cards') p.set('view', 'cards');
  const s = p.toString();
  return s ? `/initiatives?${s}` : '/initiatives';
}

/** Links to the same results as a list and as cards; the one shown is marked as current. */
function ViewSwitch({ query }: { query: ListQuery }) {
  const shown = query.view ?? 'list';
  return (
    <nav class="view-switch" aria-label={t('initiatives.viewLabel')}>
      {(['list', 'cards'] as const).map((v) =>
        v === shown ? (
          <strong aria-current="page">{t(`initiatives.view_${v}`)}</strong>
        ) : (
          <a href={listUrl({ ...query, view: v }, { page: query.page })}>
            {t(`initiatives.view_${v}`)}
          </a>
        ),
      )}
    </nav>
  );
}

/** The URL of a download of the whole result of a query (no page, no page size). */
function downloadUrl(query: ListQuery, format: string): string {
  const whole = { ...query, pageSize: 20, view: undefined };
  return listUrl(whole).replace(/^\/initiatives/, `/initiatives.${format}`);
}

/** The CSV download of a query in the code form that atlas import reads back. */
function codesUrl(query: SearchQuery): string {
  const csv = downloadUrl(query, 'csv');
  return `${csv}${csv.includes('?') ? '&' : '?'}form=codes`;
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
      <a href={codesUrl(query)} download>
        {t('initiatives.codesLink')}
      </a>
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

/** Labels of facet values: code lists and places, and the titles of sources. */
interface Labels {
  readonly regions: RegionNames;
  readonly sources: ReadonlyMap<string, string>;
}

/** A source facet value as text: the document's title, or a section with its document's title. */
function sourceValueText(value: string, sources: ReadonlyMap<string, string>): string {
  const { source, section } = parseSourceValue(value);
  const title = sources.get(source) ?? source;
  return section === undefined ? title : t('initiatives.sourceSection', { section, title });
}

/** A facet value's label: beside a section's checkbox the document is said to screen readers only. */
function valueLabel(facet: FacetName, value: string, labels: Labels): Child {
  if (facet !== 'source') return facetValueLabel(facet, value, labels.regions);
  const { source, section } = parseSourceValue(value);
  const title = labels.sources.get(source) ?? source;
  // Documents and their sections keep their own titles, which are in English.
  if (section === undefined) return <span lang={langIfOther('en')}>{title}</span>;
  return (
    <>
      <span lang={langIfOther('en')}>{section}</span>
      <span class="visually-hidden" lang={langIfOther('en')}>
        {' '}
        ({title})
      </span>
    </>
  );
}

/** A facet value's label as plain text, for the list of active filters. */
function valueText(facet: FacetName, value: string, labels: Labels): string {
  return facet === 'source'
    ? sourceValueText(value, labels.sources)
    : facetValueLabel(facet, value, labels.regions);
}

/** Source facet values in reading order: each document, then its sections under it. */
function sourceOrder(counts: readonly FacetCount[]): FacetCount[] {
  const documents = counts.filter((c) => parseSourceValue(c.value).section === undefined);
  const placed = new Set(documents.map((d) => d.value));
  const sectionsOf = (doc: string) =>
    counts.filter((c) => !placed.has(c.value) && parseSourceValue(c.value).source === doc);
  const ordered = documents.flatMap((d) => [d, ...sectionsOf(d.value)]);
  // A section chosen without its document's count (none left) still shows, last.
  return [...ordered, ...counts.filter((c) => !ordered.includes(c))];
}

function FacetGroup({
  facet,
  result,
  labels,
}: {
  facet: FacetName;
  result: SearchResult;
  labels: Labels;
}) {
  const selected = new Set(result.query.filters[facet] ?? []);
  const counts = result.facets[facet];
  // Selected values stay visible even when the other filters leave them with no results.
  let shown = [...counts];
  for (const v of selected)
    if (!shown.some((c) => c.value === v)) shown.push({ value: v, count: 0 });
  if (shown.length === 0) return null;
  if (facet === 'source') shown = sourceOrder(shown);
  const id = `facet-${facet}`;
  return (
    <fieldset class="facet" id={id}>
      <legend>{facetLabel(facet)}</legend>
      <ul>
        {shown.map((c, k) => {
          const inputId = `${id}-${facet === 'source' ? k : c.value}`;
          const sub = facet === 'source' && parseSourceValue(c.value).section !== undefined;
          return (
            <li class={sub ? 'facet-sub' : undefined}>
              <input
                type="checkbox"
                id={inputId}
                name={facet}
                value={c.value}
                checked={selected.has(c.value)}
              />
              <label for={inputId}>
                {valueLabel(facet, c.value, labels)}{' '}
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

function ActiveFilters({ result, labels }: { result: SearchResult; labels: Labels }) {
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
                value: valueText(f, v, labels),
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

/** How many mentions of each kind the empty state lists by name; the rest are counted. */
const MENTIONS_LISTED = 10;

/** One kind of record that mentions the search: how many, and links to them. */
function MentionGroup({ label, list }: { label: string; list: readonly Mention[] }) {
  const more = list.length - MENTIONS_LISTED;
  return (
    <li>
      {label}
      <ul>
        {list.slice(0, MENTIONS_LISTED).map((m) => (
          <li>
            {m.barrier ? (
              <a href={m.href}>{codeLabel('barrier', m.barrier)}</a>
            ) : (
              <a href={m.href} lang={textLang(m.language)}>
                {m.text.length > 140 ? `${m.text.slice(0, 139).trimEnd()}…` : m.text}
              </a>
            )}
          </li>
        ))}
        {more > 0 ? (
          <li>{t('initiatives.elsewhereMore', { count: more, n: formatCount(more) })}</li>
        ) : null}
      </ul>
    </li>
  );
}

/**
 * For a search that found no initiative: the evidence statements, good practices and barriers
 * that mention its words, counted by kind, each a link to where it is shown.
 */
function Elsewhere({ text, mentions }: { text: string; mentions: MentionsElsewhere }) {
  const groups = [
    ['initiatives.elsewhereEvidence', mentions.evidence],
    ['initiatives.elsewherePractices', mentions.practices],
    ['initiatives.elsewhereBarriers', mentions.barriers],
  ] as const;
  if (groups.every(([, list]) => list.length === 0)) return null;
  return (
    <div class="elsewhere">
      <p>{t('initiatives.elsewhereLead', { text })}</p>
      <ul>
        {groups
          .filter(([, list]) => list.length > 0)
          .map(([key, list]) => (
            <MentionGroup
              label={t(key, { count: list.length, n: formatCount(list.length) })}
              list={list}
            />
          ))}
      </ul>
    </div>
  );
}

/**
 * One initiative of the results: its name in the page's language where a curator approved a
 * translation; its passage of the summary too, unless the passage marks words the query matched
 * in the original.
 */
function Hit({ h, regions, texts }: { h: SearchHit; regions: RegionNames; texts?: ListTexts }) {
  const name = listed(texts, h.slug, 'name', h.name, h.language);
  const summary = listed(texts, h.slug, 'summary', h.snippet, h.language);
  const highlighted = h.snippet.includes(HIGHLIGHT_START);
  return (
    <li class="result">
      <h3 lang={shownLang(name, textLang)}>
        <a href={`/initiatives/${h.slug}`}>{name.text}</a>
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
      {summary.translatedBy && !highlighted ? (
        <p class="snippet" lang={shownLang(summary, textLang)}>
          {excerptOf(summary.text)}
        </p>
      ) : h.snippet ? (
        <p class="snippet" lang={textLang(h.language)}>
          <Highlighted text={h.snippet} />
        </p>
      ) : null}
    </li>
  );
}

function Results({
  result,
  regions,
  elsewhere,
  texts,
}: {
  result: SearchResult;
  regions: RegionNames;
  elsewhere?: MentionsElsewhere | undefined;
  texts?: ListTexts | undefined;
}) {
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
        {elsewhere && result.query.text ? (
          <Elsewhere text={result.query.text} mentions={elsewhere} />
        ) : null}
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
  const cards = (result.query as ListQuery).view === 'cards';
  return (
    <ol class={cards ? 'results results-cards' : 'results'} start={first}>
      {result.hits.map((h) => (
        <Hit h={h} regions={regions} texts={texts} />
      ))}
    </ol>
  );
}

/** A marker that stands for a linked number inside a translated sentence. */
const NUMBER = '\uE010';

/** A translated sentence whose number {{n}} is a link to the list filtered by some sources. */
function LinkedCount({
  keyName,
  count,
  sources,
  vars = {},
}: {
  keyName: string;
  count: number;
  sources: readonly string[];
  vars?: Record<string, string>;
}) {
  const [before = '', after = ''] = t(keyName, { ...vars, count, n: NUMBER }).split(NUMBER);
  const p = new URLSearchParams();
  for (const v of sources) p.append('source', v);
  return (
    <>
      {before}
      <a href={`/initiatives?${p}`}>{formatCount(count)}</a>
      {after}
    </>
  );
}

/** The names of some sections, quoted, as a phrase (section “7 Appendix”); empty for none. */
function sectionNames(sections: SourceOrigin['sections']): string {
  const names = sections.flatMap((x) =>
    x.section === null ? [] : [t('initiatives.quoted', { text: x.section })],
  );
  if (names.length === 0) return '';
  return t(names.length === 1 ? 'initiatives.sectionOne' : 'initiatives.sectionMany', {
    names: names.join(', '),
  });
}

/** One source's share: rows of its tables (with their sections) and those from its text only. */
function OriginItem({ o }: { o: SourceOrigin }) {
  const source = o.source as string;
  const values = (sections: SourceOrigin['sections']) => {
    // A reference without a section is the whole document's; sections are named one by one.
    if (sections.some((x) => x.section === null)) return [source];
    return sections.map((x) => sourceSectionValue(source, x.section as string));
  };
  const rows = o.sections.filter((x) => x.rows);
  const text = o.sections.filter((x) => !x.rows);
  const names = sectionNames(rows);
  return (
    <li>
      <cite lang={langIfOther('en')}>{o.title}</cite>:{' '}
      {rows.length > 0 ? (
        <LinkedCount
          keyName={names ? 'initiatives.originsRows' : 'initiatives.originsRowsUnnamed'}
          count={o.fromRows}
          sources={values(rows)}
          vars={{ sections: names }}
        />
      ) : null}
      {rows.length > 0 && text.length > 0 ? t('initiatives.originsAnd') : null}
      {text.length > 0 ? (
        <LinkedCount
          keyName={rows.length > 0 ? 'initiatives.originsTextOnly' : 'initiatives.originsText'}
          count={o.fromText}
          sources={rows.length > 0 ? values(text) : [source]}
        />
      ) : null}
    </li>
  );
}

/** One source's share of the initiatives without a reporting region: from its table rows, its text. */
function NoRegionItem({ o }: { o: SourceOrigin }) {
  const none = (rows: boolean) => o.sections.filter((x) => x.rows === rows && x.n > x.withRegion);
  const count = (list: SourceOrigin['sections']) =>
    list.reduce((a, x) => a + x.n - x.withRegion, 0);
  const rows = none(true);
  const text = none(false);
  const names = sectionNames(rows);
  const n = (k: number) => formatCount(k);
  const parts = [
    ...(rows.length > 0
      ? [
          t(names ? 'initiatives.originsRows' : 'initiatives.originsRowsUnnamed', {
            count: count(rows),
            n: n(count(rows)),
            sections: names,
          }),
        ]
      : []),
    ...(text.length > 0
      ? [
          t(o.fromRows > 0 ? 'initiatives.originsTextOnly' : 'initiatives.originsText', {
            count: count(text),
            n: n(count(text)),
          }),
        ]
      : []),
  ];
  return (
    <li>
      {o.source === null ? (
        t('initiatives.originsNoSource', { count: o.n - o.withRegion, n: n(o.n - o.withRegion) })
      ) : (
        <>
          <cite lang={langIfOther('en')}>{o.title}</cite>: {parts.join(t('initiatives.originsAnd'))}
        </>
      )}
    </li>
  );
}

/**
 * How many of the initiatives have a reporting region, and where those without one come from
 * (so the region counts, which add up to fewer than the total, reconcile with the sources).
 */
function RegionSplit({ origins, total }: { origins: readonly SourceOrigin[]; total: number }) {
  const withRegion = origins.reduce((a, o) => a + o.withRegion, 0);
  if (withRegion === total) return null;
  const none = total - withRegion;
  return (
    <>
      <p class="origins-region">
        {t('initiatives.originsWithRegion', { count: withRegion, n: formatCount(withRegion) })}{' '}
        {t('initiatives.originsNoRegion', { count: none, n: formatCount(none) })}
      </p>
      <ul class="origins-no-region">
        {origins
          .filter((o) => o.n > o.withRegion)
          .map((o) => (
            <NoRegionItem o={o} />
          ))}
      </ul>
    </>
  );
}

/**
 * Where the initiatives on record come from, computed from the records: each counted once under
 * the source it was taken from, split into rows of a table and mentions in the text; each
 * number links to the list filtered by that source and its sections.
 */
export function Origins({ origins }: { origins: readonly SourceOrigin[] }) {
  const total = origins.reduce((a, o) => a + o.n, 0);
  if (total === 0) return null;
  const withSource = origins.filter((o) => o.source !== null);
  const without = origins.find((o) => o.source === null)?.n ?? 0;
  return (
    // On a phone the explanation folds behind its summary, so the results start on the first
    // screen; wider screens always show it (the stylesheet, as for the filters).
    <details class="origins">
      <summary class="origins-toggle">{t('initiatives.originsToggle')}</summary>
      <p>{t('initiatives.originsLead', { count: total, n: formatCount(total) })}</p>
      <ul class="origins-list">
        {withSource.map((o) => (
          <OriginItem o={o} />
        ))}
        {without > 0 ? (
          <li>{t('initiatives.originsNoSource', { count: without, n: formatCount(without) })}</li>
        ) : null}
      </ul>
      <RegionSplit origins={origins} total={total} />
    </details>
  );
}

/** The initiative list: search box, facet filters, results with highlights, pagination. */
/** Whether a search is in the order it gets without a sort parameter. */
function isDefaultSort(q: SearchResult['query']): boolean {
  return q.sort === (q.text ? 'relevance' : 'name');
}

export function initiativesPage(
  found: SearchResult,
  regions: RegionNames,
  provenance: InitiativeProvenance,
  view: ListView = 'list',
  elsewhere?: MentionsElsewhere,
  texts?: ListTexts,
) {
  const labels: Labels = { regions, sources: provenance.sourceTitles };
  // Every link of the page keeps the view: the query carries it to listUrl.
  const result: SearchResult = { ...found, query: { ...found.query, view } as ListQuery };
  const q: ListQuery = result.query;
  const pages = Math.max(1, Math.ceil(result.total / q.pageSize));
  const title = q.text ? t('initiatives.titleMatching', { text: q.text }) : t('initiatives.title');
  const meta: PageMeta = {
    scripts: ['search.js'],
    title: q.page > 1 ? t('initiatives.titlePaged', { title, page: q.page, pages }) : title,
    path: listUrl({ ...q, view: undefined }, { page: q.page }),
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
        {view === 'cards' ? <input type="hidden" name="view" value="cards" /> : null}
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
              <FacetGroup facet={f} result={result} labels={labels} />
            ))}
            <div class="sort">
              <label for="sort">{t('initiatives.sortBy')}</label>
              <select id="sort" name="sort">
                {/* No sort parameter: relevance once there are words, name order without them, so
                    typing a search after browsing does not keep the browsing order. The default
                    is named for what it is now; the other orders follow (relevance only with
                    words, where it differs from the name order). */}
                <option value="" selected={isDefaultSort(q)}>
                  {t(q.text ? 'initiatives.sort_relevance' : 'initiatives.sort_name')}
                </option>
                {SORTS.filter((s) => s !== (q.text ? 'relevance' : 'name'))
                  .filter((s) => s !== 'relevance' || q.text)
                  .map((s) => (
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
            {/* Under the count of the whole list: where those initiatives come from. */}
            {!q.text && activeCount(q) === 0 ? <Origins origins={provenance.origins} /> : null}
            <ActiveFilters result={result} labels={labels} />
            {result.total > 0 ? <Downloads query={q} /> : null}
            {result.total > 0 ? <ViewSwitch query={q} /> : null}
            <Results result={result} regions={regions} elsewhere={elsewhere} texts={texts} />
            <Pagination result={result} />
          </section>
        </div>
      </form>
    </>,
  );
}
