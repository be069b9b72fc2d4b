// Screenshots of the main pages of the demo agency, at desktop and phone width, for the docs:
// docs/screenshots/<page>-<width>.png. Run by scripts/screenshots.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, newPage, signIn, startSteward } from './harness.mjs';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const WIDTHS = [1280, 375];

const steward = await startSteward({ demo: true });
try {
  mkdirSync(out, { recursive: true });
  const page = await newPage();
  await signIn(page, steward.origin, 'admin', steward.adminPassword);

  // The record page is the list's first row, found once the list is open.
  const pages = [
    ['home', '/'],
    ['list', '/app/it_service_requests'],
    ['record', async () => page.locator('table.list tbody tr').first().getByRole('link').first().getAttribute('href')],
    ['portal', '/portal'],
    // An incident being worked: its state and the transitions an agent may take.
    ['incident', async () => {
      await page.goto(new URL('/app/incidents?f=incident_status&o=eq&v=in_progress', steward.origin).href);
      return page.locator('table.list tbody tr').first().getByRole('link').first().getAttribute('href');
    }],
  ];
  for (const [name, where] of pages) {
    const path = typeof where === 'function' ? await where() : where;
    const response = await page.goto(new URL(path, steward.origin).href);
    if (response.status() === 404) {
      console.log(`skipped ${name}: ${path} answers 404 (not built yet)`);
      continue;
    }
    if (!response.ok()) throw new Error(`${path} answered ${response.status()}`);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      const file = join(out, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`wrote ${file}`);
    }
    await page.setViewportSize({ width: WIDTHS[0], height: 800 });
  }
} catch (e) {
  steward.printLog('screenshots failed');
  throw e;
} finally {
  await (await launch()).close();
  await steward.stop();
}
