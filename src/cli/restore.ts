import { type Command, configFor, EXIT, parse, UsageError } from './common.ts';

/** `atlas restore FILE`: replaces the database with a backup, then migrates it. */
export const restoreCommand: Command = {
  name: 'restore',
  summary: 'replace the database with a backup file (stop the server first)',
  help: `Usage: atlas restore FILE [--force]

Replaces the database DATABASE_URL names with the backup in FILE (made by "atlas backup"),
then applies the migrations the backup lacks, so a backup from an older atlas works.
Stop "atlas serve" first: a running server would keep serving the old data (SQLite: restore
refuses while another process has the database open).
  SQLite      FILE must pass PRAGMA integrity_check and be an atlas database; it is copied
              beside the database and renamed over it.
  PostgreSQL  the connection's schema is dropped and restored from FILE in one transaction
              (pg_restore and psql from postgresql-client); an error leaves it as it was.
A backup of one database kind cannot be restored into the other.

Options:
  --force   replace a database that holds initiatives or other curated data (without it,
            restore refuses, so that a mistyped DATABASE_URL does not wipe a live atlas)`,
  async run(args, io) {
    const { restoreDatabase } = await import('../services/backup.ts');
    const { values, positionals } = parse(args, { force: { type: 'boolean' } }, true);
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('give one backup file to restore');
    const report = await restoreDatabase(configFor(io).DATABASE_URL, file, {
      force: values.force === true,
    });
    io.out(
      `${report.description}: restored from ${file} (${report.format})${report.migrations.length > 0 ? `; applied ${report.migrations.join(', ')}` : ''}`,
    );
    return EXIT.ok;
  },
};
