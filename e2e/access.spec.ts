import { expect, test } from '@playwright/test';
import { signIn } from './auth';
import { E2E_ADMIN, E2E_BASE_URL, SCREENSHOTS } from './env';

/** Sign-in, sign-out, the gate for strangers, user management and what a viewer may not do. */

test('a stranger is sent to the sign-in page, and console APIs answer 401 JSON', async ({ page, request }) => {
  await page.goto('/users');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fusers/);
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/login.png`, fullPage: true });
  const api = await request.get(`${E2E_BASE_URL}/api/console/users`);
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({ error: { key: 'errors.signIn', message: 'Sign in first.' } });
  // the marketplace's interface and the health check stay open
  expect((await request.get(`${E2E_BASE_URL}/api/health`)).status()).toBe(200);
});

test('a wrong password is refused; signing in returns to the page asked for; signing out ends the session', async ({ page }) => {
  await page.goto('/login?callbackUrl=%2Faudit');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await form.getByLabel('Password').fill('not-the-password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' })).toBeVisible();
  await form.getByLabel('Password').fill(E2E_ADMIN.password);
  await form.getByLabel('Password').press('Enter');
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('an admin adds a viewer, who can read but not manage, and the change is audited', async ({ page, browser }) => {
  const viewer = { email: `viewer-${Date.now()}@e2e.test`, password: 'viewer-password-1' };
  await signIn(page, E2E_ADMIN, '/users');
  const add = page.getByRole('region', { name: 'Add a user' });
  await add.getByLabel('E-mail').fill(viewer.email);
  await add.getByLabel('Initial password (at least 10 characters)').fill('short');
  await add.getByRole('button', { name: 'Add user' }).click();
  // the browser's own check refuses a short password before anything is sent
  await expect(page.getByRole('cell', { name: viewer.email })).toHaveCount(0);
  await add.getByLabel('Initial password (at least 10 characters)').fill(viewer.password);
  await add.getByLabel('Role').selectOption('viewer');
  await add.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('region', { name: 'Users' }).getByText(viewer.email)).toBeVisible();
  // the last admin cannot be demoted
  await page.getByLabel(`Role of ${E2E_ADMIN.email}`).selectOption('viewer');
  await expect(page.getByRole('alert').filter({ hasText: 'last active administrator' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/users.png`, fullPage: true });

  await page.goto('/audit');
  const entries = page.getByRole('region', { name: 'Audit entries' });
  await expect(entries.getByRole('row').filter({ hasText: 'user.create' }).filter({ hasText: viewer.email })).toBeVisible();
  await expect(entries.getByRole('row').filter({ hasText: 'user.update' }).filter({ hasText: 'failure' }).first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/audit.png`, fullPage: true });

  const context = await browser.newContext();
  const vpage = await context.newPage();
  await signIn(vpage, viewer);
  const nav = vpage.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'Overview' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await vpage.goto('/users');
  await expect(vpage).toHaveURL(/\/forbidden$/);
  await expect(vpage.getByRole('heading', { level: 1 })).toHaveText('Not allowed');
  const denied = await vpage.request.post(`${E2E_BASE_URL}/api/console/users`, {
    data: { email: 'x@e2e.test', role: 'admin', password: 'xxxxxxxxxxxx' },
  });
  expect(denied.status()).toBe(403);
  expect(await denied.json()).toEqual({ error: { key: 'errors.needsRole', message: 'This needs the admin role.' } });
  await vpage.setViewportSize({ width: 375, height: 667 });
  await vpage.goto('/');
  await vpage.screenshot({ path: `${SCREENSHOTS}/overview-viewer-narrow.png`, fullPage: true });
  await context.close();
});

test('an admin sets a new password, which then signs in', async ({ page, browser }) => {
  const user = { email: `pw-${Date.now()}@e2e.test`, password: 'first-password-1' };
  await signIn(page, E2E_ADMIN, '/users');
  const add = page.getByRole('region', { name: 'Add a user' });
  await add.getByLabel('E-mail').fill(user.email);
  await add.getByLabel('Initial password (at least 10 characters)').fill(user.password);
  await add.getByRole('button', { name: 'Add user' }).click();
  const row = page.getByRole('row').filter({ hasText: user.email });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Set password…' }).click();
  // the console's own dialog, not the browser's prompt: a refusal stays in it, beside the field
  const dialog = page.getByRole('dialog', { name: `Set the password of ${user.email}` });
  const field = dialog.getByLabel('New password (at least 10 characters)');
  await expect(field).toBeVisible();
  await field.fill('short');
  await dialog.getByRole('button', { name: 'Set password', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Password must be at least 10 characters.');
  await field.fill('second-password-2');
  await dialog.getByRole('button', { name: 'Set password', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: `Password of ${user.email} changed.` })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/users-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole('row').filter({ hasText: user.email })).toBeVisible();
  const context = await browser.newContext();
  const other = await context.newPage();
  await expect(async () => {
    await signIn(other, { email: user.email, password: 'second-password-2' });
  }).toPass({ timeout: 10_000 });
  await context.close();
});
