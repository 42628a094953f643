import type { Migration } from 'kysely/migration';
import type { AnyDb } from './builders.ts';

// Shipped: never edit this file; append a new migration instead. Its lists are copies, as of this
// migration, of data/reference/regions.json and of THEMES in src/domain/codes.ts, so that what it
// inserts stays the same when those change.

type Country = readonly [code: string, name: string, nativeName: string | null, partner: 0 | 1];
type Region = readonly [
  code: string,
  name: string,
  nativeName: string | null,
  level: string,
  parent: string | null,
  country: string,
  partner: 0 | 1,
];

/**
 * Every country of the atlas (the alpha-2 codes of src/domain/countries.ts, spelled as records
 * spell them: Greece is EL and the United Kingdom GB; its other spellings GR and UK are left out,
 * so that no country is listed twice): code, English name, native name, partner country.
 */
const COUNTRIES: readonly Country[] = [
  ['BE', 'Belgium', 'België / Belgique / Belgien', 0],
  ['BG', 'Bulgaria', 'България', 0],
  ['DE', 'Germany', 'Deutschland', 0],
  ['EL', 'Greece', 'Ελλάδα', 0],
  ['ES', 'Spain', 'España', 0],
  ['FI', 'Finland', 'Suomi / Finland', 0],
  ['FR', 'France', 'France', 0],
  ['GB', 'United Kingdom', null, 0],
  ['IT', 'Italy', 'Italia', 0],
  ['LT', 'Lithuania', 'Lietuva', 1],
  ['NL', 'Netherlands', 'Nederland', 1],
  ['RO', 'Romania', 'România', 0],
  ['SE', 'Sweden', 'Sverige', 0],
  ['UA', 'Ukraine', 'Україна', 0],
  ['US', 'United States', null, 0],
  ['AT', 'Austria', null, 0],
  ['CY', 'Cyprus', null, 0],
  ['CZ', 'Czechia', null, 0],
  ['DK', 'Denmark', null, 0],
  ['EE', 'Estonia', null, 0],
  ['HR', 'Croatia', null, 0],
  ['HU', 'Hungary', null, 0],
  ['IE', 'Ireland', null, 0],
  ['LU', 'Luxembourg', null, 0],
  ['LV', 'Latvia', null, 0],
  ['MT', 'Malta', null, 0],
  ['PL', 'Poland', null, 0],
  ['PT', 'Portugal', null, 0],
  ['SI', 'Slovenia', null, 0],
  ['SK', 'Slovakia', null, 0],
  ['NO', 'Norway', null, 0],
  ['IS', 'Iceland', null, 0],
  ['LI', 'Liechtenstein', null, 0],
  ['CH', 'Switzerland', null, 0],
  ['TR', 'Türkiye', null, 0],
  ['IL', 'Israel', null, 0],
  ['CA', 'Canada', null, 0],
  ['AU', 'Australia', null, 0],
  ['JP', 'Japan', null, 0],
  ['CN', 'China', null, 0],
  ['KR', 'South Korea', null, 0],
  ['EG', 'Egypt', null, 0],
  ['AR', 'Argentina', null, 0],
  ['BR', 'Brazil', null, 0],
  ['ZA', 'South Africa', null, 0],
  ['IN', 'India', null, 0],
  ['MD', 'Moldova', null, 0],
  ['RS', 'Serbia', null, 0],
  ['GE', 'Georgia', null, 0],
  ['AM', 'Armenia', null, 0],
  ['TN', 'Tunisia', null, 0],
  ['MA', 'Morocco', null, 0],
  ['QA', 'Qatar', null, 0],
  ['SA', 'Saudi Arabia', null, 0],
  ['AE', 'United Arab Emirates', null, 0],
  ['TW', 'Taiwan', null, 0],
  ['SG', 'Singapore', null, 0],
  ['NZ', 'New Zealand', null, 0],
  ['MX', 'Mexico', null, 0],
  ['CL', 'Chile', null, 0],
  ['PA', 'Panama', null, 0],
  ['JO', 'Jordan', null, 0],
  ['LB', 'Lebanon', null, 0],
  ['FO', 'Faroe Islands', null, 0],
];

/**
 * The home of EU institutions and European networks, and the regions of the partner countries
 * (NUTS where there is a code), parents before their children: code, English name, native name,
 * level, parent, country, partner region.
 */
const REGIONS: readonly Region[] = [
  ['EU', 'European Union / international body', null, 'supranational', null, 'EU', 0],
  ['BE2', 'Flanders', 'Vlaams Gewest', 'nuts1', 'BE', 'BE', 1],
  ['BG41', 'Sofia area (Yugozapaden)', 'Югозападен', 'nuts2', 'BG', 'BG', 1],
  ['DE1', 'Baden-Württemberg', 'Baden-Württemberg', 'nuts1', 'DE', 'DE', 1],
  ['EL43', 'Crete', 'Κρήτη', 'nuts2', 'EL', 'EL', 1],
  ['ES51', 'Catalonia', 'Catalunya', 'nuts2', 'ES', 'ES', 1],
  ['ITH5', 'Emilia-Romagna', 'Emilia-Romagna', 'nuts2', 'IT', 'IT', 1],
  ['RO21', 'North-East Romania', 'Nord-Est', 'nuts2', 'RO', 'RO', 1],
  ['SE23', 'West Sweden', 'Västsverige', 'nuts2', 'SE', 'SE', 0],
  ['SE232', 'Västra Götaland', 'Västra Götalands län', 'nuts3', 'SE23', 'SE', 1],
  ['UA-56', 'Rivne oblast', 'Рівненська область', 'other', 'UA', 'UA', 1],
  ['NL1', 'Noord-Nederland', 'Noord-Nederland', 'nuts1', 'NL', 'NL', 0],
];

/** The themes initiatives are tagged with: code, label. */
const THEMES: readonly (readonly [code: string, label: string])[] = [
  ['atmp', 'Advanced therapies (ATMP)'],
  ['genomics', 'Genomics and omics'],
  ['health_data', 'Health data'],
  ['ai', 'Artificial intelligence'],
  ['oncology', 'Oncology'],
  ['rare_diseases', 'Rare diseases'],
  ['biobanking', 'Biobanking'],
  ['education', 'Education and training'],
  ['clinical_trials', 'Clinical trials and testbeds'],
  ['imaging', 'Imaging'],
  ['digital_health', 'Digital health'],
  ['cardiology', 'Cardiology'],
  ['neurology', 'Neurology'],
  ['nanomedicine', 'Nanomedicine'],
  ['patient_engagement', 'Patient engagement'],
  ['regulation', 'Regulation and HTA'],
  ['innovation_support', 'Innovation support and entrepreneurship'],
];

/**
 * The code lists that live in the database exist after migrating alone, so that a new atlas
 * without the reference dataset can import a file: its countries, the regions of the partner
 * countries and the themes (domains, types, scopes and statuses are checked in code). Only
 * missing rows are added: a row that is there already, e.g. loaded from the reference dataset,
 * is left as it is, and a later `atlas db seed` writes its richer rows (with their sources) over
 * these. No history is written: the rows are part of the release, not a curator's change.
 */
export const codeLists: Migration = {
  async up(db: AnyDb) {
    const now = new Date().toISOString();
    const rows = [
      ...COUNTRIES.map(([code, name, native, partner]) =>
        regionRow(code, name, native, 'country', null, code, partner),
      ),
      ...REGIONS.map((r) => regionRow(...r)),
    ];
    // One by one, in order, so that a parent is there before its children.
    for (const row of rows) {
      await db
        .insertInto('regions')
        .values({ ...row, created_at: now, updated_at: now, version: 1 })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
    for (const [code, label] of THEMES) {
      await db
        .insertInto('themes')
        .values({ code, label })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
    }
  },
};

/** A regions row of the code list. */
function regionRow(...[code, name, nativeName, level, parent, country, partner]: Region) {
  return {
    code,
    name,
    native_name: nativeName,
    level,
    parent_code: parent,
    country_code: country,
    is_partner: partner,
  };
}
