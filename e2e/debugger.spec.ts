import { expect, test, type Page } from '@playwright/test';
import { addConsoleUser, signIn } from './auth';
import { SCREENSHOTS } from './support';

/**
 * The interface debugger (spec §10.1): a signed test call from the form to this app with a passing verdict and its
 * curl, two saved cases run all at once with the history, the lifecycle button, and a viewer who may only look.
 */

async function send(page: Page, activity: string) {
  await page.getByLabel('Activity').selectOption(activity);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result.getByTestId('verdict-summary')).toBeVisible({ timeout: 15_000 });
  return result;
}

test('support sends calls from the form, saves two cases, runs them all, and runs a whole lifecycle', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const support = { email: `support-dbg-${stamp}@e2e.test`, password: 'support-password-1' };
  await signIn(page, undefined, '/users');
  expect((await page.request.post('/api/console/users', { data: { ...support, role: 'support' } })).status()).toBe(201);
  await page.context().clearCookies();
  await signIn(page, support, '/debugger');
  await expect(page.getByRole('heading', { level: 1, name: 'Interface debugger' })).toBeVisible();

  // a bad field is refused by name, nothing is sent
  await page.getByLabel('Activity').selectOption('newInstance');
  await page.getByLabel(/^orderId/).fill('');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByText('This field is required.')).toBeVisible();
  await expect(page.getByLabel(/^orderId/)).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Reset to the mock order' }).click();
  await expect(page.getByLabel(/^orderId/)).toHaveValue('MOCKPERIODYEARNEW');

  // another URL without a typed key: refused, nothing signed with this app's key leaves (issue 6)
  await page.getByLabel('Another URL').check();
  await page.locator('#dbg-url').fill('http://127.0.0.1:9/api/produce');
  await expect(page.getByText(/Required for another URL/)).toBeVisible();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByText(/Type the key for another URL/)).toBeVisible();
  await expect(page.locator('#dbg-key')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: `${SCREENSHOTS}/debugger-key-required.png`, fullPage: true });
  await page.getByLabel('This app’s production URL').check();

  // newInstance with the mock order, to this app: passes, with the exact request and the curl
  let result = await send(page, 'newInstance');
  await expect(result.getByTestId('verdict-summary')).toContainText('Passed');
  await expect(result.getByTestId('curl')).toContainText("curl -X POST 'http://127.0.0.1:");
  await expect(result.getByTestId('curl')).toContainText('signature=');
  await expect(result.getByTestId('curl')).toContainText('"testFlag":"1"');
  await expect(result.locator('[data-check="bodySign"]')).toHaveAttribute('data-status', 'pass');

  await page.getByLabel('Test case name').fill(`buy ${stamp}`);
  await page.getByRole('button', { name: 'Save as test case' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved test case “buy ${stamp}”` })).toBeVisible();

  // queryInstance on the instance just bought ({{lastInstanceId}}), until it is ready
  await page.getByLabel('Activity').selectOption('queryInstance');
  await expect(page.getByLabel(/^instanceId/)).toHaveValue('{{lastInstanceId}}');
  await expect(async () => {
    result = await send(page, 'queryInstance');
    await expect(result.getByTestId('verdict-summary')).toContainText('Passed', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(result.locator('[data-check="appInfo"]')).toHaveAttribute('data-status', 'pass');
  await page.getByLabel('Test case name').fill(`query ${stamp}`);
  await page.getByRole('button', { name: 'Save as test case' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved test case “query ${stamp}”` })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/debugger.png`, fullPage: true });

  // run all: both pass; the history shows the run
  await page.getByRole('navigation', { name: 'Debugger sections' }).getByRole('link', { name: 'Test cases and history' }).click();
  await expect(page.getByTestId('case-row').filter({ visible: true })).toHaveCount(2);
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(page.getByTestId('run-summary').filter({ visible: true })).toHaveText('2 passed, 0 failed', { timeout: 60_000 });
  await expect(page.getByTestId('run-result').filter({ visible: true })).toHaveCount(2);
  const history = page.getByRole('region', { name: 'History' });
  await expect(history.getByTestId('history-row').filter({ hasText: 'Run all' }).first()).toContainText('2 passed, 0 failed');
  await expect(history.getByTestId('run-trend')).toBeVisible();
  // the history narrowed to what started the runs: the sends only, then the scheduled self-checks (none, unless 07:00 or
  // 19:00 in Shanghai fell in the last seconds), then all again
  const rows = history.getByTestId('history-row').filter({ visible: true });
  await history.getByLabel('Started by').selectOption('send');
  await expect(rows.first()).toContainText('Send');
  await expect(rows.filter({ hasNotText: 'Send' })).toHaveCount(0);
  await history.getByLabel('Started by').selectOption('scheduled');
  await expect(rows.filter({ hasText: 'Run all' })).toHaveCount(0);
  await expect(rows.filter({ hasNotText: 'Scheduled self-check' })).toHaveCount(0);
  await history.getByLabel('Started by').selectOption('');
  await expect(rows.filter({ hasText: 'Run all' }).first()).toBeVisible();
  await expect(page.getByTestId('case-row').filter({ visible: true }).first().getByTestId('verdict')).toHaveText('pass');
  // one run's checks open from the history
  await history.getByRole('button', { name: /^Open run/ }).first().click();
  await expect(history.getByTestId('run-result').first()).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/debugger-cases.png`, fullPage: true });

  // the lifecycle button: every step passes
  await page.getByRole('navigation', { name: 'Debugger sections' }).getByRole('link', { name: 'Send a call' }).click();
  await page.getByRole('button', { name: 'Run the lifecycle' }).click();
  await expect(page.getByTestId('life-outcome').filter({ visible: true })).toHaveText('Every step passed.', { timeout: 90_000 });
  const steps = page.getByTestId('life-step').filter({ visible: true });
  const kitSteps = ['tenantSync (add)', 'applicationSync (add)', 'allOrgSync (3 organisations)', 'authSync (add: test account)', 'singleOrgSync (add: department edit)'];
  for (const name of ['newInstance', 'queryInstance (until ready)', 'refreshInstance (RENEWAL)', 'updateInstanceStatus FREEZE', 'updateInstanceStatus UNFREEZE', 'upgradeInstance', ...kitSteps, 'releaseInstance']) {
    await expect(steps.filter({ hasText: name }).first().getByTestId('verdict')).toHaveText('pass');
  }
  await steps.filter({ hasText: 'upgradeInstance' }).first().locator('summary').click();
  await expect(steps.filter({ hasText: 'upgradeInstance' }).first().getByTestId('curl')).toBeVisible();

  // phone width
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/debugger-390.png`, fullPage: true });
});

test('support sends the kit interfaces, saves one as a case and runs it from the cases page (spec §3.12)', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const email = await addConsoleUser(browser, 'kit-dbg', 'support', 'support-password-1');
  await signIn(page, { email, password: 'support-password-1' }, '/debugger');

  // tenantSync: to <production URL>/produceAPI/v2/tenantSync, signed in headers, passing
  await page.getByLabel('Activity').selectOption('tenantSync');
  await expect(page.getByText(/produceAPI\/v2\/tenantSync with x-sign/)).toBeVisible();
  let result = await send(page, 'tenantSync');
  await expect(result.getByTestId('verdict-summary')).toContainText('Passed');
  await expect(result.getByTestId('curl')).toContainText('/api/produce/produceAPI/v2/tenantSync');
  await expect(result.getByTestId('curl')).toContainText("-H 'x-sign:");
  await expect(result.getByTestId('curl')).toContainText('"instanceId":"debug-kit-instance","tenantId"');

  // a list that is not valid is refused by field, nothing is sent
  await page.getByLabel('Activity').selectOption('authSync');
  await page.getByLabel(/^userList/).fill('[{"name":"no login"}]');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByText('Entry 1: userName must be text')).toBeVisible();
  await page.getByRole('button', { name: 'Reset to the mock order' }).click();
  result = await send(page, 'authSync');
  await expect(result.getByTestId('verdict-summary')).toContainText('Passed');

  // applicationSync: the plain secret is encrypted on the server; saved as a case
  await page.getByLabel('Activity').selectOption('applicationSync');
  await expect(page.getByLabel(/^clientSecret/)).toHaveValue('debug-secret-{{uuid}}');
  result = await send(page, 'applicationSync');
  await expect(result.getByTestId('verdict-summary')).toContainText('Passed');
  await expect(result.getByTestId('curl')).not.toContainText('debug-secret-');
  await page.getByLabel('Test case name').fill(`kit app ${stamp}`);
  await page.getByRole('button', { name: 'Save as test case' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved test case “kit app ${stamp}”` })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/debugger-kit.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/debugger-kit-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // run from the cases page: passes
  await page.getByRole('navigation', { name: 'Debugger sections' }).getByRole('link', { name: 'Test cases and history' }).click();
  const row = page.getByTestId('case-row').filter({ visible: true }).filter({ hasText: `kit app ${stamp}` });
  await expect(row).toContainText('applicationSync');
  await row.getByRole('button', { name: `Run kit app ${stamp}` }).click();
  await expect(page.getByTestId('run-summary').filter({ visible: true })).toHaveText('1 passed, 0 failed', { timeout: 30_000 });
  await expect(row.getByTestId('verdict')).toHaveText('pass');

  // in Chinese, with a kit activity selected
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  await page.goto('/debugger');
  await page.locator('#dbg-activity').selectOption('allOrgSync');
  await expect(page.getByText('组织的 JSON 数组')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/zh-debugger-kit.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/zh-debugger-kit-390.png`, fullPage: true });
});

test('V1 mode (spec §4): a V1 call sent as a GET and judged with its Body-Sign, and the V1 lifecycle passing', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const email = await addConsoleUser(browser, 'v1-dbg', 'support', 'support-password-1');
  await signIn(page, { email, password: 'support-password-1' }, '/debugger?generation=v1');
  // ?generation=v1 opens on V1 newInstance and the V1 lifecycle
  await expect(page.getByLabel('Activity')).toHaveValue('v1.newInstance');
  await expect(page.getByText(/Sent as a GET to .*authToken signed with the V1 Key/)).toBeVisible();
  const result = await send(page, 'v1.newInstance');
  await expect(result.getByTestId('verdict-summary')).toContainText('Passed');
  await expect(result.locator('[data-check="bodySign"]')).toHaveAttribute('data-status', 'pass');
  await expect(result.locator('[data-check="appInfo"]')).toHaveAttribute('data-status', 'pass');
  await expect(result.getByTestId('curl')).toContainText('activity=newInstance');
  await expect(result.getByTestId('curl')).toContainText('authToken=');

  await expect(page.getByRole('radio', { name: /^V1/ })).toBeChecked();
  await page.getByRole('button', { name: 'Run the lifecycle' }).click();
  await expect(page.getByTestId('life-outcome').filter({ visible: true })).toHaveText('Every step passed.', { timeout: 90_000 });
  const steps = page.getByTestId('life-step').filter({ visible: true });
  for (const name of ['newInstance', 'queryInstance', 'refreshInstance (renewal)', 'instanceStatus FREEZE', 'upgrade', 'expireInstance', 'releaseInstance (repeat)', 'licence: getLicense', 'licence: releaseLicense']) {
    await expect(steps.filter({ hasText: name }).first().getByTestId('verdict')).toHaveText('pass');
  }
  await page.screenshot({ path: `${SCREENSHOTS}/debugger-v1.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/debugger-v1-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  await page.goto('/debugger?generation=v1');
  await expect(page.getByText('V1（旧版 GET 接口与 License V1）')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/zh-debugger-v1.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${SCREENSHOTS}/zh-debugger-v1-390.png`, fullPage: true });
});

test('a viewer sees the cases and history but cannot send', async ({ page, browser }) => {
  const stamp = Date.now();
  const viewer = { email: `viewer-dbg-${stamp}@e2e.test`, password: 'viewer-password-1' };
  await signIn(page, undefined, '/users');
  expect((await page.request.post('/api/console/users', { data: { ...viewer, role: 'viewer' } })).status()).toBe(201);

  const ctx = await browser.newContext();
  const vpage = await ctx.newPage();
  await signIn(vpage, viewer, '/debugger');
  await expect(vpage.getByRole('note').filter({ hasText: 'need the support role' })).toBeVisible();
  await expect(vpage.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await expect(vpage.getByRole('button', { name: 'Run the lifecycle' })).toBeDisabled();
  await expect(vpage.getByRole('button', { name: 'Save as test case' })).toHaveCount(0);
  const denied = await vpage.request.post('/api/console/debugger/send', {
    data: { activity: 'queryInstance', params: { instanceId: 'x' } },
  });
  expect(denied.status()).toBe(403);
  expect((await vpage.request.post('/api/console/debugger/runs')).status()).toBe(403);
  expect((await vpage.request.get('/api/console/debugger/cases')).status()).toBe(200);
  await vpage.getByRole('link', { name: 'Test cases and history' }).click();
  await expect(vpage.getByRole('heading', { name: 'History' })).toBeVisible();
  await expect(vpage.getByRole('button', { name: 'Run all' })).toHaveCount(0);
  await ctx.close();
});
