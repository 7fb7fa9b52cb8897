//! Hyphenation points for the line breaker: Liang's patterns for the
//! document's language (the `hyphenation` crate's dictionaries, shipped
//! under `templates/hyphenation/` and embedded with `include_bytes!`).
//!
//! Only runs of letters are hyphenated: a compound keeps its own hyphen
//! and each part is hyphenated alone. What a reader must see whole is
//! never split: capitalised words (names, acronyms, WGRCF, FinCRIME,
//! iARMS), words with digits (121st, COVID-19), URLs and e-mail
//! addresses, and a month after a day number ("31 décembre"). The
//! locale's exceptions give a word's points outright ("co-opé-ra-tion";
//! a word written without hyphens is never split).

use hyphenation::{Hyphenator as _, Language, Load, Standard};
use std::sync::{Arc, OnceLock};

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
    /// Shared: one process reads each dictionary once, however many
    /// documents and threads use it.
    dict: Option<Arc<Standard>>,
    left_min: usize,
    right_min: usize,
    min_word: usize,
    /// The locale's exceptions, by the word in lower case: the character
    /// counts before each allowed point.
    exceptions: FxHashMap<String, Vec<usize>>,
    /// The locale's month names, in lower case.
    months: Vec<String>,
    /// Points by word, and by word with capitalised words allowed.
    cache: [FxHashMap<Box<str>, Box<[usize]>>; 2],
}

/// Which words [`Hyphenator::points`] may split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// Words in lower case only.
    Lower,
    /// Also capitalised words ("Environmental"), never acronyms or names
    /// with inner capitals: for a paragraph that has no decent lines
    /// otherwise.
    Capitalised,
}

/// The compiled-in dictionary for a locale's code ("en-us", "fr"), read
/// on first use.
pub fn dictionary(code: &str) -> Result<Arc<Standard>, Error> {
    static READ: [OnceLock<Result<Arc<Standard>, String>>; DICTIONARIES.len()] =
        [const { OnceLock::new() }; DICTIONARIES.len()];
    let index = DICTIONARIES
        .iter()
        .position(|(c, _, _)| *c == code)
        .ok_or_else(|| Error::NoDictionary {
            code: code.to_string(),
            available: DICTIONARIES.map(|d| d.0).to_vec(),
        })?;
    let (_, lang, bytes) = DICTIONARIES[index];
    READ[index]
        .get_or_init(|| {
            let mut reader = bytes;
            Standard::from_reader(lang, &mut reader)
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(|problem| Error::Dictionary {
            code: code.to_string(),
            problem,
        })
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
            Some(dictionary(code)?)
        };
        Ok(Hyphenator {
            dict,
            left_min: left_min.max(1),
            right_min: right_min.max(1),
            min_word,
            exceptions: FxHashMap::default(),
            months: Vec::new(),
            cache: Default::default(),
        })
    }

    /// Adds the locale's hyphenation exceptions (words with their allowed
    /// points as hyphens: "co-opé-ra-tion") and month names.
    pub fn with_locale(mut self, exceptions: &[String], months: &[String]) -> Hyphenator {
        for e in exceptions {
            let mut points = Vec::new();
            let mut count = 0;
            for c in e.chars() {
                if c == '-' {
                    points.push(count);
                } else {
                    count += 1;
                }
            }
            self.exceptions
                .insert(e.replace('-', "").to_lowercase(), points);
        }
        self.months = months.iter().map(|m| m.to_lowercase()).collect();
        self.cache = Default::default();
        self
    }

    /// Whether `word` (a token without spaces) is a month that follows the
    /// day number `previous`: "31 décembre" reads as one unit.
    pub fn month_after_day(&self, previous: Option<&str>, word: &str) -> bool {
        let day = previous
            .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()))
            .is_some_and(is_day);
        // Asked of every word set: compared as it stands, no lower-case copy.
        let name = word.trim_matches(|c: char| !c.is_alphabetic());
        let lower = || name.chars().flat_map(char::to_lowercase);
        day && self.months.iter().any(|m| lower().eq(m.chars()))
    }

    /// Hyphenation points of `word` as [`Hyphenator::points`] gives them,
    /// none for a month after a day number (the word `previous`).
    pub fn points_after(&mut self, previous: Option<&str>, word: &str, words: Words) -> &[usize] {
        if self.month_after_day(previous, word) {
            return &[];
        }
        self.points_of(word, words)
    }

    /// Byte offsets in `word` (a text without spaces) where a line may
    /// break with a hyphen, in increasing order.
    pub fn points(&mut self, word: &str) -> &[usize] {
        self.points_of(word, Words::Lower)
    }

    /// Borrowed from the cache: a word is set again and again (in every
    /// pass of every paragraph it is in), and a copy each time was an
    /// allocation per word.
    fn points_of(&mut self, word: &str, words: Words) -> &[usize] {
        let cache = usize::from(words == Words::Capitalised);
        if self.cache[cache].contains_key(word) {
            return &self.cache[cache][word];
        }
        let mut points = Vec::new();
        if let Some(dict) = self.dict.as_ref().filter(|_| !unsplittable(word)) {
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
                            self.letters(dict, &word[s..end], s, words, &mut points);
                        }
                    }
                }
            }
        }
        self.cache[cache]
            .entry(Box::from(word))
            .or_insert(points.into_boxed_slice())
    }

    /// Hyphenation points of one run of letters starting at `offset`.
    fn letters(
        &self,
        dict: &Standard,
        run: &str,
        offset: usize,
        words: Words,
        out: &mut Vec<usize>,
    ) {
        let count = run.chars().count();
        if count < self.min_word.max(self.left_min + self.right_min) {
            return;
        }
        // Capitals mark names and acronyms (Secretariat, WGRCF, iARMS).
        let inner = run.chars().skip(1).any(char::is_uppercase);
        if inner || (words == Words::Lower && run.chars().any(char::is_uppercase)) {
            return;
        }
        if let Some(exception) = self.exceptions.get(&run.to_lowercase()) {
            let offsets: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
            out.extend(
                exception
                    .iter()
                    .filter(|&&n| n >= self.left_min && count - n.min(count) >= self.right_min)
                    .map(|&n| offset + offsets[n]),
            );
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

/// A token never hyphenated whole: one with a digit (121st, 2014/2015,
/// COVID-19), a URL or an e-mail address.
fn unsplittable(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit()) || word.contains('@') || is_url(word)
}

/// Whether a token is (or starts with, after punctuation) a URL.
pub fn is_url(word: &str) -> bool {
    let w = word
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .as_bytes();
    let starts = |p: &str| w.len() >= p.len() && w[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    starts("http://") || starts("https://") || starts("www.")
}

/// A day of the month: 1 to 31, or a French "1er".
fn is_day(word: &str) -> bool {
    let digits = word.strip_suffix("er").unwrap_or(word);
    !digits.is_empty()
        && digits.len() <= 2
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
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
        // Too short, names, acronyms, inner capitals: left alone.
        assert_eq!(split(&mut h, "Secretariat"), "Secretariat");
        assert_eq!(split(&mut h, "(Police"), "(Police");
        assert_eq!(split(&mut h, "tools"), "tools");
        assert_eq!(split(&mut h, "WGRCF"), "WGRCF");
        assert_eq!(split(&mut h, "FinCRIME"), "FinCRIME");
        // When nothing else sets a paragraph: capitalised words, never
        // acronyms.
        let points = h.points_after(None, "Secretariat", Words::Capitalised);
        assert_eq!(points.len(), 3, "{points:?}");
        assert!(h.points_after(None, "WGRCF", Words::Capitalised).is_empty());
        assert!(
            h.points_after(None, "FinCRIME", Words::Capitalised)
                .is_empty()
        );
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
    fn digits_urls_and_addresses_stay_whole() {
        let mut h = Hyphenator::new("en-us", 2, 3, 6).unwrap();
        for word in [
            "121st/122nd",
            "implementation2020",
            "COVID-19",
            "https://www.wcoomd.org/en/topics/enforcement.aspx",
            "(www.wcoomd.org/implementation)",
            "implementation@wcoomd.org",
            "30\u{A0}September",
        ] {
            assert_eq!(split(&mut h, word), word);
        }
    }

    #[test]
    fn a_month_after_a_day_stays_whole() {
        let months: Vec<String> = ["septembre", "décembre"].map(String::from).to_vec();
        let mut h = Hyphenator::new("fr", 2, 3, 6)
            .unwrap()
            .with_locale(&[], &months);
        let w = Words::Capitalised;
        assert!(h.points_after(Some("31"), "décembre).", w).is_empty());
        assert!(h.points_after(Some("1er"), "septembre", w).is_empty());
        // Not after a day: the month may be split like any word.
        assert!(!h.points_after(Some("de"), "décembre", w).is_empty());
        assert!(!h.points_after(Some("2020"), "septembre", w).is_empty());
        assert!(!h.points_after(Some("31"), "développement", w).is_empty());
    }

    #[test]
    fn exceptions_replace_the_patterns() {
        let exceptions: Vec<String> = ["coopération", "sub-re-gion-al"].map(String::from).to_vec();
        let mut h = Hyphenator::new("en-us", 2, 3, 6)
            .unwrap()
            .with_locale(&exceptions, &[]);
        // The minimums still hold: "al" is too short a tail.
        assert_eq!(split(&mut h, "subregional"), "sub-re-gional");
        assert_eq!(split(&mut h, "Subregional,"), "Subregional,");
        assert_eq!(split(&mut h, "subregional,"), "sub-re-gional,");
        assert_eq!(split(&mut h, "coopération"), "coopération");
    }

    #[test]
    fn none_and_unknown() {
        let mut h = Hyphenator::new("none", 2, 3, 6).unwrap();
        assert!(h.points("implementation").is_empty());
        let err = Hyphenator::new("de", 2, 3, 6).err().unwrap().to_string();
        assert!(err.contains("en-us, fr"), "{err}");
    }
}
