import http from 'node:http';
import { expect, test, type Browser } from '@playwright/test';
import { addConsoleUser, signIn } from './auth';
import { buyInstanceWithId, produce, shootBoth } from './support';

/**
 * Alerts (issue 12) in the console: an admin adds a Slack-compatible channel (a local receiver stands for the chat),
 * sends a test alert and sees it delivered; a production-interface call fails, the alert fires (the channel gets it,
 * the Alerts page and the Overview list it), support re-invokes the call once it can succeed, and the alert resolves.
 * The app evaluates its rules every 2 s here (ALERT_EVALUATE_SECONDS in playwright.config.ts).
 */

async function startReceiver() {
  const posts: { text: string }[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      posts.push(JSON.parse(data || '{}') as { text: string });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/services/T0/B0/e2e-slack-token`, posts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function zhAdmin(browser: Browser, path: string) {
  const password = 'alerts-zh-admin-password';
  const email = await addConsoleUser(browser, 'alerts-zh', 'admin', password);
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`/login?callbackUrl=${encodeURIComponent(path)}`);
  const form = page.getByRole('form', { name: '登录' });
  await form.getByLabel('邮箱').fill(email);
  await form.getByLabel('密码').fill(password);
  await form.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('current-user').filter({ visible: true })).toContainText(email);
  return { page, close: () => context.close() };
}

test('configure a channel, send a test alert, an alert fires on a failed call and resolves after re-invocation', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  try {
    await signIn(page, undefined, '/settings/alerts');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alerts: rules and channels');
    const rules = page.getByTestId('alert-rules');
    await expect(rules.locator('[data-rule]')).toHaveCount(8);

    // a threshold out of bounds is refused at the field; a valid one is saved
    const monthly = rules.getByRole('form', { name: /This month’s failed orders/ });
    await monthly.getByLabel('Threshold').fill('0');
    await monthly.getByLabel('Threshold').evaluate((el: HTMLInputElement) => el.removeAttribute('min'));
    await monthly.getByRole('button', { name: 'Save' }).click();
    await expect(monthly.getByRole('alert')).toHaveText('Threshold: a whole number from 1 to 100.');
    await monthly.getByLabel('Threshold').fill('4');
    await monthly.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Rule “This month’s failed orders (the marketplace delists past 5)” saved.')).toBeVisible();
    await expect(rules.getByRole('form', { name: /This month’s failed orders/ }).getByLabel('Threshold')).toHaveValue('4');

    // add the channel
    const form = page.getByRole('form', { name: 'Add a channel' });
    await form.getByLabel('Name').fill('Ops chat');
    await form.getByLabel('Kind').selectOption('slack');
    await expect(form.getByLabel('Signing secret (optional)')).toHaveCount(0);
    await form.getByLabel('Webhook URL').fill(receiver.url);
    await form.getByLabel('Language of the messages').selectOption('en');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await expect(page.getByText('Channel “Ops chat” added.')).toBeVisible();
    const row = page.getByTestId('alert-channels').getByRole('row').filter({ hasText: 'Ops chat' });
    await expect(row).toContainText('Slack-compatible');
    // the URL's token is never shown
    await expect(page.getByTestId('alert-channels')).not.toContainText('e2e-slack-token');

    // a test alert, delivered
    await row.getByRole('button', { name: 'Send test alert' }).click();
    await expect(page.getByText('Test alert queued for “Ops chat”')).toBeVisible();
    await expect(row.getByTestId('last-delivery')).toHaveAttribute('data-state', 'sent', { timeout: 20_000 });
    await expect(row.getByTestId('last-delivery')).toContainText('test: sent');
    expect(receiver.posts.at(-1)?.text).toContain('[Test] Test alert from the KooGallery seller console');
    await shootBoth(page, 'alerts-settings');

    // a renewal for an instance that does not exist yet fails (000003): the alert fires
    const instanceId = `e2e-alert-${Date.now()}`;
    const renewal = { activity: 'refreshInstance', instanceId, orderId: 'MOCKMONTYRENEW', orderLineId: 'MOCKMONTYRENEW-000001', scene: 'RENEWAL', expireTime: '20301231000000' };
    expect(((await produce(renewal)).json as { resultCode: string }).resultCode).toBe('000003');
    await expect.poll(() => receiver.posts.some((p) => p.text.includes('[Alert] Production interface refreshInstance failing')), { timeout: 20_000 }).toBe(true);
    const fired = receiver.posts.find((p) => p.text.includes('[Alert] Production interface refreshInstance failing'))!;
    expect(fired.text).toContain('/calls?view=failures>');
    expect(fired.text).toMatch(/the marketplace stops retrying at \d{4}-\d\d-\d\d \d\d:\d\d UTC\+8/);

    await page.goto('/alerts');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alerts');
    const open = page.getByTestId('open-alerts').getByRole('row').filter({ hasText: 'Production interface refreshInstance failing' });
    await expect(open).toBeVisible();
    await expect(open).toContainText('open');
    await shootBoth(page, 'alerts-open');
    await page.goto('/');
    await expect(page.getByTestId('overview-alerts').getByRole('link', { name: /Production interface refreshInstance failing/ })).toBeVisible();
    await shootBoth(page, 'alerts-overview');

    const zh = await zhAdmin(browser, '/alerts');
    await expect(zh.page.getByRole('heading', { level: 1 })).toHaveText('告警');
    await expect(zh.page.getByTestId('open-alerts').getByRole('row').filter({ hasText: '生产接口 refreshInstance 调用失败' })).toBeVisible();
    await shootBoth(zh.page, 'zh-alerts-open');
    await zh.page.goto('/settings/alerts');
    await expect(zh.page.getByRole('heading', { level: 1 })).toHaveText('告警：规则与渠道');
    await shootBoth(zh.page, 'zh-alerts-settings');
    await zh.close();

    // the instance is bought meanwhile; support re-invokes the renewal, which now succeeds: the alert resolves
    await buyInstanceWithId(instanceId);
    await page.goto(`/calls?id=${instanceId}`);
    await page.getByRole('row').filter({ hasText: 'refreshInstance' }).first().getByRole('link').first().click();
    await page.getByRole('button', { name: 'Re-invoke' }).click();
    await page.getByRole('button', { name: 'Yes, run it again' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Succeeded: 000000' })).toBeVisible();
    await expect.poll(() => receiver.posts.some((p) => p.text.includes('[Resolved] Production interface refreshInstance failing')), { timeout: 20_000 }).toBe(true);
    await page.goto('/alerts');
    await expect(page.getByTestId('resolved-alerts').getByRole('row').filter({ hasText: 'Production interface refreshInstance failing' }).first()).toContainText('resolved');
    await expect(page.getByTestId('open-alerts').getByRole('row').filter({ hasText: 'Production interface refreshInstance failing' })).toHaveCount(0);
    await shootBoth(page, 'alerts-resolved');

    // the channel removed (its receiver stops with this spec): asked first, then gone
    await page.goto('/settings/alerts');
    await page.getByTestId('alert-channels').getByRole('row').filter({ hasText: 'Ops chat' }).getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading')).toHaveText('Remove channel “Ops chat”?');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByText('Channel “Ops chat” removed.')).toBeVisible();
    await expect(page.getByTestId('alert-channels').getByRole('row').filter({ hasText: 'Ops chat' })).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});
