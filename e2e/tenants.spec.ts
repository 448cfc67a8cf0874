import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { addConsoleUser, signIn } from './auth';
import { kitClock, kitSync } from './support';
import { encryptClientSecret } from '../lib/kit/rsa';

/**
 * The Tenants pages (issue 9): directory data created through the kit interfaces over HTTP, signed as the
 * marketplace signs them (spec §3.12), then seen on /tenants and one tenant's page, in English and Chinese.
 */

const SHOTS = '/tmp/shots-tenants';
const PASSWORD = 'tenants-password-1';
const RUN = Date.now().toString(36);
const INSTANCE = `e2e-kit-${RUN}`;
const TENANT = `e2e-tenant-${RUN}`;
const ts = kitClock();

async function seed(page: Page) {
  const { pem } = (await (await page.request.get('/api/console/kit/public-key')).json()) as { pem: string };
  const secret = encryptClientSecret(pem, 'e2e-client-secret');
  const base = { instanceId: INSTANCE, tenantId: TENANT, testFlag: 1 };
  await kitSync('tenantSync', { ...base, orderId: `O-${RUN}`, tenantCode: 'acme', name: 'Acme E2E', domainName: 'https://acme.example', flag: 1, timeStamp: ts() });
  await kitSync('applicationSync', { ...base, appId: 'app-e2e', clientId: 'client-e2e', clientSecret: secret, flag: 1, timeStamp: ts() });
  await kitSync('singleOrgSync', { ...base, orgCode: 'root', orgName: 'Acme HQ', parentCode: '', flag: 1, timeStamp: ts() });
  await kitSync('singleOrgSync', { ...base, orgCode: 'rd', orgName: 'Research', parentCode: 'root', flag: 1, timeStamp: ts() });
  const t = ts();
  await kitSync('authSync', {
    ...base, appId: 'app-e2e', flag: 1, currentSyncTime: t, timeStamp: t,
    userList: [
      { userName: 'alice', name: 'Alice Admin', orgCode: 'rd', role: 'admin', enable: 'true', mobile: '13800000001', email: 'alice@acme.example' },
      { userName: 'bob', name: 'Bob User', orgCode: 'rd', role: 'user', enable: 'false', mobile: '13800000002', email: 'bob@acme.example' },
    ],
  });
}

test('the Tenants pages show the directory the kit synced, in English and Chinese, at laptop and phone width', async ({ page, browser }) => {
  mkdirSync(SHOTS, { recursive: true });
  // an admin of this spec's own switches the language (the other specs' admin keeps English)
  const admin = await addConsoleUser(browser, 'tenants', 'admin', PASSWORD);
  const viewer = await addConsoleUser(browser, 'tenants', 'viewer', PASSWORD);
  await signIn(page, { email: admin, password: PASSWORD });
  await seed(page);

  await page.goto(`/tenants?instanceId=${INSTANCE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tenants');
  const row = page.getByTestId('tenant-row').filter({ visible: true }).filter({ hasText: TENANT });
  await expect(row).toContainText('Acme E2E');
  await expect(row).toContainText('client-e2e');
  await expect(row).toContainText('secret stored');
  await expect(page.getByText('e2e-client-secret')).toHaveCount(0);

  const shots = async (name: string) => {
    for (const [w, h] of [[1366, 900], [390, 844]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${SHOTS}/${name}-${w}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  };
  await shots('en-tenants');

  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/tenants/${INSTANCE}/${TENANT}`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme E2E');
  const users = page.getByTestId('kit-user-row').filter({ visible: true });
  await expect(users).toHaveCount(2);
  await expect(users.first()).toContainText('13800000001'); // an admin sees the contact details
  await expect(page.getByRole('region', { name: 'Organisation tree' })).toContainText('Research');
  await expect(page.getByTestId('tenant-call-row').filter({ visible: true })).toHaveCount(5);
  await shots('en-tenant');

  // search by name, filter by enabled
  await page.getByLabel('Search (user name or name)').fill('bob');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(users).toHaveCount(1);
  await expect(users.first()).toContainText('bob');
  await page.goto(`/tenants/${INSTANCE}/${TENANT}?enabled=true`);
  await expect(users).toHaveCount(1);
  await expect(users.first()).toContainText('alice');

  // a sync history row opens the call
  await page.getByTestId('tenant-call-row').filter({ visible: true }).first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/calls\/\d+$/);

  // a viewer sees the users' mobile and e-mail masked
  const context = await browser.newContext();
  const vp = await context.newPage();
  await signIn(vp, { email: viewer, password: PASSWORD });
  await vp.goto(`/tenants/${INSTANCE}/${TENANT}`);
  const vUsers = vp.getByTestId('kit-user-row').filter({ visible: true });
  await expect(vUsers.first()).toContainText('***');
  await expect(vp.getByText('13800000001')).toHaveCount(0);
  await expect(vp.getByText('alice@acme.example')).toHaveCount(0);
  await context.close();

  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  await page.goto(`/tenants?instanceId=${INSTANCE}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('租户');
  await shots('zh-tenants');
  await page.goto(`/tenants/${INSTANCE}/${TENANT}`);
  await expect(page.getByRole('region', { name: '组织树' })).toContainText('Research');
  await shots('zh-tenant');
  await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme E2E');
});
