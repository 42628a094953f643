/** Stakeholder engagement as counts: interviews per region and group, and workshops. Never a person. */
import { STAKEHOLDER_GROUPS, type StakeholderGroupCode } from './codes.ts';

/** One region's interview counts as the report prints them: by stakeholder group, and the printed total. */
export interface InterviewSummary {
  readonly region: string;
  readonly campaign: string;
  readonly printedTotal: number | null;
  /** null where the printed table has an empty cell or no column for the group. */
  readonly byGroup: Readonly<Record<StakeholderGroupCode, number | null>>;
}

/** A workshop as the region pages show it: when, how many took part, the format and the organisers. */
export interface WorkshopSummary {
  readonly key: string;
  readonly region: string;
  readonly campaign: string | null;
  readonly heldOn: string | null;
  readonly participants: number | null;
  readonly format: string | null;
  readonly organisers: string | null;
}

/** Counts by stakeholder group picked from a record that has one field per group. */
export function countsByGroup(
  row: Readonly<Record<StakeholderGroupCode, number | null>>,
): Record<StakeholderGroupCode, number | null> {
  return Object.fromEntries(STAKEHOLDER_GROUPS.map((g) => [g.code, row[g.code]])) as Record<
    StakeholderGroupCode,
    number | null
  >;
}
