// Sign-in in the browser: the person's first sign-in with her paper code,
// signing out and back in, professionals, wrong passwords, a phone screen,
// and the same forms with JavaScript turned off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, backOnePage, signInPerson, signInStaff, waitOrExplain } from './harness.js';

const env = serverAndBrowser(before, after);

test('a person signs in with her paper code, chooses her secret, signs out and back in, on a phone', async () => {
  // A professional opens her account and reads the sheet.
  const pro = await openPage(env.browser, env.server.url);
  await signInStaff(pro);
  await pro.getByRole('heading', { name: 'Les personnes que vous accompagnez', level: 1 }).waitFor();
  await pro.getByLabel('Prénom ou nom choisi par la personne').fill('Mariam');
  await pro.getByRole('button', { name: 'Créer le compte et la feuille' }).click();
  const login = (await pro.getByTestId('sheet-login').textContent()).trim();
  const code = (await pro.getByTestId('sheet-code').textContent()).trim();
  assert.match(login, /^mariam-\d{4}$/);
  assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await pro.getByRole('cell', { name: login }).waitFor();
  pro.assertClean();
  await pro.closeAll();

  // She uses it on her phone.
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE, hasTouch: true, isMobile: true });
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('link', { name: "C'est ma première fois. J'ai un code sur papier." }).click();
  await page.getByLabel('Votre identifiant ou votre adresse e-mail').fill(login);
  await page.getByLabel('Le code écrit sur la feuille').fill(code.toLowerCase().replaceAll('-', ' '));
  await page.getByLabel('Choisissez votre code secret').fill('731946');
  await page.getByLabel('Écrivez encore votre code secret').fill('731946');
  await page.getByRole('button', { name: 'Enregistrer mon code secret' }).click();
  await page.getByRole('heading', { name: 'Bonjour Mariam.' }).waitFor();
  assert.equal(await page.getByTestId('my-identifier').textContent(), login);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `no sideways scrolling on a phone (page is ${width} px wide)`);

  await page.getByRole('button', { name: "J'ai fini" }).click();
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor();

  await page.getByRole('link', { name: "J'ai déjà mon identifiant" }).click();
  await page.getByLabel('Votre identifiant').fill(login);
  await page.getByLabel('Votre code secret').fill('731946');
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('heading', { name: 'Bonjour Mariam.' }).waitFor();
  page.assertClean();
  await page.closeAll();
});

test('a professional signs in; a wrong password gets a plain message and keeps what was typed', async () => {
  const page = await openPage(env.browser, env.server.url);
  await page.goto('/pro/connexion');
  await hydrated(page);
  await page.getByLabel('Adresse e-mail').fill(DEMO.pro.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('alert').filter({ hasText: "L'adresse e-mail ou le mot de passe ne va pas." }).waitFor();
  assert.equal(await page.getByLabel('Adresse e-mail').inputValue(), DEMO.pro.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO.pro.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Les personnes que vous accompagnez', level: 1 }).waitFor();
  await page.getByRole('cell', { name: 'amina-2841' }).waitFor();
  page.assertClean();
  await page.closeAll();
});

test('an input error is shown beside its field', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await page.goto('/premiere-connexion');
  await hydrated(page);
  await page.getByLabel('Votre identifiant ou votre adresse e-mail').fill(DEMO.person.identifier);
  await page.getByLabel('Le code écrit sur la feuille').fill('ABCD-EFGH-JKMN');
  await page.getByLabel('Choisissez votre code secret').fill('123456');
  await page.getByLabel('Écrivez encore votre code secret').fill('123456');
  await page.getByRole('button', { name: 'Enregistrer mon code secret' }).click();
  const secret = page.getByLabel('Choisissez votre code secret');
  await page.getByText('Ce code est trop facile à deviner. Choisissez d\'autres chiffres.').waitFor();
  assert.equal(await secret.getAttribute('aria-invalid'), 'true');
  assert.match(await secret.getAttribute('aria-describedby'), /secret-error/);
  assert.equal(await page.getByLabel('Votre identifiant ou votre adresse e-mail').inputValue(), DEMO.person.identifier, 'nothing typed is lost');
  page.assertClean();
  await page.closeAll();
});

test('in the whole application, each "Montrer le code" shows its own field only', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await page.goto('/premiere-connexion');
  await hydrated(page);
  const first = page.getByLabel('Choisissez votre code secret');
  const second = page.getByLabel('Écrivez encore votre code secret');
  await first.fill('731946');
  await second.fill('731946');
  const buttons = page.getByRole('button', { name: 'Montrer le code' });
  assert.equal(await buttons.count(), 2);
  assert.equal(await buttons.nth(1).getAttribute('aria-controls'), await second.getAttribute('id'), 'each button names its field');
  await buttons.nth(1).click();
  assert.equal(await second.getAttribute('type'), 'text');
  assert.equal(await first.getAttribute('type'), 'password', 'the other one stays hidden');
  await page.getByRole('button', { name: 'Cacher le code' }).click();
  assert.equal(await second.getAttribute('type'), 'password');
  page.assertClean();
  await page.closeAll();
});

test('the WebAssembly hydrates the page: the show-secret button works', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await page.goto('/connexion');
  await hydrated(page);
  const secret = page.getByLabel('Votre code secret');
  await secret.fill('482913');
  assert.equal(await secret.getAttribute('type'), 'password');
  await page.getByRole('button', { name: 'Montrer le code' }).click();
  assert.equal(await secret.getAttribute('type'), 'text');
  await page.getByRole('button', { name: 'Cacher le code' }).click();
  assert.equal(await secret.getAttribute('type'), 'password');
  page.assertClean();
  await page.closeAll();
});

test('without JavaScript, a person and a professional sign in and see plain errors', async () => {
  const page = await openPage(env.browser, env.server.url, { javaScriptEnabled: false, viewport: PHONE });
  await page.goto('/connexion');
  await page.getByLabel('Votre identifiant').fill(DEMO.person.identifier);
  await page.getByLabel('Votre code secret').fill('000001');
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('alert').filter({ hasText: "L'identifiant ou le code secret ne va pas." }).waitFor();
  assert.equal(await page.getByLabel('Votre identifiant').inputValue(), DEMO.person.identifier, 'what she typed is still there');
  assert.equal(await page.getByLabel('Votre code secret').inputValue(), '', 'never her secret');
  await page.reload();
  assert.equal(await page.getByLabel('Votre identifiant').inputValue(), '', 'kept for that page only');
  await page.getByLabel('Votre code secret').fill(DEMO.person.secret);
  await page.getByLabel('Votre identifiant').fill(DEMO.person.identifier);
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByRole('heading', { name: 'Bonjour Amina.' }).waitFor();
  await page.getByRole('button', { name: "J'ai fini" }).click();
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor();

  await page.goto('/pro/connexion');
  await page.getByLabel('Adresse e-mail').fill(DEMO.head.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO.head.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: /Les personnes suivies par votre MDS/, level: 1 }).waitFor();
  page.assertClean();
  await page.closeAll();
});

test('after signing out, going back shows nothing of the person', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(page);
  await page.getByRole('button', { name: "J'ai fini" }).click();
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor();
  // Back to every earlier page, each reloaded: none shows her.
  for (let i = 0; i < 5 && (await backOnePage(page)); i++) {
    await page.reload();
    await hydrated(page);
    await page.locator('h1').first().waitFor();
    assert.equal(await page.getByText('Bonjour Amina.').count(), 0, `nothing of her at ${page.url()}`);
    assert.equal(await page.getByText(DEMO.person.identifier).count(), 0);
  }
  // The storage of the site, read from one of its pages.
  await page.goto('/');
  await hydrated(page);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.equal(stored, '{}{}');
  page.assertClean();
  await page.closeAll();
});

test('Back pressed while the page is still starting shows the page of the new address, without error', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(page);
  // A slow network: the WebAssembly of the next page arrives late, so
  // Back comes before the page has started (a race the fast test machine
  // otherwise meets only now and then).
  await page.route('**/*.wasm', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.getByRole('button', { name: "J'ai fini" }).click();
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor();
  assert.equal(await page.locator('body[data-hydrated="true"]').count(), 0, 'Back comes before the page started');
  // "J'ai fini" posts its form (no code for it on her light pages): Back
  // returns to the address where she pressed it, her home's, which the
  // server now answers with the welcome page.
  await page.goBack();
  await hydrated(page);
  assert.match(page.url(), /\/$/);
  await page.getByRole('link', { name: "J'ai déjà mon identifiant" }).waitFor();
  assert.equal(await page.getByText('Bonjour Amina.').count(), 0);
  page.assertClean();
  await page.closeAll();
});

test('without JavaScript, a professional opens an account and gets the sheet to print', async () => {
  const page = await openPage(env.browser, env.server.url, { javaScriptEnabled: false });
  await page.goto('/pro/connexion');
  await page.getByLabel('Adresse e-mail').fill(DEMO.pro.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO.pro.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByLabel('Prénom ou nom choisi par la personne').fill('Yasmine');
  await page.getByRole('button', { name: 'Créer le compte et la feuille' }).click();
  await waitOrExplain(page, page.getByTestId('sheet-login'), { timeout: 5_000 });
  assert.match((await page.getByTestId('sheet-login').textContent()).trim(), /^yasmine-\d{4}$/);
  assert.match((await page.getByTestId('sheet-code').textContent()).trim(), /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await page.reload();
  assert.equal(await page.getByTestId('sheet-code').count(), 0, 'the code is shown once');
  await page.getByRole('cell', { name: /^yasmine-\d{4}$/ }).waitFor();
  page.assertClean();
  await page.closeAll();
});

test("a professional's home fetches the code of the pages she opens next while she reads it", async () => {
  for (const [who, chunks] of [[DEMO.pro, ['dossier_route']], [DEMO.head, ['review_route', 'dossier_route']]]) {
    const page = await openPage(env.browser, env.server.url);
    const fetched = [];
    page.on('request', (r) => { if (/\/split_[^/]*\.wasm$/.test(r.url())) fetched.push(r.url()); });
    await signInStaff(page, who);
    await hydrated(page);
    for (const chunk of chunks) {
      const deadline = Date.now() + 10_000;
      while (!fetched.some((u) => u.includes(chunk)) && Date.now() < deadline) await page.waitForTimeout(100);
      assert.ok(fetched.some((u) => u.includes(chunk)), `${who.email}: ${chunk} fetched before it is opened (${fetched.join(', ')})`);
    }
    page.assertClean();
    await page.closeAll();
  }
});
