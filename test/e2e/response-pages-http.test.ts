import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { parse } from 'node-html-parser';
import type { Actor } from '../../src/domain/accounts.ts';
import { createApp } from '../../src/http/app.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { getResponse, saveResponse } from '../../src/services/campaign-responses.ts';
import { addQuestionnaire, createCampaign, moveCampaign } from '../../src/services/campaigns.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { Browser, TEST_PASSWORD } from '../helpers/http-session.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const QUESTIONNAIRES = JSON.parse(
  readFileSync(new URL('../../data/reference/questionnaires.json', import.meta.url), 'utf8'),
) as unknown[];
const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const SURVEY = '/campaigns/survey-http/responses';

/** The fields a browser would send for a form of the page: checked boxes, selected options. */
function formFields(html: string, selector: string): Record<string, string[]> {
  const form = parse(html).querySelector(selector);
  assert.ok(form, `a form ${selector}`);
  const out: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => {
    if (name) out[name] = [...(out[name] ?? []), value];
  };
  for (const el of form.querySelectorAll('input, select, textarea')) {
    const name = el.getAttribute('name');
    const type = el.getAttribute('type') ?? '';
    if (el.tagName === 'SELECT') {
      const chosen = el.querySelector('option[selected]') ?? el.querySelector('option');
      add(name, chosen?.getAttribute('value') ?? '');
    } else if (el.tagName === 'TEXTAREA') add(name, el.textContent);
    else if (['checkbox', 'radio'].includes(type)) {
      if (el.hasAttribute('checked')) add(name, el.getAttribute('value') ?? 'on');
    } else if (!['submit', 'file'].includes(type)) add(name, el.getAttribute('value') ?? '');
  }
  return out;
}

/** A new initiative's answers in the blank row `i` of the form. */
const newItem = (i: number, name: string): Record<string, string | string[]> => ({
  [`a.initiatives.${i}.name`]: name,
  [`a.initiatives.${i}.objectives`]: `What ${name} sets out to do.`,
  [`a.initiatives.${i}.link`]: `https://example.org/${i}`,
  [`a.initiatives.${i}.scopes`]: ['regional', 'national'],
  [`a.initiatives.${i}.status`]: 'ongoing',
});

const text = (html: string) => parse(html).textContent.replace(/\s+/g, ' ');

for (const dialect of DIALECTS) {
  describe(`response pages on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let base = '';
    let close: () => void = () => {};
    const actors: Record<string, Actor> = {};
    const session = async (email: string) => {
      const b = new Browser(base);
      assert.equal((await b.signIn(email)).status, 303);
      return b;
    };

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR);
      const people = [
        ['Ana', 'ana@example.org', 'coordinator', ['ES51']],
        ['Berta', 'berta@example.org', 'coordinator', ['ES51']],
        ['Sven', 'sven@example.org', 'coordinator', ['SE232']],
        ['Cura', 'cura@example.org', 'curator', []],
      ] as const;
      for (const [name, email, role, regions] of people) {
        const a = await createAccount(
          t.db,
          { email, password: TEST_PASSWORD, role, regions: [...regions], displayName: name },
          'cli',
        );
        actors[name] = { kind: 'account', id: a.id, role, regions: [...regions] };
      }
      const cura = actors.Cura as Actor;
      for (const qn of QUESTIONNAIRES) await addQuestionnaire(t.db, cura, qn);
      const campaign = {
        kind: 'initiative_mapping',
        questionnaire: { slug: 'preciseu-initiative-survey', version: 1 },
        reminderDays: [7],
        rules: { minItemsPerRegion: 5, maxItemsPerRegion: 10 },
      };
      await createCampaign(t.db, cura, {
        ...campaign,
        slug: 'survey-http',
        title: 'Initiative survey (HTTP test)',
        opensAt: iso(-1),
        closesAt: iso(10),
        regions: ['ES51', 'SE232'],
      });
      await moveCampaign(t.db, cura, 'survey-http', 'open');
      // A round that closed two days ago, with a draft saved while it was open.
      await createCampaign(
        t.db,
        cura,
        {
          ...campaign,
          slug: 'late-http',
          title: 'Late round',
          opensAt: iso(-30),
          closesAt: iso(-2),
          regions: ['SE232'],
        },
        new Date(Date.now() - 30 * 86_400_000),
      );
      await moveCampaign(t.db, cura, 'late-http', 'open', new Date(Date.now() - 29 * 86_400_000));
      await saveResponse(
        t.db,
        actors.Sven as Actor,
        'late-http',
        'SE232',
        { answers: {}, revision: 0 },
        new Date(Date.now() - 20 * 86_400_000),
      );
      const server = serve({ fetch: createApp(t.db).fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => server.close();
    });
    after(async () => {
      close();
      await t?.dispose();
    });

    test('visitors are sent to sign in; another region’s coordinator is refused', async () => {
      const visitor = new Browser(base);
      const res = await visitor.fetch(`${SURVEY}/ES51`);
      assert.equal(res.status, 303);
      assert.match(
        res.headers.get('location') ?? '',
        /^\/sign-in\?next=%2Fcampaigns%2Fsurvey-http/,
      );
      const sven = await session('sven@example.org');
      const page = await sven.fetch(`${SURVEY}/ES51`);
      assert.equal(page.status, 403);
      assert.match(await page.text(), /not ES51/);
      const csrf = await sven.csrf(`${SURVEY}/SE232`);
      const write = await sven.post(`${SURVEY}/ES51`, { _csrf: csrf, revision: '0' });
      assert.equal(write.status, 403);
      assert.equal((await sven.fetch(`${SURVEY}/ES51/workbook.xlsx`)).status, 403);
      for (const move of ['toString', 'publish'])
        assert.equal(
          (await sven.post(`${SURVEY}/SE232/move`, { _csrf: csrf, move })).status,
          404,
          `an unknown move (${move}) is named, not run`,
        );
    });

    test('the form opens with the carried items; a save, a stale save (409, text kept), submit refused with 4 items', async () => {
      const ana = await session('ana@example.org');
      const opened = await getResponse(t.db, actors.Ana as Actor, 'survey-http', 'ES51');
      const carried = opened.answers.initiatives ?? [];
      assert.ok(carried.length >= 2, 'the fixture region has initiatives to carry forward');
      const html = await (await ana.fetch(`${SURVEY}/ES51`)).text();
      const form = formFields(html, '#response-form');
      for (const [i, item] of carried.entries()) {
        assert.deepEqual(form[`ref.initiatives.${i}`], [item.ref]);
        assert.deepEqual(form[`carry.initiatives.${i}`], ['unchanged']);
        assert.deepEqual(form[`a.initiatives.${i}.name`], [item.answers.name]);
        assert.match(text(html), new RegExp(`Carried forward from the atlas record ${item.ref}`));
      }
      assert.deepEqual(form.revision, ['0']);
      const n = carried.length;
      // Keep all but the last carried item live; close the last; add one.
      const first = await ana.post(`${SURVEY}/ES51`, {
        ...form,
        [`carry.initiatives.${n - 1}`]: 'closed',
        ...newItem(n, 'Catalan Genomics Hub'),
      });
      assert.equal(first.status, 303);
      assert.match(first.headers.get('location') ?? '', /done=saved/);
      const saved = await getResponse(t.db, actors.Ana as Actor, 'survey-http', 'ES51');
      assert.equal(saved.revision, 1);
      assert.equal(saved.answers.initiatives?.length, n + 1);
      assert.equal(saved.answers.initiatives?.[n - 1]?.carry, 'closed');
      assert.deepEqual(saved.answers.initiatives?.[n]?.answers.scopes, ['regional', 'national']);
      const after = await (await ana.fetch(`${SURVEY}/ES51?done=saved`)).text();
      assert.match(after, /Your answers are saved/);
      assert.match(after, /name="revision" value="1"/);
      // Berta opened the form before Ana saved: her save is a conflict, her text comes back.
      const berta = await session('berta@example.org');
      const stale = await berta.post(`${SURVEY}/ES51`, {
        ...form,
        _csrf: await berta.csrf(`${SURVEY}/ES51`),
        ...newItem(n, 'Berta’s own registry'),
      });
      assert.equal(stale.status, 409);
      const conflictPage = await stale.text();
      assert.ok(
        text(conflictPage).includes(`${saved.updatedBy} saved this response at `),
        'who saved',
      );
      assert.match(text(conflictPage), /after you opened it/);
      const again = formFields(conflictPage, '#response-form');
      assert.deepEqual(again.revision, ['1'], 'the current revision, so saving again goes through');
      assert.deepEqual(again[`a.initiatives.${n}.name`], ['Berta’s own registry']);
      const unchanged = await getResponse(t.db, actors.Ana as Actor, 'survey-http', 'ES51');
      assert.equal(unchanged.revision, 1);
      // Berta checks and saves again: through. Live items now n (n-1 carried + hers); submit refused.
      const fixed = await berta.post(`${SURVEY}/ES51`, again);
      assert.equal(fixed.status, 303);
      const now = await getResponse(t.db, actors.Ana as Actor, 'survey-http', 'ES51');
      const live = (now.answers.initiatives ?? []).filter((i) => i.carry !== 'closed').length;
      assert.ok(live < 5, `fewer than 5 live initiatives (${live})`);
      const submit = await berta.post(`${SURVEY}/ES51/move`, {
        ...formFields(await (await berta.fetch(`${SURVEY}/ES51`)).text(), '#response-form'),
        move: 'submit',
      });
      assert.equal(submit.status, 422);
      const refused = parse(await submit.text());
      const section = refused.querySelector('#section-initiatives');
      assert.ok(section?.classList.contains('field-error'), 'the section is marked');
      assert.match(
        section?.querySelector('.field-problem')?.textContent ?? '',
        new RegExp(`at least 5 initiatives \\(now ${live}\\)`),
      );
      assert.ok(
        refused.querySelector('.error-summary a[href="#section-initiatives"]'),
        'summary links to the section',
      );
    });

    test('"Add another" saves and returns with one more blank row; submit; the coordinator then reads only', async () => {
      const ana = await session('ana@example.org');
      const before = await getResponse(t.db, actors.Ana as Actor, 'survey-http', 'ES51');
      const count = before.answers.initiatives?.length ?? 0;
      const form = formFields(await (await ana.fetch(`${SURVEY}/ES51`)).text(), '#response-form');
      const added = await ana.post(`${SURVEY}/ES51`, {
        ...form,
        ...newItem(count, 'Biobank Network of Catalonia'),
        add: 'initiatives',
      });
      assert.equal(added.status, 303);
      const back = added.headers.get('location') ?? '';
      assert.match(back, new RegExp(`more=initiatives#item-initiatives-${count + 1}$`));
      const more = parse(await (await ana.fetch(back.replace(/#.*/, ''))).text());
      assert.ok(more.querySelector(`#item-initiatives-${count + 1}`), 'the blank row');
      assert.ok(more.querySelector(`#item-initiatives-${count + 2}`), 'one more blank row');
      assert.equal(more.querySelector(`#item-initiatives-${count + 3}`), null);
      const live = (
        await getResponse(t.db, actors.Ana as Actor, 'survey-http', 'ES51')
      ).answers.initiatives?.filter((i) => i.carry !== 'closed').length;
      assert.equal(live, 5);
      const submit = await ana.post(`${SURVEY}/ES51/move`, {
        ...formFields(more.toString(), '#response-form'),
        move: 'submit',
      });
      assert.equal(submit.status, 303, await submit.text());
      const page = parse(await (await ana.fetch(`${SURVEY}/ES51?done=submit`)).text());
      assert.equal(page.querySelector('#response-form'), null, 'no form once submitted');
      assert.match(page.textContent, /this response is submitted/);
      assert.match(page.textContent, /Biobank Network of Catalonia/);
      assert.equal(page.querySelector('#review-title'), null, 'no review forms for a coordinator');
    });

    test('a curator comments on an answer, requests changes (a note is required), then accepts', async () => {
      const cura = await session('cura@example.org');
      const html = await (await cura.fetch(`${SURVEY}/ES51`)).text();
      const paths = parse(html)
        .querySelectorAll('#comment-path option')
        .map((o) => o.getAttribute('value'));
      assert.ok(paths.includes('initiatives.0.name'), 'answers can be chosen');
      const csrf = (html.match(/name="_csrf" value="([^"]+)"/) ?? [])[1] ?? '';
      const commented = await cura.post(`${SURVEY}/ES51/comments`, {
        _csrf: csrf,
        path: 'initiatives.0.name',
        body: 'Give the acronym too.',
      });
      assert.equal(commented.status, 303);
      const revision = formFields(html, 'form.move-form').revision?.[0] ?? '';
      const noNote = await cura.post(`${SURVEY}/ES51/move`, {
        _csrf: csrf,
        move: 'request-changes',
        revision,
        note: ' ',
      });
      assert.equal(noNote.status, 422);
      assert.match(text(await noNote.text()), /say what needs to change/);
      const sent = await cura.post(`${SURVEY}/ES51/move`, {
        _csrf: csrf,
        move: 'request-changes',
        revision,
        note: 'Please check the links.',
      });
      assert.equal(sent.status, 303);
      // The coordinator sees both comments: the note on top, the comment beside its answer.
      const ana = await session('ana@example.org');
      const anaPage = parse(await (await ana.fetch(`${SURVEY}/ES51`)).text());
      assert.match(
        anaPage.querySelector('#comments-title')?.parentNode?.textContent ?? '',
        /Please check the links\./,
      );
      const field = anaPage.querySelector('#q-initiatives-0-name')?.parentNode;
      assert.match(field?.textContent ?? '', /Give the acronym too\./);
      const resubmit = await ana.post(`${SURVEY}/ES51/move`, {
        ...formFields(anaPage.toString(), '#response-form'),
        move: 'submit',
      });
      assert.equal(resubmit.status, 303);
      const again = await (await cura.fetch(`${SURVEY}/ES51`)).text();
      const accepted = await cura.post(`${SURVEY}/ES51/move`, {
        _csrf: csrf,
        move: 'accept',
        revision: formFields(again, 'form.move-form').revision?.[0] ?? '',
      });
      assert.equal(accepted.status, 303);
      const location = accepted.headers.get('location') ?? '';
      const query = new URL(location, base).searchParams;
      const outcome = parse(await (await cura.fetch(location)).text()).querySelector(
        '#outcome-title',
      )?.parentNode;
      assert.ok(outcome, 'the outcome is shown');
      const published = Number(/initiative:(\d+)/.exec(query.get('pub') ?? '')?.[1]);
      assert.ok(Number.isInteger(published), 'published initiatives are counted');
      assert.match(outcome.textContent, new RegExp(`Initiatives: ${published} published`));
      const classify = (query.get('classify') ?? '').split(',').filter(Boolean);
      assert.equal(classify.length, 2, 'the two new initiatives wait for classification');
      for (const slug of classify)
        assert.ok(outcome.querySelector(`a[href="/contribute/initiatives/${slug}"]`), slug);
      const view = await getResponse(t.db, actors.Cura as Actor, 'survey-http', 'ES51');
      assert.equal(view.state, 'accepted');
    });

    test('a late submit is refused with the closing date', async () => {
      const sven = await session('sven@example.org');
      const html = await (await sven.fetch('/campaigns/late-http/responses/SE232')).text();
      assert.equal(parse(html).querySelector('#response-form'), null, 'read-only after closing');
      const csrf = await sven.csrf(`${SURVEY}/SE232`);
      const late = await sven.post('/campaigns/late-http/responses/SE232/move', {
        _csrf: csrf,
        move: 'submit',
        revision: '1',
      });
      assert.equal(late.status, 409);
      assert.match(
        text(await late.text()),
        new RegExp(`closed on ${iso(-2)} and takes no more answers`),
      );
    });

    test('the workbook downloads and uploads back to the same answers; a bad one changes nothing', async () => {
      const sven = await session('sven@example.org');
      const html = await (await sven.fetch(`${SURVEY}/SE232`)).text();
      const form = formFields(html, '#response-form');
      const n =
        (await getResponse(t.db, actors.Sven as Actor, 'survey-http', 'SE232')).answers.initiatives
          ?.length ?? 0;
      assert.equal(
        (await sven.post(`${SURVEY}/SE232`, { ...form, ...newItem(n, 'Swedish Genomics Node') }))
          .status,
        303,
      );
      const before = await getResponse(t.db, actors.Sven as Actor, 'survey-http', 'SE232');
      const download = await sven.fetch(`${SURVEY}/SE232/workbook.xlsx`);
      assert.equal(download.status, 200);
      assert.match(download.headers.get('content-type') ?? '', /spreadsheetml/);
      const book = new Uint8Array(await download.arrayBuffer());
      const csrf = form._csrf?.[0] ?? '';
      const upload = (bytes: Uint8Array<ArrayBuffer>, name: string, revision: number) => {
        const body = new FormData();
        body.append('_csrf', csrf);
        body.append('revision', String(revision));
        body.append('file', new Blob([bytes]), name);
        return sven.fetch(`${SURVEY}/SE232/workbook`, { method: 'POST', body });
      };
      // Not a workbook, another region's workbook, too large: refused, nothing saved.
      const notXlsx = await upload(
        new TextEncoder().encode('name,objectives\n'),
        'answers.csv',
        before.revision,
      );
      assert.equal(notXlsx.status, 422);
      assert.match(text(await notXlsx.text()), /“answers\.csv” is not an Excel workbook/);
      const other = new Uint8Array(
        await (
          await (await session('ana@example.org')).fetch(`${SURVEY}/ES51/workbook.xlsx`)
        ).arrayBuffer(),
      );
      const wrong = await upload(other, 'es51.xlsx', before.revision);
      assert.equal(wrong.status, 422);
      assert.match(text(await wrong.text()), /The workbook was not read; nothing was changed/);
      const big = await upload(new Uint8Array(5 * 1024 * 1024 + 10), 'big.xlsx', before.revision);
      assert.equal(big.status, 413);
      assert.match(text(await big.text()), /larger than 5 MB/);
      assert.equal(
        (await getResponse(t.db, actors.Sven as Actor, 'survey-http', 'SE232')).revision,
        before.revision,
      );
      // The downloaded workbook, uploaded back: saved as a save, the same answers.
      const ok = await upload(book, 'se232.xlsx', before.revision);
      assert.equal(ok.status, 303, await ok.text());
      const items = (before.answers.initiatives ?? []).length;
      assert.match(ok.headers.get('location') ?? '', new RegExp(`done=workbook&n=${items}$`));
      const flash = await (await sven.fetch(ok.headers.get('location') ?? '')).text();
      assert.match(text(flash), new RegExp(`Answers from the workbook saved: ${items} items`));
      const after = await getResponse(t.db, actors.Sven as Actor, 'survey-http', 'SE232');
      assert.equal(after.revision, before.revision + 1);
      assert.deepEqual(after.answers, before.answers);
      // The same upload again on the old revision is a conflict: the form comes back, nothing saved.
      const stale = await upload(book, 'se232.xlsx', before.revision);
      assert.equal(stale.status, 409);
      assert.equal(
        (await getResponse(t.db, actors.Sven as Actor, 'survey-http', 'SE232')).revision,
        after.revision,
      );
    });
  });
}
