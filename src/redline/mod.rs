//! `ptcdoc diff OLD_DIR NEW_DIR`: what changed between two versions of a
//! document, as a redline of the new one in every format asked for.
//!
//! Both folders are loaded and checked like `ptcdoc build` does; per
//! language, [`matching`] matches the old document to the new by
//! structure and [`words`] marks what changed inside texts. The result is
//! the new [`Document`] with revision marks ([`crate::model::Revision`])
//! and a [`Redline`] summary, which the ordinary renderers draw: HTML
//! `<ins>`/`<del>`, DOCX tracked changes, PDF underlines and strikes.

pub mod matching;
pub mod words;

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::locale::RedlineWords;
use crate::model::{CoverFact, Document, FactChange, Inline, Redline};
use crate::output::Output;
use crate::project::{Failure, Options, Project};
use crate::render::Format;
use matching::{Counts, Differ};

/// Settings of `ptcdoc diff`.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    pub templates: Option<PathBuf>,
    /// Languages to compare (default: every language of the new version).
    pub languages: Option<Vec<String>>,
    pub formats: Vec<Format>,
    /// Whom tracked changes are attributed to (default: the
    /// organisation's name in the document's language).
    pub author: Option<String>,
}

/// What changed in one language, as the command prints it (in English).
#[derive(Debug, Clone)]
pub struct Summary {
    pub lang: String,
    pub counts: Counts,
    /// The facts of the cover that changed, one line each.
    pub cover: Vec<String>,
}

impl Summary {
    fn of(doc: &Document) -> Summary {
        let english = RedlineWords::default();
        let (counts, cover) = match &doc.redline {
            Some(r) => (
                r.counts,
                r.cover.iter().map(|f| f.describe(&english)).collect(),
            ),
            None => (Counts::default(), Vec::new()),
        };
        Summary {
            lang: doc.lang.clone(),
            counts,
            cover,
        }
    }
}

/// The redline of a pair of documents in one language: `new` marked
/// against `old`, told in `words`.
pub fn redline(old: &Document, new: &Document, author: &str, words: &RedlineWords) -> Document {
    let mut differ = Differ::new(&new.sections);
    let mut doc = new.clone();
    doc.sections = differ.sections(&old.sections, &new.sections);
    for (flows, old_flows) in [
        (&mut doc.purpose, &old.purpose),
        (&mut doc.action, &old.action),
    ] {
        let (marked, changed) = differ.flows(old_flows, flows);
        if changed {
            differ.counts.changed += 1;
        }
        *flows = marked;
    }
    let mut cover = Vec::new();
    if old.symbol != new.symbol {
        cover.push(FactChange {
            fact: CoverFact::Symbol,
            old: old.symbol.clone(),
            new: new.symbol.clone(),
        });
    }
    for (fact, old_text, new_text) in [
        (CoverFact::Title, &old.title, &mut doc.title),
        (CoverFact::Sessions, &old.sessions, &mut doc.sessions),
        (
            CoverFact::MeetingDates,
            &old.meeting_dates,
            &mut doc.meeting_dates,
        ),
        (CoverFact::DateOfIssue, &old.dateline, &mut doc.dateline),
    ] {
        if let Some(marked) = words::diff(old_text, new_text) {
            cover.push(FactChange {
                fact,
                old: Inline::plain(old_text),
                new: Inline::plain(new_text),
            });
            *new_text = marked;
        }
    }
    differ.retarget(&mut doc.sections);
    differ.retarget_flows(&mut doc.purpose);
    differ.retarget_flows(&mut doc.action);
    differ.retarget_inlines(&mut doc.title);
    doc.redline = Some(Redline {
        against: format!(
            "{} ({})",
            old.symbol,
            Inline::plain(&old.dateline).trim_end_matches('.')
        ),
        author: author.to_string(),
        counts: differ.counts,
        cover,
        old_symbol: (old.symbol != new.symbol).then(|| old.symbol.clone()),
        words: words.clone(),
    });
    doc
}

/// Loads one version; errors in its inputs fail the run with their report.
fn load(dir: &Path, options: &DiffOptions) -> Result<Project, Failure> {
    let options = Options {
        templates: options.templates.clone(),
        languages: options.languages.clone(),
        pdf: options.formats.contains(&Format::Pdf),
    };
    let project =
        Project::load(dir, &options).with_context(|| format!("loading {}", dir.display()))?;
    if project.checked.diags.has_errors() {
        return Err(Failure::Invalid {
            report: project.report(),
            errors: project.checked.diags.error_count(),
        });
    }
    Ok(project)
}

/// The file name of a redline: `PC0608Ea-redline.html`.
pub fn file_name(doc: &Document, format: Format) -> String {
    format!("{}-redline.{}", doc.symbol, format.extension())
}

/// Compares `old_dir` with `new_dir` and renders the redlines, in memory:
/// per language of the new version, one output per format and a summary.
/// The warnings of both versions are in the returned report.
pub fn diff(
    old_dir: &Path,
    new_dir: &Path,
    options: &DiffOptions,
) -> Result<(Vec<Output>, Vec<Summary>, String), Failure> {
    let old = load(old_dir, options)?;
    let new = load(new_dir, options)?;
    let report = format!("{}{}", old.report(), new.report());
    let mut outputs = Vec::new();
    let mut summaries = Vec::new();
    for new_doc in &new.checked.documents {
        let Some(old_doc) = old
            .checked
            .documents
            .iter()
            .find(|d| d.lang == new_doc.lang)
        else {
            return Err(Failure::Other(anyhow::anyhow!(
                "{} has no `{}` version to compare {} with",
                old_dir.display(),
                new_doc.lang,
                new_dir.display()
            )));
        };
        let author = options
            .author
            .clone()
            .unwrap_or_else(|| new_doc.words.organization.clone());
        let words = new
            .locales
            .get(&new_doc.lang)
            .map(|l| l.redline.clone())
            .unwrap_or_default();
        let doc = redline(old_doc, new_doc, &author, &words);
        for &format in &options.formats {
            let bytes = format.renderer().render(&new.context(&doc))?;
            outputs.push(Output {
                name: file_name(&doc, format),
                bytes,
                source: format!("{} against {}", new_dir.display(), old_dir.display()),
            });
        }
        summaries.push(Summary::of(&doc));
    }
    for out in &outputs {
        crate::output::check_name(&out.name)?;
    }
    crate::output::check_unique(&outputs)?;
    Ok((outputs, summaries, report))
}
