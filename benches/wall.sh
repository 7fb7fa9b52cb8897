#!/usr/bin/env bash
# Process wall time of ptcdoc on the default document, with hyperfine
# (apt-get install hyperfine). Prints medians; RUNS=N sets the sample size.
#
# A benchmark, not a test: the machines are shared and noisy, so compare
# medians over many runs, and ratios between runs of the same session.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
# .cargo/config.toml names the host as the target: the binary is under it.
built=$PWD/target/$(rustc -vV | sed -n 's/^host: //p')/release/ptcdoc
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Run from a copy written whole: the linker's output runs up to 20% slower
# (see benches/typst_compare.py).
bin=$out/ptcdoc
cp "$built" "$bin"

run() {
  local name=$1; shift
  hyperfine -N --warmup 5 --runs "${RUNS:-50}" --style none --export-json "$out/h.json" "$*" >/dev/null 2>&1
  python3 - "$name" "$out/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))["results"][0]
print(f"{sys.argv[1]:<34} median {r['median']*1000:7.2f} ms   min {r['min']*1000:6.2f} ms   n={len(r['times'])}")
PY
}

run "check (en+fr)" "$bin check inputs/pc0608"
run "build md+html, en (2 files)" "$bin build inputs/pc0608 --out $out --lang en --format md,html"
run "build md+html, en+fr (4 files)" "$bin build inputs/pc0608 --out $out --format md,html"
if "$bin" build inputs/pc0608 --out "$out" --lang en --format pdf >/dev/null 2>&1; then
  run "build pdf, en (1 file)" "$bin build inputs/pc0608 --out $out --lang en --format pdf"
  run "build all, en+fr (6 files)" "$bin build inputs/pc0608 --out $out --format md,html,pdf"
fi
# The goal of the DOCX: both languages in less time than one PDF.
run "build docx, en+fr (2 files)" "$bin build inputs/pc0608 --out $out --format docx"
if [ -n "${LARGE:-}" ]; then
  # LARGE=DIR: a document made by `cargo run --release --example gen_large -- DIR 1900`.
  run "build pdf of LARGE, en" "$bin build $LARGE --out $out --lang en --format pdf"
  run "build docx of LARGE, en+fr" "$bin build $LARGE --out $out --format docx"
fi
