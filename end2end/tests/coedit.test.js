// Writing together: the person on her phone and the professional of her
// équipe on a computer see each other within 2 seconds; a proposal from
// the professional never replaces her words unless she takes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, signInPerson, signInStaff, seriousViolations } from './harness.js';

const env = serverAndBrowser(before, after);
const LIVE_MS = 2_000;

test('person and professional edit the same demande at once and lose nothing', async () => {
  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(amina);
  await amina.goto('/demande/2');
  await amina.getByRole('heading', { name: 'Logement' }).waitFor();
  await hydrated(amina);

  const claire = await openPage(env.browser, env.server.url, { bypassCSP: true });
  await signInStaff(claire, DEMO.pro);
  await claire.getByRole('link', { name: 'Ouvrir la demande de Amina' }).click();
  await claire.getByRole('heading', { name: 'Demande de Amina' }).waitFor();
  await hydrated(claire);
  // Each sees the other is there.
  await amina.getByTestId('present').filter({ hasText: 'Claire Martin' }).waitFor({ timeout: LIVE_MS + 1_000 });
  await claire.getByTestId('present').filter({ hasText: 'Amina' }).waitFor({ timeout: LIVE_MS + 1_000 });

  // She writes; it appears on Claire's screen without reloading.
  const hard = amina.getByLabel("Qu'est-ce qui est difficile ?");
  await hard.fill('Le chauffage ne marche plus. 🥶');
  let t0 = Date.now();
  const onClaire = claire.locator('[data-field="housing.hard"] .answer').filter({ hasText: 'Le chauffage ne marche plus. 🥶' });
  await onClaire.waitFor({ timeout: LIVE_MS + 700 });
  const seenAfter = Date.now() - t0;
  await claire.locator('[data-field="housing.hard"] .hint').filter({ hasText: 'Mots de la personne.' }).waitFor();

  // At the same moment, she types in "what do you want" while Claire
  // proposes another wording for that same answer.
  const wish = amina.getByLabel('Que voulez-vous ?');
  await wish.fill('Un logement chaud.');
  const box = claire.locator('[data-field="housing.wish"]');
  await box.getByText('Proposer une autre formulation').first().click();
  await box.getByLabel('Proposer une autre formulation').fill('Madame souhaite un logement correctement chauffé.');
  await box.getByRole('button', { name: 'Envoyer la proposition' }).click();
  t0 = Date.now();
  const proposal = amina.getByTestId('proposal').filter({ hasText: 'Madame souhaite un logement correctement chauffé.' });
  await proposal.waitFor({ timeout: LIVE_MS + 700 });
  const proposalAfter = Date.now() - t0;
  // Sent: his box is empty again.
  await claire.waitForFunction(() => document.querySelector('#s-housing-wish').value === '', null, { timeout: 2_000 });
  // An empty proposal is refused with a plain message, on his side only.
  await box.getByRole('button', { name: 'Envoyer la proposition' }).click();
  await box.getByRole('alert').waitFor();
  await amina.locator('#a1-status[data-state="Saved"]').waitFor();
  // Nothing lost: her text is in her box, Claire's is a proposal.
  assert.equal(await wish.inputValue(), 'Un logement chaud.');
  await claire.locator('[data-field="housing.wish"] .answer').filter({ hasText: 'Un logement chaud.' }).waitFor({ timeout: LIVE_MS + 700 });
  await claire.locator('[data-field="housing.wish"]').getByText('Madame souhaite un logement correctement chauffé.').waitFor();
  assert.deepEqual(await seriousViolations(claire), [], 'axe-core on the professional\'s dossier page');
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on a step with a proposal');

  // She takes it: the box now holds Claire's words, marked as hers.
  await proposal.getByRole('button', { name: 'Prendre ce texte' }).click();
  await amina.getByTestId('proposal').waitFor({ state: 'detached', timeout: LIVE_MS + 700 });
  await amina.waitForFunction(() => document.querySelector('#a1').value === 'Madame souhaite un logement correctement chauffé.', null, { timeout: LIVE_MS + 700 });
  await amina.getByText('Texte proposé par Claire Martin. Vous avez dit oui.').waitFor();
  await claire.locator('[data-field="housing.wish"] .hint').filter({ hasText: 'Proposé par Claire Martin, accepté par la personne.' }).waitFor({ timeout: LIVE_MS + 700 });

  // Her history keeps every version, with who wrote it.
  await amina.goto('/historique');
  const history = amina.getByTestId('history');
  await history.getByText('Un logement chaud.').waitFor();
  await history.getByText('Madame souhaite un logement correctement chauffé.').waitFor();
  await history.getByText('Claire Martin a écrit :').waitFor();
  await hydrated(amina);
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on the history page');
  console.log(`  live: her text on the professional's screen after ${seenAfter} ms, the proposal on hers after ${proposalAfter} ms`);
  for (const p of [amina, claire]) {
    p.assertClean();
    await p.closeAll();
  }
});

test('the same answer changed on two of her screens: she sees both and chooses', async () => {
  const phone = await openPage(env.browser, env.server.url, { viewport: PHONE });
  const kiosk = await openPage(env.browser, env.server.url);
  for (const p of [phone, kiosk]) {
    await signInPerson(p);
    await p.goto('/demande/4');
    await hydrated(p);
  }
  // Slow saves on the kiosk: both edit before either is stored.
  await kiosk.route('**/api/save_answer', async (route) => {
    await new Promise((r) => setTimeout(r, 1_500));
    await route.continue();
  });
  await phone.getByLabel("Qu'est-ce qui est difficile ?").fill('Écrit sur le téléphone.');
  await kiosk.getByLabel("Qu'est-ce qui est difficile ?").fill('Écrit sur la borne.');
  await phone.locator('#a0-status[data-state="Saved"]').waitFor();
  const conflict = kiosk.getByTestId('conflict');
  await conflict.waitFor();
  await conflict.getByText('Écrit sur le téléphone.').waitFor({ timeout: 3_000 });
  assert.equal(await kiosk.getByLabel("Qu'est-ce qui est difficile ?").inputValue(), 'Écrit sur la borne.', 'her text stays');
  await kiosk.unroute('**/api/save_answer');
  await conflict.getByRole('button', { name: 'Garder mon texte' }).click();
  await kiosk.locator('#a0-status[data-state="Saved"]').waitFor();
  await phone.waitForFunction(() => document.querySelector('#a0').value === 'Écrit sur la borne.', null, { timeout: 3_000 });
  for (const p of [phone, kiosk]) {
    p.assertClean();
    await p.closeAll();
  }
});
