// Her first pages come with the light bundle (app/src/light.rs): only their
// interactive parts, not the whole application. Each works end to end with
// it, and a page outside it brings the whole application; a kiosk keeps the
// whole application everywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, signInPerson } from './harness.js';

const env = serverAndBrowser(before, after);

/// The WebAssembly files the page asks for: the light bundle's name, or
/// 'whole' for the whole application's files.
function codeRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const name = r.url().split('/').pop();
    if (name.endsWith('.wasm')) seen.push(name.startsWith('livret_light_') ? name.split('.')[0].slice('livret_light_'.length) : 'whole');
  });
  return {
    take() {
      const kinds = [...new Set(seen)];
      seen.length = 0;
      return kinds;
    },
  };
}

/// Waits until her home has fetched her demande's bundle.
async function demandePrefetched(page) {
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => /\/livret_light_demande\.[0-9a-f]+\.wasm$/.test(e.name)));
}

const STRENGTH = "Qu'est-ce qui est difficile ?";

test('her first pages start with the light bundle and work: sign-in, home, demande, sign-out', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  const code = codeRequests(page);
  await page.goto('/');
  await hydrated(page);
  assert.deepEqual(code.take(), ['home'], 'the welcome page');
  assert.equal(await page.locator('leptos-island').count() > 0, true, 'the header buttons are islands');
  // The islands of her first three pages have no props: one would bring
  // the JSON reader into their bundle (+22 KB compressed, measured).
  const noProps = async (where) => assert.equal(await page.locator('leptos-island[data-props]').count(), 0, `${where}: no island with props`);
  await noProps('the welcome page');

  await page.getByRole('link', { name: "J'ai déjà mon identifiant" }).click();
  await hydrated(page);
  assert.match(page.url(), /\/connexion$/);
  assert.deepEqual(code.take(), ['home'], 'the sign-in page: the same bundle');
  await noProps('the sign-in page');
  // The secret shows on demand (the form's only island: the form itself
  // posts as without JavaScript).
  const secret = page.getByLabel('Votre code secret');
  await page.getByLabel('Votre identifiant').fill(DEMO.person.identifier);
  await secret.fill('000000');
  await page.getByRole('button', { name: 'Montrer le code' }).click();
  assert.equal(await secret.getAttribute('type'), 'text');
  // A wrong secret: said on the page, the identifier kept.
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('alert').waitFor();
  await hydrated(page);
  assert.equal(await secret.getAttribute('type'), 'password', 'the page came again: her secret hidden again');
  assert.equal(await page.getByLabel('Votre identifiant').inputValue(), DEMO.person.identifier);
  await secret.fill(DEMO.person.secret);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('heading', { name: `Bonjour ${DEMO.person.name}.` }).waitFor();
  await hydrated(page);
  await noProps('her home');
  // Her demande's bundle comes while she reads her home (a prefetch).
  await demandePrefetched(page);
  assert.deepEqual(code.take(), ['home', 'demande'], 'her home, then her demande prefetched');

  // Her demande: typed, saved, next step.
  await page.goto('/demande/2');
  await hydrated(page);
  assert.deepEqual(code.take(), ['demande'], 'a step of her demande');
  const box = page.getByLabel(STRENGTH);
  await box.fill('Écrit avec le code léger');
  const status = page.locator(`#${await box.getAttribute('id')}-status[data-state="Saved"]`);
  await status.waitFor();
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForURL(/\/demande\/3$/);
  await hydrated(page);
  await page.goto('/demande/2');
  assert.equal(await page.getByLabel(STRENGTH).inputValue(), 'Écrit avec le code léger', 'the server has it');
  await hydrated(page);

  // Bigger text: applied at once by its island, kept by the next page.
  await page.getByRole('button', { name: 'Texte plus grand' }).click();
  await page.locator('body.big-text').waitFor();
  await page.getByRole('button', { name: 'Texte plus grand', pressed: true }).waitFor();

  assert.deepEqual(code.take(), ['demande'], 'her demande again');

  // What each professional may see: her choice saved, read again from
  // the server by the island, and kept.
  await page.goto('/partage');
  await hydrated(page);
  assert.deepEqual(code.take(), ['sharing'], 'the sharing page');
  assert.equal(await page.locator('body.big-text').count(), 1);
  const claire = page.getByTestId('member').filter({ hasText: 'Claire Martin' });
  await claire.getByLabel('Logement').uncheck();
  const readAgain = page.waitForResponse((r) => r.url().endsWith('/api/my_sharing'));
  await claire.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await page.getByText('Vos choix sont enregistrés.').waitFor();
  await readAgain;
  assert.equal(await claire.getByLabel('Logement').isChecked(), false);
  // Her card stays once her choices are read again: the button she
  // pressed keeps the focus.
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent.trim()), 'Enregistrer mes choix');
  await page.reload();
  await hydrated(page);
  assert.equal(await claire.getByLabel('Logement').isChecked(), false, 'the server has her choice');
  // Two professionals added, each shown from the server's answer. The first
  // is removed while one of his boxes is ticked but not saved: the card
  // after his is still the other's own (no box ticked), and the focus is
  // on no other professional's button.
  const offered = await page.getByLabel('Choisissez un professionnel').locator('option').allTextContents();
  const [first, second] = offered.slice(0, 2);
  const cardOf = (option) => page.getByTestId('member').filter({ hasText: option.split(',')[0] });
  for (const option of [first, second]) {
    await page.getByLabel('Choisissez un professionnel').selectOption({ label: option });
    await page.getByRole('button', { name: 'Ajouter à mon équipe' }).click();
    await cardOf(option).waitFor();
  }
  await cardOf(first).getByLabel('Logement').check();
  await cardOf(first).getByRole('button', { name: 'Retirer de mon équipe' }).click();
  await cardOf(first).waitFor({ state: 'detached' });
  await page.waitForTimeout(200);
  assert.equal(await cardOf(second).locator('input[type="checkbox"]:checked').count(), 0, `${second}: nothing ticked`);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[data-testid="member"]')?.querySelector('h2').textContent.trim() ?? null), null,
    'the focus is on no card');
  await cardOf(second).getByRole('button', { name: 'Retirer de mon équipe' }).click();
  await cardOf(second).waitFor({ state: 'detached' });
  await page.goto('/qui-voit-quoi');
  await hydrated(page);
  assert.deepEqual(code.take(), ['sharing'], 'qui voit quoi: the same bundle');
  const claireSees = page.getByTestId('who-sees-card').filter({ has: page.getByRole('heading', { name: 'Claire Martin', level: 2 }) });
  await claireSees.getByTestId('does-not-see').locator('[data-kind="housing"]').waitFor();

  // A page outside the light bundles brings the whole application.
  await page.goto('/qui-a-regarde');
  await hydrated(page);
  assert.ok(code.take().includes('whole'), 'who looked at her information');

  // Back home by the header's link, from inside the whole application.
  await page.getByRole('link', { name: 'Livret' }).first().click();
  await page.getByRole('heading', { name: `Bonjour ${DEMO.person.name}.` }).waitFor();
  await page.goto('/');
  await hydrated(page);
  await demandePrefetched(page);
  assert.deepEqual(code.take(), ['home', 'demande']);
  await page.getByRole('button', { name: "J'ai fini" }).click();
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor();
  await page.goto('/demande/2');
  assert.equal(await page.getByLabel(STRENGTH).count(), 0, 'signed out: her demande is not shown');
  page.assertClean();
  await page.closeAll();
});

test('a kiosk keeps the whole application on her first pages', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  const code = codeRequests(page);
  await page.goto('/borne');
  await hydrated(page);
  code.take();
  await page.goto('/connexion');
  await hydrated(page);
  assert.deepEqual(code.take(), ['whole']);
  page.assertClean();
  await page.closeAll();
});

test('on her phone, a choice sent while the network is down says so, keeps her boxes, and passes once it is back', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  const code = codeRequests(page);
  await signInPerson(page, DEMO.person);
  await page.goto('/partage');
  await hydrated(page);
  assert.deepEqual(code.take().filter((c) => c !== 'home' && c !== 'demande'), ['sharing']);
  const claire = page.getByTestId('member').filter({ hasText: 'Claire Martin' });
  const money = claire.getByLabel('Argent');
  const before = await money.isChecked();
  page.expectCutRequest('/api/save_consents');
  await page.route('**/api/save_consents', (route) => route.abort());
  await money.setChecked(!before);
  await claire.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await page.getByRole('alert').filter({ hasText: 'La connexion ne marche pas.' }).waitFor();
  assert.equal(await page.getByText('Vos choix sont enregistrés.').count(), 0);
  assert.equal(await money.isChecked(), !before, 'her box stays as she ticked it');
  assert.match(page.url(), /\/partage$/, 'no page change');
  await page.unroute('**/api/save_consents');
  await claire.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await page.getByText('Vos choix sont enregistrés.').waitFor();
  assert.equal(await page.getByRole('alert').filter({ hasText: 'La connexion ne marche pas.' }).count(), 0, 'the error is gone');
  await page.reload();
  await hydrated(page);
  assert.equal(await money.isChecked(), !before, 'the server has her choice');
  page.assertClean();
  await page.closeAll();
});

test('on her phone, "Suivant" while the network is down says so and keeps her text; once it is back, the next step', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(page, DEMO.person);
  await page.goto('/demande/2');
  await hydrated(page);
  const box = page.getByLabel(STRENGTH);
  await box.fill('Deux lignes :\nle loyer, puis la CAF.');
  await page.locator(`#${await box.getAttribute('id')}-status[data-state="Saved"]`).waitFor();
  page.expectCutRequest('/api/save_step');
  await page.route('**/api/save_step', (route) => route.abort());
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByRole('alert').filter({ hasText: 'La connexion ne marche pas.' }).waitFor();
  assert.match(page.url(), /\/demande\/2$/, 'still on her step');
  assert.equal(await box.inputValue(), 'Deux lignes :\nle loyer, puis la CAF.');
  await page.unroute('**/api/save_step');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.waitForURL(/\/demande\/3$/);
  await hydrated(page);
  page.assertClean();
  await page.closeAll();
});
