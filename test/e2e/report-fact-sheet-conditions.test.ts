/**
 * A fact sheet names, for each good practice from elsewhere it suggests, the practice's transfer
 * conditions checked against the region (issue 17) in one line: how many are met, which are not
 * (named), how many unknown. On the reference data of both databases, the line of each practice
 * shown is read from the report's HTML and compared with GET /api/v1/regions/{code}/twinning, for
 * every partner region; and every partner region's PDF, in English and in German, still prints on
 * two to four pages (issue 16) with those lines in it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'node-html-parser';
import { closePdfBrowser } from '../../src/io/report-pdf.ts';
import { type Locale, t, withLocale } from '../../src/web/i18n.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { after, describe, test } from '../helpers/suite.ts';

/** The twinning API's practices, with the fields the line shows. */
interface ApiPractice {
  slug: string;
  conditions: { requires: string; status: 'met' | 'unmet' | 'unknown' }[];
}

/** How many practices from elsewhere a fact sheet lists (the rest are behind "N more"). */
const SHOWN = 2;

const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * What a practice's line should say, from the API's conditions and the catalogue's words: the
 * states with their counts, zero counts left out, the unmet conditions named.
 */
function expectedLine(lang: Locale, conditions: ApiPractice['conditions']): string {
  return withLocale(lang, () => {
    const n = (status: string) => conditions.filter((c) => c.status === status).length;
    const unmet = conditions.filter((c) => c.status === 'unmet');
    const states = [
      n('met') > 0 ? t('reportFactSheet.condMet', { n: String(n('met')) }) : '',
      unmet.length > 0
        ? t('reportFactSheet.condUnmet', {
            n: String(unmet.length),
            names: unmet.map((c) => t(`twinning.req_${c.requires}`)).join('; '),
          })
        : '',
      n('unknown') > 0 ? t('reportFactSheet.condUnknown', { n: String(n('unknown')) }) : '',
    ].filter(Boolean);
    return t('reportFactSheet.transferConditions', {
      states: states.length > 0 ? states.join(' · ') : t('reportFactSheet.condNone'),
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'fact-sheet-conditions-'));
after(async () => {
  await closePdfBrowser();
  rmSync(dir, { recursive: true, force: true });
});

for (const dialect of DIALECTS) {
  describe(`transfer conditions on the fact sheets (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const partners = async () => {
      const list = (await site.json('/api/v1/regions?pageSize=100')) as {
        items: { code: string; partner: boolean }[];
      };
      const codes = list.items.filter((r) => r.partner).map((r) => r.code);
      assert.ok(codes.length >= 10, `${codes.length} partner regions`);
      return codes;
    };
    const practicesOf = async (code: string) =>
      ((await site.json(`/api/v1/regions/${code}/twinning`)) as { practices: ApiPractice[] })
        .practices;

    test("each practice shown carries its conditions' states as the twinning API gives them", async () => {
      const statuses = new Set<string>();
      let lines = 0;
      for (const code of await partners()) {
        const api = (await practicesOf(code)).slice(0, SHOWN);
        for (const lang of ['en', 'de'] as const) {
          const res = await site.request(
            `/reports/fact-sheet?region=${code}&lang=${lang}&section=good-practices`,
          );
          assert.equal(res.status, 200, code);
          const items = parse(await res.text()).querySelectorAll('#good-practices-for li');
          assert.deepEqual(
            items.map((li) => li.querySelector('a')?.getAttribute('href')),
            api.map((p) => `/good-practices/${p.slug}`),
            `${code} ${lang}: the practices shown are the API's first, in its order`,
          );
          items.forEach((li, i) => {
            const p = api[i] ?? assert.fail('a practice per item');
            const text = li.text.replace(/\s+/g, ' ').trim();
            const line = expectedLine(lang, p.conditions);
            assert.ok(text.endsWith(line), `${code} ${lang} ${p.slug}: "${text}" ends "${line}"`);
            // The figures, read back: the number before each state's word is its count.
            const head = withLocale(lang, () =>
              t('reportFactSheet.transferConditions', { states: '' }),
            );
            const said = text.slice(text.lastIndexOf(head.trim()) + head.trim().length);
            for (const status of ['met', 'unknown'] as const) {
              const count = p.conditions.filter((c) => c.status === status).length;
              const word = withLocale(lang, () =>
                t(`reportFactSheet.cond${status === 'met' ? 'Met' : 'Unknown'}`, { n: '' }),
              ).trim();
              const m = new RegExp(`(?:^|· )${word} (\\d+)`).exec(said.trim());
              assert.equal(Number(m?.[1] ?? 0), count, `${code} ${lang} ${p.slug}: ${status}`);
            }
            for (const c of p.conditions) {
              statuses.add(c.status);
              const named = said.includes(withLocale(lang, () => t(`twinning.req_${c.requires}`)));
              if (c.status === 'unmet') assert.ok(named, `${code} ${p.slug}: ${c.requires} named`);
            }
            lines += 1;
          });
        }
      }
      assert.ok(lines >= 20, `${lines} lines read back`);
      assert.deepEqual([...statuses].sort(), ['met', 'unknown', 'unmet'], 'every state occurs');
    });

    test('every partner region prints on two to four pages in English and German, the lines in it', async () => {
      for (const code of await partners()) {
        const api = (await practicesOf(code)).slice(0, SHOWN);
        for (const lang of ['en', 'de'] as const) {
          const res = await site.request(
            `/reports/fact-sheet?region=${code}&format=pdf&lang=${lang}`,
          );
          assert.equal(res.status, 200, `${code} ${lang}`);
          const file = join(dir, `${dialect.name}-${code}-${lang}.pdf`);
          writeFileSync(file, Buffer.from(await res.arrayBuffer()));
          const pages = Number(
            /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1],
          );
          assert.ok(pages >= 2 && pages <= 4, `${code} ${lang}: ${pages} pages`);
          const words = squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
          for (const p of api)
            assert.ok(
              words.includes(squash(expectedLine(lang, p.conditions))),
              `${code} ${lang}: the PDF prints the conditions of ${p.slug}`,
            );
        }
      }
    });
  });
}
