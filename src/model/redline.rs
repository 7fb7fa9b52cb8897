//! What a redline (`ptcdoc diff`) tells besides its marks: what it was
//! compared with, the counts of changes, the cover facts that changed,
//! whom Word attributes the changes to, and the words to say it in.

use super::{Document, Inline, Revision};
use crate::locale::{RedlineWords, fill};

#[derive(Debug, Clone, PartialEq)]
pub struct Redline {
    /// The version compared against: "PC0608Ea (Brussels, 24 March 2020)".
    pub against: String,
    /// Whom tracked changes are attributed to (Word's `w:author`).
    pub author: String,
    pub counts: Counts,
    /// The facts of the cover that changed, in cover order.
    pub cover: Vec<FactChange>,
    /// The old version's symbol, when it differs.
    pub old_symbol: Option<String>,
    /// The redline's words in the document's language.
    pub words: RedlineWords,
}

/// How many paragraphs and list items changed, were added, were removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
}

/// The command's summary, in English whatever the document's language:
/// "1 changed, 1 added, 1 removed".
impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} changed, {} added, {} removed",
            self.changed, self.added, self.removed
        )
    }
}

/// A fact of the cover a redline reports when it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverFact {
    Symbol,
    Title,
    Sessions,
    MeetingDates,
    DateOfIssue,
}

impl CoverFact {
    /// Its name in `words`.
    pub fn name(self, words: &RedlineWords) -> &str {
        match self {
            CoverFact::Symbol => &words.symbol,
            CoverFact::Title => &words.title,
            CoverFact::Sessions => &words.sessions,
            CoverFact::MeetingDates => &words.meeting_dates,
            CoverFact::DateOfIssue => &words.date_of_issue,
        }
    }
}

/// A cover fact that changed, as the reader sees each version.
#[derive(Debug, Clone, PartialEq)]
pub struct FactChange {
    pub fact: CoverFact,
    pub old: String,
    pub new: String,
}

impl FactChange {
    /// "date of issue: Brussels, 24 March 2020. → Brussels, 30 September
    /// 2020." in `words`.
    pub fn describe(&self, words: &RedlineWords) -> String {
        fill(
            &words.fact,
            &[
                ("name", self.fact.name(words)),
                ("old", self.old.trim()),
                ("new", self.new.trim()),
            ],
        )
    }
}

impl Redline {
    /// The heading of the redline's summary, in its words: "Changes: 1
    /// changed, 1 added, 1 removed".
    pub fn heading(&self) -> String {
        let c = self.counts;
        let (changed, added, removed) = (
            c.changed.to_string(),
            c.added.to_string(),
            c.removed.to_string(),
        );
        let summary = fill(
            &self.words.summary,
            &[
                ("changed", &changed),
                ("added", &added),
                ("removed", &removed),
            ],
        );
        fill(&self.words.heading, &[("summary", &summary)])
    }
}

impl Document {
    /// The symbol as a redline shows it, when it changed: the old one
    /// deleted, the new one inserted.
    pub fn symbol_revised(&self) -> Option<Vec<Inline>> {
        let old = self.redline.as_ref()?.old_symbol.as_ref()?;
        let mut out = Revision::Deleted.mark(vec![Inline::Text(old.clone())]);
        out.extend(Revision::Inserted.mark(vec![Inline::Text(self.symbol.clone())]));
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_is_in_the_redlines_words() {
        let french = RedlineWords {
            heading: "Modifications : {summary}".into(),
            summary: "{changed} modifié(s), {added} ajouté(s), {removed} supprimé(s)".into(),
            fact: "{name} : {old} → {new}".into(),
            symbol: "cote".into(),
            ..RedlineWords::default()
        };
        let redline = Redline {
            against: "PC0608Fa".into(),
            author: "OMD".into(),
            counts: Counts {
                changed: 1,
                added: 2,
                removed: 3,
            },
            cover: Vec::new(),
            old_symbol: None,
            words: french.clone(),
        };
        assert_eq!(
            redline.heading(),
            "Modifications : 1 modifié(s), 2 ajouté(s), 3 supprimé(s)"
        );
        assert_eq!(redline.counts.to_string(), "1 changed, 2 added, 3 removed");
        let fact = FactChange {
            fact: CoverFact::Symbol,
            old: "PC0608Fa".into(),
            new: "PC0700Fa".into(),
        };
        assert_eq!(fact.describe(&french), "cote : PC0608Fa → PC0700Fa");
        assert_eq!(
            fact.describe(&RedlineWords::default()),
            "symbol: PC0608Fa → PC0700Fa"
        );
    }
}
