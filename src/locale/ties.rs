//! Ties and ordinals found in a text as a reader sees it: the spaces that
//! become no-break spaces so that a line never ends between a word and its
//! number ("Part 2", "paragraphe 8", "item (iv)"), a number and its unit
//! ("41 %", "150 €"), a day and its month ("30 September") or the ends of
//! a range ("18 – 20"); and, in a language that sets them so, the ordinal
//! suffixes that are superscripts ("32e", "XXe", "1re").
//!
//! The words, units and suffixes come from the locale file; the French
//! house style adds a narrow no-break space (U+202F) before % and between
//! groups of thousands ("1 000"). Nothing here changes a token that looks
//! like a URL or an e-mail address.
//!
//! Both functions read characters and answer with character indices, so
//! that the model can apply them to the texts a paragraph is made of.

use super::typography::{NBSP, NNBSP};
use super::{Locale, Spacing};

/// Stands for what is not text in a paragraph (code, a link shown as its
/// address): it is neither a word nor a number, so no rule applies next
/// to it.
pub const OBJECT: char = '\u{FFFC}';

/// A change to a text, at a character index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// The space at this index becomes this character.
    Replace(usize, char),
    /// This character goes before the one at this index.
    Insert(usize, char),
}

impl Edit {
    pub fn at(self) -> usize {
        match self {
            Edit::Replace(at, _) | Edit::Insert(at, _) => at,
        }
    }
}

/// A space that a tie may replace: one between two tokens.
fn is_gap(c: char) -> bool {
    c == ' ' || c == NBSP || c == NNBSP
}

/// Punctuation that may open a token before its word or number.
const OPENING: &[char] = &['(', '[', '«', '“', '‘', '"', '\''];
/// Punctuation that may close a token after its word, number or unit.
const CLOSING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '»', '”', '’', '"', '\'',
];

/// Whether a token is, or holds, something no rule may touch. Read on the
/// characters: this runs at every space of every text.
fn untouchable(token: &[char]) -> bool {
    // One pass: an `@`, an object, or where "://" or "www." starts.
    let holds = |at: usize, what: &[char]| token[at..].starts_with(what);
    token.iter().enumerate().any(|(at, &c)| match c {
        '@' | OBJECT => true,
        ':' => holds(at, &[':', '/', '/']),
        'w' => holds(at, &['w', 'w', 'w', '.']),
        _ => false,
    })
}

/// Whether `chars` are exactly `word`.
fn spells(chars: impl Iterator<Item = char>, word: &[char]) -> bool {
    let mut n = 0;
    for c in chars {
        if word.get(n) != Some(&c) {
            return false;
        }
        n += 1;
    }
    n == word.len()
}

/// The token that ends just before index `end` and the one that starts at
/// `start`: maximal runs of non-space characters. ([`ties`] follows the
/// token before as it goes; the tests read it afresh.)
#[cfg(test)]
fn token_before(text: &[char], end: usize) -> &[char] {
    let start = text[..end]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    &text[start..end]
}

fn token_after(text: &[char], start: usize) -> &[char] {
    let end = text[start..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(text.len(), |i| start + i);
    &text[start..end]
}

fn strip_opening(token: &[char]) -> &[char] {
    let n = token.iter().take_while(|c| OPENING.contains(c)).count();
    &token[n..]
}

fn strip_closing(token: &[char]) -> &[char] {
    let n = token
        .iter()
        .rev()
        .take_while(|c| CLOSING.contains(c))
        .count();
    &token[..token.len() - n]
}

fn is_roman(c: char) -> bool {
    matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M')
}

fn is_lower_roman(c: char) -> bool {
    matches!(c, 'i' | 'v' | 'x' | 'l' | 'c' | 'd' | 'm')
}

/// Whether a word of the locale's list is `word`, as listed or with a
/// capital (at the start of a sentence or a title).
fn listed(list: &[String], word: &[char]) -> bool {
    list.iter().any(|w| {
        if spells(w.chars(), word) {
            return true;
        }
        // Only a word that starts with a capital can be a capitalised
        // entry; most are not, and case mapping is the costly part.
        let mut chars = w.chars();
        word.first().is_some_and(|c| c.is_uppercase())
            && chars
                .next()
                .is_some_and(|first| spells(first.to_uppercase().chain(chars), word))
    })
}

/// Whether a token is a number, a numeral or a label that a word such as
/// "Part" or "item" takes: "2", "IV", "A", "(iv)", "iv)", "(a)".
fn number_like(token: &[char]) -> bool {
    let Some(&first) = token.first() else {
        return false;
    };
    if first.is_ascii_digit() {
        return true;
    }
    if first == '(' {
        let inner: Vec<char> = token[1..]
            .iter()
            .take_while(|&&c| c != ')')
            .copied()
            .collect();
        let closed = token.get(inner.len() + 1) == Some(&')');
        return closed && label(&inner);
    }
    let core = strip_closing(token);
    if core.len() < token.len() && token[core.len()] == ')' {
        return label(core);
    }
    !core.is_empty()
        && (core.iter().all(|&c| is_roman(c)) || core.len() == 1 && core[0].is_ascii_uppercase())
}

/// The inside of a list label: a lower-case roman numeral, one letter or
/// digits.
fn label(inner: &[char]) -> bool {
    !inner.is_empty()
        && (inner.iter().all(|&c| is_lower_roman(c))
            || inner.len() == 1 && inner[0].is_ascii_alphabetic()
            || inner.iter().all(char::is_ascii_digit))
}

fn all_digits(token: &[char]) -> bool {
    !token.is_empty() && token.iter().all(char::is_ascii_digit)
}

/// Whether a token is a day of the month: 1 to 31, or the locale's way of
/// writing the first ("1er").
fn is_day(token: &[char], locale: &Locale) -> bool {
    let day = || {
        token
            .iter()
            .fold(0u32, |n, &c| n * 10 + c.to_digit(10).unwrap_or(0))
    };
    (all_digits(token) && token.len() <= 2 && (1..=31).contains(&day()))
        || spells(locale.dates.day_one.chars(), token)
}

/// The ties of `text`, in order of index. With French spacing, the space
/// before % and between groups of thousands is narrow, and one is added
/// before a % written against its number.
pub fn ties(text: &[char], locale: &Locale, spacing: Spacing) -> Vec<Edit> {
    let french = spacing == Spacing::French;
    let mut edits = Vec::new();
    // Where the token before the next space starts: each token is read
    // once going forward, not again backwards from every space.
    let mut token_start = 0;
    for (i, &c) in text.iter().enumerate() {
        if c.is_whitespace() {
            // Read before `token_start` moves: the space ends the token.
            let gap_between_tokens = is_gap(c)
                && i > 0
                && i + 1 < text.len()
                && !text[i - 1].is_whitespace()
                && !text[i + 1].is_whitespace();
            let before = &text[token_start..i];
            token_start = i + 1;
            if !gap_between_tokens {
                continue;
            }
            let after = token_after(text, i + 1);
            // Whether a token is untouchable is asked only of the few
            // spaces a rule would tie: `tie` reads nothing else.
            let Some(tie) = tie(before, after, locale, french) else {
                continue;
            };
            if untouchable(before) || untouchable(after) {
                continue;
            }
            if tie != c {
                edits.push(Edit::Replace(i, tie));
            }
            // The other end of a range: "18 – 20".
            if after == ['–'] && before.last().is_some_and(char::is_ascii_digit) {
                let next = i + 2;
                let number_follows = text.get(next + 1).is_some_and(char::is_ascii_digit);
                if number_follows && is_gap(text[next]) && text[next] != NBSP {
                    edits.push(Edit::Replace(next, NBSP));
                }
            }
        } else if c == '%'
            && french
            && i > 0
            && text[i - 1].is_ascii_digit()
            && !untouchable(&text[token_start..=i])
        {
            edits.push(Edit::Insert(i, NNBSP));
        }
    }
    edits
}

/// What the space between two tokens becomes, if they are tied.
fn tie(before: &[char], after: &[char], locale: &Locale, french: bool) -> Option<char> {
    let word = strip_opening(before);
    // Every rule below needs a word that starts with a digit (a number, a
    // day), the locale's first day ("1er"), or a number after it: most
    // pairs of words are told apart here.
    if !word.first().is_some_and(char::is_ascii_digit)
        && !number_like(after)
        && !spells(locale.dates.day_one.chars(), word)
    {
        return None;
    }
    let number = strip_closing(word);
    let unit = strip_closing(after);
    let ends_in_digit = word.last().is_some_and(char::is_ascii_digit)
        && word.first().is_some_and(char::is_ascii_digit);
    if ends_in_digit && listed(&locale.ties.units, unit) {
        return Some(if french && unit == ['%'] { NNBSP } else { NBSP });
    }
    if french && all_digits(word) && word.len() <= 3 && thousands_group(after) {
        return Some(NNBSP);
    }
    if is_day(word, locale)
        && locale
            .months
            .iter()
            .any(|m| listed(std::slice::from_ref(m), unit))
    {
        return Some(NBSP);
    }
    // "l’annexe II": the word after an elided article.
    let elided = word
        .iter()
        .rposition(|&c| c == '’' || c == '\'')
        .map_or(word, |p| &word[p + 1..]);
    // The cheap test first: most words are followed by a word.
    if number_like(after) && listed(&locale.ties.before_number, elided) {
        return Some(NBSP);
    }
    // A range between numbers: "18 – 20", "2019 – 2020".
    let short_number = all_digits(number) && number.len() <= 4;
    if short_number && after == ['–'] {
        return Some(NBSP);
    }
    None
}

/// Whether a token starts with a group of exactly three digits: the
/// thousands after "1" in "1 000" (a decimal comma may follow).
fn thousands_group(token: &[char]) -> bool {
    token.len() >= 3
        && token[..3].iter().all(char::is_ascii_digit)
        && token.get(3).is_none_or(|c| !c.is_ascii_digit())
}

/// The ordinal suffixes of `text` that are set as superscripts, as
/// character ranges: "e" in "32e", "er" in "1er", "e" in "XXe". Empty for
/// a language whose ordinals stay on the baseline.
pub fn ordinals(text: &[char], locale: &Locale) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    if !locale.ordinal.superscript {
        return found;
    }
    let digits_suffixes = locale.digit_suffixes();
    let mut i = 0;
    let mut last_end = usize::MAX;
    while i < text.len() {
        let c = text[i];
        let starts = c.is_ascii_digit() || is_roman(c);
        if !starts || !ordinal_may_start(text, i, last_end) {
            i += 1;
            continue;
        }
        let roman_run = text[i..].iter().take_while(|&&c| is_roman(c)).count();
        let (len, suffixes) = if c.is_ascii_digit() {
            (
                text[i..].iter().take_while(|c| c.is_ascii_digit()).count(),
                &digits_suffixes,
            )
        } else {
            (roman_run, &locale.ordinal.after_roman)
        };
        let suffix_start = i + len;
        let suffix_len = text[suffix_start..]
            .iter()
            .take_while(|c| c.is_alphabetic() && c.is_lowercase())
            .count();
        let end = suffix_start + suffix_len;
        let suffix: String = text[suffix_start..end].iter().collect();
        let numeral: String = text[i..suffix_start].iter().collect();
        let is_ordinal = suffix_len > 0
            && suffixes.contains(&suffix)
            && (c.is_ascii_digit() || roman_numeral(&numeral))
            && ordinal_may_end(text, end)
            && !untouchable(token_after(text, token_start(text, i)));
        if is_ordinal {
            found.push(suffix_start..end);
            last_end = end;
        }
        i = end.max(i + 1);
    }
    found
}

fn token_start(text: &[char], i: usize) -> usize {
    text[..i]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1)
}

/// An ordinal starts a word: after a space, an opening mark, a dash, or
/// the "/" between two ordinals ("227e/228e").
fn ordinal_may_start(text: &[char], i: usize, last_end: usize) -> bool {
    match i.checked_sub(1).map(|p| text[p]) {
        None => true,
        Some('/') => last_end == i - 1,
        Some(p) => p.is_whitespace() || OPENING.contains(&p) || matches!(p, '–' | '—'),
    }
}

/// An ordinal ends a word: what follows is not a letter, a digit or what
/// joins the parts of a name or an address.
fn ordinal_may_end(text: &[char], end: usize) -> bool {
    match text.get(end) {
        None => true,
        Some(&c) if c.is_alphanumeric() || matches!(c, '_' | '@' | '-') => false,
        Some('.') => text.get(end + 1).is_none_or(|n| !n.is_alphanumeric()),
        Some(_) => true,
    }
}

/// A roman numeral as the tool writes them; alone, only I, V and X: L, C,
/// D and M followed by "e" or "es" are words (Le, Ces, De, Mes).
fn roman_numeral(s: &str) -> bool {
    if s.chars().count() == 1 {
        return matches!(s, "I" | "V" | "X");
    }
    let value = s.chars().fold((0usize, 0usize), |(total, prev), c| {
        let v = match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            'D' => 500,
            _ => 1000,
        };
        if v > prev && prev > 0 {
            (total + v - 2 * prev, v)
        } else {
            (total + v, v)
        }
    });
    super::roman(value.0) == s
}

#[cfg(test)]
#[path = "ties_tests.rs"]
mod tests;
