import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { signIn } from './auth';
import { E2E_BASE_URL, E2E_PORT } from './env';

/**
 * Cross-site requests against the console APIs (issue 6), in Chromium: a signed-in admin opens a page served by
 * another HTTP server, on another port of 127.0.0.1 (same site: the SameSite=Lax session cookie goes along) and on
 * another host name (localhost), which submits forms and no-cors fetches to state-changing console APIs. Every one
 * must be refused with 403 JSON, and nothing may change. The console itself keeps working by 127.0.0.1 and by
 * localhost (PUBLIC_URL is the 127.0.0.1 address).
 */

const PASSWORD = 'csrf-password-1';
const LOCALHOST_URL = `http://localhost:${E2E_PORT}`;

/** The attacker's pages: each submits itself on load, to the console at `target`. */
function attackPages(target: string, tag: string): Record<string, string> {
  // a text/plain form whose body reads as JSON: {"email":"…","role":"admin","password":"…","x":"="}
  const jsonName = `{"email":"csrf-form-${tag}@e2e.test","role":"admin","password":"${PASSWORD}","x":"`;
  const page = (body: string) => `<!doctype html><html><body>${body}</body></html>`;
  return {
    '/form-user': page(
      `<form id="f" method="POST" enctype="text/plain" action="${target}/api/console/users">` +
        `<input type="hidden" name='${jsonName}' value='"}'></form><script>document.getElementById('f').submit()</script>`,
    ),
    '/fetch-user': page(
      `<script>fetch(${JSON.stringify(`${target}/api/console/users`)}, { method: 'POST', mode: 'no-cors', credentials: 'include',` +
        ` headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(JSON.stringify({ email: `csrf-fetch-${tag}@e2e.test`, role: 'admin', password: PASSWORD }))} })</script>`,
    ),
    // multipart needs no preflight either: the licence upload is protected by the same-origin rule alone
    '/form-upload': page(
      `<form id="f" method="POST" enctype="multipart/form-data" action="${target}/api/console/licences/00000000-0000-0000-0000-000000000000/file">` +
        `<input type="hidden" name="file" value="x"></form><script>document.getElementById('f').submit()</script>`,
    ),
    '/form-locale': page(
      `<form id="f" method="POST" enctype="text/plain" action="${target}/api/locale">` +
        `<input type="hidden" name='{"locale":"zh","x":"' value='"}'></form><script>document.getElementById('f').submit()</script>`,
    ),
  };
}

interface Attacker {
  url: string;
  close(): Promise<void>;
}

/** A second HTTP server, on another port of this host, serving the attacker's pages. */
async function startAttacker(pages: Record<string, string>): Promise<Attacker> {
  const server = http.createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  // every address (IPv4 and IPv6), so the page answers as 127.0.0.1 and as localhost alike
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A console admin of this spec's own, so a successful attack could not disturb the other specs' admin. */
async function addAdmin(browser: Browser): Promise<{ email: string; password: string }> {
  const user = { email: `csrf-admin-${randomUUID().slice(0, 8)}@e2e.test`, password: PASSWORD };
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page);
  const res = await page.request.post('/api/console/users', { data: { ...user, role: 'admin' } });
  expect(res.status(), await res.text()).toBe(201);
  await context.close();
  return user;
}

/**
 * Opens an attacker's page in the victim's browser and returns what the console answered to its request. Of a no-cors
 * fetch Chromium keeps no body (its answer is opaque) and reports no Origin header: only the status is known then.
 */
async function attack(context: BrowserContext, pageUrl: string, apiPath: string): Promise<{ status: number; body?: unknown; origin?: string }> {
  const page = await context.newPage();
  try {
    const answered = page.waitForResponse((r) => r.url().endsWith(apiPath) && r.request().method() === 'POST');
    await page.goto(pageUrl);
    const res = await answered;
    const headers = await res.request().allHeaders();
    const opaque = res.request().resourceType() === 'fetch';
    return { status: res.status(), body: opaque ? undefined : (JSON.parse(await res.text()) as unknown), origin: headers.origin };
  } finally {
    await page.close();
  }
}

async function userEmails(page: Page): Promise<string[]> {
  const res = await page.request.get('/api/console/users');
  expect(res.status()).toBe(200);
  return ((await res.json()) as { users: { email: string }[] }).users.map((u) => u.email);
}

const REFUSED = { error: { key: 'errors.crossSite', message: "Refused: this request did not come from the console's own pages (cross-site request)." } };

for (const where of ['another port of 127.0.0.1', 'another host name (localhost)'] as const) {
  test(`a page on ${where} cannot change anything through the console APIs of a signed-in admin`, async ({ browser }) => {
    const tag = randomUUID().slice(0, 8);
    const admin = await addAdmin(browser);
    const context = await browser.newContext();
    const victim = await context.newPage();
    await signIn(victim, admin);
    const attacker = await startAttacker(attackPages(E2E_BASE_URL, tag));
    const base = where === 'another port of 127.0.0.1' ? attacker.url : attacker.url.replace('127.0.0.1', 'localhost');
    try {
      for (const [path, api] of [
        ['/form-user', '/api/console/users'],
        ['/fetch-user', '/api/console/users'],
        ['/form-upload', '/file'],
        ['/form-locale', '/api/locale'],
      ] as const) {
        const r = await attack(context, `${base}${path}`, api);
        // the request really came from the attacker's page (the raw headers of a no-cors fetch are not reported)
        if (!path.startsWith('/fetch')) expect(r.origin, path).toBe(base);
        expect({ path, status: r.status, body: r.body }).toEqual({ path, status: 403, body: path.startsWith('/fetch') ? undefined : REFUSED });
      }
      const emails = await userEmails(victim);
      expect(emails).toContain(admin.email);
      expect(emails.filter((e) => e.includes(tag))).toEqual([]);
      // the language did not change: the console still speaks English
      await victim.goto('/users');
      await expect(victim.getByRole('heading', { level: 1 })).toHaveText('Users');
    } finally {
      await attacker.close();
      await context.close();
    }
  });
}

for (const base of [E2E_BASE_URL, LOCALHOST_URL]) {
  test(`the console itself still signs in, adds a user and switches language by ${new URL(base).hostname}`, async ({ browser }) => {
    const admin = await addAdmin(browser);
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    try {
      await signIn(page, admin, '/users');
      const email = `csrf-legit-${randomUUID().slice(0, 8)}@e2e.test`;
      const add = page.getByRole('region', { name: 'Add a user' });
      await add.getByLabel('E-mail').fill(email);
      await add.getByLabel('Initial password (at least 10 characters)').fill(PASSWORD);
      await add.getByLabel('Role').selectOption('viewer');
      await add.getByRole('button', { name: 'Add user' }).click();
      await expect(page.getByRole('region', { name: 'Users' }).getByText(email)).toBeVisible();
      await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('用户');
      await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users');
      expect(page.url().startsWith(base)).toBe(true);
    } finally {
      await context.close();
    }
  });
}
