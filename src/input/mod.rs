//! The input files of one document, read into plain structs that remember
//! where each value came from.
//!
//! A document folder holds `document.toml` (facts written once, the
//! per-language text of title and summary, the order of sections, and the
//! sections that belong to no package) and `packages/NAME.toml`, one file
//! per WCO package. Loading only reads and type-checks; what the values mean
//! (numbering, references, languages) is the model's business.

mod reader;
pub mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, Sources, Span};
use reader::{Ctx, Table};
pub use reader::{Located, closest};
pub use text::{Text, TextSet};

/// A calendar date, as TOML writes it (`2020-03-24`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// The days a meeting runs, first to last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meeting {
    pub from: Date,
    pub to: Date,
}

/// What a block is. Only paragraphs take a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Unnumbered,
    Heading,
    Quote,
}

impl BlockKind {
    const NAMES: [&'static str; 4] = ["paragraph", "unnumbered", "heading", "quote"];

    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "paragraph" => BlockKind::Paragraph,
            "unnumbered" => BlockKind::Unnumbered,
            "heading" => BlockKind::Heading,
            "quote" => BlockKind::Quote,
            _ => return None,
        })
    }
}

/// How the items of a list are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    Bullet,
    Dash,
    Decimal,
    Roman,
    Alpha,
}

impl ListStyle {
    const NAMES: [&'static str; 5] = ["bullet", "dash", "decimal", "roman", "alpha"];

    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "bullet" => ListStyle::Bullet,
            "dash" => ListStyle::Dash,
            "decimal" => ListStyle::Decimal,
            "roman" => ListStyle::Roman,
            "alpha" => ListStyle::Alpha,
            _ => return None,
        })
    }

    /// Whether Markdown must write the list as `1.` (rather than `-`).
    pub fn is_ordered(self) -> bool {
        matches!(
            self,
            ListStyle::Decimal | ListStyle::Roman | ListStyle::Alpha
        )
    }

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// One block of a section: by default a numbered paragraph.
#[derive(Debug, Clone)]
pub struct BlockInput {
    pub span: Span,
    pub id: Option<Located<String>>,
    pub kind: BlockKind,
    /// List styles by nesting depth; lists deeper than given use the
    /// default (`bullet` for `-` lists, `decimal` for `1.` lists).
    pub lists: Vec<Located<ListStyle>>,
    pub texts: TextSet,
}

/// A section: a package file, or a section written in document.toml.
#[derive(Debug, Clone)]
pub struct SectionInput {
    /// The name used in `sections = [...]`; also the section's id.
    pub name: Located<String>,
    pub file: FileId,
    pub title: TextSet,
    pub blocks: Vec<BlockInput>,
}

/// Everything read from one document folder.
#[derive(Debug, Clone)]
pub struct DocumentInput {
    pub dir: PathBuf,
    pub file: FileId,
    pub symbol: Option<Located<String>>,
    pub suffix: Option<Located<String>>,
    pub committee: Option<Located<String>>,
    pub sessions: Option<Located<Vec<u32>>>,
    pub meeting: Option<Located<Meeting>>,
    pub issued: Option<Located<Date>>,
    pub place: Option<Located<String>>,
    pub agenda_item: Option<Located<String>>,
    pub item_category: Option<Located<String>>,
    pub languages: Vec<Located<String>>,
    pub house_style: Option<Located<String>>,
    pub title: TextSet,
    pub purpose: TextSet,
    pub action: TextSet,
    /// In document order.
    pub sections: Vec<SectionInput>,
}

const DOCUMENT_KEYS: [&str; 15] = [
    "symbol",
    "suffix",
    "committee",
    "sessions",
    "meeting",
    "issued",
    "place",
    "agenda_item",
    "item_category",
    "languages",
    "house_style",
    "sections",
    "title",
    "summary",
    "section",
];

/// Reads `dir/document.toml` and the package files it lists.
///
/// `known_languages` are the languages that have a locale: a text in any
/// other language is an error. Every problem goes to `diags`; the returned
/// input holds whatever could be read.
pub fn load(
    dir: &Path,
    known_languages: &[&str],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<DocumentInput> {
    let doc_path = dir.join("document.toml");
    let text = match std::fs::read_to_string(&doc_path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::general(format!(
                "cannot read {}: {e}",
                doc_path.display()
            )));
            return None;
        }
    };
    let file = sources.add(&doc_path, text);
    let source = sources.text(file).to_string();
    let root = parse(file, &source, diags);

    let mut doc;
    let section_names: Vec<Located<String>>;
    let mut inline_sections = BTreeMap::new();
    {
        let ctx = Ctx::new(file, &source, diags);
        let t = Table::new("", root.span(), root.get_ref());
        let languages = t
            .array(&ctx, "languages", |v, path| {
                string_item(&ctx, v, path).filter(|l| {
                    let ok = known_languages.contains(&l.value.as_str());
                    if !ok {
                        ctx.error(
                            l.span.range.clone(),
                            format!(
                                "no locale for language `{}` (known: {})",
                                l.value,
                                known_languages.join(", ")
                            ),
                        );
                    }
                    ok
                })
            })
            .map(|l| l.value)
            .unwrap_or_default();
        if !t.has("languages") {
            t.missing(
                &ctx,
                "languages",
                "the languages to build, e.g. [\"en\", \"fr\"]",
            );
        }
        let sessions = t.array(&ctx, "sessions", |v, path| {
            let n = t.integer(&ctx, v, path)?;
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
            t.missing(&ctx, "sessions", "session numbers, e.g. [227, 228]");
        }
        let summary = t.table(&ctx, "summary");
        let (purpose, action) = match &summary {
            Some(s) => {
                let purpose = text_table(&ctx, s, "purpose", known_languages);
                let action = text_table(&ctx, s, "action", known_languages);
                (purpose, action)
            }
            None => {
                t.missing(&ctx, "summary", "the summary box: purpose and action");
                (
                    TextSet::empty(ctx.span(0..0)),
                    TextSet::empty(ctx.span(0..0)),
                )
            }
        };
        if let Some(s) = summary {
            s.finish(&ctx, &["purpose", "action"]);
        }
        doc = DocumentInput {
            dir: dir.to_path_buf(),
            file,
            symbol: t.required_string(&ctx, "symbol", "the document symbol, e.g. \"PC0608\""),
            suffix: t.required_string(&ctx, "suffix", "the letter after the language, e.g. \"a\""),
            committee: t.required_string(&ctx, "committee", "a committee key, e.g. \"ptc\""),
            sessions,
            meeting: meeting(&ctx, &t),
            issued: t.date(&ctx, "issued"),
            place: t.required_string(&ctx, "place", "a place key, e.g. \"brussels\""),
            agenda_item: t.required_string(&ctx, "agenda_item", "e.g. \"IV. (g)\""),
            item_category: t.string(&ctx, "item_category"),
            languages,
            house_style: t.string(&ctx, "house_style"),
            title: text_table(&ctx, &t, "title", known_languages),
            purpose,
            action,
            sections: Vec::new(),
        };
        if !t.has("issued") {
            t.missing(&ctx, "issued", "the date of issue, e.g. 2020-03-24");
        }
        if !t.has("meeting") {
            t.missing(
                &ctx,
                "meeting",
                "the meeting dates, e.g. { from = 2020-05-18, to = 2020-05-20 }",
            );
        }
        section_names = t
            .array(&ctx, "sections", |v, path| string_item(&ctx, v, path))
            .map(|l| l.value)
            .unwrap_or_default();
        if !t.has("sections") {
            t.missing(
                &ctx,
                "sections",
                "the sections in order, e.g. [\"introduction\", \"revenue\"]",
            );
        }
        // `sections` is both the order (an array) and, as [sections.NAME]
        // tables, the text of sections written here. TOML cannot have both
        // under one key, so the tables live under [section.NAME].
        if let Some(tables) = t.table(&ctx, "section") {
            for (name, value) in tables.entries(&ctx) {
                if let Some(st) = Table::from_value(&ctx, &format!("section.{}", name.value), value)
                {
                    let section = section(&ctx, &st, name.clone(), known_languages);
                    st.finish(&ctx, &["title", "blocks"]);
                    inline_sections.insert(name.value.clone(), section);
                }
            }
        }
        t.finish(&ctx, &DOCUMENT_KEYS);
    }

    // Sections in the order given, each from document.toml or its package file.
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    for name in &section_names {
        if let Some(first) = seen.get(&name.value) {
            diags.push(
                Diagnostic::error(
                    name.span.clone(),
                    format!("section `{}` is listed twice", name.value),
                )
                .with_related(first.clone(), "first listed here"),
            );
            continue;
        }
        seen.insert(name.value.clone(), name.span.clone());
        let package = dir.join("packages").join(format!("{}.toml", name.value));
        let inline = inline_sections.remove(&name.value);
        match (inline, package.exists()) {
            (Some(s), false) => doc.sections.push(s),
            (Some(s), true) => {
                diags.push(
                    Diagnostic::error(
                        s.name.span.clone(),
                        format!(
                            "section `{}` is written both here and in {}",
                            name.value,
                            package.display()
                        ),
                    )
                    .with_note("keep one of the two"),
                );
            }
            (None, true) => {
                if let Some(s) = load_package(&package, name, known_languages, sources, diags) {
                    doc.sections.push(s);
                }
            }
            (None, false) => diags.push(
                Diagnostic::error(name.span.clone(), format!("no section `{}`", name.value))
                    .with_note(format!(
                        "write it as [section.{}] in document.toml or as {}",
                        name.value,
                        package.display()
                    )),
            ),
        }
    }
    for (name, s) in inline_sections {
        diags.push(Diagnostic::warning(
            s.name.span.clone(),
            format!("section `{name}` is not listed in `sections`, so it is left out"),
        ));
    }
    warn_unlisted_packages(dir, &seen, file, diags);
    Some(doc)
}

fn warn_unlisted_packages(
    dir: &Path,
    listed: &BTreeMap<String, Span>,
    doc_file: FileId,
    diags: &mut Diagnostics,
) {
    let Ok(entries) = std::fs::read_dir(dir.join("packages")) else {
        return;
    };
    let mut unlisted: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .filter(|name| !listed.contains_key(name))
        .collect();
    unlisted.sort();
    for name in unlisted {
        diags.push(Diagnostic::warning(
            Span::new(doc_file, 0..0),
            format!("packages/{name}.toml is not listed in `sections`, so it is left out"),
        ));
    }
}

fn load_package(
    path: &Path,
    name: &Located<String>,
    known_languages: &[&str],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<SectionInput> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                name.span.clone(),
                format!("cannot read {}: {e}", path.display()),
            ));
            return None;
        }
    };
    let file = sources.add(path, text);
    let source = sources.text(file).to_string();
    let root = parse(file, &source, diags);
    let ctx = Ctx::new(file, &source, diags);
    let t = Table::new("", root.span(), root.get_ref());
    let located_name = Located::new(name.value.clone(), ctx.span(0..0));
    let section = section(&ctx, &t, located_name, known_languages);
    t.finish(&ctx, &["title", "blocks"]);
    Some(section)
}

/// Parses TOML, reporting every syntax error; what could be read is kept.
fn parse<'i>(file: FileId, source: &'i str, diags: &mut Diagnostics) -> Spanned<DeTable<'i>> {
    let (root, errors) = DeTable::parse_recoverable(source);
    for e in errors {
        let range = e.span().unwrap_or(0..0);
        diags.push(Diagnostic::error(
            Span::new(file, range),
            format!("TOML syntax: {}", e.message().trim_end()),
        ));
    }
    root
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
    let m = t.table(ctx, "meeting")?;
    let from = m.date(ctx, "from");
    let to = m.date(ctx, "to");
    if !m.has("from") {
        m.missing(ctx, "from", "the first day of the meeting");
    }
    if !m.has("to") {
        m.missing(ctx, "to", "the last day of the meeting");
    }
    let span = ctx.span(m.range.clone());
    m.finish(ctx, &["from", "to"]);
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
        return TextSet::empty(ctx.span(t.range.start..t.range.start));
    };
    let path = if t.path.is_empty() {
        key.to_string()
    } else {
        format!("{}.{key}", t.path)
    };
    let Some(texts) = Table::from_value(ctx, &path, value) else {
        return TextSet::empty(ctx.span(value.span()));
    };
    let set = read_texts(ctx, &texts, languages);
    texts.finish(ctx, languages);
    set
}

/// Takes the language keys of a table as texts.
fn read_texts(ctx: &Ctx, t: &Table, languages: &[&str]) -> TextSet {
    let mut set = TextSet::empty(ctx.span(t.range.clone()));
    for lang in languages {
        if let Some(value) = t.get(lang) {
            match value.get_ref() {
                DeValue::String(s) => set.insert(Text::new(
                    lang,
                    s.to_string(),
                    ctx.span(value.span()),
                    ctx.source,
                )),
                _ => ctx.error(
                    value.span(),
                    format!("the `{lang}` text must be a string of Markdown"),
                ),
            }
        }
    }
    set
}

fn section(ctx: &Ctx, t: &Table, name: Located<String>, languages: &[&str]) -> SectionInput {
    let title = text_table(ctx, t, "title", languages);
    let mut blocks = Vec::new();
    if let Some(list) = t.get("blocks") {
        match list.get_ref() {
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("blocks[{i}]");
                    if let Some(bt) = Table::from_value(ctx, &path, item) {
                        blocks.push(block(ctx, &bt, languages));
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
    let id = t.string(ctx, "id");
    if let Some(id) = &id {
        let ok = !id.value.is_empty()
            && id
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            ctx.error(
                id.span.range.clone(),
                "an id is made of letters, digits, `-` and `_`",
            );
        }
    }
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
    let known: Vec<&str> = ["id", "kind", "lists"]
        .iter()
        .chain(languages.iter())
        .copied()
        .collect();
    // The span of a [[blocks]] table: its first line is enough to find it.
    let start = t.range.start;
    let end = ctx.source[start..]
        .find('\n')
        .map_or(ctx.source.len(), |i| start + i);
    t.finish(ctx, &known);
    BlockInput {
        span: ctx.span(start..end),
        id,
        kind,
        lists,
        texts,
    }
}

impl DocumentInput {
    /// Every text of the document, in every language, in document order.
    pub fn texts(&self) -> Vec<&Text> {
        let mut out: Vec<&Text> = Vec::new();
        out.extend(self.title.iter());
        out.extend(self.purpose.iter());
        out.extend(self.action.iter());
        for section in &self.sections {
            out.extend(section.title.iter());
            for block in &section.blocks {
                out.extend(block.texts.iter());
            }
        }
        out
    }
}
