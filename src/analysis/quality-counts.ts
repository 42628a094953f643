import type { Finding } from '../domain/quality.ts';

/** The plain text of one source document. */
export interface DocumentText {
  readonly code: string;
  readonly title: string;
  readonly text: string;
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
};

/**
 * A number of things announced: the number (in words or digits, "four (4)" read once), up to three
 * modifying words and a plural noun. The number must not be qualified ("at least three", "one of
 * three", "over 5"): only an exact announcement is compared.
 */
const ANNOUNCEMENT = new RegExp(
  `(?<!\\b(?:of|than|least|about|around|over|approximately|nearly|almost|some|first|last|top|other|another|under|up to)\\s)` +
    `\\b(${Object.keys(NUMBER_WORDS).join('|')}|[2-9]|1[0-9]|20)(?:\\s*\\(\\d{1,2}\\))?` +
    `\\s+((?:[a-z][a-z-]*\\s+){0,3}?)([a-z][a-z-]*[a-rt-z]s(?:\\/[a-z-]+)?)\\b`,
  'gi',
);

/** A line that opens a list item: a bullet, a number or a letter. */
const MARKER = /^\s*(?:([•▪●◦■□➢►\-–*o])|(\d{1,2})[.)]|([a-h])[.)])\s+\S/;
/** Lines a page break leaves in a list: footnotes that are links, page numbers. */
const NOISE = /^\s*(?:\d{1,3}\s+https?:\/\/\S*|\d{1,3})\s*$/;
/** A heading: a numbered section title or a markdown heading. */
const HEADING = /^\s*(?:#{1,6}\s+(.+)|((?:\d{1,2}\.)*\d{1,2}\.?\s+[A-Z][^.:;]{2,70}))\s*$/;

interface Paragraph {
  readonly text: string;
  /** Where each of its lines starts in its text. */
  readonly offsets: readonly number[];
  /** 0-based index of its first line and of the line after its last one. */
  readonly start: number;
  readonly end: number;
  readonly section: string | null;
}

/** Joins the lines of a paragraph, mending words a line break hyphenated; where each line starts. */
function joinLines(lines: readonly string[]): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  for (const raw of lines) {
    const line = raw.trim().replace(/\*\*/g, '');
    if (text === '') text = line;
    else if (/[a-z]-$/.test(text)) text = `${text.slice(0, -1)}${line}`;
    else text = `${text} ${line}`;
    offsets.push(text.length - line.length);
  }
  return { text, offsets };
}

/** The paragraphs of a text (a blank line or a list marker starts one), with their sections. */
function paragraphsOf(lines: readonly string[]): Paragraph[] {
  const out: Paragraph[] = [];
  let section: string | null = null;
  let start = -1;
  const close = (end: number) => {
    if (start >= 0) out.push({ ...joinLines(lines.slice(start, end)), start, end, section });
    start = -1;
  };
  lines.forEach((line, i) => {
    const heading = HEADING.exec(line);
    if (line.trim() === '' || MARKER.test(line) || heading) close(i);
    if (heading) section = (heading[1] ?? heading[2] ?? '').trim();
    else if (line.trim() !== '' && start < 0) start = i;
  });
  close(lines.length);
  return out;
}

/** The kind of a list marker, so that the items of one list share it. */
function markerKind(line: string): { kind: string; number: number | null } | null {
  const m = MARKER.exec(line);
  if (!m) return null;
  if (m[2]) return { kind: 'number', number: Number(m[2]) };
  if (m[3]) return { kind: 'letter', number: m[3].charCodeAt(0) - 96 };
  return { kind: `bullet${m[1] === '–' ? '-' : m[1]}`, number: null };
}

/**
 * The number of items of the list that starts after line `from`: bullet, numbered or lettered
 * lines, each with its continuation lines. Null where there is no list or where it is ambiguous
 * (markers of two kinds, a numbering that does not start at 1).
 */
export function countListAfter(lines: readonly string[], from: number): number | null {
  let i = from;
  while (
    i < lines.length &&
    i < from + 3 &&
    (lines[i]?.trim() === '' || NOISE.test(lines[i] ?? ''))
  )
    i++;
  const first = markerKind(lines[i] ?? '');
  if (!first || (first.number !== null && first.number !== 1)) return null;
  let items = 0;
  let previousBlank = false;
  // A tight list (its first two items on adjacent lines) ends at a blank line.
  let tight: boolean | null = null;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || NOISE.test(line)) {
      previousBlank = previousBlank || line.trim() === '';
      if (previousBlank && tight) break;
      continue;
    }
    const marker = markerKind(line);
    if (!marker) {
      if (previousBlank || HEADING.test(line)) break;
      continue;
    }
    if (marker.kind !== first.kind) return null;
    if (marker.number !== null && marker.number !== items + 1) break;
    if (items === 1 && tight === null) tight = !previousBlank;
    items++;
    previousBlank = false;
  }
  return items;
}

/** Text in parentheses taken out, so that commas inside them do not split items. */
const withoutBrackets = (s: string) => s.replace(/\([^()]*\)/g, '').replace(/\[[^[\]]*\]/g, '');
const AND_OR = /\s(?:and|or|as well as)\s/gi;
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * The number of items of an inline list ("A, B and C", "A; B; and C"), or null where the count
 * is not unambiguous: a single item, an "and" that may be inside an item, or a clause.
 */
export function countInline(list: string): number | null {
  const s = withoutBrackets(list)
    .replace(/[.;:,\s]+$/, '')
    .trim();
  const separator = s.includes(';') ? ';' : ',';
  const parts = s.split(separator).map((p) => p.trim());
  if (parts.length < 2 || parts.some((p) => p === '')) return null;
  const last = parts.at(-1) ?? '';
  const oxford = /^(?:and|or|as well as)\s/i.test(last);
  const andsInside = parts.slice(0, -1).some((p) => AND_OR.test(` ${p} `));
  const andsInLast = (` ${last} `.match(AND_OR) ?? []).length;
  let count: number;
  if (oxford) count = parts.length;
  else if (separator === ';') count = parts.length;
  else if (andsInside || andsInLast !== 1) return null;
  else count = parts.length + 1;
  const items = parts.flatMap((p) => p.replace(/^(?:and|or|as well as)\s+/i, '').split(AND_OR));
  if (items.some((p) => words(p) > 10 || /\b(?:such as|e\.g|i\.e|including|etc)\b/i.test(p)))
    return null;
  return count;
}

/** The end of the sentence that runs from `from`: a full stop before a capital, or the end. */
function sentenceEnd(text: string, from: number): number {
  const re = /[.!?](?=\s+[A-Z“"(]|\s*$)/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 4), m.index + 1);
    if (!/\b(?:e\.g|i\.e|etc|vs|no|approx)\.$/i.test(before)) return m.index;
  }
  return text.length;
}

/** The start of the sentence that holds position `at`. */
function sentenceStart(text: string, at: number): number {
  const head = text.slice(0, at);
  const m = /.*[.!?]\s+(?=[A-Z“"(])/s.exec(head);
  return m ? m[0].length : 0;
}

/** A sentence that announces a number of items, with the number of items its list has. */
export interface Announcement {
  readonly line: number;
  readonly section: string | null;
  readonly number: number;
  readonly noun: string;
  readonly sentence: string;
  readonly listed: number;
}

/** What follows an announced noun: the list it introduces and how many items it has. */
function listedAfter(p: Paragraph, lines: readonly string[], after: number): number | null {
  const rest = p.text.slice(after);
  // "pillars:", "pillars of action to foster PM implementation:", "sub-projects, each …:"
  const colon = /^(?:(?:\s+[A-Za-z-]+){0,6}|,\s+(?:each|namely|which|that)\b[^.:;]{0,80})\s*:/.exec(
    rest,
  );
  if (colon) {
    const from = after + colon[0].length;
    if (p.text.slice(from).trim() === '') return countListAfter(lines, p.end);
    return countInline(p.text.slice(from, sentenceEnd(p.text, from)));
  }
  const bracket = /^\s*\(([^()]*)\)/.exec(rest);
  if (bracket) return countInline(bracket[1] ?? '');
  const apposition = /^\s*([,–—])\s*/.exec(rest);
  if (apposition) {
    const from = after + apposition[0].length;
    const end = sentenceEnd(p.text, from);
    // A list between dashes ends at the closing dash; one after a comma at the sentence's end.
    const dash = apposition[1] === ',' ? -1 : p.text.slice(from, end).search(/[–—]/);
    const list = p.text.slice(from, dash >= 0 ? from + dash : end);
    const names = withoutBrackets(list)
      .split(/,|\s(?:and|or)\s/)
      .map((x) => x.trim())
      .filter(Boolean);
    if (names.some((n) => !/^[A-Z0-9“"]/.test(n) || words(n) > 5)) return null;
    return countInline(list);
  }
  return null;
}

/** The announcements in a paragraph whose lists can be counted. */
function announcementsIn(p: Paragraph, lines: readonly string[]): Announcement[] {
  const out: Announcement[] = [];
  for (const m of p.text.matchAll(ANNOUNCEMENT)) {
    const word = (m[1] ?? '').toLowerCase();
    const number = NUMBER_WORDS[word] ?? Number(word);
    const listed = listedAfter(p, lines, (m.index ?? 0) + m[0].length);
    if (listed === null) continue;
    const start = sentenceStart(p.text, m.index ?? 0);
    const sentence = p.text.slice(start, sentenceEnd(p.text, m.index ?? 0) + 1);
    const line = p.start + p.offsets.filter((o) => o <= (m.index ?? 0)).length;
    out.push({
      line,
      section: p.section,
      number,
      noun: `${m[2] ?? ''}${m[3] ?? ''}`.trim(),
      sentence,
      listed,
    });
  }
  return out;
}

/** A sentence shortened to about `max` characters, cut at a word. */
function shorten(s: string, max = 160): string {
  if (s.length <= max) return s;
  return `${s.slice(0, s.lastIndexOf(' ', max))} …`;
}

/**
 * Sentences that announce a number of items ("three main barriers:", "the following 5
 * initiatives", "two regions, A, B and C") and then list another number of them, inline or as
 * the bullet or numbered lines that follow. Only unambiguous counts are compared: a qualified
 * number, a list whose items may hold "and", or a list of mixed markers is left alone.
 */
export function announcedCounts(documents: readonly DocumentText[]): Finding[] {
  return documents.flatMap((d) =>
    countedAnnouncements(d.text)
      .filter((a) => a.listed !== a.number)
      .map(
        (a): Finding => ({
          kind: 'announced_count',
          message: `${d.title}, line ${a.line}${a.section ? ` (section “${a.section}”)` : ''}: the sentence “${shorten(a.sentence)}” announces ${a.number} ${a.noun} but lists ${a.listed}. The atlas keeps the text as printed; check whether an item is missing or the number is wrong.`,
          records: [{ entity: 'source', key: d.code, label: d.title }],
          stated: a.number,
          found: a.listed,
        }),
      ),
  );
}

/** Every sentence of a text that announces a number of items followed by a list that can be counted. */
export function countedAnnouncements(text: string): Announcement[] {
  const lines = text.split(/\r?\n/);
  return paragraphsOf(lines).flatMap((p) => announcementsIn(p, lines));
}
