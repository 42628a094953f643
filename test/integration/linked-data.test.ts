import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { Parser, Writer } from 'n3';
import { alpha3 } from '../../src/domain/countries.ts';
import { isAppError } from '../../src/domain/errors.ts';
import { linkProblems } from '../../src/domain/links.ts';
import type { Distribution, JsonLd } from '../../src/domain/open-data.ts';
import { createApp } from '../../src/http/app.ts';
import { linkedDataRoutes, preferredType, prefersJsonLd } from '../../src/http/linked-data.ts';
import {
  catalogueTurtle,
  countryAuthorityIri,
  dcatCatalogue,
  temporalCoverage,
} from '../../src/io/linked-data.ts';
import { readReferenceData } from '../../src/io/reference.ts';
import { seedData } from '../../src/services/seed.ts';
import { DIALECTS, type TestDb } from '../helpers/databases.ts';
import { REFERENCE_DIR } from '../helpers/fixtures.ts';
import { after, before, describe, test } from '../helpers/suite.ts';

const ORIGIN = 'https://atlas.example.org';
const SEEDED_AT = '2026-03-04T05:06:07.000Z';

/** A document loader that fails: every document here must expand without fetching anything. */
const noFetch = async (url: string): Promise<never> => {
  throw new Error(`a remote document was requested: ${url}`);
};
// biome-ignore lint/suspicious/noExplicitAny: jsonld's option types lag behind its API (safe mode)
const offline: any = { documentLoader: noFetch, safe: true };

const S = 'https://schema.org/';
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const SPDX = 'http://spdx.org/rdf/terms#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/**
 * Every term a document may expand to, checked by hand against schema.org, DCAT 3, DCMI terms,
 * FOAF, vCard and SPDX. A misspelt term in a builder expands to an IRI that is not here.
 */
const KNOWN_TERMS = new Set([
  ...[
    'Project',
    'Organization',
    'CreativeWork',
    'Country',
    'AdministrativeArea',
    'DefinedTerm',
    'DefinedTermSet',
    'PropertyValue',
    'name',
    'alternateName',
    'description',
    'inLanguage',
    'url',
    'sameAs',
    'identifier',
    'propertyID',
    'value',
    'location',
    'spatialCoverage',
    'containedInPlace',
    'keywords',
    'termCode',
    'inDefinedTermSet',
    'hasDefinedTerm',
    'hasPart',
    'isPartOf',
    'parentOrganization',
    'memberOf',
    'funder',
    'about',
    'subjectOf',
    'Comment',
    'text',
    'publisher',
  ].map((t) => `${S}${t}`),
  ...[
    'Catalog',
    'Dataset',
    'Distribution',
    'DataService',
    'dataset',
    'service',
    'distribution',
    'theme',
    'contactPoint',
    'startDate',
    'endDate',
    'downloadURL',
    'accessURL',
    'mediaType',
    'packageFormat',
    'compressFormat',
    'byteSize',
    'endpointURL',
    'endpointDescription',
    'servesDataset',
  ].map((t) => `${DCAT}${t}`),
  ...[
    'title',
    'description',
    'publisher',
    'license',
    'modified',
    'temporal',
    'spatial',
    'format',
    'PeriodOfTime',
    'LicenseDocument',
  ].map((t) => `${DCT}${t}`),
  ...['Agent', 'name', 'homepage'].map((t) => `${FOAF}${t}`),
  ...['Kind', 'fn', 'hasURL'].map((t) => `${VCARD}${t}`),
  ...['checksum', 'Checksum', 'algorithm', 'checksumValue'].map((t) => `${SPDX}${t}`),
  // datatypes of literals
  ...['gYear', 'gYearMonth', 'date', 'dateTime', 'nonNegativeInteger', 'hexBinary'].map(
    (t) => `${XSD}${t}`,
  ),
]);

/** The predicates and types of an expanded document. */
function termsOf(expanded: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(expanded)) for (const e of expanded) termsOf(e, into);
  else if (expanded && typeof expanded === 'object') {
    for (const [k, v] of Object.entries(expanded)) {
      if (k === '@type') for (const t of [v].flat()) into.add(String(t));
      else if (!k.startsWith('@')) into.add(k);
      if (k !== '@value') termsOf(v, into);
    }
  }
  return into;
}

/** Expands a document offline and checks that every term it uses is a known one. */
async function expandChecked(doc: JsonLd): Promise<{ expanded: unknown; terms: Set<string> }> {
  const expanded = await jsonld.expand(doc as never, offline);
  const terms = termsOf(expanded);
  const unknown = [...terms].filter((t) => !KNOWN_TERMS.has(t));
  assert.deepEqual(unknown, [], 'terms that are not in the checked list');
  return { expanded, terms };
}

/** The document's quads as canonical N-Quads (blank-node labels made canonical). */
async function canonical(nquads: string): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const options: any = {
    algorithm: 'RDFC-1.0',
    inputFormat: 'application/n-quads',
    format: 'application/n-quads',
  };
  return (await jsonld.canonize(nquads as never, options)) as unknown as string;
}

async function canonicalOfJsonLd(doc: JsonLd): Promise<string> {
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const options: any = { format: 'application/n-quads', documentLoader: noFetch };
  return canonical((await jsonld.toRDF(doc as never, options)) as unknown as string);
}

function canonicalOfTurtle(turtle: string): Promise<string> {
  const quads = new Parser({ format: 'text/turtle' }).parse(turtle);
  return canonical(new Writer({ format: 'N-Quads' }).quadsToString(quads));
}

/** One N-Quads line per triple, for looking up a statement. */
function lines(nquads: string): string[] {
  return nquads.split('\n').filter(Boolean);
}

const SHA = `${'a'.repeat(63)}b`;
const DISTRIBUTIONS: Distribution[] = [
  {
    id: 'csv',
    title: 'CSV files',
    description: 'Every entity as a CSV table, in one zip',
    format: 'CSV',
    mediaType: 'application/zip',
    packagedMediaType: 'text/csv',
    fileName: 'permed-atlas-csv.zip',
    byteSize: 123456,
    sha256: SHA,
    modified: '2026-03-05T00:00:00.000Z',
  },
  {
    id: 'json',
    title: 'JSON',
    description: 'The whole dataset as one JSON file',
    format: 'JSON',
    mediaType: 'application/json',
    fileName: 'permed-atlas.json',
    byteSize: 0,
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    modified: '2026-03-05T00:00:00.000Z',
  },
];

describe('linked data: pure parts', () => {
  test('temporal coverage spans the earliest and latest dates, partial dates by their extent', () => {
    assert.deepEqual(temporalCoverage(['2025-01', '2024-11', '2025-03', null, 'not a date']), {
      start: '2024-11',
      end: '2025-03',
    });
    // A month reaches past any day of it, a year past any month.
    assert.deepEqual(temporalCoverage(['2025-03-15', '2025-03', '2025-02-20']), {
      start: '2025-02-20',
      end: '2025-03',
    });
    assert.deepEqual(temporalCoverage(['2025', '2025-06-01']), { start: '2025', end: '2025' });
    assert.equal(temporalCoverage([]), undefined);
  });

  test('content negotiation: browsers get the page, a client asking for JSON-LD gets JSON-LD', () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    assert.equal(prefersJsonLd(browser), false);
    assert.equal(prefersJsonLd(undefined), false);
    assert.equal(prefersJsonLd('*/*'), false);
    assert.equal(prefersJsonLd('application/ld+json'), true);
    assert.equal(prefersJsonLd('application/ld+json, text/html;q=0.5'), true);
    assert.equal(prefersJsonLd('text/html;q=0.5, application/*'), true);
    assert.equal(prefersJsonLd('application/ld+json;q=0, */*'), false);
    // Equal qualities: the range the client lists first wins, then the type offered first (HTML).
    assert.equal(prefersJsonLd('application/ld+json, text/html'), true);
    assert.equal(prefersJsonLd('text/html, application/ld+json'), false);
    assert.equal(prefersJsonLd('text/*, application/*'), false);
    assert.equal(
      preferredType('text/turtle', ['application/ld+json', 'text/turtle']),
      'text/turtle',
    );
    assert.equal(preferredType('image/png', ['application/ld+json', 'text/turtle']), undefined);
  });

  test('every country of the reference data has an ISO alpha-3 code (EL is Greece)', () => {
    const regions = JSON.parse(readFileSync(join(REFERENCE_DIR, 'regions.json'), 'utf8')) as {
      country: string;
      level: string;
    }[];
    const countries = regions.filter((r) => r.level !== 'supranational').map((r) => r.country);
    const missing = [...new Set(countries)].filter((c) => !alpha3(c));
    assert.deepEqual(missing, []);
    assert.equal(alpha3('EL'), 'GRC');
    assert.equal(alpha3('XX'), undefined);
  });

  test('a distribution with a malformed checksum is refused with invalid_data', () => {
    const bad = { ...DISTRIBUTIONS[0], sha256: 'ABC' } as Distribution;
    assert.throws(
      () =>
        dcatCatalogue({
          origin: ORIGIN,
          distributions: [bad],
          temporal: undefined,
          countries: [],
          modified: undefined,
        }),
      (e) => isAppError(e) && e.code === 'invalid_data' && /sha256/.test(e.message),
    );
  });

  test('the catalogue states each given distribution: URLs, size, checksum, formats', async () => {
    const c = dcatCatalogue({
      origin: ORIGIN,
      distributions: DISTRIBUTIONS,
      temporal: { start: '2024-11', end: '2025-10-15' },
      countries: ['EL', 'SE', 'XX'],
      modified: SEEDED_AT,
    });
    const nq = lines(await canonicalOfJsonLd(c.jsonLd));
    const dist = `<${ORIGIN}/catalog#distribution-csv>`;
    const has = (line: string) => assert.ok(nq.includes(line), `missing: ${line}`);
    has(`<${ORIGIN}/catalog#dataset> <${DCAT}distribution> ${dist} .`);
    has(`${dist} <${DCAT}downloadURL> <${ORIGIN}/downloads/permed-atlas-csv.zip> .`);
    has(`${dist} <${DCAT}accessURL> <${ORIGIN}/downloads/permed-atlas-csv.zip> .`);
    has(`${dist} <${DCAT}byteSize> "123456"^^<${XSD}nonNegativeInteger> .`);
    has(`${dist} <${DCAT}mediaType> <https://www.iana.org/assignments/media-types/text/csv> .`);
    has(
      `${dist} <${DCAT}packageFormat> <https://www.iana.org/assignments/media-types/application/zip> .`,
    );
    has(
      `${dist} <${DCAT}compressFormat> <https://www.iana.org/assignments/media-types/application/zip> .`,
    );
    has(
      `${dist} <${DCT}format> <http://publications.europa.eu/resource/authority/file-type/CSV> .`,
    );
    has(`${dist} <${DCT}license> <https://creativecommons.org/licenses/by/4.0/> .`);
    has(`${dist} <${DCT}modified> "2026-03-05T00:00:00.000Z"^^<${XSD}dateTime> .`);
    const checksum = nq.find((l) => l.startsWith(`${dist} <${SPDX}checksum> `));
    assert.ok(checksum);
    const node = checksum.split(' ')[2];
    has(`${node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${SPDX}Checksum> .`);
    has(`${node} <${SPDX}algorithm> <${SPDX}checksumAlgorithm_sha256> .`);
    has(`${node} <${SPDX}checksumValue> "${SHA}"^^<${XSD}hexBinary> .`);
    // A file that is not packaged has its own media type and no package format.
    const json = `<${ORIGIN}/catalog#distribution-json>`;
    has(
      `${json} <${DCAT}mediaType> <https://www.iana.org/assignments/media-types/application/json> .`,
    );
    has(`${json} <${DCAT}byteSize> "0"^^<${XSD}nonNegativeInteger> .`);
    assert.ok(!nq.some((l) => l.startsWith(`${json} <${DCAT}packageFormat>`)));
    // Coverage: Greece by its authority code, an unknown code left out.
    const spatial = nq.filter((l) => l.startsWith(`<${ORIGIN}/catalog#dataset> <${DCT}spatial>`));
    assert.deepEqual(
      spatial.map((l) => l.split(' ')[2]),
      [
        '<http://publications.europa.eu/resource/authority/country/GRC>',
        '<http://publications.europa.eu/resource/authority/country/SWE>',
      ],
    );
    has(`${periodNode(nq)} <${DCAT}startDate> "2024-11"^^<${XSD}gYearMonth> .`);
    has(`${periodNode(nq)} <${DCAT}endDate> "2025-10-15"^^<${XSD}date> .`);
  });

  test('a gzip only compresses, and a path is made a valid IRI', async () => {
    const gz: Distribution = {
      ...(DISTRIBUTIONS[1] as Distribution),
      id: 'json-gz',
      mediaType: 'application/gzip',
      packagedMediaType: 'application/json',
      fileName: 'permed atlas.json.gz',
    };
    const c = dcatCatalogue({
      origin: ORIGIN,
      distributions: [gz],
      temporal: undefined,
      countries: [],
      modified: undefined,
    });
    const nq = lines(await canonicalOfJsonLd(c.jsonLd));
    const dist = `<${ORIGIN}/catalog#distribution-json-gz>`;
    assert.ok(
      nq.includes(
        `${dist} <${DCAT}compressFormat> <https://www.iana.org/assignments/media-types/application/gzip> .`,
      ),
    );
    assert.ok(
      nq.includes(
        `${dist} <${DCAT}mediaType> <https://www.iana.org/assignments/media-types/application/json> .`,
      ),
    );
    assert.ok(!nq.some((l) => l.startsWith(`${dist} <${DCAT}packageFormat>`)));
    assert.ok(
      nq.includes(`${dist} <${DCAT}downloadURL> <${ORIGIN}/downloads/permed%20atlas.json.gz> .`),
    );
    assert.equal(await canonicalOfTurtle(catalogueTurtle(c)), `${nq.join('\n')}\n`);
  });

  test('the JSON-LD and the Turtle of the catalogue are the same graph', async () => {
    const c = dcatCatalogue({
      origin: ORIGIN,
      distributions: DISTRIBUTIONS,
      temporal: { start: '2024', end: '2025-10' },
      countries: ['BE', 'UA'],
      modified: SEEDED_AT,
    });
    const fromJsonLd = await canonicalOfJsonLd(c.jsonLd);
    assert.equal(await canonicalOfTurtle(catalogueTurtle(c)), fromJsonLd);
    assert.equal(lines(fromJsonLd).length, c.quads.length);
  });
});

/** The blank node of the dataset's period, in canonical N-Quads. */
function periodNode(nq: readonly string[]): string {
  const l = nq.find((x) => x.startsWith(`<${ORIGIN}/catalog#dataset> <${DCT}temporal> `));
  assert.ok(l, 'the dataset has a temporal coverage');
  return l.split(' ')[2] as string;
}

/** The JSON-LD block a page embeds. */
function embeddedJsonLd(html: string): JsonLd {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)];
  assert.equal(blocks.length, 1, 'one JSON-LD block');
  return JSON.parse(blocks[0]?.[1] ?? '') as JsonLd;
}

const LD = { accept: 'application/ld+json' };
const HOSTILE_SUMMARY = 'Ends the script early </script><script>alert(1)</script> if not escaped';

for (const dialect of DIALECTS) {
  describe(`linked data over HTTP on ${dialect.name}`, { skip: dialect.skip }, () => {
    let t: TestDb;
    let app: ReturnType<typeof createApp>;
    let reference: Awaited<ReturnType<typeof readReferenceData>>;
    before(async () => {
      t = await dialect.open();
      reference = await readReferenceData(REFERENCE_DIR);
      // One practice's summary tries to close the script element its JSON-LD is embedded in.
      const data = {
        ...reference,
        goodPractices: (reference.goodPractices ?? []).map((g) =>
          g.slug === 'padris' ? { ...g, summary: HOSTILE_SUMMARY } : g,
        ),
      };
      await seedData(t.db, data, { now: SEEDED_AT });
      app = createApp(t.db, { publicUrl: ORIGIN });
    });
    after(async () => {
      await t?.dispose();
    });

    const RECORDS = [
      {
        path: '/initiatives/innomedcatalyst',
        type: `${S}Organization`,
        terms: ['parentOrganization', 'funder', 'keywords', 'location', 'subjectOf'],
      },
      {
        path: '/initiatives/icpermed-secretariat-csa',
        type: `${S}Project`,
        terms: ['parentOrganization', 'keywords'],
      },
      {
        path: '/initiatives/sweden-precision-medicine-roadmap',
        type: `${S}CreativeWork`,
        terms: ['spatialCoverage', 'keywords'],
      },
      {
        path: '/regions/ES51',
        type: `${S}AdministrativeArea`,
        terms: ['identifier', 'propertyID', 'containedInPlace', 'alternateName'],
      },
      { path: '/regions/EL', type: `${S}Country`, terms: ['identifier', 'sameAs'] },
      { path: '/regions/UA-56', type: `${S}AdministrativeArea`, terms: ['identifier'] },
      {
        path: '/barriers/B05',
        type: `${S}DefinedTerm`,
        terms: ['termCode', 'inDefinedTermSet', 'isPartOf'],
      },
      {
        path: '/barriers',
        type: `${S}DefinedTermSet`,
        terms: ['hasDefinedTerm', 'hasPart', 'inDefinedTermSet'],
      },
      {
        path: '/good-practices/padris',
        type: `${S}CreativeWork`,
        terms: ['about', 'spatialCoverage', 'url', 'subjectOf'],
      },
    ] as const;

    for (const r of RECORDS) {
      test(`${r.path}: JSON-LD by Accept, the same as the page embeds, expanding offline`, async () => {
        const res = await app.request(r.path, { headers: LD });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/ld+json; charset=utf-8');
        assert.match(res.headers.get('vary') ?? '', /\bAccept\b/);
        const doc = (await res.json()) as JsonLd;
        assert.equal(doc['@id'], `${ORIGIN}${r.path}`);
        const { expanded, terms } = await expandChecked(doc);
        const top = (expanded as { '@id': string; '@type': string[] }[])[0];
        assert.equal(top?.['@id'], `${ORIGIN}${r.path}`);
        assert.deepEqual(top?.['@type'], [r.type]);
        for (const term of r.terms) assert.ok(terms.has(`${S}${term}`), `uses schema:${term}`);

        const page = await app.request(r.path);
        assert.equal(page.status, 200);
        assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(page.headers.get('vary') ?? '', /\bAccept\b/);
        assert.deepEqual(embeddedJsonLd(await page.text()), doc);
        // The data is the same whatever the page's language.
        const german = await app.request(r.path, { headers: { 'accept-language': 'de' } });
        assert.equal(german.headers.get('content-language'), 'de');
        assert.deepEqual(embeddedJsonLd(await german.text()), doc);
      });
    }

    test('relations and places link to the other records by their page URLs', async () => {
      const doc = (await (
        await app.request('/initiatives/innomedcatalyst', { headers: LD })
      ).json()) as JsonLd;
      assert.deepEqual(doc.parentOrganization, {
        '@id': `${ORIGIN}/initiatives/medic-nest-metacluster`,
      });
      assert.deepEqual(doc.location, {
        '@id': `${ORIGIN}/regions/RO`,
        '@type': 'Country',
        name: 'Romania',
      });
      const region = (await (
        await app.request('/regions/SE232', { headers: LD })
      ).json()) as JsonLd;
      assert.deepEqual(region.containedInPlace, { '@id': `${ORIGIN}/regions/SE23` });
      const practice = (await (
        await app.request('/good-practices/padris', { headers: LD })
      ).json()) as JsonLd;
      assert.deepEqual(
        [practice.about].flat().map((a) => (a as JsonLd)['@id']),
        (reference.goodPractices ?? [])
          .find((g) => g.slug === 'padris')
          ?.barriers.map((b) => `${ORIGIN}/barriers/${b}`),
      );
    });

    test('a link a source printed malformed is no schema:url; a well-formed one is', async () => {
      // Every initiative with a website: the JSON-LD's url is the website exactly when the
      // website has no problem (the same rule as the page's clickable link).
      const withSite = reference.initiatives.filter((i) => i.website);
      const broken = withSite.filter((i) => linkProblems(i.website ?? '').length > 0);
      assert.ok(
        broken.some((i) => i.slug === 'transcend'),
        'the Iași link is among the broken',
      );
      assert.ok(
        broken.some((i) => i.slug === 'padris'),
        'the #googtrans link is among the broken',
      );
      for (const i of [...broken, ...withSite.filter((w) => !broken.includes(w)).slice(0, 5)]) {
        const doc = (await (
          await app.request(`/initiatives/${i.slug}`, { headers: LD })
        ).json()) as JsonLd;
        const expected = broken.includes(i) ? undefined : i.website;
        assert.equal(doc.url, expected, i.slug);
      }
    });
    test("the curators' inference marks: a schema:Comment per mark, about the property it concerns", async () => {
      // One initiative for each field the reference data marks, and one without marks if any.
      const marked = reference.initiatives.filter((i) => (i.inferred ?? []).length > 0);
      const fields = [...new Set(marked.flatMap((i) => (i.inferred ?? []).map((m) => m.field)))];
      const picks = fields.map((f) => marked.find((i) => i.inferred?.some((m) => m.field === f)));
      const plain = reference.initiatives.find((i) => (i.inferred ?? []).length === 0);
      assert.ok(fields.length > 0);
      for (const i of [...new Set(picks), plain]) {
        if (!i) continue;
        const doc = (await (
          await app.request(`/initiatives/${i.slug}`, { headers: LD })
        ).json()) as JsonLd;
        await expandChecked(doc);
        const notes = [doc.subjectOf]
          .flat()
          .filter((s): s is JsonLd => (s as JsonLd | undefined)?.['@type'] === 'Comment');
        assert.deepEqual(
          notes.map((n) => [n.identifier, n.text]),
          (i.inferred ?? []).map((m) => [m.field, m.reason]),
          i.slug,
        );
        for (const n of notes) {
          const about = (n.about as JsonLd | undefined)?.['@id'] as string | undefined;
          // The property named is one the document uses, so a reader finds the inferred value.
          if (about) assert.ok(about.replace(S, '') in doc, `${i.slug}: ${about}`);
        }
        if (i.inferred?.some((m) => m.field === 'homeCountry'))
          assert.ok(
            notes.some((n) => n.about),
            `${i.slug}: the home country's property`,
          );
      }
    });

    test('text that would close the script element is escaped in the page and intact in the data', async () => {
      const html = await (await app.request('/good-practices/padris')).text();
      assert.ok(!html.includes('</script><script>alert(1)'));
      assert.ok(html.includes('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>'));
      const description = embeddedJsonLd(html).description as JsonLd;
      assert.deepEqual(description, { '@value': HOSTILE_SUMMARY, '@language': 'en' });
    });

    test('an unknown record is a 404 for JSON-LD clients as for the page', async () => {
      for (const path of ['/initiatives/no-such-thing', '/regions/ZZ9', '/barriers/B99']) {
        const page = await app.request(path);
        const ld = await app.request(path, { headers: LD });
        assert.equal(page.status, 404);
        assert.equal(ld.status, 404);
        assert.equal(ld.headers.get('content-type'), page.headers.get('content-type'));
      }
    });

    test('without PUBLIC_URL identifiers use the origin of the request', async () => {
      const local = createApp(t.db);
      const doc = (await (
        await local.request('http://localhost:4321/barriers/B01', { headers: LD })
      ).json()) as JsonLd;
      assert.equal(doc['@id'], 'http://localhost:4321/barriers/B01');
    });

    test('the catalogue: JSON-LD and Turtle say the same, coverage computed from the records', async () => {
      const routes = linkedDataRoutes(t.db, {
        distributions: async () => DISTRIBUTIONS,
        publicUrl: ORIGIN,
      });
      const j = await routes.request('/catalog.jsonld');
      assert.equal(j.status, 200);
      assert.equal(j.headers.get('content-type'), 'application/ld+json; charset=utf-8');
      const doc = (await j.json()) as JsonLd;
      const { terms } = await expandChecked(doc);
      for (const term of [
        `${DCAT}Catalog`,
        `${DCAT}Dataset`,
        `${DCAT}Distribution`,
        `${DCAT}DataService`,
        `${DCT}PeriodOfTime`,
        `${FOAF}Agent`,
        `${VCARD}Kind`,
        `${SPDX}Checksum`,
        `${DCAT}endpointDescription`,
      ])
        assert.ok(terms.has(term), `uses ${term}`);
      const ttl = await routes.request('/catalog.ttl');
      assert.equal(ttl.headers.get('content-type'), 'text/turtle; charset=utf-8');
      const fromTurtle = await canonicalOfTurtle(await ttl.text());
      const fromJsonLd = await canonicalOfJsonLd(doc);
      assert.equal(fromTurtle, fromJsonLd);

      const nq = lines(fromJsonLd);
      const has = (line: string) => assert.ok(nq.includes(line), `missing: ${line}`);
      const dataset = `<${ORIGIN}/catalog#dataset>`;
      // The reference data observes from February 2024 (ICPerMed's snapshot) to October 2025.
      has(`${periodNode(nq)} <${DCAT}startDate> "2024-02"^^<${XSD}gYearMonth> .`);
      has(`${periodNode(nq)} <${DCAT}endDate> "2025-10"^^<${XSD}gYearMonth> .`);
      has(`${dataset} <${DCT}modified> "${SEEDED_AT}"^^<${XSD}dateTime> .`);
      has(
        `${dataset} <${DCAT}theme> <http://publications.europa.eu/resource/authority/data-theme/HEAL> .`,
      );
      has(`<${ORIGIN}/catalog#api> <${DCAT}endpointDescription> <${ORIGIN}/api/v1/openapi.json> .`);
      has(`<${ORIGIN}/catalog#api> <${DCAT}endpointURL> <${ORIGIN}/api/v1> .`);
      has(`${dataset} <${DCAT}distribution> <${ORIGIN}/catalog#distribution-csv> .`);
      has(
        `<${ORIGIN}/catalog#distribution-csv> <${DCAT}byteSize> "123456"^^<${XSD}nonNegativeInteger> .`,
      );
      const expectedCountries = new Set(
        [
          ...reference.initiatives.map((i) => i.homeCountry),
          ...(reference.goodPractices ?? []).flatMap((g) => (g.country ? [g.country] : [])),
          ...reference.regions.filter((r) => r.partner).map((r) => r.country),
        ].map((c) => `<${countryAuthorityIri(c)}>`),
      );
      const spatial = nq
        .filter((l) => l.startsWith(`${dataset} <${DCT}spatial>`))
        .map((l) => l.split(' ')[2]);
      assert.deepEqual(new Set(spatial), expectedCountries);
      assert.ok(
        expectedCountries.has('<http://publications.europa.eu/resource/authority/country/GRC>'),
      );
      // EU institutions and European networks: the EU authority's European Union.
      assert.ok(
        expectedCountries.has('<http://publications.europa.eu/resource/authority/country/EUR>'),
      );

      const negotiated = await routes.request('/catalog', { headers: { accept: 'text/turtle' } });
      assert.equal(negotiated.headers.get('content-type'), 'text/turtle; charset=utf-8');
      assert.equal(await canonicalOfTurtle(await negotiated.text()), fromTurtle);
    });

    test('the application serves the catalogue, with no distributions until bulk downloads supply them', async () => {
      const res = await app.request('/catalog.jsonld');
      assert.equal(res.status, 200);
      const nq = lines(await canonicalOfJsonLd((await res.json()) as JsonLd));
      assert.ok(nq.some((l) => l.startsWith(`<${ORIGIN}/catalog> <${DCAT}dataset>`)));
      assert.ok(!nq.some((l) => l.includes(`<${DCAT}distribution>`)));
      assert.equal((await app.request('/catalog.ttl')).status, 200);
    });
  });
}
