//! Word-level differences inside one paragraph, keeping its inline
//! structure well-formed.
//!
//! Both versions are cut into tokens (words, spaces, punctuation; a code
//! span, a line break and a reference are one token each), each carrying
//! the emphasis, strength, superscript or link it sits in. The token
//! sequences are compared with `similar`; the result is rebuilt as
//! inlines in which every run of inserted or deleted tokens is one
//! [`Inline::Revised`] holding its own emphasis and links, so no element
//! is ever split open. A reference is compared by its target id, not by
//! the number it shows: a reference renumbered with its paragraph is not
//! a change.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::model::{Inline, Ref, Revision};

/// What a token sits in, outermost first.
#[derive(Debug, Clone, PartialEq)]
enum Wrap {
    Emph,
    Strong,
    Superscript,
    Link(String),
}

impl Wrap {
    fn wrap(&self, content: Vec<Inline>) -> Inline {
        match self {
            Wrap::Emph => Inline::Emph(content),
            Wrap::Strong => Inline::Strong(content),
            Wrap::Superscript => Inline::Superscript(content),
            Wrap::Link(url) => Inline::Link {
                url: url.clone(),
                content,
            },
        }
    }
}

#[derive(Debug, Clone)]
enum Atom {
    Text(String),
    Code(String),
    Break,
    Ref(Ref),
}

#[derive(Debug, Clone)]
struct Token {
    path: Vec<Wrap>,
    atom: Atom,
    /// What is compared: the text, or a reference's target.
    key: String,
}

impl Token {
    fn is_space(&self) -> bool {
        matches!(&self.atom, Atom::Text(t) if t.chars().all(char::is_whitespace))
    }
}

/// Cuts text into runs of letters and digits, runs of spaces, and single
/// other characters (punctuation is a change of its own).
fn words(text: &str) -> Vec<&str> {
    let class = |c: char| {
        if c.is_alphanumeric() {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<u8> = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if prev.is_some_and(|p| p != k || k == 2) {
            out.push(&text[start..i]);
            start = i;
        }
        prev = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn tokens(inlines: &[Inline], path: &mut Vec<Wrap>, out: &mut Vec<Token>) {
    fn nested(wrap: Wrap, c: &[Inline], path: &mut Vec<Wrap>, out: &mut Vec<Token>) {
        path.push(wrap);
        tokens(c, path, out);
        path.pop();
    }
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.extend(words(t).into_iter().map(|w| Token {
                path: path.clone(),
                atom: Atom::Text(w.to_string()),
                key: format!("t{w}"),
            })),
            Inline::Code(c) => out.push(Token {
                path: path.clone(),
                atom: Atom::Code(c.clone()),
                key: format!("c{c}"),
            }),
            Inline::Break => out.push(Token {
                path: path.clone(),
                atom: Atom::Break,
                key: "b".into(),
            }),
            Inline::Ref(r) => out.push(Token {
                path: path.clone(),
                atom: Atom::Ref(r.clone()),
                key: format!(
                    "r{}\u{0}{}\u{0}{}",
                    r.target,
                    r.bare,
                    r.content.as_deref().map(text_key).unwrap_or_default()
                ),
            }),
            Inline::Emph(c) => nested(Wrap::Emph, c, path, out),
            Inline::Strong(c) => nested(Wrap::Strong, c, path, out),
            Inline::Superscript(c) => nested(Wrap::Superscript, c, path, out),
            Inline::Link { url, content } => nested(Wrap::Link(url.clone()), content, path, out),
            // A document compared is never a redline itself; should one
            // be, its marks are its text.
            Inline::Revised { content, .. } => tokens(content, path, out),
        }
    }
}

/// Tokens of inlines; each key holds what the token sits in, so that
/// emphasis added to a word changes it.
fn tokenize(inlines: &[Inline]) -> Vec<Token> {
    let mut out = Vec::new();
    tokens(inlines, &mut Vec::new(), &mut out);
    for t in &mut out {
        let mut key = String::new();
        for w in &t.path {
            match w {
                Wrap::Emph => key.push_str("\u{1}e"),
                Wrap::Strong => key.push_str("\u{1}s"),
                Wrap::Superscript => key.push_str("\u{1}^"),
                Wrap::Link(url) => {
                    key.push_str("\u{1}l");
                    key.push_str(url);
                }
            }
        }
        key.push('\u{2}');
        key.push_str(&t.key);
        t.key = key;
    }
    out
}

/// The text of inlines as compared: words with their emphasis and links,
/// references as their targets. Equal keys mean no visible change but
/// renumbering.
pub fn text_key(inlines: &[Inline]) -> String {
    let mut key = String::new();
    for t in tokenize(inlines) {
        key.push_str(&t.key);
        key.push('\u{3}');
    }
    key
}

/// How alike two texts are, 0 to 1, by their words.
pub fn likeness(old: &str, new: &str) -> f32 {
    similar::TextDiff::from_words(old, new).ratio()
}

/// Rebuilds inlines from tokens: consecutive tokens in the same wrapper
/// share one element; adjacent texts are joined.
fn build(tokens: &[&Token], depth: usize) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if let Some(wrap) = t.path.get(depth) {
            let run = tokens[i..]
                .iter()
                .take_while(|u| u.path.get(depth) == Some(wrap))
                .count();
            out.push(wrap.wrap(build(&tokens[i..i + run], depth + 1)));
            i += run;
            continue;
        }
        match (&t.atom, out.last_mut()) {
            (Atom::Text(s), Some(Inline::Text(prev))) => prev.push_str(s),
            (Atom::Text(s), _) => out.push(Inline::Text(s.clone())),
            (Atom::Code(c), _) => out.push(Inline::Code(c.clone())),
            (Atom::Break, _) => out.push(Inline::Break),
            (Atom::Ref(r), _) => out.push(Inline::Ref(r.clone())),
        }
        i += 1;
    }
    out
}

/// A stretch of the comparison: equal (new tokens), or changed (old
/// tokens deleted, new ones inserted).
enum Stretch {
    Equal(std::ops::Range<usize>),
    Changed(std::ops::Range<usize>, std::ops::Range<usize>),
}

/// The comparison as stretches, a changed stretch swallowing the spaces
/// between two changes ("a b" to "x y" is one change, not four).
fn stretches(old: &[Token], new: &[Token]) -> Vec<Stretch> {
    let old_keys: Vec<&str> = old.iter().map(|t| t.key.as_str()).collect();
    let new_keys: Vec<&str> = new.iter().map(|t| t.key.as_str()).collect();
    let ops = capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys);
    let mut out: Vec<Stretch> = Vec::new();
    for (k, op) in ops.iter().enumerate() {
        let (o, n) = (op.old_range(), op.new_range());
        let between_changes =
            k > 0 && k + 1 < ops.len() && new[n.clone()].iter().all(Token::is_space);
        let equal = matches!(op, DiffOp::Equal { .. }) && !between_changes;
        match (equal, out.last_mut()) {
            (true, _) => out.push(Stretch::Equal(n)),
            (false, Some(Stretch::Changed(po, pn))) => {
                po.end = o.end;
                pn.end = n.end;
            }
            (false, _) => out.push(Stretch::Changed(o, n)),
        }
    }
    out
}

/// Whether so few words were kept (under a third of the longer text's)
/// that the text reads better deleted whole and inserted whole than cut
/// into scattered changes.
fn rewritten(stretches: &[Stretch], old: &[Token], new: &[Token]) -> bool {
    let is_word =
        |t: &&Token| !matches!(&t.atom, Atom::Text(s) if !s.chars().any(char::is_alphanumeric));
    let kept: usize = stretches
        .iter()
        .map(|s| match s {
            Stretch::Equal(n) => new[n.clone()].iter().filter(is_word).count(),
            Stretch::Changed(..) => 0,
        })
        .sum();
    let longer = old
        .iter()
        .filter(is_word)
        .count()
        .max(new.iter().filter(is_word).count());
    kept * 3 < longer
}

/// The new inlines with what changed from the old marked; `None` when
/// they differ in nothing but numbers.
pub fn diff(old: &[Inline], new: &[Inline]) -> Option<Vec<Inline>> {
    let (old_t, new_t) = (tokenize(old), tokenize(new));
    let stretches = stretches(&old_t, &new_t);
    if stretches.iter().all(|s| matches!(s, Stretch::Equal(_))) {
        return None;
    }
    if rewritten(&stretches, &old_t, &new_t) {
        let all = |t: &[Token]| build(&t.iter().collect::<Vec<_>>(), 0);
        let mut out = Revision::Deleted.mark(all(&old_t));
        out.extend(Revision::Inserted.mark(all(&new_t)));
        return Some(out);
    }
    let mut out = Vec::new();
    for s in stretches {
        match s {
            Stretch::Equal(n) => {
                let toks: Vec<&Token> = new_t[n].iter().collect();
                out.extend(build(&toks, 0));
            }
            Stretch::Changed(o, n) => {
                let gone: Vec<&Token> = old_t[o].iter().collect();
                let came: Vec<&Token> = new_t[n].iter().collect();
                out.extend(Revision::Deleted.mark(build(&gone, 0)));
                out.extend(Revision::Inserted.mark(build(&came, 0)));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Inline::{Emph, Text};

    fn text(t: &str) -> Inline {
        Text(t.into())
    }

    fn reference(target: &str, shown: &str) -> Inline {
        Inline::Ref(Ref {
            target: target.into(),
            anchor: format!("a-{target}"),
            text: shown.into(),
            bare: false,
            content: None,
            span: crate::diagnostics::Span::new(0, 0..0),
        })
    }

    fn ins(c: Vec<Inline>) -> Inline {
        Inline::Revised {
            revision: Revision::Inserted,
            content: c,
        }
    }

    fn del(c: Vec<Inline>) -> Inline {
        Inline::Revised {
            revision: Revision::Deleted,
            content: c,
        }
    }

    #[test]
    fn one_word_changed_is_one_deletion_and_one_insertion() {
        let got = diff(&[text("the big cat.")], &[text("the small cat.")]).unwrap();
        assert_eq!(
            got,
            [
                text("the "),
                del(vec![text("big")]),
                ins(vec![text("small")]),
                text(" cat.")
            ]
        );
    }

    #[test]
    fn a_renumbered_reference_is_no_change() {
        let old = [text("see "), reference("x", "paragraph 4")];
        let new = [text("see "), reference("x", "paragraph 5")];
        assert_eq!(diff(&old, &new), None);
        let other = [text("see "), reference("y", "paragraph 5")];
        let got = diff(&old, &other).unwrap();
        assert_eq!(
            got[1..],
            [
                del(vec![reference("x", "paragraph 4")]),
                ins(vec![reference("y", "paragraph 5")])
            ]
        );
    }

    /// A change inside emphasis splits the emphasis, never opens it: each
    /// mark holds its own well-formed emphasis.
    #[test]
    fn emphasis_stays_well_formed_around_a_change() {
        let old = [Emph(vec![text("very old words")])];
        let new = [Emph(vec![text("very new words")])];
        let got = diff(&old, &new).unwrap();
        assert_eq!(
            got,
            [
                Emph(vec![text("very ")]),
                del(vec![Emph(vec![text("old")])]),
                ins(vec![Emph(vec![text("new")])]),
                Emph(vec![text(" words")])
            ]
        );
        // Emphasis added to a word is a change of that word.
        let got = diff(&[text("a b")], &[text("a "), Emph(vec![text("b")])]).unwrap();
        assert_eq!(
            got,
            [
                text("a "),
                del(vec![text("b")]),
                ins(vec![Emph(vec![text("b")])])
            ]
        );
    }

    #[test]
    fn spaces_between_changes_join_them() {
        let got = diff(&[text("a b c d")], &[text("a x y d")]).unwrap();
        assert_eq!(
            got,
            [
                text("a "),
                del(vec![text("b c")]),
                ins(vec![text("x y")]),
                text(" d")
            ]
        );
    }

    /// A text rewritten but for a word or two is deleted whole and
    /// inserted whole, not cut into scattered changes.
    #[test]
    fn a_rewritten_text_is_replaced_whole() {
        let old = [text("The committee noted the report with thanks.")];
        let new = [text("Members asked for the figures by May.")];
        let got = diff(&old, &new).unwrap();
        assert_eq!(got, [del(old.to_vec()), ins(new.to_vec())]);
    }

    #[test]
    fn words_split_letters_spaces_and_each_punctuation_mark() {
        assert_eq!(
            words("Hello,  world!!"),
            ["Hello", ",", "  ", "world", "!", "!"]
        );
    }
}
