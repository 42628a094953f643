import type { Finding, FindingRecord } from '../domain/quality.ts';

/** A record's name and acronym, with the documents it cites. */
export interface NameFact {
  readonly record: FindingRecord;
  readonly name: string;
  readonly acronym?: string | null;
  /** The documents the record cites, with their titles. */
  readonly sources: readonly { code: string; title: string }[];
}

/** A name without case, accents, punctuation, hyphens or spaces: what two spellings share. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

interface Spelling {
  readonly record: FindingRecord;
  readonly spelling: string;
  readonly documents: string;
}

/** What a record is, in words. */
const ENTITY_WORDS: Readonly<Record<string, string>> = {
  initiative: 'initiative',
  good_practice: 'good practice',
};

/** A finding's records, each once, as a comparable key. */
const recordSet = (records: readonly FindingRecord[]) =>
  records
    .map((r) => `${r.entity}/${r.key}`)
    .sort()
    .join();

/**
 * One finding per name written in two or more ways by two or more records: among the records
 * citing one document (title given), or among all records whatever they cite (title null).
 */
function spellings(
  facts: readonly NameFact[],
  what: 'name' | 'acronym',
  pick: (f: NameFact) => string | null | undefined,
  perDocument: boolean,
): Finding[] {
  const groups = new Map<string, { title: string | null; items: Spelling[] }>();
  for (const f of facts) {
    const value = pick(f)?.trim();
    if (!value || nameKey(value) === '') continue;
    const docs = [...new Map(f.sources.map((x) => [x.code, x])).values()];
    const documents = docs.map((d) => d.title).join('; ') || 'no document';
    for (const s of perDocument ? docs : [null]) {
      const k = `${s?.code ?? ''}\u0000${nameKey(value)}`;
      const g = groups.get(k) ?? { title: s?.title ?? null, items: [] };
      g.items.push({ record: f.record, spelling: value, documents });
      groups.set(k, g);
    }
  }
  return [...groups.values()].flatMap(({ title, items }): Finding[] => {
    const forms = [...new Set(items.map((i) => i.spelling))];
    const records = [
      ...new Map(items.map((i) => [`${i.record.entity}/${i.record.key}`, i])).values(),
    ];
    if (forms.length < 2 || records.length < 2) return [];
    const where = title
      ? `${title} gives one ${what} in ${forms.length} spellings`
      : `The records of different documents give one ${what} in ${forms.length} spellings`;
    const each = records.map(
      (r) =>
        `the ${ENTITY_WORDS[r.record.entity] ?? r.record.entity} “${r.spelling}”${title ? '' : `, citing ${r.documents}`}`,
    );
    return [
      {
        kind: 'name_spelled_twice',
        message: `${where} that differ only in case, accents, punctuation or spacing: ${each.join('; ')}. Check whether they are one organisation, which spelling is its own${title ? '' : ', and whether the records should be linked'}.`,
        records: records.map((r) => r.record),
      },
    ];
  });
}

/**
 * Records whose names (or acronyms) differ only by case, accents, punctuation, hyphens or
 * spacing: one organisation spelled two ways. First among the records citing one document (its
 * text and its table, say), then among records of different documents, where the same records
 * are not already reported for one document.
 */
export function namesSpelledTwice(facts: readonly NameFact[]): Finding[] {
  const out: Finding[] = [];
  for (const perDocument of [true, false]) {
    const seen = new Set(out.map((f) => recordSet(f.records)));
    for (const [what, pick] of [
      ['name', (f: NameFact) => f.name],
      ['acronym', (f: NameFact) => f.acronym],
    ] as const) {
      const found = spellings(facts, what, pick, perDocument);
      out.push(...found.filter((f) => perDocument || !seen.has(recordSet(f.records))));
    }
  }
  return out;
}
