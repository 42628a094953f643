import { extname } from 'node:path';
import { invalidFile, invalidParameter, tooLarge } from '../domain/errors.ts';

/** The formats a strategy document may come in. */
export const DOCUMENT_FORMATS = ['pdf', 'docx', 'html', 'text'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** The largest document the atlas reads (a long RIS3 with its annexes is a few MB). */
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
/** The most pages of a PDF it reads, and the most characters of text it keeps. */
export const DOCUMENT_MAX_PAGES = 1500;
export const DOCUMENT_MAX_CHARS = 5_000_000;

/** What a scanned PDF (pictures of pages, no text layer) is told. */
export const SCANNED_PDF_MESSAGE =
  'this PDF has no text layer; it looks scanned — upload a text PDF, DOCX or HTML, or paste the text';

/** The text of a document, page by page (one page with number null for formats without pages). */
export interface DocumentText {
  readonly format: DocumentFormat;
  readonly pages: readonly { readonly page: number | null; readonly text: string }[];
  /** Pages of a PDF, else null. */
  readonly pageCount: number | null;
}

const EXTENSIONS: Readonly<Record<string, DocumentFormat>> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'text',
};

const startsWith = (bytes: Uint8Array, text: string) =>
  bytes.length >= text.length && [...text].every((ch, i) => bytes[i] === ch.charCodeAt(0));

/** The format of a file from its name, checked against its first bytes. */
export function documentFormat(name: string, bytes: Uint8Array): DocumentFormat {
  const ext = extname(name).toLowerCase();
  const format = EXTENSIONS[ext];
  if (!format) {
    throw invalidParameter(
      'file',
      `a ${ext || 'file without extension'} cannot be read; upload a PDF, DOCX, HTML or text file (.pdf, .docx, .html, .txt)`,
    );
  }
  if (format === 'pdf' && !startsWith(bytes, '%PDF-'))
    throw invalidFile(`${name} is not a PDF (it does not begin as one); upload the PDF itself`);
  if (format === 'docx' && !startsWith(bytes, 'PK'))
    throw invalidFile(
      `${name} is not a DOCX document; an older .doc file must be saved as DOCX or PDF first`,
    );
  return format;
}

/** UTF-8 text, or a clear error for another encoding or a binary file. */
function utf8(bytes: Uint8Array, name: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.includes('\u0000')) throw new Error('binary');
    return text.replace(/^\uFEFF/, '');
  } catch {
    throw invalidFile(
      `${name} is not UTF-8 text; save it as UTF-8 (or upload the PDF or DOCX) and send it again`,
    );
  }
}

interface PdfTextItem {
  str?: string;
  hasEOL?: boolean;
  transform?: number[];
  height?: number;
}

/** One page's text: lines as the PDF ends them, a blank line where the gap is wider than a line. */
function pageText(items: readonly PdfTextItem[]): string {
  let out = '';
  let lastY: number | undefined;
  let lastHeight = 0;
  for (const item of items) {
    if (typeof item.str !== 'string') continue;
    const y = item.transform?.[5];
    const height = item.height || lastHeight || 10;
    if (y !== undefined && lastY !== undefined && Math.abs(lastY - y) > height * 1.8) {
      out = `${out.trimEnd()}\n\n`;
    } else if (y !== undefined && lastY !== undefined && Math.abs(lastY - y) > height * 0.5) {
      if (!out.endsWith('\n')) out += '\n';
    }
    out += item.str;
    if (item.hasEOL) out += '\n';
    if (y !== undefined && item.str.trim()) {
      lastY = y;
      lastHeight = height;
    }
  }
  return out;
}

/** The text layer of a PDF, page by page; a PDF with (almost) no text is taken for a scan. */
async function pdfText(bytes: Uint8Array, name: string): Promise<DocumentText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    const kind = (e as { name?: string }).name;
    if (kind === 'PasswordException')
      throw invalidFile(`${name} is protected by a password; upload a copy without protection`);
    throw invalidFile(`${name} cannot be read as a PDF (${(e as Error).message}); is it damaged?`);
  }
  try {
    if (doc.numPages > DOCUMENT_MAX_PAGES)
      throw tooLarge(
        `${name} has ${doc.numPages} pages; the atlas reads up to ${DOCUMENT_MAX_PAGES}`,
      );
    const pages: { page: number; text: string }[] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = pageText(content.items as PdfTextItem[]);
      chars += text.length;
      if (chars > DOCUMENT_MAX_CHARS)
        throw tooLarge(`${name} holds more than ${DOCUMENT_MAX_CHARS} characters of text`);
      pages.push({ page: n, text });
      page.cleanup();
    }
    const letters = pages.reduce((s, p) => s + (p.text.match(/\p{L}/gu)?.length ?? 0), 0);
    if (letters < Math.max(40, doc.numPages * 10)) throw invalidFile(SCANNED_PDF_MESSAGE);
    return { format: 'pdf', pages, pageCount: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

/** The text of a DOCX document, paragraphs apart (a DOCX has no fixed pages). */
async function docxText(bytes: Uint8Array, name: string): Promise<DocumentText> {
  const mammoth = (await import('mammoth')).default;
  let value: string;
  try {
    ({ value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) }));
  } catch (e) {
    throw invalidFile(`${name} cannot be read as a DOCX document (${(e as Error).message})`);
  }
  return { format: 'docx', pages: [{ page: null, text: value }], pageCount: null };
}

/** The visible text of an HTML page, one block element per paragraph. */
async function htmlText(bytes: Uint8Array, name: string): Promise<DocumentText> {
  const { parse } = await import('node-html-parser');
  const root = parse(utf8(bytes, name), { blockTextElements: { pre: true } });
  for (const el of root.querySelectorAll('script, style, noscript, template, nav, svg'))
    el.remove();
  const body = root.querySelector('body') ?? root;
  const text = body.structuredText
    .split('\n')
    .map((line) => line.trim())
    .join('\n\n');
  return { format: 'html', pages: [{ page: null, text }], pageCount: null };
}

/**
 * The text of a strategy document (PDF, DOCX, HTML or text), page by page where the format has
 * pages. Plain text may mark pages with form feeds, as pdftotext writes them. Clear errors for a
 * file too large, of another format, damaged, protected or scanned.
 */
export async function documentText(name: string, bytes: Uint8Array): Promise<DocumentText> {
  if (bytes.length === 0) throw invalidParameter('file', `${name} is empty; choose the document`);
  if (bytes.length > DOCUMENT_MAX_BYTES)
    throw tooLarge(
      `${name} is larger than ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB; upload the strategy without its annexes, or paste its text`,
    );
  const format = documentFormat(name, bytes);
  if (format === 'pdf') return pdfText(bytes, name);
  if (format === 'docx') return docxText(bytes, name);
  if (format === 'html') return htmlText(bytes, name);
  return pastedText(utf8(bytes, name));
}

/** Text typed or pasted: pages where it has form feeds, else one. */
export function pastedText(text: string): DocumentText {
  if (text.length > DOCUMENT_MAX_CHARS)
    throw tooLarge(`the text is longer than ${DOCUMENT_MAX_CHARS} characters`);
  const parts = text.replace(/\r\n?/g, '\n').split('\f');
  const pages =
    parts.length > 1
      ? parts.map((p, i) => ({ page: i + 1, text: p }))
      : [{ page: null, text: parts[0] ?? '' }];
  return { format: 'text', pages, pageCount: parts.length > 1 ? parts.length : null };
}
