// Sharing: she chooses on her phone what each professional sees; a
// withdrawal takes the item off an open page; nothing she did not share
// reaches anyone (every page, every server function); her journal shows
// every read and nothing else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, signInPerson, signInStaff, seriousViolations } from './harness.js';
import { MARKED, marker, post, saveAll, received, whereFound } from './markers.js';

const env = serverAndBrowser(before, after);
const NURSE = { email: 'nadia.lefevre@pmi.demo', password: DEMO.pro.password, name: 'Nadia Lefèvre' };
const PROS = [
  DEMO.pro,
  { email: 'karim.haddad@caf.demo', password: DEMO.pro.password },
  { email: 'sophie.bernard@ccas.demo', password: DEMO.pro.password },
  { email: 'lucas.petit@missionlocale.demo', password: DEMO.pro.password },
  NURSE,
  { email: 'paul.garnier@habitat.demo', password: DEMO.pro.password },
  DEMO.head,
  DEMO.admin,
];
test('she gives santé to the PMI nurse, then takes it back while the nurse reads it', async () => {
  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(amina);
  await amina.goto('/demande/3');
  await hydrated(amina);
  await amina.getByLabel("Qu'est-ce qui est difficile ?").fill('Je dois voir un médecin pour mon dos.');
  await amina.locator('#a0-status[data-state="Saved"]').waitFor();

  await amina.goto('/');
  await amina.getByRole('link', { name: 'Qui voit mes informations' }).click();
  await amina.getByRole('heading', { name: 'Qui voit mes informations', level: 1 }).waitFor();
  await amina.getByText('Vous pouvez dire non. Votre aide ne change pas.').waitFor();
  await hydrated(amina);
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on the consent page');
  const card = amina.getByTestId('member').filter({ hasText: 'Nadia Lefèvre' });
  // Housing is not a PMI nurse's mission: she is told so.
  await card.locator('.check').filter({ hasText: 'Logement' }).getByText('Pas utile pour son travail. Nadia Lefèvre ne le verra pas.').waitFor();
  await card.getByLabel('Santé').check();
  await card.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await amina.getByText('Vos choix sont enregistrés.').waitFor();

  const nurse = await openPage(env.browser, env.server.url);
  await signInStaff(nurse, NURSE);
  await nurse.getByRole('link', { name: 'Ouvrir la demande de Amina' }).click();
  const health = nurse.locator('[data-kind="health"]').getByText('Je dois voir un médecin pour mon dos.');
  await health.waitFor();
  await hydrated(nurse);

  // She withdraws it on her phone; the nurse's open page loses it.
  await card.getByLabel('Santé').uncheck();
  await card.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  const t0 = Date.now();
  await health.waitFor({ state: 'detached', timeout: 2_000 });
  const goneAfter = Date.now() - t0;
  await nurse.getByTestId('hidden').locator('[data-kind="health"]').filter({ hasText: 'La personne a retiré son accord.' }).waitFor();
  const direct = await (await post(nurse, 'shared_demande', { dossier_id: '1' })).text();
  assert.ok(!direct.includes('médecin pour mon dos'), 'a direct call does not return it either');

  // "Qui voit quoi": on her phone, one card per professional.
  await amina.goto('/qui-voit-quoi');
  const nadiaSees = amina.getByTestId('who-sees-card').filter({ has: amina.getByRole('heading', { name: 'Nadia Lefèvre', level: 2 }) });
  await nadiaSees.getByRole('heading', { name: 'Ce que Nadia Lefèvre ne voit pas' }).waitFor();
  await nadiaSees.getByTestId('does-not-see').locator('[data-kind="health"]').waitFor();
  assert.equal(await nadiaSees.getByTestId('sees').locator('[data-kind="health"]').count(), 0, 'santé: no longer');
  const claireSees = amina.getByTestId('who-sees-card').filter({ has: amina.getByRole('heading', { name: 'Claire Martin', level: 2 }) });
  assert.deepEqual(await claireSees.getByTestId('sees').locator('li').evaluateAll((els) => els.map((e) => e.dataset.kind)),
    ['housing', 'money', 'family'], 'housing, money, family for Claire');
  await hydrated(amina);
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on qui voit quoi (phone)');
  // On a wide screen, the table.
  await amina.setViewportSize({ width: 1024, height: 768 });
  const row = amina.getByRole('row', { name: /Nadia Lefèvre/ });
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells.length, 11);
  assert.equal(cells[1], 'Non', 'santé: no longer');
  const claireCells = await amina.getByRole('row', { name: /Claire Martin/ }).locator('td').allTextContents();
  assert.deepEqual(claireCells.slice(0, 4), ['Oui', 'Non', 'Oui', 'Oui'], 'housing, health, money, family for Claire');
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on qui voit quoi (wide)');
  await amina.setViewportSize(PHONE);
  await amina.goto('/qui-a-regarde');
  const journal = amina.getByTestId('journal');
  const nadiaRead = journal.locator('li').filter({ hasText: 'Nadia Lefèvre a regardé : Santé.' }).first();
  await nadiaRead.getByText('Puéricultrice de la PMI (Protection maternelle et infantile)', { exact: true }).waitFor();
  await hydrated(amina);
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on the journal');
  console.log(`  withdrawn item gone from the open page after ${goneAfter} ms`);
  for (const p of [amina, nurse]) {
    p.assertClean();
    await p.closeAll();
  }
});

test('leak test: no marker she did not share reaches any professional, by any page or server function', async () => {
  const amina = await openPage(env.browser, env.server.url);
  await signInPerson(amina);
  await saveAll(amina);
  const dossier = (await (await post(amina, 'my_demande')).json()).dossier_id;
  // What she shares (the demo): housing, money and family with Claire only.
  const shared = { [DEMO.pro.email]: ['housing', 'money', 'family'] };
  const journalBefore = await (await post(amina, 'my_journal')).json();

  for (const who of PROS) {
    const bodies = await received(env, who, dossier);
    const allowed = new Set(shared[who.email] ?? []);
    for (const [field, kind] of Object.entries(MARKED)) {
      const leaks = whereFound(bodies, marker(field));
      if (allowed.has(kind)) {
        assert.ok(leaks.some((u) => u.includes('dossier')), `${who.email} should see ${field}`);
      } else {
        assert.deepEqual(leaks, [], `${who.email} must not receive ${field}`);
      }
    }
  }

  // The journal: exactly Claire's reads (page and server function), each
  // with housing, money and family; nobody else.
  const journal = await (await post(amina, 'my_journal')).json();
  const added = journal.slice(0, journal.length - journalBefore.length);
  assert.ok(added.length >= 1);
  for (const line of added) {
    assert.equal(line.viewer, 'Claire Martin');
    assert.deepEqual(line.kinds, ['Housing', 'Money', 'Family']);
  }
  amina.assertClean();
  await amina.closeAll();
});

test('the administrator narrows the PMI nurse mission: the nurse stops seeing santé, and sees it again when it is widened back', async () => {
  const amina = await openPage(env.browser, env.server.url);
  await signInPerson(amina);
  await saveAll(amina);
  const nurseId = (await (await post(amina, 'my_sharing')).json()).members.find((m) => m.member.name === NURSE.name).member.staff_id;
  assert.equal((await post(amina, 'save_consents', { staff_id: String(nurseId), health: 'on', housing: 'on' })).status(), 200);
  const dossier = (await (await post(amina, 'my_demande')).json()).dossier_id;

  const nurse = await openPage(env.browser, env.server.url);
  await signInStaff(nurse, NURSE);
  await nurse.goto(`/dossier/${dossier}`);
  const health = nurse.locator('[data-kind="health"]').getByText(marker('health.hard'));
  await health.waitFor();
  await hydrated(nurse);

  const admin = await openPage(env.browser, env.server.url, { bypassCSP: true });
  await signInStaff(admin, DEMO.admin);
  const card = () => admin.getByTestId('perimeter').filter({ hasText: 'Puéricultrice de la PMI' });
  await card().getByText('Réglage de départ, jamais changé.').waitFor();
  await hydrated(admin);
  await card().getByLabel('Santé').uncheck();
  await card().getByRole('button', { name: 'Enregistrer pour cette fonction' }).click();
  await card().getByText("C'est enregistré.").waitFor();

  // Her open page loses it without reloading.
  await health.waitFor({ state: 'detached', timeout: 2_000 });
  await nurse.getByTestId('hidden').locator('[data-kind="health"]').filter({ hasText: 'Hors de votre mission.' }).waitFor();
  await nurse.reload();
  await nurse.getByTestId('hidden').locator('[data-kind="health"]').filter({ hasText: 'Hors de votre mission.' }).waitFor();
  assert.equal(await health.count(), 0, 'santé is no longer sent to her');

  await admin.reload();
  await card().getByText(/^Dernier changement : Administration Livret, /).waitFor();
  assert.equal(await card().getByLabel('Santé').isChecked(), false, 'the change is stored');
  assert.equal(await card().getByLabel('Enfants et vie de famille').isChecked(), true, 'the rest of the mission is kept');
  await hydrated(admin);
  assert.deepEqual(await seriousViolations(admin), [], 'axe-core on the administrator page with the missions');

  await card().getByLabel('Santé').check();
  await card().getByRole('button', { name: 'Enregistrer pour cette fonction' }).click();
  await card().getByText("C'est enregistré.").waitFor();
  await health.waitFor({ timeout: 2_000 });
  for (const p of [amina, nurse, admin]) {
    p.assertClean();
    await p.closeAll();
  }
});

test('the animateur records an exception; she reads why and keeps her choice', async () => {
  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(amina);
  const nurseId = (await (await post(amina, 'my_sharing')).json()).members.find((m) => m.member.name === NURSE.name).member.staff_id;
  assert.equal((await post(amina, 'save_consents', { staff_id: String(nurseId), housing: 'on' })).status(), 200);
  assert.equal((await post(amina, 'send_demande')).status(), 200);

  const head = await openPage(env.browser, env.server.url, { bypassCSP: true });
  await signInStaff(head, DEMO.head);
  await head.getByRole('row', { name: /Amina/ }).getByRole('link', { name: 'Examiner' }).click();
  await hydrated(head);
  await head.getByLabel("Qui anime l'équipe parcours et projet ?").selectOption({ label: 'Hélène Roux (Responsable de MDS (Maison départementale des solidarités))' });
  await head.getByLabel('Message pour la personne, en mots simples').fill('Votre demande est acceptée.');
  await head.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await head.getByText('Aucune demande en attente.').waitFor();
  // The animateur is now in her équipe: she records it from her page of the demande.
  await head.goto('/dossier/1');
  await head.getByRole('heading', { name: 'Exceptions au périmètre de mission' }).waitFor();
  await hydrated(head);
  await head.getByLabel('Professionnel').selectOption({ label: 'Nadia Lefèvre (Puéricultrice de la PMI (Protection maternelle et infantile))' });
  await head.getByLabel('Sujet').selectOption({ label: 'Logement' });
  await head.getByLabel('Raison, en mots simples').fill('Le bébé dort dans une pièce humide.');
  await head.getByRole('button', { name: "Enregistrer l'exception" }).click();
  await head.getByTestId('exceptions').getByText('Nadia Lefèvre : Logement. Raison : Le bébé dort dans une pièce humide.').waitFor();
  assert.deepEqual(await seriousViolations(head), [], 'axe-core on the dossier page with exceptions');

  await amina.goto('/partage');
  const card = amina.getByTestId('member').filter({ hasText: 'Nadia Lefèvre' });
  await card.getByText('Le responsable a écrit pourquoi : Le bébé dort dans une pièce humide.').waitFor();
  await amina.goto('/qui-voit-quoi');
  const nadiaSees = amina.getByTestId('who-sees-card').filter({ has: amina.getByRole('heading', { name: 'Nadia Lefèvre', level: 2 }) });
  // Housing for the nurse, through the exception and her yes.
  await nadiaSees.getByTestId('sees').locator('[data-kind="housing"]').waitFor();
  for (const p of [amina, head]) {
    p.assertClean();
    await p.closeAll();
  }
});
