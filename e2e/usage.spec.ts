import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { utc14 } from '../lib/marketplace/time';
import { signIn } from './auth';
import { buyInstance, E2E_EMULATOR_URL, registerNewOrder, SCREENSHOTS } from './support';

/**
 * Pay-per-use from end to end (issue 8), every step through the public interfaces: the marketplace sells pay-per-use
 * and a package (newInstance through the emulator), an admin makes an API key, the seller's SaaS reports usage
 * (POST /api/v1/usage), support pushes it (Push now), the marketplace refuses a record (an emulator fault) and support
 * re-pushes it from the attention queue; the package's quota is set to use-up-then-stop and the SaaS is told to stop.
 * The Usage page, its reconciliation, packages, CSV export and the instance's usage summary show each step. (A
 * reconciliation that does not add up cannot be made through these interfaces: tests/integration/usage/console.test.ts
 * shows the warning.)
 */

const SHOTS = process.env.USAGE_SHOTS_DIR ?? SCREENSHOTS;
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const HOUR = 3_600_000;
const tag = randomUUID().slice(0, 8);
const buyer = { customerId: `e2e-usage-${tag}`, customerName: 'Usage buyer' };
const sku = `SKU-PKG-${tag}`;
// four closed hours before the current one (the e2e server pushes with USAGE_GRACE_SECONDS=0)
const current = Math.floor(Date.now() / HOUR) * HOUR;
const hour = (i: number) => new Date(current - (4 - i) * HOUR).toISOString();
const at = (i: number) => new Date(current - (4 - i) * HOUR + 10 * 60_000).toISOString();
const range = `from=${encodeURIComponent(hour(0))}&to=${encodeURIComponent(new Date(current + HOUR).toISOString())}`;

let ppu: string;
let other: string;
let pkg: string;
let key: string;

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  ppu = (await buyInstance(registerNewOrder({ chargingMode: 'ON_DEMAND', productId: 'OFFI-E2E-PPU', skuCode: 'SKU-PPU', buyerInfo: buyer }))).instanceId;
  other = (await buyInstance(registerNewOrder({ chargingMode: 'ON_DEMAND', productId: 'OFFI-E2E-PPU', skuCode: 'SKU-PPU', buyerInfo: { customerId: `e2e-other-${tag}` } }))).instanceId;
  pkg = (
    await buyInstance(
      registerNewOrder({ chargingMode: 'ON_DEMAND_PKG', productId: 'OFFI-E2E-PKG', skuCode: sku, linearValue: 100, expireTime: utc14(new Date(Date.now() + 30 * 86_400_000)), buyerInfo: buyer }),
    )
  ).instanceId;
});

/** The seller's SaaS reporting usage with its API key. */
async function report(request: APIRequestContext, events: { id: string; subject: string; value: number | string; time?: string; type?: string }[]) {
  const res = await request.post('/api/v1/usage', {
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/cloudevents-batch+json' },
    data: JSON.stringify(events.map((e) => ({ specversion: '1.0', source: `e2e-${tag}`, type: 'sms', ...e, id: `${tag}-${e.id}`, data: { value: e.value } }))),
  });
  expect(res.status(), await res.text()).toBe(202);
  return (await res.json()) as { accepted: number; duplicates: number; rejected: { index: number; error: string }[]; stopped: string[] };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test('from the SaaS report to the marketplace: Push now, a refused record, re-push from the attention queue, CSV', async ({ page }) => {
  await signIn(page);
  const made = await page.request.post('/api/console/api-keys', { data: { name: `meter ${tag}`, scopes: ['usage:write'] } });
  expect(made.status(), await made.text()).toBe(201);
  key = ((await made.json()) as { key: string }).key;

  expect(await report(page.request, [{ id: 'a1', subject: ppu, value: 10, time: at(0) }, { id: 'a2', subject: ppu, value: '2.5', time: at(0) }])).toEqual({
    accepted: 2,
    duplicates: 0,
    rejected: [],
    stopped: [],
  });
  // the SaaS retries: nothing is counted twice
  expect(await report(page.request, [{ id: 'a1', subject: ppu, value: 10, time: at(0) }])).toMatchObject({ accepted: 0, duplicates: 1 });
  expect(await report(page.request, [{ id: 'x1', subject: 'no-such-instance', value: 1 }])).toMatchObject({ accepted: 0, rejected: [{ index: 0, error: 'subject: instance no-such-instance is not known' }] });
  await report(page.request, [{ id: 'o1', subject: other, value: 8, time: at(1), type: '=cmd|calc' }]);

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Usage' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Usage');
  await page.goto(`/usage?instanceId=${ppu}&${range}`);
  // within the shown page (a streamed page may briefly hold a hidden copy too)
  const main = page.locator('#main');
  const records = main.getByRole('region', { name: 'Rejected and expired records' });
  await records.getByRole('button', { name: 'Push now' }).click();
  await expect(records.getByText(/^Push ran: \d+ records sent\.$/)).toBeVisible();
  // the marketplace (the emulator) holds the hour's one record: 12.5, its metering_sn
  const held = (await (await fetch(`${E2E_EMULATOR_URL}/emulator/usage?instance_id=${ppu}`)).json()) as { records: { usage_value: string; metering_sn: string; begin_time: string }[] };
  expect(held.records).toEqual([expect.objectContaining({ usage_value: '12.5', metering_sn: expect.stringMatching(/^[0-9a-f]{64}$/) })]);

  // the next hour's record is refused by the marketplace
  await report(page.request, [{ id: 'a3', subject: ppu, value: 3, time: at(1) }]);
  const fault = await fetch(`${E2E_EMULATOR_URL}/emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api: 'usage', count: 1, status: 400, errorCode: 'MKT.0101' }) });
  expect(fault.status).toBe(201);
  await records.getByRole('button', { name: 'Push now' }).click();
  const refused = records.getByTestId('failed-record').filter({ visible: true }).filter({ hasText: 'MKT.0101' });
  await expect(refused).toBeVisible();
  await expect(refused.getByRole('button', { name: /^Push record \d+ again$/ })).toBeVisible();
  // this hour is still open: measured, not yet pushed
  await report(page.request, [{ id: 'a4', subject: ppu, value: 4 }]);
  await page.reload();

  const charts = main.getByTestId('usage-charts');
  await expect(charts.getByTestId('usage-chart')).toHaveCount(1);
  await expect(charts.getByRole('img', { name: `Hourly usage of ${ppu}, billing item sms` })).toBeVisible();
  const rec = main.getByRole('region', { name: 'Reconciliation per hour' });
  await expect(rec.getByText('The totals agree.')).toBeVisible();
  await expect(main.getByTestId('usage-mismatch')).toHaveCount(0);
  // totals: measured 19.5, unbilled 0, pending 4, pushed 15.5, accepted 12.5, rejected 3, expired 0, difference 0
  await expect(rec.getByTestId('reconciliation-row').last()).toHaveText(/Total.*19\.5.*0.*4.*15\.5.*12\.5.*3.*0.*0/);
  await page.setViewportSize(WIDE);
  await shot(page, 'en-usage');

  const [download] = await Promise.all([page.waitForEvent('download'), main.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('instance_id,billing_item,hour_utc,measured,unbilled,pending,pushed,accepted,rejected,expired');
  expect(csv).toContain(`${ppu},sms,${hour(0)},12.5,0,0,12.5,12.5,0,0`);
  expect(csv).toContain(`${ppu},sms,${hour(1)},3,0,0,3,0,3,0`);
  expect(csv).not.toContain(other);
  // the whole view: a billing item that looks like a formula is quoted
  await page.goto(`/usage?${range}`);
  const [all] = await Promise.all([page.waitForEvent('download'), main.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(fs.readFileSync((await all.path())!, 'utf8')).toContain(`${other},'=cmd|calc,${hour(1)},8,0,0,8,8,0,0`);

  // support finds the refused record in the attention queue and re-pushes it: the marketplace accepts it
  await page.goto('/calls?view=failures');
  const section = main.getByRole('region', { name: 'Usage records not billed' });
  const row = section.getByTestId('usage-failure-row').filter({ visible: true }).filter({ hasText: ppu });
  await expect(row).toContainText('MKT.0101');
  await page.setViewportSize(WIDE);
  await shot(page, 'en-failures-usage');
  await row.getByRole('button', { name: 'Re-push' }).click();
  await expect(section.getByText('1 re-pushed: 1 accepted, 0 rejected, 0 still pending.')).toBeVisible();
  await expect(section.getByTestId('usage-failure-row').filter({ hasText: ppu })).toHaveCount(0);
  const after = (await (await fetch(`${E2E_EMULATOR_URL}/emulator/usage?instance_id=${ppu}`)).json()) as { records: { usage_value: string }[] };
  expect(after.records.map((r) => r.usage_value)).toEqual(['12.5', '3']);
});

test('package quotas: use up then stop, the SaaS is told to stop, the package bar and the instance say so', async ({ page }) => {
  await signIn(page, undefined, '/usage');
  const main = page.locator('#main');
  const form = main.getByRole('form', { name: `OFFI-E2E-PKG / ${sku}` });
  await expect(form.getByText('Prefilled from the orders’ linear value 100')).toBeVisible();
  await form.getByLabel('Billing item', { exact: true }).fill('sms');
  await form.getByLabel('Quota', { exact: true }).fill('0');
  await form.getByRole('button', { name: 'Save quotas' }).click();
  await expect(form.getByText('quotas.0.quota: a quota greater than 0')).toBeVisible();
  await form.getByLabel('Quota', { exact: true }).fill('20');
  await form.getByLabel('Use up then stop').check();
  await form.getByRole('button', { name: 'Save quotas' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Quotas of OFFI-E2E-PKG / ${sku} saved.` })).toBeVisible();

  // the package pays first; at its quota the service stops, and what comes after is kept, not billed
  expect(await report(page.request, [{ id: 'b1', subject: ppu, value: 15 }])).toMatchObject({ accepted: 1, stopped: [] });
  expect(await report(page.request, [{ id: 'b2', subject: ppu, value: 10 }])).toMatchObject({ accepted: 1, stopped: [ppu] });
  expect(await report(page.request, [{ id: 'b3', subject: ppu, value: 1 }])).toMatchObject({ accepted: 1, stopped: [ppu] });

  await page.goto(`/usage?instanceId=${ppu}&${range}`);
  const mine = main.getByRole('region', { name: 'Packages' }).getByTestId('package').filter({ hasText: pkg });
  await expect(mine.getByRole('progressbar', { name: 'sms: 100% of the quota used' })).toBeVisible();
  await expect(mine.getByText('20 of 20 used, 0 left')).toBeVisible();
  await expect(mine.getByText('use up then stop')).toBeVisible();
  await expect(mine.getByText('exhausted', { exact: true })).toBeVisible();
  // totals now: measured 45.5, unbilled 6, pending 24 (this hour's 4, 15 and 5), pushed and accepted 15.5, the rest 0
  await expect(main.getByRole('region', { name: 'Reconciliation per hour' }).getByTestId('reconciliation-row').last()).toHaveText(
    /Total.*45\.5.*6.*24.*15\.5.*15\.5.*0.*0.*0/,
  );
});

test('the instance page shows its usage summary, the stop, and links to the Usage page', async ({ page }) => {
  await signIn(page, undefined, `/instances/${ppu}`);
  // within the shown page (a streamed page may briefly hold a hidden copy too)
  const main = page.locator('#main');
  const card = main.getByRole('region', { name: 'Usage' });
  await expect(card.getByTestId('usage-measured')).toHaveText('45.5');
  await expect(card.getByTestId('usage-accepted')).toHaveText('15.5');
  await expect(card.getByTestId('usage-rejected')).toHaveText('0');
  await expect(main.getByTestId('usage-exhausted')).toContainText('Use-up-then-stop quota ran out at');
  await page.setViewportSize(WIDE);
  await shot(page, 'en-instance-usage');
  await card.getByRole('link', { name: 'Open on the Usage page' }).click();
  await expect(page).toHaveURL(new RegExp(`/usage\\?instanceId=${ppu}$`));
  await expect(page.locator('#main').getByTestId('usage-charts').getByTestId('usage-chart')).toHaveCount(1);
});

test('screenshots: English and Chinese at 1366 px and 390 px, no sideways scroll on a phone', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  for (const locale of ['en', 'zh'] as const) {
    if (locale === 'zh') await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
    for (const [name, size] of [['wide', WIDE], ['phone', PHONE]] as const) {
      await page.setViewportSize(size);
      await page.goto(`/usage?instanceId=${ppu}&${range}`);
      await expect(page.locator('#main').getByTestId('usage-charts').getByTestId('usage-chart')).toHaveCount(1);
      const { width, wide } = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(-5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class')} (${Math.round(el.getBoundingClientRect().right)} px)`),
      }));
      expect(width, `${locale} ${name}: ${wide.join('; ')}`).toBeLessThanOrEqual(size.width);
      await shot(page, `${locale}-usage-${name}`);
      await page.goto(`/instances/${ppu}`);
      await expect(page.locator('#main').getByTestId('instance-usage')).toBeVisible();
      await shot(page, `${locale}-instance-${name}`);
    }
  }
  await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
