import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { resultCodeOf } from '../lib/marketplace/call';
import { pollQueryInstance } from '../lib/marketplace/retries';
import { verifyLicenceKey } from '../lib/licences/key';
import type { OrderInfo } from '../lib/openapi/types';
import { signIn } from './auth';
import { E2E_BASE_URL, E2E_EMULATOR_URL, MARKETPLACE_KEY, PRODUCE_URL, produce, SCREENSHOTS } from './support';

/**
 * Licence delivery (spec §9.4): an admin marks the product of a bought instance as a licence product; the order is in
 * the queue; a licence key is generated, delivery confirmed with the service start time and a note, the buyer's
 * acceptance recorded; the licence downloaded again verifies with the public key shown in Settings. A viewer cannot
 * deliver.
 */

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** A purchase of a product of its own (so that marking it queues this order only). */
async function buyLicenceProduct(productId: string) {
  const res = await fetch(`${E2E_EMULATOR_URL}/emulator/orders`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ orderType: 'NEW', chargingMode: 'PERIOD', periodType: 'year', periodNumber: 1, linearValue: 25, productId, productName: 'Licensed Desktop Suite' }),
  });
  expect(res.status).toBe(201);
  const order = ((await res.json()) as { orderInfo: OrderInfo }).orderInfo;
  const orderLineId = order.orderLine[0]!.orderLineId;
  const created = await produce({ activity: 'newInstance', orderId: order.orderId, orderLineId, businessId: randomUUID() });
  expect(['000000', '000004']).toContain(resultCodeOf(created));
  const instanceId = (created.json as { instanceId: string }).instanceId;
  const ready = await pollQueryInstance(PRODUCE_URL, MARKETPLACE_KEY, instanceId, { timeoutMs: 30_000, intervalMs: 500 });
  expect(ready.ok, ready.reason).toBe(true);
  return { orderId: order.orderId, instanceId };
}

async function shoot(page: Page, name: string) {
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

test('mark a licence product, deliver a signed licence key, record the acceptance, download it again; a viewer cannot deliver', async ({ page, browser }) => {
  const productId = `OFFILIC${Date.now()}`;
  const bought = await buyLicenceProduct(productId);
  let deliveryUrl = '';

  await signIn(page, undefined, '/licences');
  await expect(page.getByRole('heading', { level: 1, name: 'Licences' })).toBeVisible();

  await test.step('the admin marks the product; its order enters the queue', async () => {
    const products = page.getByRole('region', { name: 'Licence products' });
    await products.getByRole('button', { name: `Mark as licence product ${productId}` }).click();
    await expect(products.getByRole('status')).toHaveText(`Marked ${productId}; orders that joined the queue: 1.`);
    const row = page.getByRole('row').filter({ hasText: bought.instanceId });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('delivery-status')).toHaveText('awaiting delivery');
    await expect(row).toContainText('new purchase');
    // the filter keeps it among the awaiting ones
    await page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: /awaiting delivery/ }).click();
    await expect(page).toHaveURL(/status=awaiting/);
    await expect(page.getByRole('row').filter({ hasText: bought.instanceId })).toBeVisible();
    await shoot(page, 'licences');
    // the Overview says a licence is owed
    await page.goto('/');
    await expect(page.getByRole('link', { name: /^Licences awaiting delivery: \d+$/ })).toHaveAttribute('href', '/licences?status=awaiting');
    await page.goto('/licences?status=awaiting');
    await page.getByRole('row').filter({ hasText: bought.instanceId }).getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: /^Licence delivery #\d+$/ })).toBeVisible();
    deliveryUrl = page.url();
  });

  await test.step('generate a licence key, confirm delivery with the start time and a note', async () => {
    await expect(page.getByRole('button', { name: 'Confirm delivery' })).toBeDisabled();
    await page.getByRole('button', { name: 'Generate licence key' }).click();
    await expect(page.getByRole('region', { name: 'Licence' }).getByRole('status')).toHaveText('Licence key generated.');
    await expect(page.getByTestId('licence-sha256').filter({ visible: true })).toHaveText(/^[0-9a-f]{64}$/);
    const deliver = page.getByRole('region', { name: 'Confirm delivery' });
    await deliver.getByLabel('Actual service start time').fill('2026-11-20T09:30');
    await deliver.getByLabel('Note (optional, at most 1000 characters)').fill('Key sent to the buyer by e-mail.');
    await deliver.getByRole('button', { name: 'Confirm delivery' }).click();
    await expect(page.getByTestId('delivery-status').filter({ visible: true })).toHaveText('delivered');
  });

  await test.step("record the buyer's acceptance; the timeline holds every step", async () => {
    const decide = page.getByRole('region', { name: 'Buyer’s decision' });
    // a rejection without a reason is refused in the form
    await decide.getByLabel('Rejected').check();
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await expect(decide.getByRole('alert')).toHaveText('Say why the buyer rejected the licence.');
    await decide.getByLabel('Accepted').check();
    await decide.getByLabel('Note (required for a rejection)').fill('Accepted in the Seller Center.');
    await decide.getByRole('button', { name: 'Record decision' }).click();
    await expect(page.getByTestId('delivery-status').filter({ visible: true })).toHaveText('accepted');
    const timeline = page.getByTestId('licence-timeline').filter({ visible: true }).getByRole('listitem');
    await expect(timeline).toHaveCount(4);
    await expect(timeline.nth(0)).toContainText('Awaiting delivery');
    await expect(timeline.nth(1)).toContainText('Licence key generated');
    await expect(timeline.nth(2)).toContainText('Delivered');
    await expect(timeline.nth(2)).toContainText('Key sent to the buyer by e-mail.');
    await expect(timeline.nth(3)).toContainText('Accepted by the buyer');
    await expect(page.getByRole('region', { name: 'Confirm delivery' })).toHaveCount(0);
    await shoot(page, 'licence-detail');
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SCREENSHOTS}/licence-detail-390.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'no horizontal scrolling at 390 px').toBeLessThanOrEqual(0);
    await page.setViewportSize(LAPTOP);
  });

  await test.step('download the licence again: it verifies with the public key shown in Settings', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download licence' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^licence-.+\.lic$/);
    const key = fs.readFileSync((await download.path())!, 'utf8');
    await page.goto('/settings');
    const pem = (await page.getByTestId('licence-public-key').filter({ visible: true }).textContent())!;
    expect(pem).toContain('BEGIN PUBLIC KEY');
    await expect(page.getByTestId('licence-key-fingerprint').filter({ visible: true })).toHaveText(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
    await page.screenshot({ path: `${SCREENSHOTS}/licence-settings.png`, fullPage: true });
    const verified = verifyLicenceKey(key, pem);
    expect(verified.valid, JSON.stringify(verified)).toBe(true);
    if (verified.valid) expect(verified.payload).toMatchObject({ instanceId: bought.instanceId, orderId: bought.orderId, productId, linearValue: 25, skuCode: expect.any(String) });
    // tampered, it does not
    expect(verifyLicenceKey(key.replace(/^KGL1\.(.)/, (_m, c: string) => `KGL1.${c === 'e' ? 'f' : 'e'}`), pem).valid).toBe(false);
  });

  await test.step('a viewer sees the delivery but cannot deliver, decide or download', async () => {
    const viewer = { email: `lic-viewer-${Date.now()}@e2e.test`, password: 'viewer-password-1' };
    const created = await page.request.post(`${E2E_BASE_URL}/api/console/users`, { data: { ...viewer, role: 'viewer' } });
    expect(created.status()).toBe(201);
    const context = await browser.newContext();
    const vpage = await context.newPage();
    await signIn(vpage, viewer, new URL(deliveryUrl).pathname);
    await expect(vpage.getByTestId('delivery-status').filter({ visible: true })).toHaveText('accepted');
    await expect(vpage.getByText('Support staff and administrators issue, deliver and download licences').filter({ visible: true })).toBeVisible();
    await expect(vpage.getByRole('link', { name: 'Download licence' })).toHaveCount(0);
    await expect(vpage.getByRole('button', { name: /Generate|Confirm delivery|Record decision/ })).toHaveCount(0);
    const id = new URL(deliveryUrl).pathname.split('/').pop();
    const denied = await vpage.request.post(`${E2E_BASE_URL}/api/console/licences/${id}/actions`, {
      data: { action: 'deliver', serviceStartTime: new Date().toISOString() },
    });
    expect(denied.status()).toBe(403);
    expect(await denied.json()).toEqual({ error: { key: 'errors.needsRole', message: 'This needs the support role.' } });
    expect((await vpage.request.get(`${E2E_BASE_URL}/api/console/licences/${id}/download`)).status()).toBe(403);
    const mark = await vpage.request.post(`${E2E_BASE_URL}/api/console/licences/products`, { data: { productId: 'OFFI000000000000000009' } });
    expect(mark.status()).toBe(403);
    await vpage.goto('/licences');
    await expect(vpage.getByText('Only administrators mark licence products.').filter({ visible: true })).toBeVisible();
    await vpage.setViewportSize(PHONE);
    await vpage.screenshot({ path: `${SCREENSHOTS}/licences-390.png`, fullPage: true });
    await context.close();
  });

  await test.step('the audit log has every step', async () => {
    await page.goto('/audit');
    const entries = page.getByRole('region', { name: 'Audit entries' });
    for (const action of ['licence.product.mark', 'licence.generate', 'licence.deliver', 'licence.decide', 'licence.download']) {
      await expect(entries.getByRole('row').filter({ hasText: action }).first()).toBeVisible();
    }
    await expect(entries.getByRole('row').filter({ hasText: 'licence.deliver' }).filter({ hasText: 'denied' }).first()).toBeVisible();
  });
});

test('a product marked before the purchase: upload a licence file, download it byte for byte; a file over 1 MiB is refused', async ({ page }) => {
  const productId = `OFFIFILE${Date.now()}`;
  await signIn(page, undefined, '/licences');
  const marked = await page.request.post(`${E2E_BASE_URL}/api/console/licences/products`, { data: { productId } });
  expect(await marked.json()).toEqual({ productId, queued: 0 });
  const bought = await buyLicenceProduct(productId);

  await page.goto(`/instances/${bought.instanceId}`);
  const link = page.getByRole('region', { name: 'Licence deliveries' }).getByRole('link');
  await expect(link).toHaveText(/^#\d+$/);
  const id = (await link.textContent())!.slice(1);
  await link.click();
  await expect(page.getByRole('heading', { level: 1, name: `Licence delivery #${id}` })).toBeVisible();

  const content = Buffer.concat([Buffer.from('LICENSE-FILE\n'), Buffer.from([0, 1, 2, 254, 255])]);
  const sha = (await import('node:crypto')).createHash('sha256').update(content).digest('hex');
  await page.getByRole('button', { name: 'Upload file' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Choose a file first.' })).toBeVisible();
  await page.getByLabel('Or upload a licence file (at most 1 MiB)').setInputFiles({ name: 'customer.lic', mimeType: 'application/octet-stream', buffer: content });
  await page.getByRole('button', { name: 'Upload file' }).click();
  await expect(page.getByTestId('licence-sha256').filter({ visible: true })).toHaveText(sha);
  await expect(page.getByTestId('licence-timeline').filter({ visible: true })).toContainText('Licence file uploaded');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download licence' }).click()]);
  expect(download.suggestedFilename()).toBe('customer.lic');
  expect(Buffer.compare(fs.readFileSync((await download.path())!), content)).toBe(0);

  const big = await page.request.post(`${E2E_BASE_URL}/api/console/licences/${id}/file`, {
    multipart: { file: { name: 'big.lic', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1024 * 1024 + 1, 65) } },
  });
  expect(big.status()).toBe(413);
  expect(await big.json()).toEqual({
    error: { key: 'errors.licence.tooBig', message: 'file: a licence file may be at most 1 MiB.', fields: { file: 'file: a licence file may be at most 1 MiB.' } },
  });
  await page.reload();
  await expect(page.getByTestId('licence-sha256').filter({ visible: true })).toHaveText(sha);
});

test('a form error from the server in Chinese for a user who chose Chinese', async ({ browser }) => {
  const productId = `OFFILICZH${Date.now()}`;
  const bought = await buyLicenceProduct(productId);
  // a fresh admin of this test's own switches to Chinese (the other tests' admin keeps English)
  const email = `licence-zh-${randomUUID().slice(0, 8)}@e2e.test`;
  const password = 'licence-zh-password-1';
  const setup = await browser.newContext();
  const adminPage = await setup.newPage();
  await signIn(adminPage);
  expect((await adminPage.request.post('/api/console/users', { data: { email, role: 'admin', password } })).status()).toBe(201);
  await setup.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, { email, password }, '/licences');
  expect((await page.request.post('/api/locale', { data: { locale: 'zh' } })).status()).toBe(200);
  expect((await page.request.post('/api/console/licences/products', { data: { productId } })).status()).toBe(200);
  // newest first: this test's delivery is on the first page
  const list = (await (await page.request.get('/api/console/licences')).json()) as { rows: { id: string; instanceId: string }[] };
  const id = list.rows.find((r) => r.instanceId === bought.instanceId)!.id;
  expect((await page.request.post(`/api/console/licences/${id}/actions`, { data: { action: 'generate' } })).status()).toBe(200);

  await page.goto(`/licences/${id}`);
  const deliver = page.getByRole('region', { name: '确认交付' });
  await deliver.getByLabel('服务实际开通时间').fill('2099-01-01T09:30');
  await deliver.getByRole('button', { name: '确认交付' }).click();
  await expect(deliver.getByRole('alert')).toHaveText('服务实际开通时间晚于当前时间超过一天。');
  await context.close();
});

test('an admin marks a product ahead as an online licence that needs a device fingerprint', async ({ page }) => {
  const productId = `OFFIONL${Date.now()}`;
  await signIn(page, undefined, '/licences');
  const products = page.getByRole('region', { name: 'Licence products' });
  await products.getByLabel('Product id').fill(productId);
  await products.getByLabel('Generation').selectOption('online');
  await products.getByLabel('needs a device fingerprint').check();
  await products.getByRole('button', { name: 'Mark as licence product', exact: true }).click();
  await expect(products.getByRole('status')).toHaveText(`Marked ${productId}; orders that joined the queue: 0.`);
  const item = products.getByRole('listitem').filter({ hasText: productId });
  await expect(item).toContainText('online');
  await expect(item).toContainText('needs a device fingerprint');
});
