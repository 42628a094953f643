import type { Db } from '../db/connect.ts';
import type { Actor } from '../domain/accounts.ts';
import { authorize } from '../domain/authorization.ts';
import { daysUntilClose, dueReminderDays } from '../domain/campaigns.ts';
import type { Campaign } from '../domain/schemas.ts';
import { listAccounts } from '../repositories/accounts.ts';
import {
  claimMail,
  listResponses,
  logCampaignEvent,
  releaseMail,
} from '../repositories/campaign-responses.ts';
import { listCampaignRegions, listCampaigns, markInvited } from '../repositories/campaigns.ts';
import type { Mailer } from './mail.ts';

/** What a round of mail did: sent, and the addresses it could not reach (tried again next time). */
export interface MailReport {
  readonly sent: number;
  readonly failed: readonly { to: string; reason: string }[];
}

type Letter = (c: Campaign, region: string, link: string) => { subject: string; text: string };

const invitation: Letter = (c, region, link) => ({
  subject: `Invitation: ${c.title}`,
  text: [
    `Your region ${region} is invited to respond to "${c.title}" in PerMed Atlas.`,
    c.description ? `\n${c.description}\n` : '',
    c.closesAt ? `Answers are taken until ${c.closesAt} (end of day, UTC).` : '',
    'One response per region: every coordinator of the region works on the same one, and the atlas keeps what each saved.',
    '',
    `Sign in and open your region's response here: ${link}`,
  ].join('\n'),
});

const reminder =
  (days: number): Letter =>
  (c, region, link) => ({
    subject: `Reminder: ${c.title} closes ${days === 0 ? 'today' : `in ${days === 1 ? '1 day' : `${days} days`}`}`,
    text: [
      `The response of ${region} to "${c.title}" has not been submitted yet.`,
      `The campaign closes on ${c.closesAt} (end of day, UTC); after that it takes no answers.`,
      '',
      `Continue where you left off: ${link}`,
    ].join('\n'),
  });

/** Sends one letter to every active coordinator of a region, once per kind (see claimMail). */
async function mailRegion(
  db: Db,
  mailer: Mailer,
  c: Campaign,
  region: string,
  kind: string,
  letter: Letter,
  origin: string,
  now: string,
): Promise<MailReport> {
  const coordinators = (await listAccounts(db.kysely)).filter(
    (a) => !a.disabled && a.role === 'coordinator' && a.regions.includes(region),
  );
  const link = `${origin}/campaigns/${c.slug}/responses/${region}`;
  let sent = 0;
  const failed: { to: string; reason: string }[] = [];
  for (const a of coordinators) {
    const key = { campaign: c.slug, region, recipient: a.email, kind };
    if (!(await claimMail(db.kysely, { ...key, at: now }))) continue;
    try {
      await mailer.send({ to: a.email, ...letter(c, region, link) });
      sent++;
    } catch (e) {
      await releaseMail(db.kysely, key);
      failed.push({ to: a.email, reason: (e as Error).message });
    }
  }
  return { sent, failed };
}

const add = (a: MailReport, b: MailReport): MailReport => ({
  sent: a.sent + b.sent,
  failed: [...a.failed, ...b.failed],
});

/**
 * Invites the coordinators of every invited region of an open campaign that has not been invited
 * yet (so opening again after a close, or adding a region, mails only who has had nothing).
 */
export async function sendInvitations(
  db: Db,
  mailer: Mailer,
  actor: Actor,
  slug: string,
  origin: string,
  now = new Date(),
): Promise<MailReport> {
  authorize(actor, 'campaigns.manage');
  const c = (await listCampaigns(db.kysely)).find((x) => x.slug === slug);
  if (c?.state !== 'open') return { sent: 0, failed: [] };
  const at = now.toISOString();
  const regions = (await listCampaignRegions(db.kysely)).get(slug) ?? [];
  let report: MailReport = { sent: 0, failed: [] };
  for (const r of regions.filter((x) => x.invitedAt === null)) {
    const one = await mailRegion(db, mailer, c, r.region, 'invitation', invitation, origin, at);
    report = add(report, one);
    if (one.failed.length === 0) await markInvited(db.kysely, slug, [r.region], at);
  }
  await logCampaignEvent(db.kysely, {
    campaign: slug,
    action: 'invite',
    detail: `${report.sent} sent${report.failed.length ? `, ${report.failed.length} failed` : ''}`,
    actor: 'atlas',
    at,
  });
  return report;
}

/**
 * Reminds the coordinators of regions that have not submitted, on each reminder day before an
 * open campaign closes; each reminder goes once (a server restart or a second run sends nothing).
 */
export async function sendDueReminders(
  db: Db,
  mailer: Mailer,
  origin: string,
  now = new Date(),
): Promise<MailReport> {
  const at = now.toISOString();
  let report: MailReport = { sent: 0, failed: [] };
  for (const c of (await listCampaigns(db.kysely)).filter((x) => x.state === 'open')) {
    const [day] = dueReminderDays(c.reminderDays ?? [], c.closesAt, now);
    if (day === undefined) continue;
    const done = new Set(
      (await listResponses(db.kysely, c.slug))
        .filter((r) => r.state === 'submitted' || r.state === 'accepted')
        .map((r) => r.region_code),
    );
    const left = daysUntilClose(c.closesAt as string, now);
    for (const region of (c.regions ?? []).filter((r) => !done.has(r)))
      report = add(
        report,
        await mailRegion(db, mailer, c, region, `reminder-${day}`, reminder(left), origin, at),
      );
  }
  return report;
}

/** What the server's reminder schedule reports. */
export interface ReminderSchedule {
  /** Stops the schedule; a round under way finishes first. */
  stop(): Promise<void>;
}

/**
 * Sends due reminders now and then every `everyMs` (an hour by default) while the server runs.
 * Rounds never overlap; a failing database or mail server is reported and tried again next time.
 */
export function startReminderSchedule(
  db: Db,
  mailer: Mailer,
  origin: string,
  hooks: { onError: (e: unknown) => void; onSent?: (r: MailReport) => void; everyMs?: number },
): ReminderSchedule {
  let running: Promise<void> = Promise.resolve();
  const round = () => {
    running = running.then(async () => {
      try {
        const report = await sendDueReminders(db, mailer, origin);
        if (report.sent > 0 || report.failed.length > 0) hooks.onSent?.(report);
      } catch (e) {
        hooks.onError(e);
      }
    });
  };
  round();
  const timer = setInterval(round, hooks.everyMs ?? 3_600_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
