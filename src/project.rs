//! The pipeline, one entry for every caller: the command line, `watch`,
//! the tests and the benchmarks. [`Project::load`] reads what is in
//! force for a document folder (its template folders, locales and
//! templates) and checks the document; [`Project::render`] turns its
//! documents into outputs through the renderer of each format.
//!
//! [`check`] is the same pipeline without the templates, for the commands
//! that render nothing.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::input::DocumentInput;
use crate::locale::{Locale, Locales};
use crate::model::{self, Document};
use crate::output::{self, Output};
use crate::render::{self, Format, Organization, RenderContext, Templates};
use crate::{input, lint, translations};

/// Settings of a run, as the command line resolved them.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A folder of templates overriding the built-in ones (and the
    /// document's own `templates/` folder).
    pub templates: Option<PathBuf>,
    /// Languages to build; `None` builds every language the document
    /// declares.
    pub languages: Option<Vec<String>>,
    /// Whether a PDF will be made: a character its fonts cannot show is
    /// then an error, reported at its place in the inputs.
    pub pdf: bool,
}

/// Why a run failed, for the command line to choose its exit code.
#[derive(Debug)]
pub enum Failure {
    /// The inputs have errors; the report lists them all.
    Invalid { report: String, errors: usize },
    /// Anything else: a template, the file system.
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

/// The template folders in force for a document: its own, then the one
/// given on the command line (which wins).
pub fn template_dirs(doc_dir: &Path, options: &Options) -> Vec<PathBuf> {
    render::document_templates(doc_dir)
        .into_iter()
        .chain(options.templates.clone())
        .collect()
}

/// The locales in force for a document: built-in, and from its template
/// folders.
pub fn locales(doc_dir: &Path, options: &Options) -> Result<Locales> {
    Locales::load(&template_dirs(doc_dir, options))
}

/// A document read and checked: its sources (for printing diagnostics),
/// every problem found, and one built document per language asked for.
pub struct Checked {
    pub sources: Sources,
    pub diags: Diagnostics,
    pub documents: Vec<Document>,
}

impl Checked {
    pub fn report(&self) -> String {
        self.diags.render(&self.sources)
    }
}

/// A document folder loaded: what is in force for it, and its documents
/// checked and built.
pub struct Project {
    pub dir: PathBuf,
    pub locales: Locales,
    pub templates: Templates,
    pub checked: Checked,
    letterhead: Vec<Organization>,
}

impl Project {
    /// Reads the locales and templates in force for `doc_dir`, then reads,
    /// checks and builds the document in every language asked for. Errors
    /// in the inputs are in `checked.diags`; an `Err` is a locale or a
    /// template that cannot be used.
    pub fn load(doc_dir: &Path, options: &Options) -> Result<Project> {
        let dirs = template_dirs(doc_dir, options);
        let locales = Locales::load(&dirs)?;
        // The templates are parsed while the document is read and checked:
        // neither needs the other, and a process has a core to spare here.
        let (templates, checked) = std::thread::scope(|scope| {
            let templates = scope.spawn(|| Templates::load(&dirs));
            let checked = check_with(doc_dir, &locales, options);
            let templates = templates
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (templates, checked)
        });
        let templates = templates?;
        let letterhead = locales.letterhead();
        Ok(Project {
            dir: doc_dir.to_path_buf(),
            locales,
            templates,
            checked,
            letterhead,
        })
    }

    pub fn report(&self) -> String {
        self.checked.report()
    }

    /// What the renderers are given for `document`.
    pub fn context<'a>(&'a self, document: &'a Document) -> RenderContext<'a> {
        RenderContext {
            document,
            templates: &self.templates,
            letterhead: &self.letterhead,
        }
    }

    /// Renders every document in every format; nothing is written. A
    /// project with errors renders nothing.
    pub fn render(&self, formats: &[Format]) -> Result<Vec<Output>> {
        if self.checked.diags.has_errors() {
            bail!(
                "{} has {} error(s); nothing was rendered",
                self.dir.display(),
                self.checked.diags.error_count()
            );
        }
        // Every output is independent of the others: they are made on all
        // cores, and come back in the order of the loop (documents, then
        // formats), so neither the files nor the first error reported
        // depend on the machine.
        let jobs: Vec<(&Document, Format)> = self
            .checked
            .documents
            .iter()
            .flat_map(|doc| formats.iter().map(move |&format| (doc, format)))
            .collect();
        crate::parallel::map(jobs, |(doc, format)| {
            Ok(Output {
                name: render::file_name(doc, format),
                bytes: format.renderer().render(&self.context(doc))?,
                source: format!("{} (language `{}`)", self.dir.display(), doc.lang),
            })
        })
        .into_iter()
        .collect()
    }
}

/// Reads and checks a document without its templates, for the commands
/// that render nothing (`check`). An `Err` is a locale that cannot be
/// used.
pub fn check(doc_dir: &Path, options: &Options) -> Result<Checked> {
    let locales = locales(doc_dir, options).context("loading locales")?;
    Ok(check_with(doc_dir, &locales, options))
}

/// Loads and checks a document folder, building every language asked for
/// (all declared languages by default).
fn check_with(doc_dir: &Path, locales: &Locales, options: &Options) -> Checked {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut documents = Vec::new();
    if let Some(input) = input::load(doc_dir, &locales.codes(), &mut sources, &mut diags) {
        let lock = translations::Lock::load(doc_dir).unwrap_or_else(|e| {
            diags.push(Diagnostic::general(format!("{e:#}")));
            None
        });
        documents = check_input(doc_dir, &input, lock.as_ref(), locales, options, &mut diags);
    }
    diags.sort();
    Checked {
        sources,
        diags,
        documents,
    }
}

/// Every check of a document's input, read from a folder or from texts in
/// memory (`input::parse`), and the documents built for the languages
/// asked for: structure, parity, lint, the glyphs of the PDF fonts (when a
/// PDF is made), stale translations against `lock`.
pub fn check_input(
    doc_dir: &Path,
    input: &DocumentInput,
    lock: Option<&translations::Lock>,
    locales: &Locales,
    options: &Options,
    diags: &mut Diagnostics,
) -> Vec<Document> {
    let declared: Vec<&str> = input.languages.iter().map(|l| l.value.as_str()).collect();
    // The checks and the building of the documents read the input and
    // nothing of each other's: they run on two threads, and their problems
    // are put together in the order one thread would have found them.
    let (checked, built) = std::thread::scope(|scope| {
        let checks = scope.spawn(|| {
            let mut found = Diagnostics::default();
            check_only(input, lock, locales, options, &declared, &mut found);
            found
        });
        let mut found = Diagnostics::default();
        let documents = build_wanted(doc_dir, input, locales, options, &declared, &mut found);
        let checked = checks
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (checked, (documents, found))
    });
    diags.append(checked);
    let (documents, found) = built;
    diags.append(found);
    documents
}

/// Every check of a document's input that builds nothing.
fn check_only(
    input: &DocumentInput,
    lock: Option<&translations::Lock>,
    locales: &Locales,
    options: &Options,
    declared: &[&str],
    diags: &mut Diagnostics,
) {
    let declared_locales: Vec<&Locale> = declared.iter().filter_map(|c| locales.get(c)).collect();
    model::check_structure(input, &declared_locales, diags);
    model::check_parity(input, diags);
    lint::lint(input, &declared_locales, diags);
    if options.pdf {
        render::pdf::check_glyphs(input, diags);
    }
    translations::check_stale(input, lock, diags);
}

/// The documents of the languages asked for (all declared by default).
fn build_wanted(
    doc_dir: &Path,
    input: &DocumentInput,
    locales: &Locales,
    options: &Options,
    declared: &[&str],
    diags: &mut Diagnostics,
) -> Vec<Document> {
    let wanted: Vec<String> = match &options.languages {
        Some(langs) => langs.clone(),
        None => declared.iter().map(|s| s.to_string()).collect(),
    };
    let mut documents = Vec::new();
    for lang in &wanted {
        if !declared.contains(&lang.as_str()) {
            diags.push(Diagnostic::general(format!(
                "{}: language `{lang}` is not declared in `languages` ({})",
                doc_dir.display(),
                declared.join(", ")
            )));
            continue;
        }
        let Some(locale) = locales.get(lang) else {
            continue;
        };
        let options = model::BuildOptions { locale };
        documents.push(model::build(input, &options, diags));
    }
    documents
}

/// Loads, checks and renders one document folder, in memory. Errors in
/// the inputs are a [`Failure::Invalid`] with their report.
pub fn build_outputs(
    doc_dir: &Path,
    formats: &[Format],
    options: &Options,
) -> std::result::Result<(Vec<Output>, Project), Failure> {
    let options = &Options {
        pdf: formats.contains(&Format::Pdf),
        ..options.clone()
    };
    let project = Project::load(doc_dir, options)?;
    if project.checked.diags.has_errors() {
        return Err(Failure::Invalid {
            report: project.report(),
            errors: project.checked.diags.error_count(),
        });
    }
    let outputs = project.render(formats)?;
    Ok((outputs, project))
}

/// The outputs of a run, rendered and not yet written, with the warnings
/// found on the way.
pub struct Built {
    pub outputs: Vec<Output>,
    pub report: String,
}

/// Checks and renders several documents, all or nothing: one document with
/// errors fails the whole run, so that nothing gets written.
pub fn build_all(
    docs: &[PathBuf],
    formats: &[Format],
    options: &Options,
) -> std::result::Result<Built, Failure> {
    let mut outputs = Vec::new();
    let mut report = String::new();
    let mut errors = 0;
    for doc in docs {
        match build_outputs(doc, formats, options) {
            Ok((rendered, project)) => {
                report.push_str(&project.report());
                outputs.extend(rendered);
            }
            Err(Failure::Invalid {
                report: r,
                errors: n,
            }) => {
                report.push_str(&r);
                report.push_str(&format!("error: {} has {n} error(s)\n", doc.display()));
                errors += n;
            }
            Err(Failure::Other(e)) => {
                return Err(Failure::Other(
                    e.context(format!("building {}", doc.display())),
                ));
            }
        }
    }
    if errors > 0 {
        return Err(Failure::Invalid { report, errors });
    }
    // Before anything is written: every name stays inside the output
    // folder, and no output overwrites another (two folders with one
    // symbol, a language asked for twice).
    for out in &outputs {
        output::check_name(&out.name).with_context(|| format!("from {}", out.source))?;
    }
    output::check_unique(&outputs)?;
    Ok(Built { outputs, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_doc() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/pc0608")
    }

    #[test]
    fn checks_and_builds_on_two_threads_report_as_one_thread_would() {
        let doc = default_doc();
        let options = Options {
            // `de` is not declared: the building reports it, after the
            // checks' own findings (the default document has warnings).
            languages: Some(vec!["en".into(), "de".into()]),
            pdf: true,
            ..Options::default()
        };
        let locales = locales(&doc, &options).unwrap();
        let mut sources = Sources::default();
        let mut loaded = Diagnostics::default();
        let input = input::load(&doc, &locales.codes(), &mut sources, &mut loaded).unwrap();
        let declared: Vec<&str> = input.languages.iter().map(|l| l.value.as_str()).collect();
        let messages = |d: &Diagnostics| d.iter().map(|d| d.message.clone()).collect::<Vec<_>>();

        let mut one_thread = Diagnostics::default();
        check_only(&input, None, &locales, &options, &declared, &mut one_thread);
        let checks_found = one_thread.iter().count();
        build_wanted(&doc, &input, &locales, &options, &declared, &mut one_thread);
        let mut two_threads = Diagnostics::default();
        let documents = check_input(&doc, &input, None, &locales, &options, &mut two_threads);

        assert!(checks_found > 0, "the default document has warnings");
        assert!(messages(&one_thread).last().unwrap().contains("`de`"));
        assert_eq!(messages(&two_threads), messages(&one_thread));
        assert_eq!(documents.len(), 1);
    }

    #[test]
    fn renders_each_document_in_each_format_in_order() {
        let options = Options::default();
        let project = Project::load(&default_doc(), &options).unwrap();
        assert!(!project.checked.diags.has_errors(), "{}", project.report());
        let outputs = project.render(&[Format::Html, Format::Markdown]).unwrap();
        let names: Vec<&str> = outputs.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "PC0608Ea.html",
                "PC0608Ea.md",
                "PC0608Fa.html",
                "PC0608Fa.md"
            ]
        );
    }

    /// A project whose inputs have errors renders nothing, whoever asks.
    #[test]
    fn a_project_with_errors_renders_nothing() {
        let options = Options {
            languages: Some(vec!["xx".into()]),
            ..Options::default()
        };
        let project = Project::load(&default_doc(), &options).unwrap();
        assert!(project.checked.diags.has_errors());
        let e = project.render(&[Format::Markdown]).err().unwrap();
        assert!(e.to_string().contains("nothing was rendered"), "{e}");
    }
}
