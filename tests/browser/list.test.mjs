// A list page on the demo agency: sorting, the filter builder, and the CSV export of the filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, keyboardFill, keyboardSelect, pressAndWait,
} from './harness.mjs';

const steward = useSteward({ demo: true });
useBrowser();

/** The list's rows as objects keyed by column label. */
async function rows(page) {
  const labels = (await page.locator('table.list thead th').allTextContents()).map((l) => l.replace(/[▲▼]/g, '').trim());
  const cells = await page.locator('table.list tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
  return cells.map((c) => Object.fromEntries(labels.map((l, i) => [l, c[i]])));
}

/** Tab to Apply and press Enter; the list re-renders with the filter in its address. */
async function apply(page) {
  await tabTo(page, page.getByRole('button', { name: 'Apply', exact: true }));
  return pressAndWait(page, 'Enter');
}

test('filtering IT systems by name and by a choice, then exporting the filter as CSV', async (t) => {
  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  await page.goto(`${steward.origin}/app/it_systems`);
  await checkA11y(page, 'IT System list');
  const all = await rows(page);
  assert.ok(all.length > 5, 'the demo has IT systems');
  assert.ok(all.length < 50, 'the demo fits on one page (so every row is seen)');

  // Sorting: Enter on a column header's link sorts by it, ascending.
  const nameHeader = page.locator('table.list thead th', { hasText: 'Name' });
  await tabTo(page, nameHeader.getByRole('link'));
  await pressAndWait(page, 'Enter');
  assert.equal(await nameHeader.getAttribute('aria-sort'), 'ascending');
  const sorted = (await rows(page)).map((r) => r.Name);
  assert.deepEqual(sorted, [...sorted].sort()); // the database orders by code point
  await checkA11y(page, 'IT System list, sorted');

  // Condition 1: Name contains "Portal".
  const condition = (n) => page.locator('.filters .condition').nth(n);
  await keyboardSelect(page, condition(0).locator('select[name=f]'), 'Name');
  await keyboardSelect(page, condition(0).locator('select[name=o]'), 'contains');
  await keyboardFill(page, condition(0).locator('input[name=v]'), 'Portal');
  await apply(page);
  const portals = all.filter((r) => r.Name.includes('Portal'));
  assert.ok(portals.length > 0 && portals.length < all.length);
  assert.deepEqual((await rows(page)).map((r) => r.Name).sort(), portals.map((r) => r.Name).sort());
  await checkA11y(page, 'IT System list, filtered');

  // Condition 2, on a choice: the value becomes a <select> of the choices once the field is
  // applied (without JavaScript the page cannot know the field before it is sent).
  await keyboardSelect(page, condition(1).locator('select[name=f]'), 'Criticality');
  await apply(page);
  await assert.doesNotReject(page.getByRole('alert').filter({ hasText: 'enter a value' }).waitFor());
  await checkA11y(page, 'IT System list, a condition without a value');
  const wanted = portals[0].Criticality;
  await keyboardSelect(page, condition(1).locator('select[name=v]'), wanted);
  await apply(page);
  const expected = portals.filter((r) => r.Criticality === wanted).map((r) => r.Name).sort();
  const shown = await rows(page);
  assert.deepEqual(shown.map((r) => r.Name).sort(), expected);
  assert.equal(await page.locator('.error').count(), 0);
  await checkA11y(page, 'IT System list, two conditions');

  // "Export CSV" carries the same view.
  await t.test('the Export CSV link answers the filtered rows', async () => {
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const url = new URL(href, page.url());
    assert.equal(url.pathname, '/app/it_systems/export.csv');
    const code = await condition(1).locator('select[name=v] option:checked').getAttribute('value');
    assert.deepEqual(['f', 'o', 'v'].map((k) => url.searchParams.getAll(k)), [['name', 'criticality'], ['contains', 'eq'], ['Portal', code]]);
    const csv = await page.request.get(url.href); // with the page's cookies
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    assert.match(lines[0], /\bname\b/i, `the header row names the columns: ${lines[0]}`);
    assert.equal(lines.length - 1, expected.length, 'one line per filtered record');
    for (const name of expected) assert.ok(lines.some((l) => l.includes(name)), `${name} is in the CSV`);
    for (const r of all.filter((r) => !expected.includes(r.Name))) {
      assert.ok(!lines.some((l) => l.includes(r.Name)), `${r.Name} is filtered out of the CSV`);
    }
  });
});

test('with JavaScript the filter builder offers a choice field\'s values and a lookup\'s type-ahead at once', async () => {
  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  await page.goto(`${steward.origin}/app/it_system_components?cols=name,it_system_id,operational_status`);
  const all = await rows(page);
  assert.ok(all.length > 2, 'the demo has components');
  const condition = page.locator('.filters .condition').first();

  // A choice field: its values are a <select> as soon as the field is picked, before Apply.
  await keyboardSelect(page, condition.locator('select[name=f]'), 'Operational Status');
  await assert.doesNotReject(condition.locator('select[name=v]').waitFor());
  await checkA11y(page, 'component list, a choice condition being built');

  // A lookup field: its value is a combobox that suggests records of the looked-up table.
  await keyboardSelect(page, condition.locator('select[name=f]'), 'IT System');
  const value = condition.locator('input[name=v]');
  await assert.doesNotReject(value.waitFor());
  assert.equal(await value.getAttribute('role'), 'combobox');
  const system = all[0]['IT System'];
  await tabTo(page, value);
  await page.keyboard.type(system.slice(0, 4));
  const option = page.getByRole('option', { name: system, exact: true });
  await assert.doesNotReject(option.waitFor());
  await checkA11y(page, 'component list, the lookup suggestions open');
  const options = await page.getByRole('option').allTextContents();
  for (let i = 0; i <= options.indexOf(system); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  assert.equal(await value.inputValue(), system, 'the suggestion fills the name');
  await apply(page);
  const shown = await rows(page);
  // The first page held some of that system's components; the filtered list holds them all, and
  // nothing else.
  assert.ok(shown.length >= all.filter((r) => r['IT System'] === system).length);
  assert.ok(shown.length > 0 && shown.every((r) => r['IT System'] === system), JSON.stringify(shown));
  assert.equal(await page.locator('.error').count(), 0);
  await checkA11y(page, 'component list filtered by its system');
});
