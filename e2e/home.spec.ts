import { expect, test } from '@playwright/test';
import { signIn } from './auth';
import { buyInstance, E2E_BASE_URL, PRODUCE_URL, SCREENSHOTS } from './support';

test('the overview shows the production URL and the configuration warnings', async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveTitle('KooGallery Seller');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overview');
  await expect(page.getByText(PRODUCE_URL, { exact: true })).toBeVisible();
  expect(PRODUCE_URL).toBe(`${E2E_BASE_URL}/api/produce`);
  await expect(page.getByRole('definition').filter({ hasText: 'embedded (PGlite)' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'built-in emulator' })).toBeVisible();

  const warnings = page.getByRole('region', { name: 'Configuration warnings' });
  await expect(warnings).toBeVisible();
  await expect(warnings.getByRole('heading')).toHaveText('Configuration needs attention');
  // no AK/SK: orders come from the built-in emulator
  await expect(warnings.getByRole('listitem').filter({ hasText: 'HUAWEICLOUD_AK / HUAWEICLOUD_SK are not set' })).toContainText(
    'built-in marketplace emulator',
  );
  // MARKETPLACE_KEY is set for the run, so that warning must not be there
  await expect(warnings.getByRole('listitem').filter({ hasText: 'MARKETPLACE_KEY is not set' })).toHaveCount(0);
  // nor the banner that heads the page without a key (its ordering: tests/unit/overview.test.ts)
  await expect(page.getByRole('alert').filter({ hasText: 'MARKETPLACE_KEY' })).toHaveCount(0);
  // the outbound APIs' circuit breakers, each working (closed) on a quiet day
  const breakers = page.getByTestId('breakers');
  for (const api of ['queryOrder', 'usagePush', 'licence', 'webhook']) await expect(breakers.locator(`[data-api="${api}"]`)).toHaveAttribute('data-state', 'closed');
  await expect(breakers.locator('[data-api="queryOrder"]')).toContainText('Query Order');
  await expect(breakers.locator('[data-api="queryOrder"]')).toContainText('working');
  await page.screenshot({ path: `${SCREENSHOTS}/home.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 667 });
  await page.screenshot({ path: `${SCREENSHOTS}/home-narrow.png`, fullPage: true });
});

test('settings show which keys are configured, masked with a fingerprint', async ({ page }) => {
  await signIn(page, undefined, '/settings');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  const keys = page.getByRole('region', { name: 'Keys', exact: true });
  const basic = keys.getByRole('row').filter({ hasText: 'MARKETPLACE_KEY' }).first();
  await expect(basic).toContainText('***');
  await expect(basic).toContainText(/[0-9a-f]{12}/);
  await expect(keys).not.toContainText('e2e-key');
  await expect(keys.getByRole('row').filter({ hasText: 'HUAWEICLOUD_AK' })).toContainText('not set (uses built-in emulator)');
  await expect(page.getByRole('region', { name: 'Production URL' })).toContainText(PRODUCE_URL);
  await page.screenshot({ path: `${SCREENSHOTS}/settings.png`, fullPage: true });
});

test('the overview charts calls and counts instances once there is traffic', async ({ page }) => {
  await buyInstance();
  await signIn(page);
  await expect(page.getByRole('figure').filter({ hasText: 'Calls per hour, last 24 hours' })).toContainText(/\d+ calls/);
  await expect(page.getByRole('figure').filter({ hasText: 'Calls per hour, last 24 hours' })).not.toContainText('No calls yet');
  const byStatus = page.getByRole('region', { name: 'Instances by status' });
  await expect(byStatus.getByRole('link').filter({ hasText: 'active' })).not.toContainText(/^0/);
  await page.screenshot({ path: `${SCREENSHOTS}/overview.png`, fullPage: true });
});

test('the overview shows the self-check: its schedule, the last one, the streak, the next one, and a warning without saved cases', async ({ page }) => {
  await signIn(page);
  const card = page.getByRole('region', { name: 'Self-check (the marketplace’s dial test)' });
  await expect(card).toContainText('This app replays them first, as Run all does, at 07:00, 19:00 (Asia/Shanghai).');
  // what the page shows is what the console API answers
  const summary = (await (await page.request.get('/api/console/selfcheck')).json()) as {
    next: string;
    latest: { runId: string; failed: number } | null;
    streakDays: number;
    savedCases: number;
  };
  // the next slot is 07:00 or 19:00 in Shanghai (23:00 or 11:00 UTC), within 12 hours
  expect(summary.next).toMatch(/T(23|11):00:00\.000Z$/);
  expect(Date.parse(summary.next) - Date.now()).toBeLessThanOrEqual(12 * 3600 * 1000);
  await expect(card.getByTestId('self-check-next').locator('time')).toHaveAttribute('datetime', summary.next);
  await expect(card.getByTestId('self-check-next')).toContainText(/\((07|19):00 Asia\/Shanghai\)/);
  await expect(card.getByTestId('self-check-streak')).toHaveAttribute('data-days', String(summary.streakDays));
  if (summary.latest) await expect(card.getByRole('link', { name: `Open run ${summary.latest.runId}` })).toHaveAttribute('href', `/debugger/cases?run=${summary.latest.runId}#history-run`);
  else await expect(card.getByTestId('self-check-last')).toHaveText('none yet');

  // without saved cases it says the dial test has nothing to replay; a saved case makes the warning go
  const noCases = card.getByTestId('self-check-no-cases');
  await expect(noCases).toHaveCount(summary.savedCases === 0 ? 1 : 0);
  if (summary.savedCases === 0) await expect(noCases).toContainText('No saved debug cases: the marketplace’s dial test has nothing to replay');
  await page.screenshot({ path: `${SCREENSHOTS}/home-selfcheck-en-1280.png`, fullPage: true });
  await card.screenshot({ path: `${SCREENSHOTS}/selfcheck-card-en-1280.png` });
  const saved = await page.request.post('/api/console/debugger/cases', {
    data: { name: 'self-check e2e', activity: 'newInstance', params: { orderId: 'MOCKPERIODYEARNEW', orderLineId: 'MOCKPERIODYEARNEW-000001', businessId: '{{uuid}}' } },
  });
  expect(saved.status(), await saved.text()).toBe(201);
  const { id } = (await saved.json()) as { id: string };
  await page.reload();
  await expect(card).toBeVisible();
  await expect(noCases).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await card.screenshot({ path: `${SCREENSHOTS}/selfcheck-card-en-390.png` });

  // in Chinese, at both widths; then back to English (the choice is remembered on the user)
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  const zhCard = page.getByRole('region', { name: '自检（云商店拨测）' });
  await expect(zhCard).toContainText('时间为 07:00、19:00（Asia/Shanghai）');
  await expect(zhCard.getByText('连续通过天数')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/home-selfcheck-zh-1280.png`, fullPage: true });
  await zhCard.screenshot({ path: `${SCREENSHOTS}/selfcheck-card-zh-1280.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await zhCard.screenshot({ path: `${SCREENSHOTS}/selfcheck-card-zh-390.png` });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overview');

  expect((await page.request.delete(`/api/console/debugger/cases/${id}`)).status()).toBe(200);
});
