//! Per-language texts and the way back from a byte in a text to the byte in
//! the TOML file that wrote it, so that a problem found inside Markdown
//! (an unknown reference, raw HTML) points at its own line and column.

use std::collections::BTreeMap;

use crate::diagnostics::Span;

/// One text in one language, as written in a TOML string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub lang: String,
    pub value: String,
    /// The TOML string token, quotes included.
    pub span: Span,
    /// Where `value` comes from in the file, as (value offset, file offset)
    /// pairs, one wherever the distance between the two changes (at an
    /// escape, say): a byte between two pairs is as far from the first in
    /// the file as in the value. Empty when the token could not be mapped
    /// (then errors point at the token's start).
    offsets: Vec<(usize, usize)>,
}

impl Text {
    pub fn new(lang: &str, value: String, span: Span, source: &str) -> Self {
        let raw = source.get(span.range.clone()).unwrap_or("");
        let offsets = offsets(raw, &value, span.range.start).unwrap_or_default();
        Text {
            lang: lang.to_string(),
            value,
            span,
            offsets,
        }
    }

    /// A text made in code (tests, generated inputs) with no source file.
    pub fn detached(lang: &str, value: &str, span: Span) -> Self {
        Text {
            lang: lang.to_string(),
            value: value.to_string(),
            span,
            offsets: Vec::new(),
        }
    }

    /// The span in the file of `range` within the text.
    pub fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        let token = &self.span.range;
        let find = |at: usize| {
            // A byte inside a character maps as its character does, so the
            // span never cuts a character of the file in two.
            let mut at = at.min(self.value.len());
            while !self.value.is_char_boundary(at) {
                at -= 1;
            }
            // The last pair at or before `at`.
            let i = self.offsets.partition_point(|(o, _)| *o <= at);
            let (o, f) = *self.offsets.get(i.checked_sub(1)?)?;
            Some((f + (at - o)).min(token.end))
        };
        match (find(range.start), find(range.end)) {
            (Some(start), Some(end)) if end >= start => Span::new(self.span.file, start..end),
            (Some(start), _) => Span::new(self.span.file, start..start),
            _ => Span::new(self.span.file, token.start..token.start + 1),
        }
    }
}

/// One of the four TOML string forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Form {
    /// Length of each delimiter: 1, or 3 for a multi-line string.
    quotes: usize,
    /// Literal strings (single quotes) have no escapes.
    literal: bool,
}

/// The form of a TOML string token and where its value starts.
fn opening(raw: &str) -> Option<(Form, usize)> {
    let form = if raw.starts_with("\"\"\"") {
        Form {
            quotes: 3,
            literal: false,
        }
    } else if raw.starts_with("'''") {
        Form {
            quotes: 3,
            literal: true,
        }
    } else if raw.starts_with('"') {
        Form {
            quotes: 1,
            literal: false,
        }
    } else if raw.starts_with('\'') {
        Form {
            quotes: 1,
            literal: true,
        }
    } else {
        return None;
    };
    let mut pos = form.quotes;
    // A newline right after the opening delimiter is not part of the value.
    if form.quotes == 3 {
        if raw[pos..].starts_with("\r\n") {
            pos += 2;
        } else if raw[pos..].starts_with('\n') {
            pos += 1;
        }
    }
    Some((form, pos))
}

/// The sparse offsets of `value` in `raw` (see [`Text`]), shifted by
/// `base`: what [`sparse`] makes of [`map_offsets`], without a pair per
/// character. Between two escapes the token writes the value as it is,
/// so each such run is compared whole and gives one pair at most.
fn offsets(raw: &str, value: &str, base: usize) -> Option<Vec<(usize, usize)>> {
    let (form, start, end) = body(raw)?;
    let body = raw.get(start..end)?;
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut pair = |o: usize, f: usize| {
        let f = f + base;
        let same_distance = out
            .last()
            .is_some_and(|&(lo, lf)| f.checked_sub(lf) == o.checked_sub(lo));
        if !same_distance {
            out.push((o, f));
        }
    };
    let (mut i, mut v) = (0, 0);
    loop {
        let run = if form.literal {
            body.len() - i
        } else {
            body[i..].find('\\').unwrap_or(body.len() - i)
        };
        if value.as_bytes().get(v..v + run) != Some(&body.as_bytes()[i..i + run]) {
            return None;
        }
        if run > 0 {
            pair(v, start + i);
        }
        (i, v) = (i + run, v + run);
        if i == body.len() {
            break;
        }
        // An escape: the backslash at `i`.
        let mut chars = body[i + 1..].char_indices().peekable();
        let (_, kind) = chars.next()?;
        if let Some(c) = escaped(kind, &mut chars)? {
            if !value[v..].starts_with(c) {
                return None;
            }
            pair(v, start + i);
            v += c.len_utf8();
        } else {
            line_ending(form, kind, &mut chars)?;
        }
        i += 1 + chars.peek().map_or(body.len() - i - 1, |&(j, _)| j);
    }
    if v != value.len() {
        return None;
    }
    pair(value.len(), end);
    Some(out)
}

/// The form of a TOML string token, and where its value starts and ends.
fn body(raw: &str) -> Option<(Form, usize, usize)> {
    let (form, start) = opening(raw)?;
    let delimiter = if form.literal { "'" } else { "\"" }.repeat(form.quotes);
    // A token the parser recovered from may lack its closing delimiter.
    let end = if raw.len() >= start + form.quotes && raw.ends_with(&delimiter) {
        raw.len() - form.quotes
    } else {
        raw.len()
    };
    Some((form, start, end))
}

/// Skips what a line-ending backslash takes (multi-line strings only),
/// `kind` being the character after it: spaces or tabs, a newline, then
/// every space, tab and newline up to the next text. Only TOML's own
/// whitespace counts: a no-break space is text. `None` when the
/// backslash does not end its line.
fn line_ending(
    form: Form,
    kind: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
) -> Option<()> {
    let toml_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    if form.quotes != 3 {
        return None;
    }
    let mut newline = matches!(kind, '\n' | '\r');
    while let Some(&(_, w)) = chars.peek() {
        if !toml_space(w) {
            break;
        }
        newline |= matches!(w, '\n' | '\r');
        chars.next();
    }
    newline.then_some(())
}

/// Keeps only the pairs where the distance between value and file offsets
/// changes, shifted to file offsets: most texts need one pair, not one per
/// character.
#[cfg(test)]
fn sparse(pairs: &[(usize, usize)], base: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(o, f) in pairs {
        let f = f + base;
        let same_distance = out
            .last()
            .is_some_and(|&(lo, lf)| f.checked_sub(lf) == o.checked_sub(lo));
        if !same_distance {
            out.push((o, f));
        }
    }
    out
}

/// Maps every char boundary of `value` to its offset in `raw`, the TOML
/// token that produced it. `None` when the token does not decode to
/// `value` (a token the parser rejected and recovered from).
#[cfg(test)]
fn map_offsets(raw: &str, value: &str) -> Option<Vec<(usize, usize)>> {
    let (chars, end) = decode(raw)?;
    let mut out = Vec::with_capacity(chars.len() + 1);
    let mut decoded = chars.into_iter();
    for (vi, vc) in value.char_indices() {
        let (c, at) = decoded.next()?;
        if c != vc {
            return None;
        }
        out.push((vi, at));
    }
    if decoded.next().is_some() {
        return None;
    }
    out.push((value.len(), end));
    Some(out)
}

/// Decodes a TOML string token into its characters, each with the offset
/// in `raw` where the text that wrote it starts (the backslash of an
/// escape), and the offset where the value ends.
///
/// Walks `raw` character by character, never by guessed byte counts, so
/// that no offset falls inside a character.
#[cfg(test)]
fn decode(raw: &str) -> Option<(Vec<(char, usize)>, usize)> {
    let (form, start, end) = body(raw)?;
    let body = raw.get(start..end)?;
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        if form.literal || c != '\\' {
            out.push((c, at));
            continue;
        }
        let (_, kind) = chars.next()?;
        match escaped(kind, &mut chars)? {
            Some(escaped) => out.push((escaped, at)),
            None => line_ending(form, kind, &mut chars)?,
        }
    }
    Some((out, end))
}

/// The character an escape stands for, `kind` being the character after
/// the backslash: `Some(None)` for a line-ending backslash (TOML
/// whitespace after it), `None` for an escape TOML does not have.
fn escaped(
    kind: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
) -> Option<Option<char>> {
    let digits = match kind {
        'u' => 4,
        'U' => 8,
        'x' => 2,
        'b' => return Some(Some('\u{8}')),
        't' => return Some(Some('\t')),
        'n' => return Some(Some('\n')),
        'f' => return Some(Some('\u{c}')),
        'r' => return Some(Some('\r')),
        'e' => return Some(Some('\u{1b}')),
        '"' => return Some(Some('"')),
        '\\' => return Some(Some('\\')),
        ' ' | '\t' | '\n' | '\r' => return Some(None),
        _ => return None,
    };
    let mut code = 0u32;
    for _ in 0..digits {
        let (_, d) = chars.next()?;
        code = code * 16 + d.to_digit(16)?;
    }
    Some(Some(char::from_u32(code)?))
}

/// The texts of one field (a title, a block) by language.
#[derive(Debug, Clone)]
pub struct TextSet {
    /// The field as a whole, for "missing text" errors.
    pub span: Span,
    texts: BTreeMap<String, Text>,
}

impl TextSet {
    pub fn empty(span: Span) -> Self {
        TextSet {
            span,
            texts: BTreeMap::new(),
        }
    }

    pub fn insert(&mut self, text: Text) {
        self.texts.insert(text.lang.clone(), text);
    }

    pub fn get(&self, lang: &str) -> Option<&Text> {
        self.texts.get(lang)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Text> {
        self.texts.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_offsets(raw: &str, value: &str) -> Vec<usize> {
        map_offsets(raw, value)
            .expect("mappable")
            .into_iter()
            .map(|(_, f)| f)
            .collect()
    }

    #[test]
    fn plain_basic_string() {
        assert_eq!(file_offsets("\"ab\"", "ab"), vec![1, 2, 3]);
    }

    #[test]
    fn multiline_skips_first_newline() {
        assert_eq!(file_offsets("\"\"\"\nab\"\"\"", "ab"), vec![4, 5, 6]);
    }

    #[test]
    fn escapes_map_to_their_backslash() {
        // \\[ in the file is \[ in the value.
        let raw = "\"a\\\\[b\"";
        assert_eq!(file_offsets(raw, "a\\[b"), vec![1, 2, 4, 5, 6]);
    }

    #[test]
    fn literal_strings_keep_backslashes() {
        assert_eq!(file_offsets("'a\\b'", "a\\b"), vec![1, 2, 3, 4]);
    }

    /// The offsets taken run by run are those of the walk character by
    /// character, whatever the token: every quote form, escapes,
    /// line-ending backslashes, tokens left unclosed, values that are not
    /// the token's.
    #[test]
    fn offsets_by_runs_are_those_of_the_full_walk() {
        use proptest::prelude::*;
        let quotes = ["", "\"", "'", "\"\"\"", "'''"];
        let body = r#"[ab\\ntué"'\n\r ]{0,10}"#;
        let mut runner = proptest::test_runner::TestRunner::default();
        runner
            .run(
                &(0..5usize, body, any::<bool>(), 0..3),
                |(q, body, closed, pick)| {
                    let close = if closed { quotes[q] } else { "" };
                    let raw = format!("{}{body}{close}", quotes[q]);
                    // The value as decoded, or the body as written (with or
                    // without what closes it).
                    let value: String = match (decode(&raw), pick) {
                        (Some((chars, _)), 0) => chars.into_iter().map(|(c, _)| c).collect(),
                        (_, 1) => body.clone(),
                        _ => format!("{body}{close}"),
                    };
                    let full = map_offsets(&raw, &value).map(|v| sparse(&v, 7));
                    prop_assert_eq!(offsets(&raw, &value, 7), full, "{:?} {:?}", raw, value);
                    Ok(())
                },
            )
            .unwrap();
        // Runs, escapes and line-ending backslashes each take their part.
        assert_eq!(offsets(r#""ab""#, "ab", 0), Some(vec![(0, 1)]));
        assert_eq!(offsets("\"\"\"\nab\"\"\"\"", "ab\"", 0), Some(vec![(0, 4)]));
        assert_eq!(offsets(r#""a\nb""#, "a\nb", 0), Some(vec![(0, 1), (2, 4)]));
        assert_eq!(
            offsets("\"\"\"a\\\n  b\"\"\"", "ab", 0),
            Some(vec![(0, 3), (1, 8)])
        );
        assert_eq!(offsets(r#""a\qb""#, "aqb", 0), None);
    }

    #[test]
    fn sparse_pairs_map_like_the_full_ones() {
        let raw = "\"a\\\\[bc\"";
        let value = "a\\[bc";
        let full = map_offsets(raw, value).unwrap();
        let text = Text::new(
            "en",
            value.to_string(),
            Span::new(0, 10..10 + raw.len()),
            &format!("{}{raw}", " ".repeat(10)),
        );
        assert_eq!(
            text.offsets.len(),
            2,
            "one pair before the escape, one after"
        );
        for (o, f) in full {
            assert_eq!(text.span_of(o..o).range.start, f + 10, "value offset {o}");
        }
    }

    /// Parses `k = TOKEN` as the loader does and maps its value.
    fn parsed(token: &str) -> (String, Text) {
        let source = format!("k = {token}\n");
        let (root, _) = toml::de::DeTable::parse_recoverable(&source);
        let value = root.get_ref().iter().next().map(|(_, v)| v.clone());
        let (value, span) = match value.as_ref().map(|v| (v.get_ref(), v.span())) {
            Some((toml::de::DeValue::String(s), span)) => (s.to_string(), span),
            _ => (String::new(), 4..source.len() - 1),
        };
        let text = Text::new("en", value, Span::new(0, span), &source);
        (source, text)
    }

    const FORMS: [(&str, &str); 4] = [
        ("\"", "\""),
        ("\"\"\"", "\"\"\""),
        ("'", "'"),
        ("'''", "'''"),
    ];

    /// Every escape TOML has, in both forms that read escapes, then the
    /// literal forms, which keep the backslash: the `X` written after it
    /// is found at its own column.
    #[test]
    fn the_text_after_every_escape_maps_to_its_own_column() {
        let escapes = [
            "\\b",
            "\\t",
            "\\n",
            "\\f",
            "\\r",
            "\\e",
            "\\\"",
            "\\\\",
            "\\x41",
            "\\u00E9",
            "\\U0001F600",
        ];
        for (open, close) in FORMS {
            for escape in escapes {
                if open.starts_with('\'') && escape == "\\\"" && open.len() == 1 {
                    // `'\"'` is fine, but keep the literal cases plain.
                    continue;
                }
                let token = format!("{open}é{escape}X{close}");
                let (source, text) = parsed(&token);
                let x = text.value.rfind('X').expect("the value has the X");
                let span = text.span_of(x..x + 1);
                assert_eq!(&source[span.range.clone()], "X", "{token}");
                // And the escape itself is found at its backslash.
                let after = 'é'.len_utf8();
                let at = text.span_of(after..after + 1).range.start;
                assert_eq!(&source[at..at + 1], "\\", "{token}");
            }
        }
    }

    #[test]
    fn a_line_ending_backslash_skips_toml_whitespace_only() {
        // A no-break space after the newline is text, not indentation.
        let (source, text) = parsed("\"\"\"a \\\n\u{a0}Xb\"\"\"");
        assert_eq!(text.value, "a \u{a0}Xb");
        let x = text.value.find('X').unwrap();
        assert_eq!(&source[text.span_of(x..x + 1).range], "X");
        let (source, text) = parsed("\"\"\"a\\  \r\n \t\n  Xb\"\"\"");
        assert_eq!(text.value, "aXb");
        assert_eq!(&source[text.span_of(1..2).range], "X");
    }

    /// Tokens made of awkward pieces (non-ASCII text, escapes valid and
    /// not, line-ending backslashes before non-ASCII spaces, CRLF) in the
    /// four forms: mapping any offset never panics and always lands on a
    /// character boundary inside the token.
    #[test]
    fn no_offset_falls_inside_a_character() {
        let pieces = [
            "a",
            "é",
            "\\é",
            "\\u00e9",
            "\\U0001F600",
            "\\\n\u{a0}",
            "\\ \n  ",
            "\\x41",
            "\u{a0}",
            "\\\\",
            "\r\n",
            "\\",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for (open, close) in FORMS {
                        let token = format!("{open}{a}{b}{c}{close}");
                        let (source, text) = parsed(&token);
                        for at in 0..=text.value.len() + 1 {
                            let r = text.span_of(at..at + 1).range;
                            assert!(
                                source.is_char_boundary(r.start) && source.is_char_boundary(r.end),
                                "{token:?} at {at}: {r:?}"
                            );
                            assert!(r.start >= 4 && r.end <= source.len(), "{token:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn span_of_points_into_the_file() {
        let source = "en = \"\"\"\nsee [](#x)\"\"\"";
        let value = "see [](#x)".to_string();
        let text = Text::new("en", value, Span::new(0, 5..source.len()), source);
        let span = text.span_of(4..10);
        assert_eq!(&source[span.range], "[](#x)");
    }
}
