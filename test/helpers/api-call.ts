/**
 * A caller of the API as a script would: a method, a path, whose token (by a name the test gave
 * it; none for an anonymous call), a JSON body and extra headers. `base` is read at each call, so
 * the caller can be made before the server is listening.
 */
export function apiCaller(
  base: () => string,
  tokens: Readonly<Record<string, string | undefined>>,
) {
  return (
    method: string,
    path: string,
    who: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${base()}${path}`, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}
