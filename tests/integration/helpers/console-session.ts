/**
 * A signed-in console session over HTTP against an app process, through next-auth's own sign-in endpoints. No test
 * framework inside: `npm run bench` signs in with it too.
 */
export class ConsoleSession {
  private jar = new Map<string, string>();
  /** every Set-Cookie header received, as sent */
  readonly setCookies: string[] = [];
  constructor(readonly base: string) {}

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      this.setCookies.push(c);
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }

  cookie(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async signIn(user: { email: string; password: string }): Promise<void> {
    const csrf = await fetch(`${this.base}/api/auth/csrf`);
    this.keep(csrf);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${this.base}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookie() },
      body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, json: 'true' }),
    });
    this.keep(res);
    if (res.status !== 200) throw new Error(`sign-in as ${user.email} answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }

  /** A JSON value is sent as application/json; a string as given (its content type in `headers`); a Blob with none. */
  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const raw = typeof body === 'string' || body instanceof Blob;
    const res = await fetch(this.base + path, {
      method,
      headers: { cookie: this.cookie(), ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    this.keep(res);
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON: the test says so
    }
    return { status: res.status, text, json };
  }
}
