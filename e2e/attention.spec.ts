import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { signIn } from './auth';
import { E2E_EMULATOR_URL, produce, registerNewOrder, SCREENSHOTS } from './support';

/**
 * The one attention queue (issue 7): a provisioning job whose Query Order keeps failing (the emulator's fault
 * injection answers HTTP 500) is in the Failures view with its kind, attempt and next try, and counted in the
 * Overview's "Needs attention" while it retries; Retry now runs it at once and the row shows the new attempt in place;
 * with the fault cleared, the instance becomes active and the job leaves the queue.
 */

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'attention-password-1';

async function faults(method: 'POST' | 'DELETE', body?: unknown) {
  const res = await fetch(`${E2E_EMULATOR_URL}/emulator/faults`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  expect(res.status, `${method} /emulator/faults: ${await res.text()}`).toBe(method === 'POST' ? 201 : 200);
}

async function shoot(page: Page, name: string) {
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  // no sideways scroll at phone width: the tables are stacked cards
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: sideways scroll at 390 px`).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(LAPTOP);
}

/** A console user made by the e2e admin through the users API, signed in on a fresh context in `locale`. */
async function userPage(browser: Browser, admin: Page, role: 'viewer' | 'support', locale: 'en-GB' | 'zh-CN', path: string) {
  const email = `attention-${role}-${randomUUID().slice(0, 8)}@e2e.test`;
  const res = await admin.request.post('/api/console/users', { data: { email, role, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(201);
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await page.goto(`/login?callbackUrl=${encodeURIComponent(path)}`);
  const zh = locale === 'zh-CN';
  const form = page.getByRole('form', { name: zh ? '登录' : 'Sign in' });
  await form.getByLabel(zh ? '邮箱' : 'E-mail').fill(email);
  await form.getByLabel(zh ? '密码' : 'Password').fill(PASSWORD);
  await form.getByRole('button', { name: zh ? '登录' : 'Sign in' }).click();
  await expect(page.getByTestId('current-user').filter({ visible: true })).toContainText(email);
  return { page, close: () => context.close() };
}

/** The attempt a job row says failed last (or runs now), and the seconds to its next try (0 when none is shown). */
async function attemptOf(progress: Locator): Promise<{ attempt: number; left: number }> {
  const text = (await progress.textContent()) ?? '';
  const attempt = Number(/attempt (\d+) of 9/.exec(text)?.[1] ?? 0);
  const m = /next try in (?:(\d+) min )?(\d+) s/.exec(text);
  return { attempt, left: m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : 0 };
}

test.afterEach(async () => faults('DELETE'));

test('a failing provisioning job: in Failures and on the Overview while it retries, Retry now in place, then it succeeds and leaves', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await faults('DELETE');
  await faults('POST', { api: 'orderQuery', count: 1000, status: 500 });
  const order = await registerNewOrder();
  const instanceId = `e2e-attention-${Date.now()}`;
  const created = await produce({ activity: 'newInstance', orderId: order.orderId, orderLineId: order.orderLine[0]!.orderLineId, businessId: instanceId });
  expect(['000000', '000004'], created.rawBody).toContain((created.json as { resultCode: string }).resultCode);

  await signIn(page, undefined, '/calls?view=failures');
  const failures = page.getByRole('region', { name: 'Failures' });
  const row = failures.getByTestId('job-row').filter({ visible: true }).filter({ hasText: instanceId });
  await expect(row).toHaveCount(1, { timeout: 20_000 });
  await expect(row.getByTestId('job-kind')).toHaveText('Provisioning');
  await expect(row.getByRole('link', { name: instanceId })).toHaveAttribute('href', `/instances/${instanceId}`);
  await expect(row).toContainText(`order ${order.orderId}`);
  const progress = row.getByTestId('job-progress');
  await expect(progress).toHaveText(/^attempt \d of 9 (failed, next try (in (\d+ min )?\d+ s|any moment)|running now)$/);
  // the last error, short, and whole on opening
  await expect(row.locator('summary')).toContainText('500');
  await row.locator('summary').click();
  await expect(row.locator('details pre')).toBeVisible();
  // it counts down, in place
  await expect(async () => {
    const before = await progress.textContent();
    await page.waitForTimeout(1100);
    expect(await progress.textContent()).not.toBe(before);
  }).toPass({ timeout: 10_000 });

  // on the Overview while it retries
  await page.goto('/');
  const attention = page.getByRole('region', { name: 'Needs attention' });
  await expect(attention.getByRole('link', { name: /background jobs? failing and retrying/ })).toBeVisible();
  await attention.getByRole('link', { name: /background jobs? failing and retrying/ }).click();
  await expect(page).toHaveURL(/\/calls\?view=failures$/);
  await expect(row).toHaveCount(1);
  await shoot(page, 'failures-job');

  // a viewer reads it, but has no Retry now; in Chinese every word of the row is translated
  const viewer = await userPage(browser, page, 'viewer', 'zh-CN', '/calls?view=failures');
  const zhRow = viewer.page.getByTestId('job-row').filter({ visible: true }).filter({ hasText: instanceId });
  await expect(zhRow.getByTestId('job-kind')).toHaveText('开通');
  await expect(zhRow.getByTestId('job-progress')).toHaveText(/^(第 \d 次尝试失败（共 9 次），(.+后重试|即将重试)|正在进行第 \d 次尝试（共 9 次）)$/);
  await expect(zhRow.getByRole('button')).toHaveCount(0);
  await expect(viewer.page.getByRole('button', { name: '立即重试' })).toHaveCount(0);
  await shoot(viewer.page, 'zh-failures-job');
  await viewer.close();

  // wait for a backoff long enough to tell Retry now from the scheduled retry
  let before = { attempt: 0, left: 0 };
  await expect(async () => {
    before = await attemptOf(progress);
    expect(before.left).toBeGreaterThanOrEqual(8);
  }).toPass({ timeout: 60_000 });

  // Retry now: the next attempt runs at once (well before its next try) and the row shows it without a reload
  await row.getByRole('button', { name: 'Retry now' }).click();
  await expect(progress).toHaveText(new RegExp(`^(queued: attempt ${before.attempt + 1} of 9 starts now|attempt ${before.attempt + 1} of 9 (running now|failed, next try .+))$`), {
    timeout: 5_000,
  });
  await expect(progress).toHaveText(new RegExp(`^attempt ${before.attempt + 1} of 9 failed, next try in`), { timeout: Math.min(before.left - 1, 8) * 1000 });
  await expect(row.getByRole('alert')).toHaveCount(0);
  await shoot(page, 'failures-job-retried');

  // the fault cleared, Retry now again: provisioning succeeds, the job leaves the queue, the instance is active
  await faults('DELETE');
  await row.getByRole('button', { name: 'Retry now' }).click();
  await expect(row).toHaveCount(0, { timeout: 15_000 });
  await page.goto(`/instances/${encodeURIComponent(instanceId)}`);
  await expect(page.locator('#main').getByTestId('instance-status')).toHaveText('active', { timeout: 15_000 });
});
