// Benchmark (not a test): what a cheap phone on a bad network downloads and
// how long it waits. Starts the release server on a fresh database, then
// for each page loads it cold in Chromium with the network throttled
// (400 ms latency, 400 kbit/s each way: the "slow 3G" profile) and the CPU
// slowed 4 times, and prints: bytes transferred (compressed, as sent),
// first contentful paint, time until the WebAssembly has hydrated; then the
// same page again with the browser's cache kept (her second visit), and
// what one more of her pages costs once the first is loaded.
// Budgets (issue 16), printed beside each figure: first load under 180 KB,
// first content under 1.5 s, hydrated under 4 s cold and 1.5 s warm, each
// later page under 60 KB more.
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, hydrated, signInPerson } from '../tests/harness.js';

const PROFILE = { latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
const RUNS = Number(process.env.LIVRET_BENCH_RUNS ?? 5);
const BUDGET = { firstLoadKB: 180, fcp: 1500, hydrated: 4000, warm: 1500, laterKB: 60 };

process.env.LIVRET_SERVER_BIN ??= '../target/release/livret-server';
const server = await startServer();
const browser = await launchBrowser();

/// Slows this page to the profile and counts what it receives, from an
/// empty cache (signing in filled it) that it then keeps, as a phone does.
async function throttled(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...PROFILE });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const sizes = new Map();
  const urls = new Map();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
  return {
    /// Bytes received since the last call, by kind of file; those of the
    /// addresses the page prefetches (her next page's code, fetched once
    /// this one has started) apart.
    take(prefetches = []) {
      const byKind = {};
      let total = 0;
      let prefetched = 0;
      for (const [id, bytes] of sizes) {
        const url = urls.get(id) ?? '';
        if (prefetches.includes(url)) {
          prefetched += bytes;
          continue;
        }
        const kind = url.endsWith('.wasm') ? 'wasm' : url.endsWith('.js') ? 'js' : url.endsWith('.css') ? 'css' : url.includes('/api/') ? 'api' : url.endsWith('.svg') ? 'icons' : 'html';
        byKind[kind] = (byKind[kind] ?? 0) + bytes;
        total += bytes;
      }
      sizes.clear();
      return { total, byKind, prefetched };
    },
  };
}

/// Loads `path` and waits until it has hydrated; answers first content and
/// hydration times from the start of this load.
async function load(page, path) {
  await page.goto(path, { waitUntil: 'load' });
  await hydrated(page);
  // Code a page loads only when opened (split WebAssembly) comes as it
  // starts; a moment more so that nothing requested by then is missed (the
  // network is never quiet: live pages keep one request waiting).
  await page.waitForTimeout(1000);
  return page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    tti: window.__hydratedAt ?? NaN,
    // Where the time goes: each file asked before the page started, when
    // it was asked, its first and its last byte (ms from the start).
    timeline: [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
      .filter((e) => e && e.startTime < (window.__hydratedAt ?? Infinity))
      .map((e) => ({
        file: e.entryType === 'navigation' ? 'html' : e.name.split('/').pop().replace(/\.[0-9a-f]{16}\./, '.'),
        asked: e.startTime,
        first: e.responseStart,
        last: e.responseEnd,
      })),
  }));
}

/// Waits until what this page prefetches has arrived.
async function prefetched(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('link[rel="prefetch"]')]
    .every((l) => performance.getEntriesByName(l.href).length > 0), null, { timeout: 60_000 });
}

async function measure(path, signIn, next) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  if (signIn) {
    await signIn(page);
    // Her home's prefetch, done before the cache is emptied: nothing of it
    // arrives during the measure.
    await prefetched(page);
  }
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.body?.dataset.hydrated) {
        window.__hydratedAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const net = await throttled(context, page);
  const cold = await load(page, path);
  const prefetches = await page.evaluate(() => [...document.querySelectorAll('link[rel="prefetch"]')].map((l) => l.href));
  const first = net.take(prefetches);
  await prefetched(page);
  await page.waitForTimeout(500);
  const prefetchedBytes = first.prefetched + net.take(prefetches).prefetched;
  // Her second visit: the same page, the browser's cache kept.
  const warm = await load(page, path);
  net.take();
  // One more of her pages, opened after this one.
  let later = null;
  if (next) {
    await load(page, next);
    later = net.take().total;
  }
  await context.close();
  return { total: first.total, byKind: first.byKind, prefetched: prefetchedBytes, fcp: cold.fcp, tti: cold.tti, warm: warm.tti, later, timeline: cold.timeline };
}

// [label, address, who signs in, a page she opens next]
const pages = [
  ['welcome page /', '/', null, '/connexion'],
  ['sign-in page /connexion', '/connexion', null, '/'],
  ["person's home page /", '/', signInPerson, '/demande/2'],
  ["person's demande page /demande/2", '/demande/2', signInPerson, '/demande/3'],
  ["person's sharing page /partage", '/partage', signInPerson, '/qui-voit-quoi'],
  ["person's meeting page /ma-reunion", '/ma-reunion', signInPerson, null],
  ["person's livret page /mon-livret", '/mon-livret', signInPerson, null],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mark = (ok) => (ok ? 'ok' : 'OVER');
console.log(`profile: latency ${PROFILE.latency} ms, ${(PROFILE.downloadThroughput * 8) / 1024} kbit/s down and up, CPU ${CPU_SLOWDOWN}x slower, 360x640; median of ${RUNS} runs`);
console.log(`budgets: first load ${BUDGET.firstLoadKB} KB, first content ${BUDGET.fcp} ms, hydrated ${BUDGET.hydrated} ms (cold) and ${BUDGET.warm} ms (second visit), a later page ${BUDGET.laterKB} KB`);
// LIVRET_BENCH_ONLY=/demande/2: only the pages at these addresses (comma
// separated), to see one change's cost sooner.
const only = process.env.LIVRET_BENCH_ONLY?.split(',');
for (const [label, path, signIn, next] of pages) {
  if (only && !only.includes(path)) continue;
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(path, signIn, next));
  const kinds = Object.entries(runs[0].byKind).map(([k, v]) => `${k} ${(v / 1024).toFixed(1)}`).join(', ');
  const kb = median(runs.map((r) => r.total)) / 1024;
  const fcp = Math.round(median(runs.map((r) => r.fcp)));
  const tti = Math.round(median(runs.map((r) => r.tti)));
  const warm = Math.round(median(runs.map((r) => r.warm)));
  let line = `${label}: first load ${kb.toFixed(1)} KB [${mark(kb < BUDGET.firstLoadKB)}] (${kinds}); first content ${fcp} ms [${mark(fcp < BUDGET.fcp)}]; hydrated ${tti} ms [${mark(tti < BUDGET.hydrated)}]; second visit hydrated ${warm} ms [${mark(warm < BUDGET.warm)}]`;
  const prefetched = median(runs.map((r) => r.prefetched)) / 1024;
  if (prefetched > 0) line += `; then, while she reads, ${prefetched.toFixed(1)} KB prefetched`;
  if (next) {
    const later = median(runs.map((r) => r.later)) / 1024;
    line += `; then ${next} ${later.toFixed(1)} KB more [${mark(later < BUDGET.laterKB)}]`;
  }
  console.log(line);
  // The cold load of the run with the median time, file by file, and what
  // is left after the last byte (compiling, starting, hydrating).
  const middle = [...runs].sort((a, b) => a.tti - b.tti)[Math.floor(runs.length / 2)];
  const ms = (t) => String(Math.round(t)).padStart(5);
  const files = middle.timeline.map((e) => `${e.file} ${ms(e.asked)} ${ms(e.first)} ${ms(e.last)}`);
  const lastByte = Math.max(...middle.timeline.map((e) => e.last));
  console.log(`  timeline (ms; asked, first byte, last byte): ${files.join('; ')}; hydrated ${ms(middle.tti)}, ${Math.round(middle.tti - lastByte)} ms after the last byte`);
}

const pkg = join(process.env.LIVRET_SITE_ROOT ?? '../target/site', 'pkg');
// The main module and each page's own file; the shared pieces wasm-split
// makes (chunk_N, loaded with the pages that need them) as one total.
const sizes = (raw) => [raw.length, gzipSync(raw, { level: 9 }).length, brotliCompressSync(raw).length];
const kb = (b) => (b / 1024).toFixed(0);
const shared = [0, 0, 0, 0];
for (const f of readdirSync(pkg).filter((f) => f.endsWith('.wasm'))) {
  const [raw, gz, br] = sizes(readFileSync(join(pkg, f)));
  if (f.startsWith('chunk_')) {
    shared[0] += 1; shared[1] += raw; shared[2] += gz; shared[3] += br;
  } else {
    console.log(`${f}: ${kb(raw)} KB raw, ${kb(gz)} KB gzip, ${kb(br)} KB brotli`);
  }
}
console.log(`${shared[0]} shared chunk files: ${kb(shared[1])} KB raw, ${kb(shared[2])} KB gzip, ${kb(shared[3])} KB brotli in all`);
await browser.close();
server.stop();
