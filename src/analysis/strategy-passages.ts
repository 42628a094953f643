/**
 * Reading a RIS3 strategy: the passages that concern personalised medicine, found with a
 * multilingual term list and ranked with BM25 (Robertson and Zaragoza's Okapi weighting). Pure:
 * text and terms in, ranked passages out.
 */

/** The text of one page of a document (null: a format without pages, such as DOCX or HTML). */
export interface PageText {
  readonly page: number | null;
  readonly text: string;
}

/** A passage of a document: a paragraph, or a window of a long one, with its page. */
export interface Passage {
  readonly index: number;
  readonly page: number | null;
  readonly text: string;
}

/** What a concept of the term list weighs, and whether it alone makes the personalised-medicine case. */
export interface ConceptWeight {
  readonly weight: number;
  readonly core: boolean;
}

/**
 * The term list (data/reference/pm-terms.json): concepts with their weights, and per language
 * the terms of each concept. A term is one or more words; a word ending in `*` matches any word
 * it begins. Case and accents do not matter.
 */
export interface TermList {
  readonly concepts: Readonly<Record<string, ConceptWeight>>;
  readonly terms: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** Per language, frequent function words, to guess a text's language. */
  readonly functionWords?: Readonly<Record<string, readonly string[]>>;
}

/** A term ready to match: its words (normalised) and whether each is a prefix. */
export interface CompiledTerm {
  readonly term: string;
  readonly lang: string;
  readonly concept: string;
  readonly weight: number;
  readonly core: boolean;
  readonly words: readonly { readonly text: string; readonly prefix: boolean }[];
}

/** A passage with its score and the terms (as written in the list) it matched. */
export interface RankedPassage extends Passage {
  readonly score: number;
  readonly terms: readonly string[];
  readonly concepts: readonly string[];
  /** Whether a core concept (personalised, precision, stratified medicine) matched. */
  readonly core: boolean;
}

/** BM25 parameters and how many passages to keep. */
export interface RankOptions {
  readonly k1?: number;
  readonly b?: number;
  readonly top?: number;
}

/**
 * Lower case without accents or other marks, Catalan middle dots joined (cel·lular → cellular),
 * Greek final sigma as sigma: so "Precisión", "PRECISION" and "precision" are one word.
 */
export function normalise(text: string): string {
  return text
    .replace(/(\p{L})[·‧](\p{L})/gu, '$1$2')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ς/g, 'σ');
}

/** The words of a text, normalised: runs of letters and digits. */
export function tokens(text: string): string[] {
  return normalise(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** A paragraph longer than `max` words, cut at sentence ends into windows of about `max` words. */
function windows(paragraph: string, max: number): string[] {
  const sentences = paragraph.match(/[^.!?;]+(?:[.!?;]+|$)/g) ?? [paragraph];
  const out: string[] = [];
  let current = '';
  for (const s of sentences) {
    const next = current ? `${current} ${s.trim()}` : s.trim();
    if (current && wordCount(next) > max) {
      out.push(current);
      current = s.trim();
    } else current = next;
  }
  if (current) out.push(current);
  // A single sentence longer than the window is cut by words.
  return out.flatMap((w) => {
    const words = w.split(/\s+/);
    if (words.length <= max * 1.5) return [w];
    const parts: string[] = [];
    for (let i = 0; i < words.length; i += max) parts.push(words.slice(i, i + max).join(' '));
    return parts;
  });
}

/**
 * The passages of a document: its paragraphs (blank lines part them), a short one (a heading)
 * joined to the next on the same page, a long one cut into windows; each keeps its page.
 */
export function splitPassages(
  pages: readonly PageText[],
  options: { minWords?: number; maxWords?: number } = {},
): Passage[] {
  const min = options.minWords ?? 12;
  const max = options.maxWords ?? 160;
  const out: Passage[] = [];
  for (const { page, text } of pages) {
    const paragraphs = text
      .split(/\n\s*\n|\f/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter((p) => /[\p{L}\p{N}]/u.test(p));
    let carry = '';
    for (const [i, p] of paragraphs.entries()) {
      const joined = carry ? `${carry} ${p}` : p;
      if (wordCount(joined) < min && i < paragraphs.length - 1) {
        carry = joined;
        continue;
      }
      carry = '';
      for (const w of windows(joined, max)) out.push({ index: out.length, page, text: w });
    }
  }
  return out;
}

/** The term list as terms ready to match, each normalised, duplicates (after normalising) once. */
export function compileTerms(list: TermList): CompiledTerm[] {
  const seen = new Set<string>();
  const out: CompiledTerm[] = [];
  for (const [lang, byConcept] of Object.entries(list.terms)) {
    for (const [concept, terms] of Object.entries(byConcept)) {
      const weight = list.concepts[concept];
      if (!weight) throw new Error(`pm-terms: ${lang} names an unknown concept "${concept}"`);
      for (const term of terms) {
        const words = term
          .split(/\s+/)
          .filter(Boolean)
          .map((w) => ({ text: tokens(w.replace(/\*$/, '')).join(''), prefix: w.endsWith('*') }));
        if (words.length === 0 || words.some((w) => w.text === '')) continue;
        const key = `${concept}|${words.map((w) => w.text + (w.prefix ? '*' : '')).join(' ')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ term, lang, concept, weight: weight.weight, core: weight.core, words });
      }
    }
  }
  return out;
}

/** How often a term occurs in a passage's words (a multi-word term as consecutive words). */
export function countMatches(words: readonly string[], term: CompiledTerm): number {
  let n = 0;
  const span = term.words.length;
  for (let i = 0; i + span <= words.length; i++) {
    let all = true;
    for (let j = 0; j < span && all; j++) {
      const w = term.words[j];
      const word = words[i + j] ?? '';
      if (!w) all = false;
      else all = w.prefix ? word.startsWith(w.text) : word === w.text;
    }
    if (all) {
      n++;
      i += span - 1;
    }
  }
  return n;
}

/**
 * The passages ranked by BM25 over the terms: each term a query word weighted by its concept,
 * idf from the document's own passages, length-normalised term frequency. Passages that match no
 * term are left out; ties keep document order. At most `top` passages.
 */
export function rankPassages(
  passages: readonly Passage[],
  terms: readonly CompiledTerm[],
  options: RankOptions = {},
): RankedPassage[] {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const words = passages.map((p) => tokens(p.text));
  const avg = words.reduce((s, w) => s + w.length, 0) / Math.max(1, words.length);
  const counts = words.map((w) => terms.map((t) => countMatches(w, t)));
  const df = terms.map((_, j) => counts.filter((c) => (c[j] ?? 0) > 0).length);
  const n = passages.length;
  const ranked: RankedPassage[] = [];
  for (const [i, p] of passages.entries()) {
    const len = words[i]?.length ?? 0;
    let score = 0;
    const matched: CompiledTerm[] = [];
    for (const [j, term] of terms.entries()) {
      const tf = counts[i]?.[j] ?? 0;
      if (tf === 0) continue;
      const d = df[j] ?? 0;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      score += term.weight * idf * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * len) / avg)));
      matched.push(term);
    }
    if (matched.length === 0) continue;
    ranked.push({
      ...p,
      score: Math.round(score * 1000) / 1000,
      terms: [...new Set(matched.map((t) => t.term))],
      concepts: [...new Set(matched.map((t) => t.concept))],
      core: matched.some((t) => t.core),
    });
  }
  ranked.sort((x, y) => y.score - x.score || x.index - y.index);
  return ranked.slice(0, options.top ?? 8);
}

/** What the atlas proposes: the flag when a passage names personalised medicine itself. */
export interface StrategyProposal {
  readonly proposal: 'prioritises' | 'no_evidence';
  readonly passages: readonly RankedPassage[];
  readonly passageCount: number;
  readonly language: string | null;
}

/** The language whose function words a text uses most (at least five of them), or null. */
export function guessLanguage(text: string, list: TermList): string | null {
  const words = tokens(text.slice(0, 200_000));
  const freq = new Map<string, number>();
  for (const w of words) freq.set(w, (freq.get(w) ?? 0) + 1);
  let best: { lang: string; n: number } | null = null;
  for (const [lang, fw] of Object.entries(list.functionWords ?? {})) {
    const unique = [...new Set(fw.map((w) => tokens(w).join('')))];
    const n = unique.reduce((s, w) => s + (freq.get(w) ?? 0), 0);
    if (!best || n > best.n) best = { lang, n };
  }
  return best && best.n >= 5 ? best.lang : null;
}

/** Reads a document's pages: its passages ranked, and the flag proposed from them. */
export function proposeFromPages(
  pages: readonly PageText[],
  list: TermList,
  options: RankOptions = {},
): StrategyProposal {
  const passages = splitPassages(pages);
  const ranked = rankPassages(passages, compileTerms(list), options);
  return {
    proposal: ranked.some((p) => p.core) ? 'prioritises' : 'no_evidence',
    passages: ranked,
    passageCount: passages.length,
    language: guessLanguage(pages.map((p) => p.text).join('\n'), list),
  };
}
