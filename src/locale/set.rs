//! The set of locales a run knows: the built-in ones, overridden or
//! extended by `locale/*.toml` files in the template folders in force.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use anyhow::{Result, bail};

use super::{BUILTIN, Locale};
use crate::render::Organization;

/// The languages ptcdoc can build, and the letterhead they share.
pub struct Locales {
    by_code: BTreeMap<String, Entry>,
}

/// A locale of the set: a built-in one, parsed when first asked for (so
/// that a run can read its inputs, which need only the codes, while
/// [`preload`]'s thread parses it), or one a template folder gives,
/// parsed on loading so that its errors are told at once.
enum Entry {
    Builtin,
    Own(Box<Locale>),
}

/// Whether `code` can name a locale: it becomes a TOML key (`title.fr`)
/// and part of messages, so a lower-case ASCII letter, then up to 15
/// lower-case letters, digits or `-` (`en`, `fr`, `pt-br`).
pub fn valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && code.len() <= 16
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The built-in locales, each parsed once per process (when first asked
/// for): a run loads the locales more than once (the command line checks
/// `--lang` against them before the document is loaded), and `watch` at
/// every change.
static PARSED: [OnceLock<Locale>; BUILTIN.len()] = [const { OnceLock::new() }; BUILTIN.len()];

/// The built-in locale of `code`. Never waits for [`preload`]'s thread:
/// a locale it has not finished is parsed here too, and the first parse
/// to finish is kept (both are the same).
fn builtin(code: &str) -> Option<&'static Locale> {
    let i = BUILTIN.iter().position(|(c, _)| *c == code)?;
    if let Some(locale) = PARSED[i].get() {
        return Some(locale);
    }
    let (c, text) = BUILTIN[i];
    // The test `builtin_locales_parse_and_name_their_code` holds this: a
    // failure is a broken build, not bad input.
    let locale =
        Locale::parse(text).unwrap_or_else(|e| panic!("built-in locale {c} unreadable: {e}"));
    assert_eq!(locale.code, c, "built-in locale {c} names another code");
    let _ = PARSED[i].set(locale);
    PARSED[i].get()
}

/// Starts parsing the built-in locales on another thread, so that
/// they are ready (or half ready) when the run first loads the locales:
/// a process calls this first thing, while it reads its arguments. From
/// the last, as the run asks for the first first (and parses it itself if
/// this thread has not).
pub fn preload() {
    crate::parallel::detach(|| {
        for (code, _) in BUILTIN.iter().rev() {
            builtin(code);
        }
    });
}

impl Locales {
    /// The built-in locales, overridden or extended by `locale/*.toml`
    /// files in the template folders given (later folders win).
    pub fn load(template_dirs: &[PathBuf]) -> Result<Locales> {
        // `None`: the built-in locale of that code, not overridden.
        let mut texts: BTreeMap<String, Option<(String, String)>> =
            BUILTIN.iter().map(|(c, _)| (c.to_string(), None)).collect();
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
                if !valid_code(code) {
                    bail!(
                        "{}: `{}` is not a locale code (a lower-case letter, then \
                         lower-case letters, digits or `-`, as in `en` or `pt-br`)",
                        path.display(),
                        code.escape_debug()
                    );
                }
                // Read as inputs are: a FIFO here would otherwise hang the run.
                let text = crate::input::file::read(&path)
                    .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
                texts.insert(code.to_string(), Some((text, path.display().to_string())));
            }
        }
        let mut by_code = BTreeMap::new();
        for (code, file) in texts {
            let Some((text, origin)) = file else {
                by_code.insert(code, Entry::Builtin);
                continue;
            };
            let locale = Locale::parse(&text).map_err(|e| {
                anyhow::anyhow!(
                    "in locale {}",
                    crate::diagnostics::toml_error(&origin, &text, &e)
                )
            })?;
            if locale.code != code {
                bail!(
                    "locale {origin} says code = \"{}\"; its file name says {code}",
                    locale.code
                );
            }
            by_code.insert(code, Entry::Own(Box::new(locale)));
        }
        Ok(Locales { by_code })
    }

    pub fn get(&self, code: &str) -> Option<&Locale> {
        match self.by_code.get(code)? {
            Entry::Builtin => builtin(code),
            Entry::Own(locale) => Some(locale),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of templates with `locale/NAME` holding `text`.
    fn folder_with(name: &str, text: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("locale")).unwrap();
        std::fs::write(dir.path().join("locale").join(name), text).unwrap();
        dir
    }

    fn english() -> &'static str {
        BUILTIN.iter().find(|(c, _)| *c == "en").unwrap().1
    }

    #[test]
    fn builtin_locales_parse_and_name_their_code() {
        // Asked for while they may be being parsed on another thread.
        preload();
        for (code, text) in BUILTIN {
            let parsed = Locale::parse(text).unwrap();
            assert_eq!(parsed.code, code);
            assert_eq!(builtin(code).unwrap().code, code);
        }
    }

    /// Loaded again, the built-in locales are the same, and a folder's
    /// locale still overrides its built-in namesake.
    #[test]
    fn loading_again_gives_the_same_locales() {
        let first = Locales::load(&[]).unwrap();
        let again = Locales::load(&[]).unwrap();
        assert_eq!(first.codes(), again.codes());
        for code in first.codes() {
            let (a, b) = (first.get(code).unwrap(), again.get(code).unwrap());
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        let text = english().replacen("name = \"English\"", "name = \"Anglais\"", 1);
        assert_ne!(text, english(), "the test changes the name");
        let dir = folder_with("en.toml", &text);
        let overridden = Locales::load(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(overridden.get("en").unwrap().name, "Anglais");
        assert_eq!(
            Locales::load(&[]).unwrap().get("en").unwrap().name,
            first.get("en").unwrap().name
        );
    }

    #[test]
    fn a_locale_file_adds_a_language() {
        let text = english().replacen("code = \"en\"", "code = \"pt-br\"", 1);
        let dir = folder_with("pt-br.toml", &text);
        let locales = Locales::load(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(locales.codes(), ["en", "fr", "pt-br"]);
    }

    /// A file name that is no locale code is refused, even when the file
    /// agrees with it: the code would become a key of every text.
    #[test]
    fn a_file_name_that_is_not_a_code_is_refused() {
        for name in ["EN", "e n", "1e", "en_gb", "-en"] {
            let text = english().replacen("code = \"en\"", &format!("code = {name:?}"), 1);
            let dir = folder_with(&format!("{name}.toml"), &text);
            let e = Locales::load(&[dir.path().to_path_buf()]).err().unwrap();
            assert!(
                e.to_string().contains("is not a locale code"),
                "{name}: {e}"
            );
        }
    }

    /// A FIFO among the locale files is refused at once, not waited on.
    #[cfg(unix)]
    #[test]
    fn a_locale_that_is_a_fifo_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("locale")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("locale/xx.toml"))
            .status()
            .unwrap();
        assert!(made.success());
        let (tx, rx) = std::sync::mpsc::channel();
        let dirs = vec![dir.path().to_path_buf()];
        std::thread::spawn(move || {
            let _ = tx.send(Locales::load(&dirs).map(|_| ()));
        });
        let loaded = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("Locales::load waited on the FIFO");
        let e = loaded.unwrap_err().to_string();
        assert!(e.contains("it is a FIFO, not a regular file"), "{e}");
    }
}
