// Helpers for the browser tests: a fresh steward per test file, Debian's Chromium through
// playwright-core, axe-core checks, and keyboard-only ways to act on a page.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const STEWARD_BIN = resolve(repo, process.env.STEWARD_BIN ?? 'target/debug/steward');

// ---- steward -------------------------------------------------------------------------------

/** A port nobody listens on right now (the OS picks it). */
function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer().once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Starts `steward serve` on a fresh SQLite file; resolves once /healthz answers 200. */
export async function startSteward({ demo = false, timeoutMs = 60_000 } = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'steward-browser-'));
  const dbUrl = `sqlite://${dir}/steward.db`;
  const origin = `http://127.0.0.1:${port}`;
  const adminPassword = randomBytes(18).toString('base64url');
  const args = ['--db', dbUrl, 'serve', '--bind', `127.0.0.1:${port}`, ...(demo ? ['--demo'] : [])];
  const child = spawn(STEWARD_BIN, args, {
    env: { ...process.env, STEWARD_ADMIN_PASSWORD: adminPassword, STEWARD_PUBLIC_URL: origin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));

  const stop = async () => {
    if (exited === null) {
      const gone = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      // A server that ignores SIGTERM for 5 s is killed outright.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const printLog = (why) => console.error(`--- steward output (${why}) ---\n${log}--- end of steward output ---`);

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      printLog('exited during start');
      await stop();
      throw new Error(`steward exited during start (${JSON.stringify(exited)}): ${STEWARD_BIN} ${args.join(' ')}`);
    }
    try {
      if ((await fetch(`${origin}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      printLog('start timed out');
      await stop();
      throw new Error(`steward did not answer ${origin}/healthz within ${timeoutMs} ms`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return { origin, adminPassword, dbUrl, stop, printLog };
}

/**
 * One steward for the whole test file: started before the first test, stopped after the last,
 * its output printed after any test that fails. The returned object is filled in by `before`.
 */
export function useSteward(opts) {
  const steward = {};
  before(async () => Object.assign(steward, await startSteward(opts)));
  afterEach((t) => {
    if (!t.passed && isTopLevel(t)) steward.printLog?.(`after failed test "${t.name}"`);
  });
  after(() => steward.stop?.());
  return steward;
}

// Hooks registered at the top of a file also run after each subtest: act after whole tests only.
const isTopLevel = (t) => t.fullName === t.name;

/** Whether the binary has the `user` command yet (it is being added). */
export function hasUserCommand() {
  return spawnSync(STEWARD_BIN, ['user', '--help'], { stdio: 'ignore' }).status === 0;
}

/**
 * The API as the administrator, with a token made by `steward token create`: a function
 * `(method, path, body?)` resolving with the JSON answer, failing the test on an error status.
 */
export function adminApi(steward) {
  const r = spawnSync(STEWARD_BIN, ['--db', steward.dbUrl, 'token', 'create', '--user', 'admin', '--name', 'browser', '--expires-in', '1d', '--scope', 'write'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim();
  return async (method, path, body) => {
    const res = await fetch(`${steward.origin}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** `steward user create`: a person (made if missing), an account with the password, roles. */
export function createUser(steward, { name, person, roles = [], password }) {
  const args = ['--db', steward.dbUrl, 'user', 'create', name, '--person', person, ...roles.flatMap((r) => ['--role', r])];
  const r = spawnSync(STEWARD_BIN, args, {
    env: { ...process.env, STEWARD_USER_PASSWORD: password },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `steward ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
}

// ---- the browser ---------------------------------------------------------------------------

// Root on a closed network: no sandbox, no GPU, nothing phoning home.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let browser = null; // a promise of the Browser, so that concurrent callers share one launch
const contexts = [];
const scriptless = new WeakSet(); // contexts with JavaScript off

/** Debian's Chromium, headless; one per test process. */
export async function launch() {
  browser ??= chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  return browser;
}

/** A page in a fresh context (own cookies), 1280x800; closed after the test by `useBrowser`. */
export async function newPage({ javaScriptEnabled = true, viewport = { width: 1280, height: 800 }, ...more } = {}) {
  // en-US: the tests type dates in its month/day/year order.
  const context = await (await launch()).newContext({ javaScriptEnabled, viewport, locale: 'en-US', ...more });
  contexts.push(context);
  if (!javaScriptEnabled) scriptless.add(context);
  return context.newPage();
}

/** Closes each test's contexts (with a screenshot of each page when it failed), then the browser. */
export function useBrowser() {
  afterEach(async (t) => {
    if (!isTopLevel(t)) return;
    for (const [c, context] of contexts.splice(0).entries()) {
      if (!t.passed) {
        const dir = join(tmpdir(), 'steward-browser-failures');
        mkdirSync(dir, { recursive: true });
        for (const [p, page] of context.pages().entries()) {
          const file = join(dir, `${t.name.replace(/\W+/g, '-').slice(0, 80)}-${c}-${p}.png`);
          await page.screenshot({ path: file, fullPage: true }).catch(() => {});
          console.error(`failed at ${page.url()} (screenshot ${file})`);
        }
      }
      await context.close();
    }
  });
  after(async () => {
    await (await browser)?.close();
    browser = null;
  });
}

// ---- accessibility -------------------------------------------------------------------------

/** Fails on every serious or critical WCAG 2.1 A/AA violation axe finds on the page. */
export async function checkA11y(page, label) {
  let target = page;
  let copy = null;
  if (scriptless.has(page.context())) {
    // axe needs event listeners, which do not run with JavaScript off: check a copy of this
    // page's DOM at its address (so the stylesheet loads the same) in a scripted context, with
    // the page's own scripts blocked.
    const html = await page.content();
    copy = await (await launch()).newContext({ viewport: page.viewportSize() });
    target = await copy.newPage();
    await target.route((url) => url.href === page.url(), (r) => r.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
    await target.route('**/*.js', (r) => r.abort());
    await target.goto(page.url());
  }
  try {
    const { violations } = await new AxeBuilder({ page: target })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const describe = (v) => `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}${v.nodes.length > 3 ? `\n    ... ${v.nodes.length - 3} more` : ''}`;
    // A11Y_VERBOSE=1 also lists the moderate and minor findings.
    if (process.env.A11Y_VERBOSE) {
      for (const v of violations) console.error(`axe on ${label} (${page.url()}):\n${describe(v)}`);
    }
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (bad.length) assert.fail(`axe: ${bad.length} serious/critical violation(s) on ${label} (${page.url()}):\n${bad.map(describe).join('\n')}`);
  } finally {
    await copy?.close();
  }
}

// ---- the keyboard --------------------------------------------------------------------------

// These read the page through locators, never page.evaluate, so they work with JavaScript off.

/** A short description of the focused element, for failure messages. */
async function focused(page) {
  const f = page.locator(':focus');
  if ((await f.count()) === 0) return 'nothing (the page itself)';
  const [id, name, text] = await Promise.all([f.getAttribute('id'), f.getAttribute('name'), f.textContent()]);
  return [id && `#${id}`, name && `name=${name}`, `"${(text ?? '').trim().slice(0, 40)}"`].filter(Boolean).join(' ');
}

/** Presses Tab until the locator's element has the focus; resolves with the number of presses. */
export async function tabTo(page, locator, { max = 80 } = {}) {
  const target = locator.first().and(page.locator(':focus'));
  await locator.first().waitFor({ state: 'attached', timeout: 10_000 }).catch(() => assert.fail(`${locator} is not on ${page.url()}`));
  for (let i = 0; i <= max; i++) {
    if ((await target.count()) === 1) {
      if (process.env.TAB_STATS) console.error(`tabTo ${locator}: ${i} Tab(s) on ${new URL(page.url()).pathname}`);
      return i;
    }
    if (i < max) await page.keyboard.press('Tab');
  }
  assert.fail(`${max} presses of Tab never focused ${locator} on ${page.url()}; the focus is on ${await focused(page)}`);
}

/** Focus a field by Tab, select what it holds and type the text over it. */
export async function keyboardFill(page, locator, text) {
  await tabTo(page, locator);
  await page.keyboard.press('ControlOrMeta+A');
  if (text === '') await page.keyboard.press('Delete');
  else await page.keyboard.type(text);
  assert.equal(await locator.first().inputValue(), text, `typing into ${locator}`);
}

/** Focus a <select> by Tab and move to the option with this label with the arrow keys. */
export async function keyboardSelect(page, locator, label) {
  await tabTo(page, locator);
  const el = locator.first();
  const labels = (await el.locator('option').allTextContents()).map((l) => l.trim());
  const selected = async () => (await el.locator('option:checked').first().textContent())?.trim();
  const from = labels.indexOf(await selected());
  const to = labels.indexOf(label);
  assert.ok(to >= 0, `${locator} has no option "${label}" (it has ${labels.join(', ')})`);
  // A closed <select> with the focus changes its value with the arrow keys (Linux/Windows).
  for (let i = from; i !== to; i += Math.sign(to - from)) await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  assert.equal(await selected(), label, `choosing "${label}" in ${locator}`);
}

/** Press a key that leaves the page (a link, a submit); resolves with the new page's response. */
export async function pressAndWait(page, key = 'Enter') {
  // waitForNavigation (unlike waitForURL) also sees a POST answered on the same address (a 409).
  const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
  return response;
}

/** Sign in on /login with the keyboard; asserts a signed-in page follows. */
export async function signIn(page, origin, user, password) {
  await page.goto(`${origin}/login`);
  await keyboardFill(page, page.locator('#user_name'), user);
  await keyboardFill(page, page.locator('#password'), password);
  await tabTo(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  await pressAndWait(page, 'Enter');
  assert.doesNotMatch(new URL(page.url()).pathname, /^\/login/, `signing in as ${user} stayed on ${page.url()}`);
  assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 1, 'a signed-in page has "Sign out"');
}
