// Test harness: starts the freshly built Livret server on a free port with
// a temporary SQLite database and the demo accounts, drives Debian's
// Chromium with playwright-core, and fails a test on any page error or
// console error.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const DEMO = {
  person: { identifier: 'amina-2841', secret: '482913', name: 'Amina' },
  pro: { email: 'claire.martin@mds.demo', password: 'livret-demo-2026', name: 'Claire Martin' },
  head: { email: 'helene.roux@mds.demo', password: 'livret-demo-2026' },
  admin: { email: 'admin@livret.demo', password: 'livret-demo-2026' },
};

export const PHONE = { width: 360, height: 640 };

export async function startServer() {
  const bin = process.env.LIVRET_SERVER_BIN ?? '../target/debug/livret-server';
  const dir = mkdtempSync(join(tmpdir(), 'livret-e2e-'));
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      LIVRET_ADDR: '127.0.0.1:0',
      DATABASE_URL: `sqlite://${dir}/livret.db`,
      LIVRET_DEMO: '1',
      LIVRET_SITE_ROOT: process.env.LIVRET_SITE_ROOT ?? '../target/site',
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[\d.:]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return {
    url,
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/// Starts a server and a browser before the tests of a file and stops them
/// after; returns an object whose `server` and `browser` are then set.
export function serverAndBrowser(before, after) {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/// A page that records every uncaught error and console error; call
/// `assertClean()` at the end of each test.
export async function openPage(browser, baseURL, options = {}) {
  const context = await browser.newContext({ baseURL, locale: 'fr-FR', ...options });
  const page = await context.newPage();
  const problems = [];
  // Addresses a test visits on purpose to get an error status (a missing page).
  const expected = [];
  page.expectErrorStatus = (path) => expected.push(path);
  // Requests a test cuts on purpose (a network drop).
  const cut = [];
  page.expectCutRequest = (path) => cut.push(path);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const trace = [];
  page.on('console', (m) => trace.push(`console[${m.type()}] on ${page.url()}: ${m.text().slice(0, 200)}`));
  page.on('request', (r) => { if (r.resourceType() === 'document' || r.url().includes('/api/')) trace.push(`${r.resourceType()} ${r.method()} ${r.url()}`); });
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) trace.push(`NAV ${f.url()}`); });
  page.on('response', (r) => { if (r.request().resourceType() === 'document' || r.url().includes('/api/')) trace.push(`  -> ${r.status()} ${r.url()} ${r.headers()['location'] ?? ''}`); });
  page.trace = trace;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs every HTTP error status as a console error. A server
    // function that refuses (wrong secret, invalid field, not allowed)
    // answers 4xx by design: that is not a fault of the page. Anything
    // else, including any 5xx, fails the test.
    const refusal = /status of (401|403|404|409|422|429) /.test(m.text()) && m.location().url.includes('/api/');
    const wanted = (/status of 404 /.test(m.text()) && expected.some((p) => m.location().url.endsWith(p)))
      || (/net::ERR_FAILED/.test(m.text()) && cut.some((p) => m.location().url.endsWith(p)));
    if (!refusal && !wanted) problems.push(`console error on ${page.url()}: ${m.text()} (${m.location().url})`);
  });
  page.assertClean = () => {
    if (problems.length) throw new Error(`the page reported errors:\n${problems.join('\n')}\nTRACE\n${trace.join('\n')}`);
  };
  page.closeAll = () => context.close();
  return page;
}

/// Waits until the WebAssembly has hydrated the page, and the page is not
/// one about to be replaced by its own reload (one restored from the
/// back/forward cache, or whose address moved before it started).
export async function hydrated(page) {
  await page.locator('html:not([data-reloading]) body[data-hydrated="true"]').waitFor({ timeout: 20_000 });
}

/// Goes one page back in the history and waits until that page has fully
/// started (so that a page torn down mid-start is not mistaken for a
/// fault). Answers false at the browser's empty first page: goBack answers
/// null there and also for a move inside one page, so the address tells
/// them apart.
export async function backOnePage(page) {
  const before = page.url();
  await page.goBack();
  if (page.url() === before || page.url() === 'about:blank') return false;
  await hydrated(page);
  return true;
}

export async function signInPerson(page, who = DEMO.person) {
  await page.goto('/connexion');
  await hydrated(page);
  await page.getByLabel('Votre identifiant').fill(who.identifier);
  await page.getByLabel('Votre code secret').fill(who.secret);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('heading', { name: `Bonjour ${who.name}.` }).waitFor();
}

export async function signInStaff(page, who = DEMO.pro) {
  await page.goto('/pro/connexion');
  await hydrated(page);
  await page.getByLabel('Adresse e-mail').fill(who.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('h1').filter({ hasNotText: 'Connexion' }).waitFor();
}

const AXE = new URL('../node_modules/axe-core/axe.min.js', import.meta.url).pathname;

/// Runs axe-core (WCAG 2.1 A and AA rules) on the page; returns the
/// serious and critical violations.
export async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
