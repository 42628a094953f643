/**
 * Three findings of a new user's walk through the atlas, over real HTTP on both databases:
 * - a printed fact sheet (PDF, DOCX) cut its long lists with an "N more" link, useless on paper:
 *   each cut now says how many more there are and where all of them are, the address written out
 *   (read back from the PDF with pdftotext and from the DOCX's text), a link with words on the
 *   site; and every partner region's Greek sheet still prints on two to four pages (English and
 *   German: report-fact-sheet-conditions.test.ts);
 * - the report form, asked for a fact sheet with no region or several, said the API's words
 *   ("give exactly one region code (for example region=ES51)"): it now says what to tick;
 * - the twinning page wrote a region's profile weight and a peer's shared weight alike
 *   ("weight 2"): a peer's barriers carry a "shared weight", explained above the peers.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { parse } from 'node-html-parser';
import type { Block, ReportDocument, ReportSection, Run } from '../../src/domain/report.ts';
import { createApp } from '../../src/http/app.ts';
import { closePdfBrowser } from '../../src/io/report-pdf.ts';
import { seedReference } from '../../src/services/seed.ts';
import { type Locale, t, withLocale } from '../../src/web/i18n.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';
import { unzipEntries } from '../helpers/zip.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

/** The "N more: see …" paragraphs of a report's document: the words before the address, and it. */
function cuts(doc: ReportDocument): { words: string; href: string; label: string }[] {
  const out: { words: string; href: string; label: string }[] = [];
  const ofBlock = (b: Block) => {
    if (b.kind !== 'paragraph' || typeof b.text === 'string') return;
    const runs: readonly Run[] = b.text;
    const last = runs.at(-1);
    if (last?.link && last.address)
      out.push({
        words: runs
          .slice(0, -1)
          .map((r) => r.text)
          .join(''),
        href: last.link.href,
        label: last.link.label,
      });
  };
  const walk = (sections: readonly ReportSection[]) => {
    for (const s of sections) {
      s.blocks.forEach(ofBlock);
      walk(s.sections ?? []);
    }
  };
  walk(doc.sections);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'paper-words-'));
after(async () => {
  await closePdfBrowser();
  rmSync(dir, { recursive: true, force: true });
});

for (const dialect of DIALECTS) {
  describe(`paper, form and twinning words over HTTP (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    let db: TestDb | undefined;
    let server: ReturnType<typeof serve> | undefined;
    let base = '';
    before(async () => {
      db = await dialect.open();
      await seedReference(db.db, REFERENCE_DIR);
      // Files answered in the request; no heavy-route rate limit in the way of a dozen PDFs.
      const app = createApp(db.db, { heavyWaitMs: 120_000, heavyRateLimit: 10_000 });
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server?.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await db?.dispose();
    });
    const get = (path: string, lang?: string) =>
      fetch(`${base}${path}`, lang ? { headers: { 'Accept-Language': lang } } : {});
    const json = async (path: string) => {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      return res.json();
    };
    const file = async (path: string, name: string) => {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      const at = join(dir, `${dialect.name}-${name}`);
      writeFileSync(at, Buffer.from(await res.arrayBuffer()));
      return at;
    };

    test('a printed fact sheet says how many more and writes out where they are (PDF, DOCX, site)', async () => {
      for (const lang of ['en', 'de', 'el'] as const) {
        const doc = (await json(
          `/api/v1/reports/fact-sheet?region=ES51&lang=${lang}`,
        )) as ReportDocument;
        const cut = cuts(doc);
        assert.ok(cut.length >= 3, `${lang}: Catalonia's sheet cuts ${cut.length} lists`);
        const more = withLocale(lang, () => t('reportFactSheet.moreSee', { more: '' })).trim();
        for (const c of cut) assert.ok(c.words.includes(more), `${lang}: "${c.words}" says more`);
        const pdf = execFileSync(
          'pdftotext',
          [
            await file(`/reports/fact-sheet?region=ES51&format=pdf&lang=${lang}`, `${lang}.pdf`),
            '-',
          ],
          { encoding: 'utf8' },
        );
        const docx = (
          await unzipEntries(
            Buffer.from(
              await (
                await get(`/reports/fact-sheet?region=ES51&format=docx&lang=${lang}`)
              ).arrayBuffer(),
            ),
          )
        )
          .find((e) => e.name === 'word/document.xml')
          ?.data.toString('utf8')
          .replace(/<[^>]+>/g, '')
          .replaceAll('&amp;', '&');
        assert.ok(docx, `${lang}: the DOCX has a document`);
        for (const c of cut) {
          const written = squash(`${c.words}${base}${c.href}`);
          assert.ok(squash(pdf).includes(written), `${lang}: the PDF prints "${written}"`);
          assert.ok(squash(docx).includes(written), `${lang}: the DOCX prints "${written}"`);
        }
        // No count is left alone on its line, as the link it used to be.
        const bare = withLocale(lang, () => t('reportFactSheet.more', { count: 2, n: '2' }));
        assert.doesNotMatch(pdf, new RegExp(`^\\s*${bare}\\s*$`, 'm'), `${lang}: "${bare}" alone`);
        // On the site the same place is a link that says what it leads to.
        const page = parse(
          await (await get(`/reports/fact-sheet?region=ES51&lang=${lang}`)).text(),
        );
        for (const c of cut) {
          const a = page
            .querySelectorAll(`a[href="${c.href}"]`)
            .find((x) => x.parentNode?.text.includes(c.words.trim()));
          assert.equal(a?.text, c.label, `${lang}: the page links ${c.href} with its words`);
        }
      }
    });

    test('every partner region’s Greek fact sheet still prints on two to four pages', async () => {
      const regions = (await json('/api/v1/regions?pageSize=100')) as {
        items: { code: string; partner: boolean }[];
      };
      const codes = regions.items.filter((r) => r.partner).map((r) => r.code);
      assert.ok(codes.length >= 10, `${codes.length} partner regions`);
      for (const code of codes) {
        const at = await file(
          `/reports/fact-sheet?region=${code}&format=pdf&lang=el`,
          `${code}-el.pdf`,
        );
        const pages = Number(
          /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [at], { encoding: 'utf8' }))?.[1],
        );
        assert.ok(pages >= 2 && pages <= 4, `${code} el: ${pages} pages`);
      }
    });

    test('the report form asked for a fact sheet of no region or several says what to tick', async () => {
      for (const lang of ['en', 'de'] as Locale[]) {
        const say = (key: string) => withLocale(lang, () => t(key));
        for (const [query, key] of [
          ['', 'reports.error_regionNone'],
          ['?region=ES51&region=EL43', 'reports.error_regionMany'],
          ['?region=ES51,EL43', 'reports.error_regionMany'],
        ] as const) {
          const res = await get(`/reports/fact-sheet${query}`, lang);
          assert.equal(res.status, 400, query);
          const page = parse(await res.text());
          const summary = page.querySelector('.error-summary')?.text ?? '';
          assert.ok(summary.includes(say(key)), `${lang} ${query}: the summary says "${say(key)}"`);
          assert.equal(
            page.querySelector('#field-region-error')?.text.trim(),
            say(key),
            `${lang} ${query}: beside the regions`,
          );
          assert.doesNotMatch(summary, /region code|region=/, `${lang} ${query}: no API words`);
        }
      }
      // An unknown region is still named, with the regions there are.
      const unknown = await (await get('/reports/fact-sheet?region=XX')).text();
      assert.match(unknown, /unknown region &quot;XX&quot;; allowed values: .*ES51/);
    });

    test("twinning: a peer's shared weights are named apart from the profile's weights, each the API's", async () => {
      const regions = (await json('/api/v1/regions?pageSize=100')) as {
        items: { code: string; partner: boolean }[];
      };
      let peers = 0;
      for (const { code } of regions.items.filter((r) => r.partner)) {
        const api = (await json(`/api/v1/regions/${code}/twinning`)) as {
          profile: { barrier: string; weight: number }[];
          peers: { region: string; shared: { barrier: string; weight: number }[] }[];
        };
        for (const lang of ['en', 'de'] as const) {
          const word = (key: string) =>
            withLocale(lang, () => t(key, { w: '' }))
              .trim()
              .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          const [weight, shared] = [word('twinning.weight'), word('twinning.sharedWeight')];
          assert.notEqual(weight, shared, `${lang}: two words`);
          const page = parse(await (await get(`/twinning?region=${code}`, lang)).text());
          const numbers = (text: string, label: string) =>
            [...text.matchAll(new RegExp(`\\(${label} ([\\d.,]+)\\)`, 'g'))].map((m) =>
              Number(m[1]?.replace(',', '.')),
            );
          const profile = page.querySelector('[data-profile]')?.text ?? '';
          assert.deepEqual(
            numbers(profile, weight),
            api.profile.map((p) => p.weight),
            `${code} ${lang}: the profile's weights`,
          );
          const items = page.querySelectorAll(
            'section[aria-labelledby="twin-peers"] ol.ranked > li',
          );
          assert.equal(items.length, api.peers.length, `${code} ${lang}: the peers`);
          if (api.peers.length > 0)
            assert.equal(
              page.querySelector('#twin-peers-help')?.text,
              withLocale(lang, () => t('twinning.peersHelp')),
              `${code} ${lang}: what a shared weight is`,
            );
          api.peers.forEach((p, i) => {
            const text = items[i]?.text ?? '';
            assert.deepEqual(numbers(text, weight), [], `${code} ${lang}: no profile weight`);
            assert.deepEqual(
              numbers(text, shared),
              p.shared.slice(0, 3).map((s) => s.weight),
              `${code} ${lang} ${p.region}: the shared weights`,
            );
            peers += 1;
          });
        }
      }
      assert.ok(peers >= 20, `${peers} peers read`);
    });
  });
}
