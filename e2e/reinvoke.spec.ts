import { expect, test } from '@playwright/test';
import { signIn } from './auth';
import { produce, registerNewOrder, SCREENSHOTS } from './support';

/**
 * Support staff re-invoke a failed call until it succeeds: a renewal arrives for an instance that does not exist yet
 * (000003), the instance is then bought (its id is the purchase's businessId), and re-invoking the renewal succeeds.
 */
test('re-invoking a failed call until it succeeds', async ({ page }) => {
  const instanceId = `e2e-later-${Date.now()}`;
  const renewal = {
    activity: 'refreshInstance',
    instanceId,
    orderId: 'MOCKMONTYRENEW',
    orderLineId: 'MOCKMONTYRENEW-000001',
    scene: 'RENEWAL',
    expireTime: '20301231000000',
  };
  const failed = await produce(renewal);
  expect((failed.json as { resultCode: string }).resultCode).toBe('000003');

  await signIn(page, undefined, `/calls?id=${instanceId}`);
  const row = page.getByRole('row').filter({ hasText: 'refreshInstance' }).first();
  await expect(row).toBeVisible();
  await row.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('refreshInstance');

  // first attempt: still failing, because the instance does not exist yet
  await page.getByRole('button', { name: 'Re-invoke' }).click();
  await page.getByRole('button', { name: 'Yes, run it again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Still failing: 000003' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Attempts' }).getByRole('listitem')).toHaveCount(1);

  // the marketplace buys the instance meanwhile (the first businessId becomes the instance id)
  const order = await registerNewOrder();
  const bought = await produce({ activity: 'newInstance', orderId: order.orderId, orderLineId: order.orderLine[0]!.orderLineId, businessId: instanceId });
  expect(['000000', '000004']).toContain((bought.json as { resultCode: string }).resultCode);

  await page.getByRole('button', { name: 'Re-invoke' }).click();
  await page.getByRole('button', { name: 'Yes, run it again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Succeeded: 000000' })).toBeVisible();
  const attempts = page.getByRole('list', { name: 'Attempts' }).getByRole('listitem');
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(1)).toContainText('(resolved)');
  await expect(attempts.nth(1)).toContainText('admin@e2e.test');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Re-invocation' }).getByText(/This call cannot be re-invoked: it was resolved by its re-invocation, call \d+/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Re-invoke' })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/call-reinvoked.png`, fullPage: true });

  // the new attempt links back to the original
  await attempts.nth(1).getByRole('link').click();
  await expect(page.getByText(/This is a re-invocation of call \d+, triggered by admin@e2e.test/)).toBeVisible();
});
