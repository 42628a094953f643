import { type Command, EXIT, mailerOf, parse, withDatabase } from './common.ts';

/** `atlas campaigns list`: every campaign with its state, window and progress. */
const listCommand: Command = {
  name: 'campaigns list',
  summary: 'list the campaigns with their state, window and responses',
  help: `Usage: atlas campaigns list [--json]

Lists every campaign: slug, state, window, questionnaire, and how many invited regions have
started, submitted and had their response accepted.

Options:
  --json   machine-readable output`,
  async run(args, io) {
    const { values } = parse(args, { json: { type: 'boolean' } }, false);
    const { campaignProgress } = await import('../services/campaign-dashboard.ts');
    return withDatabase(io, async (db) => {
      const rows = await campaignProgress(db);
      if (values.json) {
        io.out(JSON.stringify(rows, null, 2));
        return EXIT.ok;
      }
      if (rows.length === 0) {
        io.out(
          'No campaigns yet. Load the reference data with "atlas db seed", or create one at /campaigns/new.',
        );
        return EXIT.ok;
      }
      const width = Math.max(...rows.map((r) => r.slug.length));
      io.out(
        `${'campaign'.padEnd(width)}  state      window                   invited  started  submitted  accepted`,
      );
      for (const r of rows)
        io.out(
          `${r.slug.padEnd(width)}  ${r.state.padEnd(9)}  ${`${r.opensAt ?? '?'} – ${r.closesAt ?? '?'}`.padEnd(23)}  ${String(r.invited).padStart(7)}  ${String(r.started).padStart(7)}  ${String(r.submitted).padStart(9)}  ${String(r.accepted).padStart(8)}`,
        );
      return EXIT.ok;
    });
  },
};

/** `atlas campaigns remind`: sends the reminders that are due now (the server does it hourly). */
const remindCommand: Command = {
  name: 'campaigns remind',
  summary: 'send the campaign reminders due now',
  help: `Usage: atlas campaigns remind

Mails the coordinators of every invited region that has not submitted, on each reminder day
before an open campaign closes. Each reminder goes once: running it again, or the server's
hourly run, sends nothing twice. Links point to PUBLIC_URL (else http://localhost:PORT).
Mail goes by SMTP_URL, else into MAIL_OUTBOX_DIR.`,
  async run(args, io) {
    parse(args, {}, false);
    const { sendDueReminders } = await import('../services/campaign-mail.ts');
    return withDatabase(io, async (db, config) => {
      const mailer = await mailerOf(config);
      const origin = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
      const report = await sendDueReminders(db, mailer, origin);
      io.out(
        `${report.sent === 1 ? '1 reminder' : `${report.sent} reminders`} sent (${mailer.description})`,
      );
      for (const f of report.failed)
        io.err(`could not mail ${f.to}: ${f.reason}; it is tried again next run`);
      return report.failed.length > 0 ? EXIT.failed : EXIT.ok;
    });
  },
};

export const CAMPAIGN_COMMANDS: readonly Command[] = [listCommand, remindCommand];
