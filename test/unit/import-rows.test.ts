import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isContinuation,
  joinContinuation,
  RowGatherer,
} from '../../src/analysis/import/continuation.ts';
import type { ImportContext } from '../../src/analysis/import/draft.ts';
import { FIELD_RULES } from '../../src/analysis/import/fields.ts';
import { recogniseHeader } from '../../src/analysis/import/header.ts';
import { type ImportRules, resolveMapping } from '../../src/analysis/import/mapping.ts';
import { type NormalisedRow, normaliseRow } from '../../src/analysis/import/row.ts';
import { continuesLink, joinBrokenLinks } from '../../src/analysis/import/split-links.ts';
import type { ColumnTarget } from '../../src/domain/columns.ts';
import { INITIATIVE_COLUMNS } from '../../src/domain/columns.ts';
import { isAppError } from '../../src/domain/errors.ts';

/**
 * The row rules of an import, without a database: one test (at least) per field rule, plus cell
 * tidying, header recognition, column mapping and continuation rows. The expected values are the
 * importer's behaviour before its rules became a table.
 */

const CTX: ImportContext = {
  countries: new Map([
    ['se', 'SE'],
    ['sweden', 'SE'],
    ['es', 'ES'],
    ['espana', 'ES'],
  ]),
  regions: new Map([
    ['se11', 'SE11'],
    ['stockholm', 'SE11'],
    ['catalonia', 'ES51'],
  ]),
  sources: new Set(['preciseu-d3-1']),
};

/** The fields every initiative needs, so that a test of one field sees that field's effects only. */
const BASE = {
  name: 'Alpha',
  scope: 'national',
  status: 'ongoing',
  domain: 'ecosystem',
  type: 'partnership',
};

/** Reads one row whose headers are mapped as a file's would be (recognised, or as given). */
function read(
  cells: Record<string, string>,
  given: ImportRules = {},
  options: { restoreFormulas?: boolean; headers?: string[] } = {},
): NormalisedRow {
  const headers = options.headers ?? Object.keys(cells);
  const { rules } = resolveMapping(headers, given, {}, options.restoreFormulas ?? true);
  return normaliseRow(7, cells, rules, CTX);
}

/** Reads a complete row with some cells added or replaced. */
const withBase = (cells: Record<string, string>, given: ImportRules = {}) =>
  read({ ...BASE, ...cells }, given);

const changesOf = (n: NormalisedRow, field: string) =>
  n.changes.filter((c) => c.field === field).map((c) => [c.original, c.normalised, c.rule]);
const flagsOf = (n: NormalisedRow, field: string) =>
  n.flags.filter((f) => f.field === field).map((f) => [f.value, f.severity, f.problem]);

describe('field rules: the table', () => {
  test('the table has one rule for each field, in an order that lets rules read earlier ones', () => {
    const fields = FIELD_RULES.map((r) => r.field);
    assert.deepEqual([...fields].sort(), [...INITIATIVE_COLUMNS].sort());
    const before = (a: string, b: string) =>
      assert.ok(fields.indexOf(a as never) < fields.indexOf(b as never), `${a} before ${b}`);
    // A name's acronym gives way to an acronym column; the other rules read what these set.
    before('name', 'acronym');
    before('website_missing', 'website');
    before('scope_verbatim', 'scopes');
    before('status_note', 'status');
    before('status', 'status_as_of');
  });

  test('a complete row reads without flags', () => {
    const n = withBase({});
    assert.deepEqual(n.flags, []);
    assert.deepEqual(n.candidate, {
      name: 'Alpha',
      scopes: ['national'],
      status: 'ongoing',
      domain: 'ecosystem',
      type: 'partnership',
    });
  });
});

describe('field rules: names', () => {
  test('name: spaces joined, an acronym in brackets split out either way round', () => {
    const joined = withBase({ name: 'Genomic\n Medicine  Sweden' });
    assert.equal(joined.candidate.name, 'Genomic Medicine Sweden');
    assert.deepEqual(changesOf(joined, 'name'), [
      [
        'Genomic\n Medicine  Sweden',
        'Genomic Medicine Sweden',
        'line breaks and repeated spaces joined',
      ],
    ]);
    for (const name of ['GMS (Genomic Medicine Sweden)', 'Genomic Medicine Sweden (GMS)']) {
      const n = withBase({ name });
      assert.equal(n.candidate.name, 'Genomic Medicine Sweden');
      assert.equal(n.candidate.acronym, 'GMS');
      assert.deepEqual(changesOf(n, 'name'), [
        [name, 'Genomic Medicine Sweden', 'acronym "GMS" split out of the name'],
      ]);
    }
    // Brackets of two long names, or a file with an acronym column, leave the name whole.
    assert.equal(withBase({ name: 'Alpha (Beta Gamma)' }).candidate.name, 'Alpha (Beta Gamma)');
    const withColumn = withBase({ name: 'GMS (Genomic Medicine Sweden)', acronym: '' });
    assert.equal(withColumn.candidate.name, 'GMS (Genomic Medicine Sweden)');
    assert.equal(withColumn.candidate.acronym, undefined);
  });

  test('name: required, and not summary-sized', () => {
    const { name: _, ...rest } = BASE;
    assert.deepEqual(read(rest).flags, [
      {
        row: 7,
        field: 'name',
        value: '',
        problem: 'is empty; every initiative needs a name',
        severity: 'blocking',
        missing: true,
      },
    ]);
    const long = 'x'.repeat(501);
    assert.deepEqual(flagsOf(withBase({ name: long }), 'name'), [
      [long, 'blocking', 'is longer than 500 characters; is this the summary column?'],
    ]);
  });
});

describe('field rules: slug and free text', () => {
  test('slug: kept when URL-safe, made URL-safe otherwise, refused over 120 characters', () => {
    assert.equal(withBase({ slug: 'my-slug' }).candidate.slug, 'my-slug');
    const unsafe = withBase({ slug: 'Bad Slug!' });
    assert.equal(unsafe.candidate.slug, 'bad-slug');
    assert.deepEqual(changesOf(unsafe, 'slug'), [['Bad Slug!', 'bad-slug', 'made URL-safe']]);
    const long = withBase({ slug: 'a'.repeat(121) });
    assert.equal(long.candidate.slug, undefined);
    assert.deepEqual(flagsOf(long, 'slug'), [
      [
        `${'a'.repeat(60)}…`,
        'blocking',
        'is 121 characters long, more than 120; shorten it in the file',
      ],
    ]);
  });

  for (const [field, key, max] of [
    ['acronym', 'acronym', 60],
    ['native_name', 'nativeName', 500],
    ['summary', 'summary', 5000],
    ['objectives', 'objectives', 5000],
    ['status_note', 'statusNote', 1000],
    ['scope_verbatim', 'scopeVerbatim', 2000],
    ['website_missing', 'websiteMissing', 200],
    ['notes', 'notes', 2000],
  ] as const) {
    test(`${field}: text stored as written up to ${max} characters`, () => {
      const fits = withBase({ [field]: 'y'.repeat(max) });
      assert.equal((fits.candidate as Record<string, unknown>)[key], 'y'.repeat(max));
      assert.deepEqual(fits.flags, []);
      const over = withBase({ [field]: 'y'.repeat(max + 1) });
      assert.equal((over.candidate as Record<string, unknown>)[key], undefined);
      assert.deepEqual(flagsOf(over, field), [
        [
          `${'y'.repeat(60)}…`,
          'blocking',
          `is ${max + 1} characters long, more than ${max}; shorten it in the file`,
        ],
      ]);
    });
  }
});

describe('field rules: links', () => {
  test('website: https:// added to a host name; a non-value is the reason there is no link', () => {
    const host = withBase({ website: 'iasalut.cat/en/' });
    assert.equal(host.candidate.website, 'https://iasalut.cat/en/');
    assert.deepEqual(changesOf(host, 'website'), [
      ['iasalut.cat/en/', 'https://iasalut.cat/en/', 'https:// added'],
    ]);
    const na = withBase({ website: 'N/A' });
    assert.equal(na.candidate.website, undefined);
    assert.equal(na.candidate.websiteMissing, 'N/A');
    assert.deepEqual(changesOf(na, 'website'), [
      ['N/A', '', 'not a link: kept as the reason there is no website'],
    ]);
    const words = withBase({ website: 'on request' });
    assert.equal(words.candidate.websiteMissing, 'on request');
    assert.deepEqual(flagsOf(words, 'website'), [
      ['on request', 'kept', 'is not a web address; kept as the reason there is no website'],
    ]);
  });

  test('website: a link a line break cut in two (an empty line between or not) is joined', () => {
    for (const website of [
      'https://www.gu.se/en/news/new-project-accelerates-\nprecision-medicine-in-healthcare',
      'https://www.gu.se/en/news/new-project-accelerates-\n\nprecision-medicine-in-healthcare',
      'https://www.gu.se/en/news/\r\nnew-project-accelerates-\n  precision-medicine-in-healthcare',
    ]) {
      const n = withBase({ website });
      assert.equal(
        n.candidate.website,
        'https://www.gu.se/en/news/new-project-accelerates-precision-medicine-in-healthcare',
      );
      assert.deepEqual(changesOf(n, 'website')[0], [
        website,
        'https://www.gu.se/en/news/new-project-accelerates-precision-medicine-in-healthcare',
        'a link broken over two lines joined',
      ]);
      assert.deepEqual(n.flags, []);
    }
    // Two whole links on two lines stay two links.
    const two = withBase({ website: 'https://genomicmedicine.se/en/\nhttps://dnpm.de/' });
    assert.equal(two.candidate.website, 'https://genomicmedicine.se/en/');
    assert.deepEqual(two.candidate.extra, { website: 'https://dnpm.de/' });
  });

  test('website: one link stored, a second one and a reason given with a link kept as extras', () => {
    const two = withBase({
      website: 'https://a.example.org; https://b.example.org',
      website_missing: 'moved',
    });
    assert.equal(two.candidate.website, 'https://a.example.org');
    assert.equal(two.candidate.websiteMissing, undefined);
    assert.deepEqual(two.candidate.extra, {
      website: 'https://b.example.org',
      website_missing: 'moved',
    });
    assert.deepEqual(
      two.flags.map((f) => [f.field, f.severity, f.problem]),
      [
        [
          'website',
          'kept',
          'is a second link; only one is stored, the rest is kept as an extra field',
        ],
        ['website_missing', 'kept', 'given with a link; kept as an extra field'],
      ],
    );
  });
});

describe('field rules: places', () => {
  test('home_country: a code or a name of a country in the atlas; else the row is blocked', () => {
    const es = withBase({ country: 'España' });
    assert.equal(es.candidate.homeCountry, 'ES');
    assert.deepEqual(changesOf(es, 'home_country'), [
      ['España', 'ES', 'country name read as its code'],
    ]);
    assert.deepEqual(flagsOf(withBase({ country: 'Narnia' }), 'home_country'), [
      [
        'Narnia',
        'blocking',
        'is not a country in the atlas; use a code such as SE or a name such as Sweden, or map it with --value',
      ],
    ]);
    const mapped = withBase({ country: 'Narnia' }, { values: { home_country: { NARNIA: 'SE' } } });
    assert.equal(mapped.candidate.homeCountry, 'SE');
  });

  test('regions: each part read as a region code; parts not in the atlas kept as extra text', () => {
    const n = withBase({ regions: 'Stockholm; Nowhere, Catalonia' });
    assert.deepEqual(n.candidate.regions, ['SE11', 'ES51']);
    assert.deepEqual(n.candidate.extra, { regions: 'Nowhere' });
    assert.deepEqual(flagsOf(n, 'regions'), [
      ['Nowhere', 'kept', 'is not a region in the atlas; kept as an extra field'],
    ]);
  });

  test('submitting_region: one region (mapped with --value as a region); else an extra field', () => {
    const n = withBase({ 'submitting region': 'stockholm' });
    assert.equal(n.candidate.submittingRegion, 'SE11');
    const mapped = withBase(
      { 'submitting region': 'Nowhere' },
      { values: { regions: { Nowhere: 'SE11' } } },
    );
    assert.equal(mapped.candidate.submittingRegion, 'SE11');
    const unknown = withBase({ 'submitting region': 'Nowhere' });
    assert.deepEqual(unknown.candidate.extra, { 'submitting region': 'Nowhere' });
    assert.deepEqual(flagsOf(unknown, 'submitting_region'), [
      ['Nowhere', 'kept', 'is not a region in the atlas; kept as an extra field'],
    ]);
  });
});

describe('field rules: scopes and status', () => {
  test('scopes: scope words in several languages; unreadable text kept as the scope as written', () => {
    const list = withBase({ scope: 'Local; Regional; National' });
    assert.deepEqual(list.candidate.scopes, ['local', 'regional', 'national']);
    assert.equal(list.candidate.scopeVerbatim, undefined);
    assert.deepEqual(changesOf(list, 'scopes'), [
      ['Local; Regional; National', 'local; regional; national', 'scope words read as codes'],
    ]);
    const spanish = withBase({ scope: 'nacional/europeo' });
    assert.deepEqual(spanish.candidate.scopes, ['national', 'european']);
    assert.equal(spanish.candidate.scopeVerbatim, 'nacional/europeo');
    const partly = withBase({ scope: 'Regional; Europea' });
    assert.deepEqual(partly.candidate.scopes, ['regional', 'european']);
    assert.equal(partly.candidate.scopeVerbatim, 'Regional; Europea');
    assert.equal(flagsOf(partly, 'scopes')[0]?.[1], 'kept');
  });

  test('scopes: required, and text without any scope blocks the row', () => {
    const { scope: _, ...rest } = BASE;
    assert.deepEqual(flagsOf(read(rest), 'scopes'), [
      ['', 'blocking', 'is empty; add a scope column, or give --default scopes=national'],
    ]);
    const none = flagsOf(withBase({ scope: 'nonsense' }), 'scopes');
    assert.equal(none[0]?.[1], 'blocking');
    assert.match(
      String(none[0]?.[2]),
      /; use local, regional, national, european or international$/,
    );
  });

  test('status: labels in several languages, a note in brackets split off; required', () => {
    const planned = withBase({ status: 'To be launched' });
    assert.equal(planned.candidate.status, 'planned');
    assert.deepEqual(changesOf(planned, 'status'), [
      ['To be launched', 'planned', 'label read as its code'],
    ]);
    const noted = withBase({ status: 'Ongoing (until 2027)' });
    assert.equal(noted.candidate.status, 'ongoing');
    assert.equal(noted.candidate.statusNote, 'until 2027');
    assert.equal(withBase({ status: 'abgeschlossen' }).candidate.status, 'closed');
    assert.deepEqual(flagsOf(withBase({ status: 'weird' }), 'status'), [
      [
        'weird',
        'blocking',
        'is not a known status; map it with --value "status:weird=CODE" (codes: planned, ongoing, closed, permanent)',
      ],
    ]);
    const { status: _, ...rest } = BASE;
    assert.deepEqual(flagsOf(read(rest), 'status'), [
      ['', 'blocking', 'is empty; add a status column, or give --default status=ongoing'],
    ]);
  });

  test('status_as_of: months written as YYYY-MM, or the date in the status header', () => {
    for (const [text, month] of [
      ['Jan-2025', '2025-01'],
      ['January 2025', '2025-01'],
      ['01/2025', '2025-01'],
      ['2025-01-15', '2025-01-15'],
      ['dic. 2024', '2024-12'],
    ]) {
      assert.equal(withBase({ 'status as of': text as string }).candidate.statusAsOf, month);
    }
    const bad = withBase({ 'status as of': '13/2025' });
    assert.deepEqual(bad.candidate.extra, { 'status as of': '13/2025' });
    assert.deepEqual(flagsOf(bad, 'status_as_of'), [
      ['13/2025', 'kept', 'is not a month such as 2025-01; kept as an extra field'],
    ]);
    const { status, ...rest } = BASE;
    const fromHeader = read({ ...rest, 'Status (Jan-2025)': status });
    assert.equal(fromHeader.candidate.statusAsOf, '2025-01');
    assert.deepEqual(changesOf(fromHeader, 'status_as_of'), [
      ['', '2025-01', 'date taken from the status column header'],
    ]);
  });
});

describe('field rules: codes', () => {
  test('domain: labels and spellings read as codes; unknown labels block with the codes listed', () => {
    const n = withBase({ domain: 'R&I' });
    assert.equal(n.candidate.domain, 'research_innovation');
    assert.deepEqual(changesOf(n, 'domain'), [
      ['R&I', 'research_innovation', 'label read as its code'],
    ]);
    assert.equal(withBase({ domain: 'Policy&Regulation' }).candidate.domain, 'policy_regulation');
    assert.deepEqual(flagsOf(withBase({ domain: 'Medical research' }), 'domain'), [
      [
        'Medical research',
        'blocking',
        'is not a known domain; map it with --value "domain:Medical research=CODE" (codes: research_innovation, patient_perspective, policy_regulation, ecosystem)',
      ],
    ]);
    const mapped = withBase(
      { domain: 'Medical research' },
      { values: { domain: { 'medical research': 'research_innovation' } } },
    );
    assert.equal(mapped.candidate.domain, 'research_innovation');
    const { domain: _, ...rest } = BASE;
    assert.deepEqual(flagsOf(read(rest), 'domain'), [
      ['', 'blocking', 'is empty; add a domain column, or give --default domain=CODE'],
    ]);
  });

  test('type: labels and spellings read as codes; unknown labels block; required', () => {
    assert.equal(
      withBase({ type: 'Study/publication/strategic document' }).candidate.type,
      'study_publication',
    );
    assert.equal(withBase({ type: 'Proyecto' }).candidate.type, 'ongoing_project');
    assert.match(
      String(flagsOf(withBase({ type: 'thing' }), 'type')[0]?.[2]),
      /^is not a known type; map it with --value "type:thing=CODE" \(codes: /,
    );
    const { type: _, ...rest } = BASE;
    assert.deepEqual(flagsOf(read(rest), 'type'), [
      ['', 'blocking', 'is empty; add a type column, or give --default type=CODE'],
    ]);
  });
});

describe('field rules: lists', () => {
  test('themes: each part read as a theme; unknown ones kept as extra text', () => {
    const n = withBase({ themes: 'genomics; AI, foo' });
    assert.deepEqual(n.candidate.themes, ['genomics', 'ai']);
    assert.deepEqual(n.candidate.extra, { themes: 'foo' });
    assert.deepEqual(flagsOf(n, 'themes'), [
      ['foo', 'kept', 'is not a known theme; kept as an extra field'],
    ]);
    assert.deepEqual(
      withBase({ themes: 'foo' }, { values: { themes: { foo: 'ai' } } }).candidate.themes,
      ['ai'],
    );
  });

  test('funding: an export’s JSON, or funder names whose kind their name tells', () => {
    const json = withBase({ funding: '[{"funder":"EU","kind":"eu"}]' });
    assert.deepEqual(json.candidate.funding, [{ funder: 'EU', kind: 'eu' }]);
    const names = withBase({ funding: 'Horizon 2020; Junta de Andalucía, Quantum Fund' });
    assert.deepEqual(names.candidate.funding, [
      { funder: 'Horizon 2020', kind: 'eu' },
      { funder: 'Junta de Andalucía', kind: 'regional' },
    ]);
    assert.deepEqual(names.candidate.extra, { funding: 'Quantum Fund' });
    assert.deepEqual(changesOf(names, 'funding')[0], [
      'Horizon 2020',
      'Horizon 2020 [eu]',
      'kind of funder read from its name',
    ]);
    assert.deepEqual(flagsOf(names, 'funding'), [
      [
        'Quantum Fund',
        'kept',
        'the kind of funder is not clear from its name; kept as an extra field (map it with --value "funding:Quantum Fund=KIND")',
      ],
    ]);
    const mapped = withBase(
      { funding: 'Quantum Fund' },
      { values: { funding: { 'Quantum Fund': 'private' } } },
    );
    assert.deepEqual(mapped.candidate.funding, [{ funder: 'Quantum Fund', kind: 'private' }]);
  });
});

describe('field rules: relations and sources', () => {
  test('relations: "kind:target" items or an export’s JSON; anything else kept as extra text', () => {
    const n = withBase({ relations: 'part_of:gms; related to camp' });
    assert.deepEqual(n.candidate.relations, [{ kind: 'part_of', target: 'gms' }]);
    assert.deepEqual(n.candidate.extra, { relations: 'related to camp' });
    assert.deepEqual(flagsOf(n, 'relations'), [
      [
        'related to camp',
        'kept',
        'is not a relation such as part_of:other-slug; kept as an extra field',
      ],
    ]);
    const json = withBase({ relations: '[{"kind":"part_of","target":"gms"}]' });
    assert.deepEqual(json.candidate.relations, [{ kind: 'part_of', target: 'gms' }]);
  });

  test('sources: an export’s JSON of sources the atlas has; else kept as an extra field', () => {
    const known = withBase({ sources: '[{"source":"preciseu-d3-1","row":"3"}]' });
    assert.deepEqual(known.candidate.sources, [{ source: 'preciseu-d3-1', row: '3' }]);
    const unknown = withBase({ sources: '[{"source":"nope","row":"1"}]' });
    assert.equal(unknown.candidate.sources, undefined);
    assert.deepEqual(flagsOf(unknown, 'sources'), [
      [
        '[{"source":"nope","row":"1"}]',
        'kept',
        'names sources the atlas does not have (nope); kept as an extra field',
      ],
    ]);
    assert.deepEqual(flagsOf(withBase({ sources: 'the D3.1 report' }), 'sources'), [
      ['the D3.1 report', 'kept', 'is not a list of source references; kept as an extra field'],
    ]);
  });
});

describe('cells before the field rules', () => {
  test('formula apostrophes removed (not in JSON), spaces trimmed, each change listed', () => {
    const n = withBase({ summary: "'=SUM(A1) " });
    assert.equal(n.candidate.summary, '=SUM(A1)');
    assert.deepEqual(changesOf(n, 'summary'), [
      ["'=SUM(A1) ", '=SUM(A1) ', 'apostrophe an export put before a formula character removed'],
      ['=SUM(A1) ', '=SUM(A1)', 'spaces at the ends removed'],
    ]);
    const json = read({ ...BASE, summary: "'=SUM(A1)" }, {}, { restoreFormulas: false });
    assert.equal(json.candidate.summary, "'=SUM(A1)");
  });

  test('extra, ignored and row-number columns; two columns of one field joined', () => {
    const n = read(
      { ...BASE, No: '12', Email: 'someone@example.org', 'Start time': '09:30', Summary: 'a' },
      { mapping: { 'Start time': 'extra', Summary: 'notes' } },
      { headers: ['No', ...Object.keys(BASE), 'Email', 'Start time', 'Summary'] },
    );
    assert.equal(n.label, '12');
    assert.deepEqual(n.candidate.extra, { 'Start time': '09:30' });
    assert.ok(!JSON.stringify(n).includes('someone@example.org'), 'personal data is dropped');
    const joined = read(
      { ...BASE, Notes: 'one', Remarks: 'two' },
      {
        mapping: { Notes: 'notes', Remarks: 'notes' },
      },
    );
    assert.equal(joined.candidate.notes, 'one; two');
  });

  test('defaults fill empty fields only, each listed as a change', () => {
    const { type: _, ...rest } = BASE;
    const n = read(rest, { defaults: { type: 'ongoing_project', status: 'closed' } });
    assert.equal(n.candidate.type, 'ongoing_project');
    assert.equal(n.candidate.status, 'ongoing', 'a default does not override the file');
    assert.deepEqual(changesOf(n, 'type'), [
      ['', 'ongoing_project', 'empty: filled with the default given for the import'],
    ]);
  });
});

describe('headers', () => {
  test('recognised in several languages, with a date or the field in brackets', () => {
    const cases: [string, { target?: ColumnTarget; asOf?: string }][] = [
      ['Name and/or acronym', { target: 'name' }],
      ['Nombre de la iniciativa', { target: 'name' }],
      ['Ámbito geográfico', { target: 'scopes' }],
      ['Status (Jan-2025)', { target: 'status', asOf: '2025-01' }],
      ['Link to information (website)', { target: 'website' }],
      ['nativeName', { target: 'native_name' }],
      ['home_country', { target: 'home_country' }],
      ['Email', { target: 'ignore' }],
      ['#', { target: 'row_label' }],
      ['Nº', { target: 'row_label' }],
      ['Start time', {}],
    ];
    for (const [header, expected] of cases) {
      const got = recogniseHeader(header);
      assert.deepEqual(
        { target: got.target, asOf: got.asOf },
        { target: expected.target, asOf: expected.asOf },
        header,
      );
    }
  });

  test('mapping: given over preset over recognised; two recognised names, the longer wins', () => {
    const { columns, rules } = resolveMapping(
      ['Name', 'Name of the initiative', 'Land', 'Kind', 'Odd'],
      { mapping: { Kind: 'type' }, values: { status: { Running: 'ongoing' } } },
      { mapping: { Land: 'home_country', Kind: 'domain' }, defaults: { scopes: 'national' } },
      true,
    );
    assert.deepEqual(columns, [
      {
        header: 'Name',
        target: 'extra',
        how: 'recognised',
        note: 'also looks like name, which “Name of the initiative” gives; map it with --map if it is the right one',
      },
      { header: 'Name of the initiative', target: 'name', how: 'recognised' },
      { header: 'Land', target: 'home_country', how: 'preset' },
      { header: 'Kind', target: 'type', how: 'given' },
      { header: 'Odd', target: 'extra', how: 'unknown' },
    ]);
    assert.deepEqual(rules.defaults, { scopes: 'national' });
    assert.deepEqual(rules.values, { status: { running: 'ongoing' } });
  });

  test('mapping: --map naming a column the file lacks is refused, naming the columns', () => {
    assert.throws(
      () => resolveMapping(['Name'], { mapping: { Titel: 'name' } }, {}, true),
      (e) =>
        isAppError(e, 'invalid_parameter') &&
        /--map names a column "Titel" that the file does not have; its columns are: Name/.test(
          (e as Error).message,
        ),
    );
  });
});

describe('continuation rows', () => {
  const mapping = new Map<string, ColumnTarget>([
    ['No', 'row_label'],
    ['Name', 'name'],
    ['Web', 'website'],
    ['Email', 'ignore'],
  ]);

  test('a row with text but every key column empty continues a row that has them', () => {
    assert.equal(isContinuation({ No: '1', Name: 'a' }, { No: '', Name: 'b' }, mapping), true);
    assert.equal(isContinuation({ No: '1', Name: 'a' }, { No: '2', Name: 'b' }, mapping), false);
    assert.equal(isContinuation({ No: '', Name: 'a' }, { No: '', Name: 'b' }, mapping), false);
    assert.equal(isContinuation(undefined, { Name: 'b' }, mapping), false);
    // Text in an ignored column only is not text of the record.
    assert.equal(isContinuation({ No: '1' }, { No: '', Email: 'x@example.org' }, mapping), false);
    // A file without key columns has no continuation rows.
    assert.equal(isContinuation({ Name: 'a' }, { Name: 'b' }, new Map([['Name', 'name']])), false);
  });

  test('a row whose link column holds the rest of the link above continues it', () => {
    const above = { No: '3', Name: 'System demonstrator', Web: 'https://www.gu.se/en/news/new-' };
    const rest = (Web: string, Name = '') => ({ No: '', Name, Web });
    assert.equal(isContinuation(above, rest('project-accelerates'), mapping), true);
    assert.equal(isContinuation(above, rest('project', 'for healthcare'), mapping), true);
    // A link of its own, a host name, words or a non-value is not the rest of a link.
    for (const web of ['https://dnpm.de/', 'www.dnpm.de', 'dnpm.de', 'see below', 'N/A']) {
      assert.equal(isContinuation(above, rest(web, 'more'), mapping), false, web);
    }
  });

  test('the rest of a link is joined onto it without a space; other cells with one', () => {
    assert.deepEqual(
      joinContinuation(
        { No: '3', Name: 'System demonstrator for', Web: 'https://www.gu.se/en/news/new-' },
        [
          { No: '', Name: 'research, and innovation.', Web: 'project-accelerates-' },
          { No: '', Name: '', Web: 'precision-medicine' },
        ],
        mapping,
      ),
      {
        No: '3',
        Name: 'System demonstrator for research, and innovation.',
        Web: 'https://www.gu.se/en/news/new-project-accelerates-precision-medicine',
      },
    );
    // Only in a link column: text that merely ends in a link is joined with a space.
    const byName = new Map<string, ColumnTarget>([...mapping, ['Web', 'name']]);
    assert.deepEqual(
      joinContinuation({ Web: 'see https://example.org/a-' }, [{ Web: 'b' }], byName),
      { Web: 'see https://example.org/a- b' },
    );
  });

  test('a link split over rows with an empty row between is gathered into one record', () => {
    const g = new RowGatherer(mapping);
    const row = (r: number, cells: Record<string, string>) => ({ row: r, cells });
    const first = row(2, { No: '7', Name: 'Clinical Studies', Web: 'https://kliniskastudier.se/' });
    assert.deepEqual(g.push(first), {});
    assert.equal(g.push(row(3, { No: '', Name: '', Web: '' })), undefined);
    assert.equal(g.push(row(4, { No: '', Name: 'Sweden', Web: 'engl' })), undefined);
    // The link so far is the joined one: its third part continues it too.
    assert.equal(g.push(row(5, { No: '', Name: '', Web: 'ish' })), undefined);
    const next = row(6, { No: '8', Name: 'CAMP', Web: 'N/A' });
    assert.deepEqual(g.push(next)?.done?.more, [
      row(4, { No: '', Name: 'Sweden', Web: 'engl' }),
      row(5, { No: '', Name: '', Web: 'ish' }),
    ]);
    assert.equal(g.blankRows, 1);
  });

  test('what the rest of a link is', () => {
    const yes: [string, string][] = [
      ['https://www.gu.se/en/news/new-project-accelerates-', 'precision-medicine-in-healthcare'],
      ['https://kliniskastudier.se/engl', 'ish'],
      ['https://www.gu.se/en/', 'news/index.html'],
      ['https://www.', 'scilifelab.se/capabilities/'],
      ['see www.biocat.cat/ca/acceleracio/la-xarxa-de-', 'terapies-avancades'],
      ['https://aquas.gencat.cat/padris/index.php', '?lang=en'],
    ];
    for (const [text, rest] of yes) assert.equal(continuesLink(text, rest), true, rest);
    const no: [string, string][] = [
      ['Genomic Medicine', 'Sweden'],
      ['https://genomicmedicine.se/en/', 'https://dnpm.de/'],
      ['https://genomicmedicine.se/en/', 'www.dnpm.de'],
      ['https://genomicmedicine.se/en/', 'dnpm.de'],
      ['https://genomicmedicine.se/en/', 'research, and innovation.'],
      ['https://genomicmedicine.se/en/', 'N/A'],
      ['https://genomicmedicine.se/en/', ''],
      ['https://example.org/report.pdf', 'annex'],
      ['https://example.org/a', 'b<c>'],
      ['https://www.iasalut.cat/es/', '(Spanish)'],
    ];
    for (const [text, rest] of no) assert.equal(continuesLink(text, rest), false, rest);
  });

  test('a cell’s lines are joined where they cut a link, and left as they are elsewhere', () => {
    assert.equal(
      joinBrokenLinks('https://www.example.org/some/lo\n\nng-path'),
      'https://www.example.org/some/long-path',
    );
    assert.equal(
      joinBrokenLinks('https://a.example.org/x\n\nhttps://b.example.org/'),
      'https://a.example.org/x\n\nhttps://b.example.org/',
    );
    assert.equal(joinBrokenLinks('Not available\r\nyet'), 'Not available\r\nyet');
    assert.equal(joinBrokenLinks('https://example.org/'), 'https://example.org/');
  });

  test('continued cells are joined column by column', () => {
    assert.deepEqual(
      joinContinuation({ Name: 'System demonstrator for ', Web: '', No: '3' }, [
        { Name: ' research, and innovation.', Web: '', No: '' },
        { Web: 'https://x.se' },
      ]),
      { Name: 'System demonstrator for research, and innovation.', Web: 'https://x.se', No: '3' },
    );
  });

  test('the gatherer counts blank rows and closes a record when the next one starts', () => {
    const g = new RowGatherer(mapping);
    const row = (r: number, cells: Record<string, string>) => ({ row: r, cells });
    assert.deepEqual(g.push(row(2, { No: '1', Name: 'a' })), {});
    assert.equal(g.push(row(3, { No: '', Name: '' })), undefined);
    assert.equal(g.push(row(4, { No: '', Name: 'a, continued' })), undefined);
    assert.deepEqual(g.push(row(5, { No: '2', Name: 'b' })), {
      done: {
        first: row(2, { No: '1', Name: 'a' }),
        more: [row(4, { No: '', Name: 'a, continued' })],
      },
    });
    assert.deepEqual(g.finish(), { first: row(5, { No: '2', Name: 'b' }), more: [] });
    assert.equal(g.finish(), undefined);
    assert.equal(g.blankRows, 1);
  });
});
