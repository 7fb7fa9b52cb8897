//! A text's Markdown as translation segments with inline codes, and back.
//!
//! A text is cut into leaves: each paragraph and each list item is one
//! segment, so that a translator never sees (nor breaks) the list markers
//! and quotation marks between them. Inside a leaf, emphasis, strong text
//! and links become paired codes (XLIFF `<pc>`), and references by id,
//! autolinks, code, line breaks and the document's facts (`{{symbol}}`)
//! become placeholders (`<ph>`): what they
//! stand for is kept here, not in the translator's hands, so `[](#id)`
//! cannot be mistyped. [`to_markdown`] writes a translated leaf back.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::model::facts::Run;
use crate::model::starts_inline;

/// What an inline code stands for in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    Emph,
    Strong,
    /// `[words](url)`, a reference with the author's words (`#id`) too.
    Link(String),
    /// `[](#id)` (`bare` false) or `[#](#id)`: the text is made by ptcdoc.
    Ref {
        target: String,
        bare: bool,
    },
    /// `<https://...>` or `<name@host>`, as written.
    Autolink(String),
    /// `` `code` ``.
    Code(String),
    /// A line break the author asked for.
    Break,
    /// `{{sessions}}`: one of the document's facts, by name, which the
    /// tool writes in each language.
    Fact(String),
}

impl Code {
    /// Whether the code encloses text (`<pc>`) rather than stands alone.
    pub fn is_paired(&self) -> bool {
        matches!(self, Code::Emph | Code::Strong | Code::Link(_))
    }

    /// The Markdown that opens a paired code, or that a placeholder is.
    pub fn markdown_start(&self) -> String {
        match self {
            Code::Emph => "*".into(),
            Code::Strong => "**".into(),
            Code::Link(_) => "[".into(),
            Code::Ref { target, bare } => {
                format!("[{}](#{target})", if *bare { "#" } else { "" })
            }
            Code::Autolink(url) => format!("<{url}>"),
            Code::Code(c) => code_span(c),
            Code::Break => "\\\n".into(),
            Code::Fact(name) => format!("{{{{{name}}}}}"),
        }
    }

    /// The Markdown that closes a paired code; empty for a placeholder.
    pub fn markdown_end(&self) -> String {
        match self {
            Code::Emph => "*".into(),
            Code::Strong => "**".into(),
            Code::Link(url) => format!("]({})", link_destination(url)),
            _ => String::new(),
        }
    }
}

/// One piece of a segment's content. Codes are named by their id, unique
/// within a unit; what an id stands for is in the unit's [`Codes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Open(String),
    Close(String),
    Placeholder(String),
}

/// The codes of a unit by id.
pub type Codes = BTreeMap<String, Code>;

/// One paragraph or list item of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    /// Its inline content in the Markdown (an item's marker, `{#id}`,
    /// `{.alpha}`, left out).
    pub range: Range<usize>,
    /// What a continuation line of it starts with: the `>` of quotations
    /// it is in, spaces for the rest.
    pub prefix: String,
    pub pieces: Vec<Piece>,
}

/// The leaves of a Markdown text, in order, their codes numbered from
/// `next_id` on (and added to `codes`).
pub fn leaves(markdown: &str, next_id: &mut u32, codes: &mut Codes) -> Vec<Leaf> {
    let markers = crate::model::marker_ranges(markdown);
    let mut out = Vec::new();
    let mut current: Option<LeafBuilder> = None;
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        if is_inline(&event) {
            let leaf = current.get_or_insert_with(|| LeafBuilder::new(range.start));
            leaf.push(markdown, event, range, &markers, (next_id, codes));
        } else if let Some(leaf) = current.take() {
            out.push(leaf.finish(markdown, (next_id, codes)));
        }
    }
    if let Some(leaf) = current.take() {
        out.push(leaf.finish(markdown, (next_id, codes)));
    }
    out
}

/// Whether `event` belongs to a segment's inline content: what the model
/// reads as inline content, and the ends of its spans.
fn is_inline(event: &Event) -> bool {
    starts_inline(event)
        || matches!(
            event,
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Image)
        )
}

struct Open {
    id: String,
    /// Where its `Open` piece is.
    at: usize,
    link_type: Option<LinkType>,
}

struct LeafBuilder {
    start: usize,
    end: usize,
    pieces: Vec<Piece>,
    open: Vec<Open>,
    /// The text read since the last code: the facts in it are found in
    /// the whole run, as the model finds them (pulldown-cmark gives
    /// `{{previous_sessions}}` in pieces).
    run: Run,
}

impl LeafBuilder {
    fn new(start: usize) -> Self {
        LeafBuilder {
            start,
            end: start,
            pieces: Vec::new(),
            open: Vec::new(),
            run: Run::default(),
        }
    }

    fn new_code(next_id: &mut u32, codes: &mut Codes, code: Code) -> String {
        *next_id += 1;
        let id = next_id.to_string();
        codes.insert(id.clone(), code);
        id
    }

    fn push(
        &mut self,
        markdown: &str,
        event: Event,
        range: Range<usize>,
        markers: &[Range<usize>],
        (next_id, codes): (&mut u32, &mut Codes),
    ) {
        self.end = self.end.max(range.end);
        if !matches!(event, Event::Text(_) | Event::InlineHtml(_)) {
            self.flush(next_id, codes);
        }
        match event {
            Event::Text(t) | Event::InlineHtml(t) => {
                let mut text: &str = &t;
                // An item's `{#id}` and its list's `{.style}` are
                // structure, the same in every language: import keeps
                // them where they are, as it writes only the words.
                if let Some(m) = markers.iter().find(|m| m.start == range.start) {
                    text = text.get(m.len()..).unwrap_or("").trim_start();
                    if self.pieces.is_empty() {
                        let rest = markdown.get(m.end..).unwrap_or("");
                        self.start = m.end + (rest.len() - rest.trim_start().len());
                    }
                }
                if !text.is_empty() {
                    // What was left out before `text` moves its start on.
                    let from = range.start + (t.len() - text.len());
                    self.run.push(text, markdown, from..range.end.max(from));
                }
            }
            Event::SoftBreak => self.pieces.push(Piece::Text(" ".into())),
            Event::HardBreak => {
                let id = Self::new_code(next_id, codes, Code::Break);
                self.pieces.push(Piece::Placeholder(id));
            }
            Event::Code(c) => {
                let id = Self::new_code(next_id, codes, Code::Code(c.to_string()));
                self.pieces.push(Piece::Placeholder(id));
            }
            Event::Start(tag) => {
                let (code, link_type) = match tag {
                    Tag::Emphasis => (Code::Emph, None),
                    Tag::Strong => (Code::Strong, None),
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    }
                    | Tag::Image {
                        link_type,
                        dest_url,
                        ..
                    } => (Code::Link(dest_url.to_string()), Some(link_type)),
                    _ => return,
                };
                let id = Self::new_code(next_id, codes, code);
                self.open.push(Open {
                    id: id.clone(),
                    at: self.pieces.len(),
                    link_type,
                });
                self.pieces.push(Piece::Open(id));
            }
            Event::End(_) => self.close(codes),
            _ => {}
        }
    }

    /// Moves the text read since the last code into the pieces, each
    /// `{{name}}` in it made a placeholder (`\\{{` is text, as typed).
    fn flush(&mut self, next_id: &mut u32, codes: &mut Codes) {
        let run = std::mem::take(&mut self.run);
        let mut at = 0;
        for (range, name) in run.names(0) {
            if range.start > at {
                self.pieces
                    .push(Piece::Text(run.whole[at..range.start].to_string()));
            }
            let id = Self::new_code(next_id, codes, Code::Fact(name));
            self.pieces.push(Piece::Placeholder(id));
            at = range.end;
        }
        if at < run.whole.len() {
            self.pieces.push(Piece::Text(run.whole[at..].to_string()));
        }
    }

    /// Closes the last code opened; a link that is a reference or an
    /// autolink becomes a placeholder.
    fn close(&mut self, codes: &mut Codes) {
        let Some(open) = self.open.pop() else { return };
        let inner: String = self.pieces[open.at + 1..]
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.as_str(),
                _ => "\u{0}",
            })
            .collect();
        let url = match codes.get(&open.id) {
            Some(Code::Link(url)) => url.clone(),
            _ => {
                self.pieces.push(Piece::Close(open.id));
                return;
            }
        };
        let placeholder = match (open.link_type, url.strip_prefix('#')) {
            (Some(LinkType::Autolink | LinkType::Email), _) => Some(Code::Autolink(inner)),
            (_, Some(target)) if inner.is_empty() || inner == "#" => Some(Code::Ref {
                target: target.to_string(),
                bare: inner == "#",
            }),
            _ => None,
        };
        match placeholder {
            Some(code) => {
                self.pieces.truncate(open.at);
                codes.insert(open.id.clone(), code);
                self.pieces.push(Piece::Placeholder(open.id));
            }
            None => self.pieces.push(Piece::Close(open.id)),
        }
    }

    fn finish(mut self, markdown: &str, (next_id, codes): (&mut u32, &mut Codes)) -> Leaf {
        self.flush(next_id, codes);
        while !self.open.is_empty() {
            let id = self.open.pop().map(|o| o.id).unwrap_or_default();
            self.pieces.push(Piece::Close(id));
        }
        let line_start = markdown[..self.start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = markdown[line_start..self.start]
            .chars()
            .map(|c| if c == '>' { '>' } else { ' ' })
            .collect();
        Leaf {
            range: self.start..self.end.max(self.start),
            prefix,
            pieces: normalize(&self.pieces),
        }
    }
}

/// The content as it reads: runs of blank space made one space, texts
/// merged, blank space at the ends dropped, and blank space just inside a
/// paired code moved out of it ("*word *" is no emphasis in Markdown).
pub fn normalize(pieces: &[Piece]) -> Vec<Piece> {
    tidy(pieces, false)
}

/// As [`normalize`], but a run of blank space that holds a line end is
/// kept as one line end: a translator's line breaks, to write back.
pub fn tidy(pieces: &[Piece], keep_line_ends: bool) -> Vec<Piece> {
    enum Item {
        Char(char),
        Code(Piece),
    }
    let mut items: Vec<Item> = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => items.extend(t.chars().map(|c| {
                Item::Char(match c {
                    '\n' if keep_line_ends => '\n',
                    c if c.is_whitespace() => ' ',
                    c => c,
                })
            })),
            other => items.push(Item::Code(other.clone())),
        }
    }
    let is_space = |i: &Item| matches!(i, Item::Char(' ' | '\n'));
    let mut moved = true;
    while moved {
        moved = false;
        for i in 0..items.len().saturating_sub(1) {
            let open_then_space =
                matches!(items[i], Item::Code(Piece::Open(_))) && is_space(&items[i + 1]);
            let space_then_close =
                is_space(&items[i]) && matches!(items[i + 1], Item::Code(Piece::Close(_)));
            if open_then_space || space_then_close {
                items.swap(i, i + 1);
                moved = true;
            }
        }
    }
    let mut out: Vec<Piece> = Vec::new();
    for item in items {
        match item {
            Item::Char(c) => match out.last_mut() {
                Some(Piece::Text(t)) if c == ' ' || c == '\n' => {
                    // One blank in a run: a line end if the run has one.
                    if t.ends_with(' ') || t.ends_with('\n') {
                        if c == '\n' {
                            t.pop();
                            t.push('\n');
                        }
                    } else {
                        t.push(c);
                    }
                }
                Some(Piece::Text(t)) => t.push(c),
                _ => {
                    let after_blank = matches!(
                        out.iter().rev().find(|p| matches!(p, Piece::Text(_))),
                        Some(Piece::Text(t)) if t.ends_with([' ', '\n'])
                    ) && out
                        .last()
                        .is_some_and(|p| !matches!(p, Piece::Placeholder(_)));
                    if !((c == ' ' || c == '\n') && after_blank) {
                        out.push(Piece::Text(c.to_string()));
                    }
                }
            },
            Item::Code(p) => out.push(p),
        }
    }
    if let Some(Piece::Text(t)) = out.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Piece::Text(t)) = out.last_mut() {
        *t = t.trim_end().to_string();
    }
    out.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    out
}

/// The codes of a content in order: what a target must keep as it is.
pub fn code_sequence(pieces: &[Piece]) -> Vec<&Piece> {
    pieces
        .iter()
        .filter(|p| !matches!(p, Piece::Text(_)))
        .collect()
}

/// Why a target's codes are not the source's, or `None` if they are: the
/// same codes, none missing, none added, in the same order.
pub fn code_problem(source: &[Piece], target: &[Piece]) -> Option<String> {
    let expected = code_sequence(source);
    let found = code_sequence(target);
    if expected == found {
        return None;
    }
    let name = |p: &Piece| match p {
        Piece::Open(id) => format!("<pc id=\"{id}\">"),
        Piece::Close(id) => format!("</pc> of {id}"),
        Piece::Placeholder(id) => format!("<ph id=\"{id}\"/>"),
        Piece::Text(_) => String::new(),
    };
    if let Some(extra) = found.iter().find(|p| !expected.contains(p)) {
        return Some(format!(
            "the target has a code the source does not have: {}",
            name(extra)
        ));
    }
    if let Some(missing) = expected.iter().find(|p| !found.contains(p)) {
        return Some(format!("the target lacks the code {}", name(missing)));
    }
    if found.len() != expected.len() {
        return Some("the target repeats a code of the source".into());
    }
    let at = expected
        .iter()
        .zip(&found)
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    Some(format!(
        "the target moves the codes: {} comes where the source has {}",
        name(found[at]),
        name(expected[at])
    ))
}

/// The longest line [`to_markdown`] writes, as the inputs are written.
pub const WIDTH: usize = 79;

/// The Markdown of a translated leaf, from its content and the unit's
/// codes, wrapped at [`WIDTH`] columns. `prefix` starts each line after
/// the first, and is as wide as what comes before the leaf on its line.
pub fn to_markdown(pieces: &[Piece], codes: &Codes, prefix: &str) -> Result<String, String> {
    let mut out = String::new();
    // Where a line may end instead of a space: only between words of the
    // text, never inside what a code writes.
    let mut breaks = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => {
                let from = out.len();
                escape_text(t, prefix, &mut out);
                breaks.extend(
                    out[from..]
                        .char_indices()
                        .filter(|(_, c)| *c == ' ')
                        .map(|(i, _)| from + i),
                );
            }
            Piece::Open(id) | Piece::Close(id) | Piece::Placeholder(id) => {
                let code = codes
                    .get(id)
                    .ok_or_else(|| format!("no code `{id}` in the source"))?;
                let paired = !matches!(p, Piece::Placeholder(_));
                if paired != code.is_paired() {
                    return Err(format!(
                        "code `{id}` is {} in the source",
                        if code.is_paired() {
                            "a pair (<pc>)"
                        } else {
                            "a placeholder (<ph>)"
                        }
                    ));
                }
                match p {
                    Piece::Close(_) => out.push_str(&code.markdown_end()),
                    _ => out.push_str(&code.markdown_start()),
                }
                if *code == Code::Break {
                    out.push_str(prefix);
                }
            }
        }
    }
    Ok(wrap(&out, &breaks, prefix))
}

/// Breaks `text` into lines of at most [`WIDTH`] columns where it can:
/// at the spaces `breaks` lists, unless the word after one would start a
/// block at the start of a line (`- `, `1.`, `#`, `>`...).
fn wrap(text: &str, breaks: &[usize], prefix: &str) -> String {
    let width = |s: &str| s.chars().count();
    let indent = width(prefix);
    let mut out = String::with_capacity(text.len() + 16);
    let mut column = indent;
    let push = |out: &mut String, column: &mut usize, s: &str| {
        for c in s.chars() {
            *column = if c == '\n' { 0 } else { *column + 1 };
        }
        out.push_str(s);
    };
    let mut last = 0;
    for (i, &at) in breaks.iter().enumerate() {
        push(&mut out, &mut column, &text[last..at]);
        let next = breaks.get(i + 1).copied().unwrap_or(text.len());
        let word = &text[at + 1..next];
        let word_width = width(word.split('\n').next().unwrap_or(""));
        if column + 1 + word_width > WIDTH && column > indent && !starts_block(word) {
            out.push('\n');
            out.push_str(prefix);
            column = indent;
        } else {
            push(&mut out, &mut column, " ");
        }
        last = at + 1;
    }
    push(&mut out, &mut column, &text[last..]);
    out
}

/// Whether a line starting with `word` would start a block. An address
/// in `<>` does not: `<https:` is no HTML tag.
fn starts_block(word: &str) -> bool {
    if ["<http://", "<https://", "<mailto:"]
        .iter()
        .any(|p| word.starts_with(p))
    {
        return false;
    }
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    matches!(
        word.chars().next(),
        Some('-' | '+' | '*' | '#' | '>' | '=' | '|' | '~' | '`' | '{' | '<')
    ) || (digits > 0 && matches!(word[digits..].chars().next(), Some('.' | ')')))
}

/// Appends text so that Markdown reads it as text: inline markup
/// characters escaped, and at the start of the leaf anything that would
/// start a block (a list marker, a heading, a quotation, an item id).
fn escape_text(text: &str, prefix: &str, out: &mut String) {
    if out.is_empty() {
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        let first = text.chars().next();
        // `{{` is escaped below, as anywhere in the text.
        if matches!(first, Some('#' | '>' | '-' | '+' | '=' | '|' | '~'))
            || (first == Some('{') && !text.starts_with("{{"))
        {
            out.push('\\');
        } else if digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')')) {
            out.push_str(&text[..digits]);
            out.push('\\');
            return escape_text_inline(&text[digits..], prefix, out);
        }
    }
    escape_text_inline(text, prefix, out);
}

fn escape_text_inline(text: &str, prefix: &str, out: &mut String) {
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(&text[i..]) => out.push_str("\\&"),
            // Braces typed as such: `{{` would name a fact.
            '{' if text[i + 1..].starts_with('{') => out.push_str("\\{"),
            '\n' => {
                out.push('\n');
                out.push_str(prefix);
            }
            _ => out.push(c),
        }
    }
}

/// `&amp;`, `&#38;`: what Markdown would read as a character reference.
fn looks_like_entity(text: &str) -> bool {
    let body = &text[1..];
    let name_len = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .count();
    name_len > 0 && body[name_len..].starts_with(';')
}

/// A code span holding `code`: fenced by more backticks than it holds.
fn code_span(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = code.starts_with(['`', ' ']) || code.ends_with(['`', ' ']);
    let space = if pad { " " } else { "" };
    format!("{fence}{space}{code}{space}{fence}")
}

/// A link destination as Markdown reads it back.
fn link_destination(url: &str) -> String {
    if url.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>')) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// A content as it reads with its codes resolved: two contents that
/// compare equal say the same thing, whatever their code ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Text(String),
    Open(Code),
    Close,
    Placeholder(Code),
}

pub fn tokens(pieces: &[Piece], codes: &Codes) -> Vec<Token> {
    normalize(pieces)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => Token::Text(t),
            Piece::Open(id) => Token::Open(codes.get(&id).cloned().unwrap_or(Code::Break)),
            Piece::Close(_) => Token::Close,
            Piece::Placeholder(id) => {
                Token::Placeholder(codes.get(&id).cloned().unwrap_or(Code::Break))
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "inline_codes_tests.rs"]
mod tests;
