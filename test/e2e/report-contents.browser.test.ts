/**
 * The printed contents of a report carry page numbers (src/io/report-pdf.ts prints twice: once to
 * see where the headings fall, then with the numbers). On the reference data of both databases the
 * cross-regional report is printed by the real generator (chromium, http/report-files.ts); the
 * contents pages are read back with poppler's pdftotext -layout, and for every entry that names a
 * heading of the report, the page it gives is read on its own (pdftotext -f N -l N) and must hold
 * that heading. Every chapter must be listed with its page. A fact sheet, whose contents are not
 * printed, is printed once and lists no page numbers.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportSection } from '../../src/domain/report.ts';
import { ReportFiles } from '../../src/http/report-files.ts';
import { closePdfBrowser } from '../../src/io/report-pdf.ts';
import { parseReportOptions } from '../../src/services/reports.ts';
import { LOCALES, t, withLocale } from '../../src/web/i18n.ts';
import { CHROMIUM } from '../helpers/browser.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { after, describe, test } from '../helpers/suite.ts';

const ORIGIN = 'https://atlas.example.eu';
const squash = (s: string) => s.replace(/\s+/g, '');
const run = (args: string[]) => execFileSync('pdftotext', args, { encoding: 'utf8' });

/** Every heading of a report with its depth (1 = a chapter), in document order. */
function headings(sections: readonly ReportSection[], depth = 1): [string, number][] {
  return sections.flatMap((s): [string, number][] => [
    [s.heading, depth],
    ...headings(s.sections ?? [], depth + 1),
  ]);
}

/** A line of printed contents: "  2. Barriers by category ........ 5". */
const ENTRY = /^\s*\d+\.\s+(.+?)\s{2,}(\d+)\s*$/;

const dir = mkdtempSync(join(tmpdir(), 'report-contents-'));
after(async () => {
  await closePdfBrowser();
  rmSync(dir, { recursive: true, force: true });
});

for (const dialect of DIALECTS) {
  describe(`the printed contents with page numbers (${dialect.name})`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    const print = async (raw: { kind: string; regions?: string[] }) => {
      const options = await parseReportOptions(site.db, raw, LOCALES);
      const files = new ReportFiles(site.db, { chromiumPath: CHROMIUM, cacheSize: 0 });
      const [doc, pdf] = await Promise.all([
        files.document(options),
        files.file(options, 'pdf', ORIGIN),
      ]);
      const path = join(dir, `${dialect.name}-${raw.kind}.pdf`);
      writeFileSync(path, pdf.body);
      const pages = Number(
        /Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1],
      );
      const page = (n: number) => run(['-layout', '-f', `${n}`, '-l', `${n}`, path, '-']);
      return { doc, path, pages, page };
    };

    test('each chapter is listed with its page, and that page holds its heading', async () => {
      const { doc, pages, page } = await print({ kind: 'cross-regional' });
      const all = [
        ...headings(doc.sections),
        [withLocale('en', () => t('report.colophon')), 1] as [string, number],
      ];
      // The contents are on the pages before the first chapter.
      const entries: { heading: string; page: number }[] = [];
      for (let n = 1; n <= pages; n++) {
        const lines = page(n).split('\n');
        const found = lines.flatMap((l) => {
          const m = ENTRY.exec(l);
          return m ? [{ heading: (m[1] ?? '').trim(), page: Number(m[2]) }] : [];
        });
        if (found.length === 0 && entries.length > 0) break;
        entries.push(...found);
      }
      assert.ok(entries.length > 20, `the contents list the report (${entries.length} entries)`);
      // The contents list the headings in document order: each is matched after the one before.
      const checked: { heading: string; depth: number; page: number }[] = [];
      let at = 0;
      for (const [heading, depth] of all) {
        const i = entries.findIndex((e, j) => j >= at && squash(e.heading) === squash(heading));
        if (i < 0) {
          assert.ok(depth > 1, `chapter "${heading}" is listed with a page number`);
          continue;
        }
        at = i + 1;
        const entry = entries[i] ?? assert.fail();
        assert.ok(entry.page >= 1 && entry.page <= pages, `${heading}: page ${entry.page}`);
        assert.ok(
          squash(page(entry.page)).includes(squash(heading)),
          `page ${entry.page} holds the heading "${heading}"`,
        );
        checked.push({ heading, depth, page: entry.page });
      }
      const chapters = all.filter(([, d]) => d === 1).map(([h]) => h);
      assert.deepEqual(
        checked.filter((c) => c.depth === 1).map((c) => c.heading),
        chapters,
        'every chapter checked',
      );
      assert.ok(checked.length > chapters.length * 3, 'sections within chapters checked too');
      const order = checked.map((c) => c.page);
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        'the pages rise in the order of the contents',
      );
    });

    test('a fact sheet, whose contents are not printed, lists no page numbers', async () => {
      const { doc, page } = await print({ kind: 'fact-sheet', regions: ['ES51'] });
      const first = page(1);
      assert.ok(squash(first).includes(squash(doc.title)));
      assert.ok(!first.split('\n').some((l) => ENTRY.test(l)), 'no numbered contents');
    });
  });
}
