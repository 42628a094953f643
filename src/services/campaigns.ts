import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import type { Actor } from '../domain/accounts.ts';
import { authorize } from '../domain/authorization.ts';
import { type CampaignMove, type CampaignState, campaignMove } from '../domain/campaigns.ts';
import { conflict, invalidData, notFound } from '../domain/errors.ts';
import { Questionnaire } from '../domain/questionnaires.ts';
import { Campaign } from '../domain/schemas.ts';
import { findAccountById } from '../repositories/accounts.ts';
import {
  findQuestionnaireRow,
  listCampaignEvents,
  listQuestionnaireRows,
  logCampaignEvent,
  putQuestionnaire,
} from '../repositories/campaign-responses.ts';
import {
  findCampaign,
  listCampaigns,
  setCampaignState,
  upsertCampaign,
} from '../repositories/campaigns.ts';
import { listRegions } from '../repositories/regions.ts';
import { upsertSource } from '../repositories/sources.ts';
import { actorName } from './contributions.ts';

type Q = Kysely<Database>;

/**
 * The name a response, its comments and the campaign log carry: the person's display name, which
 * only the region's coordinators and the curators see (published records carry the pseudonym).
 */
export async function authorName(q: Q, actor: Actor): Promise<string> {
  if (actor.kind !== 'account' || actor.id === 0) return 'atlas CLI';
  return (await findAccountById(q, actor.id))?.displayName ?? `contributor-${actor.id}`;
}

/** Every stored questionnaire version, parsed, by slug then version. */
export async function listQuestionnaires(q: Q): Promise<Questionnaire[]> {
  return (await listQuestionnaireRows(q)).map((r) => Questionnaire.parse(JSON.parse(r.definition)));
}

/** Parsed questionnaires by their stored text: a stored version never changes, so parse it once. */
const parsed = new Map<string, Questionnaire>();

/** One questionnaire version; not_found names the versions there are. */
export async function questionnaireOf(q: Q, slug: string, version: number): Promise<Questionnaire> {
  const row = await findQuestionnaireRow(q, slug, version);
  if (row) {
    let qn = parsed.get(row.definition);
    if (!qn) {
      qn = Questionnaire.parse(JSON.parse(row.definition));
      if (parsed.size > 100) parsed.clear();
      parsed.set(row.definition, qn);
    }
    return qn;
  }
  const have = (await listQuestionnaireRows(q)).map((x) => `${x.slug} v${x.version}`).join(', ');
  throw notFound(
    'questionnaire',
    `${slug} v${version}`,
    `the questionnaires are ${have || 'none yet; run "atlas db seed"'}`,
  );
}

/**
 * Adds a questionnaire version. A stored version never changes (responses were given under it):
 * the same content again is accepted and changes nothing; other content under the same version is
 * a conflict that asks for a new version.
 */
export async function addQuestionnaire(db: Db, actor: Actor, raw: unknown, now = new Date()) {
  authorize(actor, 'campaigns.manage');
  const parsed = Questionnaire.safeParse(raw);
  if (!parsed.success)
    throw invalidData('the questionnaire is not valid; correct the fields named', {
      errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    });
  const qn = parsed.data;
  return db.kysely.transaction().execute(async (q) => {
    const same = (await listQuestionnaires(q)).find(
      (x) => x.slug === qn.slug && x.version === qn.version,
    );
    if (same && JSON.stringify(same) !== JSON.stringify(qn))
      throw conflict(
        `${qn.slug} version ${qn.version} exists with other questions, and answers may have been given under it; store the change as version ${qn.version + 1}`,
      );
    return putQuestionnaire(
      q,
      { slug: qn.slug, version: qn.version, kind: qn.kind, definition: JSON.stringify(qn) },
      now.toISOString(),
    );
  });
}

/** A campaign by slug; not_found names the campaigns there are. */
export async function campaignOf(q: Q, slug: string): Promise<Campaign> {
  const found = await findCampaign(q, slug);
  if (found) return found;
  const all = await listCampaigns(q);
  throw notFound(
    'campaign',
    slug,
    `the campaigns are ${all.map((c) => c.slug).join(', ') || 'none yet'}`,
  );
}

/** What a curator gives to create a campaign. */
export interface NewCampaign {
  readonly slug: string;
  readonly kind: string;
  readonly title: string;
  readonly description?: string;
  readonly questionnaire: { slug: string; version: number };
  readonly opensAt?: string;
  readonly closesAt: string;
  readonly reminderDays?: readonly number[];
  readonly regions: readonly string[];
  readonly rules?: Record<string, string | number | boolean>;
  readonly languages?: readonly string[];
  readonly previous?: string;
}

/** Problems of a new campaign against what the atlas holds (questionnaire, regions, round before). */
async function campaignProblems(q: Q, c: Campaign): Promise<{ field: string; message: string }[]> {
  const problems: { field: string; message: string }[] = [];
  const [campaigns, regions, questionnaires] = await Promise.all([
    listCampaigns(q),
    listRegions(q),
    listQuestionnaires(q),
  ]);
  if (campaigns.some((x) => x.slug === c.slug))
    problems.push({
      field: 'slug',
      message: `a campaign "${c.slug}" exists already; choose another identifier`,
    });
  const qn = questionnaires.find(
    (x) => x.slug === c.questionnaire?.slug && x.version === c.questionnaire?.version,
  );
  if (!qn)
    problems.push({
      field: 'questionnaire',
      message: 'choose one of the questionnaires the atlas holds',
    });
  else if (qn.kind !== c.kind)
    problems.push({
      field: 'questionnaire',
      message: `this questionnaire is for ${qn.kind.replace('_', ' ')}, not ${c.kind.replace('_', ' ')}`,
    });
  const known = new Set(regions.map((r) => r.code));
  const unknown = (c.regions ?? []).filter((r) => !known.has(r));
  if (unknown.length)
    problems.push({ field: 'regions', message: `unknown region codes: ${unknown.join(', ')}` });
  if (!c.regions?.length)
    problems.push({ field: 'regions', message: 'invite at least one region' });
  if (c.previous && !campaigns.some((x) => x.slug === c.previous))
    problems.push({ field: 'previous', message: `there is no campaign "${c.previous}" to follow` });
  if (c.opensAt && c.closesAt && c.opensAt > c.closesAt)
    problems.push({ field: 'closesAt', message: 'the campaign must close after it opens' });
  return problems;
}

/**
 * Creates a campaign in the draft state. Its responses will cite a source of the same code, which
 * is created with it, so published records say which round they came from.
 */
export async function createCampaign(db: Db, actor: Actor, input: NewCampaign, now = new Date()) {
  authorize(actor, 'campaigns.manage');
  const parsed = Campaign.safeParse({
    ...input,
    rules: input.rules ?? {},
    state: 'draft',
    sources: [{ source: input.slug, section: 'campaign' }],
  });
  if (!parsed.success)
    throw invalidData('the campaign is not valid; correct the fields named', {
      errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    });
  const c = parsed.data;
  const at = now.toISOString();
  return db.kysely.transaction().execute(async (q) => {
    const problems = await campaignProblems(q, c);
    if (problems.length)
      throw invalidData(
        `the campaign is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        { errors: problems },
      );
    // The records' history carries the pseudonym, as every public record's does; the log the name.
    const me = await actorName(q, actor);
    await upsertSource(
      q,
      {
        code: c.slug,
        title: `Responses to ${c.title}`,
        publisher: 'PerMed Atlas campaign',
        year: now.getUTCFullYear(),
      },
      { now: at, actor: me.name },
    );
    await upsertCampaign(q, c, { now: at, actor: me.name });
    await logCampaignEvent(q, {
      campaign: c.slug,
      action: 'create',
      actor: await authorName(q, actor),
      at,
    });
    return c;
  });
}

/** What a curator may change in a running campaign: its window, reminders and invited regions. */
export interface CampaignWindow {
  readonly closesAt?: string;
  readonly reminderDays?: readonly number[];
  /** Regions to invite in addition; a region once invited stays (its response may have begun). */
  readonly addRegions?: readonly string[];
}

/**
 * Moves a campaign's closing date (a region asked for more time), its reminder days, or invites
 * more regions, before it is published; each change is logged. A new closing date must not be
 * before the opening one; regions already invited stay invited.
 */
export async function changeCampaignWindow(
  db: Db,
  actor: Actor,
  slug: string,
  change: CampaignWindow,
  now = new Date(),
): Promise<Campaign> {
  const q0 = db.kysely;
  const current = await campaignOf(q0, slug);
  authorize(actor, 'campaigns.manage');
  if (current.state === 'published')
    throw conflict('a published campaign keeps its window; open a new round instead');
  const next = Campaign.safeParse({
    ...current,
    closesAt: change.closesAt ?? current.closesAt,
    reminderDays: change.reminderDays ?? current.reminderDays,
    regions: [...new Set([...(current.regions ?? []), ...(change.addRegions ?? [])])],
  });
  if (!next.success)
    throw invalidData('the change is not valid; correct the fields named', {
      errors: next.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    });
  const c = next.data;
  const known = new Set((await listRegions(q0)).map((r) => r.code));
  const unknown = (change.addRegions ?? []).filter((r) => !known.has(r));
  const errors = [
    ...(unknown.length
      ? [{ field: 'regions', message: `unknown region codes: ${unknown.join(', ')}` }]
      : []),
    ...(c.opensAt && c.closesAt && c.opensAt > c.closesAt
      ? [{ field: 'closesAt', message: 'the campaign must close after it opens' }]
      : []),
  ];
  if (errors.length)
    throw invalidData(
      `the change is not valid: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      { errors },
    );
  const at = now.toISOString();
  return db.kysely.transaction().execute(async (q) => {
    await upsertCampaign(q, c, { now: at, actor: (await actorName(q, actor)).name });
    const what = [
      c.closesAt !== current.closesAt && `closes ${current.closesAt ?? '?'} → ${c.closesAt}`,
      JSON.stringify(c.reminderDays) !== JSON.stringify(current.reminderDays) &&
        `reminders ${(c.reminderDays ?? []).join(', ') || 'none'}`,
      (c.regions?.length ?? 0) > (current.regions?.length ?? 0) &&
        `invited ${(c.regions ?? []).filter((r) => !current.regions?.includes(r)).join(', ')}`,
    ].filter(Boolean);
    if (what.length)
      await logCampaignEvent(q, {
        campaign: slug,
        action: 'change',
        detail: what.join('; '),
        actor: await authorName(q, actor),
        at,
      });
    return c;
  });
}

/** Moves a campaign to its next state (open, close, publish); the move is logged. */
export async function moveCampaign(
  db: Db,
  actor: Actor,
  slug: string,
  move: CampaignMove,
  now = new Date(),
): Promise<CampaignState> {
  authorize(actor, 'campaigns.manage');
  const at = now.toISOString();
  return db.kysely.transaction().execute(async (q) => {
    const c = await campaignOf(q, slug);
    const to = campaignMove(c.state, move);
    if (to === 'open' && !c.questionnaire)
      throw conflict(
        'this campaign has no questionnaire, so it cannot take answers; it records a finished round',
      );
    const me = { name: await authorName(q, actor) };
    await setCampaignState(q, slug, to, at);
    await logCampaignEvent(q, {
      campaign: slug,
      action: move,
      detail: `${c.state} → ${to}`,
      actor: me.name,
      at,
    });
    return to;
  });
}

/** A campaign's log, newest first (curators only: it names people). */
export async function campaignLog(db: Db, actor: Actor, slug: string) {
  authorize(actor, 'campaigns.manage');
  await campaignOf(db.kysely, slug);
  return listCampaignEvents(db.kysely, slug);
}
