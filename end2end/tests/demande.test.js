// The demande: she writes it on her phone (saved at every change), comes
// back, sends it; the head asks for more, she answers, the head validates.
import { test } from 'node:test';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, signInPerson, signInStaff, seriousViolations } from './harness.js';

const env = serverAndBrowser(before, after);
const JEAN = { identifier: 'jean-7302', secret: 'mon chat roux', name: 'Jean' };

async function write(page, label, text) {
  const box = page.getByLabel(label);
  await box.fill(text);
  await page.locator(`#${await box.getAttribute('id')}-status[data-state="Saved"]`).waitFor();
}

test('she writes her demande on a phone, comes back later, finds everything, and sends it', async () => {
  let page = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(page, JEAN);
  await page.getByRole('link', { name: 'Écrire ma demande' }).click();
  await page.getByText('Étape 1 sur 17').waitFor();
  await hydrated(page);
  await write(page, 'Que se passe-t-il dans votre vie en ce moment ?', "J'ai perdu mon travail.\nLe loyer est en retard.");
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByRole('heading', { name: 'Logement' }).waitFor();
  await write(page, "Qu'est-ce qui est difficile ?", 'Deux mois de loyer en retard. <b>pas du gras</b> 🏠 مرحبا');
  await write(page, 'Que voulez-vous ?', 'Garder mon appartement.');
  // The network drops: the text stays, with a plain "not saved" and a retry.
  page.expectCutRequest('/api/save_answer');
  await page.route('**/api/save_answer', (route) => route.abort());
  const strength = page.getByLabel("Qu'est-ce que vous faites déjà bien ?");
  await strength.fill('Je paie un peu chaque mois.');
  await page.getByText('Pas encore enregistré. Votre texte reste ici.').waitFor();
  assert.equal(await strength.inputValue(), 'Je paie un peu chaque mois.');
  await page.unroute('**/api/save_answer');
  await page.getByRole('button', { name: 'Réessayer' }).click();
  await page.locator('#a2-status[data-state="Saved"]').waitFor();
  await page.goto('/demande/3');
  await hydrated(page);
  await write(page, 'Que voulez-vous ?', 'Voir un médecin près de chez moi.');
  page.assertClean();
  await page.closeAll();

  // Later, on another device: everything is there.
  page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(page, JEAN);
  await page.goto('/demande/2');
  assert.equal(await page.getByLabel("Qu'est-ce qui est difficile ?").inputValue(), 'Deux mois de loyer en retard. <b>pas du gras</b> 🏠 مرحبا');
  assert.equal(await page.getByLabel("Qu'est-ce que vous faites déjà bien ?").inputValue(), 'Je paie un peu chaque mois.');
  await page.goto('/demande/17');
  await page.getByRole('heading', { name: 'Relire et envoyer' }).waitFor();
  await page.getByText('Voir un médecin près de chez moi.').waitFor();
  assert.equal(await page.locator('dd.answer b').count(), 0, 'pasted HTML is shown as text');
  await hydrated(page);
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await page.getByTestId('demande-state').filter({ hasText: 'Votre demande est envoyée.' }).waitFor();
  // Sent: read-only.
  await page.goto('/demande/2');
  await page.getByText('Vous ne pouvez plus la changer pour le moment.').waitFor();
  page.assertClean();
  await page.closeAll();
});

test('the head asks for more, she answers and sends again, the head validates', async () => {
  const head = await openPage(env.browser, env.server.url, { bypassCSP: true });
  await signInStaff(head, DEMO.head);
  await head.getByRole('heading', { name: 'Demandes à examiner' }).waitFor();
  await head.getByRole('row', { name: /Jean/ }).getByRole('link', { name: 'Examiner' }).click();
  await head.getByRole('heading', { name: 'Examen de la demande de Jean' }).waitFor();
  await head.getByText('Garder mon appartement.').waitFor();
  await hydrated(head);
  assert.deepEqual(await seriousViolations(head), [], 'axe-core on the review page');
  await head.getByLabel('Demander des informations en plus').check();
  await head.getByLabel('Message pour la personne, en mots simples').fill('Pouvez-vous dire qui vit avec vous ?');
  await head.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await head.getByText('Aucune demande en attente.').waitFor();

  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(page, JEAN);
  await page.getByTestId('demande-state').filter({ hasText: 'Le responsable veut en savoir plus.' }).waitFor();
  await page.getByTestId('head-message').filter({ hasText: 'Pouvez-vous dire qui vit avec vous ?' }).waitFor();
  await page.goto('/demande/13');
  await hydrated(page);
  await write(page, 'Qui vit avec vous ?', 'Ma fille de 8 ans.');
  await page.goto('/demande/17');
  await hydrated(page);
  await page.getByRole('button', { name: 'Envoyer ma demande complétée' }).click();
  await page.getByTestId('demande-state').filter({ hasText: 'Votre demande est envoyée.' }).waitFor();

  // Her home, started, before following a link: a link followed while the
  // page is still starting (after '/' sends a head to '/pro') raced it.
  await head.goto('/pro');
  await hydrated(head);
  await head.getByRole('row', { name: /Jean/ }).getByRole('link', { name: 'Examiner' }).click();
  await head.getByText('Ma fille de 8 ans.').waitFor();
  await hydrated(head);
  await head.getByLabel('Message pour la personne, en mots simples').fill('Votre demande est acceptée. Nous allons fixer une réunion.');
  await head.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await head.getByText('Aucune demande en attente.').waitFor();

  await page.goto('/');
  await page.getByTestId('demande-state').filter({ hasText: 'Votre demande est acceptée.' }).waitFor();
  await page.getByTestId('animateur').filter({ hasText: 'Hélène Roux organise la réunion de votre équipe.' }).waitFor();
  page.assertClean();
  head.assertClean();
  await page.closeAll();
  await head.closeAll();
});

test('the server refuses: a professional cannot send it, nobody else reads it, refused topics stay hers', async () => {
  const post = (page, endpoint, form = {}) =>
    page.request.post(`/api/${endpoint}`, { form, headers: { accept: 'application/json' } });
  const amina = await openPage(env.browser, env.server.url);
  await signInPerson(amina);
  await amina.goto('/demande/15');
  await hydrated(amina);
  await write(amina, /De quels sujets ne voulez-vous pas parler/, 'Mon ancien compagnon.');
  await amina.goto('/demande/14');
  await hydrated(amina);
  await write(amina, /Quels professionnels vous aident déjà/, 'Claire, assistante de service social.');

  const pro = await openPage(env.browser, env.server.url);
  await signInStaff(pro, DEMO.pro);
  const send = await post(pro, 'send_demande');
  assert.equal(send.status(), 403);
  assert.equal(await send.json(), 'Forbidden');
  const read = await post(pro, 'my_demande');
  assert.equal(await read.json(), 'Forbidden');
  const review = await post(pro, 'review_demande', { dossier_id: '1' });
  assert.equal(await review.json(), 'Forbidden');

  // Jean cannot read Amina's demande through the head's door.
  const jean = await openPage(env.browser, env.server.url);
  await signInPerson(jean, JEAN);
  const other = await post(jean, 'review_demande', { dossier_id: '2' });
  assert.equal(await other.json(), 'Forbidden');
  const mine = await (await post(jean, 'my_demande')).json();
  assert.equal(mine.person_name, 'Jean');
  assert.ok(!JSON.stringify(mine).includes('ancien compagnon'));

  // Sent, the head reads it, but never her refused topics.
  await amina.goto('/demande/17');
  await hydrated(amina);
  await amina.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await amina.getByTestId('demande-state').filter({ hasText: 'Votre demande est envoyée.' }).waitFor();
  const head = await openPage(env.browser, env.server.url);
  await signInStaff(head, DEMO.head);
  const seen = await (await post(head, 'review_demande', { dossier_id: String(mine.dossier_id === 1 ? 2 : 1) })).json();
  assert.equal(seen.person_name, 'Amina');
  assert.ok(JSON.stringify(seen).includes('Claire, assistante'));
  assert.ok(!JSON.stringify(seen).includes('ancien compagnon'), 'refused topics never leave for anyone else');
  for (const p of [amina, pro, jean, head]) {
    p.assertClean();
    await p.closeAll();
  }
});
