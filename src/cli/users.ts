import type { Readable } from 'node:stream';
import { parseRole, parseScopes } from '../domain/accounts.ts';
import {
  type CliIo,
  type Command,
  EXIT,
  mailerOf,
  parse,
  UsageError,
  withDatabase,
} from './common.ts';

/** The options that name a person and what they may do: --email, --role, --regions. */
const PERSON_OPTIONS = {
  email: { type: 'string' },
  role: { type: 'string' },
  regions: { type: 'string' },
} as const;

/** The regions of a --regions option ("ES51,ITC4"), or undefined when it is absent. */
function regionsOption(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(/[,\s]+/).filter((r) => r !== '');
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`give ${option}`);
  return value;
}

/** Reads a line typed at a terminal without showing it. */
function readHidden(stdin: NodeJS.ReadStream, io: CliIo): Promise<string> {
  io.err('Password (not shown; at least 12 characters):');
  return new Promise((resolve, reject) => {
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    const done = (value: string | Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      if (value instanceof Error) reject(value);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(typed);
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The password from standard input: typed hidden at a terminal, else the first line piped in. */
export async function readPassword(io: CliIo): Promise<string> {
  const stdin = (io.stdin ?? process.stdin) as Readable & Partial<NodeJS.ReadStream>;
  if (stdin.isTTY && stdin.setRawMode) return readHidden(stdin as NodeJS.ReadStream, io);
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '')
    throw new UsageError(
      'no password on standard input; pipe it in (printf "%s\\n" "$PASSWORD" | atlas users create …) or run at a terminal',
    );
  return line;
}

const usersCreate: Command = {
  name: 'users create',
  summary: 'create an account (the first administrator, for one)',
  help: `Usage: atlas users create --email E --role admin|curator|coordinator [--regions R1,R2] [--name N]

Creates an account. The password is read from standard input: typed (not shown) at a terminal,
or the first line piped in. A coordinator needs the regions they work for (codes as on /regions).
Others are best invited from the web (Accounts and invitations), which mails them a link.

Options:
  --email E     the e-mail address the person signs in with
  --role R      admin, curator or coordinator
  --regions R   region codes, comma-separated (coordinators)
  --name N      the name shown to other contributors (default: the part before @)`,
  async run(args, io) {
    const { values } = parse(args, { ...PERSON_OPTIONS, name: { type: 'string' } }, false);
    const email = required(values.email, '--email');
    const role = parseRole(required(values.role, '--role'));
    const password = await readPassword(io);
    const { createAccount } = await import('../services/accounts.ts');
    return withDatabase(io, async (db) => {
      const account = await createAccount(
        db,
        { email, password, role, regions: regionsOption(values.regions), displayName: values.name },
        'cli',
      );
      io.out(
        `created ${account.role} ${account.email}${account.regions.length > 0 ? ` for ${account.regions.join(', ')}` : ''}; sign in at /sign-in`,
      );
      return EXIT.ok;
    });
  },
};

const usersList: Command = {
  name: 'users list',
  summary: 'list the accounts',
  help: `Usage: atlas users list [--json]

Lists every account: e-mail, role, regions, state and last sign-in.`,
  async run(args, io) {
    const { values } = parse(args, { json: { type: 'boolean' } }, false);
    const { listAccountViews } = await import('../services/accounts.ts');
    return withDatabase(io, async (db) => {
      const accounts = await listAccountViews(db);
      if (values.json) {
        io.out(JSON.stringify(accounts, null, 2));
        return EXIT.ok;
      }
      if (accounts.length === 0) {
        io.err(
          'no accounts yet; create the first administrator with "atlas users create --email E --role admin"',
        );
        return EXIT.ok;
      }
      for (const a of accounts) {
        io.out(
          [
            a.email,
            a.role,
            a.regions.join(',') || '-',
            a.disabled ? 'disabled' : 'active',
            a.lastSignInAt ? `last sign-in ${a.lastSignInAt.slice(0, 16)}` : 'never signed in',
          ].join('\t'),
        );
      }
      return EXIT.ok;
    });
  },
};

function disableCommand(disabled: boolean): Command {
  const name = disabled ? 'users disable' : 'users enable';
  return {
    name,
    summary: disabled
      ? 'disable an account: no sign-in, its sessions and tokens stop'
      : 'enable a disabled account again',
    help: `Usage: atlas ${name} --email E`,
    async run(args, io) {
      const { values } = parse(args, { email: { type: 'string' } }, false);
      const email = required(values.email, '--email');
      const { setDisabled } = await import('../services/accounts.ts');
      return withDatabase(io, async (db) => {
        const a = await setDisabled(db, email, disabled, 'cli');
        io.out(`${a.email} is ${disabled ? 'disabled' : 'enabled'}`);
        return EXIT.ok;
      });
    },
  };
}

const usersRole: Command = {
  name: 'users role',
  summary: "change an account's role (and regions)",
  help: `Usage: atlas users role --email E --role admin|curator|coordinator [--regions R1,R2]

Changes the role; with --regions also the regions. The account's sessions end, so the change
holds from its next request.`,
  async run(args, io) {
    const { values } = parse(args, PERSON_OPTIONS, false);
    const email = required(values.email, '--email');
    const role = parseRole(required(values.role, '--role'));
    const { changeRole } = await import('../services/accounts.ts');
    return withDatabase(io, async (db) => {
      const a = await changeRole(db, email, role, regionsOption(values.regions), 'cli');
      io.out(
        `${a.email} is now ${a.role}${a.regions.length > 0 ? ` for ${a.regions.join(', ')}` : ''}`,
      );
      return EXIT.ok;
    });
  },
};

const usersInvite: Command = {
  name: 'users invite',
  summary: 'invite someone by e-mail with a role and regions',
  help: `Usage: atlas users invite --email E --role R [--regions R1,R2] --url https://atlas.example.org

Mails an invitation link (valid 7 days) through SMTP_URL, or writes it to the outbox folder.
--url is the site's address the link points at (default: PUBLIC_URL).`,
  async run(args, io) {
    const { values } = parse(args, { ...PERSON_OPTIONS, url: { type: 'string' } }, false);
    const email = required(values.email, '--email');
    const role = parseRole(required(values.role, '--role'));
    const [{ invite }, { CLI_ACTOR }] = await Promise.all([
      import('../services/account-links.ts'),
      import('../services/accounts.ts'),
    ]);
    return withDatabase(io, async (db, config) => {
      const origin = values.url ?? config.PUBLIC_URL;
      if (!origin) throw new UsageError('give --url (the address of the site) or set PUBLIC_URL');
      const mailer = await mailerOf(config);
      const sent = await invite(db, mailer, CLI_ACTOR, {
        email,
        role,
        regions: regionsOption(values.regions) ?? [],
        origin: origin.replace(/\/+$/, ''),
      });
      io.out(`invited ${sent.email} as ${sent.role}; the link works until ${sent.expiresAt}`);
      io.err(`mail went to ${mailer.description}`);
      return EXIT.ok;
    });
  },
};

const tokensCreate: Command = {
  name: 'tokens create',
  summary: 'print a new API token of an account (for automation)',
  help: `Usage: atlas tokens create --email E [--scopes read,write] [--name N]

Creates a personal API token of the account and prints it on standard output, alone on its line,
so a script can capture it: TOKEN=$(atlas tokens create --email E --scopes read,write). Only its
hash is stored; it cannot be shown again. Send it as "Authorization: Bearer TOKEN".`,
  async run(args, io) {
    const { values } = parse(
      args,
      { email: { type: 'string' }, scopes: { type: 'string' }, name: { type: 'string' } },
      false,
    );
    const email = required(values.email, '--email');
    const scopes = parseScopes(values.scopes ?? 'read');
    const { createTokenFor } = await import('../services/accounts.ts');
    return withDatabase(io, async (db) => {
      const { token, view } = await createTokenFor(db, email, {
        name: values.name ?? `command line ${new Date().toISOString().slice(0, 10)}`,
        scopes,
      });
      io.err(`token ${view.id} "${view.name}" (${view.scopes.join(',')}) of ${email}:`);
      io.out(token);
      return EXIT.ok;
    });
  },
};

const tokensList: Command = {
  name: 'tokens list',
  summary: "list an account's API tokens",
  help: 'Usage: atlas tokens list --email E',
  async run(args, io) {
    const { values } = parse(args, { email: { type: 'string' } }, false);
    const email = required(values.email, '--email');
    const { tokensOfEmail } = await import('../services/accounts.ts');
    return withDatabase(io, async (db) => {
      const { tokens } = await tokensOfEmail(db, email);
      if (tokens.length === 0) io.err(`${email} has no API tokens`);
      for (const t of tokens) {
        io.out(
          [t.id, t.name, t.scopes.join(','), t.revokedAt ? `revoked ${t.revokedAt}` : 'live'].join(
            '\t',
          ),
        );
      }
      return EXIT.ok;
    });
  },
};

const tokensRevoke: Command = {
  name: 'tokens revoke',
  summary: 'revoke an API token: it stops working at once',
  help: `Usage: atlas tokens revoke --email E --id N

Revokes the token N of the account (the ids are in "atlas tokens list --email E").`,
  async run(args, io) {
    const { values } = parse(args, { email: { type: 'string' }, id: { type: 'string' } }, false);
    const email = required(values.email, '--email');
    const id = Number(required(values.id, '--id'));
    if (!Number.isInteger(id) || id <= 0)
      throw new UsageError('--id must be a token number (see "atlas tokens list")');
    const { revokeToken, tokensOfEmail } = await import('../services/accounts.ts');
    return withDatabase(io, async (db) => {
      const { account } = await tokensOfEmail(db, email);
      await revokeToken(db, account.id, id, 'cli');
      io.out(`token ${id} of ${email} revoked`);
      return EXIT.ok;
    });
  },
};

const mailOutbox: Command = {
  name: 'mail outbox',
  summary: 'list the mail written to the outbox folder (no SMTP_URL set)',
  help: `Usage: atlas mail outbox [--show]

Without SMTP_URL the atlas writes each mail (invitations, password resets) as an .eml file in
MAIL_OUTBOX_DIR (default data/outbox). This lists them, oldest first; --show prints their text,
links included, so an operator can pass them on by hand.`,
  async run(args, io) {
    const { values } = parse(args, { show: { type: 'boolean' } }, false);
    const { configFor } = await import('./common.ts');
    const config = configFor(io);
    const { readOutbox } = await import('../services/mail.ts');
    const messages = await readOutbox(config.MAIL_OUTBOX_DIR);
    if (messages.length === 0) io.err(`the outbox ${config.MAIL_OUTBOX_DIR} is empty`);
    for (const m of messages) {
      io.out(`${m.date}\t${m.to}\t${m.subject}\t${m.file}`);
      if (values.show) io.out(`${m.text.trimEnd()}\n`);
    }
    return EXIT.ok;
  },
};

const auditCommand: Command = {
  name: 'audit',
  summary: 'print the audit log: sign-ins, account and token changes',
  help: `Usage: atlas audit [--limit N] [--json]

Prints the newest entries of the audit log first (default 50).`,
  async run(args, io) {
    const { values } = parse(args, { limit: { type: 'string' }, json: { type: 'boolean' } }, false);
    const limit = Number(values.limit ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
      throw new UsageError('--limit must be a whole number from 1 to 100000');
    const { auditLog, CLI_ACTOR } = await import('../services/accounts.ts');
    return withDatabase(io, async (db) => {
      const entries = await auditLog(db, CLI_ACTOR, { limit });
      if (values.json) io.out(JSON.stringify(entries, null, 2));
      else
        for (const e of entries)
          io.out([e.at, e.actor, e.action, e.subject ?? '-', e.address ?? '-'].join('\t'));
      return EXIT.ok;
    });
  },
};

/** The commands of contributors' accounts. */
export const ACCOUNT_COMMANDS: readonly Command[] = [
  usersCreate,
  usersList,
  usersRole,
  disableCommand(true),
  disableCommand(false),
  usersInvite,
  tokensCreate,
  tokensList,
  tokensRevoke,
  mailOutbox,
  auditCommand,
];
