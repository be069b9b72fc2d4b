// The main pages at phone width (375 px) in the dark theme: axe again (contrast differs per
// theme), and no sideways scrolling of the page (WCAG 1.4.10 Reflow; wide tables scroll inside
// their own box).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSteward, useBrowser, newPage, signIn, checkA11y } from './harness.mjs';

const steward = useSteward({ demo: true });
useBrowser();

test('at 375 px in the dark theme: axe, and no sideways scrolling', async (t) => {
  const page = await newPage({ viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
  await signIn(page, steward.origin, 'admin', steward.adminPassword);
  await page.goto(`${steward.origin}/app/it_service_requests`);
  const record = await page.locator('table.list tbody tr').first().getByRole('link').first().getAttribute('href');
  const pages = [
    ['sign-in', '/login'], ['home', '/'], ['list', '/app/it_service_requests'], ['record', record], ['form', `${record}/edit`],
    ['catalog', '/portal'], ['approvals', '/portal/approvals'], ['preferences', '/preferences'],
  ];
  for (const [name, path] of pages) {
    await page.goto(new URL(path, steward.origin).href);
    await checkA11y(page, `${name} page, 375 px, dark`);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    await t.test(`the ${name} page fits 375 px`, () => {
      assert.ok(scroll <= client, `${path} is ${scroll} px wide in a ${client} px viewport`);
    });
  }
});
