//! ptcdoc turns the TOML inputs of a WCO "Inter-Sessional Developments"
//! document into its English and French variants, as Markdown, HTML and
//! PDF, with the same numbered paragraphs in each.
//!
//! The pipeline, one module per step:
//!
//! 1. [`input::load`] reads `document.toml` and the package files, keeping
//!    the place of every value;
//! 2. [`model::check_structure`] and [`model::build`] check the inputs and
//!    build one [`model::Document`] per language: numbers, labels,
//!    references, formatted facts and typography;
//! 3. [`render`] turns a document into bytes: Tera templates for Markdown
//!    and HTML, our own layout on printpdf for the PDF;
//! 4. [`output::write_all`] writes everything at once, or nothing.
//!
//! Every problem found on the way is a [`diagnostics::Diagnostic`] with a
//! file, line and column; a run reports them all.

pub mod diagnostics;
pub mod input;
pub mod lint;
pub mod locale;
pub mod model;
pub mod next;
pub mod output;
pub mod parallel;
pub mod render;
pub mod translations;
pub mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use diagnostics::{Diagnostic, Diagnostics, Sources};
use locale::Locale;
use model::Document;
use render::{Format, Organization, Templates};

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

/// The languages ptcdoc can build, and the letterhead they share.
pub struct Locales {
    by_code: BTreeMap<String, Locale>,
}

impl Locales {
    /// The built-in locales, overridden or extended by `locale/*.toml`
    /// files in the template folders given.
    pub fn load(template_dirs: &[PathBuf]) -> Result<Locales> {
        let mut texts: BTreeMap<String, (String, String)> = locale::BUILTIN
            .iter()
            .map(|(c, t)| {
                (
                    c.to_string(),
                    (t.to_string(), format!("(built-in) locale/{c}.toml")),
                )
            })
            .collect();
        for dir in template_dirs {
            let Ok(entries) = std::fs::read_dir(dir.join("locale")) else {
                continue;
            };
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                let Some(code) = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_suffix(".toml"))
                else {
                    continue;
                };
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                texts.insert(code.to_string(), (text, path.display().to_string()));
            }
        }
        let mut by_code = BTreeMap::new();
        for (code, (text, origin)) in texts {
            let locale = Locale::parse(&text).map_err(|e| {
                anyhow::anyhow!("in locale {}", diagnostics::toml_error(&origin, &text, &e))
            })?;
            if locale.code != code {
                bail!(
                    "locale {origin} says code = \"{}\"; its file name says {code}",
                    locale.code
                );
            }
            by_code.insert(code, locale);
        }
        Ok(Locales { by_code })
    }

    pub fn get(&self, code: &str) -> Option<&Locale> {
        self.by_code.get(code)
    }

    pub fn codes(&self) -> Vec<&str> {
        self.by_code.keys().map(String::as_str).collect()
    }

    /// The WCO letterhead: English on the left, French on the right, in
    /// every variant of the document.
    pub fn letterhead(&self) -> Vec<Organization> {
        ["en", "fr"]
            .iter()
            .filter_map(|c| self.get(c))
            .map(|l| Organization {
                lang: l.html_lang.clone(),
                name: l.words.organization_caps.clone(),
                established: l.words.established.clone(),
            })
            .collect()
    }
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

/// The template folders in force for a document: its own, then the one
/// given on the command line (which wins).
pub fn template_dirs(doc_dir: &Path, options: &Options) -> Vec<PathBuf> {
    render::document_templates(doc_dir)
        .into_iter()
        .chain(options.templates.clone())
        .collect()
}

/// Loads and checks a document folder, building every language asked for
/// (all declared languages by default).
pub fn check(doc_dir: &Path, locales: &Locales, options: &Options) -> Checked {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let mut documents = Vec::new();
    let codes = locales.codes();
    if let Some(input) = input::load(doc_dir, &codes, &mut sources, &mut diags) {
        let declared: Vec<&str> = input.languages.iter().map(|l| l.value.as_str()).collect();
        let declared_locales: Vec<&Locale> =
            declared.iter().filter_map(|c| locales.get(c)).collect();
        model::check_structure(&input, &declared_locales, &mut diags);
        model::check_parity(&input, &mut diags);
        lint::lint(&input, &declared_locales, &mut diags);
        if options.pdf {
            render::pdf::check_glyphs(&input, &mut diags);
        }
        match translations::Lock::load(doc_dir) {
            Ok(lock) => translations::check_stale(&input, lock.as_ref(), &mut diags),
            Err(e) => diags.push(Diagnostic::general(format!("{e:#}"))),
        }
        let wanted: Vec<String> = match &options.languages {
            Some(langs) => langs.clone(),
            None => declared.iter().map(|s| s.to_string()).collect(),
        };
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
            documents.push(model::build(&input, &options, &mut diags));
        }
    }
    diags.sort();
    Checked {
        sources,
        diags,
        documents,
    }
}

/// Renders every document in every format; nothing is written. `source`
/// names where the documents come from, for messages about their outputs.
pub fn render_all(
    source: &Path,
    documents: &[Document],
    formats: &[Format],
    templates: &Templates,
    locales: &Locales,
) -> Result<Vec<output::Output>> {
    let letterhead = locales.letterhead();
    let mut outputs = Vec::new();
    for doc in documents {
        for &format in formats {
            let bytes = match format {
                Format::Markdown => {
                    render::markdown::render(templates, doc, &letterhead)?.into_bytes()
                }
                Format::Html => render::html::render(templates, doc, &letterhead)?.into_bytes(),
                Format::Pdf => render::pdf::render(doc, &letterhead, templates)?,
            };
            outputs.push(output::Output {
                name: render::file_name(doc, format),
                bytes,
                source: format!("{} (language `{}`)", source.display(), doc.lang),
            });
        }
    }
    Ok(outputs)
}

/// Checks a document folder and renders its outputs, in memory.
pub fn build_outputs(
    doc_dir: &Path,
    formats: &[Format],
    options: &Options,
) -> std::result::Result<(Vec<output::Output>, Checked), Failure> {
    let dirs = template_dirs(doc_dir, options);
    let locales = Locales::load(&dirs)?;
    let templates = Templates::load(&dirs).map_err(anyhow::Error::from)?;
    let options = &Options {
        pdf: formats.contains(&Format::Pdf),
        ..options.clone()
    };
    let checked = check(doc_dir, &locales, options);
    if checked.diags.has_errors() {
        return Err(Failure::Invalid {
            report: checked.report(),
            errors: checked.diags.error_count(),
        });
    }
    let outputs = render_all(doc_dir, &checked.documents, formats, &templates, &locales)?;
    Ok((outputs, checked))
}

/// The outputs of a run, rendered and not yet written, with the warnings
/// found on the way.
pub struct Built {
    pub outputs: Vec<output::Output>,
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
            Ok((rendered, checked)) => {
                report.push_str(&checked.report());
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
