import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addConsoleUser, signIn } from './auth';
import audit from '../lib/i18n/messages/audit';
import calls from '../lib/i18n/messages/calls';
import common from '../lib/i18n/messages/common';
import config from '../lib/i18n/messages/config';
import debuggerMessages from '../lib/i18n/messages/debugger';
import errors from '../lib/i18n/messages/errors';
import forbidden from '../lib/i18n/messages/forbidden';
import instances from '../lib/i18n/messages/instances';
import kit from '../lib/i18n/messages/kit';
import licences from '../lib/i18n/messages/licences';
import login from '../lib/i18n/messages/login';
import overview from '../lib/i18n/messages/overview';
import settings from '../lib/i18n/messages/settings';
import tenants from '../lib/i18n/messages/tenants';
import usage from '../lib/i18n/messages/usage';
import users from '../lib/i18n/messages/users';
import { buyInstance, E2E_ADMIN, produce, SCREENSHOTS, type BoughtInstance } from './support';

/**
 * The console in Chinese and English, by keyboard and at phone width. The language is switched by a fresh admin of
 * this spec's own (so the other specs' admin keeps English); another user keeps seeing English.
 */

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = 'i18n-password-1';

/** Signs in through the Chinese sign-in page (the cookie chose the language). */
async function signInZh(page: Page, email: string, path = '/') {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(path)}`);
  const form = page.getByRole('form', { name: '登录' });
  await form.getByLabel('邮箱').fill(email);
  await form.getByLabel('密码').fill(PASSWORD);
  await form.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('current-user').filter({ visible: true })).toContainText(email);
}

/** A console user of this spec's own. */
const addUser = (browser: Browser, role: 'admin' | 'viewer') => addConsoleUser(browser, 'i18n', role, PASSWORD);

/** A failed renewal (000003 for an instance we do not have): it is in the call log and the Failures view. */
async function failedRenewal(): Promise<void> {
  const tag = randomUUID().slice(0, 8);
  const r = await produce({
    activity: 'refreshInstance',
    scene: 'RENEWAL',
    orderId: `ORD-I18N-${tag}`,
    orderLineId: `ORD-I18N-${tag}-000001`,
    instanceId: `gone-i18n-${tag}`,
    expireTime: '20301231000000',
  });
  expect(r.rawBody).toContain('000003');
}

/** No sideways page scroll; on failure, the message names the elements that stick out. */
async function noSidewaysScroll(page: Page, what: string) {
  const { scrollWidth, innerWidth, wide } = await page.evaluate(() => {
    const w = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > w + 1)
      // what scrolls inside its own container is fine
      .filter((el) => {
        // an absolutely placed element escapes a scrolling ancestor that is not its containing block
        if (getComputedStyle(el).position === 'absolute') return true;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          if (getComputedStyle(p).overflowX !== 'visible') return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, wide };
  });
  expect(scrollWidth, `${what}: page wider than the ${innerWidth} px window: ${wide.join('; ')}`).toBeLessThanOrEqual(innerWidth);
}

/** Every message module's keys: a key shown as text means a translation was looked up under a name that has none. */
const CATALOGUE_KEYS = [audit, calls, common, config, debuggerMessages, errors, forbidden, instances, kit, licences, login, overview, settings, tenants, usage, users]
  .flatMap((m) => Object.keys(m.en))
  // dotted keys (status.active, err.notFound) are what a dynamic lookup shows when it misses; plain ones are words
  .filter((k) => k.includes('.'));

/**
 * English words that must not be left on a Chinese page: status, order type, charging mode, job, outcome and verdict
 * words, and the kit's buttons. Data (ids, product names, request and response bodies, the spec's field and
 * interface names) is not translated: pages mark it translate="no" or show it in <code> / <pre>.
 */
const ENGLISH_WORDS = [
  'active', 'provisioning', 'frozen', 'released', 'failed', 'failing', 'success', 'failure', 'denied', 'pending', 'completed',
  'created', 'retry', 'Retry', 'Loading', 'Copy', 'Copied', 'Cancel', 'Confirm', 'attempt', 'accepted', 'rejected', 'awaiting',
  'delivered', 'expired', 'valid', 'invalid', 'missing', 'inbound', 'outbound', 'Load more', 'Apply', 'Clear', 'Save', 'Delete',
  'Yes', 'No', 'none', 'None', 'true', 'false', 'ON_DEMAND', 'ONE_TIME', 'PERIOD', 'ON_DEMAND_PKG', 'TRIAL', 'RENEWAL', 'CHANGE',
  'UNSUBSCRIBE', 'NEW', 'year', 'month', 'day', 'hour', 'provision', 'gave up', 'next try', 'ago', 'seconds', 'minutes',
];

/** The visible text of the page without its data (code, pre, inputs, translate="no"), and what is English in it. */
async function untranslated(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const skip = 'script, style, pre, code, kbd, samp, textarea, input, select option:not(:checked), [translate="no"]';
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      // what nobody sees (a closed details, the other layout of a responsive table) is not read either
      if (!el || el.closest(skip) || !el.checkVisibility()) continue;
      out.push(n.textContent ?? '');
    }
    // an accessible name or a tooltip is read too
    document.querySelectorAll('[aria-label], [title], [placeholder]').forEach((el) => {
      if (el.closest(skip) || !(el as HTMLElement).checkVisibility()) return;
      for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a)!);
    });
    return out.join('\n');
  });
  const found = new Set<string>();
  for (const key of CATALOGUE_KEYS) if (new RegExp(`(^|[^\\w.])${key.replace(/[.]/g, '\\.')}($|[^\\w.])`).test(text)) found.add(`key ${key}`);
  for (const word of ENGLISH_WORDS) if (new RegExp(`(^|[^A-Za-z_])${word}($|[^A-Za-z_])`).test(text)) found.add(word);
  return [...found];
}

let bought: BoughtInstance;
let zhAdmin: string;

test.beforeAll(async ({ browser }) => {
  bought = await buyInstance();
  await failedRenewal();
  zhAdmin = await addUser(browser, 'admin');
});

test('an admin switches to Chinese: remembered on the user across sign-in, others keep English, and back', async ({ page, browser }) => {
  await signIn(page, { email: zhAdmin, password: PASSWORD });
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();

  const nav = page.getByRole('navigation', { name: '控制台' });
  await expect(nav.getByRole('link', { name: '实例' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('概览');
  await expect(page.getByRole('group', { name: '语言' }).getByRole('button', { name: '中文' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await nav.getByRole('link', { name: '实例' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('实例');
  await expect(page.getByRole('columnheader', { name: '状态' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '状态' })).toBeVisible();

  await nav.getByRole('link', { name: '接口调用日志' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('接口调用日志');
  await expect(page.getByRole('columnheader', { name: '接口' })).toBeVisible();
  await expect(page.getByRole('button', { name: '应用' })).toBeVisible();

  // stored on the user: a fresh browser (no cookie) signs in on the English page and gets Chinese
  const fresh = await browser.newContext();
  const again = await fresh.newPage();
  await signIn(again, { email: zhAdmin, password: PASSWORD });
  await expect(again.getByRole('heading', { level: 1 })).toHaveText('概览');
  await fresh.close();

  // another user still sees English
  const other = await browser.newContext();
  const englishPage = await other.newPage();
  await signIn(englishPage, E2E_ADMIN, '/instances');
  await expect(englishPage.getByRole('heading', { level: 1 })).toHaveText('Instances');
  await expect(englishPage.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Call log' })).toBeVisible();
  await other.close();

  // sign out: the sign-in page follows the cookie, and the choice survives signing in again
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('云商店卖家');
  await signInZh(page, zhAdmin, '/calls');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('接口调用日志');

  // and back to English
  await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Call log');
  await expect(page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Instances' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');

  // the switch is in the audit log
  await page.goto('/audit');
  const entries = page.getByRole('region', { name: 'Audit entries' });
  await expect(entries.getByRole('row').filter({ hasText: 'user.locale' }).filter({ hasText: zhAdmin }).first()).toBeVisible();
});

test('a new user who never chose a language gets the browser\'s: Chinese from Accept-Language on the first visit', async ({ browser }) => {
  const viewer = await addUser(browser, 'viewer');
  const zh = await browser.newContext({ locale: 'zh-CN' });
  const page = await zh.newPage();
  await signInZh(page, viewer, '/instances');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('实例');
  await expect(page.getByRole('navigation', { name: '控制台' }).getByRole('link', { name: '接口调用日志' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await zh.close();

  // nothing was stored: the same user in an English browser sees English
  const en = await browser.newContext({ locale: 'en-GB' });
  const english = await en.newPage();
  await signIn(english, { email: viewer, password: PASSWORD }, '/instances');
  await expect(english.getByRole('heading', { level: 1 })).toHaveText('Instances');
  await en.close();
});

test('every page in Chinese: no sideways scroll at 390 px, screenshots at laptop and phone width', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, { email: zhAdmin, password: PASSWORD });
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('概览');
  // the configuration warnings too (the e2e server runs without AK/SK, on the built-in emulator)
  await expect(page.getByRole('region', { name: '配置告警' })).toContainText('未设置 HUAWEICLOUD_AK / HUAWEICLOUD_SK：订单从内置的云商店模拟器获取');

  // a call detail: the newest failed renewal
  await page.goto('/calls?view=failures');
  const failure = page.getByTestId('failure-row').filter({ visible: true }).filter({ hasText: 'refreshInstance' }).first();
  await expect(failure).toBeVisible();
  await expect(failure.getByTestId('countdown')).toHaveText(/后放弃重试$/);
  const callHref = await failure.getByRole('link', { name: 'refreshInstance' }).getAttribute('href');

  const pages: [string, string, string][] = [
    ['overview', '/', '概览'],
    ['instances', '/instances', '实例'],
    ['instance', `/instances/${encodeURIComponent(bought.instanceId)}`, bought.instanceId],
    ['calls', '/calls', '接口调用日志'],
    ['failures', '/calls?view=failures', '接口调用日志'],
    ['call', callHref!, '接收 refreshInstance'],
    ['licences', '/licences', 'License 交付'],
    ['usage', '/usage', '用量'],
    ['tenants', '/tenants', '租户'],
    ['debugger', '/debugger', '接口调试'],
    ['debugger-cases', '/debugger/cases', '接口调试'],
    ['settings', '/settings', '设置'],
    ['users', '/users', '用户'],
    ['audit', '/audit', '审计日志'],
  ];
  for (const [name, path, heading] of pages) {
    await page.setViewportSize(LAPTOP);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(heading);
    await page.screenshot({ path: `${SCREENSHOTS}/zh-${name}.png`, fullPage: true });
    expect(await untranslated(page), `${path}: English or a message key on the Chinese page`).toEqual([]);
    await page.setViewportSize(PHONE);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(heading);
    await noSidewaysScroll(page, path);
    if (['overview', 'instance', 'calls', 'call', 'licences', 'usage', 'debugger'].includes(name)) {
      await page.screenshot({ path: `${SCREENSHOTS}/zh-${name}-phone.png`, fullPage: true });
    }
  }

  // a form error from the users API, in the user's language
  await page.setViewportSize(LAPTOP);
  await page.goto('/users');
  const add = page.getByRole('region', { name: '添加用户' });
  await add.getByLabel('邮箱').fill(E2E_ADMIN.email);
  await add.getByLabel('初始密码（至少 10 个字符）').fill('long-enough-1');
  await add.getByRole('button', { name: '添加用户' }).click();
  await expect(add.getByRole('alert')).toHaveText(`邮箱：${E2E_ADMIN.email} 已有账号。`);

  // Chinese status names and the instance's timeline
  await page.setViewportSize(LAPTOP);
  await page.goto(`/instances/${encodeURIComponent(bought.instanceId)}`);
  // within the shown page (a streamed page may briefly hold a hidden copy too)
  const main = page.locator('#main');
  await expect(main.getByTestId('instance-status')).toHaveText('正常');
  await expect(main.getByTestId('timeline')).toContainText('调用 newInstance');
  await expect(main.getByTestId('timeline')).toContainText('开通任务：已完成');

  await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
  await expect(main.getByTestId('instance-status')).toHaveText('active');
});

test('English pages at 390 px have no sideways scroll either', async ({ page }) => {
  await signIn(page);
  await page.setViewportSize(PHONE);
  for (const path of ['/', '/instances', `/instances/${encodeURIComponent(bought.instanceId)}`, '/calls', '/calls?view=failures', '/licences', '/usage', '/tenants', '/debugger', '/debugger/cases', '/settings', '/users', '/audit']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await noSidewaysScroll(page, path);
  }
});

test('keyboard: Tab reaches the skip link and the nav, Enter follows a nav link', async ({ page }) => {
  await signIn(page);
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
  await expect(page.locator('#main')).toBeFocused();

  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Console' });
  const calls = nav.getByRole('link', { name: 'Call log' });
  // skip link, overview, instances, call log
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await calls.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(calls).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/calls$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Call log');
  await expect(nav.getByRole('link', { name: 'Call log' })).toHaveAttribute('aria-current', 'page');
});
