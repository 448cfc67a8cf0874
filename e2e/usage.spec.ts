import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type pg from 'pg';
import { signIn } from './auth';
import { e2eDatabase } from './database';
import { SCREENSHOTS } from './support';

/**
 * The Usage page (issue 8): charts, the reconciliation and its mismatch warning, package bars, rejected records,
 * package quotas, the CSV export, and the instance page's usage summary. Usage events and push records are written by
 * SQL into the server's database (the ingestion API and the push are other branches' work).
 */

const SHOTS = process.env.USAGE_SHOTS_DIR ?? SCREENSHOTS;
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const HOUR = 3_600_000;
const tag = randomUUID().slice(0, 8);
const ppu = `ppu-e2e-${tag}`;
const other = `ppu-off-${tag}`;
const pkg = `pkg-e2e-${tag}`;
const sku = `SKU-${tag}`;
const base = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
const hour = (i: number) => new Date(base + i * HOUR).toISOString();
const range = `from=${encodeURIComponent(hour(0))}&to=${encodeURIComponent(hour(4))}`;

let db: pg.Pool;

test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  db = await e2eDatabase();
  await db.query(
    `INSERT INTO instance (id, order_id, order_line_id, status, charging_mode, product_id, sku_code, linear_value, expire_time, quota_exhausted_at) VALUES
       ($1::text, $1::text, $1::text || '-1', 'active', 'ON_DEMAND', 'OFFI-E2E-PPU', 'SKU-PPU', NULL, NULL, NULL),
       ($2::text, $2::text, $2::text || '-1', 'active', 'ON_DEMAND', 'OFFI-E2E-PPU', 'SKU-PPU', NULL, NULL, NULL),
       ($3::text, $3::text, $3::text || '-1', 'active', 'ON_DEMAND_PKG', 'OFFI-E2E-PKG', $4::text, 100, now() + interval '30 days', now())`,
    [ppu, other, pkg, sku],
  );
  const rec = async (instance: string, h: string, value: string, status: string, error: string | null = null) =>
    (
      await db.query<{ id: string }>(
        `INSERT INTO usage_record (instance_id, hour, value, metering_sn, status, attempts, last_error, pushed_at, accepted_at)
         VALUES ($1::text, $2::timestamptz, $3::numeric, $6::text, $4::text, 1, $5::text, now(), CASE WHEN $4::text = 'accepted' THEN now() END) RETURNING id::text`,
        [instance, h, value, status, error, `${tag}-${instance}-${h}`],
      )
    ).rows[0]!.id;
  const r0 = await rec(ppu, hour(0), '12.5', 'accepted');
  const r1 = await rec(ppu, hour(1), '3', 'rejected', 'MKT.9002 invalid usage entities');
  // a record that claims more than its events: the page must say so
  const r2 = await rec(other, hour(1), '9', 'accepted');
  let n = 0;
  const ev = (instance: string, item: string, h: string, value: string, record: string | null, billable = true) =>
    db.query(
      `INSERT INTO usage_event (source, event_id, instance_id, billing_item, time, hour, value, record_id, billable, package_instance_id)
       VALUES ('e2e', $1::text, $2::text, $3::text, $4::timestamptz + interval '10 minutes', $4::timestamptz, $5::numeric, $6::bigint, $7::boolean, $8::text)`,
      [`${tag}-${++n}`, instance, item, h, value, record, billable, billable ? null : pkg],
    );
  await ev(ppu, 'sms', hour(0), '10', r0);
  await ev(ppu, 'sms', hour(0), '2.5', r0);
  await ev(ppu, 'sms', hour(1), '3', r1);
  await ev(ppu, 'sms', hour(2), '4', null);
  await ev(ppu, 'sms', hour(3), '1.5', null, false);
  await ev(other, '=cmd|calc', hour(1), '8', r2);
  await db.query(`INSERT INTO package_usage (package_instance_id, billing_item, used, related_instance_id) VALUES ($1::text, 'sms', 100, $2::text)`, [pkg, ppu]);
});

test.afterAll(async () => {
  await db?.end();
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test('the Usage page: chart, reconciliation that agrees, package bars, rejected records, CSV export', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Usage' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Usage');

  await page.goto(`/usage?instanceId=${ppu}&${range}`);
  // within the shown page (a streamed page may briefly hold a hidden copy too)
  const main = page.locator('#main');
  const charts = main.getByTestId('usage-charts');
  await expect(charts.getByTestId('usage-chart')).toHaveCount(1);
  await expect(charts.getByRole('img', { name: `Hourly usage of ${ppu}, billing item sms` })).toBeVisible();

  const rec = main.getByRole('region', { name: 'Reconciliation per hour' });
  await expect(rec.getByTestId('reconciliation-row')).toHaveCount(5);
  await expect(rec.getByText('The totals agree.')).toBeVisible();
  await expect(main.getByTestId('usage-mismatch')).toHaveCount(0);
  // the totals row: measured 21, unbilled 1.5, pending 4, pushed 15.5, accepted 12.5, rejected 3, expired 0, difference 0
  await expect(rec.getByTestId('reconciliation-row').last()).toHaveText(/Total.*21.*1\.5.*4.*15\.5.*12\.5.*3.*0.*0/);

  const pkgs = main.getByRole('region', { name: 'Packages' });
  const mine = pkgs.getByTestId('package').filter({ hasText: pkg });
  await expect(mine).toBeVisible();
  await expect(mine.getByText('exhausted', { exact: true })).toBeVisible();
  await expect(mine.getByText('No quotas set for this SKU yet', { exact: false })).toBeVisible();

  const records = main.getByRole('region', { name: 'Rejected and expired records' });
  const rejected = records.getByTestId('failed-record').filter({ visible: true }).filter({ hasText: 'MKT.9002 invalid usage entities' });
  await expect(rejected).toBeVisible();
  await expect(rejected.getByRole('button', { name: /^Push record \d+ again$/ })).toBeVisible();
  await expect(records.getByRole('button', { name: 'Push now' })).toBeVisible();

  await page.setViewportSize(WIDE);
  await shot(page, 'en-usage');

  const [download] = await Promise.all([page.waitForEvent('download'), main.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('instance_id,billing_item,hour_utc,measured,unbilled,pending,pushed,accepted,rejected,expired');
  expect(csv).toContain(`${ppu},sms,${hour(0)},12.5,0,0,12.5,12.5,0,0`);
  expect(csv).not.toContain(other);

  // the whole view: the other instance's record claims 9 where 8 was measured
  await page.goto(`/usage?${range}`);
  await expect(main.getByTestId('usage-mismatch')).toContainText('Mismatch: 1 hours do not add up (difference -1)');
  const [all] = await Promise.all([page.waitForEvent('download'), main.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(fs.readFileSync((await all.path())!, 'utf8')).toContain(`${other},'=cmd|calc,${hour(1)},8,0,0,8,8,0,0`);
});

test('package quotas: prefilled from the order, saved by an admin, and the bar follows', async ({ page }) => {
  await signIn(page, undefined, '/usage');
  const main = page.locator('#main');
  const form = main.getByRole('form', { name: `OFFI-E2E-PKG / ${sku}` });
  await expect(form.getByText('Prefilled from the orders’ linear value 100')).toBeVisible();
  await expect(form.getByLabel('Billing item', { exact: true })).toHaveValue('sms');
  await expect(form.getByLabel('Quota', { exact: true })).toHaveValue('100');
  await form.getByLabel('Quota', { exact: true }).fill('0');
  await form.getByRole('button', { name: 'Save quotas' }).click();
  await expect(form.getByText('quotas.0.quota: a quota greater than 0')).toBeVisible();
  await form.getByLabel('Quota', { exact: true }).fill('400');
  await form.getByLabel('Use up then stop').check();
  await form.getByRole('button', { name: 'Save quotas' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Quotas of OFFI-E2E-PKG / ${sku} saved.` })).toBeVisible();

  const mine = main.getByRole('region', { name: 'Packages' }).getByTestId('package').filter({ hasText: pkg });
  await expect(mine.getByRole('progressbar', { name: 'sms: 25% of the quota used' })).toBeVisible();
  await expect(mine.getByText('100 of 400 used, 300 left')).toBeVisible();
  await expect(mine.getByText('use up then stop')).toBeVisible();
});

test('the instance page shows its usage summary and links to the Usage page', async ({ page }) => {
  await signIn(page, undefined, `/instances/${ppu}`);
  // within the shown page (a streamed page may briefly hold a hidden copy too)
  const main = page.locator('#main');
  const card = main.getByRole('region', { name: 'Usage' });
  await expect(card.getByTestId('usage-measured')).toHaveText('21');
  await expect(card.getByTestId('usage-accepted')).toHaveText('12.5');
  await expect(card.getByTestId('usage-rejected')).toHaveText('3');
  await page.setViewportSize(WIDE);
  await shot(page, 'en-instance-usage');
  await page.goto(`/instances/${pkg}`);
  await expect(main.getByTestId('usage-exhausted')).toContainText('Use-up-then-stop quota ran out at');
  await shot(page, 'en-instance-package');
  await page.goto(`/instances/${ppu}`);
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
