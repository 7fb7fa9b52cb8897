//! The Markdown renderer: CommonMark that renders the same on GitHub,
//! GitLab and pulldown-cmark, and reads well raw.
//!
//! A numbered paragraph is written as an ordered-list item with its own
//! number (`12. The Compliance...`): forges then show "12." and keep the
//! numbering across sections, and lists and quotes nest under it by
//! indentation. Markdown has no (i) or (a) lists, so those items are
//! written as paragraphs that start with their label.

use super::{Organization, TemplateError, Templates, Writer, render_with};
use crate::input::ListStyle;
use crate::model::{Block, Document, Flow, Inline, Kind};

pub struct Markdown;

pub fn render(
    templates: &Templates,
    doc: &Document,
    letterhead: &[Organization],
) -> Result<String, TemplateError> {
    let text = render_with(templates, "document.md", &Markdown, doc, letterhead)?;
    Ok(tidy(&text))
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
}

impl Writer for Markdown {
    fn inlines(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) => out.push_str(&escape(t)),
                Inline::Emph(c) => out.push_str(&format!("*{}*", self.inlines(c))),
                Inline::Strong(c) => out.push_str(&format!("**{}**", self.inlines(c))),
                Inline::Code(c) => {
                    let fence = if c.contains('`') { "`` " } else { "`" };
                    let close = if c.contains('`') { " ``" } else { "`" };
                    out.push_str(&format!("{fence}{c}{close}"));
                }
                Inline::Link { url, content } => {
                    let text = self.inlines(content);
                    if Inline::plain(content) == *url
                        || url.strip_prefix("mailto:") == Some(&Inline::plain(content))
                    {
                        out.push_str(&format!("<{}>", Inline::plain(content)));
                    } else {
                        out.push_str(&format!("[{text}]({})", url.replace(' ', "%20")));
                    }
                }
                // Anchors exist only in HTML and PDF: in Markdown the
                // reference is its text ("paragraph 9").
                Inline::Ref(r) => match &r.content {
                    Some(c) => out.push_str(&self.inlines(c)),
                    None => out.push_str(&escape(&r.text)),
                },
                Inline::Break => out.push_str("\\\n"),
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
        let body = self.flows(&block.content);
        match (block.kind, block.number) {
            (Kind::Paragraph, Some(n)) => {
                let marker = format!("{n}.");
                format!("{marker} {}", indent(&body, marker.len() + 1))
            }
            (Kind::Heading, _) => format!("### {body}"),
            (Kind::Quote, _) => quote(&body),
            _ => body,
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

    #[test]
    fn indents_continuation_lines_only() {
        assert_eq!(indent("a\n\nb", 4), "a\n\n    b");
    }
}
