/** The origin absolute identifiers are built on: the configured public URL, else the request's. */
export function siteOrigin(requestUrl: string, options: { readonly publicUrl?: string }): string {
  return options.publicUrl ?? new URL(requestUrl).origin;
}
