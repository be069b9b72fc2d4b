// The self-service portal, with the keyboard alone: an orderable request type with its own
// questions, a manager picked with the lookup type-ahead, an order (a wrong answer first), its
// approval from the inbox (JavaScript on) and a rejection from the approval's page (JavaScript off).
// The tests run in order and build on each other: one steward for the file, without demo data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, keyboardFill, keyboardSelect, pressAndWait,
  createUser,
} from './harness.mjs';

const steward = useSteward();
useBrowser();

const RITA = { name: 'rita', person: 'Rita Requester', roles: ['Requester'], password: 'rita-browser-test-1' };
const MARK = { name: 'mark', person: 'Mark Manager', roles: ['Approver'], password: 'mark-browser-test-1' };
const FORM_FIELDS = '[{"name":"model","label":"Model","type":"choice","options":["13 inch","15 inch"],"required":true},'
  + '{"name":"count","label":"How many","type":"number"}]';
const JUSTIFICATION = 'My laptop is six years old and cannot run the case system.';
const COMMENT = 'Approved: the 15 inch model is in the budget.';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

// What the tests find out and pass on to the next ones.
const made = { typePath: null, firstRequest: null, firstNumber: null };

const path = (page) => new URL(page.url()).pathname;

/** The text of one field on a record page. */
const fieldText = async (page, name) => (await page.locator(`[data-field="${name}"] dd`).textContent()).trim();

/** The rows of the record page's Approvals table, as objects keyed by column. */
async function approvalRows(page) {
  const table = page.locator('section[aria-labelledby="approvals-h"] table');
  await table.waitFor({ timeout: 5000 }).catch(() => assert.fail(`no Approvals section on ${page.url()}`));
  const labels = (await table.locator('thead th').allTextContents()).map((s) => s.trim());
  const cells = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  return cells.map((c) => Object.fromEntries(labels.map((l, i) => [l, c[i]])));
}

/** Every Field/Before/After change row of the record page's timeline. */
async function historyChanges(page) {
  return page.locator('ol.timeline li.change table.changes tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    field: tr.cells[0].textContent.trim(), before: tr.cells[1].textContent.trim(), after: tr.cells[2].textContent.trim(),
  })));
}

/** A link of the side navigation, by Tab and Enter. */
async function navigate(page, name) {
  const nav = page.getByRole('navigation', { name: 'Areas' });
  await tabTo(page, nav.getByRole('link', { name, exact: true }));
  return pressAndWait(page, 'Enter');
}

/** Fill in the Laptop order form and place it; resolves with the response. */
async function placeOrder(page, { model, count, justification }) {
  if (model) await keyboardSelect(page, page.locator('[id="f-q.model"]'), model);
  if (count) await keyboardFill(page, page.locator('[id="f-q.count"]'), count);
  if (justification) await keyboardFill(page, page.locator('#f-business_justification'), justification);
  await tabTo(page, page.getByRole('button', { name: 'Place the order', exact: true }));
  return pressAndWait(page, 'Enter');
}

test('admin makes an orderable "Laptop" type with questions, and picks Rita\'s manager with the type-ahead', async () => {
  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);

  await page.goto(`${steward.origin}/app/it_service_request_types/new`);
  await checkA11y(page, 'new IT Service Request Type form');
  // In the form's order, so that Tab only goes forward.
  await keyboardFill(page, page.locator('#f-name'), 'Laptop');
  await keyboardSelect(page, page.locator('#f-requires_approval'), 'Yes');
  await keyboardSelect(page, page.locator('#f-default_priority'), 'Medium');
  await keyboardSelect(page, page.locator('#f-is_orderable'), 'Yes');
  await keyboardFill(page, page.locator('#f-form_fields'), FORM_FIELDS);
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }), { max: 120 });
  const saved = await pressAndWait(page, 'Enter');
  assert.equal(saved.status(), 200, `saving the type: ${await page.locator('.error, .field-error').allTextContents()}`);
  assert.match(path(page), new RegExp(`^/app/it_service_request_types/${UUID}$`));
  made.typePath = path(page);
  assert.equal(await fieldText(page, 'is_orderable'), 'Yes');
  assert.equal(await fieldText(page, 'requires_approval'), 'Yes');
  assert.equal(await fieldText(page, 'default_priority'), 'Medium');
  assert.equal(await fieldText(page, 'form_fields'), FORM_FIELDS);
  await checkA11y(page, 'IT Service Request Type record');

  createUser(steward, RITA);
  createUser(steward, MARK);

  // Rita's person record, through the search box in the header.
  await keyboardFill(page, page.locator('#global-search'), 'Rita');
  await pressAndWait(page, 'Enter');
  assert.equal(path(page), '/search');
  await checkA11y(page, 'search for "Rita"');
  await tabTo(page, page.getByRole('main').getByRole('link', { name: 'Rita Requester', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.match(path(page), new RegExp(`^/app/persons/${UUID}$`));
  const ritaPath = path(page);
  await tabTo(page, page.getByRole('link', { name: 'Edit', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.equal(path(page), `${ritaPath}/edit`);
  await checkA11y(page, 'person edit form');

  // The type-ahead: typing shows suggestions, ArrowDown highlights one, Enter picks it.
  const manager = page.locator('#f-manager_id');
  await keyboardFill(page, manager, 'Mark');
  const listbox = page.getByRole('listbox');
  await assert.doesNotReject(listbox.getByRole('option', { name: 'Mark Manager', exact: true }).waitFor(), 'a suggestion "Mark Manager" shows');
  assert.equal(await manager.getAttribute('aria-expanded'), 'true');
  await checkA11y(page, 'person edit form with the lookup suggestions open');
  const options = (await listbox.getByRole('option').allTextContents()).map((s) => s.trim());
  assert.deepEqual(options, ['Mark Manager'], 'only Mark is named like "Mark"');
  await page.keyboard.press('ArrowDown');
  const option = listbox.getByRole('option', { name: 'Mark Manager', exact: true });
  assert.equal(await option.getAttribute('aria-selected'), 'true');
  assert.equal(await manager.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
  await page.keyboard.press('Enter'); // picks; does not submit the form
  assert.equal(path(page), `${ritaPath}/edit`, 'Enter on a suggestion stays on the form');
  assert.equal(await manager.inputValue(), 'Mark Manager');
  assert.match(await page.locator('input[name=manager_id__id]').inputValue(), new RegExp(`^${UUID}$`), 'picking fills the hidden id');
  assert.equal(await listbox.isHidden(), true, 'the suggestions close once one is picked');
  assert.equal(await manager.getAttribute('aria-expanded'), 'false');
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }), { max: 120 });
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(path(page), ritaPath);
  assert.equal(await fieldText(page, 'manager_id'), 'Mark Manager');
  await checkA11y(page, 'person record with a manager');
});

test('Rita orders a laptop from the catalog: a missing answer first, then it waits for Mark', async () => {
  assert.ok(made.typePath, 'the request type was made by the first test');
  const page = await newPage();
  await signIn(page, steward.origin, RITA.name, RITA.password);

  await navigate(page, 'Catalog');
  assert.equal(path(page), '/portal');
  const item = page.locator('li.card.item', { has: page.getByRole('heading', { level: 3, name: 'Laptop' }) });
  assert.equal(await item.count(), 1, 'the catalog offers "Laptop"');
  assert.equal((await item.locator('.badge').first().textContent()).trim(), 'Needs approval');
  await checkA11y(page, 'catalog');
  await tabTo(page, item.getByRole('link', { name: 'Laptop', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.equal(path(page), `/portal/order/${made.typePath.split('/').pop()}`);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Order: Laptop' }).waitFor());
  await checkA11y(page, 'order form');

  // Without the required model: a 422, the error next to the field, the focus on it.
  const refused = await placeOrder(page, { count: '2' });
  assert.equal(refused.status(), 422);
  await assert.doesNotReject(page.locator('[id="e-q.model"]').waitFor());
  assert.equal(await page.locator('[id="f-q.model"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('[id="f-q.model"]').getAttribute('aria-describedby'), 'e-q.model');
  assert.equal(await page.locator('[id="f-q.model"]:focus').count(), 1, 'autofocus puts the focus on the model');
  assert.equal(await page.locator('[id="f-q.count"]').inputValue(), '2', 'the other answers are kept');
  await checkA11y(page, 'order form with a missing answer');

  const placed = await placeOrder(page, { model: '15 inch', count: '2', justification: JUSTIFICATION });
  assert.equal(placed.status(), 200, `placing the order: ${await page.locator('.error, .field-error').allTextContents()}`);
  assert.match(path(page), new RegExp(`^/app/it_service_requests/${UUID}$`));
  made.firstRequest = path(page);
  made.firstNumber = await fieldText(page, 'number');
  assert.match(made.firstNumber, /^REQ-\d+$/);
  assert.equal(await fieldText(page, 'request_status'), 'Pending Approval');
  assert.equal(await fieldText(page, 'approval_status'), 'Pending');
  assert.equal(await fieldText(page, 'priority'), 'Medium', 'the type\'s default priority');
  assert.equal(await fieldText(page, 'business_justification'), JUSTIFICATION);
  const [approval, ...more] = await approvalRows(page);
  assert.equal(more.length, 0, 'one approval');
  assert.equal(approval.Reviewer, 'Mark Manager');
  assert.equal(approval.Decision, 'Pending');
  await checkA11y(page, 'new service request record (Rita)');

  await navigate(page, 'My requests');
  assert.equal(path(page), '/portal/requests');
  const mine = page.locator('table.list tbody').getByRole('link', { name: made.firstNumber, exact: true });
  assert.equal(await mine.count(), 1, `"My requests" lists ${made.firstNumber}`);
  assert.equal(await mine.getAttribute('href'), made.firstRequest);
  await checkA11y(page, 'My requests');

  await navigate(page, 'My access');
  assert.equal(path(page), '/portal/access');
  await checkA11y(page, 'My access');
});

test('Mark approves it from his inbox (JavaScript on)', async () => {
  assert.ok(made.firstRequest, 'Rita\'s order was placed by the test before');
  const page = await newPage();
  await signIn(page, steward.origin, MARK.name, MARK.password);
  await checkA11y(page, 'dashboard (Mark)');

  await navigate(page, 'My approvals');
  assert.equal(path(page), '/portal/approvals');
  const cards = page.locator('article.card.approval');
  assert.equal(await cards.count(), 1, 'one approval waits for Mark');
  const card = cards.first();
  assert.match(await card.getByRole('heading', { level: 3 }).textContent(), /Laptop/);
  assert.equal(await card.getByRole('heading', { level: 3 }).getByRole('link').getAttribute('href'), made.firstRequest);
  assert.equal((await card.locator('blockquote').textContent()).trim(), JUSTIFICATION);
  const facts = Object.fromEntries(await card.locator('dl.fields > div').evaluateAll((divs) => divs.map((d) => [
    d.querySelector('dt').textContent.trim(), d.querySelector('dd').textContent.trim(),
  ])));
  assert.equal(facts.Model, '15 inch', `the facts: ${JSON.stringify(facts)}`);
  assert.equal(facts['How many'], '2');
  assert.equal(facts['Business Justification'] ?? facts['Business justification'], JUSTIFICATION);
  await checkA11y(page, 'approvals inbox with one waiting');

  await keyboardFill(page, card.getByLabel('Comments for the requester'), COMMENT);
  await tabTo(page, card.getByRole('button', { name: 'Approve', exact: true }), { max: 1 }); // the next Tab stop
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(path(page), '/portal/approvals');
  assert.equal(await page.locator('article.card.approval').count(), 0, 'nothing waits any more');
  await assert.doesNotReject(page.getByText('Nothing is waiting for you.').waitFor());
  const decided = page.locator('section[aria-labelledby="decided-h"] li');
  assert.equal(await decided.count(), 1);
  assert.match(await decided.textContent(), new RegExp(`Manager: ${made.firstNumber} · Approved`));
  await checkA11y(page, 'approvals inbox after deciding');

  // "Recently decided" links the approval's page, which links the request.
  await tabTo(page, decided.getByRole('link'));
  await pressAndWait(page, 'Enter');
  assert.match(path(page), new RegExp(`^/app/approvals/${UUID}$`));
  assert.equal(await fieldText(page, 'approval_status'), 'Approved');
  assert.equal(await page.getByRole('button', { name: 'Approve', exact: true }).count(), 0, 'a decided approval has no decision form');
  await checkA11y(page, 'approval record, approved');
  await tabTo(page, page.locator('#subject-h').getByRole('link'));
  await pressAndWait(page, 'Enter');
  assert.equal(path(page), made.firstRequest);

  assert.equal(await fieldText(page, 'request_status'), 'Approved');
  assert.equal(await fieldText(page, 'approval_status'), 'Approved');
  const [approval] = await approvalRows(page);
  assert.equal(approval.Reviewer, 'Mark Manager');
  assert.equal(approval.Decision, 'Approved');
  assert.equal(approval.Comments, COMMENT);
  assert.notEqual(approval.Decided, '', 'the decision has a date');
  const changes = await historyChanges(page);
  assert.ok(
    changes.some((c) => c.field === 'Approval Status' && c.before === 'Pending' && c.after === 'Approved'),
    `the history shows Approval Status going from Pending to Approved: ${JSON.stringify(changes)}`,
  );
  assert.ok(
    changes.some((c) => c.field === 'Request Status' && c.before === 'Pending Approval' && c.after === 'Approved'),
    `the history shows Request Status going from Pending Approval to Approved: ${JSON.stringify(changes)}`,
  );
  await checkA11y(page, 'service request record, approved (Mark)');
});

test('a second order, rejected by Mark on the approval\'s own page with JavaScript off', async () => {
  assert.ok(made.typePath, 'the request type was made by the first test');
  const rita = await newPage();
  await signIn(rita, steward.origin, RITA.name, RITA.password);
  await rita.goto(`${steward.origin}/portal/order/${made.typePath.split('/').pop()}`);
  assert.equal((await placeOrder(rita, { model: '13 inch', justification: 'A spare for the front desk.' })).status(), 200);
  assert.match(path(rita), new RegExp(`^/app/it_service_requests/${UUID}$`));
  const request = path(rita);
  const number = await fieldText(rita, 'number');
  assert.notEqual(number, made.firstNumber);
  assert.equal(await fieldText(rita, 'request_status'), 'Pending Approval');

  const page = await newPage({ javaScriptEnabled: false });
  await signIn(page, steward.origin, MARK.name, MARK.password);
  await navigate(page, 'My approvals');
  const card = page.locator('article.card.approval');
  assert.equal(await card.count(), 1, 'the second order waits for Mark');
  await checkA11y(page, 'approvals inbox (no JavaScript)');
  const link = card.getByRole('link', { name: `Manager: ${number}`, exact: true });
  assert.match(await link.getAttribute('href'), new RegExp(`^/app/approvals/${UUID}$`));
  await tabTo(page, link);
  await pressAndWait(page, 'Enter');
  const approvalPath = path(page);
  assert.match(approvalPath, new RegExp(`^/app/approvals/${UUID}$`));
  const decision = page.locator('section[aria-labelledby="subject-h"]');
  await assert.doesNotReject(decision.getByRole('heading', { level: 2, name: new RegExp(`^Decision on .*${number}`) }).waitFor());
  await checkA11y(page, 'approval record with the decision form (no JavaScript)');

  await tabTo(page, decision.getByRole('button', { name: 'Reject', exact: true }));
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(path(page), approvalPath, 'deciding on the approval\'s page comes back to it');
  assert.equal(await fieldText(page, 'approval_status'), 'Rejected');
  assert.equal(await decision.getByRole('button', { name: 'Reject', exact: true }).count(), 0, 'the form is gone once decided');
  await checkA11y(page, 'approval record, rejected (no JavaScript)');

  await tabTo(page, decision.getByRole('heading', { level: 2 }).getByRole('link'));
  await pressAndWait(page, 'Enter');
  assert.equal(path(page), request);
  assert.equal(await fieldText(page, 'request_status'), 'Rejected');
  assert.equal(await fieldText(page, 'approval_status'), 'Rejected');
  assert.equal((await approvalRows(page))[0].Decision, 'Rejected');
  await checkA11y(page, 'service request record, rejected (no JavaScript)');

  // Rita sees the outcome of both in "My requests".
  await rita.goto(`${steward.origin}/portal/requests`);
  const statuses = Object.fromEntries(await rita.locator('table.list tbody tr').evaluateAll((trs) => trs.map((tr) => [
    tr.cells[0].textContent.trim(), [...tr.cells].map((c) => c.textContent.trim()),
  ])));
  assert.ok(statuses[number]?.includes('Rejected'), `${number} is Rejected in My requests: ${JSON.stringify(statuses)}`);
  assert.ok(statuses[made.firstNumber]?.includes('Approved'), `${made.firstNumber} is Approved in My requests`);
});

test('the dashboard, search and preferences pass axe; a chart\'s bar is a link the keyboard reaches', async () => {
  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  assert.equal(path(page), '/');
  await checkA11y(page, 'dashboard (admin)');

  // The bars' segments are links to the list they count (two requests are there by now).
  const segment = page.locator('.chart svg.bar a').first();
  assert.ok(await segment.count(), 'the dashboard charts the requests');
  const label = await segment.getAttribute('aria-label');
  const href = new URL(await segment.getAttribute('href'), steward.origin);
  await tabTo(page, segment, { max: 120 });
  await pressAndWait(page, 'Enter');
  assert.equal(page.url(), href.href, `the segment "${label}" leads to its list`);
  await assert.doesNotReject(page.locator('table.list').waitFor());
  await page.goto(`${steward.origin}/`);

  await keyboardFill(page, page.locator('#global-search'), 'Laptop');
  await pressAndWait(page, 'Enter');
  assert.equal(path(page), '/search');
  assert.ok(await page.getByRole('main').getByRole('link', { name: 'Laptop', exact: true }).count() >= 1, 'the search finds the Laptop type');
  await checkA11y(page, 'search for "Laptop"');

  // A number goes straight to its record.
  await keyboardFill(page, page.locator('#global-search'), made.firstNumber ?? 'REQ-000001');
  await pressAndWait(page, 'Enter');
  assert.match(path(page), new RegExp(`^/app/it_service_requests/${UUID}$`));
  if (made.firstRequest) assert.equal(path(page), made.firstRequest);

  for (const name of ['My requests', 'My access']) {
    await navigate(page, name);
    await checkA11y(page, `${name} (admin)`);
  }

  // The header's user name leads to the preferences; the theme is saved with the keyboard.
  await tabTo(page, page.locator('header .who').getByRole('link'));
  await pressAndWait(page, 'Enter');
  assert.equal(path(page), '/preferences');
  await checkA11y(page, 'preferences');
  await keyboardSelect(page, page.locator('#f-theme'), 'Dark');
  await tabTo(page, page.getByRole('button', { name: 'Save', exact: true }));
  await pressAndWait(page, 'Enter');
  await assert.doesNotReject(page.getByRole('status').filter({ hasText: 'Your preferences are saved.' }).waitFor());
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  await checkA11y(page, 'preferences, saved, dark theme');
  await page.goto(`${steward.origin}/`);
  await checkA11y(page, 'dashboard (admin), dark theme');
});
