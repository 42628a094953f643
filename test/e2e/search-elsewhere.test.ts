/**
 * A search that finds no initiative points to the other records that mention its words
 * (issue 13: "CAR-T"): evidence statements, good practices and barriers, counted by kind, each a
 * link to where it is shown. Every count and link is read back from the page and compared with
 * the records read by SQL and matched here by a regular expression (not the atlas's matcher), on
 * both databases.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { type HTMLElement, parse } from 'node-html-parser';
import { createApp } from '../../src/http/app.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

/** The records' texts, read by SQL: evidence (with its quotation), good practices, barriers. */
interface Texts {
  evidence: { key: string; text: string }[];
  practices: { key: string; text: string }[];
  barriers: { key: string; text: string }[];
}

/**
 * Whether a text holds every word group of a query as people mean it: a group's words in
 * sequence (any punctuation between them, or none), the last word as the start of a word when it
 * has three letters or more, and a word of one or two characters whole.
 */
function mentions(text: string, query: string): boolean {
  const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const groups = fold(query).match(/[\p{L}\p{N}]+(?:[-.+/'’&@][\p{L}\p{N}]+)*/gu) ?? [];
  return groups.every((g) => {
    const words = g.match(/[\p{L}\p{N}]+/gu) ?? [];
    const last = words.at(-1) ?? '';
    const end = last.length >= 3 && !/^\d+$/.test(last) ? '' : '(?![\\p{L}\\p{N}])';
    const body = words.join('[^\\p{L}\\p{N}]*');
    return new RegExp(`(?<![\\p{L}\\p{N}])${body}${end}`, 'u').test(fold(text));
  });
}

/** The integer a text shows ("1,234"). */
const num = (text: string) =>
  Number((text.match(/\d[\d.,\s\u202f\u00a0]*/)?.[0] ?? '').replace(/\D/g, ''));

/** What the page's empty state lists: per kind, the number it says and the keys it links to. */
function listed(root: HTMLElement) {
  const out = new Map<string, { said: number; keys: string[] }>();
  for (const li of root.querySelectorAll('.elsewhere > ul > li')) {
    const links = li.querySelectorAll('ul a').map((a) => a.getAttribute('href') ?? '');
    const kind = links.every((h) => h.includes('#statement-'))
      ? 'evidence'
      : links.every((h) => h.startsWith('/good-practices/'))
        ? 'practices'
        : links.every((h) => /^\/barriers\/[^#/]+$/.test(h))
          ? 'barriers'
          : `mixed: ${links.join(' ')}`;
    const keys = links.map((h) => h.split(/#statement-|\/good-practices\/|\/barriers\//).at(-1));
    const own = li.childNodes.find((n) => n.nodeType === 3)?.text ?? '';
    const more = li.querySelectorAll('ul > li').filter((x) => !x.querySelector('a'));
    out.set(kind, {
      said: num(own),
      keys: keys as string[],
    });
    assert.ok(more.length <= 1);
    if (more[0]) assert.equal(num(own), keys.length + num(more[0].text), li.text);
    else assert.equal(num(own), keys.length, li.text);
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`an empty search points to other records, on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    let t: TestDb;
    let app: ReturnType<typeof createApp>;
    let texts: Texts;

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      app = createApp(t.db);
      const q = t.db.kysely;
      const join = (...parts: (string | null)[]) => parts.filter(Boolean).join('\n');
      const ev = await sql<{ key: string; statement: string; quote: string | null }>`
        select key, statement, quote from evidence`.execute(q);
      const gp = await sql<{
        slug: string;
        name: string;
        summary: string | null;
        key_players: string | null;
        impact: string | null;
        transferability: string | null;
      }>`select slug, name, summary, key_players, impact, transferability
         from good_practices`.execute(q);
      const ba = await sql<{
        code: string;
        label: string;
        description: string | null;
        sub_themes: string | null;
      }>`select distinct code, label, description, sub_themes from barriers`.execute(q);
      texts = {
        evidence: ev.rows.map((r) => ({
          key: r.key,
          text: join(r.statement, r.quote ? (JSON.parse(r.quote) as { text: string }).text : null),
        })),
        practices: gp.rows.map((r) => ({
          key: r.slug,
          text: join(r.name, r.summary, r.key_players, r.impact, r.transferability),
        })),
        barriers: ba.rows.map((r) => ({
          key: r.code,
          text: join(
            r.label,
            r.description,
            ...(r.sub_themes ? (JSON.parse(r.sub_themes) as string[]) : []),
          ),
        })),
      };
    });
    after(async () => {
      await t?.dispose();
    });

    const get = async (path: string) => {
      const res = await app.request(`http://localhost${path}`);
      assert.equal(res.status, 200, path);
      return res.text();
    };
    const expected = (query: string) =>
      new Map(
        (['evidence', 'practices', 'barriers'] as const)
          .map(
            (kind) =>
              [kind, texts[kind].filter((r) => mentions(r.text, query)).map((r) => r.key)] as const,
          )
          .filter(([, keys]) => keys.length > 0),
      );

    test('"CAR-T": no initiative, but the evidence statements and barriers that mention it, linked', async () => {
      const api = JSON.parse(await get('/api/v1/initiatives?q=CAR-T&pageSize=1'));
      assert.equal(api.total, 0);
      const want = expected('CAR-T');
      // The reference data: CAR-T is named in a Catalan interview statement and a barrier's description.
      assert.ok((want.get('evidence')?.length ?? 0) >= 1, 'an evidence statement names CAR-T');
      assert.ok((want.get('barriers')?.length ?? 0) >= 1, 'a barrier names CAR-T');
      const root = parse(await get('/initiatives?q=CAR-T'));
      const shown = listed(root);
      assert.deepEqual(
        new Map([...shown].map(([k, v]) => [k, v.said])),
        new Map([...want].map(([k, v]) => [k, v.length])),
      );
      for (const [kind, keys] of want)
        assert.deepEqual(
          [...(shown.get(kind)?.keys ?? [])].sort(),
          [...keys].sort().slice(0, 10),
          kind,
        );
      // Each evidence link lands on its statement, on its barrier's page.
      for (const a of root.querySelectorAll('.elsewhere a[href*="#statement-"]')) {
        const [path, id] = (a.getAttribute('href') as string).split('#');
        const target = parse(await get(path as string));
        assert.ok(target.getElementById(id as string), `${path} has #${id}`);
      }
      for (const a of root.querySelectorAll('.elsewhere a:not([href*="#"])'))
        await get(a.getAttribute('href') as string);
    });

    for (const query of ['reimbursement', 'awardee', 'CAR-T cell', 'hospital exemption', 'zzqx']) {
      test(`"${query}": the page's counts by kind equal the records when no initiative matches`, async () => {
        const api = JSON.parse(
          await get(`/api/v1/initiatives?q=${encodeURIComponent(query)}&pageSize=1`),
        );
        const root = parse(await get(`/initiatives?q=${encodeURIComponent(query)}`));
        const block = root.querySelector('.elsewhere');
        if (api.total > 0) {
          assert.equal(block, null, 'results are shown, not pointers');
          return;
        }
        const want = expected(query);
        if (want.size === 0) {
          assert.equal(block, null, 'nothing mentions it: no pointers');
          return;
        }
        assert.ok(block, `${query}: the page points elsewhere`);
        assert.match(block.text, new RegExp(`“${query}”`));
        const shown = listed(root);
        assert.deepEqual(
          new Map([...shown].map(([k, v]) => [k, v.said])),
          new Map([...want].map(([k, v]) => [k, v.length])),
          query,
        );
      });
    }

    test('at least one of the queries above finds a good practice and none an initiative', async () => {
      const found = await Promise.all(
        ['reimbursement', 'awardee'].map(async (q) => {
          const api = JSON.parse(await get(`/api/v1/initiatives?q=${q}&pageSize=1`));
          return api.total === 0 && (expected(q).get('practices')?.length ?? 0) > 0;
        }),
      );
      assert.ok(found.some(Boolean), 'a query whose pointers include good practices');
    });

    test('a search with results, or a filtered one without words, has no pointers', async () => {
      const root = parse(await get('/initiatives?q=cancer'));
      assert.equal(root.querySelector('.elsewhere'), null);
      const none = parse(await get('/initiatives?domain=patient_perspective&country=NO'));
      assert.equal(none.querySelector('.elsewhere'), null);
    });

    test('pointers are in the page language', async () => {
      const root = parse(await get('/initiatives?q=CAR-T&lang=de'));
      const lead = root.querySelector('.elsewhere p')?.text ?? '';
      assert.match(lead, /kommt in anderen Einträgen des Atlas vor/);
      assert.match(root.querySelector('.elsewhere')?.text ?? '', /Hürde/);
    });
  });
}
