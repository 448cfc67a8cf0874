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
