import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { sendProduceCall } from '../lib/marketplace/call';
import { signIn } from './auth';
import { MARKETPLACE_KEY, PRODUCE_URL, SCREENSHOTS, produce } from './support';

/**
 * The interface call log: failing calls made through the production interface show up in the log, filter to
 * failures, appear in the Failures queue with a countdown, and open to a detail with a freshly signed curl command.
 */

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 667 };

async function shoot(page: Page, name: string) {
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-narrow.png`, fullPage: true });
  await page.setViewportSize(LAPTOP);
}

test('console calls API needs a session', async ({ request }) => {
  for (const path of ['/api/console/calls', '/api/console/calls/failures', '/api/console/calls/1', '/api/console/calls/1/curl']) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(401);
    expect(await res.json()).toHaveProperty('error');
  }
});

test('failing calls in the log, the Failures queue, the detail and a fresh curl', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  // a bad signature (wrong key), an unknown activity, and a renewal of an instance we do not have (000003)
  const badSig = await sendProduceCall({ url: PRODUCE_URL, key: 'not-the-key', body: { activity: 'queryInstance', instanceId: `bad-${tag}` } });
  expect(badSig.rawBody).toContain('000001');
  const unknown = await produce({ activity: 'teleportInstance', instanceId: `tp-${tag}` });
  expect(unknown.rawBody).toContain('000002');
  const renewal = {
    activity: 'refreshInstance',
    scene: 'RENEWAL',
    orderId: `ORD-${tag}`,
    orderLineId: `ORD-${tag}-000001`,
    instanceId: `gone-${tag}`,
    expireTime: '20301231000000',
  };
  const renew = await produce(renewal);
  expect(renew.rawBody).toContain('000003');

  await signIn(page, undefined, '/calls');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Call log');
  const rows = page.getByTestId('call-row').filter({ visible: true });
  await expect(rows.filter({ hasText: 'teleportInstance' })).toHaveCount(1);
  await expect(rows.filter({ hasText: `gone-${tag}` })).toHaveCount(1);
  await shoot(page, 'calls-list');

  // a new call appears without reloading
  await produce({ activity: 'queryInstance', instanceId: `new-${tag}` });
  await expect(rows.filter({ hasText: `new-${tag}` })).toHaveCount(1, { timeout: 12_000 });

  // filter to failures: the URL holds the filter, every row failed
  const filters = page.getByRole('form', { name: 'Filters' });
  await filters.getByLabel('Outcome').selectOption('failure');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/outcome=failure/);
  await expect(rows.filter({ hasText: 'teleportInstance' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'ok' }).filter({ hasNotText: 'failed' })).toHaveCount(0);
  // the link reproduces the view
  await page.reload();
  await expect(filters.getByLabel('Outcome')).toHaveValue('failure');

  // pickers for activity and result code; an id in another case; a time typed as the console shows it
  await page.goto('/calls');
  await filters.getByLabel('Activity').selectOption('refreshInstance');
  await filters.getByLabel('Result code').selectOption('000003');
  await filters.getByLabel('Instance or order id').fill(`GONE-${tag.toUpperCase()}`);
  await filters.getByLabel('From').fill('01/12/2026');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(filters.getByRole('alert')).toContainText('Enter a time as YYYY-MM-DD HH:mm:ss');
  await expect(page).not.toHaveURL(/activity=/);
  await filters.getByLabel('From').fill('2020-01-01 00:00');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/activity=refreshInstance.*resultCode=000003/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`gone-${tag}`);
  await expect(filters.getByLabel('From')).toHaveValue('2020-01-01 00:00:00');
  // every time in the list reads 2026-12-01 18:50:33, with UTC on hover
  await expect(rows.first().locator('time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  await expect(rows.first().locator('time')).toHaveAttribute('title', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);

  // the bad signature: result code filter, then its detail
  await page.goto(`/calls?id=bad-${tag}`);
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole('link').click();
  await expect(page.getByTestId('signature-verdict').filter({ visible: true })).toContainText('signature does not match');
  await expect(page.getByText('Only inbound')).toHaveCount(0);

  // the Failures queue: the renewal counts down its 1 hour window; the bad signature is not the marketplace's
  await page.goto('/calls');
  await page.getByRole('navigation', { name: 'Call log views' }).getByRole('link', { name: 'Failures' }).click();
  await expect(page).toHaveURL(/view=failures/);
  const failure = page.getByTestId('failure-row').filter({ visible: true }).filter({ hasText: 'refreshInstance' }).filter({ hasText: `ORD-${tag}` });
  await expect(failure).toHaveCount(1);
  const countdown = failure.getByTestId('countdown');
  await expect(countdown).toHaveText(/^abandoned in (59 min \d+ s|1 h 0 min)$/);
  const before = await countdown.textContent();
  await expect(countdown).not.toHaveText(before!, { timeout: 3_000 }); // it ticks
  await expect(page.getByTestId('failure-row').filter({ visible: true }).filter({ hasText: `bad-${tag}` })).toHaveCount(0);
  await shoot(page, 'calls-failures');

  // the detail: formatted request and response, verdict, duration, instance link, a fresh curl
  await failure.getByRole('link', { name: 'refreshInstance' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Inbound refreshInstance');
  await expect(page.getByTestId('signature-verdict').filter({ visible: true })).toContainText('valid signature');
  await expect(page.getByLabel('Request body')).toContainText(`"orderId": "ORD-${tag}"`);
  await expect(page.getByLabel('Response body')).toContainText('"resultCode": "000003"');
  await expect(page.getByRole('link', { name: `gone-${tag}` })).toHaveAttribute('href', `/instances/gone-${tag}`);
  await page.getByRole('button', { name: 'Sign a curl command' }).click();
  const curl = page.getByLabel('curl command');
  await expect(curl).toContainText(`curl -X POST '${PRODUCE_URL}?signature=`);
  await expect(page.getByTestId('curl-validity').filter({ visible: true })).toContainText(/valid for \d+ s · signed with MARKETPLACE_KEY/);
  const command = (await curl.textContent())!;
  expect(command).not.toContain(MARKETPLACE_KEY);
  await shoot(page, 'calls-detail');

  // the command works: the app accepts its signature and answers the renewal as before
  const m = /curl -X POST '([^']+)' .* -d'(.*)'$/s.exec(command)!;
  const replay = await fetch(m[1]!, { method: 'POST', headers: { 'Content-Type': 'application/json;charset=utf8' }, body: m[2]! });
  expect(await replay.json()).toMatchObject({ resultCode: '000003' });
});

test('Load more pages through the log without duplicates', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  // more than one page (50) of calls for one id
  for (let i = 0; i < 55; i++) await produce({ activity: 'queryInstance', instanceId: `many-${tag}` });
  await signIn(page, undefined, `/calls?id=many-${tag}`);
  const rows = page.getByTestId('call-row').filter({ visible: true });
  await expect(rows).toHaveCount(50);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(rows).toHaveCount(55);
  await expect(page.getByText('End of the log.')).toBeVisible();
  const ids = await rows.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(new Set(ids).size).toBe(55);
  // keyboard: the first row's link is reachable and opens the call
  await rows.first().getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/calls\/\d+$/);
});
