//! Fuzzes the escape mapper (`input/text.rs`): one TOML string token, in
//! any of the four string forms, valid or not, read the way the loader
//! reads it (recoverable parse: a value is kept even after a syntax error),
//! then every character of the value mapped back to the file.
//!
//! Besides "no panic", each mapped character of a valid token must land on
//! itself in the file or on the backslash of the escape that wrote it
//! (issue 8, item 9). A token with a syntax error is mapped too (no panic),
//! but its locations are not checked: the loader reports the file's first
//! syntax error alone (src/input/load.rs, `parse`), so nothing inside a
//! rejected token is ever pointed at, and the mapper gives such a token
//! the token's start. Set FUZZ_LOCATIONS=0 to check panics only.
//!
//! Shared by the fuzz target (fuzz/fuzz_targets/toml_string.rs) and the
//! replay of its seeds and regressions in `cargo test`
//! (tests/fuzz_regressions.rs).

use ptcdoc::diagnostics::{Diagnostic, Diagnostics, Sources, Span};
use ptcdoc::input::Text;
use toml::de::{DeTable, DeValue};

/// One input: the token, as UTF-8 (other bytes are skipped, as
/// libFuzzer's `&str` targets do).
pub fn run(data: &[u8]) {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let source = format!("x = {token}\n");
    let (root, errors) = DeTable::parse_recoverable(&source);
    let Some(value) = root.get_ref().get("x") else {
        return;
    };
    let DeValue::String(s) = value.get_ref() else {
        return;
    };
    let span = Span::new(0, value.span());
    let text = Text::new("en", s.to_string(), span.clone(), &source);
    let check_locations =
        errors.is_empty() && std::env::var("FUZZ_LOCATIONS").map_or(true, |v| v != "0");
    for (i, c) in text.value.char_indices() {
        let mapped = text.span_of(i..i + c.len_utf8());
        let at = source
            .get(mapped.range.start..)
            .unwrap_or_else(|| panic!("char {i} maps off a char boundary: {:?}", mapped.range));
        if check_locations {
            assert!(
                at.starts_with(c) || at.starts_with('\\'),
                "char {c:?} at value byte {i} maps to file byte {} which reads {:?}",
                mapped.range.start,
                at.chars().next()
            );
        }
    }
    // What a diagnostic inside the text prints: the consumer of the spans.
    let mut sources = Sources::default();
    sources.add(std::path::Path::new("fuzz.toml"), source.clone());
    let mut diags = Diagnostics::default();
    let len = text.value.len();
    for range in [0..len, 0..0, len..len, len / 2..len] {
        diags.push(Diagnostic::error(text.span_of(range), "fuzz"));
    }
    let _ = diags.render(&sources);
}
