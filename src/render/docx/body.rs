//! The document body: sections as numbered Heading 1 paragraphs,
//! numbered paragraphs on the document's one paragraph numbering, lists
//! on numbering of their own one level below what holds them, quotations
//! in the Quote style, and the inlines as runs.

use crate::model::{Block, BlockKind, Flow, Inline, List, Revision, Section};

use super::fields::{Piece, Targets, bookmark};
use super::numbering::{HEADINGS, Numbering, PARAGRAPHS, twips};
use super::revisions::Revisions;
use super::xml::Xml;

/// The measures the body takes from the PDF's style, in twips.
pub struct Measures {
    /// Where a numbered paragraph's text starts; its number hangs left.
    pub indent: i32,
    /// Per list nesting: where labels and texts start, from the text
    /// that holds the list.
    pub levels: Vec<(i32, i32)>,
    pub quote_left: i32,
    pub quote_right: i32,
}

impl Measures {
    pub fn of(style: &crate::render::pdf::style::Style) -> Measures {
        Measures {
            indent: twips(style.body.indent.0),
            levels: style
                .list
                .levels
                .iter()
                .map(|l| (twips(l.label.0), twips(l.text.0)))
                .collect(),
            quote_left: twips(style.quote.indent_left.0),
            quote_right: twips(style.quote.indent_right.0),
        }
    }
}

/// How a run looks.
#[derive(Clone, Copy, Default)]
pub struct Run {
    pub bold: bool,
    pub italic: bool,
    /// Whether the paragraph's style is italic already (a quotation):
    /// emphasis there turns upright.
    pub style_italic: bool,
    pub underline: bool,
    pub code: bool,
    pub superscript: bool,
    /// Half-points, when not the style's.
    pub size: Option<u32>,
    pub font: Option<&'static str>,
}

/// A paragraph's properties.
#[derive(Clone, Copy, Default)]
pub struct Props {
    pub style: &'static str,
    /// `w:num` and level.
    pub num: Option<(u32, u32)>,
    pub left: Option<i32>,
    pub right: Option<i32>,
    pub jc: Option<&'static str>,
    pub before: Option<i32>,
    pub after: Option<i32>,
    pub keep_next: bool,
    /// A rule under the paragraph: its thickness in eighths of a point.
    pub rule_below: Option<u32>,
    /// A right-aligned tab stop at this distance from the margin.
    pub right_tab: Option<i32>,
    /// The paragraph mark inserted or deleted (a redline's whole paragraph).
    pub mark: Option<Revision>,
}

/// Where flows are written: the start of the text that holds them, the
/// numbering level a list there takes, how deep lists are nested.
#[derive(Clone, Copy)]
struct Place {
    left: i32,
    right: i32,
    level: u32,
    depth: usize,
    style: &'static str,
    italic: bool,
    /// The space after the last paragraph here when it ends a block (the
    /// blocks' distance, whatever its style's spacing), or a box (none).
    tail: Option<i32>,
}

/// The space between blocks, as the built-in Normal style has it.
const BLOCK_SPACE: i32 = 240;

/// What the first paragraph of some flows carries: a number, a bookmark.
struct Lead {
    num: Option<(u32, u32)>,
    bookmark: Option<String>,
    style: &'static str,
}

pub struct Body<'a> {
    pub x: Xml,
    pub targets: &'a Targets,
    pub numbering: Numbering,
    pub measures: Measures,
    /// External links, in order of first use: relationship `rIdLink{n}`.
    pub links: Vec<String>,
    /// Tracked changes, when the document is a redline; it also numbers
    /// bookmarks, as Word wants one sequence of ids for both.
    pub revisions: Revisions,
}

impl<'a> Body<'a> {
    pub fn new(targets: &'a Targets, numbering: Numbering, measures: Measures) -> Body<'a> {
        Body {
            x: Xml::new(),
            targets,
            numbering,
            measures,
            links: Vec::new(),
            revisions: Revisions::default(),
        }
    }

    /// Opens a paragraph and writes its properties.
    pub fn open(&mut self, p: &Props) {
        self.open_with(p, |_| {});
    }

    /// Opens a paragraph whose properties end with what `last` writes (a
    /// section's properties, in the section's last paragraph).
    pub fn open_with(&mut self, p: &Props, last: impl FnOnce(&mut Xml)) {
        let x = &mut self.x;
        x.open("w:p", &[]);
        let mark = p.mark;
        x.open("w:pPr", &[]);
        x.val("w:pStyle", p.style);
        if p.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if let Some((num, level)) = p.num {
            x.open("w:numPr", &[]);
            x.val("w:ilvl", &level.to_string());
            x.val("w:numId", &num.to_string());
            x.close("w:numPr");
        }
        if let Some(size) = p.rule_below {
            x.open("w:pBdr", &[]);
            let size = size.to_string();
            x.empty(
                "w:bottom",
                &[
                    ("w:val", "single"),
                    ("w:sz", &size),
                    ("w:space", "0"),
                    ("w:color", "000000"),
                ],
            );
            x.close("w:pBdr");
        }
        if let Some(at) = p.right_tab {
            x.open("w:tabs", &[]);
            x.empty("w:tab", &[("w:val", "right"), ("w:pos", &at.to_string())]);
            x.close("w:tabs");
        }
        if p.before.is_some() || p.after.is_some() {
            let before = p.before.map(|v| v.to_string());
            let after = p.after.map(|v| v.to_string());
            let mut attrs = Vec::new();
            if let Some(b) = &before {
                attrs.push(("w:before", b.as_str()));
            }
            if let Some(a) = &after {
                attrs.push(("w:after", a.as_str()));
            }
            x.empty("w:spacing", &attrs);
        }
        // Only the sides given: a numbered paragraph keeps the left indent
        // and hanging label of its numbering level.
        let left = p.left.map(|v| v.to_string());
        let right = p.right.map(|v| v.to_string());
        let mut ind = Vec::new();
        if let Some(left) = &left {
            ind.extend([("w:left", left.as_str()), ("w:firstLine", "0")]);
        }
        if let Some(right) = &right {
            ind.push(("w:right", right.as_str()));
        }
        if !ind.is_empty() {
            x.empty("w:ind", &ind);
        }
        if let Some(jc) = p.jc {
            x.val("w:jc", jc);
        }
        if let Some(revision) = mark {
            self.revisions.paragraph_mark(x, revision);
        }
        last(x);
        x.close("w:pPr");
    }

    pub fn close(&mut self) {
        self.x.close("w:p");
    }

    /// Starts a bookmark; gives its id for [`Body::bookmark_end`].
    pub fn bookmark_start(&mut self, name: &str) -> u32 {
        let id = self.revisions.take_id();
        self.x.empty(
            "w:bookmarkStart",
            &[("w:id", &id.to_string()), ("w:name", name)],
        );
        id
    }

    pub fn bookmark_end(&mut self, id: u32) {
        self.x.empty("w:bookmarkEnd", &[("w:id", &id.to_string())]);
    }

    fn run_props(&mut self, r: &Run) {
        let x = &mut self.x;
        x.open("w:rPr", &[]);
        if let Some(font) = r.font.or(r.code.then_some("Courier New")) {
            x.empty(
                "w:rFonts",
                &[("w:ascii", font), ("w:hAnsi", font), ("w:cs", font)],
            );
        }
        if r.bold {
            x.empty("w:b", &[]);
        }
        match (r.italic, r.style_italic) {
            (true, false) => x.empty("w:i", &[]),
            (false, true) => x.val("w:i", "0"),
            _ => {}
        }
        if let Some(size) = r.size {
            x.val("w:sz", &size.to_string());
            x.val("w:szCs", &size.to_string());
        }
        if r.underline {
            x.val("w:u", "single");
        }
        if r.superscript {
            x.val("w:vertAlign", "superscript");
        }
        x.close("w:rPr");
    }

    /// A run of text; tabs and line feeds in it become Word's own.
    pub fn run(&mut self, r: &Run, text: &str) {
        self.revisions.open(&mut self.x);
        let text_tag = self.revisions.text_tag();
        self.x.open("w:r", &[]);
        self.run_props(r);
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.x.empty("w:br", &[]);
            }
            for (j, part) in line.split('\t').enumerate() {
                if j > 0 {
                    self.x.empty("w:tab", &[]);
                }
                if !part.is_empty() {
                    self.x.leaf(text_tag, &[("xml:space", "preserve")], part);
                }
            }
        }
        self.x.close("w:r");
        self.revisions.close(&mut self.x);
    }

    fn field_char(&mut self, r: &Run, kind: &str) {
        self.revisions.open(&mut self.x);
        self.x.open("w:r", &[]);
        self.run_props(r);
        self.x.empty("w:fldChar", &[("w:fldCharType", kind)]);
        self.x.close("w:r");
        self.revisions.close(&mut self.x);
    }

    /// A complex field: its instruction and its cached result.
    pub fn field(&mut self, r: &Run, instruction: &str, result: &str) {
        self.field_char(r, "begin");
        self.revisions.open(&mut self.x);
        self.x.open("w:r", &[]);
        self.run_props(r);
        let tag = self.revisions.instruction_tag();
        self.x.leaf(tag, &[("xml:space", "preserve")], instruction);
        self.x.close("w:r");
        self.revisions.close(&mut self.x);
        self.field_char(r, "separate");
        self.run(r, result);
        self.field_char(r, "end");
    }

    pub fn inlines(&mut self, inlines: &[Inline], r: &Run) {
        for i in inlines {
            match i {
                Inline::Text(t) => self.run(r, t),
                Inline::Emph(c) => self.inlines(
                    c,
                    &Run {
                        italic: !r.italic,
                        ..*r
                    },
                ),
                Inline::Strong(c) => self.inlines(c, &Run { bold: true, ..*r }),
                Inline::Superscript(c) => self.inlines(
                    c,
                    &Run {
                        superscript: true,
                        ..*r
                    },
                ),
                Inline::Code(c) => self.run(&Run { code: true, ..*r }, c),
                Inline::Link { url, content } => self.link(url, content, r),
                Inline::Ref(reference) => match &reference.content {
                    Some(c) => self.internal_link(&reference.anchor, c, r),
                    None => {
                        for piece in self.targets.pieces(reference) {
                            match piece {
                                Piece::Text(t) => self.run(r, &t),
                                Piece::Field { bookmark, result } => {
                                    let instruction = format!(" REF {bookmark} \\n \\h ");
                                    self.field(r, &instruction, &result)
                                }
                            }
                        }
                    }
                },
                Inline::Break => {
                    self.revisions.open(&mut self.x);
                    self.x.open("w:r", &[]);
                    self.x.empty("w:br", &[]);
                    self.x.close("w:r");
                    self.revisions.close(&mut self.x);
                }
                Inline::Revised { revision, content } => {
                    let outer = self.revisions.active.replace(*revision);
                    self.inlines(content, r);
                    self.revisions.active = outer;
                }
            }
        }
    }

    fn internal_link(&mut self, anchor: &str, content: &[Inline], r: &Run) {
        if !self.targets.has(anchor) {
            return self.inlines(content, r);
        }
        self.x
            .open("w:hyperlink", &[("w:anchor", &bookmark(anchor))]);
        self.inlines(content, r);
        self.x.close("w:hyperlink");
    }

    fn link(&mut self, url: &str, content: &[Inline], r: &Run) {
        if let Some(anchor) = url.strip_prefix('#') {
            return self.internal_link(anchor, content, r);
        }
        if !crate::model::link_allowed(url) {
            return self.inlines(content, r);
        }
        let n = match self.links.iter().position(|l| l == url) {
            Some(n) => n,
            None => {
                self.links.push(url.to_string());
                self.links.len() - 1
            }
        };
        self.x
            .open("w:hyperlink", &[("r:id", &format!("rIdLink{}", n + 1))]);
        self.inlines(content, r);
        self.x.close("w:hyperlink");
    }

    /// A paragraph of inlines, with a bookmark around it when it has one.
    fn paragraph(&mut self, p: &Props, mark: Option<&str>, inlines: &[Inline], r: &Run) {
        let revision = match inlines {
            [] => self.revisions.whole,
            _ => Revision::of_inlines(inlines),
        };
        let whole = p.mark.or(revision);
        self.open(&Props { mark: whole, ..*p });
        // In a whole inserted or deleted paragraph the bookmark's ends are
        // tracked too: Pandoc otherwise joins the paragraph to the next
        // with a space when it drops the mark.
        let id = mark.map(|m| self.tracked(whole, |b| b.bookmark_start(m)));
        self.inlines(inlines, r);
        if let Some(id) = id {
            self.tracked(whole, |b| b.bookmark_end(id));
        }
        self.close();
    }

    /// Writes what `f` writes inside a change element of `revision`.
    fn tracked<T>(&mut self, revision: Option<Revision>, f: impl FnOnce(&mut Self) -> T) -> T {
        let outer = std::mem::replace(&mut self.revisions.active, revision);
        self.revisions.open(&mut self.x);
        let value = f(self);
        self.revisions.close(&mut self.x);
        self.revisions.active = outer;
        value
    }

    fn lead_props(&self, lead: &Lead, at: &Place, last: bool) -> Props {
        Props {
            after: at.tail.filter(|_| last),
            style: lead.style,
            num: lead.num,
            // A numbered paragraph takes its indents from its numbering.
            left: (lead.num.is_none() && at.left > 0).then_some(at.left),
            right: (at.right > 0).then_some(at.right),
            ..Props::default()
        }
    }

    /// Flows; the first paragraph carries `lead` (an empty one does when
    /// the flows start with a list or a quotation, or are empty).
    fn flows(&mut self, flows: &[Flow], at: Place, mut lead: Option<Lead>) {
        let r = Run {
            italic: at.italic,
            style_italic: at.italic,
            ..Run::default()
        };
        for (i, flow) in flows.iter().enumerate() {
            let last = i + 1 == flows.len();
            if let (Flow::Para(inlines), Some(l)) = (flow, &lead) {
                let props = self.lead_props(l, &at, last);
                self.paragraph(&props, l.bookmark.as_deref(), inlines, &r);
                lead = None;
                continue;
            }
            if let Some(l) = lead.take() {
                let props = self.lead_props(&l, &at, false);
                self.paragraph(&props, l.bookmark.as_deref(), &[], &r);
            }
            match flow {
                Flow::Para(inlines) => {
                    let props = Props {
                        style: at.style,
                        left: (at.left > 0).then_some(at.left),
                        right: (at.right > 0).then_some(at.right),
                        after: at.tail.filter(|_| last),
                        ..Props::default()
                    };
                    self.paragraph(&props, None, inlines, &r);
                }
                Flow::List(list) => self.list(
                    list,
                    Place {
                        tail: at.tail.filter(|_| last),
                        ..at
                    },
                ),
                Flow::Quote(inner) => {
                    let quote = Place {
                        left: at.left + self.measures.quote_left,
                        right: at.right + self.measures.quote_right,
                        style: "Quote",
                        italic: true,
                        tail: at.tail.filter(|_| last),
                        ..at
                    };
                    self.flows(inner, quote, None);
                }
            }
        }
        if let Some(l) = lead {
            let props = self.lead_props(&l, &at, true);
            self.paragraph(&props, l.bookmark.as_deref(), &[], &r);
        }
    }

    fn list(&mut self, list: &List, at: Place) {
        if list.items.is_empty() {
            return;
        }
        let levels = &self.measures.levels;
        let (label, text) = levels
            .get(at.depth)
            .or(levels.last())
            .copied()
            .unwrap_or((0, 567));
        let left = at.left + text;
        let num = self
            .numbering
            .list(list, at.level, left, (text - label).max(0));
        for (i, item) in list.items.iter().enumerate() {
            let inner = Place {
                left,
                tail: at.tail.filter(|_| i + 1 == list.items.len()),
                level: at.level + 1,
                depth: at.depth + 1,
                style: if at.italic { "Quote" } else { "ListParagraph" },
                ..at
            };
            let lead = Lead {
                num: Some((num, at.level)),
                bookmark: item.anchor.as_deref().map(bookmark),
                style: inner.style,
            };
            let outer = self.revisions.whole;
            self.revisions.whole = Revision::of_flows(&item.content).or(outer);
            self.flows(&item.content, inner, Some(lead));
            self.revisions.whole = outer;
        }
    }

    /// A section: its heading, numbered I, II, III, then its blocks.
    /// The first starts page 2, where Word and LibreOffice would keep the
    /// heading's space above it (after a section break); the PDF has none.
    pub fn section(&mut self, s: &Section, first: bool) {
        let props = Props {
            style: "Heading1",
            num: Some((HEADINGS, 0)),
            before: first.then_some(0),
            ..Props::default()
        };
        self.paragraph(
            &props,
            Some(&bookmark(&s.anchor)),
            &s.title,
            &Run::default(),
        );
        for b in &s.blocks {
            self.block(b);
        }
    }

    fn block(&mut self, b: &Block) {
        let mark = b.anchor.as_deref().map(bookmark);
        let place = |style, left, right, italic| Place {
            left,
            right,
            level: 0,
            depth: 0,
            style,
            italic,
            tail: Some(BLOCK_SPACE),
        };
        let m = &self.measures;
        let (at, num) = match (b.kind, b.number) {
            (BlockKind::Paragraph, Some(_)) => (
                Place {
                    level: 1,
                    ..place("NumberedParagraph", m.indent, 0, false)
                },
                Some((PARAGRAPHS, 0)),
            ),
            (BlockKind::Heading, _) => (place("Heading2", 0, 0, false), None),
            (BlockKind::Quote, _) => (place("Quote", m.quote_left, m.quote_right, true), None),
            _ => (place("Normal", 0, 0, false), None),
        };
        let lead = Lead {
            num,
            bookmark: mark,
            style: at.style,
        };
        self.revisions.whole = Revision::of_block(b);
        self.flows(&b.content, at, Some(lead));
        self.revisions.whole = None;
    }

    /// Flows outside the body (the cover's summary): plain paragraphs,
    /// lists and quotations from the margin of what holds them; the last
    /// paragraph is followed by `after`.
    pub fn loose_flows(&mut self, flows: &[Flow], after: i32) {
        let at = Place {
            left: 0,
            right: 0,
            level: 0,
            depth: 0,
            style: "Normal",
            italic: false,
            tail: Some(after),
        };
        self.flows(flows, at, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(p: &Props) -> String {
        let targets = Targets::none();
        let measures = Measures {
            indent: 709,
            levels: vec![(0, 567)],
            quote_left: 567,
            quote_right: 567,
        };
        let mut b = Body::new(&targets, Numbering::new("{}.", "{}.", 709), measures);
        b.open(p);
        b.close();
        let xml = String::from_utf8(b.x.finish()).unwrap();
        xml[xml.find("<w:p>").unwrap()..].to_string()
    }

    /// A list item in a quotation keeps its numbering's left indent and
    /// hanging label; only its right indent is written.
    #[test]
    fn a_numbered_paragraph_keeps_its_numbering_indent() {
        let item = paragraph(&Props {
            style: "Quote",
            num: Some((3, 1)),
            right: Some(567),
            ..Props::default()
        });
        assert!(item.contains("<w:ind w:right=\"567\"/>"), "{item}");
        let plain = paragraph(&Props {
            style: "Normal",
            left: Some(709),
            ..Props::default()
        });
        assert!(
            plain.contains("<w:ind w:left=\"709\" w:firstLine=\"0\"/>"),
            "{plain}"
        );
    }
}
