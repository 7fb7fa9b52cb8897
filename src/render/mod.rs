//! Renderers: model in, bytes out. Markdown and HTML go through Tera
//! templates (`templates/document.md`, `templates/document.html`); the PDF
//! is typeset by our own layout under `pdf/`.
//!
//! The binary carries the default templates; a user's templates folder
//! overrides any of them by file name.

pub mod html;
pub mod markdown;
pub mod pdf;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Block, Document, Flow, Inline, Kind};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Markdown,
    Html,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Markdown, Format::Html, Format::Pdf];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// The templates the binary carries: (name, text).
pub const BUILTIN_TEMPLATES: [(&str, &str); 4] = [
    ("document.md", include_str!("../../templates/document.md")),
    (
        "document.html",
        include_str!("../../templates/document.html"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
    (
        "pdf/style.toml",
        include_str!("../../templates/pdf/style.toml"),
    ),
];

/// The Tera templates of a run, defaults overridden by files from the
/// folders given (later folders win).
pub struct Templates {
    tera: tera::Tera,
    /// Files that are not Tera templates (style.css, pdf/style.toml), by
    /// name: their text, and where it came from (for messages).
    raw: std::collections::BTreeMap<String, (String, String)>,
}

/// A template failed to load or render; the message names the template
/// and the line.
#[derive(Debug)]
pub struct TemplateError(pub String);

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemplateError {}

fn describe(e: &tera::Error) -> String {
    // Tera's Display carries the report with template name, line and a
    // snippet; its sources carry the causes.
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    text
}

impl Templates {
    pub fn load(overrides: &[PathBuf]) -> Result<Templates, TemplateError> {
        let mut texts: Vec<(String, String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string(), format!("(built-in) {n}")))
            .collect();
        for dir in overrides {
            for (name, text, origin) in &mut texts {
                let path = dir.join(&*name);
                if path.is_file() {
                    *text = std::fs::read_to_string(&path).map_err(|e| {
                        TemplateError(format!("cannot read template {}: {e}", path.display()))
                    })?;
                    *origin = path.display().to_string();
                }
            }
        }
        let mut tera = tera::Tera::new();
        let mut raw = std::collections::BTreeMap::new();
        for (name, text, origin) in &texts {
            if !(name.ends_with(".md") || name.ends_with(".html")) {
                raw.insert(name.clone(), (text.clone(), origin.clone()));
                continue;
            }
            tera.add_raw_template(name, text)
                .map_err(|e| TemplateError(format!("in template {origin}:\n{}", describe(&e))))?;
        }
        Ok(Templates { tera, raw })
    }

    /// A file that is not a Tera template (a stylesheet, a style file).
    pub fn raw(&self, name: &str) -> &str {
        self.raw.get(name).map_or("", |(text, _)| text.as_str())
    }

    /// Where a file that is not a Tera template came from: its path, or
    /// "(built-in) NAME".
    pub fn origin<'a>(&'a self, name: &'a str) -> &'a str {
        self.raw
            .get(name)
            .map_or(name, |(_, origin)| origin.as_str())
    }

    fn render(&self, name: &str, view: &impl Serialize) -> Result<String, TemplateError> {
        let context = tera::Context::from_serialize(view)
            .map_err(|e| TemplateError(format!("template context: {}", describe(&e))))?;
        self.tera
            .render(name, &context)
            .map_err(|e| TemplateError(format!("rendering template {name}:\n{}", describe(&e))))
    }
}

/// How a renderer writes model content in its format.
pub trait Writer {
    fn inlines(&self, inlines: &[Inline]) -> String;
    fn flows(&self, flows: &[Flow]) -> String;
    /// A whole block, number included where the format writes it in text.
    fn block(&self, block: &Block) -> String;
}

/// One organization of the bilingual letterhead.
#[derive(Serialize)]
pub struct Organization {
    pub lang: String,
    pub name: String,
    pub established: String,
}

#[derive(Serialize)]
struct BlockView {
    kind: &'static str,
    number: Option<u32>,
    anchor: Option<String>,
    body: String,
}

#[derive(Serialize)]
struct SectionView {
    numeral: String,
    anchor: String,
    title: String,
    blocks: Vec<BlockView>,
}

/// What templates see: the model's facts and its texts rendered by the
/// format's writer.
#[derive(Serialize)]
struct View<'a> {
    lang: &'a str,
    html_lang: &'a str,
    symbol: &'a str,
    short_symbol: &'a str,
    committee: &'a str,
    sessions: &'a str,
    meeting_dates: &'a str,
    dateline: &'a str,
    title: String,
    title_plain: String,
    agenda_item: &'a str,
    item_category: Option<&'a str>,
    purpose: String,
    action_heading: &'a str,
    action: String,
    economy: &'a str,
    copyright: &'a str,
    words: &'a crate::locale::Words,
    letterhead: &'a [Organization],
    sections: Vec<SectionView>,
    css: &'a str,
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Paragraph => "paragraph",
        Kind::Unnumbered => "unnumbered",
        Kind::Heading => "heading",
        Kind::Quote => "quote",
    }
}

/// Renders `doc` through template `name` with `writer` for its texts.
pub fn render_with(
    templates: &Templates,
    name: &str,
    writer: &impl Writer,
    doc: &Document,
    letterhead: &[Organization],
) -> Result<String, TemplateError> {
    let view = View {
        lang: &doc.lang,
        html_lang: &doc.html_lang,
        symbol: &doc.symbol,
        short_symbol: &doc.short_symbol,
        committee: &doc.committee,
        sessions: &doc.sessions,
        meeting_dates: &doc.meeting_dates,
        dateline: &doc.dateline,
        title: writer.inlines(&doc.title),
        title_plain: Inline::plain(&doc.title),
        agenda_item: &doc.agenda_item,
        item_category: doc.item_category.as_deref(),
        purpose: writer.flows(&doc.purpose),
        action_heading: &doc.action_heading,
        action: writer.flows(&doc.action),
        economy: &doc.economy,
        copyright: &doc.copyright,
        words: &doc.words,
        letterhead,
        sections: doc
            .sections
            .iter()
            .map(|s| SectionView {
                numeral: s.numeral.clone(),
                anchor: s.anchor.clone(),
                title: writer.inlines(&s.title),
                blocks: s
                    .blocks
                    .iter()
                    .map(|b| BlockView {
                        kind: kind_name(b.kind),
                        number: b.number,
                        anchor: b.anchor.clone(),
                        body: writer.block(b),
                    })
                    .collect(),
            })
            .collect(),
        css: templates.raw("style.css"),
    };
    templates.render(name, &view)
}

/// The file name of a variant: symbol, then the format's extension.
pub fn file_name(doc: &Document, format: Format) -> String {
    format!("{}.{}", doc.symbol, format.extension())
}

/// The folder a document's own templates live in, if it has one.
pub fn document_templates(doc_dir: &Path) -> Option<PathBuf> {
    let dir = doc_dir.join("templates");
    dir.is_dir().then_some(dir)
}
