import { ownValue } from '../../domain/own.ts';
import { fold } from './text.ts';

/**
 * Duplicate detection and country suggestions for imported rows: pure functions over small
 * in-memory indexes, so that a million-row file stays in bounded memory per row.
 */

/** What a record is compared by. */
export interface MatchKeys {
  readonly slug: string;
  readonly name: string;
  readonly acronym?: string;
  readonly website?: string;
  readonly homeCountry?: string;
}

/** One piece of evidence that two records are the same. */
export interface DuplicateEvidence {
  readonly kind: 'same_slug' | 'same_link' | 'same_name' | 'similar_name' | 'same_acronym';
  readonly detail: string;
}

/** A record that an imported row may duplicate: an existing record or an earlier row of the file. */
export interface DuplicateSuggestion {
  readonly of:
    | { readonly where: 'database'; readonly slug: string; readonly name: string }
    | {
        readonly where: 'file';
        readonly row: number;
        readonly slug: string;
        readonly name: string;
      };
  readonly evidence: DuplicateEvidence[];
  /** 0-1: how sure the evidence makes it. */
  readonly confidence: number;
}

/** A link without scheme, "www.", query, fragment and trailing slash, for comparison. */
function linkKey(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const path = u.pathname.replace(/\/+$/, '').replace(/\/(index|home)\.(html?|php)$/i, '');
    return `${host}${path.toLowerCase()}`;
  } catch {
    return url.toLowerCase();
  }
}

/** Words too common in initiative names to tell a country by. */
const GENERIC = new Set([
  'health',
  'healthcare',
  'medicine',
  'medical',
  'precision',
  'personalised',
  'personalized',
  'research',
  'national',
  'network',
  'centre',
  'center',
  'platform',
  'programme',
  'program',
  'project',
  'initiative',
  'strategy',
  'cancer',
  'european',
  'innovation',
  'clinical',
  'digital',
  'data',
  'action',
  'applied',
  'complementary',
  'biotechnology',
  'plan',
]);

const STOP = new Set([
  'the',
  'of',
  'and',
  'for',
  'in',
  'on',
  'de',
  'la',
  'el',
  'del',
  'y',
  'en',
  'und',
  'fur',
  'der',
  'die',
  'das',
  'et',
  'le',
  'les',
  'des',
  'a',
  'an',
  'i',
  'och',
  'for',
]);

/** The last name folded and its folded form: a row's name is folded by several steps in turn. */
let lastName: string | undefined;
let lastFolded = '';

function nameKey(name: string): string {
  if (name !== lastName) {
    lastFolded = fold(name);
    lastName = name;
  }
  return lastFolded;
}

/** The words of an already folded name that candidates are found by. */
function tokensOf(folded: string): string[] {
  return folded.split(' ').filter((t) => t.length > 2 && !STOP.has(t));
}

/**
 * The character bigrams of an already folded name (spaces added at both ends), each as one
 * number (two UTF-16 code units), sorted: a multiset that two names are compared by. Written into
 * `into` when it is long enough (no allocation, and nothing kept per indexed name).
 */
function bigrams(folded: string, into?: Uint32Array): Uint32Array {
  const s = ` ${folded} `;
  const n = s.length - 1;
  const out = into && into.length >= n ? into.subarray(0, n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
  return out.sort();
}

/** Scratch space for the bigrams of the names a row is compared with. */
const SCRATCH = new Uint32Array(512);

/**
 * The Sørensen-Dice coefficient of two bigram multisets: twice the bigrams they share (each as
 * many times as the fewer of its counts) over all bigrams of both.
 */
function dice(x: Uint32Array, y: Uint32Array): number {
  const total = x.length + y.length;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = x[i] as number;
    const b = y[j] as number;
    if (a === b) {
      shared++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return total === 0 ? 0 : (2 * shared) / total;
}

/** How much each kind of evidence alone says that two records are one; several combine. */
const EVIDENCE_WEIGHT: Readonly<Record<DuplicateEvidence['kind'], number>> = {
  same_slug: 0.5,
  same_link: 0.6,
  same_name: 0.7,
  similar_name: 0.5,
  same_acronym: 0.3,
};

/** Most names a row's name is compared with, so that a large file stays linear. */
const MAX_COMPARISONS = 25;

/** The least name similarity that counts as evidence of a duplicate. */
const SIMILAR_NAME = 0.85;
/** Tokens shared by more records than this are too common to find candidates by. */
const COMMON_TOKEN = 200;

/**
 * A 53-bit hash of a text (cyrb53), so that the keys of a million records fit in memory as
 * numbers; two texts sharing one is about as likely as a one in 10^9 chance per million pairs.
 */
function hashKey(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

type Entry = {
  readonly ref: DuplicateSuggestion['of'];
  /** The folded name, kept for entries that similar names are compared with. */
  folded?: string;
};

/** A text as a short key for storing and lookup: its hash in base 36. */
export function shortKey(text: string): string {
  return hashKey(text).toString(36);
}

/** The exact keys a record is found by. */
export type ExactKind = 'slug' | 'link' | 'name' | 'acronym';

/** A record found by one of a row's exact keys, by a lookup outside the index. */
export interface ExactHit {
  readonly kind: ExactKind;
  readonly ref: DuplicateSuggestion['of'];
}

/**
 * The exact keys of a record, each as a short hash of its comparable form (see hashKey), so that
 * they can be stored and looked up cheaply in memory or in a table.
 */
export function exactKeys(keys: MatchKeys): { kind: ExactKind; key: string }[] {
  // A row's keys are asked for by several steps in turn: the last answer is kept.
  const last = lastExact;
  if (
    last &&
    last.slug === keys.slug &&
    last.name === keys.name &&
    last.acronym === keys.acronym &&
    last.website === keys.website
  ) {
    return last.keys.map((k) => ({ kind: k.kind, key: k.key }));
  }
  const out: { kind: ExactKind; key: string }[] = [];
  const put = (kind: ExactKind, text: string | undefined) => {
    if (text) out.push({ kind, key: shortKey(text) });
  };
  put('slug', keys.slug);
  put('link', keys.website ? linkKey(keys.website) : undefined);
  put('name', nameKey(keys.name));
  put('acronym', keys.acronym && keys.acronym.length >= 3 ? keys.acronym.toLowerCase() : undefined);
  lastExact = {
    slug: keys.slug,
    name: keys.name,
    acronym: keys.acronym,
    website: keys.website,
    keys: out.map((k) => ({ kind: k.kind, key: k.key })),
  };
  return out;
}

/** The last record's exact keys (see exactKeys). */
let lastExact:
  | {
      readonly slug: string;
      readonly name: string;
      readonly acronym: string | undefined;
      readonly website: string | undefined;
      readonly keys: readonly { readonly kind: ExactKind; readonly key: string }[];
    }
  | undefined;

/** What finding a record by an exact key says about it. */
function exactEvidence(kind: ExactKind, keys: MatchKeys): DuplicateEvidence {
  switch (kind) {
    case 'slug':
      return { kind: 'same_slug', detail: `both are called ${keys.slug}` };
    case 'link':
      return { kind: 'same_link', detail: `both link to ${linkKey(keys.website ?? '')}` };
    case 'name':
      return { kind: 'same_name', detail: `both are named “${keys.name}”` };
    case 'acronym':
      return { kind: 'same_acronym', detail: `both have the acronym ${keys.acronym}` };
  }
}

/** What an import compares rows with: records added one by one, then found by a row's keys. */
export interface DuplicateFinder {
  /** False once an index with a word budget stopped indexing names. */
  readonly complete: boolean;
  add(ref: DuplicateSuggestion['of'], keys: MatchKeys): void;
  find(keys: MatchKeys, except?: string, hits?: readonly ExactHit[]): DuplicateSuggestion[];
}

/** How an index is made: its word budget, and whether it keeps exact keys (see DuplicateIndex). */
export interface DuplicateIndexOptions {
  readonly wordBudget?: number;
  readonly exact?: boolean;
}

/**
 * An index of records to compare rows with: exact keys as hashes, names by rare words. Words
 * are indexed for at most `wordBudget` record-word pairs, so that the index of a very large file
 * stops growing there; `complete` says whether every record's words are in. With `exact: false`
 * the exact keys are left to the caller (an import keeps a file's in a table) and passed to find.
 */
export class DuplicateIndex implements DuplicateFinder {
  private readonly byKey = new Map<string, Entry>();
  private readonly byToken = new Map<string, Entry[]>();
  private readonly wordBudget: number;
  private readonly exact: boolean;
  private words = 0;
  /** False once the word budget ran out: later records are found by exact keys only. */
  complete = true;

  constructor(options: DuplicateIndexOptions = {}) {
    this.wordBudget = options.wordBudget ?? Number.POSITIVE_INFINITY;
    this.exact = options.exact ?? true;
  }

  /** Adds a record; the first record with a key keeps it. */
  add(ref: DuplicateSuggestion['of'], keys: MatchKeys): void {
    const e: Entry = { ref };
    if (this.exact) {
      for (const { kind, key } of exactKeys(keys)) {
        const k = `${kind}:${key}`;
        if (!this.byKey.has(k)) this.byKey.set(k, e);
      }
    }
    const folded = nameKey(keys.name);
    const words = new Set(tokensOf(folded));
    if (this.words + words.size > this.wordBudget) {
      this.complete = false;
      return;
    }
    this.words += words.size;
    e.folded = folded;
    for (const t of words) {
      const list = this.byToken.get(t) ?? [];
      if (list.length <= COMMON_TOKEN) {
        list.push(e);
        this.byToken.set(t, list);
      }
    }
  }

  /**
   * The records that a row may duplicate, strongest evidence first; `except` is the row's own
   * identity, `hits` what the caller found by the row's exact keys.
   */
  find(keys: MatchKeys, except?: string, hits: readonly ExactHit[] = []): DuplicateSuggestion[] {
    const found = new Map<
      string,
      { ref: DuplicateSuggestion['of']; evidence: DuplicateEvidence[] }
    >();
    const note = (ref: DuplicateSuggestion['of'] | undefined, ev: DuplicateEvidence) => {
      if (!ref || ref.slug === except) return;
      const id = `${ref.where}:${ref.slug}:${ref.where === 'file' ? ref.row : ''}`;
      const f = found.get(id) ?? { ref, evidence: [] };
      if (!f.evidence.some((x) => x.kind === ev.kind)) f.evidence.push(ev);
      found.set(id, f);
    };
    if (this.exact) {
      for (const { kind, key } of exactKeys(keys))
        note(this.byKey.get(`${kind}:${key}`)?.ref, exactEvidence(kind, keys));
    }
    for (const hit of hits) note(hit.ref, exactEvidence(hit.kind, keys));
    // Similar names: candidates share one of the name's two rarest words; names of very
    // different length cannot reach the threshold, so only a few bigram profiles are compared.
    const folded = nameKey(keys.name);
    const rare = [...new Set(tokensOf(folded))]
      .map((t) => this.byToken.get(t) ?? [])
      .filter((list) => list.length > 0 && list.length <= COMMON_TOKEN)
      .sort((a, b) => a.length - b.length)
      .slice(0, 2);
    const seen = new Set<Entry>();
    let grams: Uint32Array | undefined;
    let compared = 0;
    // Once MAX_COMPARISONS names are compared, nothing more can be found: the loops end there.
    compare: for (const list of rare) {
      for (const e of list) {
        if (compared >= MAX_COMPARISONS) break compare;
        if (seen.has(e)) continue;
        seen.add(e);
        const other = e.folded ?? nameKey(e.ref.name);
        if (other === folded) continue;
        const shorter = Math.min(other.length, folded.length);
        if (shorter / Math.max(other.length, folded.length) < SIMILAR_NAME / (2 - SIMILAR_NAME))
          continue;
        compared++;
        grams ??= bigrams(folded);
        const sim = dice(grams, bigrams(other, SCRATCH));
        if (sim >= SIMILAR_NAME) {
          note(e.ref, {
            kind: 'similar_name',
            detail: `“${keys.name}” and “${e.ref.name}” are ${Math.round(sim * 100)}% alike`,
          });
        }
      }
    }
    return [...found.values()]
      .map(({ ref, evidence }) => ({
        of: ref,
        evidence,
        confidence: Math.min(
          0.99,
          1 - evidence.reduce((p, ev) => p * (1 - EVIDENCE_WEIGHT[ev.kind]), 1),
        ),
      }))
      .sort((a, b) => b.confidence - a.confidence);
  }
}

/** A suggested home country for a row that has none, with why and how sure. */
export interface CountrySuggestion {
  readonly country: string;
  readonly reason: string;
  readonly confidence: number;
}

const TLD_COUNTRY: Readonly<Record<string, string>> = { uk: 'GB', gr: 'GR' };
const GENERIC_TLDS = new Set([
  'com',
  'org',
  'net',
  'eu',
  'int',
  'io',
  'info',
  'edu',
  'gov',
  'health',
  'app',
  'dev',
  'site',
  'online',
  'science',
]);

/** Words and letters that mark a name's language, and the country the atlas files that language under. */
const LANGUAGES: readonly {
  country: string;
  language: string;
  letters?: RegExp;
  words: readonly string[];
}[] = [
  {
    country: 'SE',
    language: 'Swedish',
    letters: /[åäö]/i,
    words: [
      'och',
      'för',
      'sjukhus',
      'vård',
      'medicin',
      'regionen',
      'universitetssjukhus',
      'centrum',
    ],
  },
  {
    country: 'ES',
    language: 'Spanish',
    letters: /[ñ¿¡]/i,
    words: [
      'de',
      'la',
      'del',
      'medicina',
      'salud',
      'personalizada',
      'investigación',
      'estrategia',
      'hospital',
      'universitario',
      'y',
      'plan',
      'precisión',
    ],
  },
  {
    country: 'DE',
    language: 'German',
    letters: /[ß]/i,
    words: [
      'und',
      'für',
      'medizin',
      'gesundheit',
      'zentrum',
      'forschung',
      'personalisierte',
      'klinikum',
      'der',
      'die',
    ],
  },
  {
    country: 'IT',
    language: 'Italian',
    words: ['della', 'di', 'medicina', 'salute', 'personalizzata', 'ricerca', 'il', 'per'],
  },
  {
    country: 'FR',
    language: 'French',
    letters: /[êèç]/i,
    words: ['de', 'la', 'médecine', 'santé', 'personnalisée', 'recherche', 'pour', 'et'],
  },
  {
    country: 'LT',
    language: 'Lithuanian',
    letters: /[ėųįšžčą]/i,
    words: ['sveikatos', 'ligoninė', 'universitetas', 'centras', 'medicinos', 'klinikos'],
  },
  {
    country: 'PL',
    language: 'Polish',
    letters: /[łńśźż]/i,
    words: ['zdrowia', 'medycyna', 'i', 'dla', 'instytut'],
  },
  { country: 'UA', language: 'Ukrainian', letters: /[іїєґ]/i, words: [] },
  { country: 'GR', language: 'Greek', letters: /[α-ω]/i, words: [] },
  {
    country: 'NL',
    language: 'Dutch',
    words: ['voor', 'gezondheid', 'geneeskunde', 'en', 'het', 'van'],
  },
  { country: 'FI', language: 'Finnish', words: ['terveys', 'yliopisto', 'keskus', 'lääketiede'] },
];

/** Distinctive organisation words from existing records: word → the one country all its records are in. */
export function organisationCountries(
  records: Iterable<{ name: string; acronym?: string; homeCountry: string }>,
): Map<string, { country: string; count: number }> {
  const seen = new Map<string, { country: string | null; count: number }>();
  for (const r of records) {
    const words = new Set(
      [...r.name.split(/[^\p{L}\p{N}'’-]+/u), ...(r.acronym ? [r.acronym] : [])].filter(
        (w) => w.length >= 5 && /^\p{Lu}/u.test(w) && !GENERIC.has(fold(w)),
      ),
    );
    for (const w of words) {
      const k = fold(w);
      const s = seen.get(k);
      if (!s) seen.set(k, { country: r.homeCountry, count: 1 });
      else
        seen.set(k, {
          country: s.country === r.homeCountry ? s.country : null,
          count: s.count + 1,
        });
    }
  }
  const out = new Map<string, { country: string; count: number }>();
  // A word in only one record of a country may be any word; two or more from one country is a signal.
  for (const [k, v] of seen)
    if (v.country && v.count >= 2) out.set(k, { country: v.country, count: v.count });
  return out;
}

/**
 * Suggestions for a row's home country from its link's domain, the language of its name and the
 * organisations it names, strongest first. They are only ever applied when the user accepts them.
 */
export function suggestCountries(
  row: { name?: string; website?: string },
  knownCountries: ReadonlySet<string>,
  organisations: ReadonlyMap<string, { country: string; count: number }>,
): CountrySuggestion[] {
  const out: CountrySuggestion[] = [];
  if (row.website) {
    try {
      const host = new URL(row.website).hostname.toLowerCase();
      const tld = host.split('.').pop() ?? '';
      const country = ownValue(TLD_COUNTRY, tld) ?? tld.toUpperCase();
      if (!GENERIC_TLDS.has(tld) && knownCountries.has(country)) {
        out.push({ country, reason: `the link's domain ends in .${tld}`, confidence: 0.8 });
      }
    } catch {
      // Not a URL: nothing to read from it.
    }
  }
  if (row.name) {
    const words = row.name
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter(Boolean);
    let best: { country: string; language: string; score: number; hits: string[] } | undefined;
    for (const l of LANGUAGES) {
      const hits = words.filter((w) => l.words.includes(w));
      const score = hits.length + (l.letters?.test(row.name) ? 2 : 0);
      if (score >= 2 && (!best || score > best.score))
        best = { country: l.country, language: l.language, score, hits };
    }
    if (best && knownCountries.has(best.country)) {
      const why = best.hits.length > 0 ? ` (words: ${best.hits.join(', ')})` : ' (its letters)';
      out.push({
        country: best.country,
        reason: `the name looks ${best.language}${why}`,
        confidence: Math.min(0.6, 0.3 + 0.1 * best.score),
      });
    }
    for (const w of row.name.split(/[^\p{L}\p{N}'’-]+/u)) {
      // Organisation names are written with a capital; "health" in running text is no signal.
      const org = /^\p{Lu}/u.test(w) ? organisations.get(fold(w)) : undefined;
      if (org && knownCountries.has(org.country)) {
        out.push({
          country: org.country,
          reason: `the name mentions “${w}”, as do ${org.count} records from ${org.country}`,
          confidence: 0.7,
        });
        break;
      }
    }
  }
  // One suggestion per country: the strongest reason, with the others added.
  const merged = new Map<string, CountrySuggestion>();
  for (const s of out.sort((a, b) => b.confidence - a.confidence)) {
    const prev = merged.get(s.country);
    merged.set(
      s.country,
      prev
        ? {
            ...prev,
            reason: `${prev.reason}; ${s.reason}`,
            confidence: Math.min(0.95, prev.confidence + 0.1),
          }
        : s,
    );
  }
  return [...merged.values()].sort((a, b) => b.confidence - a.confidence);
}
