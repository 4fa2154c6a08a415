# Shared by the scripts: steps that say what they do and how long they
# usually take, so that a long first run is not mistaken for a hang.

# wasm-opt from npm binaryen 132 comes first on PATH: Debian's binaryen 108
# produces WebAssembly that Chromium refuses to start.
export PATH="$PWD/end2end/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

die() { echo "error: $*" >&2; exit 1; }

step() {
  STEP_NAME="$1"
  STEP_START=$(date +%s)
  echo "==> $1 (usually $2)"
}
skip() { echo "    $*"; }
done_step() { echo "    done in $(( $(date +%s) - STEP_START )) s"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# A build that runs out of disk fails deep inside the compiler with an
# unrelated-looking message: say it first, in plain words.
check_disk() {
  local need_gb="$1" what="$2" free_gb
  mkdir -p target
  free_gb=$(( $(df -Pk target | awk 'NR==2 {print $4}') / 1024 / 1024 ))
  if [ "$free_gb" -lt "$need_gb" ]; then
    echo "warning: only $free_gb GB free on the disk of target/; $what needs about $need_gb GB." >&2
    echo "         Free some space (for example: cargo clean) if the build fails for lack of disk." >&2
  fi
}

# The light bundles (app/src/light.rs): the same crate built with a
# `light` feature, each holding only the islands of the pages it serves
# (the header's for all; "Montrer le code"; her demande's; her sharing
# choices). Written into the site's pkg folder beside cargo-leptos's files
# (run it after `cargo leptos build`, which owns that folder), each under a
# name with the hash of its content, listed in pkg/livret_light.txt for
# the server. Their own target folder: other flags than cargo-leptos's
# split build, which would otherwise rebuild each other's dependencies.
# Usage: build_light debug|release (site folder: $LEPTOS_SITE_ROOT or target/site)
LIGHT_BUNDLES="home:light-home demande:light-demande sharing:light-sharing meeting:light-meeting"
build_light() {
  local mode="$1" site="${LEPTOS_SITE_ROOT:-target/site}" profile=dev dir=debug
  if [ "$mode" = release ]; then profile=wasm-release; dir=wasm-release; fi
  mkdir -p "$site/pkg"
  rm -f "$site"/pkg/livret_light*
  local manifest="" bundle name feature out hash
  # Erased in debug, as cargo-leptos builds the server there; not in the
  # release, as the release server renders (see app/src/light.rs).
  local flags="--cfg erase_components"
  if [ "$mode" = release ]; then flags=""; fi
  for bundle in $LIGHT_BUNDLES; do
    name="${bundle%%:*}" feature="${bundle#*:}"
    RUSTFLAGS="$flags" cargo build -p livret-app --lib --target wasm32-unknown-unknown --no-default-features --features "$feature" \
      --profile "$profile" --target-dir target/light
    out="target/light/$mode/$name"
    rm -rf "$out"
    mkdir -p "$out"
    # Kept with its function names, for twiggy (scripts/bench).
    cp "target/light/wasm32-unknown-unknown/$dir/livret_app.wasm" "$out/named.wasm"
    wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name livret_light "$out/named.wasm"
    if [ "$mode" = release ]; then
      # Measured on her demande's bundle (brotli, what her phone receives):
      # -Oz 154.2 KB, -Os 152.9, these passes 151.0. -Os leaves more
      # bytes than -Oz but they compress better; flattening then
      # rebuilding the control flow (--flatten --rereloop) finds more.
      wasm-opt -Os --flatten --rereloop -Os --converge -o "$out/livret_light_bg.opt.wasm" "$out/livret_light_bg.wasm"
      mv "$out/livret_light_bg.opt.wasm" "$out/livret_light_bg.wasm"
      # wasm-bindgen's JavaScript, minified as cargo-leptos minifies its
      # own: 7.5 → 5.8 KB (brotli) of each first load on her phone.
      terser "$out/livret_light.js" --module --compress --mangle -o "$out/livret_light.min.js"
      mv "$out/livret_light.min.js" "$out/livret_light.js"
    fi
    hash=$(cat "$out/livret_light.js" "$out/livret_light_bg.wasm" | sha256sum | cut -c1-16)
    cp "$out/livret_light.js" "$site/pkg/livret_light_$name.$hash.js"
    cp "$out/livret_light_bg.wasm" "$site/pkg/livret_light_$name.$hash.wasm"
    manifest+="$name livret_light_$name.$hash"$'\n'
  done
  printf '%s' "$manifest" > "$site/pkg/livret_light.txt"
}
