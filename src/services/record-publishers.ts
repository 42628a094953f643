import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { ContributedEntity, FieldProblem } from '../domain/contributions.ts';
import { canonicalInitiative } from '../domain/initiative.ts';
import type { Recommendation } from '../domain/recommendations.ts';
import type {
  Evidence,
  GoodPractice,
  Initiative,
  InterviewRow,
  RegionalReport,
  Workshop,
} from '../domain/schemas.ts';
import {
  listInterviewRows,
  listWorkshops,
  upsertInterviewRow,
  upsertWorkshop,
} from '../repositories/engagement.ts';
import { findEvidenceRecord, upsertEvidence } from '../repositories/evidence.ts';
import { listGoodPractices, upsertGoodPractice } from '../repositories/good-practices.ts';
import { appendHistory } from '../repositories/history.ts';
import {
  deleteInitiative,
  findInitiativeBySlug,
  INITIATIVE_ENTITY,
} from '../repositories/initiatives.ts';
import { listRecommendations, upsertRecommendation } from '../repositories/recommendations.ts';
import { listRecordSources } from '../repositories/record-sources.ts';
import { listRegionalReports, upsertRegionalReport } from '../repositories/regional-reports.ts';
import {
  deleteVersioned,
  type UpsertOutcome,
  type WriteContext,
} from '../repositories/versioned.ts';
import { saveInitiative } from './initiatives.ts';
import { recommendationContent } from './recommendations.ts';
import {
  prepareTranslation,
  readTranslation,
  removePublishedTranslation,
  writeTranslation,
} from './translation-publisher.ts';

type Content = Record<string, unknown>;

/**
 * How a kind of contributed record reaches the public tables and comes back from them: `read`
 * gives a published record's content in the shape of its zod schema (the start of a new draft and
 * the base of a diff), `write` publishes content through the same writer as imports and seeding.
 */
export interface Publisher {
  read(db: Kysely<Database>, key: string): Promise<Content | undefined>;
  write(db: Kysely<Database>, content: Content, ctx: WriteContext): Promise<UpsertOutcome>;
  /** Takes a published record out of the public tables (withdrawing it); false when there is none. */
  remove(db: Kysely<Database>, key: string, ctx: WriteContext): Promise<boolean>;
  /**
   * Checks content against other records and completes it from them (a translation takes the
   * regions of the record it translates); the problems are the content's, named by field.
   * `stage` says whether the content is being written as a draft or published.
   */
  prepare?(
    db: Kysely<Database>,
    content: Content,
    stage?: 'draft' | 'publish',
  ): Promise<{ content: Content; problems: FieldProblem[] }>;
}

const [regionOf, campaignOf] = [
  (key: string) => key.split('/')[0] ?? '',
  (key: string) => key.split('/')[1] ?? '',
];

/** Drops null and empty optional values, as the schemas leave them out. */
function compact(record: Content): Content {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  );
}

/** Removal of a record keyed by region and campaign ("ES51/preciseu-barrier-mapping-2025"). */
const removeByRegionAndCampaign =
  (table: 'regional_reports' | 'interview_rows', entity: string): Publisher['remove'] =>
  (db, key, ctx) =>
    deleteVersioned(
      db,
      { table, entity, key: { region_code: regionOf(key), campaign_slug: campaignOf(key) } },
      ctx,
    );

/** Removal of a record keyed by slug, with its links to the barriers it addresses. */
const removeBySlug =
  (
    table: 'good_practices' | 'recommendations',
    entity: 'good_practice' | 'recommendation',
  ): Publisher['remove'] =>
  (db, key, ctx) =>
    deleteVersioned(
      db,
      {
        table,
        entity,
        key: { slug: key },
        links: { table: `${entity}_barriers`, idColumn: `${entity}_id` },
      },
      ctx,
    );

/** The kinds that can be drafted, reviewed and published today. */
export const PUBLISHERS: Partial<Record<ContributedEntity, Publisher>> = {
  initiative: {
    async read(db, key) {
      const found = await findInitiativeBySlug(db, key);
      if (!found) return undefined;
      const { id: _i, version: _v, createdAt: _c, updatedAt: _u, ...content } = found;
      return canonicalInitiative(content) as unknown as Content;
    },
    write: (db, content, ctx) => saveInitiative(db, content as Initiative, ctx.actor, ctx.now),
    async remove(db, key, ctx) {
      if (!(await deleteInitiative(db, key))) return false;
      await appendHistory(db, {
        entity: INITIATIVE_ENTITY,
        key,
        action: 'delete',
        actor: ctx.actor,
        at: ctx.now,
        before: undefined,
        after: undefined,
      });
      return true;
    },
  },
  good_practice: {
    async read(db, key) {
      const [found] = await listGoodPractices(db, key);
      if (!found) return undefined;
      const { updatedAt: _u, version: _v, ...rest } = found;
      return compact({ ...rest, sources: await listRecordSources(db, 'good_practice', key) });
    },
    write: (db, content, ctx) => upsertGoodPractice(db, content as GoodPractice, ctx),
    remove: removeBySlug('good_practices', 'good_practice'),
  },
  regional_report: {
    async read(db, key) {
      const found = (await listRegionalReports(db, regionOf(key))).find(
        (r) => r.campaign === campaignOf(key),
      );
      if (!found) return undefined;
      return compact({
        ...found,
        sources: await listRecordSources(db, 'regional_report', key),
      });
    },
    write: (db, content, ctx) => upsertRegionalReport(db, content as RegionalReport, ctx),
    remove: removeByRegionAndCampaign('regional_reports', 'regional_report'),
  },
  interview_row: {
    async read(db, key) {
      const [region, campaign] = [regionOf(key), campaignOf(key)];
      const found = (await listInterviewRows(db)).find(
        (r) => r.region === region && r.campaign === campaign,
      );
      if (!found) return undefined;
      return {
        region,
        campaign,
        printedTotal: found.printedTotal,
        counts: { ...found.byGroup },
        sources: await listRecordSources(db, 'interview_row', key),
      };
    },
    write: (db, content, ctx) => upsertInterviewRow(db, content as InterviewRow, ctx),
    remove: removeByRegionAndCampaign('interview_rows', 'interview_row'),
  },
  workshop: {
    async read(db, key) {
      const found = (await listWorkshops(db)).find((w) => w.key === key);
      if (!found) return undefined;
      const { participants, ...rest } = found;
      return {
        ...compact(rest),
        participants,
        sources: await listRecordSources(db, 'workshop', key),
      };
    },
    write: (db, content, ctx) => upsertWorkshop(db, content as Workshop, ctx),
    remove: (db, key, ctx) =>
      deleteVersioned(db, { table: 'workshops', entity: 'workshop', key: { key } }, ctx),
  },
  evidence: {
    async read(db, key) {
      const found = await findEvidenceRecord(db, key);
      return found && compact(found as Content);
    },
    write: (db, content, ctx) => upsertEvidence(db, content as Evidence, ctx),
    remove: (db, key, ctx) =>
      deleteVersioned(
        db,
        {
          table: 'evidence',
          entity: 'evidence',
          key: { key },
          links: { table: 'evidence_barriers', idColumn: 'evidence_id' },
        },
        ctx,
      ),
  },
  recommendation: {
    async read(db, key) {
      const [found] = await listRecommendations(db, key);
      return found && (recommendationContent(found) as unknown as Content);
    },
    write: (db, content, ctx) => upsertRecommendation(db, content as Recommendation, ctx),
    remove: removeBySlug('recommendations', 'recommendation'),
  },
  translation: {
    read: readTranslation,
    write: writeTranslation,
    remove: removePublishedTranslation,
    prepare: prepareTranslation,
  },
};
