import { expect, test, type Browser, type Page } from '@playwright/test';
import { addConsoleUser, signIn } from './auth';
import { buyInstance, E2E_ADMIN, SCREENSHOTS } from './support';

/**
 * The audit log as a support engineer reads it (issue 7): a console action under its readable name, linked to its
 * target; filtered by action, actor and time through the URL; a clear empty state and a clear message for a bad
 * filter; stacked at phone width; in Chinese with the reader's time zone.
 */

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'audit-e2e-password-1';

async function shoot(page: Page, name: string) {
  await page.setViewportSize(LAPTOP);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-1280.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  // nothing is cut off or scrolls sideways at 390 px
  const overflow = await page.evaluate(() => {
    const section = document.querySelector('section[aria-label]');
    return { page: document.documentElement.scrollWidth, section: section ? section.scrollWidth - section.clientWidth : 0 };
  });
  expect(overflow.page, 'page width at 390 px').toBeLessThanOrEqual(PHONE.width);
  expect(overflow.section, 'the entries scroll sideways at 390 px').toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize(LAPTOP);
}

/** A console user of this spec's own. */
const addUser = (browser: Browser, role: 'admin' | 'support') => addConsoleUser(browser, 'audit', role, PASSWORD);

test('a freeze in the audit log: readable, linked, filtered by action, actor and time; in Chinese', async ({ page, browser }) => {
  const bought = await buyInstance();
  const support = await addUser(browser, 'support');
  const zhAdmin = await addUser(browser, 'admin');

  await test.step('support staff may not freeze (denied); the admin freezes', async () => {
    const context = await browser.newContext();
    const spage = await context.newPage();
    await signIn(spage, { email: support, password: PASSWORD });
    const denied = await spage.request.post(`/api/console/instances/${bought.instanceId}/actions`, { data: { action: 'freeze' } });
    expect(denied.status()).toBe(403);
    await context.close();

    await signIn(page);
    const res = await page.request.post(`/api/console/instances/${bought.instanceId}/actions`, { data: { action: 'freeze' } });
    expect(res.status(), await res.text()).toBe(200);
  });

  const entries = page.getByRole('region', { name: 'Audit entries' });
  const rows = entries.getByTestId('audit-entry');
  const freeze = rows.filter({ hasText: 'Freeze instance' }).filter({ hasText: bought.instanceId });

  await test.step('the freeze reads as a name, from → to, with a link to the instance', async () => {
    await page.goto('/audit');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
    const mine = freeze.filter({ hasText: E2E_ADMIN.email });
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText('instance.freeze');
    await expect(mine).toContainText('success');
    await expect(mine).toContainText('active → frozen');
    await expect(mine).toContainText('job:');
    const time = mine.locator('time');
    await expect(time).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await expect(time).toHaveAttribute('title', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expect(freeze.filter({ hasText: support })).toContainText('denied');
    await expect(freeze.filter({ hasText: support })).toContainText('needs the admin role (has support)');
    await shoot(page, 'audit-en');

    await mine.getByRole('link', { name: bought.instanceId }).click();
    await expect(page).toHaveURL(new RegExp(`/instances/${bought.instanceId}$`));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(bought.instanceId);
    await page.goBack();
  });

  await test.step('filter by action, by its readable name', async () => {
    await page.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Freeze instance' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/[?&]action=instance\.freeze(&|$)/);
    await expect(freeze).toHaveCount(2);
    const names = await rows.locator('td:nth-child(3)').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toContain('instance.freeze');
  });

  await test.step('and by actor, whatever the case; the URL reproduces the view', async () => {
    await page.getByRole('combobox', { name: 'Actor (e-mail)' }).fill(support.toUpperCase());
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/[?&]actor=/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(support);
    await expect(rows.first()).toContainText('denied');
    await page.reload();
    await expect(rows).toHaveCount(1);
    await expect(page.getByRole('combobox', { name: 'Action' })).toHaveValue('instance.freeze');
    await shoot(page, 'audit-en-filtered');
  });

  await test.step('a time range with nothing in it: the empty state resets the filters', async () => {
    await page.getByLabel('From').fill('2099-01-01 00:00');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/[?&]from=2099-01-0\dT/);
    await expect(entries).toContainText('No entries match these filters.');
    await entries.getByRole('link', { name: 'Reset filters' }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(freeze).toHaveCount(2);
  });

  await test.step('a bad filter is named on the page, not a server error', async () => {
    const res = await page.goto('/audit?outcome=ok&from=yesterday');
    expect(res?.status()).toBe(200);
    const alert = page.getByRole('alert').filter({ hasText: 'These filters cannot be applied' });
    await expect(alert).toContainText('Outcome: “ok” is none of success, failure, denied.');
    await expect(alert).toContainText('From: “yesterday” is not a date and time.');
  });

  await test.step('in Chinese, in the reader’s time zone (Asia/Shanghai)', async () => {
    const context = await browser.newContext({ timezoneId: 'Asia/Shanghai' });
    const zpage = await context.newPage();
    await signIn(zpage, { email: zhAdmin, password: PASSWORD }, '/audit');
    await zpage.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
    await expect(zpage.getByRole('heading', { level: 1 })).toHaveText('审计日志');
    const zrows = zpage.getByRole('region', { name: '审计记录' }).getByTestId('audit-entry');
    const zfreeze = zrows.filter({ hasText: '冻结实例' }).filter({ hasText: E2E_ADMIN.email }).filter({ hasText: bought.instanceId });
    await expect(zfreeze).toHaveCount(1);
    await expect(zfreeze).toContainText('成功');
    await expect(zfreeze).toContainText('正常 → 已冻结');
    await expect(zfreeze).toContainText('任务:');
    await expect(zrows.filter({ hasText: support }).filter({ hasText: bought.instanceId })).toContainText('需要管理员角色（当前为技术支持）');
    const time = zfreeze.locator('time');
    await expect(time).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const shown = (await time.textContent())!;
    const utc = (await time.getAttribute('title'))!.replace(' UTC', '');
    expect(Date.parse(`${shown.replace(' ', 'T')}Z`) - Date.parse(`${utc.replace(' ', 'T')}Z`)).toBe(8 * 3_600_000);
    await expect(zpage.getByText('时间按您的时区（Asia/Shanghai）。')).toBeVisible();

    await zpage.getByRole('combobox', { name: '操作', exact: true }).selectOption({ label: '冻结实例' });
    await zpage.getByRole('button', { name: '应用' }).click();
    await expect(zpage).toHaveURL(/[?&]action=instance\.freeze/);
    await expect(zrows.filter({ hasText: bought.instanceId })).toHaveCount(2);
    await shoot(zpage, 'audit-zh');
    await context.close();
  });
});
