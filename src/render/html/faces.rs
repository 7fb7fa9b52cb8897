//! Which characters the HTML page shows in which face, read off the
//! rendered page, so that each embedded font carries only what it draws.
//!
//! The face of a run of text follows the built-in stylesheet
//! (`templates/style.css`) and the browser's defaults: headings and
//! `strong` bold, `em` and quotations italic, the letterhead in the sans
//! face, the title in capitals. A stylesheet that draws other text in
//! another face still shows every character (the browser takes one it
//! lacks from the next font of the list); it only loses the match with
//! the PDF for that character.

use std::collections::{BTreeMap, BTreeSet};

use crate::render::pdf::fonts::Face;

/// How the text inside an element is drawn, as far as fonts go.
#[derive(Debug, Clone, Copy, Default)]
struct Look {
    bold: bool,
    italic: bool,
    sans: bool,
    upper: bool,
    /// Not drawn in one of our faces: the head, scripts, code.
    unseen: bool,
    /// Inside the summary box, whose sub-headings are italic, not bold.
    summary: bool,
    /// Inside a quotation, where emphasis turns upright (as in the PDF).
    quote: bool,
}

impl Look {
    /// The look of an element's content, from its parent's.
    fn child(self, tag: &str, classes: &[&str]) -> Look {
        let mut look = self;
        let has = |c: &str| classes.contains(&c);
        match tag {
            "head" | "style" | "script" | "template" | "code" | "kbd" | "samp" | "pre" => {
                look.unseen = true
            }
            "h3" if look.summary => look.italic = true,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "strong" | "b" | "th" => look.bold = true,
            "em" | "i" if look.quote => look.italic = false,
            "em" | "i" | "cite" => look.italic = true,
            "blockquote" => {
                look.italic = true;
                look.quote = true;
            }
            _ => {}
        }
        if has("letterhead") {
            look.sans = true;
        }
        if has("summary") {
            look.summary = true;
        }
        if has("org-name") || has("committee") || has("symbol") {
            look.bold = true;
        }
        if has("title") {
            look.upper = true;
        }
        look
    }

    fn face(self) -> Option<Face> {
        if self.unseen {
            return None;
        }
        // There is no sans italic: the browser slants the upright face.
        Some(match (self.sans, self.bold, self.italic) {
            (true, true, _) => Face::SansBold,
            (true, false, _) => Face::Sans,
            (false, false, false) => Face::Serif,
            (false, true, false) => Face::SerifBold,
            (false, false, true) => Face::SerifItalic,
            (false, true, true) => Face::SerifBoldItalic,
        })
    }
}

/// Elements that never have content (no end tag).
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// One tag: its name (lower case), its classes, whether it ends an element.
struct Tag<'a> {
    name: String,
    classes: Vec<&'a str>,
    end: bool,
    self_closing: bool,
}

/// Reads the tag starting at `s` (just after `<`) and the length it takes,
/// `>` included.
fn read_tag(s: &str) -> (Tag<'_>, usize) {
    let end = s.starts_with('/');
    let body = if end { &s[1..] } else { s };
    let name_len = body
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(body.len());
    let name = body[..name_len].to_ascii_lowercase();
    let mut classes = Vec::new();
    let mut i = name_len;
    let bytes = body.as_bytes();
    let mut quote: Option<u8> = None;
    let mut attr_start = i;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => {
                let value = &body[attr_start..i];
                let before = body[..attr_start].trim_end_matches(['"', '\'']);
                let before = before.trim_end_matches('=').trim_end();
                let name_start = before.len().saturating_sub("class".len());
                let named_class = before
                    .get(name_start..)
                    .is_some_and(|n| n.eq_ignore_ascii_case("class"));
                let after_space = before
                    .get(..name_start)
                    .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_whitespace()));
                if named_class && after_space {
                    classes.extend(value.split_ascii_whitespace());
                }
                quote = None;
            }
            Some(_) => {}
            None if b == b'"' || b == b'\'' => {
                quote = Some(b);
                attr_start = i + 1;
            }
            None if b == b'>' => break,
            None => {}
        }
        i += 1;
    }
    let self_closing = i > 0 && bytes.get(i - 1) == Some(&b'/');
    let consumed = (i + 1).min(body.len()) + usize::from(end);
    let tag = Tag {
        name,
        classes,
        end,
        self_closing,
    };
    (tag, consumed)
}

/// The character an entity stands for (`amp`, `#39`, `#x202F`).
fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{A0}'),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// A set of characters, quick to add to: the page's text is some 100,000
/// characters, almost all from a few hundred code points.
#[derive(Default)]
struct Seen {
    /// U+0000 to U+07FF (Latin, Greek, Cyrillic...), one bit each.
    low: [u64; 32],
    /// The rest (punctuation such as U+202F, symbols).
    high: BTreeSet<char>,
}

impl Seen {
    fn insert(&mut self, c: char) {
        let n = c as usize;
        match self.low.get_mut(n / 64) {
            Some(word) => *word |= 1 << (n % 64),
            None => {
                self.high.insert(c);
            }
        }
    }

    fn into_set(self) -> BTreeSet<char> {
        let mut out = BTreeSet::new();
        for (i, &word) in self.low.iter().enumerate() {
            for bit in 0..64 {
                if word & (1 << bit) != 0 {
                    // Below U+0800: always a character.
                    out.extend(u32::try_from(i * 64 + bit).ok().and_then(char::from_u32));
                }
            }
        }
        out.extend(self.high);
        out
    }
}

/// Adds the characters of a text run (entities decoded) to `into`.
fn add_text(text: &str, upper: bool, into: &mut Seen) {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let mut ch = c;
        let mut len = c.len_utf8();
        if c == '&'
            && let Some(semi) = rest[1..].find(';').filter(|&n| n <= 10)
            && let Some(e) = entity(&rest[1..1 + semi])
        {
            ch = e;
            len = semi + 2;
        }
        rest = &rest[len..];
        if ch.is_whitespace() && ch != '\u{A0}' && ch != '\u{202F}' {
            into.insert(' ');
        } else if upper {
            ch.to_uppercase().for_each(|u| into.insert(u));
        } else {
            into.insert(ch);
        }
    }
}

/// The characters the page draws in each face.
pub fn characters_by_face(html: &str) -> BTreeMap<Face, BTreeSet<char>> {
    let mut out: BTreeMap<Face, Seen> = BTreeMap::new();
    let mut stack: Vec<(String, Look)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let look = stack.last().map_or_else(Look::default, |(_, l)| *l);
        let Some(lt) = rest.find('<') else {
            if let Some(face) = look.face() {
                add_text(rest, look.upper, out.entry(face).or_default());
            }
            break;
        };
        let text = &rest[..lt];
        if let Some(face) = look.face()
            && !text.trim().is_empty()
        {
            add_text(text, look.upper, out.entry(face).or_default());
        }
        rest = &rest[lt + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |n| &after[n + 3..]);
            continue;
        }
        if rest.starts_with(['!', '?']) {
            rest = rest.find('>').map_or("", |n| &rest[n + 1..]);
            continue;
        }
        let (tag, len) = read_tag(rest);
        rest = &rest[len..];
        if tag.end {
            if let Some(at) = stack.iter().rposition(|(n, _)| *n == tag.name) {
                stack.truncate(at);
            }
            continue;
        }
        if tag.self_closing || VOID.contains(&tag.name.as_str()) {
            continue;
        }
        let child = look.child(&tag.name, &tag.classes);
        // The content of these is raw text up to its end tag, not markup.
        if matches!(tag.name.as_str(), "style" | "script" | "title" | "textarea") {
            let close = format!("</{}", tag.name);
            let at = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
            if let Some(face) = child.face()
                && tag.name == "textarea"
            {
                add_text(&rest[..at], false, out.entry(face).or_default());
            }
            rest = &rest[at..];
            continue;
        }
        stack.push((tag.name, child));
    }
    // Spaces between elements are text too.
    out.into_iter()
        .map(|(face, mut seen)| {
            seen.insert(' ');
            (face, seen.into_set())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> BTreeSet<char> {
        s.chars().collect()
    }

    #[test]
    fn faces_follow_the_stylesheet() {
        let page = r#"<!DOCTYPE html><html><head><title>Qq</title><style>p { x: "Zz" }</style></head>
<body><header class="letterhead"><p class="org-name">WCO</p><p class="org-established">est</p></header>
<h1 class="title">évol</h1><section class="summary"><h3>Pur</h3></section>
<p>ab <em>cd <strong>ef</strong></em> &amp;&#x202F;&#171;<br>g</p><!-- hh --><code>kk</code>
<blockquote><p>qu<em>up</em></p></blockquote></body></html>"#;
        let by_face = characters_by_face(page);
        assert_eq!(by_face[&Face::SansBold], chars("WCO "));
        assert_eq!(by_face[&Face::Sans], chars("est "));
        assert_eq!(by_face[&Face::SerifBold], chars("ÉVOL "));
        assert_eq!(by_face[&Face::SerifItalic], chars("Pur cdq"));
        assert_eq!(by_face[&Face::SerifBoldItalic], chars("ef "));
        assert_eq!(by_face[&Face::Serif], chars("ab &\u{202F}«gup"));
    }

    /// Characters on both sides of the bit map's end, and far beyond it,
    /// come back as a plain set holds them.
    #[test]
    fn seen_characters_come_back_as_a_set() {
        let all = "\u{0}a\u{3F}\u{40}é\u{7FF}\u{800}\u{202F}«\u{10348}\u{FFFD}";
        let mut seen = Seen::default();
        for c in all.chars().chain(all.chars()) {
            seen.insert(c);
        }
        assert_eq!(seen.into_set(), chars(all));
    }

    #[test]
    fn attributes_and_quotes_do_not_confuse_the_reader() {
        let page = r#"<div title="a > b" class='x letterhead'>S</div><p id="q">T</p>"#;
        let by_face = characters_by_face(page);
        assert_eq!(by_face[&Face::Sans], chars("S "));
        assert_eq!(by_face[&Face::Serif], chars("T "));
    }
}
