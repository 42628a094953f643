import { FUNDING_KINDS, RELATION_KINDS } from '../../domain/codes.ts';
import type { InitiativeColumn } from '../../domain/columns.ts';
import { ISO_639_1, languageOfTag } from '../../domain/languages.ts';
import { ownValue } from '../../domain/own.ts';
import { Funding, Inference, Relation, SourceRef, WebLink } from '../../domain/schemas.ts';
import { parseScopeText } from '../../domain/scope-text.ts';
import type { FieldCell, RowDraft } from './draft.ts';
import { joinBrokenLinks } from './split-links.ts';
import { fold, parseAsOf, parseJsonArray, slugify, splitList } from './text.ts';
import {
  classifyFunder,
  DOMAIN_WORDS,
  NON_VALUE,
  SCOPE_WORDS,
  STATUS_WORDS,
  THEME_WORDS,
  TYPE_WORDS,
} from './vocabulary.ts';

/**
 * The field rules of an import, one a field: how its cell text is read into the candidate record,
 * what is listed as changed, and what is flagged (kept as an extra field, or blocking the row).
 * `normaliseRow` applies them in this order, which matters where a rule reads what an earlier
 * one set (the website reads website_missing, scopes scope_verbatim, status status_note).
 */

/** How one field of a row is read. */
export interface FieldRule {
  readonly field: InitiativeColumn;
  /** Reads the field's text into the draft. */
  read(cell: FieldCell, draft: RowDraft): void;
  /** What the row not giving the field means (nothing, unless the rule says). */
  empty?(draft: RowDraft): void;
}

/** A required field's flag when a row leaves it empty. */
function required(field: InitiativeColumn, problem: string): (draft: RowDraft) => void {
  return (draft) => draft.absent(field, problem);
}

/** Free text stored as written, refused (blocking) when longer than `max`; `tidy` may rework it. */
function text(
  field: InitiativeColumn,
  key: string,
  max: number,
  tidy?: (value: string, draft: RowDraft) => string,
): FieldRule {
  return {
    field,
    read(cell, draft) {
      if (cell.text.length > max) {
        draft.block(
          field,
          `${cell.text.slice(0, 60)}…`,
          `is ${cell.text.length} characters long, more than ${max}; shorten it in the file`,
        );
      } else draft.candidate[key] = tidy ? tidy(cell.text, draft) : cell.text;
    },
  };
}

/** How a one-value field that reads as a code fares when its text is not one. */
interface Unknown {
  /** Blocking: the row waits for a fix; otherwise the text is kept as an extra field. */
  readonly blocking: boolean;
  readonly problem: (text: string) => string;
}

/** A field whose whole text reads as one code (or date), by `find`; `rule` names the change. */
function single(
  field: InitiativeColumn,
  key: string,
  find: (text: string, draft: RowDraft) => string | undefined,
  rule: string,
  unknown: Unknown,
  empty?: (draft: RowDraft) => void,
): FieldRule {
  return {
    field,
    read(cell, draft) {
      const found = find(cell.text, draft);
      if (found) {
        draft.candidate[key] = found;
        draft.change(field, cell.text, found, rule);
      } else if (unknown.blocking) draft.block(field, cell.text, unknown.problem(cell.text));
      else draft.keep(cell.header, field, cell.text, unknown.problem(cell.text));
    },
    ...(empty ? { empty } : {}),
  };
}

/** A required field with a closed list of codes, read from labels and spellings by `words`. */
function code(field: InitiativeColumn, key: string, words: ReadonlyMap<string, string>): FieldRule {
  const codes = [...new Set(words.values())].join(', ');
  return single(
    field,
    key,
    (t, draft) => draft.userValue(field, t) ?? words.get(fold(t)),
    'label read as its code',
    {
      blocking: true,
      problem: (t) =>
        `is not a known ${field}; map it with --value "${field}:${t}=CODE" (codes: ${codes})`,
    },
    required(field, `is empty; add a ${field} column, or give --default ${field}=CODE`),
  );
}

/** A list cell read part by part into codes; parts it cannot read are kept as extra text. */
function list(
  field: InitiativeColumn,
  key: string,
  find: (part: string, draft: RowDraft) => string | undefined,
  rule: string,
  problem: string,
): FieldRule {
  return {
    field,
    read(cell, draft) {
      const codes: string[] = [];
      for (const part of splitList(cell.text)) {
        const found = find(part, draft);
        if (found) {
          codes.push(found);
          draft.change(field, part, found, rule);
        } else draft.keep(cell.header, field, part, problem);
      }
      draft.candidate[key] = codes;
    },
  };
}

let languageNames: Map<string, string> | undefined;

/** Every ISO 639-1 language by its English name and by its own name ("Catalan", "Català"), folded. */
function namesOfLanguages(): Map<string, string> {
  if (languageNames) return languageNames;
  languageNames = new Map();
  const english = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  for (const code of ISO_639_1) {
    const own = new Intl.DisplayNames([code], { type: 'language', fallback: 'none' });
    for (const name of [english.of(code), own.of(code)])
      if (name && !languageNames.has(fold(name))) languageNames.set(fold(name), code);
  }
  return languageNames;
}

/** A language by its code or tag ("ca", "ca-ES") or by its name in English or in itself. */
function readLanguage(text: string, draft: RowDraft): string | undefined {
  return (
    draft.userValue('language', text) ?? languageOfTag(text) ?? namesOfLanguages().get(fold(text))
  );
}

/** A region by code or name in the atlas (any level); --value maps it as a region too. */
function regionCode(text: string, draft: RowDraft): string | undefined {
  return draft.userValue('regions', text) ?? draft.ctx.regions.get(fold(text));
}

const NOT_A_REGION = 'is not a region in the atlas; kept as an extra field';

/** The field rules in the order they are applied. */
export const FIELD_RULES: readonly FieldRule[] = [
  {
    field: 'name',
    read: readName,
    empty: required('name', 'is empty; every initiative needs a name'),
  },
  text('slug', 'slug', 120, (slug, draft) => {
    if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) return slug;
    const safe = slugify(slug);
    draft.change('slug', slug, safe, 'made URL-safe');
    return safe;
  }),
  text('acronym', 'acronym', 60),
  text('native_name', 'nativeName', 500),
  text('summary', 'summary', 5000),
  text('objectives', 'objectives', 5000),
  single('language', 'language', readLanguage, 'language read as its ISO 639-1 code', {
    blocking: true,
    problem: () =>
      'is not a language the atlas knows; use an ISO 639-1 code such as en, ca or de, or leave it empty to detect it',
  }),
  text('status_note', 'statusNote', 1000),
  text('scope_verbatim', 'scopeVerbatim', 2000),
  text('website_missing', 'websiteMissing', 200),
  text('notes', 'notes', 2000),
  { field: 'website', read: readWebsite },
  single(
    'home_country',
    'homeCountry',
    (t, draft) => draft.userValue('home_country', t) ?? draft.ctx.countries.get(fold(t)),
    'country name read as its code',
    {
      blocking: true,
      problem: () =>
        'is not a country in the atlas; use a code such as SE or a name such as Sweden, or map it with --value',
    },
  ),
  list('regions', 'regions', regionCode, 'region name read as its code', NOT_A_REGION),
  single('submitting_region', 'submittingRegion', regionCode, 'region name read as its code', {
    blocking: false,
    problem: () => NOT_A_REGION,
  }),
  {
    field: 'scopes',
    read: readScopes,
    empty: required('scopes', 'is empty; add a scope column, or give --default scopes=national'),
  },
  {
    field: 'status',
    read: readStatus,
    empty: required('status', 'is empty; add a status column, or give --default status=ongoing'),
  },
  single(
    'status_as_of',
    'statusAsOf',
    parseAsOf,
    'date written as YYYY-MM',
    { blocking: false, problem: () => 'is not a month such as 2025-01; kept as an extra field' },
    (draft) => {
      // A date in the status column's header ("Status (Jan-2025)") dates every row's status.
      if (draft.rules.statusAsOf && draft.candidate.status) {
        draft.candidate.statusAsOf = draft.rules.statusAsOf;
        draft.noted(
          'status_as_of',
          '',
          draft.rules.statusAsOf,
          'date taken from the status column header',
        );
      }
    },
  ),
  code('domain', 'domain', DOMAIN_WORDS),
  code('type', 'type', TYPE_WORDS),
  list(
    'themes',
    'themes',
    (part, draft) => draft.userValue('themes', part) ?? THEME_WORDS.get(fold(part)),
    'label read as its code',
    'is not a known theme; kept as an extra field',
  ),
  { field: 'funding', read: readFunding },
  { field: 'relations', read: readRelations },
  { field: 'sources', read: readSources },
  { field: 'inferred', read: readInferred },
];

/**
 * Name, with an acronym in brackets split out when the file has no acronym column at all (a file
 * with one says where acronyms go, even when a row leaves it empty).
 */
function readName(cell: FieldCell, draft: RowDraft): void {
  const c = draft.candidate;
  const collapsed = cell.text.replace(/\s+/g, ' ');
  draft.change('name', cell.text, collapsed, 'line breaks and repeated spaces joined');
  const hasAcronymColumn = [...draft.rules.mapping.values()].includes('acronym');
  const m =
    /^(.+?)\s*\(([^()]{2,20})\)$/.exec(collapsed) ?? /^([^()]{2,20}?)\s*\((.+)\)$/.exec(collapsed);
  const isAcronym = (s: string) =>
    /^[\p{Lu}\p{N}][\p{Lu}\p{N}\-&+.]{1,19}$/u.test(s.replace(/\s/g, ''));
  if (!hasAcronymColumn && m?.[1] && m[2] && isAcronym(m[2]) !== isAcronym(m[1])) {
    const [long, short] = isAcronym(m[2]) ? [m[1], m[2]] : [m[2], m[1]];
    c.name = long.trim();
    c.acronym = short.trim();
    draft.change(
      'name',
      collapsed,
      c.name as string,
      `acronym "${c.acronym}" split out of the name`,
    );
  } else c.name = collapsed;
  if ((c.name as string).length > 500)
    draft.block('name', collapsed, 'is longer than 500 characters; is this the summary column?');
}

/**
 * Website: non-values become the reason there is no link; bare host names get https://; a link
 * that a line break cut in two (as a PDF's column does) is put back together.
 */
function readWebsite(cell: FieldCell, draft: RowDraft): void {
  const c = draft.candidate;
  const whole = joinBrokenLinks(cell.text);
  draft.change('website', cell.text, whole, 'a link broken over two lines joined');
  const [first, ...more] = whole.split(/\s*[;\n]\s*|\s+(?=https?:\/\/)/).filter(Boolean);
  const text = first ?? '';
  if (NON_VALUE.test(text) && more.length === 0) {
    draft.change('website', text, '', 'not a link: kept as the reason there is no website');
    if (c.websiteMissing === undefined) c.websiteMissing = text;
  } else {
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
    if (WebLink.safeParse(withScheme).success && /\./.test(withScheme)) {
      c.website = withScheme;
      draft.change('website', text, withScheme, 'https:// added');
    } else if (c.websiteMissing === undefined && text.length <= 200) {
      c.websiteMissing = text;
      draft.kept('website', text, 'is not a web address; kept as the reason there is no website');
    } else draft.keep(cell.header, 'website', text, 'is not a web address; kept as an extra field');
    for (const m of more)
      draft.keep(
        cell.header,
        'website',
        m,
        'is a second link; only one is stored, the rest is kept as an extra field',
      );
  }
  if (c.website && c.websiteMissing) {
    draft.keep(
      'website_missing',
      'website_missing',
      c.websiteMissing as string,
      'given with a link; kept as an extra field',
    );
    delete c.websiteMissing;
  }
}

/** Scopes: a list of scope words; anything else is read where plain and kept verbatim. */
function readScopes(cell: FieldCell, draft: RowDraft): void {
  const translated = cell.text
    .split(/([;,/])/)
    .map((p) => ownValue(SCOPE_WORDS, fold(p)) ?? p)
    .join('')
    .replace(/\//g, ';');
  const parsed = parseScopeText(translated.replace(/[;,]\s*$/, ''));
  const problems = parsed.problems.join('; ');
  if (parsed.scopes.length === 0) {
    draft.block(
      'scopes',
      cell.text,
      `${problems}; use local, regional, national, european or international`,
    );
    return;
  }
  draft.candidate.scopes = parsed.scopes;
  const canonical = parsed.scopes.join('; ');
  draft.change(
    'scopes',
    cell.text,
    canonical,
    parsed.problems.length > 0 ? `read as ${canonical} (${problems})` : 'scope words read as codes',
  );
  if (fold(cell.text) !== fold(canonical) && draft.candidate.scopeVerbatim === undefined)
    draft.candidate.scopeVerbatim = cell.text;
  if (parsed.problems.length > 0)
    draft.kept('scopes', cell.text, `${problems}; the text is kept as the scope as written`);
}

/** Status, with "Ongoing (until 2027)"-style notes split off into the status note. */
function readStatus(cell: FieldCell, draft: RowDraft): void {
  const bracket = /^(.*?)\s*\((.+)\)$/.exec(cell.text);
  const found =
    draft.userValue('status', cell.text) ??
    STATUS_WORDS.get(fold(cell.text)) ??
    (bracket?.[1] ? STATUS_WORDS.get(fold(bracket[1])) : undefined);
  if (!found) {
    draft.block(
      'status',
      cell.text,
      `is not a known status; map it with --value "status:${cell.text}=CODE" (codes: planned, ongoing, closed, permanent)`,
    );
    return;
  }
  draft.candidate.status = found;
  draft.change('status', cell.text, found, 'label read as its code');
  if (
    !STATUS_WORDS.get(fold(cell.text)) &&
    bracket?.[2] &&
    draft.candidate.statusNote === undefined
  )
    draft.candidate.statusNote = bracket[2];
}

/** Funding: the JSON an export writes, or funder names whose kind their name tells. */
function readFunding(cell: FieldCell, draft: RowDraft): void {
  const parsed = parseJsonArray(cell.text, Funding);
  if (parsed) {
    draft.candidate.funding = parsed;
    return;
  }
  const funding: { funder: string; kind: string }[] = [];
  for (const funder of splitList(cell.text)) {
    const kind = draft.userValue('funding', funder) ?? classifyFunder(funder);
    if (kind && FUNDING_KINDS.some((k) => k.code === kind)) {
      funding.push({ funder, kind });
      draft.change('funding', funder, `${funder} [${kind}]`, 'kind of funder read from its name');
    } else
      draft.keep(
        cell.header,
        'funding',
        funder,
        `the kind of funder is not clear from its name; kept as an extra field (map it with --value "funding:${funder}=KIND")`,
      );
  }
  draft.candidate.funding = funding;
}

/** Relations: objects in a JSON export, "kind:target" items in a spreadsheet. */
function readRelations(cell: FieldCell, draft: RowDraft): void {
  const relations: { kind: string; target: string }[] = [];
  const asJson = parseJsonArray(cell.text, Relation);
  if (asJson) relations.push(...asJson);
  for (const part of asJson ? [] : splitList(cell.text)) {
    const m = /^([a-z_]+):([a-z0-9-]+)$/.exec(part);
    if (m?.[1] && m[2] && RELATION_KINDS.some((k) => k.code === m[1]))
      relations.push({ kind: m[1], target: m[2] });
    else
      draft.keep(
        cell.header,
        'relations',
        part,
        'is not a relation such as part_of:other-slug; kept as an extra field',
      );
  }
  draft.candidate.relations = relations;
}

/** Sources: the JSON list an export writes, of sources the atlas has. */
function readSources(cell: FieldCell, draft: RowDraft): void {
  const parsed = parseJsonArray(cell.text, SourceRef);
  const unknown = parsed?.filter((s) => !draft.ctx.sources.has(s.source)) ?? [];
  if (parsed && unknown.length === 0) draft.candidate.sources = parsed;
  else
    draft.keep(
      cell.header,
      'sources',
      cell.text,
      parsed
        ? `names sources the atlas does not have (${unknown.map((s) => s.source).join(', ')}); kept as an extra field`
        : 'is not a list of source references; kept as an extra field',
    );
}

/** The values the curators inferred: the JSON list an export writes, each field once with its reason. */
function readInferred(cell: FieldCell, draft: RowDraft): void {
  const parsed = parseJsonArray(cell.text, Inference);
  const fields = parsed?.map((m) => m.field) ?? [];
  if (parsed && new Set(fields).size === fields.length) draft.candidate.inferred = parsed;
  else
    draft.keep(
      cell.header,
      'inferred',
      cell.text,
      'is not a list of {field, reason} naming each field once; kept as an extra field',
    );
}
