import type { Db } from '../db/connect.ts';
import { AppError } from '../domain/errors.ts';
import type { InitiativeRecord } from '../domain/initiative.ts';
import { lastChange } from '../repositories/history.ts';
import {
  findInitiativeBySlug,
  INITIATIVE_ENTITY,
  listRelated,
  listSimilarInitiatives,
  type RelatedInitiative,
} from '../repositories/initiatives.ts';
import { sourceTitles } from '../repositories/sources.ts';

/** Everything the detail page and API need to show one initiative. */
export interface InitiativeView {
  readonly initiative: InitiativeRecord;
  readonly related: readonly RelatedInitiative[];
  readonly sourceTitles: ReadonlyMap<string, string>;
  readonly lastChange: { action: string; actor: string; at: string } | undefined;
  /** Initiatives that share the most themes with this one. */
  readonly similar: readonly { slug: string; name: string; shared: number }[];
}

/** Loads one initiative by slug with its relations and provenance; not_found when there is none. */
export async function getInitiativeView(db: Db, slug: string): Promise<InitiativeView> {
  const q = db.kysely;
  const initiative = await findInitiativeBySlug(q, slug);
  if (!initiative) {
    throw new AppError(
      'not_found',
      `no initiative has the id "${slug}"; search the list of initiatives instead`,
      {
        slug,
      },
    );
  }
  const [related, titles, change, similar] = await Promise.all([
    listRelated(q, initiative.id),
    sourceTitles(q),
    lastChange(q, INITIATIVE_ENTITY, slug),
    listSimilarInitiatives(q, initiative.id, initiative.domain, 5),
  ]);
  return { initiative, related, sourceTitles: titles, lastChange: change, similar };
}
