#!/usr/bin/env bash
# PDF benchmark of the command line: wall time (hyperfine, median) and peak
# memory (/usr/bin/time -v, median of RUNS) of `ptcdoc build --format pdf`
# on the default document and on a generated one 100 times its size
# (examples/gen_large.rs), with page count and size of each PDF; then the
# in-process breakdown (layout against writing) of benches/pdf.rs.
#
#   benches/pdf.sh            RUNS=N sets the sample size (default 20)
#
# A benchmark, not a test: shared machines are noisy; compare medians.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}
cargo build --release --quiet
cargo build --release --quiet --example gen_large
# .cargo/config.toml names the host as the target: the binaries are under it.
release=$PWD/target/$(rustc -vV | sed -n 's/^host: //p')/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Run from a copy written whole: the linker's output runs up to 20% slower
# (see benches/typst_compare.py).
bin=$work/ptcdoc
cp "$release/ptcdoc" "$bin"

"$release/examples/gen_large" "$work/large" 1900

measure() {
  local name=$1 doc=$2
  local cmd="$bin build $doc --lang en --format pdf --out $work/out"
  hyperfine -N --warmup 3 --runs "$runs" --style none --export-json "$work/h.json" "$cmd" \
    >/dev/null 2>&1
  local rss=()
  for _ in $(seq "$runs"); do
    rss+=("$(/usr/bin/time -v $cmd 2>&1 >/dev/null |
      awk '/Maximum resident set size/ {print $6}')")
  done
  local pdf
  pdf=$(ls "$work"/out/*.pdf)
  python3 - "$name" "$work/h.json" "$pdf" "${rss[@]}" <<'PY'
import json, statistics, subprocess, sys
name, hjson, pdf, *rss = sys.argv[1:]
r = json.load(open(hjson))["results"][0]
pages = next(l.split()[-1] for l in subprocess.run(["pdfinfo", pdf], capture_output=True,
             text=True).stdout.splitlines() if l.startswith("Pages:"))
size = int(next(l.split()[-2] for l in subprocess.run(["pdfinfo", pdf], capture_output=True,
            text=True).stdout.splitlines() if l.startswith("File size:")))
print(f"{name:<18} wall median {r['median']*1000:8.1f} ms (min {r['min']*1000:.1f}, "
      f"n={len(r['times'])})   peak RSS median {statistics.median(map(int, rss))/1024:6.1f} MB"
      f"   {pages} pages, {size/1024:.0f} KB")
PY
  rm -f "$work"/out/*.pdf
}

echo "ptcdoc build --format pdf --lang en (whole process: check, layout, writing)"
measure "default document" inputs/pc0608
measure "large document" "$work/large"
echo
echo "in process (benches/pdf.rs):"
cargo bench --quiet --bench pdf -- "$runs" 2>/dev/null
