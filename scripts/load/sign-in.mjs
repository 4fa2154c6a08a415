// Signs in many seeded accounts over HTTP, as a browser's WebAssembly does
// (server functions are POST /api/<endpoint>, form-encoded), and writes
// their session cookies for wrk (scripts/load/wrk.lua), one per line:
//
//   node sign-in.mjs accounts <base-url> <dir> <persons> <pros>
//     <dir>/persons.tsv  cookie, her dossier, its state
//     <dir>/pros.tsv     cookie, a dossier of his équipe (up to 5 lines each)
//   node sign-in.mjs drafts <base-url> <dir>
//     <dir>/drafts.tsv   cookie, her dossier, a field, its version now: for
//                        the saves, from the persons whose demande may
//                        still change (read again before each run)
//
// The identifiers and secrets are those of server/src/departement.rs.

import { writeFileSync, readFileSync } from "node:fs";

const PERSON_SECRET = "246810";
const STAFF_PASSWORD = "livret-demo-2026";
// The fields the save row writes, four per person: wrk.lua comes back to a
// field only after all the others of its thread, so that one save of it
// has ended before the next starts and its version is known.
const SAVED_FIELDS = ["money.wish", "work.hard", "family.wish", "relations.hard"];
// Argon2 takes a core for tens of milliseconds: a few at once is enough.
const AT_ONCE = 4;

const [mode, base, dir, persons = "0", pros = "0"] = process.argv.slice(2);
if (!["accounts", "drafts"].includes(mode) || !base || !dir) {
  console.error("usage: node sign-in.mjs accounts <base-url> <dir> <persons> <pros> | drafts <base-url> <dir>");
  process.exit(2);
}

const pad = (n, w) => String(n).padStart(w, "0");

async function call(endpoint, form, cookie) {
  const headers = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${base}/api/${endpoint}`, { method: "POST", headers, body: new URLSearchParams(form) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${endpoint}: ${res.status} ${text.slice(0, 200)}`);
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("livret_session="));
  return { body: text ? JSON.parse(text) : null, session };
}

async function each(items, f) {
  const out = [];
  let next = 0;
  let failed = 0;
  async function worker() {
    while (next < items.length) {
      const item = items[next++];
      try {
        out.push(...(await f(item)));
      } catch (e) {
        if (failed++ < 5) console.error(`    ${item}: ${e.message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  if (failed) console.error(`    ${failed} of ${items.length} failed`);
  return out;
}

const range = (n) => Array.from({ length: Number(n) }, (_, i) => i + 1);

async function person(n) {
  const identifier = `personne-${pad(n, 5)}`;
  const { session } = await call("sign_in_person", { identifier, secret: PERSON_SECRET });
  if (!session) throw new Error("no session cookie");
  const { body } = await call("my_demande", {}, session);
  return [[session, body.dossier_id, body.state].join("\t")];
}

async function pro(n) {
  const email = `pro-${pad(n, 4)}@departement.demo`;
  const { session } = await call("sign_in_professional", { email, password: STAFF_PASSWORD });
  if (!session) throw new Error("no session cookie");
  const { body } = await call("my_dossiers", {}, session);
  return body.slice(0, 5).map((d) => [session, d.dossier_id].join("\t"));
}

async function drafts() {
  const lines = readFileSync(`${dir}/persons.tsv`, "utf8").trim().split("\n").map((l) => l.split("\t"));
  const editable = lines.filter(([, , state]) => state === "Draft" || state === "MoreInfoAsked");
  return each(editable, async ([cookie, dossier]) => {
    const { body } = await call("my_demande", {}, cookie);
    if (body.state !== "Draft" && body.state !== "MoreInfoAsked") return [];
    return SAVED_FIELDS.map((field) => {
      const answer = body.answers.find((a) => a.field === field);
      return [cookie, dossier, field, answer ? answer.version : 0].join("\t");
    });
  });
}

const started = Date.now();
if (mode === "accounts") {
  const p = await each(range(persons), person);
  writeFileSync(`${dir}/persons.tsv`, p.join("\n") + "\n");
  const s = await each(range(pros), pro);
  writeFileSync(`${dir}/pros.tsv`, s.join("\n") + "\n");
  console.log(`    ${p.length} persons and ${new Set(s.map((l) => l.split("\t")[0])).size} professionals signed in (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} else {
  const d = await drafts();
  writeFileSync(`${dir}/drafts.tsv`, d.join("\n") + "\n");
  console.log(`    ${d.length / SAVED_FIELDS.length} demandes still being written, versions read (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
