// Working an incident through its lifecycle from its page, with the keyboard alone, with and
// without JavaScript: the state badge, the transitions the viewer may take, each a small form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, keyboardFill, keyboardSelect, pressAndWait,
} from './harness.mjs';

const steward = useSteward();
useBrowser();

const badge = (page) => page.locator('#workflow-h .badge').textContent().then((t) => t.trim());

/** Open a transition's form (Enter on its summary) and return the form. */
async function open(page, name) {
  const details = page.locator(`details[data-transition="${name}"]`);
  await tabTo(page, details.locator('summary'), { max: 60 });
  await page.keyboard.press('Enter');
  assert.equal(await details.getAttribute('open'), '', `${name} opens`);
  return details.locator('form');
}

for (const javaScriptEnabled of [true, false]) {
  test(`an incident is started, put on hold and resolved from its page (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const page = await newPage({ javaScriptEnabled });
    await signIn(page, steward.origin, 'admin', steward.adminPassword);
    await page.goto(`${steward.origin}/app/incidents/new`);
    await keyboardFill(page, page.locator('#f-name'), `Mail relay down (JS ${javaScriptEnabled})`);
    assert.equal(await page.locator('[name="incident_status"]').count(), 0, 'no status on the form');
    await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }), { max: 120 });
    await pressAndWait(page, 'Enter');
    assert.match(new URL(page.url()).pathname, /^\/app\/incidents\/[0-9a-f-]{36}$/);
    assert.equal(await badge(page), 'New');
    await checkA11y(page, 'a new incident with its transitions');

    // Start work: a transition that asks nothing is one button.
    await tabTo(page, page.locator('form[data-transition="start"] button'), { max: 60 });
    await pressAndWait(page, 'Enter');
    assert.equal(await badge(page), 'In Progress');

    // Put on hold: a reason is needed; without it the page says so and nothing changes.
    let form = await open(page, 'put_on_hold');
    await tabTo(page, form.locator('button[type="submit"]'));
    assert.equal((await pressAndWait(page, 'Enter')).status(), 422);
    assert.match(await page.locator('main').textContent(), /reason/);
    await page.goBack();
    await page.reload();
    assert.equal(await badge(page), 'In Progress');
    form = await open(page, 'put_on_hold');
    await keyboardFill(page, form.locator('textarea[name="reason"]'), 'Waiting for the vendor');
    await tabTo(page, form.locator('button[type="submit"]'));
    await pressAndWait(page, 'Enter');
    assert.equal(await badge(page), 'On Hold');
    await checkA11y(page, 'an incident on hold');

    // Resolve with a code and notes.
    form = await open(page, 'resolve');
    await checkA11y(page, 'the resolve form, open');
    await keyboardSelect(page, form.locator('select[name="resolution_code"]'), 'Solved (Permanently)');
    await keyboardFill(page, form.locator('textarea[name="resolution_notes"]'), 'Replaced the relay.');
    await tabTo(page, form.locator('button[type="submit"]'));
    await pressAndWait(page, 'Enter');
    assert.equal(await badge(page), 'Resolved');
    assert.equal((await page.locator('[data-field="resolution_code"] dd').textContent()).trim(), 'Solved (Permanently)');
    assert.equal(await page.locator('details[data-transition="resolve"]').count(), 0, 'no resolve once resolved');
    await checkA11y(page, 'a resolved incident');
    await page.context().close();
  });
}
