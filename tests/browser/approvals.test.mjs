// A two-stage access approval worked in the browser, keyboard only: the requester's manager
// approves from her inbox, then the system owner; the request is approved once both are in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adminApi, useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, pressAndWait, createUser,
} from './harness.mjs';

const steward = useSteward();
useBrowser();

const MEG = { name: 'meg', person: 'Meg Manager', roles: ['Approver'], password: 'meg-browser-test-1' };
const OSCAR = { name: 'oscar', person: 'Oscar Owner', roles: ['Approver'], password: 'oscar-browser-test-1' };

/** Approve the one approval waiting in the signed-in reviewer's inbox, with the keyboard. */
async function approveFromInbox(who) {
  const page = await newPage();
  await signIn(page, steward.origin, who.name, who.password);
  await page.goto(`${steward.origin}/portal/approvals`);
  const cards = page.locator('article.card.approval');
  assert.equal(await cards.count(), 1, `one approval waits for ${who.person}`);
  await checkA11y(page, `the inbox of ${who.person}`);
  await tabTo(page, cards.first().getByRole('button', { name: 'Approve', exact: true }), { max: 80 });
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(await page.locator('article.card.approval').count(), 0, 'nothing waits any more');
  await page.context().close();
}

test('a two-stage access approval: the manager, then the system owner', async () => {
  for (const u of [MEG, OSCAR]) createUser(steward, u);
  const call = adminApi(steward);
  const person = async (name) => (await call('GET', `/persons?$filter=${encodeURIComponent(`name eq '${name}'`)}`)).value[0].id;
  const [meg, oscar] = [await person(MEG.person), await person(OSCAR.person)];
  const sid = await call('POST', '/persons', { first_name: 'Sid', last_name: 'Subject', manager_id: meg });
  const system = await call('POST', '/it_systems', { name: 'Payments', system_owner_id: oscar });
  const entitlement = await call('POST', '/it_product_entitlements', {
    name: 'Payments operator', it_system_id: system.id, requires_manager_approval: true, requires_owner_approval: true,
  });
  const sar = await call('POST', '/it_system_access_requests', {
    name: 'Access to Payments', person_id: sid.id, requested_by_id: sid.id, it_system_id: system.id,
    it_product_entitlement_id: entitlement.id, requestor_certifies_need_to_know: true,
  });
  await call('POST', `/it_system_access_requests(${sar.id})/Steward.submit`);

  // Two stages, in order: Meg (the manager), then Oscar (the system owner).
  const early = await call('GET', `/approvals?$filter=${encodeURIComponent(`regarding_id eq ${sar.id}`)}&$orderby=stage`);
  assert.deepEqual(early.value.map((a) => [a.stage, a.reviewer_id]), [[1, meg], [2, oscar]]);
  await approveFromInbox(MEG);
  assert.equal((await call('GET', `/it_system_access_requests(${sar.id})`)).request_status, 'pending_approval');
  await approveFromInbox(OSCAR);
  const done = await call('GET', `/it_system_access_requests(${sar.id})`);
  assert.equal(done.request_status, 'approved');
  assert.equal(done.approval_status, 'approved');

  // The request's page shows the chain: both stages, approved.
  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  await page.goto(`${steward.origin}/app/it_system_access_requests/${sar.id}`);
  const rows = page.locator('section[aria-labelledby="approvals-h"] tbody tr');
  assert.equal(await rows.count(), 2);
  for (let i = 0; i < 2; i++) assert.match(await rows.nth(i).textContent(), /Approved/);
  assert.equal((await page.locator('#workflow-h .badge').textContent()).trim(), 'Approved');
  await checkA11y(page, 'an access request approved by its chain');
  await page.context().close();
});
