//! Problems found in the inputs, as values: each names a file and a byte
//! span in it, which printing turns into `file:line:column`, the offending
//! source line and a caret, in the manner of rustc.
//!
//! Every stage pushes its problems into one [`Diagnostics`] list instead of
//! stopping at the first, so a single `ptcdoc check` reports everything.

use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;

/// How many problems of one kind one text reports in full; see
/// [`Diagnostics::push_capped`].
pub const REPEAT_LIMIT: usize = 3;

/// A count with thousands separated as in English prose: "3,995".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Index of a source file in [`Sources`].
pub type FileId = usize;

/// The text of every input file read in a run, kept so that diagnostics can
/// quote them.
#[derive(Default)]
pub struct Sources {
    files: SimpleFiles<String, String>,
    paths: Vec<PathBuf>,
}

impl Sources {
    pub fn add(&mut self, path: &Path, text: String) -> FileId {
        self.paths.push(path.to_path_buf());
        self.files.add(path.display().to_string(), text)
    }

    pub fn text(&self, file: FileId) -> &str {
        self.files
            .get(file)
            .map(|f| f.source().as_str())
            .unwrap_or("")
    }

    pub fn path(&self, file: FileId) -> &Path {
        &self.paths[file]
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        line_col(self.text(file), offset)
    }
}

/// One-based line and column (in characters) of a byte offset of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A serde error of a TOML file read whole (a locale, a style file), as
/// "ORIGIN:LINE:COL: message".
pub fn toml_error(origin: &str, text: &str, e: &toml::de::Error) -> String {
    let at = e
        .span()
        .map(|s| {
            let (line, col) = line_col(text, s.start);
            format!(":{line}:{col}")
        })
        .unwrap_or_default();
    format!("{origin}{at}: {}", e.message().trim_end())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where the problem is; `None` for problems that belong to no file
    /// (a missing folder, say).
    pub span: Option<Span>,
    /// Other places that explain the problem ("first defined here").
    pub related: Vec<(Span, String)>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: Some(span),
            related: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    /// A problem that belongs to no file.
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            related: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

/// The problems of one run, in the order they were found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>) {
        self.push(Diagnostic::error(span, message));
    }

    /// Moves in the problems another pass found, after these: passes run
    /// on separate threads report in the order they would have alone.
    pub fn append(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// Pushes problems of one kind found in one text: the first
    /// [`REPEAT_LIMIT`] in full, the rest as a count on the last of them
    /// ("and 3,995 more doubled words in this text", `what` naming them
    /// and where), so that the report
    /// grows with the number of distinct problems, not with their copies.
    pub fn push_capped(&mut self, found: Vec<Diagnostic>, what: &str) {
        let more = found.len().saturating_sub(REPEAT_LIMIT);
        for (i, mut d) in found.into_iter().take(REPEAT_LIMIT).enumerate() {
            if more > 0 && i + 1 == REPEAT_LIMIT {
                d = d.with_note(format!("and {} more {what}", thousands(more)));
            }
            self.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == severity).count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// Sorts by file and position, so that the report reads top to bottom
    /// whatever order the stages found the problems in.
    pub fn sort(&mut self) {
        self.list.sort_by(|a, b| {
            let key = |d: &Diagnostic| d.span.as_ref().map(|s| (s.file, s.range.start));
            key(a).cmp(&key(b))
        });
    }

    /// Renders every diagnostic as plain text, each with its location line
    /// (`┌─ file:line:col`), the source line and a caret.
    pub fn render(&self, sources: &Sources) -> String {
        let config = term::Config::default();
        let mut out = String::new();
        for diagnostic in &self.list {
            let report = to_report(diagnostic);
            match term::emit_into_string(&config, &sources.files, &report) {
                Ok(text) => out.push_str(&text),
                // A span outside its file is a bug of ours; still say what
                // the problem is rather than lose it.
                Err(_) => out.push_str(&format!("error: {}\n", diagnostic.message)),
            }
        }
        out
    }
}

fn to_report(d: &Diagnostic) -> Report<FileId> {
    let report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    };
    let mut labels = Vec::new();
    if let Some(span) = &d.span {
        labels.push(Label::primary(span.file, span.range.clone()));
    }
    for (span, label) in &d.related {
        labels.push(Label::secondary(span.file, span.range.clone()).with_message(label));
    }
    report
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(d.notes.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let mut sources = Sources::default();
        let file = sources.add(Path::new("a.toml"), "x = 1\né = \"b\"\n".into());
        // "\"b\"" starts after "é = ", where é is two bytes.
        assert_eq!(sources.line_col(file, 11), (2, 5));
        assert_eq!(sources.line_col(file, 0), (1, 1));
    }

    #[test]
    fn repeated_problems_are_capped_and_counted() {
        let mut diags = Diagnostics::default();
        let found = (0..4000)
            .map(|i| Diagnostic::warning(Span::new(0, i..i + 1), format!("slip {i}")))
            .collect();
        diags.push_capped(found, "slips in this text");
        let shown: Vec<&Diagnostic> = diags.iter().collect();
        assert_eq!(shown.len(), REPEAT_LIMIT);
        assert_eq!(shown[0].message, "slip 0");
        assert!(shown[0].notes.is_empty());
        assert_eq!(
            shown[REPEAT_LIMIT - 1].notes,
            ["and 3,997 more slips in this text"]
        );
        let mut few = Diagnostics::default();
        few.push_capped(
            vec![Diagnostic::warning(Span::new(0, 0..1), "one")],
            "slips",
        );
        assert!(few.iter().all(|d| d.notes.is_empty()));
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn render_names_file_line_and_column() {
        let mut sources = Sources::default();
        let file = sources.add(Path::new("doc.toml"), "a = 1\nbad = 2\n".into());
        let mut diags = Diagnostics::default();
        diags.error(Span::new(file, 6..9), "unknown key `bad`");
        let text = diags.render(&sources);
        assert!(text.contains("error: unknown key `bad`"), "{text}");
        assert!(text.contains("doc.toml:2:1"), "{text}");
        assert!(text.contains("bad = 2"), "{text}");
    }
}
