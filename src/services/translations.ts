import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import type {
  RecordTranslations,
  TranslatableKind,
  TranslatedText,
} from '../domain/translations.ts';
import { translationKey } from '../domain/translations.ts';
import * as versions from '../repositories/record-versions.ts';
import { listAllTranslations, listTranslations } from '../repositories/translations.ts';
import { createDraft, saveDraft, type VersionView } from './contributions.ts';
import { moveVersion } from './reviews.ts';

/** Groups approved texts by language, then field. */
function byLanguage(rows: readonly TranslatedText[]): Map<string, Map<string, TranslatedText>> {
  const out = new Map<string, Map<string, TranslatedText>>();
  for (const r of rows) {
    const texts = out.get(r.language) ?? new Map<string, TranslatedText>();
    texts.set(r.field, r);
    out.set(r.language, texts);
  }
  return out;
}

/** The approved translations of one record written in `original`. */
export async function recordTranslations(
  db: Db,
  kind: TranslatableKind,
  key: string,
  original: string,
): Promise<RecordTranslations> {
  const rows = await listTranslations(db.kysely, kind, [key]);
  return { kind, key, original, languages: byLanguage(rows) };
}

/**
 * The approved translations of some records of one kind (for a list page or an API list), by
 * record key; `originals` gives each record's own language.
 */
export async function translationsOf(
  db: Db,
  kind: TranslatableKind,
  originals: ReadonlyMap<string, string>,
): Promise<Map<string, RecordTranslations>> {
  const rows = await listTranslations(db.kysely, kind, [...originals.keys()]);
  const grouped = new Map<string, TranslatedText[]>();
  for (const r of rows) grouped.set(r.key, [...(grouped.get(r.key) ?? []), r]);
  return new Map(
    [...originals].map(([key, original]) => [
      key,
      { kind, key, original, languages: byLanguage(grouped.get(key) ?? []) },
    ]),
  );
}

/** Every approved translation, for the bulk downloads: one row per record, field and language. */
export async function allTranslations(db: Db) {
  return listAllTranslations(db.kysely);
}

/** A translation as a contributor proposes it. */
export interface TranslationProposal {
  readonly record: TranslatableKind;
  readonly slug: string;
  readonly language: string;
  readonly name: string;
  readonly summary?: string;
  readonly translatedBy: string;
}

/**
 * Proposes a translation of a record: its draft is made (or the open one replaced) and submitted
 * for review. A curator publishes it (reviews.ts) like any other change; until then it is shown
 * nowhere and found by no search.
 */
export async function proposeTranslation(
  db: Db,
  actor: Actor,
  p: TranslationProposal,
  now?: string,
): Promise<VersionView> {
  const key = translationKey(p.record, p.slug, p.language);
  const content = { ...p };
  const exists = (await versions.lastNumber(db.kysely, 'translation', key)) > 0;
  const draft = exists
    ? await saveDraft(db, actor, 'translation', key, content, { now })
    : await createDraft(db, actor, 'translation', content, { now });
  if (draft.state === 'submitted') return draft;
  return moveVersion(db, actor, 'translation', key, 'submit', { now });
}
