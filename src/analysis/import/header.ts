import { type ColumnTarget, INITIATIVE_COLUMNS } from '../../domain/columns.ts';
import { fold, parseAsOf } from './text.ts';

/**
 * Header recognition: which column of a file means which field, in the languages and spellings
 * survey files and reports use, and how the columns of a file are mapped (given, preset,
 * recognised).
 */

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
  language: [
    'language',
    'lang',
    'language of the record',
    'idioma',
    'lengua',
    'llengua',
    'sprache',
    'langue',
    'lingua',
    'taal',
    'sprak',
    'kalba',
    'limba',
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
  inferred: ['inferred', 'inferences', 'inferred values', 'inferred fields'],
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
