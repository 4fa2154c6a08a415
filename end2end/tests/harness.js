// Test harness: starts the freshly built Livret server on a free port with
// a temporary SQLite database, the demo accounts and a local SMTP mailbox
// that keeps every e-mail the server sends, drives Debian's Chromium with
// playwright-core, and fails a test on any page error or console error.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import { SMTPServer } from 'smtp-server';

export const DEMO = {
  person: { identifier: 'amina-2841', secret: '482913', name: 'Amina' },
  pro: { email: 'claire.martin@mds.demo', password: 'livret-demo-2026', name: 'Claire Martin' },
  head: { email: 'helene.roux@mds.demo', password: 'livret-demo-2026' },
  admin: { email: 'admin@livret.demo', password: 'livret-demo-2026' },
};

export const PHONE = { width: 360, height: 640 };

export const MAIL_FROM = 'livret@mds.test';

/// Starts a local SMTP server on 127.0.0.1 and a free port (no
/// authentication, no TLS) that accepts every message and keeps it, parsed.
/// Returns `{ url, port, mails(), waitForMail(predicate, timeoutMs), close() }`;
/// each mail is `{ from, to, subject, text, html, raw }`: `from` and `to`
/// are the envelope addresses (MAIL FROM, every RCPT TO, so a Bcc counts),
/// `text` the plain-text body ('' when none), `html` the HTML body or '',
/// `raw` the whole message as received (headers and encoded body) as a
/// UTF-8 string, for tests that check nothing leaks into it.
export async function startMailbox() {
  const received = [];
  const failures = [];
  const waiters = new Set();
  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('error', (e) => { failures.push(`reading a message: ${e.message}`); callback(e); });
      stream.on('end', async () => {
        const bytes = Buffer.concat(chunks);
        try {
          const parsed = await simpleParser(bytes);
          const mail = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            raw: bytes.toString('utf8'),
          };
          received.push(mail);
          for (const waiter of waiters) waiter(mail);
          // Acknowledged only once kept: when the sender hears 250, the
          // mail is already in `mails()`.
          callback();
        } catch (e) {
          failures.push(`parsing a message: ${e.message}`);
          callback(e);
        }
      });
    },
  });
  await new Promise((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(0, '127.0.0.1', () => { smtp.off('error', reject); resolve(); });
  });
  smtp.on('error', (e) => failures.push(`server: ${e.message}`));
  const { port } = smtp.server.address();
  const describe = () => {
    const list = received.map((m, i) => `  ${i + 1}. "${m.subject}" to ${m.to.join(', ')}`);
    return `${received.length} mail(s) received${list.length ? `:\n${list.join('\n')}` : ''}`
      + (failures.length ? `\nmailbox failures:\n  ${failures.join('\n  ')}` : '');
  };
  let closed;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    /// Every mail received so far, oldest first (a copy of the list).
    mails: () => received.slice(),
    /// Resolves with the first mail, already received or still to come,
    /// for which `predicate(mail)` is true; rejects after `timeoutMs`
    /// with the subjects and recipients of what did arrive.
    waitForMail(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        let timer;
        const check = (mail) => {
          let ok;
          try { ok = predicate(mail); } catch (e) { finish(); reject(e); return true; }
          if (ok) { finish(); resolve(mail); }
          return ok;
        };
        const finish = () => { clearTimeout(timer); waiters.delete(check); };
        if (received.some(check)) return;
        waiters.add(check);
        timer = setTimeout(() => {
          finish();
          reject(new Error(`no matching mail within ${timeoutMs} ms (predicate: ${predicate.toString().slice(0, 200)}); ${describe()}`));
        }, timeoutMs);
      });
    },
    /// Stops accepting mail; resolves once the SMTP server is closed
    /// (connections still open are cut after one second).
    close() {
      closed ??= new Promise((resolve) => smtp.close(resolve));
      return closed;
    },
  };
}

/// `env`: more environment variables for the server (for example a short
/// `LIVRET_REMINDER_EVERY`); they override the harness's own.
export async function startServer({ env = {} } = {}) {
  const bin = process.env.LIVRET_SERVER_BIN ?? '../target/debug/livret-server';
  const mailbox = await startMailbox();
  const dir = mkdtempSync(join(tmpdir(), 'livret-e2e-'));
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      LIVRET_ADDR: '127.0.0.1:0',
      DATABASE_URL: `sqlite://${dir}/livret.db`,
      LIVRET_DEMO: '1',
      LIVRET_SITE_ROOT: process.env.LIVRET_SITE_ROOT ?? '../target/site',
      LIVRET_SMTP_URL: mailbox.url,
      LIVRET_MAIL_FROM: MAIL_FROM,
      RUST_LOG: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A server that does not start leaves no mailbox open behind it.
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
  }).catch((e) => {
    mailbox.close();
    throw e;
  });
  return {
    url,
    mails: mailbox.mails,
    waitForMail: mailbox.waitForMail,
    /// Stops the server and its mailbox; the answer (a promise) need not be
    /// awaited.
    stop() {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      return mailbox.close();
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
    await env.server?.stop();
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

/// The WebAssembly this page's document came with: a light bundle's name
/// (app/src/light.rs), or 'whole' for the whole application's files.
export async function codeOf(page) {
  return page.evaluate(() => [...new Set(performance.getEntriesByType('resource')
    .map((e) => e.name.split('/').pop())
    .filter((n) => n.endsWith('.wasm'))
    .map((n) => (n.startsWith('livret_light_') ? n.split('.')[0].slice('livret_light_'.length) : 'whole')))]);
}

/// Waits for `locator` as `waitFor` does; if it never comes, the error
/// carries the page's trace (requests, navigations, console) and the start
/// of its HTML, to say where the page stopped.
export async function waitOrExplain(page, locator, options) {
  await locator.waitFor(options).catch(async (e) => {
    throw new Error(`${e.message}\n${page.trace.join('\n')}\n${(await page.content()).slice(0, 3000)}`);
  });
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
  // Her home is a new page (light bundle): started before the test goes on.
  await hydrated(page);
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
