import { invalidParameter } from './errors.ts';

/** The kinds of published record a visitor can suggest a correction on, as they appear in addresses. */
export const SUGGESTION_ENTITIES = ['initiative', 'good-practice'] as const;
export type SuggestionEntity = (typeof SUGGESTION_ENTITIES)[number];

/** What a suggestion may become once a curator has read it. */
export const SUGGESTION_STATES = ['open', 'accepted', 'dismissed'] as const;
export type SuggestionState = (typeof SUGGESTION_STATES)[number];

/** The shortest and longest message accepted. */
export const SUGGESTION_MESSAGE = { min: 10, max: 4000 } as const;

/** A suggestion as curators see it (never shown to the public). */
export interface SuggestionView {
  readonly id: number;
  readonly entity: SuggestionEntity;
  readonly key: string;
  /** The record's name, or its key when it no longer exists. */
  readonly recordName: string;
  readonly message: string;
  readonly contactEmail: string | null;
  readonly state: SuggestionState;
  readonly createdAt: string;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
}

/** The record a suggestion is about, from "initiative:slug" (the form's record field). */
export function parseRecordRef(value: string | undefined): {
  entity: SuggestionEntity;
  key: string;
} {
  const [entity = '', ...rest] = (value ?? '').split(':');
  const key = rest.join(':').trim();
  if (
    !(SUGGESTION_ENTITIES as readonly string[]).includes(entity) ||
    !/^[a-z0-9-]{1,200}$/.test(key)
  ) {
    throw invalidParameter(
      'record',
      'the address does not name a record; open the record and follow its "Suggest a correction" link',
    );
  }
  return { entity: entity as SuggestionEntity, key };
}

/** The path of a record's public page. */
export function recordPath(entity: SuggestionEntity, key: string): string {
  return entity === 'initiative' ? `/initiatives/${key}` : `/good-practices/${key}`;
}
