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
# tested alone: pool.rs copied into a scratch crate, with three threads and
# no pinning (affinity.rs calls into libc, which Miri does not model).
set -eu
seeds=${1:-12}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
cat > "$work/Cargo.toml" <<'TOML'
[package]
name = "pool-under-miri"
version = "0.0.0"
edition = "2024"
publish = false
TOML
cat > "$work/src/lib.rs" <<'RS'
pub fn threads() -> usize {
    3
}
pub mod affinity {
    pub struct Cores;
    impl Cores {
        pub fn of_this_thread() -> Option<Cores> {
            None
        }
        pub fn moved(&mut self) -> bool {
            false
        }
        pub fn pin<T>(&self, _worker: &std::thread::JoinHandle<T>) {}
    }
}
pub mod pool;
RS
sed -e 's/use super::affinity::Cores;/use crate::affinity::Cores;/' \
    -e 's/super::threads()/crate::threads()/' \
    "$root/src/parallel/pool.rs" > "$work/src/pool.rs"
# The workers live as long as the process, as in ptcdoc: not a leak.
export MIRIFLAGS="${MIRI_EXTRA:-} -Zmiri-ignore-leaks -Zmiri-many-seeds=0..$seeds"
cd "$work"
CARGO_TARGET_DIR="$work/target" cargo +nightly miri test --quiet
