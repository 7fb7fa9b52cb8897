//! The input files of one document, read into plain structs that remember
//! where each value came from.
//!
//! A document folder holds `document.toml` (facts written once, the
//! per-language text of title and summary, the order of sections, and the
//! sections that belong to no package) and `packages/NAME.toml`, one file
//! per WCO package. Loading only reads and type-checks; what the values mean
//! (numbering, references, languages) is the model's business.

mod fields;
pub mod file;
mod load;
pub mod names;
mod reader;
pub mod text;

use std::path::PathBuf;

use crate::diagnostics::{FileId, Span};
pub use load::{Texts, load, parse};
pub use names::Id;
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

/// How a language adds spaces around punctuation: a locale's `spacing`,
/// and a document's `house_style`, which says how French spacing is done.
/// Both are read by [`Spacing::parse`], the one parser of these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum Spacing {
    /// French rules: narrow no-break space before ; ! ? and inside « »,
    /// no-break space before :.
    French,
    /// No space added (EU Interinstitutional Style Guide).
    None,
}

impl Spacing {
    fn parse(name: &str) -> Option<Self> {
        match name {
            "french" => Some(Spacing::French),
            "none" => Some(Spacing::None),
            _ => None,
        }
    }
}

/// A name that is not a [`Spacing`]: the field that holds it and the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSpacing {
    pub field: &'static str,
    pub name: String,
}

impl std::fmt::Display for UnknownSpacing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown {} `{}` (expected `french` or `none`)",
            self.field, self.name
        )
    }
}

impl TryFrom<String> for Spacing {
    type Error = UnknownSpacing;

    fn try_from(name: String) -> Result<Self, UnknownSpacing> {
        Spacing::parse(&name).ok_or(UnknownSpacing {
            field: "spacing",
            name,
        })
    }
}

/// What a block is. Only paragraphs take a number. The model and the
/// renderers use it as it is read here.
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
    pub const NAMES: [&'static str; 5] = ["bullet", "dash", "decimal", "roman", "alpha"];

    pub fn parse(name: &str) -> Option<Self> {
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
    pub id: Option<Located<Id>>,
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
    /// How French spacing is done; `None` leaves each locale's own.
    pub house_style: Option<Located<Spacing>>,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A locale's `spacing` is read by the same parser as `house_style`,
    /// and says which field holds the unknown name.
    #[test]
    fn a_locale_spacing_is_read_by_the_one_parser() {
        #[derive(Debug, serde::Deserialize)]
        struct Holder {
            #[allow(dead_code)]
            spacing: Spacing,
        }
        let ok: Holder = toml::from_str("spacing = \"none\"").unwrap();
        assert_eq!(ok.spacing, Spacing::None);
        let e = toml::from_str::<Holder>("spacing = \"French\"").unwrap_err();
        assert!(
            e.message()
                .contains("unknown spacing `French` (expected `french` or `none`)"),
            "{e}"
        );
    }
}
