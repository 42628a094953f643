import { pipeline, Transform } from 'node:stream';
import { parser as jsonParser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { AppError } from '../domain/errors.ts';
import {
  countingStream,
  fileError,
  limitError,
  RowBuilder,
  removedControls,
  type Table,
  type TableLimits,
  type TableRow,
  tooManyRows,
  withoutControls,
} from './table-cells.ts';

/**
 * JSON imports: an array of records, or the "initiatives" array of an exported dataset, read as
 * a stream of parser tokens and assembled here rather than by stream-json's assembler, for two
 * reasons: numbers stay the text the file wrote (a float would turn 1e400 into Infinity and drop
 * the digits of a 30-digit code), and nesting is bounded before anything recurses over it.
 */

/** How deep a JSON import may nest: records are flat, an export nests three levels at most. */
export const MAX_JSON_DEPTH = 64;

/** A JSON number as the file writes it. */
class JsonNumber {
  constructor(readonly text: string) {}
}

/** A JSON value with numbers as their text and objects as Maps (no key is special). */
type JsonValue = string | boolean | null | JsonNumber | JsonValue[] | Map<string, JsonValue>;
type JsonContainer = JsonValue[] | Map<string, JsonValue>;

/** A token of stream-json's parser with packed values (no streamed chunks). */
interface Token {
  readonly name: string;
  readonly value?: string;
}

/** The error for a file nested deeper than MAX_JSON_DEPTH. */
function tooDeep(file: string) {
  return limitError(
    file,
    `nests values more than ${MAX_JSON_DEPTH} levels deep, the limit; a record is flat, so this is not a file of records`,
  );
}

/**
 * Stops the read at the first value nested deeper than MAX_JSON_DEPTH, anywhere in the file, for
 * a file whose records are picked out of an object: stream-json's filter would stop at 1024
 * levels with a message about itself. (A plain array goes straight to the assembler, which
 * counts depth itself, saving a stage.)
 */
function depthGuard(file: string): Transform {
  let depth = 0;
  return new Transform({
    objectMode: true,
    transform(token: Token, _enc, callback) {
      if (token.name === 'startObject' || token.name === 'startArray') {
        if (++depth > MAX_JSON_DEPTH) {
          callback(tooDeep(file));
          return;
        }
      } else if (token.name === 'endObject' || token.name === 'endArray') depth--;
      callback(null, token);
    },
  });
}

/**
 * Assembles the elements of the array at the top of the token stream, passing each on when it
 * is whole. Containers are kept on an explicit stack, and one deeper than MAX_JSON_DEPTH (counted
 * from the file's top; `offset` is the depth of the array in the file) stops the read.
 */
function elementAssembler(
  file: string,
  offset: number,
  onKeyCleaned: (key: string, removed: number) => void,
): Transform {
  const stack: JsonContainer[] = [];
  const keys: (string | undefined)[] = [];
  let key: string | undefined;
  const place = (value: JsonValue, push: (v: JsonValue) => void) => {
    const top = stack[stack.length - 1];
    if (stack.length === 1) push(value);
    else if (Array.isArray(top)) top.push(value);
    else top?.set(key as string, value);
  };
  const open = (container: JsonContainer) => {
    if (stack.length === 0 && !Array.isArray(container))
      throw fileError(
        file,
        'is not an array of records: a JSON import must be an array of objects, or an object with an "initiatives" array',
      );
    if (stack.length + offset >= MAX_JSON_DEPTH) throw tooDeep(file);
    stack.push(container);
    keys.push(key);
  };
  const close = (push: (v: JsonValue) => void) => {
    const done = stack.pop() as JsonContainer;
    key = keys.pop();
    if (stack.length > 0) place(done, push);
  };
  return new Transform({
    objectMode: true,
    transform(token: Token, _enc, callback) {
      const push = (v: JsonValue) => this.push({ value: v });
      try {
        switch (token.name) {
          case 'startObject':
            open(new Map());
            break;
          case 'startArray':
            open([]);
            break;
          case 'endObject':
          case 'endArray':
            close(push);
            break;
          case 'keyValue': {
            const clean = withoutControls(token.value ?? '');
            if (clean.removed > 0) onKeyCleaned(clean.text, clean.removed);
            key = clean.text;
            break;
          }
          case 'stringValue':
            place(token.value ?? '', push);
            break;
          case 'numberValue':
            place(new JsonNumber(token.value ?? ''), push);
            break;
          case 'nullValue':
            place(null, push);
            break;
          case 'trueValue':
            place(true, push);
            break;
          case 'falseValue':
            place(false, push);
            break;
        }
        callback();
      } catch (e) {
        callback(e as Error);
      }
    },
  });
}

/** A decimal's value as significant digits and the place of the point, so 1.50 and 1.5 agree. */
function decimalKey(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign, int = '', frac = '', exp = '0'] = m;
  const digits = int + frac;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  const significant = digits.slice(lead).replace(/0+$/, '');
  if (significant === '') return '0';
  return `${sign}${significant}e${int.length - lead + Number(exp)}`;
}

/**
 * Why a JSON number cannot be read as a number without loss, or undefined when it can: beyond
 * the range of a double, a whole number past 2^53, or more digits than a double holds.
 */
export function numberLoss(text: string): string | undefined {
  const n = Number(text);
  // Most numbers are written as JavaScript writes them back: nothing to compare.
  if (String(n) === text && (!Number.isInteger(n) || Number.isSafeInteger(n))) return undefined;
  if (!Number.isFinite(n)) return `is beyond the range of numbers (it would read as ${n})`;
  if (Number.isInteger(n) && !Number.isSafeInteger(n))
    return `is a whole number beyond 2^53, which a number cannot hold exactly (it would read as ${String(n)})`;
  if (n === 0 && decimalKey(text) !== '0')
    return 'is closer to zero than a number can be (it would read as 0)';
  if (decimalKey(text) !== decimalKey(String(n)))
    return `has more digits than a number holds (it would read as ${String(n)})`;
  return undefined;
}

/** A JSON value as compact JSON text, numbers as the file wrote them; bounded by MAX_JSON_DEPTH. */
function jsonText(value: JsonValue): string {
  if (value instanceof JsonNumber) return value.text;
  if (value instanceof Map)
    return `{${[...value].map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  return JSON.stringify(value);
}

/** The numbers of a value, at any depth, for the check of each. */
function numbersIn(value: JsonValue, out: JsonNumber[] = []): JsonNumber[] {
  if (value instanceof JsonNumber) out.push(value);
  else if (value instanceof Map) for (const v of value.values()) numbersIn(v, out);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  return out;
}

/** A JSON value as cell text: lists of plain values joined, structured values as JSON. */
function jsonCell(value: JsonValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || v instanceof JsonNumber))
    return value.map((v) => (v instanceof JsonNumber ? v.text : v)).join('; ');
  return jsonText(value);
}

/** Sets the cell of a key, noting each of its numbers that a number type would change. */
function setJsonCell(builder: RowBuilder, key: string, value: JsonValue): void {
  builder.set(key, jsonCell(value));
  if (typeof value !== 'object' || value === null) return;
  for (const n of numbersIn(value)) {
    const loss = numberLoss(n.text);
    if (loss) builder.note(key, n.text, `${loss}: kept as the text of the file`);
  }
}

/** The file's keys in the order they are first met, within the column limit. */
class KeyList {
  readonly headers: string[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly limits: TableLimits,
  ) {}

  /** Adds the keys not seen before. */
  add(keys: Iterable<string>): void {
    for (const k of keys) {
      if (this.seen.has(k)) continue;
      this.seen.add(k);
      this.headers.push(k);
      if (this.headers.length > this.limits.maxColumns) {
        throw fileError(
          this.file,
          `has more than ${this.limits.maxColumns} different keys, the limit`,
        );
      }
    }
  }
}

/** A record of the file as a table row; an exported record's "extra" object gives columns again. */
function jsonRow(
  file: string,
  value: JsonValue,
  row: number,
  keys: KeyList,
  limits: TableLimits,
): TableRow {
  if (!(value instanceof Map)) {
    throw fileError(file, `element ${row} is not an object; each element must be one record`);
  }
  keys.add(value.keys());
  const builder = new RowBuilder(file, row, limits);
  for (const [k, v] of value) {
    if (k === 'extra' && v instanceof Map) {
      keys.add(v.keys());
      for (const [ek, ev] of v) setJsonCell(builder, ek, ev);
    } else setJsonCell(builder, k, v);
  }
  return builder.done();
}

/** The records of the file, parsed as a stream. */
async function* jsonElements(
  file: string,
  wrapped: boolean,
  counter: { bytes: number },
  headerNotes: string[],
): AsyncGenerator<JsonValue> {
  const cleaned = new Set<string>();
  const onKeyCleaned = (key: string, removed: number) => {
    if (cleaned.has(key)) return;
    cleaned.add(key);
    headerNotes.push(`key “${key}”: ${removedControls(removed)}`);
  };
  const stages: NodeJS.ReadWriteStream[] = [jsonParser.asStream({ streamValues: false })];
  if (wrapped) stages.push(depthGuard(file), pick.asStream({ filter: 'initiatives' }));
  stages.push(elementAssembler(file, wrapped ? 1 : 0, onKeyCleaned));
  const stream = (pipeline as unknown as (...s: unknown[]) => NodeJS.ReadableStream)(
    countingStream(file, counter),
    ...stages,
    () => {},
  );
  try {
    for await (const item of stream) yield (item as unknown as { value: JsonValue }).value;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw fileError(file, `is not valid JSON (${(e as Error).message})`);
  }
}

/** Reads a JSON array of objects, or the "initiatives" array of an exported dataset, as a stream. */
export async function openJson(
  file: string,
  info: { file: string; bytes: number },
  sample: Buffer,
  limits: TableLimits,
): Promise<Table> {
  const first = sample
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()[0];
  if (first !== '[' && first !== '{') {
    throw fileError(
      file,
      'is not JSON: a JSON import must be an array of objects, or an object with an "initiatives" array',
    );
  }
  const counter = { bytes: 0 };
  const keys = new KeyList(file, limits);
  const headerNotes: string[] = [];
  const iterator = jsonElements(file, first === '{', counter, headerNotes);
  const firstElement = await iterator.next();
  const head = firstElement.done ? undefined : jsonRow(file, firstElement.value, 1, keys, limits);
  return {
    info: { ...info, format: 'json', headerRow: 0 },
    headers: keys.headers,
    headerNotes,
    bytesRead: () => counter.bytes,
    async *rows() {
      if (!head) return;
      yield head;
      let row = 1;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (++row > limits.maxRows) throw tooManyRows(file, limits, 'records');
        yield jsonRow(file, next.value, row, keys, limits);
      }
    },
  };
}
