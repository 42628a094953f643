import assert from 'node:assert/strict';

/** The password the HTTP tests give their accounts. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** A browser's cookies over plain HTTP: what Set-Cookie gave, sent back on each request. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }
  /** The page's CSRF token (the hidden _csrf of its first form). */
  async csrf(path: string): Promise<string> {
    const html = await (await this.fetch(path)).text();
    const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
    assert.ok(token, `a CSRF field on ${path}`);
    return token;
  }
  /** A form post; a field given as a list is sent once per value. */
  post(
    path: string,
    fields: Record<string, string | readonly string[]>,
    headers: Record<string, string> = {},
  ) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields))
      for (const one of typeof v === 'string' ? [v] : v) body.append(k, one);
    return this.fetch(path, { method: 'POST', body, headers });
  }
  async signIn(email: string, password = TEST_PASSWORD): Promise<Response> {
    return this.post('/sign-in', { _csrf: await this.csrf('/sign-in'), email, password });
  }
}
