//! Fuzzes the escape mapper with one TOML string token.
//! The body is in harness/toml_string.rs, which `cargo test` also runs over every
//! file of seeds/toml_string/ and regressions/toml_string/ (tests/fuzz_regressions.rs).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness/toml_string.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::run(data));
