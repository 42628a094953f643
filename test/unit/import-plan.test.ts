import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RowGatherer } from '../../src/analysis/import/continuation.ts';
import type { RowRules } from '../../src/analysis/import/draft.ts';
import { type ImportRules, resolveMapping } from '../../src/analysis/import/mapping.ts';
import { DuplicateIndex, organisationCountries } from '../../src/analysis/import/matching.ts';
import {
  ImportPlanner,
  memoryKeyStore,
  type PlanContext,
  type PlanDecisions,
  type PlanRow,
  type RecordWrite,
  type WriteOutcome,
} from '../../src/analysis/import/plan.ts';
import { canonicalInitiative, type InitiativeRecord } from '../../src/domain/initiative.ts';
import { Initiative } from '../../src/domain/schemas.ts';
import { FIXTURE_DIR } from '../helpers/fixtures.ts';

/**
 * The plan step of an import without a database: the atlas's records are data, the file's
 * earlier keys sit in a memory store, and writes go to a map. The expected plans are the
 * importer's behaviour before the plan step was split from the writes.
 */

const SOURCE = 'import-test-csv';
const NOW = '2026-11-25T12:00:00.000Z';
const NO_ACTIONS = { create: 0, update: 0, unchanged: 0, merge: 0, skip: 0, blocked: 0, decide: 0 };

/** The reference fixture's initiatives, as stored records. */
const RECORDS: readonly InitiativeRecord[] = (
  JSON.parse(readFileSync(join(FIXTURE_DIR, 'initiatives.json'), 'utf8')) as unknown[]
).map((raw, i) => ({
  ...Initiative.parse(raw),
  id: i + 1,
  version: 1,
  createdAt: NOW,
  updatedAt: NOW,
}));

/** What the plan step knows of an atlas holding `stored`. */
function context(stored: ReadonlyMap<string, InitiativeRecord>, ownSlugs: string[]): PlanContext {
  const existing = new DuplicateIndex();
  for (const r of stored.values())
    existing.add({ where: 'database', slug: r.slug, name: r.name }, r);
  return {
    countries: new Map([
      ['se', 'SE'],
      ['sweden', 'SE'],
      ['es', 'ES'],
      ['ua', 'UA'],
      ['ukraine', 'UA'],
    ]),
    regions: new Map([['se232', 'SE232']]),
    sources: new Set(['preciseu-d3-1', SOURCE]),
    knownCountries: new Set(['SE', 'ES', 'DE', 'UA']),
    existing,
    existingSlugs: new Set(stored.keys()),
    organisations: organisationCountries(stored.values()),
    sourceCode: SOURCE,
    ownSlugs: new Set(ownSlugs),
  };
}

/** Stores a planned record in the map as saveInitiative would, and says what that did. */
function writeTo(stored: Map<string, InitiativeRecord>) {
  return async ({ record }: RecordWrite): Promise<WriteOutcome> => {
    const before = stored.get(record.slug);
    const content = JSON.stringify(canonicalInitiative(record));
    if (before) {
      const { id, version, createdAt, updatedAt, ...old } = before;
      if (JSON.stringify(canonicalInitiative(old)) === content) return 'unchanged';
    }
    const id = before?.id ?? stored.size + 1;
    const version = (before?.version ?? 0) + 1;
    stored.set(record.slug, { ...record, id, version, createdAt: NOW, updatedAt: NOW });
    return before ? 'updated' : 'created';
  };
}

/** A planner over the records in `stored`, with the file's keys in memory. */
function plannerFor(
  stored: Map<string, InitiativeRecord>,
  rules: RowRules,
  given: PlanDecisions = {},
  ownSlugs: string[] = [],
): ImportPlanner {
  return new ImportPlanner(context(stored, ownSlugs), rules, given, {
    keys: memoryKeyStore(),
    record: async (slug) => stored.get(slug),
    existing: async (slugs) => new Set(slugs.filter((s) => stored.has(s))),
  });
}

/** A file's rows, planned in order against the fixture's records (and what earlier runs wrote). */
async function plan(
  file: Record<string, string>[],
  given: PlanDecisions & ImportRules = {},
  atlas: { stored?: Map<string, InitiativeRecord>; ownSlugs?: string[] } = {},
) {
  const stored = atlas.stored ?? new Map(RECORDS.map((r) => [r.slug, r]));
  const { mapping, rules } = resolveMapping(Object.keys(file[0] ?? {}), given, {}, true);
  const planner = plannerFor(stored, rules, given, atlas.ownSlugs);
  const rows: PlanRow[] = [];
  const gatherer = new RowGatherer(mapping);
  const write = writeTo(stored);
  for (const [i, cells] of file.entries()) {
    const done = gatherer.push({ row: i + 2, cells })?.done;
    if (done) await planner.planRows(done.first, done.more, write, (r) => rows.push(r));
  }
  const last = gatherer.finish();
  if (last) await planner.planRows(last.first, last.more, write, (r) => rows.push(r));
  return { rows, byRow: new Map(rows.map((r) => [r.row, r])), planner, stored };
}

/** A row with every required field, for the named initiative. */
const row = (name: string, more: Record<string, string> = {}) => ({
  Name: name,
  Country: 'SE',
  Scope: 'national',
  Status: 'ongoing',
  Domain: 'ecosystem',
  Type: 'partnership',
  Website: '',
  ...more,
});

/** A row that looks like the fixture's Genomic Medicine Sweden. */
const gms = row('Genomic Medicine Sweden', { Website: 'https://genomicmedicine.se/en/' });

describe('plan step: new records', () => {
  test('a new row is created under a slug from its name, citing the file and row', async () => {
    const { rows, planner, stored } = await plan([row('Alpha Network')]);
    assert.deepEqual(rows, [
      {
        row: 2,
        rows: [2],
        label: undefined,
        slug: 'alpha-network',
        name: 'Alpha Network',
        action: 'create',
        target: undefined,
        changes: [],
        flags: [],
        duplicates: [],
        countrySuggestions: [],
        continuation: undefined,
        questions: [],
      },
    ]);
    assert.deepEqual(stored.get('alpha-network')?.sources, [{ source: SOURCE, row: '2' }]);
    assert.equal(planner.counts.create, 1);
  });

  test('rows are planned, written and counted without anyone listening to the row plans', async () => {
    const stored = new Map(RECORDS.map((r) => [r.slug, r]));
    const { rules } = resolveMapping(Object.keys(row('x')), {}, {}, true);
    const planner = plannerFor(stored, rules);
    for (const [i, name] of ['Iota', 'Iota'].entries())
      await planner.planRows({ row: i + 2, cells: row(name) }, [], writeTo(stored));
    assert.ok(stored.has('iota'));
    assert.deepEqual({ ...planner.counts }, { ...NO_ACTIONS, create: 1, decide: 1 });
  });

  test('a blocked row is not written, and says why', async () => {
    const { rows, stored, planner } = await plan([row('Beta', { Domain: 'medical' })]);
    assert.equal(rows[0]?.action, 'blocked');
    assert.deepEqual(
      rows[0]?.flags.map((f) => [f.field, f.severity]),
      [['domain', 'blocking']],
    );
    assert.equal(stored.has('beta'), false);
    assert.deepEqual(
      { ...planner.counts },
      { create: 0, update: 0, unchanged: 0, merge: 0, skip: 0, blocked: 1, decide: 0 },
    );
    assert.equal(planner.flags, 1);
  });
});

describe('plan step: row numbers and relations', () => {
  test('a row number used twice is flagged on the second row; both are planned', async () => {
    const { byRow } = await plan([row('Gamma', { No: '89' }), row('Delta', { No: '89' })]);
    assert.deepEqual(byRow.get(3)?.flags, [
      {
        row: 3,
        field: 'row_label',
        value: '89',
        problem:
          'the file numbers this row 89, as it does row 2; both are imported, each citing its own row',
        severity: 'kept',
      },
    ]);
    assert.equal(byRow.get(3)?.action, 'create');
  });

  test('relations to records that do not exist (yet) are kept as extra text', async () => {
    const { byRow, stored } = await plan([
      row('Epsilon', { Relations: 'part_of:genomic-medicine-sweden; part_of:nowhere' }),
      row('Zeta', { Relations: 'part_of:epsilon' }),
    ]);
    assert.deepEqual(stored.get('epsilon')?.relations, [
      { kind: 'part_of', target: 'genomic-medicine-sweden' },
    ]);
    assert.deepEqual(stored.get('epsilon')?.extra, { relations: 'part_of:nowhere' });
    assert.deepEqual(
      byRow.get(2)?.flags.map((f) => [f.value, f.problem]),
      [
        [
          'part_of:nowhere',
          'points at an initiative the atlas does not have; kept as an extra field',
        ],
      ],
    );
    assert.deepEqual(
      stored.get('zeta')?.relations,
      [{ kind: 'part_of', target: 'epsilon' }],
      'a record written earlier in the file exists',
    );
  });
});

describe('plan step: duplicate suggestions and decisions', () => {
  test('a look-alike of an existing record waits for a decision, with its evidence', async () => {
    const { rows, stored } = await plan([gms]);
    const r = rows[0];
    assert.equal(r?.action, 'decide');
    assert.equal(r?.duplicates[0]?.of.slug, 'genomic-medicine-sweden');
    assert.deepEqual(r?.duplicates[0]?.evidence.map((e) => e.kind).sort(), [
      'same_link',
      'same_name',
      'same_slug',
    ]);
    assert.deepEqual(r?.questions, [
      `may duplicate the existing record genomic-medicine-sweden (${r?.duplicates[0]?.evidence.map((e) => e.detail).join('; ')}): choose --decide 2=merge, =keep or =skip, or decide all with --duplicates merge|keep|skip`,
    ]);
    assert.equal(stored.get('genomic-medicine-sweden')?.version, 1, 'nothing written');
  });

  test('skip, merge and keep: per row, or for all duplicates', async () => {
    const skipped = await plan([gms], { decisions: new Map([[2, 'skip']]) });
    assert.equal(skipped.rows[0]?.action, 'skip');

    const merged = await plan([gms], { duplicates: 'merge' });
    assert.equal(merged.rows[0]?.action, 'merge');
    assert.equal(merged.rows[0]?.target, 'genomic-medicine-sweden');
    const record = merged.stored.get('genomic-medicine-sweden');
    assert.deepEqual(
      record?.sources.map((s) => s.source),
      ['preciseu-d3-1', SOURCE],
    );
    assert.equal(record?.type, 'permanent_institution', 'the existing value is kept');
    assert.equal(
      record?.extra?.['type (row 2)'],
      'partnership',
      'the differing value is kept aside',
    );

    const kept = await plan([gms], { decisions: new Map([[2, 'keep']]) });
    assert.equal(kept.rows[0]?.action, 'create');
    assert.equal(kept.rows[0]?.slug, 'genomic-medicine-sweden-2');
    assert.deepEqual(kept.rows[0]?.changes.at(-1), {
      row: 2,
      field: 'slug',
      original: 'genomic-medicine-sweden',
      normalised: 'genomic-medicine-sweden-2',
      rule: 'kept apart from its duplicate under a new identifier',
    });
  });

  test('an earlier row of the same file is a duplicate too; merging into it merges the rows', async () => {
    const file = [
      row('Oncotheranostics', { Website: 'https://oncotheranostics.com.ua/', Country: 'UA' }),
      row('Oncotheranostics centre', { Website: 'https://oncotheranostics.com.ua', Country: 'UA' }),
    ];
    const asked = await plan(file);
    assert.equal(asked.byRow.get(3)?.action, 'decide');
    assert.deepEqual(asked.byRow.get(3)?.duplicates[0]?.of, {
      where: 'file',
      row: 2,
      slug: 'oncotheranostics',
      name: 'Oncotheranostics',
    });
    const merged = await plan(file, { decisions: new Map([[3, 'merge']]) });
    assert.deepEqual(
      merged.rows.map((r) => [r.row, r.action, r.target]),
      [
        [2, 'create', undefined],
        [3, 'merge', 'oncotheranostics'],
      ],
    );
    assert.equal(
      merged.stored.get('oncotheranostics')?.extra?.['name (row 3)'],
      'Oncotheranostics centre',
    );
  });
});

describe('plan step: merges and own records', () => {
  test('a merge takes what the row lacks from the record, and is not a duplicate target itself', async () => {
    const bare = { Name: 'Genomic Medicine Sweden', Website: 'https://genomicmedicine.se/en/' };
    const { rows } = await plan([bare, bare], { duplicates: 'merge' });
    assert.deepEqual(
      rows.map((r) => [r.action, r.target]),
      [
        ['merge', 'genomic-medicine-sweden'],
        ['merge', 'genomic-medicine-sweden'],
      ],
    );
    assert.deepEqual(rows[0]?.flags, [], 'no flags for the fields the record gives');
    assert.deepEqual(
      rows[1]?.duplicates.map((d) => d.of.where),
      ['database'],
      'the merged row is not remembered as a record of the file',
    );
  });

  test('merging into a row that is not written blocks the row', async () => {
    const file = [
      row('Kappa', { Website: 'https://kappa.example.org', Domain: 'medical' }),
      row('Kappa', { Website: 'https://kappa.example.org' }),
    ];
    const { byRow } = await plan(file, { duplicates: 'merge' });
    assert.equal(byRow.get(2)?.action, 'blocked');
    assert.equal(byRow.get(3)?.action, 'blocked');
    assert.deepEqual(byRow.get(3)?.flags.at(-1), {
      row: 3,
      field: 'row',
      value: '',
      problem:
        'cannot be merged into kappa, which this import does not write (is that row blocked or skipped?)',
      severity: 'blocking',
    });
  });

  test('a row with its own slug names its record: look-alikes are shown, not asked about', async () => {
    const { rows, stored } = await plan([{ ...gms, Slug: 'genomic-medicine-sweden' }]);
    assert.equal(rows[0]?.action, 'update');
    assert.equal(rows[0]?.target, 'genomic-medicine-sweden');
    assert.deepEqual(rows[0]?.questions, []);
    assert.equal(stored.get('genomic-medicine-sweden')?.type, 'partnership');
  });

  test('a record this file created before is updated from the row; the same file again changes nothing', async () => {
    const first = await plan([row('Lambda Hub')]);
    const stored = first.stored;
    const again = await plan(
      [row('Lambda Hub', { Status: 'closed' })],
      {},
      { stored, ownSlugs: ['lambda-hub'] },
    );
    assert.deepEqual(
      again.rows.map((r) => [r.action, r.target]),
      [['update', 'lambda-hub']],
    );
    assert.equal(stored.get('lambda-hub')?.status, 'closed');
    const third = await plan(
      [row('Lambda Hub', { Status: 'closed' })],
      {},
      { stored, ownSlugs: ['lambda-hub'] },
    );
    assert.equal(third.rows[0]?.action, 'unchanged');
  });
});

describe('plan step: home-country suggestions', () => {
  const noCountry = row('Precision Oncology Hub', {
    Country: '',
    Website: 'https://www.poh.se/',
  });

  test('a row without a country is blocked, with the best suggestion and how to accept it', async () => {
    const { rows } = await plan([noCountry]);
    assert.equal(rows[0]?.action, 'blocked');
    assert.equal(rows[0]?.countrySuggestions[0]?.country, 'SE');
    const flag = rows[0]?.flags.find((f) => f.field === 'home_country');
    assert.equal(flag?.severity, 'blocking');
    assert.match(
      flag?.problem ?? '',
      /^is empty; give it in the file or with --default home_country=CODE\. The best suggestion is SE \(.*\.se.*\): accept it with --decide 2=accept or --accept-suggestions\.$/,
    );
  });

  test('accepted per row or for all rows, the suggestion becomes the country', async () => {
    for (const given of [
      { decisions: new Map([[2, 'accept' as const]]) },
      { acceptSuggestions: true },
    ]) {
      const { rows, stored } = await plan([noCountry], given);
      assert.equal(rows[0]?.action, 'create');
      assert.equal(stored.get('precision-oncology-hub')?.homeCountry, 'SE');
      assert.match(rows[0]?.changes.at(-1)?.rule ?? '', /^suggestion accepted: /);
    }
  });
});

describe('plan step: continuation rows', () => {
  const split = [
    {
      No: '3',
      ...row(
        'System demonstrator for national collection and sharing of omics data for healthcare,',
      ),
    },
    {
      No: '',
      Name: 'research, and innovation.',
      Country: '',
      Scope: '',
      Status: '',
      Domain: '',
      Type: '',
      Website: '',
    },
    { No: '4', ...row('Testbed') },
  ];

  test('without a decision the joined record asks for one', async () => {
    const { rows } = await plan(split);
    assert.deepEqual(rows[0]?.rows, [2, 3]);
    assert.deepEqual(rows[0]?.continuation, { rows: [3], decision: 'pending' });
    assert.equal(rows[0]?.action, 'decide');
    assert.equal(
      rows[0]?.questions[0],
      'rows 2, 3 look like one record split over 2 lines: join them with --decide 2=merge, keep them apart with --decide 2=keep, or decide all with --continuations merge|keep',
    );
    assert.equal(rows[1]?.row, 4);
  });

  test('merged: one record of both rows, citing both', async () => {
    const { rows, stored } = await plan(split, { continuations: 'merge' });
    assert.equal(rows[0]?.action, 'create');
    assert.equal(
      rows[0]?.name,
      'System demonstrator for national collection and sharing of omics data for healthcare, research, and innovation.',
    );
    assert.deepEqual(rows[0]?.changes.at(-1), {
      row: 2,
      field: 'row',
      original: '2 + 3',
      normalised: '2',
      rule: 'continuation rows joined into one record',
    });
    assert.deepEqual(stored.get(rows[0]?.slug ?? '')?.sources, [
      { source: SOURCE, row: '2', note: 'rows 2, 3 of the file' },
    ]);
  });

  test('kept apart: each row is its own record', async () => {
    const { rows } = await plan(split, { decisions: new Map([[2, 'keep']]) });
    assert.deepEqual(
      rows.map((r) => [r.row, r.rows, r.continuation, r.action]),
      [
        [2, [2], undefined, 'create'],
        [3, [3], undefined, 'blocked'],
        [4, [4], undefined, 'create'],
      ],
    );
  });
});
