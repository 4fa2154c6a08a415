// Easy to read and accessible: axe-core on every page, the "Écouter"
// button, bigger text, the glossary, narrow screens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, signInPerson, signInStaff, seriousViolations } from './harness.js';

const env = serverAndBrowser(before, after);

async function checkAxe(page, label, checked) {
  await hydrated(page);
  const found = await seriousViolations(page);
  assert.deepEqual(found, [], `axe-core on ${label}`);
  checked.push(label);
}

test('axe-core finds no serious or critical violation on any page', async () => {
  const checked = [];
  const page = await openPage(env.browser, env.server.url, { bypassCSP: true, viewport: PHONE });
  for (const path of ['/', '/connexion', '/pro/connexion', '/premiere-connexion', '/glossaire']) {
    await page.goto(path);
    await checkAxe(page, `${path} (visitor)`, checked);
  }
  page.expectErrorStatus('/nulle-part');
  await page.goto('/nulle-part');
  await checkAxe(page, '/nulle-part (page not found)', checked);
  await page.goto('/connexion');
  await hydrated(page);
  await page.getByLabel('Votre identifiant').fill('amina-2841');
  await page.getByRole('button', { name: 'Me connecter' }).click();
  await page.getByText('Ce champ est vide. Écrivez votre réponse.').waitFor();
  await checkAxe(page, '/connexion with an error', checked);

  await signInPerson(page);
  await checkAxe(page, '/ (person home)', checked);
  for (const path of ['/demande/1', '/demande/2', '/demande/17']) {
    await page.goto(path);
    await checkAxe(page, `${path} (person's demande)`, checked);
  }
  await page.goto('/');
  await page.getByRole('button', { name: 'MDS' }).first().click();
  await page.getByRole('note').first().waitFor();
  await checkAxe(page, '/ (person home, glossary popover open)', checked);
  await page.getByRole('button', { name: "J'ai fini" }).click();
  await page.getByRole('heading', { name: 'Bienvenue dans Livret' }).waitFor();

  for (const [who, label] of [[DEMO.pro, 'professional'], [DEMO.head, 'MDS head'], [DEMO.admin, 'administrator']]) {
    const staff = await openPage(env.browser, env.server.url, { bypassCSP: true });
    await signInStaff(staff, who);
    await checkAxe(staff, `/ (${label} home)`, checked);
    if (who === DEMO.pro) {
      await staff.getByLabel('Prénom ou nom choisi par la personne').fill('Nora');
      await staff.getByRole('button', { name: 'Créer le compte et la feuille' }).click();
      await staff.getByTestId('sheet-code').waitFor();
      await checkAxe(staff, '/ (professional home with a printed sheet)', checked);
    }
    staff.assertClean();
    await staff.closeAll();
  }
  page.assertClean();
  await page.closeAll();
  console.log(`pages checked with axe-core: ${checked.join('; ')}`);
});

// A recording speech synthesis: headless Chromium has no voice, so the
// tests check what the page asked the browser to read, and with which
// voice. The browser offers `voices`; with `late`, none until the test
// calls window.__offerVoices() (voices load in the background).
async function recordSpeech(page, voices, { late = false } = {}) {
  await page.addInitScript(({ voices, late }) => {
    window.__spoken = [];
    window.__highlighted = [];
    let offered = !late;
    window.__offerVoices = () => { offered = true; };
    class Utterance {
      constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.onstart = null; this.onend = null; }
    }
    const queue = [];
    const synth = {
      paused: false,
      getVoices: () => (offered ? voices : []),
      speak(u) {
        window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name });
        queue.push(u);
        if (queue.length === 1) setTimeout(run, 0);
      },
      cancel() { queue.length = 0; },
      pause() { this.paused = true; },
      resume() { this.paused = false; },
    };
    function run() {
      const u = queue[0];
      if (!u) return;
      if (synth.paused) { setTimeout(run, 50); return; }
      u.onstart && u.onstart();
      const el = document.querySelector('.reading');
      window.__highlighted.push(el ? el.textContent.trim() : null);
      setTimeout(() => { queue.shift(); u.onend && u.onend(); run(); }, 30);
    }
    window.SpeechSynthesisUtterance = Utterance;
    Object.defineProperty(window, 'speechSynthesis', { value: synth });
  }, { voices, late });
}

// Voices as browsers offer them: `localService` false is a voice that reads
// on another company's servers, such as Chrome's "Google français".
const LOCAL_FRENCH = { lang: 'fr-FR', name: 'Amélie', localService: true };
const NETWORK_FRENCH = { lang: 'fr-FR', name: 'Google français', localService: false };
const LOCAL_ENGLISH = { lang: 'en-GB', name: 'English', localService: true };
const NO_LOCAL_VOICE = 'Sa voix envoie le texte à une autre entreprise.';

test('"Écouter" reads the page in French, sentence by sentence, highlighting what is read', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await recordSpeech(page, [LOCAL_ENGLISH, { ...LOCAL_FRENCH, name: 'Française' }]);
  await page.goto('/connexion');
  await hydrated(page);
  await page.getByRole('button', { name: 'Écouter' }).click();
  await page.getByRole('button', { name: 'Écouter' }).waitFor();
  const spoken = await page.evaluate(() => window.__spoken);
  assert.equal(spoken[0].text, 'Me connecter', 'the title first');
  assert.ok(spoken.every((s) => s.lang === 'fr-FR' && s.voice === 'Française'), 'a French voice');
  assert.ok(spoken.some((s) => s.text === 'Il est écrit sur votre feuille'), 'sentence by sentence');
  assert.ok(!spoken.some((s) => s.text.includes('Texte plus grand')), 'only the main content');
  const highlighted = await page.evaluate(() => window.__highlighted);
  assert.equal(highlighted[0], 'Me connecter', 'the part being read is highlighted');
  assert.equal(await page.locator('.reading').count(), 0, 'no highlight left at the end');
  page.assertClean();
  await page.closeAll();
});

test('"Écouter" says plainly when the device cannot read aloud', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await page.goto('/');
  await hydrated(page);
  const french = await page.evaluate(() => speechSynthesis.getVoices()
    .filter((v) => /^fr/i.test(v.lang)).map((v) => v.localService));
  await page.getByRole('button', { name: 'Écouter' }).click();
  if (french.includes(true)) {
    await page.getByRole('button', { name: 'Arrêter' }).click();
  } else if (french.length) {
    await page.getByRole('status').filter({ hasText: NO_LOCAL_VOICE }).waitFor();
  } else {
    await page.getByRole('status').filter({ hasText: 'La lecture à voix haute ne marche pas sur cet appareil.' }).waitFor();
  }
  page.assertClean();
  await page.closeAll();
});

test('"Écouter" never reads with a voice that sends the text away, nor with a voice of another language', async () => {
  for (const voices of [[NETWORK_FRENCH], [NETWORK_FRENCH, LOCAL_ENGLISH]]) {
    const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
    await recordSpeech(page, voices);
    await page.goto('/connexion');
    await hydrated(page);
    await page.getByRole('button', { name: 'Écouter' }).click();
    await page.getByRole('status').filter({ hasText: NO_LOCAL_VOICE }).waitFor();
    assert.deepEqual(await page.evaluate(() => window.__spoken), [], `nothing spoken with ${voices.map((v) => v.name)}`);
    assert.equal(await page.getByRole('button', { name: 'Arrêter' }).count(), 0, 'no reading started');
    page.assertClean();
    await page.closeAll();
  }
});

test('"Écouter" reads with the voice of the device when a network voice is offered too, even if voices come late', async () => {
  for (const late of [false, true]) {
    const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
    await recordSpeech(page, [NETWORK_FRENCH, LOCAL_ENGLISH, LOCAL_FRENCH], { late });
    await page.goto('/connexion');
    await hydrated(page);
    await page.getByRole('button', { name: 'Écouter' }).click();
    if (late) await page.evaluate(() => setTimeout(window.__offerVoices, 300));
    await page.waitForFunction(() => window.__spoken.length > 0);
    await page.getByRole('button', { name: 'Écouter' }).waitFor();
    const voices = new Set((await page.evaluate(() => window.__spoken)).map((s) => s.voice));
    assert.deepEqual([...voices], ['Amélie'], `only the voice of the device${late ? ', once the voices came' : ''}`);
    assert.equal(await page.getByRole('status').filter({ hasText: NO_LOCAL_VOICE }).count(), 0);
    page.assertClean();
    await page.closeAll();
  }
});

test('"Texte plus grand" makes text bigger on every page for the session, with or without JavaScript', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const page = await openPage(env.browser, env.server.url, { viewport: PHONE, javaScriptEnabled });
    // A browser may still hold the choice as it was kept before, in an
    // HttpOnly cookie that no page can change: it is forgotten, not stuck.
    await page.context().addCookies([{ name: 'livret_text', value: 'big', url: env.server.url, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto('/connexion');
    if (javaScriptEnabled) await hydrated(page);
    await page.getByRole('button', { name: 'Texte plus grand', pressed: false }).waitFor();
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize));
    const before = await size();
    assert.ok(before >= 18, `body text is at least 18 px (${before})`);
    // With its code, the page keeps the choice itself, in its cookie (no
    // request, so no server-function client in a light bundle); without,
    // the form posts it and the server sets the cookie.
    const asked = [];
    page.on('request', (r) => { if (r.url().includes('/api/set_text_size')) asked.push(r.method()); });
    await page.getByRole('button', { name: 'Texte plus grand' }).click();
    await page.getByRole('button', { name: 'Texte plus grand', pressed: true }).waitFor();
    assert.ok((await size()) > before * 1.2, 'text is bigger at once');
    assert.deepEqual(asked, javaScriptEnabled ? [] : ['POST'], 'asked of the server only without JavaScript');
    await page.goto('/premiere-connexion');
    if (javaScriptEnabled) await hydrated(page);
    await page.getByRole('button', { name: 'Texte plus grand', pressed: true }).waitFor();
    assert.ok((await size()) > before * 1.2, 'and stays bigger on the next page');
    await page.getByRole('button', { name: 'Texte plus grand' }).click();
    await page.getByRole('button', { name: 'Texte plus grand', pressed: false }).waitFor();
    assert.deepEqual(asked, javaScriptEnabled ? [] : ['POST', 'POST'], 'turned off the same way');
    await page.goto('/connexion');
    await page.getByRole('button', { name: 'Texte plus grand', pressed: false }).waitFor();
    assert.equal(await size(), before, 'the next page is back to the usual size');
    page.assertClean();
    await page.closeAll();
  }
});

test('acronyms show their meaning on tap, and the glossary lists them', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(page);
  await page.getByRole('button', { name: 'MDS' }).first().click();
  await page.getByRole('note').filter({ hasText: 'Maison départementale des solidarités' }).first().waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Les mots à connaître' }).click();
  await page.getByRole('heading', { name: 'Les mots à connaître', level: 1 }).waitFor();
  for (const acronym of ['CAF', 'CCAS', 'MDS', 'PMI', 'RSA', 'UDAF']) {
    await page.locator(`dt#${acronym}`).waitFor();
  }
  page.assertClean();
  await page.closeAll();
});

test('no page scrolls sideways at 320 px wide or at 200 % zoom, and every control is at least 44 px', async () => {
  const page = await openPage(env.browser, env.server.url, { viewport: { width: 320, height: 640 } });
  const zoomed = await openPage(env.browser, env.server.url, { viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 });
  for (const p of [page, zoomed]) {
    await signInPerson(p);
    for (const path of ['/', '/glossaire']) {
      await p.goto(path);
      await hydrated(p);
      if (p === zoomed) await p.evaluate(() => { document.documentElement.style.zoom = '2'; });
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${path}: ${overflow} px of sideways scrolling`);
    }
  }
  for (const path of ['/connexion', '/premiere-connexion']) {
    await page.goto(path);
    await hydrated(page);
    const small = await page.evaluate(() => [...document.querySelectorAll('main button, main input, main a, header button, .tools button')]
      .map((el) => ({ el: el.outerHTML.slice(0, 60), r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
      .map(({ el, r }) => `${el} ${Math.round(r.width)}×${Math.round(r.height)}`));
    assert.deepEqual(small, [], `${path}: touch targets under 44 px`);
  }
  page.assertClean();
  await page.closeAll();
  await zoomed.closeAll();
});
