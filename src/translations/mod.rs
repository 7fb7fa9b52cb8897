//! Stale translations. The lock file beside the inputs
//! (`translations.lock`) records, for each translated text, a fingerprint
//! of the source-language text it was translated from. When the source
//! changes, the fingerprint no longer matches and the translation is
//! stale until someone reviews it and runs `ptcdoc translations accept`.
//!
//! Texts are named by the id of their block where it has one
//! (`revenue/phase-iv`), else by their place (`revenue/3`), so that the
//! report says which text to look at.
//!
//! The exchange with translators' tools lives beside it: the texts as
//! [`segments`] with [`inline_codes`], [`xliff`] export and [`import`],
//! a [`tmx`] memory of accepted pairs, and a bilingual [`review`] page.

pub mod displays;
pub mod exchange;
pub mod import;
pub mod inline_codes;
pub mod review;
pub mod segments;
pub mod tmx;
pub mod xliff;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::diagnostics::{Diagnostic, Diagnostics, FileId};
use crate::fingerprint::Fnv1a;
use crate::input::file::ReadError;
use crate::input::{DocumentInput, Text, TextSet};

pub const LOCK_FILE: &str = "translations.lock";

/// A fingerprint of a text: [FNV-1a](crate::fingerprint), as 16 hex
/// digits. Blank space
/// around the text and the line-ending style (CRLF or LF) do not count, so
/// converting a file's line endings leaves its translations accepted.
pub fn fingerprint(text: &str) -> String {
    let mut hash = Fnv1a::new();
    let bytes = text.trim().as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        if byte == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        hash.byte(byte);
    }
    format!("{:016x}", hash.value())
}

/// One translatable text of a document.
pub struct Unit<'a> {
    pub key: String,
    pub texts: &'a TextSet,
    /// Where its texts are written.
    pub place: Place,
}

/// The table of a TOML file that holds a text's languages
/// (`[[blocks]]` number 3 of `packages/revenue.toml`, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: FileId,
    pub path: Vec<Step>,
}

/// One step of the way to a table from the top of its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Every translatable text, in document order.
pub fn units(input: &DocumentInput) -> Vec<Unit<'_>> {
    let key = |k: &str| Step::Key(k.to_string());
    let at = |path: Vec<Step>| Place {
        file: input.file,
        path,
    };
    let mut out = vec![
        Unit {
            key: "title".into(),
            texts: &input.title,
            place: at(vec![key("title")]),
        },
        Unit {
            key: "summary.purpose".into(),
            texts: &input.purpose,
            place: at(vec![key("summary"), key("purpose")]),
        },
        Unit {
            key: "summary.action".into(),
            texts: &input.action,
            place: at(vec![key("summary"), key("action")]),
        },
    ];
    for section in &input.sections {
        let name = &section.name.value;
        // A section of document.toml is `[section.NAME]`; a package file
        // is the section itself.
        let base = if section.file == input.file {
            vec![key("section"), key(name)]
        } else {
            Vec::new()
        };
        let place = |mut steps: Vec<Step>| {
            let mut path = base.clone();
            path.append(&mut steps);
            Place {
                file: section.file,
                path,
            }
        };
        out.push(Unit {
            key: format!("{name}/title"),
            texts: &section.title,
            place: place(vec![key("title")]),
        });
        for (i, block) in section.blocks.iter().enumerate() {
            let key_of = match &block.id {
                Some(id) => format!("{name}/{}", id.value),
                None => format!("{name}/{}", i + 1),
            };
            out.push(Unit {
                key: key_of,
                texts: &block.texts,
                place: place(vec![key("blocks"), Step::Index(i)]),
            });
        }
    }
    out
}

/// The lock file: per language, per text key, the source fingerprint.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Lock {
    pub source: String,
    pub accepted: BTreeMap<String, BTreeMap<String, String>>,
}

/// The file's shape: `source = "en"` and a table per language. (serde
/// cannot deny unknown keys next to a flattened map; a stray key fails as
/// a table that is not a map of strings.)
#[derive(serde::Deserialize, serde::Serialize)]
struct LockFile {
    source: String,
    #[serde(flatten)]
    languages: BTreeMap<String, BTreeMap<String, String>>,
}

impl Lock {
    pub fn path(doc_dir: &Path) -> PathBuf {
        doc_dir.join(LOCK_FILE)
    }

    /// Reads the lock file; a document without one has accepted nothing.
    /// Read as every input is: a FIFO or a folder at its name is refused,
    /// never waited on.
    pub fn load(doc_dir: &Path) -> Result<Option<Lock>> {
        let path = Lock::path(doc_dir);
        let text = match crate::input::file::read(&path) {
            Ok(t) => t,
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => bail!("cannot read {}: {e}", path.display()),
        };
        let file: LockFile = toml::from_str(&text)
            .with_context(|| format!("{} is not a valid lock file", path.display()))?;
        Ok(Some(Lock {
            source: file.source,
            accepted: file.languages,
        }))
    }

    /// The file's text. Keys go through the TOML writer, so any key (a
    /// section name with a `"` in it, say) is quoted as TOML requires.
    pub fn to_toml(&self) -> Result<String> {
        let file = LockFile {
            source: self.source.clone(),
            languages: self.accepted.clone(),
        };
        let body = toml::to_string(&file).context("cannot write the translation lock as TOML")?;
        Ok(format!(
            "# Fingerprints of the source texts each translation was accepted against.\n\
             # Written by `ptcdoc translations accept`; not to be edited by hand.\n{body}"
        ))
    }

    /// Writes the lock beside the inputs, the way every file is written
    /// (see [`crate::output`]), under the folder's lock, which the caller
    /// took before loading. A read-only lock is refused rather than
    /// replaced: someone made it so on purpose.
    pub fn save(&self, folder: &crate::output::FolderLock, doc_dir: &Path) -> Result<()> {
        let path = Lock::path(doc_dir);
        if let Ok(meta) = std::fs::metadata(&path)
            && meta.permissions().readonly()
        {
            bail!(
                "{} is read-only; make it writable to accept translations",
                path.display()
            );
        }
        folder.replace_file(LOCK_FILE, self.to_toml()?.as_bytes())
    }
}

/// Where one translated text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// No text in this language.
    Missing,
    /// The source changed since the translation was accepted.
    Stale,
    /// Translated, never accepted.
    Unaccepted,
    UpToDate,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Missing => "missing",
            State::Stale => "stale",
            State::Unaccepted => "not accepted",
            State::UpToDate => "up to date",
        }
    }
}

pub struct Status<'a> {
    pub lang: String,
    pub key: String,
    pub state: State,
    pub text: Option<&'a Text>,
}

/// The state of every translation of the document, per target language.
pub fn status<'a>(input: &'a DocumentInput, lock: Option<&Lock>) -> Vec<Status<'a>> {
    let langs: Vec<&str> = input.languages.iter().map(|l| l.value.as_str()).collect();
    let Some((&source, targets)) = langs.split_first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for unit in units(input) {
        let Some(original) = unit.texts.get(source) else {
            continue;
        };
        let current = fingerprint(&original.value);
        for &lang in targets {
            let text = unit.texts.get(lang);
            let accepted = lock
                .filter(|l| l.source == source)
                .and_then(|l| l.accepted.get(lang))
                .and_then(|entries| entries.get(&unit.key));
            let state = match (text, accepted) {
                (None, _) => State::Missing,
                (Some(_), None) => State::Unaccepted,
                (Some(_), Some(fp)) if *fp == current => State::UpToDate,
                (Some(_), Some(_)) => State::Stale,
            };
            out.push(Status {
                lang: lang.to_string(),
                key: unit.key.clone(),
                state,
                text,
            });
        }
    }
    out
}

/// Why a lock recorded against another source language cannot be used:
/// its fingerprints are of other texts, and replacing it would drop every
/// entry it holds.
pub fn foreign_source(lock: &Lock, source: &str) -> String {
    let entries: usize = lock.accepted.values().map(BTreeMap::len).sum();
    format!(
        "{LOCK_FILE} records translations from `{}`, but the document's source language \
         (the first in `languages`) is now `{source}`; its {entries} accepted translation(s) \
         cannot be carried over. Put `{}` first in `languages` again, or delete {LOCK_FILE} \
         to review and accept every translation anew",
        lock.source, lock.source
    )
}

/// Warns, for `check`, about every translation whose source changed after
/// it was accepted, and about a lock kept for another source language.
pub fn check_stale(input: &DocumentInput, lock: Option<&Lock>, diags: &mut Diagnostics) {
    let source = input.languages.first().map_or("", |l| l.value.as_str());
    if let (Some(lock), Some(first)) = (lock, input.languages.first())
        && lock.source != source
    {
        diags.push(Diagnostic::warning(
            first.span.clone(),
            foreign_source(lock, source),
        ));
        return;
    }
    for s in status(input, lock) {
        if s.state == State::Stale
            && let Some(text) = s.text
        {
            diags.push(
                Diagnostic::warning(
                    text.span_of(0..0),
                    format!(
                        "stale translation `{}`: the `{source}` text changed after this `{}` text was accepted",
                        s.key, s.lang
                    ),
                )
                .with_note(format!(
                    "review it, then run `ptcdoc translations accept --id {}`",
                    s.key
                )),
            );
        }
    }
}

/// Records the current source fingerprints as accepted: for every
/// translated text, or only those whose key is `only`.
pub fn accept(
    input: &DocumentInput,
    lock: Option<Lock>,
    only: Option<&str>,
    lang: Option<&str>,
) -> Result<(Lock, usize)> {
    let source = input
        .languages
        .first()
        .map(|l| l.value.clone())
        .context("the document declares no language")?;
    let mut lock = match lock {
        Some(l) if l.source == source => l,
        Some(l) => bail!("{}", foreign_source(&l, &source)),
        None => Lock {
            source: source.clone(),
            accepted: BTreeMap::new(),
        },
    };
    let units = units(input);
    if let Some(key) = only
        && !units.iter().any(|u| u.key == key)
    {
        let known: Vec<&str> = units.iter().map(|u| u.key.as_str()).collect();
        bail!(
            "no text `{key}` in this document (texts: {})",
            known.join(", ")
        );
    }
    let mut count = 0;
    for unit in &units {
        if only.is_some_and(|k| k != unit.key) {
            continue;
        }
        let Some(original) = unit.texts.get(&source) else {
            continue;
        };
        for l in input.languages.iter().skip(1) {
            if lang.is_some_and(|x| x != l.value) || unit.texts.get(&l.value).is_none() {
                continue;
            }
            lock.accepted
                .entry(l.value.clone())
                .or_default()
                .insert(unit.key.clone(), fingerprint(&original.value));
            count += 1;
        }
    }
    Ok((lock, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_ignore_outer_whitespace() {
        assert_eq!(fingerprint("abc"), fingerprint("\nabc\n"));
        assert_ne!(fingerprint("abc"), fingerprint("abd"));
        // FNV-1a of the empty string is its offset basis.
        assert_eq!(fingerprint(""), "cbf29ce484222325");
    }

    #[test]
    fn lock_round_trips_through_toml() {
        let mut lock = Lock {
            source: "en".into(),
            accepted: BTreeMap::new(),
        };
        lock.accepted
            .entry("fr".into())
            .or_default()
            .insert("revenue/phase-iv".into(), "0123456789abcdef".into());
        let text = lock.to_toml().unwrap();
        let file: LockFile = toml::from_str(&text).unwrap();
        assert_eq!(file.source, "en");
        assert_eq!(file.languages, lock.accepted);
    }

    #[test]
    fn the_lock_of_the_default_document_is_written_back_line_for_line() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/pc0608");
        let text = std::fs::read_to_string(Lock::path(&dir)).unwrap();
        let lock = Lock::load(&dir).unwrap().unwrap();
        // The writer leaves a plain key like `title` unquoted; otherwise
        // the file comes back as it was.
        assert_eq!(
            lock.to_toml().unwrap(),
            text.replace("\"title\" =", "title =")
        );
    }

    #[test]
    fn any_key_is_quoted_as_toml_requires() {
        let mut lock = Lock {
            source: "en".into(),
            accepted: BTreeMap::new(),
        };
        let key = "a\"b]\\c\n/title";
        lock.accepted
            .entry("fr".into())
            .or_default()
            .insert(key.into(), "0123456789abcdef".into());
        let file: LockFile = toml::from_str(&lock.to_toml().unwrap()).unwrap();
        assert_eq!(file.languages, lock.accepted);
    }

    /// A FIFO at the lock's name is refused at once: read as a plain
    /// file, it would hang `check` until something wrote to it.
    #[cfg(unix)]
    #[test]
    fn a_lock_that_is_a_fifo_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(Lock::path(dir.path()))
            .status()
            .unwrap();
        assert!(made.success());
        let (tx, rx) = std::sync::mpsc::channel();
        let doc = dir.path().to_path_buf();
        std::thread::spawn(move || {
            let _ = tx.send(Lock::load(&doc).map(|l| l.is_some()));
        });
        let loaded = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("Lock::load waited on the FIFO");
        let e = loaded.unwrap_err().to_string();
        assert!(e.contains("it is a FIFO, not a regular file"), "{e}");
    }

    #[test]
    fn line_endings_do_not_change_a_fingerprint() {
        let lf = "first line\nsecond line\n";
        assert_eq!(fingerprint(lf), fingerprint(&lf.replace('\n', "\r\n")));
        // A carriage return that ends no line still counts.
        assert_ne!(fingerprint("a\rb"), fingerprint("ab"));
    }
}
