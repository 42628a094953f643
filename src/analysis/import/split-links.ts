import { isHostName, linkProblems } from '../../domain/links.ts';
import { NON_VALUE } from './vocabulary.ts';

/**
 * Links broken over lines: a table copied out of a PDF report cuts a long web address where the
 * column ends, and the rest lands on the next line (a continuation row, or a second line of the
 * cell), sometimes with an empty line between. The parts are joined only when the second one
 * plainly is the rest of the address.
 */

/** The start of a web address. */
const LINK_START = /^(?:https?:\/\/|www\.)/i;
/** Characters a web address is written with; a space or any other character ends it. */
const LINK_CHARS = /^[\w\-.~:/?#[\]@!$&'()*+,;=%]+$/;
/** An address that ends in a file name is whole. */
const FILE_END = /\.(?:html?|php|aspx?|jsp|pdf|docx?|xlsx?|pptx?|csv|json|xml|zip)$/i;

/**
 * Whether `fragment` is the rest of the web address that `text` ends with, cut by a line break:
 * the text's last word is an address (http://, https:// or www.) that does not end in a file
 * name (unless the fragment goes on with a query or an anchor); the fragment has no space, is no
 * address, non-value ("N/A") or note in brackets of its own, and does not begin with a host name
 * (unless the address was cut inside its own host name, after a dot); and the two together make
 * a well-formed address.
 */
export function continuesLink(text: string, fragment: string): boolean {
  const link =
    text
      .trimEnd()
      .split(/[\s;]+/)
      .at(-1) ?? '';
  const rest = fragment.trim();
  if (!LINK_START.test(link) || rest === '' || !LINK_CHARS.test(rest)) return false;
  // A note in brackets under a link, e.g. "(in Spanish)", is not part of it.
  if (LINK_START.test(rest) || NON_VALUE.test(rest) || /^[([]/.test(rest)) return false;
  if (FILE_END.test(link) && !/^[?#&=]/.test(rest)) return false;
  if (isHostName(rest.split(/[/?#]/)[0] ?? '') && !link.endsWith('.')) return false;
  const joined = `${/^www\./i.test(link) ? 'https://' : ''}${link}${rest}`;
  return linkProblems(joined).length === 0;
}

/**
 * A cell's text with every web address that a line break (and any empty lines) cut in two put
 * back together; a text without such a break is returned as it is.
 */
export function joinBrokenLinks(text: string): string {
  if (!text.includes('\n')) return text;
  const [first = '', ...rest] = text.split(/\r?\n/);
  let out = first;
  let gap = '';
  let joined = false;
  for (const line of rest) {
    if (line.trim() === '') {
      gap += '\n';
    } else if (continuesLink(out, line)) {
      out = `${out.trimEnd()}${line.trim()}`;
      joined = true;
      gap = '';
    } else {
      out = `${out}${gap}\n${line}`;
      gap = '';
    }
  }
  return joined ? `${out}${gap}` : text;
}
