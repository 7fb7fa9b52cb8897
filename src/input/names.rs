//! What the values that become part of a file name, an anchor or a key of
//! `translations.lock` may be made of.
//!
//! The symbol and suffix make the output file names (`PC0608Ea.pdf`),
//! section names make a package file's path (`packages/NAME.toml`) and an
//! anchor (`section-NAME`), ids make anchors and lock keys
//! (`revenue/phase-iv`), language codes make lock tables (`[fr]`). Each
//! charset is narrow enough that none of them can name another folder,
//! break out of a quoted TOML key or an HTML attribute, or take the place
//! of a name the tool makes itself.

use crate::diagnostics::{Diagnostic, Span};

/// A kind of name, with its charset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// `^[A-Z][A-Z0-9]{0,15}$`, like `PC0608`.
    Symbol,
    /// `^[a-z0-9]{0,4}$`, like `a` or `1a`.
    Suffix,
    /// `^[a-z][a-z0-9-]{0,63}$`, like `revenue` or `action-required`.
    Section,
    /// As a section name, and not one of [`RESERVED_IDS`] nor starting with
    /// one of [`RESERVED_PREFIXES`].
    Id,
    /// `^[a-z]{2,3}(-[a-z0-9]{2,8})?$`, like `en` or `pt-br`.
    Language,
}

/// Ids the tool gives texts and elements itself: `title` names a section's
/// title in the translation lock (`revenue/title`), `summary-heading` is
/// an element of the HTML page.
pub const RESERVED_IDS: [&str; 2] = ["title", "summary-heading"];

/// The start of the anchor of a numbered paragraph: `para-9`.
pub const PARAGRAPH_ANCHOR: &str = "para-";
/// The start of the anchor of a section: `section-NAME`.
pub const SECTION_ANCHOR: &str = "section-";
/// The start of the anchor of a list item with an id: `item-ID`.
pub const ITEM_ANCHOR: &str = "item-";

/// Anchors the tool makes (see the model's anchor formatters). An id of
/// this shape could take the place of one of them.
pub const RESERVED_PREFIXES: [&str; 3] = [PARAGRAPH_ANCHOR, SECTION_ANCHOR, ITEM_ANCHOR];

/// The id of a block (`id = "phase-iv"`) or of a list item (`{#phase-iv}`
/// in Markdown): a [`Name::Id`], checked when it is made, so that every
/// id held anywhere has passed the one check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(String);

impl Id {
    pub fn new(value: &str) -> Result<Id, InvalidName> {
        Name::Id.check(value)?;
        Ok(Id(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A value that is not a name of its kind, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidName {
    pub kind: Name,
    pub value: String,
    pub problem: String,
}

impl InvalidName {
    /// The error, at the place where the value is written.
    pub fn diagnostic(&self, span: Span) -> Diagnostic {
        Diagnostic::error(
            span,
            format!(
                "invalid {} `{}`",
                self.kind.noun(),
                self.value.escape_debug()
            ),
        )
        .with_note(self.problem.clone())
    }
}

impl Name {
    /// `value` if it is a name of this kind.
    pub fn check(self, value: &str) -> Result<(), InvalidName> {
        match self.problem(value) {
            None => Ok(()),
            Some(problem) => Err(InvalidName {
                kind: self,
                value: value.to_string(),
                problem,
            }),
        }
    }

    /// Why `value` is not a name of this kind, or `None` if it is one.
    pub fn problem(self, value: &str) -> Option<String> {
        let ok = match self {
            Name::Symbol => {
                let mut chars = value.chars();
                chars.next().is_some_and(|c| c.is_ascii_uppercase())
                    && value.len() <= 16
                    && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            }
            Name::Suffix => {
                value.len() <= 4
                    && value
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            }
            Name::Section | Name::Id => is_slug(value),
            Name::Language => {
                let (primary, region) = value.split_once('-').unwrap_or((value, "ab"));
                (2..=3).contains(&primary.len())
                    && primary.chars().all(|c| c.is_ascii_lowercase())
                    && (2..=8).contains(&region.len())
                    && region
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            }
        };
        if !ok {
            return Some(self.rule().to_string());
        }
        if self == Name::Id {
            if RESERVED_IDS.contains(&value) {
                return Some(format!(
                    "`{value}` is a name ptcdoc uses itself; choose another id"
                ));
            }
            if let Some(prefix) = RESERVED_PREFIXES.iter().find(|p| value.starts_with(*p)) {
                return Some(format!(
                    "an id cannot start with `{prefix}`, the start of anchors ptcdoc makes itself"
                ));
            }
        }
        None
    }

    /// What a name of this kind is called, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Name::Symbol => "symbol",
            Name::Suffix => "suffix",
            Name::Section => "section name",
            Name::Id => "id",
            Name::Language => "language code",
        }
    }

    /// The charset in words, as error messages give it.
    pub fn rule(self) -> &'static str {
        match self {
            Name::Symbol => {
                "a symbol is 1 to 16 capital letters A-Z and digits, starting with a letter, like \"PC0608\""
            }
            Name::Suffix => "a suffix is up to 4 lower-case letters a-z and digits, like \"a\"",
            Name::Section => {
                "a section name is 1 to 64 lower-case letters a-z, digits and `-`, starting with a letter, like \"action-required\""
            }
            Name::Id => {
                "an id is 1 to 64 lower-case letters a-z, digits and `-`, starting with a letter, like \"phase-iv\""
            }
            Name::Language => {
                "a language code is 2 or 3 lower-case letters a-z, then optionally `-` and 2 to 8 of a-z and digits, like \"en\" or \"pt-br\""
            }
        }
    }
}

/// `^[a-z][a-z0-9-]{0,63}$`.
fn is_slug(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && value.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(name: Name, value: &str) -> bool {
        name.problem(value).is_none()
    }

    #[test]
    fn symbols() {
        for good in ["PC0608", "P", "PC0345E1", "ABCDEFGHIJKLMNOP"] {
            assert!(ok(Name::Symbol, good), "{good}");
        }
        for bad in [
            "",
            "./../x",
            "pc0608",
            "0PC",
            "PC 0608",
            "PC/0608",
            "ABCDEFGHIJKLMNOPQ",
        ] {
            assert!(!ok(Name::Symbol, bad), "{bad}");
        }
    }

    #[test]
    fn suffixes() {
        for good in ["", "a", "1a", "abcd"] {
            assert!(ok(Name::Suffix, good), "{good}");
        }
        for bad in ["/../../x", "A", "abcde", ".", "a b"] {
            assert!(!ok(Name::Suffix, bad), "{bad}");
        }
    }

    #[test]
    fn section_names() {
        for good in ["intro", "action-required", "cep", "a1"] {
            assert!(ok(Name::Section, good), "{good}");
        }
        let long = "a".repeat(65);
        for bad in [
            "../x", "x\"y", "", "1st", "-x", "Revenue", "re_venue", "é", &long,
        ] {
            assert!(!ok(Name::Section, bad), "{bad}");
        }
    }

    /// Ids cannot be a key the translation lock makes itself (`title`, a
    /// position like `5`) nor an anchor the renderers make.
    #[test]
    fn ids() {
        for good in [
            "phase-iv",
            "first",
            "part-1-workshops",
            "titles",
            "paragraph-2",
        ] {
            assert!(ok(Name::Id, good), "{good}");
        }
        for bad in [
            "title",
            "5",
            "12a",
            "para-3",
            "section-intro",
            "item-a",
            "summary-heading",
            "a/b",
            "a.b",
            "x\"y",
        ] {
            assert!(!ok(Name::Id, bad), "{bad}");
        }
    }

    #[test]
    fn languages() {
        for good in ["en", "fr", "ara", "pt-br"] {
            assert!(ok(Name::Language, good), "{good}");
        }
        for bad in ["", "e", "EN", "en-", "x\"y", "../en", "english"] {
            assert!(!ok(Name::Language, bad), "{bad}");
        }
    }
}
