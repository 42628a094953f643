import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../db/connect.ts';
import { type Actor, normaliseEmail } from '../domain/accounts.ts';
import { authorize } from '../domain/authorization.ts';
import { invalidParameter, notFound, rateLimited } from '../domain/errors.ts';
import {
  parseRecordRef,
  SUGGESTION_MESSAGE,
  type SuggestionEntity,
  type SuggestionState,
  type SuggestionView,
} from '../domain/suggestions.ts';
import { listGoodPractices } from '../repositories/good-practices.ts';
import { findInitiativeBySlug } from '../repositories/initiatives.ts';
import * as repo from '../repositories/suggestions.ts';
import { audit, sameSecret, secretHash } from './accounts.ts';

/** Suggestions one address may send per hour. */
export const SUGGESTIONS_PER_HOUR = 5;
/** How long a challenge of the form stays valid. */
const CHALLENGE_MS = 3600_000;
/** Signs this process's challenges; a restart only means a form must be reloaded. */
const SECRET = randomBytes(32);

/** A small sum a person answers without JavaScript, and the signed token that lets it be checked. */
export interface Challenge {
  readonly question: string;
  readonly token: string;
}

const sign = (payload: string) => createHmac('sha256', SECRET).update(payload).digest('base64url');

export function newChallenge(now = Date.now()): Challenge {
  const a = randomInt(1, 10);
  const b = randomInt(1, 10);
  const payload = `${a}.${b}.${now + CHALLENGE_MS}`;
  return { question: `${a} + ${b}`, token: `${payload}.${sign(payload)}` };
}

/** Whether `answer` solves the challenge of `token`, which is this process's, unexpired. */
function solved(token: string, answer: string): boolean {
  const [a, b, expires, mac = ''] = token.split('.');
  const payload = `${a}.${b}.${expires}`;
  if (!sameSecret(mac, sign(payload)) || Number(expires) < Date.now()) return false;
  return Number(answer.trim()) === Number(a) + Number(b);
}

/** The name of the published record, or a not_found that says where to look. */
async function recordName(
  db: Db,
  entity: SuggestionEntity,
  key: string,
): Promise<string | undefined> {
  if (entity === 'initiative') return (await findInitiativeBySlug(db.kysely, key))?.name;
  return (await listGoodPractices(db.kysely, key))[0]?.name;
}

/** The record a suggestion form is for: its kind, key and name. */
export async function suggestionTarget(db: Db, record: string | undefined) {
  const { entity, key } = parseRecordRef(record);
  const name = await recordName(db, entity, key);
  if (name === undefined)
    throw notFound(
      entity.replace('-', ' '),
      key,
      'open the record from the list and follow its "Suggest a correction" link',
    );
  return { entity, key, name };
}

/** What a visitor sends. `trap` is the field people never see (only robots fill it). */
export interface SuggestionInput {
  readonly record: string;
  readonly message: string;
  readonly email: string;
  readonly challenge: string;
  readonly answer: string;
  readonly trap: string;
  readonly address: string;
}

/**
 * Stores a visitor's correction suggestion for the curators' queue. Nothing of it is public. A
 * wrong sum, a filled trap field or too many suggestions from one address are refused with a
 * message; the record must exist.
 */
export async function sendSuggestion(db: Db, input: SuggestionInput): Promise<void> {
  const target = await suggestionTarget(db, input.record);
  const message = input.message.trim();
  if (
    [...message].length < SUGGESTION_MESSAGE.min ||
    [...message].length > SUGGESTION_MESSAGE.max
  ) {
    throw invalidParameter(
      'message',
      `write between ${SUGGESTION_MESSAGE.min} and ${SUGGESTION_MESSAGE.max} characters: what is wrong, and where you read the right value`,
    );
  }
  const email = input.email.trim() === '' ? null : normaliseEmail(input.email);
  if (input.trap !== '' || !solved(input.challenge, input.answer))
    throw invalidParameter(
      'answer',
      'the sum is not right (or the form is over an hour old); answer the new one',
    );
  const addressHash = secretHash(`suggestion:${input.address}`);
  const since = new Date(Date.now() - 3600_000).toISOString();
  if ((await repo.countSuggestionsSince(db.kysely, addressHash, since)) >= SUGGESTIONS_PER_HOUR) {
    throw rateLimited(
      `thank you: ${SUGGESTIONS_PER_HOUR} suggestions in an hour is as many as one connection may send; please send the next one later`,
      3600,
    );
  }
  const id = await repo.insertSuggestion(db.kysely, {
    entity: target.entity,
    entity_key: target.key,
    message,
    contact_email: email,
    address_hash: addressHash,
    state: 'open',
    created_at: new Date().toISOString(),
  });
  await audit(db, 'visitor', 'suggestion.send', `suggestion:${id}`);
}

/** The curators' queue: suggestions in a state, oldest first, with the name of their record. */
export async function suggestionQueue(
  db: Db,
  actor: Actor,
  state: SuggestionState = 'open',
): Promise<SuggestionView[]> {
  authorize(actor, 'records.review');
  const rows = await repo.listSuggestions(db.kysely, state, 500);
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      entity: r.entity as SuggestionEntity,
      key: r.entity_key,
      recordName:
        (await recordName(db, r.entity as SuggestionEntity, r.entity_key)) ?? r.entity_key,
      message: r.message,
      contactEmail: r.contact_email,
      state: r.state as SuggestionState,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    })),
  );
}

/** A curator accepts (the record will be corrected) or dismisses an open suggestion. */
export async function decideSuggestion(
  db: Db,
  actor: Actor,
  id: number,
  decision: { state: 'accepted' | 'dismissed'; note: string },
): Promise<void> {
  authorize(actor, 'records.review');
  const by = actor.kind === 'account' ? actor.id : null;
  const done = await repo.decideSuggestion(db.kysely, id, {
    state: decision.state,
    by,
    at: new Date().toISOString(),
    note: decision.note.trim() || null,
  });
  if (!done)
    throw notFound('open suggestion', String(id), 'it was decided already; reload the queue');
  await audit(
    db,
    by === null ? 'cli' : { accountId: by },
    `suggestion.${decision.state}`,
    `suggestion:${id}`,
  );
}
