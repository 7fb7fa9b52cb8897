//! Writing: laid-out pages in, PDF bytes out. The last, thin step.
//!
//! Pages become content streams ([`super::content`]): text placed with
//! `Tm` and shown with `TJ`, whose numbers carry kerning and justification
//! (`Tw` does nothing for two-byte fonts), rules and the summary frame as
//! rectangles; then page objects, and [`super::finish`] finishes the file
//! with lopdf. The streams and objects are the ones printpdf 0.12.8 made
//! from the same pages (this module used to go through it), written
//! directly: printpdf's per-glyph operation objects were most of the time
//! spent writing, and all of the memory.
//!
//! The pages are written in parts of a few dozen, on all cores, each
//! part's content streams compressed by the thread that made them, and
//! `finish` joins the parts. The split depends only on the page count:
//! the bytes do not depend on the machine.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::content::{Content, Paint};
use super::embed::Embedded;
use super::error::Error;
use super::finish::{Parts, compress::compress_contents};
use super::fonts::{Face, Fonts};
use super::layout::{Layout, LinkTarget, Page, PlacedLine};
use super::objects::{LinkAction, LinkBox, round};
use super::paragraph::Line;

/// The colour of a redline's marks and their text: inserted dark blue,
/// deleted dark red (apart in grey print by underline and strike), the
/// margin bar and all other text black.
fn revision_colour(revision: Option<crate::model::Revision>) -> [f32; 3] {
    match revision {
        Some(crate::model::Revision::Inserted) => [0.04, 0.31, 0.61],
        Some(crate::model::Revision::Deleted) => [0.64, 0.07, 0.04],
        None => [0.0, 0.0, 0.0],
    }
}

/// The revision of the glyph at `x` on a line.
fn revision_at(line: &Line, x: f32) -> Option<crate::model::Revision> {
    line.revisions
        .iter()
        .find(|(x0, x1, _)| x >= *x0 - 0.01 && x < *x1)
        .map(|r| r.2)
}

/// Pages per part (see the module comment).
const PART_PAGES: usize = 20;

/// What page content needs to know; shared by the writing threads.
struct PageWriter<'a> {
    height: f32,
    width: f32,
    /// Per face: its codes, and the `/W` width of each glyph id.
    faces: BTreeMap<Face, (&'a Embedded, &'a [f32])>,
}

/// One page's content being written, with what it has shown so far.
struct PageContent<'a> {
    ctx: &'a PageWriter<'a>,
    out: Content,
    /// The face and size of the last `Tf`.
    current: Option<(Face, f32)>,
    /// Faces shown on the page, by resource name.
    used: &'a mut BTreeSet<String>,
    /// Scratch: the codes of a run and its kerns, reused from run to run.
    codes: Vec<u16>,
    kerns: Vec<(usize, f32)>,
}

impl PageContent<'_> {
    /// The operators that draw glyphs `range` of a line: a `Tm` and a `TJ`
    /// per run of one face, size and rise (a superscript is a run of its
    /// own, smaller and raised). TJ numbers move each glyph from where its
    /// `/W` width leaves the pen to where the layout put it; rounding errors
    /// are carried forward so that the line still ends where the layout ends
    /// it.
    fn line(&mut self, pl: &PlacedLine, range: Range<usize>) {
        let glyphs = &pl.line.glyphs[range];
        let mut i = 0;
        while i < glyphs.len() {
            let (face, scale, rise) = (glyphs[i].face, glyphs[i].scale, glyphs[i].rise);
            let revision = revision_at(&pl.line, glyphs[i].x);
            let mut j = i + 1;
            while j < glyphs.len()
                && glyphs[j].face == face
                && glyphs[j].scale == scale
                && glyphs[j].rise == rise
                && revision_at(&pl.line, glyphs[j].x) == revision
            {
                j += 1;
            }
            if revision.is_some() {
                self.out.fill_colour(revision_colour(revision));
            }
            // Rounded, so that 0.65 × 12 is written 7.8 and not 7.7999997.
            let size = round(pl.line.size * scale, 0.001);
            let (e, widths) = self.ctx.faces[&face];
            if self.current != Some((face, size)) {
                self.out.font(&e.resource, size);
                self.current = Some((face, size));
            }
            if !self.used.contains(&e.resource) {
                self.used.insert(e.resource.clone());
            }
            let x0 = glyphs[i].x;
            self.out.text_position(
                round(pl.x + x0, 0.001),
                round(self.ctx.height - pl.baseline + rise, 0.001),
            );
            let to_units = 1000.0 / f64::from(size);
            let mut pen = 0.0f64;
            self.codes.clear();
            self.kerns.clear();
            for k in i..j {
                let g = &glyphs[k];
                self.codes
                    .push(e.codes.get(&(g.gid, g.ch)).copied().unwrap_or(0));
                pen += f64::from(widths.get(usize::from(g.gid)).copied().unwrap_or(0.0));
                if k + 1 < j {
                    let target = f64::from(glyphs[k + 1].x - x0) * to_units;
                    // Differences below 0.02/1000 em are float noise of the
                    // layout's arithmetic; the pen keeps them for later.
                    let diff = pen - target;
                    if diff.abs() >= 0.02 {
                        let tj = (diff * 100.0).round() / 100.0;
                        pen -= tj;
                        self.kerns.push((self.codes.len(), tj as f32));
                    }
                }
            }
            self.out.show(&self.codes, &self.kerns);
            if revision.is_some() {
                self.out.fill_colour(revision_colour(None));
            }
            i = j;
        }
    }
}

fn rect(x: f32, top: f32, width: f32, height: f32, page_height: f32) -> [f32; 4] {
    [
        round(x, 0.001),
        round(page_height - top - height, 0.001),
        round(width, 0.001),
        round(height, 0.001),
    ]
}

/// The content stream of one page; the faces it shows are added to `used`.
fn page_content(ctx: &PageWriter, page: &Page, used: &mut BTreeSet<String>) -> Vec<u8> {
    let h = ctx.height;
    let mut c = PageContent {
        ctx,
        out: Content::default(),
        current: None,
        used,
        codes: Vec::new(),
        kerns: Vec::new(),
    };
    for r in &page.rules {
        c.out
            .rectangle(rect(r.x, r.y, r.width, r.height, h), Paint::Fill);
    }
    for (r, revision) in &page.revision_rules {
        c.out.fill_colour(revision_colour(*revision));
        c.out
            .rectangle(rect(r.x, r.y, r.width, r.height, h), Paint::Fill);
    }
    if !page.revision_rules.is_empty() {
        c.out.fill_colour(revision_colour(None));
    }
    for f in &page.frames {
        c.out.line_width(f.thickness);
        let r = f.rect;
        c.out
            .rectangle(rect(r.x, r.y, r.width, r.height, h), Paint::Stroke);
    }
    c.out.begin_text();
    let lines = &page.lines;
    let split = split_words(lines);
    let mut i = 0;
    while i < lines.len() {
        // Numbers and labels hang apart from their text; an ActualText span
        // over them and the text's first word tells extraction they read
        // together ("2. Component"), where geometry alone makes poppler read
        // a column of labels first.
        let first = i;
        while i < lines.len() && lines[i].hangs {
            i += 1;
        }
        let Some(main) = lines.get(i) else {
            for pl in &lines[first..] {
                c.line(pl, 0..pl.line.glyphs.len());
            }
            break;
        };
        let end = main.line.glyphs.len();
        let mut cursor = 0;
        let spans = split.get(&i).map(Vec::as_slice).unwrap_or_default();
        if first < i {
            let word_end = main
                .line
                .glyphs
                .iter()
                .position(|g| g.ch == ' ')
                .unwrap_or(end);
            let mut actual: Vec<String> = lines[first..i].iter().map(|l| l.line.text()).collect();
            // The first word may be the start of a split word too (a URL
            // after a label): the span gives the whole word.
            let whole = spans
                .iter()
                .find(|(r, _)| r.start < word_end)
                .map(|(_, text)| text.clone());
            actual
                .push(whole.unwrap_or_else(|| {
                    main.line.glyphs[..word_end].iter().map(|g| g.ch).collect()
                }));
            c.out.begin_actual_text(&actual.join(" "));
            for pl in &lines[first..i] {
                c.line(pl, 0..pl.line.glyphs.len());
            }
            c.line(main, 0..word_end);
            c.out.end_marked();
            cursor = word_end;
        }
        // A word split over two lines reads whole: its first part carries
        // the word, the rest reads as nothing.
        for (range, text) in spans {
            if range.start < cursor {
                continue;
            }
            c.line(main, cursor..range.start);
            c.out.begin_actual_text(text);
            c.line(main, range.clone());
            c.out.end_marked();
            cursor = range.end;
        }
        c.line(main, cursor..end);
        i += 1;
    }
    c.out.end_text();
    c.out.into_bytes()
}

/// The ActualText spans of the words split over two (or more) lines of a
/// page: by line index, glyph ranges in order and their text. The part
/// that ends a line carries the whole word (without the hyphen added at a
/// hyphenation point), the parts on the next lines read as nothing; so
/// "collec- / tion" or a URL cut after a "-" is extracted whole, where
/// an extractor would drop the text's own hyphen or add a space.
fn split_words(lines: &[PlacedLine]) -> HashMap<usize, Vec<(Range<usize>, String)>> {
    let main: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].hangs).collect();
    let space = |l: &Line| l.glyphs.iter().position(|g| g.ch == ' ');
    let mut spans: HashMap<usize, Vec<(Range<usize>, String)>> = HashMap::new();
    let mut k = 0;
    while k < main.len() {
        let line = &lines[main[k]].line;
        if !line.splits_word || k + 1 == main.len() {
            k += 1;
            continue;
        }
        let start = line
            .glyphs
            .iter()
            .rposition(|g| g.ch == ' ')
            .map_or(0, |p| p + 1);
        let end = line.glyphs.len() - usize::from(line.hyphenated);
        let mut word: String = line.glyphs[start..end].iter().map(|g| g.ch).collect();
        // The word's other parts: up to the first space of each next line,
        // through lines that are all one part of it (a long URL).
        let mut j = k + 1;
        while j < main.len() {
            let next = &lines[main[j]].line;
            let head = space(next).unwrap_or(next.glyphs.len());
            word.extend(next.glyphs[..head].iter().map(|g| g.ch));
            spans
                .entry(main[j])
                .or_default()
                .push((0..head, String::new()));
            if head < next.glyphs.len() || !next.splits_word {
                break;
            }
            j += 1;
        }
        spans
            .entry(main[k])
            .or_default()
            .push((start..line.glyphs.len(), word));
        k = j;
    }
    for v in spans.values_mut() {
        v.sort_by_key(|(r, _)| r.start);
    }
    spans
}

/// Link areas of a page, in PDF coordinates.
fn page_links(layout: &Layout, index: usize, page: &Page, out: &mut Vec<LinkBox>) {
    let h = layout.height;
    for pl in &page.lines {
        for &(x0, x1, id) in &pl.line.links {
            let action = match &layout.links[id as usize] {
                LinkTarget::Internal(anchor) => match layout.destinations.get(anchor) {
                    Some(d) => LinkAction::GoTo {
                        page: d.page,
                        top: round(h - d.y, 0.001),
                    },
                    None => continue,
                },
                LinkTarget::Uri(uri) => LinkAction::Uri(uri.clone()),
            };
            let size = pl.line.size;
            let bottom = h - pl.baseline - size * 0.25;
            out.push(LinkBox {
                page: index,
                rect: [
                    round(pl.x + x0, 0.001),
                    round(bottom, 0.001),
                    round(pl.x + x1, 0.001),
                    round(bottom + size * 1.15, 0.001),
                ],
                action,
            });
        }
    }
}

/// One part of the document: a lopdf document with its pages and their
/// content streams. Each laid-out page is dropped once written.
///
/// The objects are those printpdf 0.12.8 made, numbered as it numbered
/// them, so that the file is the one it made: four ids for each face the
/// part shows (its font objects, which `finish` replaces, so they are only
/// counted here) and a font dictionary naming those faces, empty
/// XObject, ExtGState and Shading dictionaries, then the page ids, each
/// page's resources and contents, the catalog and the Info dictionary.
fn part(ctx: &PageWriter, pages: Vec<Page>) -> Document {
    let mut used = BTreeSet::new();
    let contents: Vec<Vec<u8>> = pages
        .into_iter()
        .map(|page| page_content(ctx, &page, &mut used))
        .collect();
    let mut doc = Document::with_version("1.3");
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    let pages_id = doc.new_object_id();
    let mut fonts = Dictionary::new();
    for resource in &used {
        let font = (0..4).map(|_| doc.new_object_id()).last();
        if let Some(font) = font {
            fonts.set(resource.as_str(), Object::Reference(font));
        }
    }
    let fonts = doc.add_object(fonts);
    let xobjects = doc.add_object(Dictionary::new());
    let states = doc.add_object(Dictionary::new());
    let shadings = doc.add_object(Dictionary::new());
    let page_ids: Vec<ObjectId> = contents.iter().map(|_| doc.new_object_id()).collect();
    let bx = || {
        Object::Array(
            [0.0, 0.0, ctx.width, ctx.height]
                .into_iter()
                .map(Object::Real)
                .collect(),
        )
    };
    for (content, &id) in contents.into_iter().zip(&page_ids) {
        let resources = doc.add_object(Dictionary::from_iter(vec![
            ("Font", Object::Reference(fonts)),
            ("XObject", Object::Reference(xobjects)),
            ("ExtGState", Object::Reference(states)),
            ("Shading", Object::Reference(shadings)),
        ]));
        let contents = doc.add_object(Stream::new(Dictionary::new(), content));
        let page = Dictionary::from_iter(vec![
            ("Type", Object::from("Page")),
            ("MediaBox", bx()),
            ("TrimBox", bx()),
            ("CropBox", bx()),
            ("Parent", Object::Reference(pages_id)),
            ("Resources", Object::Reference(resources)),
            ("Contents", Object::Reference(contents)),
            ("Annots", Object::Array(Vec::new())),
        ]);
        doc.objects.insert(id, Object::Dictionary(page));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::from("Pages")),
            ("Count", Object::Integer(page_ids.len() as i64)),
            (
                "Kids",
                Object::Array(page_ids.iter().map(|&p| Object::Reference(p)).collect()),
            ),
        ])),
    );
    let catalog = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::from("Catalog")),
        ("PageLayout", Object::from("OneColumn")),
        ("PageMode", Object::from("UseNone")),
        ("Pages", Object::Reference(pages_id)),
    ]));
    // `finish` writes the Info dictionary and the `/ID`; they keep their
    // places.
    let info = doc.add_object(Dictionary::new());
    doc.trailer.set("Root", Object::Reference(catalog));
    doc.trailer.set("Info", Object::Reference(info));
    doc.trailer.set(
        "ID",
        Object::Array(vec![Object::String(Vec::new(), StringFormat::Literal)]),
    );
    doc
}

/// The pages, part by part on all cores; the parts come back in page
/// order, their streams compressed.
fn in_parts(ctx: &PageWriter, pages: Vec<Page>) -> Vec<Document> {
    // Two parts at least, so that a short document uses two cores too.
    let size = PART_PAGES.min(pages.len().div_ceil(2)).max(1);
    let mut parts = Vec::new();
    let mut pages = pages.into_iter().peekable();
    while pages.peek().is_some() {
        parts.push(pages.by_ref().take(size).collect::<Vec<_>>());
    }
    crate::parallel::map(parts, |pages| {
        let mut doc = part(ctx, pages);
        compress_contents(&mut doc);
        doc
    })
}

/// Writes the layout's pages, in parts, with the link
/// areas of every page: what [`super::finish`] makes one file of.
pub fn write(mut layout: Layout, fonts: &Fonts, embedded: &[Embedded]) -> Result<Parts, Error> {
    let ctx = PageWriter {
        height: layout.height,
        width: layout.width,
        faces: embedded
            .iter()
            .map(|e| (e.face, (e, fonts.face(e.face).widths())))
            .collect(),
    };
    let pages = std::mem::take(&mut layout.pages);
    let mut links = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        page_links(&layout, i, page, &mut links);
    }
    let documents = in_parts(&ctx, pages);
    Ok(Parts {
        documents,
        links,
        layout,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::fonts::Face;
    use super::super::layout::Role;
    use super::super::paragraph::Placed;

    /// A placed line showing `text`, hyphenated or cut inside a word.
    fn placed(text: &str, hyphenated: bool, splits_word: bool, hangs: bool) -> PlacedLine {
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(i, ch)| Placed {
                face: Face::Serif,
                gid: 1,
                ch,
                x: i as f32 * 5.0,
                scale: 1.0,
                rise: 0.0,
            })
            .collect();
        PlacedLine {
            x: 0.0,
            right: 100.0,
            baseline: 0.0,
            line: Line {
                glyphs,
                hyphenated,
                splits_word,
                justified: true,
                ..Line::empty(12.0)
            },
            role: Role::Text,
            paragraph: None,
            block: None,
            hangs,
        }
    }

    #[test]
    fn split_words_read_whole() {
        let lines = [
            placed("revenue collec-", true, true, false),
            placed(
                "tion, and see https://www.wcoomd.org/en/",
                false,
                true,
                false,
            ),
            placed("topics/facilitation-", false, true, false),
            placed("and-tools.aspx now", false, false, false),
        ];
        let spans = split_words(&lines);
        assert_eq!(spans[&0], vec![(8..15, "collection,".to_string())]);
        assert_eq!(
            spans[&1],
            vec![
                (0..5, String::new()),
                (
                    14..40,
                    "https://www.wcoomd.org/en/topics/facilitation-and-tools.aspx".to_string()
                )
            ]
        );
        assert_eq!(spans[&2], vec![(0..20, String::new())]);
        assert_eq!(spans[&3], vec![(0..14, String::new())]);
        // Labels hanging beside a line are not part of the text.
        let lines = [
            placed("(i)", false, false, true),
            placed("implemen-", true, true, false),
            placed("tation", false, false, false),
        ];
        let spans = split_words(&lines);
        assert_eq!(spans[&1], vec![(0..9, "implementation".to_string())]);
        assert_eq!(spans[&2], vec![(0..6, String::new())]);
    }
}
