//! The pipeline, one entry for every caller: the command line, `watch`,
//! the tests and the benchmarks. [`Project::load`] reads what is in
//! force for a document folder (its template folders, locales and
//! templates) and checks the document; [`Project::render`] turns its
//! documents into outputs through the renderer of each format.
//!
//! [`check`] is the same pipeline without the templates, for the commands
//! that render nothing. A build ([`build_outputs`]) renders while the
//! checks that only report are still running ([`Project::load_rendering`]),
//! and writes nothing if they find an error.

use std::cell::Cell;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
        Ok(Self::load_rendering(doc_dir, options, &[])?.0)
    }

    /// [`Project::load`], rendering `formats` as soon as the documents are
    /// built, while the checks that only report (parity, lint, stale
    /// translations) still run on another thread: what they find cannot
    /// change an output, only whether it is written, so a caller must not
    /// write outputs of a project with errors. Rendering starts only once
    /// the build and the checks that guard it (structure, glyphs) found no
    /// error: the renderers never see a document those reject. The
    /// outputs are `None` when rendering did not start.
    pub fn load_rendering(
        doc_dir: &Path,
        options: &Options,
        formats: &[Format],
    ) -> Result<(Project, Option<Result<Vec<Output>>>)> {
        let dirs = template_dirs(doc_dir, options);
        let locales = Locales::load(&dirs)?;
        // The templates are parsed while the document is read and checked:
        // neither needs the other, and a process has a core to spare here.
        let (templates, checked, outputs) = crate::parallel::scope(|scope| {
            let pending = Cell::new(Some(scope.spawn(|| {
                let templates = Templates::load(&dirs)?;
                if formats.contains(&Format::Pdf) {
                    prepare_pdf(&templates, &locales, options);
                }
                anyhow::Ok(templates)
            })));
            let join = || pending.take().map(crate::parallel::Handle::join);
            let mut templates = None;
            let (checked, outputs) = check_with(doc_dir, &locales, options, |documents| {
                if formats.is_empty() {
                    return None;
                }
                let Ok(loaded) = templates.insert(join()?) else {
                    return None;
                };
                let letterhead = locales.letterhead();
                Some(render_all(doc_dir, documents, loaded, &letterhead, formats))
            });
            let templates = templates.or_else(join).context("templates loaded once")?;
            anyhow::Ok((templates, checked, outputs))
        })?;
        let project = Project {
            dir: doc_dir.to_path_buf(),
            letterhead: locales.letterhead(),
            locales,
            templates: templates?,
            checked,
        };
        Ok((project, outputs))
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
        render_all(
            &self.dir,
            &self.checked.documents,
            &self.templates,
            &self.letterhead,
            formats,
        )
    }
}

/// Reads ahead what every PDF of the languages asked for needs and no
/// document changes (see [`render::pdf::prepare`]).
fn prepare_pdf(templates: &Templates, locales: &Locales, options: &Options) {
    let wanted =
        |code: &&str| (options.languages.as_ref()).is_none_or(|w| w.iter().any(|l| l == code));
    let hyphenation: Vec<&str> = (locales.codes().into_iter().filter(wanted))
        .filter_map(|code| locales.get(code))
        .map(|l| l.hyphenation.as_str())
        .collect();
    render::pdf::prepare(templates, &hyphenation);
}

/// Renders every document in every format. Every output is independent
/// of the others: they are made on all cores, longest first, and come
/// back in the order of the loop (documents, then formats), so neither the
/// files nor the first error reported depend on the machine.
fn render_all(
    dir: &Path,
    documents: &[Document],
    templates: &Templates,
    letterhead: &[Organization],
    formats: &[Format],
) -> Result<Vec<Output>> {
    let mut jobs: Vec<(usize, &Document, Format)> = documents
        .iter()
        .flat_map(|doc| formats.iter().map(move |&format| (doc, format)))
        .enumerate()
        .map(|(index, (doc, format))| (index, doc, format))
        .collect();
    // The PDFs first: each takes several times any other output, and one
    // started last would leave the other cores idle while it runs.
    jobs.sort_by_key(|&(_, _, format)| format != Format::Pdf);
    let mut done = crate::parallel::map(jobs, |(index, document, format)| {
        let context = RenderContext {
            document,
            templates,
            letterhead,
        };
        let output = format.renderer().render(&context).map(|bytes| Output {
            name: render::file_name(document, format),
            bytes,
            source: format!("{} (language `{}`)", dir.display(), document.lang),
        });
        (index, output)
    });
    done.sort_unstable_by_key(|&(index, _)| index);
    done.into_iter().map(|(_, output)| output).collect()
}

/// Reads and checks a document without its templates, for the commands
/// that render nothing (`check`). An `Err` is a locale that cannot be
/// used.
pub fn check(doc_dir: &Path, options: &Options) -> Result<Checked> {
    let locales = locales(doc_dir, options).context("loading locales")?;
    Ok(check_with(doc_dir, &locales, options, |_| None::<()>).0)
}

/// Loads and checks a document folder, building every language asked for
/// (all declared languages by default); `during` as in
/// [`check_input_during`].
fn check_with<R>(
    doc_dir: &Path,
    locales: &Locales,
    options: &Options,
    during: impl FnOnce(&[Document]) -> Option<R>,
) -> (Checked, Option<R>) {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut documents = Vec::new();
    let mut result = None;
    if let Some(input) = input::load(doc_dir, &locales.codes(), &mut sources, &mut diags) {
        let lock = translations::Lock::load(doc_dir).unwrap_or_else(|e| {
            diags.push(Diagnostic::general(format!("{e:#}")));
            None
        });
        let loaded = !diags.has_errors();
        (documents, result) = check_input_during(
            doc_dir,
            Arc::new(input),
            lock.as_ref(),
            locales,
            options,
            &mut diags,
            |documents| if loaded { during(documents) } else { None },
        );
    }
    diags.sort();
    let checked = Checked {
        sources,
        diags,
        documents,
    };
    (checked, result)
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
    check_input_during(
        doc_dir,
        input,
        lock,
        locales,
        options,
        diags,
        |_| None::<()>,
    )
    .0
}

/// [`check_input`], running `during` on the documents once they are built
/// and neither the build nor the checks that guard the renderers
/// (structure, glyphs) found an error, while the checks that only report
/// (parity, lint, stale translations) run beside (`parallel::beside`:
/// on a worker of the pool, when one takes them first). Its result
/// is `None` when it did not run.
pub fn check_input_during<R, I>(
    doc_dir: &Path,
    input: I,
    lock: Option<&translations::Lock>,
    locales: &Locales,
    options: &Options,
    diags: &mut Diagnostics,
    during: impl FnOnce(&[Document]) -> Option<R>,
) -> (Vec<Document>, Option<R>)
where
    I: Deref<Target = DocumentInput> + Clone + Send,
{
    let declared: Vec<String> = input.languages.iter().map(|l| l.value.clone()).collect();
    let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
    let declared_locales: Vec<&Locale> = declared.iter().filter_map(|c| locales.get(c)).collect();
    let for_reports = input.clone();
    let reporting = {
        let declared_locales = &declared_locales;
        move || Reported::of(&for_reports, lock, declared_locales)
    };
    let (reported, (guarded, built, result)) = crate::parallel::beside(reporting, || {
        let mut guarded = [Diagnostics::default(), Diagnostics::default()];
        model::check_structure(&input, &declared_locales, &mut guarded[0]);
        if options.pdf {
            render::pdf::check_glyphs(&input, &mut guarded[1]);
        }
        let mut found = Diagnostics::default();
        let documents = build_wanted(doc_dir, &input, locales, options, &declared, &mut found);
        // An input held by an `Arc` is freed once the reporting checks are
        // done with it, rather than held all through the rendering.
        drop(input);
        let clean = !(guarded.iter().any(Diagnostics::has_errors) || found.has_errors());
        let result = if clean { during(&documents) } else { None };
        (guarded, (documents, found), result)
    });
    // In the order one thread would have found them.
    let [structure, glyphs] = guarded;
    diags.append(structure);
    diags.append(reported.parity);
    diags.append(reported.lint);
    diags.append(glyphs);
    diags.append(reported.stale);
    let (documents, found) = built;
    diags.append(found);
    (documents, result)
}

/// What the checks that build nothing and guard nothing found.
struct Reported {
    parity: Diagnostics,
    lint: Diagnostics,
    stale: Diagnostics,
}

impl Reported {
    fn of(
        input: &DocumentInput,
        lock: Option<&translations::Lock>,
        declared_locales: &[&Locale],
    ) -> Reported {
        let mut reported = Reported {
            parity: Diagnostics::default(),
            lint: Diagnostics::default(),
            stale: Diagnostics::default(),
        };
        model::check_parity(input, &mut reported.parity);
        lint::lint(input, declared_locales, &mut reported.lint);
        translations::check_stale(input, lock, &mut reported.stale);
        reported
    }
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
    let (project, rendered) = Project::load_rendering(doc_dir, options, formats)?;
    if project.checked.diags.has_errors() {
        return Err(Failure::Invalid {
            report: project.report(),
            errors: project.checked.diags.error_count(),
        });
    }
    let outputs = match rendered {
        Some(outputs) => outputs?,
        None => project.render(formats)?,
    };
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

        let declared_locales: Vec<&Locale> =
            declared.iter().filter_map(|c| locales.get(c)).collect();
        let mut one_thread = Diagnostics::default();
        model::check_structure(&input, &declared_locales, &mut one_thread);
        model::check_parity(&input, &mut one_thread);
        lint::lint(&input, &declared_locales, &mut one_thread);
        render::pdf::check_glyphs(&input, &mut one_thread);
        translations::check_stale(&input, None, &mut one_thread);
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

    /// Rendering while the reporting checks run gives the bytes rendering
    /// after them gives.
    #[test]
    fn rendering_during_the_checks_gives_the_same_outputs() {
        let options = Options {
            pdf: true,
            ..Options::default()
        };
        let formats = [Format::Markdown, Format::Html, Format::Pdf, Format::Docx];
        let (project, during) =
            Project::load_rendering(&default_doc(), &options, &formats).unwrap();
        let during = during.expect("rendered during the checks").unwrap();
        let after = project.render(&formats).unwrap();
        assert_eq!(during.len(), 8);
        for (d, a) in during.iter().zip(&after) {
            assert_eq!((&d.name, &d.bytes), (&a.name, &a.bytes));
        }
    }

    /// The renderers never see a document the build rejected; a document
    /// only the reporting checks reject (here: lists that differ between
    /// languages) is rendered, and the run still writes nothing.
    #[test]
    fn rendering_during_the_checks_starts_only_after_the_guards() {
        let options = Options {
            languages: Some(vec!["xx".into()]),
            ..Options::default()
        };
        let (project, during) =
            Project::load_rendering(&default_doc(), &options, &[Format::Markdown]).unwrap();
        assert!(project.checked.diags.has_errors());
        assert!(during.is_none());

        let parity =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/list-parity");
        let options = Options::default();
        let (project, during) =
            Project::load_rendering(&parity, &options, &[Format::Markdown]).unwrap();
        assert!(project.checked.diags.has_errors(), "{}", project.report());
        assert!(during.is_some());
        match build_outputs(&parity, &[Format::Markdown], &options) {
            Err(Failure::Invalid { errors, .. }) => assert!(errors > 0),
            _ => panic!("a document with errors must not build"),
        }
    }
}
