/**
 * Linked data of the public records: schema.org JSON-LD for each record's page, and the DCAT-AP 3
 * catalogue of the open dataset as RDF (JSON-LD and Turtle from the same quads).
 *
 * Contexts are inline, so a consumer never has to fetch https://schema.org to read a document
 * (and the servers here have no internet). Only terms defined by schema.org, DCAT 3, DCMI terms,
 * FOAF, vCard and SPDX are used; test/integration/linked-data.test.ts lists every term a document
 * may expand to, so a misspelt one fails.
 */
import { DataFactory, type Quad, type Quad_Object, type Quad_Subject, Writer } from 'n3';
import {
  BARRIERS,
  DOMAINS,
  labelOf,
  STAKEHOLDER_GROUPS,
  STATUSES,
  STRUCTURAL_TYPES,
  THEMES,
} from '../domain/codes.ts';
import { alpha3, isoAlpha2 } from '../domain/countries.ts';
import { invalidData } from '../domain/errors.ts';
import { DEFAULT_LANGUAGE } from '../domain/languages.ts';
import { servableLink } from '../domain/links.ts';
import {
  DATA_LICENCE,
  type Distribution,
  DOWNLOADS_PATH,
  type JsonLd,
  SCHEMA_CONTEXT,
} from '../domain/open-data.ts';
import { RECOMMENDATION_KIND_LABELS } from './readable.ts';

const { namedNode, blankNode, literal, quad } = DataFactory;

/** The kinds of record that have a page, by the first segment of the page's path. */
export type RecordKind =
  | 'initiatives'
  | 'regions'
  | 'barriers'
  | 'good-practices'
  | 'recommendations';

/** The identifier of a record: the absolute URL of its page. */
export function recordIri(origin: string, kind: RecordKind, key: string): string {
  return `${origin}/${kind}/${encodeURIComponent(key)}`;
}

/** The barrier codebook's identifier: the barriers page, which lists it. */
export function codebookIri(origin: string): string {
  return `${origin}/barriers`;
}

/** A barrier category's identifier: its heading on the barriers page. */
export function categoryIri(origin: string, category: string): string {
  return `${origin}/barriers#cat-${encodeURIComponent(category)}`;
}

/** The EU Publications Office authority URI of a country, or undefined for an unknown code. */
export function countryAuthorityIri(country: string): string | undefined {
  // The EU authority table names the European Union EUR, though ISO 3166-1 has no alpha-3 for it.
  const a3 = country === 'EU' ? 'EUR' : alpha3(country);
  return a3 ? `http://publications.europa.eu/resource/authority/country/${a3}` : undefined;
}

/** A document the records cite, as the linked data names it. */
export interface SourceDocument {
  readonly title: string;
  readonly publisher: string;
  readonly url: string | null;
}

/** One value, or the list when there are several, or nothing when there are none. */
function oneOrMany<T>(values: readonly T[]): T | T[] | undefined {
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : [...values];
}

/** Drops undefined and null members, so a document holds only what is known. */
function compact(o: Record<string, unknown>): JsonLd {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

/** A link to a country or region record; two-letter codes are countries (NUTS level 0, ISO 3166-1). */
function placeRef(origin: string, code: string, names: ReadonlyMap<string, string>): JsonLd {
  return compact({
    '@id': recordIri(origin, 'regions', code),
    '@type': /^[A-Z]{2}$/.test(code) ? 'Country' : 'AdministrativeArea',
    name: names.get(code),
  });
}

/** The documents a record cites, once each, as works about the record. */
function subjectOf(
  refs: readonly { source: string }[],
  documents: ReadonlyMap<string, SourceDocument>,
): JsonLd[] {
  const codes = [...new Set(refs.map((r) => r.source))];
  return codes.flatMap((code) => {
    const d = documents.get(code);
    if (!d) return [];
    return [
      compact({
        '@type': 'CreativeWork',
        name: d.title,
        publisher: { '@type': 'Organization', name: d.publisher },
        url: servableLink(d.url),
      }),
    ];
  });
}

/** A code of one of the atlas's code lists as a schema.org term. */
/**
 * A record's own text as a JSON-LD value object tagged with the record's language
 * (`{"@value": "…", "@language": "ca"}`); undefined for no text, so that `compact` drops it.
 */
function tagged(text: string | null | undefined, language: string): JsonLd | undefined {
  return text ? { '@value': text, '@language': language } : undefined;
}

function term(code: string, label: string): JsonLd {
  return { '@type': 'DefinedTerm', termCode: code, name: label };
}

/** What the JSON-LD of an initiative is built from (the detail page's view satisfies it). */
export interface InitiativeLdInput {
  readonly initiative: {
    readonly slug: string;
    readonly name: string;
    readonly acronym?: string;
    readonly nativeName?: string;
    readonly summary?: string;
    /** The language of its name and summary (ISO 639-1). */
    readonly language?: string;
    readonly website?: string;
    readonly homeCountry: string;
    readonly regions: readonly string[];
    readonly status: string;
    readonly domain: string;
    readonly type: string;
    readonly themes: readonly string[];
    readonly funding: readonly { readonly funder: string }[];
    readonly sources: readonly { readonly source: string }[];
    /** The curators' inference marks: fields whose value no source prints, and why. */
    readonly inferred?: readonly { readonly field: string; readonly reason: string }[];
  };
  /** Relations with the structural type of the other initiative. */
  readonly related: readonly {
    readonly kind: string;
    readonly direction: 'outgoing' | 'incoming';
    readonly slug: string;
    readonly type: string;
  }[];
  readonly sourceDocuments: ReadonlyMap<string, SourceDocument>;
}

/**
 * The schema.org type of an initiative by structural type: a project is a schema:Project, an
 * institution or a partnership (a network, consortium or cluster) a schema:Organization, and a
 * study, publication or strategic document a schema:CreativeWork.
 */
export function initiativeSchemaType(type: string): 'Project' | 'Organization' | 'CreativeWork' {
  if (type === 'ongoing_project') return 'Project';
  if (type === 'study_publication') return 'CreativeWork';
  return 'Organization';
}

/** The schema.org property an initiative's field is given as, where the JSON-LD gives it. */
function propertyOfField(field: string, isOrg: boolean): string | undefined {
  const byField: Record<string, string> = {
    name: 'name',
    acronym: 'alternateName',
    nativeName: 'alternateName',
    website: 'url',
    homeCountry: isOrg ? 'location' : 'spatialCoverage',
    regions: isOrg ? 'location' : 'spatialCoverage',
    status: 'keywords',
    domain: 'keywords',
    type: 'keywords',
    themes: 'keywords',
    funding: 'funder',
  };
  return byField[field];
}

/**
 * The curators' inference marks as schema:Comment notes about the initiative (in subjectOf, a
 * CreativeWork about the thing): the atlas field as identifier, the reason as text, and the
 * schema.org property that carries the value as about, where the JSON-LD carries it.
 */
function inferenceNotes(marks: InitiativeLdInput['initiative']['inferred'], isOrg: boolean) {
  return (marks ?? []).map((m) => {
    const property = propertyOfField(m.field, isOrg);
    return compact({
      '@type': 'Comment',
      name: `Value inferred by the curators: ${m.field}`,
      identifier: m.field,
      text: m.reason,
      about: property ? { '@id': `https://schema.org/${property}` } : undefined,
    });
  });
}

/**
 * An initiative as schema.org JSON-LD. Organisations and projects have a location, documents a
 * spatial coverage; relations become schema.org links only where a term's range fits the other
 * initiative (part of an organisation: parentOrganization; of a document: isPartOf; member of:
 * memberOf; funded by: funder); "successor of" has no schema.org term and is left out. Status,
 * domain, type and themes are keywords from the atlas's code lists, because schema.org has no
 * status for an organisation (additionalProperty is not defined on Organization).
 */
export function initiativeJsonLd(
  origin: string,
  view: InitiativeLdInput,
  placeNames: ReadonlyMap<string, string>,
): JsonLd {
  const i = view.initiative;
  const type = initiativeSchemaType(i.type);
  const isOrg = type !== 'CreativeWork';
  const places = [i.homeCountry, ...i.regions.filter((r) => r !== i.homeCountry)].map((c) =>
    placeRef(origin, c, placeNames),
  );
  const links: Record<string, JsonLd[]> = {};
  const add = (property: string, value: JsonLd) => {
    links[property] = [...(links[property] ?? []), value];
  };
  for (const r of view.related) {
    if (r.direction !== 'outgoing') continue;
    const targetIsOrg = initiativeSchemaType(r.type) !== 'CreativeWork';
    const ref = { '@id': recordIri(origin, 'initiatives', r.slug) };
    if (r.kind === 'part_of' && isOrg && targetIsOrg) add('parentOrganization', ref);
    else if (r.kind === 'part_of' && !isOrg && !targetIsOrg) add('isPartOf', ref);
    else if (r.kind === 'member_of' && isOrg && targetIsOrg) add('memberOf', ref);
    else if (r.kind === 'funded_by' && targetIsOrg) add('funder', ref);
  }
  for (const f of i.funding) add('funder', { '@type': 'Organization', name: f.funder });
  return compact({
    '@context': SCHEMA_CONTEXT,
    '@id': recordIri(origin, 'initiatives', i.slug),
    '@type': type,
    name: tagged(i.name, i.language ?? DEFAULT_LANGUAGE),
    alternateName: oneOrMany([i.acronym, i.nativeName].filter((n): n is string => !!n)),
    description: tagged(i.summary, i.language ?? DEFAULT_LANGUAGE),
    // schema:inLanguage is a property of creative works, not of organisations or projects.
    inLanguage: isOrg ? undefined : (i.language ?? DEFAULT_LANGUAGE),
    url: servableLink(i.website),
    [isOrg ? 'location' : 'spatialCoverage']: oneOrMany(places),
    keywords: [
      term(i.domain, labelOf(DOMAINS, i.domain)),
      term(i.type, labelOf(STRUCTURAL_TYPES, i.type)),
      term(i.status, labelOf(STATUSES, i.status)),
      ...i.themes.map((t) => term(t, labelOf(THEMES, t))),
    ],
    ...Object.fromEntries(Object.entries(links).map(([k, v]) => [k, oneOrMany(v)])),
    subjectOf: oneOrMany([
      ...subjectOf(i.sources, view.sourceDocuments),
      ...inferenceNotes(i.inferred, isOrg),
    ]),
  });
}

/** What the JSON-LD of a region is built from (the region page's row satisfies it). */
export interface RegionLdInput {
  readonly code: string;
  readonly name: string;
  readonly nativeName: string | null;
  readonly level: string;
  readonly parentCode: string | null;
}

/** The identifiers of a region: ISO 3166-1 alpha-2 and alpha-3 for a country, else NUTS or ISO 3166-2. */
function regionIdentifiers(r: RegionLdInput): JsonLd[] {
  const pv = (propertyID: string, value: string) => ({
    '@type': 'PropertyValue',
    propertyID,
    value,
  });
  if (r.level === 'country') {
    const a3 = alpha3(r.code);
    return [
      pv('ISO 3166-1 alpha-2', isoAlpha2(r.code)),
      ...(a3 ? [pv('ISO 3166-1 alpha-3', a3)] : []),
    ];
  }
  if (/^[A-Z]{2}-/.test(r.code)) return [pv('ISO 3166-2', r.code)];
  if (r.level.startsWith('nuts')) return [pv('NUTS 2021', r.code)];
  return [pv('PerMed Atlas region code', r.code)];
}

/**
 * A country or region as a schema:Country or schema:AdministrativeArea, with its codes as
 * identifiers, its parent as containedInPlace and, for a country, the EU country authority as
 * sameAs. The description is the region's fact-sheet overview when it has one.
 */
export function regionJsonLd(origin: string, region: RegionLdInput, overview?: string): JsonLd {
  const isCountry = region.level === 'country';
  return compact({
    '@context': SCHEMA_CONTEXT,
    '@id': recordIri(origin, 'regions', region.code),
    '@type': isCountry ? 'Country' : 'AdministrativeArea',
    name: region.name,
    alternateName: region.nativeName ?? undefined,
    description: overview,
    identifier: oneOrMany(regionIdentifiers(region)),
    sameAs: isCountry ? countryAuthorityIri(region.code) : undefined,
    containedInPlace: region.parentCode
      ? { '@id': recordIri(origin, 'regions', region.parentCode) }
      : undefined,
  });
}

/** The barrier codebook as a set: its identifier and name. */
function codebookRef(origin: string): JsonLd {
  return {
    '@id': codebookIri(origin),
    '@type': 'DefinedTermSet',
    name: 'Barriers to personalised medicine (PRECISEU D6.1)',
  };
}

/** A category of the codebook: a set of barriers that is part of the codebook. */
function categorySet(
  origin: string,
  c: { code: string; label: string; description?: string | null },
) {
  return compact({
    '@id': categoryIri(origin, c.code),
    '@type': 'DefinedTermSet',
    name: c.label,
    description: c.description ?? undefined,
    isPartOf: { '@id': codebookIri(origin) },
  });
}

/** What a barrier's JSON-LD is built from (the barrier page's view satisfies it). */
export interface BarrierLdInput {
  readonly barrier: { code: string; label: string; description: string | null };
  readonly category: { code: string; label: string };
}

/**
 * A barrier as a schema:DefinedTerm of the codebook (a schema:DefinedTermSet). Its category is a
 * DefinedTermSet too, part of the codebook, because schema.org has no broader-term link between
 * two DefinedTerms: the barrier is in both sets.
 */
export function barrierJsonLd(origin: string, view: BarrierLdInput): JsonLd {
  const b = view.barrier;
  return compact({
    '@context': SCHEMA_CONTEXT,
    '@id': recordIri(origin, 'barriers', b.code),
    '@type': 'DefinedTerm',
    termCode: b.code,
    name: b.label,
    description: b.description ?? undefined,
    inDefinedTermSet: [codebookRef(origin), categorySet(origin, view.category)],
  });
}

/** The whole codebook (the barriers page): categories as sets, barriers as terms. */
export function codebookJsonLd(
  origin: string,
  categories: readonly {
    code: string;
    label: string;
    description: string | null;
    barriers: readonly { code: string; label: string }[];
  }[],
): JsonLd {
  return {
    '@context': SCHEMA_CONTEXT,
    ...codebookRef(origin),
    hasPart: categories.map((c) => categorySet(origin, c)),
    hasDefinedTerm: categories.flatMap((c) =>
      c.barriers.map((b) => ({
        '@id': recordIri(origin, 'barriers', b.code),
        '@type': 'DefinedTerm',
        termCode: b.code,
        name: b.label,
        inDefinedTermSet: [{ '@id': codebookIri(origin) }, { '@id': categoryIri(origin, c.code) }],
      })),
    ),
  };
}

/** What a good practice's JSON-LD is built from (the good-practice page's view satisfies it). */
export interface GoodPracticeLdInput {
  readonly practice: {
    readonly slug: string;
    readonly name: string;
    readonly country: string | null;
    readonly region: string | null;
    readonly summary: string | null;
    /** The language of its name and summary (ISO 639-1). */
    readonly language?: string;
    readonly link: string | null;
    readonly barriers: readonly string[];
  };
  readonly sources: readonly { readonly source: string }[];
  readonly sourceDocuments: ReadonlyMap<string, SourceDocument>;
}

/**
 * A good practice as a schema:CreativeWork (the generic type for a described piece of work;
 * schema:HowTo is for step-by-step instructions, which the practices are not): where it is as
 * spatialCoverage, the barriers it addresses as `about` links to the codebook's terms.
 */
export function goodPracticeJsonLd(
  origin: string,
  view: GoodPracticeLdInput,
  placeNames: ReadonlyMap<string, string>,
): JsonLd {
  const p = view.practice;
  const place = p.region ?? p.country;
  return compact({
    '@context': SCHEMA_CONTEXT,
    '@id': recordIri(origin, 'good-practices', p.slug),
    '@type': 'CreativeWork',
    name: tagged(p.name, p.language ?? DEFAULT_LANGUAGE),
    description: tagged(p.summary, p.language ?? DEFAULT_LANGUAGE),
    inLanguage: p.language ?? DEFAULT_LANGUAGE,
    url: servableLink(p.link),
    spatialCoverage: place ? placeRef(origin, place, placeNames) : undefined,
    about: oneOrMany(
      p.barriers.map((b) =>
        compact({
          '@id': recordIri(origin, 'barriers', b),
          '@type': 'DefinedTerm',
          termCode: b,
          name: labelOf(BARRIERS, b),
        }),
      ),
    ),
    subjectOf: oneOrMany(subjectOf(view.sources, view.sourceDocuments)),
  });
}

/** What a recommendation's JSON-LD is built from (issue 17). */
export interface RecommendationLdInput {
  readonly recommendation: {
    readonly slug: string;
    readonly title: string;
    readonly text: string;
    /** The language of its title and text (ISO 639-1). */
    readonly language: string;
    /** Its kind (way_forward, pillar_next_step, …), given in English words as its genre. */
    readonly kind: string;
    readonly barriers: readonly string[];
    readonly actors: readonly string[];
    readonly regions: readonly string[];
    readonly sources: readonly { readonly source: string; readonly section?: string }[];
    readonly updatedAt: string;
    readonly version: number;
  };
  readonly sourceDocuments: ReadonlyMap<string, SourceDocument>;
}

/**
 * The documents a recommendation restates; where every reference to a document names a section,
 * those sections, each part of its document.
 */
function basedOn(
  refs: RecommendationLdInput['recommendation']['sources'],
  documents: ReadonlyMap<string, SourceDocument>,
): JsonLd[] {
  return [...new Set(refs.map((r) => r.source))].flatMap((code) => {
    const [doc] = subjectOf([{ source: code }], documents);
    if (!doc) return [];
    const sections = [...new Set(refs.filter((r) => r.source === code).map((r) => r.section))];
    if (sections.some((s) => !s)) return [doc];
    return sections.map((section) => ({ '@type': 'CreativeWork', name: section, isPartOf: doc }));
  });
}

/**
 * A recommendation as a schema:CreativeWork (schema:Recommendation is a review of a product, which
 * these are not): its title and text tagged with their language, the barriers it addresses as
 * `about` links to the codebook's terms (the barrier pages' identifiers), the places it concerns as
 * spatialCoverage, the stakeholder groups it is addressed to as its audience, and the source
 * documents (or their sections) it restates as isBasedOn.
 */
export function recommendationJsonLd(
  origin: string,
  view: RecommendationLdInput,
  placeNames: ReadonlyMap<string, string>,
): JsonLd {
  const r = view.recommendation;
  return compact({
    '@context': SCHEMA_CONTEXT,
    '@id': recordIri(origin, 'recommendations', r.slug),
    '@type': 'CreativeWork',
    name: tagged(r.title, r.language),
    text: tagged(r.text, r.language),
    inLanguage: r.language,
    genre: RECOMMENDATION_KIND_LABELS[r.kind] ?? r.kind,
    about: oneOrMany(
      r.barriers.map((b) =>
        compact({
          '@id': recordIri(origin, 'barriers', b),
          '@type': 'DefinedTerm',
          termCode: b,
          name: labelOf(BARRIERS, b),
        }),
      ),
    ),
    spatialCoverage: oneOrMany(r.regions.map((code) => placeRef(origin, code, placeNames))),
    audience: oneOrMany(
      r.actors.map((a) => ({ '@type': 'Audience', audienceType: labelOf(STAKEHOLDER_GROUPS, a) })),
    ),
    isBasedOn: oneOrMany(basedOn(r.sources, view.sourceDocuments)),
    dateModified: r.updatedAt,
    version: r.version,
  });
}

// ---------------------------------------------------------------------------------------------
// DCAT-AP 3 catalogue

/** Namespaces of the catalogue, as Turtle prefixes and JSON-LD context terms. */
export const CATALOGUE_PREFIXES = Object.freeze({
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  spdx: 'http://spdx.org/rdf/terms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
});

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_STRING = `${CATALOGUE_PREFIXES.xsd}string`;
const IANA = 'https://www.iana.org/assignments/media-types/';
const FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';
/** Media types of archives that hold several files, and of formats that compress. */
const PACKAGING = new Set(['application/zip', 'application/x-tar']);
const COMPRESSING = new Set([
  'application/zip',
  'application/gzip',
  'application/x-bzip2',
  'application/x-xz',
  'application/zstd',
]);
const HEALTH_THEME = 'http://publications.europa.eu/resource/authority/data-theme/HEAL';

/** The start and end of a period, as the records give them (YYYY, YYYY-MM or YYYY-MM-DD). */
export interface Period {
  readonly start: string;
  readonly end: string;
}

/** The first and last day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) can mean, for ordering. */
function dayRange(d: string): [string, string] {
  if (/^\d{4}$/.test(d)) return [`${d}-01-01`, `${d}-12-31`];
  if (/^\d{4}-\d{2}$/.test(d)) return [`${d}-01`, `${d}-31`];
  return [d.slice(0, 10), d.slice(0, 10)];
}

/**
 * The period a set of dates spans: the earliest by its first day and the latest by its last day,
 * each kept as written. Dates that are not YYYY, YYYY-MM or YYYY-MM-DD are ignored; no dates, no
 * period.
 */
export function temporalCoverage(
  dates: readonly (string | null | undefined)[],
): Period | undefined {
  const valid = dates.filter((d): d is string => !!d && /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(d));
  if (valid.length === 0) return undefined;
  let start = valid[0] as string;
  let end = start;
  for (const d of valid) {
    if (dayRange(d)[0] < dayRange(start)[0]) start = d;
    if (dayRange(d)[1] > dayRange(end)[1]) end = d;
  }
  return { start, end };
}

/** What the catalogue describes. */
export interface CatalogueInput {
  /** The site's origin, e.g. https://atlas.example.org (no trailing slash). */
  readonly origin: string;
  /** The files of the open dataset, as the bulk downloads list them. */
  readonly distributions: readonly Distribution[];
  /** The period the data describes (see services/linked-data.ts for what it is computed from). */
  readonly temporal: Period | undefined;
  /** Country codes of the records (alpha-2 as the records spell them; EL is Greece). */
  readonly countries: readonly string[];
  /** When the data last changed (ISO 8601 date-time), if known. */
  readonly modified: string | undefined;
}

/** The catalogue as RDF quads and as the JSON-LD document of the same quads. */
export interface Catalogue {
  readonly quads: readonly Quad[];
  readonly jsonLd: JsonLd;
}

/** A typed literal for a date as written: xsd:gYear, gYearMonth, date or dateTime. */
function dateLiteral(value: string) {
  const type = /^\d{4}$/.test(value)
    ? 'gYear'
    : /^\d{4}-\d{2}$/.test(value)
      ? 'gYearMonth'
      : /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? 'date'
        : 'dateTime';
  if (type === 'dateTime' && Number.isNaN(Date.parse(value)))
    throw invalidData(`"${value}" is not an ISO 8601 date or date-time`);
  return literal(value, namedNode(`${CATALOGUE_PREFIXES.xsd}${type}`));
}

type Prefix = keyof typeof CATALOGUE_PREFIXES;

/** Collects the catalogue's quads, with short names for its vocabularies. */
class QuadSink {
  readonly quads: Quad[] = [];
  /** A term of one of the catalogue's vocabularies. */
  iri(ns: Prefix, local: string) {
    return namedNode(`${CATALOGUE_PREFIXES[ns]}${local}`);
  }
  /** One statement: subject, a property of a vocabulary, value. */
  add(s: Quad_Subject, ns: Prefix, p: string, v: Quad_Object): void {
    this.quads.push(quad(s, this.iri(ns, p), v));
  }
  /** rdf:type. */
  a(s: Quad_Subject, ns: Prefix, type: string): void {
    this.quads.push(quad(s, namedNode(RDF_TYPE), this.iri(ns, type)));
  }
}

/** The catalogue's named and blank nodes. */
interface CatalogueNodes {
  readonly origin: string;
  readonly catalog: Quad_Subject;
  readonly dataset: Quad_Subject;
  readonly service: Quad_Subject;
  readonly licence: Quad_Subject & Quad_Object;
  readonly publisher: Quad_Subject & Quad_Object;
  readonly contact: Quad_Subject & Quad_Object;
}

/** The catalogue itself, its publisher and its licence. */
function describeCatalog(g: QuadSink, n: CatalogueNodes, modified: string | undefined): void {
  g.a(n.catalog, 'dcat', 'Catalog');
  g.add(n.catalog, 'dct', 'title', literal('PerMed Atlas open data'));
  g.add(
    n.catalog,
    'dct',
    'description',
    literal(
      "The open data of PerMed Atlas, which maps who does what in personalised medicine across Europe's regions: the dataset as downloadable files and the REST API that serves it.",
    ),
  );
  g.add(n.catalog, 'dct', 'publisher', n.publisher);
  g.add(n.catalog, 'dct', 'license', n.licence);
  g.add(n.catalog, 'foaf', 'homepage', namedNode(`${n.origin}/`));
  if (modified) g.add(n.catalog, 'dct', 'modified', dateLiteral(modified));
  g.add(n.catalog, 'dcat', 'dataset', n.dataset);
  g.add(n.catalog, 'dcat', 'service', n.service);

  g.a(n.publisher, 'foaf', 'Agent');
  g.add(n.publisher, 'foaf', 'name', literal('PerMed Atlas'));

  g.a(n.licence, 'dct', 'LicenseDocument');
  g.add(n.licence, 'dct', 'title', literal(DATA_LICENCE.name));
}

/** The dataset: what it holds, when and where it applies, whom to ask. */
function describeDataset(g: QuadSink, n: CatalogueNodes, input: CatalogueInput): void {
  const { dataset } = n;
  g.a(dataset, 'dcat', 'Dataset');
  g.add(dataset, 'dct', 'title', literal('PerMed Atlas dataset'));
  g.add(
    dataset,
    'dct',
    'description',
    literal(
      'Personalised-medicine initiatives in Europe with their classification, funding, relations and sources; partner regions and countries; the barrier codebook with the statements coded to it; good practices; regional fact sheets; interviews and workshops; campaigns; and the figures the source reports state.',
    ),
  );
  g.add(dataset, 'dcat', 'theme', namedNode(HEALTH_THEME));
  g.add(dataset, 'dct', 'publisher', n.publisher);
  g.add(dataset, 'dct', 'license', n.licence);
  if (input.modified) g.add(dataset, 'dct', 'modified', dateLiteral(input.modified));
  if (input.temporal) {
    const period = blankNode('temporal');
    g.add(dataset, 'dct', 'temporal', period);
    g.a(period, 'dct', 'PeriodOfTime');
    g.add(period, 'dcat', 'startDate', dateLiteral(input.temporal.start));
    g.add(period, 'dcat', 'endDate', dateLiteral(input.temporal.end));
  }
  const spatial = [
    ...new Set(input.countries.map(countryAuthorityIri).filter((u): u is string => !!u)),
  ].sort();
  for (const u of spatial) g.add(dataset, 'dct', 'spatial', namedNode(u));
  g.add(dataset, 'dcat', 'contactPoint', n.contact);
  g.a(n.contact, 'vcard', 'Kind');
  g.add(n.contact, 'vcard', 'fn', literal('PerMed Atlas'));
  g.add(n.contact, 'vcard', 'hasURL', namedNode(`${n.origin}/about`));
}

/** Refuses a distribution the catalogue could only describe wrongly. */
function checkDistribution(d: Distribution): void {
  if (!/^[0-9a-f]{64}$/.test(d.sha256))
    throw invalidData(`distribution "${d.id}": sha256 must be 64 lower-case hex digits`);
  if (!Number.isSafeInteger(d.byteSize) || d.byteSize < 0)
    throw invalidData(`distribution "${d.id}": byteSize must be a whole number ≥ 0`);
  if (d.fileName === '' || d.fileName.includes('/'))
    throw invalidData(`distribution "${d.id}": fileName must be one path segment`);
}

/** One downloadable file: where, what format (and packaging), how big, its checksum. */
function describeDistribution(g: QuadSink, n: CatalogueNodes, d: Distribution): void {
  checkDistribution(d);
  const dist = namedNode(`${n.origin}/catalog#distribution-${encodeURIComponent(d.id)}`);
  // Through URL, so that a character an IRI cannot hold (a space) is percent-encoded.
  const url = namedNode(new URL(`${DOWNLOADS_PATH}/${d.fileName}`, `${n.origin}/`).href);
  g.add(n.dataset, 'dcat', 'distribution', dist);
  g.a(dist, 'dcat', 'Distribution');
  g.add(dist, 'dct', 'title', literal(d.title));
  g.add(dist, 'dct', 'description', literal(d.description));
  g.add(dist, 'dcat', 'downloadURL', url);
  g.add(dist, 'dcat', 'accessURL', url);
  // For a package, dcat:mediaType is the type of the data inside and the zip is said by
  // dcat:packageFormat and dcat:compressFormat (DCAT 3, section 6.8).
  g.add(dist, 'dcat', 'mediaType', namedNode(`${IANA}${d.packagedMediaType ?? d.mediaType}`));
  if (d.packagedMediaType) {
    // A zip both packages and compresses; a tar only packages; gzip and the like only compress.
    const compresses = COMPRESSING.has(d.mediaType);
    if (!compresses || PACKAGING.has(d.mediaType))
      g.add(dist, 'dcat', 'packageFormat', namedNode(`${IANA}${d.mediaType}`));
    if (compresses) g.add(dist, 'dcat', 'compressFormat', namedNode(`${IANA}${d.mediaType}`));
  }
  g.add(
    dist,
    'dct',
    'format',
    namedNode(`${FILE_TYPE}${encodeURIComponent(d.format.toUpperCase())}`),
  );
  g.add(dist, 'dcat', 'byteSize', literal(String(d.byteSize), g.iri('xsd', 'nonNegativeInteger')));
  const checksum = blankNode(`checksum-${d.id.replace(/[^A-Za-z0-9_-]/g, '_')}`);
  g.add(dist, 'spdx', 'checksum', checksum);
  g.a(checksum, 'spdx', 'Checksum');
  g.add(checksum, 'spdx', 'algorithm', g.iri('spdx', 'checksumAlgorithm_sha256'));
  g.add(checksum, 'spdx', 'checksumValue', literal(d.sha256, g.iri('xsd', 'hexBinary')));
  g.add(dist, 'dct', 'license', n.licence);
  g.add(dist, 'dct', 'modified', dateLiteral(d.modified));
}

/** The REST API as a data service of the dataset. */
function describeService(g: QuadSink, n: CatalogueNodes): void {
  g.a(n.service, 'dcat', 'DataService');
  g.add(n.service, 'dct', 'title', literal('PerMed Atlas REST API'));
  g.add(n.service, 'dcat', 'endpointURL', namedNode(`${n.origin}/api/v1`));
  g.add(n.service, 'dcat', 'endpointDescription', namedNode(`${n.origin}/api/v1/openapi.json`));
  g.add(n.service, 'dcat', 'servesDataset', n.dataset);
  g.add(n.service, 'dct', 'license', n.licence);
}

/**
 * The DCAT-AP 3 catalogue of the open dataset: a dcat:Catalog with one dcat:Dataset (theme HEAL,
 * temporal and spatial coverage, contact point, licence) whose dcat:Distributions are the given
 * files (download and access URL, IANA media type, EU file type, package and compression format
 * for zips, size, SHA-256 checksum), and a dcat:DataService for the REST API. Built once as quads;
 * the JSON-LD form is written from the same quads, so the two cannot say different things.
 */
export function dcatCatalogue(input: CatalogueInput): Catalogue {
  const o = input.origin;
  const n: CatalogueNodes = {
    origin: o,
    catalog: namedNode(`${o}/catalog`),
    dataset: namedNode(`${o}/catalog#dataset`),
    service: namedNode(`${o}/catalog#api`),
    licence: namedNode(DATA_LICENCE.url),
    publisher: blankNode('publisher'),
    contact: blankNode('contact-point'),
  };
  const g = new QuadSink();
  describeCatalog(g, n, input.modified);
  describeDataset(g, n, input);
  for (const d of input.distributions) describeDistribution(g, n, d);
  describeService(g, n);
  return { quads: g.quads, jsonLd: quadsToJsonLd(g.quads, CATALOGUE_PREFIXES) };
}

/** The catalogue as Turtle with the usual prefixes. */
export function catalogueTurtle(c: Catalogue): string {
  const writer = new Writer({ prefixes: { ...CATALOGUE_PREFIXES } });
  // Grouped by subject (in order of first appearance), so each node is one Turtle block.
  const order = new Map<string, number>();
  for (const q of c.quads) if (!order.has(q.subject.id)) order.set(q.subject.id, order.size);
  writer.addQuads(
    [...c.quads].sort((x, y) => (order.get(x.subject.id) ?? 0) - (order.get(y.subject.id) ?? 0)),
  );
  let out: string | undefined;
  let failure: unknown;
  writer.end((error, result: string) => {
    failure = error;
    out = result;
  });
  // n3's Writer without an output stream calls back synchronously.
  if (failure || out === undefined)
    throw failure instanceof Error ? failure : new Error('the Turtle writer did not finish');
  return out;
}

/**
 * A JSON-LD document of RDF quads (default graph only): one node per subject, a blank node used
 * once embedded where it is used, IRIs and types written with the given prefixes.
 */
export function quadsToJsonLd(
  quads: readonly Quad[],
  prefixes: Readonly<Record<string, string>>,
): JsonLd {
  const short = (iri: string) => {
    for (const [p, ns] of Object.entries(prefixes))
      if (iri.startsWith(ns) && iri.length > ns.length) return `${p}:${iri.slice(ns.length)}`;
    return iri;
  };
  const key = (t: Quad_Subject) => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
  const bySubject = new Map<string, Quad[]>();
  const uses = new Map<string, number>();
  for (const q of quads) {
    const k = key(q.subject);
    bySubject.set(k, [...(bySubject.get(k) ?? []), q]);
    if (q.object.termType === 'BlankNode')
      uses.set(`_:${q.object.value}`, (uses.get(`_:${q.object.value}`) ?? 0) + 1);
  }
  const embedded = (k: string) => k.startsWith('_:') && uses.get(k) === 1;
  const node = (k: string): JsonLd => {
    const out: Record<string, unknown> = {};
    if (!embedded(k)) out['@id'] = k;
    for (const q of bySubject.get(k) ?? []) {
      const p = q.predicate.value;
      const name = p === RDF_TYPE ? '@type' : short(p);
      let value: unknown;
      const obj = q.object;
      if (p === RDF_TYPE) value = short(obj.value);
      else if (obj.termType === 'NamedNode') value = { '@id': obj.value };
      else if (obj.termType === 'BlankNode') {
        const ok = `_:${obj.value}`;
        value = embedded(ok) ? node(ok) : { '@id': ok };
      } else if (obj.termType === 'Literal') {
        if (obj.language) value = { '@value': obj.value, '@language': obj.language };
        else if (obj.datatype.value === XSD_STRING) value = obj.value;
        else value = { '@value': obj.value, '@type': short(obj.datatype.value) };
      }
      const prev = out[name];
      out[name] =
        prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    return out;
  };
  const graph = [...bySubject.keys()].filter((k) => !embedded(k)).map(node);
  return { '@context': { ...prefixes }, '@graph': graph };
}
