//! Renderers: model in, bytes out. Markdown and HTML go through Tera
//! templates (`templates/document.md`, `templates/document.html`); the PDF
//! is typeset by our own layout under `pdf/`; the DOCX is written part
//! by part under `docx/`.
//!
//! Every format implements one trait, [`Renderer`], given one
//! [`RenderContext`] (document, templates, letterhead), and is registered
//! in one place, [`Format::registration`]: adding a format is a variant
//! there and a module of its own.
//!
//! The binary carries the default templates; a user's templates folder
//! overrides any of them by file name.

mod deflate;
pub mod docx;
pub mod html;
pub mod markdown;
mod memo;
pub mod pdf;
mod sfnt;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{Block, BlockKind, Document, Flow, Inline};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Markdown,
    Html,
    Pdf,
    Docx,
}

/// What is known of a format: how the command line names it, the
/// extension of its files, and its renderer.
pub struct Registration {
    /// The names `--format` takes, the usual one first.
    pub names: &'static [&'static str],
    pub extension: &'static str,
    pub renderer: &'static dyn Renderer,
}

impl Format {
    /// Every format, in the order the command line lists them.
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Html, Format::Pdf, Format::Docx];

    /// The registry of formats: the one place a format is added.
    pub fn registration(self) -> Registration {
        match self {
            Format::Markdown => Registration {
                names: &["md", "markdown"],
                extension: "md",
                renderer: &markdown::Markdown,
            },
            Format::Html => Registration {
                names: &["html"],
                extension: "html",
                renderer: &html::Html,
            },
            Format::Pdf => Registration {
                names: &["pdf"],
                extension: "pdf",
                renderer: &Pdf,
            },
            Format::Docx => Registration {
                names: &["docx"],
                extension: "docx",
                renderer: &docx::Docx,
            },
        }
    }

    pub fn extension(self) -> &'static str {
        self.registration().extension
    }

    pub fn renderer(self) -> &'static dyn Renderer {
        self.registration().renderer
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.registration().names.contains(&name))
    }

    /// The usual names of every format, for messages: "md, html or pdf".
    pub fn names() -> String {
        let names: Vec<&str> = Format::ALL
            .iter()
            .map(|f| f.registration().names[0])
            .collect();
        match names.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// What a renderer is given, the same for every format.
#[derive(Clone, Copy)]
pub struct RenderContext<'a> {
    pub document: &'a Document,
    pub templates: &'a Templates,
    /// The organizations of the bilingual letterhead.
    pub letterhead: &'a [Organization],
}

/// An output format's renderer: one document in, the bytes of its file
/// out, the same bytes every time.
pub trait Renderer: Sync {
    fn render(&self, ctx: &RenderContext) -> anyhow::Result<Vec<u8>>;
}

/// The PDF's renderer: an adapter to the PDF engine's own entry.
struct Pdf;

impl Renderer for Pdf {
    fn render(&self, ctx: &RenderContext) -> anyhow::Result<Vec<u8>> {
        // `?` converts whatever error type the PDF engine returns.
        let bytes = pdf::render(ctx.document, ctx.letterhead, ctx.templates)?;
        Ok(bytes)
    }
}

/// The templates the binary carries: (name, text).
pub const BUILTIN_TEMPLATES: [(&str, &str); 6] = [
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
    (
        pdf::furniture::TEMPLATE,
        include_str!("../../templates/pdf/cover.toml"),
    ),
    (
        docx::STYLES_TEMPLATE,
        include_str!("../../templates/docx/styles.xml"),
    ),
];

/// The Tera templates of a run, defaults overridden by files from the
/// folders given (later folders win).
pub struct Templates {
    tera: tera::Tera,
    /// Every template by name: its text, and where it came from (for
    /// messages); those that are not Tera templates (style.css,
    /// pdf/style.toml) are used as they are.
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

/// The path of template `name` in a templates folder. Only the names of
/// the built-in templates are taken, so no name can lead out of `dir`.
fn override_path(dir: &Path, name: &str) -> Result<PathBuf, TemplateError> {
    let known = BUILTIN_TEMPLATES.iter().any(|(n, _)| *n == name);
    let plain = name.split('/').all(|part| {
        !part.is_empty()
            && !part.starts_with('.')
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    });
    if !known || !plain {
        return Err(TemplateError(format!(
            "`{}` is not a template name",
            name.escape_debug()
        )));
    }
    Ok(dir.join(name))
}

/// Refuses a file in a templates folder whose name is a misspelling of a
/// template's (`document.htm`): it would be ignored without a word.
fn check_names(dir: &Path) -> Result<(), TemplateError> {
    let known: Vec<&str> = BUILTIN_TEMPLATES.iter().map(|(n, _)| *n).collect();
    for sub in ["", "pdf", "docx"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let file = entry.file_name().to_string_lossy().into_owned();
            let name = if sub.is_empty() {
                file
            } else {
                format!("{sub}/{file}")
            };
            if known.contains(&name.as_str()) {
                continue;
            }
            if let Some(near) = crate::input::closest(&name, &known) {
                return Err(TemplateError(format!(
                    "{} is not a template ptcdoc knows; did you mean {near}?",
                    dir.join(&name).display()
                )));
            }
        }
    }
    Ok(())
}

impl Templates {
    pub fn load(overrides: &[PathBuf]) -> Result<Templates, TemplateError> {
        let mut texts: Vec<(String, String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string(), format!("(built-in) {n}")))
            .collect();
        for dir in overrides {
            check_names(dir)?;
            for (name, text, origin) in &mut texts {
                let path = override_path(dir, name)?;
                // Anything at the name is read, or refused: a FIFO or a
                // folder is not silently skipped (nor waited on).
                if std::fs::symlink_metadata(&path).is_ok() {
                    *text = crate::input::file::read(&path).map_err(|e| {
                        TemplateError(format!("cannot read template {}: {e}", path.display()))
                    })?;
                    *origin = path.display().to_string();
                }
            }
        }
        let mut tera = tera::Tera::new();
        tera.register_filter("toml", pdf::furniture::toml_filter);
        let mut raw = std::collections::BTreeMap::new();
        for (name, text, origin) in &texts {
            raw.insert(name.clone(), (text.clone(), origin.clone()));
            let is_tera = name.ends_with(".md")
                || name.ends_with(".html")
                || name == pdf::furniture::TEMPLATE;
            if !is_tera {
                continue;
            }
            tera.add_raw_template(name, text)
                .map_err(|e| TemplateError(format!("in template {origin}:\n{}", describe(&e))))?;
        }
        Ok(Templates { tera, raw })
    }

    /// A template's text, for those that are not Tera templates (a
    /// stylesheet, a style file).
    pub fn raw(&self, name: &str) -> &str {
        self.raw.get(name).map_or("", |(text, _)| text.as_str())
    }

    /// Where a template came from: its path, or "(built-in) NAME".
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
    /// A redline's whole block inserted or deleted: "inserted", "deleted".
    revision: Option<&'static str>,
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
    sessions: String,
    meeting_dates: String,
    dateline: String,
    title: String,
    /// The title in capitals, destinations kept (Markdown has no CSS).
    title_upper: String,
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

fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "paragraph",
        BlockKind::Unnumbered => "unnumbered",
        BlockKind::Heading => "heading",
        BlockKind::Quote => "quote",
    }
}

/// Renders the context's document through template `name` with `writer`
/// for its texts.
pub fn render_with(
    ctx: &RenderContext,
    name: &str,
    writer: &impl Writer,
) -> Result<String, TemplateError> {
    let RenderContext {
        document: doc,
        templates,
        letterhead,
    } = *ctx;
    let view = View {
        lang: &doc.lang,
        html_lang: &doc.html_lang,
        symbol: &doc.symbol,
        short_symbol: &doc.short_symbol,
        committee: &doc.committee,
        sessions: writer.inlines(&doc.sessions),
        meeting_dates: writer.inlines(&doc.meeting_dates),
        dateline: writer.inlines(&doc.dateline),
        title: writer.inlines(&doc.title),
        title_upper: writer.inlines(&Inline::upper_cased(&doc.title)),
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
                        revision: crate::model::Revision::of_block(b).map(|r| r.name()),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each format is in `ALL` once, and each name leads back to it.
    #[test]
    fn every_format_is_registered_once_under_its_names() {
        for (i, format) in Format::ALL.iter().enumerate() {
            assert!(!Format::ALL[..i].contains(format), "{format:?} twice");
            for name in format.registration().names {
                assert_eq!(Format::parse(name), Some(*format), "{name}");
            }
        }
        assert_eq!(Format::names(), "md, html, pdf or docx");
        assert_eq!(Format::parse("doc"), None);
    }

    #[test]
    fn only_the_builtin_names_become_paths() {
        let dir = Path::new("/t");
        assert_eq!(
            override_path(dir, "pdf/style.toml").unwrap(),
            dir.join("pdf/style.toml")
        );
        for bad in ["../x.md", "/etc/passwd", "pdf/../../x", "other.md", ""] {
            assert!(override_path(dir, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_misspelt_template_is_an_error_and_other_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("README.txt"), "notes").unwrap();
        std::fs::create_dir(dir.path().join("locale")).unwrap();
        assert!(Templates::load(&[dir.path().to_path_buf()]).is_ok());
        std::fs::write(dir.path().join("document.htm"), "x").unwrap();
        let e = Templates::load(&[dir.path().to_path_buf()]).err().unwrap();
        assert!(e.0.contains("did you mean document.html?"), "{e}");
    }

    /// A template that is a folder or a FIFO is refused, not skipped
    /// without a word (nor, for the FIFO, waited on).
    #[cfg(unix)]
    #[test]
    fn a_template_that_is_not_a_regular_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("style.css")).unwrap();
        let e = Templates::load(&[dir.path().to_path_buf()]).err().unwrap();
        assert!(e.0.contains("it is a folder, not a regular file"), "{e}");

        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("document.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let e = Templates::load(&[dir.path().to_path_buf()]).err().unwrap();
        assert!(e.0.contains("it is a FIFO, not a regular file"), "{e}");
    }
}
