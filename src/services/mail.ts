import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';

/** A plain-text mail the atlas sends (invitations, password resets). */
export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends mail: by SMTP when SMTP_URL is set, else into an outbox folder on this machine. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** Where mail goes, for the server's start-up line and errors. */
  readonly description: string;
}

/** How the mailer is configured: config SMTP_URL, MAIL_FROM and MAIL_OUTBOX_DIR. */
export interface MailSettings {
  readonly smtpUrl?: string;
  readonly from: string;
  readonly outboxDir: string;
}

/** The SMTP URL without its password, for messages. */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the SMTP server';
  }
}

/**
 * The mailer of the settings. Through nodemailer either way, so an outbox file is the exact
 * message SMTP would have carried (RFC 5322, .eml), readable by any mail program.
 */
export function createMailer(settings: MailSettings): Mailer {
  if (settings.smtpUrl) {
    const transport = nodemailer.createTransport(settings.smtpUrl);
    const where = withoutPassword(settings.smtpUrl);
    return {
      description: `SMTP ${where}`,
      async send(mail) {
        try {
          await transport.sendMail({ from: settings.from, ...mail });
        } catch (e) {
          throw new Error(
            `could not send mail to ${mail.to} through ${where}: ${(e as Error).message}. Check SMTP_URL, or unset it to write mail to the outbox folder.`,
          );
        }
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    description: `the outbox folder ${settings.outboxDir} (no SMTP_URL set; "atlas mail outbox" lists it)`,
    async send(mail) {
      const info = await transport.sendMail({ from: settings.from, ...mail });
      await mkdir(settings.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
      // Written under a temporary name and renamed, so a listing never sees half a message.
      const tmp = join(settings.outboxDir, `.${name}.tmp`);
      await writeFile(tmp, info.message as Buffer, { mode: 0o600 });
      await rename(tmp, join(settings.outboxDir, name));
    },
  };
}

/** One message of the outbox folder, as `atlas mail outbox` lists it. */
export interface OutboxMessage {
  readonly file: string;
  readonly date: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The messages in the outbox folder, oldest first; none when it does not exist. */
export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  const files = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  const out: OutboxMessage[] = [];
  for (const file of files.filter((f) => f.endsWith('.eml')).sort()) {
    const parsed = await simpleParser(await readFile(join(dir, file)));
    const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : parsed.to?.text;
    out.push({
      file,
      date: parsed.date?.toISOString() ?? '',
      to: to ?? '',
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
    });
  }
  return out;
}
