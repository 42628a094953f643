import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { stemText } from './stems.ts';
import { insertTranslationStems } from './translations.ts';

/** An initiative's texts and language, as its stems are made from them. */
interface TextRow {
  id: number;
  name: string;
  acronym: string | null;
  native_name: string | null;
  summary: string | null;
  objectives: string | null;
  language: string;
}

/** How many initiatives' stems are written by one statement. */
const STEM_BATCH = 500;

/**
 * SQLite: stems the initiatives and translations waiting in the queues (migration 0028: triggers
 * queue an initiative whose texts or language change; a Snowball stemmer cannot run in a trigger),
 * so that a search finds a record as its texts are now. One index read when nothing waits, which
 * is the usual case; after an import of 100,000 initiatives the first search stems them all
 * (seconds). The queue rows are taken first (a write, so that two connections doing this at once
 * wait for each other instead of failing to upgrade a read), in one transaction.
 */
export async function stemQueued(db: Db): Promise<void> {
  if (db.dialect !== 'sqlite') return;
  const waiting = await sql<{ n: number }>`select
      exists (select 1 from search_stems_queue) + exists (select 1 from translation_stems_queue)
      as n`.execute(db.kysely);
  if (!waiting.rows[0]?.n) return;
  await db.kysely.transaction().execute(async (tx) => {
    const queued = await sql<{ id: number }>`delete from search_stems_queue returning id`.execute(
      tx,
    );
    const ids = JSON.stringify(queued.rows.map((r) => r.id));
    const rows = await sql<TextRow>`select id, name, acronym, native_name, summary, objectives,
        language from initiatives where id in (select value from json_each(${ids}))`.execute(tx);
    for (let k = 0; k < rows.rows.length; k += STEM_BATCH) {
      const stems = JSON.stringify(
        rows.rows.slice(k, k + STEM_BATCH).map((r) => {
          const stem = (text: string | null) => stemText(text, r.language);
          return [
            r.id,
            stem(r.name),
            stem(r.acronym),
            stem(r.native_name),
            stem(r.summary),
            stem(r.objectives),
          ];
        }),
      );
      await sql`delete from initiative_stems
        where rowid in (select json_extract(value, '$[0]') from json_each(${stems}))`.execute(tx);
      await sql`insert into initiative_stems (rowid, name, acronym, native_name, summary, objectives)
        select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'),
          json_extract(value, '$[3]'), json_extract(value, '$[4]'), json_extract(value, '$[5]')
        from json_each(${stems})`.execute(tx);
    }
    const translations = await sql<{ kind: string; key: string; language: string }>`
      delete from translation_stems_queue
      returning record_kind as kind, record_key as key, language`.execute(tx);
    for (const t of translations.rows) {
      const doc = await sql<{ name: string; body: string }>`select name, body
        from translation_words where record_kind = ${t.kind} and record_key = ${t.key}
        and language = ${t.language}`.execute(tx);
      await sql`delete from translation_stems where record_kind = ${t.kind}
        and record_key = ${t.key} and language = ${t.language}`.execute(tx);
      const found = doc.rows[0];
      if (found) await insertTranslationStems(tx, { ...t, ...found });
    }
  });
}
