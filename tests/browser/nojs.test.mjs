// The core flows with JavaScript off: every page must work as plain HTML forms and links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, keyboardFill, keyboardSelect, pressAndWait,
} from './harness.mjs';

const steward = useSteward({ demo: true });
useBrowser();

test('without JavaScript: sign in, open a list and a record, create and edit a record', async () => {
  const page = await newPage({ javaScriptEnabled: false });
  await page.goto(`${steward.origin}/login`);
  // Page scripts are off: not even an event listener runs (Playwright's own evaluate still does).
  const listenerRan = await page.evaluate(() => {
    let ran = false;
    const div = document.createElement('div');
    div.addEventListener('probe', () => (ran = true));
    div.dispatchEvent(new Event('probe'));
    return ran;
  });
  assert.equal(listenerRan, false, 'JavaScript is off in this context');
  await checkA11y(page, 'sign-in page (no JavaScript)');
  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  await checkA11y(page, 'home page (no JavaScript)');

  // A list, from the area menu: Enter opens the <details>, Tab reaches its links.
  const nav = page.getByRole('navigation', { name: 'Areas' });
  await tabTo(page, nav.locator('summary', { hasText: 'Inventory' }));
  await page.keyboard.press('Enter');
  await tabTo(page, nav.getByRole('link', { name: 'IT Technology', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.equal(new URL(page.url()).pathname, '/app/it_technologies');
  const first = page.locator('table.list tbody tr').first().getByRole('link').first();
  const firstName = (await first.textContent()).trim();
  await checkA11y(page, 'IT Technology list (no JavaScript)');

  // A record: the first row's link.
  await tabTo(page, first);
  await pressAndWait(page, 'Enter');
  assert.match(new URL(page.url()).pathname, /^\/app\/it_technologies\/[0-9a-f-]{36}$/);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: firstName }).waitFor());
  await checkA11y(page, 'IT Technology record (no JavaScript)');

  // Create: the list's New button, a text field, a choice and a date typed digit by digit.
  await page.goto(`${steward.origin}/app/it_technologies`);
  await tabTo(page, page.getByRole('link', { name: 'New', exact: true }));
  await pressAndWait(page, 'Enter');
  await checkA11y(page, 'new IT Technology form (no JavaScript)');
  await keyboardFill(page, page.locator('#f-name'), 'Browser Test Runtime');
  await keyboardSelect(page, page.locator('#f-technology_status'), 'Evaluation');
  await tabTo(page, page.locator('#f-end_of_support_date'));
  await page.keyboard.type('12312030'); // month, day, year segments of an en-US date field
  assert.equal(await page.locator('#f-end_of_support_date').inputValue(), '2030-12-31');
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }));
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  const recordPath = new URL(page.url()).pathname;
  assert.match(recordPath, /^\/app\/it_technologies\/[0-9a-f-]{36}$/);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Browser Test Runtime' }).waitFor());
  assert.equal((await page.locator('[data-field="technology_status"] dd').textContent()).trim(), 'Evaluation');
  await checkA11y(page, 'new IT Technology record (no JavaScript)');

  // Edit: the record's Edit button; the change shows on the record and in its history.
  await tabTo(page, page.getByRole('link', { name: 'Edit', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.equal(await page.locator('#f-name').inputValue(), 'Browser Test Runtime');
  await checkA11y(page, 'IT Technology edit form (no JavaScript)');
  await keyboardFill(page, page.locator('#f-name'), 'Browser Test Runtime 2');
  await keyboardSelect(page, page.locator('#f-technology_status'), 'Approved');
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }));
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(new URL(page.url()).pathname, recordPath);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Browser Test Runtime 2' }).waitFor());
  assert.equal((await page.locator('[data-field="technology_status"] dd').textContent()).trim(), 'Approved');
  const change = page.locator('ol.timeline li.change').first().locator('table.changes tbody tr', { hasText: 'Name' });
  assert.deepEqual((await change.locator('td').allTextContents()).map((s) => s.trim()), ['Browser Test Runtime', 'Browser Test Runtime 2']);
  await checkA11y(page, 'edited IT Technology record (no JavaScript)');
});
