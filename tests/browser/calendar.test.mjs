// The change calendar, keyboard only: a change spanning three days is on each of them, a change of
// next month is not, until the calendar moves on to next month; a blackout shades its days; the
// week view; a wrong `month` or `week` is a 400 naming it; axe on every view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  adminApi, useSteward, useBrowser, newPage, signIn, checkA11y, tabTo, pressAndWait, createUser,
} from './harness.mjs';

const steward = useSteward();
useBrowser();

const screenshots = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// The admin's zone is UTC (no preferences yet): the calendar's days are UTC days.
const utc = (y, m, d, h = 0) => new Date(Date.UTC(y, m, d, h));
const ymd = (t) => t.toISOString().slice(0, 10);

test('the change calendar shows each change on every day of its window, by month and by week', async () => {
  const call = adminApi(steward);
  const now = new Date();
  const [y, m] = [now.getUTCFullYear(), now.getUTCMonth()];
  // The first Monday on or after the 8th: Monday to Wednesday of that week is inside this month
  // (the 8th to the 16th at the latest), whatever today is.
  let d0 = 8;
  while (utc(y, m, d0).getUTCDay() !== 1) d0 += 1;
  const day = (i) => ymd(utc(y, m, d0 + i));

  const system = await call('POST', '/it_systems', { name: 'Ledger' });
  const spanning = await call('POST', '/change_requests', {
    name: 'Migrate the ledger database', change_type: 'normal', it_system_id: system.id,
    planned_start: utc(y, m, d0, 9).toISOString(), planned_end: utc(y, m, d0 + 2, 17).toISOString(),
  });
  const later = await call('POST', '/change_requests', {
    name: 'Patch the mail relay', change_type: 'standard',
    planned_start: utc(y, m, d0 + 8, 10).toISOString(), planned_end: utc(y, m, d0 + 8, 12).toISOString(),
  });
  // Submitted: the calendar shows any state, here "Authorized" (a standard change needs no CAB).
  await call('POST', `/change_requests(${later.id})/Steward.submit`);
  const nextMonth = await call('POST', '/change_requests', {
    name: 'Replace the core switch', change_type: 'normal',
    planned_start: utc(y, m + 1, 15, 10).toISOString(), planned_end: utc(y, m + 1, 15, 11).toISOString(),
  });
  await call('POST', '/change_requests', { name: 'Tidy the runbooks someday', change_type: 'normal' });
  // Friday and Saturday of the spanning change's week, to Sunday's midnight (excluded).
  await call('POST', '/change_blackouts', {
    name: 'Quarter-end freeze', starts_on: utc(y, m, d0 + 4).toISOString(), ends_on: utc(y, m, d0 + 6).toISOString(),
  });

  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);

  // Found from the menu, next to the change requests.
  await page.goto(`${steward.origin}/app/change_requests`);
  await tabTo(page, page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name: 'Change Calendar', exact: true }));
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(new URL(page.url()).pathname, '/app/change_requests/calendar');
  assert.equal((await page.locator('#cal-h').textContent()).trim(), `${MONTHS[m]} ${y}`, 'the current month by default');

  const cell = (date) => page.locator(`table.calendar td[data-date="${date}"]`);
  const entry = (date, change) => cell(date).locator(`li[data-change="${change.number}"]`);

  // A real grid: weekday column headers, a date as text in every day.
  assert.deepEqual(
    (await page.locator('table.calendar thead th[scope="col"]').allTextContents()).map((t) => t.trim()),
    ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  );
  const daysInMonth = utc(y, m + 1, 0).getUTCDate();
  assert.equal(await page.locator('table.calendar td[data-date]').count(), daysInMonth);
  assert.match(await cell(day(0)).locator('time').textContent(), new RegExp(`^${d0}\\b`));

  for (const [i, when] of [[0, 'from 09:00'], [1, 'all day'], [2, 'until 17:00']]) {
    const e = entry(day(i), spanning);
    assert.equal(await e.count(), 1, `${spanning.number} is on ${day(i)}`);
    assert.equal(await e.getByRole('link').getAttribute('href'), `/app/change_requests/${spanning.id}`);
    assert.match(await e.textContent(), new RegExp(`${spanning.number} Migrate the ledger database`));
    assert.equal((await e.locator('.badge').textContent()).trim(), 'Draft');
    assert.match(await e.textContent(), new RegExp(`${when} · Normal · Ledger`));
  }
  assert.equal(await entry(day(-1), spanning).count(), 0, 'not the day before');
  assert.equal(await entry(day(3), spanning).count(), 0, 'not the day after');
  assert.equal((await entry(day(8), later).locator('.badge').textContent()).trim(), 'Authorized');
  assert.equal(await page.locator(`li[data-change="${nextMonth.number}"]`).count(), 0, "next month's change is not on this month");

  for (const i of [4, 5]) {
    assert.match(await cell(day(i)).getAttribute('class'), /\bblackout\b/, `${day(i)} is shaded`);
    assert.match(await cell(day(i)).textContent(), /Blackout\s+Quarter-end freeze\s+\(every system\)/);
  }
  for (const i of [3, 6]) assert.doesNotMatch(await cell(day(i)).getAttribute('class'), /\bblackout\b/, `${day(i)} is not`);

  const unplanned = page.locator('.cal-unplanned');
  assert.match(await unplanned.textContent(), /1 change request has no planned window/);
  const filtered = new URL(await unplanned.getByRole('link', { name: '1 without a planned start' }).getAttribute('href'), steward.origin);
  assert.equal(filtered.pathname, '/app/change_requests');
  assert.deepEqual([filtered.searchParams.getAll('f'), filtered.searchParams.getAll('o')], [['planned_start'], ['null']], 'the list of changes without a planned start');
  await checkA11y(page, 'the change calendar, month view');
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, 'change-calendar.png'), fullPage: true });

  // The record page from its day, then next month by the keyboard.
  await tabTo(page, entry(day(1), spanning).getByRole('link'), { max: 120 });
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  assert.equal(new URL(page.url()).pathname, `/app/change_requests/${spanning.id}`);
  await page.goBack();

  await tabTo(page, page.getByRole('link', { name: 'Next month', exact: true }));
  assert.equal((await pressAndWait(page, 'Enter')).status(), 200);
  const next = utc(y, m + 1, 1);
  assert.equal(new URL(page.url()).searchParams.get('month'), ymd(next).slice(0, 7));
  assert.equal((await page.locator('#cal-h').textContent()).trim(), `${MONTHS[next.getUTCMonth()]} ${next.getUTCFullYear()}`);
  assert.equal(await entry(ymd(utc(y, m + 1, 15)), nextMonth).count(), 1, "next month's change on its day");
  assert.equal(await page.locator(`li[data-change="${spanning.number}"]`).count(), 0);
  await checkA11y(page, 'the change calendar, next month');

  await tabTo(page, page.getByRole('link', { name: 'Previous month', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.equal((await page.locator('#cal-h').textContent()).trim(), `${MONTHS[m]} ${y}`);

  // The week of the spanning change, Monday to Sunday (a Wednesday asks for the same week).
  await page.goto(`${steward.origin}/app/change_requests/calendar?week=${day(2)}`);
  assert.match(await page.locator('#cal-h').textContent(), new RegExp(`^Week \\d+: ${d0}`));
  assert.deepEqual(
    await page.locator('table.calendar td[data-date]').evaluateAll((tds) => tds.map((td) => td.dataset.date)),
    [0, 1, 2, 3, 4, 5, 6].map(day),
  );
  for (const i of [0, 1, 2]) assert.equal(await entry(day(i), spanning).count(), 1, `${spanning.number} on ${day(i)} in the week`);
  assert.equal(await entry(day(3), spanning).count(), 0);
  assert.equal(await page.locator(`li[data-change="${later.number}"]`).count(), 0, 'a change of the week after is not on this week');
  assert.match(await cell(day(5)).getAttribute('class'), /\bblackout\b/);
  assert.equal(await page.getByRole('navigation', { name: 'Calendar views' }).getByRole('link', { name: 'Week' }).getAttribute('aria-current'), 'page');
  await checkA11y(page, 'the change calendar, week view');

  await tabTo(page, page.getByRole('link', { name: 'Next week', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.equal(new URL(page.url()).searchParams.get('week'), day(7));
  assert.match(await entry(day(8), later).textContent(), /10:00–12:00/);

  // A wrong parameter is a 400 that names it.
  for (const [param, value] of [['month', '2026-13'], ['week', 'someday'], ['week', '2026-02-30']]) {
    const res = await page.goto(`${steward.origin}/app/change_requests/calendar?${param}=${value}`);
    assert.equal(res.status(), 400, `${param}=${value}`);
    assert.match(await page.locator('main').textContent(), new RegExp(`The '${param}' parameter '${value}' is not`));
  }
  await checkA11y(page, 'a wrong calendar parameter');
  await page.context().close();

  // At phone width in the dark theme: axe again, and the grid scrolls inside its own box.
  const phone = await newPage({ viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
  await signIn(phone, steward.origin, 'admin', steward.adminPassword);
  for (const q of ['', `?week=${day(0)}`]) {
    await phone.goto(`${steward.origin}/app/change_requests/calendar${q}`);
    await checkA11y(phone, `the change calendar${q}, 375 px, dark`);
    const [scroll, client] = await phone.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `the calendar${q} is ${scroll} px wide in a ${client} px viewport`);
  }
  await phone.context().close();
});

test('the calendar reads as the viewer: changes their roles do not let them read are not on it', async () => {
  // The changes of the test above are in this month; a requester reads no change requests.
  const RITA = { name: 'rita', person: 'Rita Requester', roles: ['Requester'], password: 'rita-calendar-test-1' };
  createUser(steward, RITA);
  const page = await newPage();
  await signIn(page, steward.origin, RITA.name, RITA.password);
  const list = await page.goto(`${steward.origin}/app/change_requests`);
  assert.equal(await page.locator('table.list tbody tr').count(), 0, 'the list shows the requester no change');
  const calendar = await page.goto(`${steward.origin}/app/change_requests/calendar`);
  assert.equal(calendar.status(), list.status(), 'the calendar answers as the list does');
  assert.equal(await page.locator('table.calendar li[data-change]').count(), 0, 'nor does the calendar');
  assert.equal(await page.locator('.cal-unplanned').count(), 0, 'nor counts the unplanned ones');
  assert.doesNotMatch(await page.locator('main').textContent(), /CHG-/);
  await checkA11y(page, 'the change calendar of a requester');
  await page.context().close();
});

test("the days are the viewer's: a change just after midnight in Auckland is on the next day there", async () => {
  const call = adminApi(steward);
  // 12:30–13:30 UTC on 10 June 2030 is 00:30–01:30 on 11 June in Auckland (NZST, UTC+12).
  const late = await call('POST', '/change_requests', {
    name: 'Restart the Auckland gateway', change_type: 'normal',
    planned_start: '2030-06-10T12:30:00Z', planned_end: '2030-06-10T13:30:00Z',
  });
  const SAM = { name: 'sam', person: 'Sam Servicedesk', roles: ['Service Desk Agent'], password: 'sam-calendar-test-1' };
  createUser(steward, SAM);
  const page = await newPage();
  await signIn(page, steward.origin, SAM.name, SAM.password);
  await page.goto(`${steward.origin}/preferences`);
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  const saved = await page.request.post(`${steward.origin}/preferences`, { form: { _csrf: csrf, time_zone: 'Pacific/Auckland', theme: 'system' } });
  assert.ok(saved.ok(), `saving the time zone: ${saved.status()}`);

  await page.goto(`${steward.origin}/app/change_requests/calendar?month=2030-06`);
  assert.match(await page.locator('main .hint').textContent(), /in Pacific\/Auckland/);
  const entry = (date) => page.locator(`td[data-date="${date}"] li[data-change="${late.number}"]`);
  assert.equal(await entry('2030-06-10').count(), 0, 'not on 10 June in Auckland');
  assert.match(await entry('2030-06-11').textContent(), /00:30–01:30/, 'on 11 June, in Auckland time');
  await page.goto(`${steward.origin}/app/change_requests/calendar?week=2030-06-10`);
  assert.equal(await entry('2030-06-11').count(), 1);
  await checkA11y(page, 'the change calendar in Auckland');
  await page.context().close();
});
