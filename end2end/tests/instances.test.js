// Two server processes on two ports and one PostgreSQL, as behind a load
// balancer: she works on one, Claire on the other. Who is there, her
// saves and her withdrawal cross from one to the other. Each process
// holds a page's question 30 s before reading the revision again, so a
// change seen within 5 s can only have come through the database's
// notification (LISTEN/NOTIFY), not through that fallback read.
import { test, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DEMO, PHONE, startServer, launchBrowser, openPage, hydrated, signInPerson, signInStaff } from './harness.js';

const BASE = process.env.LIVRET_TEST_POSTGRES_URL;
const REQUIRED = process.env.LIVRET_REQUIRE_POSTGRES === '1';
const CROSS_MS = 5_000;
const env = {};

if (!BASE && REQUIRED) throw new Error('LIVRET_REQUIRE_POSTGRES=1 but LIVRET_TEST_POSTGRES_URL is not set');
if (!BASE) console.warn('WARNING: PostgreSQL NOT TESTED (set LIVRET_TEST_POSTGRES_URL): the two-instance test is skipped');

before(async () => {
  if (!BASE) return;
  env.name = `livret_test_instances_${randomBytes(6).toString('hex')}`;
  execFileSync('psql', [BASE, '-qc', `CREATE DATABASE ${env.name}`]);
  const url = `${BASE.slice(0, BASE.lastIndexOf('/'))}/${env.name}`;
  const settings = { DATABASE_URL: url, LIVRET_LIVE_HOLD_MS: '30000' };
  // One after the other: the first creates the tables and the demo data.
  env.one = await startServer({ env: settings });
  env.two = await startServer({ env: settings });
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  await Promise.all([env.one?.stop(), env.two?.stop()]);
  if (env.name) {
    // The servers may still be closing their connections.
    for (let i = 0; i < 20; i += 1) {
      try {
        execFileSync('psql', [BASE, '-qc', `DROP DATABASE IF EXISTS ${env.name} WITH (FORCE)`], { stdio: 'pipe' });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
});

test('she on one instance, Claire on another: presence, a save and a withdrawal cross', { skip: !BASE && 'no PostgreSQL' }, async () => {
  const amina = await openPage(env.browser, env.one.url, { viewport: PHONE, isMobile: true, hasTouch: true });
  await signInPerson(amina);
  await amina.goto('/demande/2');
  await amina.getByRole('heading', { name: 'Logement' }).waitFor();
  await hydrated(amina);

  const claire = await openPage(env.browser, env.two.url);
  await signInStaff(claire, DEMO.pro);
  await claire.getByRole('link', { name: 'Ouvrir la demande de Amina' }).click();
  await claire.getByRole('heading', { name: 'Demande de Amina' }).waitFor();
  await hydrated(claire);

  let t0 = Date.now();
  await amina.getByTestId('present').filter({ hasText: 'Claire Martin' }).waitFor({ timeout: CROSS_MS });
  await claire.getByTestId('present').filter({ hasText: 'Amina' }).waitFor({ timeout: CROSS_MS });
  const presenceAfter = Date.now() - t0;

  // She writes on her instance; Claire's page on the other shows it.
  await amina.getByLabel("Qu'est-ce qui est difficile ?").fill('Deux instances, une seule vérité.');
  await amina.locator('#a0-status[data-state="Saved"]').waitFor();
  t0 = Date.now();
  const onClaire = claire.locator('[data-field="housing.hard"] .answer').filter({ hasText: 'Deux instances, une seule vérité.' });
  await onClaire.waitFor({ timeout: CROSS_MS });
  const saveAfter = Date.now() - t0;

  // She takes housing back from Claire; it leaves Claire's open page.
  await amina.goto('/partage');
  await hydrated(amina);
  // The sharing page's code comes apart from the shell's: let it arrive.
  await amina.waitForLoadState('networkidle');
  const card = amina.getByTestId('member').filter({ hasText: 'Claire Martin' });
  await card.getByLabel('Logement').uncheck();
  await card.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await amina.getByText('Vos choix sont enregistrés.').waitFor();
  t0 = Date.now();
  await onClaire.waitFor({ state: 'detached', timeout: CROSS_MS });
  const withdrawalAfter = Date.now() - t0;

  console.log(`  across instances: presence after ${presenceAfter} ms, her save after ${saveAfter} ms, her withdrawal after ${withdrawalAfter} ms (fallback read: 30 000 ms)`);
  for (const p of [amina, claire]) {
    p.assertClean();
    await p.closeAll();
  }
});
