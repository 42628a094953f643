/**
 * Synthetic data for benchmarks and large tests: initiatives with realistic names, 50-150-word
 * summaries and skewed facet distributions (a few domains, countries and themes dominate, as in
 * the real mappings). Deterministic for a given seed.
 */
import { DOMAINS, SCOPES, type STATUSES, STRUCTURAL_TYPES, THEMES } from '../src/domain/codes.ts';
import type { Initiative, Region, Source } from '../src/domain/schemas.ts';
import type { ReferenceData } from '../src/io/reference.ts';

/** A small, fast, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from values with Zipf-like weights (the first is the most common). */
function zipf<T>(rand: () => number, values: readonly T[], s = 1.1): T {
  const weights = values.map((_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (let i = 0; i < values.length; i++) {
    r -= weights[i] ?? 0;
    if (r <= 0) return values[i] as T;
  }
  return values[values.length - 1] as T;
}

function pick<T>(rand: () => number, values: readonly T[]): T {
  return values[Math.floor(rand() * values.length)] as T;
}

const COUNTRIES: readonly [string, string][] = [
  ['DE', 'Germany'],
  ['ES', 'Spain'],
  ['IT', 'Italy'],
  ['SE', 'Sweden'],
  ['NL', 'Netherlands'],
  ['BE', 'Belgium'],
  ['FR', 'France'],
  ['EL', 'Greece'],
  ['RO', 'Romania'],
  ['BG', 'Bulgaria'],
  ['LT', 'Lithuania'],
  ['UA', 'Ukraine'],
  ['PL', 'Poland'],
  ['AT', 'Austria'],
  ['DK', 'Denmark'],
  ['FI', 'Finland'],
  ['PT', 'Portugal'],
  ['IE', 'Ireland'],
  ['CZ', 'Czechia'],
  ['HU', 'Hungary'],
];
const PARTNER_REGIONS: readonly [string, string, string][] = [
  ['DE1', 'Baden-Württemberg', 'DE'],
  ['ES51', 'Catalonia', 'ES'],
  ['ITH5', 'Emilia-Romagna', 'IT'],
  ['SE232', 'Västra Götaland', 'SE'],
  ['BE2', 'Flanders', 'BE'],
  ['EL43', 'Crete', 'EL'],
  ['RO21', 'North-East', 'RO'],
  ['BG41', 'Sofia area', 'BG'],
  ['UA-56', 'Rivne oblast', 'UA'],
];

const PREFIXES = [
  'Nordic',
  'European',
  'Regional',
  'National',
  'Baltic',
  'Mediterranean',
  'Alpine',
  'Danube',
  'Atlantic',
  'Central',
  'Open',
  'Integrated',
  'Translational',
  'Clinical',
  'Digital',
];
const TOPICS = [
  'Precision Oncology',
  'Genomic Medicine',
  'Cell and Gene Therapy',
  'Health Data',
  'Rare Disease',
  'Pharmacogenomics',
  'Cardiogenetics',
  'Neurodegeneration',
  'Biobanking',
  'Molecular Imaging',
  'Artificial Intelligence in Medicine',
  'Paediatric Genomics',
  'Liquid Biopsy',
  'Immunotherapy',
  'Microbiome',
  'Nanomedicine',
  'Diabetes Stratification',
  'Patient Empowerment',
  'Clinical Trials',
  'Health Literacy',
];
const KINDS = [
  'Network',
  'Platform',
  'Programme',
  'Consortium',
  'Initiative',
  'Centre',
  'Alliance',
  'Hub',
  'Observatory',
  'Roadmap',
  'Infrastructure',
  'Testbed',
  'Partnership',
  'Strategy',
  'Academy',
];

const SUBJECTS = [
  'The initiative',
  'The consortium',
  'This programme',
  'The network',
  'The project',
  'The partnership',
];
const VERBS = [
  'connects',
  'supports',
  'coordinates',
  'funds',
  'trains',
  'brings together',
  'develops',
  'evaluates',
  'pilots',
  'scales up',
];
const OBJECTS = [
  'hospitals and research institutes',
  'small and medium-sized enterprises',
  'patient organisations',
  'regional health authorities',
  'clinical laboratories',
  'university medical centres',
  'biobanks and data holders',
  'regulators and payers',
  'start-ups working on diagnostics',
  'multidisciplinary tumour boards',
];
const PURPOSES = [
  'to bring genomic testing into routine care',
  'to share health data securely across borders',
  'to shorten the path from discovery to treatment',
  'to build manufacturing capacity for advanced therapies',
  'to train clinicians in molecular diagnostics',
  'to involve patients in the design of studies',
  'to align reimbursement with personalised treatments',
  'to evaluate artificial intelligence tools for clinical decisions',
  'to harmonise consent for secondary use of data',
  'to reduce regional inequities in access to testing',
];
const EXTRAS = [
  'It runs pilot studies in several regions.',
  'Results are published as open data.',
  'A steering board with patient representatives sets priorities.',
  'Funding comes from public and private partners.',
  'Training modules are offered in several languages.',
  'The work builds on an earlier European project.',
  'Regular workshops gather clinicians, researchers and industry.',
  'Evaluation reports are shared with policy makers.',
  'It maintains a registry of molecular tumour profiles.',
  'Partners exchange staff and protocols.',
];

function summary(rand: () => number, topic: string): string {
  const words = 50 + Math.floor(rand() * 101);
  const parts: string[] = [];
  let count = 0;
  while (count < words) {
    const s =
      count === 0
        ? `${pick(rand, SUBJECTS)} ${pick(rand, VERBS)} ${pick(rand, OBJECTS)} working on ${topic.toLowerCase()} ${pick(rand, PURPOSES)}.`
        : rand() < 0.5
          ? pick(rand, EXTRAS)
          : `${pick(rand, SUBJECTS)} also ${pick(rand, VERBS)} ${pick(rand, OBJECTS)} ${pick(rand, PURPOSES)}.`;
    parts.push(s);
    count += s.split(' ').length;
  }
  return parts
    .join(' ')
    .split(' ')
    .slice(0, words)
    .join(' ')
    .replace(/[.,]?$/, '.');
}

const FUNDERS: readonly [string, Initiative['funding'][number]['kind']][] = [
  ['European Commission', 'eu'],
  ['National research council', 'national'],
  ['Ministry of Health', 'national'],
  ['Regional government', 'regional'],
  ['Cancer charity', 'charity'],
  ['Industry partners', 'private'],
];

/** None, one or two funders; two can be of the same kind, which facet counts must not double. */
function syntheticFunding(rand: () => number): Initiative['funding'] {
  const n = Math.floor(rand() * 3);
  return Array.from({ length: n }, () => {
    const [funder, kind] = zipf(rand, FUNDERS, 1.0);
    return { funder, kind };
  });
}

/** Generates a reference dataset with `count` synthetic initiatives (and the regions they use). */
export function generateDataset(count: number, seed = 42): ReferenceData {
  const rand = prng(seed);
  const sources: Source[] = [
    { code: 'synthetic', title: 'Synthetic benchmark data', publisher: 'PerMed Atlas', year: 2026 },
  ];
  const regions: Region[] = [
    ...COUNTRIES.map(([code, name]) => ({
      code,
      name,
      level: 'country' as const,
      country: code,
      partner: false,
      sources: [],
    })),
    ...PARTNER_REGIONS.map(([code, name, country]) => ({
      code,
      name,
      level: code.includes('-') ? ('other' as const) : ('nuts2' as const),
      parent: country,
      country,
      partner: true,
      sources: [],
    })),
  ];
  const domainCodes = DOMAINS.map((d) => d.code);
  const typeCodes = STRUCTURAL_TYPES.map((t) => t.code);
  const statusCodes = [
    'ongoing',
    'closed',
    'planned',
    'permanent',
  ] as const satisfies readonly (typeof STATUSES)[number]['code'][];
  const scopeCodes = SCOPES.map((s) => s.code);
  const themeCodes = THEMES.map((t) => t.code);
  const initiatives: Initiative[] = [];
  for (let n = 0; n < count; n++) {
    const topic = zipf(rand, TOPICS, 0.8);
    const name = `${pick(rand, PREFIXES)} ${topic} ${pick(rand, KINDS)}`;
    const acronym = name
      .split(/\s+/)
      .filter((w) => /^[A-Z]/.test(w))
      .map((w) => w[0])
      .join('');
    const region = rand() < 0.8 ? zipf(rand, PARTNER_REGIONS, 0.7) : undefined;
    const homeCountry = region ? region[2] : zipf(rand, COUNTRIES, 1.0)[0];
    const scopes = new Set([zipf(rand, scopeCodes, 0.6)]);
    if (rand() < 0.3) scopes.add(pick(rand, scopeCodes));
    const themes = new Set<(typeof themeCodes)[number]>();
    const themeCount = Math.floor(rand() * 4);
    for (let k = 0; k < themeCount; k++) themes.add(zipf(rand, themeCodes, 1.0));
    initiatives.push({
      slug: `synthetic-${n}`,
      name: `${name} ${n}`,
      acronym: `${acronym}${n}`,
      summary: summary(rand, topic),
      website: `https://example.org/initiatives/${n}`,
      homeCountry,
      regions: region ? [region[0]] : [],
      submittingRegion: region?.[0],
      scopes: [...scopes],
      status: zipf(rand, statusCodes, 1.6),
      statusAsOf: '2025-01',
      domain: zipf(rand, domainCodes, 0.9),
      type: zipf(rand, typeCodes, 1.0),
      themes: [...themes],
      funding: syntheticFunding(rand),
      relations: [],
      sources: [{ source: 'synthetic', row: String(n + 1) }],
    });
  }
  return { sources, regions, initiatives };
}
