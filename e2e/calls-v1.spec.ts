import { expect, test } from '@playwright/test';
import { buildV1Request } from '../lib/marketplace/v1/call';
import { signIn } from './auth';
import { buyInstanceWithId, MARKETPLACE_KEY, PRODUCE_URL, SCREENSHOTS } from './support';

/** A V1 call as the marketplace sends it (spec §4.1): a GET, every value URL-encoded, the authToken last. */
async function v1(params: Record<string, string>) {
  const req = buildV1Request({ url: PRODUCE_URL, key: MARKETPLACE_KEY, params });
  const res = await fetch(req.url, { headers: { accept: 'application/json' } });
  return { status: res.status, bodySign: res.headers.get('body-sign'), json: (await res.json()) as { resultCode: string } };
}

/**
 * A V1 renewal for an instance that does not exist yet fails (000003) and is marked V1 in the call log; once the
 * instance is bought, support re-invokes the V1 call from its page and it succeeds; the page's curl command is a V1
 * GET signed with a fresh timeStamp and authToken.
 */
test('a V1 call is visible, marked V1, and re-invocable in the call log', async ({ page }) => {
  const instanceId = `e2e-v1-${Date.now()}`;
  const renewal = { activity: 'refreshInstance', orderId: `V1RENEW${Date.now()}`, instanceId, expireTime: '20311231000000' };
  const failed = await v1(renewal);
  expect(failed.status).toBe(200);
  expect(failed.bodySign).toMatch(/^sign_type="HMAC-SHA256", signature= "[A-Za-z0-9+/]+=*"$/);
  expect(failed.json.resultCode).toBe('000003');

  await signIn(page, undefined, `/calls?id=${instanceId}`);
  const row = page.getByTestId('call-row').filter({ visible: true }).filter({ hasText: 'refreshInstance' }).first();
  await expect(row).toBeVisible();
  await expect(row.getByTestId('v1-badge')).toHaveText('V1');
  await page.screenshot({ path: `${SCREENSHOTS}/calls-v1.png`, fullPage: true });
  // the attention queue lists it, marked V1 too
  await page.goto('/calls?view=failures');
  const failure = page.getByTestId('failure-row').filter({ visible: true }).filter({ hasText: instanceId });
  await expect(failure.getByTestId('v1-badge')).toHaveText('V1');
  await page.screenshot({ path: `${SCREENSHOTS}/calls-v1-failures.png`, fullPage: true });
  await page.goto(`/calls?id=${instanceId}`);
  await row.getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('refreshInstance');
  await expect(page.getByText(/GET \S*activity=refreshInstance/).first()).toBeVisible();

  // the instance is bought meanwhile (V2; its id is the purchase's businessId): re-invoking the V1 renewal succeeds
  await buyInstanceWithId(instanceId);
  await page.getByRole('button', { name: 'Re-invoke' }).click();
  await page.getByRole('button', { name: 'Yes, run it again' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Succeeded: 000000' })).toBeVisible();
  await expect(page.getByTestId('reinvoked-badge')).toHaveText('resolved by a re-invocation');

  // the curl command replays it as V1: a GET with a fresh timeStamp and authToken, valid for the V1 window
  await expect(page.getByText(/signed now on the server with a new timeStamp and authToken/)).toBeVisible();
  await page.getByRole('button', { name: 'Sign a curl command' }).click();
  const curl = page.getByLabel('curl command');
  await expect(curl).toContainText('activity=refreshInstance');
  await expect(curl).toContainText('authToken=');
  await expect(page.getByTestId('curl-validity')).toContainText(/valid for (9|10) min/);
  await page.screenshot({ path: `${SCREENSHOTS}/call-v1-reinvoked.png`, fullPage: true });

  // All calls: the original and its re-invocation, both V1
  await page.goto(`/calls?id=${instanceId}&activity=refreshInstance`);
  const rows = page.getByTestId('call-row').filter({ visible: true });
  await expect(rows).toHaveCount(2);
  await expect(rows.getByTestId('v1-badge')).toHaveCount(2);
  await expect(rows.getByTestId('reinvocation-badge')).toHaveCount(1);
});
