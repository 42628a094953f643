import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findQualityIssues } from '../../src/analysis/quality.ts';
import { STATUSES_NAMING_A_TYPE } from '../../src/analysis/quality-cells.ts';
import { EARLIEST_YEARS_BEFORE } from '../../src/analysis/quality-dates.ts';
import { recordFacts } from '../../src/analysis/quality-facts.ts';
import { nameKey } from '../../src/analysis/quality-names.ts';
import { STAKEHOLDER_GROUPS } from '../../src/domain/codes.ts';
import { isAppError } from '../../src/domain/errors.ts';
import type { Finding } from '../../src/domain/quality.ts';
import type { SourceRef } from '../../src/domain/schemas.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { listInterviewRows, listWorkshops } from '../../src/repositories/engagement.ts';
import { listGoodPracticeBarrierCounts } from '../../src/repositories/good-practices.ts';
import { countInitiatives } from '../../src/repositories/initiatives.ts';
import { searchInitiatives } from '../../src/search/index.ts';
import { checkDataQuality } from '../../src/services/quality.ts';
import { seedReference } from '../../src/services/seed.ts';
import { getStats } from '../../src/services/stats.ts';
import {
  DIALECTS,
  freshPostgres,
  freshSqlite,
  postgresSkipReason,
  type TestDb,
} from '../helpers/databases.ts';
import { FIXTURE_DIR, REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

describe('reference files with problems', () => {
  test('are refused whole, each problem naming its file and index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-ref-'));
    try {
      cpSync(FIXTURE_DIR, dir, { recursive: true });
      const extra = [
        {
          slug: 'extra-one',
          name: 'Extra',
          homeCountry: 'ZZ',
          scopes: ['national'],
          status: 'ongoing',
          domain: 'ecosystem',
          type: 'partnership',
          sources: [{ source: 'preciseu-d3-1', section: 'x' }],
        },
      ];
      writeFileSync(join(dir, 'icpermed-initiatives.json'), JSON.stringify(extra));
      await assert.rejects(readReferenceData(dir), (e) => {
        assert.ok(isAppError(e, 'invalid_data'));
        assert.match(
          e.message,
          /icpermed-initiatives\.json\[0\] extra-one: unknown region ZZ: add it to regions\.json/,
        );
        assert.match(e.message, /nothing was loaded/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the shipped reference dataset', () => {
  test('validates, and every initiative has a domain, a status, a home country and a cited section', async () => {
    const data = await readReferenceData(REFERENCE_DIR);
    assert.ok(data.initiatives.length >= 119, 'every row of the D3.1 appendix');
    for (const i of data.initiatives) {
      assert.ok(i.domain && i.status && i.homeCountry, i.slug);
      assert.ok(
        i.sources.length > 0 && i.sources.every((s) => s.section),
        `${i.slug} cites a section`,
      );
    }
    const rows = data.initiatives.flatMap((i) =>
      i.sources
        .filter((s) => s.source === 'preciseu-d3-1' && s.section?.startsWith('7'))
        .map((s) => s.row),
    );
    // The appendix numbers 1-118 and uses 89 twice.
    assert.equal(rows.length, 119);
    assert.equal(rows.filter((r) => r === '89').length, 2);
  });

  test('every record of every kind names its source', async () => {
    const d = await readReferenceData(REFERENCE_DIR);
    const collections: [string, readonly { sources: readonly unknown[] }[]][] = [
      ['regions', d.regions],
      ['campaigns', d.campaigns ?? []],
      ['barrier categories', d.codebook?.categories ?? []],
      ['barriers', d.codebook?.barriers ?? []],
      ['evidence', d.evidence ?? []],
      ['good practices', d.goodPractices ?? []],
      ['regional reports', d.regionalReports ?? []],
      ['interview rows', d.engagement?.interviews ?? []],
      ['workshops', d.engagement?.workshops ?? []],
      ['pillars', d.pillars ?? []],
      ['figures', d.figures ?? []],
    ];
    for (const [name, list] of collections) {
      assert.ok(list.length > 0, `${name} are curated`);
      list.forEach((r, i) => {
        assert.ok(r.sources.length > 0, `${name}[${i}] has a source`);
      });
    }
    assert.equal(d.codebook?.categories.length, 6);
    assert.equal(d.codebook?.barriers.length, 17);
    assert.equal(d.pillars?.length, 5);
  });
});

for (const dialect of DIALECTS) {
  describe(`the reference dataset on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    before(async () => {
      t = await dialect.open();
    });
    after(async () => {
      await t?.dispose();
    });

    test('loads completely, twice without duplicates, and stats follow from the records', async () => {
      const data = await readReferenceData(REFERENCE_DIR);
      const first = await seedReference(t.db, REFERENCE_DIR);
      assert.equal(first.initiatives.created, data.initiatives.length);
      assert.equal(first.goodPractices.created, data.goodPractices?.length);
      const second = await seedReference(t.db, REFERENCE_DIR);
      for (const [kind, outcome] of Object.entries(second)) {
        assert.equal(outcome.created + outcome.updated, 0, `${kind} unchanged on the second load`);
      }
      assert.equal(await countInitiatives(t.db.kysely), data.initiatives.length);
      const stats = await getStats(t.db);
      for (const [r, domain] of stats.domainByType.rows.entries()) {
        assert.equal(
          stats.domainByType.rowTotals[r],
          data.initiatives.filter((i) => i.domain === domain).length,
          domain,
        );
      }
    });

    test('every good practice addresses at least one barrier', async () => {
      const practices = await listGoodPracticeBarrierCounts(t.db.kysely);
      assert.ok(practices.length > 0);
      for (const p of practices) assert.ok(p.barriers >= 1, p.slug);
    });

    test('interviews total 158 and workshop participants 199, as printed', async () => {
      const rows = await listInterviewRows(t.db.kysely);
      assert.equal(
        rows.reduce((a, r) => a + (r.printedTotal ?? 0), 0),
        158,
      );
      const workshops = await listWorkshops(t.db.kysely);
      assert.equal(workshops.length, 9);
      assert.equal(
        workshops.reduce((a, w) => a + (w.participants ?? 0), 0),
        199,
      );
    });

    test('the check finds the inconsistencies the sources contain', async () => {
      const findings = await checkDataQuality(t.db);
      const of = (kind: string) => findings.filter((f) => f.kind === kind);

      const crete = of('row_parts_total').find((f) => f.records.some((r) => r.key === 'EL43'));
      assert.deepEqual(
        [crete?.stated, crete?.found],
        [10, 11],
        'the Crete interview row adds up to 11, not 10',
      );
      const totals = of('column_total')[0];
      assert.deepEqual(
        [totals?.stated, totals?.found],
        [158, 159],
        'the printed totals row adds up to 159',
      );

      const dup = of('duplicate_row_number');
      assert.equal(dup.length, 1);
      assert.match(dup[0]?.message ?? '', /^Row 89 of /);
      assert.equal(dup[0]?.records.length, 2);

      const data = await readReferenceData(REFERENCE_DIR);
      assert.deepEqual(
        of('link_non_value')
          .map((f) => f.records[0]?.key)
          .sort(),
        data.initiatives
          .filter((i) => i.websiteMissing)
          .map((i) => i.slug)
          .sort(),
      );
      const scopes = of('malformed_scope').map((f) => f.message);
      for (const odd of ['“Europea”', '“National;”', '“National (Spain)”']) {
        assert.ok(
          scopes.some((m) => m.includes(odd)),
          `scope ${odd} is reported`,
        );
      }
      const figures = of('figure_mismatch');
      assert.ok(figures.length > 0);
      for (const f of figures) assert.notEqual(f.stated, f.found);
      // D3.1's conclusion counts 4 patient-perspective initiatives; its appendix lists more.
      assert.ok(figures.some((f) => f.stated === 4 && (f.found ?? 0) > 4));

      // The RIS3 slides: 136 strategies analysed on one slide, 135 on the next; 53/135 as 38 %.
      const twice = of('figure_stated_twice').map((f) => f.records.map((r) => r.key).sort());
      assert.ok(
        twice.some(
          (k) => k.join() === 'ris3-strategies-analysed,ris3-strategies-analysed-denominator',
        ),
      );
      const share = of('share_mismatch');
      assert.deepEqual(
        share.map((f) => [f.records[0]?.key, f.stated, f.found]),
        [['ris3-share-prioritising-pm-percent', 38, 39.3]],
      );
      // Links as the sources printed them: two domains run together, a translator's fragment.
      assert.deepEqual(
        of('malformed_link')
          .map((f) => f.records[0]?.key)
          .sort(),
        ['padris', 'transcend'],
      );
    });

    test('the record-level rules find on the records what they find on the reference files', async () => {
      const findings = await checkDataQuality(t.db);
      const data = await readReferenceData(REFERENCE_DIR);
      const keysOf = (kind: string, fs: readonly Finding[] = findings) =>
        fs
          .filter((f) => f.kind === kind)
          .map((f) => `${f.records.map((r) => r.key).join()}: ${f.message}`)
          .sort();

      // Blank cells: a row that prints a total and leaves empty a column another row fills.
      const rows = data.engagement?.interviews ?? [];
      const groups = STAKEHOLDER_GROUPS.map((g) => g.code);
      const blanks = rows.flatMap((r) => {
        const table = rows.filter((o) => o.campaign === r.campaign);
        const columns = groups.filter((g) => table.some((o) => o.counts[g] != null));
        const empty = columns.filter((g) => r.counts[g] == null);
        if (r.printedTotal == null || empty.length === 0) return [];
        return [[r.region, r.printedTotal, columns.reduce((a, g) => a + (r.counts[g] ?? 0), 0)]];
      });
      assert.ok(blanks.length > 0, 'the reference interview table has blank cells');
      assert.deepEqual(
        findings
          .filter((f) => f.kind === 'blank_count_cell')
          .map((f) => [f.records[0]?.key, f.stated, f.found])
          .sort(),
        blanks.sort(),
      );

      // Dates: later than the latest cited document, or too long before the earliest.
      const years = new Map(data.sources.map((s) => [s.code, s.year]));
      const dated = [
        ...data.initiatives.map((i) => [i.slug, i.statusAsOf, i.sources] as const),
        ...(data.engagement?.workshops ?? []).map((w) => [w.key, w.heldOn, w.sources] as const),
        ...(data.campaigns ?? []).flatMap((c) =>
          [c.opensAt, c.closesAt].map((d) => [c.slug, d, c.sources] as const),
        ),
      ].filter(([, d]) => d);
      const implausible = dated.filter(([, d, sources]) => {
        const ys = sources.map((x) => years.get(x.source)).filter((y) => y !== undefined);
        const y = Number(d?.slice(0, 4));
        return (
          ys.length > 0 && (y > Math.max(...ys) || y < Math.min(...ys) - EARLIEST_YEARS_BEFORE)
        );
      });
      assert.ok(dated.length > data.initiatives.length, 'every dated record is read');
      assert.deepEqual(
        findings
          .filter((f) => f.kind === 'implausible_date')
          .map((f) => f.records[0]?.key)
          .sort(),
        implausible.map(([key]) => key).sort(),
      );

      // Cells, repeated rows and spellings: the records in the database give the same findings
      // as the reference files read directly, and every dated, named and cited record is read.
      const cited = (
        entity: string,
        items: readonly { key: string; sources: readonly SourceRef[] }[],
      ) => [entity, new Map(items.map((i) => [i.key, i.sources]))] as const;
      const facts = recordFacts({
        initiatives: data.initiatives.map((i) => ({
          ...i,
          acronym: i.acronym ?? null,
          website: i.website ?? null,
          websiteMissing: i.websiteMissing ?? null,
          scopeVerbatim: i.scopeVerbatim ?? null,
          statusNote: i.statusNote ?? null,
          statusAsOf: i.statusAsOf ?? null,
        })),
        practices: (data.goodPractices ?? []).map((p) => ({
          slug: p.slug,
          name: p.name,
          link: p.link ?? null,
          country: p.country ?? null,
          region: p.region ?? null,
          scope: p.scope ?? null,
          summary: p.summary ?? null,
        })),
        workshops: (data.engagement?.workshops ?? []).map((w) => ({
          key: w.key,
          region: w.region,
          regionName: data.regions.find((r) => r.code === w.region)?.name ?? w.region,
          heldOn: w.heldOn ?? null,
          participants: w.participants ?? null,
          format: w.format ?? null,
          organisers: w.organisers ?? null,
        })),
        campaigns: data.campaigns ?? [],
        documents: data.sources.map((s) => ({
          code: s.code,
          title: s.title,
          year: s.year ?? null,
        })),
        cited: new Map([
          cited(
            'initiative',
            data.initiatives.map((i) => ({ key: i.slug, sources: i.sources })),
          ),
          cited(
            'good_practice',
            (data.goodPractices ?? []).map((p) => ({ key: p.slug, sources: p.sources })),
          ),
        ]),
      });
      assert.equal(
        facts.names.length,
        data.initiatives.length + (data.goodPractices ?? []).length,
        'every initiative and good practice is compared by name',
      );
      const fromFiles = findQualityIssues({
        initiatives: [],
        rowCitations: [],
        interviewRows: [],
        figures: [],
        practices: [],
        ...facts,
      });
      // A status that is a structural type, on a record of another type, is among the cells found.
      const statusTypes = data.initiatives
        .filter((i) => {
          const named = STATUSES_NAMING_A_TYPE[i.status];
          return named !== undefined && named !== i.type;
        })
        .map((i) => i.slug);
      const misplaced = findings.filter((f) => f.kind === 'misplaced_value');
      for (const slug of statusTypes)
        assert.ok(
          misplaced.some((f) => f.records[0]?.key === slug && /the status is/.test(f.message)),
          slug,
        );
      // Spellings: every record whose name or acronym another record writes differently, once
      // case, accents, punctuation and spacing are set aside, is named by a finding, and no other.
      const named = [
        ...data.initiatives.map((i) => ({
          id: `initiative/${i.slug}`,
          forms: [i.name, i.acronym],
        })),
        ...(data.goodPractices ?? []).map((p) => ({
          id: `good_practice/${p.slug}`,
          forms: [p.name],
        })),
      ];
      const spelled = new Map<string, { id: string; form: string }[]>();
      for (const n of named)
        n.forms.forEach((form, i) => {
          if (!form) return;
          const k = `${i}:${nameKey(form)}`;
          spelled.set(k, [...(spelled.get(k) ?? []), { id: n.id, form }]);
        });
      const twoWays = [...spelled.values()]
        .filter((g) => new Set(g.map((x) => x.form)).size > 1)
        .flatMap((g) => g.map((x) => x.id));
      assert.deepEqual(
        [
          ...new Set(
            findings
              .filter((f) => f.kind === 'name_spelled_twice')
              .flatMap((f) => f.records.map((r) => `${r.entity}/${r.key}`)),
          ),
        ].sort(),
        [...new Set(twoWays)].sort(),
      );

      for (const kind of ['misplaced_value', 'duplicate_table_rows', 'name_spelled_twice'])
        assert.deepEqual(keysOf(kind), keysOf(kind, fromFiles), kind);
    });
  });
}

describe('the same search on both databases', { skip: postgresSkipReason }, () => {
  test('finds the same records for accented, hyphenated and numeric words', async () => {
    const [lite, pg] = await Promise.all([freshSqlite(), freshPostgres()]);
    try {
      await seedReference(lite.db, REFERENCE_DIR);
      await seedReference(pg.db, REFERENCE_DIR);
      for (const text of [
        'precisión',
        'catalunya',
        'región',
        'Württemberg',
        '2030',
        'gen- und zelltherapien',
        'ATMP',
        'cancer care',
      ]) {
        const query = { text, filters: {}, sort: 'name' as const, page: 1, pageSize: 100 };
        const [a, b] = await Promise.all([
          searchInitiatives(lite.db, query),
          searchInitiatives(pg.db, query),
        ]);
        assert.equal(a.total, b.total, text);
        assert.deepEqual(a.hits.map((h) => h.slug).sort(), b.hits.map((h) => h.slug).sort(), text);
      }
    } finally {
      await lite.dispose();
      await pg.dispose();
    }
  });
});
