// Scheduling a change that collides with another one on the same system, from the change's page,
// keyboard only: refused naming the other change, then scheduled once the collision is
// acknowledged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adminApi, useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, pressAndWait,
} from './harness.mjs';

const steward = useSteward();
useBrowser();

const badge = (page) => page.locator('#workflow-h .badge').textContent().then((t) => t.trim());

test('a change that collides is scheduled once the collision is acknowledged', async () => {
  const call = adminApi(steward);
  const system = await call('POST', '/it_systems', { name: 'Ledger' });
  const at = (h) => new Date(Date.now() + 3 * 86_400_000 + h * 3_600_000).toISOString();
  const change = async (name, from, to) => {
    const c = await call('POST', '/change_requests', { name, change_type: 'standard', it_system_id: system.id, planned_start: at(from), planned_end: at(to) });
    await call('POST', `/change_requests(${c.id})/Steward.submit`);
    return c;
  };
  const first = await change('Patch the ledger', 0, 4);
  await call('POST', `/change_requests(${first.id})/Steward.schedule`, {});
  const second = await change('Rotate the ledger certificates', 2, 6);

  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  await page.goto(`${steward.origin}/app/change_requests/${second.id}`);
  assert.equal(await badge(page), 'Authorized');
  const schedule = page.locator('details[data-transition="schedule"]');
  await tabTo(page, schedule.locator('summary'), { max: 60 });
  await page.keyboard.press('Enter');
  await checkA11y(page, 'the schedule form of a change');
  await tabTo(page, schedule.locator('button[type="submit"]'), { max: 40 });
  assert.equal((await pressAndWait(page, 'Enter')).status(), 409);
  const said = await page.locator('main').textContent();
  assert.match(said, new RegExp(first.number), 'the refusal names the other change');
  assert.match(said, /the same system/);
  await checkA11y(page, 'a collision refused');

  await page.goto(`${steward.origin}/app/change_requests/${second.id}`);
  await tabTo(page, schedule.locator('summary'), { max: 60 });
  await page.keyboard.press('Enter');
  await tabTo(page, schedule.locator('input[name="acknowledge_collisions"]'), { max: 40 });
  await page.keyboard.press('Space');
  assert.equal(await schedule.locator('input[name="acknowledge_collisions"]').isChecked(), true);
  await tabTo(page, schedule.locator('button[type="submit"]'), { max: 10 });
  await pressAndWait(page, 'Enter');
  assert.equal(await badge(page), 'Scheduled');
  await checkA11y(page, 'a change scheduled despite a collision');
  await page.context().close();
});
