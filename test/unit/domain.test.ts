import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crossTab, tally } from '../../src/analysis/crosstab.ts';
import { agrees, findQualityIssues, type QualityFacts } from '../../src/analysis/quality.ts';
import { loadConfig } from '../../src/config.ts';
import {
  BARRIER_CATEGORIES,
  BARRIERS,
  DOMAINS,
  PILLARS,
  SCOPES,
  STAKEHOLDER_GROUPS,
  STATUSES,
  STRUCTURAL_TYPES,
} from '../../src/domain/codes.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { canonicalInitiative, initiativeFingerprint } from '../../src/domain/initiative.ts';
import { linkProblems } from '../../src/domain/links.ts';
import { Initiative, type ReportedFigure, WebLink } from '../../src/domain/schemas.ts';
import { parseScopeText } from '../../src/domain/scope-text.ts';
import { searchTerms, snippetHtml, snippetText, termPhrases } from '../../src/domain/search.ts';
import { crossCheck } from '../../src/io/reference.ts';
import { dependencyOrder } from '../../src/services/seed.ts';

describe('code lists', () => {
  test('have the sizes the seed documents give, with unique codes', () => {
    assert.equal(DOMAINS.length, 4);
    assert.equal(STRUCTURAL_TYPES.length, 4);
    assert.equal(SCOPES.length, 5);
    assert.equal(STATUSES.length, 4);
    assert.equal(BARRIER_CATEGORIES.length, 6);
    assert.equal(BARRIERS.length, 17);
    assert.equal(STAKEHOLDER_GROUPS.length, 5);
    assert.equal(PILLARS.length, 5);
    for (const list of [
      DOMAINS,
      STRUCTURAL_TYPES,
      SCOPES,
      STATUSES,
      BARRIER_CATEGORIES,
      BARRIERS,
      PILLARS,
    ]) {
      assert.equal(new Set(list.map((e) => e.code)).size, list.length);
    }
    assert.deepEqual(
      BARRIERS.map((b) => b.number),
      Array.from({ length: 17 }, (_, i) => i + 1),
    );
    const categories = new Set(BARRIER_CATEGORIES.map((c) => c.code as string));
    for (const b of BARRIERS) assert.ok(categories.has(b.category), b.code);
  });
});

describe('configuration', () => {
  test('has defaults and is frozen', () => {
    const c = loadConfig({});
    assert.equal(c.PORT, 3000);
    assert.equal(c.DATABASE_URL, 'sqlite:data/atlas.db');
    assert.ok(Object.isFrozen(c));
  });
  test('rejects a bad value with a message naming the variable', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty' }),
      (e) => isAppError(e, 'invalid_parameter') && /PORT/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'mysql://x' }),
      /DATABASE_URL must start with sqlite:/,
    );
  });
  test('OpenID Connect sign-in needs issuer, client id and secret together', () => {
    assert.equal(loadConfig({}).OIDC_ISSUER, undefined);
    const all = {
      OIDC_ISSUER: 'https://login.example.org',
      OIDC_CLIENT_ID: 'atlas',
      OIDC_CLIENT_SECRET: 's',
    };
    assert.equal(loadConfig(all).OIDC_NAME, 'your institution');
    assert.throws(
      () => loadConfig({ OIDC_ISSUER: 'https://login.example.org' }),
      /needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together/,
    );
    assert.throws(() => loadConfig({ ...all, OIDC_ISSUER: 'ftp://x' }), /OIDC_ISSUER/);
  });
  test('heavy work: a worker, four waiting jobs, 30 requests a minute, data/cache; bad values named', () => {
    const c = loadConfig({});
    assert.deepEqual(
      [c.HEAVY_WORKERS, c.HEAVY_QUEUE, c.HEAVY_RATE_LIMIT, c.CACHE_DIR],
      [1, 4, 30, 'data/cache'],
    );
    assert.equal(loadConfig({ HEAVY_WORKERS: '0' }).HEAVY_WORKERS, 0);
    assert.throws(() => loadConfig({ HEAVY_WORKERS: '-1' }), /HEAVY_WORKERS must be 0 or more/);
    assert.throws(() => loadConfig({ HEAVY_QUEUE: 'many' }), /HEAVY_QUEUE must be a whole number/);
    assert.throws(
      () => loadConfig({ HEAVY_RATE_LIMIT: '1.5' }),
      /HEAVY_RATE_LIMIT must be a whole number of requests per minute/,
    );
  });
  test('TRUSTED_HOSTS is a list of host or host:port, lower-cased; empty by default', () => {
    assert.deepEqual(loadConfig({}).TRUSTED_HOSTS, []);
    assert.deepEqual(
      loadConfig({ TRUSTED_HOSTS: ' Atlas.Example.org , atlas.example.org:8443,[::1]:3000,' })
        .TRUSTED_HOSTS,
      ['atlas.example.org', 'atlas.example.org:8443', '[::1]:3000'],
    );
    assert.throws(
      () => loadConfig({ TRUSTED_HOSTS: 'https://atlas.example.org' }),
      /TRUSTED_HOSTS must be a comma-separated list of host or host:port/,
    );
  });
});

describe('initiative canonical form', () => {
  const base = Initiative.parse({
    slug: 'x',
    name: 'X',
    homeCountry: 'SE',
    scopes: ['national', 'local', 'national'],
    status: 'ongoing',
    domain: 'ecosystem',
    type: 'partnership',
    themes: ['oncology', 'atmp'],
    sources: [{ source: 's', row: '1' }],
  });
  test('orders and de-duplicates sets, so equal content has one fingerprint', () => {
    assert.deepEqual(canonicalInitiative(base).scopes, ['local', 'national']);
    assert.deepEqual(canonicalInitiative(base).themes, ['atmp', 'oncology']);
    const shuffled: Initiative = {
      ...base,
      scopes: ['local', 'national'],
      themes: ['atmp', 'oncology'],
      acronym: '',
    };
    assert.equal(initiativeFingerprint(shuffled), initiativeFingerprint(base));
  });
  test('a changed field changes the fingerprint', () => {
    assert.notEqual(
      initiativeFingerprint({ ...base, status: 'closed' }),
      initiativeFingerprint(base),
    );
  });
  test('the schema refuses a website together with a reason for its absence', () => {
    const r = Initiative.safeParse({ ...base, website: 'https://a.eu', websiteMissing: 'N/A' });
    assert.equal(r.success, false);
  });
});

describe('search terms and snippets', () => {
  test('terms are lower-case words of letters and digits; operators become plain words', () => {
    assert.deepEqual(searchTerms('Precision  ONCOLOGY'), ['precision', 'oncology']);
    assert.deepEqual(searchTerms('"a" OR b* -c (d) NEAR/2 e:f'), [
      'a',
      'or',
      'b',
      'c',
      'd',
      'near-2',
      'e',
      'f',
    ]);
    assert.deepEqual(searchTerms('!!!'), []);
  });
  test('words written together are one term: CAR-T, COVID-19, 1+MG, HealthData@EU', () => {
    assert.deepEqual(searchTerms('CAR-T cell'), ['car-t', 'cell']);
    assert.deepEqual(searchTerms('COVID-19, 1+MG and HealthData@EU.'), [
      'covid-19',
      '1-mg',
      'and',
      'healthdata-eu',
    ]);
    assert.deepEqual(searchTerms('Baden-Württemberg'), ['baden-wurttemberg']);
    assert.deepEqual(searchTerms('BBMRI.it at.las'), ['bbmri-it', 'at-las']);
  });
  test('a term matches as a phrase, run together, or split at digits; short words whole', () => {
    assert.deepEqual(termPhrases('car-t'), [
      { words: ['car', 't'], prefix: false },
      { words: ['cart'], prefix: false },
    ]);
    assert.deepEqual(termPhrases('covid19'), [
      { words: ['covid19'], prefix: true },
      { words: ['covid', '19'], prefix: false },
    ]);
    assert.deepEqual(termPhrases('genom'), [{ words: ['genom'], prefix: true }]);
    assert.deepEqual(termPhrases('eu'), [{ words: ['eu'], prefix: false }]);
    assert.deepEqual(termPhrases('baden-wurttemberg')[0], {
      words: ['baden', 'wurttemberg'],
      prefix: true,
    });
  });
  test('snippets escape HTML and mark highlights', () => {
    const s = 'a <b> \uE000c&d\uE001';
    assert.equal(snippetHtml(s), 'a &lt;b&gt; <mark>c&amp;d</mark>');
    assert.equal(snippetText(s), 'a <b> c&d');
  });
});

describe('cross-tabulation', () => {
  test('keeps listed keys with zero counts and adds unexpected keys instead of dropping them', () => {
    const t = crossTab(
      [
        { row: 'a', column: 'x', n: 2 },
        { row: 'b', column: 'y', n: 3 },
        { row: 'zz', column: 'x', n: 1 },
      ],
      ['a', 'b', 'c'],
      ['x', 'y'],
    );
    assert.deepEqual(t.rows, ['a', 'b', 'c', 'zz']);
    assert.deepEqual(t.cells, [
      [2, 0],
      [0, 3],
      [0, 0],
      [1, 0],
    ]);
    assert.deepEqual(t.rowTotals, [2, 3, 0, 1]);
    assert.deepEqual(t.columnTotals, [3, 3]);
    assert.equal(t.total, 6);
  });
  test('tally merges missing keys as (none) and orders by count', () => {
    assert.deepEqual(
      tally([
        { key: 'a', n: 1 },
        { key: null, n: 2 },
        { key: 'b', n: 5 },
      ]),
      [
        { key: 'b', n: 5 },
        { key: '(none)', n: 2 },
        { key: 'a', n: 1 },
      ],
    );
  });
});

describe('reference data checks', () => {
  test('dependencies come first, and a cycle is refused with its path', () => {
    const items = [
      { k: 'c', d: ['b'] },
      { k: 'b', d: ['a'] },
      { k: 'a', d: [] },
    ];
    assert.deepEqual(
      dependencyOrder(
        items,
        (i) => i.k,
        (i) => i.d,
      ).map((i) => i.k),
      ['a', 'b', 'c'],
    );
    assert.throws(
      () =>
        dependencyOrder(
          [
            { k: 'a', d: ['b'] },
            { k: 'b', d: ['a'] },
          ],
          (i) => i.k,
          (i) => i.d,
        ),
      /cycle: a → b → a/,
    );
  });
  test('cross-check names unknown regions, sources, relation targets and duplicate keys', () => {
    const initiative = Initiative.parse({
      slug: 'x',
      name: 'X',
      homeCountry: 'SE',
      submittingRegion: 'ES51',
      scopes: ['national'],
      status: 'ongoing',
      domain: 'ecosystem',
      type: 'partnership',
      relations: [{ kind: 'part_of', target: 'nope' }],
      sources: [{ source: 'missing' }],
    });
    const problems = crossCheck({
      sources: [],
      regions: [
        {
          code: 'SE',
          name: 'Sweden',
          level: 'country',
          country: 'SE',
          partner: false,
          sources: [],
        },
      ],
      initiatives: [initiative, initiative],
    }).map((p) => p.message);
    assert.ok(problems.includes('unknown region ES51: add it to regions.json'));
    assert.ok(problems.includes('unknown source missing'));
    assert.ok(problems.includes('relation part_of points to unknown initiative nope'));
    assert.ok(problems.includes('duplicate key x'));
  });
});

describe('scope text', () => {
  test('plain lists parse without problems', () => {
    assert.deepEqual(parseScopeText('Local; Regional; National'), {
      scopes: ['local', 'regional', 'national'],
      problems: [],
    });
    assert.deepEqual(parseScopeText('International (wider than EU)'), {
      scopes: ['international'],
      problems: [],
    });
  });
  test('the oddities of the D3.1 appendix are reported', () => {
    assert.deepEqual(parseScopeText('Europea'), {
      scopes: ['european'],
      problems: ['is not a scope name (read as european)'],
    });
    assert.deepEqual(parseScopeText('National;'), {
      scopes: ['national'],
      problems: ['ends with a separator'],
    });
    assert.deepEqual(parseScopeText('National (Spain)').problems, [
      'is not a scope name (read as national)',
    ]);
    assert.deepEqual(parseScopeText('International /National').scopes, [
      'national',
      'international',
    ]);
    assert.deepEqual(parseScopeText('Global').problems, ['is not a scope name']);
    assert.deepEqual(parseScopeText('(empty)').problems, ['is empty']);
    assert.deepEqual(parseScopeText('Local; Globl').problems, [
      'has “Globl”, which is not a scope name',
    ]);
  });
});

describe('data-quality findings', () => {
  const base: QualityFacts = {
    initiatives: [],
    rowCitations: [],
    interviewRows: [],
    figures: [],
    practices: [],
  };
  const figure = (
    key: string,
    value: number,
    measure: ReportedFigure['measure'],
    qualifier: ReportedFigure['qualifier'] = 'exact',
  ): ReportedFigure => ({
    key,
    label: key,
    value,
    qualifier,
    measure,
    sources: [{ source: 's' }],
  });

  test('a consistent dataset has no findings', () => {
    assert.deepEqual(
      findQualityIssues({
        ...base,
        initiatives: [
          {
            slug: 'a',
            name: 'A',
            website: null,
            websiteMissing: null,
            scopeVerbatim: 'Local; National',
          },
        ],
        interviewRows: [
          {
            region: 'X',
            regionName: 'X',
            printedTotal: 3,
            counts: { industry: 1, research_academia: 2 },
          },
        ],
        figures: [{ figure: figure('n', 3, { of: 'interviews' }), found: 3 }],
      }),
      [],
    );
  });

  test('each kind of inconsistency is found, with its records', () => {
    const findings = findQualityIssues({
      initiatives: [
        { slug: 'a', name: 'A', website: null, websiteMissing: 'N/A', scopeVerbatim: null },
        { slug: 'b', name: 'B', website: null, websiteMissing: null, scopeVerbatim: 'Europea' },
        {
          slug: 'c',
          name: 'C',
          website: 'https://ok.example.org/',
          websiteMissing: null,
          scopeVerbatim: null,
        },
      ],
      practices: [
        { slug: 'p', name: 'P', link: 'https://www.one.ro/two.ro/' },
        { slug: 'q', name: 'Q', link: 'https://example.org/report.pdf' },
      ],
      rowCitations: [
        {
          entity: 'initiative',
          key: 'a',
          label: 'A',
          source: 's',
          sourceTitle: 'S',
          section: '7',
          row: '9',
        },
        {
          entity: 'initiative',
          key: 'b',
          label: 'B',
          source: 's',
          sourceTitle: 'S',
          section: '7',
          row: '9',
        },
        {
          entity: 'figure',
          key: 'f1',
          label: 'F1',
          source: 's',
          sourceTitle: 'S',
          section: 'T',
          row: 'Total',
        },
        {
          entity: 'figure',
          key: 'f2',
          label: 'F2',
          source: 's',
          sourceTitle: 'S',
          section: 'T',
          row: 'Total',
        },
      ],
      interviewRows: [
        {
          region: 'X',
          regionName: 'Xland',
          printedTotal: 10,
          counts: { industry: 4, research_academia: 3, public_authority_other: 4 },
        },
      ],
      figures: [
        { figure: figure('total', 10, { of: 'interviews' }), found: 10 },
        { figure: figure('ind', 4, { of: 'interviews', stakeholderGroup: 'industry' }), found: 4 },
        {
          figure: figure('ra', 7, { of: 'interviews', stakeholderGroup: 'research_academia' }),
          found: 3,
        },
        { figure: figure('about', 35, { of: 'initiatives' }, 'about'), found: 38 },
        { figure: figure('over', 40, { of: 'initiatives' }, 'over'), found: 40 },
        { figure: figure('uncountable', 53, undefined), found: null },
      ],
    });
    assert.deepEqual(
      findings.map((f) => [f.kind, f.records.map((r) => r.key).join(',')]),
      [
        ['row_parts_total', 'X'],
        ['column_total', 'total,ind,ra'],
        ['duplicate_row_number', 'a,b'],
        ['link_non_value', 'a'],
        ['malformed_link', 'p'],
        ['malformed_scope', 'b'],
        ['figure_mismatch', 'ra'],
        ['figure_mismatch', 'over'],
      ],
    );
    assert.equal(
      findings[0]?.message,
      "Interviews in Xland: the stakeholder-group counts add up to 11, the row's printed total is 10.",
    );
  });

  test('qualifiers decide agreement', () => {
    assert.ok(agrees({ value: 35, qualifier: 'about' }, 38));
    assert.ok(!agrees({ value: 35, qualifier: 'about' }, 40));
    assert.ok(agrees({ value: 40, qualifier: 'over' }, 41));
    assert.ok(!agrees({ value: 40, qualifier: 'over' }, 40));
    assert.ok(agrees({ value: 40, qualifier: 'at_least' }, 40));
  });
});

describe('links', () => {
  test('a malformed link is named by what is wrong with it; a good one has no problem', () => {
    const cases: [string, string[]][] = [
      ['https://www.transcend.ro/iroiasi.ro/', ['domain_in_path']],
      [
        'https://aquas.gencat.cat/padris/index.html#googtrans(ca en)',
        ['whitespace', 'translation_fragment'],
      ],
      ['www.example.org/page', ['no_scheme']],
      // A script's file name is not a second domain: .do, .py, .cgi pages are ordinary links.
      ['https://example.org/portal/search.do?id=3', []],
      ['https://example.org/cgi-bin/main.py', []],
      ['https://example.org/a\nb', ['whitespace']],
      ['https://example.org/<b>x</b>', ['markup']],
      ['https://example.org/docs/index.html', []],
      ['https://example.org/files/report.pdf', []],
      ['https://health.ec.europa.eu/ehealth', []],
    ];
    for (const [link, expected] of cases) assert.deepEqual(linkProblems(link), expected, link);
  });

  test('only http and https links are accepted, so no record can carry a script URL', () => {
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'ftp://example.org',
      'not a link',
    ]) {
      assert.equal(WebLink.safeParse(bad).success, false, bad);
    }
    assert.equal(WebLink.safeParse('https://genomicmedicine.se/en/').success, true);
  });
});
