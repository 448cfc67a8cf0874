import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './auth';
import { buyInstance, E2E_BASE_URL, E2E_EMULATOR_URL, kitClock, kitSync, SCREENSHOTS } from './support';
import { encryptClientSecret } from '../lib/kit/rsa';

/**
 * "Sign in with Huawei Cloud" on the tenant page (issue 9): the marketplace buys an instance and syncs its kit
 * tenant (domainName: the built-in emulator's IdP), application (clientSecret RSA-encrypted to this app's public key)
 * and users through the signed kit interfaces; the emulator's IdP learns the same client and users through its control
 * API. Then an authorised user signs in at the IdP and lands on the tenant page signed in, and a user whose
 * authorisation was cancelled (authSync flag 3) is refused and told why.
 */

const RUN = Date.now().toString(36);
const KIT_TENANT = `sso-tenant-${RUN}`;
const APP = `app-sso-${RUN}`;
const CLIENT_ID = `client-sso-${RUN}`;
const CLIENT_SECRET = `secret-${randomBytes(8).toString('hex')}`;
const ts = kitClock();

function auth(instanceId: string, flag: number, userList: unknown[]) {
  const t = ts();
  return kitSync('authSync', { instanceId, tenantId: KIT_TENANT, testFlag: 1, appId: APP, flag, currentSyncTime: t, timeStamp: t, userList });
}

async function emulatorIdp(path: string, body: unknown) {
  const res = await fetch(`${E2E_EMULATOR_URL}/emulator/idp/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  expect(res.status, `POST /emulator/idp/${path}: ${await res.clone().text()}`).toBe(201);
}

/** The app's kit public key, as an admin reads it in Settings. */
async function publicKey(browser: Browser): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page);
  const { pem } = (await (await page.request.get('/api/console/kit/public-key')).json()) as { pem: string };
  await context.close();
  return pem;
}

async function shots(page: Page, name: string) {
  for (const [w, h] of [[1280, 800], [390, 844]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-${w}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** At the emulator's IdP: type the user name and sign in, or cancel. */
async function atIdp(page: Page, as: string | 'cancel') {
  await expect(page).toHaveURL(new RegExp(`^${E2E_EMULATOR_URL}/idp/interaction/`));
  await expect(page.getByRole('heading', { name: 'Huawei Cloud sign-in' })).toBeVisible();
  if (as === 'cancel') {
    await page.getByRole('button', { name: 'Cancel' }).click();
    return;
  }
  await page.getByLabel('User name').fill(as);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an authorised user signs in with Huawei Cloud; a cancelled one is refused and told why', async ({ browser }) => {
  const bought = await test.step('the marketplace buys an instance', () => buyInstance());
  const tenantId = new URL(bought.frontEndUrl).pathname.split('/').at(-1)!;
  const pem = await publicKey(browser);

  await test.step('the marketplace syncs the kit tenant, its application and users; the IdP knows them too', async () => {
    const base = { instanceId: bought.instanceId, tenantId: KIT_TENANT, testFlag: 1 };
    const secret = encryptClientSecret(pem, CLIENT_SECRET);
    await kitSync('tenantSync', { ...base, orderId: bought.orderId, tenantCode: 'acme', name: 'Acme SSO', domainName: `${E2E_EMULATOR_URL}/idp`, flag: 1, timeStamp: ts() });
    await kitSync('applicationSync', { ...base, appId: APP, clientId: CLIENT_ID, clientSecret: secret, flag: 1, timeStamp: ts() });
    await auth(bought.instanceId, 1, [
      { userName: 'alice', name: 'Alice', role: 'user', enable: 'true' },
      { userName: 'bob', name: 'Bob', role: 'user', enable: 'true' },
      { userName: 'carol', name: 'Carol', role: 'user', enable: 'true' },
    ]);
    await auth(bought.instanceId, 3, [{ userName: 'bob' }]); // 取消授权
    await emulatorIdp('clients', { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${E2E_BASE_URL}/t/${tenantId}/sso/callback`] });
    await emulatorIdp('users', { userName: 'alice' });
    await emulatorIdp('users', { userName: 'bob' });
    await emulatorIdp('users', { userName: 'carol' });
  });

  await test.step('alice: the button, the IdP, signed in on the tenant page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(bought.frontEndUrl);
    const button = page.getByRole('link', { name: 'Sign in with Huawei Cloud' });
    await expect(button).toBeVisible();
    // the admin's form stays beside it
    await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
    await shots(page, 'tenant-sso-button');
    await button.click();
    await atIdp(page, 'alice');
    await expect(page).toHaveURL(bought.frontEndUrl);
    const subscription = page.getByRole('region', { name: 'Subscription' });
    await expect(subscription).toContainText('Signed in as alice (Huawei Cloud)');
    await expect(subscription).toContainText(APP);
    await expect(page.getByRole('form', { name: 'Sign in' })).toHaveCount(0);
    await shots(page, 'tenant-sso-signed-in');
    // signing out brings the button back
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in with Huawei Cloud' })).toBeVisible();
    await context.close();
  });

  await test.step('bob, whose authorisation was cancelled: refused, and told why', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(bought.frontEndUrl);
    await page.getByRole('link', { name: 'Sign in with Huawei Cloud' }).click();
    await atIdp(page, 'bob');
    await expect(page).toHaveURL(`${bought.frontEndUrl}?sso=deauthorised`);
    const refusal = page.getByTestId('sso-refusal');
    await expect(refusal).toContainText('You could not be signed in with Huawei Cloud');
    await expect(refusal).toContainText('Your authorisation for this application has been cancelled.');
    await expect(page.getByRole('region', { name: 'Subscription' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Sign in with Huawei Cloud' })).toBeVisible();
    await shots(page, 'tenant-sso-refused');
    await context.close();
  });

  await test.step('carol signs in, then her authorisation is cancelled: the next view signs her out and says why', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(bought.frontEndUrl);
    await page.getByRole('link', { name: 'Sign in with Huawei Cloud' }).click();
    await atIdp(page, 'carol');
    await expect(page.getByRole('region', { name: 'Subscription' })).toContainText('Signed in as carol (Huawei Cloud)');
    await auth(bought.instanceId, 3, [{ userName: 'carol' }]);
    await page.reload();
    await expect(page.getByRole('region', { name: 'Subscription' })).toHaveCount(0);
    await expect(page.getByTestId('sso-refusal')).toContainText('Your authorisation for this application has been cancelled.');
    await context.close();
  });

  await test.step('Cancel at the IdP: back on the tenant page, not signed in', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(bought.frontEndUrl);
    await page.getByRole('link', { name: '使用华为云账号登录' }).click();
    await atIdp(page, 'cancel');
    await expect(page).toHaveURL(`${bought.frontEndUrl}?sso=cancelled`);
    await expect(page.getByTestId('sso-refusal')).toContainText('已在华为云取消登录。');
    await shots(page, 'tenant-sso-cancelled-zh');
    await context.close();
  });
});
