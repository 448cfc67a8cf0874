import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { addConsoleUser, signIn } from './auth';

/**
 * Settings → API keys (issue 8): an admin creates a key and sees it once, the list shows its prefix and never the key,
 * revoking asks first, and the audit log has both entries. The key check itself is tested against PostgreSQL
 * (tests/integration/apikeys); here the machine API's open document is read without a session.
 */
test('an admin creates an API key, sees it once, revokes it; the audit log shows both', async ({ page, browser }) => {
  const name = `e2e key ${randomUUID().slice(0, 8)}`;
  await signIn(page, undefined, '/settings');
  const card = page.getByRole('region', { name: 'API keys' });
  let key = '';
  let id = '';

  await test.step('create: the key is shown once, with the warning and a copy button', async () => {
    const form = card.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Name').fill(name);
    await expect(form.getByLabel('usage:write: report usage')).toBeChecked();
    await form.getByRole('button', { name: 'Create key' }).click();
    const shown = card.getByTestId('new-api-key');
    await expect(shown).toContainText('It is shown only once');
    key = (await shown.getByLabel('New API key').textContent())!.trim();
    expect(key).toMatch(/^kgs_[A-Za-z0-9_-]{43}$/);
    await expect(shown.getByRole('button', { name: 'Copy API key' })).toBeVisible();
    const row = card.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText(`${key.slice(0, 12)}…`);
    await expect(row).toContainText('usage:write');
    await expect(row).toContainText('never');
    await expect(row).toContainText('active');
  });

  await test.step('after a reload the key is gone; the list API never holds it', async () => {
    await page.reload();
    await expect(card.getByRole('row').filter({ hasText: name })).toBeVisible();
    await expect(page.getByText(key)).toHaveCount(0);
    const res = await page.request.get('/api/console/api-keys');
    const body = await res.text();
    expect(body).not.toContain(key.slice(12));
    id = (JSON.parse(body) as { keys: { id: string; name: string }[] }).keys.find((k) => k.name === name)!.id;
  });

  await test.step('revoke asks first; the row says when', async () => {
    const row = card.getByRole('row').filter({ hasText: name });
    await row.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog', { name: `Revoke API key "${name}"?` });
    await expect(dialog).toContainText('cannot be undone');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await expect(card.getByText(`API key "${name}" revoked.`)).toBeVisible();
    await expect(row).not.toContainText('active');
    await expect(row.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
  });

  await test.step('the audit log names both, with the key id and never the key', async () => {
    await page.goto('/audit');
    const entries = page.getByRole('region', { name: 'Audit entries' }).getByTestId('audit-entry').filter({ hasText: id });
    await expect(entries.filter({ hasText: 'Create API key' })).toHaveCount(1);
    await expect(entries.filter({ hasText: 'Revoke API key' })).toHaveCount(1);
    await expect(page.getByText(key.slice(12))).toHaveCount(0);
  });

  await test.step('support staff see no API keys and may not list them', async () => {
    const support = await addConsoleUser(browser, 'apikeys', 'support', 'apikeys-e2e-password-1');
    const context = await browser.newContext();
    const spage = await context.newPage();
    await signIn(spage, { email: support, password: 'apikeys-e2e-password-1' }, '/settings');
    await expect(spage.getByRole('heading', { level: 1 })).toHaveText('Settings');
    await expect(spage.getByRole('region', { name: 'API keys' })).toHaveCount(0);
    expect((await spage.request.get('/api/console/api-keys')).status()).toBe(403);
    await context.close();
  });

  await test.step('the machine API document is open without a session', async () => {
    const context = await browser.newContext();
    const res = await context.request.get('/api/v1/openapi.json');
    expect(res.status()).toBe(200);
    const doc = (await res.json()) as { openapi: string; components: { securitySchemes: Record<string, { scheme: string }> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.apiKey!.scheme).toBe('bearer');
    await context.close();
  });
});
