// Creating an IT system and its components through the forms, with the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, keyboardFill, keyboardSelect, pressAndWait,
} from './harness.mjs';

const steward = useSteward();
useBrowser();

/** Tab to the form's Save button, press Enter, and expect to land on the record's page. */
async function save(page, set) {
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }), { max: 120 }); // a long form
  const response = await pressAndWait(page, 'Enter');
  assert.equal(response.status(), 200, `saving: ${await page.locator('.error, .field-error').allTextContents()}`);
  assert.match(new URL(page.url()).pathname, new RegExp(`^/app/${set}/[0-9a-f-]{36}$`), 'a saved form leads to the record');
  return new URL(page.url()).pathname;
}

/** The text and link of one field on a record page. */
async function fieldOf(page, name) {
  const dd = page.locator(`[data-field="${name}"] dd`);
  const link = dd.locator('a');
  return { text: (await dd.textContent()).trim(), href: (await link.count()) ? await link.getAttribute('href') : null };
}

test('an IT system, then a component from its related list and one typed by name', async () => {
  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);

  // The list's "New" button opens the form.
  await page.goto(`${steward.origin}/app/it_systems`);
  await tabTo(page, page.getByRole('link', { name: 'New', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.equal(new URL(page.url()).pathname, '/app/it_systems/new');
  await checkA11y(page, 'new IT System form');

  // Saving without the required name shows the error next to the field.
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }), { max: 120 });
  assert.equal((await pressAndWait(page, 'Enter')).status(), 422);
  assert.equal(await page.locator('#f-name').getAttribute('aria-invalid'), 'true');
  await assert.doesNotReject(page.locator('#e-name').waitFor());
  await checkA11y(page, 'new IT System form with an error');

  await keyboardFill(page, page.locator('#f-name'), 'Grants Portal');
  await keyboardFill(page, page.locator('#f-abbreviation'), 'GP');
  await keyboardSelect(page, page.locator('#f-criticality'), 'Mission Essential');
  await keyboardSelect(page, page.locator('#f-lifecycle_stage'), 'Operations and Maintenance');
  const systemPath = await save(page, 'it_systems');
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /Grants Portal/ }).waitFor());
  assert.equal((await fieldOf(page, 'criticality')).text, 'Mission Essential');
  assert.equal((await fieldOf(page, 'lifecycle_stage')).text, 'Operations and Maintenance');
  await checkA11y(page, 'IT System record');

  // The related list's "New IT System Component" opens a form with the system filled in.
  await tabTo(page, page.getByRole('link', { name: 'New IT System Component', exact: true }), { max: 120 });
  await pressAndWait(page, 'Enter');
  assert.equal(new URL(page.url()).pathname, '/app/it_system_components/new');
  assert.equal(await page.locator('#f-it_system_id').inputValue(), 'Grants Portal');
  await checkA11y(page, 'new IT System Component form, prefilled');
  await keyboardFill(page, page.locator('#f-name'), 'Grants Portal web tier');
  await keyboardSelect(page, page.locator('#f-operational_status'), 'Operational');
  await save(page, 'it_system_components');
  assert.deepEqual(await fieldOf(page, 'it_system_id'), { text: 'Grants Portal', href: systemPath });
  await checkA11y(page, 'IT System Component record');

  // The same from the empty form: the system is named by typing it into the lookup field.
  await page.goto(`${steward.origin}/app/it_system_components/new`);
  await keyboardFill(page, page.locator('#f-name'), 'Grants Portal database');
  await keyboardFill(page, page.locator('#f-it_system_id'), 'Grants Portal');
  await save(page, 'it_system_components');
  assert.deepEqual(await fieldOf(page, 'it_system_id'), { text: 'Grants Portal', href: systemPath });

  // The link leads back to the system, whose related list now counts both components.
  await tabTo(page, page.locator('[data-field="it_system_id"] a'));
  await pressAndWait(page, 'Enter');
  assert.equal(new URL(page.url()).pathname, systemPath);
  const related = page.locator('.related', { has: page.getByRole('heading', { name: /^IT System Component by IT System/ }) });
  assert.equal((await related.locator('.count').textContent()).trim(), '2');
  assert.deepEqual((await related.locator('li a').allTextContents()).sort(), ['Grants Portal database', 'Grants Portal web tier']);
  await checkA11y(page, 'IT System record with components');
});

test('a lookup naming no record is refused next to its field', async () => {
  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  await page.goto(`${steward.origin}/app/it_system_components/new`);
  await keyboardFill(page, page.locator('#f-name'), 'Orphan');
  await keyboardFill(page, page.locator('#f-it_system_id'), 'No Such System');
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }), { max: 120 }); // a long form
  const response = await pressAndWait(page, 'Enter');
  assert.equal(response.status(), 422);
  assert.match(await page.locator('#e-it_system_id').textContent(), /no it system named 'No Such System'/);
  assert.equal(await page.locator('#f-name').inputValue(), 'Orphan', 'what was typed is kept');
  await checkA11y(page, 'IT System Component form with a lookup error');
});
