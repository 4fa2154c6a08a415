// The release build, as people get it (optimised and split WebAssembly):
// every page a person, a professional and the head open starts in the
// browser without error, and a page whose code is split loads it. The
// other browser tests run on the debug build; this one guards what differs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, PHONE, serverAndBrowser, openPage, hydrated, signInPerson, signInStaff } from '../tests/harness.js';

const env = serverAndBrowser(before, after);

async function openEach(page, paths) {
  const split = [];
  // A split page's code, or a light bundle's (app/src/light.rs).
  page.on('request', (r) => { if (/\/(split_|livret_light_)[^/]*\.wasm$/.test(r.url())) split.push(r.url()); });
  for (const path of paths) {
    await page.goto(path);
    await hydrated(page);
    await page.locator('main').waitFor();
  }
  return split;
}

test('the release build starts on every page without error', async () => {
  const visitor = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await openEach(visitor, ['/', '/connexion', '/premiere-connexion', '/pro/connexion', '/glossaire']);
  visitor.assertClean();
  await visitor.closeAll();

  const amina = await openPage(env.browser, env.server.url, { viewport: PHONE });
  await signInPerson(amina);
  const split = await openEach(amina, ['/', '/demande/1', '/demande/2', '/demande/11', '/demande/17', '/partage', '/qui-voit-quoi', '/qui-a-regarde', '/historique', '/voir-comme/3', '/ma-reunion', '/mon-livret']);
  // On her phone, her sharing and meeting pages come with their light bundles.
  assert.ok(split.some((u) => u.includes('livret_light_sharing')), 'the sharing page loads its own code');
  assert.ok(split.some((u) => u.includes('livret_light_meeting')), 'her meeting page loads its own code');
  assert.ok(split.some((u) => u.includes('see_as_route')), '"Voir comme" loads its own code');
  amina.assertClean();
  await amina.closeAll();

  const pages = new Map([[DEMO.pro, ['/pro', '/dossier/1', '/dossier/1/livret']], [DEMO.head, ['/pro', '/revue/1', '/preparer/1', '/reunion/1', '/invitation/1']], [DEMO.admin, ['/pro']]]);
  for (const [who, paths] of pages) {
    const page = await openPage(env.browser, env.server.url);
    await signInStaff(page, who);
    // A demande not yet sent is "not found" for the head: a page still.
    paths.forEach((p) => page.expectErrorStatus(p));
    await openEach(page, paths);
    page.assertClean();
    await page.closeAll();
  }
});
