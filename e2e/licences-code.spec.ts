import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './auth';
import { E2E_EMULATOR_URL, MARKETPLACE_KEY, PRODUCE_URL, SCREENSHOTS } from './support';

/**
 * A licence code activated by a script playing the seller's software (issue 10, spec §9.1): the marketplace (the
 * built-in emulator) holds a fresh code; an API key with licences:activate is made through the console's API; the
 * "software" activates the code; the Licences page shows a licence-code delivery with its status and the 授权码激活
 * step; the emulator's `licence` command freezes the code (signed with the licence key), and after a heartbeat the page
 * shows it frozen.
 */
const run = promisify(execFile);
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function shots(page: Page, name: string) {
  for (const [size, vp] of [
    ['1280', LAPTOP],
    ['390', PHONE],
  ] as const) {
    await page.setViewportSize(vp);
    // nothing wider than the screen at phone width
    if (size === '390') expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${size}.png`, fullPage: true });
  }
  await page.setViewportSize(LAPTOP);
}

test('a licence code activated by a script playing the seller’s software, frozen by the marketplace, on the Licences page', async ({ page }) => {
  test.setTimeout(120_000);
  const orderId = `CSLICE2E${Date.now()}`;
  const made = await fetch(`${E2E_EMULATOR_URL}/emulator/licences`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ orderId, productId: 'OFFI-LIC-E2E', expireTime: Date.now() + 365 * 24 * 3600 * 1000 }),
  });
  expect(made.status).toBe(201);
  const license = ((await made.json()) as { licence: { license: string } }).licence.license;

  await signIn(page, undefined, '/licences');
  const key = await test.step('an admin makes an API key with licences:activate', async () => {
    const res = await page.request.post('/api/console/api-keys', { data: { name: `software ${orderId}`, scopes: ['licences:activate'] } });
    expect(res.status(), await res.text()).toBe(201);
    return ((await res.json()) as { key: string }).key;
  });
  const software = (path: 'activate' | 'heartbeat', data: Record<string, unknown>) =>
    page.request.post(`/api/v1/licences/${path}`, { headers: { Authorization: `Bearer ${key}` }, data });

  await test.step('the seller’s software activates the code: active, with its expiry', async () => {
    const res = await software('activate', { license, deviceFingerprint: 'E2E-BOARD-8A3F6034E2C1D9B7' });
    expect(res.status(), await res.text()).toBe(200);
    expect(await res.json()).toMatchObject({ license, verdict: 'active', active: true, status: 'active', marketStatus: 'ALIVE', orderId });
  });

  let deliveryUrl = '';
  await test.step('the Licences page lists it as a licence-code delivery, active, with 授权码激活 on its timeline', async () => {
    await page.goto('/licences?generation=licence_code');
    await expect(page.getByRole('navigation', { name: 'Filter by generation' }).getByRole('link', { name: /licence code/ })).toHaveAttribute('aria-current', 'page');
    const row = page.getByRole('row').filter({ hasText: orderId });
    await expect(row.getByTestId('delivery-generation')).toHaveText('licence code');
    await expect(row.getByTestId('delivery-code')).toHaveText(license);
    await expect(row.getByTestId('code-status')).toHaveText('active');
    await expect(row).toContainText('Marketplace says: ALIVE');
    await shots(page, 'licences-code-list-en');
    await row.getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('#');
    deliveryUrl = page.url();
    const codes = page.getByTestId('licence-codes').filter({ visible: true });
    await expect(codes).toContainText(license);
    await expect(codes.getByTestId('code-status')).toHaveText('active');
    await expect(codes).toContainText('E2E-BOAR…D9B7');
    const timeline = page.getByTestId('licence-timeline').filter({ visible: true });
    await expect(timeline).toContainText('Licence code activated (授权码激活)');
    await expect(timeline).toContainText('授权码激活');
  });

  await test.step('the emulator’s licence command freezes it, signed with the licence key; a heartbeat, and the page shows frozen', async () => {
    const { stdout } = await run(
      'node_modules/.bin/tsx',
      ['emulator/cli.ts', 'licence', '--url', PRODUCE_URL, '--key', MARKETPLACE_KEY, '--code', license, '--emulator', E2E_EMULATOR_URL, '--steps', 'freeze'],
      { timeout: 60_000 },
    );
    expect(stdout).toContain('PASS  updateLicenseCodeStatus FREEZE: HTTP 200 resultCode 000000');
    expect(stdout).toContain('Licence lifecycle passed');
    const held = await (await fetch(`${E2E_EMULATOR_URL}/emulator/licences/${encodeURIComponent(license)}`)).json();
    expect(held).toMatchObject({ licence: { status: 'FROZEN' } });
    const beat = await software('heartbeat', { license });
    expect(beat.status(), await beat.text()).toBe(200);
    await page.goto(deliveryUrl);
    const codes = page.getByTestId('licence-codes').filter({ visible: true });
    await expect(codes.getByTestId('code-status')).toHaveText('frozen');
    await expect(codes).toContainText('FROZEN');
    await expect(page.getByTestId('licence-timeline').filter({ visible: true })).toContainText('Frozen by the marketplace');
    await shots(page, 'licences-code-detail-en');
    await page.goto('/licences?generation=licence_code');
    await expect(page.getByRole('row').filter({ hasText: orderId }).getByTestId('code-status')).toHaveText('frozen');
  });

  await test.step('in Chinese', async () => {
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('License 交付');
    const row = page.getByRole('row').filter({ hasText: orderId });
    await expect(row.getByTestId('delivery-generation')).toHaveText('授权码');
    await expect(row.getByTestId('code-status')).toHaveText('已冻结');
    await shots(page, 'licences-code-list-zh');
    await page.goto(deliveryUrl);
    await expect(page.getByTestId('licence-timeline').filter({ visible: true })).toContainText('授权码激活');
    await expect(page.getByTestId('licence-timeline').filter({ visible: true })).toContainText('云商店冻结');
    await shots(page, 'licences-code-detail-zh');
    await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Licence delivery');
  });
});

test('the debugger sends the licence-code activities signed with the licence key, on a test code', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, undefined, '/debugger');
  for (const activity of ['refreshLicenseCode', 'updateLicenseCodeStatus', 'releaseLicenseCode']) {
    await page.getByLabel('Activity').selectOption(activity);
    await expect(page.getByLabel(/^license/)).toHaveValue('DEBUG-LICENSE-CODE-0001');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await expect(result.getByTestId('verdict-summary')).toContainText('Passed', { timeout: 15_000 });
    // the licence variant: the signature's hex in lower case
    await expect(result.getByTestId('curl')).toContainText(/signature=[0-9a-f]{64}&/);
    await expect(result.getByTestId('curl')).toContainText(`"activity":"${activity}"`);
    if (activity === 'updateLicenseCodeStatus') {
      await expect(page.getByText(/Signed with the licence key/)).toBeVisible();
      await shots(page, 'debugger-licence-en');
    }
  }
});
