import { type InitiativeColumn, restoreFormulaText } from '../../domain/columns.ts';
import type { InitiativeInput } from '../../domain/schemas.ts';
import {
  type FieldCell,
  type ImportContext,
  RowDraft,
  type RowRules,
  type ValueChange,
  type ValueFlag,
} from './draft.ts';
import { FIELD_RULES } from './fields.ts';

/** A row read into initiative fields, with every change and problem, before identity is decided. */
export interface NormalisedRow {
  readonly row: number;
  /** The file's own number for the row (a "No." column), if it has one. */
  readonly label?: string;
  readonly candidate: Partial<InitiativeInput> & { extra?: Record<string, string> };
  readonly changes: ValueChange[];
  readonly flags: ValueFlag[];
}

/** Reads a mapped row into initiative fields, listing each change and each value it cannot read. */
export function normaliseRow(
  row: number,
  cells: Readonly<Record<string, string>>,
  rules: RowRules,
  ctx: ImportContext,
): NormalisedRow {
  const draft = new RowDraft(row, rules, ctx);
  const byField = cellsByField(draft, cells);
  for (const rule of FIELD_RULES) {
    const cell = byField.get(rule.field);
    if (cell) rule.read(cell, draft);
    else rule.empty?.(draft);
  }
  const { candidate, extra, changes, flags, label } = draft;
  if (Object.keys(extra).length > 0) candidate.extra = extra;
  return { row, label, candidate: candidate as NormalisedRow['candidate'], changes, flags };
}

/**
 * The row's text by field: cells tidied (formula apostrophes, spaces at the ends), extra and
 * label columns set aside, two columns of one field joined, and defaults filling empty fields.
 */
function cellsByField(
  draft: RowDraft,
  cells: Readonly<Record<string, string>>,
): Map<InitiativeColumn, FieldCell> {
  const { rules } = draft;
  const byField = new Map<InitiativeColumn, FieldCell>();
  for (const [header, raw] of Object.entries(cells)) {
    const target = rules.mapping.get(header) ?? 'extra';
    if (target === 'ignore') continue;
    const restored = rules.restoreFormulas ? restoreFormulaText(raw) : raw;
    draft.change(
      header,
      raw,
      restored,
      'apostrophe an export put before a formula character removed',
    );
    const text = restored.trim();
    draft.change(header, restored, text, 'spaces at the ends removed');
    if (text === '') continue;
    if (target === 'extra') draft.keepExtra(header, text);
    else if (target === 'row_label') draft.label = text;
    else {
      const prev = byField.get(target);
      byField.set(
        target,
        prev ? { header: prev.header, text: `${prev.text}; ${text}` } : { header, text },
      );
    }
  }
  for (const [field, value] of Object.entries(rules.defaults) as [InitiativeColumn, string][]) {
    if (!byField.has(field) && value !== undefined) {
      byField.set(field, { header: field, text: value });
      draft.noted(field, '', value, 'empty: filled with the default given for the import');
    }
  }
  return byField;
}
