// A team's queue, keyboard only: found in the menu, a team chosen (the administrator belongs to no
// unit), its unassigned work first and oldest first, then what its people hold; axe; a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  adminApi, useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, pressAndWait, keyboardSelect,
} from './harness.mjs';

const steward = useSteward();
useBrowser();

const screenshots = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

test("a team's queue: its open work, what nobody holds first, oldest first", async () => {
  const call = adminApi(steward);
  const team = await call('POST', '/organization_units', { name: 'Field Support' });
  const tech = await call('POST', '/persons', { first_name: 'Tara', last_name: 'Tech', organization_unit_id: team.id });
  const first = await call('POST', '/incidents', { name: 'Printer on floor 3 jams', assigned_team_id: team.id, impact: 'high', urgency: 'high' });
  const second = await call('POST', '/incidents', { name: 'Badge reader offline', assigned_team_id: team.id });
  const held = await call('POST', '/incidents', { name: 'Projector flickers', assigned_team_id: team.id, assigned_to_id: tech.id });
  const resolved = await call('POST', '/incidents', { name: 'Wi-Fi drops in the lobby', assigned_team_id: team.id });
  await call('POST', `/incidents(${resolved.id})/Steward.resolve`, { resolution_code: 'solved_permanently', resolution_notes: 'New access point.' });
  await call('POST', '/it_service_requests', { name: 'Desk phone for a new hire', assigned_team_id: team.id });

  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  // The Service Desk area of the menu is open on its pages.
  await page.goto(`${steward.origin}/app/incidents`);
  await tabTo(page, page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Team Queues', exact: true }));
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(new URL(page.url()).pathname, '/app/queues');
  assert.match(await page.locator('main .lead').textContent(), /choose the team/, 'the administrator is in no unit');
  await checkA11y(page, 'team queues, no team chosen');

  await keyboardSelect(page, page.getByLabel('Team'), 'Field Support');
  await tabTo(page, page.getByRole('button', { name: 'Show its queue' }));
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(new URL(page.url()).searchParams.get('team'), team.id);
  assert.equal((await page.locator('h1').textContent()).trim(), 'Queue of Field Support');

  const incidents = page.locator('#queue-incidents');
  const numbers = async (part) => (await incidents.locator(`table[data-part="${part}"] tbody tr td:first-child`).allTextContents()).map((t) => t.trim());
  assert.deepEqual(await numbers('unassigned'), [first.number, second.number], 'unassigned, oldest first');
  assert.deepEqual(await numbers('assigned'), [held.number], 'then what the team holds');
  assert.doesNotMatch(await incidents.textContent(), new RegExp(resolved.number), 'resolved work is done');
  assert.match(await page.locator('#queue-it_service_requests').textContent(), /Desk phone for a new hire/);
  await checkA11y(page, "a team's queue");
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, 'team-queue.png'), fullPage: true });

  // From the queue to the record, and the agent's one click from there.
  await tabTo(page, incidents.getByRole('link', { name: first.number, exact: true }), { max: 120 });
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(new URL(page.url()).pathname, `/app/incidents/${first.id}`);
  await page.context().close();
});
