//! The document model: what every renderer sees, and all it sees.
//!
//! A [`Document`] is one language's variant of a document, fully resolved:
//! sections carry their roman numerals, paragraphs their numbers, list items
//! their labels, references their text and anchor, and every fixed word is
//! already in the language. Numbers come from the structure, which all
//! languages share, so paragraph 12 in English is paragraph 12 in French.

mod build;
pub mod facts;
mod list_style;
mod markdown;
mod parity;
mod redline;
mod references;
mod revision;
mod typeset;
mod urls;

pub use build::{BuildOptions, build, check_structure};
pub use list_style::{item_ids, marker_ranges};
pub(crate) use markdown::starts_inline;
pub use parity::{check_parity, structure_difference};
pub use redline::{Counts, CoverFact, FactChange, Redline};
pub use revision::{Revision, has_marks};

use crate::input::names::{ITEM_ANCHOR, PARAGRAPH_ANCHOR, SECTION_ANCHOR};
use crate::input::{Id, ListStyle};
use crate::locale::Words;

#[derive(Debug, Clone)]
pub struct Document {
    /// Language code ("en").
    pub lang: String,
    pub html_lang: String,
    pub pdf_lang: String,
    pub hyphenation: String,
    /// The locale's hyphenation exceptions and month names (the PDF never
    /// splits a month after a day number).
    pub hyphenation_exceptions: Vec<String>,
    pub months: Vec<String>,
    /// Full symbol, first page and file name: "PC0608Ea".
    pub symbol: String,
    /// Running-header symbol: "PC0608E".
    pub short_symbol: String,
    pub committee: String,
    /// "227th/228th Sessions"; French ordinals are superscripts.
    pub sessions: Vec<Inline>,
    /// "18 – 20 May 2020", "1er – 3 juillet 2020".
    pub meeting_dates: Vec<Inline>,
    /// "Brussels, 24 March 2020."
    pub dateline: Vec<Inline>,
    /// The date of issue, when the document has one.
    pub issued: Option<crate::input::Date>,
    pub title: Vec<Inline>,
    /// "(Item IV. (g) on the Agenda)".
    pub agenda_item: String,
    /// "("A" Item on the Agenda)", when the document has a category.
    pub item_category: Option<String>,
    pub purpose: Vec<Flow>,
    /// Heading of the summary's second part: "Action required of the ...".
    pub action_heading: String,
    pub action: Vec<Flow>,
    /// The economy notice and copyright line of the first-page footnote.
    pub economy: String,
    pub copyright: String,
    pub words: Words,
    pub sections: Vec<Section>,
    /// What a redline (`ptcdoc diff`) tells besides its marks; `None` for
    /// a document as built.
    pub redline: Option<Redline>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    /// "III".
    pub numeral: String,
    pub anchor: String,
    pub title: Vec<Inline>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub id: Option<Id>,
    pub kind: BlockKind,
    /// Paragraphs only.
    pub number: Option<u32>,
    /// The HTML/PDF anchor: "para-12" for paragraphs, the id otherwise.
    pub anchor: Option<String>,
    pub content: Vec<Flow>,
}

/// The input's block kind: the model reuses it as it was read.
pub use crate::input::BlockKind;

/// The anchor of numbered paragraph `n`: `para-9`.
pub fn paragraph_anchor(n: u32) -> String {
    format!("{PARAGRAPH_ANCHOR}{n}")
}

/// The anchor of a section: `section-revenue`.
pub fn section_anchor(name: &str) -> String {
    format!("{SECTION_ANCHOR}{name}")
}

/// The anchor of a list item with an id: `item-phase-iv`.
pub fn item_anchor(id: &Id) -> String {
    format!("{ITEM_ANCHOR}{id}")
}

/// Block-level content of a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Flow {
    Para(Vec<Inline>),
    List(List),
    Quote(Vec<Flow>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub style: ListStyle,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// "(iv)", "iv)", "•", "1.".
    pub label: String,
    pub id: Option<Id>,
    pub anchor: Option<String>,
    pub content: Vec<Flow>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text with the language's typography applied.
    Text(String),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Code(String),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// A reference to a part of the document by id: `[](#id)` renders as
    /// "paragraph 9", `[#](#id)` as the bare number or label.
    Ref(Ref),
    /// Raised and smaller: the suffix of a French ordinal ("e" of 32e).
    Superscript(Vec<Inline>),
    /// A line break the author asked for.
    Break,
    /// Text a redline marks as inserted or deleted (`ptcdoc diff`).
    Revised {
        revision: Revision,
        content: Vec<Inline>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ref {
    pub target: String,
    /// Filled by resolution: where the reference leads and what it reads.
    pub anchor: String,
    pub text: String,
    pub bare: bool,
    /// `[the author's words](#id)`: shown instead of the generated text.
    pub content: Option<Vec<Inline>>,
    /// Where the reference is written, for "unknown id" errors.
    pub span: crate::diagnostics::Span,
}

/// Pushes problems found in one text, capped per message: the same
/// problem repeated (4,000 raw HTML tags, one unknown id used 4,000 times)
/// is shown a few times and counted, not printed with its source line each
/// time.
pub(crate) fn push_grouped(
    diags: &mut crate::diagnostics::Diagnostics,
    found: Vec<crate::diagnostics::Diagnostic>,
) {
    let mut groups: Vec<Vec<crate::diagnostics::Diagnostic>> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in found {
        let i = *index.entry(d.message.clone()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(d);
    }
    for group in groups {
        diags.push_capped(group, "like it in this text");
    }
}

/// Whether a link may lead to `url`: a web page (`http://`, `https://`
/// followed by a host), a mail address (`mailto:`), or a part of the
/// document (`#id`). Nothing else: a `javascript:` or `data:` link runs
/// code, a `file:` or relative one leads nowhere once the document is sent.
/// Checked once, when the model is built, so every format agrees.
pub fn link_allowed(url: &str) -> bool {
    let scheme_is = |scheme: &str| {
        url.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    };
    let web = ["http://", "https://"]
        .iter()
        .any(|s| scheme_is(s) && url.len() > s.len());
    web || (scheme_is("mailto:") && url.len() > "mailto:".len()) || url.starts_with('#')
}

impl Inline {
    /// Inlines as a title set in capitals shows them: every word
    /// upper-cased, link destinations and reference anchors untouched (the
    /// HTML's `text-transform: uppercase` and the PDF's title do the same).
    pub fn upper_cased(inlines: &[Inline]) -> Vec<Inline> {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text(t) => Inline::Text(t.to_uppercase()),
                Inline::Code(t) => Inline::Code(t.to_uppercase()),
                Inline::Emph(c) => Inline::Emph(Inline::upper_cased(c)),
                Inline::Strong(c) => Inline::Strong(Inline::upper_cased(c)),
                Inline::Link { url, content } => Inline::Link {
                    url: url.clone(),
                    content: Inline::upper_cased(content),
                },
                Inline::Ref(r) => Inline::Ref(Ref {
                    text: r.text.to_uppercase(),
                    content: r.content.as_deref().map(Inline::upper_cased),
                    ..r.clone()
                }),
                // An ordinal's suffix stays small in a capitalised title
                // ("XXᵉ SIÈCLE"), as French typography sets it.
                Inline::Superscript(c) => Inline::Superscript(c.clone()),
                Inline::Break => Inline::Break,
                Inline::Revised { revision, content } => Inline::Revised {
                    revision: *revision,
                    content: Inline::upper_cased(content),
                },
            })
            .collect()
    }

    /// The text of inlines without markup, as a reader would copy it.
    pub fn plain(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Ref(r) => match &r.content {
                    Some(c) => out.push_str(&Inline::plain(c)),
                    None => out.push_str(&r.text),
                },
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Superscript(c)
                | Inline::Link { content: c, .. } => out.push_str(&Inline::plain(c)),
                Inline::Break => out.push('\n'),
                // As a reader of the new version copies it.
                Inline::Revised {
                    revision: Revision::Inserted,
                    content,
                } => out.push_str(&Inline::plain(content)),
                Inline::Revised { .. } => {}
            }
        }
        out
    }
}

impl Flow {
    /// All the text of flows, paragraphs separated by newlines, list labels
    /// included: what a reader sees, used to compare variants.
    pub fn plain(flows: &[Flow]) -> String {
        let mut parts = Vec::new();
        for f in flows {
            match f {
                Flow::Para(inlines) => parts.push(Inline::plain(inlines)),
                Flow::Quote(inner) => parts.push(Flow::plain(inner)),
                Flow::List(list) => {
                    for item in &list.items {
                        parts.push(format!("{} {}", item.label, Flow::plain(&item.content)));
                    }
                }
            }
        }
        parts.join("\n")
    }
}

impl Document {
    /// Every numbered paragraph, in order, with its number.
    pub fn paragraphs(&self) -> impl Iterator<Item = (u32, &Block)> {
        self.sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .filter_map(|b| b.number.map(|n| (n, b)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::names::Name;

    /// No id can be an anchor the tool makes, so an id's anchor never
    /// takes the place of a paragraph's, a section's or an item's.
    #[test]
    fn the_anchors_the_tool_makes_are_not_ids() {
        let item = Id::new("phase-iv").unwrap();
        for anchor in [
            paragraph_anchor(12),
            section_anchor("revenue"),
            item_anchor(&item),
        ] {
            assert!(Name::Id.check(&anchor).is_err(), "{anchor}");
        }
        assert_eq!(item_anchor(&item), "item-phase-iv");
        assert_eq!(paragraph_anchor(12), "para-12");
        assert_eq!(section_anchor("revenue"), "section-revenue");
    }
}
