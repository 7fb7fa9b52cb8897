//! Loading a document folder: reading each file (regular files of UTF-8
//! text only), then parsing the texts ([`parse`], which tests call with
//! texts written in memory), and deciding what of what was found is said:
//! one cause, one error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::fields::{document_fields, inline_sections, section, section_names};
use super::names::Name;
use super::reader::{Ctx, Located, Table};
use super::{DOCUMENT_KEYS, DocumentInput, SectionInput, file};
use crate::diagnostics::{Diagnostic, Diagnostics, FileId, Sources, Span};

/// What loading found, before it goes to the caller's list.
#[derive(Default)]
struct Found {
    diags: Diagnostics,
    /// Files that could not be parsed (bad syntax, not UTF-8), each with
    /// the one error that is said about it: whatever else was found in
    /// such a file is a consequence of it.
    broken: Vec<(FileId, Diagnostic)>,
    /// Something written could not be read (see [`Ctx::lost`]): the checks
    /// after loading would only report it again.
    lost: bool,
}

impl Found {
    fn mark_broken(&mut self, file: FileId, diagnostic: Diagnostic) {
        self.broken.push((file, diagnostic));
    }

    /// Takes in what was found in one file, after what was found before.
    fn absorb(&mut self, other: Found) {
        self.diags.append(other.diags);
        self.broken.extend(other.broken);
        self.lost |= other.lost;
    }

    /// Whether the checks after loading would only repeat what loading
    /// said, or say things caused by it (a reference into a file that
    /// could not be read, say).
    fn stops_later_checks(&self) -> bool {
        !self.broken.is_empty() || self.lost
    }

    fn report_into(self, diags: &mut Diagnostics) {
        let is_broken = |file| self.broken.iter().any(|(f, _)| *f == file);
        for d in self.diags.iter() {
            if !d.span.as_ref().is_some_and(|s| is_broken(s.file)) {
                diags.push(d.clone());
            }
        }
        for (_, d) in self.broken {
            diags.push(d);
        }
    }
}

/// The texts of a document's files, as read from its folder or written
/// in memory: what [`parse`] reads.
pub struct Texts {
    /// The folder the files are named after, in messages and as the
    /// document's `dir`; [`parse`] reads nothing from it.
    pub dir: PathBuf,
    /// The text of `document.toml`.
    pub document: String,
    /// `packages/NAME.toml` by NAME: its text, or why it could not be
    /// read (only the listed ones are ever looked at).
    pub packages: BTreeMap<String, Result<String, file::ReadError>>,
}

impl Texts {
    pub fn new(dir: impl Into<PathBuf>, document: impl Into<String>) -> Self {
        Texts {
            dir: dir.into(),
            document: document.into(),
            packages: BTreeMap::new(),
        }
    }

    /// Adds the text of `packages/NAME.toml`.
    pub fn with_package(mut self, name: &str, text: impl Into<String>) -> Self {
        self.packages.insert(name.to_string(), Ok(text.into()));
        self
    }
}

/// Reads `dir/document.toml` and the package files of `dir/packages/`,
/// then [`parse`]s them.
///
/// `known_languages` are the languages that have a locale: a text in any
/// other language is an error. Every problem goes to `diags`, once: a file
/// that cannot be parsed gets its first syntax error and nothing else.
/// `None` when nothing could be read, or when what was read is too broken
/// for the checks after loading (a file that could not be parsed, a text
/// that could not be read, a misspelt key beside the key it meant) to say
/// anything but consequences.
pub fn load(
    dir: &Path,
    known_languages: &[&str],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<DocumentInput> {
    let doc_path = dir.join("document.toml");
    let document = match file::read(&doc_path) {
        Ok(text) => text,
        Err(file::ReadError::NotUtf8 { lossy, at, byte }) => {
            let file = sources.add(&doc_path, lossy);
            diags.push(not_utf8(file, at, byte));
            return None;
        }
        Err(e) => {
            diags.push(Diagnostic::general(format!(
                "cannot read {}: {e}",
                doc_path.display()
            )));
            return None;
        }
    };
    let texts = Texts {
        dir: dir.to_path_buf(),
        document,
        packages: read_packages(&dir.join("packages")),
    };
    parse(texts, known_languages, sources, diags)
}

/// Every `NAME.toml` of the packages folder, read (a file that is not
/// regular is refused by [`file::read`] without being opened).
fn read_packages(packages: &Path) -> BTreeMap<String, Result<String, file::ReadError>> {
    let Ok(entries) = std::fs::read_dir(packages) else {
        return BTreeMap::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().to_string();
            let name = file_name.strip_suffix(".toml")?.to_string();
            // A link to nothing is no file at all, as it was for `exists`.
            let path = e.path();
            path.exists().then(|| (name, file::read(&path)))
        })
        .collect()
}

/// Parses the texts of a document's files, as [`load`] does those of a
/// folder: the same checks, the same diagnostics, no file read.
pub fn parse(
    texts: Texts,
    known_languages: &[&str],
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<DocumentInput> {
    let mut found = Found::default();
    let doc = parse_document(texts, known_languages, sources, &mut found);
    let stop = found.stops_later_checks();
    found.report_into(diags);
    doc.filter(|_| !stop)
}

fn parse_document(
    mut texts: Texts,
    known_languages: &[&str],
    sources: &mut Sources,
    found: &mut Found,
) -> Option<DocumentInput> {
    let dir = texts.dir.clone();
    let file = sources.add(&dir.join("document.toml"), texts.document.clone());
    let source = sources.text(file).to_string();
    let root = parse_toml(file, &source, found);
    let ctx = Ctx::new(file, &source, &mut found.diags);
    let t = Table::new("", root.span(), root.get_ref()).expect(&DOCUMENT_KEYS);
    let mut doc = document_fields(&ctx, &t, &dir, known_languages);
    let section_names = section_names(&ctx, &t);
    let mut inline_sections = inline_sections(&ctx, &t, &section_names, known_languages);
    t.finish(&ctx);
    found.lost |= ctx.lost.get();

    // Sections in the order given, each from document.toml or its package
    // file: what each name leads to is decided in order (the package files
    // are numbered as sources in that order), the package files are read
    // on all cores, then everything found is said in order.
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let mut steps = Vec::new();
    for name in &section_names {
        if Name::Section.problem(&name.value).is_some() {
            continue;
        }
        if let Some(first) = seen.get(&name.value) {
            steps.push(Step::Said(
                Diagnostic::error(
                    name.span.clone(),
                    format!("section `{}` is listed twice", name.value),
                )
                .with_related(first.clone(), "first listed here"),
            ));
            continue;
        }
        seen.insert(name.value.clone(), name.span.clone());
        // The name's charset keeps this path inside packages/.
        let package = dir.join("packages").join(format!("{}.toml", name.value));
        let inline = inline_sections.remove(&name.value);
        steps.push(match (inline, texts.packages.remove(&name.value)) {
            (Some(s), None) => Step::Section(s),
            (Some(s), Some(_)) => Step::Said(
                Diagnostic::error(
                    s.name.span.clone(),
                    format!(
                        "section `{}` is written both here and in {}",
                        name.value,
                        package.display()
                    ),
                )
                .with_note("keep one of the two"),
            ),
            (None, Some(text)) => open_package(&package, name, text, sources),
            (None, None) => Step::Said(
                Diagnostic::error(name.span.clone(), format!("no section `{}`", name.value))
                    .with_note(format!(
                        "write it as [section.{}] in document.toml or as {}",
                        name.value,
                        package.display()
                    )),
            ),
        });
    }
    let jobs: Vec<(&Located<String>, FileId)> = steps
        .iter()
        .filter_map(|step| match step {
            Step::Package(name, file) => Some((name, *file)),
            _ => None,
        })
        .collect();
    let sources: &Sources = sources;
    let mut read = crate::parallel::map(jobs, |(name, file)| {
        let mut package = Found::default();
        let section = read_package(sources, file, name, known_languages, &mut package);
        (section, package)
    })
    .into_iter();
    for step in steps {
        match step {
            Step::Section(s) => doc.sections.push(s),
            Step::Said(d) => found.diags.push(d),
            Step::Broken(file, d) => found.mark_broken(file, d),
            Step::Unreadable(d) => {
                found.diags.push(d);
                // Every reference into it would be reported as unknown.
                found.lost = true;
            }
            Step::Package(..) => {
                let Some((section, package)) = read.next() else {
                    continue;
                };
                found.absorb(package);
                doc.sections.push(section);
            }
        }
    }
    for (name, s) in inline_sections {
        found.diags.push(Diagnostic::warning(
            s.name.span.clone(),
            format!("section `{name}` is not listed in `sections`, so it is left out"),
        ));
    }
    // What is left of the packages is what `sections` does not list.
    for name in texts.packages.keys().filter(|n| !seen.contains_key(*n)) {
        found.diags.push(Diagnostic::warning(
            Span::new(file, 0..0),
            format!("packages/{name}.toml is not listed in `sections`, so it is left out"),
        ));
    }
    Some(doc)
}

/// The one error of a file that is not UTF-8, at its first invalid byte.
/// The lossy text is the file up to `at`, so lines and columns are the
/// file's own; U+FFFD takes 3 bytes.
fn not_utf8(file: FileId, at: usize, byte: u8) -> Diagnostic {
    Diagnostic::error(
        Span::new(file, at..at + '\u{FFFD}'.len_utf8()),
        format!("this file is not UTF-8: byte 0x{byte:02X} is not valid here"),
    )
    .with_note("save the file as UTF-8")
}

/// What a name in `sections` leads to, in the order of the list.
enum Step {
    /// A section written in document.toml.
    Section(SectionInput),
    /// A problem with the name, said as it is.
    Said(Diagnostic),
    /// A package file added to the sources, to be read.
    Package(Located<String>, FileId),
    /// A package file that is not UTF-8, with its one error.
    Broken(FileId, Diagnostic),
    /// A package file that could not be read at all.
    Unreadable(Diagnostic),
}

/// Adds the text of a package file to the sources, or says why there is
/// none.
fn open_package(
    path: &Path,
    name: &Located<String>,
    text: Result<String, file::ReadError>,
    sources: &mut Sources,
) -> Step {
    match text {
        Ok(text) => Step::Package(name.clone(), sources.add(path, text)),
        Err(file::ReadError::NotUtf8 { lossy, at, byte }) => {
            let file = sources.add(path, lossy);
            Step::Broken(file, not_utf8(file, at, byte))
        }
        Err(e) => Step::Unreadable(Diagnostic::error(
            name.span.clone(),
            format!("cannot read {}: {e}", path.display()),
        )),
    }
}

/// Reads the section of package file `file`, named `name`.
fn read_package(
    sources: &Sources,
    file: FileId,
    name: &Located<String>,
    known_languages: &[&str],
    found: &mut Found,
) -> SectionInput {
    let source = sources.text(file);
    let root = parse_toml(file, source, found);
    let ctx = Ctx::new(file, source, &mut found.diags);
    let t = Table::new("", root.span(), root.get_ref()).expect(&["title", "blocks"]);
    let located_name = Located::new(name.value.clone(), ctx.span(0..0));
    let section = section(&ctx, &t, located_name, known_languages);
    t.finish(&ctx);
    found.lost |= ctx.lost.get();
    section
}

/// Parses TOML; what could be read is kept. The first syntax error is the
/// one error said about the file: the parser's recovery makes the others
/// (and every problem found in what it recovered) unreliable.
fn parse_toml<'i>(file: FileId, source: &'i str, found: &mut Found) -> Spanned<DeTable<'i>> {
    let (root, errors) = DeTable::parse_recoverable(source);
    if let Some(e) = errors.first() {
        let range = e.span().unwrap_or(0..0);
        let mut d = Diagnostic::error(
            Span::new(file, range.clone()),
            format!("TOML syntax: {}", e.message().trim_end()),
        );
        if let Some(runaway) = runaway_string(root.get_ref(), source, range.start) {
            let quotes = &source[runaway.start..runaway.start + 3];
            d = d
                .with_related(
                    Span::new(file, runaway),
                    "this string takes in the lines after it, keys included",
                )
                .with_note(format!("is the closing {quotes} of this string missing?"));
        }
        found.mark_broken(file, d);
    }
    root
}

/// The opening quotes of the last multi-line string before `at` that holds
/// a line reading like a key (`fr = """`): when its closing quotes are
/// missing, it swallows the lines after it and the first syntax error
/// comes lines later, far from the cause.
fn runaway_string(table: &DeTable, source: &str, at: usize) -> Option<std::ops::Range<usize>> {
    fn strings(value: &Spanned<DeValue>, out: &mut Vec<std::ops::Range<usize>>) {
        match value.get_ref() {
            DeValue::String(_) => out.push(value.span()),
            DeValue::Array(items) => items.iter().for_each(|v| strings(v, out)),
            DeValue::Table(t) => t.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let mut spans = Vec::new();
    table.values().for_each(|v| strings(v, &mut spans));
    let reads_like_a_key = |line: &str| {
        let Some((key, _)) = line.split_once('=') else {
            return false;
        };
        let key = key.trim_end();
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    spans
        .into_iter()
        .filter(|span| span.end <= at)
        .filter(|span| {
            source.get(span.clone()).is_some_and(|raw| {
                (raw.starts_with("\"\"\"") || raw.starts_with("'''"))
                    && raw.lines().skip(1).any(reads_like_a_key)
            })
        })
        .max_by_key(|span| span.start)
        .map(|span| span.start..span.start + 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_dir(dir: &Path) -> (Option<DocumentInput>, Vec<String>) {
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let doc = load(dir, &["en", "fr"], &mut sources, &mut diags);
        (doc, diags.iter().map(|d| d.message.clone()).collect())
    }

    fn runaway(source: &str) -> Option<std::ops::Range<usize>> {
        let (root, errors) = DeTable::parse_recoverable(source);
        let at = errors.first()?.span()?.start;
        runaway_string(root.get_ref(), source, at)
    }

    /// A document and its packages given as texts: read whole, with no
    /// folder on disk, and unlisted packages warned of as in a folder.
    #[test]
    fn texts_parse_without_a_folder() {
        let document = r#"
symbol = "PC1"
suffix = "a"
committee = "ptc"
sessions = [1]
meeting = { from = 2020-01-01, to = 2020-01-02 }
issued = 2020-01-01
place = "brussels"
agenda_item = "I."
languages = ["en"]
sections = ["intro", "revenue"]
title.en = "T"
summary.purpose.en = "P"
summary.action.en = "A"
[section.intro]
title.en = "Intro"
"#;
        let package = "title.en = \"Revenue\"\n[[blocks]]\nen = \"Text.\"\n";
        let texts = Texts::new("/no/such/folder", document)
            .with_package("revenue", package)
            .with_package("spare", "title.en = \"x\"\n");
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let doc = parse(texts, &["en"], &mut sources, &mut diags).expect("parsed");
        let names: Vec<&str> = doc.sections.iter().map(|s| s.name.value.as_str()).collect();
        assert_eq!(names, ["intro", "revenue"]);
        assert_eq!(doc.sections[1].blocks.len(), 1);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["packages/spare.toml is not listed in `sections`, so it is left out"]
        );
        assert_eq!(
            sources.path(doc.sections[1].file),
            Path::new("/no/such/folder/packages/revenue.toml")
        );
    }

    #[test]
    fn a_multi_line_string_that_swallows_a_key_is_pointed_at() {
        let source = "a = '''\nx\nb = '''\ny z\n'''\n";
        assert_eq!(runaway(source), Some(4..7));
        let source = "a = \"\"\"\nx\n\"\"\"\nb = \"\"\"\nok\n\"\"\"\nc = = 1\n";
        assert_eq!(runaway(source), None, "no string holds a key line");
    }

    #[cfg(unix)]
    #[test]
    fn a_document_toml_that_is_a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("document.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        let (doc, messages) = load_dir(dir.path());
        assert!(doc.is_none());
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].ends_with("it is a FIFO, not a regular file"),
            "{messages:?}"
        );
    }

    /// Everything said about a file that cannot be parsed is its first
    /// syntax error; the other files are still read and reported.
    #[test]
    fn a_broken_file_speaks_alone_and_stops_later_checks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("document.toml"),
            "symbol = \"PC1\"\ntitel = 1\nbad = \"\nsections = [\"p\"]\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("packages")).unwrap();
        std::fs::write(dir.path().join("packages/p.toml"), "titel.en = \"x\"\n").unwrap();
        let (doc, messages) = load_dir(dir.path());
        assert!(doc.is_none());
        let syntax: Vec<_> = messages
            .iter()
            .filter(|m| m.starts_with("TOML syntax"))
            .collect();
        assert_eq!(syntax.len(), 1, "{messages:?}");
        // The package's own problem is still found, the document's are not.
        assert!(
            messages.iter().any(|m| m == "unknown key `titel`"),
            "{messages:?}"
        );
        assert!(
            !messages.iter().any(|m| m.starts_with("missing")),
            "{messages:?}"
        );
        assert_eq!(messages.len(), 2, "{messages:?}");
    }
}
