import type { Expression, Kysely, RawBuilder, SqlBool } from 'kysely';
import type { Database } from '../db/types.ts';
import type { DomainCode, StatusCode, StructuralTypeCode } from '../domain/codes.ts';
import type { SearchHit } from '../domain/search.ts';

/** What the dialect-neutral search asks of a dialect's full-text implementation. */
export interface TextSearch {
  /** A subquery of the ids of initiatives that match every term (each as a word prefix). */
  matchingIds(terms: readonly string[]): RawBuilder<unknown>;
  /** One page of hits, ranked by relevance when there are terms and sort is 'relevance'. */
  hits(db: Kysely<Database>, page: HitsPage): Promise<SearchHit[]>;
  /** The slugs of every match in the order `hits` gives them, without snippets: for exports. */
  slugs(db: Kysely<Database>, query: Omit<HitsPage, 'limit' | 'offset'>): Promise<string[]>;
}

/** The page of hits to fetch; `where` holds the facet filters on `i` (not the text match). */
export interface HitsPage {
  readonly terms: readonly string[];
  readonly where: Expression<SqlBool>;
  readonly sort: 'relevance' | 'name' | 'updated';
  readonly limit: number;
  readonly offset: number;
  /** Rank every match, not only the best few of each index (the reference search does). */
  readonly exhaustive?: boolean;
  /** False when the query chose no facet value (`where` then holds no condition). */
  readonly filtered?: boolean;
  /** The reader's language: sort=name follows its collation (name-order.ts); English if none. */
  readonly language?: string;
  /** Whether an id passes the filters of `where`, in memory: a browse by name then walks the order. */
  readonly passes?: (id: number) => boolean;
}

/** The row shape both dialects select for a hit. */
export interface HitRow {
  slug: string;
  name: string;
  acronym: string | null;
  domain: string;
  type: string;
  status: string;
  home_country: string;
  submitting_region: string | null;
  summary: string | null;
  language: string;
  snippet: string | null;
}

const EXCERPT_CHARS = 220;

/** The start of a text, cut at a word boundary, for hits that have no highlighted snippet. */
export function excerpt(text: string | null, max = EXCERPT_CHARS): string {
  if (!text) return '';
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max / 2 ? space : max)}…`;
}

/** Maps a selected row to a hit, falling back to an excerpt when the dialect gave no snippet. */
export function toHit(r: HitRow, highlighted: boolean): SearchHit {
  return {
    slug: r.slug,
    name: r.name,
    acronym: r.acronym,
    // The columns only ever hold codes of these lists (the schemas validate every write).
    domain: r.domain as DomainCode,
    type: r.type as StructuralTypeCode,
    status: r.status as StatusCode,
    homeCountry: r.home_country,
    submittingRegion: r.submitting_region,
    language: r.language,
    snippet: highlighted && r.snippet ? r.snippet : excerpt(r.summary),
  };
}
