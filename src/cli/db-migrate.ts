import { openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrations/index.ts';
import { type Command, configFor, EXIT, parse } from './common.ts';

/** `atlas db migrate`: brings the database schema up to date. */
export const dbMigrate: Command = {
  name: 'db migrate',
  summary: 'create or update the database schema',
  help: `Usage: atlas db migrate

Creates the tables of a new database, or applies the migrations an existing one lacks.
The database is the one DATABASE_URL names (default sqlite:data/atlas.db).`,
  async run(args, io) {
    parse(args, {}, false);
    const config = configFor(io);
    const db = openDatabase(config.DATABASE_URL);
    try {
      const applied = await migrateToLatest(db);
      io.out(
        applied.length === 0
          ? `${db.description}: schema is up to date`
          : `${db.description}: applied ${applied.join(', ')}`,
      );
      return EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
