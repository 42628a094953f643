import type { Db } from '../db/connect.ts';
import type { Distribution, JsonLd } from '../domain/open-data.ts';
import {
  type Catalogue,
  dcatCatalogue,
  recommendationJsonLd,
  temporalCoverage,
} from '../io/linked-data.ts';
import { listCoverageFacts } from '../repositories/open-data.ts';
import { sourceDocuments } from '../repositories/sources.ts';
import type { RecommendationView } from './recommendations.ts';

/**
 * The DCAT-AP catalogue of the open dataset on the current data.
 *
 * Temporal coverage is the span of the dates at which the records observed something: the
 * "status as of" dates of initiatives, the opening and closing of the collection campaigns and
 * the dates of the workshops. Sources' publication years are left out on purpose: a document's
 * year says when it was published, not which period the data describes (the ISO 3166 list of
 * 2020 would otherwise stretch the period by five years). Spatial coverage is the countries of
 * initiatives (home country), of good practices and of the partner regions; dct:modified is the
 * latest change to any public record.
 */
export async function getCatalogue(
  db: Db,
  origin: string,
  distributions: readonly Distribution[],
): Promise<Catalogue> {
  const facts = await listCoverageFacts(db.kysely);
  return dcatCatalogue({
    origin,
    distributions,
    temporal: temporalCoverage(facts.observedOn),
    countries: facts.countries,
    modified: facts.lastChange,
  });
}

/**
 * A recommendation's JSON-LD (issue 17): the page embeds it and answers it to a client that
 * prefers application/ld+json. `placeNames` are the places as the records spell them (the same
 * in every language).
 */
export async function recommendationLinkedData(
  db: Db,
  origin: string,
  view: RecommendationView,
  placeNames: ReadonlyMap<string, string>,
): Promise<JsonLd> {
  return recommendationJsonLd(
    origin,
    { recommendation: view.recommendation, sourceDocuments: await sourceDocuments(db.kysely) },
    placeNames,
  );
}
