import { sql } from 'kysely';
import {
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
} from 'kysely/migration';
import { databaseUnavailable } from '../../domain/errors.ts';
import type { Db, DialectName } from '../connect.ts';
import { initialSchema } from './0001-initial-schema.ts';
import { fullTextSearch } from './0002-full-text-search.ts';
import { imports } from './0003-imports.ts';
import { importKeys } from './0004-import-keys.ts';
import { facetIndex } from './0005-facet-index.ts';
import { referenceRecords } from './0006-reference-records.ts';
import { figureValuesDouble } from './0007-figure-values-double.ts';
import { searchFoldsAccents } from './0008-search-folds-accents.ts';
import { fundingKind } from './0009-funding-kind.ts';
import { optionalRecordSource } from './0010-optional-record-source.ts';
import { accounts } from './0011-accounts.ts';
import { recordVersions } from './0012-record-versions.ts';
import { codeLists } from './0013-code-lists.ts';
import { initiativeInferences } from './0014-initiative-inferences.ts';
import { evidenceQuotes } from './0015-evidence-quotes.ts';
import { campaignRounds } from './0016-campaign-rounds.ts';
import { searchWordForms } from './0017-search-word-forms.ts';
import { strategies } from './0018-strategies.ts';
import { recordLanguages } from './0019-record-languages.ts';
import { searchBrowseOrder } from './0020-search-browse-order.ts';
import { recommendations } from './0021-recommendations.ts';
import { recordTranslations } from './0022-record-translations.ts';
import { practiceTransferConditions } from './0023-practice-transfer-conditions.ts';
import { rateLimitHits } from './0025-rate-limit-hits.ts';
import { translationSources } from './0026-translation-sources.ts';
import { jobResults } from './0027-job-results.ts';
import { searchStemsPerLanguage } from './0028-search-stems-per-language.ts';
import { jobResultChunks } from './0029-job-result-chunks.ts';

// Migrations are append-only: a database records which names it has run and never runs one
// again, so an edit to a shipped migration never reaches the databases that already ran it.
// Change the schema with a new file and a new name at the end of this list.

/** Every migration by the name Kysely records it under, in the order they run. */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_initial_schema': initialSchema(dialect),
    '0002_full_text_search': fullTextSearch(dialect),
    '0003_imports': imports(dialect),
    '0004_import_keys': importKeys,
    '0005_facet_index': facetIndex,
    '0006_reference_records': referenceRecords(dialect),
    '0007_figure_values_double': figureValuesDouble(dialect),
    '0008_search_folds_accents': searchFoldsAccents(dialect),
    '0009_funding_kind': fundingKind(dialect),
    '0010_optional_record_source': optionalRecordSource(dialect),
    '0011_accounts': accounts(dialect),
    '0012_record_versions': recordVersions(dialect),
    '0013_code_lists': codeLists,
    '0014_initiative_inferences': initiativeInferences(dialect),
    '0015_evidence_quotes': evidenceQuotes(dialect),
    '0016_campaign_rounds': campaignRounds(dialect),
    '0017_search_word_forms': searchWordForms(dialect),
    '0018_strategies': strategies(dialect),
    '0019_record_languages': recordLanguages(dialect),
    '0020_search_browse_order': searchBrowseOrder,
    '0021_recommendations': recommendations(dialect),
    '0022_record_translations': recordTranslations(dialect),
    '0023_practice_transfer_conditions': practiceTransferConditions(dialect),
    '0025_rate_limit_hits': rateLimitHits(dialect),
    '0026_translation_sources': translationSources(dialect),
    '0027_job_results': jobResults(dialect),
    '0028_search_stems_per_language': searchStemsPerLanguage(dialect),
    '0029_job_result_chunks': jobResultChunks(dialect),
  };
}

/** The schema Kysely keeps its migration tables in: the connection's own on PostgreSQL. */
async function migrationSchema(db: Db): Promise<string | undefined> {
  if (db.dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
    db.kysely,
  );
  return rows[0]?.schema;
}

/** Runs one move of the migrator and returns the names of the migrations it applied. */
async function migrate(
  db: Db,
  move: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(db.dialect) };
  const unavailable = (e: unknown) =>
    databaseUnavailable(
      `cannot use the database ${db.description}: ${e instanceof Error ? e.message : String(e)}. Check DATABASE_URL and that the database server is running.`,
    );
  // Kysely looks for its migration tables in any schema unless told which; on PostgreSQL it
  // would take another schema's for this one's (and then fail), so it is told the connection's.
  const migrationTableSchema = await migrationSchema(db).catch((e) => {
    throw unavailable(e);
  });
  const migrator = new Migrator({ db: db.kysely, provider, migrationTableSchema });
  const { error, results } = await move(migrator);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    if (!failed) throw unavailable(error);
    const reason = error instanceof Error ? error.message : String(error);
    throw databaseUnavailable(
      `migration ${failed} failed on ${db.description}: ${reason}; nothing of it was applied`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export function migrateToLatest(db: Db): Promise<string[]> {
  return migrate(db, (m) => m.migrateToLatest());
}

/** Brings the schema up to the named migration (and no further), e.g. to rebuild an old release. */
export function migrateTo(db: Db, name: string): Promise<string[]> {
  return migrate(db, (m) => m.migrateTo(name));
}
