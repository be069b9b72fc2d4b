// Two people edit the same record: the second save is stopped and shown the first one's change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, keyboardFill, pressAndWait,
} from './harness.mjs';

const steward = useSteward({ demo: true });
useBrowser();

/** From the IT System list, open the edit form of the row named `name`, by keyboard. */
async function openEdit(page, name) {
  await page.goto(`${steward.origin}/app/it_systems`);
  await tabTo(page, page.locator('table.list tbody').getByRole('link', { name, exact: true }), { max: 160 }); // rows come after the menu and the filter
  await pressAndWait(page, 'Enter');
  await tabTo(page, page.getByRole('link', { name: 'Edit', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.match(new URL(page.url()).pathname, /^\/app\/it_systems\/[0-9a-f-]{36}\/edit$/);
}

async function saveName(page, name) {
  await keyboardFill(page, page.locator('#f-name'), name);
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }), { max: 120 }); // a long form
  return pressAndWait(page, 'Enter');
}

test('a stale edit shows "This record changed while you were editing" with the other value', async () => {
  const original = 'Asset Tracker';
  // Two browsers (own cookies, own sessions) of the same user, both on the edit form.
  const first = await newPage();
  const second = await newPage();
  for (const page of [first, second]) {
    await signIn(page, steward.origin, 'admin', steward.adminPassword);
    await openEdit(page, original);
  }
  await checkA11y(first, 'IT System edit form');

  assert.equal((await saveName(first, 'Asset Tracker (first)')).status(), 200);
  await assert.doesNotReject(first.getByRole('heading', { level: 1, name: /Asset Tracker \(first\)/ }).waitFor());

  const stale = await saveName(second, 'Asset Tracker (second)');
  assert.equal(stale.status(), 409);
  const conflict = second.getByRole('alert');
  await assert.doesNotReject(conflict.getByRole('heading', { name: 'This record changed while you were editing' }).waitFor());
  const row = conflict.locator('table.changes tbody tr', { has: second.getByRole('rowheader', { name: 'Name' }) });
  assert.deepEqual((await row.locator('td').allTextContents()).map((s) => s.trim()), [original, 'Asset Tracker (first)']);
  assert.equal(await second.locator('#f-name').inputValue(), 'Asset Tracker (second)', 'what the second person typed is kept');
  await checkA11y(second, 'IT System edit form with a conflict');

  // Saving again knowingly replaces the first person's value.
  await tabTo(second, second.getByRole('button', { name: 'Save', exact: true }), { max: 120 });
  assert.equal((await pressAndWait(second, 'Enter')).status(), 200);
  await assert.doesNotReject(second.getByRole('heading', { level: 1, name: /Asset Tracker \(second\)/ }).waitFor());
  await checkA11y(second, 'IT System record after the second save');
});
