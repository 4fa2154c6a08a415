// Her livret de parcours (issue 15), in Chromium: she on a 360×640 phone,
// the animateur and her équipe on desktops. Her first équipe meeting
// closes and writes version 1; she reads it on her home and her page,
// signs it with her secret (a wrong one first), gives Claire a copy that
// holds only what she shares with Claire (page and PDF), moves her
// actions, Claire moves hers and not hers; a reminder reaches Claire by a
// real SMTP server with nothing of hers in it. At the second meeting every
// objective of before gets its bilan before the meeting may close; version
// 2 says what changed, she signs it, and version 1 stays as it was signed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, PHONE, startServer, launchBrowser, openPage, hydrated, codeOf, signInPerson, signInStaff, seriousViolations } from './harness.js';
import { marker, post } from './markers.js';

// Reminders looked for every second, so that one comes during the test.
const env = {};
before(async () => {
  env.server = await startServer({ env: { LIVRET_REMINDER_EVERY: '1' } });
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.server?.stop();
});

const PASSWORD = DEMO.pro.password;
const CLAIRE = { ...DEMO.pro, name: 'Claire Martin' };
const KARIM = { email: 'karim.haddad@caf.demo', password: PASSWORD, name: 'Karim Haddad' };
const NADIA = { email: 'nadia.lefevre@pmi.demo', password: PASSWORD, name: 'Nadia Lefèvre' };
const HEAD = { ...DEMO.head, name: 'Hélène Roux' };
const PLACE = 'MDS de la Vallée, salle 2';

const HOUSING_ANSWER = `${marker('housing.hard')} mon loyer est trop cher`;
const HEALTH_ANSWER = `${marker('health.hard')} j'ai mal au dos`;
const WORK_ANSWER = 'Je voudrais apprendre un métier.';
const HOUSING_OBJECTIVE = 'Garder mon logement';
const HEALTH_OBJECTIVE = 'Soigner mon dos';
const WORK_OBJECTIVE = 'Trouver une formation';
const HER_HOUSING_ACTION = 'Apporter ma dernière facture de loyer à Claire';
const CLAIRE_ACTION = 'Appeler le bailleur pour un plan de paiement';
const HER_HEALTH_ACTION = 'Prendre un rendez-vous chez le médecin';

/// A day `n` days from now, as a date input wants it.
const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function ok(page, endpoint, form = {}) {
  const r = await post(page, endpoint, form);
  assert.ok(r.status() < 400, `${endpoint} ${JSON.stringify(form)}: ${r.status()} ${await r.text()}`);
  const body = await r.text();
  try { return JSON.parse(body); } catch { return body; }
}

async function staffId(amina, name) {
  const { members } = await ok(amina, 'my_sharing');
  return String(members.find((m) => m.member.name === name).member.staff_id);
}

async function write(amina, field, value) {
  const { answers } = await ok(amina, 'my_demande');
  const version = String(answers.find((a) => a.field === field)?.version ?? 0);
  await ok(amina, 'save_answer', { field, value, version });
}

/// The animateur proposes three dates and chooses the first: the meeting's id.
async function scheduled(head, dossier) {
  const id = String(await ok(head, 'propose_dates', {
    dossier_id: dossier, place: PLACE, date0: `${day(20)}T14:00`, date1: `${day(21)}T14:00`, date2: `${day(22)}T14:00`,
  }));
  await ok(head, 'choose_date', { meeting_id: id, slot: '0' });
  return id;
}

const objectiveId = (view, kind, body) =>
  String(view.topics.find((t) => t.kind.toLowerCase() === kind).objectives.find((o) => o.body === body).id);

/// What a PDF says, as text (null when pdftotext is not on the machine).
function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'livret-pdf-'));
  try {
    const file = join(dir, 'livret.pdf');
    writeFileSync(file, bytes);
    const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    if (r.error?.code === 'ENOENT') return null;
    assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fetchPdf(page) {
  const href = await page.getByTestId('livret-pdf').getAttribute('href');
  const r = await page.request.get(href);
  assert.equal(r.status(), 200, `${href}: ${r.status()}`);
  assert.match(r.headers()['content-type'], /^application\/pdf/);
  const bytes = await r.body();
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  return pdfText(bytes);
}

async function noSideways(page, what) {
  const width = await page.evaluate(() => document.scrollingElement.scrollWidth);
  assert.ok(width <= PHONE.width + 2, `${what}: ${width} px wide on a ${PHONE.width} px phone (scrolls sideways)`);
}

test('her livret: written when the meeting closes, signed with her secret, copies only with her agreement, followed, reminded, and a bilan at the next meeting', { timeout: 240_000 }, async () => {
  const t0 = Date.now();
  // --- 1. Her first équipe meeting (set-up through server functions) ---
  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(amina);
  await write(amina, 'housing.hard', HOUSING_ANSWER);
  await write(amina, 'health.hard', HEALTH_ANSWER);
  await write(amina, 'work.hard', WORK_ANSWER);
  await ok(amina, 'send_demande');
  const { dossier_id: dossierNumber } = await ok(amina, 'my_demande');
  const dossier = String(dossierNumber);

  const head = await openPage(env.browser, env.server.url);
  await signInStaff(head, HEAD);
  const heads = await ok(head, 'list_animateurs');
  const headId = String(heads.find((h) => h.name === HEAD.name).id);
  await ok(head, 'decide_demande', { dossier_id: dossier, decision: 'validate', message: 'Votre demande est acceptée.', animateur: headId });
  // She lets the PMI nurse read santé; Claire reads housing, money and
  // family since her account was opened; the animateur reads nothing of
  // hers (and never santé, whatever she chooses).
  const ids = {
    claire: await staffId(amina, CLAIRE.name), karim: await staffId(amina, KARIM.name),
    nadia: await staffId(amina, NADIA.name), head: await staffId(amina, HEAD.name),
  };
  await ok(amina, 'save_consents', { staff_id: ids.nadia, health: 'on' });
  const nadia = await openPage(env.browser, env.server.url);
  await signInStaff(nadia, NADIA);

  const first = await scheduled(head, dossier);
  for (const kind of ['housing', 'health']) await ok(amina, 'set_topic', { meeting_id: first, kind, open: 'yes' });
  await ok(head, 'start_meeting', { meeting_id: first });
  // Each writes in the areas he reads: Claire in housing, the nurse in santé.
  const claire = await openPage(env.browser, env.server.url);
  await signInStaff(claire, CLAIRE);
  await ok(claire, 'add_objective', { meeting_id: first, kind: 'housing', body: HOUSING_OBJECTIVE });
  await ok(nadia, 'add_objective', { meeting_id: first, kind: 'health', body: HEALTH_OBJECTIVE });
  const housingObjective = objectiveId(await ok(claire, 'meeting', { meeting_id: first }), 'housing', HOUSING_OBJECTIVE);
  const healthObjective = objectiveId(await ok(nadia, 'meeting', { meeting_id: first }), 'health', HEALTH_OBJECTIVE);
  let view = await ok(head, 'meeting', { meeting_id: first });
  const her = String(view.person_id);
  for (const [writer, objective, what, who] of [[claire, housingObjective, HER_HOUSING_ACTION, her], [claire, housingObjective, CLAIRE_ACTION, ids.claire], [nadia, healthObjective, HER_HEALTH_ACTION, her]]) {
    await ok(writer, 'add_action', { meeting_id: first, objective_id: objective, what, who, due: day(2), means: '' });
  }
  await ok(head, 'propose_referent', { meeting_id: first, staff_id: ids.claire });
  view = await ok(head, 'meeting', { meeting_id: first });
  const proposal = String(view.proposals.find((p) => p.name === CLAIRE.name).id);
  await ok(amina, 'accept_referent', { meeting_id: first, proposal_id: proposal });
  await ok(claire, 'accept_referent', { meeting_id: first, proposal_id: proposal });
  await ok(head, 'set_review_date', { meeting_id: first, review: `${day(90)}T10:00` });
  await ok(head, 'close_meeting', { meeting_id: first });
  const tracked = (await ok(amina, 'my_livret')).tracked;
  const actionId = (what) => String(tracked.find((a) => a.what === what).id);
  const [herHousing, claires, herHealth] = [HER_HOUSING_ACTION, CLAIRE_ACTION, HER_HEALTH_ACTION].map(actionId);
  console.log(`  set-up: ${Date.now() - t0} ms`);

  // --- 5 (first half). The reminders run every second: Claire's action is
  // due in 2 days, she receives an e-mail with nothing of Amina in it.
  const reminder = await env.server.waitForMail((m) => m.to.includes(CLAIRE.email) && m.subject === 'Livret : un rappel', 15_000);
  for (const text of ['Amina', CLAIRE_ACTION, HER_HOUSING_ACTION, HER_HEALTH_ACTION, HOUSING_OBJECTIVE, 'ZQX']) {
    for (const part of ['raw', 'text', 'html']) assert.ok(!reminder[part].includes(text), `"${text}" is not in the reminder (${part})`);
  }
  assert.match(reminder.text, new RegExp(`https?://\\S+/dossier/${dossier}/livret`), 'a link to her livret, behind the sign-in');
  for (const m of env.server.mails().filter((m) => m.subject === 'Livret : un rappel')) {
    assert.ok(!m.raw.includes('Amina') && !m.raw.includes('ZQX'), `nothing of hers in the reminder to ${m.to}`);
  }

  // --- 2. Her home on her phone: what she does next comes first, her
  // livret waits for her signature, her reminders are there.
  await amina.goto('/');
  await hydrated(amina);
  const next = amina.getByTestId('next-steps');
  await next.getByTestId('to-sign').waitFor();
  const cards = await amina.locator('main .card:not([data-testid="notices"])').evaluateAll((els) => els.map((e) => e.dataset.testid ?? e.id ?? e.tagName));
  assert.deepEqual(cards.slice(0, 2), ['next-steps', 'home-referent'], `her home, in order: ${cards.join(', ')}`);
  const nextActions = await next.getByTestId('next-action').allTextContents();
  for (const what of [HER_HOUSING_ACTION, HER_HEALTH_ACTION]) assert.ok(nextActions.some((a) => a.includes(what)), `her next step: ${what}`);
  assert.ok(!nextActions.some((a) => a.includes(CLAIRE_ACTION)), "Claire's action is not among hers");
  await next.getByTestId('her-reminders').getByRole('listitem').first().waitFor();
  await amina.getByTestId('home-referent').getByText(CLAIRE.name).waitFor();
  await noSideways(amina, 'her home');
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on her home');

  // She opens her livret: version 1, not signed yet, in full.
  await next.getByRole('link', { name: 'Voir mon livret' }).click();
  await amina.waitForURL(/\/mon-livret$/);
  await amina.getByTestId('livret-version').filter({ hasText: 'Version 1.' }).waitFor();
  await hydrated(amina);
  // On her phone her livret comes with her home's light bundle, not the
  // whole application (app/src/light.rs): its forms post as without
  // JavaScript, and the page comes again with the answer.
  assert.deepEqual(await codeOf(amina), ['home'], "her livret: her home's light bundle");
  await amina.getByTestId('livret-unsigned').waitFor();
  const body = amina.getByTestId('livret-body');
  const objectives = await body.getByTestId('livret-objective').allTextContents();
  assert.equal(objectives.length, 2);
  assert.ok(objectives.some((o) => o.includes(HOUSING_OBJECTIVE)) && objectives.some((o) => o.includes(HEALTH_OBJECTIVE)));
  await body.getByTestId('livret-referent').getByText(CLAIRE.name).waitFor();
  await body.getByTestId('livret-review').waitFor();
  assert.ok((await body.getByTestId('team-member').count()) >= 3, 'her équipe');
  await body.getByTestId('livret-demande').getByText(HEALTH_ANSWER).waitFor();
  await amina.getByTestId('livret-changes').getByText("C'est la première version du livret.").waitFor();
  const v1Body = await body.innerText();
  await noSideways(amina, 'her livret');
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on her livret');

  // A wrong secret: a plain French error, still not signed.
  const sign = amina.getByTestId('sign');
  await sign.locator('#secret').fill('000000');
  await sign.getByRole('button', { name: 'Je signe' }).click();
  await sign.locator('#secret-error').filter({ hasText: /Ce code secret ne va pas/ }).waitFor();
  assert.equal(await sign.locator('#secret').getAttribute('aria-invalid'), 'true', 'the secret field is marked');
  assert.equal(await amina.getByTestId('livret-unsigned').count(), 1, 'still not signed');
  assert.equal(await amina.getByTestId('livret-signed').count(), 0);
  await noSideways(amina, 'her livret with the error');
  // Her real secret: signed.
  await sign.locator('#secret').fill(DEMO.person.secret);
  await sign.getByRole('button', { name: 'Je signe' }).click();
  await amina.getByTestId('livret-signed').waitFor();
  assert.equal(await amina.getByTestId('sign').count(), 0, 'nothing more to sign');
  assert.equal(await body.innerText(), v1Body, 'signing changes nothing of what she read');
  // Her own PDF has everything, santé included.
  const herPdf = await fetchPdf(amina);
  if (herPdf !== null) {
    for (const text of [HOUSING_OBJECTIVE, HEALTH_OBJECTIVE, marker('health.hard')]) assert.ok(herPdf.includes(text), `her PDF: ${text}`);
  } else {
    console.log('  pdftotext is not on this machine: the PDF text is not checked');
  }

  // --- 3. She gives Claire a copy; Claire reads only what she shares with her.
  const copy = amina.locator(`[data-testid="copy-choice"][data-staff="${ids.claire}"]`);
  await copy.getByRole('button', { name: `Donner une copie : ${CLAIRE.name}` }).click();
  await amina.locator(`[data-testid="copy-choice"][data-staff="${ids.claire}"][data-granted="true"]`)
    .getByRole('button', { name: `Reprendre la copie : ${CLAIRE.name}` }).waitFor();
  assert.equal(await amina.locator(`[data-testid="copy-choice"][data-staff="${ids.karim}"][data-granted="true"]`).count(), 0, 'Karim: no copy');

  await claire.goto(`/dossier/${dossier}/livret`);
  await claire.getByTestId('partial-copy').waitFor();
  await hydrated(claire);
  const claireBody = claire.getByTestId('livret-body');
  await claireBody.getByTestId('livret-objective').filter({ hasText: HOUSING_OBJECTIVE }).waitFor();
  await claire.getByTestId('hidden-kinds').getByText('Santé', { exact: true }).waitFor();
  await claire.getByTestId('livret-signed').waitFor();
  const claireHtml = await claire.content();
  for (const text of [HEALTH_OBJECTIVE, HER_HEALTH_ACTION, marker('health.hard'), WORK_ANSWER]) {
    assert.ok(!claireHtml.includes(text), `"${text}" is not in Claire's copy`);
  }
  assert.ok(claireHtml.includes(marker('housing.hard')), 'her housing answer is in it');
  assert.deepEqual(await seriousViolations(claire), [], "axe-core on Claire's copy");
  assert.deepEqual(await claire.locator('main a[aria-current]').evaluateAll((els) => els.map((e) => e.getAttribute('href'))),
    [`/dossier/${dossier}/livret?version=1`], 'only the version shown is the current page');
  const clairePdf = await fetchPdf(claire);
  if (clairePdf !== null) {
    assert.ok(clairePdf.includes(HOUSING_OBJECTIVE), "Claire's PDF: the housing objective");
    for (const text of [HEALTH_OBJECTIVE, marker('health.hard'), HER_HEALTH_ACTION]) assert.ok(!clairePdf.includes(text), `not in Claire's PDF: ${text}`);
  }
  // Karim has no copy: he sees the follow-up of what she shares with him only.
  const karim = await openPage(env.browser, env.server.url);
  await signInStaff(karim, KARIM);
  await karim.goto(`/dossier/${dossier}/livret`);
  await karim.getByTestId('no-copy').waitFor();
  await hydrated(karim);
  assert.equal(await karim.getByTestId('livret-body').count(), 0);
  const karimHtml = await karim.content();
  for (const text of [HOUSING_OBJECTIVE, HEALTH_OBJECTIVE, marker('health.hard'), marker('housing.hard')]) {
    assert.ok(!karimHtml.includes(text), `"${text}" is not on Karim's page`);
  }
  karim.expectErrorStatus(`/pdf/livret/${dossier}/1`);
  assert.equal((await karim.request.get(`/pdf/livret/${dossier}/1`)).status(), 404, 'and no PDF for him');

  // --- 4. Following the actions. She marks hers done on her phone.
  const herRow = amina.locator(`[data-testid="tracked"][data-action="${herHousing}"]`);
  await herRow.locator('select[name="state"]').selectOption('done');
  await herRow.getByRole('button', { name: 'Changer' }).click();
  await amina.locator(`[data-testid="tracked"][data-action="${herHousing}"][data-state="done"]`).waitFor();
  await noSideways(amina, 'her livret, followed');
  // She says how the meeting went.
  const debrief = amina.getByTestId('debrief');
  await debrief.getByRole('group', { name: "Je me suis senti à l'aise" }).getByLabel('Assez').check();
  await debrief.getByRole('group', { name: "J'ai compris ce qui a été dit" }).getByLabel('Tout à fait').check();
  await debrief.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await debrief.getByText("C'est enregistré. Merci.").waitFor();

  // Claire moves hers; her page shows only the actions of the areas she reads.
  await claire.reload();
  await hydrated(claire);
  const tracking = claire.getByTestId('tracking');
  await tracking.locator(`[data-testid="tracked"][data-action="${herHousing}"][data-state="done"]`).waitFor();
  assert.equal(await tracking.locator(`[data-action="${herHealth}"]`).count(), 0, 'her santé action is not in Claire\'s follow-up');
  assert.equal(await tracking.locator(`[data-action="${herHousing}"] select`).count(), 0, "Claire may not move Amina's action");
  const claireRow = tracking.locator(`[data-testid="tracked"][data-action="${claires}"]`);
  await claireRow.locator('select[name="state"]').selectOption('doing');
  await claireRow.getByRole('button', { name: 'Changer' }).click();
  await tracking.locator(`[data-testid="tracked"][data-action="${claires}"][data-state="doing"]`).waitFor();
  // Through the server function too, she cannot move Amina's action.
  const refused = await post(claire, 'set_action_state', { action_id: herHousing, state: 'todo', reason: '' });
  assert.equal(refused.status(), 422, await refused.text());
  const after = (await ok(amina, 'my_livret')).tracked;
  assert.equal(after.find((a) => String(a.id) === herHousing).state, 'Done', 'unchanged');
  assert.equal(after.find((a) => String(a.id) === claires).state, 'Doing');

  // --- 5 (second half). Claire's home lists her reminder.
  await claire.goto('/pro');
  await claire.getByTestId('staff-reminders').getByRole('link', { name: 'Amina' }).waitFor();
  await hydrated(claire);

  // --- 6. The second meeting: every objective of before gets its bilan.
  // She will talk about work with Claire: she shares it with her.
  await ok(amina, 'save_consents', { staff_id: ids.claire, housing: 'on', money: 'on', family: 'on', work: 'on' });
  const second = await scheduled(head, dossier);
  for (const kind of ['housing', 'health', 'work']) await ok(amina, 'set_topic', { meeting_id: second, kind, open: 'yes' });
  await ok(head, 'start_meeting', { meeting_id: second });
  await head.goto(`/reunion/${second}`);
  await head.getByTestId('screen-stage').filter({ hasText: 'La réunion a commencé.' }).waitFor();
  await hydrated(head);
  // The animateur's screen is the one projected in the room: it shows an
  // area only if everyone present may read it (here none). Claire and the
  // nurse follow on their own screens, each with the areas she reads.
  for (const p of [claire, nadia]) {
    await p.goto(`/reunion/${second}`);
    await hydrated(p);
  }
  const section = (p, kind) => p.getByTestId('screen-topics').locator(`section[data-kind="${kind}"]`);
  await section(claire, 'housing').locator('[data-testid="objective"][data-carried="true"]').filter({ hasText: HOUSING_OBJECTIVE }).waitFor();
  await section(nadia, 'health').locator('[data-testid="objective"][data-carried="true"]').filter({ hasText: HEALTH_OBJECTIVE }).waitFor();
  assert.equal(await section(claire, 'health').count(), 0, "no santé on Claire's screen");
  assert.equal(await head.getByTestId('screen-topics').locator('section').count(), 0, "nothing of hers on the animateur's screen");
  // Closing first is refused: the bilans are missing.
  await head.getByRole('button', { name: 'Clore la réunion' }).click();
  await head.getByRole('alert').filter({ hasText: "Faites le bilan de chaque objectif d'avant" }).waitFor();
  await head.getByTestId('screen-stage').filter({ hasText: 'La réunion a commencé.' }).waitFor();
  for (const [p, kind, bilan, label] of [[claire, 'housing', 'reached', 'Atteint'], [nadia, 'health', 'ongoing', 'En cours']]) {
    const form = section(p, kind).getByTestId('bilan-form');
    await form.locator('select[name="bilan"]').selectOption(bilan);
    await form.getByRole('button', { name: 'Enregistrer le bilan' }).click();
    await section(p, kind).getByTestId('objective-bilan').filter({ hasText: label }).waitFor();
  }
  // A new objective, in work, written by Claire.
  const work = section(claire, 'work');
  await work.getByText('Écrire').click();
  await work.getByLabel('Objectif convenu').fill(WORK_OBJECTIVE);
  await work.getByRole('button', { name: "Ajouter l'objectif" }).click();
  await work.getByTestId('objective').filter({ hasText: WORK_OBJECTIVE }).waitFor();
  await head.getByRole('button', { name: 'Clore la réunion' }).click();
  await head.getByTestId('screen-stage').filter({ hasText: 'La réunion est finie.' }).waitFor();

  // --- 7. Version 2 on her phone: what changed, and she signs it.
  await amina.goto('/mon-livret');
  await amina.getByTestId('livret-version').filter({ hasText: 'Version 2.' }).waitFor();
  await hydrated(amina);
  await amina.getByTestId('livret-unsigned').waitFor();
  const changes = amina.getByTestId('livret-changes');
  await changes.getByText(`Nouvel objectif : ${WORK_OBJECTIVE}.`, { exact: true }).waitFor();
  await changes.getByText(`Bilan de l'objectif « ${HOUSING_OBJECTIVE} » : Atteint.`, { exact: true }).waitFor();
  await changes.getByText(`Bilan de l'objectif « ${HEALTH_OBJECTIVE} » : En cours.`, { exact: true }).waitFor();
  await body.getByTestId('livret-objective').filter({ hasText: WORK_OBJECTIVE }).waitFor();
  await body.getByTestId('objective-bilan').filter({ hasText: 'Atteint' }).waitFor();
  await noSideways(amina, 'her livret, version 2');
  // She first says no, and why; she may still sign later.
  await sign.getByText('Je ne veux pas signer').click();
  await sign.locator('#refusal').fill('Je veux relire avec Claire.');
  await sign.getByRole('button', { name: 'Je ne signe pas' }).click();
  await amina.getByTestId('livret-refused').waitFor();
  await amina.getByText('Votre raison : Je veux relire avec Claire.').waitFor();
  await noSideways(amina, 'her livret, refused');
  await sign.locator('#secret').fill(DEMO.person.secret);
  await sign.getByRole('button', { name: 'Je signe' }).click();
  await amina.getByTestId('livret-signed').waitFor();
  // Version 1, from the list of versions: still signed, as it was.
  await amina.getByTestId('versions').getByRole('link', { name: /^Version 1,/ }).click();
  await amina.waitForURL(/\/mon-livret\?version=1$/);
  await amina.getByTestId('livret-version').filter({ hasText: 'Version 1.' }).waitFor();
  await amina.getByTestId('livret-signed').waitFor();
  assert.equal(await amina.getByTestId('sign').count(), 0, 'an old version is not signed again');
  assert.deepEqual(await amina.getByTestId('versions').locator('a[aria-current="page"]').evaluateAll((els) => els.map((e) => e.getAttribute('href'))),
    ['/mon-livret?version=1'], 'the version shown, and only it, is the current page');
  const v1Objectives = await body.getByTestId('livret-objective').allTextContents();
  assert.equal(v1Objectives.length, 2);
  assert.ok(!v1Objectives.some((o) => o.includes(WORK_OBJECTIVE)));
  assert.equal(await body.innerText(), v1Body, 'version 1 is unchanged');
  // And loaded afresh by its address.
  await amina.goto('/mon-livret?version=1');
  await amina.getByTestId('livret-signed').waitFor();
  assert.equal(await body.innerText(), v1Body, 'version 1 is unchanged, loaded afresh');
  await hydrated(amina);

  // Nothing left to sign on her home.
  await amina.goto('/');
  await amina.getByTestId('next-steps').waitFor();
  await hydrated(amina);
  assert.equal(await amina.getByTestId('to-sign').count(), 0, 'nothing to sign any more');
  // One reminder per action and deadline, however often the server looks.
  const reminders = env.server.mails().filter((m) => m.subject === 'Livret : un rappel' && m.to.includes(CLAIRE.email));
  assert.equal(reminders.length, 1, `one reminder for Claire's action, not ${reminders.length}`);

  for (const p of [amina, head, claire, karim, nadia]) {
    p.assertClean();
    await p.closeAll();
  }
  console.log(`  the whole path: ${Date.now() - t0} ms`);
});
