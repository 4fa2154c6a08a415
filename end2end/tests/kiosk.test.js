// Kiosk mode on a shared MDS screen: inactivity countdown, "J'ai fini",
// and nothing of the person left on the device.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, serverAndBrowser, openPage, hydrated, backOnePage, signInPerson } from './harness.js';

const env = serverAndBrowser(before, after);

const KIOSK = { width: 1080, height: 1920 };

async function nothingOfHerLeft(page) {
  // Back to each earlier page, down to the browser's empty first page.
  for (let i = 0; i < 5 && (await backOnePage(page)); i++) {
    await page.locator('h1').first().waitFor();
    assert.equal(await page.getByText('Bonjour Amina.').count(), 0, `nothing of her at ${page.url()}`);
    assert.equal(await page.getByText(DEMO.person.identifier).count(), 0, `no identifier at ${page.url()}`);
  }
  await page.goto('/');
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor();
  const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
  assert.deepEqual(storage, { local: 0, session: 0 }, 'no local or session storage');
  const cache = await page.evaluate(async () => (await caches.keys()).length);
  assert.equal(cache, 0, 'no cache storage');
}

test('on a kiosk, inactivity shows a countdown, then signs her out and clears the screen', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: KIOSK });
  await page.goto('/borne?inactivite=6');
  // Leaving a page while its WebAssembly hydrates can make that dying page
  // report an error: let it finish first.
  await hydrated(page);
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor();
  assert.equal(await page.locator('body').getAttribute('data-kiosk'), '6');
  await page.goto('/connexion');
  await hydrated(page);
  assert.equal(await page.getByLabel('Votre code secret').getAttribute('autocomplete'), 'off');
  assert.equal(await page.getByLabel('Votre identifiant').getAttribute('autocomplete'), 'off');
  await signInPerson(page);
  const res = await page.request.get('/');
  assert.equal(res.headers()['cache-control'], 'no-store', 'her pages are never cached');

  const warning = page.getByRole('alertdialog', { name: 'Êtes-vous encore là ?' });
  await warning.waitFor({ timeout: 10_000 });
  assert.match(await warning.textContent(), /vous serez déconnecté dans \d secondes/);
  await page.getByRole('button', { name: 'Je suis encore là' }).click();
  await warning.waitFor({ state: 'hidden' });
  await page.getByRole('heading', { name: 'Bonjour Amina.' }).waitFor();

  await warning.waitFor({ timeout: 10_000 });
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor({ timeout: 10_000 });
  await nothingOfHerLeft(page);
  page.assertClean();
  await page.closeAll();
});

test('on a kiosk, "J\'ai fini" signs her out and leaves nothing of her', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: KIOSK });
  await page.goto('/borne');
  await hydrated(page);
  await signInPerson(page);
  await page.getByRole('button', { name: "J'ai fini" }).click();
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor();
  await nothingOfHerLeft(page);
  const after = await page.request.post('/api/current_user', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(await after.text(), 'null', 'the session is over on the server too');
  page.assertClean();
  await page.closeAll();
});
