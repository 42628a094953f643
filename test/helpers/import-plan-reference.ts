/**
 * The duplicate index of the import's plan step as it was before issue 19 made it faster (name
 * bigrams as maps, built anew for every comparison; every key computed anew by every step), kept
 * here word for word as the reference that test/integration/import-plan-speed.test.ts compares
 * the plans of the current implementation with. Do not "improve" it: its worth is that it is the
 * straightforward version.
 */
import type {
  DuplicateEvidence,
  DuplicateFinder,
  DuplicateSuggestion,
  ExactHit,
  MatchKeys,
} from '../../src/analysis/import/matching.ts';
import { fold } from '../../src/analysis/import/text.ts';

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

function nameKey(name: string): string {
  return fold(name);
}

function tokens(name: string): string[] {
  return nameKey(name)
    .split(' ')
    .filter((t) => t.length > 2 && !STOP.has(t));
}

/** Character bigram counts of an already folded name. */
function bigrams(folded: string): Map<string, number> {
  const s = ` ${folded} `;
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

function dice(x: ReadonlyMap<string, number>, y: ReadonlyMap<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const [g, n] of x) {
    shared += Math.min(n, y.get(g) ?? 0);
    total += n;
  }
  for (const n of y.values()) total += n;
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
function shortKey(text: string): string {
  return hashKey(text).toString(36);
}

/** The exact keys a record is found by. */
type ExactKind = 'slug' | 'link' | 'name' | 'acronym';

/**
 * The exact keys of a record, each as a short hash of its comparable form (see hashKey), so that
 * they can be stored and looked up cheaply in memory or in a table.
 */
function exactKeys(keys: MatchKeys): { kind: ExactKind; key: string }[] {
  const out: { kind: ExactKind; key: string }[] = [];
  const put = (kind: ExactKind, text: string | undefined) => {
    if (text) out.push({ kind, key: shortKey(text) });
  };
  put('slug', keys.slug);
  put('link', keys.website ? linkKey(keys.website) : undefined);
  put('name', nameKey(keys.name));
  put('acronym', keys.acronym && keys.acronym.length >= 3 ? keys.acronym.toLowerCase() : undefined);
  return out;
}

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

/**
 * An index of records to compare rows with: exact keys as hashes, names by rare words. Words
 * are indexed for at most `wordBudget` record-word pairs, so that the index of a very large file
 * stops growing there; `complete` says whether every record's words are in. With `exact: false`
 * the exact keys are left to the caller (an import keeps a file's in a table) and passed to find.
 */
export class ReferenceDuplicateIndex implements DuplicateFinder {
  private readonly byKey = new Map<string, Entry>();
  private readonly byToken = new Map<string, Entry[]>();
  private readonly wordBudget: number;
  private readonly exact: boolean;
  private words = 0;
  /** False once the word budget ran out: later records are found by exact keys only. */
  complete = true;

  constructor(options: { wordBudget?: number; exact?: boolean } = {}) {
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
    const words = new Set(tokens(keys.name));
    if (this.words + words.size > this.wordBudget) {
      this.complete = false;
      return;
    }
    this.words += words.size;
    e.folded = nameKey(keys.name);
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
    const rare = [...new Set(tokens(keys.name))]
      .map((t) => this.byToken.get(t) ?? [])
      .filter((list) => list.length > 0 && list.length <= COMMON_TOKEN)
      .sort((a, b) => a.length - b.length)
      .slice(0, 2);
    const seen = new Set<Entry>();
    let grams: Map<string, number> | undefined;
    let compared = 0;
    for (const list of rare) {
      for (const e of list) {
        if (seen.has(e) || compared >= MAX_COMPARISONS) continue;
        seen.add(e);
        const other = e.folded ?? nameKey(e.ref.name);
        if (other === folded) continue;
        const shorter = Math.min(other.length, folded.length);
        if (shorter / Math.max(other.length, folded.length) < SIMILAR_NAME / (2 - SIMILAR_NAME))
          continue;
        compared++;
        grams ??= bigrams(folded);
        const sim = dice(grams, bigrams(other));
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
