//! Fuzzes the TOML reader of a document (document.toml, then after a NUL byte packages/p.toml).
//! The body is in harness/document.rs, which `cargo test` also runs over every
//! file of seeds/document/ and regressions/document/ (tests/fuzz_regressions.rs).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness/document.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::run(data));
