import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAppError } from '../../src/domain/errors.ts';
import type { ResponseAnswers } from '../../src/domain/questionnaires.ts';
import type { Initiative } from '../../src/domain/schemas.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { listResponses } from '../../src/repositories/campaign-responses.ts';
import { seedReference } from '../../src/services/seed.ts';
import { referenceRoundNotes } from '../../src/services/seed-rounds.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { FIXTURE_DIR, REFERENCE_DIR, scratchFiles } from '../helpers/fixtures.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';

const D31 = 'preciseu-initiative-mapping-2025';
const D61 = 'preciseu-barrier-mapping-2025';

// PRECISEU D3.1, section 7 "Appendix": the table numbers its rows 1 to 118 and prints number 89
// twice ("Mapping" and "Modern Paradigms of Personalised Therapy in Oncology"): 119 rows.
const D31_APPENDIX_ROWS = 119;
// PRECISEU D6.1, "Tab 3. Number of expert interviews conducted by country representatives in each
// country/region", row "Total": 158 in all; industry 52, healthcare providers 14, research and
// academia 42, public authority/other 51 (the group totals add up to 159, not 158).
const D61_TAB3_PRINTED_TOTAL = 158;
const D61_TAB3_BY_GROUP = {
  industry: 52,
  healthcare_provider: 14,
  research_academia: 42,
  public_authority_other: 51,
};
// PRECISEU D6.1, "Tab 4. Market and Patient Access workshops held in respective region": nine
// rows, "Total 199" participants; footnote 2: every region but Germany held a workshop.
const D61_TAB4_WORKSHOPS = 9;
const D61_TAB4_PARTICIPANTS = 199;

/** Whether an initiative cites a row of the D3.1 appendix (read here without the app's helper). */
const appendixRow = (i: Initiative) =>
  i.sources.find((s) => s.source === 'preciseu-d3-1' && s.section === '7 Appendix')?.row;

const parse = (answers: string) => JSON.parse(answers) as ResponseAnswers;

describe('a campaign and its questionnaire', () => {
  const scratch = scratchFiles('atlas-rounds-');
  /** The fixture folder with one campaign asking `questionnaire`, the shipped questionnaires and sources. */
  const folder = (questionnaire: { slug: string; version: number }) => {
    const dir = join(scratch.dir, `${questionnaire.slug}-${questionnaire.version}`);
    cpSync(FIXTURE_DIR, dir, { recursive: true });
    for (const file of ['questionnaires.json', 'sources.json'])
      cpSync(join(REFERENCE_DIR, file), join(dir, file));
    const [campaign] = JSON.parse(readFileSync(join(REFERENCE_DIR, 'campaigns.json'), 'utf8'));
    const { regions: _regions, ...rest } = campaign;
    writeFileSync(join(dir, 'campaigns.json'), JSON.stringify([{ ...rest, questionnaire }]));
    return dir;
  };

  test('is refused when the questionnaire version is not in questionnaires.json', async () => {
    await assert.rejects(
      readReferenceData(folder({ slug: 'preciseu-initiative-survey', version: 9 })),
      (e) => {
        assert.ok(isAppError(e, 'invalid_data'));
        assert.match(
          e.message,
          /campaigns\.json\[0\] preciseu-initiative-mapping-2025: questionnaire preciseu-initiative-survey version 9 is not in questionnaires\.json/,
        );
        return true;
      },
    );
  });

  test('is refused when the questionnaire asks for another kind of round', async () => {
    await assert.rejects(
      readReferenceData(folder({ slug: 'preciseu-regional-report', version: 1 })),
      /asks for a barrier_mapping round, but this campaign is initiative_mapping/,
    );
  });

  test('loads when the version is there', async () => {
    const data = await readReferenceData(
      folder({ slug: 'preciseu-initiative-survey', version: 1 }),
    );
    assert.equal(data.campaigns?.[0]?.questionnaire?.version, 1);
  });
});

for (const dialect of DIALECTS) {
  describe(`the seed rounds on ${dialect.name}`, { skip: dialect.skip }, () => {
    const app = referenceApp(dialect);

    test('the D3.1 round holds each region its appendix rows, in row order', async () => {
      const data = await readReferenceData(REFERENCE_DIR);
      const rows = await listResponses(app.db.kysely, D31);
      const expected = new Map<string, { row: number; slug: string }[]>();
      for (const i of data.initiatives) {
        const row = appendixRow(i);
        if (row === undefined || !i.submittingRegion) continue;
        const list = expected.get(i.submittingRegion) ?? [];
        list.push({ row: Number(row), slug: i.slug });
        expected.set(i.submittingRegion, list);
      }
      assert.deepEqual(rows.map((r) => r.region_code).sort(), [...expected.keys()].sort());
      let total = 0;
      for (const r of rows) {
        assert.equal(r.state, 'accepted');
        assert.equal(r.revision, 1);
        assert.equal(r.questionnaire_version, 1);
        assert.equal(r.updated_by, 'seed');
        assert.equal(r.accepted_at, '2025-01-31', 'closes at the end of January 2025');
        const items = parse(r.answers).initiatives ?? [];
        const want = (expected.get(r.region_code) ?? []).sort((a, b) => a.row - b.row);
        assert.deepEqual(
          items.map((it) => it.ref),
          want.map((w) => w.slug),
          r.region_code,
        );
        for (const it of items) {
          const i = data.initiatives.find((x) => x.slug === it.ref);
          assert.equal(it.answers.name, i?.name);
          assert.deepEqual(it.answers.scopes, i?.scopes);
          assert.equal(it.answers.status, i?.status);
          assert.equal(it.carry, undefined, 'a first round carries nothing');
        }
        total += items.length;
      }
      assert.equal(total, D31_APPENDIX_ROWS);
      const invited = data.campaigns?.find((c) => c.slug === D31)?.regions ?? [];
      assert.deepEqual(
        [...invited].sort(),
        rows.map((r) => r.region_code).sort(),
        'every invited region responded',
      );
    });

    test('the D6.1 round: interviews by group per region, workshops, and the table totals', async () => {
      const data = await readReferenceData(REFERENCE_DIR);
      const rows = await listResponses(app.db.kysely, D61);
      const reports = (data.regionalReports ?? []).filter((r) => r.campaign === D61);
      assert.deepEqual(rows.map((r) => r.region_code).sort(), reports.map((r) => r.region).sort());
      const byGroup: Record<string, number> = {};
      let interviews = 0;
      let workshops = 0;
      let participants = 0;
      for (const r of rows) {
        const a = parse(r.answers);
        const report = reports.find((x) => x.region === r.region_code);
        assert.equal(a.summary?.[0]?.answers.overview, report?.overview);
        assert.deepEqual(
          a.barriers?.map((b) => b.answers.barrier),
          report?.challenges.map((c) => c.barrier),
        );
        assert.equal(a.strengths?.length, report?.strengths.length);
        assert.equal(a.weaknesses?.length, report?.weaknesses.length);
        const row = data.engagement?.interviews.find(
          (x) => x.campaign === D61 && x.region === r.region_code,
        );
        for (const [group, n] of Object.entries(row?.counts ?? {})) {
          const items = (a.interviews ?? []).filter((i) => i.answers.stakeholder_group === group);
          assert.equal(items.length, n ?? 0, `${r.region_code} ${group}`);
          assert.ok(items.every((i) => i.answers.consent === true));
        }
        for (const i of a.interviews ?? []) {
          const g = String(i.answers.stakeholder_group);
          byGroup[g] = (byGroup[g] ?? 0) + 1;
          interviews++;
        }
        for (const w of a.workshop ?? []) {
          workshops++;
          participants += Number(w.answers.participants_total ?? 0);
        }
      }
      assert.deepEqual(byGroup, D61_TAB3_BY_GROUP);
      assert.equal(workshops, D61_TAB4_WORKSHOPS);
      assert.equal(participants, D61_TAB4_PARTICIPANTS);
      const germany = rows.find((r) => r.region_code === 'DE1');
      assert.ok(germany, 'Baden-Württemberg responded');
      assert.deepEqual(
        parse(germany.answers).workshop,
        [],
        'Baden-Württemberg held one-on-one consultations instead of a workshop',
      );
      // The items count every interview by group: one more than the printed total, because of
      // the Crete row (parts 4 + 3 + 4 printed beside a total of 10).
      assert.equal(interviews, D61_TAB3_PRINTED_TOTAL + 1);
      const notes = referenceRoundNotes(data).filter((n) => n.campaign === D61);
      assert.deepEqual(
        notes.map((n) => n.region),
        ['EL43'],
      );
      assert.match(notes[0]?.message ?? '', /total of 10 .* add up to 11/);
    });

    test('the printed inconsistencies of D3.1 are listed: row 89 twice, counts outside 5-10', async () => {
      const data = await readReferenceData(REFERENCE_DIR);
      const notes = referenceRoundNotes(data).filter((n) => n.campaign === D31);
      const rows = await listResponses(app.db.kysely, D31);
      const outside = rows
        .filter((r) => {
          const n = parse(r.answers).initiatives?.length ?? 0;
          return n < 5 || n > 10;
        })
        .map((r) => r.region_code);
      assert.ok(outside.length > 0, 'some regions reported fewer than 5 or more than 10');
      assert.deepEqual(notes.flatMap((n) => (n.region ? [n.region] : [])).sort(), outside.sort());
      assert.ok(notes.some((n) => !n.region && /row number 89 2 times/.test(n.message)));
    });

    test('the API reports the D3.1 round with its regions and initiatives from the answers', async () => {
      const rows = await listResponses(app.db.kysely, D31);
      const items = rows.reduce((a, r) => a + (parse(r.answers).initiatives?.length ?? 0), 0);
      const c = await app.json(`/api/v1/campaigns/${D31}`);
      assert.ok(c.results.regions.length > 0);
      assert.deepEqual(c.results.regions, rows.map((r) => r.region_code).sort());
      assert.equal(c.results.responses, rows.length);
      assert.equal(c.results.initiatives, items);
      assert.equal(c.results.initiatives, D31_APPENDIX_ROWS);
      assert.deepEqual(c.questionnaire, { slug: 'preciseu-initiative-survey', version: 1 });
      const r = await app.json(`/api/v1/campaigns/${D61}`);
      assert.equal(r.results.interviews, D61_TAB3_PRINTED_TOTAL);
      assert.equal(r.results.workshopParticipants, D61_TAB4_PARTICIPANTS);
      assert.deepEqual(
        r.results.notes.map((n: { region: string }) => n.region),
        ['EL43'],
      );
    });

    test('seeding again changes nothing', async () => {
      const before = await listResponses(app.db.kysely);
      const again = await seedReference(app.db, REFERENCE_DIR);
      assert.deepEqual(again.responses, { created: 0, updated: 0, unchanged: before.length });
      assert.equal(again.questionnaires.created, 0);
      assert.ok(again.questionnaires.unchanged > 0);
      assert.deepEqual(await listResponses(app.db.kysely), before);
    });
  });
}
