//! Hyphenation points for the line breaker: Liang's patterns for the
//! document's language (the `hyphenation` crate's dictionaries, shipped
//! under `templates/hyphenation/` and embedded with `include_bytes!`).
//!
//! Only runs of letters are hyphenated: a compound keeps its own hyphen
//! and each part is hyphenated alone. Acronyms and names written with inner
//! capitals (WGRCF, FinCRIME, iARMS) are never split.

use hyphenation::{Hyphenator as _, Language, Load, Standard};
use rustc_hash::FxHashMap;

use super::error::Error;

/// The dictionaries ptcdoc ships, by the locale's `hyphenation` code.
const DICTIONARIES: [(&str, Language, &[u8]); 2] = [
    (
        "en-us",
        Language::EnglishUS,
        include_bytes!("../../../templates/hyphenation/en-us.standard.bincode"),
    ),
    (
        "fr",
        Language::French,
        include_bytes!("../../../templates/hyphenation/fr.standard.bincode"),
    ),
];

#[derive(Clone)]
pub struct Hyphenator {
    dict: Option<Standard>,
    left_min: usize,
    right_min: usize,
    min_word: usize,
    cache: FxHashMap<Box<str>, Box<[usize]>>,
}

impl Hyphenator {
    /// The hyphenator for a locale's code ("en-us", "fr"); "none" turns
    /// hyphenation off.
    pub fn new(
        code: &str,
        left_min: usize,
        right_min: usize,
        min_word: usize,
    ) -> Result<Hyphenator, Error> {
        let dict = if code == "none" {
            None
        } else {
            let (_, lang, bytes) = DICTIONARIES
                .iter()
                .find(|(c, _, _)| *c == code)
                .ok_or_else(|| Error::NoDictionary {
                    code: code.to_string(),
                    available: DICTIONARIES.map(|d| d.0).to_vec(),
                })?;
            let mut reader = *bytes;
            Some(
                Standard::from_reader(*lang, &mut reader).map_err(|e| Error::Dictionary {
                    code: code.to_string(),
                    problem: e.to_string(),
                })?,
            )
        };
        Ok(Hyphenator {
            dict,
            left_min: left_min.max(1),
            right_min: right_min.max(1),
            min_word,
            cache: FxHashMap::default(),
        })
    }

    /// Byte offsets in `word` (a text without spaces) where a line may
    /// break with a hyphen, in increasing order.
    pub fn points(&mut self, word: &str) -> Box<[usize]> {
        if let Some(p) = self.cache.get(word) {
            return p.clone();
        }
        let mut points = Vec::new();
        if let Some(dict) = &self.dict {
            let mut start = None;
            let bounds = word.char_indices().map(Some).chain(std::iter::once(None));
            for item in bounds {
                match item {
                    Some((i, c)) if c.is_alphabetic() => {
                        start.get_or_insert(i);
                    }
                    other => {
                        if let Some(s) = start.take() {
                            let end = other.map_or(word.len(), |(i, _)| i);
                            self.letters(dict, &word[s..end], s, &mut points);
                        }
                    }
                }
            }
        }
        let points: Box<[usize]> = points.into();
        self.cache.insert(Box::from(word), points.clone());
        points
    }

    /// Hyphenation points of one run of letters starting at `offset`.
    fn letters(&self, dict: &Standard, run: &str, offset: usize, out: &mut Vec<usize>) {
        let count = run.chars().count();
        if count < self.min_word.max(self.left_min + self.right_min) {
            return;
        }
        // Inner capitals mark acronyms and names (WGRCF, FinCRIME, iARMS).
        if run.chars().skip(1).any(char::is_uppercase) {
            return;
        }
        let word = dict.hyphenate(run);
        for b in word.breaks {
            let before = run[..b].chars().count();
            if before >= self.left_min && count - before >= self.right_min {
                out.push(offset + b);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(h: &mut Hyphenator, word: &str) -> String {
        let points = h.points(word);
        let mut out = String::new();
        let mut last = 0;
        for p in points.iter() {
            out.push_str(&word[last..*p]);
            out.push('-');
            last = *p;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn english_words_hyphenate() {
        let mut h = Hyphenator::new("en-us", 2, 3, 6).unwrap();
        assert_eq!(split(&mut h, "implementation"), "im-ple-men-ta-tion");
        assert_eq!(split(&mut h, "Secretariat"), "Sec-re-tar-iat");
        // Too short, acronyms, inner capitals: left alone.
        assert_eq!(split(&mut h, "tools"), "tools");
        assert_eq!(split(&mut h, "WGRCF"), "WGRCF");
        assert_eq!(split(&mut h, "FinCRIME"), "FinCRIME");
    }

    #[test]
    fn compounds_and_punctuation_split_by_part() {
        let mut h = Hyphenator::new("en-us", 2, 3, 6).unwrap();
        // Points in each part; none at the compound's own hyphen.
        assert_eq!(
            split(&mut h, "enforcement-related"),
            "en-force-ment-re-lated"
        );
        let hyphen = "enforcement".len();
        assert!(
            !h.points("enforcement-related")
                .iter()
                .any(|&p| p == hyphen || p == hyphen + 1)
        );
        let p = h.points("(implementation),");
        assert!(p.iter().all(|&i| i > 1 && i < "(implementation".len()));
    }

    #[test]
    fn french_words_hyphenate() {
        let mut h = Hyphenator::new("fr", 2, 3, 6).unwrap();
        let s = split(&mut h, "développement");
        assert!(s.contains('-'), "{s}");
        assert_eq!(s.replace('-', ""), "développement");
    }

    #[test]
    fn none_and_unknown() {
        let mut h = Hyphenator::new("none", 2, 3, 6).unwrap();
        assert!(h.points("implementation").is_empty());
        let err = Hyphenator::new("de", 2, 3, 6).err().unwrap().to_string();
        assert!(err.contains("en-us, fr"), "{err}");
    }
}
