import type { Migration } from 'kysely/migration';
import type { DialectName } from '../connect.ts';
import { type AnyDb, withId } from './builders.ts';
import { columnsOf, rebuildTables } from './rebuild.ts';

// Shipped: never edit this file; append a new migration instead.

/**
 * The kind of a released funding row, from words its funder's name holds (the cues the importer
 * used when kinds were added); 'mixed' where the name says none, the one code that claims no
 * single kind. Curators can correct it like any other value.
 */
const KIND_CUES: readonly (readonly [string, readonly string[]])[] = [
  ['eu', ['horizon', 'h2020', 'fp7', 'european union', 'european commission', 'interreg', 'erdf']],
  ['national', ['minist', 'national', 'government', 'federal', 'research council', 'vinnova']],
  ['regional', ['region', 'county', 'junta', 'generalitat', 'gobierno de', 'provinc']],
  ['charity', ['foundation', 'fundaci', 'stiftelse', 'stiftung', 'fondation', 'charity']],
  ['private', ['company', 'industry', 'pharma', 'private']],
  ['members', ['member']],
];

const KIND_OF_FUNDER = `CASE ${KIND_CUES.map(
  ([kind, cues]) =>
    `WHEN ${cues.map((c) => `lower(funder) LIKE '%${c}%'`).join(' OR ')} THEN '${kind}'`,
).join(' ')} ELSE 'mixed' END`;

/**
 * Each funding row gets a kind (EU, national, regional, charity, private, members, mixed) and an
 * index by initiative and kind for the funding facet (commits bb5fcab and defa349 changed the
 * released first migration). Each step is skipped where it is done already.
 */
export function fundingKind(dialect: DialectName): Migration {
  return {
    async up(db: AnyDb) {
      if (!(await columnsOf(db, dialect, 'initiative_funding')).has('kind')) {
        await rebuildTables(db, dialect, [
          {
            table: 'initiative_funding',
            create: (d) =>
              withId(d.schema.createTable('initiative_funding'), dialect)
                .addColumn('initiative_id', 'integer', (c) =>
                  c.notNull().references('initiatives.id').onDelete('cascade'),
                )
                .addColumn('funder', 'text', (c) => c.notNull())
                .addColumn('kind', 'text', (c) => c.notNull())
                .addColumn('programme', 'text')
                .addColumn('note', 'text')
                .execute(),
            copy: [
              `INSERT INTO initiative_funding (id, initiative_id, funder, kind, programme, note)
               SELECT id, initiative_id, funder, ${KIND_OF_FUNDER},
                 programme, note
               FROM initiative_funding_old`,
            ],
          },
        ]);
      }
      await db.schema.dropIndex('initiative_funding_kind_idx').ifExists().execute();
      await db.schema
        .createIndex('initiative_funding_initiative_kind_idx')
        .ifNotExists()
        .on('initiative_funding')
        .columns(['initiative_id', 'kind'])
        .execute();
    },
  };
}
