/**
 * Fact sheets in the regions' own languages (issue 17): five regions written for this test hold
 * the same fact sheet in English, Spanish, German, Greek and Lithuanian; through the API each
 * gets the transfer conditions of the English one checked the same way, and as a mentor each
 * brings the same strength reasons.
 */
import assert from 'node:assert/strict';
import { upsertRegionalReport } from '../../src/repositories/regional-reports.ts';
import { upsertRegion } from '../../src/repositories/regions.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { referenceApp } from '../helpers/reference-app.ts';
import { describe, test } from '../helpers/suite.ts';
import { SHEETS, type SheetLanguage, STRENGTH_REASONS } from '../helpers/twinning-sheets.ts';

interface Evidence {
  kind: string;
  ref: string;
  met: boolean;
}
interface Twinning {
  weights: { challenge: number };
  mentors: { place: string; score: number; strengths: { barrier: string; text: string }[] }[];
  practices: {
    slug: string;
    score: number;
    conditions: { requires: string; status: string; evidence: Evidence[] }[];
  }[];
}

/** The test regions, one per language; "AA" codes sort before every region on record. */
const REGIONS: Record<SheetLanguage, string> = {
  en: 'AAEN',
  es: 'AAES',
  de: 'AADE',
  el: 'AAEL',
  lt: 'AALT',
};
const LANGS = Object.keys(REGIONS) as SheetLanguage[];
/** The barriers the English strengths address (each requirement's `challenges`). */
const ADDRESSED = ['B01', 'B02', 'B03', 'B04', 'B05', 'B10', 'B11', 'B12', 'B14', 'B15', 'B16'];

for (const dialect of DIALECTS) {
  describe(`twinning on fact sheets in five languages on ${dialect.name}`, {
    skip: dialect.skip,
  }, () => {
    const site = referenceApp(dialect);
    let written = false;
    /** Writes the five regions and their fact sheets once; one challenge, B08, none addressed. */
    async function write() {
      if (written) return;
      written = true;
      const ctx = { now: '2026-12-06T00:00:00Z', actor: 'test' };
      for (const lang of LANGS) {
        const code = REGIONS[lang];
        await upsertRegion(
          site.db.kysely,
          {
            code,
            name: `Test region (${lang})`,
            level: 'nuts2',
            country: 'ES',
            partner: true,
            sources: [],
          },
          ctx,
        );
        await upsertRegionalReport(
          site.db.kysely,
          {
            region: code,
            campaign: 'preciseu-barrier-mapping-2025',
            overview: `A fact sheet written for a test, in ${lang}.`,
            challenges: [{ barrier: 'B08', note: 'Rules for advanced therapies are complex.' }],
            strengths: [...SHEETS[lang].strengths],
            weaknesses: [...SHEETS[lang].weaknesses],
            sources: [],
          },
          ctx,
        );
      }
    }
    /** A record a condition cites, as its kind and line number in the sheet (texts differ by language). */
    const line = (lang: SheetLanguage, e: Evidence) => {
      const list: readonly string[] =
        e.kind === 'strength'
          ? SHEETS[lang].strengths
          : e.kind === 'weakness'
            ? SHEETS[lang].weaknesses
            : [];
      return `${e.kind} ${e.met} ${list.length > 0 ? list.indexOf(e.ref) : e.ref}`;
    };

    test("each region's practices have the English sheet's conditions, met and not met alike", async () => {
      await write();
      const seen = new Map<SheetLanguage, unknown>();
      for (const lang of LANGS) {
        const tw = (await site.json(`/api/v1/regions/${REGIONS[lang]}/twinning`)) as Twinning;
        seen.set(
          lang,
          tw.practices.map((p) => ({
            slug: p.slug,
            score: p.score,
            conditions: p.conditions.map((c) => ({
              requires: c.requires,
              status: c.status,
              evidence: c.evidence.map((e) => line(lang, e)),
            })),
          })),
        );
        // Every strength or weakness cited is a line of this region's own sheet.
        for (const p of tw.practices)
          for (const c of p.conditions)
            for (const e of c.evidence)
              if (e.kind === 'strength' || e.kind === 'weakness')
                assert.notEqual(line(lang, e).split(' ')[2], '-1', `${lang}: ${e.ref}`);
      }
      const english = seen.get('en') as { conditions: { status: string; evidence: string[] }[] }[];
      // Not a comparison of empty lists: the English sheet's strengths decide some conditions.
      const bySheet = english
        .flatMap((p) => p.conditions)
        .filter((c) => c.evidence[0]?.startsWith('strength '));
      assert.ok(bySheet.length > 0, 'some condition is met by a strength of the sheet');
      assert.ok(bySheet.every((c) => c.status === 'met'));
      for (const lang of LANGS) assert.deepEqual(seen.get(lang), english, lang);
    });

    test('as mentors, the five regions bring the same strength reasons, read off their sheets', async () => {
      await write();
      // Picked barriers that the sheets' strengths address: each test region covers them all,
      // so the five rank first (ties go by code) with the highest possible score.
      const query = ADDRESSED.map((b) => `barrier=${b}`).join('&');
      const tw = (await site.json(`/api/v1/twinning?${query}`)) as Twinning;
      const mentors = tw.mentors.filter((m) => LANGS.some((l) => REGIONS[l] === m.place));
      assert.deepEqual(mentors.map((m) => m.place).sort(), Object.values(REGIONS).sort());
      // Each picked barrier weighs as a fact-sheet challenge; the weight is the API's own.
      for (const m of mentors)
        assert.equal(m.score, tw.weights.challenge * ADDRESSED.length, m.place);
      const reasons = (lang: SheetLanguage) => {
        const m = mentors.find((x) => x.place === REGIONS[lang]);
        const list: readonly string[] = SHEETS[lang].strengths;
        return (m?.strengths ?? []).map((s) => `${s.barrier} ${list.indexOf(s.text)}`);
      };
      assert.deepEqual(reasons('en'), STRENGTH_REASONS);
      for (const lang of LANGS) assert.deepEqual(reasons(lang), reasons('en'), lang);
    });
  });
}
