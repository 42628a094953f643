import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import yazl from 'yazl';

/**
 * Cell positions for workbooks that leave them out. The `r` attribute of a row (`r="3"`) and of a
 * cell (`r="B3"`) is optional in the XLSX standard, where a missing one means "next after the one
 * before"; Excel and LibreOffice always write it, some other writers never do, and the streaming
 * reader (ExcelJS) needs it. Such a workbook is copied with the positions filled in.
 */

/** Row and cell start tags, with their attributes; `<cols>`, `<col>` and `<rowBreaks>` do not match. */
const POSITIONED_TAG = /<((?:\w+:)?(?:c|row))(?=[\s>/])([^>]*)>/g;
const R_ATTRIBUTE = /\sr\s*=\s*["']([^"']*)["']/;

/** A worksheet's row and cell tags that lack an `r` attribute, if any. */
export function lacksPositions(xml: string): boolean {
  for (const m of xml.matchAll(POSITIONED_TAG)) if (!R_ATTRIBUTE.test(m[2] ?? '')) return true;
  return false;
}

/** The column letters of a 1-based column number: 1 → A, 27 → AA. */
function columnLetters(n: number): string {
  let out = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
    out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

/** The 1-based column number of a cell reference such as "AB12". */
function columnNumber(ref: string): number {
  let n = 0;
  for (const ch of /^[A-Za-z]*/.exec(ref)?.[0].toUpperCase() ?? '')
    n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/**
 * Streams a worksheet's XML, giving each row and cell without a position the one after the row
 * or cell before it. A tag cut at a chunk's end waits for the next chunk; text cannot hold a
 * bare `<`, so every `<` starts markup.
 */
export class PositionFiller extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private tail = '';
  private row = 0;
  private col = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const text = this.tail + this.decoder.write(chunk);
    const open = text.lastIndexOf('<');
    const cut = open >= 0 && text.indexOf('>', open) < 0 ? open : text.length;
    this.tail = text.slice(cut);
    done(null, this.fill(text.slice(0, cut)));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.fill(this.tail + this.decoder.end()));
  }

  private fill(xml: string): string {
    return xml.replace(POSITIONED_TAG, (tag: string, name: string, attributes: string) => {
      const given = R_ATTRIBUTE.exec(attributes)?.[1];
      if (name.endsWith('row')) {
        this.row = given ? Number.parseInt(given, 10) : this.row + 1;
        this.col = 0;
        return given ? tag : `<${name} r="${this.row}"${attributes}>`;
      }
      this.col = given ? columnNumber(given) : this.col + 1;
      return given ? tag : `<${name} r="${columnLetters(this.col)}${this.row}"${attributes}>`;
    });
  }
}

/** Whether a part of the archive is a worksheet. */
export function isWorksheet(part: string): boolean {
  return /^xl\/worksheets\/[^/]+\.xml$/.test(part);
}

/**
 * A copy of the workbook with every worksheet's positions filled in, in a new temporary folder;
 * `remove` deletes it. The archive was checked before (sizes, ratios), so the copy is bounded.
 */
export async function copyWithPositions(
  file: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'atlas-xlsx-'));
  const path = join(dir, 'positioned.xlsx');
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true }, (err, z) => (err || !z ? reject(err) : resolve(z))),
    );
    const out = new yazl.ZipFile();
    const written = new Promise<void>((resolve, reject) => {
      out.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) {
            reject(err);
            return;
          }
          const part = isWorksheet(entry.fileName) ? stream.pipe(new PositionFiller()) : stream;
          out.addReadStream(part, entry.fileName);
          zip.readEntry();
        });
      });
      zip.readEntry();
    });
    out.end();
    await written;
    return { path, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}
