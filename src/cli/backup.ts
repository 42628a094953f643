import { type Command, configFor, EXIT, parse, UsageError } from './common.ts';

/** `atlas backup FILE`: a consistent copy of the database, safe to take while the server runs. */
export const backupCommand: Command = {
  name: 'backup',
  summary: 'copy the database to a backup file (safe while the server runs)',
  help: `Usage: atlas backup FILE

Writes a consistent copy of the database DATABASE_URL names to FILE; the server may keep running.
  SQLite      SQLite's online backup API; FILE is itself a SQLite database.
  PostgreSQL  pg_dump --format=custom of the connection's schema, after one header line.
              Needs pg_dump on PATH or in /usr/lib/postgresql/<version>/bin (package
              postgresql-client); the password is passed in the environment, never on a
              command line.
FILE is written under a temporary name and renamed at the end, so it is never half a backup.
Restore it with "atlas restore FILE".`,
  async run(args, io) {
    const { backupDatabase } = await import('../services/backup.ts');
    const { positionals } = parse(args, {}, true);
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('give one file to write the backup to');
    const report = await backupDatabase(configFor(io).DATABASE_URL, file, (p) => {
      if (p.total > 0)
        io.status?.(`backup: ${Math.floor((100 * p.done) / p.total)}% of ${p.total} pages`);
    });
    if (io.status) io.status('');
    io.out(`${report.file}: ${report.format} backup, ${report.bytes.toLocaleString('en')} bytes`);
    return EXIT.ok;
  },
};
