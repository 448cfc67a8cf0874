import { expect, type Page } from '@playwright/test';
import { E2E_ADMIN } from './env';

/** Signs in through the console's sign-in page and waits for the signed-in shell. */
export async function signIn(page: Page, user: { email: string; password: string } = E2E_ADMIN, path = '/'): Promise<void> {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(path)}`);
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('E-mail').fill(user.email);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user').filter({ visible: true })).toContainText(user.email);
}
