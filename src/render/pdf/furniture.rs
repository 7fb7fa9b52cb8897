//! The PDF's page furniture — the cover (page 1) and the running header
//! of the pages after it — as a template renders it.
//!
//! The Tera template `pdf/cover.toml` (built in, overridable like every
//! template) receives the document's plain texts, the letterhead and the
//! measures of `pdf/style.toml`, and renders a small TOML description:
//! blocks stacked down page 1 (lines, two-column rows, rules, a bordered
//! box), a notice set up from the foot of page 1, and the running header.
//! [`description`] reads that TOML strictly into the types below, which
//! the layout sets (`layout::cover`). Rich texts (the title, the purpose,
//! the action required) are never written by the template: it names their
//! slot, and the layout sets them from the model.
//!
//! The README (Templates) documents what the template receives and what
//! it may emit.

mod description;

use std::sync::Arc;

use serde::Serialize;

use crate::locale::Words;
use crate::model::Document;
use crate::render::memo::Memo;
use crate::render::{Organization, Templates};

pub use super::error::{DescriptionError, FurnitureError};

use super::fonts::Face;
use super::paragraph::Align;

/// The template's name, as overridden in a templates folder.
pub const TEMPLATE: &str = "pdf/cover.toml";

/// The style file whose measures the template receives.
const STYLE: &str = "pdf/style.toml";

/// Everything on the pages that is not the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Furniture {
    /// The running header of pages 2 onwards; none without one.
    pub header: Option<Header>,
    pub cover: Cover,
}

/// The running header: a text at the left margin and one flush right, on
/// one baseline; `{}` in either stands for the page number.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub face: Face,
    pub size: f32,
    /// From the top edge of the page.
    pub baseline: f32,
    pub left: String,
    pub right: String,
}

/// Page 1: blocks from the top margin down, and a notice at the foot.
#[derive(Debug, Clone, PartialEq)]
pub struct Cover {
    pub blocks: Vec<Block>,
    pub notice: Option<Notice>,
}

/// One block of the cover, set across the text width.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Texts, one under the other.
    Lines(Vec<Entry>),
    /// Two columns, each texts one under the other; what follows goes
    /// below the longer.
    Row {
        columns: Columns,
        left: Vec<Entry>,
        right: Vec<Entry>,
    },
    /// A filled rule at the left margin. It takes no room: what follows
    /// is measured from its top edge.
    Rule {
        at: Spacing,
        thickness: f32,
        /// The text width when `None`.
        width: Option<f32>,
    },
    /// Texts inside an outlined box as wide as the text.
    Box {
        at: Spacing,
        thickness: f32,
        padding: f32,
        content: Vec<Entry>,
    },
}

/// How a row shares the text width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Columns {
    /// Two equal columns, flush left and flush right, this far apart.
    Gutter(f32),
    /// The left column takes this fraction of the width, the right the
    /// rest.
    Split(f32),
}

/// Where something begins: distances added, in order, to the last
/// baseline above or to the bottom of what is above.
#[derive(Debug, Clone, PartialEq)]
pub enum Spacing {
    /// To a text's first baseline (a rule's or a box's top edge) from the
    /// last baseline above (`space`).
    FromBaseline(Vec<f32>),
    /// To the top of a text's first line (a rule's or a box's top edge)
    /// from the bottom of what is above (`clear`).
    FromBottom(Vec<f32>),
}

/// What a block stacks.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Text(Text),
    Flows(Flows),
}

/// A text set in one face and size, wrapped to its column.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub source: TextSource,
    pub face: Face,
    pub size: f32,
    pub leading: f32,
    pub align: Align,
    pub upper: bool,
    pub underline: bool,
    pub at: Spacing,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TextSource {
    /// Text the template wrote.
    Plain(String),
    /// The document's title, with its emphasis and links.
    Title,
    /// "227th/228th Sessions", French ordinals raised.
    Sessions,
    /// "18 – 20 May 2020", tied; "1er" raised in French.
    MeetingDates,
    /// "Brussels, 24 March 2020.", tied; "1er" raised in French.
    Dateline,
}

/// Block content of the model (paragraphs, lists), set in the body's size
/// and leading.
#[derive(Debug, Clone, PartialEq)]
pub struct Flows {
    pub slot: FlowSlot,
    pub face: Face,
    /// From the bottom of what is above to the top of the first line.
    pub clear: Vec<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowSlot {
    Purpose,
    Action,
}

/// Texts set from the foot of page 1 up, under an optional short rule; the
/// page overflows if the blocks reach down to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub face: Face,
    pub size: f32,
    pub leading: f32,
    pub align: Align,
    pub texts: Vec<String>,
    /// Between two texts.
    pub space: f32,
    pub rule: Option<NoticeRule>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoticeRule {
    pub width: f32,
    pub thickness: f32,
    /// From the rule's top edge to the top of the notice's first line.
    pub gap: f32,
}

impl DescriptionError {
    fn new(template: &str, rendered: &str, problem: description::Problem) -> DescriptionError {
        let at = problem
            .span
            .map(|s| crate::diagnostics::line_col(rendered, s.start));
        let excerpt = at
            .and_then(|(line, _)| rendered.lines().nth(line - 1))
            .unwrap_or_default()
            .trim_end()
            .to_string();
        DescriptionError {
            template: template.to_string(),
            at,
            message: problem.message,
            excerpt,
        }
    }
}

/// What the template receives: the document's plain texts (the rich ones
/// are slots), the letterhead, and the style file's tables as written.
#[derive(Serialize)]
struct View<'a> {
    lang: &'a str,
    symbol: &'a str,
    short_symbol: &'a str,
    committee: &'a str,
    sessions: String,
    meeting_dates: String,
    dateline: String,
    title_plain: String,
    agenda_item: &'a str,
    item_category: Option<&'a str>,
    action_heading: &'a str,
    economy: &'a str,
    copyright: &'a str,
    words: &'a Words,
    letterhead: &'a [Organization],
    style: &'a toml::Table,
}

/// The style file as the template sees it: a TOML table with the
/// measures as written ("12mm" stays "12mm"), so that what the template
/// passes on is read by the same length parser as the style file. Read
/// once per process for a given text (both languages of a build, every
/// rebuild of `watch` until the file changes), as [`super::style`] is.
pub fn style_table(templates: &Templates) -> Result<Arc<toml::Table>, FurnitureError> {
    static READ: Memo<String, toml::Table> = Memo::new(1);
    let text = templates.raw(STYLE);
    READ.get(text.to_string(), || {
        let table = toml::from_str(text).map_err(|e| {
            FurnitureError::Style(crate::diagnostics::toml_error(
                templates.origin(STYLE),
                text,
                &e,
            ))
        })?;
        Ok(Arc::new(table))
    })
}

/// Renders the furniture template for `doc` and reads what it gives.
pub fn furniture(
    templates: &Templates,
    doc: &Document,
    letterhead: &[Organization],
) -> Result<Furniture, FurnitureError> {
    let style = style_table(templates)?;
    let view = View {
        lang: &doc.lang,
        symbol: &doc.symbol,
        short_symbol: &doc.short_symbol,
        committee: &doc.committee,
        sessions: crate::model::Inline::plain(&doc.sessions),
        meeting_dates: crate::model::Inline::plain(&doc.meeting_dates),
        dateline: crate::model::Inline::plain(&doc.dateline),
        title_plain: crate::model::Inline::plain(&doc.title),
        agenda_item: &doc.agenda_item,
        item_category: doc.item_category.as_deref(),
        action_heading: &doc.action_heading,
        economy: &doc.economy,
        copyright: &doc.copyright,
        words: &doc.words,
        letterhead,
        style: &style,
    };
    let rendered = templates
        .render(TEMPLATE, &view)
        .map_err(FurnitureError::Template)?;
    description::parse(&rendered).map_err(|problem| {
        FurnitureError::Description(DescriptionError::new(
            templates.origin(TEMPLATE),
            &rendered,
            problem,
        ))
    })
}

/// The Tera filter `toml`: a value written as TOML — a string quoted and
/// escaped, a number or a boolean as it is, a list or a map inline — so
/// that a template rendering TOML never breaks on a quote in a text.
pub fn toml_filter(
    value: tera::Value,
    _: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<String> {
    toml::Value::try_from(&value)
        .map(|v| v.to_string())
        .map_err(|e| tera::Error::message(format!("the `toml` filter cannot write {value}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filtered(template: &str, context: &tera::Context) -> String {
        let mut tera = tera::Tera::new();
        tera.register_filter("toml", toml_filter);
        tera.add_raw_template("t", template).unwrap();
        tera.render("t", context).unwrap()
    }

    #[test]
    fn the_toml_filter_quotes_text_and_keeps_numbers() {
        let mut context = tera::Context::new();
        context.insert("text", "a \"quoted\" back\\slash\nand a line");
        context.insert("size", &10.5);
        context.insert("count", &2);
        context.insert("length", "12mm");
        let out = filtered(
            "t = {{ text | toml }}\ns = {{ size | toml }}\nc = {{ count | toml }}\nl = {{ length | toml }}",
            &context,
        );
        let table: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(
            table["t"].as_str(),
            Some("a \"quoted\" back\\slash\nand a line")
        );
        assert_eq!(table["s"].as_float(), Some(10.5));
        assert_eq!(table["c"].as_integer(), Some(2));
        assert_eq!(table["l"].as_str(), Some("12mm"));
    }

    #[test]
    fn the_toml_filter_refuses_what_toml_cannot_hold() {
        let mut tera = tera::Tera::new();
        tera.register_filter("toml", toml_filter);
        tera.add_raw_template("t", "x = {{ nothing | toml }}")
            .unwrap();
        let mut context = tera::Context::new();
        context.insert("nothing", &None::<String>);
        assert!(tera.render("t", &context).is_err());
    }

    /// The style table is read again when the style file changes (as
    /// under `watch`): a cached table never stands for another text.
    #[test]
    fn the_style_table_follows_the_style_file() {
        let dir = tempfile::tempdir().unwrap();
        let builtin = Templates::load(&[]).unwrap();
        let text = builtin
            .raw(STYLE)
            .replace("margin_left = \"25mm\"", "margin_left = \"31mm\"");
        assert_ne!(text, builtin.raw(STYLE));
        std::fs::create_dir_all(dir.path().join("pdf")).unwrap();
        std::fs::write(dir.path().join(STYLE), text).unwrap();
        let edited = Templates::load(&[dir.path().to_path_buf()]).unwrap();
        let margin = |t: &toml::Table| t["page"]["margin_left"].as_str().map(str::to_string);
        assert_eq!(
            margin(&style_table(&edited).unwrap()).as_deref(),
            Some("31mm")
        );
        assert_eq!(
            margin(&style_table(&builtin).unwrap()).as_deref(),
            Some("25mm")
        );
    }

    #[test]
    fn a_description_error_shows_the_rendered_line() {
        let rendered = "[header]\nface = \"serif\"\nsize = -1\n";
        let problem = description::parse(rendered).unwrap_err();
        let e = DescriptionError::new("(built-in) pdf/cover.toml", rendered, problem);
        let text = e.to_string();
        assert!(
            text.starts_with("template (built-in) pdf/cover.toml rendered"),
            "{text}"
        );
        assert!(text.contains("line 3, column 8"), "{text}");
        assert!(text.contains("3 | size = -1"), "{text}");
    }
}
