import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { addConsoleUser, signIn } from './auth';

/**
 * Settings → Joint-operation public key (issue 9): an admin sees the RSA public key to upload (PEM, copy button,
 * fingerprint) in English and Chinese, at laptop and phone width; a viewer does not see the card. The key pair itself
 * is tested in tests/unit/kit and tests/integration/kit.
 */
const SHOTS = '/tmp/shots-kit';
const PASSWORD = 'kitkey-password-1';
const FINGERPRINT = /^([0-9a-f]{2}:){31}[0-9a-f]{2}$/;

test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

async function checkCard(page: Page, title: string, copy: string) {
  const card = page.getByRole('region', { name: title });
  await expect(card.getByTestId('kit-public-key')).toContainText('-----BEGIN PUBLIC KEY-----');
  await expect(card.getByTestId('kit-public-key')).toContainText('-----END PUBLIC KEY-----');
  const fingerprint = (await card.getByTestId('kit-key-fingerprint').textContent())!.trim();
  expect(fingerprint).toMatch(FINGERPRINT);
  await expect(card.getByRole('button', { name: copy })).toBeVisible();
  // what the card shows is what the API answers
  const api = (await (await page.request.get('/api/console/kit/public-key')).json()) as { pem: string; fingerprint: string };
  expect(api.fingerprint).toBe(fingerprint);
  expect((await card.getByTestId('kit-public-key').textContent())!.trim()).toBe(api.pem.trim());
  return card;
}

test('an admin sees the joint-operation public key in English, at 1366 and 390 px', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, undefined, '/settings');
  const card = await checkCard(page, 'Joint-operation public key', 'Copy Public key (PEM)');
  await expect(card).toContainText('when applying for application credentials');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/en-1366.png`, fullPage: true });
  await card.screenshot({ path: `${SHOTS}/en-1366-card.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(card.getByTestId('kit-public-key')).toBeVisible();
  const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scrollWidth, 'no sideways scroll at 390 px').toBeLessThanOrEqual(innerWidth);
  await page.screenshot({ path: `${SHOTS}/en-390.png`, fullPage: true });
  await card.screenshot({ path: `${SHOTS}/en-390-card.png` });
});

test('a Chinese admin sees 联营应用公钥, at 1366 and 390 px', async ({ browser }) => {
  const email = await addConsoleUser(browser, 'kitkey', 'admin', PASSWORD);
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(`/login?callbackUrl=${encodeURIComponent('/settings')}`);
  const form = page.getByRole('form', { name: '登录' });
  await form.getByLabel('邮箱').fill(email);
  await form.getByLabel('密码').fill(PASSWORD);
  await form.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  const card = await checkCard(page, '联营应用公钥', '复制 公钥（PEM）');
  await expect(card).toContainText('应用凭证申请');
  await page.screenshot({ path: `${SHOTS}/zh-1366.png`, fullPage: true });
  await card.screenshot({ path: `${SHOTS}/zh-1366-card.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(card.getByTestId('kit-public-key')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/zh-390.png`, fullPage: true });
  await card.screenshot({ path: `${SHOTS}/zh-390-card.png` });
  await context.close();
});

test('a viewer does not see the card, and the API refuses them', async ({ browser }) => {
  const email = await addConsoleUser(browser, 'kitkey', 'viewer', PASSWORD);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, { email, password: PASSWORD }, '/settings');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await expect(page.getByRole('region', { name: 'Licence public key' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Joint-operation public key' })).toHaveCount(0);
  expect((await page.request.get('/api/console/kit/public-key')).status()).toBe(403);
  await context.close();
});
