// Prints the load benchmark's table (scripts/bench-load) from the lines
// wrk.lua appended: configuration, row, req/s, p50 ms, p99 ms, answers
// outside 2xx, socket errors, requests, status counts.
//   node table.mjs <results.tsv>

import { readFileSync } from "node:fs";

const ROWS = [
  ["anon", "sign-in page `/connexion` (anonymous)"],
  ["home", "her home `/`"],
  ["demande", "her demande step `/demande/2`"],
  ["dossier", "a professional's dossier page `/dossier/N`"],
  ["save", "save of an answer (POST `/api/save_answer`)"],
  ["pulse", "live update (POST `/api/pulse`, since=-1)"],
];
const CONFIGS = ["SQLite, 1 instance", "PostgreSQL, 1 instance", "PostgreSQL, 2 instances (nginx)"];
// The budget: a signed-in row serves at least 2/3 of the anonymous page's
// throughput in the same configuration, with p99 under 100 ms.
const SHARE = 2 / 3;
const P99_MS = 100;

const lines = readFileSync(process.argv[2], "utf8").trim().split("\n").filter(Boolean);
const results = new Map();
for (const line of lines) {
  const [label, row, rps, p50, p99, non2xx, socket, requests, codes] = line.split("\t");
  results.set(`${label}|${row}`, { rps: +rps, p50: +p50, p99: +p99, non2xx: +non2xx, socket: +socket, requests: +requests, codes: codes || "" });
}
const configs = CONFIGS.filter((c) => ROWS.some(([r]) => results.has(`${c}|${r}`)));

const ms = (x) => (x < 10 ? x.toFixed(1) : Math.round(x)) + " ms";
let failures = 0;
let checked = 0;
function cell(config, row) {
  const r = results.get(`${config}|${row}`);
  if (!r) return "not run";
  const anon = results.get(`${config}|anon`);
  let text = `${Math.round(r.rps)} req/s, p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`;
  const errors = [];
  if (r.non2xx) errors.push(`${r.non2xx} non-2xx of ${r.requests} (${r.codes.trim().replace(/ /g, ", ")})`);
  if (r.socket) errors.push(`${r.socket} socket errors or timeouts`);
  if (row !== "anon" && anon && anon.rps > 0) {
    const share = r.rps / anon.rps;
    const ok = share >= SHARE && r.p99 < P99_MS && !errors.length;
    checked++;
    if (!ok) failures++;
    text += `, ${Math.round(share * 100)} % ${ok ? "✓" : "✗"}`;
  } else if (row === "anon" && errors.length === 0) {
    text += " (reference)";
  }
  if (errors.length) text += ` ⚠ ERRORS: ${errors.join("; ")}`;
  return text;
}

console.log(`| row | ${configs.join(" | ")} |`);
console.log(`|---|${configs.map(() => "---").join("|")}|`);
for (const [row, name] of ROWS) console.log(`| ${name} | ${configs.map((c) => cell(c, row)).join(" | ")} |`);
const stat = results.get("nginx|static");
if (stat) {
  const err = stat.non2xx || stat.socket ? ` ⚠ ERRORS: ${stat.non2xx} non-2xx, ${stat.socket} socket errors` : "";
  console.log(`\nPhysical reference: nginx serving her home page's HTML as a static file: ${Math.round(stat.rps)} req/s, p50 ${ms(stat.p50)}, p99 ${ms(stat.p99)}${err}`);
}
console.log(
  `\nBudget: each signed-in row ≥ ${Math.round(SHARE * 100)} % of the anonymous page's req/s in the same configuration, p99 < ${P99_MS} ms, no errors: ` +
    (checked ? `${checked - failures} of ${checked} cells within budget` : "nothing to check"),
);
