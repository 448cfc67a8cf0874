import { expect, test, type Page } from '@playwright/test';
import { buyInstance, E2E_BASE_URL, produceOk, SCREENSHOTS } from './support';

/**
 * The buyer's side of a purchase: the marketplace buys (newInstance + queryInstance through the production interface),
 * the buyer opens appInfo.frontEndUrl and signs in with appInfo.userName / password; then the marketplace freezes and
 * releases the instance and the tenant page follows.
 */

const STATUS = {
  active: 'Active',
  frozen: 'Frozen: the subscription has expired. Renew it in Huawei Cloud Marketplace to continue.',
  released: 'Released: this subscription has ended.',
};

function tenantPage(page: Page) {
  const form = page.getByRole('form', { name: 'Sign in' });
  return {
    status: page.getByTestId('tenant-status').filter({ visible: true }),
    form,
    userName: form.getByLabel('User name'),
    password: form.getByLabel('Password'),
    submit: form.getByRole('button', { name: 'Sign in' }),
    // Next adds an empty role="alert" route announcer to every page: only our message counts
    wrongCredentials: page.getByRole('alert').filter({ hasText: 'Wrong user name or password.' }),
    subscription: page.getByRole('region', { name: 'Subscription' }),
    signOut: page.getByRole('button', { name: 'Sign out' }),
  };
}

test('buy, sign in, sign out, freeze, release', async ({ page }) => {
  const bought = await test.step('marketplace buys an instance', () => buyInstance());
  expect(bought.frontEndUrl.startsWith(`${E2E_BASE_URL}/t/`)).toBe(true);
  expect(bought.frontEndUrl).toMatch(/\/t\/[A-Za-z0-9_-]+$/);
  expect(bought.userName).toBe('admin');
  const t = tenantPage(page);

  await test.step('the tenant page shows the active tenant and the sign-in form', async () => {
    await page.goto(bought.frontEndUrl);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('mock_customer');
    await expect(t.status).toHaveText(`Status: ${STATUS.active}`);
    await expect(t.form).toBeVisible();
    await expect(t.subscription).toHaveCount(0);
  });

  await test.step('a wrong password is refused', async () => {
    await t.userName.fill(bought.userName);
    await t.password.fill(`${bought.password}x`);
    await t.submit.click();
    await expect(t.wrongCredentials).toBeVisible();
    await expect(t.subscription).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/tenant-wrong-password.png`, fullPage: true });
  });

  await test.step('the right password shows the subscription', async () => {
    await t.userName.fill(bought.userName);
    await t.password.fill(bought.password);
    await t.submit.click();
    await expect(t.subscription).toBeVisible();
    await expect(t.subscription).toContainText(`Signed in as ${bought.userName}`);
    await expect(t.subscription.getByRole('definition').first()).toHaveText(bought.instanceId);
    await expect(t.subscription).toContainText('OFFI000000000000000001'); // the emulator's default product
    await expect(t.subscription).toContainText('MOCK-SKU-BASIC');
    await expect(t.form).toHaveCount(0);
    await expect(t.wrongCredentials).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/tenant-signed-in.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 667 }); // a phone: the buyer may open the link anywhere
    await page.screenshot({ path: `${SCREENSHOTS}/tenant-signed-in-narrow.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  await test.step('sign out brings the sign-in form back', async () => {
    await t.signOut.click();
    await expect(t.form).toBeVisible();
    await expect(t.subscription).toHaveCount(0);
    await page.reload(); // the session cookie is gone, not just the view
    await expect(t.form).toBeVisible();
  });

  await test.step('FREEZE shows the frozen status', async () => {
    await produceOk({ activity: 'updateInstanceStatus', instanceId: bought.instanceId, status: 'FREEZE' });
    await page.reload();
    await expect(t.status).toHaveText(`Status: ${STATUS.frozen}`);
    await page.screenshot({ path: `${SCREENSHOTS}/tenant-frozen.png`, fullPage: true });
  });

  await test.step('releaseInstance shows the released status', async () => {
    await produceOk({ activity: 'releaseInstance', instanceId: bought.instanceId });
    await page.reload();
    await expect(t.status).toHaveText(`Status: ${STATUS.released}`);
    // a released tenant offers no sign-in any more
    await expect(t.form).toHaveCount(0);
    await expect(t.subscription).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/tenant-released.png`, fullPage: true });
  });
});

test('the sign-in form works from the keyboard', async ({ page }) => {
  const bought = await buyInstance();
  const t = tenantPage(page);
  await page.goto(bought.frontEndUrl);
  await expect(t.form).toBeVisible();

  await test.step('Tab reaches user name, password and the button in order', async () => {
    await page.keyboard.press('Tab');
    await expect(t.userName).toBeFocused();
    await page.screenshot({ path: `${SCREENSHOTS}/tenant-keyboard-focus-username.png` });
    await page.keyboard.press('Tab');
    await expect(t.password).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(t.submit).toBeFocused();
    await page.screenshot({ path: `${SCREENSHOTS}/tenant-keyboard-focus-button.png` });
  });

  await test.step('Enter in the password field submits: wrong password', async () => {
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await expect(t.userName).toBeFocused();
    await page.keyboard.type(bought.userName);
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await expect(t.wrongCredentials).toBeVisible();
  });

  await test.step('Enter submits the right password', async () => {
    await t.userName.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(bought.userName);
    await page.keyboard.press('Tab');
    await expect(t.password).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(bought.password);
    await page.keyboard.press('Enter');
    await expect(t.subscription).toContainText(bought.instanceId);
  });

  await test.step('Sign out is reachable with Tab and works with Enter', async () => {
    await page.keyboard.press('Tab');
    await expect(t.signOut).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(t.form).toBeVisible();
  });
});
