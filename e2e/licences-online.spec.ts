import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { resultCodeOf } from '../lib/marketplace/call';
import { verifyLicenceKey } from '../lib/licences/key';
import { addConsoleUser, signIn } from './auth';
import { buyInstance, E2E_EMULATOR_URL, produce, registerNewOrder, SCREENSHOTS } from './support';

/**
 * An online licence (spec §9.2) delivered end to end: the marketplace (played by this spec, signing as it signs)
 * buys an instance and asks for a device's licence with getLicenseAsync; the app answers 000004, its job signs the
 * licence with the built-in key and uploads it to the built-in emulator (market-event/{event_id}/file), where it
 * verifies with the public key Settings shows; the delivery is on the Licences page with its steps.
 *
 * The Licences page shows its generation (online), its status and every step of its timeline.
 */
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ts = (d: Date) => d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' z');

async function shots(page: Page, name: string) {
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-390.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name}: no horizontal scrolling at 390 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize(LAPTOP);
}

test('an online licence: getLicenseAsync answered 000004, the licence uploaded to the marketplace and verified, the delivery on the Licences page with its steps', async ({ page, browser }) => {
  const productId = `OFFIONL${Date.now()}`;
  const bought = await buyInstance(registerNewOrder({ productId, productName: 'Online Licensed Client', linearValue: 3 }));
  const eventId = `EVT-${randomUUID()}`;
  const fingerprint = 'BOARD-7F3A-CPU-11C9';

  const asked = await produce({
    activity: 'getLicenseAsync',
    eventId,
    instanceId: bought.instanceId,
    effectiveTime: ts(new Date(Date.now() - 60_000)),
    expireTime: ts(new Date(Date.now() + 180 * 24 * 3600 * 1000)),
    deviceFingerprint: fingerprint,
  });
  expect(resultCodeOf(asked), asked.rawBody).toBe('000004');

  const uploadsOf = async () => {
    const res = await fetch(`${E2E_EMULATOR_URL}/emulator/licence-uploads?event_id=${encodeURIComponent(eventId)}`);
    return ((await res.json()) as { events: { uploads: { type: string; characters?: string }[] }[] }).events[0]?.uploads ?? [];
  };
  await expect.poll(async () => (await uploadsOf()).length, { timeout: 30_000, message: 'the licence uploaded to the emulator' }).toBe(1);
  const [upload] = await uploadsOf();
  expect(upload!.type).toBe('CHARACTERS');

  await signIn(page, undefined, '/settings');
  const pem = (await page.getByTestId('licence-public-key').filter({ visible: true }).textContent())!;
  const verified = verifyLicenceKey(upload!.characters!, pem);
  expect(verified.valid, JSON.stringify(verified)).toBe(true);
  if (verified.valid) expect(verified.payload).toMatchObject({ instanceId: bought.instanceId, orderId: bought.orderId, productId, deviceFingerprint: fingerprint, eventId });

  await test.step('the delivery is on the Licences page, delivered, with its steps', async () => {
    await page.goto('/licences');
    const row = page.getByRole('row').filter({ hasText: bought.instanceId });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('delivery-status')).toHaveText('delivered');
    await expect(row.getByTestId('delivery-generation')).toHaveText('online');
    await expect(row).toContainText('new purchase');
    await shots(page, 'licences-online');
    await row.getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 1, name: /^Licence delivery #\d+$/ })).toBeVisible();
    await expect(page.getByTestId('delivery-status').filter({ visible: true })).toHaveText('delivered');
    const timeline = page.getByTestId('licence-timeline').filter({ visible: true }).getByRole('listitem');
    await expect(timeline).toHaveCount(5);
    await expect(timeline.nth(0)).toContainText('Awaiting delivery');
    await expect(timeline.nth(1)).toContainText('Licence requested by the marketplace (getLicenseAsync)');
    await expect(timeline.nth(1)).toContainText(`eventId ${eventId}`);
    await expect(timeline.nth(2)).toContainText('Licence key generated');
    await expect(timeline.nth(2)).toContainText(/SHA-256 [0-9a-f]{64}/);
    await expect(timeline.nth(3)).toContainText('Licence file uploaded');
    await expect(timeline.nth(3)).toContainText(`market-event/${eventId}/file · CHARACTERS`);
    await expect(timeline.nth(4)).toContainText('Delivered');
    await expect(timeline.nth(4)).toContainText('licence-upload');
    await shots(page, 'licence-online-detail');
  });

  await test.step('the product set to need a device fingerprint: a request without one is 000903', async () => {
    const marked = await page.request.post('/api/console/licences/products', { data: { productId, generation: 'online', deviceFingerprintRequired: true } });
    expect(marked.status(), await marked.text()).toBe(200);
    const refused = await produce({ activity: 'getLicenseAsync', eventId: `EVT-${randomUUID()}`, instanceId: bought.instanceId, effectiveTime: new Date().toISOString(), expireTime: ts(new Date(Date.now() + 24 * 3600 * 1000)) });
    expect(refused.json).toEqual({ resultCode: '000903', resultMsg: 'device fingerprint required: this product binds its licences to a device (deviceFingerprint)' });
    const bad = await page.request.post('/api/console/licences/products', { data: { productId, generation: 'sometimes' } });
    expect(bad.status()).toBe(400);
  });

  await test.step('in Chinese', async () => {
    const email = await addConsoleUser(browser, 'onl', 'admin', 'online-licence-zh-1');
    const context = await browser.newContext();
    const zh = await context.newPage();
    await signIn(zh, { email, password: 'online-licence-zh-1' }, '/licences');
    await zh.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
    await expect(zh.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(zh.getByRole('row').filter({ hasText: bought.instanceId }).getByTestId('delivery-generation')).toHaveText('在线开通');
    await shots(zh, 'zh-licences-online');
    await zh.getByRole('row').filter({ hasText: bought.instanceId }).getByRole('link').first().click();
    const timeline = zh.getByTestId('licence-timeline').filter({ visible: true }).getByRole('listitem');
    await expect(timeline.nth(1)).toContainText('云商店申请 License（getLicenseAsync）');
    await expect(timeline.nth(4)).toContainText('已交付');
    await shots(zh, 'zh-licence-online-detail');
    await context.close();
  });
});
