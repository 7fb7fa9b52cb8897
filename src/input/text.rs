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
        let offsets = match opening(raw) {
            // Most texts are written as they read, without escapes: one
            // pair maps them.
            Some((pos, literal))
                if raw[pos..].starts_with(value.as_str()) && (literal || !value.contains('\\')) =>
            {
                vec![(0, span.range.start + pos)]
            }
            _ => map_offsets(raw, &value)
                .map(|v| sparse(&v, span.range.start))
                .unwrap_or_default(),
        };
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
        let find = |at: usize| {
            // The last pair at or before `at`.
            let i = self.offsets.partition_point(|(o, _)| *o <= at);
            let (o, f) = *self.offsets.get(i.checked_sub(1)?)?;
            Some(f + (at - o))
        };
        match (find(range.start), find(range.end)) {
            (Some(start), Some(end)) if end >= start => Span::new(self.span.file, start..end),
            (Some(start), _) => Span::new(self.span.file, start..start + 1),
            _ => Span::new(
                self.span.file,
                self.span.range.start..self.span.range.start + 1,
            ),
        }
    }
}

/// Where the value starts in a TOML string token, and whether the token is
/// a literal string (no escapes).
fn opening(raw: &str) -> Option<(usize, bool)> {
    let (open, literal) = if raw.starts_with("\"\"\"") {
        (3, false)
    } else if raw.starts_with("'''") {
        (3, true)
    } else if raw.starts_with('"') {
        (1, false)
    } else if raw.starts_with('\'') {
        (1, true)
    } else {
        return None;
    };
    let mut pos = open;
    // A newline right after the opening delimiter is not part of the value.
    if open == 3 {
        if raw[pos..].starts_with("\r\n") {
            pos += 2;
        } else if raw[pos..].starts_with('\n') {
            pos += 1;
        }
    }
    Some((pos, literal))
}

/// Keeps only the pairs where the distance between value and file offsets
/// changes, shifted to file offsets: most texts need one pair, not one per
/// character.
fn sparse(pairs: &[(usize, usize)], base: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(o, f) in pairs {
        let f = f + base;
        let same_distance = out.last().is_some_and(|&(lo, lf)| f - lf == o - lo);
        if !same_distance {
            out.push((o, f));
        }
    }
    out
}

/// Maps every char boundary of `value` to its offset in `raw`, the TOML
/// token that produced it (one of the four TOML string forms).
fn map_offsets(raw: &str, value: &str) -> Option<Vec<(usize, usize)>> {
    let (mut pos, literal) = opening(raw)?;
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(value.len() + 1);
    let mut chars = value.char_indices().peekable();
    while let Some((vi, vc)) = chars.next() {
        if !literal && bytes.get(pos) == Some(&b'\\') {
            // Line-ending backslash: skip it and all whitespace after it.
            let rest = &raw[pos + 1..];
            let trimmed = rest.trim_start_matches([' ', '\t']);
            if trimmed.starts_with('\n') || trimmed.starts_with("\r\n") {
                let skipped = rest.len() - rest.trim_start().len();
                pos += 1 + skipped;
                // Re-read this char against the new position.
                out.push((vi, pos));
                pos += vc.len_utf8();
                continue;
            }
            out.push((vi, pos));
            pos += match rest.as_bytes().first() {
                Some(b'u') => 5,
                Some(b'U') => 9,
                _ => 2,
            };
            continue;
        }
        out.push((vi, pos));
        let expected = raw[pos..].chars().next()?;
        if expected != vc {
            return None;
        }
        pos += vc.len_utf8();
        let _ = chars.peek();
    }
    out.push((value.len(), pos));
    Some(out)
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

    fn offsets(raw: &str, value: &str) -> Vec<usize> {
        map_offsets(raw, value)
            .expect("mappable")
            .into_iter()
            .map(|(_, f)| f)
            .collect()
    }

    #[test]
    fn plain_basic_string() {
        assert_eq!(offsets("\"ab\"", "ab"), vec![1, 2, 3]);
    }

    #[test]
    fn multiline_skips_first_newline() {
        assert_eq!(offsets("\"\"\"\nab\"\"\"", "ab"), vec![4, 5, 6]);
    }

    #[test]
    fn escapes_map_to_their_backslash() {
        // \\[ in the file is \[ in the value.
        let raw = "\"a\\\\[b\"";
        assert_eq!(offsets(raw, "a\\[b"), vec![1, 2, 4, 5, 6]);
    }

    #[test]
    fn literal_strings_keep_backslashes() {
        assert_eq!(offsets("'a\\b'", "a\\b"), vec![1, 2, 3, 4]);
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

    #[test]
    fn span_of_points_into_the_file() {
        let source = "en = \"\"\"\nsee [](#x)\"\"\"";
        let value = "see [](#x)".to_string();
        let text = Text::new("en", value, Span::new(0, 5..source.len()), source);
        let span = text.span_of(4..10);
        assert_eq!(&source[span.range], "[](#x)");
    }
}
