import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { labelOf, PILLARS } from '../domain/codes.ts';
import type { Pillar } from '../domain/schemas.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

/** Inserts or updates an EP PerMed pillar with its next steps. */
export function upsertPillar(
  db: Kysely<Database>,
  p: Pillar,
  ctx: WriteContext,
): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    {
      table: 'pillars',
      entity: 'pillar',
      key: { code: p.code },
      columns: {
        label: labelOf(PILLARS, p.code),
        description: p.description,
        next_steps: JSON.stringify(p.nextSteps),
      },
      sources: p.sources,
    },
    ctx,
  );
}
