//! The HTML renderer: one self-contained HTML5 file, styles and fonts
//! inlined, no script. Every text from the inputs is escaped here; the
//! template only places what this module wrote.

mod faces;
mod fonts;
mod page_style;
mod redline;
mod woff;

use super::{RenderContext, Renderer, Writer, render_with};
use crate::model::{Block, BlockKind, Flow, Inline};

pub struct Html;

impl Renderer for Html {
    fn render(&self, ctx: &RenderContext) -> anyhow::Result<Vec<u8>> {
        let page = render_with(ctx, "document.html", self)?;
        // Before the fonts are subset: the summary's characters count.
        let page = redline::add(page, ctx.document);
        let page = page_style::add(page, &ctx.document.short_symbol)?;
        Ok(page.into_bytes())
    }
}

/// Escapes text for an HTML element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The element of a revision mark: `<ins>`, `<del>`.
pub fn revision_tag(revision: crate::model::Revision) -> &'static str {
    match revision {
        crate::model::Revision::Inserted => "ins",
        crate::model::Revision::Deleted => "del",
    }
}

/// Only links that cannot run script: web, mail and in-document links.
/// The model refuses any other when it is built; this keeps the HTML safe
/// even from a model made otherwise.
fn safe_url(url: &str) -> bool {
    crate::model::link_allowed(url)
}

impl Writer for Html {
    fn inlines(&self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        for i in inlines {
            match i {
                Inline::Text(t) => out.push_str(&escape(t)),
                Inline::Emph(c) => out.push_str(&format!("<em>{}</em>", self.inlines(c))),
                Inline::Strong(c) => out.push_str(&format!("<strong>{}</strong>", self.inlines(c))),
                Inline::Superscript(c) => out.push_str(&format!("<sup>{}</sup>", self.inlines(c))),
                Inline::Code(c) => out.push_str(&format!("<code>{}</code>", escape(c))),
                Inline::Link { url, content } if safe_url(url) => out.push_str(&format!(
                    "<a href=\"{}\">{}</a>",
                    escape(url),
                    self.inlines(content)
                )),
                Inline::Link { content, .. } => out.push_str(&self.inlines(content)),
                Inline::Ref(r) => {
                    let text = match &r.content {
                        Some(c) => self.inlines(c),
                        None => escape(&r.text),
                    };
                    out.push_str(&format!(
                        "<a class=\"ref\" href=\"#{}\">{text}</a>",
                        escape(&r.anchor)
                    ));
                }
                Inline::Break => out.push_str("<br>"),
                Inline::Revised { revision, content } => {
                    let tag = revision_tag(*revision);
                    out.push_str(&format!("<{tag}>{}</{tag}>", self.inlines(content)))
                }
            }
        }
        out
    }

    fn flows(&self, flows: &[Flow]) -> String {
        let mut out = String::new();
        for f in flows {
            match f {
                Flow::Para(inlines) => out.push_str(&format!("<p>{}</p>", self.inlines(inlines))),
                Flow::Quote(inner) => {
                    out.push_str(&format!("<blockquote>{}</blockquote>", self.flows(inner)))
                }
                Flow::List(list) => {
                    let tag = if list.style.is_ordered() { "ol" } else { "ul" };
                    out.push_str(&format!(
                        "<{tag} class=\"list list-{}\">",
                        list.style.name()
                    ));
                    for item in &list.items {
                        let id = item
                            .anchor
                            .as_ref()
                            .map(|a| format!(" id=\"{}\"", escape(a)))
                            .unwrap_or_default();
                        let class = crate::model::Revision::of_flows(&item.content)
                            .map(|r| format!(" class=\"{}\"", r.name()))
                            .unwrap_or_default();
                        out.push_str(&format!(
                            "<li{id}{class}><span class=\"label\">{}</span><div class=\"item\">{}</div></li>",
                            escape(&item.label),
                            self.flows(&item.content)
                        ));
                    }
                    out.push_str(&format!("</{tag}>"));
                }
            }
        }
        out
    }

    fn block(&self, block: &Block) -> String {
        match block.kind {
            // A sub-heading is one line: no <p> inside <h3>.
            BlockKind::Heading => match block.content.as_slice() {
                [Flow::Para(inlines)] => self.inlines(inlines),
                other => self.flows(other),
            },
            BlockKind::Quote => format!("<blockquote>{}</blockquote>", self.flows(&block.content)),
            _ => self.flows(&block.content),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
    }

    #[test]
    fn refuses_script_urls() {
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url("../relative.html"));
        assert!(safe_url("https://www.wcoomd.org"));
        assert!(safe_url("#para-9"));
    }
}
