import { type Command, configFor, EXIT, parse } from './common.ts';

/** `atlas db migrate`: brings the database schema up to date. */
export const dbMigrate: Command = {
  name: 'db migrate',
  summary: 'create or update the database schema',
  help: `Usage: atlas db migrate

Creates the tables of a new database, or applies the migrations an existing one lacks.
The database is the one DATABASE_URL names (default sqlite:data/atlas.db).
It also adds the code lists an import needs where they are missing (every country, the
regions of the partner countries, the themes), so "atlas import" works on a new database;
"atlas db seed" loads the reference dataset, with its sources, over them.`,
  async run(args, io) {
    const { migrateDatabase } = await import('../services/database.ts');
    parse(args, {}, false);
    const { description, migrations } = await migrateDatabase(configFor(io).DATABASE_URL);
    io.out(
      migrations.length === 0
        ? `${description}: schema is up to date`
        : `${description}: applied ${migrations.join(', ')}`,
    );
    return EXIT.ok;
  },
};
