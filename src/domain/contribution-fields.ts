import {
  BARRIERS,
  DOMAINS,
  FUNDING_KINDS,
  RELATION_KINDS,
  SCOPES,
  STAKEHOLDER_GROUPS,
  STATUSES,
  STRUCTURAL_TYPES,
  THEMES,
} from './codes.ts';
import type { ContributedEntity } from './contributions.ts';
import { RECOMMENDATION_KINDS, RECOMMENDATION_LEVELS } from './recommendations.ts';

/**
 * How a record's fields appear in the web forms. Lists of structured values (sources, funding,
 * relations) are one per line with parts separated by "|", so the forms work without JavaScript
 * and a person can paste rows from a spreadsheet.
 */
export type FieldInput =
  | 'text'
  | 'textarea'
  | 'url'
  | 'month'
  | 'select'
  | 'checkboxes'
  | 'checkbox'
  | 'codes'
  | 'sources'
  | 'funding'
  | 'relations'
  | 'lines'
  | 'challenges'
  | 'inferred'
  | 'places'
  | 'count';

/** The code list a select or checkbox group offers, by the name its labels are kept under. */
export type FieldCodes =
  | 'domain'
  | 'type'
  | 'scope'
  | 'status'
  | 'theme'
  | 'barrier'
  | 'stakeholderGroup'
  | 'gpScope'
  | 'workshopFormat'
  | 'recommendationKind'
  | 'recommendationLevel';

export interface FieldSpec {
  /** The field of the record's schema. */
  readonly name: string;
  readonly input: FieldInput;
  readonly codes?: FieldCodes;
  readonly required?: boolean;
  /** Set only when the record is created: its identifier. */
  readonly key?: boolean;
}

const codesOf = (list: readonly { code: string }[]) => list.map((c) => c.code);

/** The codes each list offers, in the order the code lists give them. */
export const FIELD_CODES: Readonly<Record<FieldCodes, readonly string[]>> = {
  domain: codesOf(DOMAINS),
  type: codesOf(STRUCTURAL_TYPES),
  scope: codesOf(SCOPES),
  status: codesOf(STATUSES),
  theme: codesOf(THEMES),
  barrier: codesOf(BARRIERS),
  stakeholderGroup: codesOf(STAKEHOLDER_GROUPS),
  gpScope: ['regional', 'national', 'european', 'international'],
  workshopFormat: ['online', 'on_site', 'hybrid'],
  recommendationKind: RECOMMENDATION_KINDS,
  recommendationLevel: RECOMMENDATION_LEVELS,
};

/** The kinds of funding and of relations that lines may name. */
export const LINE_CODES = {
  funding: codesOf(FUNDING_KINDS),
  relation: codesOf(RELATION_KINDS),
} as const;

/** Every field of every kind of record the forms edit, in the order the form shows them. */
export const FORM_FIELDS: Readonly<Partial<Record<ContributedEntity, readonly FieldSpec[]>>> = {
  translation: [
    { name: 'record', input: 'text', required: true, key: true },
    { name: 'slug', input: 'text', required: true, key: true },
    { name: 'language', input: 'text', required: true, key: true },
    { name: 'name', input: 'text', required: true },
    { name: 'summary', input: 'textarea' },
    { name: 'translatedBy', input: 'text', required: true },
  ],
  initiative: [
    { name: 'slug', input: 'text', required: true, key: true },
    { name: 'name', input: 'text', required: true },
    { name: 'acronym', input: 'text' },
    { name: 'nativeName', input: 'text' },
    { name: 'summary', input: 'textarea' },
    { name: 'language', input: 'text' },
    { name: 'objectives', input: 'textarea' },
    { name: 'website', input: 'url' },
    { name: 'websiteMissing', input: 'text' },
    { name: 'homeCountry', input: 'text', required: true },
    { name: 'submittingRegion', input: 'text' },
    { name: 'regions', input: 'codes' },
    { name: 'scopes', input: 'checkboxes', codes: 'scope', required: true },
    { name: 'status', input: 'select', codes: 'status', required: true },
    { name: 'statusNote', input: 'text' },
    { name: 'statusAsOf', input: 'month' },
    { name: 'domain', input: 'select', codes: 'domain', required: true },
    { name: 'type', input: 'select', codes: 'type', required: true },
    { name: 'themes', input: 'checkboxes', codes: 'theme' },
    { name: 'funding', input: 'funding' },
    { name: 'relations', input: 'relations' },
    { name: 'sources', input: 'sources', required: true },
    { name: 'notes', input: 'textarea' },
    { name: 'inferred', input: 'inferred' },
  ],
  good_practice: [
    { name: 'slug', input: 'text', required: true, key: true },
    { name: 'name', input: 'text', required: true },
    { name: 'country', input: 'text' },
    { name: 'region', input: 'text' },
    { name: 'scope', input: 'select', codes: 'gpScope' },
    { name: 'summary', input: 'textarea', required: true },
    { name: 'language', input: 'text' },
    { name: 'link', input: 'url' },
    { name: 'linkMissing', input: 'text' },
    { name: 'barriers', input: 'checkboxes', codes: 'barrier', required: true },
    { name: 'keyPlayers', input: 'textarea' },
    { name: 'impact', input: 'textarea' },
    { name: 'transferability', input: 'textarea' },
    { name: 'exemplary', input: 'checkbox' },
    { name: 'sources', input: 'sources', required: true },
    { name: 'notes', input: 'textarea' },
  ],
  regional_report: [
    { name: 'region', input: 'text', required: true, key: true },
    { name: 'campaign', input: 'text', required: true, key: true },
    { name: 'overview', input: 'textarea', required: true },
    { name: 'challenges', input: 'challenges' },
    { name: 'strengths', input: 'lines' },
    { name: 'weaknesses', input: 'lines' },
    { name: 'secondaryDataAccess', input: 'textarea' },
    { name: 'workshopNote.text', input: 'textarea' },
    { name: 'workshopNote.sources', input: 'sources' },
    { name: 'sources', input: 'sources', required: true },
  ],
  interview_row: [
    { name: 'region', input: 'text', required: true, key: true },
    { name: 'campaign', input: 'text', required: true, key: true },
    { name: 'printedTotal', input: 'count' },
    ...codesOf(STAKEHOLDER_GROUPS).map((g) => ({ name: `counts.${g}`, input: 'count' as const })),
    { name: 'sources', input: 'sources', required: true },
  ],
  workshop: [
    { name: 'key', input: 'text', required: true, key: true },
    { name: 'region', input: 'text', required: true },
    { name: 'campaign', input: 'text', required: true },
    { name: 'heldOn', input: 'month' },
    { name: 'participants', input: 'count' },
    { name: 'format', input: 'select', codes: 'workshopFormat' },
    { name: 'organisers', input: 'text' },
    { name: 'sources', input: 'sources', required: true },
  ],
  evidence: [
    { name: 'key', input: 'text', required: true, key: true },
    { name: 'statement', input: 'textarea', required: true },
    { name: 'language', input: 'text' },
    { name: 'barriers', input: 'checkboxes', codes: 'barrier', required: true },
    { name: 'region', input: 'text', required: true },
    { name: 'stakeholderGroup', input: 'select', codes: 'stakeholderGroup' },
    { name: 'campaign', input: 'text' },
    { name: 'sources', input: 'sources', required: true },
    { name: 'quote.text', input: 'textarea' },
    { name: 'quote.attribution', input: 'text' },
    { name: 'quote.printedIn', input: 'places' },
  ],
  // Its pillar and verbatim quote are kept from the version edited (curated with the source).
  recommendation: [
    { name: 'slug', input: 'text', required: true, key: true },
    { name: 'title', input: 'text', required: true },
    { name: 'text', input: 'textarea', required: true },
    { name: 'language', input: 'text' },
    { name: 'kind', input: 'select', codes: 'recommendationKind', required: true },
    { name: 'level', input: 'select', codes: 'recommendationLevel', required: true },
    { name: 'barriers', input: 'checkboxes', codes: 'barrier', required: true },
    { name: 'actors', input: 'checkboxes', codes: 'stakeholderGroup', required: true },
    { name: 'actorsNamed', input: 'text' },
    { name: 'regions', input: 'codes' },
    { name: 'sources', input: 'sources', required: true },
  ],
};

/**
 * Fields that are optional objects edited member by member ("quote.text"): with every member left
 * empty the object is absent; a member given without the others is a problem on the missing one.
 */
const OPTIONAL_OBJECTS: ReadonlySet<string> = new Set(['quote', 'workshopNote']);

/** A form as sent: each field's values (several for checkboxes). */
export type SentForm = Readonly<Record<string, readonly string[]>>;

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
const parts = (line: string) => line.split('|').map((p) => p.trim());
/** An object without its empty members, so that an optional part left empty is absent. */
const compact = (o: Record<string, string | number | undefined>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));

/** The value of one field as its schema reads it, from what the form sent. */
function fieldValue(spec: FieldSpec, values: readonly string[]): unknown {
  const text = (values[0] ?? '').trim();
  switch (spec.input) {
    case 'checkboxes':
      return values.filter((v) => v !== '');
    case 'checkbox':
      return values.includes('on') || values.includes('true');
    case 'codes':
      return text === '' ? [] : text.split(/[\s,;]+/).map((c) => c.toUpperCase());
    case 'sources':
      return lines(text).map((l) => {
        const [source, section, row, note] = parts(l);
        return compact({ source, section, row, note });
      });
    case 'funding':
      return lines(text).map((l) => {
        const [kind, funder, programme, note] = parts(l);
        return compact({ kind, funder, programme, note });
      });
    case 'relations':
      return lines(text).map((l) => {
        const [kind, target] = parts(l);
        return compact({ kind, target });
      });
    case 'lines':
      return lines(text);
    case 'challenges':
      return lines(text).map((l) => {
        const [barrier, ...note] = parts(l);
        return compact({ barrier: barrier?.toUpperCase(), note: note.join(' | ') });
      });
    case 'places':
      // A note may hold "|"; a page is a number (anything else is kept for the schema to refuse).
      return lines(text).map((l) => {
        const [source, section, page, ...note] = parts(l);
        const p = page !== undefined && /^\d+$/.test(page) ? Number(page) : page;
        return compact({ source, section, page: p, note: note.join(' | ') });
      });
    case 'inferred':
      // A reason may hold "|"; only the first part names the field.
      return lines(text).map((l) => {
        const [field, ...reason] = parts(l);
        return compact({ field, reason: reason.join(' | ') });
      });
    case 'count':
      // An empty cell is null (the printed table left it empty); a number is read as one.
      return text === '' ? null : /^\d+$/.test(text) ? Number(text) : text;
    default:
      if (spec.name === 'homeCountry' || spec.name === 'country')
        return text.toUpperCase() || undefined;
      if (spec.name === 'region' || spec.name === 'submittingRegion')
        return text.toUpperCase() || undefined;
      return text === '' ? undefined : text;
  }
}

/**
 * A record's content from a sent form, on top of `base` (the version edited), so that fields the
 * form does not show (an import's extra columns, the verbatim scope) are kept. An emptied field is
 * removed.
 */
export function contentFromForm(
  entity: ContributedEntity,
  form: SentForm,
  base: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const spec of FORM_FIELDS[entity] ?? []) {
    const value = fieldValue(spec, form[spec.name] ?? []);
    // "counts.industry" is the member industry of the object counts.
    const [name = spec.name, member] = spec.name.split('.');
    let into = out;
    if (member) {
      into = { ...((out[name] as Record<string, unknown> | undefined) ?? {}) };
      out[name] = into;
    }
    const field = member ?? name;
    const empty = Array.isArray(value) && value.length === 0 && OPTIONAL_OBJECTS.has(name);
    if (value === undefined || empty) delete into[field];
    else into[field] = value;
  }
  for (const name of OPTIONAL_OBJECTS) {
    const o = out[name];
    if (o && typeof o === 'object' && Object.keys(o).length === 0) delete out[name];
  }
  return out;
}

type Line = Readonly<Record<string, unknown>>;
const joinLine = (l: Line, keys: readonly string[]) => {
  const ps = keys.map((k) => (l[k] === undefined ? '' : String(l[k])));
  while (ps.length > 1 && ps.at(-1) === '') ps.pop();
  return ps.join(' | ');
};

/** The values a form shows for a record's content: text per field, a list for checkboxes. */
export function formFromContent(
  entity: ContributedEntity,
  content: Readonly<Record<string, unknown>>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const spec of FORM_FIELDS[entity] ?? []) {
    const [name = spec.name, member] = spec.name.split('.');
    const v = member
      ? (content[name] as Record<string, unknown> | undefined)?.[member]
      : content[spec.name];
    const list = Array.isArray(v) ? (v as Line[]) : [];
    switch (spec.input) {
      case 'checkboxes':
        out[spec.name] = list.map(String);
        break;
      case 'checkbox':
        out[spec.name] = v === true ? ['on'] : [];
        break;
      case 'codes':
        out[spec.name] = [list.map(String).join(', ')];
        break;
      case 'sources':
        out[spec.name] = [
          list.map((l) => joinLine(l, ['source', 'section', 'row', 'note'])).join('\n'),
        ];
        break;
      case 'funding':
        out[spec.name] = [
          list.map((l) => joinLine(l, ['kind', 'funder', 'programme', 'note'])).join('\n'),
        ];
        break;
      case 'relations':
        out[spec.name] = [list.map((l) => joinLine(l, ['kind', 'target'])).join('\n')];
        break;
      case 'lines':
        out[spec.name] = [list.map(String).join('\n')];
        break;
      case 'challenges':
        out[spec.name] = [list.map((l) => joinLine(l, ['barrier', 'note'])).join('\n')];
        break;
      case 'inferred':
        out[spec.name] = [list.map((l) => joinLine(l, ['field', 'reason'])).join('\n')];
        break;
      case 'places':
        out[spec.name] = [
          list.map((l) => joinLine(l, ['source', 'section', 'page', 'note'])).join('\n'),
        ];
        break;
      default:
        out[spec.name] = v === undefined || v === null ? [] : [String(v)];
    }
  }
  return out;
}

const MEMBER_FIELDS: ReadonlySet<string> = new Set(
  Object.values(FORM_FIELDS).flatMap((specs) =>
    (specs ?? []).map((s) => s.name).filter((n) => n.includes('.')),
  ),
);

/**
 * The form field a problem belongs to: "sources.0.source" is the sources field,
 * "quote.printedIn.0.page" the field of the quotation's places.
 */
export const problemField = (field: string): string => {
  const [first = field, second] = field.split('.');
  const member = `${first}.${second}`;
  return MEMBER_FIELDS.has(member) ? member : first;
};
