import type { Kysely } from 'kysely';
import { DuplicateIndex } from '../analysis/import/matching.ts';
import { initiativeItem } from '../analysis/round-records.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/types.ts';
import type { Actor } from '../domain/accounts.ts';
import { authorize } from '../domain/authorization.ts';
import {
  answersRefusal,
  EDITABLE_RESPONSE,
  type ResponseMove,
  type ResponseState,
  responseMove,
} from '../domain/campaigns.ts';
import { conflict, invalidData, notFound } from '../domain/errors.ts';
import {
  type AnswerProblem,
  type Completeness,
  checkResponse,
  type Questionnaire,
  ResponseAnswers,
} from '../domain/questionnaires.ts';
import type { Campaign, Initiative } from '../domain/schemas.ts';
import * as responses from '../repositories/campaign-responses.ts';
import { listInitiativeMatchKeys } from '../repositories/imports.ts';
import { initiativeSlugsOfRegion } from '../repositories/initiatives.ts';
import { type MoveOutcome, publishRound } from './campaign-publish.ts';
import { authorName, campaignOf, questionnaireOf } from './campaigns.ts';
import { actorName } from './contributions.ts';
import { PUBLISHERS } from './record-publishers.ts';

type Q = Kysely<Database>;

/** A curator's comment on a response: on one answer (path), a section, or the whole (null). */
export interface ResponseComment {
  readonly path: string | null;
  readonly body: string;
  readonly author: string;
  readonly at: string;
}

/** A region's response as its coordinators and the curators see it. */
export interface ResponseView {
  readonly campaign: Campaign;
  readonly questionnaire: Questionnaire;
  readonly region: string;
  readonly state: ResponseState | 'not_started';
  readonly answers: ResponseAnswers;
  /** 0 before the first save; a save sends back the revision it was made on. */
  readonly revision: number;
  readonly problems: readonly AnswerProblem[];
  readonly completeness: Completeness;
  readonly comments: readonly ResponseComment[];
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  readonly submittedAt: string | null;
  readonly acceptedAt: string | null;
  /** Why the region cannot change its answers now, or null when it can. */
  readonly refusal: string | null;
  /** New items (no atlas record yet) that look like an initiative the atlas has: path section.item. */
  readonly duplicates: readonly DuplicateHint[];
}

/** A new item that may be an initiative the atlas already has, and why it looks so. */
export interface DuplicateHint {
  readonly path: string;
  readonly slug: string;
  readonly name: string;
  readonly detail: string;
}

/**
 * The new items of the carried-initiatives section that may duplicate an initiative anywhere in
 * the atlas, matched as an import matches its rows (same link, same or similar name, acronym).
 */
async function duplicateHints(
  q: Q,
  qn: Questionnaire,
  answers: ResponseAnswers,
): Promise<DuplicateHint[]> {
  const section = qn.sections.find((s) => s.carry === 'initiatives');
  const fresh = (answers[section?.key ?? ''] ?? [])
    .map((item, i) => ({ item, i }))
    .filter(
      ({ item }) => !item.ref && item.carry !== 'closed' && typeof item.answers.name === 'string',
    );
  if (!section || fresh.length === 0) return [];
  const index = new DuplicateIndex();
  for (const e of await listInitiativeMatchKeys(q))
    index.add({ where: 'database', slug: e.slug, name: e.name }, e);
  return fresh.flatMap(({ item, i }) => {
    const link = item.answers.link;
    const [best] = index.find({
      slug: '',
      name: String(item.answers.name),
      ...(typeof link === 'string' && link ? { website: link } : {}),
    });
    return best && best.confidence >= 0.5
      ? [
          {
            path: `${section.key}.${i}`,
            slug: best.of.slug,
            name: best.of.name,
            detail: best.evidence.map((e) => e.detail).join('; '),
          },
        ]
      : [];
  });
}

/** Why a response in a state the region cannot change may not change, in words. */
function lockedReason(state: string): string {
  return state === 'accepted'
    ? 'this response is accepted and its records are published; further changes go through the records themselves (Contribute)'
    : `this response is ${state.replace('_', ' ')}; it changes again only if a curator requests changes`;
}

/** The campaign and questionnaire of a region's response; refuses a region not invited. */
export async function responseGround(q: Q, slug: string, region: string) {
  const campaign = await campaignOf(q, slug);
  if (!campaign.questionnaire)
    throw notFound(
      'questionnaire',
      slug,
      'this campaign records a finished round and takes no responses',
    );
  if (!campaign.regions?.includes(region))
    throw notFound(
      'response',
      `${slug}/${region}`,
      `the regions invited to this campaign are ${campaign.regions?.join(', ') || 'none yet'}`,
    );
  const questionnaire = await questionnaireOf(
    q,
    campaign.questionnaire.slug,
    campaign.questionnaire.version,
  );
  return { campaign, questionnaire };
}

/** What a new response opens with: the region's initiatives, or the previous round's items. */
async function carriedForward(q: Q, campaign: Campaign, qn: Questionnaire, region: string) {
  const out: ResponseAnswers = {};
  const previous = campaign.previous
    ? await responses.findResponse(q, campaign.previous, region)
    : undefined;
  const before = previous ? (JSON.parse(previous.answers) as ResponseAnswers) : {};
  for (const s of qn.sections) {
    if (s.carry === 'initiatives') {
      const read = PUBLISHERS.initiative?.read;
      const slugs = await initiativeSlugsOfRegion(q, region);
      const found = await Promise.all(slugs.map((slug) => read?.(q, slug)));
      const live = (found.filter(Boolean) as unknown as Initiative[]).filter(
        (i) => i.status !== 'closed',
      );
      if (live.length)
        out[s.key] = live.map((i) => ({ ...initiativeItem(i), carry: 'unchanged' as const }));
    } else if (s.carry === 'items' && before[s.key]?.length) {
      out[s.key] = (before[s.key] ?? []).map((it) => ({ ...it, carry: 'unchanged' as const }));
    }
  }
  return out;
}

type Ground = Awaited<ReturnType<typeof responseGround>>;

async function viewOf(q: Q, ground: Ground, region: string, now: Date): Promise<ResponseView> {
  const { campaign, questionnaire } = ground;
  const slug = campaign.slug;
  const row = await responses.findResponse(q, slug, region);
  const answers = row
    ? (JSON.parse(row.answers) as ResponseAnswers)
    : await carriedForward(q, campaign, questionnaire, region);
  const qn =
    row && row.questionnaire_version !== questionnaire.version
      ? await questionnaireOf(q, questionnaire.slug, row.questionnaire_version)
      : questionnaire;
  const { problems, completeness } = checkResponse(qn, campaign.rules, answers);
  const comments = row ? await responses.listResponseComments(q, row.id) : [];
  const state = (row?.state ?? 'not_started') as ResponseView['state'];
  const closed = answersRefusal(campaign.state, campaign.closesAt, now);
  return {
    campaign,
    questionnaire: qn,
    region,
    state,
    answers,
    revision: row?.revision ?? 0,
    problems,
    completeness,
    comments: comments.map((c) => ({
      path: c.path,
      body: c.body,
      author: c.author_name,
      at: c.created_at,
    })),
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
    submittedAt: row?.submitted_at ?? null,
    acceptedAt: row?.accepted_at ?? null,
    duplicates:
      EDITABLE_RESPONSE.includes(state as ResponseState) || state === 'not_started'
        ? await duplicateHints(q, qn, answers)
        : [],
    refusal:
      closed ??
      (state === 'not_started' || EDITABLE_RESPONSE.includes(state as ResponseState)
        ? null
        : lockedReason(state)),
  };
}

/** A region's response (prefilled from the atlas and the round before when not started). */
export async function getResponse(
  db: Db,
  actor: Actor,
  slug: string,
  region: string,
  now = new Date(),
) {
  const ground = await responseGround(db.kysely, slug, region); // a 404 before rights
  authorize(actor, 'records.draft', { region });
  return viewOf(db.kysely, ground, region, now);
}

/** Parses answers as sent, or says what in their shape is wrong (nothing is saved then). */
function parseAnswers(qn: Questionnaire, raw: unknown): ResponseAnswers {
  const parsed = ResponseAnswers.safeParse(raw);
  const errors = parsed.success
    ? checkResponse(qn, {}, parsed.data).problems.filter((p) =>
        p.message.startsWith('there is no '),
      )
    : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  if (!parsed.success || errors.length)
    throw invalidData('the answers do not fit the questionnaire; nothing was saved', {
      errors: errors.map((e) => ({ field: e.path, message: e.message })),
    });
  return parsed.data;
}

/** Throws the conflict of a save or move made on an older revision than the stored one. */
function staleResponse(row: responses.ResponseRow, revision: number): never {
  throw conflict(
    `${row.updated_by} saved this response at ${row.updated_at.slice(0, 16).replace('T', ' ')} UTC after you opened it (revision ${row.revision}, yours ${revision}); your answers are not saved: reload the response, bring your changes over and save again`,
    { revision: row.revision, updatedBy: row.updated_by, updatedAt: row.updated_at },
  );
}

/**
 * Saves a region's answers (a draft: they may still break the rules; submitting checks them).
 * Based on an older revision than the stored one it is a conflict and nothing is overwritten.
 */
export async function saveResponse(
  db: Db,
  actor: Actor,
  slug: string,
  region: string,
  input: { answers: unknown; revision: number },
  now = new Date(),
): Promise<ResponseView> {
  authorize(actor, 'records.draft', { region });
  const at = now.toISOString();
  return db.kysely.transaction().execute(async (q) => {
    const ground = await responseGround(q, slug, region);
    const { campaign, questionnaire } = ground;
    const refusal = answersRefusal(campaign.state, campaign.closesAt, now);
    if (refusal) throw conflict(refusal, { campaign: slug, state: campaign.state });
    const answers = parseAnswers(questionnaire, input.answers);
    const me = { name: await authorName(q, actor) };
    const row = await responses.findResponse(q, slug, region);
    if (!row) {
      if (input.revision !== 0)
        throw conflict('this response does not exist yet; open it again and save');
      await responses.insertResponse(q, {
        campaign_slug: slug,
        region_code: region,
        questionnaire_version: questionnaire.version,
        answers: JSON.stringify(answers),
        state: 'draft',
        revision: 1,
        created_at: at,
        updated_at: at,
        updated_by: me.name,
      });
      await responses.logCampaignEvent(q, {
        campaign: slug,
        region,
        action: 'start',
        actor: me.name,
        at,
      });
    } else {
      if (!EDITABLE_RESPONSE.includes(row.state as ResponseState))
        throw conflict(lockedReason(row.state));
      if (row.revision !== input.revision) staleResponse(row, input.revision);
      const saved = await responses.updateResponse(q, row.id, row.revision, {
        answers: JSON.stringify(answers),
        updated_at: at,
        updated_by: me.name,
      });
      if (!saved)
        staleResponse((await responses.findResponse(q, slug, region)) ?? row, input.revision);
    }
    return viewOf(q, ground, region, now);
  });
}

/** Options of a move on a response: the revision it was made on, and a note (required to request changes). */
export interface ResponseMoveOptions {
  readonly revision?: number;
  readonly note?: string;
  /** Comments on single answers (section.item.question) sent with a request for changes. */
  readonly comments?: readonly { path: string; body: string }[];
}

const ACTION_OF: Record<ResponseMove, 'records.submit' | 'records.review' | 'records.publish'> = {
  submit: 'records.submit',
  'request-changes': 'records.review',
  accept: 'records.publish',
};

/** Checks that a move may happen now; returns the stored row it applies to. */
async function movable(
  q: Q,
  slug: string,
  region: string,
  move: ResponseMove,
  o: ResponseMoveOptions,
  now: Date,
) {
  const { campaign, questionnaire } = await responseGround(q, slug, region);
  const row = await responses.findResponse(q, slug, region);
  if (!row) throw conflict('this region has not started its response; save answers first');
  if (o.revision !== undefined && o.revision !== row.revision) staleResponse(row, o.revision);
  responseMove(row.state as ResponseState, move);
  if (move === 'submit') {
    const refusal = answersRefusal(campaign.state, campaign.closesAt, now);
    if (refusal) throw conflict(refusal, { campaign: slug, state: campaign.state });
    const answers = JSON.parse(row.answers) as ResponseAnswers;
    const { problems } = checkResponse(questionnaire, campaign.rules, answers);
    if (problems.length)
      throw invalidData(
        `${problems.length === 1 ? '1 answer needs' : `${problems.length} answers need`} attention before this response can be submitted`,
        { errors: problems.map((p) => ({ field: p.path, message: p.message })) },
      );
  }
  if (move === 'request-changes' && !o.note?.trim() && !o.comments?.length)
    throw invalidData('say what needs to change: write a note or comment on the answers', {
      errors: [{ field: 'note', message: 'required to request changes' }],
    });
  return { campaign, questionnaire, row };
}

/** Submits, sends back or accepts a region's response; accepting publishes the round's records. */
export async function moveResponse(
  db: Db,
  actor: Actor,
  slug: string,
  region: string,
  move: ResponseMove,
  options: ResponseMoveOptions = {},
  now = new Date(),
): Promise<{ view: ResponseView; outcome: MoveOutcome }> {
  authorize(actor, ACTION_OF[move], { region });
  const at = now.toISOString();
  return db.kysely.transaction().execute(async (q) => {
    const { campaign, questionnaire, row } = await movable(q, slug, region, move, options, now);
    const published = await actorName(q, actor); // published versions carry the pseudonym
    const me = { name: await authorName(q, actor) };
    const to = responseMove(row.state as ResponseState, move);
    const outcome: MoveOutcome =
      move === 'accept'
        ? await publishRound(q, {
            campaign,
            questionnaire,
            region,
            answers: JSON.parse(row.answers),
            actor: published,
            now: at,
          })
        : {};
    const moved = await responses.updateResponse(q, row.id, row.revision, {
      state: to,
      updated_at: at,
      updated_by: me.name,
      ...(move === 'submit' && { submitted_at: at }),
      ...(move === 'accept' && { accepted_at: at }),
    });
    if (!moved) staleResponse((await responses.findResponse(q, slug, region)) ?? row, row.revision);
    const notes = [
      ...(options.note?.trim() ? [{ path: null, body: options.note.trim() }] : []),
      ...(options.comments ?? [])
        .filter((c) => c.body.trim())
        .map((c) => ({ path: c.path, body: c.body.trim() })),
    ];
    for (const n of notes)
      await responses.insertResponseComment(q, {
        response_id: row.id,
        ...n,
        author_name: me.name,
        created_at: at,
      });
    await responses.logCampaignEvent(q, {
      campaign: slug,
      region,
      action: move,
      detail: `${row.state} → ${to}`,
      actor: me.name,
      at,
    });
    return { view: await viewOf(q, { campaign, questionnaire }, region, now), outcome };
  });
}

/** A curator's comment on a response without moving it. */
export async function commentOnResponse(
  db: Db,
  actor: Actor,
  slug: string,
  region: string,
  comment: { path: string | null; body: string },
  now = new Date(),
): Promise<ResponseView> {
  authorize(actor, 'records.review', { region });
  if (!comment.body.trim())
    throw invalidData('write the comment first', {
      errors: [{ field: 'body', message: 'required' }],
    });
  const at = now.toISOString();
  return db.kysely.transaction().execute(async (q) => {
    const ground = await responseGround(q, slug, region);
    const row = await responses.findResponse(q, slug, region);
    if (!row)
      throw conflict(
        'this region has not started its response; there is nothing to comment on yet',
      );
    const me = { name: await authorName(q, actor) };
    await responses.insertResponseComment(q, {
      response_id: row.id,
      path: comment.path,
      body: comment.body.trim(),
      author_name: me.name,
      created_at: at,
    });
    return viewOf(q, ground, region, now);
  });
}
