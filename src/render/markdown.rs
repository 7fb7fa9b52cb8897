//! The Markdown renderer: CommonMark that renders the same on GitHub,
//! GitLab and pulldown-cmark, and reads well raw.
//!
//! A numbered paragraph is written as an ordered-list item with its own
//! number (`12. The Compliance...`): forges then show "12." and keep the
//! numbering across sections, and lists and quotes nest under it by
//! indentation. Markdown has no (i) or (a) lists, so those items are
//! written as paragraphs that start with their label.

use super::{RenderContext, Renderer, Writer, render_with};
use crate::input::ListStyle;
use crate::model::{Block, BlockKind, Flow, Inline};

pub struct Markdown;

impl Renderer for Markdown {
    fn render(&self, ctx: &RenderContext) -> anyhow::Result<Vec<u8>> {
        let text = render_with(ctx, "document.md", self)?;
        Ok(tidy(&text).into_bytes())
    }
}

/// Collapses the blank lines templates leave and ends with one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end_matches(' ');
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out.push('\n');
    out
}

/// Escapes what CommonMark would read as markup inside a line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
            }
            // `&amp;` and `&#38;` would become entities; `R&D` stays.
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
    out
}

/// A link destination that CommonMark reads back as `url`: parentheses,
/// angle brackets and backslashes are escaped (`http://a)b` would end the
/// link at its `)`), spaces and control characters percent-encoded.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' | ')' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c == ' ' || c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether `<text>` is read back as a link to `text` (an autolink has no
/// spaces, angle brackets or backslash escapes).
fn autolink_safe(text: &str) -> bool {
    !text.is_empty()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\'))
}

/// Whether text after `&` reads as an entity: letters/digits (or `#`
/// and digits) up to a `;`.
fn looks_like_entity(rest: &[char]) -> bool {
    let rest = rest.strip_prefix(&['#']).unwrap_or(rest);
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

/// Escapes what would start a block at the beginning of a line: "2019. "
/// would open a list, "# " a heading, "- " a bullet, "> " a quote.
fn escape_line_start(line: String) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 9 {
        let rest = &line[digits..];
        if let Some(mark) = rest.chars().next().filter(|c| *c == '.' || *c == ')') {
            let after = &rest[1..];
            if after.is_empty() || after.starts_with(' ') {
                return format!("{}\\{mark}{after}", &line[..digits]);
            }
        }
        return line;
    }
    match line.chars().next() {
        Some('#' | '>' | '=' | '+' | '-' | '|') => format!("\\{line}"),
        _ => line,
    }
}

/// Puts `text` in a block quote, line by line.
fn quote(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent(text: &str, width: usize) -> String {
    let pad = " ".repeat(width);
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 || line.is_empty() {
                line.to_string()
            } else {
                format!("{pad}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Markdown {
    fn list(&self, style: ListStyle, items: &[crate::model::ListItem]) -> String {
        let mut parts = Vec::new();
        for item in items {
            let body = self.flows(&item.content);
            let marker = match style {
                ListStyle::Bullet | ListStyle::Dash => "-".to_string(),
                ListStyle::Decimal => item.label.clone(),
                // Not a Markdown list marker: the label starts the text.
                ListStyle::Roman | ListStyle::Alpha => {
                    parts.push(format!("{} {}", item.label, body));
                    continue;
                }
            };
            let width = marker.chars().count() + 1;
            parts.push(format!("{marker} {}", indent(&body, width)));
        }
        // A list whose items are one paragraph each stays tight, as written.
        let tight = items
            .iter()
            .all(|i| matches!(i.content.as_slice(), [Flow::Para(_)] | []));
        let tight = tight && !matches!(style, ListStyle::Roman | ListStyle::Alpha);
        parts.join(if tight { "\n" } else { "\n\n" })
    }

    /// Flows at the left margin, outside every numbered paragraph and list
    /// item (an unnumbered block, and the items of (i) and (a) lists in
    /// it, which are not Markdown lists): numbered paragraphs are the
    /// document's top-level ordered list, so a `1.` item here would read
    /// as one more of them. Numbered items are written as paragraphs that
    /// start with their label, escaped (`1\. `), as (i) and (a) items are,
    /// down to the first list that is a Markdown list (a bullet list's
    /// items hold their own content).
    fn flows_at_margin(&self, flows: &[Flow]) -> String {
        let parts: Vec<String> = flows
            .iter()
            .map(|f| match f {
                Flow::List(list) if list.style.is_ordered() => list
                    .items
                    .iter()
                    .map(|item| {
                        let body = self.flows_at_margin(&item.content);
                        escape_line_start(format!("{} {body}", item.label))
                    })
                    .collect::<Vec<_>>()
                    .join("\n\n"),
                _ => self.flows(std::slice::from_ref(f)),
            })
            .collect();
        parts.join("\n\n")
    }
}

impl Writer for Markdown {
    fn inlines(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) => out.push_str(&escape(t)),
                Inline::Emph(c) => out.push_str(&format!("*{}*", self.inlines(c))),
                Inline::Strong(c) => out.push_str(&format!("**{}**", self.inlines(c))),
                // Inline HTML, which CommonMark keeps: Markdown has no
                // superscript of its own.
                Inline::Superscript(c) => out.push_str(&format!("<sup>{}</sup>", self.inlines(c))),
                Inline::Code(c) => {
                    let fence = if c.contains('`') { "`` " } else { "`" };
                    let close = if c.contains('`') { " ``" } else { "`" };
                    out.push_str(&format!("{fence}{c}{close}"));
                }
                Inline::Link { url, content } => {
                    let shown = Inline::plain(content);
                    let as_written = shown == *url || url.strip_prefix("mailto:") == Some(&shown);
                    if as_written && autolink_safe(&shown) {
                        out.push_str(&format!("<{shown}>"));
                    } else {
                        let text = self.inlines(content);
                        out.push_str(&format!("[{text}]({})", destination(url)));
                    }
                }
                // Anchors exist only in HTML and PDF: in Markdown the
                // reference is its text ("paragraph 9").
                Inline::Ref(r) => match &r.content {
                    Some(c) => out.push_str(&self.inlines(c)),
                    None => out.push_str(&escape(&r.text)),
                },
                Inline::Break => out.push_str("\\\n"),
                // Inline HTML, as for superscripts: Markdown has no marks.
                Inline::Revised { revision, content } => {
                    let tag = super::html::revision_tag(*revision);
                    out.push_str(&format!("<{tag}>{}</{tag}>", self.inlines(content)))
                }
            }
        }
        out
    }

    fn flows(&self, flows: &[Flow]) -> String {
        let parts: Vec<String> = flows
            .iter()
            .map(|f| match f {
                Flow::Para(inlines) => escape_line_start(self.inlines(inlines)),
                Flow::List(list) => self.list(list.style, &list.items),
                Flow::Quote(inner) => quote(&self.flows(inner)),
            })
            .collect();
        parts.join("\n\n")
    }

    fn block(&self, block: &Block) -> String {
        let body = || self.flows(&block.content);
        match (block.kind, block.number) {
            (BlockKind::Paragraph, Some(n)) => {
                let marker = format!("{n}.");
                format!("{marker} {}", indent(&body(), marker.len() + 1))
            }
            (BlockKind::Heading, _) => format!("### {}", body()),
            (BlockKind::Quote, _) => quote(&body()),
            // No paragraph item holds an unnumbered block's lists.
            _ => self.flows_at_margin(&block.content),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(escape("a*b_c[d]"), "a\\*b\\_c\\[d\\]");
        assert_eq!(escape("R&D &amp;"), "R&D \\&amp;");
    }

    #[test]
    fn escapes_what_would_start_a_block() {
        assert_eq!(escape_line_start("2019. It was".into()), "2019\\. It was");
        assert_eq!(
            escape_line_start("- not a bullet".into()),
            "\\- not a bullet"
        );
        assert_eq!(escape_line_start("2019 was".into()), "2019 was");
        assert_eq!(escape_line_start("(i) Illicit".into()), "(i) Illicit");
    }

    /// The destination written reads back, through a CommonMark parser, as
    /// the URL of the model.
    #[test]
    fn link_destinations_survive_a_round_trip() {
        use pulldown_cmark::{Event, LinkType, Parser, Tag};
        // As the model reads it: a mail autolink is a `mailto:` link.
        let read_back = |md: &str| -> Vec<String> {
            Parser::new(md)
                .filter_map(|e| match e {
                    Event::Start(Tag::Link {
                        link_type: LinkType::Email,
                        dest_url,
                        ..
                    }) => Some(format!("mailto:{dest_url}")),
                    Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                    _ => None,
                })
                .collect()
        };
        for url in [
            "http://a)b",
            "http://a(b",
            "https://x.org/a_(b)",
            "https://x.org/a<b>c",
            "https://x.org/a\\b",
            "https://www.wcoomd.org/fr?x=1&y=2",
            "mailto:a@wcoomd.org",
        ] {
            for shown in ["the link", url, url.trim_start_matches("mailto:")] {
                let inline = Inline::Link {
                    url: url.to_string(),
                    content: vec![Inline::Text(shown.to_string())],
                };
                let md = Markdown.inlines(&[inline]);
                assert_eq!(read_back(&md), [url], "{url} shown as {shown}: {md}");
            }
        }
    }

    /// An unnumbered block's `1.` list, and one inside its (i) items, must
    /// not read as a numbered paragraph: no ordered list at all, the
    /// labels kept as text.
    #[test]
    fn numbered_items_of_unnumbered_blocks_are_not_paragraph_numbers() {
        use crate::model::{List, ListItem};
        use pulldown_cmark::{Event, Parser, Tag, TagEnd};
        let para = |t: &str| Flow::Para(vec![Inline::Text(t.to_string())]);
        let list = |style, labels: &[&str], content: &dyn Fn(usize) -> Vec<Flow>| {
            Flow::List(List {
                style,
                items: labels
                    .iter()
                    .enumerate()
                    .map(|(i, label)| ListItem {
                        label: label.to_string(),
                        id: None,
                        anchor: None,
                        content: content(i),
                    })
                    .collect(),
            })
        };
        let inner = list(ListStyle::Decimal, &["1.", "2."], &|_| vec![para("deep")]);
        let roman = list(ListStyle::Roman, &["(i)"], &|_| {
            vec![para("r"), inner.clone()]
        });
        let top = list(ListStyle::Decimal, &["1.", "2."], &|i| match i {
            0 => vec![para("a"), roman.clone()],
            _ => vec![para("b")],
        });
        let block = Block {
            id: None,
            kind: BlockKind::Unnumbered,
            number: None,
            anchor: None,
            content: vec![para("Intro"), top],
        };
        let md = Markdown.block(&block);
        let ordered = Parser::new(&md)
            .filter(|e| matches!(e, Event::Start(Tag::List(Some(_)))))
            .count();
        assert_eq!(ordered, 0, "{md}");
        let text: String = Parser::new(&md)
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                Event::End(TagEnd::Paragraph) => Some("|".to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "Intro|1. a|(i) r|1. deep|2. deep|2. b|", "{md}");
    }

    #[test]
    fn indents_continuation_lines_only() {
        assert_eq!(indent("a\n\nb", 4), "a\n\n    b");
    }
}
