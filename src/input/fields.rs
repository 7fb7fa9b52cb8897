//! The fields of the input files, read into the input structs: types
//! checked, names checked against their charsets (see [`super::names`]).

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;
use toml::de::DeValue;

use super::names::{Id, Name};
use super::reader::{Ctx, Located, Table};
use super::{
    BlockInput, BlockKind, DocumentInput, ListStyle, Meeting, SectionInput, Spacing, Text, TextSet,
    UnknownSpacing,
};
use crate::diagnostics::Diagnostic;

/// The facts and texts of document.toml (not its sections).
pub(super) fn document_fields(
    ctx: &Ctx,
    t: &Table,
    dir: &Path,
    known_languages: &[&str],
) -> DocumentInput {
    let languages = languages(ctx, t, known_languages);
    let sessions = t.array(ctx, "sessions", |v, path| {
        let n = t.integer(ctx, v, path)?;
        match u32::try_from(n) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                ctx.error(
                    v.span(),
                    format!("`{path}` must be a session number above 0"),
                );
                None
            }
        }
    });
    if !t.has("sessions") {
        t.missing(ctx, "sessions", "session numbers, e.g. [227, 228]");
    }
    let (purpose, action) = summary(ctx, t, known_languages);
    let symbol = t.required_string(ctx, "symbol", "the document symbol, e.g. \"PC0608\"");
    let suffix = t.required_string(ctx, "suffix", "the letter after the language, e.g. \"a\"");
    let doc = DocumentInput {
        dir: dir.to_path_buf(),
        file: ctx.file,
        symbol: symbol.filter(|s| valid_name(ctx, Name::Symbol, s)),
        suffix: suffix.filter(|s| valid_name(ctx, Name::Suffix, s)),
        committee: t.required_string(ctx, "committee", "a committee key, e.g. \"ptc\""),
        sessions,
        meeting: meeting(ctx, t),
        issued: t.date(ctx, "issued"),
        place: t.required_string(ctx, "place", "a place key, e.g. \"brussels\""),
        agenda_item: t.required_string(ctx, "agenda_item", "e.g. \"IV. (g)\""),
        item_category: t.string(ctx, "item_category"),
        languages,
        house_style: house_style(ctx, t),
        title: text_table(ctx, t, "title", known_languages),
        purpose,
        action,
        sections: Vec::new(),
    };
    if !t.has("issued") {
        t.missing(ctx, "issued", "the date of issue, e.g. 2020-03-24");
    }
    if !t.has("meeting") {
        t.missing(
            ctx,
            "meeting",
            "the meeting dates, e.g. { from = 2020-05-18, to = 2020-05-20 }",
        );
    }
    doc
}

/// `house_style`: how French spacing is done.
fn house_style(ctx: &Ctx, t: &Table) -> Option<Located<Spacing>> {
    let style = t.string(ctx, "house_style")?;
    match Spacing::parse(&style.value) {
        Some(spacing) => Some(Located::new(spacing, style.span)),
        None => {
            let unknown = UnknownSpacing {
                field: "house_style",
                name: style.value,
            };
            ctx.error(style.span.range, unknown.to_string());
            None
        }
    }
}

/// `languages`: known locale codes, each once.
fn languages(ctx: &Ctx, t: &Table, known_languages: &[&str]) -> Vec<Located<String>> {
    let mut seen: Vec<Located<String>> = Vec::new();
    let languages = t.array(ctx, "languages", |v, path| {
        let l = string_item(ctx, v, path)?;
        if !valid_name(ctx, Name::Language, &l) {
            return None;
        }
        if !known_languages.contains(&l.value.as_str()) {
            ctx.error(
                l.span.range.clone(),
                format!(
                    "no locale for language `{}` (known: {})",
                    l.value,
                    known_languages.join(", ")
                ),
            );
            return None;
        }
        if let Some(first) = seen.iter().find(|s| s.value == l.value) {
            ctx.push(
                Diagnostic::error(
                    l.span.clone(),
                    format!("language `{}` is listed twice", l.value),
                )
                .with_related(first.span.clone(), "first listed here")
                .with_note("each language is built once, into its own files"),
            );
            return None;
        }
        seen.push(l.clone());
        Some(l)
    });
    if !t.has("languages") {
        t.missing(
            ctx,
            "languages",
            "the languages to build, e.g. [\"en\", \"fr\"]",
        );
    }
    languages.map(|l| l.value).unwrap_or_default()
}

/// `summary.purpose` and `summary.action`.
fn summary(ctx: &Ctx, t: &Table, known_languages: &[&str]) -> (TextSet, TextSet) {
    let Some(s) = t.table(ctx, "summary") else {
        if !t.has("summary") {
            t.missing(ctx, "summary", "the summary box: purpose and action");
        }
        ctx.lost.set(true);
        return (
            TextSet::empty(ctx.span(0..0)),
            TextSet::empty(ctx.span(0..0)),
        );
    };
    let s = s.expect(&["purpose", "action"]);
    let purpose = text_table(ctx, &s, "purpose", known_languages);
    let action = text_table(ctx, &s, "action", known_languages);
    s.finish(ctx);
    (purpose, action)
}

/// The names in `sections`, each reported if it is not a valid section
/// name (the caller looks up only the valid ones).
pub(super) fn section_names(ctx: &Ctx, t: &Table) -> Vec<Located<String>> {
    let names = t
        .array(ctx, "sections", |v, path| {
            let name = string_item(ctx, v, path)?;
            valid_name(ctx, Name::Section, &name);
            Some(name)
        })
        .map(|l| l.value)
        .unwrap_or_default();
    if !t.has("sections") {
        t.missing(
            ctx,
            "sections",
            "the sections in order, e.g. [\"introduction\", \"revenue\"]",
        );
    }
    names
}

/// The sections written in document.toml, by name.
pub(super) fn inline_sections(
    ctx: &Ctx,
    t: &Table,
    listed: &[Located<String>],
    known_languages: &[&str],
) -> BTreeMap<String, SectionInput> {
    // `sections` is both the order (an array) and, as [sections.NAME]
    // tables, the text of sections written here. TOML cannot have both
    // under one key, so the tables live under [section.NAME].
    let mut out = BTreeMap::new();
    let Some(tables) = t.table(ctx, "section") else {
        return out;
    };
    for (name, value) in tables.entries(ctx) {
        if Name::Section.problem(&name.value).is_some() {
            // A listed name was reported where it is listed.
            if !listed.iter().any(|l| l.value == name.value) {
                valid_name(ctx, Name::Section, &name);
            }
            continue;
        }
        if let Some(st) = Table::from_value(ctx, &format!("section.{}", name.value), value) {
            let st = st.expect(&["title", "blocks"]);
            let section = section(ctx, &st, name.clone(), known_languages);
            st.finish(ctx);
            out.insert(name.value.clone(), section);
        }
    }
    out
}

/// Whether `value` is a valid name of its kind; reports it if not.
fn valid_name(ctx: &Ctx, kind: Name, value: &Located<String>) -> bool {
    match kind.check(&value.value) {
        Ok(()) => true,
        Err(invalid) => {
            ctx.push(invalid.diagnostic(value.span.clone()));
            false
        }
    }
}

fn string_item(ctx: &Ctx, v: &Spanned<DeValue>, path: &str) -> Option<Located<String>> {
    match v.get_ref() {
        DeValue::String(s) => Some(Located::new(s.to_string(), ctx.span(v.span()))),
        _ => {
            ctx.error(v.span(), format!("`{path}` must be a string"));
            None
        }
    }
}

fn meeting(ctx: &Ctx, t: &Table) -> Option<Located<Meeting>> {
    let m = t.table(ctx, "meeting")?.expect(&["from", "to"]);
    let from = m.date(ctx, "from");
    let to = m.date(ctx, "to");
    if !m.has("from") {
        m.missing(ctx, "from", "the first day of the meeting");
    }
    if !m.has("to") {
        m.missing(ctx, "to", "the last day of the meeting");
    }
    let span = ctx.span(m.range.clone());
    m.finish(ctx);
    let (from, to) = (from?, to?);
    if to.value < from.value {
        ctx.error(to.span.range.clone(), "the meeting ends before it starts");
        return None;
    }
    Some(Located::new(
        Meeting {
            from: from.value,
            to: to.value,
        },
        span,
    ))
}

/// Reads `key` as a table of texts by language (`title.en = "..."`).
fn text_table(ctx: &Ctx, t: &Table, key: &str, languages: &[&str]) -> TextSet {
    let Some(value) = t.get(key) else {
        t.missing(ctx, key, "a text per language, e.g. en = \"...\"");
        ctx.lost.set(true);
        return TextSet::empty(ctx.span(t.range.start..t.range.start));
    };
    let path = if t.path.is_empty() {
        key.to_string()
    } else {
        format!("{}.{key}", t.path)
    };
    let Some(texts) = Table::from_value(ctx, &path, value) else {
        ctx.lost.set(true);
        return TextSet::empty(ctx.span(value.span()));
    };
    let texts = texts.expect(languages);
    let set = read_texts(ctx, &texts, languages);
    texts.finish(ctx);
    set
}

/// A control character (other than a line end or a tab) has no glyph and
/// no place in XML: no output could show it, so it is an error where it is
/// written rather than a character one format silently drops.
fn refuse_control_characters(ctx: &Ctx, text: &Text) {
    let found =
        first_control(&text.value).and_then(|at| Some((at, text.value[at..].chars().next()?)));
    if let Some((at, c)) = found {
        ctx.push(
            Diagnostic::error(
                text.span_of(at..at + c.len_utf8()),
                format!(
                    "a control character (U+{:04X}) cannot be shown in any output",
                    c as u32
                ),
            )
            .with_note("remove it, or write the character you meant"),
        );
    }
}

/// Where the first control character other than a line end or a tab is.
/// Read on bytes, as every text is: the control characters are those of
/// one byte below 0x20 and 0x7F, and U+0080 to U+009F, written 0xC2 then
/// 0x80 to 0x9F.
fn first_control(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
            || b == 0x7F
            || b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n))
    })
}

/// Takes the language keys of a table as texts.
fn read_texts(ctx: &Ctx, t: &Table, languages: &[&str]) -> TextSet {
    let mut set = TextSet::empty(ctx.span(t.range.clone()));
    for lang in languages {
        if let Some(value) = t.get(lang) {
            match value.get_ref() {
                DeValue::String(s) => {
                    let text = Text::new(lang, s.to_string(), ctx.span(value.span()), ctx.source);
                    refuse_control_characters(ctx, &text);
                    set.insert(text);
                }
                _ => {
                    ctx.error(
                        value.span(),
                        format!("the `{lang}` text must be a string of Markdown"),
                    );
                    ctx.lost.set(true);
                }
            }
        }
    }
    set
}

pub(super) fn section(
    ctx: &Ctx,
    t: &Table,
    name: Located<String>,
    languages: &[&str],
) -> SectionInput {
    let title = text_table(ctx, t, "title", languages);
    let known: Vec<&str> = ["id", "kind", "lists"]
        .iter()
        .chain(languages.iter())
        .copied()
        .collect();
    let mut blocks = Vec::new();
    if let Some(list) = t.get("blocks") {
        match list.get_ref() {
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("blocks[{i}]");
                    if let Some(bt) = Table::from_value(ctx, &path, item) {
                        blocks.push(block(ctx, &bt.expect(&known), languages));
                    }
                }
            }
            _ => ctx.error(list.span(), "`blocks` must be written as [[blocks]] tables"),
        }
    }
    SectionInput {
        name,
        file: ctx.file,
        title,
        blocks,
    }
}

fn block(ctx: &Ctx, t: &Table, languages: &[&str]) -> BlockInput {
    let id = t.string(ctx, "id").and_then(|id| match Id::new(&id.value) {
        Ok(valid) => Some(Located::new(valid, id.span)),
        Err(invalid) => {
            ctx.push(invalid.diagnostic(id.span));
            None
        }
    });
    let kind = match t.string(ctx, "kind") {
        Some(k) => BlockKind::parse(&k.value).unwrap_or_else(|| {
            ctx.error(
                k.span.range.clone(),
                format!(
                    "unknown block kind `{}` (expected one of: {})",
                    k.value,
                    BlockKind::NAMES.join(", ")
                ),
            );
            BlockKind::Paragraph
        }),
        None => BlockKind::Paragraph,
    };
    let lists = t
        .array(ctx, "lists", |v, path| {
            let name = string_item(ctx, v, path)?;
            match ListStyle::parse(&name.value) {
                Some(style) => Some(Located::new(style, name.span)),
                None => {
                    ctx.error(
                        name.span.range.clone(),
                        format!(
                            "unknown list style `{}` (expected one of: {})",
                            name.value,
                            ListStyle::NAMES.join(", ")
                        ),
                    );
                    None
                }
            }
        })
        .map(|l| l.value)
        .unwrap_or_default();
    let texts = read_texts(ctx, t, languages);
    // The span of a [[blocks]] table: its first line is enough to find it.
    let span = ctx.span(ctx.rest_of_line(t.range.start));
    t.finish(ctx);
    BlockInput {
        span,
        id,
        kind,
        lists,
        texts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Read on bytes, the first control character is the one read on
        /// characters.
        #[test]
        fn controls_found_on_bytes_as_on_characters(
            value in "[a\\n\\r\\t\\x00\\x1f\\x7f\\u{80}\\u{9f}\\u{a0}\\u{c2}\\u{100}\\u{2028}é€\\u{1F600}]{0,12}",
        ) {
            let by_chars = value
                .char_indices()
                .find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                .map(|(at, _)| at);
            proptest::prop_assert_eq!(first_control(&value), by_chars);
        }
    }
}
