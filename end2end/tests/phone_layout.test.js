// Her sharing pages on a 360 px phone: "Qui voit quoi" fits the screen
// (one card per professional, the table kept for print and wide screens),
// each box of "Qui voit mes informations" keeps its label beside it, and
// the sentences name the professional ("Karim Haddad ne le verra pas", not
// "Elle ne le verra pas" for a man).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, serverAndBrowser, openPage, hydrated, signInPerson, seriousViolations } from './harness.js';
import { post } from './markers.js';

const env = serverAndBrowser(before, after);

/// How wide the page is, all of it: wider than the screen means she has to
/// scroll sideways.
const pageWidth = (page) => page.evaluate(() => document.scrollingElement.scrollWidth);

test('"Qui voit quoi" at 360 px: no sideways scroll, a card per professional; the table on paper', async () => {
  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(amina);
  const members = (await (await post(amina, 'my_sharing')).json()).members.map((m) => m.member.name);
  assert.ok(members.includes('Karim Haddad'), `the demo équipe: ${members}`);

  await amina.goto('/qui-voit-quoi');
  await amina.getByTestId('who-sees-card').first().waitFor();
  await hydrated(amina);
  assert.ok(await pageWidth(amina) <= PHONE.width, `page width ${await pageWidth(amina)} px on a ${PHONE.width} px screen`);
  assert.equal(await amina.getByTestId('who-sees').isVisible(), false, 'no table on the phone');
  const cards = amina.getByTestId('who-sees-card');
  assert.equal(await cards.count(), members.length, 'one card per professional');
  for (const name of members) {
    const card = cards.filter({ has: amina.getByRole('heading', { name, level: 2 }) });
    assert.equal(await card.count(), 1, `a card titled ${name}`);
    assert.ok(await card.isVisible());
    const box = await card.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${name}'s card within the screen: ${JSON.stringify(box)}`);
    // What he sees and what he does not, each under a title that says so.
    await card.getByRole('heading', { name: `Ce que voit ${name}`, level: 3 }).waitFor();
    await card.getByRole('heading', { name: `Ce que ${name} ne voit pas`, level: 3 }).waitFor();
    const kinds = await card.locator('[data-kind]').count();
    assert.equal(kinds, 11, `${name}: each of the 11 subjects in one list or the other`);
  }
  // Karim: his function and institution under his name; nothing shared
  // with him in the demo.
  const karim = cards.filter({ has: amina.getByRole('heading', { name: 'Karim Haddad', level: 2 }) });
  const karimIs = await karim.locator('.who-is').allTextContents();
  assert.equal(karimIs.length, 2, `function and institution: ${karimIs}`);
  assert.ok(karimIs.every((line) => line.includes('CAF')), `${karimIs}`);
  assert.equal(await karim.getByTestId('sees').count(), 0);
  await karim.getByText('Aucun sujet.').waitFor();
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on qui voit quoi, phone');

  // On paper, the table, and not the cards.
  await amina.emulateMedia({ media: 'print' });
  assert.equal(await amina.getByTestId('who-sees').isVisible(), true, 'the table is printed');
  assert.equal(await cards.first().isVisible(), false, 'the cards are not printed');
  await amina.emulateMedia({ media: 'screen' });
  amina.assertClean();
  await amina.closeAll();
});

test('"Qui voit mes informations" at 360 px: every box on the line of its label, and the sentences name the professional', async () => {
  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(amina);
  const iconFiles = [];
  amina.on('request', (r) => { if (r.url().includes('/icons/')) iconFiles.push(r.url()); });
  await amina.goto('/partage');
  await amina.getByTestId('member').first().waitFor();
  await hydrated(amina);
  assert.ok(await pageWidth(amina) <= PHONE.width, `page width ${await pageWidth(amina)} px`);
  // Her pictograms come inside the page (no request each on a slow
  // network), and every one is drawn.
  const pictures = await amina.locator('main img, header img').evaluateAll((imgs) => imgs.map((i) => ({ src: i.src.slice(0, 40), drawn: i.complete && i.naturalWidth > 0 })));
  assert.ok(pictures.length >= 12, `pictograms on the page: ${pictures.length}`);
  assert.deepEqual(pictures.filter((p) => !p.drawn), [], 'every pictogram is drawn');
  assert.deepEqual(iconFiles, [], 'no pictogram fetched as a file');

  const pairs = await amina.locator('.check').evaluateAll((checks) => checks.map((c) => {
    const box = c.querySelector('input[type="checkbox"]').getBoundingClientRect();
    const label = c.querySelector('label').getBoundingClientRect();
    return { text: c.querySelector('label').textContent.trim(), box: [box.top, box.bottom, box.right], label: [label.top, label.bottom, label.left] };
  }));
  assert.ok(pairs.length >= 33, `3 members × 11 subjects: ${pairs.length}`);
  for (const { text, box, label } of pairs) {
    // The same line: the two boxes overlap vertically, the label to the right.
    assert.ok(label[0] < box[1] && box[0] < label[1], `${text}: box ${box} and label ${label} on one line`);
    assert.ok(label[2] >= box[2], `${text}: the label beside its box`);
  }
  const family = pairs.find((p) => p.text === 'Enfants et vie de famille');
  assert.ok(family, 'the label of the issue is there');

  // Karim Haddad, a man: named, not "Elle".
  const karim = amina.getByTestId('member').filter({ hasText: 'Karim Haddad' });
  await karim.getByText('Pas utile pour son travail. Karim Haddad ne le verra pas.').first().waitFor();
  const body = await amina.locator('main').innerText();
  assert.ok(!/\bElle ne le verra pas\b/.test(body) && !/\bIl ne le verra pas\b/.test(body), 'no gendered "Elle/Il ne le verra pas"');
  assert.deepEqual(await seriousViolations(amina), [], 'axe-core on the consent page, phone');

  // "Voir comme Karim Haddad": the reasons name him too.
  await amina.goto('/qui-voit-quoi');
  await hydrated(amina);
  await amina.getByRole('link', { name: 'Voir comme Karim Haddad' }).click();
  await amina.getByRole('heading', { name: 'Ce que Karim Haddad ne voit pas' }).waitFor();
  await amina.getByTestId('hidden').getByText('Karim Haddad ne le voit pas.').first().waitFor();
  assert.ok(!/\bElle ne le voit\b/.test(await amina.locator('main').innerText()));
  amina.assertClean();
  await amina.closeAll();
});
