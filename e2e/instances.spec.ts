import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { signIn } from './auth';
import { randomUUID } from 'node:crypto';
import { buyInstance, E2E_BASE_URL, E2E_EMULATOR_URL, produce, produceOk, registerNewOrder, SCREENSHOTS, type BoughtInstance } from './support';

/**
 * The console's instances (issue 3): instances bought through the marketplace interface, found by order id, filtered
 * by status, opened; the password revealed (audited) and the instance frozen after a confirmation. A provisioning job
 * that keeps failing shows as a banner on its instance, with Retry now (issue 7).
 */

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };

async function shoot(page: Page, name: string) {
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-laptop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(LAPTOP);
}

test('console APIs refuse strangers with 401 JSON', async () => {
  const anon = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
  for (const [method, url] of [
    ['GET', '/api/console/instances'],
    ['GET', '/api/console/instances/x'],
    ['POST', '/api/console/instances/x/actions'],
    ['POST', '/api/console/instances/x/password'],
  ] as const) {
    const res = await anon.fetch(url, { method, data: method === 'POST' ? { action: 'freeze' } : undefined });
    expect(res.status(), `${method} ${url}`).toBe(401);
    expect(await res.json()).toHaveProperty('error');
  }
  await anon.dispose();
});

test('find, filter, open, reveal the password, freeze', async ({ page }) => {
  const bought: BoughtInstance[] = [];
  await test.step('the marketplace buys three instances and freezes the last', async () => {
    for (let i = 0; i < 3; i++) bought.push(await buyInstance());
    await produceOk({ activity: 'updateInstanceStatus', instanceId: bought[2]!.instanceId, status: 'FREEZE' });
  });
  const [first, second, frozen] = bought as [BoughtInstance, BoughtInstance, BoughtInstance];

  await signIn(page, undefined, '/instances');
  await expect(page.getByRole('heading', { level: 1, name: 'Instances' })).toBeVisible();
  const links = page.getByRole('main').getByRole('table').getByRole('link');

  await test.step('every instance is listed, newest first', async () => {
    await expect(links.first()).toHaveText(frozen.instanceId);
    for (const b of bought) await expect(page.getByRole('link', { name: b.instanceId })).toBeVisible();
    await shoot(page, 'instances-list');
  });

  await test.step('search by order id', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill(second.orderId);
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await expect(page).toHaveURL(new RegExp(`[?&]q=${second.orderId}`));
    await expect(links).toHaveCount(1);
    await expect(links.first()).toHaveText(second.instanceId);
    // the URL reproduces the view
    await page.reload();
    await expect(links).toHaveCount(1);
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue(second.orderId);
  });

  await test.step('filter by status', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await expect(page).not.toHaveURL(/[?&]q=/);
    await expect(page.getByRole('link', { name: first.instanceId })).toBeVisible();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('frozen');
    await expect(page).toHaveURL(/status=frozen/);
    await expect(page.getByRole('link', { name: frozen.instanceId })).toBeVisible();
    await expect(page.getByRole('link', { name: first.instanceId })).toHaveCount(0);
    await expect(page.getByRole('link', { name: second.instanceId })).toHaveCount(0);
    await shoot(page, 'instances-list-frozen');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('');
    await expect(page.getByRole('link', { name: first.instanceId })).toBeVisible();
  });

  await test.step('open the detail', async () => {
    await page.getByRole('link', { name: first.instanceId }).click();
    await expect(page).toHaveURL(new RegExp(`/instances/${first.instanceId}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(first.instanceId);
    await expect(page.getByTestId('instance-status').filter({ visible: true })).toHaveText('active');
    await expect(page.getByRole('region', { name: 'Subscription' })).toContainText('MOCK-SKU-BASIC');
    await expect(page.getByRole('region', { name: 'Subscription' })).toContainText(first.orderId);
    await expect(page.getByRole('region', { name: 'Customer' })).toContainText('mock_customer');
    await expect(page.getByTestId('timeline').filter({ visible: true })).toContainText('Call newInstance');
    await expect(page.getByTestId('timeline').filter({ visible: true })).toContainText('Provisioning job: completed');
    await expect(page.getByTestId('revealed-password')).toHaveCount(0);
  });

  await test.step('reveal the password', async () => {
    await page.getByRole('button', { name: 'Reveal password' }).click();
    await expect(page.getByTestId('revealed-password').filter({ visible: true })).toHaveText(first.password);
    await page.getByRole('button', { name: 'Hide' }).click();
    await expect(page.getByTestId('revealed-password')).toHaveCount(0);
  });

  await test.step('freeze: Escape cancels, confirming freezes', async () => {
    const dialog = page.getByRole('dialog');
    await page.getByRole('button', { name: 'Freeze…' }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Freeze this instance?');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.screenshot({ path: `${SCREENSHOTS}/instance-freeze-dialog.png` });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('instance-status').filter({ visible: true })).toHaveText('active');

    await page.getByRole('button', { name: 'Freeze…' }).click();
    await dialog.getByRole('button', { name: 'Freeze', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('instance-status').filter({ visible: true })).toHaveText('frozen');
    await expect(page.getByRole('status').filter({ hasText: 'the instance is now frozen' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Unfreeze…' })).toBeVisible();
    // both console actions are in the audit log, and so in the timeline
    await expect(page.getByTestId('timeline').filter({ visible: true })).toContainText('Console freeze: success');
    await expect(page.getByTestId('timeline').filter({ visible: true })).toContainText('Console revealPassword: success');
    await expect(page.getByTestId('timeline').filter({ visible: true })).toContainText('Freeze job:');
    await shoot(page, 'instance-detail');
  });

  await test.step('the API refuses a transition that is not allowed', async () => {
    const res = await page.request.post(`/api/console/instances/${first.instanceId}/actions`, { data: { action: 'freeze' } });
    expect(res.status()).toBe(409);
    expect((await res.json()).error.message).toMatch(/not active/);
  });
});

/** The emulator's Query Order answers HTTP 500 to the next `count` calls (README "The marketplace emulator"); 0 clears. */
async function orderQueryFaults(count: number) {
  const res = await fetch(`${E2E_EMULATOR_URL}/emulator/faults`, {
    method: count ? 'POST' : 'DELETE',
    headers: { 'Content-Type': 'application/json' },
    body: count ? JSON.stringify({ api: 'orderQuery', count, status: 500 }) : undefined,
  });
  expect(res.ok, `faults: ${await res.text()}`).toBe(true);
}

test('a failing provisioning job shows as a banner on its instance; Retry now after the fault is gone makes it active', async ({ page }) => {
  test.setTimeout(120_000);
  let instanceId = '';
  try {
    await test.step('Query Order fails: the provisioning job of a new purchase fails and retries', async () => {
      await orderQueryFaults(1000);
      const order = await registerNewOrder();
      const created = await produce({ activity: 'newInstance', orderId: order.orderId, orderLineId: order.orderLine[0]!.orderLineId, businessId: randomUUID() });
      instanceId = (created.json as { instanceId: string }).instanceId;
      expect(typeof instanceId, created.rawBody).toBe('string');
    });

    await signIn(page, undefined, `/instances/${encodeURIComponent(instanceId)}`);
    const banner = page.getByRole('region', { name: /^Provisioning: background job needing attention/ });

    await test.step('the banner says which work, which attempt, when the next try is, and the last error', async () => {
      await expect(banner).toBeVisible({ timeout: 30_000 });
      await expect(banner.getByRole('heading', { name: 'Provisioning is failing' })).toBeVisible();
      await expect(banner.getByTestId('job-progress')).toHaveText(/^attempt \d+ of 9 failed, next try (in \d|any moment)/, { timeout: 30_000 });
      await expect(banner).toContainText('Last error:');
      await expect(banner.locator('code')).toContainText(/\S/);
      await expect(banner.getByRole('link', { name: 'Its calls and attempts' })).toHaveAttribute('href', /^\/calls\?jobId=/);
      await expect(page.getByTestId('instance-status').filter({ visible: true })).toHaveText('provisioning');
      await shoot(page, 'instance-banner');
    });

    await test.step('with the fault gone, Retry now runs it at once: the instance becomes active and the banner goes', async () => {
      await orderQueryFaults(0);
      await banner.getByRole('button', { name: 'Retry now' }).click();
      await expect(page.getByTestId('instance-status').filter({ visible: true })).toHaveText('active', { timeout: 30_000 });
      await expect(banner).toHaveCount(0, { timeout: 15_000 });
      await expect(page.getByTestId('timeline').filter({ visible: true })).toContainText('Provisioning job: completed');
    });
  } finally {
    await orderQueryFaults(0);
  }
});
