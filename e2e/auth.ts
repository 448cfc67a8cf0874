import { randomUUID } from 'node:crypto';
import { expect, type Browser, type Page } from '@playwright/test';
import { E2E_ADMIN } from './env';

/** Signs in through the console's sign-in page and waits for the signed-in shell. */
export async function signIn(page: Page, user: { email: string; password: string } = E2E_ADMIN, path = '/'): Promise<void> {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(path)}`);
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('E-mail').fill(user.email);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user').filter({ visible: true })).toContainText(user.email);
}

/** A console user of a spec's own (`<prefix>-<role>-<random>@e2e.test`), made by the e2e admin through the users API; its e-mail. */
export async function addConsoleUser(browser: Browser, prefix: string, role: 'admin' | 'support' | 'viewer', password: string): Promise<string> {
  const email = `${prefix}-${role}-${randomUUID().slice(0, 8)}@e2e.test`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page);
  const res = await page.request.post('/api/console/users', { data: { email, role, password } });
  expect(res.status(), await res.text()).toBe(201);
  await context.close();
  return email;
}
