import type { MiddlewareHandler } from 'hono';
import { invalidParameter, methodNotAllowed } from '../domain/errors.ts';

/** The methods every address of the atlas answers. */
export const READ_METHODS = ['GET', 'HEAD'] as const;

/**
 * Every address is read-only but the forms and API writes that `acceptsWrite` names (signing in, the account):
 * any other method but GET, HEAD and OPTIONS (CORS preflights, which the API's CORS layer
 * answers) is a 405 whose Allow header lists GET and HEAD, instead of a 404 that would suggest
 * the address does not exist.
 */
export function readOnly(
  acceptsWrite: (method: string, path: string) => boolean,
): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method.toUpperCase();
    if (method === 'OPTIONS' || (READ_METHODS as readonly string[]).includes(method)) return next();
    if (acceptsWrite(method, c.req.path)) return next();
    const writes = ['POST', 'PATCH'].filter((m) => acceptsWrite(m, c.req.path));
    const reads = c.req.path.startsWith('/api/') ? [...READ_METHODS, 'OPTIONS'] : [...READ_METHODS];
    const allow = [...reads, ...writes];
    throw methodNotAllowed(method, c.req.path, allow);
  };
}

// C0 controls (NUL to US) and DEL. Tab, CR and LF are included: no identifier, code or search
// term of the atlas contains them, and PostgreSQL refuses NUL in text outright.
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** The path with percent-escapes decoded; a malformed escape is left as written (no control hides in it). */
function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/**
 * Rejects a request whose decoded path or query (names and values) holds a control character,
 * e.g. /initiatives/a%00b or ?q=a%00b, with a 400 naming where it was, before any route or the
 * database sees it; otherwise PostgreSQL fails on the NUL where SQLite merely finds nothing.
 */
export const rejectControlCharacters: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  if (hasControl(decodedPath(url.pathname))) {
    throw invalidParameter(
      'path',
      'the address contains a control character (such as %00, NUL); remove it and try again',
    );
  }
  for (const [name, value] of url.searchParams) {
    const where = hasControl(name) ? 'a query parameter name' : `the query parameter ${name}`;
    if (hasControl(name) || hasControl(value)) {
      throw invalidParameter(
        hasControl(name) ? 'query' : name,
        `${where} contains a control character (such as %00, NUL); remove it and try again`,
      );
    }
  }
  return next();
};
