import type { Context } from 'hono';
/** The origin absolute identifiers are built on: the configured public URL, else the request's. */
export function siteOrigin(requestUrl: string, options: { readonly publicUrl?: string }): string {
  return options.publicUrl ?? new URL(requestUrl).origin;
}

/** The path and query of a request: where its result is answered once it is ready. */
export function requestLocation(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}
