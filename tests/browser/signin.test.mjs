// Signing in and out, the home page and the navigation, all with the keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, keyboardFill, pressAndWait,
  hasUserCommand, createUser,
} from './harness.mjs';

const steward = useSteward();
useBrowser();

test('the sign-in page, a wrong password, then signing in and out with the keyboard', async () => {
  const page = await newPage();
  await page.goto(`${steward.origin}/`);
  assert.match(page.url(), /\/login$/, 'a signed-out visitor is sent to /login');
  await checkA11y(page, 'sign-in page');

  await keyboardFill(page, page.locator('#user_name'), 'admin');
  await keyboardFill(page, page.locator('#password'), 'not the password');
  const refused = await pressAndWait(page, 'Enter'); // Enter in a field submits its form
  assert.equal(refused.status(), 401);
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: 'not right' }).waitFor());
  assert.equal(await page.locator('#user_name').inputValue(), 'admin', 'the user name is kept');
  await checkA11y(page, 'sign-in page with an error');

  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  assert.equal(new URL(page.url()).pathname, '/');
  await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor());
  await checkA11y(page, 'home page');

  await tabTo(page, page.getByRole('button', { name: 'Sign out', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.match(page.url(), /\/login$/);
  await page.goto(`${steward.origin}/`);
  assert.match(page.url(), /\/login$/, 'signed out: the home page asks to sign in again');
});

test('the skip link and the area menu lead to a list with the keyboard', async () => {
  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);

  // The first Tab reaches "Skip to content", which moves the focus to <main>.
  await page.keyboard.press('Tab');
  await tabTo(page, page.getByRole('link', { name: 'Skip to content' }), { max: 1 });
  await page.keyboard.press('Enter');
  await tabTo(page, page.locator('main'), { max: 0 });

  // The areas are <details>: Enter on the summary opens one, then Tab reaches its links.
  const nav = page.getByRole('navigation', { name: 'Areas' });
  await tabTo(page, nav.locator('summary', { hasText: 'Inventory' }));
  await page.keyboard.press('Enter');
  await tabTo(page, nav.getByRole('link', { name: 'IT System', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.equal(new URL(page.url()).pathname, '/app/it_systems');
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'IT System' }).waitFor());
  assert.equal(await nav.locator('a[aria-current="page"]').textContent(), 'IT System');
  await checkA11y(page, 'IT System list');
});

test('a user made with `steward user create` signs in', { skip: !hasUserCommand() && '`steward user` does not exist yet' }, async () => {
  const password = 'browser-test-password-1';
  createUser(steward, { name: 'pat.agent', person: 'Pat Agent', roles: ['Service Desk Agent'], password });
  const page = await newPage();
  await signIn(page, steward.origin, 'pat.agent', password);
  assert.match(await page.locator('header .who').textContent(), /Pat Agent/, 'the header names the person');
  await page.goto(`${steward.origin}/app/it_service_requests`);
  await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor());
  await checkA11y(page, 'service request list as a Service Desk Agent');
});
