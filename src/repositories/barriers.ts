import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { CODEBOOK_VERSION } from './codelists.ts';

/** A barrier of the current codebook as stored. */
export interface BarrierRow {
  readonly code: string;
  readonly number: number;
  readonly label: string;
  readonly category: string;
  readonly description: string | null;
  readonly subThemes: string[];
}

/** The barriers of the current codebook, in their printed order. */
export async function listBarriers(db: Kysely<Database>): Promise<BarrierRow[]> {
  const rows = await db
    .selectFrom('barriers')
    .select(['code', 'number', 'label', 'category_code', 'description', 'sub_themes'])
    .where('codebook_version', '=', CODEBOOK_VERSION)
    .orderBy('number')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    number: r.number,
    label: r.label,
    category: r.category_code,
    description: r.description,
    subThemes: r.sub_themes ? (JSON.parse(r.sub_themes) as string[]) : [],
  }));
}

/** The barrier categories of the current codebook with their descriptions, in order. */
export async function listBarrierCategories(
  db: Kysely<Database>,
): Promise<{ code: string; label: string; description: string | null }[]> {
  return db
    .selectFrom('barrier_categories')
    .select(['code', 'label', 'description'])
    .where('codebook_version', '=', CODEBOOK_VERSION)
    .orderBy('position')
    .execute();
}
