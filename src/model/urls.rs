//! Bare web addresses in a text: `https://…` written without a Markdown
//! link around it becomes a link to itself, so that every format (HTML,
//! PDF, DOCX, Markdown) can follow it.

use super::Inline;
use crate::locale::typography::Typographer;

/// Writes the narrow space a French opening quote owes to what follows it,
/// when what follows is set as written (an address, code, an autolink) and
/// so cannot take the space itself: it goes before it, inside the quotes.
pub fn owed_space(typo: &mut Typographer, out: &mut Vec<Inline>) {
    if let Some(space) = typo.pending_space() {
        match out.last_mut() {
            Some(Inline::Text(prev)) => prev.push(space),
            _ => out.push(Inline::Text(space.to_string())),
        }
    }
}

/// Appends `text` to `out`, typeset by `typo`, its bare addresses made
/// links that the typographer skips (and so never changes).
pub fn typeset(text: &str, typo: &mut Typographer, out: &mut Vec<Inline>) {
    let push_text = |out: &mut Vec<Inline>, text: String| match out.last_mut() {
        Some(Inline::Text(prev)) => prev.push_str(&text),
        _ => out.push(Inline::Text(text)),
    };
    for piece in pieces(text) {
        match piece {
            Piece::Words(words) => push_text(out, typo.apply(words)),
            Piece::Url(url) => {
                owed_space(typo, out);
                typo.skip(url);
                out.push(Inline::Link {
                    url: url.to_string(),
                    content: vec![Inline::Text(url.to_string())],
                });
            }
        }
    }
}

/// Link words as read: an address in them is part of the words, as a
/// link holds no link.
pub fn unlink(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let inline = match inline {
            Inline::Link { content, .. } => {
                out.extend(unlink(content));
                continue;
            }
            Inline::Emph(c) => Inline::Emph(unlink(c)),
            Inline::Strong(c) => Inline::Strong(unlink(c)),
            Inline::Superscript(c) => Inline::Superscript(unlink(c)),
            other => other,
        };
        out.push(inline);
    }
    // An address split the text it was in: join the parts again.
    out.into_iter().fold(Vec::new(), |mut joined, inline| {
        match (joined.last_mut(), inline) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
            (_, inline) => joined.push(inline),
        }
        joined
    })
}

/// A run of a text: words, or a web address written bare.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'t> {
    Words(&'t str),
    Url(&'t str),
}

const SCHEMES: [&str; 2] = ["http://", "https://"];

/// Marks that end a sentence or close a quotation after an address and
/// so are not part of it.
const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', '»', '"', '\'', '”', '’', '›'];

/// Splits `text` into words and bare addresses. An address starts with
/// `http://` or `https://` (not inside a word), ends at a space, and
/// leaves out trailing punctuation and a `)` it did not open.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(start) = next_scheme(text, search) {
        let end = start + url_len(&text[start..]);
        // The check every link passes: here, an address with a host.
        if !super::link_allowed(&text[start..end]) {
            search = start + 1;
            continue;
        }
        if start > from {
            out.push(Piece::Words(&text[from..start]));
        }
        out.push(Piece::Url(&text[start..end]));
        from = end;
        search = end;
    }
    if from < text.len() {
        out.push(Piece::Words(&text[from..]));
    }
    out
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(prefix))
}

/// The byte offset of the next scheme at or after `from` that does not
/// continue a word ("xhttps://" is not an address).
fn next_scheme(text: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(found) = text[at..].find(['h', 'H']) {
        let start = at + found;
        let rest = &text[start..];
        let in_word = text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/');
        if !in_word && SCHEMES.iter().any(|s| starts_with_ignore_case(rest, s)) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// The length of the address at the start of `text`.
fn url_len(text: &str) -> usize {
    let run = text.find(char::is_whitespace).unwrap_or(text.len());
    let mut url = &text[..run];
    loop {
        let trimmed = url.trim_end_matches(TRAILING);
        let trimmed = match trimmed.strip_suffix(')') {
            Some(inner) if inner.matches('(').count() < trimmed.matches(')').count() => inner,
            _ => trimmed,
        };
        if trimmed.len() == url.len() {
            return url.len();
        }
        url = trimmed;
    }
}

#[cfg(test)]
mod tests {
    use super::Piece::{Url, Words};
    use super::*;

    #[test]
    fn sentence_punctuation_after_an_address_is_not_part_of_it() {
        assert_eq!(
            pieces("See https://x.org/a. Then"),
            [Words("See "), Url("https://x.org/a"), Words(". Then")]
        );
        assert_eq!(
            pieces("at https://x.org/a?b=1&c=2, or;"),
            [Words("at "), Url("https://x.org/a?b=1&c=2"), Words(", or;")]
        );
        assert_eq!(
            pieces("really https://x.org/!?…"),
            [Words("really "), Url("https://x.org/!?…")]
        );
        assert_eq!(
            pieces("go to http://x.org/a.b!"),
            [Words("go to "), Url("http://x.org/a.b"), Words("!")]
        );
    }

    #[test]
    fn a_closing_parenthesis_belongs_only_if_the_address_opened_it() {
        assert_eq!(
            pieces("(see https://x.org/a)."),
            [Words("(see "), Url("https://x.org/a"), Words(").")]
        );
        assert_eq!(
            pieces("(see https://x.org/a_(b))."),
            [Words("(see "), Url("https://x.org/a_(b)"), Words(").")]
        );
        assert_eq!(pieces("https://x.org/a_(b)"), [Url("https://x.org/a_(b)")]);
    }

    #[test]
    fn french_quotes_with_narrow_spaces_stay_outside() {
        let text = "l'adresse «\u{202f}https://x.org/fr\u{202f}» et «https://x.org/b»";
        assert_eq!(
            pieces(text),
            [
                Words("l'adresse «\u{202f}"),
                Url("https://x.org/fr"),
                Words("\u{202f}» et «"),
                Url("https://x.org/b"),
                Words("»"),
            ]
        );
        assert_eq!(
            pieces("\"https://x.org\""),
            [Words("\""), Url("https://x.org"), Words("\"")]
        );
    }

    #[test]
    fn an_address_may_end_or_fill_the_text() {
        assert_eq!(
            pieces("available at HTTPS://x.org/p"),
            [Words("available at "), Url("HTTPS://x.org/p")]
        );
        assert_eq!(pieces("http://a"), [Url("http://a")]);
        assert_eq!(
            pieces("a https://x.org\u{a0}b"),
            [Words("a "), Url("https://x.org"), Words("\u{a0}b")]
        );
    }

    #[test]
    fn no_address_without_a_host_or_inside_a_word() {
        for text in [
            "https://",
            "the https:// scheme.",
            "xhttps://x.org",
            "ftp://x.org",
            "mailto:a@b.org",
            "hhttp",
        ] {
            assert_eq!(pieces(text), [Words(text)], "{text}");
        }
        assert_eq!(pieces(""), []);
    }

    /// Through the Markdown reader: the parts pulldown-cmark splits a text
    /// into are read whole, quotes around an address are typeset, the
    /// address is not, and links, autolinks and code stay as written.
    fn para(code: &str, spacing: crate::locale::Spacing, value: &str) -> Vec<Inline> {
        use crate::diagnostics::{Diagnostics, Span};
        use crate::input::Text;
        use crate::locale::{BUILTIN, Locale};
        let source = BUILTIN.iter().find(|(c, _)| *c == code).unwrap().1;
        let locale = Locale::parse(source).unwrap();
        let text = Text::detached(code, value, Span::new(0, 0..0));
        let mut diags = Diagnostics::default();
        let typo = Typographer::new(&locale, spacing);
        let context = (&locale, &super::super::facts::Facts::default());
        let flows = super::super::markdown::parse(&text, &[], context, typo, &mut diags);
        assert!(diags.iter().next().is_none());
        match flows.as_slice() {
            [super::super::Flow::Para(inlines)] => inlines.clone(),
            other => panic!("one paragraph expected, not {other:?}"),
        }
    }

    fn link(url: &str) -> Inline {
        Inline::Link {
            url: url.into(),
            content: vec![Inline::Text(url.into())],
        }
    }

    #[test]
    fn the_reader_makes_bare_addresses_links_and_leaves_them_as_written() {
        use crate::locale::Spacing;
        let text = |t: &str| Inline::Text(t.into());
        assert_eq!(
            para(
                "fr",
                Spacing::French,
                "voir \"https://x.org/l'a_b?c=1&amp;d=2\": fin"
            ),
            [
                text("voir «\u{202f}"),
                link("https://x.org/l'a_b?c=1&d=2"),
                text("\u{202f}»\u{a0}: fin"),
            ]
        );
        assert_eq!(
            para("en", Spacing::None, "at\nhttps://x.org/a\\_b.\nThen"),
            [text("at "), link("https://x.org/a_b"), text(". Then")]
        );
        let written = "[https://x.org/a](https://y.org) <https://z.org> `https://c.org`";
        assert_eq!(
            para("en", Spacing::None, written),
            [
                Inline::Link {
                    url: "https://y.org".into(),
                    content: vec![text("https://x.org/a")],
                },
                text(" "),
                link("https://z.org"),
                text(" "),
                Inline::Code("https://c.org".into()),
            ]
        );
        match para("en", Spacing::None, "[at https://x.org](#id)").as_slice() {
            [Inline::Ref(r)] => assert_eq!(r.content, Some(vec![text("at https://x.org")])),
            other => panic!("a reference expected, not {other:?}"),
        }
    }

    /// Code and an autolink are set as written, so the narrow space a
    /// French opening quote owes them goes before them, inside the quotes.
    #[test]
    fn what_is_set_as_written_gets_its_space_inside_french_quotes() {
        use crate::locale::Spacing;
        let text = |t: &str| Inline::Text(t.into());
        assert_eq!(
            para(
                "fr",
                Spacing::French,
                "voir \"`code`\" et \"<https://z.org>\""
            ),
            [
                text("voir «\u{202f}"),
                Inline::Code("code".into()),
                text("\u{202f}» et «\u{202f}"),
                link("https://z.org"),
                text("\u{202f}»"),
            ]
        );
    }
}
