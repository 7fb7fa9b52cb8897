//! Fuzzes the text path (a choice byte, then the Markdown of a block).
//! The body is in harness/text.rs, which `cargo test` also runs over every
//! file of seeds/text/ and regressions/text/ (tests/fuzz_regressions.rs).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness/text.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::run(data));
