//! The PDF renderer's one error type. Each step returns it; a failure is
//! told once, with where it happened added once, by the code that knows
//! the place (the block, the part of the first page). The command line
//! adds which document at its edge.

use crate::render::TemplateError;

/// A character the fonts cannot show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    pub ch: char,
    /// The face's name ("Liberation Serif").
    pub font: &'static str,
}

/// The one missing-glyph message, for `check` and for layout alike.
impl std::fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the PDF font {} has no glyph for U+{:04X} {:?}",
            self.font, self.ch as u32, self.ch
        )
    }
}

#[derive(Debug)]
pub enum Error {
    /// A character the fonts cannot show.
    MissingGlyph(MissingGlyph),
    /// Not even one glyph fits the measure: the style's measures are too
    /// narrow for the text. `text` is the opening of the text, when known.
    TooNarrow {
        measure: f32,
        ch: char,
        width: f32,
        text: Option<String>,
    },
    /// Lists and quotations nested so deep that their text would be set
    /// narrower than the layout allows (`min` points).
    TooDeep {
        text: String,
        measure: f32,
        min: f32,
        lists: usize,
        quotes: usize,
    },
    /// The first page's content does not fit on it, by `by` points.
    CoverOverflow { by: f32 },
    /// The style file is not valid: its report, every problem at its line
    /// and column.
    Style(String),
    /// The page furniture template (`pdf/cover.toml`) failed to render, or
    /// rendered a description that cannot be set.
    Furniture(FurnitureError),
    /// A font file that cannot be read or used.
    Font { font: &'static str, problem: String },
    /// A font program that cannot be subset.
    Subset { font: String, problem: String },
    /// A locale's hyphenation code with no dictionary in the renderer.
    NoDictionary {
        code: String,
        available: Vec<&'static str>,
    },
    /// A hyphenation dictionary that cannot be read.
    Dictionary { code: String, problem: String },
    /// printpdf reported an error while building a part's document.
    Printpdf(String),
    /// lopdf failed while finishing the file.
    Finish(lopdf::Error),
    /// An error, and where in the document it happened ("paragraph 3 of
    /// section …", "the first page (masthead)").
    In { place: String, error: Box<Error> },
}

impl Error {
    /// This error, located at `place`.
    pub fn at(self, place: impl Into<String>) -> Error {
        Error::In {
            place: place.into(),
            error: Box::new(self),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::MissingGlyph(e) => e.fmt(f),
            Error::TooNarrow {
                measure,
                ch,
                width,
                text,
            } => {
                write!(
                    f,
                    "the line is {measure:.1} pt wide, too narrow for {ch:?} ({width:.1} pt)"
                )?;
                match text {
                    Some(text) => write!(f, ": “{text}”"),
                    None => Ok(()),
                }
            }
            Error::TooDeep {
                text,
                measure,
                min,
                lists,
                quotes,
            } => {
                let plural = |n: usize, one: &str, many: &str| {
                    if n == 1 {
                        format!("1 {one}")
                    } else {
                        format!("{n} {many}")
                    }
                };
                write!(
                    f,
                    "the text “{text}”, inside {} and {}, would be set {measure:.1} pt wide \
                     (at least {min} pt is needed): WCO documents nest lists and quotations \
                     3 or 4 levels deep at most; flatten them, or narrow the indents in \
                     pdf/style.toml",
                    plural(*lists, "list", "lists"),
                    plural(*quotes, "quotation", "quotations"),
                )
            }
            Error::CoverOverflow { by } => write!(
                f,
                "the first page overflows by {by:.0} pt: the summary is too long for it"
            ),
            Error::Style(report) => f.write_str(report),
            Error::Furniture(e) => e.fmt(f),
            Error::Font { font, problem } => write!(f, "font {font}: {problem}"),
            Error::Subset { font, problem } => write!(f, "cannot subset {font}: {problem}"),
            Error::NoDictionary { code, available } => write!(
                f,
                "no hyphenation dictionary for `{code}` (the PDF renderer has {}; \
                 or set hyphenation = \"none\" in the locale)",
                available.join(", ")
            ),
            Error::Dictionary { code, problem } => {
                write!(f, "hyphenation dictionary `{code}`: {problem}")
            }
            Error::Printpdf(message) => write!(f, "printpdf: {message}"),
            Error::Finish(e) => write!(f, "finishing the PDF: {e}"),
            Error::In { place, error } => write!(f, "in {place}: {error}"),
        }
    }
}

// No `source()`: each message already includes what it wraps, so that a
// chain printer (anyhow's `{:#}`) does not say it twice.
impl std::error::Error for Error {}

impl From<MissingGlyph> for Error {
    fn from(e: MissingGlyph) -> Self {
        Error::MissingGlyph(e)
    }
}

impl From<FurnitureError> for Error {
    fn from(e: FurnitureError) -> Self {
        Error::Furniture(e)
    }
}

impl From<lopdf::Error> for Error {
    fn from(e: lopdf::Error) -> Self {
        Error::Finish(e)
    }
}

/// Why the furniture could not be had.
#[derive(Debug)]
pub enum FurnitureError {
    /// The template did not render.
    Template(TemplateError),
    /// The style file the template receives is not TOML.
    Style(String),
    /// The template rendered a description that is not one.
    Description(DescriptionError),
}

/// A problem in what the template rendered, located in that output.
#[derive(Debug, Clone, PartialEq)]
pub struct DescriptionError {
    /// The template's origin: its path, or "(built-in) pdf/cover.toml".
    pub template: String,
    /// 1-based, in the rendered text; `None` for a problem of the whole.
    pub at: Option<(usize, usize)>,
    pub message: String,
    /// The rendered line the problem is on.
    pub excerpt: String,
}

impl std::fmt::Display for FurnitureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FurnitureError::Template(e) => e.fmt(f),
            FurnitureError::Style(e) => write!(f, "the style the cover template reads: {e}"),
            FurnitureError::Description(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for FurnitureError {}

impl std::fmt::Display for DescriptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "template {} rendered a page description ptcdoc cannot read",
            self.template
        )?;
        match self.at {
            Some((line, column)) => write!(
                f,
                ", at line {line}, column {column} of its output: {}\n  {line} | {}",
                self.message, self.excerpt
            ),
            None => write!(f, ": {}", self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_located_error_names_its_place_once() {
        let e = Error::MissingGlyph(MissingGlyph {
            ch: '\u{2603}',
            font: "Liberation Serif",
        })
        .at("paragraph 3 of section `intro` (I. Intro)");
        assert_eq!(
            e.to_string(),
            "in paragraph 3 of section `intro` (I. Intro): the PDF font \
             Liberation Serif has no glyph for U+2603 '\u{2603}'"
        );
    }

    #[test]
    fn too_narrow_quotes_the_text_when_known() {
        let e = |text: Option<&str>| Error::TooNarrow {
            measure: 3.0,
            ch: 'W',
            width: 9.44,
            text: text.map(str::to_string),
        };
        assert_eq!(
            e(None).to_string(),
            "the line is 3.0 pt wide, too narrow for 'W' (9.4 pt)"
        );
        assert_eq!(
            e(Some("Word")).to_string(),
            "the line is 3.0 pt wide, too narrow for 'W' (9.4 pt): “Word”"
        );
    }
}
