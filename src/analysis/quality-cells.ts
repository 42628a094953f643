import {
  DOMAINS,
  SCOPES,
  STAKEHOLDER_GROUPS,
  STATUSES,
  STRUCTURAL_TYPES,
} from '../domain/codes.ts';
import type { Finding, FindingRecord } from '../domain/quality.ts';

/** The code lists whose labels a cell of another field should not hold, by the field they fill. */
const VOCABULARIES = {
  'structural type': STRUCTURAL_TYPES,
  domain: DOMAINS,
  status: STATUSES,
  scope: SCOPES,
  'stakeholder group': STAKEHOLDER_GROUPS,
} as const;
export type Vocabulary = keyof typeof VOCABULARIES;

/**
 * One cell as the rule reads it: the record, the field, its value, the code list the field itself
 * takes its values from (its labels are at home there), and whether it is a code-like field (a
 * row reference, an acronym) that should never hold a sentence.
 */
export interface CellFact {
  readonly record: FindingRecord;
  readonly field: string;
  readonly value: string;
  readonly own?: Vocabulary;
  readonly codeLike?: boolean;
  /** Whether the cell is a list (split on ";", "," and "/") whose items are checked one by one. */
  readonly list?: boolean;
}

/** A cell reduced to letters and digits, without accents, case or a plural "s". */
function normal(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/s$/, '');
}

/** Every label and code of every code list, normalised, with the list it belongs to. */
const LABELS: ReadonlyMap<string, { vocabulary: Vocabulary; label: string }> = new Map(
  (Object.entries(VOCABULARIES) as [Vocabulary, (typeof VOCABULARIES)[Vocabulary]][]).flatMap(
    ([vocabulary, entries]) =>
      entries.flatMap((e) => [
        [normal(e.label), { vocabulary, label: e.label }] as const,
        [normal(e.code), { vocabulary, label: e.label }] as const,
      ]),
  ),
);

/**
 * Whether a text reads as a sentence rather than a code: five words or more, or three or more
 * ending with a full stop, question or exclamation mark.
 */
export function isSentence(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return words >= 5 || (words >= 3 && /[.!?]$/.test(text.trim()));
}

/** The label of another field's code list that a value is, if it is exactly one. */
function foreignLabel(value: string, own: Vocabulary | undefined) {
  const hit = LABELS.get(normal(value));
  return hit && hit.vocabulary !== own && normal(value) !== '' ? hit : undefined;
}

/**
 * Cells that hold the value of another field: a whole cell (or, for a list cell, one of its items)
 * that is exactly a label or code of a code list other than the field's own, such as a scope or
 * status note reading "Permanent institution"; and code-like cells (row references, acronyms)
 * that hold a whole sentence.
 */
export function misplacedValues(cells: readonly CellFact[]): Finding[] {
  return cells.flatMap((c): Finding[] => {
    const items = c.list ? c.value.split(/[;,/]/).map((v) => v.trim()) : [c.value.trim()];
    const out: Finding[] = [];
    for (const item of items) {
      const hit = foreignLabel(item, c.own);
      if (!hit) continue;
      out.push({
        kind: 'misplaced_value',
        message: `${c.record.label}: the ${c.field} cell holds “${item}”, which is a ${hit.vocabulary} (“${hit.label}”), not a ${c.field}; check whether the value was moved from the ${hit.vocabulary} column.`,
        records: [c.record],
      });
    }
    if (c.codeLike && isSentence(c.value)) {
      out.push({
        kind: 'misplaced_value',
        message: `${c.record.label}: the ${c.field} cell holds a sentence, “${c.value}”, where a short code is expected; check whether a note or description was put in this field.`,
        records: [c.record],
      });
    }
    return out;
  });
}

/**
 * Statuses that are not a stage of a lifecycle but a kind of body, with the structural type they
 * name: D3.1's status column offers ongoing, closed and to be launched; "Permanent" is the
 * structural type "Permanent institution" given as a status.
 */
export const STATUSES_NAMING_A_TYPE: Readonly<Record<string, string>> = {
  permanent: 'permanent_institution',
};

/** A record's status and structural type, as codes. */
export interface StatusFact {
  readonly record: FindingRecord;
  readonly status: string;
  readonly type: string;
}

const label = (list: readonly { code: string; label: string }[], code: string) =>
  list.find((e) => e.code === code)?.label ?? code;

/**
 * Status cells holding a structural type that contradicts the record's own: a status that names a
 * kind of body (STATUSES_NAMING_A_TYPE) on a record whose structural type is another one.
 */
export function statusesNamingAnotherType(facts: readonly StatusFact[]): Finding[] {
  return facts.flatMap((f): Finding[] => {
    const named = STATUSES_NAMING_A_TYPE[f.status];
    if (!named || named === f.type) return [];
    return [
      {
        kind: 'misplaced_value',
        message: `${f.record.label}: the status is “${label(STATUSES, f.status)}”, which is the structural type “${label(STRUCTURAL_TYPES, named)}” rather than a stage of a lifecycle, while the record's structural type is “${label(STRUCTURAL_TYPES, f.type)}”; check whether the status cell held the type and what the initiative's status is.`,
        records: [f.record],
      },
    ];
  });
}
