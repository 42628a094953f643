/**
 * What is wrong with a link as a source printed it, if anything: the one rule the pages (which
 * must not serve a broken link as clickable) and the data-quality check share.
 */

/** The kinds of problem a link can have, each with the words the check reports it in. */
export const LINK_PROBLEMS = {
  no_scheme: 'has no scheme (http:// or https://)',
  whitespace: 'has spaces or line breaks in it (split over two lines, or a fragment with spaces)',
  markup: 'has markup in it (<, >, " or an HTML entity)',
  translation_fragment: "ends in a web translator's fragment (#googtrans) rather than the page",
  domain_in_path: 'has a second domain name where the path should be (two links run together)',
  invalid: 'is not a valid web address',
} as const;
export type LinkProblem = keyof typeof LINK_PROBLEMS;

// A path segment that is a host name (e.g. iroiasi.ro), not a file (report.pdf, index.html).
const HOST_LIKE = /^(?:[a-z0-9-]+\.)+(?:com|org|net|eu|info|[a-z]{2})$/i;
const FILE_LIKE =
  /\.(?:s?html?|p?html|php|aspx?|jspx?|do|action|py|cgi|rb|cfm|pdf|docx?|xlsx?|pptx?|js|md|gz|zip|xml|json|csv)$/i;

/** Whether a piece of a link is a host name (e.g. iroiasi.ro), not a file (report.pdf, index.html). */
export function isHostName(segment: string): boolean {
  return HOST_LIKE.test(segment) && !FILE_LIKE.test(segment);
}

/** The problems of a link, none for a well-formed http(s) address. */
export function linkProblems(link: string): LinkProblem[] {
  const out: LinkProblem[] = [];
  if (/\s/.test(link)) out.push('whitespace');
  if (/[<>"]|&(?:[a-z]+|#\d+);/i.test(link)) out.push('markup');
  if (/#googtrans\(/i.test(link)) out.push('translation_fragment');
  if (!/^https?:\/\//i.test(link)) {
    out.push('no_scheme');
    return out;
  }
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return [...out, 'invalid'];
  }
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.some(isHostName)) out.push('domain_in_path');
  return out;
}

/**
 * A link fit to be followed (clickable on a page, a `url` in linked data): the link when it has
 * no problem, undefined otherwise. Where a broken link is shown, it is shown as text with its
 * problems (web/components.tsx LinkOrReason), never as something to follow.
 */
export function servableLink(link: string | null | undefined): string | undefined {
  return link && linkProblems(link).length === 0 ? link : undefined;
}
