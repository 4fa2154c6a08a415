//! The pictograms of `public/icons` as `data:` addresses (`src/icons.rs`):
//! a page brings its icons inside its own HTML. As files, on a slow phone
//! network, they were up to 18 requests and 9 KB of a first load, mostly
//! headers (issue 16).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/icons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("public/icons is readable")
        .map(|entry| entry.expect("public/icons is readable").path())
        .filter(|path| path.extension().is_some_and(|e| e == "svg"))
        .collect();
    files.sort();
    let mut out = String::new();
    for path in files {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("an icon's name is plain text");
        let svg = std::fs::read_to_string(&path).expect("an icon is text");
        let constant = name.to_uppercase().replace('-', "_");
        writeln!(out, "/// `public/icons/{name}.svg`\npub const {constant}: &str = {:?};", data_address(&svg))
            .expect("writes to a String");
    }
    // The tab's pictogram too: as a file it was one more request (and
    // 0.5 KB, mostly headers) in every first load.
    let favicon = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/favicon.svg");
    println!("cargo:rerun-if-changed={}", favicon.display());
    let svg = std::fs::read_to_string(&favicon).expect("public/favicon.svg is readable");
    writeln!(out, "/// `public/favicon.svg`\npub const FAVICON: &str = {:?};", data_address(&svg)).expect("writes to a String");
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("icons.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

/// The SVG as an address: single quotes (no `&quot;` once in an HTML
/// attribute), and the few characters that an address or HTML would read
/// otherwise written as `%XX`.
fn data_address(svg: &str) -> String {
    let mut address = String::from("data:image/svg+xml,");
    for c in svg.trim().chars() {
        match c {
            '"' => address.push('\''),
            '%' | '#' | '<' | '>' | '&' => write!(address, "%{:02X}", c as u32).expect("writes to a String"),
            '\n' | '\r' | '\t' => address.push(' '),
            c => address.push(c),
        }
    }
    address
}
