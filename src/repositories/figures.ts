import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { FigureMeasure, type ReportedFigure } from '../domain/schemas.ts';
import { listRecordSources } from './record-sources.ts';
import { type UpsertOutcome, upsertVersioned, type WriteContext } from './versioned.ts';

type Q = Kysely<Database>;

/** Inserts or updates a figure a document reports. */
export function upsertFigure(db: Q, f: ReportedFigure, ctx: WriteContext): Promise<UpsertOutcome> {
  return upsertVersioned(
    db,
    {
      table: 'reported_figures',
      entity: 'figure',
      key: { key: f.key },
      columns: {
        label: f.label,
        value: f.value,
        qualifier: f.qualifier,
        measure: f.measure ? JSON.stringify(f.measure) : null,
        notes: f.notes ?? null,
      },
      sources: f.sources,
    },
    ctx,
  );
}

/** Every reported figure with its measure and provenance, ordered by key. */
export async function listFigures(db: Q): Promise<ReportedFigure[]> {
  const rows = await db.selectFrom('reported_figures').selectAll().orderBy('key').execute();
  return Promise.all(
    rows.map(async (r) => ({
      key: r.key,
      label: r.label,
      value: Number(r.value),
      qualifier: r.qualifier as ReportedFigure['qualifier'],
      measure: r.measure ? FigureMeasure.parse(JSON.parse(r.measure)) : undefined,
      notes: r.notes ?? undefined,
      sources: await listRecordSources(db, 'figure', r.key),
    })),
  );
}
