import type { Context } from 'hono';
import { invalidParameter } from '../domain/errors.ts';

/** Where absolute identifiers come from: PUBLIC_URL, else a request whose host is trusted. */
export interface OriginOptions {
  /** The configured public origin (config PUBLIC_URL). */
  readonly publicUrl?: string;
  /** Hosts (host or host:port, lower case) whose requests may name the origin (config TRUSTED_HOSTS). */
  readonly trustedHosts?: readonly string[];
}

// Loopback hosts are always trusted so that development and tests work without configuration.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when a request for `url` may supply the origin: its host (with or without port) is trusted or loopback. */
export function isTrustedHost(url: URL, trustedHosts: readonly string[] = []): boolean {
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  return LOOPBACK.has(hostname) || trustedHosts.includes(host) || trustedHosts.includes(hostname);
}

/**
 * The origin absolute identifiers are built on: the configured public URL, else the request's
 * own origin when its Host is trusted. Any other Host is refused (400) rather than written into
 * API links, JSON-LD identifiers and the catalogue, where a forged Host would poison caches.
 */
export function siteOrigin(requestUrl: string, options: OriginOptions): string {
  if (options.publicUrl) return options.publicUrl;
  const url = new URL(requestUrl);
  if (isTrustedHost(url, options.trustedHosts)) return url.origin;
  throw invalidParameter(
    'Host',
    `the Host "${url.host}" is not one this atlas answers for; the operator sets PUBLIC_URL or lists it in TRUSTED_HOSTS`,
  );
}

/** The path and query of a request: where its result is answered once it is ready. */
export function requestLocation(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}
