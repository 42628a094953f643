/**
 * How a region's response differs from its response to the round before: which initiatives are
 * new, closed, changed or no longer reported; which barriers were added or dropped; how many
 * items each section holds. Pure.
 */
import type { Questionnaire, ResponseAnswers, ResponseItem } from '../domain/questionnaires.ts';

/** One carried item that changed, with the questions whose answers differ. */
export interface ChangedItem {
  readonly ref: string;
  readonly name: string;
  readonly fields: readonly string[];
}

export interface RoundComparison {
  readonly items: {
    readonly new: readonly string[];
    readonly closed: readonly string[];
    readonly changed: readonly ChangedItem[];
    readonly unchanged: readonly string[];
    /** In the round before, not in this one at all. */
    readonly dropped: readonly string[];
  };
  readonly barriers: {
    readonly added: readonly string[];
    readonly dropped: readonly string[];
    readonly kept: readonly string[];
  };
  readonly sections: readonly { key: string; before: number; after: number }[];
}

const nameOf = (it: ResponseItem): string => {
  const n = it.answers.name ?? it.answers.barrier ?? it.answers.text;
  return typeof n === 'string' && n ? n : (it.ref ?? '?');
};

const same = (a: unknown, b: unknown): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function changedFields(before: ResponseItem | undefined, after: ResponseItem): string[] {
  if (!before) return [];
  const keys = new Set([...Object.keys(before.answers), ...Object.keys(after.answers)]);
  return [...keys].filter((k) => !same(before.answers[k], after.answers[k])).sort();
}

/** The carried section's items (the first section that carries forward), compared by ref. */
function compareItems(
  key: string | undefined,
  before: ResponseAnswers,
  after: ResponseAnswers,
): RoundComparison['items'] {
  const now = key ? (after[key] ?? []) : [];
  const then = key ? (before[key] ?? []) : [];
  const thenByRef = new Map(then.filter((i) => i.ref).map((i) => [i.ref as string, i]));
  const out = {
    new: [] as string[],
    closed: [] as string[],
    changed: [] as ChangedItem[],
    unchanged: [] as string[],
  };
  for (const it of now) {
    const prior = it.ref ? thenByRef.get(it.ref) : undefined;
    if (!it.ref || it.carry === 'new' || (!prior && it.carry === undefined))
      out.new.push(nameOf(it));
    else if (it.carry === 'closed') out.closed.push(nameOf(it));
    else {
      const fields = changedFields(prior, it);
      if (it.carry === 'changed' || fields.length)
        out.changed.push({ ref: it.ref, name: nameOf(it), fields });
      else out.unchanged.push(nameOf(it));
    }
  }
  const refsNow = new Set(now.map((i) => i.ref).filter(Boolean));
  const dropped = then.filter((i) => i.ref && !refsNow.has(i.ref)).map(nameOf);
  return { ...out, dropped };
}

/** Compares a response with the region's response to the round before (empty when there was none). */
export function compareRounds(
  qn: Questionnaire,
  before: ResponseAnswers | undefined,
  after: ResponseAnswers,
): RoundComparison {
  const prior = before ?? {};
  // The items compared by ref: the surveyed initiatives, or a report's practices.
  const carried =
    qn.sections.find((s) => s.carry === 'initiatives') ??
    qn.sections.find((s) => s.key === 'practices');
  const codes = (a: ResponseAnswers) =>
    new Set(
      (a.barriers ?? [])
        .map((i) => i.answers.barrier)
        .filter((c): c is string => typeof c === 'string' && c !== '' && c !== 'other'),
    );
  const [b, a] = [codes(prior), codes(after)];
  return {
    items: compareItems(carried?.key, prior, after),
    barriers: {
      added: [...a].filter((c) => !b.has(c)).sort(),
      dropped: [...b].filter((c) => !a.has(c)).sort(),
      kept: [...a].filter((c) => b.has(c)).sort(),
    },
    sections: qn.sections
      .filter((s) => s.repeat)
      .map((s) => ({
        key: s.key,
        before: (prior[s.key] ?? []).length,
        after: (after[s.key] ?? []).length,
      })),
  };
}
