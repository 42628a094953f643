/** Conditional requests (RFC 9110 §13): one reading of If-None-Match for every route that tags its answers. */

/** The opaque tags of an If-None-Match value, without W/ (weak comparison, RFC 9110 §8.8.3.2); '*' as itself. */
export function parseEntityTags(header: string): string[] {
  if (header.trim() === '*') return ['*'];
  return [...header.matchAll(/(?:W\/)?("[^"]*")/g)].map((m) => m[1] as string);
}

/** Whether If-None-Match names the current tag, by weak comparison (which the RFC requires for it). */
export function noneMatchHits(header: string, etag: string): boolean {
  const current = etag.replace(/^W\//, '');
  return parseEntityTags(header).some((t) => t === '*' || t === current);
}
