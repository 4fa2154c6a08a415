// A cheap phone on a weak network: the page shows long before its
// WebAssembly starts, and she types in the meantime. What she typed must
// still be there once the code has started, and be saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, signInPerson } from './harness.js';

const env = serverAndBrowser(before, after);

// The slow profile of scripts/bench: 400 ms latency, 400 kbit/s, CPU 4x slower.
async function slowPhone(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 51_200, uploadThroughput: 51_200 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return cdp;
}

// The browser tests run the debug build, whose WebAssembly is ten times the
// release's: on the slow profile it would take minutes to arrive. The page
// and her typing happen on the slow profile; the code then comes at full
// speed (the release's figures on that profile are scripts/bench's).
async function fastAgain(cdp) {
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
}

/// Holds every WebAssembly file until `release()` is called: the page is on
/// screen, its code has not started, whatever the machine's speed.
async function holdCode(page) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const STRENGTH = "Qu'est-ce qui est difficile ?";

test('what she types in her demande before the code has started stays on screen and is saved', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(page);
  const cdp = await slowPhone(page);
  await cdp.send('Network.clearBrowserCache');
  const release = await holdCode(page);
  await page.goto('/demande/2', { waitUntil: 'commit' });
  const box = page.getByLabel(STRENGTH);
  await box.waitFor();
  await box.click();
  await page.keyboard.type('AVANT mon texte');
  assert.equal(await page.locator('body[data-hydrated]').count(), 0, 'the code has not started yet');
  await fastAgain(cdp);
  release();
  await hydrated(page);
  assert.equal(await box.inputValue(), 'AVANT mon texte', 'her text is still on screen after the code started');
  // Saved without her doing anything more: the page says so, and the
  // server has it.
  await page.locator(`#${await box.getAttribute('id')}-status[data-state="Saved"]`).waitFor();
  const other = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(other);
  await other.goto('/demande/2');
  assert.equal(await other.getByLabel(STRENGTH).inputValue(), 'AVANT mon texte', 'the server has her text');
  // She goes on typing after the start: saved as usual.
  await box.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' et APRÈS');
  await page.locator(`#${await box.getAttribute('id')}-status[data-state="Saved"]`).waitFor();
  await other.goto('/demande/2');
  assert.equal(await other.getByLabel(STRENGTH).inputValue(), 'AVANT mon texte et APRÈS');
  page.assertClean();
  other.assertClean();
  await page.closeAll();
  await other.closeAll();
});

test('what she types on the sign-in page before the code has started is kept', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  const cdp = await slowPhone(page);
  const release = await holdCode(page);
  await page.goto('/connexion', { waitUntil: 'commit' });
  await page.getByLabel('Votre identifiant').fill(DEMO.person.identifier);
  await page.getByLabel('Votre code secret').fill(DEMO.person.secret);
  assert.equal(await page.locator('body[data-hydrated]').count(), 0, 'the code has not started yet');
  await fastAgain(cdp);
  release();
  await hydrated(page);
  assert.equal(await page.getByLabel('Votre identifiant').inputValue(), DEMO.person.identifier);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('heading', { name: `Bonjour ${DEMO.person.name}.` }).waitFor({ timeout: 30_000 });
  page.assertClean();
  await page.closeAll();
});
