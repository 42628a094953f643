import {
  DOMAINS,
  FUNDING_KINDS,
  RELATION_KINDS,
  STATUSES,
  STRUCTURAL_TYPES,
  THEMES,
} from '../domain/codes.ts';
import {
  INITIATIVE_COLUMNS,
  type InitiativeColumn,
  restoreFormulaText,
} from '../domain/columns.ts';
import type { InitiativeInput } from '../domain/schemas.ts';
import { Funding, Relation, SourceRef, WebLink } from '../domain/schemas.ts';
import { parseScopeText } from '../domain/scope-text.ts';
import { foldAccents } from '../domain/search.ts';

/**
 * Pure rules of a spreadsheet import: which header means which field, how a cell's text becomes
 * a value, and what was changed or could not be read. Nothing here touches the database; the
 * import service passes in what it knows (countries, regions, sources).
 */

/** What a column can be mapped to: a field, the file's own row number, an extra field, or nothing. */
export type ColumnTarget = InitiativeColumn | 'row_label' | 'extra' | 'ignore';

/** Every value a column mapping may name, for messages and validation. */
export const COLUMN_TARGETS: readonly ColumnTarget[] = [
  ...INITIATIVE_COLUMNS,
  'row_label',
  'extra',
  'ignore',
];

/** A normalisation applied to a cell: the row, the field, the text before and after, and why. */
export interface ValueChange {
  readonly row: number;
  readonly field: string;
  readonly original: string;
  readonly normalised: string;
  readonly rule: string;
}

/** A value that could not be read as it should. Blocking flags keep the row out of the import. */
export interface ValueFlag {
  readonly row: number;
  readonly field: string;
  readonly value: string;
  readonly problem: string;
  /** `kept`: stored verbatim (as an extra field or note); `blocking`: the row needs a decision or fix. */
  readonly severity: 'kept' | 'blocking';
  /** Set when a required value is simply absent: a merge into an existing record supplies it. */
  readonly missing?: true;
}

/** Folds text for comparison: lower case, no accents, "&" as "and", punctuation as spaces. */
export function fold(text: string): string {
  return foldAccents(text)
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A URL-safe identifier from a name: folded words joined by hyphens, at most 80 characters. */
export function slugify(text: string): string {
  const slug = fold(text)
    .replace(/[^a-z0-9 ]/g, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .join('-')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? 'initiative' : slug;
}

const HEADER_ALIASES: Readonly<
  Record<Exclude<ColumnTarget, 'extra' | 'ignore'>, readonly string[]>
> = {
  slug: ['slug', 'identifier', 'key'],
  name: [
    'name',
    'name and or acronym',
    'name or acronym',
    'initiative',
    'initiative name',
    'name of the initiative',
    'name of initiative',
    'title',
    'project',
    'project name',
    'nombre',
    'nombre de la iniciativa',
    'iniciativa',
    'titulo',
    'name der initiative',
    'initiative name',
    'bezeichnung',
    'titel',
    'nom',
    'nom de l initiative',
    'nome',
  ],
  acronym: [
    'acronym',
    'short name',
    'abbreviation',
    'acronimo',
    'siglas',
    'akronym',
    'abkurzung',
    'kurzname',
    'acronyme',
    'sigle',
  ],
  native_name: [
    'native name',
    'original name',
    'name in original language',
    'nombre original',
    'originalname',
    'originaltitel',
  ],
  summary: [
    'summary',
    'description',
    'short description',
    'brief description',
    'description of the initiative',
    'resumen',
    'descripcion',
    'breve descripcion',
    'beschreibung',
    'kurzbeschreibung',
    'zusammenfassung',
    'resume',
  ],
  objectives: ['objectives', 'aims', 'goals', 'objetivos', 'ziele', 'zielsetzung', 'objectifs'],
  website: [
    'website',
    'web',
    'url',
    'link',
    'links',
    'link to information',
    'link to website',
    'web page',
    'webpage',
    'homepage',
    'enlace',
    'sitio web',
    'pagina web',
    'webseite',
    'internetseite',
    'site web',
    'site internet',
    'lien',
  ],
  website_missing: ['website missing', 'why no website'],
  home_country: ['home country', 'country', 'countries', 'nation', 'pais', 'land', 'staat', 'pays'],
  regions: [
    'regions',
    'region',
    'region s',
    'nuts',
    'nuts region',
    'region nuts',
    'regiones',
    'regionen',
  ],
  submitting_region: [
    'submitting region',
    'reporting region',
    'partner region',
    'region que informa',
    'meldende region',
  ],
  scopes: [
    'scopes',
    'scope',
    'geographical scope',
    'geographic scope',
    'geographical level',
    'ambito',
    'ambito geografico',
    'alcance',
    'alcance geografico',
    'geltungsbereich',
    'reichweite',
    'geografische reichweite',
    'portee',
    'portee geographique',
  ],
  scope_verbatim: ['scope verbatim', 'scope as written'],
  status: ['status', 'state', 'current status', 'estado', 'situacion', 'stand', 'statut'],
  status_note: ['status note', 'status comment'],
  status_as_of: ['status as of', 'status date', 'as of'],
  domain: [
    'domain',
    'domains',
    'area',
    'category',
    'dominio',
    'area tematica',
    'bereich',
    'domane',
    'domaine',
  ],
  type: [
    'type',
    'structural type',
    'type of initiative',
    'initiative type',
    'kind',
    'tipo',
    'tipo de iniciativa',
    'typ',
    'art',
    'art der initiative',
    'type d initiative',
  ],
  themes: [
    'themes',
    'theme',
    'topics',
    'topic',
    'tags',
    'keywords',
    'temas',
    'themen',
    'schlagworter',
    'thematiques',
  ],
  funding: [
    'funding',
    'funder',
    'funders',
    'funded by',
    'financing',
    'source of funding',
    'funding source',
    'financiacion',
    'financiado por',
    'finanzierung',
    'forderung',
    'financement',
  ],
  relations: ['relations', 'related initiatives'],
  sources: ['sources'],
  notes: [
    'notes',
    'note',
    'comments',
    'comment',
    'remarks',
    'observaciones',
    'comentarios',
    'anmerkungen',
    'bemerkungen',
    'remarques',
  ],
  row_label: [
    'no',
    'nr',
    'n',
    'number',
    'row',
    'row number',
    'num',
    'numero',
    'lfd nr',
    'item',
    'id',
    'response id',
    'respondent id',
  ],
};

/** Survey columns about the respondent, not the initiative: personal data that is not imported. */
const PERSONAL = [
  'email',
  'e mail',
  'email address',
  'e mail address',
  'respondent',
  'respondent name',
  'your name',
  'ip address',
  'telephone',
  'phone',
];

const ALIAS_INDEX = new Map<string, ColumnTarget>();
for (const p of PERSONAL) ALIAS_INDEX.set(p, 'ignore');
for (const [target, aliases] of Object.entries(HEADER_ALIASES)) {
  for (const a of aliases) if (!ALIAS_INDEX.has(a)) ALIAS_INDEX.set(a, target as ColumnTarget);
}
// The export's own headers (snake_case field names) always map to themselves.
for (const c of INITIATIVE_COLUMNS) ALIAS_INDEX.set(fold(c.replace(/_/g, ' ')), c);
// JSON exports use the schema's camelCase keys.
for (const [key, column] of Object.entries({
  nativeName: 'native_name',
  websiteMissing: 'website_missing',
  homeCountry: 'home_country',
  submittingRegion: 'submitting_region',
  scopeVerbatim: 'scope_verbatim',
  statusNote: 'status_note',
  statusAsOf: 'status_as_of',
} as const)) {
  ALIAS_INDEX.set(fold(key), column);
}

const MONTHS: Readonly<Record<string, string>> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
  ene: '01',
  abr: '04',
  ago: '08',
  dic: '12',
  mai: '05',
  okt: '10',
  dez: '12',
};

/** A month or day in text such as "Jan-2025", "January 2025", "2025-01", "01/2025" as YYYY-MM(-DD). */
function parseAsOf(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  let m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(t);
  if (m) return m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`;
  m = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m?.[1] && Number(m[1]) >= 1 && Number(m[1]) <= 12) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = /^([a-z]{3})[a-z]*\.?[\s-]+(\d{4})$/.exec(t);
  const month = m?.[1] && MONTHS[m[1]];
  if (m && month) return `${m[2]}-${month}`;
  return undefined;
}

/** The field a header names, and a date it carries (as in "Status (Jan-2025)"), if any. */
export function recogniseHeader(header: string): { target?: ColumnTarget; asOf?: string } {
  const bracket = /\(([^()]*)\)\s*$/.exec(header);
  const base = fold(bracket ? header.slice(0, bracket.index) : header);
  const inner = bracket?.[1] ?? '';
  const asOf = inner ? parseAsOf(inner) : undefined;
  const whole = ALIAS_INDEX.get(fold(header));
  if (whole) return { target: whole, asOf };
  const byBase = ALIAS_INDEX.get(base);
  if (byBase) return { target: byBase, asOf };
  // "Link to information (website)": the bracket names the field.
  const byInner = inner ? ALIAS_INDEX.get(fold(inner)) : undefined;
  if (byInner && byInner !== 'row_label') return { target: byInner, asOf };
  if (header.trim() === '#' || header.trim() === 'Nº' || header.trim() === 'N°')
    return { target: 'row_label' };
  return { asOf };
}

/** Code lookups by folded label, code and the common spellings seen in survey files. */
function lookup(
  entries: readonly { code: string; label: string }[],
  extra: Readonly<Record<string, string>>,
): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of entries) {
    m.set(fold(e.code.replace(/_/g, ' ')), e.code);
    m.set(fold(e.label), e.code);
  }
  for (const [k, v] of Object.entries(extra)) m.set(fold(k), v);
  return m;
}

const DOMAIN_WORDS = lookup(DOMAINS, {
  'R&I': 'research_innovation',
  RI: 'research_innovation',
  'R and I': 'research_innovation',
  research: 'research_innovation',
  'research and development': 'research_innovation',
  'investigacion e innovacion': 'research_innovation',
  'forschung und innovation': 'research_innovation',
  'recherche et innovation': 'research_innovation',
  patient: 'patient_perspective',
  patients: 'patient_perspective',
  'patient perspective': 'patient_perspective',
  'patients perspective': 'patient_perspective',
  'perspectiva del paciente': 'patient_perspective',
  patientenperspektive: 'patient_perspective',
  'perspective des patients': 'patient_perspective',
  policy: 'policy_regulation',
  regulation: 'policy_regulation',
  'policy and regulation': 'policy_regulation',
  'policy regulation': 'policy_regulation',
  'politica y regulacion': 'policy_regulation',
  'politik und regulierung': 'policy_regulation',
  'politique et reglementation': 'policy_regulation',
  ecosystem: 'ecosystem',
  'innovation ecosystem': 'ecosystem',
  ecosistema: 'ecosystem',
  okosystem: 'ecosystem',
  ecosysteme: 'ecosystem',
});

const TYPE_WORDS = lookup(STRUCTURAL_TYPES, {
  project: 'ongoing_project',
  'ongoing project': 'ongoing_project',
  proyecto: 'ongoing_project',
  'proyecto en curso': 'ongoing_project',
  projekt: 'ongoing_project',
  projet: 'ongoing_project',
  institution: 'permanent_institution',
  'permanent institution': 'permanent_institution',
  'institucion permanente': 'permanent_institution',
  'standige einrichtung': 'permanent_institution',
  partnership: 'partnership',
  asociacion: 'partnership',
  alianza: 'partnership',
  partnerschaft: 'partnership',
  partenariat: 'partnership',
  study: 'study_publication',
  publication: 'study_publication',
  'strategic document': 'study_publication',
  strategy: 'study_publication',
  'study publication strategic document': 'study_publication',
  'study publication or strategic document': 'study_publication',
  estudio: 'study_publication',
  studie: 'study_publication',
  etude: 'study_publication',
});

const STATUS_WORDS = lookup(STATUSES, {
  'to be launched': 'planned',
  upcoming: 'planned',
  'not started': 'planned',
  'not yet started': 'planned',
  previsto: 'planned',
  planificado: 'planned',
  geplant: 'planned',
  prevu: 'planned',
  active: 'ongoing',
  running: 'ongoing',
  'in progress': 'ongoing',
  'en curso': 'ongoing',
  activo: 'ongoing',
  laufend: 'ongoing',
  'en cours': 'ongoing',
  finished: 'closed',
  completed: 'closed',
  ended: 'closed',
  terminated: 'closed',
  finalizado: 'closed',
  cerrado: 'closed',
  abgeschlossen: 'closed',
  beendet: 'closed',
  termine: 'closed',
  dauerhaft: 'permanent',
  'permanent institution': 'permanent',
  permanente: 'permanent',
});

const THEME_WORDS = lookup(THEMES, {
  ATMP: 'atmp',
  'advanced therapies': 'atmp',
  genomics: 'genomics',
  omics: 'genomics',
  'health data': 'health_data',
  data: 'health_data',
  AI: 'ai',
  'artificial intelligence': 'ai',
  cancer: 'oncology',
  'rare diseases': 'rare_diseases',
  biobanks: 'biobanking',
  education: 'education',
  training: 'education',
  'clinical trials': 'clinical_trials',
  'digital health': 'digital_health',
  ehealth: 'digital_health',
  HTA: 'regulation',
});

const SCOPE_WORDS: Readonly<Record<string, string>> = {
  lokal: 'local',
  nacional: 'national',
  nationale: 'national',
  europeo: 'european',
  europeenne: 'european',
  europaisch: 'european',
  eu: 'european',
  internacional: 'international',
  internationale: 'international',
  mondial: 'international',
  global: 'international',
  worldwide: 'international',
};

/** Country names in their own languages and other common spellings, by ISO code. */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  España: 'ES',
  Espanya: 'ES',
  Deutschland: 'DE',
  Sverige: 'SE',
  Italia: 'IT',
  Lietuva: 'LT',
  Polska: 'PL',
  Україна: 'UA',
  Ukraina: 'UA',
  Ελλάδα: 'GR',
  Hellas: 'GR',
  EL: 'GR',
  Nederland: 'NL',
  Holland: 'NL',
  Suomi: 'FI',
  Österreich: 'AT',
  België: 'BE',
  Belgique: 'BE',
  Éire: 'IE',
  Danmark: 'DK',
  Norge: 'NO',
  Česko: 'CZ',
  'Czech Republic': 'CZ',
  България: 'BG',
  Bulgaria: 'BG',
  Magyarország: 'HU',
  România: 'RO',
  Hrvatska: 'HR',
  Slovenija: 'SI',
  Slovensko: 'SK',
  Eesti: 'EE',
  Latvija: 'LV',
  UK: 'GB',
  'United Kingdom': 'GB',
  Schweiz: 'CH',
  Suisse: 'CH',
  Svizzera: 'CH',
};

/** Link cells that say there is no link. */
const NON_VALUE =
  /^(n\s*\/?\s*a\.?|none|nil|no|-+|—|–|tbd|tbc|unknown|not available( yet)?\.?|no website|no link|not applicable|ninguno|no disponible|sin web|keine|k\.?\s*a\.?|entfallt|entfällt|aucun)$/i;

const FUNDER_KINDS: readonly [RegExp, string][] = [
  [
    /horizon|h2020|fp7|\beu\b|european (union|commission)|interreg|\beit\b|\bimi\b|erdf|erasmus|eu4health|digital europe/i,
    'eu',
  ],
  [
    /ministry|ministerio|ministerium|national|vinnova|isciii|research council|government|federal|bmbf|anr\b|nih\b/i,
    'national',
  ],
  [/region|county|junta|generalitat|gobierno de|landes|diputaci|provinc|comunidad/i, 'regional'],
  [/foundation|fundaci|stiftelse|stiftung|fondation|charity|trust\b|association/i, 'charity'],
  [/company|industry|pharma|private|ltd|gmbh|inc\b|s\.?a\.?$|\bab\b/i, 'private'],
  [/members|membership|partners' contributions/i, 'members'],
];

/** The kind of a funder named in free text, when its name says so. */
function classifyFunder(funder: string): string | undefined {
  return FUNDER_KINDS.find(([re]) => re.test(funder))?.[1];
}

/** What the import knows about the database: codes and names of countries, regions and sources. */
export interface ImportContext {
  /** Folded country names and codes → country code. */
  readonly countries: ReadonlyMap<string, string>;
  /** Folded region names and codes → region code (any level). */
  readonly regions: ReadonlyMap<string, string>;
  /** Source codes that exist. */
  readonly sources: ReadonlySet<string>;
}

/** A row read into initiative fields, with every change and problem, before identity is decided. */
export interface NormalisedRow {
  readonly row: number;
  /** The file's own number for the row (a "No." column), if it has one. */
  readonly label?: string;
  readonly candidate: Partial<InitiativeInput> & { extra?: Record<string, string> };
  readonly changes: ValueChange[];
  readonly flags: ValueFlag[];
}

/** How each header is read, plus defaults and value mappings chosen by the user or a preset. */
export interface RowRules {
  readonly mapping: ReadonlyMap<string, ColumnTarget>;
  /** Values for fields that a row leaves empty, e.g. home_country=SE. */
  readonly defaults: Readonly<Partial<Record<InitiativeColumn, string>>>;
  /** Per field, a cell text (folded) → the code it means, e.g. domain: "medical research" → research_innovation. */
  readonly values: Readonly<Partial<Record<InitiativeColumn, Readonly<Record<string, string>>>>>;
  /** A status date read from a header such as "Status (Jan-2025)". */
  readonly statusAsOf?: string;
  /** Undo the apostrophe an export puts before formula characters (CSV and XLSX files). */
  readonly restoreFormulas?: boolean;
}

function splitList(text: string): string[] {
  return text
    .split(/\s*[;,\n]\s*/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Reads a mapped row into initiative fields, listing each change and each value it cannot read. */
export function normaliseRow(
  row: number,
  cells: Readonly<Record<string, string>>,
  rules: RowRules,
  ctx: ImportContext,
): NormalisedRow {
  const changes: ValueChange[] = [];
  const flags: ValueFlag[] = [];
  const c: Record<string, unknown> = {};
  const extra: Record<string, string> = {};
  let label: string | undefined;
  const change = (field: string, original: string, normalised: string, rule: string) => {
    if (original !== normalised) changes.push({ row, field, original, normalised, rule });
  };
  const keep = (header: string, field: string, value: string, problem: string) => {
    flags.push({ row, field, value, problem, severity: 'kept' });
    extra[header] = extra[header] ? `${extra[header]}; ${value}` : value;
  };
  const absent = (field: string, problem: string) =>
    flags.push({ row, field, value: '', problem, severity: 'blocking', missing: true });
  const block = (field: string, value: string, problem: string) =>
    flags.push({ row, field, value, problem, severity: 'blocking' });

  // Cells by field; two columns mapped to one field are joined.
  const byField = new Map<InitiativeColumn, { header: string; text: string }>();
  for (const [header, raw] of Object.entries(cells)) {
    const target = rules.mapping.get(header) ?? 'extra';
    if (target === 'ignore') continue;
    const restored = rules.restoreFormulas ? restoreFormulaText(raw) : raw;
    if (restored !== raw)
      change(header, raw, restored, 'apostrophe an export put before a formula character removed');
    const text = restored.trim();
    if (text !== restored) change(header, restored, text, 'spaces at the ends removed');
    if (text === '') continue;
    if (target === 'extra') {
      extra[header] = text;
      continue;
    }
    if (target === 'row_label') {
      label = text;
      continue;
    }
    const prev = byField.get(target);
    byField.set(
      target,
      prev ? { header: prev.header, text: `${prev.text}; ${text}` } : { header, text },
    );
  }
  for (const [field, value] of Object.entries(rules.defaults) as [InitiativeColumn, string][]) {
    if (!byField.has(field) && value !== undefined) {
      byField.set(field, { header: field, text: value });
      changes.push({
        row,
        field,
        original: '',
        normalised: value,
        rule: 'empty: filled with the default given for the import',
      });
    }
  }
  const userValue = (field: InitiativeColumn, text: string) => rules.values[field]?.[fold(text)];

  const code = (
    field: InitiativeColumn,
    key: string,
    words: ReadonlyMap<string, string>,
    required: boolean,
  ) => {
    const cell = byField.get(field);
    if (!cell) {
      if (required)
        absent(field, `is empty; add a ${field} column, or give --default ${field}=CODE`);
      return;
    }
    const found = userValue(field, cell.text) ?? words.get(fold(cell.text));
    if (found) {
      c[key] = found;
      change(field, cell.text, found, 'label read as its code');
      return;
    }
    if (required) {
      block(
        field,
        cell.text,
        `is not a known ${field}; map it with --value "${field}:${cell.text}=CODE" (codes: ${[...new Set(words.values())].join(', ')})`,
      );
    } else keep(cell.header, field, cell.text, `is not a known ${field}; kept as an extra field`);
  };

  // Name, with an acronym in brackets split out when the file has no acronym column at all
  // (a file with one says where acronyms go, even when a row leaves it empty).
  const hasAcronymColumn = [...rules.mapping.values()].includes('acronym');
  const nameCell = byField.get('name');
  if (nameCell) {
    const collapsed = nameCell.text.replace(/\s+/g, ' ');
    change('name', nameCell.text, collapsed, 'line breaks and repeated spaces joined');
    const m =
      /^(.+?)\s*\(([^()]{2,20})\)$/.exec(collapsed) ??
      /^([^()]{2,20}?)\s*\((.+)\)$/.exec(collapsed);
    const isAcronym = (s: string) =>
      /^[\p{Lu}\p{N}][\p{Lu}\p{N}\-&+.]{1,19}$/u.test(s.replace(/\s/g, ''));
    if (!hasAcronymColumn && m?.[1] && m[2] && isAcronym(m[2]) !== isAcronym(m[1])) {
      const [long, short] = isAcronym(m[2]) ? [m[1], m[2]] : [m[2], m[1]];
      c.name = long.trim();
      c.acronym = short.trim();
      change('name', collapsed, c.name as string, `acronym "${c.acronym}" split out of the name`);
    } else c.name = collapsed;
    if ((c.name as string).length > 500)
      block('name', collapsed, 'is longer than 500 characters; is this the summary column?');
  } else absent('name', 'is empty; every initiative needs a name');

  for (const [field, key, max] of [
    ['slug', 'slug', 120],
    ['acronym', 'acronym', 60],
    ['native_name', 'nativeName', 500],
    ['summary', 'summary', 5000],
    ['objectives', 'objectives', 5000],
    ['status_note', 'statusNote', 1000],
    ['scope_verbatim', 'scopeVerbatim', 2000],
    ['website_missing', 'websiteMissing', 200],
    ['notes', 'notes', 2000],
  ] as const) {
    const cell = byField.get(field);
    if (!cell) continue;
    if (cell.text.length > max)
      block(
        field,
        `${cell.text.slice(0, 60)}…`,
        `is ${cell.text.length} characters long, more than ${max}; shorten it in the file`,
      );
    else c[key] = cell.text;
  }
  if (c.slug !== undefined && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(c.slug as string)) {
    const s = slugify(c.slug as string);
    change('slug', c.slug as string, s, 'made URL-safe');
    c.slug = s;
  }

  // Website: non-values become the reason there is no link; bare host names get https://.
  const web = byField.get('website');
  if (web) {
    const [first, ...more] = web.text.split(/\s*[;\n]\s*|\s+(?=https?:\/\/)/).filter(Boolean);
    const text = first ?? '';
    if (NON_VALUE.test(text) && more.length === 0) {
      change('website', text, '', 'not a link: kept as the reason there is no website');
      if (c.websiteMissing === undefined) c.websiteMissing = text;
    } else {
      const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
      if (WebLink.safeParse(withScheme).success && /\./.test(withScheme)) {
        c.website = withScheme;
        change('website', text, withScheme, 'https:// added');
      } else if (c.websiteMissing === undefined && text.length <= 200) {
        c.websiteMissing = text;
        flags.push({
          row,
          field: 'website',
          value: text,
          problem: 'is not a web address; kept as the reason there is no website',
          severity: 'kept',
        });
      } else keep(web.header, 'website', text, 'is not a web address; kept as an extra field');
      for (const m of more)
        keep(
          web.header,
          'website',
          m,
          'is a second link; only one is stored, the rest is kept as an extra field',
        );
    }
    if (c.website && c.websiteMissing) {
      keep(
        'website_missing',
        'website_missing',
        c.websiteMissing as string,
        'given with a link; kept as an extra field',
      );
      delete c.websiteMissing;
    }
  }

  // Home country: a code or a name of a country in the atlas.
  const country = byField.get('home_country');
  if (country) {
    const found = userValue('home_country', country.text) ?? ctx.countries.get(fold(country.text));
    if (found) {
      c.homeCountry = found;
      change('home_country', country.text, found, 'country name read as its code');
    } else
      block(
        'home_country',
        country.text,
        'is not a country in the atlas; use a code such as SE or a name such as Sweden, or map it with --value',
      );
  }

  const regionCode = (text: string) => userValue('regions', text) ?? ctx.regions.get(fold(text));
  /** A list cell read part by part into codes; parts it cannot read are kept as extra text. */
  const codeList = (
    field: InitiativeColumn,
    read: (part: string) => string | undefined,
    rule: string,
    problem: string,
  ): string[] | undefined => {
    const cell = byField.get(field);
    if (!cell) return undefined;
    const codes: string[] = [];
    for (const part of splitList(cell.text)) {
      const found = read(part);
      if (found) {
        codes.push(found);
        change(field, part, found, rule);
      } else keep(cell.header, field, part, problem);
    }
    return codes;
  };
  const regions = codeList(
    'regions',
    regionCode,
    'region name read as its code',
    'is not a region in the atlas; kept as an extra field',
  );
  if (regions) c.regions = regions;
  const submitting = byField.get('submitting_region');
  if (submitting) {
    const found = regionCode(submitting.text);
    if (found) {
      c.submittingRegion = found;
      change('submitting_region', submitting.text, found, 'region name read as its code');
    } else
      keep(
        submitting.header,
        'submitting_region',
        submitting.text,
        'is not a region in the atlas; kept as an extra field',
      );
  }

  // Scopes: a list of scope words; anything else is read where plain and kept verbatim.
  const scope = byField.get('scopes');
  if (scope) {
    const translated = scope.text
      .split(/([;,/])/)
      .map((p) => SCOPE_WORDS[fold(p)] ?? p)
      .join('')
      .replace(/\//g, ';');
    const parsed = parseScopeText(translated.replace(/[;,]\s*$/, ''));
    if (parsed.scopes.length === 0) {
      block(
        'scopes',
        scope.text,
        `${parsed.problems.join('; ')}; use local, regional, national, european or international`,
      );
    } else {
      c.scopes = parsed.scopes;
      const canonical = parsed.scopes.join('; ');
      change(
        'scopes',
        scope.text,
        canonical,
        parsed.problems.length > 0
          ? `read as ${canonical} (${parsed.problems.join('; ')})`
          : 'scope words read as codes',
      );
      if (fold(scope.text) !== fold(canonical) && c.scopeVerbatim === undefined)
        c.scopeVerbatim = scope.text;
      if (parsed.problems.length > 0) {
        flags.push({
          row,
          field: 'scopes',
          value: scope.text,
          problem: `${parsed.problems.join('; ')}; the text is kept as the scope as written`,
          severity: 'kept',
        });
      }
    }
  } else absent('scopes', 'is empty; add a scope column, or give --default scopes=national');

  // Status, with "Ongoing (until 2027)"-style notes split off, and a date from the header.
  const status = byField.get('status');
  if (status) {
    const bracket = /^(.*?)\s*\((.+)\)$/.exec(status.text);
    const found =
      userValue('status', status.text) ??
      STATUS_WORDS.get(fold(status.text)) ??
      (bracket?.[1] ? STATUS_WORDS.get(fold(bracket[1])) : undefined);
    if (found) {
      c.status = found;
      change('status', status.text, found, 'label read as its code');
      if (!STATUS_WORDS.get(fold(status.text)) && bracket?.[2] && c.statusNote === undefined)
        c.statusNote = bracket[2];
    } else
      block(
        'status',
        status.text,
        `is not a known status; map it with --value "status:${status.text}=CODE" (codes: planned, ongoing, closed, permanent)`,
      );
  } else absent('status', 'is empty; add a status column, or give --default status=ongoing');
  const asOf = byField.get('status_as_of');
  if (asOf) {
    const parsed = parseAsOf(asOf.text);
    if (parsed) {
      c.statusAsOf = parsed;
      change('status_as_of', asOf.text, parsed, 'date written as YYYY-MM');
    } else
      keep(
        asOf.header,
        'status_as_of',
        asOf.text,
        'is not a month such as 2025-01; kept as an extra field',
      );
  } else if (rules.statusAsOf && c.status) {
    c.statusAsOf = rules.statusAsOf;
    changes.push({
      row,
      field: 'status_as_of',
      original: '',
      normalised: rules.statusAsOf,
      rule: 'date taken from the status column header',
    });
  }

  code('domain', 'domain', DOMAIN_WORDS, true);
  code('type', 'type', TYPE_WORDS, true);

  const themes = codeList(
    'themes',
    (part) => userValue('themes', part) ?? THEME_WORDS.get(fold(part)),
    'label read as its code',
    'is not a known theme; kept as an extra field',
  );
  if (themes) c.themes = themes;

  // Funding: the JSON an export writes, or funder names whose kind their name tells.
  const funding = byField.get('funding');
  if (funding) {
    const parsed = parseJsonArray(funding.text, Funding);
    if (parsed) c.funding = parsed;
    else {
      const list: { funder: string; kind: string }[] = [];
      for (const funder of splitList(funding.text)) {
        const kind = userValue('funding', funder) ?? classifyFunder(funder);
        if (kind && FUNDING_KINDS.some((k) => k.code === kind)) {
          list.push({ funder, kind });
          change('funding', funder, `${funder} [${kind}]`, 'kind of funder read from its name');
        } else
          keep(
            funding.header,
            'funding',
            funder,
            `the kind of funder is not clear from its name; kept as an extra field (map it with --value "funding:${funder}=KIND")`,
          );
      }
      c.funding = list;
    }
  }

  const relations = byField.get('relations');
  if (relations) {
    const list: { kind: string; target: string }[] = [];
    // A JSON export carries relations as objects; a spreadsheet as "kind:target" items.
    const asJson = parseJsonArray(relations.text, Relation);
    if (asJson) list.push(...asJson);
    for (const part of asJson ? [] : splitList(relations.text)) {
      const m = /^([a-z_]+):([a-z0-9-]+)$/.exec(part);
      if (m?.[1] && m[2] && RELATION_KINDS.some((k) => k.code === m[1]))
        list.push({ kind: m[1], target: m[2] });
      else
        keep(
          relations.header,
          'relations',
          part,
          'is not a relation such as part_of:other-slug; kept as an extra field',
        );
    }
    c.relations = list;
  }

  const sources = byField.get('sources');
  if (sources) {
    const parsed = parseJsonArray(sources.text, SourceRef);
    const unknown = parsed?.filter((s) => !ctx.sources.has(s.source)) ?? [];
    if (parsed && unknown.length === 0) c.sources = parsed;
    else
      keep(
        sources.header,
        'sources',
        sources.text,
        parsed
          ? `names sources the atlas does not have (${unknown.map((s) => s.source).join(', ')}); kept as an extra field`
          : 'is not a list of source references; kept as an extra field',
      );
  }

  if (Object.keys(extra).length > 0) c.extra = extra;
  return { row, label, candidate: c as NormalisedRow['candidate'], changes, flags };
}

function parseJsonArray<T>(
  text: string,
  item: { safeParse(v: unknown): { success: boolean; data?: T } },
): T[] | undefined {
  if (!text.startsWith('[')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const out: T[] = [];
  for (const v of value) {
    const r = item.safeParse(v);
    if (!r.success || r.data === undefined) return undefined;
    out.push(r.data);
  }
  return out;
}

/** Fields whose emptiness marks a row as the continuation of the row above (a PDF line break). */
const KEY_FIELDS: readonly ColumnTarget[] = [
  'row_label',
  'slug',
  'website',
  'home_country',
  'scopes',
  'status',
  'domain',
  'type',
];

/**
 * Whether a row continues the one above: it has text, but every key column that the file has is
 * empty, while the row above has them. Tables copied out of PDF reports split long names so.
 */
export function isContinuation(
  above: Readonly<Record<string, string>> | undefined,
  row: Readonly<Record<string, string>>,
  mapping: ReadonlyMap<string, ColumnTarget>,
): boolean {
  if (!above) return false;
  const keyHeaders = [...mapping].filter(([, t]) => KEY_FIELDS.includes(t)).map(([h]) => h);
  if (keyHeaders.length === 0) return false;
  const filled = (cells: Readonly<Record<string, string>>, h: string) =>
    (cells[h] ?? '').trim() !== '';
  const hasText = Object.entries(row).some(
    ([h, v]) => v.trim() !== '' && mapping.get(h) !== 'ignore',
  );
  return (
    hasText && keyHeaders.every((h) => !filled(row, h)) && keyHeaders.some((h) => filled(above, h))
  );
}

/** The cells of a row with its continuation rows joined on, column by column. */
export function joinContinuation(
  first: Readonly<Record<string, string>>,
  more: readonly Readonly<Record<string, string>>[],
): Record<string, string> {
  const out: Record<string, string> = { ...first };
  for (const cells of more) {
    for (const [h, v] of Object.entries(cells)) {
      if (v.trim() === '') continue;
      out[h] = out[h] && out[h].trim() !== '' ? `${out[h].trimEnd()} ${v.trim()}` : v;
    }
  }
  return out;
}
