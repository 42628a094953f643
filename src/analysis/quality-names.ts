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
}

/** One finding per document and name written in two or more ways by two or more records. */
function spellings(
  facts: readonly NameFact[],
  what: 'name' | 'acronym',
  pick: (f: NameFact) => string | null | undefined,
): Finding[] {
  const groups = new Map<string, { title: string; items: Spelling[] }>();
  for (const f of facts) {
    const value = pick(f)?.trim();
    if (!value || nameKey(value) === '') continue;
    for (const s of new Map(f.sources.map((x) => [x.code, x])).values()) {
      const k = `${s.code}\u0000${nameKey(value)}`;
      const g = groups.get(k) ?? { title: s.title, items: [] };
      g.items.push({ record: f.record, spelling: value });
      groups.set(k, g);
    }
  }
  return [...groups.values()].flatMap(({ title, items }): Finding[] => {
    const forms = [...new Set(items.map((i) => i.spelling))];
    const records = [
      ...new Map(items.map((i) => [`${i.record.entity}/${i.record.key}`, i])).values(),
    ];
    if (forms.length < 2 || records.length < 2) return [];
    return [
      {
        kind: 'name_spelled_twice',
        message: `${title} gives one ${what} in ${forms.length} spellings that differ only in case, accents, punctuation or spacing: ${forms.map((s) => `“${s}”`).join(', ')} (${records.map((r) => `${r.record.label}: “${r.spelling}”`).join('; ')}); check whether they are one organisation, and which spelling is its own.`,
        records: records.map((r) => r.record),
      },
    ];
  });
}

/**
 * Records citing one document whose names (or acronyms) differ only by case, accents,
 * punctuation, hyphens or spacing: one organisation spelled two ways, for example in the
 * document's text and in its table.
 */
export function namesSpelledTwice(facts: readonly NameFact[]): Finding[] {
  return [
    ...spellings(facts, 'name', (f) => f.name),
    ...spellings(facts, 'acronym', (f) => f.acronym),
  ];
}
