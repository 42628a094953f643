import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cliSandbox } from '../helpers/cli.ts';

const { dir, atlas, atlasWithInput } = cliSandbox('atlas-accounts-cli-');
after(() => rmSync(dir, { recursive: true, force: true }));

test('the first administrator is made from the CLI with the password on standard input', () => {
  const seeded = atlas('db', 'seed');
  assert.equal(seeded.code, 0, seeded.err);
  const empty = atlas('users', 'list');
  assert.match(
    empty.err,
    /no accounts yet; create the first administrator with "atlas users create/,
  );
  const made = atlasWithInput(
    'correct horse battery staple\n',
    'users',
    'create',
    '--email',
    'Admin@Example.org',
    '--role',
    'admin',
  );
  assert.equal(made.code, 0, made.err);
  assert.match(made.out, /created admin admin@example\.org/);
  const listed = JSON.parse(atlas('users', 'list', '--json').out) as {
    email: string;
    role: string;
  }[];
  assert.deepEqual(
    listed.map((a) => [a.email, a.role]),
    [['admin@example.org', 'admin']],
  );
  assert.ok(!JSON.stringify(listed).includes('argon2'), 'no password hash in the listing');
});

test('bad input says what to do and changes nothing', () => {
  const cases: [string, string[], RegExp][] = [
    [
      '',
      ['users', 'create', '--email', 'x@example.org', '--role', 'curator'],
      /no password on standard input/,
    ],
    [
      'short\n',
      ['users', 'create', '--email', 'x@example.org', '--role', 'curator'],
      /at least 12 characters/,
    ],
    [
      'long enough password\n',
      ['users', 'create', '--email', 'x@example.org', '--role', 'boss'],
      /"boss" is not a role; choose one of admin, curator, coordinator/,
    ],
    [
      'long enough password\n',
      ['users', 'create', '--email', 'x@example.org', '--role', 'coordinator'],
      /one or more regions/,
    ],
    [
      'long enough password\n',
      ['users', 'create', '--email', 'admin@example.org', '--role', 'curator'],
      /exists already/,
    ],
  ];
  for (const [input, args, message] of cases) {
    const r = atlasWithInput(input, ...args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.err, message);
  }
  assert.equal((JSON.parse(atlas('users', 'list', '--json').out) as unknown[]).length, 1);
});

test('tokens create prints the token alone on standard output; revoke ends it; the audit log has both', () => {
  const made = atlas('tokens', 'create', '--email', 'admin@example.org', '--scopes', 'read,write');
  assert.equal(made.code, 0, made.err);
  assert.match(made.out, /^atlas_pat_[A-Za-z0-9_-]{43}\n$/);
  const listed = atlas('tokens', 'list', '--email', 'admin@example.org');
  const id = listed.out.split('\t')[0] ?? '';
  assert.match(listed.out, /\tread,write\tlive/);
  assert.equal(atlas('tokens', 'revoke', '--email', 'admin@example.org', '--id', id).code, 0);
  assert.match(atlas('tokens', 'list', '--email', 'admin@example.org').out, /\trevoked /);
  const again = atlas('tokens', 'revoke', '--email', 'admin@example.org', '--id', id);
  assert.equal(again.code, 1);
  assert.match(again.err, /no token "\d+"/);
  const log = atlas('audit', '--limit', '5').out;
  assert.match(log, /\tcli\ttoken\.revoke\ttoken:/);
  assert.match(log, /\tcli\ttoken\.create\ttoken:/);
});

test('without SMTP_URL an invitation lands in the outbox, which "atlas mail outbox" lists with its link', () => {
  const invited = atlas(
    'users',
    'invite',
    '--email',
    'coord@example.org',
    '--role',
    'coordinator',
    '--regions',
    'ES51',
    '--url',
    'https://atlas.example.org',
  );
  assert.equal(invited.code, 0, invited.err);
  assert.match(invited.err, new RegExp(`outbox folder ${join('data', 'outbox')}`));
  const box = atlas('mail', 'outbox', '--show');
  assert.equal(box.code, 0, box.err);
  assert.match(box.out, /\tcoord@example\.org\tYour invitation to PerMed Atlas\t/);
  assert.match(box.out, /https:\/\/atlas\.example\.org\/invitations\/[A-Za-z0-9_-]{43}/);
});

test('role changes and disabling are checked and reported', () => {
  const role = atlas('users', 'role', '--email', 'admin@example.org', '--role', 'curator');
  assert.equal(role.code, 0, role.err);
  assert.match(role.out, /admin@example\.org is now curator/);
  const unknown = atlas('users', 'disable', '--email', 'nobody@example.org');
  assert.equal(unknown.code, 1);
  assert.match(
    unknown.err,
    /there is no account "nobody@example.org"; list the accounts with "atlas users list"/,
  );
  assert.equal(atlas('users', 'disable', '--email', 'admin@example.org').code, 0);
  assert.match(atlas('users', 'list').out, /admin@example\.org\tcurator\t-\tdisabled/);
});
