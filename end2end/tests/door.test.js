// The one door to her dossier (issue 13), in Chromium: "Voir comme" shows
// exactly what each member's own page shows; nothing leaks by proposals,
// by the head's review or to a former member, and the head's reads are in
// her journal; a head account needs a second person; a new sheet is told
// to her and closes her other sessions; violences has its own step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, signInPerson, signInStaff, seriousViolations } from './harness.js';
import { MARKED, marker, post, saveAll, received, whereFound } from './markers.js';

const env = serverAndBrowser(before, after);
const PASSWORD = DEMO.pro.password;
const KARIM = { email: 'karim.haddad@caf.demo', password: PASSWORD, name: 'Karim Haddad' };
const NADIA = { email: 'nadia.lefevre@pmi.demo', password: PASSWORD, name: 'Nadia Lefèvre' };
const CLAIRE = { ...DEMO.pro, name: 'Claire Martin' };
const HEAD = { ...DEMO.head, name: 'Hélène Roux' };

async function staffId(amina, name) {
  const { members } = await (await post(amina, 'my_sharing')).json();
  return String(members.find((m) => m.member.name === name).member.staff_id);
}

async function share(amina, who, kinds) {
  const form = { staff_id: await staffId(amina, who.name) };
  for (const k of kinds) form[k] = 'on';
  assert.equal((await post(amina, 'save_consents', form)).status(), 200);
}

/// The items a page shows: each answer box with its text, and the kinds
/// said to be hidden.
async function items(page) {
  await page.locator('[data-testid="hidden"]').waitFor();
  const answers = await page.locator('.shared-answer').evaluateAll((els) =>
    els.map((el) => `${el.dataset.field}=${el.querySelector('p.answer').textContent.trim()}`));
  const hidden = await page.locator('[data-testid="hidden"] li').evaluateAll((els) => els.map((el) => el.dataset.kind));
  return { answers: answers.sort(), hidden: hidden.sort() };
}

test('violences has its own step, explained before she answers', async () => {
  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(amina);
  await amina.goto('/demande/11');
  await amina.getByRole('heading', { name: 'Violences et sécurité' }).waitFor();
  await amina.getByTestId('step-intro').getByText('Personne ne voit vos réponses si vous ne dites pas oui.').waitFor();
  await hydrated(amina);
  await amina.getByLabel("Est-ce que quelqu'un vous fait du mal ou vous fait peur ?").fill('Mon ancien compagnon me suit.');
  await amina.locator('#a0-status[data-state="Saved"]').waitFor();
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on the violences step');
  amina.assertClean();
  await amina.closeAll();
});

test('"Voir comme" shows her, item by item, what each member of her équipe receives on his own page', async () => {
  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(amina);
  await saveAll(amina);
  await share(amina, KARIM, ['rights', 'money']);
  await share(amina, NADIA, ['health', 'violence', 'family', 'housing']);
  const journalBefore = (await (await post(amina, 'my_journal')).json()).length;

  const seen = new Map();
  for (const who of [CLAIRE, KARIM, NADIA]) {
    await amina.goto('/qui-voit-quoi');
    await hydrated(amina);
    await amina.getByRole('link', { name: `Voir comme ${who.name}` }).click();
    await amina.getByTestId('see-as-banner').filter({ hasText: `Voici ce que voit ${who.name}` }).waitFor();
    await hydrated(amina);
    seen.set(who.email, await items(amina));
  }
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on "Voir comme"');
  const journalAfter = (await (await post(amina, 'my_journal')).json()).length;
  assert.equal(journalAfter, journalBefore, 'she reads her own information: nothing in her journal');

  for (const who of [CLAIRE, KARIM, NADIA]) {
    const page = await openPage(env.browser, env.server.url);
    await signInStaff(page, who);
    await page.goto('/dossier/1');
    await hydrated(page);
    const own = await items(page);
    assert.deepEqual(seen.get(who.email), own, `"Voir comme ${who.name}" and his own page`);
    assert.ok(own.answers.length > 0, `${who.name} receives something`);
    page.assertClean();
    await page.closeAll();
  }
  // What each receives, as she chose it: the nurse's mission covers violences.
  assert.ok(seen.get(NADIA.email).answers.some((a) => a.includes(marker('violence.hard'))));
  assert.ok(!seen.get(KARIM.email).answers.some((a) => a.includes(marker('health.hard'))));
  amina.assertClean();
  await amina.closeAll();
});

test('leak test, continued: proposals after her no, the head review, the head journal lines, a former member', async () => {
  const amina = await openPage(env.browser, env.server.url);
  await signInPerson(amina);
  await saveAll(amina);
  const dossier = (await (await post(amina, 'my_demande')).json()).dossier_id;
  // The nurse proposes a wording of her santé answer, then Amina says no.
  await share(amina, NADIA, ['health']);
  const nurse = await openPage(env.browser, env.server.url);
  await signInStaff(nurse, NADIA);
  const proposal = 'ZQXPROPOSALZQX';
  assert.equal((await post(nurse, 'suggest', { dossier_id: String(dossier), field: 'health.hard', value: proposal })).status(), 200);
  await nurse.closeAll();
  await share(amina, NADIA, []);
  // Karim read what she shared with him, then she removed him.
  await share(amina, KARIM, ['rights']);
  const karim = await openPage(env.browser, env.server.url);
  await signInStaff(karim, KARIM);
  assert.ok((await (await post(karim, 'shared_demande', { dossier_id: String(dossier) })).text()).includes(marker('rights.strength')));
  await karim.closeAll();
  assert.equal((await post(amina, 'remove_member', { staff_id: await staffId(amina, KARIM.name) })).status(), 200);

  for (const who of [NADIA, KARIM]) {
    const bodies = await received(env, who, dossier);
    for (const text of [...Object.keys(MARKED).map(marker), proposal]) {
      assert.deepEqual(whereFound(bodies, text), [], `${who.email} must not receive ${text}`);
    }
  }

  // Sent: the head reads the version she sent, but never her refused
  // topics nor what she says of violence; each read is in her journal.
  assert.equal((await post(amina, 'send_demande')).status(), 200);
  const journalBefore = await (await post(amina, 'my_journal')).json();
  const bodies = await received(env, HEAD, dossier);
  for (const [field, kind] of Object.entries(MARKED)) {
    const found = whereFound(bodies, marker(field));
    if (kind === 'private' || kind === 'violence') {
      assert.deepEqual(found, [], `the head must not receive ${field}`);
    } else {
      assert.ok(found.length > 0 && found.every((u) => u.includes('revue') || u.includes('review_demande')), `${field} only for review: ${found}`);
    }
  }
  assert.deepEqual(whereFound(bodies, proposal), []);
  const journal = await (await post(amina, 'my_journal')).json();
  const added = journal.slice(0, journal.length - journalBefore.length);
  assert.ok(added.length >= 1, 'the head read is written down');
  for (const line of added) {
    assert.equal(line.viewer, HEAD.name);
    assert.equal(line.exit, 'Review');
    assert.deepEqual(line.kinds, ['Housing', 'Health', 'Money', 'Family', 'Work', 'Mobility', 'Rights', 'Justice', 'Relations', 'Other']);
  }
  await amina.goto('/qui-a-regarde');
  await amina.getByTestId('journal').locator('[data-exit="revue"]').filter({ hasText: 'Hélène Roux' }).first().waitFor();
  await amina.getByText('Pour décider si votre demande est acceptée.').first().waitFor();

  // Decided: the head reads nothing more for review; as animateur, only
  // what Amina shares with her (nothing yet).
  const head = await openPage(env.browser, env.server.url);
  await signInStaff(head, HEAD);
  const me = await (await post(head, 'current_user')).json();
  const decided = await post(head, 'decide_demande', { dossier_id: String(dossier), decision: 'validate', message: 'Oui.', animateur: String(me.id) });
  assert.equal(decided.status(), 200, await decided.text());
  await head.closeAll();
  const after = await received(env, HEAD, dossier);
  for (const field of Object.keys(MARKED)) {
    assert.deepEqual(whereFound(after, marker(field)), [], `after the decision the head must not receive ${field}`);
  }
  amina.assertClean();
  await amina.closeAll();
});

test('a head account needs a second person: the administrator asks, the head of that MDS confirms and gets the sheet', async () => {
  const admin = await openPage(env.browser, env.server.url, { bypassCSP: true });
  await signInStaff(admin, DEMO.admin);
  await hydrated(admin);
  await admin.getByLabel('Nom et prénom').fill('Inès Moreau');
  await admin.getByLabel('Adresse e-mail').fill('ines.moreau@mds.demo');
  await admin.getByLabel('Rôle dans Livret').selectOption('adjoint');
  await admin.getByLabel('Fonction', { exact: true }).selectOption('mds_head');
  await admin.getByLabel('Institution').fill('Département');
  await admin.getByLabel('Mission, en quelques mots').fill("anime l'équipe parcours et projet");
  await admin.getByRole('button', { name: 'Créer le compte et la feuille' }).click();
  await admin.getByTestId('awaiting-confirmation').waitFor();
  assert.equal(await admin.getByTestId('sheet-code').count(), 0, 'no code for the administrator');
  const mine = admin.getByTestId('head-request').filter({ hasText: 'Inès Moreau' });
  await mine.getByText('Vous avez fait cette demande.').waitFor();
  assert.equal(await mine.getByRole('button').count(), 0, 'she cannot confirm her own request');
  admin.assertClean();
  await admin.closeAll();

  const head = await openPage(env.browser, env.server.url, { bypassCSP: true });
  await signInStaff(head, HEAD);
  await hydrated(head);
  const request = head.getByTestId('head-request').filter({ hasText: 'Inès Moreau' });
  await request.getByRole('button', { name: 'Confirmer et faire la feuille' }).click();
  const code = (await head.getByTestId('sheet-code').first().textContent()).trim();
  assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await head.getByText('Aucun compte à confirmer.').waitFor();
  assert.deepEqual(await seriousViolations(head), [], 'axe-core on the head home with the requests');
  head.assertClean();
  await head.closeAll();

  const ines = await openPage(env.browser, env.server.url);
  await ines.goto('/premiere-connexion');
  await hydrated(ines);
  await ines.getByLabel('Votre identifiant ou votre adresse e-mail').fill('ines.moreau@mds.demo');
  await ines.getByLabel('Le code écrit sur la feuille').fill(code);
  await ines.getByLabel('Choisissez votre code secret').fill('une longue phrase secrète');
  await ines.getByLabel('Écrivez encore votre code secret').fill('une longue phrase secrète');
  await ines.getByRole('button', { name: 'Enregistrer mon code secret' }).click();
  await ines.getByRole('heading', { name: /Les personnes suivies par votre MDS/, level: 1 }).waitFor();
  ines.assertClean();
  await ines.closeAll();
});

test('a new sheet made by the head is told on her home, is in her journal, and closes her other sessions', async () => {
  const phone = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(phone);

  const head = await openPage(env.browser, env.server.url);
  await signInStaff(head, HEAD);
  await hydrated(head);
  await head.getByRole('row', { name: /Amina/ }).getByRole('button', { name: 'Nouvelle feuille de connexion' }).click();
  const code = (await head.getByTestId('sheet-code').first().textContent()).trim();
  head.assertClean();
  await head.closeAll();

  const kiosk = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await kiosk.goto('/premiere-connexion');
  await hydrated(kiosk);
  await kiosk.getByLabel('Votre identifiant ou votre adresse e-mail').fill(DEMO.person.identifier);
  await kiosk.getByLabel('Le code écrit sur la feuille').fill(code);
  await kiosk.getByLabel('Choisissez votre code secret').fill(DEMO.person.secret);
  await kiosk.getByLabel('Écrivez encore votre code secret').fill(DEMO.person.secret);
  await kiosk.getByRole('button', { name: 'Enregistrer mon code secret' }).click();
  await kiosk.getByTestId('notices').getByText('Hélène Roux vous a fait une nouvelle feuille de connexion.').waitFor();
  await hydrated(kiosk);
  assert.deepEqual(await seriousViolations(kiosk), [], 'axe-core on her home with the notice');
  await kiosk.goto('/qui-a-regarde');
  await kiosk.getByTestId('journal').locator('[data-exit="feuille"]').filter({ hasText: 'Hélène Roux vous a fait une nouvelle feuille de connexion.' }).waitFor();

  // The phone's session is closed.
  assert.equal(await (await post(phone, 'current_user')).json(), null);
  for (const p of [phone, kiosk]) {
    p.assertClean();
    await p.closeAll();
  }
});

