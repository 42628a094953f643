/**
 * RIS3 strategies on both databases (issue 17): the reference strategies and the EC figure beside
 * the atlas's count; a curator's upload that proposes passages and flags nothing; confirming with
 * a chosen passage (who and when recorded) and rejecting; refusals that change nothing; and the
 * counts the list shows against an independent count of the rows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Actor } from '../../src/domain/accounts.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { SCANNED_PDF_MESSAGE } from '../../src/io/document-text.ts';
import { createAccount } from '../../src/services/accounts.ts';
import { seedReference } from '../../src/services/seed.ts';
import {
  decideStrategy,
  getRegionStrategies,
  getStrategiesView,
  getStrategyReview,
  seedStrategies,
  uploadStrategy,
} from '../../src/services/strategies.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const FIXTURES = new URL('../fixtures/strategies/', import.meta.url);
const file = (name: string) => ({
  kind: 'file' as const,
  name,
  bytes: new Uint8Array(readFileSync(new URL(name, FIXTURES))),
});

/** Counts of the rows by state, written as SQL apart from the repository's. */
async function rowCounts(t: TestDb) {
  const { rows } = await sql<{ state: string; n: number | string }>`
    select review_state as state, count(*) as n from strategies group by review_state`.execute(
    t.db.kysely,
  );
  const of = (s: string) => Number(rows.find((r) => r.state === s)?.n ?? 0);
  return {
    total: rows.reduce((s, r) => s + Number(r.n), 0),
    confirmed: of('confirmed'),
    awaitingReview: of('awaiting_review'),
    rejected: of('rejected'),
    notAssessed: of('not_assessed'),
  };
}

const figure = async (t: TestDb, key: string) =>
  Number(
    (
      await sql<{ value: number }>`select value from reported_figures where key = ${key}`.execute(
        t.db.kysely,
      )
    ).rows[0]?.value,
  );

for (const dialect of DIALECTS) {
  describe(`RIS3 strategies on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let curator: Actor;
    let coordinator: Actor;
    const upload = (
      actor: Actor,
      fields: Record<string, unknown>,
      source = file('es-estrategia.pdf'),
    ) =>
      uploadStrategy(
        t.db,
        actor,
        { region: 'ES51', title: 'Estrategia de prueba', ...fields },
        source,
      );

    before(async () => {
      t = await dialect.open();
      await seedReference(t.db, REFERENCE_DIR);
      await seedStrategies(t.db, REFERENCE_DIR, { now: '2026-12-06T00:00:00.000Z' });
      const c = await createAccount(
        t.db,
        {
          email: 'cura@example.org',
          password: 'a long enough passphrase',
          role: 'curator',
          displayName: 'Cura Tor',
        },
        'cli',
      );
      const k = await createAccount(
        t.db,
        {
          email: 'coord@example.org',
          password: 'a long enough passphrase',
          role: 'coordinator',
          regions: ['ES51'],
        },
        'cli',
      );
      curator = { kind: 'account', id: c.id, role: 'curator', regions: [] };
      coordinator = { kind: 'account', id: k.id, role: 'coordinator', regions: ['ES51'] };
    });
    after(async () => {
      await t?.dispose();
    });

    test('the reference strategies: two confirmed with their quoted passages, Crete not assessed', async () => {
      const v = await getStrategiesView(t.db);
      const byKey = new Map(v.strategies.map((s) => [s.key, s]));
      assert.equal(v.strategies.length, 3);
      const paca = byKey.get('paca-regional-innovation-strategy-2014');
      assert.equal(paca?.region, 'FR');
      assert.equal(paca?.placeName, "Provence-Alpes-Côte d'Azur");
      assert.equal(paca?.prioritisesPm, true);
      assert.equal(paca?.evidence?.page, 28);
      assert.equal(paca?.evidence?.source, 'ec-ris3-slides');
      assert.match(paca?.evidence?.passage ?? '', /Eurobiomed cluster on personalised medicine/);
      assert.equal(paca?.decision?.by, 'PerMed Atlas curators (reference data)');
      const er = byKey.get('emilia-romagna-smart-specialisation-strategy');
      assert.equal(er?.state, 'confirmed');
      assert.equal(er?.evidence?.page, null);
      assert.equal(er?.evidence?.source, 'preciseu-d6-1');
      const crete = byKey.get('crete-regional-smart-specialisation-strategy');
      assert.equal(crete?.state, 'not_assessed');
      assert.equal(crete?.prioritisesPm, false);
      assert.equal(crete?.evidence, null);
      assert.deepEqual(crete?.priorityAreas, ['Health and Well-being']);
      // Each passage quoted from a seed text is in it, word for word (line breaks aside).
      const seeds = ['001_6c168e6c619dc569.txt', '003_4ef6ad07140f1731.txt']
        .map((f) => readFileSync(new URL(`../../../shared/seeds/${f}`, import.meta.url), 'utf8'))
        .join(' ')
        .replace(/\s+/g, ' ');
      for (const s of [paca, er])
        for (const part of (s?.evidence?.passage ?? '').split(' […] '))
          assert.ok(seeds.includes(part.replace(/\s+/g, ' ')), `quoted: ${part.slice(0, 40)}`);
    });

    test('the EC figure is kept as stated beside the atlas count, both from the records', async () => {
      const v = await getStrategiesView(t.db);
      const analysed = await figure(t, 'ris3-strategies-analysed-denominator');
      const prioritising = await figure(t, 'ris3-strategies-prioritising-pm');
      assert.deepEqual([analysed, prioritising], [135, 53]);
      assert.equal(v.stated?.analysed, analysed);
      assert.equal(v.stated?.prioritising, prioritising);
      assert.equal(v.stated?.printedPercent, await figure(t, 'ris3-share-prioritising-pm-percent'));
      assert.equal(v.stated?.computedPercent, 39.3);
      assert.equal(v.stated?.otherAnalysed, await figure(t, 'ris3-strategies-analysed'));
      assert.deepEqual(v.counts, await rowCounts(t));
      assert.deepEqual(v.counts, {
        total: 3,
        confirmed: 2,
        awaitingReview: 0,
        rejected: 0,
        notAssessed: 1,
      });
    });

    test('seeding the strategies again changes nothing', async () => {
      const before = await rowCounts(t);
      const report = await seedStrategies(t.db, REFERENCE_DIR);
      assert.deepEqual(report, { created: 0, updated: 0, unchanged: 3 });
      assert.deepEqual(await rowCounts(t), before);
    });

    test('an upload proposes passages and flags nothing; a confirmation with a chosen passage flags it, naming who and when', async () => {
      const before = await rowCounts(t);
      const { id, proposal } = await upload(curator, {
        periodStart: 2021,
        periodEnd: 2027,
        priorityAreas: ['Turismo sostenible', 'Salud y ciencias de la vida'],
      });
      assert.equal(proposal.proposal, 'prioritises');
      const review = await getStrategyReview(t.db, curator, id);
      assert.equal(review.strategy.state, 'awaiting_review');
      assert.equal(review.strategy.prioritisesPm, false);
      assert.equal(review.strategy.evidence, null);
      assert.equal(review.strategy.language, 'es');
      assert.deepEqual(review.strategy.document, {
        name: 'es-estrategia.pdf',
        format: 'pdf',
        pages: 3,
      });
      assert.equal(review.passages[0]?.page, 2);
      assert.match(review.passages[0]?.text ?? '', /medicina personalizada/);
      assert.ok(
        review.passages.every((p, i) => i === 0 || p.score <= (review.passages[i - 1]?.score ?? 0)),
      );
      assert.deepEqual(await rowCounts(t), {
        ...before,
        total: before.total + 1,
        awaitingReview: before.awaitingReview + 1,
      });

      const chosen = review.passages[1] ?? review.passages[0];
      const startedAt = new Date().toISOString();
      const decided = await decideStrategy(t.db, curator, id, {
        decision: 'confirm',
        passageId: chosen?.id ?? -1,
      });
      assert.equal(decided.state, 'confirmed');
      assert.equal(decided.prioritisesPm, true);
      assert.equal(decided.evidence?.passage, chosen?.text);
      assert.equal(decided.evidence?.page, chosen?.page);
      assert.equal(decided.evidence?.source, null, 'quoted from the document itself');
      assert.equal(decided.decision?.by, 'Cura Tor');
      assert.ok((decided.decision?.at ?? '') >= startedAt);
      const history = await sql<{ n: number | string }>`
        select count(*) as n from history where entity = 'strategy' and entity_key = ${decided.key}`.execute(
        t.db.kysely,
      );
      assert.equal(Number(history.rows[0]?.n), 2, 'created and decided, both in the history');
      await assert.rejects(decideStrategy(t.db, curator, id, { decision: 'reject' }), (e) =>
        isAppError(e, 'conflict'),
      );
      const v = await getStrategiesView(t.db);
      assert.equal(v.counts.confirmed, before.confirmed + 1);
      assert.deepEqual(v.counts, await rowCounts(t));
    });

    test('a rejection records who and why, and flags nothing', async () => {
      const { id } = await uploadStrategy(
        t.db,
        curator,
        { region: 'DE1', title: 'Innovationsstrategie Baden-Württemberg (Test)' },
        file('de-strategie.docx'),
      );
      const decided = await decideStrategy(t.db, curator, id, {
        decision: 'reject',
        note: 'Only the health field names it; the test says no.',
      });
      assert.equal(decided.state, 'rejected');
      assert.equal(decided.prioritisesPm, false);
      assert.equal(decided.evidence, null);
      assert.equal(decided.decision?.by, 'Cura Tor');
      assert.equal(decided.decision?.note, 'Only the health field names it; the test says no.');
      assert.equal(decided.language, 'de', 'recognised from the text');
    });

    test('nothing is flagged without a confirmation of one of its own passages', async () => {
      const { id } = await upload(curator, {}, file('en-strategy.txt'));
      const other = (await getStrategiesView(t.db)).strategies.find(
        (s) => s.state === 'confirmed' && s.id !== id,
      );
      const foreign = other ? await getStrategyReview(t.db, curator, other.id) : undefined;
      for (const passageId of [-1, 999999, ...(foreign?.passages.map((p) => p.id) ?? [])])
        await assert.rejects(
          decideStrategy(t.db, curator, id, { decision: 'confirm', passageId }),
          (e) => isAppError(e, 'invalid_parameter'),
        );
      const still = await getStrategyReview(t.db, curator, id);
      assert.equal(still.strategy.state, 'awaiting_review');
      assert.equal(still.strategy.prioritisesPm, false);
      const none = await upload(curator, {}, file('en-tourism.txt'));
      const review = await getStrategyReview(t.db, curator, none.id);
      assert.equal(review.proposal, 'no_evidence');
      assert.deepEqual(review.passages, []);
    });

    test('a coordinator or a visitor may not read, upload or decide; refusals change nothing', async () => {
      const before = await rowCounts(t);
      const visitor: Actor = { kind: 'visitor' };
      await assert.rejects(upload(coordinator, {}), (e) => isAppError(e, 'forbidden'));
      await assert.rejects(upload(visitor, {}), (e) => isAppError(e, 'unauthenticated'));
      const awaiting = (await getStrategiesView(t.db)).strategies.find(
        (s) => s.state === 'awaiting_review',
      );
      assert.ok(awaiting);
      await assert.rejects(getStrategyReview(t.db, coordinator, awaiting.id), (e) =>
        isAppError(e, 'forbidden'),
      );
      await assert.rejects(
        decideStrategy(t.db, coordinator, awaiting.id, { decision: 'reject' }),
        (e) => isAppError(e, 'forbidden'),
      );
      assert.deepEqual(await rowCounts(t), before);
    });

    test('a scanned PDF, a form with problems or a document read before stores nothing', async () => {
      const before = await rowCounts(t);
      await assert.rejects(upload(curator, {}, file('scanned.pdf')), (e) => {
        assert.ok(isAppError(e, 'invalid_file'));
        assert.equal(e.message, SCANNED_PDF_MESSAGE);
        return true;
      });
      await assert.rejects(
        uploadStrategy(
          t.db,
          curator,
          { region: 'XX9', title: 'ab', periodStart: 2027, periodEnd: 2021, link: 'ftp://x' },
          file('en-strategy.txt'),
        ),
        (e) => {
          assert.ok(isAppError(e, 'invalid_data'));
          const fields = (e.details.errors as { field: string }[]).map((x) => x.field).sort();
          assert.deepEqual(fields, ['link', 'periodEnd', 'region', 'title']);
          return true;
        },
      );
      // The same document again for the same region: it points at the reading there is.
      await assert.rejects(upload(curator, { title: 'Otra vez' }), (e) => {
        assert.ok(isAppError(e, 'conflict'));
        assert.match(e.message, /already been read for ES51: see \/strategies\/\d+\/review/);
        return true;
      });
      assert.deepEqual(await rowCounts(t), before);
    });

    test("a region's strategies; a country's include its regions' and places filed under it", async () => {
      const es51 = await getRegionStrategies(t.db, 'ES51');
      assert.ok(es51.length >= 3);
      assert.ok(es51.every((s) => s.region === 'ES51'));
      const spain = await getRegionStrategies(t.db, 'ES');
      assert.deepEqual(spain.map((s) => s.id).sort(), es51.map((s) => s.id).sort());
      const fr = await getRegionStrategies(t.db, 'FR');
      assert.deepEqual(
        fr.map((s) => s.key),
        ['paca-regional-innovation-strategy-2014'],
      );
      await assert.rejects(getRegionStrategies(t.db, 'XX'), (e) => isAppError(e, 'not_found'));
      const all = await getStrategiesView(t.db);
      const listed = all.strategies.filter((s) => s.region === 'ITH5');
      assert.deepEqual(await getRegionStrategies(t.db, 'ITH5'), listed);
    });

    test('the counts on the list equal the records on it', async () => {
      const v = await getStrategiesView(t.db);
      const by = (s: string) => v.strategies.filter((x) => x.state === s).length;
      assert.deepEqual(v.counts, {
        total: v.strategies.length,
        confirmed: by('confirmed'),
        awaitingReview: by('awaiting_review'),
        rejected: by('rejected'),
        notAssessed: by('not_assessed'),
      });
      assert.equal(v.counts.confirmed, v.strategies.filter((s) => s.prioritisesPm).length);
      assert.deepEqual(v.counts, await rowCounts(t));
    });
  });
}
