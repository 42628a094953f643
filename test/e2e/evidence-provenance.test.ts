/**
 * Provenance people can see (issue 13), on both databases: a statement the source quotes shows
 * the quotation verbatim with where it is printed, every paraphrase says it is one, a statement
 * is listed once per barrier and names the other barriers it is coded to; the interview row the
 * data-quality check finds wrong carries the check's own words beside its printed total; a region
 * without a workshop shows what its report says took its place. Figures are read from the pages
 * and compared with the API and the records, never with numbers written here.
 */
import assert from 'node:assert/strict';
import { type HTMLElement, parse } from 'node-html-parser';
import type { Quote } from '../../src/domain/schemas.ts';
import { upsertEvidence } from '../../src/repositories/evidence.ts';
import { sourceTitles } from '../../src/repositories/sources.ts';
import { checkDataQuality } from '../../src/services/quality.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { before, describe, test } from '../helpers/suite.ts';

interface Evidence {
  key: string;
  statement: string;
  quote: Quote | null;
  region: string | null;
  barriers: string[];
}

/** A statement that D6.1 does not quote: the paraphrase alone, which must say it is one. */
const PARAPHRASE_ONLY = {
  key: 'test-paraphrase-only',
  statement: 'A statement recorded in the atlas’s words only, with no quotation behind it.',
  barriers: ['B02', 'B07'],
  region: 'ES51',
  sources: [{ source: 'preciseu-d6-1', section: 'a test section' }],
};

/** The statements a page lists, each with what it shows. */
function statementsIn(root: HTMLElement) {
  return root.querySelectorAll('li.evidence').map((li) => ({
    key: li.getAttribute('data-key') ?? '',
    quote: li.querySelector('.evidence-quote blockquote')?.text ?? null,
    caption: li.querySelector('.evidence-quote figcaption')?.text.replace(/\s+/g, ' ') ?? '',
    cites: li.querySelectorAll('.evidence-quote cite').map((c) => c.text),
    label: li.querySelector('.paraphrase .evidence-kind')?.text ?? '',
    // The statement's own span: marked lang="…" only where its language is not the page's.
    paraphrase:
      li.querySelectorAll('.paraphrase span').find((s) => !s.classList.contains('evidence-kind'))
        ?.text ?? null,
    alsoCoded: li.querySelectorAll('.also-coded a').map((a) => a.getAttribute('href')),
  }));
}

const unique = (xs: readonly string[]) => new Set(xs).size === xs.length;

for (const dialect of DIALECTS) {
  describe(`provenance of evidence and engagement on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    let titles: Map<string, string>;
    before(async () => {
      await upsertEvidence(site.db.kysely, PARAPHRASE_ONLY, { now: 't', actor: 'test' });
      titles = await sourceTitles(site.db.kysely);
    });

    /** Every statement of a query, through as many API pages as it takes. */
    async function evidence(query: string): Promise<Evidence[]> {
      const out: Evidence[] = [];
      for (let page = 1; ; page++) {
        const body = await site.json(`/api/v1/evidence?${query}&pageSize=100&page=${page}`);
        out.push(...body.items);
        if (out.length >= body.total) return out;
      }
    }

    /** Checks one listed statement against its record, as the page lists it under `barrier`. */
    function assertShown(
      shown: ReturnType<typeof statementsIn>[number],
      record: Evidence,
      barrier: string,
      where: string,
    ) {
      const at = `${where} ${record.key}`;
      assert.equal(shown.paraphrase, record.statement, `${at}: the paraphrase is the record's`);
      if (record.quote) {
        assert.equal(
          shown.quote,
          record.quote.text,
          `${at}: the quotation is the record's, verbatim`,
        );
        assert.match(shown.caption, /^Verbatim quote, attributed to /, at);
        assert.ok(shown.caption.includes(record.quote.attribution), `${at}: attribution`);
        for (const p of record.quote.printedIn) {
          assert.ok(shown.cites.includes(titles.get(p.source) ?? p.source), `${at}: document`);
          if (p.section) assert.ok(shown.caption.includes(`“${p.section}”`), `${at}: section`);
        }
        assert.equal(shown.label, "Paraphrase in the atlas's words:", `${at}: marked`);
      } else {
        assert.equal(shown.quote, null, `${at}: no quotation is made up`);
        assert.equal(
          shown.label,
          "Paraphrase in the atlas's words (no verbatim quote on record):",
          `${at}: marked as a paraphrase only`,
        );
      }
      assert.deepEqual(
        shown.alsoCoded,
        record.barriers.filter((b) => b !== barrier).map((b) => `/barriers/${b}`),
        `${at}: the other barriers it is coded to are named`,
      );
    }

    test('each barrier page lists every statement coded to it once, quotations verbatim with their source, paraphrases marked', async () => {
      const barriers: { code: string }[] = (await site.json('/api/v1/barriers?pageSize=100')).items;
      let quotes = 0;
      let paraphrasesOnly = 0;
      let multiCoded = 0;
      for (const { code } of barriers) {
        const records = await evidence(`barrier=${code}`);
        const html = await (await site.request(`/barriers/${code}`)).text();
        const shown = statementsIn(parse(html));
        assert.deepEqual(
          shown.map((s) => s.key).sort(),
          records.map((r) => r.key).sort(),
          `${code}: the page lists exactly the statements coded to it`,
        );
        assert.ok(unique(shown.map((s) => s.key)), `${code}: no statement twice`);
        assert.ok(unique(shown.map((s) => s.paraphrase ?? '')), `${code}: no paraphrase twice`);
        assert.ok(
          unique(shown.flatMap((s) => (s.quote ? [s.quote] : []))),
          `${code}: no quotation twice`,
        );
        for (const s of shown) {
          const record = records.find((r) => r.key === s.key);
          assert.ok(record);
          assertShown(s, record, code, `/barriers/${code}`);
          if (record.quote) quotes++;
          else paraphrasesOnly++;
          if (record.barriers.length > 1) multiCoded++;
        }
      }
      assert.ok(quotes > 0 && paraphrasesOnly > 0 && multiCoded > 0, 'every kind was seen');
    });

    test("a region's fact sheet lists each statement once under each barrier it is coded to, as the barrier pages do", async () => {
      const regions: { code: string; statements: number }[] = (
        await site.json('/api/v1/regions?pageSize=100')
      ).items;
      for (const region of regions.filter((r) => r.statements > 0)) {
        const records = await evidence(`region=${region.code}`);
        const root = parse(await (await site.request(`/regions/${region.code}`)).text());
        const codes = [...new Set(records.flatMap((r) => r.barriers))];
        for (const code of codes) {
          const section = root
            .querySelectorAll('section')
            .find((s) => s.querySelector('h3 a')?.getAttribute('href') === `/barriers/${code}`);
          assert.ok(section, `${region.code}: a section for ${code}`);
          const shown = statementsIn(section);
          const expected = records.filter((r) => r.barriers.includes(code));
          assert.deepEqual(
            shown.map((s) => s.key).sort(),
            expected.map((r) => r.key).sort(),
            `${region.code} ${code}`,
          );
          assert.ok(unique(shown.map((s) => s.key)), `${region.code} ${code}: no statement twice`);
          for (const s of shown) {
            const record = expected.find((r) => r.key === s.key);
            assert.ok(record);
            assertShown(s, record, code, `/regions/${region.code}`);
          }
        }
      }
    });

    test('the API gives each statement its quotation or null, as recorded, and no statement twice', async () => {
      const all = await evidence('');
      assert.equal(all.length, (await site.json('/api/v1/evidence')).total);
      const one: Evidence = await site.json(`/api/v1/evidence/${PARAPHRASE_ONLY.key}`);
      assert.equal(one.quote, null);
      const quoted = all.filter((e) => e.quote);
      assert.ok(quoted.length > 0);
      for (const e of quoted) {
        const detail: Evidence = await site.json(`/api/v1/evidence/${e.key}`);
        assert.deepEqual(detail.quote, e.quote, e.key);
      }
      const findings = await checkDataQuality(site.db);
      assert.deepEqual(
        findings.filter((f) => f.kind === 'duplicate_statement').map((f) => f.message),
        [],
        'the reference data holds no statement twice',
      );
    });

    test("the interview row the check finds wrong shows its printed total with the check's own note beside it", async () => {
      const findings = (await checkDataQuality(site.db)).filter(
        (f) => f.kind === 'row_parts_total',
      );
      assert.ok(
        findings.some((f) => f.records[0]?.key === 'EL43'),
        'the Crete row is found',
      );
      const engagement = await site.json('/api/v1/engagement');
      for (const row of engagement.interviews as {
        region: string;
        printedTotal: number | null;
        dataQualityNote: string | null;
      }[]) {
        const finding = findings.find((f) => f.records[0]?.key === row.region);
        const root = parse(await (await site.request(`/regions/${row.region}`)).text());
        const total = root.querySelector('table.interviews tfoot td.num');
        assert.equal(
          total?.text.match(/^\d+/)?.[0],
          row.printedTotal === null ? undefined : String(row.printedTotal),
          `${row.region}: the printed total`,
        );
        const note = root.querySelector('#interview-note span[lang="en"]');
        assert.equal(note?.text ?? null, finding?.message ?? null, `${row.region}: the note`);
        assert.equal(row.dataQualityNote, finding?.message ?? null, `${row.region}: the API`);
        const region = await site.json(`/api/v1/regions/${row.region}`);
        assert.equal(region.interviews.dataQualityNote, finding?.message ?? null);
        if (finding) {
          assert.equal(total?.getAttribute('aria-describedby'), 'interview-note');
          assert.ok(root.querySelector('#interview-note a[href="/data-quality#row_parts_total"]'));
        }
      }
    });

    test('a region without a workshop shows what its report says took its place, with the source', async () => {
      const engagement = await site.json('/api/v1/engagement');
      const notes = engagement.workshopNotes as {
        region: string;
        text: string;
        sources: { source: string; section?: string }[];
      }[];
      assert.ok(
        notes.some((n) => n.region === 'DE1'),
        "Baden-Württemberg's report says why it held no workshop",
      );
      const list = parse(await (await site.request('/regions')).text());
      for (const n of notes) {
        const item = list
          .querySelectorAll('.workshop-notes li')
          .find(
            (li) =>
              li.querySelector('a')?.getAttribute('href') === `/regions/${n.region}#workshop-note`,
          );
        assert.equal(item?.querySelector('span[lang="en"]')?.text, n.text, `/regions: ${n.region}`);
        const held = (engagement.workshops as { region: string }[]).filter(
          (w) => w.region === n.region,
        );
        assert.equal(held.length, 0, `${n.region} has no workshop on record`);
        const region = await site.json(`/api/v1/regions/${n.region}`);
        assert.deepEqual(region.report.workshopNote, { text: n.text, sources: n.sources });
        const root = parse(await (await site.request(`/regions/${n.region}`)).text());
        const shown = root.querySelector('#workshop-note');
        assert.ok(shown, `${n.region}: the note is shown where the workshop would be`);
        assert.equal(shown.querySelector('span[lang="en"]')?.text, n.text);
        for (const s of n.sources) {
          assert.ok(
            shown.querySelectorAll('cite').some((c) => c.text === titles.get(s.source)),
            `${n.region}: ${s.source} is cited`,
          );
          if (s.section) assert.ok(shown.text.includes(`“${s.section}”`));
        }
      }
    });
  });
}
