// Benchmark (not a test): what a cheap phone on a bad network downloads and
// how long it waits. Starts the release server on a fresh database, then
// for each page loads it cold in Chromium with the network throttled
// (400 ms latency, 400 kbit/s each way: the "slow 3G" profile) and the CPU
// slowed 4 times, and prints: bytes transferred (compressed, as sent),
// first contentful paint, and time until the WebAssembly has hydrated.
// Budget (issue 6): under 350 KB in total, first content under 2 s.
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, hydrated, signInPerson } from '../tests/harness.js';

const PROFILE = { latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
const RUNS = 3;

process.env.LIVRET_SERVER_BIN ??= '../target/release/livret-server';
const server = await startServer();
const browser = await launchBrowser();

async function measure(path, signIn) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  if (signIn) await signIn(page);
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.body?.dataset.hydrated) {
        window.__hydratedAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...PROFILE });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const sizes = new Map();
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
  await page.goto(path, { waitUntil: 'load' });
  await hydrated(page);
  // Code a page loads only when opened (split WebAssembly) comes as it
  // starts; a moment more so that nothing requested by then is missed (the
  // network is never quiet: live pages keep one request waiting).
  await page.waitForTimeout(1000);
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  const tti = await page.evaluate(() => window.__hydratedAt ?? NaN);
  const byKind = {};
  for (const [id, bytes] of sizes) {
    const url = urls.get(id) ?? '';
    const kind = url.endsWith('.wasm') ? 'wasm' : url.endsWith('.js') ? 'js' : url.endsWith('.css') ? 'css' : url.includes('/api/') ? 'api' : url.endsWith('.svg') ? 'icons' : 'html';
    byKind[kind] = (byKind[kind] ?? 0) + bytes;
  }
  await context.close();
  return { total: [...sizes.values()].reduce((a, b) => a + b, 0), fcp, tti, byKind };
}

const pages = [
  ['welcome page /', '/', null],
  ['sign-in page /connexion', '/connexion', null],
  ["person's home page /", '/', signInPerson],
  ["person's demande page /demande/2", '/demande/2', signInPerson],
  ["person's sharing page /partage", '/partage', signInPerson],
  ["person's meeting page /ma-reunion", '/ma-reunion', signInPerson],
  ["person's livret page /mon-livret", '/mon-livret', signInPerson],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`profile: latency ${PROFILE.latency} ms, ${(PROFILE.downloadThroughput * 8) / 1024} kbit/s down and up, CPU ${CPU_SLOWDOWN}x slower, cold cache, 360x640; median of ${RUNS} runs`);
for (const [label, path, signIn] of pages) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(path, signIn));
  const kinds = Object.entries(runs[0].byKind).map(([k, v]) => `${k} ${(v / 1024).toFixed(1)}`).join(', ');
  console.log(`${label}: ${(median(runs.map((r) => r.total)) / 1024).toFixed(1)} KB transferred (${kinds}); first content ${Math.round(median(runs.map((r) => r.fcp)))} ms; hydrated ${Math.round(median(runs.map((r) => r.tti)))} ms`);
}

const pkg = join(process.env.LIVRET_SITE_ROOT ?? '../target/site', 'pkg');
for (const f of readdirSync(pkg).filter((f) => f.endsWith('.wasm'))) {
  const raw = readFileSync(join(pkg, f));
  console.log(`${f}: ${(raw.length / 1024).toFixed(0)} KB raw, ${(gzipSync(raw, { level: 9 }).length / 1024).toFixed(0)} KB gzip, ${(brotliCompressSync(raw).length / 1024).toFixed(0)} KB brotli`);
}
await browser.close();
server.stop();
