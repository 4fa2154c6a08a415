// Marked answers for the leak tests: one field per kind of information, and
// the private ones, each with a marker that must reach only those she
// chose. And what one signed-in account receives by every page and every
// server function, to look for those markers in.
import assert from 'node:assert/strict';
import { openPage, signInStaff } from './harness.js';

export const MARKED = {
  situation: 'other', 'housing.hard': 'housing', 'health.hard': 'health', 'money.wish': 'money', 'family.block': 'family',
  'work.hard': 'work', 'mobility.hard': 'mobility', 'rights.strength': 'rights', 'justice.hard': 'justice',
  'relations.hard': 'relations', 'violence.hard': 'violence', 'other.hard': 'other', household: 'family',
  professionals: 'other', refused_topics: 'private', referent: 'other',
};
export const marker = (field) => `ZQX${field.replace('.', 'Q').toUpperCase()}ZQX`;
export const post = (page, endpoint, form = {}) =>
  page.request.post(`/api/${endpoint}`, { form, headers: { accept: 'application/json' } });

/// Writes every marked answer of the signed-in person.
export async function saveAll(page) {
  const { answers } = await (await post(page, 'my_demande')).json();
  for (const field of Object.keys(MARKED)) {
    const version = String(answers.find((a) => a.field === field)?.version ?? 0);
    const r = await post(page, 'save_answer', { field, value: `${marker(field)} texte`, version });
    assert.equal(r.status(), 200, `${field}: ${await r.text()}`);
  }
}

/// Everything one staff account receives, page by page and server function
/// by server function, about this dossier and the others.
export async function received(env, who, dossier) {
  const page = await openPage(env.browser, env.server.url);
  const bodies = [];
  page.on('response', async (r) => {
    try {
      bodies.push({ url: r.url(), body: await r.text() });
    } catch { /* redirects have no body */ }
  });
  await signInStaff(page, who);
  const paths = ['/', '/pro', `/dossier/${dossier}`, '/dossier/2', `/revue/${dossier}`, '/partage', '/qui-voit-quoi',
    '/qui-a-regarde', '/historique', '/demande/2', '/demande/17', '/glossaire', '/voir-comme/3', '/voir-comme/4'];
  for (const path of paths) {
    page.expectErrorStatus(path);
    await page.goto(path);
    bodies.push({ url: path, body: await page.content() });
  }
  const calls = [
    ['shared_demande', { dossier_id: String(dossier) }], ['shared_demande', { dossier_id: '2' }],
    ['review_demande', { dossier_id: String(dossier) }], ['my_demande'], ['my_step', { index: '1' }], ['my_sharing'], ['my_journal'], ['my_history'],
    ['my_dossiers'], ['review_queue'], ['list_my_persons'], ['pulse', { dossier_id: String(dossier), since: '-1' }],
    ['suggest', { dossier_id: String(dossier), field: 'health.hard', value: 'x' }], ['see_as', { staff_id: '3' }],
    ['list_exceptions', { dossier_id: String(dossier) }],
  ];
  for (const [endpoint, form] of calls) {
    const r = await post(page, endpoint, form);
    bodies.push({ url: endpoint, body: await r.text() });
  }
  await page.closeAll();
  return bodies;
}

/// Where a text was received.
export const whereFound = (bodies, text) => bodies.filter((b) => b.body.includes(text)).map((b) => b.url);
