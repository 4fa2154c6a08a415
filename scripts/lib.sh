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
