import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import type {
  RecordTranslations,
  TranslatableKind,
  TranslatedText,
} from '../domain/translations.ts';
import { translationKey } from '../domain/translations.ts';
import * as versions from '../repositories/record-versions.ts';
import {
  listAllTranslations,
  listOriginals,
  listTranslations,
  type OriginalRow,
  type TranslationRow,
} from '../repositories/translations.ts';
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

/**
 * A translation into one language whose original text has changed since it was made (a newer
 * version of the record): it may be out of date.
 */
export interface OutdatedTranslation {
  /** The version of the original the translation was made from (null: not known). */
  readonly madeFromVersion: number | null;
  /** When the original was last changed (ISO 8601). */
  readonly originalChangedAt: string;
  /** The translated fields whose original text is no longer the one translated. */
  readonly fields: readonly string[];
}

/** A record's approved translations with those that may be out of date, by language. */
export interface CheckedTranslations extends RecordTranslations {
  /** The version of the original each language's translation was made from (null: not known). */
  readonly madeFrom: ReadonlyMap<string, number | null>;
  readonly outdated: ReadonlyMap<string, OutdatedTranslation>;
}

/** Whether a translated text was made from another text than the original's current one. */
const isOutdated = (row: TranslationRow, original: OriginalRow): boolean =>
  row.sourceText !== (original.texts[row.field] ?? null);

/** The translations of a record (by language) whose original changed since they were made. */
function outdatedOf(
  rows: readonly TranslationRow[],
  original: OriginalRow | undefined,
): Map<string, OutdatedTranslation> {
  const out = new Map<string, OutdatedTranslation>();
  if (!original) return out;
  for (const r of rows) {
    if (!isOutdated(r, original)) continue;
    const seen = out.get(r.language);
    out.set(r.language, {
      madeFromVersion: seen?.madeFromVersion ?? r.sourceVersion,
      originalChangedAt: original.updatedAt,
      fields: [...(seen?.fields ?? []), r.field],
    });
  }
  return out;
}

/**
 * The approved translations of one record written in `original`, with those whose original
 * text changed after they were made (two queries: the translations, the record's texts now).
 */
export async function recordTranslations(
  db: Db,
  kind: TranslatableKind,
  key: string,
  original: string,
): Promise<CheckedTranslations> {
  const found = await translationsOf(db, kind, new Map([[key, original]]));
  return found.get(key) as CheckedTranslations;
}

/**
 * The approved texts of some records in one language (a list page's rows in the reader's
 * language), by record key then field: one query for the whole page, none when the language is
 * every record's own.
 */
export async function textsIn(
  db: Db,
  kind: TranslatableKind,
  records: readonly { readonly slug: string; readonly language: string }[],
  language: string,
): Promise<Map<string, Map<string, TranslatedText>>> {
  const keys = records.filter((r) => r.language !== language).map((r) => r.slug);
  const rows = await listTranslations(db.kysely, kind, keys, language);
  const out = new Map<string, Map<string, TranslatedText>>();
  for (const r of rows) out.set(r.key, (out.get(r.key) ?? new Map()).set(r.field, r));
  return out;
}

/**
 * The approved translations of some records of one kind (a list page, an API list, one record),
 * by record key, each with those whose original text changed after they were made; `originals`
 * gives each record's own language. Two queries whatever the number of records.
 */
export async function translationsOf(
  db: Db,
  kind: TranslatableKind,
  originals: ReadonlyMap<string, string>,
): Promise<Map<string, CheckedTranslations>> {
  const keys = [...originals.keys()];
  const [rows, now] = await Promise.all([
    listTranslations(db.kysely, kind, keys),
    listOriginals(db.kysely, kind, keys),
  ]);
  const grouped = new Map<string, TranslationRow[]>();
  for (const r of rows) grouped.set(r.key, [...(grouped.get(r.key) ?? []), r]);
  const current = new Map(now.map((o) => [o.key, o]));
  return new Map(
    [...originals].map(([key, original]) => {
      const mine = grouped.get(key) ?? [];
      const checked: CheckedTranslations = {
        kind,
        key,
        original,
        languages: byLanguage(mine),
        madeFrom: new Map(mine.map((r) => [r.language, r.sourceVersion])),
        outdated: outdatedOf(mine, current.get(key)),
      };
      return [key, checked];
    }),
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
  /** The record's name (a recommendation's title); an evidence statement has none. */
  readonly name?: string;
  /** The record's summary (a recommendation's text, an evidence statement's statement). */
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
