import type { Kysely } from 'kysely';
import { initiativeChanges, type Round, reportRecords } from '../analysis/round-records.ts';
import type { Database } from '../db/types.ts';
import { type ContributedEntity, ENTITY_KINDS } from '../domain/contributions.ts';
import { invalidData, isAppError } from '../domain/errors.ts';
import type { Questionnaire, ResponseAnswers } from '../domain/questionnaires.ts';
import type { Campaign, Initiative } from '../domain/schemas.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import { allInitiativeSlugs } from '../repositories/initiatives.ts';
import * as versions from '../repositories/record-versions.ts';
import { listRegions } from '../repositories/regions.ts';
import { checkContent } from './contributions.ts';
import { PUBLISHERS } from './record-publishers.ts';

type Q = Kysely<Database>;
type Content = Record<string, unknown>;

/** What accepting a response did in the atlas. */
export interface MoveOutcome {
  /** Records published (created or updated), by kind. */
  readonly published?: Readonly<Partial<Record<ContributedEntity, number>>>;
  /** New initiatives waiting in the review queue for a curator's classification (domain, type). */
  readonly toClassify?: readonly string[];
  /** Barriers a region described as "other", for a curator to code. */
  readonly uncoded?: readonly string[];
}

/** Who accepts, and the round's records to write. */
interface PublishInput {
  readonly campaign: Campaign;
  readonly questionnaire: Questionnaire;
  readonly region: string;
  readonly answers: ResponseAnswers;
  readonly actor: { id: number | null; name: string };
  readonly now: string;
}

/** A version row for content the round writes, in the state given. */
async function version(
  q: Q,
  entity: ContributedEntity,
  content: Content,
  needs: readonly string[],
  input: PublishInput,
  state: 'published' | 'submitted',
) {
  const kind = ENTITY_KINDS[entity];
  const key = kind.key(content);
  const number = (await versions.lastNumber(q, entity, key)) + 1;
  const id = await versions.insertVersion(q, {
    entity,
    recordKey: key,
    number,
    state,
    content: JSON.stringify(content),
    needs,
    regions: kind.regions(content),
    baseNumber: number > 1 ? number - 1 : null,
    reason: `response of ${input.region} to ${input.campaign.slug}`,
    authorId: input.actor.id,
    authorName: input.actor.name,
    now: input.now,
  });
  if (state === 'published') await versions.supersedeOthers(q, entity, key, id);
  return key;
}

/** Checks content as a contribution is checked; a problem names the item it came from. */
async function checked(q: Q, entity: ContributedEntity, content: Content, where: string) {
  try {
    return await checkContent(q, ENTITY_KINDS[entity], content);
  } catch (e) {
    if (!isAppError(e, 'invalid_data')) throw e;
    throw invalidData(
      `the response cannot be accepted: ${where}: ${e.message}. Request changes so the region corrects it`,
      e.details,
    );
  }
}

/** Publishes content: a published version, then the public tables (as publishing a draft does). */
async function publish(
  q: Q,
  entity: ContributedEntity,
  content: Content,
  input: PublishInput,
  where: string,
) {
  const ok = await checked(q, entity, content, where);
  await version(q, entity, ok.content, [], input, 'published');
  await PUBLISHERS[entity]?.write(q, ok.content, { now: input.now, actor: input.actor.name });
}

async function publishInitiatives(q: Q, input: PublishInput, round: Round): Promise<MoveOutcome> {
  const items = input.answers.initiatives ?? [];
  const read = PUBLISHERS.initiative?.read;
  const refs = [...new Set(items.map((i) => i.ref).filter((r): r is string => !!r))];
  const existing = new Map<string, Initiative>();
  for (const ref of refs) {
    const found = (await read?.(q, ref)) as Initiative | undefined;
    if (found) existing.set(ref, found);
  }
  const taken = await allInitiativeSlugs(q);
  const { update, create } = initiativeChanges(items, existing, taken, round);
  for (const [i, initiative] of update.entries())
    await publish(
      q,
      'initiative',
      initiative as unknown as Content,
      input,
      `initiative "${initiative.name}" (${i + 1})`,
    );
  const toClassify: string[] = [];
  for (const content of create) {
    const ok = await checked(q, 'initiative', content, `new initiative "${String(content.name)}"`);
    toClassify.push(await version(q, 'initiative', ok.content, ok.needs, input, 'submitted'));
  }
  return { published: { initiative: update.length }, toClassify };
}

async function publishReport(q: Q, input: PublishInput, round: Round): Promise<MoveOutcome> {
  const practiceSlugs = new Set((await listGoodPractices(q)).map((p) => p.slug));
  const r = reportRecords(input.answers, round, practiceSlugs);
  await publish(q, 'regional_report', r.report as unknown as Content, input, 'the report');
  for (const p of r.practices)
    await publish(q, 'good_practice', p as unknown as Content, input, `practice "${p.name}"`);
  await publish(q, 'interview_row', r.interviews as unknown as Content, input, 'the interviews');
  if (r.workshop)
    await publish(q, 'workshop', r.workshop as unknown as Content, input, 'the workshop');
  return {
    published: {
      regional_report: 1,
      good_practice: r.practices.length,
      interview_row: 1,
      workshop: r.workshop ? 1 : 0,
    },
    uncoded: r.uncoded,
  };
}

/**
 * Publishes what an accepted response says, in the caller's transaction: the initiative survey
 * updates the region's initiatives and queues new ones for classification; the regional report
 * publishes the report, its practices, the interview counts and the workshop. Every record gets a
 * published version citing the response, so its history says which round changed it.
 */
export async function publishRound(q: Q, input: PublishInput): Promise<MoveOutcome> {
  const region = (await listRegions(q)).find((r) => r.code === input.region);
  const round: Round = {
    campaign: input.campaign.slug,
    region: input.region,
    country: region?.countryCode ?? input.region.slice(0, 2),
    asOf: input.now.slice(0, 7),
  };
  return input.questionnaire.kind === 'initiative_mapping'
    ? publishInitiatives(q, input, round)
    : publishReport(q, input, round);
}
