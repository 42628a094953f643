import {
  BARRIER_CATEGORIES,
  BARRIERS,
  CAMPAIGN_KINDS,
  type CodeEntry,
  DOMAINS,
  FUNDING_KINDS,
  PILLARS,
  REGION_LEVELS,
  RELATION_KINDS,
  SCOPES,
  STAKEHOLDER_GROUPS,
  STATUSES,
  STRUCTURAL_TYPES,
  THEMES,
} from '../domain/codes.ts';

import { LIST_SEPARATOR } from '../domain/columns.ts';
import { RECOMMENDATION_KINDS, RECOMMENDATION_LEVELS } from '../domain/recommendations.ts';
import { RECOMMENDATION_KIND_LABELS, readableHeaders } from './readable.ts';

/**
 * How a cell is to be read. `code` is one value of a code list, `code list` several joined with
 * "; ", `json` a JSON array or object, `date` YYYY-MM or YYYY-MM-DD, `boolean` true or false.
 */
export type ColumnType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'date'
  | 'url'
  | 'code'
  | 'code list'
  | 'json';

/** One column of one exported table. */
export interface DictionaryColumn {
  readonly name: string;
  /** Its heading in the workbook, which is written for people (permed-atlas.xlsx). */
  readonly heading: string;
  readonly type: ColumnType;
  /** Whether every record has a value (an empty cell never occurs). */
  readonly required: boolean;
  readonly description: string;
  /** For coded columns: the codes a cell may hold (in JSON columns: the codes of the member named in the description). */
  readonly codes?: readonly CodeEntry[];
}

/** One entity: the file it is exported to, what a row is, and its columns in file order. */
export interface DictionaryEntity {
  readonly entity: string;
  /** The CSV file inside the zip (and the sheet of the workbook, without .csv). */
  readonly file: string;
  readonly description: string;
  readonly columns: readonly DictionaryColumn[];
}

/** The data dictionary of the bulk downloads. */
export interface DataDictionary {
  readonly title: string;
  readonly notes: readonly string[];
  readonly entities: readonly DictionaryEntity[];
}

type Spec = Omit<DictionaryColumn, 'name' | 'heading'>;

const col = (
  type: ColumnType,
  required: boolean,
  description: string,
  codes?: readonly CodeEntry[],
): Spec => (codes ? { type, required, description, codes } : { type, required, description });

const SOURCES = col(
  'json',
  true,
  'Provenance: a JSON array of {source, section, row, note}, where source is a code of sources.csv, section the part of the document and row the table row it comes from.',
);
const SOURCES_OPTIONAL = { ...SOURCES, required: false };

const GOOD_PRACTICE_SCOPES = SCOPES.filter((s) => s.code !== 'local');
const WORKSHOP_FORMATS: readonly CodeEntry[] = [
  { code: 'online', label: 'Online' },
  { code: 'on_site', label: 'On site' },
  { code: 'hybrid', label: 'Hybrid (on site and online)' },
];
const CAMPAIGN_STATES: readonly CodeEntry[] = [
  { code: 'draft', label: 'Draft' },
  { code: 'open', label: 'Open for answers' },
  { code: 'closed', label: 'Closed' },
  { code: 'published', label: 'Published' },
];
const QUALIFIERS: readonly CodeEntry[] = [
  { code: 'exact', label: 'Exactly this number' },
  { code: 'about', label: 'About this number (within 10 %)' },
  { code: 'at_least', label: 'At least this number' },
  { code: 'over', label: 'More than this number' },
];
const RECOMMENDATION_KIND_CODES: readonly CodeEntry[] = RECOMMENDATION_KINDS.map((code) => ({
  code,
  label: RECOMMENDATION_KIND_LABELS[code] ?? code,
}));
const RECOMMENDATION_LEVEL_CODES: readonly CodeEntry[] = RECOMMENDATION_LEVELS.map((code) => ({
  code,
  label: `Addressed to the ${code} level`,
}));
const BARRIER_CODES: readonly CodeEntry[] = BARRIERS.map((b) => ({ code: b.code, label: b.label }));

/** What a row of each entity is, and each of its columns. */
const ENTITIES: Readonly<
  Record<string, { description: string; columns: Readonly<Record<string, Spec>> }>
> = {
  initiatives: {
    description:
      'One row per personalised-medicine initiative (project, institution, partnership or document). The file atlas import reads back.',
    columns: {
      slug: col(
        'string',
        true,
        'Stable identifier of the initiative, also its page /initiatives/{slug}.',
      ),
      name: col('string', true, 'Name of the initiative, usually in English.'),
      acronym: col('string', false, 'Short name or acronym.'),
      native_name: col('string', false, 'Name in the language of its home country.'),
      summary: col('string', false, 'What the initiative does, in a few sentences.'),
      objectives: col('string', false, 'Its stated objectives.'),
      language: col(
        'string',
        false,
        'The language of its texts: an ISO 639-1 code such as en, ca or de. Left empty, atlas import detects it from the name and summary (en when it cannot tell).',
      ),
      website: col('url', false, 'Web address (http or https).'),
      website_missing: col(
        'string',
        false,
        'Why there is no web address, as the source put it (e.g. "N/A"); empty when website is given.',
      ),
      home_country: col('string', true, 'ISO 3166-1 alpha-2 code of the country it is based in.'),
      regions: col('code list', false, 'Codes of the regions it works in (see regions.csv).'),
      submitting_region: col(
        'string',
        false,
        'Code of the partner region whose survey answer reported it (see regions.csv).',
      ),
      scopes: col('code list', true, 'Geographical scopes it covers.', SCOPES),
      scope_verbatim: col('string', false, 'The scope as the source wrote it, when that differs.'),
      status: col('code', true, 'Lifecycle status.', STATUSES),
      status_note: col('string', false, 'A note on the status (e.g. an end date).'),
      status_as_of: col('date', false, 'The date the status refers to.'),
      domain: col('code', true, 'Domain of the classification of PRECISEU D3.1.', DOMAINS),
      type: col(
        'code',
        true,
        'Structural type of the classification of PRECISEU D3.1.',
        STRUCTURAL_TYPES,
      ),
      themes: col('code list', false, 'Thematic tags.', THEMES),
      funding: col(
        'json',
        false,
        'Funding sources: a JSON array of {funder, kind, programme, note}; kind is one of the codes.',
        FUNDING_KINDS,
      ),
      relations: col(
        'code list',
        false,
        'Typed links to other initiatives, each written kind:slug (e.g. part_of:ep-permed); kind is one of the codes.',
        RELATION_KINDS,
      ),
      sources: SOURCES,
      notes: col('string', false, "Curators' notes on the record and on oddities of its source."),
      inferred: col(
        'json',
        false,
        "Values the curators inferred rather than read in a source: a JSON array of {field, reason}, field being the record's field in camelCase (e.g. submittingRegion, homeCountry) and reason why the curators chose its value.",
      ),
    },
  },
  regions: {
    description: 'One row per country or sub-national region that records refer to.',
    columns: {
      code: col(
        'string',
        true,
        'NUTS code where one exists, else ISO 3166 (e.g. ES51, LT, UA-56).',
      ),
      name: col('string', true, 'English name.'),
      native_name: col('string', false, 'Name in its own language.'),
      level: col('code', true, 'What kind of territory it is.', REGION_LEVELS),
      parent: col('string', false, 'Code of the region or country it belongs to.'),
      country: col('string', true, 'ISO 3166-1 alpha-2 code of its country.'),
      partner: col(
        'boolean',
        true,
        'Whether it is a partner region of the mapping (true or false).',
      ),
      sources: SOURCES_OPTIONAL,
    },
  },
  sources: {
    description: 'One row per document or dataset that records cite.',
    columns: {
      code: col('string', true, 'Identifier that the sources column of other files refers to.'),
      title: col('string', true, 'Title of the document.'),
      publisher: col('string', true, 'Who published it.'),
      year: col('integer', true, 'Year of publication.'),
      url: col('url', false, 'Where it can be read.'),
      file: col('string', false, "File name of the atlas's copy of the document."),
    },
  },
  barrier_categories: {
    description: 'One row per category of the barrier codebook of PRECISEU D6.1 (6 categories).',
    columns: {
      code: col('code', true, 'Code of the category.', BARRIER_CATEGORIES),
      label: col('string', true, 'English label.'),
      description: col('string', false, 'What barriers of this category have in common.'),
      sources: SOURCES_OPTIONAL,
    },
  },
  barriers: {
    description: 'One row per barrier of the codebook of PRECISEU D6.1 (17 barriers).',
    columns: {
      code: col('code', true, 'Code of the barrier.', BARRIER_CODES),
      number: col('integer', true, 'Its number in the report (1 to 17).'),
      label: col('string', true, 'English label.'),
      category: col('code', true, 'The category it belongs to.', BARRIER_CATEGORIES),
      description: col('string', false, 'What the barrier is.'),
      sub_themes: col('json', false, 'Sub-themes the report lists: a JSON array of texts.'),
      sources: SOURCES_OPTIONAL,
    },
  },
  evidence: {
    description:
      "One row per statement from a region's interviews or workshops, coded to barriers. Who said it is never published.",
    columns: {
      key: col('string', true, 'Stable identifier of the statement.'),
      statement: col('string', true, "The statement, paraphrased in the atlas's own words."),
      language: col(
        'string',
        true,
        'The language of the statement: an ISO 639-1 code such as en, ca or de.',
      ),
      barriers: col('code list', true, 'Barriers the statement is evidence of.', BARRIER_CODES),
      region: col('string', false, 'Code of the region it comes from (see regions.csv).'),
      stakeholder_group: col(
        'code',
        false,
        'The group of the person who said it.',
        STAKEHOLDER_GROUPS,
      ),
      campaign: col(
        'string',
        false,
        'Slug of the campaign it was collected in (see campaigns.csv).',
      ),
      sources: SOURCES,
      quote: col(
        'string',
        false,
        "The stakeholder's words verbatim, where the source prints them in quotation marks; empty when the statement is only a paraphrase.",
      ),
      quote_attribution: col(
        'string',
        false,
        'To whom the source attributes the quotation, as printed (a country or region).',
      ),
      quote_printed_in: col(
        'json',
        false,
        'Where the source prints the quotation: a JSON array of {source, section, page, note}; more than one when it is printed under several barriers.',
      ),
    },
  },
  good_practices: {
    description: 'One row per good practice that addresses one or more barriers.',
    columns: {
      slug: col('string', true, 'Stable identifier, also its page /good-practices/{slug}.'),
      name: col('string', true, 'Name of the practice.'),
      country: col(
        'string',
        false,
        'ISO 3166-1 alpha-2 code of its country; empty for EU-wide practices.',
      ),
      region: col('string', false, 'Code of its region (see regions.csv).'),
      scope: col('code', false, 'Geographical scope.', GOOD_PRACTICE_SCOPES),
      summary: col('string', true, 'What the practice is.'),
      language: col(
        'string',
        true,
        "The language of the practice's texts: an ISO 639-1 code such as en, ca or de.",
      ),
      link: col('url', false, 'Web address.'),
      link_missing: col('string', false, 'Why there is no web address, as the source put it.'),
      barriers: col('code list', true, 'Barriers it addresses.', BARRIER_CODES),
      key_players: col('string', false, 'Organisations behind it.'),
      impact: col('string', false, 'What it achieved.'),
      transferability: col('string', false, 'What another region would need to adopt it.'),
      exemplary: col(
        'boolean',
        true,
        'Whether a source singles it out as exemplary (true or false).',
      ),
      notes: col('string', false, "Curators' notes."),
      sources: SOURCES,
    },
  },
  regional_reports: {
    description: "One row per region and campaign: the region's fact sheet (PRECISEU D6.1).",
    columns: {
      region: col('string', true, 'Code of the region (see regions.csv).'),
      campaign: col('string', true, 'Slug of the campaign (see campaigns.csv).'),
      overview: col('string', true, "Overview of the region's personalised-medicine landscape."),
      challenges: col(
        'json',
        false,
        'Challenges mapped to barriers: a JSON array of {barrier, note}; barrier is one of the codes.',
        BARRIER_CODES,
      ),
      strengths: col('json', false, 'Strengths: a JSON array of texts.'),
      weaknesses: col('json', false, 'Weaknesses: a JSON array of texts.'),
      secondary_data_access: col('string', false, 'How secondary health data can be accessed.'),
      workshop_note: col(
        'json',
        false,
        'What the source says of the workshop when none is on record (e.g. what took its place): a JSON object {text, sources}.',
      ),
      sources: SOURCES,
    },
  },
  interviews: {
    description:
      'One row per printed row of an interview table: interviews held in a region by stakeholder group, exactly as printed.',
    columns: {
      region: col('string', true, 'Code of the region (see regions.csv).'),
      campaign: col('string', true, 'Slug of the campaign (see campaigns.csv).'),
      printed_total: col(
        'integer',
        false,
        'The total the table prints; it may differ from the sum of the groups (see /data-quality).',
      ),
      ...Object.fromEntries(
        STAKEHOLDER_GROUPS.map((g) => [
          g.code,
          col(
            'integer',
            false,
            `Interviews with ${g.label.charAt(0).toLowerCase()}${g.label.slice(1)}; empty where the table has no number.`,
          ),
        ]),
      ),
      sources: SOURCES,
    },
  },
  workshops: {
    description: 'One row per validation workshop held in a region.',
    columns: {
      key: col('string', true, 'Stable identifier of the workshop.'),
      region: col('string', true, 'Code of the region (see regions.csv).'),
      campaign: col('string', true, 'Slug of the campaign (see campaigns.csv).'),
      held_on: col('date', false, 'When it was held.'),
      participants: col(
        'integer',
        false,
        'Number of participants; empty where the report gives none.',
      ),
      format: col('code', false, 'How it was held.', WORKSHOP_FORMATS),
      organisers: col('string', false, 'Who organised it.'),
      sources: SOURCES,
    },
  },
  campaigns: {
    description: 'One row per data-collection campaign (a survey round, an interview round).',
    columns: {
      slug: col('string', true, 'Stable identifier of the campaign.'),
      kind: col('code', true, 'What the campaign collects.', CAMPAIGN_KINDS),
      title: col('string', true, 'Title of the campaign.'),
      opens_at: col('date', false, 'When it opened.'),
      closes_at: col('date', false, 'When it closed.'),
      rules: col('json', false, 'Its rules as a JSON object (e.g. {"minItemsPerRegion": 5}).'),
      state: col('code', true, 'Where the campaign stands.', CAMPAIGN_STATES),
      sources: SOURCES,
    },
  },
  pillars: {
    description: 'One row per pillar of action for implementing personalised medicine (EP PerMed).',
    columns: {
      code: col('code', true, 'Code of the pillar.', PILLARS),
      label: col('string', true, 'English label.'),
      description: col('string', true, 'What the pillar is about.'),
      next_steps: col('json', true, 'Recommended next steps: a JSON array of texts.'),
      sources: SOURCES,
    },
  },
  figures: {
    description:
      'One row per number that a source document states in its text, with how to count the same thing in the records.',
    columns: {
      key: col('string', true, 'Stable identifier of the figure.'),
      label: col('string', true, 'What the number counts, as the document says it.'),
      value: col('number', true, 'The number the document states.'),
      qualifier: col('code', true, 'How the number is meant.', QUALIFIERS),
      measure: col(
        'json',
        false,
        'How to count the same thing in the records: a JSON object whose "of" names what is counted, with filters; empty when the records cannot.',
      ),
      notes: col('string', false, "Curators' notes."),
      sources: SOURCES,
    },
  },
  recommendations: {
    description:
      "One row per recommendation a source makes (PRECISEU D6.1, EP PerMed, ICPerMed, the European Commission), in the atlas's own words, with the barriers it addresses.",
    columns: {
      slug: col('string', true, 'Stable identifier, also its page /recommendations/{slug}.'),
      title: col('string', true, 'The recommendation in a few words.'),
      text: col('string', true, "The recommendation in the atlas's own words."),
      kind: col('code', true, 'Where in the sources it comes from.', RECOMMENDATION_KIND_CODES),
      level: col('code', true, 'The level it is addressed to.', RECOMMENDATION_LEVEL_CODES),
      language: col(
        'string',
        true,
        'The language of its title and text: an ISO 639-1 code such as en, ca or de.',
      ),
      pillar: col('code', false, 'The EP PerMed pillar of action it belongs to.', PILLARS),
      barriers: col('code list', true, 'Barriers it addresses.', BARRIER_CODES),
      stakeholder_groups: col(
        'code list',
        true,
        'Stakeholder groups it is addressed to or names.',
        STAKEHOLDER_GROUPS,
      ),
      actors_named: col('string', false, 'Organisations the source names, as it names them.'),
      regions: col(
        'code list',
        false,
        'Codes of the countries and regions it concerns (see regions.csv); empty when it is not about particular places.',
      ),
      quote: col(
        'string',
        false,
        "The source's words verbatim, where a passage is kept; empty when the recommendation is only paraphrased.",
      ),
      quote_source: col('string', false, 'Code of the source of the quote (see sources.csv).'),
      quote_section: col('string', false, 'The section of that source the quote is from.'),
      quote_page: col('string', false, 'The printed page of the quote, where the source has one.'),
      quote_note: col('string', false, "Curators' note on the quote."),
      sources: SOURCES,
    },
  },
};

const EXTRA_COLUMN = col(
  'string',
  false,
  'A column of an imported file that has no field of its own, kept verbatim under its original header.',
);

/** The static part of the dictionary (entities, columns, codes), for fingerprinting the code that makes the files. */
export const DICTIONARY_SPEC = ENTITIES;

/**
 * The data dictionary of the given tables (each entity with the headers of its file, in order).
 * Initiatives may have extra columns an import kept; any other column without a description is
 * a programming error, so it throws rather than publish an undocumented column.
 */
export function dataDictionary(
  tables: readonly { readonly entity: string; readonly headers: readonly string[] }[],
): DataDictionary {
  return {
    title: 'PerMed Atlas: data dictionary of the bulk downloads',
    notes: [
      `Each entity is one CSV file of the zip and one sheet of the workbook, with these columns in this order. The CSV files hold codes, in the columns atlas import reads; lists of codes are joined with "${LIST_SEPARATOR}".`,
      'The workbook is written for people: each column under its heading (below), names and labels instead of codes, lists as "a; b", and funding, sources and other structured cells as text.',
      'An empty cell means no value. Text that a spreadsheet would run as a formula (starting with =, +, - or @) has a leading apostrophe, which atlas import takes off.',
      'The JSON file holds the same entities in the shape of the reference dataset (data/reference): member names in camelCase, lists as arrays, JSON cells as nested values.',
    ],
    entities: tables.map(({ entity, headers }) => {
      const headings = readableHeaders(headers);
      const spec = ENTITIES[entity];
      if (!spec) throw new Error(`the data dictionary does not describe the entity ${entity}`);
      return {
        entity,
        file: `${entity}.csv`,
        description: spec.description,
        columns: headers.map((name, i) => {
          const heading = headings[i] ?? name;
          const c = Object.hasOwn(spec.columns, name) ? spec.columns[name] : undefined;
          if (c) return { name, heading, ...c };
          if (entity === 'initiatives') return { name, heading, ...EXTRA_COLUMN };
          throw new Error(`the data dictionary does not describe the column ${entity}.${name}`);
        }),
      };
    }),
  };
}

/** The headers of the dictionary as a CSV table. */
export const DICTIONARY_CSV_HEADERS = [
  'entity',
  'file',
  'column',
  'workbook_heading',
  'type',
  'required',
  'description',
  'allowed_codes',
] as const;

/** The dictionary as rows of a table, one per column of every file; allowed codes joined with "; ". */
export function dictionaryRows(
  dictionary: DataDictionary,
): Record<(typeof DICTIONARY_CSV_HEADERS)[number], string | boolean>[] {
  return dictionary.entities.flatMap((e) =>
    e.columns.map((c) => ({
      entity: e.entity,
      file: e.file,
      column: c.name,
      workbook_heading: c.heading,
      type: c.type,
      required: c.required,
      description: c.description,
      allowed_codes: (c.codes ?? []).map((x) => x.code).join(LIST_SEPARATOR),
    })),
  );
}
