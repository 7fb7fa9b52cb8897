//! Turns the Markdown of one text into model flows (paragraphs, lists,
//! quotes, inlines), with the language's typography applied and list
//! labels computed. References are left for [`super::build`] to resolve.
//!
//! Only what a WCO document uses is accepted: headings, code blocks,
//! images, tables and raw HTML are errors that point into the TOML file,
//! and so is nesting deeper than the document family ever goes (see
//! [`MAX_LIST_DEPTH`]): it keeps the recursion here and in every renderer
//! bounded, and no layout has to fit text it has no room for.

use std::collections::BTreeMap;
use std::iter::Peekable;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::facts::{self, Facts, Run};
use super::list_style::{self, Marker};
use super::{Flow, Inline, List, ListItem, Ref};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input::{Id, ListStyle, Located, Text};
use crate::locale::Locale;
use crate::locale::typography::Typographer;

type Events<'a> = Peekable<pulldown_cmark::OffsetIter<'a>>;

/// Lists nest at most this deep (WCO documents use 3 or 4 levels).
pub const MAX_LIST_DEPTH: usize = 6;
/// Quotations nest at most this deep (a quotation within a quotation
/// within a quotation).
pub const MAX_QUOTE_DEPTH: usize = 3;
/// Emphasis, strong text and links nest at most this deep within one
/// another (`***a***` is two).
pub const MAX_INLINE_DEPTH: usize = 6;

pub struct MarkdownParser<'a> {
    text: &'a Text,
    styles: &'a [Located<ListStyle>],
    locale: &'a Locale,
    typo: Typographer<'a>,
    /// Problems found, reported when the text is read: a construct
    /// repeated through the text is reported a few times and counted.
    found: Vec<Diagnostic>,
    /// Ids of the list items being read, innermost last.
    item_ids: Vec<Option<Id>>,
    /// The item markers of the text (see [`list_style::markers`]), by
    /// where they start: a text event starting at one of them begins
    /// with it.
    markers: BTreeMap<usize, Marker>,
    /// The style written on the first item of a list, by where the list
    /// starts.
    overrides: BTreeMap<usize, (String, std::ops::Range<usize>)>,
    facts: &'a Facts,
    /// Quotations open around what is being read.
    quote_depth: usize,
    /// Emphasis, strong text and links open around what is being read.
    inline_depth: usize,
}

/// Parses `text`; `styles` are the block's list styles by depth, `facts`
/// what `{{name}}` may name.
pub fn parse(
    text: &Text,
    styles: &[Located<ListStyle>],
    (locale, facts): (&Locale, &Facts),
    typo: Typographer,
    diags: &mut Diagnostics,
) -> Vec<Flow> {
    let markers = list_style::markers(&text.value);
    let mut p = MarkdownParser {
        text,
        styles,
        locale,
        typo,
        found: Vec::new(),
        item_ids: Vec::new(),
        overrides: list_style::overrides(&markers),
        markers: markers.into_iter().map(|m| (m.range.start, m)).collect(),
        facts,
        quote_depth: 0,
        inline_depth: 0,
    };
    let mut events = Parser::new_ext(&text.value, Options::empty())
        .into_offset_iter()
        .peekable();
    let flows = p.flows(&mut events, None, 0);
    super::push_grouped(diags, p.found);
    flows
}

impl MarkdownParser<'_> {
    fn error(&mut self, range: std::ops::Range<usize>, message: impl Into<String>) {
        let span = self.text.span_of(range);
        self.found.push(Diagnostic::error(span, message));
    }

    /// Block-level content until `end` (or the end of the text).
    fn flows(&mut self, events: &mut Events, end: Option<TagEnd>, depth: usize) -> Vec<Flow> {
        let mut out = Vec::new();
        while let Some((event, range)) = events.peek().cloned() {
            match event {
                Event::End(e) if Some(e) == end => {
                    events.next();
                    break;
                }
                Event::Start(Tag::Paragraph) => {
                    events.next();
                    self.typo.reset();
                    let inlines = self.inlines(events, TagEnd::Paragraph);
                    out.push(Flow::Para(inlines));
                }
                Event::Start(Tag::List(_)) if depth >= MAX_LIST_DEPTH => {
                    let message = format!(
                        "this list is nested {} deep; lists may nest {MAX_LIST_DEPTH} deep at most",
                        depth + 1
                    );
                    self.too_deep(events, range, message);
                }
                Event::Start(Tag::List(start)) => {
                    events.next();
                    out.push(Flow::List(self.list(events, start, depth, range)));
                }
                Event::Start(Tag::BlockQuote(_)) if self.quote_depth >= MAX_QUOTE_DEPTH => {
                    let message = format!(
                        "this quotation is nested {} deep; quotations may nest \
                         {MAX_QUOTE_DEPTH} deep at most",
                        self.quote_depth + 1
                    );
                    self.too_deep(events, range, message);
                }
                Event::Start(Tag::BlockQuote(kind)) => {
                    events.next();
                    self.quote_depth += 1;
                    let inner = self.flows(events, Some(TagEnd::BlockQuote(kind)), depth);
                    self.quote_depth -= 1;
                    out.push(Flow::Quote(inner));
                }
                Event::Start(Tag::Heading { .. }) => {
                    self.refuse(
                        events,
                        range,
                        "a Markdown heading",
                        Some("make it a block of its own with kind = \"heading\""),
                    );
                }
                Event::Start(Tag::CodeBlock(_)) => {
                    self.refuse(
                        events,
                        range,
                        "a code block",
                        Some("text indented by four spaces or more is a code block in Markdown"),
                    );
                }
                Event::Start(Tag::HtmlBlock) | Event::Html(_) => {
                    self.refuse(
                        events,
                        range,
                        "raw HTML",
                        Some("write `\\<` for a literal `<`"),
                    );
                }
                Event::Rule => {
                    events.next();
                    self.error(range, "a horizontal rule is not allowed in a block");
                }
                // Tight list items hold inlines without a paragraph.
                event if starts_inline(&event) => {
                    self.typo.reset();
                    let inlines = self.inlines_until_block(events);
                    out.push(Flow::Para(inlines));
                }
                // The ends of constructs read above. With no Markdown
                // extension enabled (`Options::empty()`), no other event
                // comes: tables, footnotes, task markers and math are
                // extensions.
                _ => {
                    events.next();
                }
            }
        }
        out
    }

    /// Skips a construct we refuse, reporting it once.
    fn refuse(
        &mut self,
        events: &mut Events,
        range: std::ops::Range<usize>,
        what: &str,
        hint: Option<&str>,
    ) {
        let Some((first, _)) = events.next() else {
            return;
        };
        let mut d = Diagnostic::error(
            self.text.span_of(range),
            format!("{what} is not allowed in a block"),
        );
        if let Some(hint) = hint {
            d = d.with_note(hint);
        }
        self.found.push(d);
        if let Event::Start(tag) = first {
            skip_to_end(events, tag.to_end());
        }
    }

    /// Reports nesting deeper than the document family goes, at the
    /// construct that goes too deep, and skips that construct whole.
    fn too_deep(&mut self, events: &mut Events, range: std::ops::Range<usize>, message: String) {
        let note = "WCO documents nest lists 3 or 4 levels deep and quotations once or \
                    twice; flatten this part";
        self.report_too_deep(range, message, note);
        if let Some((Event::Start(tag), _)) = events.next() {
            skip_to_end(events, tag.to_end());
        }
    }

    fn report_too_deep(&mut self, range: std::ops::Range<usize>, message: String, note: &str) {
        let span = self.text.span_of(range.start..range.start + 1);
        self.found
            .push(Diagnostic::error(span, message).with_note(note));
    }

    /// The inlines inside emphasis, strong text or a link.
    fn nested_inlines(&mut self, events: &mut Events, end: TagEnd) -> Vec<Inline> {
        self.inline_depth += 1;
        let inner = self.inlines(events, end);
        self.inline_depth -= 1;
        inner
    }

    fn list(
        &mut self,
        events: &mut Events,
        start: Option<u64>,
        depth: usize,
        range: std::ops::Range<usize>,
    ) -> List {
        let ordered = start.is_some();
        let style = list_style::choose(
            self.styles.get(depth),
            self.overrides.get(&range.start),
            ordered,
            range,
            self.text,
            &mut self.found,
        );
        let first = usize::try_from(start.unwrap_or(1)).unwrap_or(1);
        let mut items = Vec::new();
        while let Some((event, _)) = events.next() {
            match event {
                Event::Start(Tag::Item) => {
                    self.item_ids.push(None);
                    let content = self.flows(events, Some(TagEnd::Item), depth + 1);
                    let id = self.item_ids.pop().flatten();
                    let n = if style == ListStyle::Decimal {
                        first + items.len()
                    } else {
                        items.len() + 1
                    };
                    items.push(ListItem {
                        label: self.locale.list_label(style, n),
                        id,
                        anchor: None,
                        content,
                    });
                }
                Event::End(TagEnd::List(_)) => break,
                _ => {}
            }
        }
        List { style, items }
    }

    /// The text after the item marker that `t` (starting at `at` in the
    /// text) begins with, if it begins with one; the id goes to the list
    /// item being read, or is reported where it is written.
    fn strip_marker<'t>(&mut self, t: &'t str, at: usize) -> Option<&'t str> {
        let marker = self.markers.get(&at)?;
        let (range, id) = (marker.range.clone(), marker.id.clone());
        let problems = list_style::marker_problems(marker, self.text);
        self.found.extend(problems);
        // A marker longer than this text run holds a character that splits
        // runs (`_`, `*`): never a valid id, so the error below stops the
        // build and the rest of the marker is never shown.
        let rest = t.get(range.len()..).map_or("", str::trim_start);
        let Some(id) = id else { return Some(rest) };
        match Id::new(&id) {
            Ok(id) => {
                if let Some(top) = self.item_ids.last_mut() {
                    *top = Some(id);
                }
            }
            Err(invalid) => {
                let d = invalid.diagnostic(self.text.span_of(range));
                self.found.push(d);
            }
        }
        Some(rest)
    }

    /// Inline content until the end of the current paragraph.
    fn inlines(&mut self, events: &mut Events, end: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, range)) = events.next() {
            match event {
                Event::End(e) if e == end => break,
                other => self.inline(events, other, range, &mut out),
            }
        }
        out
    }

    /// Inline content of a tight list item: until a block starts or the
    /// item ends.
    fn inlines_until_block(&mut self, events: &mut Events) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, _)) = events.peek() {
            if !starts_inline(event) {
                break;
            }
            let (event, range) = events.next().expect("peeked");
            self.inline(events, event, range, &mut out);
        }
        out
    }

    fn inline(
        &mut self,
        events: &mut Events,
        event: Event,
        range: std::ops::Range<usize>,
        out: &mut Vec<Inline>,
    ) {
        match event {
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Link { .. }))
                if self.inline_depth >= MAX_INLINE_DEPTH =>
            {
                let message = format!(
                    "this emphasis, strong text or link is nested {} deep; they may nest \
                     {MAX_INLINE_DEPTH} deep at most",
                    self.inline_depth + 1
                );
                self.report_too_deep(range, message, "flatten this part");
                skip_to_end(events, tag.to_end());
            }
            Event::Text(t) => {
                // Whole, as pulldown-cmark splits texts at `_`, `&`, `\`.
                let mut run = Run::default();
                run.push(&t, &self.text.value, range.clone());
                while let Some((Event::Text(next), next_range)) = events.peek() {
                    run.push(next, &self.text.value, next_range.clone());
                    events.next();
                }
                let from = match self.strip_marker(&run.whole, range.start) {
                    Some(rest) => run.whole.len() - rest.len(),
                    None => 0,
                };
                let context = (self.text, self.facts);
                facts::typeset(&run, from, context, &mut self.typo, out, &mut self.found);
            }
            Event::SoftBreak => push_text(out, " ".to_string()),
            Event::HardBreak => out.push(Inline::Break),
            Event::Code(c) => {
                super::urls::owed_space(&mut self.typo, out);
                self.typo.skip(&c);
                out.push(Inline::Code(c.to_string()));
            }
            Event::Start(Tag::Emphasis) => {
                let inner = self.nested_inlines(events, TagEnd::Emphasis);
                out.push(Inline::Emph(inner));
            }
            Event::Start(Tag::Strong) => {
                let inner = self.nested_inlines(events, TagEnd::Strong);
                out.push(Inline::Strong(inner));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => self.link(events, link_type, dest_url.to_string(), range, out),
            Event::InlineHtml(_) | Event::Html(_) => {
                self.error(
                    range,
                    "raw HTML is not allowed in a text; write `\\<` for a literal `<`",
                );
            }
            Event::Start(Tag::Image { .. }) => {
                self.error(range, "images are not allowed in a block");
                // Skipped, not read: images nest in images without limit.
                skip_to_end(events, TagEnd::Image);
            }
            // The ends of constructs read by their starts. No other event
            // comes inside a paragraph without Markdown extensions (see
            // `flows`): rules, headings and code blocks end a paragraph.
            _ => {}
        }
    }

    /// A link: a reference by id (`#id`), or a link out, which must go
    /// where [`super::link_allowed`] says.
    fn link(
        &mut self,
        events: &mut Events,
        link_type: LinkType,
        url: String,
        range: std::ops::Range<usize>,
        out: &mut Vec<Inline>,
    ) {
        if let Some(target) = url.strip_prefix('#') {
            let inner = super::urls::unlink(self.nested_inlines(events, TagEnd::Link));
            let written = Inline::plain(&inner);
            out.push(Inline::Ref(Ref {
                target: target.to_string(),
                anchor: String::new(),
                text: String::new(),
                bare: written == "#",
                content: (!written.is_empty() && written != "#").then_some(inner),
                span: self.text.span_of(range),
            }));
            return;
        }
        let url = match link_type {
            // `<copyright@wcoomd.org>` is a mail address.
            LinkType::Email if !url.starts_with("mailto:") => format!("mailto:{url}"),
            _ => url,
        };
        if !super::link_allowed(&url) {
            let span = self.text.span_of(range.start..range.start + 1);
            let message = format!(
                "a link may go to an http, https or mailto address or to `#id`, not to `{url}`"
            );
            self.found
                .push(Diagnostic::error(span, message).with_note(
                    "write the full address, as in [words](https://www.wcoomd.org/...)",
                ));
        }
        let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
        let inner = if autolink {
            // The address is shown as written, quotes and all.
            let inner = self.inlines_raw(events);
            super::urls::owed_space(&mut self.typo, out);
            self.typo.skip(&url);
            inner
        } else {
            super::urls::unlink(self.nested_inlines(events, TagEnd::Link))
        };
        out.push(Inline::Link {
            url,
            content: inner,
        });
    }

    fn inlines_raw(&mut self, events: &mut Events) -> Vec<Inline> {
        let mut text = String::new();
        for (e, _) in events.by_ref() {
            match e {
                Event::End(TagEnd::Link) => break,
                Event::Text(t) => text.push_str(&t),
                _ => {}
            }
        }
        vec![Inline::Text(text)]
    }
}

/// Whether `event` starts inline content: in a tight list item, inlines
/// come without a paragraph around them.
pub(crate) fn starts_inline(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::InlineHtml(_)
            | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. })
    )
}

/// Skips events up to the end of the construct whose start was just read;
/// iterative, so that however deep the input nests, the stack does not.
fn skip_to_end(events: &mut Events, end: TagEnd) {
    let mut nesting = 0usize;
    for (e, _) in events.by_ref() {
        match e {
            Event::Start(t) if t.to_end() == end => nesting += 1,
            Event::End(e) if e == end => {
                if nesting == 0 {
                    break;
                }
                nesting -= 1;
            }
            _ => {}
        }
    }
}

/// Appends text, merging with a previous text run so renderers see one.
fn push_text(out: &mut Vec<Inline>, text: String) {
    if let Some(Inline::Text(prev)) = out.last_mut() {
        prev.push_str(&text);
    } else {
        out.push(Inline::Text(text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::locale::{BUILTIN, Spacing};

    fn parse_en(value: &str, styles: &[Located<ListStyle>]) -> (Vec<Flow>, Vec<String>) {
        let locale = Locale::parse(BUILTIN[0].1).unwrap();
        let text = Text::detached("en", value, Span::new(0, 0..0));
        let mut diags = Diagnostics::default();
        let flows = parse(
            &text,
            styles,
            (&locale, &Facts::default()),
            Typographer::new(&locale, Spacing::None),
            &mut diags,
        );
        (flows, diags.iter().map(|d| d.message.clone()).collect())
    }

    /// How deep flows nest: 1 for a paragraph.
    fn depth(flows: &[Flow]) -> usize {
        flows
            .iter()
            .map(|f| match f {
                Flow::Para(_) => 1,
                Flow::Quote(inner) => 1 + depth(inner),
                Flow::List(l) => 1 + l.items.iter().map(|i| depth(&i.content)).max().unwrap_or(0),
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn deep_quotations_are_an_error_not_a_stack_overflow() {
        let deep = format!("{} deep", ">".repeat(100_000));
        let (flows, errors) = parse_en(&deep, &[]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("quotations may nest"), "{errors:?}");
        assert!(depth(&flows) <= MAX_QUOTE_DEPTH + 1);
        let (_, errors) = parse_en(&format!("{} ok", ">".repeat(MAX_QUOTE_DEPTH)), &[]);
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn deep_emphasis_is_an_error_not_a_stack_overflow() {
        let n = 50_000;
        let deep = format!("{}x{}", "*a ".repeat(n), " b*".repeat(n));
        let (_, errors) = parse_en(&deep, &[]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("emphasis"), "{errors:?}");
        let (_, errors) = parse_en("*a **b [c *d*](https://x.org) b** a*", &[]);
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn nested_images_are_one_error_not_a_stack_overflow() {
        let n = 50_000;
        let deep = format!("{}x{}", "![".repeat(n), "](a.png)".repeat(n));
        let (_, errors) = parse_en(&deep, &[]);
        assert_eq!(errors, ["images are not allowed in a block"]);
    }

    /// An image is refused as an image wherever it is, a tight list item
    /// included (it was "a construct not supported in a block" there).
    #[test]
    fn images_in_tight_list_items_are_refused_as_images() {
        let (_, errors) = parse_en("- ![chart](chart.png)\n- text\n", &[]);
        assert_eq!(errors, ["images are not allowed in a block"]);
    }

    #[test]
    fn deep_lists_are_an_error_at_their_place() {
        let mut text = String::new();
        for level in 0..50 {
            text.push_str(&format!("{}- level {level}\n", "  ".repeat(level)));
        }
        let (flows, errors) = parse_en(&text, &[]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("lists may nest"), "{errors:?}");
        assert!(depth(&flows) <= 2 * MAX_LIST_DEPTH + 1);
        let ok: String = (0..MAX_LIST_DEPTH)
            .map(|level| format!("{}- level {level}\n", "  ".repeat(level)))
            .collect();
        let (_, errors) = parse_en(&ok, &[]);
        assert!(errors.is_empty(), "{errors:?}");
        // Each "- " on one line opens a list inside the last.
        let (_, errors) = parse_en(&format!("{}x", "- ".repeat(100_000)), &[]);
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn links_go_only_to_the_web_mail_and_the_document() {
        for ok in [
            "[x](https://www.wcoomd.org)",
            "[x](HTTP://a.org/b?c=d)",
            "<https://www.wcoomd.org/fr?x=1>",
            "[x](<http://a)b>)",
            "[mail](mailto:a@wcoomd.org)",
        ] {
            let (_, errors) = parse_en(ok, &[]);
            assert!(errors.is_empty(), "{ok}: {errors:?}");
        }
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "<javascript:alert(1)>",
            "[x](file:///etc/passwd)",
            "[x](data:text/html,hi)",
            "[x](../secret.pdf)",
            "[x](www.wcoomd.org)",
            "[x]()",
            "[x](//evil.org)",
            "[x](https:evil)",
        ] {
            let (_, errors) = parse_en(bad, &[]);
            assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
            assert!(
                errors[0].starts_with("a link may go to"),
                "{bad}: {errors:?}"
            );
        }
    }

    /// Markup mixed with characters whose case mapping or encoding
    /// changes lengths, and with item ids, parses without panic in both
    /// languages' typography.
    #[test]
    fn tricky_texts_parse_without_panic() {
        let pieces = [
            "\u{212A}",
            "Ⱥ",
            "İ",
            "é",
            "\u{a0}",
            "\u{202f}",
            "{#",
            "}",
            "{#é} ",
            "{#a} ",
            "*",
            "**",
            "_",
            "[",
            "](#x)",
            "](https://a.org/(b))",
            "<https://a.org>",
            "<a@b.org>",
            "> ",
            "\n",
            "\n\n",
            "1. ",
            "10. ",
            "- ",
            "   ",
            "`",
            "\"",
            "'",
            ":",
            ";",
            "«",
            "»",
            "\\",
            "&amp;",
            "{{",
            "}}",
            "{{sessions}}",
            "{.alpha #a} ",
            "{#b .x y} ",
        ];
        let fr = Locale::parse(BUILTIN.iter().find(|(c, _)| *c == "fr").unwrap().1).unwrap();
        let mut seed = 0x9e37_79b9_u64;
        for _ in 0..3000 {
            let mut value = String::new();
            for _ in 0..(seed % 16 + 1) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                value.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let _ = parse_en(&value, &[]);
            let text = Text::detached("fr", &value, Span::new(0, 0..0));
            let mut diags = Diagnostics::default();
            let _ = parse(
                &text,
                &[],
                (&fr, &Facts::default()),
                Typographer::new(&fr, Spacing::French),
                &mut diags,
            );
        }
    }

    /// Item ids in Markdown follow the charset of block ids: no `_`, no
    /// capitals, no name the tool uses itself.
    #[test]
    fn item_ids_are_checked_as_block_ids_are() {
        for bad in [
            "Phase_IV", "phase_iv", "a_", "topic_a_", "a*b*", "title", "item-a", "para-2",
        ] {
            let (flows, errors) = parse_en(&format!("- {{#{bad}}} text"), &[]);
            assert_eq!(errors, [format!("invalid id `{bad}`")], "{bad}");
            let [Flow::List(list)] = flows.as_slice() else {
                panic!("{flows:?}")
            };
            assert_eq!(list.items[0].id, None, "{bad}");
        }
        let (flows, errors) = parse_en("- {#phase-iv} text", &[]);
        assert!(errors.is_empty(), "{errors:?}");
        let [Flow::List(list)] = flows.as_slice() else {
            panic!("{flows:?}")
        };
        assert_eq!(list.items[0].id, Some(Id::new("phase-iv").unwrap()));
    }

    /// The parser takes as an item's id exactly the markers that parity
    /// and the duplicate-id check see: a marker after a quotation's start
    /// is text for all of them.
    #[test]
    fn the_parser_takes_the_markers_the_scanner_finds() {
        for text in [
            "- {#a} one\n- two {#b}\n",
            "- > {#a} quoted\n",
            "1. first\n\n   {#a} second paragraph\n",
            "- - {#a} nested\n",
            "- *{#a}* emphasised\n",
            "- \\{#a} escaped\n- {.alpha #b} styled\n",
        ] {
            let (flows, _) = parse_en(text, &[]);
            let mut taken = Vec::new();
            collect_ids(&flows, &mut taken);
            let scanned: Vec<String> = list_style::item_ids(text)
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            assert_eq!(taken, scanned, "{text:?}");
        }
    }

    fn collect_ids(flows: &[Flow], out: &mut Vec<String>) {
        for flow in flows {
            match flow {
                Flow::List(list) => {
                    for item in &list.items {
                        out.extend(item.id.as_ref().map(Id::to_string));
                        collect_ids(&item.content, out);
                    }
                }
                Flow::Quote(inner) => collect_ids(inner, out),
                Flow::Para(_) => {}
            }
        }
    }

    #[test]
    fn mail_autolinks_become_mailto_links() {
        let (flows, _) = parse_en("<copyright@wcoomd.org>", &[]);
        let [Flow::Para(inlines)] = flows.as_slice() else {
            panic!("{flows:?}")
        };
        assert_eq!(
            inlines,
            &[Inline::Link {
                url: "mailto:copyright@wcoomd.org".into(),
                content: vec![Inline::Text("copyright@wcoomd.org".into())],
            }]
        );
    }
}
