import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

type Q = Kysely<Database>;

/** The public tables of curated content, whose latest change dates the open dataset. */
const PUBLIC_TABLES = [
  'sources',
  'regions',
  'initiatives',
  'barrier_categories',
  'barriers',
  'campaigns',
  'evidence',
  'good_practices',
  'regional_reports',
  'interview_rows',
  'workshops',
  'pillars',
  'reported_figures',
] as const;

/** Facts the dataset's coverage is computed from: observation dates, countries, last change. */
export interface CoverageFacts {
  /** Dates at which the records observed something (YYYY, YYYY-MM or YYYY-MM-DD), unordered. */
  readonly observedOn: readonly string[];
  /** Country codes of initiatives' home countries, good practices and partner regions. */
  readonly countries: readonly string[];
  /** The latest updated_at of any public record, or undefined when there are none. */
  readonly lastChange: string | undefined;
}

/** Reads the distinct dates, countries and the latest change the catalogue's coverage needs. */
export async function listCoverageFacts(db: Q): Promise<CoverageFacts> {
  const [statusDates, opens, closes, held, homes, practiceCountries, partners, changes] =
    await Promise.all([
      db.selectFrom('initiatives').select('status_as_of as d').distinct().execute(),
      db.selectFrom('campaigns').select('opens_at as d').distinct().execute(),
      db.selectFrom('campaigns').select('closes_at as d').distinct().execute(),
      db.selectFrom('workshops').select('held_on as d').distinct().execute(),
      db.selectFrom('initiatives').select('home_country as c').distinct().execute(),
      db.selectFrom('good_practices').select('country_code as c').distinct().execute(),
      db
        .selectFrom('regions')
        .select('country_code as c')
        .where('is_partner', '=', 1)
        .distinct()
        .execute(),
      Promise.all(
        PUBLIC_TABLES.map((t) =>
          db
            .selectFrom(t)
            .select((eb) => eb.fn.max('updated_at').as('m'))
            .executeTakeFirst(),
        ),
      ),
    ]);
  const observedOn = [...statusDates, ...opens, ...closes, ...held]
    .map((r) => r.d)
    .filter((d): d is string => !!d);
  const countries = [...new Set([...homes, ...practiceCountries, ...partners].map((r) => r.c))]
    .filter((c): c is string => !!c)
    .sort();
  const latest = changes
    .map((r) => (r?.m === null || r?.m === undefined ? undefined : String(r.m)))
    .filter((m): m is string => !!m)
    .sort()
    .at(-1);
  return { observedOn, countries, lastChange: latest };
}
