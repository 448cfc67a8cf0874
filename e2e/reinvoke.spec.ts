import { expect, test, type Page } from '@playwright/test';
import { signIn } from './auth';
import { buyInstanceWithId, produce, registerNewOrder, SCREENSHOTS, shootBoth } from './support';

/** The bulk re-invocation asks first, in the console's dialog: check the question, then confirm. */
async function confirmReinvoke(page: Page, question?: string) {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  if (question) await expect(dialog.getByRole('heading')).toHaveText(question);
  await dialog.getByRole('button', { name: 'Re-invoke', exact: true }).click();
  await expect(dialog).toBeHidden();
}

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
  await buyInstanceWithId(instanceId);

  await page.getByRole('button', { name: 'Re-invoke' }).click();
  await page.getByRole('button', { name: 'Yes, run it again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Succeeded: 000000' })).toBeVisible();
  const attempts = page.getByRole('list', { name: 'Attempts' }).getByRole('listitem');
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(1)).toContainText('(resolved)');
  await expect(attempts.nth(1)).toContainText('admin@e2e.test');
  // in place, before any reload: the new attempt's result links to it, the original is marked resolved, and the page
  // no longer offers to re-invoke it
  const outcome = page.getByRole('status').filter({ hasText: 'Succeeded: 000000' });
  await expect(outcome.getByRole('link', { name: /call \d+/ })).toHaveAttribute('href', /\/calls\/\d+$/);
  await expect(page.getByTestId('reinvoked-badge')).toHaveText('resolved by a re-invocation');
  const region = page.getByRole('region', { name: 'Re-invocation' });
  await expect(region.getByText(/This call cannot be re-invoked: it was resolved by its re-invocation, call \d+/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Re-invoke' })).toHaveCount(0);
  await expect(page.getByText('Still failing')).toHaveCount(0);
  const originalUrl = page.url();
  await shootBoth(page, 'call-reinvoked-in-place');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Re-invocation' }).getByText(/This call cannot be re-invoked: it was resolved by its re-invocation, call \d+/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Re-invoke' })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/call-reinvoked.png`, fullPage: true });

  // the new attempt links back to the original
  await attempts.nth(1).getByRole('link').click();
  await expect(page.getByText(/This is a re-invocation of call \d+, triggered by admin@e2e.test/)).toBeVisible();

  // All calls marks the re-invocations, each linking to its original, and the original links to its attempts
  const originalId = originalUrl.split('/').pop()!;
  await page.goto(`/calls?id=${instanceId}&activity=refreshInstance`);
  const rows = page.getByTestId('call-row').filter({ visible: true });
  await expect(rows).toHaveCount(3);
  await expect(rows.getByTestId('reinvocation-badge')).toHaveCount(2);
  const original = rows.filter({ has: page.getByTestId('attempts-link') });
  await expect(original.getByTestId('attempts-link')).toHaveText('re-invoked 2 times');
  await shootBoth(page, 'calls-reinvocations');
  await original.getByTestId('attempts-link').click();
  await expect(page).toHaveURL(new RegExp(`reinvokedFrom=${originalId}`));
  await expect(page.getByRole('form', { name: 'Filters' })).toContainText(`the re-invocations of call ${originalId}`);
  await expect(rows).toHaveCount(2);
  await rows.first().getByRole('link', { name: `a re-invocation of call ${originalId}: open the original` }).click();
  await expect(page).toHaveURL(originalUrl);
});

test('support staff may re-invoke; a viewer may read the failure but not re-invoke it', async ({ page, browser }) => {
  const stamp = Date.now();
  const support = { email: `support-${stamp}@e2e.test`, password: 'support-password-1' };
  const viewer = { email: `viewer-r-${stamp}@e2e.test`, password: 'viewer-password-1' };
  await signIn(page, undefined, '/users');
  for (const [u, role] of [
    [support, 'support'],
    [viewer, 'viewer'],
  ] as const) {
    const res = await page.request.post('/api/console/users', { data: { ...u, role } });
    expect(res.status()).toBe(201);
  }
  const failed = await produce({ activity: 'updateInstanceStatus', instanceId: `nobody-${stamp}`, status: 'FREEZE' });
  expect((failed.json as { resultCode: string }).resultCode).toBe('000003');

  const vctx = await browser.newContext();
  const vpage = await vctx.newPage();
  await signIn(vpage, viewer, `/calls?id=nobody-${stamp}`);
  await vpage.getByRole('row').filter({ hasText: 'updateInstanceStatus' }).first().getByRole('link').first().click();
  await expect(vpage.getByRole('region', { name: 'Re-invocation' })).toContainText('Re-invoking a call needs the support or admin role.');
  const callId = vpage.url().split('/').pop()!;
  const denied = await vpage.request.post(`/api/console/calls/${callId}/reinvoke`);
  expect(denied.status()).toBe(403);
  await vctx.close();

  const sctx = await browser.newContext();
  const spage = await sctx.newPage();
  await signIn(spage, support, `/calls/${callId}`);
  await spage.getByRole('button', { name: 'Re-invoke' }).click();
  await spage.getByRole('button', { name: 'Yes, run it again' }).click();
  await expect(spage.getByRole('status').filter({ hasText: 'Still failing: 000003' })).toBeVisible();
  await expect(spage.getByRole('list', { name: 'Attempts' })).toContainText(support.email);
  await sctx.close();
});

test('bulk: select failures in the Failures view and re-invoke them together', async ({ page }) => {
  const stamp = Date.now();
  const ids = [`bulk-a-${stamp}`, `bulk-b-${stamp}`];
  for (const instanceId of ids) {
    const r = await produce({ activity: 'updateInstanceStatus', instanceId, status: 'FREEZE' });
    expect((r.json as { resultCode: string }).resultCode).toBe('000003');
  }
  // the instances come into being afterwards (the first businessId becomes the instance id)
  for (const instanceId of ids) {
    const order = await registerNewOrder();
    await produce({ activity: 'newInstance', orderId: order.orderId, orderLineId: order.orderLine[0]!.orderLineId, businessId: instanceId });
  }
  await signIn(page, undefined, '/calls?view=failures');
  const failures = page.getByRole('region', { name: 'Failures' });
  for (const instanceId of ids) await failures.getByRole('checkbox', { name: `Select updateInstanceStatus ${instanceId}` }).check();
  await expect(failures.getByRole('button', { name: 'Re-invoke selected (2)' })).toBeEnabled();
  // provisioning must have finished for FREEZE to apply: retry the bulk until both succeed
  await failures.getByRole('button', { name: 'Re-invoke selected (2)' }).click();
  await confirmReinvoke(page, 'Run 2 failed calls again?');
  await expect(page.getByRole('status').filter({ hasText: /Re-invoked 2: \d succeeded/ })).toBeVisible();
  // in place: each attempt's result with a link to the new call
  const results = page.getByRole('status', { name: 'Results of the re-invocation' }).getByRole('listitem');
  await expect(results).toHaveCount(2);
  for (const instanceId of ids) await expect(results.filter({ hasText: instanceId }).getByRole('link', { name: /call \d+/ })).toHaveAttribute('href', /\/calls\/\d+$/);
  await expect(async () => {
    await page.reload();
    for (const instanceId of ids) {
      const box = page.getByRole('checkbox', { name: `Select updateInstanceStatus ${instanceId}` });
      if (await box.count()) {
        await box.check();
      }
    }
    const button = page.getByRole('button', { name: /Re-invoke selected \([12]\)/ });
    if (await button.count()) {
      await button.click();
      await confirmReinvoke(page);
      await expect(page.getByRole('status').filter({ hasText: /Re-invoked/ })).toBeVisible();
    }
    await page.reload();
    for (const instanceId of ids) await expect(page.getByRole('checkbox', { name: `Select updateInstanceStatus ${instanceId}` })).toHaveCount(0);
  }).toPass({ timeout: 20_000 });
  await page.screenshot({ path: `${SCREENSHOTS}/calls-failures-after-bulk.png`, fullPage: true });
});
