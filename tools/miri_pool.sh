#!/bin/sh
# Runs the tests of src/parallel/pool.rs under Miri, which checks that its
# one `unsafe` (tasks that borrow from the caller's stack, their lifetime
# erased while they wait in the queue) never lets a task outlive what it
# borrows, under many thread schedules. By hand, not in CI: it needs a
# nightly toolchain with Miri (rustup +nightly component add miri rust-src).
#
#   tools/miri_pool.sh [SEEDS]      # SEEDS: schedules to try, default 12
#   MIRI_EXTRA=-Zmiri-tree-borrows tools/miri_pool.sh 6
#
# Miri cannot run the rest of ptcdoc (libdeflate is C), so the pool is
# tested alone: pool.rs and affinity.rs copied as they are into a scratch
# crate, whose `parallel` module gives them three threads. Under Miri,
# affinity.rs pins nothing (cfg(miri): Miri does not model those calls).
set -eu
seeds=${1:-12}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/parallel"
cat > "$work/Cargo.toml" <<'TOML'
[package]
name = "pool-under-miri"
version = "0.0.0"
edition = "2024"
publish = false
TOML
echo 'pub mod parallel;' > "$work/src/lib.rs"
cat > "$work/src/parallel/mod.rs" <<'RS'
pub fn threads() -> usize {
    3
}
mod affinity;
pub mod pool;
RS
cp "$root/src/parallel/pool.rs" "$root/src/parallel/affinity.rs" "$work/src/parallel/"
# The workers live as long as the process, as in ptcdoc: not a leak.
export MIRIFLAGS="${MIRI_EXTRA:-} -Zmiri-ignore-leaks -Zmiri-many-seeds=0..$seeds"
cd "$work"
CARGO_TARGET_DIR="$work/target" cargo +nightly miri test --quiet
