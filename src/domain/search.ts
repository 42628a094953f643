import {
  type CodeEntry,
  DOMAINS,
  type DomainCode,
  FUNDING_KINDS,
  SCOPES,
  STATUSES,
  STRUCTURAL_TYPES,
  type StatusCode,
  type StructuralTypeCode,
  THEMES,
} from './codes.ts';

/** The facets initiatives can be filtered and counted by. */
export const FACET_NAMES = [
  'domain',
  'type',
  'country',
  'region',
  'scope',
  'status',
  'theme',
  'funding',
] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/** Facets whose values come from a fixed code list; the others (country, region) come from the regions table. */
export const FACET_CODE_LISTS: Readonly<Partial<Record<FacetName, readonly CodeEntry[]>>> = {
  domain: DOMAINS,
  type: STRUCTURAL_TYPES,
  scope: SCOPES,
  status: STATUSES,
  theme: THEMES,
  funding: FUNDING_KINDS,
};

/** Human labels of the facets. */
export const FACET_LABELS: Readonly<Record<FacetName, string>> = {
  domain: 'Domain',
  type: 'Structural type',
  country: 'Country',
  region: 'Reporting region',
  scope: 'Geographical scope',
  status: 'Status',
  theme: 'Theme',
  funding: 'Funding',
};

/** Sort orders of a search. */
export const SORTS = ['relevance', 'name', 'updated'] as const;
export type SortOrder = (typeof SORTS)[number];

/** A validated search: free text, facet filters (values OR-ed within a facet, AND-ed across), a page. */
export interface SearchQuery {
  readonly text: string;
  readonly filters: Readonly<Partial<Record<FacetName, readonly string[]>>>;
  readonly sort: SortOrder;
  readonly page: number;
  readonly pageSize: number;
}

/** Limits on a search, so that one request cannot ask for unbounded work. */
export const SEARCH_LIMITS = {
  maxTextLength: 200,
  maxTerms: 12,
  maxPageSize: 100,
  maxPage: 1000,
} as const;

/** Marks around highlighted words in snippets; presenters turn them into <mark> or **. */
export const HIGHLIGHT_START = '\uE000';
export const HIGHLIGHT_END = '\uE001';

/** Text in lower case without accents, as both search indexes fold it: "für" and "fur" are one word. */
export function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFKC').toLowerCase();
}

/** The search terms of a free-text query: lower-case words of letters and digits, at most maxTerms. */
export function searchTerms(text: string): string[] {
  const folded = foldAccents(text);
  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, SEARCH_LIMITS.maxTerms);
}

/** A snippet's text with the highlight marks removed. */
export function snippetText(snippet: string): string {
  return snippet.replaceAll(HIGHLIGHT_START, '').replaceAll(HIGHLIGHT_END, '');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A snippet as HTML: the text escaped, highlights as <mark> elements. */
export function snippetHtml(snippet: string): string {
  return snippet
    .replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch)
    .replaceAll(HIGHLIGHT_START, '<mark>')
    .replaceAll(HIGHLIGHT_END, '</mark>');
}

/** One initiative in a result list. */
export interface SearchHit {
  readonly slug: string;
  readonly name: string;
  readonly acronym: string | null;
  readonly domain: DomainCode;
  readonly type: StructuralTypeCode;
  readonly status: StatusCode;
  readonly homeCountry: string;
  readonly submittingRegion: string | null;
  /** Text with HIGHLIGHT_START/HIGHLIGHT_END around matched words; plain text when no words were given. */
  readonly snippet: string;
}

/** A value of a facet and how many results it would have if chosen alone in its facet. */
export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

/** A page of results with the total and the facet counts. */
export interface SearchResult {
  readonly total: number;
  readonly hits: readonly SearchHit[];
  readonly facets: Readonly<Record<FacetName, readonly FacetCount[]>>;
  readonly query: SearchQuery;
}
