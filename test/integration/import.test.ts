import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { countHistory } from '../../src/repositories/history.ts';
import { listImportPresets } from '../../src/repositories/imports.ts';
import { countInitiatives, findInitiativeBySlug } from '../../src/repositories/initiatives.ts';
import {
  type ImportOptions,
  type ImportSummary,
  importInitiatives,
  type PlanRow,
} from '../../src/services/imports.ts';
import { seedReference } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';
import { afterEach, beforeEach, describe, test } from '../helpers/suite.ts';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

/** Runs an import and collects the plan of every row. */
async function run(
  t: TestDb,
  file: string,
  options: ImportOptions = {},
): Promise<{ summary: ImportSummary; rows: PlanRow[]; byRow: Map<number, PlanRow> }> {
  const rows: PlanRow[] = [];
  const summary = await importInitiatives(t.db, fixture(file), {
    now: '2026-11-25T12:00:00.000Z',
    ...options,
    onRow: (r) => rows.push(r),
  });
  return { summary, rows, byRow: new Map(rows.map((r) => [r.row, r])) };
}

/** What the database holds, to show that a run changed nothing. */
async function state(t: TestDb) {
  return {
    initiatives: await countInitiatives(t.db.kysely),
    history: await countHistory(t.db.kysely),
  };
}

const PDF_DECISIONS: ImportOptions = {
  defaults: { type: 'ongoing_project' },
  acceptSuggestions: true,
  continuations: 'merge',
  duplicates: 'merge',
  decisions: new Map([[8, 'merge']]),
};

for (const dialect of DIALECTS) {
  describe(`import of messy files (${dialect.name})`, { skip: dialect.skip }, () => {
    // Each test starts from the small reference fixture, so that no file sees another's records.
    let t: TestDb;
    beforeEach(async () => {
      t = await dialect.open();
      await seedReference(t.db, FIXTURE_DIR, { now: '2026-01-01T00:00:00.000Z' });
    });
    afterEach(async () => {
      await t?.dispose();
    });

    test('a table pasted from a PDF report: the plan shows every normalisation, continuation and suggestion, and writes nothing', async () => {
      const before = await state(t);
      const { summary, byRow } = await run(t, 'pdf-appendix.tsv');
      assert.deepEqual(await state(t), before, 'a dry run writes nothing');
      assert.equal(summary.applied, false);
      assert.equal(summary.file.format, 'csv');
      assert.equal(summary.file.delimiter, '\t');
      assert.equal(summary.blankRows, 3);
      assert.deepEqual(
        summary.mapping.map((c) => c.target),
        ['row_label', 'name', 'domain', 'website', 'scopes', 'status'],
      );
      // Row 3 of the PDF table is split over file rows 4 and 6 (a blank line between).
      const split = byRow.get(4);
      assert.deepEqual(split?.rows, [4, 6]);
      assert.equal(split?.continuation?.decision, 'pending');
      assert.equal(split?.action, 'blocked');
      assert.match(split?.name ?? '', /healthcare, research, and innovation\.$/);
      assert.ok(split?.questions.some((q) => q.includes('--decide 4=merge')));
      // The acronym is split out of "GMS (Genomic Medicine Sweden)".
      const gms = byRow.get(2);
      assert.ok(
        gms?.changes.some(
          (c) =>
            c.field === 'name' &&
            c.original === 'GMS (Genomic Medicine Sweden)' &&
            c.normalised === 'Genomic Medicine Sweden',
        ),
      );
      // The same record exists: same slug, link, name and acronym are the evidence.
      const dup = gms?.duplicates[0];
      assert.equal(dup?.of.slug, 'genomic-medicine-sweden');
      assert.deepEqual(dup?.evidence.map((e) => e.kind).sort(), [
        'same_acronym',
        'same_link',
        'same_name',
        'same_slug',
      ]);
      // No country column: the link's domain suggests one, but nothing is applied.
      const scilifelab = byRow.get(3);
      assert.equal(scilifelab?.countrySuggestions[0]?.country, 'SE');
      assert.match(scilifelab?.countrySuggestions[0]?.reason ?? '', /\.se/);
      assert.ok(
        scilifelab?.flags.some((f) => f.field === 'home_country' && f.severity === 'blocking'),
      );
      // Normalisations, each listed with row, field, original and result.
      const change = (row: number, field: string) =>
        byRow.get(row)?.changes.find((c) => c.field === field);
      assert.deepEqual(
        { ...change(8, 'website') },
        {
          row: 8,
          field: 'website',
          original: 'N/A',
          normalised: '',
          rule: 'not a link: kept as the reason there is no website',
        },
      );
      assert.equal(change(9, 'status')?.original, 'To be launched');
      assert.equal(change(9, 'status')?.normalised, 'planned');
      assert.equal(change(9, 'domain')?.original, 'Policy&Regulation');
      assert.equal(change(9, 'domain')?.normalised, 'policy_regulation');
      assert.equal(change(10, 'status')?.original, 'Permanent institution');
      assert.equal(change(10, 'status')?.normalised, 'permanent');
      assert.equal(change(3, 'domain')?.original, 'R&I');
      assert.equal(
        change(3, 'status_as_of')?.normalised,
        '2025-01',
        'the date comes from "Status (Jan-2025)"',
      );
      assert.equal(change(12, 'scopes')?.normalised, 'local; regional; national');
      assert.equal(summary.actions.create, 0);
    });

    test('applying with open questions is refused whole; with decisions it writes all rows, and again changes nothing', async () => {
      const before = await state(t);
      const refused = await run(t, 'pdf-appendix.tsv', { apply: true });
      assert.equal(refused.summary.applied, false);
      assert.match(refused.summary.refused ?? '', /nothing was written/);
      assert.deepEqual(await state(t), before);

      const applied = await run(t, 'pdf-appendix.tsv', { ...PDF_DECISIONS, apply: true });
      assert.equal(applied.summary.applied, true);
      assert.deepEqual(
        { ...applied.summary.actions },
        { create: 5, update: 0, unchanged: 0, merge: 4, skip: 0, blocked: 0, decide: 0 },
      );
      assert.equal((await state(t)).initiatives, before.initiatives + 5);
      const joined = await findInitiativeBySlug(
        t.db.kysely,
        'system-demonstrator-for-national-collection-and-sharing-of-omics-data-for-health',
      );
      assert.equal(
        joined?.name,
        'System demonstrator for national collection and sharing of omics data for healthcare, research, and innovation.',
      );
      assert.equal(joined?.homeCountry, 'SE');
      assert.deepEqual(joined?.sources, [
        { source: 'import-pdf-appendix-tsv', row: '4', note: 'rows 4, 6 of the file' },
      ]);
      const camp = await findInitiativeBySlug(t.db.kysely, 'camp');
      assert.ok(
        camp?.sources.some((s) => s.source === 'import-pdf-appendix-tsv' && s.row === '8'),
        'a merged record cites the file and row too',
      );

      const afterApply = await state(t);
      const again = await run(t, 'pdf-appendix.tsv', { ...PDF_DECISIONS, apply: true });
      assert.equal(again.summary.actions.unchanged, 9);
      assert.equal(
        again.summary.actions.create + again.summary.actions.update + again.summary.actions.merge,
        0,
      );
      assert.deepEqual(await state(t), afterApply, 're-importing the same file changes nothing');
    });

    test('links a PDF cut over two lines (an empty line between or not) are joined, and match the record they link to', async () => {
      const dry = await run(t, 'pdf-split-links.tsv', { continuations: 'merge' });
      assert.equal(dry.summary.blankRows, 2);
      assert.deepEqual(
        dry.rows.map((r) => [r.row, r.rows]),
        [
          [2, [2, 4]],
          [5, [5, 6]],
          [7, [7]],
          [8, [8, 10]],
        ],
      );
      // Joined, ATMP Catalonia's link is the stored record's, evidence that it is the same record.
      const atmp = dry.byRow.get(2);
      assert.equal(atmp?.duplicates[0]?.of.slug, 'atmp-catalonia');
      assert.ok(atmp?.duplicates[0]?.evidence.some((e) => e.kind === 'same_link'));
      assert.ok(dry.rows.every((r) => !r.flags.some((f) => f.field === 'website')));

      const { summary } = await run(t, 'pdf-split-links.tsv', {
        continuations: 'merge',
        duplicates: 'merge',
        defaults: { home_country: 'ES', type: 'ongoing_project' },
        apply: true,
      });
      assert.equal(summary.applied, true);
      assert.deepEqual(
        { ...summary.actions },
        { create: 3, update: 0, unchanged: 0, merge: 1, skip: 0, blocked: 0, decide: 0 },
      );
      const website = async (slug: string) =>
        (await findInitiativeBySlug(t.db.kysely, slug))?.website;
      assert.equal(
        await website('data-analytics-program-for-health-research-and-innovation'),
        'https://aquas.gencat.cat/ca/fem/intelligencia-analitica/padris/index.html',
      );
      assert.equal(
        await website('digital-innovation-hub-of-catalonia'),
        'https://dih4cat.cat/en/dih4cat/',
      );
      assert.equal(await website('salut-ia'), 'https://iasalut.cat/en/');
      assert.equal(
        await website('atmp-catalonia'),
        'https://www.biocat.cat/ca/acceleracio/la-xarxa-de-terapies-avancades-de-catalunya',
      );
    });

    test('a semicolon CSV in Windows-1252 with Spanish headers and labels', async () => {
      const { summary, byRow } = await run(t, 'semicolon-windows-1252.csv', {
        decisions: new Map([[2, 'skip']]),
        apply: true,
      });
      assert.equal(summary.file.encoding, 'windows-1252');
      assert.equal(summary.file.delimiter, ';');
      assert.deepEqual(
        summary.mapping.map((c) => c.header),
        [
          'Nº',
          'Nombre de la iniciativa',
          'Enlace',
          'País',
          'Ámbito geográfico',
          'Estado',
          'Dominio',
          'Tipo',
        ],
      );
      assert.equal(byRow.get(2)?.action, 'skip');
      assert.ok(byRow.get(2)?.duplicates[0]?.evidence.some((e) => e.kind === 'same_link'));
      const salut = await findInitiativeBySlug(t.db.kysely, 'salut-ia');
      assert.equal(salut?.homeCountry, 'ES', '"España" is read as ES');
      assert.equal(salut?.website, 'https://iasalut.cat/en/', 'a bare host name gets https://');
      assert.equal(salut?.domain, 'policy_regulation', '"Política y regulación"');
      assert.equal(salut?.type, 'permanent_institution');
      const hub = await findInitiativeBySlug(
        t.db.kysely,
        'digital-innovation-hub-of-catalonia-dih4cat',
      );
      assert.equal(
        hub?.name,
        'Digital Innovation Hub of Catalonia; DIH4CAT',
        'a quoted semicolon stays in the cell',
      );
      assert.deepEqual(hub?.scopes, ['regional', 'european']);
      assert.equal(hub?.scopeVerbatim, 'Regional; Europea', 'the unreadable text is kept verbatim');
      assert.ok(byRow.get(5)?.flags.some((f) => f.field === 'scopes' && f.severity === 'kept'));
      assert.equal(hub?.status, 'closed');
    });

    test('a UTF-16 "Unicode text" export: value mappings, a merge into an existing record and unknown funders kept', async () => {
      const { summary, byRow } = await run(t, 'utf16-unicode-text.txt', {
        decisions: new Map([[2, 'merge']]),
        apply: true,
      });
      assert.equal(summary.file.encoding, 'utf-16le');
      assert.equal(byRow.get(2)?.action, 'merge');
      assert.equal(byRow.get(2)?.target, 'dktk');
      const dktk = await findInitiativeBySlug(t.db.kysely, 'dktk');
      assert.ok(
        dktk?.funding.some(
          (f) =>
            f.funder === 'Bundesministerium für Bildung und Forschung' && f.kind === 'national',
        ),
      );
      const dnpm = await findInitiativeBySlug(
        t.db.kysely,
        'deutsches-netzwerk-fur-personalisierte-medizin',
      );
      assert.equal(dnpm?.homeCountry, 'DE');
      assert.deepEqual(
        dnpm?.funding.map((f) => [f.funder, f.kind]),
        [['Deutsche Krebshilfe Stiftung', 'charity']],
      );
      assert.deepEqual(
        dnpm?.extra,
        { Förderung: 'Quantum Fund' },
        'a funder of unknown kind is kept, not dropped',
      );
      assert.ok(
        byRow.get(3)?.flags.some((f) => f.value === 'Quantum Fund' && f.severity === 'kept'),
      );
    });

    test('a file that numbers two rows alike and lists one link twice', async () => {
      const dry = await run(t, 'duplicated-row-number.csv');
      const second = dry.byRow.get(4);
      assert.ok(
        second?.flags.some(
          (f) => f.field === 'row_label' && f.value === '89' && /row 3/.test(f.problem),
        ),
      );
      const inFile = dry.byRow.get(6);
      assert.equal(inFile?.action, 'decide');
      assert.deepEqual(inFile?.duplicates[0]?.of, {
        where: 'file',
        row: 5,
        slug: 'oncotheranostics',
        name: 'Oncotheranostics',
      });

      const { summary } = await run(t, 'duplicated-row-number.csv', {
        decisions: new Map([
          [4, 'keep'],
          [6, 'merge'],
        ]),
        apply: true,
      });
      assert.deepEqual(
        { ...summary.actions },
        { create: 4, update: 0, unchanged: 0, merge: 1, skip: 0, blocked: 0, decide: 0 },
      );
      // The file's keys are kept in a table only while the import runs.
      const leftover = await t.db.kysely.selectFrom('import_keys').selectAll().execute();
      assert.deepEqual(leftover, []);
      const mapping = await findInitiativeBySlug(t.db.kysely, 'mapping');
      const paradigms = await findInitiativeBySlug(
        t.db.kysely,
        'modern-paradigms-of-personalised-therapy-in-oncology',
      );
      assert.deepEqual(mapping?.sources, [
        { source: 'import-duplicated-row-number-csv', row: '3', note: 'numbered 89 in the file' },
      ]);
      assert.deepEqual(paradigms?.sources, [
        { source: 'import-duplicated-row-number-csv', row: '4', note: 'numbered 89 in the file' },
      ]);
      const onco = await findInitiativeBySlug(t.db.kysely, 'oncotheranostics');
      assert.equal(
        onco?.extra?.['name (row 6)'],
        'Oncotheranostics centre',
        'the merged row’s other name is kept',
      );
      assert.equal(onco?.homeCountry, 'UA');
    });

    test('a survey-tool XLSX export: respondent data left out, a preset saved and reused', async () => {
      const options: ImportOptions = {
        mapping: { Name: 'ignore' },
        values: { status: { 'Being planned': 'planned' } },
        savePreset: 'survey-2025',
      };
      const dry = await run(t, 'survey-export.xlsx', options);
      assert.equal(dry.summary.file.sheet, 'Form Responses 1');
      const target = (h: string) => dry.summary.mapping.find((c) => c.header === h)?.target;
      assert.equal(target('Email'), 'ignore');
      assert.equal(target('Name'), 'ignore');
      assert.equal(target('Name of the initiative'), 'name');
      assert.equal(target('Start time'), 'extra');
      // A dry run writes nothing, the preset included; the apply saves it.
      assert.deepEqual(await listImportPresets(t.db.kysely), []);
      assert.match(dry.summary.notes.join('\n'), /preset survey-2025 was not saved/);

      const { summary, byRow } = await run(t, 'survey-export.xlsx', { ...options, apply: true });
      assert.deepEqual(
        { ...summary.actions },
        { create: 3, update: 0, unchanged: 0, merge: 0, skip: 0, blocked: 0, decide: 0 },
      );
      assert.deepEqual(await listImportPresets(t.db.kysely), ['survey-2025']);
      const reused = await run(t, 'survey-export.xlsx', { preset: 'survey-2025' });
      assert.equal(reused.summary.mapping.find((c) => c.header === 'Name')?.target, 'ignore');
      assert.equal(reused.summary.actions.unchanged, 3, 'the preset maps the file as before');
      assert.equal(byRow.get(3)?.name, 'Testbed Sweden Zero Vision Cancer', 'rich text is joined');
      const studies = await findInitiativeBySlug(t.db.kysely, 'clinical-studies-sweden');
      assert.equal(
        studies?.website,
        'https://kliniskastudier.se',
        'a hyperlink cell gives its text',
      );
      assert.deepEqual(studies?.scopes, ['regional', 'national']);
      assert.deepEqual(studies?.extra, {
        'Start time': '2025-01-14T09:30:00.000Z',
        'Completion time': '2025-01-14T09:52:00.000Z',
        'Comments about data access': 'Data stay within each region.',
      });
      assert.ok(
        !JSON.stringify(studies).includes('respondent1@example.org'),
        'no e-mail address is stored',
      );
      const testbed = await findInitiativeBySlug(t.db.kysely, 'testbed-sweden-zero-vision-cancer');
      assert.equal(
        testbed?.summary,
        '=HYPERLINK("http://attacker.example","click")',
        'text is stored as text',
      );
      const school = await findInitiativeBySlug(
        t.db.kysely,
        'precision-medicine-school-for-nurses',
      );
      assert.equal(school?.status, 'planned', 'the preset’s value mapping is applied');
    });
  });
}
