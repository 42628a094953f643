/**
 * Provenance in the browser (issue 13), on the shipped reference data, at 375 px and 1280 px: a
 * record's inferred values are marked beside them in words (not by colour alone) with the
 * reason, as many marks as the API lists; the list explains where the initiatives come from and
 * offers the source filter. Zero axe violations and no sideways scroll on each page.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tIn } from '../../src/web/i18n.ts';
import { assertNoAxeViolations } from '../helpers/browser.ts';
import { referenceSiteWithBrowser } from '../helpers/site.ts';

const WIDTHS = [375, 1280] as const;

/** Records with inferred values of different kinds, and the field label each mark sits under. */
const RECORDS = [
  // A reporting region read from the block of the appendix the row sits in.
  { slug: 'genomic-medicine-sweden', field: 'submittingRegion', label: 'Reported by region' },
  // Domain and type classified by the curators; a home country by convention.
  { slug: 'icpermed-consortium', field: 'type', label: 'Structural type' },
  { slug: 'oeci', field: 'homeCountry', label: 'Home country' },
  // A relation the source does not state, marked under the related initiatives.
  { slug: 'medic-nest-metacluster', field: 'relations', label: null },
] as const;

describe('provenance in headless chromium', () => {
  const site = referenceSiteWithBrowser();
  const api = async (path: string) => {
    const res = await fetch(`${site.server.url}${path}`);
    assert.equal(res.status, 200, path);
    return res.json();
  };

  for (const width of WIDTHS) {
    for (const r of RECORDS) {
      test(`${r.slug} at ${width} px: each inferred value is marked beside it with the reason`, async () => {
        const record = await api(`/api/v1/initiatives/${r.slug}`);
        const marks = record.inferred as { field: string; reason: string }[];
        const mark = marks.find((m) => m.field === r.field);
        assert.ok(mark, `${r.slug} has an inferred ${r.field} in the API`);
        const context = await site.browser.newContext({
          viewport: { width, height: 900 },
          bypassCSP: true,
        });
        const page = await context.newPage();
        await page.goto(`${site.server.url}/initiatives/${r.slug}`);
        const notes = page.locator('.inferred');
        assert.equal(await notes.count(), marks.length, 'one note per inferred field');
        const note = page.locator(`#inferred-${r.field}`);
        assert.ok(await note.isVisible(), 'the note is visible');
        const text = (await note.textContent()) ?? '';
        assert.ok(text.startsWith('Inferred by the curators:'), text);
        assert.ok(text.includes(mark.reason), 'the reason as the API gives it');
        if (r.label) {
          // Beside the value: in the description of the fact it qualifies.
          const dt = await note.evaluate(
            (el) => el.closest('dd')?.previousElementSibling?.textContent ?? null,
          );
          assert.equal(dt, r.label);
        }
        const intro = (await page.locator('h2 + p.muted').first().textContent()) ?? '';
        const n = marks.length === 1 ? 'One value' : `${marks.length} values`;
        assert.ok(intro.startsWith(n), intro);
        // Not told by colour alone: the words are there, and big enough to read.
        const size = await note.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
        assert.ok(size >= 12, `${size}px`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `${overflow}px wider than the viewport`);
        await assertNoAxeViolations(page);
        await context.close();
      });
    }

    test(`the list at ${width} px explains the sources, and the source filter narrows it`, async () => {
      const context = await site.browser.newContext({
        viewport: { width, height: 900 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      await page.goto(`${site.server.url}/initiatives?lang=es`);
      const origins = page.locator('.origins');
      assert.ok(await origins.isVisible());
      // On a phone the explanation is folded under its summary.
      if (width < 600) await page.locator('.origins-toggle').click();
      // The appendix's share, as a link to the list of those rows.
      const link = origins.locator('a').first();
      const shown = Number((await link.textContent())?.replace(/\D/g, ''));
      await link.click();
      await page.waitForURL(/source=/);
      const heading = (await page.locator('#results-heading').textContent()) ?? '';
      assert.equal(Number(heading.match(/\d+/)?.[0]), shown, heading);
      const total = (await api(`/api/v1/initiatives?${new URL(page.url()).searchParams}`)).total;
      assert.equal(shown, total);
      if (width < 600) await page.locator('.filters-toggle').click();
      const box = page.locator('#facet-source input:checked');
      assert.equal(await box.count(), 1, 'the chosen section is ticked in the Source filter');
      assert.ok(await box.isVisible());
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `${overflow}px wider than the viewport`);
      await assertNoAxeViolations(page);
      await context.close();
    });
  }

  test('in other languages the mark is said in that language, the reason kept in English', async () => {
    const context = await site.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const lang of ['es', 'de', 'uk'] as const) {
      const label = tIn(lang, 'initiative.inferredLabel');
      assert.notEqual(label, tIn('en', 'initiative.inferredLabel'));
      await page.goto(`${site.server.url}/initiatives/genomic-medicine-sweden?lang=${lang}`);
      const note = page.locator('#inferred-submittingRegion');
      assert.equal(await note.locator('strong').textContent(), label);
      assert.equal(await note.locator('span').getAttribute('lang'), 'en');
      await assertNoAxeViolations(page);
    }
    await context.close();
  });
});
