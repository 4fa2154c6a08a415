// The équipe parcours et projet meeting (issue 14), in Chromium: she on a
// 360×640 phone, the animateur and three professionals on desktops. Three
// dates, the answers, the choice, the invitations received by a real SMTP
// server, then the meeting on one live screen: attendance, charter,
// objectives with actions, a subject she takes away, her référent with her
// yes and his, the review date; every home shows the outcome. Nothing she
// did not share with Karim reaches his e-mail, his pages or his browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, codeOf, signInPerson, signInStaff, seriousViolations, waitOrExplain } from './harness.js';
import { marker, post, saveAll, whereFound } from './markers.js';

const env = serverAndBrowser(before, after);
const PASSWORD = DEMO.pro.password;
const CLAIRE = { ...DEMO.pro, name: 'Claire Martin' };
const KARIM = { email: 'karim.haddad@caf.demo', password: PASSWORD, name: 'Karim Haddad' };
const NADIA = { email: 'nadia.lefevre@pmi.demo', password: PASSWORD, name: 'Nadia Lefèvre' };
const HEAD = { ...DEMO.head, name: 'Hélène Roux' };
const PLACE = 'CCAS de la Vallée, 3 rue des Lilas';
// What she did not share with Karim (he reads only "Argent et dettes").
const NOT_FOR_KARIM = ['housing.hard', 'health.hard', 'family.block', 'justice.hard', 'violence.hard', 'refused_topics'].map(marker);
const HEALTH_NOTE = 'ZQXMEETINGHEALTHZQX elle a mal au dos';

/// A day `n` days from now, as a date input wants it.
const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function staffId(amina, name) {
  const { members } = await (await post(amina, 'my_sharing')).json();
  return String(members.find((m) => m.member.name === name).member.staff_id);
}

async function share(amina, who, kinds) {
  const form = { staff_id: await staffId(amina, who.name) };
  for (const k of kinds) form[k] = 'on';
  assert.equal((await post(amina, 'save_consents', form)).status(), 200);
}

/// Keeps the text of every response a page receives (pages and server
/// functions), to look for markers in.
function recordBodies(page) {
  const bodies = [];
  page.on('response', async (r) => {
    if (/\.(wasm|js|css|svg|png|ico|woff2?)(\?|$)/.test(r.url())) return;
    try {
      bodies.push({ url: r.url(), body: await r.text() });
    } catch { /* redirects have no body */ }
  });
  return bodies;
}

async function answerDates(page, answers, yes = 'Oui') {
  for (const [slot, label] of answers.entries()) {
    await page.locator(`fieldset[data-slot="${slot}"]`).getByLabel(label === 'yes' ? yes : label, { exact: true }).check();
  }
}

test('three dates, invitations by e-mail, the meeting on one screen, and every home shows the outcome', async () => {
  // She has written in every area and sends her demande; the head
  // validates it and, as animateur, joins her équipe.
  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(amina);
  await saveAll(amina);
  await amina.goto('/demande/17');
  await hydrated(amina);
  await amina.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await amina.getByTestId('demande-state').filter({ hasText: 'Votre demande est envoyée.' }).waitFor();
  const { dossier_id: dossier } = await (await post(amina, 'my_demande')).json();

  const head = await openPage(env.browser, env.server.url);
  await signInStaff(head, HEAD);
  await head.getByRole('row', { name: /Amina/ }).getByRole('link', { name: 'Examiner' }).click();
  await hydrated(head);
  await head.getByLabel('Message pour la personne, en mots simples').fill('Votre demande est acceptée. Nous allons fixer une réunion.');
  await head.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await head.getByText('Aucune demande en attente.').waitFor();
  // She shares santé with the PMI nurse, money with her CAF adviser and
  // the head (Claire already reads housing, money and family).
  await share(amina, KARIM, ['money']);
  await share(amina, HEAD, ['money']);
  await share(amina, NADIA, ['health']);

  // 1. Three dates. Her home page waits; the animateur's lists the demande.
  await head.goto('/');
  const waiting = head.getByTestId('without-date').getByRole('listitem').filter({ hasText: 'Amina' });
  await waiting.filter({ hasText: "validée aujourd'hui" }).waitFor();
  // Started first, as at every other click of this test: once in CI
  // (stop 26) a click made while this page was starting never opened the
  // plan page (not seen again locally; see the issue 16 note). The trace
  // says where it stopped if it happens again.
  await hydrated(head);
  await waiting.getByRole('link', { name: 'Amina' }).click();
  await waitOrExplain(head, head.getByRole('heading', { name: 'Préparer la réunion d\'équipe parcours et projet' }));
  await hydrated(head);
  assert.deepEqual(await seriousViolations(head), [], 'axe-core on the plan page');
  // Bad input first: three times the same day, one in the past.
  await head.getByLabel('Lieu').fill(PLACE);
  await head.getByLabel('Date 1').fill(`${day(-2)}T14:00`);
  await head.getByLabel('Date 2').fill(`${day(20)}T14:00`);
  await head.getByLabel('Date 3').fill(`${day(20)}T14:00`);
  await head.getByRole('button', { name: 'Proposer ces dates' }).click();
  await head.getByText(/Cette date est déjà (passée|proposée)/).first().waitFor();
  assert.equal(await head.getByLabel('Lieu').inputValue(), PLACE, 'what she typed is still there');
  await head.getByLabel('Date 1').fill(`${day(10)}T14:00`);
  await head.getByLabel('Date 3').fill(`${day(30)}T10:00`);
  await head.getByRole('button', { name: 'Proposer ces dates' }).click();
  const table = head.getByTestId('answers');
  await table.waitFor();
  const dates = (await table.locator('thead th').allTextContents()).slice(1);
  assert.equal(dates.length, 3);
  assert.match(dates[1], /^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} \S+ 20\d\d à 14 h$/, 'written out in full');
  const meetingId = String((await (await post(head, 'meeting_of', { dossier_id: String(dossier) })).json()).meeting_id);

  // Her home, loaded again and again: it once failed to start about one
  // time in twenty (the server rendered it twice and the first rendering's
  // server functions lost their context; the browser hydrated with those).
  for (let i = 0; i < 20; i++) {
    await amina.goto('/');
    await hydrated(amina);
    amina.assertClean();
  }

  // She answers on her phone: the dates are written out in full.
  await amina.goto('/');
  await amina.getByTestId('home-meeting').filter({ hasText: 'Voici 3 dates pour votre réunion.' }).waitFor();
  await amina.getByRole('link', { name: 'Voir ma réunion' }).click();
  await amina.getByRole('heading', { name: 'Ma réunion avec mon équipe' }).waitFor();
  await amina.locator('fieldset[data-slot="1"] legend').filter({ hasText: dates[1] }).waitFor();
  await hydrated(amina);
  await answerDates(amina, ['Non, je ne peux pas', 'Oui, je peux venir', 'Je ne sais pas encore']);
  // Something changes while she is choosing (here, answers sent from her
  // other screen): the page does not come again under her fingers; her
  // choices stay, and a notice says there is news.
  assert.equal(await amina.getByTestId('meeting-news').isVisible(), false);
  await post(amina, 'answer_dates', { meeting_id: meetingId, slot0: 'yes', slot1: 'yes', slot2: 'yes' });
  await amina.getByTestId('meeting-news').waitFor();
  assert.equal(await amina.locator('fieldset[data-slot="0"]').getByLabel('Non, je ne peux pas', { exact: true }).isChecked(), true, 'her choice is still on screen');
  // She sends hers: they replace the others (her row in the table below).
  await amina.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await amina.getByTestId('answers-saved').waitFor();
  await hydrated(amina);
  assert.equal(await amina.getByTestId('meeting-news').isVisible(), false, 'the page came again: no news left');
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on her meeting page');

  // Claire and Karim answer from their home page; Nadia is silent so far.
  const karim = await openPage(env.browser, env.server.url);
  const karimBodies = recordBodies(karim);
  const pros = { claire: await openPage(env.browser, env.server.url), karim, nadia: await openPage(env.browser, env.server.url) };
  for (const [name, who, answers] of [['claire', CLAIRE, ['Non', 'Oui', 'Oui']], ['karim', KARIM, ['Peut-être', 'Oui', 'Non']]]) {
    const p = pros[name];
    await signInStaff(p, who);
    await p.getByTestId('to-answer').getByRole('link', { name: 'Amina' }).click();
    await p.getByRole('heading', { name: 'Réunion d\'équipe parcours et projet' }).waitFor();
    await hydrated(p);
    await answerDates(p, answers);
    await p.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await p.getByTestId('answers-saved').waitFor();
  }
  assert.deepEqual(await seriousViolations(karim), [], 'axe-core on the invitation page');
  // The animateur's table shows it live; a silent professional plainly.
  await table.locator('tr').filter({ hasText: 'Karim Haddad' }).locator('td[data-answer="yes"]').waitFor();
  await table.locator('tr[data-silent="true"]').filter({ hasText: 'Nadia Lefèvre' }).getByText("n'a pas répondu", { exact: false }).waitFor();
  assert.equal(await table.locator('tr').filter({ hasText: 'Amina' }).locator('td[data-answer="yes"]').count(), 1, 'her answer is there');
  await signInStaff(pros.nadia, NADIA);
  await pros.nadia.getByTestId('to-answer').getByRole('link', { name: 'Amina' }).click();
  await hydrated(pros.nadia);
  await answerDates(pros.nadia, ['Oui', 'Oui', 'Non']);
  await pros.nadia.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await pros.nadia.getByTestId('answers-saved').waitFor();
  await table.locator('tr').filter({ hasText: 'Nadia Lefèvre' }).locator('td[data-answer="no"]').waitFor();
  assert.equal(await table.locator('tr[data-silent="true"]').filter({ hasText: 'Nadia Lefèvre' }).count(), 0);

  // The first date is in 10 days: the animateur is warned. He picks the second.
  const choose = head.getByRole('region', { name: 'Choisir la date' });
  await choose.getByText(`La date qui convient au plus grand nombre : ${dates[1]}.`).waitFor();
  assert.equal(await choose.getByTestId('short-notice').count(), 1, 'only the date in 10 days is under 15 days');
  await choose.getByRole('button', { name: `Choisir le ${dates[1]}` }).click();
  await head.getByTestId('chosen-date').filter({ hasText: dates[1] }).waitFor();

  // 2. Invitations: one e-mail per professional, received by the SMTP server.
  const mails = {};
  for (const who of [CLAIRE, KARIM, NADIA, HEAD]) {
    mails[who.email] = await env.server.waitForMail((m) => m.to.includes(who.email), 15_000);
  }
  const mail = mails[KARIM.email];
  assert.match(mail.subject, /^Invitation : réunion d'équipe parcours et projet/);
  assert.ok(mail.text.includes(dates[1]), 'the date');
  assert.ok(mail.text.includes(PLACE), 'the place');
  assert.ok(mail.text.includes('la personne accompagnée'), 'who is invited, by function');
  assert.ok(mail.text.includes(`/invitation/${meetingId}`), 'a link');
  for (const m of env.server.mails()) {
    assert.ok(!m.raw.includes('ZQX'), `nothing of her demande in the e-mail to ${m.to}`);
    assert.ok(!m.raw.includes('Amina'), `not even her name in the e-mail to ${m.to}`);
  }

  // Her home says what comes next; her invitation is in plain French.
  await amina.goto('/');
  await amina.getByTestId('home-meeting').filter({ hasText: `Votre réunion est le ${dates[1]}, à : ${PLACE}.` }).waitFor();
  await amina.goto('/ma-reunion');
  const invitation = amina.getByTestId('my-invitation');
  await invitation.getByText('Vous pouvez dire « je ne veux pas en parler » à tout moment.').waitFor();
  await invitation.getByText('Vous pouvez venir avec une personne de confiance.').waitFor();
  await invitation.getByText('Karim Haddad', { exact: false }).waitFor();
  await hydrated(amina);
  // On her phone her meeting page comes with its own light bundle, not the
  // whole application (app/src/light.rs): its buttons post as without
  // JavaScript, and the page comes again when anything changes.
  assert.deepEqual(await codeOf(amina), ['meeting'], 'her meeting page: its light bundle');

  // Before the meeting she chooses what may be discussed: money is shared
  // with 3 of the 4 in her équipe (open by default), housing and santé
  // with 1 (closed until she says).
  const topics = amina.getByTestId('my-topics');
  const topic = (kind) => topics.locator(`li[data-kind="${kind}"]`);
  await topic('money').and(amina.locator('[data-open="true"]')).waitFor();
  assert.equal(await topic('housing').getAttribute('data-open'), null, 'housing: closed until she opens it');
  for (const kind of ['housing', 'health']) {
    await topic(kind).getByRole('button', { name: 'On peut en parler' }).click();
    await topic(kind).and(amina.locator('[data-open="true"]')).waitFor();
  }
  // Her priorities, by tapping: housing first, then money.
  await topic('housing').getByRole('button', { name: "C'est important pour moi" }).click();
  await topic('housing').getByTestId('priority').filter({ hasText: 'Priorité 1' }).waitFor();
  await topic('money').getByRole('button', { name: "C'est important pour moi" }).click();
  await topic('money').getByTestId('priority').filter({ hasText: 'Priorité 2' }).waitFor();
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on her topics');

  // 3. The meeting. The animateur opens the screen and starts.
  await head.goto(`/reunion/${meetingId}`);
  await hydrated(head);
  await head.getByRole('button', { name: 'Commencer la réunion' }).click();
  await head.getByTestId('screen-stage').filter({ hasText: 'La réunion a commencé.' }).waitFor();
  for (const who of ['Amina', CLAIRE.name, KARIM.name, NADIA.name, HEAD.name]) {
    await head.getByRole('button', { name: `${who} : Présent` }).click();
    await head.getByTestId('attendance').locator('li[data-attendance="present"]').filter({ hasText: who }).waitFor();
  }
  await head.getByRole('button', { name: 'Nous avons lu la charte ensemble' }).click();
  await head.getByTestId('charter-read').filter({ hasText: /Charte lue ensemble le .+ à \d/ }).waitFor();

  // Each professional follows on his own screen: his areas, her order.
  for (const p of Object.values(pros)) {
    await p.goto(`/reunion/${meetingId}`);
    await hydrated(p);
  }
  const section = (p, kind) => p.getByTestId('screen-topics').locator(`section[data-kind="${kind}"]`);
  const claireKinds = await pros.claire.getByTestId('screen-topics').locator('section').evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.deepEqual(claireKinds, ['housing', 'money'], 'Claire: the open areas she reads, in her order');
  await section(pros.claire, 'housing').getByText(marker('housing.hard'), { exact: false }).waitFor();
  // Karim reads money only: it is his first subject (no gap telling him more exist).
  await section(karim, 'money').locator('h3').filter({ hasText: 'Priorité 1' }).waitFor();
  assert.equal(await karim.getByTestId('screen-topics').locator('section').count(), 1);
  assert.deepEqual(await seriousViolations(pros.claire), [], 'axe-core on the meeting screen');

  // Nadia notes a need in santé.
  const health = section(pros.nadia, 'health');
  await health.getByText('Écrire').click();
  await health.getByLabel('Type de note').selectOption({ label: "Ce qui bloque, ce qu'il faut" });
  await health.getByLabel('Note', { exact: true }).fill(HEALTH_NOTE);
  await health.getByRole('button', { name: 'Ajouter la note' }).click();
  await health.locator('li.note').filter({ hasText: HEALTH_NOTE }).waitFor();

  // An objective in housing, with an action for her and one for Claire.
  const housing = section(pros.claire, 'housing');
  await housing.getByText('Écrire').click();
  await housing.getByLabel('Objectif convenu').fill('Garder mon logement.');
  await housing.getByRole('button', { name: "Ajouter l'objectif" }).click();
  await housing.getByTestId('objective').filter({ hasText: 'Garder mon logement.' }).waitFor();
  const housingAction = housing.locator('form.action-form');
  await housingAction.getByLabel('Quoi').fill('Demander le FSL');
  // She will read it: the plain-language check runs as it is typed.
  await housingAction.getByTestId('plain-warnings').locator('li').first().waitFor();
  await housingAction.getByLabel('Quoi').fill('Apporter ma dernière facture de loyer à Claire');
  await housingAction.getByTestId('plain-warnings').locator('li').waitFor({ state: 'detached' });
  await housingAction.getByLabel('Pour quand').fill(day(14));
  await housingAction.getByLabel('Avec quels moyens (si besoin)').fill('Je prends le bus');
  await housingAction.getByRole('button', { name: "Ajouter l'action" }).click();
  await housing.getByTestId('action').and(pros.claire.locator('[data-her="true"]')).filter({ hasText: 'Apporter ma dernière facture de loyer à Claire' }).waitFor();
  assert.equal(await housingAction.getByLabel('Quoi').inputValue(), '', 'the form is ready for the next action');
  await housingAction.getByLabel('Quoi').fill('Appeler le bailleur pour un plan de paiement');
  await housingAction.getByLabel('Qui').selectOption({ label: CLAIRE.name });
  await housingAction.getByLabel('Pour quand').fill(day(7));
  await housingAction.getByRole('button', { name: "Ajouter l'action" }).click();
  await housing.getByTestId('action').filter({ hasText: `Qui : ${CLAIRE.name}` }).waitFor();

  // An objective in money, with an action for Karim.
  const money = section(karim, 'money');
  await money.getByText('Écrire').click();
  await money.getByLabel('Objectif convenu').fill('Payer la dette petit à petit.');
  await money.getByRole('button', { name: "Ajouter l'objectif" }).click();
  await money.getByTestId('objective').filter({ hasText: 'Payer la dette petit à petit.' }).waitFor();
  const moneyAction = money.locator('form.action-form');
  await moneyAction.getByLabel('Quoi').fill('Vérifier les droits à la prime d\'activité');
  await moneyAction.getByLabel('Qui').selectOption({ label: KARIM.name });
  await moneyAction.getByLabel('Pour quand').fill(day(10));
  await moneyAction.getByRole('button', { name: "Ajouter l'action" }).click();
  await money.getByTestId('action').filter({ hasText: `Qui : ${KARIM.name}` }).waitFor();
  // Claire's open screen follows live.
  await section(pros.claire, 'money').getByTestId('action').filter({ hasText: `Qui : ${KARIM.name}` }).waitFor();

  // She takes santé away with the large button on her phone: gone from
  // every screen at once, and from the record.
  await amina.goto('/ma-reunion');
  await hydrated(amina);
  await topic('housing').getByTestId('objective').filter({ hasText: 'Garder mon logement.' }).waitFor();
  await topic('health').locator('li.note').filter({ hasText: HEALTH_NOTE }).waitFor();
  const t0 = Date.now();
  await topic('health').getByRole('button', { name: 'Je ne veux pas en parler' }).click();
  await section(pros.nadia, 'health').waitFor({ state: 'detached', timeout: 3_000 });
  console.log(`  a subject she took away left the open screen after ${Date.now() - t0} ms`);
  await topic('health').getByRole('button', { name: 'On peut en parler' }).waitFor();
  assert.equal(await topic('health').locator('li.note').count(), 0);

  // The référent: proposed by the animateur, her yes on her phone, his own.
  await head.getByTestId('suggested').getByRole('button', { name: `Proposer ${CLAIRE.name}` }).click();
  await head.getByTestId('proposals').getByText(`Proposé comme référent : ${CLAIRE.name}.`, { exact: false }).waitFor();
  const suggested = await head.getByTestId('suggested').allTextContents();
  assert.ok(!suggested.join(' ').includes(HEAD.name), 'the animateur is not suggested as référent');
  await amina.getByTestId('referent-proposal').getByRole('button', { name: "Oui, je suis d'accord" }).click();
  await amina.getByTestId('her-yes').waitFor();
  await pros.claire.getByTestId('proposals').getByText('elle a dit oui', { exact: false }).waitFor();
  await pros.claire.getByRole('button', { name: "J'accepte d'être référent" }).click();
  for (const p of [head, pros.claire, karim, pros.nadia]) {
    await p.getByTestId('referent').filter({ hasText: CLAIRE.name }).waitFor();
  }
  await amina.getByTestId('referent').filter({ hasText: `Votre référent est ${CLAIRE.name}.` }).waitFor();

  // The review date, and the animateur closes the meeting.
  await head.getByLabel('Date et heure').fill(`${day(90)}T10:00`);
  await head.getByRole('button', { name: 'Fixer la date' }).click();
  const reviewDate = (await head.getByTestId('review-date').textContent()).replace('Prochaine réunion : ', '').replace(/\.$/, '');
  await head.getByRole('button', { name: 'Clore la réunion' }).click();
  await head.getByTestId('screen-stage').filter({ hasText: 'La réunion est finie.' }).waitFor();

  // The record: who decided what, nothing of the subject she took away.
  const record = await head.getByTestId('record').textContent();
  for (const line of ['a commencé la réunion.', 'a lu la charte avec tout le monde.', 'a retiré un sujet.', `a accepté d'être référent : ${CLAIRE.name}`, 'a fermé la réunion.']) {
    assert.ok(record.includes(line), `record: ${line}`);
  }
  for (const p of [head, ...Object.values(pros), amina]) {
    await p.reload();
    await hydrated(p);
    assert.ok(!(await p.content()).includes('ZQXMEETINGHEALTHZQX'), `the santé note is gone from ${p.url()}`);
  }
  for (const p of [head, ...Object.values(pros), amina]) {
    const view = await (await post(p, p === amina ? 'my_meeting' : 'meeting', p === amina ? {} : { meeting_id: meetingId })).text();
    assert.ok(!view.includes('ZQXMEETINGHEALTHZQX'), 'and from every payload');
  }

  // 4. Every home shows the outcome; her page keeps what was decided.
  await amina.goto('/ma-reunion');
  await amina.getByTestId('my-outcome').getByTestId('objective').filter({ hasText: 'Garder mon logement.' }).waitFor();
  await hydrated(amina);
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on her meeting page, closed');
  await amina.goto('/');
  await amina.getByTestId('home-meeting').filter({ hasText: `Votre référent est ${CLAIRE.name}. Prochaine réunion : ${reviewDate}.` }).waitFor();
  for (const p of [head, ...Object.values(pros)]) {
    await p.goto('/');
    await p.getByTestId('done').getByRole('listitem').filter({ hasText: 'Amina' }).filter({ hasText: `Référent : ${CLAIRE.name}.` })
      .filter({ hasText: reviewDate }).waitFor();
  }

  // Karim's invitation page and screen, and everything his browser
  // received all along: nothing she did not share with him.
  await karim.goto(`/invitation/${meetingId}`);
  await karim.getByTestId('invitation').waitFor();
  await karim.goto(`/reunion/${meetingId}`);
  await hydrated(karim);
  for (const [endpoint, form] of [['meeting', { meeting_id: meetingId }], ['meeting_of', { dossier_id: String(dossier) }], ['my_meetings', {}]]) {
    const r = await post(karim, endpoint, form);
    karimBodies.push({ url: endpoint, body: await r.text() });
  }
  assert.ok(karimBodies.length > 20, `his browser received ${karimBodies.length} responses`);
  for (const m of [...NOT_FOR_KARIM, 'ZQXMEETINGHEALTHZQX']) {
    assert.deepEqual(whereFound(karimBodies, m), [], `${m} never reached Karim`);
    assert.ok(!mails[KARIM.email].raw.includes(m), `${m} not in Karim's e-mail`);
  }
  assert.ok(whereFound(karimBodies, marker('money.wish')).length > 0, 'what she shares with him does reach him');

  for (const p of [amina, head, ...Object.values(pros)]) {
    p.assertClean();
    await p.closeAll();
  }
});
