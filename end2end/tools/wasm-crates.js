// Where the bytes of the first load go, crate by crate: reads the output of
// `twiggy top -n 1000000 --format csv` on the main WebAssembly module as
// cargo-leptos leaves it after splitting (target/front/.../livret_app_split.wasm,
// before wasm-opt, with function names) and adds each function's size to the
// crate it comes from. Custom sections (names, bindgen's) are not sent to the
// browser and are left out; data segments are counted apart.
//
// A generic function is counted where it was written, not where it is used:
// serde_json's struct reader instantiated for one of our types counts for
// serde_json. That is the question asked ("what does serialisation cost?").
//
// Usage: node wasm-crates.js main.csv [whole.csv [light.csv]] (scripts/bench runs it)
import { readFileSync } from 'node:fs';

function parse(file) {
  const rows = [];
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    if (!line.trim()) continue;
    // Name may be quoted with doubled quotes; size is the next field.
    const m = line.match(/^("(?:[^"]|"")*"|[^,]*),(\d+),/);
    if (!m) continue;
    const name = m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1];
    rows.push([name, Number(m[2])]);
  }
  return rows;
}

export function crateOf(name) {
  if (name.startsWith('custom section') || name.includes('function names') || name.includes('subsection')) return null;
  // wasm-bindgen reads these descriptions and removes them.
  if (name.startsWith('export ') || name.includes('__wbindgen_describe')) return null;
  if (name.startsWith('data segment') || name.startsWith('data[')) return '(data)';
  if (/^(elem|table|type|import|export|global|memory|code)\[/.test(name) || name.startsWith('wasm magic') || name.startsWith('"')) return '(wasm structure)';
  // <T as Trait>::f, for any T, is the trait's code.
  const blanket = name.match(/^<[A-Z] as ([A-Za-z_][A-Za-z0-9_]*)/);
  let n = blanket ? blanket[1] : name;
  // <Type as Trait>::f is Type's code; strip references and the leading '<'.
  for (;;) {
    const before = n;
    n = n.replace(/^<+/, '').replace(/^&(mut )?/, '').replace(/^(dyn |impl |\*const |\*mut |\[)/, '');
    if (n === before) break;
  }
  const m = n.match(/^([A-Za-z_][A-Za-z0-9_]*)/);
  if (!m) return '(other)';
  const crate = m[1];
  if (/^(u8|u16|u32|u64|usize|i8|i16|i32|i64|isize|f32|f64|str|bool|char)$/.test(crate)) return 'core';
  if (crate === 'serde_core') return 'serde';
  if (crate === 'dlmalloc' || crate === 'compiler_builtins') return `${crate} (runtime)`;
  // Unmangled glue from wasm-bindgen and the JS bridge.
  if (/^(__wbg|__wbindgen|wasm_bindgen)/.test(crate)) return 'wasm_bindgen';
  return crate;
}

export function byCrate(rows) {
  const sizes = new Map();
  let total = 0;
  for (const [name, size] of rows) {
    const crate = crateOf(name);
    if (!crate) continue;
    sizes.set(crate, (sizes.get(crate) ?? 0) + size);
    total += size;
  }
  return { total, crates: [...sizes.entries()].sort((a, b) => b[1] - a[1]) };
}

function print(label, { total, crates }) {
  console.log(`${label}: ${(total / 1024).toFixed(0)} KB of code and data before wasm-opt`);
  for (const [crate, size] of crates.slice(0, 20)) {
    console.log(`  ${crate.padEnd(24)} ${(size / 1024).toFixed(1).padStart(7)} KB ${((100 * size) / total).toFixed(1).padStart(5)} %`);
  }
  const rest = crates.slice(20).reduce((a, [, s]) => a + s, 0);
  if (rest) console.log(`  ${'(the rest)'.padEnd(24)} ${(rest / 1024).toFixed(1).padStart(7)} KB ${((100 * rest) / total).toFixed(1).padStart(5)} %`);
}

if (process.argv[1]?.endsWith('wasm-crates.js')) {
  const [main, whole, light] = process.argv.slice(2);
  print('whole application, first load (main module)', byCrate(parse(main)));
  if (whole) print('whole application, every page', byCrate(parse(whole)));
  if (light) print('light bundle of her demande (app/src/light.rs)', byCrate(parse(light)));
}
