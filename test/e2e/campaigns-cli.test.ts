import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../src/db/connect.ts';
import { CLI_ACTOR, createAccount } from '../../src/services/accounts.ts';
import { campaignProgress } from '../../src/services/campaign-dashboard.ts';
import { createCampaign, moveCampaign } from '../../src/services/campaigns.ts';
import { cliSandbox } from '../helpers/cli.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';

test('atlas campaigns list reads the rounds back; campaigns remind mails each due reminder once', async () => {
  const { dir, env, atlas } = cliSandbox('atlas-campaigns-');
  env.REFERENCE_DIR = REFERENCE_DIR;
  env.MAIL_OUTBOX_DIR = join(dir, 'outbox');
  assert.equal(atlas('db', 'seed').code, 0);
  const db = openDatabase(env.DATABASE_URL as string);
  try {
    // Every figure of the table equals the service's count of the stored responses.
    const listed = atlas('campaigns', 'list');
    assert.equal(listed.code, 0, listed.err);
    for (const p of await campaignProgress(db)) {
      const line = listed.out.split('\n').find((l) => l.startsWith(`${p.slug} `)) ?? '';
      const figures = line.trim().split(/\s+/).slice(-4).map(Number);
      assert.deepEqual(figures, [p.invited, p.started, p.submitted, p.accepted], line);
      assert.ok(p.accepted > 0, `${p.slug} holds accepted responses`);
    }
    // A campaign closing in three days, with a reminder three days before.
    const closes = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await createAccount(
      db,
      {
        email: 'coord@example.org',
        password: 'correct horse battery staple',
        role: 'coordinator',
        regions: ['LT'],
      },
      'cli',
    );
    await createCampaign(db, CLI_ACTOR, {
      slug: 'cli-round',
      kind: 'initiative_mapping',
      title: 'CLI round',
      questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
      closesAt: closes,
      reminderDays: [3],
      regions: ['LT'],
    });
    await moveCampaign(db, CLI_ACTOR, 'cli-round', 'open');
  } finally {
    await db.close();
  }
  const first = atlas('campaigns', 'remind');
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /^1 reminder sent/);
  assert.equal(readdirSync(join(dir, 'outbox')).length, 1);
  assert.match(atlas('campaigns', 'remind').out, /^0 reminders sent/);
  assert.equal(readdirSync(join(dir, 'outbox')).length, 1, 'nothing is sent twice');
});
