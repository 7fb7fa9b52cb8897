//! The work of the exchange commands (`translations export`, `import`,
//! `tmx`, `review`): loading a document for them and putting the pieces
//! together, so that the command line only parses arguments and writes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::displays::Displays;
use super::segments::exchange_units;
use super::xliff::{self, Only};
use super::{Lock, foreign_source, import};
use crate::diagnostics::{Diagnostics, Sources};
use crate::input::DocumentInput;
use crate::locale::Locales;
use crate::model::{self, Document};

/// A document's inputs, read for the exchange.
pub struct Loaded {
    pub dir: PathBuf,
    pub input: DocumentInput,
    pub sources: Sources,
    pub locales: Locales,
    pub lock: Option<Lock>,
}

impl Loaded {
    /// Reads `doc`'s inputs and lock; errors in them are refused, with
    /// their report.
    pub fn load(doc: &Path) -> Result<Loaded> {
        let locales = crate::project::locales(doc, &crate::Options::default())?;
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let input = crate::input::load(doc, &locales.codes(), &mut sources, &mut diags);
        let input = match input {
            Some(input) if !diags.has_errors() => input,
            _ => bail!(
                "{}{} has errors; fix them first (see `ptcdoc check`)",
                diags.render(&sources),
                doc.display()
            ),
        };
        let lock = Lock::load(doc)?;
        if let (Some(l), Some(first)) = (&lock, input.languages.first())
            && l.source != first.value
        {
            bail!("{}", foreign_source(l, &first.value));
        }
        Ok(Loaded {
            dir: doc.to_path_buf(),
            input,
            sources,
            locales,
            lock,
        })
    }

    /// The source language: the first the document declares.
    pub fn source(&self) -> Result<&str> {
        self.input
            .languages
            .first()
            .map(|l| l.value.as_str())
            .context("the document declares no language")
    }

    /// `lang` if it is a language the document is translated into; the
    /// only one when none is given and there is one.
    pub fn target(&self, lang: Option<&str>) -> Result<String> {
        let targets: Vec<&str> = self
            .input
            .languages
            .iter()
            .skip(1)
            .map(|l| l.value.as_str())
            .collect();
        match lang {
            Some(l) if targets.contains(&l) => Ok(l.to_string()),
            Some(l) => bail!(
                "--lang: the document is not translated into `{l}` (it is into: {})",
                targets.join(", ")
            ),
            None if targets.len() == 1 => Ok(targets[0].to_string()),
            None => bail!(
                "name the language to translate into with --lang ({})",
                targets.join(", ")
            ),
        }
    }

    /// The document built in `lang`, whatever its problems (a missing
    /// text is left empty): for what references read and how texts look.
    pub fn build(&self, lang: &str) -> Result<Document> {
        let locale = self
            .locales
            .get(lang)
            .with_context(|| format!("no locale for `{lang}`"))?;
        let mut ignored = Diagnostics::default();
        Ok(model::build(
            &self.input,
            &model::BuildOptions { locale },
            &mut ignored,
        ))
    }

    /// The document's symbol, or its folder's name.
    pub fn name(&self) -> String {
        match &self.input.symbol {
            Some(s) => s.value.clone(),
            None => self
                .dir
                .file_name()
                .map_or("document".into(), |n| n.to_string_lossy().into_owned()),
        }
    }
}

/// `translations export`: the XLIFF text and the number of units in it.
pub fn export(loaded: &Loaded, lang: Option<&str>, only: Only) -> Result<(String, usize)> {
    let source = loaded.source()?;
    let lang = loaded.target(lang)?;
    let doc = loaded.build(source)?;
    let locale = loaded
        .locales
        .get(source)
        .with_context(|| format!("no locale for `{source}`"))?;
    let facts = model::facts::Facts::new(&loaded.input, locale, &doc.symbol, &doc.committee);
    let displays = Displays::new(&doc, &loaded.sources, facts);
    let units = exchange_units(&loaded.input, loaded.lock.as_ref(), source, &lang);
    let name = loaded.name();
    let original = loaded.dir.display().to_string();
    let header = xliff::Header {
        file_id: &name,
        original: &original,
        source,
        target: &lang,
    };
    Ok(xliff::export(&header, &units, &displays, only))
}

/// `translations import`: the plan, or the report of why the file is
/// refused.
pub fn import(
    loaded: &mut Loaded,
    file: &Path,
    accept: bool,
) -> Result<std::result::Result<import::Plan, String>> {
    let text = match crate::input::file::read(file) {
        Ok(t) => t,
        Err(e) => bail!("cannot read {}: {e}", file.display()),
    };
    let planned = import::plan(
        &loaded.input,
        loaded.lock.as_ref(),
        &mut loaded.sources,
        file,
        text,
        accept,
    );
    Ok(planned.map_err(|diags| diags.render(&loaded.sources)))
}
