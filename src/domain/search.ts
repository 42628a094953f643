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
import { cyrillicPrefix } from './cyrillic-stems.ts';

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
  'source',
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
  source: 'Source',
};

/**
 * Between a document's code and a section in a value of the source facet: "preciseu-d3-1:7
 * Appendix" is section "7 Appendix" of that document (codes are slugs, so hold no colon).
 */
export const SOURCE_SECTION_SEPARATOR = ':';

/** The source facet's value of one section of a document. */
export function sourceSectionValue(source: string, section: string): string {
  return `${source}${SOURCE_SECTION_SEPARATOR}${section}`;
}

/** A source facet value read back: the document, and the section when it names one. */
export function parseSourceValue(value: string): { source: string; section?: string } {
  const at = value.indexOf(SOURCE_SECTION_SEPARATOR);
  return at < 0 ? { source: value } : { source: value.slice(0, at), section: value.slice(at + 1) };
}

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

/**
 * The search terms of a free-text query, lower case and without accents, at most maxTerms. A term
 * is a word of letters and digits, or words written together with a hyphen, dot, plus, slash,
 * apostrophe, ampersand or @ (CAR-T, COVID-19, 1+MG, HealthData@EU), kept as its words joined by
 * "-" so that it matches as a phrase and not as unrelated words ("t" would match every word
 * starting with t).
 */
export function searchTerms(text: string): string[] {
  const folded = foldAccents(text);
  const groups = folded.match(/[\p{L}\p{N}]+(?:[-.+/'’&@][\p{L}\p{N}]+)*/gu) ?? [];
  const terms = groups.map((g) => (g.match(/[\p{L}\p{N}]+/gu) ?? []).join('-'));
  return [...new Set(terms)].slice(0, SEARCH_LIMITS.maxTerms);
}

/** One way a term can occur in a text: words in sequence, the last one as a prefix or not. */
export interface TermPhrase {
  readonly words: readonly string[];
  readonly prefix: boolean;
  /** Looked for in the index of words as written only (a stem prefix: the stems index has none). */
  readonly wordsOnly?: boolean;
}

/** A word of one or two characters, or of digits only, is matched whole ("eu", "19", "t"). */
const prefixable = (word: string) => word.length >= 3 && !/^\p{N}+$/u.test(word);

/**
 * The phrases a term matches, any of them: a joined term as its words in sequence (the last
 * one a prefix when it is long enough) and as one word run together (covid-19 also finds
 * "COVID19"); a word of letters and digits also as its runs in sequence (covid19 also finds
 * "COVID-19"); a Bulgarian or Ukrainian word also as the prefix its stem shares with it
 * (cyrillic-stems.ts). Every word is letters and digits only, so the dialects can quote it safely.
 */
export function termPhrases(term: string): TermPhrase[] {
  const words = term.split('-').filter(Boolean);
  const last = words.at(-1) ?? '';
  const phrases: TermPhrase[] = [{ words, prefix: prefixable(last) }];
  if (words.length > 1) phrases.push({ words: [words.join('')], prefix: false });
  else {
    const runs = last.match(/\p{L}+|\p{N}+/gu) ?? [];
    if (runs.length > 1) phrases.push({ words: runs, prefix: prefixable(runs.at(-1) ?? '') });
    // Bulgarian and Ukrainian words, which no index stems, also as a prefix of their stem.
    const stem = cyrillicPrefix(last);
    if (stem) phrases.push({ words: [stem], prefix: true, wordsOnly: true });
  }
  return phrases;
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
  /** The language of the initiative's name and summary (ISO 639-1). */
  readonly language: string;
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

/**
 * The values of a repeatable filter parameter, each once: `?barrier=B01&barrier=B05` and
 * `?barrier=B01,B05` alike; blanks dropped.
 */
export function filterValues(raw: string | readonly string[] | undefined): string[] {
  const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
  return [
    ...new Set(
      values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}
