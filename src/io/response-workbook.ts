/**
 * A region's response as an XLSX workbook, for filling in offline: an "About" sheet that says
 * which campaign, region and questionnaire version it belongs to, then one sheet per section with
 * one row per item. Row 1 holds the questions' labels for people, row 2 their keys for the
 * import, which reads columns by key, so a column moved or a label reworded still reads.
 *
 * The import only parses and converts: the caller runs checkResponse on what it gives. It never
 * throws on a bad file; whatever it cannot read comes back as a problem that says what to do.
 */
import ExcelJS from 'exceljs';
import { BARRIERS, type CodeEntry } from '../domain/codes.ts';
import {
  type AnswerValue,
  CARRY_STATES,
  type CarryState,
  OTHER_BARRIER,
  QUESTION_CODE_LISTS,
  type Question,
  type Questionnaire,
  type ResponseAnswers,
  type ResponseItem,
  type Section,
  textIn,
} from '../domain/questionnaires.ts';
import { encodeXlsxText } from './xlsx-text.ts';
import { fixZipTimes, zipEntries } from './zip-entries.ts';

export interface WorkbookContext {
  campaignSlug: string;
  campaignTitle: string;
  region: string;
  regionName: string;
  questionnaire: Questionnaire;
  /** 'en' | 'es' | 'de' */
  lang: string;
  closesAt?: string;
}

export interface WorkbookProblem {
  sheet: string;
  cell?: string;
  message: string;
}

export interface WorkbookRead {
  answers: ResponseAnswers;
  problems: WorkbookProblem[];
}

/** The workbook's texts in the interface languages. */
const WORDS = {
  en: {
    about: 'About',
    campaign: 'Campaign',
    region: 'Region',
    questionnaire: 'Questionnaire',
    version: 'Version',
    language: 'Language',
    closes: 'Closes',
    instructions: 'Instructions',
    howTo:
      'Fill in one sheet per section, one row per item, from row 3 down. Columns marked * are required. Choose from the list where a cell offers one; give several choices separated by ";". Dates as YYYY-MM or YYYY-MM-DD. Do not change row 2 (the question keys) or the codes in column C of this sheet. Upload the saved file on the campaign page.',
    ids: 'Codes (do not change)',
    ref: 'Atlas record',
    carry: 'This round (new, unchanged, changed, closed)',
    notPublished: 'not published',
    yes: 'Yes',
    no: 'No',
    other: 'Other',
    oneOf: 'Choose one of',
    someOf: 'Choose one or more, separated by ";", of',
  },
  es: {
    about: 'Acerca de',
    campaign: 'Campaña',
    region: 'Región',
    questionnaire: 'Cuestionario',
    version: 'Versión',
    language: 'Idioma',
    closes: 'Cierra',
    instructions: 'Instrucciones',
    howTo:
      'Rellene una hoja por sección, una fila por elemento, a partir de la fila 3. Las columnas con * son obligatorias. Elija de la lista cuando la celda ofrezca una; separe varias opciones con ";". Fechas como AAAA-MM o AAAA-MM-DD. No cambie la fila 2 (las claves de las preguntas) ni los códigos de la columna C de esta hoja. Suba el archivo guardado en la página de la campaña.',
    ids: 'Códigos (no cambiar)',
    ref: 'Registro del atlas',
    carry: 'Esta ronda (new, unchanged, changed, closed)',
    notPublished: 'no se publica',
    yes: 'Sí',
    no: 'No',
    other: 'Otro',
    oneOf: 'Elija una de',
    someOf: 'Elija una o varias, separadas por ";", de',
  },
  de: {
    about: 'Info',
    campaign: 'Kampagne',
    region: 'Region',
    questionnaire: 'Fragebogen',
    version: 'Version',
    language: 'Sprache',
    closes: 'Schließt',
    instructions: 'Hinweise',
    howTo:
      'Füllen Sie je Abschnitt ein Blatt aus, je Eintrag eine Zeile, ab Zeile 3. Mit * markierte Spalten sind Pflicht. Wählen Sie aus der Liste, wo eine Zelle sie anbietet; mehrere Angaben mit ";" trennen. Daten als JJJJ-MM oder JJJJ-MM-TT. Ändern Sie Zeile 2 (die Schlüssel der Fragen) und die Codes in Spalte C dieses Blatts nicht. Laden Sie die gespeicherte Datei auf der Seite der Kampagne hoch.',
    ids: 'Codes (nicht ändern)',
    ref: 'Atlas-Eintrag',
    carry: 'Diese Runde (new, unchanged, changed, closed)',
    notPublished: 'wird nicht veröffentlicht',
    yes: 'Ja',
    no: 'Nein',
    other: 'Andere',
    oneOf: 'Wählen Sie eines von',
    someOf: 'Wählen Sie eines oder mehrere, mit ";" getrennt, von',
  },
} as const;
type Words = (typeof WORDS)[keyof typeof WORDS];
const words = (lang: string): Words => WORDS[lang as keyof typeof WORDS] ?? WORDS.en;

/** The fixed cells of the About sheet that identify the workbook, each also a defined name. */
const IDENTITY = {
  campaign: { cell: 'C3', name: 'atlas_campaign' },
  region: { cell: 'C4', name: 'atlas_region' },
  questionnaire: { cell: 'C5', name: 'atlas_questionnaire' },
  version: { cell: 'C6', name: 'atlas_version' },
  language: { cell: 'C7', name: 'atlas_language' },
} as const;
type IdentityKey = keyof typeof IDENTITY;

/** The first row of items on a section's sheet (row 1: labels, row 2: keys). */
const FIRST_ROW = 3;
/** How many rows of a repeated section get the drop-down lists and formats. */
const FORMATTED_ROWS = 500;
/** The workbook's created and modified date: fixed, so the same response gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));
/** The largest workbook the import opens, packed and unpacked. */
const MAX_BYTES = 20 * 1024 * 1024;
const MAX_INFLATED = 200 * 1024 * 1024;

/** The code list a question chooses from, with "Other" for a barrier question. */
function optionsOf(q: Question, w: Words): readonly CodeEntry[] {
  if (q.type === 'barrier') return [...BARRIERS, { code: OTHER_BARRIER, label: w.other }];
  if (q.type === 'choice' || q.type === 'choices') return QUESTION_CODE_LISTS[q.codes ?? ''] ?? [];
  return [];
}

/** A sheet name Excel accepts (≤ 31 characters, none of []:*?/\), unique among `taken`. */
export function safeSheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim() || 'Sheet';
  let name = base.slice(0, 31).trim();
  for (let n = 2; taken.has(name.toLowerCase()) || name.toLowerCase() === 'history'; n++) {
    const suffix = ` (${n})`;
    name = `${base.slice(0, 31 - suffix.length).trim()}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** The sheet names of a questionnaire's sections in a language, by section key; About first. */
function sheetNames(
  qn: Questionnaire,
  lang: string,
): { about: string; sections: Map<string, string> } {
  const taken = new Set<string>(['lists']);
  const about = safeSheetName(words(lang).about, taken);
  const sections = new Map(
    qn.sections.map((s) => [s.key, safeSheetName(textIn(s.title, lang), taken)]),
  );
  return { about, sections };
}

/** One column of a section's sheet: a question, or the item's ref or carry. */
type Column = { key: string; label: string; question?: Question };

function columnsOf(s: Section, lang: string): Column[] {
  const w = words(lang);
  const cols: Column[] = s.repeat
    ? [
        { key: 'ref', label: w.ref },
        { key: 'carry', label: w.carry },
      ]
    : [];
  for (const q of s.questions) {
    const marks = `${q.required ? ' *' : ''}${q.private ? ` (${w.notPublished})` : ''}`;
    cols.push({ key: q.key, label: `${textIn(q.label, lang)}${marks}`, question: q });
  }
  return cols;
}

function widthOf(c: Column): number {
  switch (c.question?.type) {
    case undefined:
      return c.key === 'ref' ? 18 : 14;
    case 'long_text':
      return 60;
    case 'text':
    case 'url':
    case 'choices':
      return 36;
    case 'choice':
    case 'barrier':
      return 40;
    default:
      return Math.min(30, Math.max(12, c.label.length / 2));
  }
}

/** A cell's value for an answer: labels for codes, Yes/No, numbers as numbers, text escaped. */
function cellValue(q: Question, v: AnswerValue | undefined, w: Words): ExcelJS.CellValue {
  if (v === undefined || v === null || v === '') return null;
  const label = (code: string) => optionsOf(q, w).find((o) => o.code === code)?.label ?? code;
  if (Array.isArray(v)) return v.length ? encodeXlsxText(v.map(label).join('; ')) : null;
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (typeof v === 'number') return v;
  if (q.type === 'choice' || q.type === 'barrier') return encodeXlsxText(label(v));
  return encodeXlsxText(v);
}

/** A list validation's formula: inline where Excel's 255 characters hold it, else the Lists sheet. */
class Lists {
  private readonly columns = new Map<string, readonly string[]>();

  formula(id: string, labels: readonly string[]): string {
    const inline = `"${labels.join(',')}"`;
    if (inline.length <= 255 && !labels.some((l) => /[,"]/.test(l))) return inline;
    if (!this.columns.has(id)) this.columns.set(id, labels);
    const letter = columnLetter([...this.columns.keys()].indexOf(id) + 1);
    return `Lists!$${letter}$2:$${letter}$${labels.length + 1}`;
  }

  /** The hidden sheet of the lists too long to give inline, after every other sheet. */
  write(wb: ExcelJS.Workbook): void {
    if (this.columns.size === 0) return;
    const sheet = wb.addWorksheet('Lists', { state: 'hidden' });
    [...this.columns].forEach(([id, labels], i) => {
      sheet.getColumn(i + 1).values = [id, ...labels];
    });
  }
}

/** A column's letters from its number (1 = A). */
function columnLetter(n: number): string {
  let out = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
    out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

/** A sheet's data validations by range, which ExcelJS has but does not declare. */
const validations = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;

/** The drop-down, note and format of one column over the item rows. */
function formatColumn(
  sheet: ExcelJS.Worksheet,
  col: Column,
  index: number,
  rows: number,
  ctx: { w: Words; lists: Lists; lang: string },
): void {
  const column = sheet.getColumn(index);
  column.width = widthOf(col);
  const q = col.question;
  const wrap = !q || ['text', 'long_text', 'url', 'choices'].includes(q.type);
  column.alignment = { vertical: 'top', wrapText: wrap };
  if (q?.type === 'date') column.numFmt = '@';
  const range = `${column.letter}${FIRST_ROW}:${column.letter}${FIRST_ROW + rows - 1}`;
  const list = (id: string, labels: readonly string[]) =>
    validations(sheet).add(range, {
      type: 'list',
      allowBlank: true,
      showErrorMessage: true,
      formulae: [ctx.lists.formula(id, labels)],
    });
  if (!q) {
    if (col.key === 'carry') list('carry', CARRY_STATES);
    return;
  }
  const options = optionsOf(q, ctx.w);
  if (q.type === 'choice' || q.type === 'barrier')
    list(
      q.type === 'barrier' ? 'barriers' : (q.codes ?? q.key),
      options.map((o) => o.label),
    );
  if (q.type === 'yes_no') list(`yes_no`, [ctx.w.yes, ctx.w.no]);
  if (q.type === 'count')
    validations(sheet).add(range, {
      type: 'whole',
      operator: 'greaterThanOrEqual',
      allowBlank: true,
      showErrorMessage: true,
      formulae: [0],
    });
  const help = [
    q.help ? textIn(q.help, ctx.lang) : '',
    q.type === 'choices' ? `${ctx.w.someOf}: ${options.map((o) => o.label).join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  if (help) sheet.getCell(1, index).note = help;
}

/** One section's sheet: labels, keys, then one row per item. */
function writeSection(
  wb: ExcelJS.Workbook,
  name: string,
  s: Section,
  items: readonly ResponseItem[],
  ctx: { w: Words; lists: Lists; lang: string },
): void {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  const cols = columnsOf(s, ctx.lang);
  const labels = sheet.getRow(1);
  labels.values = cols.map((c) => c.label);
  labels.font = { bold: true };
  labels.alignment = { vertical: 'top', wrapText: true };
  const keys = sheet.getRow(2);
  keys.values = cols.map((c) => c.key);
  keys.font = { size: 8, color: { argb: 'FF808080' } };
  keys.height = 11;
  const rows = s.repeat ? Math.max(FORMATTED_ROWS, items.length + 100) : 1;
  for (const [i, c] of cols.entries()) formatColumn(sheet, c, i + 1, rows, ctx);
  const shown = s.repeat ? items : items.slice(0, 1);
  shown.forEach((item, n) => {
    const row = sheet.getRow(FIRST_ROW + n);
    cols.forEach((c, i) => {
      const v = c.question
        ? cellValue(c.question, item.answers[c.key], ctx.w)
        : ((c.key === 'ref' ? item.ref : item.carry) ?? null);
      if (v !== null) row.getCell(i + 1).value = v;
    });
  });
}

/** The About sheet: what the workbook is for, and the codes the import checks. */
function writeAbout(wb: ExcelJS.Workbook, name: string, ctx: WorkbookContext): void {
  const w = words(ctx.lang);
  const qn = ctx.questionnaire;
  const sheet = wb.addWorksheet(name);
  sheet.getColumn(1).width = 18;
  sheet.getColumn(2).width = 80;
  sheet.getColumn(3).width = 28;
  sheet.getColumn(2).alignment = { vertical: 'top', wrapText: true };
  const title = sheet.getCell('A1');
  title.value = encodeXlsxText(textIn(qn.title, ctx.lang));
  title.font = { bold: true, size: 14 };
  sheet.getCell('C2').value = w.ids;
  const lines: [string, string, IdentityKey | undefined, string | number | undefined][] = [
    [w.campaign, ctx.campaignTitle, 'campaign', ctx.campaignSlug],
    [w.region, ctx.regionName, 'region', ctx.region],
    [w.questionnaire, textIn(qn.title, ctx.lang), 'questionnaire', qn.slug],
    [w.version, String(qn.version), 'version', qn.version],
    [w.language, ctx.lang, 'language', ctx.lang],
    [w.closes, ctx.closesAt ?? '', undefined, undefined],
    [w.instructions, textIn(qn.instructions, ctx.lang), undefined, undefined],
    ['', w.howTo, undefined, undefined],
  ];
  lines.forEach(([label, text, id, code], i) => {
    const row = sheet.getRow(3 + i);
    row.getCell(1).value = label;
    row.getCell(1).font = { bold: true };
    row.getCell(1).alignment = { vertical: 'top' };
    if (text) row.getCell(2).value = encodeXlsxText(text);
    if (id && code !== undefined) {
      const cell = sheet.getCell(IDENTITY[id].cell);
      cell.value = code;
      cell.font = { color: { argb: 'FF808080' } };
      wb.definedNames.add(`'${name}'!$${cell.address.replace(/(\d+)/, '$$$1')}`, IDENTITY[id].name);
    }
  });
  sheet.getCell('C2').font = { italic: true, color: { argb: 'FF808080' } };
}

/** A workbook whose dates are fixed, so that the same content gives the same bytes. */
function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'PerMed Atlas';
  wb.lastModifiedBy = 'PerMed Atlas';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return wb;
}

/**
 * The response of a region as a workbook to fill in offline. The same context and answers give
 * the same bytes: the workbook's dates and its zip entries' times are fixed.
 */
export async function writeResponseWorkbook(
  ctx: WorkbookContext,
  answers: ResponseAnswers,
): Promise<Buffer> {
  const wb = newWorkbook();
  const qn = ctx.questionnaire;
  const names = sheetNames(qn, ctx.lang);
  writeAbout(wb, names.about, ctx);
  const lists = new Lists();
  const w = words(ctx.lang);
  for (const s of qn.sections)
    writeSection(wb, names.sections.get(s.key) ?? s.key, s, answers[s.key] ?? [], {
      w,
      lists,
      lang: ctx.lang,
    });
  lists.write(wb);
  const data = Buffer.from(await wb.xlsx.writeBuffer());
  return fixZipTimes(data);
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * The text of a cell as the spreadsheet shows it: rich text joined, formulas by their result.
 * ExcelJS's whole-workbook reader has already turned _xHHHH_ back into the character it names
 * (unlike its streaming reader, which table-xlsx.ts reads with): decoding again would turn a
 * literal "_x000D_" someone typed into a carriage return.
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoDay(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as { result?: ExcelJS.CellValue }).result);
  return '';
}

/** A date cell's day; Excel's dates carry no zone, ExcelJS reads them as UTC. */
const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** A cell's value with formulas replaced by their results. */
function plain(value: ExcelJS.CellValue): ExcelJS.CellValue {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    if ('formula' in value || 'sharedFormula' in value)
      return (value as { result?: ExcelJS.CellValue }).result ?? null;
  }
  return value;
}

const fold = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

const YES = new Set(['yes', 'y', 'true', '1', 'sí', 'si', 'ja', 'x']);
const NO = new Set(['no', 'n', 'false', '0', 'nein']);

/** A code of the question's options from a label or a code, case aside; undefined when unknown. */
function codeOf(options: readonly CodeEntry[], text: string): string | undefined {
  const t = fold(text);
  const found = options.find((o) => fold(o.code) === t || fold(o.label) === t);
  if (found) return found.code;
  // The label of "Other" in another language than the workbook's.
  if (
    options.some((o) => o.code === OTHER_BARRIER) &&
    ['other', 'otro', 'otra', 'andere', 'sonstige'].includes(t)
  )
    return OTHER_BARRIER;
  return undefined;
}

/** What a list's values are called in a message. */
function listName(q: Question): string {
  if (q.type === 'barrier') return 'a barrier of the codebook';
  return `one of the ${(q.codes ?? 'options').replace(/_/g, ' ')}`;
}

type Converted = { value?: AnswerValue; problem?: string };

/** One cell's answer for its question, or what is wrong with it. */
function convert(q: Question, raw: ExcelJS.CellValue, w: Words): Converted {
  const value = plain(raw);
  const text = cellText(value);
  if (text.trim() === '') return {};
  switch (q.type) {
    case 'count': {
      const n = typeof value === 'number' ? value : Number(text.trim());
      return text.trim() !== '' && Number.isFinite(n)
        ? { value: n }
        : { problem: `"${text}" is not a number; give a whole number, 0 or more` };
    }
    case 'yes_no': {
      if (typeof value === 'boolean') return { value };
      const t = fold(text);
      if (YES.has(t)) return { value: true };
      if (NO.has(t)) return { value: false };
      return { problem: `"${text}" is not yes or no; choose ${w.yes} or ${w.no}` };
    }
    case 'date':
      if (value instanceof Date) return { value: isoDay(value) };
      // A day number (Excel's dates count days from 1899-12-30) for the years 1955 to 2119: a
      // date pasted without its format. A bare year such as 2024 stays as it is.
      if (typeof value === 'number' && value > 20000 && value < 80000 && Number.isInteger(value))
        return { value: isoDay(new Date(Date.UTC(1899, 11, 30) + value * 86400000)) };
      return { value: text.trim() };
    case 'choice':
    case 'barrier': {
      const code = codeOf(optionsOf(q, w), text);
      return code !== undefined
        ? { value: code }
        : { problem: `"${text.trim()}" is not ${listName(q)}; choose one from the cell's list` };
    }
    case 'choices':
      return convertChoices(q, text, w);
    default:
      return { value: text };
  }
}

/** Several codes given as labels or codes separated by ";" (or new lines). */
function convertChoices(q: Question, text: string, w: Words): Converted {
  const options = optionsOf(q, w);
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/[;\n]/).filter((p) => p.trim() !== '')) {
    const code = codeOf(options, part);
    const parts = code !== undefined ? [code] : part.split(',').map((p) => codeOf(options, p));
    if (parts.every((c) => c !== undefined)) {
      for (const c of parts as string[]) if (!codes.includes(c)) codes.push(c);
    } else unknown.push(part.trim());
  }
  if (unknown.length)
    return {
      problem: `${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not ${listName(q)}; give labels from the column's note, separated by ";"`,
    };
  return { value: codes };
}

/** The loaded workbook, or the problem that says why it could not be opened. */
async function loadWorkbook(data: Buffer): Promise<ExcelJS.Workbook | WorkbookProblem> {
  const entries = Buffer.isBuffer(data) ? zipEntries(data) : undefined;
  const refuse = (why: string): WorkbookProblem => ({
    sheet: '',
    message: `${why}; upload the .xlsx workbook downloaded from the campaign page, filled in and saved as Excel workbook (.xlsx)`,
  });
  if (!entries) return refuse('The file is not an Excel workbook (.xlsx)');
  if (data.length > MAX_BYTES) return refuse(`The file is larger than ${MAX_BYTES / 1048576} MB`);
  const inflated = entries.reduce((sum, e) => sum + e.inflated, 0);
  if (inflated > MAX_INFLATED) return refuse('The file unpacks to more than a workbook can hold');
  try {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as unknown as ArrayBuffer);
    return wb;
  } catch (e) {
    return refuse(`The file cannot be read as an Excel workbook (${(e as Error).message})`);
  }
}

/** The value of an identity cell: by its defined name where the workbook kept it, else its cell. */
function identity(wb: ExcelJS.Workbook, about: ExcelJS.Worksheet, key: IdentityKey): string {
  const { cell, name } = IDENTITY[key];
  const range = wb.definedNames.getRanges(name).ranges[0];
  const m = range?.match(/^'?(.+?)'?!\$?([A-Z]+)\$?(\d+)$/);
  const sheet = m ? wb.getWorksheet(m[1]) : undefined;
  const found = m && sheet ? sheet.getCell(`${m[2]}${m[3]}`) : about.getCell(cell);
  return cellText(plain(found.value)).trim();
}

/** Problems that make the workbook another one than expected; empty when it is the right one. */
function identityProblems(
  wb: ExcelJS.Workbook,
  q: Questionnaire,
  expect: { campaignSlug: string; region: string },
): WorkbookProblem[] {
  const about = wb.worksheets[0];
  const get = (k: IdentityKey) => (about ? identity(wb, about, k) : '');
  const fresh = 'download the workbook from the campaign page and fill that in';
  if (!about || !get('campaign') || !get('questionnaire'))
    return [
      {
        sheet: about?.name ?? '',
        message: `This is not a response workbook of the atlas (its first sheet has no campaign and questionnaire codes in column C); ${fresh}`,
      },
    ];
  const sheet = about.name;
  const checks: [IdentityKey, string, string, string][] = [
    ['campaign', expect.campaignSlug, 'campaign', 'the campaign'],
    ['region', expect.region, 'region', 'the region'],
    ['questionnaire', q.slug, 'questionnaire', 'the questionnaire'],
    ['version', String(q.version), 'questionnaire version', 'version'],
  ];
  return checks
    .filter(([k, want]) => get(k) !== want)
    .map(([k, want, what]) => ({
      sheet,
      cell: IDENTITY[k].cell,
      message: `This workbook is for ${what} "${get(k)}", not "${want}"; ${k === 'version' ? 'the questionnaire has changed since it was downloaded, so ' : ''}${fresh}`,
    }));
}

/** The sheet of a section: by its name in the workbook's language, else the one whose keys fit. */
function findSheet(
  wb: ExcelJS.Workbook,
  name: string | undefined,
  s: Section,
): ExcelJS.Worksheet | undefined {
  const byName = name ? wb.getWorksheet(name) : undefined;
  if (byName && keyColumns(byName).size > 0) return byName;
  const want = new Set(s.questions.map((q) => q.key));
  return wb.worksheets.find((sheet) => {
    const keys = [...keyColumns(sheet).keys()].filter((k) => k !== 'ref' && k !== 'carry');
    return keys.length > 0 && keys.length === want.size && keys.every((k) => want.has(k));
  });
}

/** The columns of a sheet by the keys in row 2. */
function keyColumns(sheet: ExcelJS.Worksheet): Map<string, number> {
  const out = new Map<string, number>();
  sheet.getRow(2).eachCell((cell, col) => {
    const key = cellText(plain(cell.value)).trim();
    if (key && !out.has(key)) out.set(key, col);
  });
  return out;
}

/** One row as an item; undefined when the row gives nothing. */
function readRow(
  s: Section,
  row: ExcelJS.Row,
  cols: Map<string, number>,
  ctx: { sheet: string; w: Words; problems: WorkbookProblem[] },
): ResponseItem | undefined {
  const answers: Record<string, AnswerValue> = {};
  let seen = false;
  for (const q of s.questions) {
    const col = cols.get(q.key);
    if (col === undefined) continue;
    const cell = row.getCell(col);
    if (cellText(plain(cell.value)).trim() !== '') seen = true;
    const { value, problem } = convert(q, cell.value, ctx.w);
    if (problem)
      ctx.problems.push({
        sheet: ctx.sheet,
        cell: cell.address,
        message: `${ctx.sheet}!${cell.address}: ${problem}`,
      });
    if (value !== undefined) answers[q.key] = value;
  }
  if (!s.repeat) return seen ? { answers } : undefined;
  const text = (key: string) => {
    const col = cols.get(key);
    return col === undefined ? '' : cellText(plain(row.getCell(col).value)).trim();
  };
  const ref = text('ref');
  if (!seen && !ref) return undefined;
  const carry = text('carry');
  const state = CARRY_STATES.find((c) => c === carry.toLowerCase()) as CarryState | undefined;
  if (carry && !state) {
    const address = row.getCell(cols.get('carry') ?? 1).address;
    ctx.problems.push({
      sheet: ctx.sheet,
      cell: address,
      message: `${ctx.sheet}!${address}: "${carry}" is not one of ${CARRY_STATES.join(', ')}`,
    });
  }
  return { ...(ref && { ref }), ...(state && { carry: state }), answers };
}

/** The items of one section's sheet, with problems for missing or unknown key columns. */
function readSection(
  sheet: ExcelJS.Worksheet,
  s: Section,
  w: Words,
  problems: WorkbookProblem[],
): ResponseItem[] {
  const cols = keyColumns(sheet);
  const known = new Set([...s.questions.map((q) => q.key), ...(s.repeat ? ['ref', 'carry'] : [])]);
  for (const q of s.questions)
    if (!cols.has(q.key))
      problems.push({
        sheet: sheet.name,
        message: `${sheet.name}: there is no column with the key "${q.key}" in row 2, so "${textIn(q.label, 'en')}" was not read; keep row 2 of the downloaded workbook as it is`,
      });
  for (const [key, col] of cols)
    if (!known.has(key))
      problems.push({
        sheet: sheet.name,
        cell: sheet.getRow(2).getCell(col).address,
        message: `${sheet.name}!${sheet.getRow(2).getCell(col).address}: "${key}" is not a question of this section; its column was not read`,
      });
  const items: ResponseItem[] = [];
  const ctx = { sheet: sheet.name, w, problems };
  for (let r = FIRST_ROW; r <= sheet.rowCount; r++) {
    const item = readRow(s, sheet.getRow(r), cols, ctx);
    if (!item) continue;
    if (!s.repeat && items.length === 1) {
      problems.push({
        sheet: sheet.name,
        cell: `A${r}`,
        message: `${sheet.name}!A${r}: this section takes one answer, in row ${FIRST_ROW}; row ${r} was not read`,
      });
      continue;
    }
    items.push(item);
  }
  return items;
}

/**
 * The answers of a filled-in workbook, converted to codes, numbers and yes/no, with every cell
 * that could not be read as a problem naming its sheet and cell. A workbook of another campaign,
 * region or questionnaire version gives no answers, only the problem that says so.
 */
export async function readResponseWorkbook(
  q: Questionnaire,
  data: Buffer,
  expect: { campaignSlug: string; region: string },
): Promise<WorkbookRead> {
  const wb = await loadWorkbook(data);
  if (!(wb instanceof ExcelJS.Workbook)) return { answers: {}, problems: [wb] };
  try {
    const refused = identityProblems(wb, q, expect);
    if (refused.length) return { answers: {}, problems: refused };
    const about = wb.worksheets[0];
    const lang = about ? identity(wb, about, 'language') : 'en';
    const w = words(lang);
    const names = sheetNames(q, lang);
    const answers: ResponseAnswers = {};
    const problems: WorkbookProblem[] = [];
    for (const s of q.sections) {
      const name = names.sections.get(s.key) ?? s.key;
      const sheet = findSheet(wb, name, s);
      if (!sheet) {
        problems.push({
          sheet: name,
          message: `The sheet "${name}" (${textIn(s.title, 'en')}) is missing; copy it back from the downloaded workbook, or download it again`,
        });
        continue;
      }
      const items = readSection(sheet, s, w, problems);
      if (items.length) answers[s.key] = items;
    }
    return { answers, problems };
  } catch (e) {
    return {
      answers: {},
      problems: [
        {
          sheet: '',
          message: `The workbook could not be read (${(e as Error).message}); save it again as .xlsx and upload that`,
        },
      ],
    };
  }
}

/** The headings of the region's name and the response's state in the curators' workbook. */
const LEAD_COLUMNS = {
  en: ['Region name', 'State of the response'],
  es: ['Nombre de la región', 'Estado de la respuesta'],
  de: ['Name der Region', 'Stand der Antwort'],
} as const;

/** Every response of a campaign, as the curators' workbook shows them. */
export interface CampaignWorkbookRow {
  readonly region: string;
  readonly regionName: string;
  readonly state: string;
  readonly answers: ResponseAnswers;
}

/**
 * Every region's response in one workbook for the curators: one sheet per section, one row per
 * item, led by the region, its name and the response's state. Private answers (interview notes)
 * are left out: the file travels. Deterministic like the regions' workbooks.
 */
export async function writeCampaignWorkbook(
  ctx: { campaignSlug: string; campaignTitle: string; questionnaire: Questionnaire; lang: string },
  rows: readonly CampaignWorkbookRow[],
): Promise<Buffer> {
  const wb = newWorkbook();
  const w = words(ctx.lang);
  const names = sheetNames(ctx.questionnaire, ctx.lang);
  for (const s of ctx.questionnaire.sections) {
    const sheet = wb.addWorksheet(names.sections.get(s.key) ?? s.key, {
      views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }],
    });
    const cols = columnsOf(s, ctx.lang).filter((c) => !c.question?.private);
    const [name, state] = LEAD_COLUMNS[ctx.lang as keyof typeof LEAD_COLUMNS] ?? LEAD_COLUMNS.en;
    sheet.getRow(1).values = [w.region, name, state, ...cols.map((c) => c.label)];
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).alignment = { vertical: 'top', wrapText: true };
    cols.forEach((c, i) => {
      sheet.getColumn(i + 4).width = widthOf(c);
    });
    sheet.getColumn(2).width = 28;
    for (const r of rows)
      for (const item of r.answers[s.key] ?? [])
        sheet.addRow([
          r.region,
          encodeXlsxText(r.regionName),
          r.state,
          ...cols.map((c) =>
            c.question
              ? cellValue(c.question, item.answers[c.key], w)
              : ((c.key === 'ref' ? item.ref : item.carry) ?? null),
          ),
        ]);
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length + 3 } };
  }
  return fixZipTimes(Buffer.from(await wb.xlsx.writeBuffer()));
}
