import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openDatabase } from '../../src/db/connect.ts';
import type { Actor } from '../../src/domain/accounts.ts';
import { OPEN_STATES, VERSION_STATES } from '../../src/domain/contributions.ts';
import { listAccountViews } from '../../src/services/accounts.ts';
import { importInitiatives, type PlanRow } from '../../src/services/imports.ts';
import { t, withLocale } from '../../src/web/i18n.ts';
import { assertPageBasics, launchBrowser, signedInPage } from '../helpers/browser.ts';
import { ROOT } from '../helpers/fixtures.ts';
import { type RunningServer, startServer } from '../helpers/server.ts';

const PASSWORD = 'correct horse battery staple';
const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const WIDTHS = [375, 1280] as const;

describe('contributors: forms, review, history in headless chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const atlas = (input: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/atlas.js'), ...args], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl },
      encoding: 'utf8',
      input,
    });
    assert.equal(r.status, 0, r.stderr);
  };

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    atlas(
      `${PASSWORD}\n`,
      'users',
      'create',
      '--email',
      'curator@example.org',
      '--role',
      'curator',
    );
    atlas(
      `${PASSWORD}\n`,
      ...['users', 'create', '--email', 'coord@example.org', '--role', 'coordinator'],
      ...['--regions', 'ES51'],
    );
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const signedIn = (email: string, width: number) =>
    signedInPage(browser, server.url, email, width, PASSWORD);

  async function checkPage(page: Page, label: string) {
    await assertPageBasics(page, label);
  }

  /** Presses Tab until the focused element matches `selector`; fails after 80 presses. */
  async function tabTo(page: Page, selector: string) {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    assert.fail(`Tab never reached ${selector}`);
  }

  for (const width of WIDTHS) {
    test(`at ${width} px: every form with its errors, the workspace and the queue pass axe in English and Spanish`, async () => {
      const page = await signedIn('coord@example.org', width);
      for (const lang of ['en', 'es']) {
        await page.goto(`${server.url}/contribute?lang=${lang}`);
        await checkPage(page, `contribute ${lang}`);
        const kinds = [
          'initiatives',
          'good-practices',
          'evidence',
          'regional-reports',
          'interview-rows',
          'workshops',
        ];
        for (const kind of kinds) {
          await page.goto(`${server.url}/contribute/${kind}/new?lang=${lang}`);
          await checkPage(page, `${kind} form ${lang}`);
          // The first field identifies the record: a slug, a key, or the region of a report.
          const first = page.locator('form.record-form input[type=text]').first();
          const byRegion = kind === 'regional-reports' || kind === 'interview-rows';
          const value = byRegion ? 'ES51' : `bad-${kind}-${width}-${lang}`;
          await first.fill(value);
          await page.locator('form.record-form button[type=submit]').click();
          await page.waitForLoadState();
          assert.equal(await page.locator('.error-summary[role=alert]').count(), 1, kind);
          assert.ok((await page.locator('[aria-invalid=true]').count()) >= 1, `${kind}: marked`);
          assert.equal(
            await page.locator('form.record-form input[type=text]').first().inputValue(),
            value,
            'what was typed is kept',
          );
          await checkPage(page, `${kind} form with errors ${lang}`);
        }
      }
      // A whole initiative with hostile text in its free-text fields: saved, shown inert.
      const slug = `registry-${width}`;
      await page.goto(`${server.url}/contribute/initiatives/new?lang=en`);
      await page.fill('#field-slug', slug);
      await page.fill('#field-name', `Registry ${width} ${HOSTILE}`);
      await page.fill('#field-summary', HOSTILE);
      await page.fill('#field-website', 'javascript:alert(1)');
      await page.fill('#field-homeCountry', 'ES');
      await page.fill('#field-submittingRegion', 'ES51');
      await page.check('input[name=scopes][value=regional]');
      await page.selectOption('#field-status', 'ongoing');
      await page.selectOption('#field-domain', 'research_innovation');
      await page.selectOption('#field-type', 'ongoing_project');
      await page.fill('#field-sources', 'preciseu-d3-1 | web form');
      await page.locator('form.record-form button[type=submit]').click();
      await page.waitForLoadState();
      assert.match(
        (await page.locator('#field-website-error').textContent()) ?? '',
        /http:\/\/ or https:\/\//,
      );
      await page.fill('#field-website', 'https://example.org/registry');
      await page.locator('form.record-form button[type=submit]').click();
      await page.waitForURL(new RegExp(`/contribute/initiatives/${slug}\\?done=saved$`));
      assert.equal(await page.evaluate(() => (window as { __xss?: number }).__xss), undefined);
      assert.ok(((await page.locator('h1').textContent()) ?? '').includes('<script>'));
      await checkPage(page, 'workspace with a new draft');
      await page.goto(`${server.url}/review?lang=es`);
      await checkPage(page, 'queue in Spanish');
      assert.ok((await page.locator(`a[href="/contribute/initiatives/${slug}"]`).count()) === 1);
      await page.context().close();
    });
  }

  test('keyboard only: a coordinator submits, a curator comments, requests changes, then publishes', async () => {
    const slug = 'registry-1280';
    const coord = await signedIn('coord@example.org', 1280);
    await coord.goto(`${server.url}/contribute/initiatives/${slug}`);
    await tabTo(coord, 'form.move-form button');
    assert.equal(
      await coord.evaluate(() => document.activeElement?.textContent),
      'Submit for review',
    );
    await coord.keyboard.press('Enter');
    await coord.waitForURL(/done=submit$/);
    assert.equal(await coord.locator('#open-title').textContent(), 'Submitted for review');
    await coord.context().close();

    const curator = await signedIn('curator@example.org', 1280);
    await curator.goto(`${server.url}/review`);
    await tabTo(curator, `a[href="/contribute/initiatives/${slug}"]`);
    await curator.keyboard.press('Enter');
    await curator.waitForURL(new RegExp(`/contribute/initiatives/${slug}$`));
    await tabTo(curator, '#comment-field');
    await curator.keyboard.press('ArrowDown'); // the first field: the identifier
    await curator.keyboard.press('ArrowDown'); // the name
    await curator.keyboard.press('Tab');
    await curator.keyboard.type('Please drop the markup from the name.');
    await curator.keyboard.press('Tab');
    await curator.keyboard.press('Enter');
    await curator.waitForURL(/done=commented/);
    assert.match((await curator.locator('ul.comments').textContent()) ?? '', /drop the markup/);
    await tabTo(curator, 'textarea[name=note]');
    await curator.keyboard.type('See the comment on the name.');
    await curator.keyboard.press('Tab');
    await curator.keyboard.press('Enter');
    await curator.waitForURL(/done=request-changes$/);
    assert.equal(await curator.locator('#open-title').textContent(), 'Changes requested');
    await checkPage(curator, 'workspace with comments');
    // The curator corrects the name and publishes, still by keyboard.
    await curator.goto(`${server.url}/contribute/initiatives/${slug}/edit`);
    await curator.fill('#field-name', 'Catalan registry of rare diseases');
    await tabTo(curator, 'form.record-form button[type=submit]');
    await curator.keyboard.press('Enter');
    await curator.waitForURL(/done=saved$/);
    await tabTo(curator, 'form.move-form:has(input[value=publish]) button');
    await curator.keyboard.press('Enter');
    await curator.waitForURL(/done=publish$/);
    await curator.goto(`${server.url}/initiatives/${slug}`);
    assert.equal(await curator.locator('h1').textContent(), 'Catalan registry of rare diseases');
    await curator.context().close();
  });

  /** The plan the import service makes of `file` for the coordinator, as the web asks for it. */
  async function servicePlan(file: string) {
    const db = openDatabase(server.databaseUrl);
    try {
      const coord = (await listAccountViews(db)).find((a) => a.email === 'coord@example.org');
      assert.ok(coord);
      const rows: PlanRow[] = [];
      const actor: Actor = {
        kind: 'account',
        id: coord.id,
        role: coord.role,
        regions: coord.regions,
      };
      const summary = await importInitiatives(db, file, {
        drafts: { actor },
        onRow: (r) => rows.push(r),
      });
      return { summary, rows };
    } finally {
      await db.close();
    }
  }

  /**
   * The plan page's normalisation report against the service's plan of the same file: the counts
   * and checksum read back from the page, and each value changed a row of the table, as text.
   */
  async function checkNormalisationReport(page: Page, file: string) {
    const { summary, rows } = await servicePlan(file);
    const figure = async (selector: string) =>
      Number(((await page.locator(selector).textContent()) ?? '').replace(/\D/g, ''));
    assert.equal(await figure('#count-changes'), summary.changes);
    assert.equal(await figure('#count-flags'), summary.flags);
    assert.equal(await page.locator('#file-sha256').textContent(), summary.file.sha256);
    const report = page.locator('section.import-report');
    const changes = report.locator('.table-scroll').first();
    assert.equal(await changes.locator('caption').count(), 1);
    assert.ok((await changes.locator('thead th[scope=col]').count()) === 5);
    const shown = await changes
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
      );
    const expected = rows.flatMap((r) => r.changes);
    const empty = withLocale('es', () => t('import.emptyValue'));
    assert.equal(shown.length, Math.min(expected.length, 200));
    assert.deepEqual(
      shown.map(([row, , original, result, rule]) => [row, original, result, rule]),
      // An empty value (a language the file does not give) shows as the page's "(empty)".
      expected.slice(0, 200).map((c) => [String(c.row), c.original || empty, c.normalised, c.rule]),
    );
    const espana = shown.find((cells) => cells[2] === 'España');
    assert.equal(espana?.[3], 'ES', 'España is read as ES');
    assert.equal(espana?.[0], '2');
    assert.equal(await report.locator('a').count(), 0, "the file's values are never links");
  }

  test('a spreadsheet uploaded in the web: the plan (axe clean at 375 px, in Spanish), then its rows as drafts that a curator publishes in one step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-upload-'));
    const file = join(dir, 'regional-survey.csv');
    writeFileSync(
      file,
      [
        'Name,Website,Country,Submitting region,Geographical scope,Status,Domain,Type',
        'Catalan biobank network,https://example.org/biobank,España,ES51,Regional,Ongoing,R&I,Partnership',
        'Girona genomics pilot,https://example.org/girona,Spain,ES51,Local,Planned,R&I,Ongoing project',
        'ATMP Catalonia,https://www.biocat.cat/ca/acceleracio/la-xarxa-de-terapies-avancades-de-catalunya,Spain,ES51,Regional,Ongoing,Ecosystem,Partnership',
      ].join('\n'),
    );
    const coord = await signedIn('coord@example.org', 375);
    await coord.goto(`${server.url}/contribute/import?lang=es`);
    await checkPage(coord, 'upload form in Spanish');
    await coord.setInputFiles('#field-file', file);
    await coord.locator('form.stacked-form button[type=submit]').click();
    await coord.waitForLoadState();
    await checkPage(coord, 'import plan in Spanish');
    await checkNormalisationReport(coord, file);
    await coord.setViewportSize({ width: 1280, height: 900 });
    await checkPage(coord, 'import plan in Spanish at 1280 px');
    await coord.setViewportSize({ width: 375, height: 900 });
    assert.equal(await coord.locator('#count-create').textContent(), '2');
    // ATMP Catalonia is on file already: a suspected duplicate waits for a decision.
    assert.equal(await coord.locator('#count-decide').textContent(), '1');
    assert.equal(await coord.locator('form[action$="/apply"]').count(), 0, 'not while a row waits');
    // Decided for all rows: keep the duplicate apart, as a record of its own…
    await coord.selectOption('#decide-duplicates', 'keep');
    await coord.locator('form[action$="/plan"] button').click();
    await coord.waitForLoadState();
    assert.equal(await coord.locator('#count-create').textContent(), '3');
    // …then, for that row alone, skip it instead: a row's own decision wins.
    await coord.selectOption('select[name=row_4]', 'skip');
    await coord.locator('button[form=replan]').click();
    await coord.waitForLoadState();
    assert.equal(await coord.locator('#count-skip').textContent(), '1');
    assert.equal(await coord.locator('#count-create').textContent(), '2');
    await checkPage(coord, 'import plan with decisions');
    await coord.locator('form[action$="/apply"] button').click();
    await coord.waitForURL(/\/review\?entity=initiative&state=draft&imported=2$/);
    const queued = await coord.locator('td a').allTextContents();
    assert.ok(
      queued.includes('Catalan biobank network') && queued.includes('Girona genomics pilot'),
    );
    const publicList = await (await fetch(`${server.url}/api/v1/initiatives?q=biobank`)).json();
    assert.equal(publicList.total, 0, 'drafts are not public');
    await coord.context().close();

    const curator = await signedIn('curator@example.org', 1280);
    await curator.goto(`${server.url}/review?entity=initiative&state=draft`);
    await curator.locator('form[action="/review/publish-all"] button').click();
    await curator.waitForURL(/published=\d+&refused=0$/);
    const after = await (await fetch(`${server.url}/api/v1/initiatives?q=biobank`)).json();
    assert.equal(after.total, 1);
    await curator.context().close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('history shows each version with its changes; restore makes an old one the draft', async () => {
    const slug = 'atmp-catalonia';
    const curator = await signedIn('curator@example.org', 375);
    await curator.goto(`${server.url}/contribute/initiatives/${slug}/edit`);
    const before = await curator.inputValue('#field-name');
    await curator.fill('#field-name', 'ATMP network of Catalonia');
    await curator.locator('form.record-form button[type=submit]').click();
    await curator.waitForURL(/done=saved$/);
    await curator.locator('form.move-form:has(input[value=publish]) button').click();
    await curator.waitForURL(/done=publish$/);
    // Spanish first: the language chosen last stays (a cookie), and the checks below read English.
    for (const lang of ['es', 'en']) {
      await curator.goto(`${server.url}/history/initiatives/${slug}?lang=${lang}`);
      await checkPage(curator, `history ${lang}`);
    }
    assert.equal(await curator.locator('ol.versions > li').count(), 2);
    assert.match((await curator.locator('#v2 td.diff-new').textContent()) ?? '', /ATMP network/);
    assert.match(
      (await curator.locator('#v2 td.diff-old').textContent()) ?? '',
      new RegExp(before),
    );
    assert.equal(await curator.locator('#v2 form button').count(), 0, 'the current version');
    await curator.locator('#v1 form button').click();
    await curator.waitForURL(/done=restored&number=1$/);
    assert.equal(await curator.locator('#open-title').textContent(), 'Draft');
    assert.match(
      (await curator.locator('td.diff-new').first().textContent()) ?? '',
      new RegExp(before),
    );
    // The counts the history and the queue print are those of the records.
    await curator.goto(`${server.url}/history/initiatives/${slug}`);
    assert.equal(await curator.locator('#v3 form button').count(), 0, 'the open draft');
    const db = openDatabase(server.databaseUrl);
    try {
      const count = async (states: string[], key?: string) => {
        let q = db.kysely
          .selectFrom('record_versions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('state', 'in', states);
        if (key) q = q.where('record_key', '=', key);
        return Number((await q.executeTakeFirstOrThrow()).n);
      };
      const printed = async (id: string) =>
        Number(
          ((await curator.locator(id).textContent()) ?? '')
            .match(/^\s*([\d,]+)/)?.[1]
            ?.replace(/,/g, ''),
        );
      assert.equal(await printed('#history-count'), await count([...VERSION_STATES], slug));
      await curator.goto(`${server.url}/review`);
      const open = await count([...OPEN_STATES]);
      assert.ok(open > 0);
      assert.equal(await printed('#queue-count'), open);
    } finally {
      await db.close();
    }
    // A visitor sees the published versions only, without the restore button.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${server.url}/history/initiatives/${slug}`);
    assert.equal(await visitor.locator('ol.versions > li').count(), 2);
    assert.equal(await visitor.locator('form button').count(), 0);
    await visitor.context().close();
    await curator.context().close();
  });
});
