import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { labelOf, PILLARS } from '../domain/codes.ts';
import type { Pillar } from '../domain/schemas.ts';
import { listRecordSourcesByKey } from './record-sources.ts';
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

/** An EP PerMed pillar as stored: the reference record plus its label. */
export type PillarRecord = Pillar & { readonly label: string };

/** Every pillar with its next steps and provenance, in the order of the code list. */
export async function listPillars(db: Kysely<Database>): Promise<PillarRecord[]> {
  const [rows, sources] = await Promise.all([
    db.selectFrom('pillars').selectAll().execute(),
    listRecordSourcesByKey(db, 'pillar'),
  ]);
  const order = new Map<string, number>(PILLARS.map((p, i) => [p.code, i]));
  return rows
    .sort((a, b) => (order.get(a.code) ?? 99) - (order.get(b.code) ?? 99))
    .map((r) => ({
      code: r.code as Pillar['code'],
      label: r.label,
      description: r.description ?? '',
      nextSteps: r.next_steps ? (JSON.parse(r.next_steps) as string[]) : [],
      sources: sources.get(r.code) ?? [],
    }));
}
