import { expect, test } from '@playwright/test';
import { signIn } from './auth';
import { PRODUCE_URL, SCREENSHOTS } from './support';

test('the overview shows the production URL and the configuration warnings', async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveTitle('KooGallery Seller');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overview');
  await expect(page.getByText(PRODUCE_URL, { exact: true })).toBeVisible();
  expect(PRODUCE_URL).toBe('http://127.0.0.1:3210/api/produce');
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
  await page.screenshot({ path: `${SCREENSHOTS}/home.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 667 });
  await page.screenshot({ path: `${SCREENSHOTS}/home-narrow.png`, fullPage: true });
});
