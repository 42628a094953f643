import { canonicalInitiative } from '../../src/domain/initiative.ts';
import type { Initiative } from '../../src/domain/schemas.ts';
import { listInitiativeMatchKeys } from '../../src/repositories/imports.ts';
import { findInitiativeBySlug } from '../../src/repositories/initiatives.ts';
import type { TestDb } from './databases.ts';

/** A complete new initiative of Catalonia (ES51), as a coordinator would enter it. */
export function catalanInitiative(slug: string, extra: Record<string, unknown> = {}) {
  return {
    slug,
    name: `Catalan registry ${slug}`,
    homeCountry: 'ES',
    submittingRegion: 'ES51',
    scopes: ['regional'],
    status: 'ongoing',
    domain: 'research_innovation',
    type: 'ongoing_project',
    sources: [{ source: 'preciseu-d3-1', section: 'web form' }],
    ...extra,
  };
}

/** Every initiative of a database by slug, in canonical form (as data/reference holds them). */
export async function storedInitiatives(t: TestDb): Promise<Map<string, Initiative>> {
  const out = new Map<string, Initiative>();
  for (const { slug } of await listInitiativeMatchKeys(t.db.kysely)) {
    const r = await findInitiativeBySlug(t.db.kysely, slug);
    if (!r) continue;
    const { id, version, createdAt, updatedAt, ...content } = r;
    out.set(slug, canonicalInitiative(content));
  }
  return out;
}
