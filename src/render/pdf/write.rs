//! Writing: laid-out pages in, one PDF document per part of the pages out.
//!
//! Who does what:
//!
//! - printpdf builds the document objects: each part is a printpdf
//!   [`PdfDocument`] whose pages (with their media, trim and crop boxes)
//!   it turns into a lopdf document: page tree, pages, resources,
//!   catalog, Info;
//! - [`page`] writes each page's content stream (its operators printed
//!   by [`super::content`]): text placed with `Tm` and shown with `TJ`,
//!   a justified line's letter spacing as `Tc`, and the `TJ` numbers
//!   carrying kerning and the spaces' justification (`Tw` does nothing
//!   for two-byte fonts); rules and the summary frame as rectangles. It
//!   goes in as the page's contents in
//!   place of the stream printpdf wrote, because printpdf's way there, an
//!   operation object per glyph, number and operator, was most of the
//!   time spent writing and all of the memory;
//! - [`super::finish`] (lopdf) joins the parts, writes the fonts (each
//!   face whole, in the resources all pages share), adds the links and
//!   the outline, fixes the catalog and the Info dictionary, and
//!   compresses.
//!
//! printpdf is told of no font and no operation: a part's pages are
//! empty to it, and their contents are replaced by ours. The fonts are
//! `finish`'s to write, each face once for the whole file, whichever
//! parts show it; font objects printpdf made per part would only be
//! built to be dropped.
//!
//! The pages are written in parts of a few dozen (a short document in two
//! of about equal work), on all cores, each part's content streams
//! compressed by the thread that made them. The split depends only on the
//! pages: the bytes do not depend on the machine.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use lopdf::Document;
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, PdfWarnMsg, Pt, Rect as PdfRect};

use super::embed::Embedded;
use super::error::Error;
use super::finish::{Parts, compress::compress_contents};
use super::fonts::{Face, Fonts};
use super::layout::{Layout, LinkTarget, Page, PlacedLine};
use super::objects::{LinkAction, LinkBox, round};
use super::paragraph::Line;
use super::style::Superscript;

mod page;

use page::page_content;

/// Pages per part (see the module comment).
const PART_PAGES: usize = 20;

/// What page content needs to know; shared by the writing threads.
struct PageWriter<'a> {
    height: f32,
    width: f32,
    superscript: Superscript,
    /// Per face: its codes, and the `/W` width of each glyph id.
    faces: BTreeMap<Face, (&'a Embedded, &'a [f32])>,
}

impl<'a> PageWriter<'a> {
    fn new(layout: &Layout, fonts: &'a Fonts, embedded: &'a [Embedded]) -> Self {
        PageWriter {
            height: layout.height,
            width: layout.width,
            superscript: layout.superscript.clone(),
            faces: embedded
                .iter()
                .map(|e| (e.face, (e, fonts.face(e.face).widths())))
                .collect(),
        }
    }
}

/// The ActualText spans of the words split over two (or more) lines of a
/// page: by line index, glyph ranges in order and their text. The part
/// that ends a line carries the whole word (without the hyphen added at a
/// hyphenation point), the parts on the next lines read as nothing; so
/// "collec- / tion" or a URL cut after a "-" is extracted whole, where
/// an extractor would drop the text's own hyphen or add a space.
fn split_words(lines: &[PlacedLine]) -> HashMap<usize, Vec<(Range<usize>, String)>> {
    let main: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].hangs).collect();
    let space = |l: &Line| l.glyphs.iter().position(|g| g.ch() == ' ');
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
            .rposition(|g| g.ch() == ' ')
            .map_or(0, |p| p + 1);
        let end = line.glyphs.len() - usize::from(line.hyphenated);
        let mut word: String = line.glyphs[start..end].iter().map(|g| g.ch()).collect();
        // The word's other parts: up to the first space of each next line,
        // through lines that are all one part of it (a long URL).
        let mut j = k + 1;
        while j < main.len() {
            let next = &lines[main[j]].line;
            let head = space(next).unwrap_or(next.glyphs.len());
            word.extend(next.glyphs[..head].iter().map(|g| g.ch()));
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
        for &(x0, x1, id) in pl.line.links() {
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

/// One part of the document: printpdf builds its objects from the pages,
/// and each page's contents become the stream [`page::page_content`]
/// wrote. Each laid-out page is dropped once written.
fn part(ctx: &PageWriter, pages: Vec<Page>) -> Result<Document, Error> {
    let mut pdf = PdfDocument::new("");
    let (width, height) = (Pt(ctx.width), Pt(ctx.height));
    let mut contents = Vec::with_capacity(pages.len());
    for page in pages {
        pdf.pages.push(PdfPage {
            media_box: PdfRect::from_wh(width, height),
            trim_box: PdfRect::from_wh(width, height),
            crop_box: PdfRect::from_wh(width, height),
            ops: Vec::new(),
        });
        contents.push(page_content(ctx, &page));
    }
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut doc = pdf.to_lopdf_document(&opts, &mut warnings);
    if let Some(e) = printpdf_error(&warnings) {
        return Err(e);
    }
    let pages = doc.get_pages();
    for (page, content) in pages.into_values().zip(contents) {
        let stream = doc.get_dictionary(page)?.get(b"Contents")?.as_reference()?;
        doc.get_object_mut(stream)?
            .as_stream_mut()?
            .set_content(content);
    }
    Ok(doc)
}

/// The first error printpdf reported building a part, if any: the
/// renderer's error, not a file with a hole in it. (printpdf reports
/// errors in operations and fonts, which it is not given; this stays in
/// case a version of it finds others.)
fn printpdf_error(warnings: &[PdfWarnMsg]) -> Option<Error> {
    (warnings.iter())
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
        .map(|w| Error::Printpdf(w.msg.clone()))
}

/// The pages in parts: of [`PART_PAGES`] pages, or, for a document of
/// fewer than twice as many, two parts of about as many glyphs, so that a
/// short document keeps two cores equally busy (a cover page and a last
/// half-page weigh little). The split depends only on the pages.
fn parts(pages: Vec<Page>) -> Vec<Vec<Page>> {
    let mut pages = pages.into_iter().peekable();
    let mut parts = Vec::new();
    if pages.len() > 2 * PART_PAGES {
        while pages.peek().is_some() {
            parts.push(pages.by_ref().take(PART_PAGES).collect());
        }
        return parts;
    }
    let mut pages: Vec<Page> = pages.collect();
    if pages.is_empty() {
        return parts;
    }
    // Glyphs, and a page's own objects as so many more.
    let weights: Vec<usize> = (pages.iter())
        .map(|page| {
            200 + page
                .lines
                .iter()
                .map(|l| l.line.glyphs.len())
                .sum::<usize>()
        })
        .collect();
    // Two parts at least, so that a short document uses two cores too.
    let first = crate::parallel::halfway(0, &weights).clamp(1, pages.len());
    let second = pages.split_off(first);
    parts.push(pages);
    if !second.is_empty() {
        parts.push(second);
    }
    parts
}

/// One piece of the writing, for any thread.
enum Job<'a> {
    Pages(Vec<Page>),
    /// The caller's work on a face (its font program), queued with the
    /// pages so that the cores share both, no thread waiting for a core.
    Face(&'a Embedded),
}

/// What a [`Job`] made.
enum Done<R> {
    Part(Result<Box<Document>, Error>),
    Face(R),
}

/// The pages, part by part, and `face` for each embedded face, on all
/// cores; the parts come back in page order, their streams compressed,
/// and the faces' results in the order of `embedded`.
fn in_parts<R: Send>(
    ctx: &PageWriter,
    pages: Vec<Page>,
    embedded: &[Embedded],
    face: impl Fn(&Embedded) -> R + Sync,
) -> Result<(Vec<Document>, Vec<R>), Error> {
    // The parts first: each takes longer than a face's program.
    let mut jobs: Vec<Job> = parts(pages).into_iter().map(Job::Pages).collect();
    jobs.extend(embedded.iter().map(Job::Face));
    let mut parts = Vec::new();
    let mut faces = Vec::new();
    for done in crate::parallel::map(jobs, |job| match job {
        Job::Pages(pages) => Done::Part(part(ctx, pages).map(|mut doc| {
            compress_contents(&mut doc);
            Box::new(doc)
        })),
        Job::Face(e) => Done::Face(face(e)),
    }) {
        match done {
            Done::Part(part) => parts.push(*part?),
            Done::Face(face) => faces.push(face),
        }
    }
    Ok((parts, faces))
}

/// Writes the layout's pages, in parts, with the link areas of every
/// page: what [`super::finish`] makes one file of; and, in the same
/// queue, `face` for each embedded face (its font program), in order.
pub fn write<R: Send>(
    mut layout: Layout,
    fonts: &Fonts,
    embedded: &[Embedded],
    face: impl Fn(&Embedded) -> R + Sync,
) -> Result<(Parts, Vec<R>), Error> {
    let ctx = PageWriter::new(&layout, fonts, embedded);
    let pages = std::mem::take(&mut layout.pages);
    let mut links = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        page_links(&layout, i, page, &mut links);
    }
    let (documents, faces) = in_parts(&ctx, pages, embedded, face)?;
    let parts = Parts {
        documents,
        links,
        layout,
    };
    Ok((parts, faces))
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::fonts::Face;
    use super::super::layout::Role;
    use super::super::paragraph::Placed;

    /// A short document is cut where its glyphs come nearest half, a
    /// cover and a last half page weighing little; a long one in parts of
    /// `PART_PAGES`; one page makes one part.
    #[test]
    fn parts_share_the_glyphs() {
        let page = |glyphs: usize| Page {
            lines: vec![placed(&"x".repeat(glyphs), false, false, false)],
            ..Page::default()
        };
        let sizes = |pages: Vec<Page>| parts(pages).iter().map(Vec::len).collect::<Vec<_>>();
        let short = [50, 3000, 3000, 3000, 3000, 3000, 400].map(page).to_vec();
        // With 200 a page: 16,850 in all; the first four pages hold 9,850
        // (nearer half than the first three, 6,650).
        assert_eq!(sizes(short), [4, 3]);
        let front_heavy = [3000, 3000, 3000, 100, 100, 100].map(page).to_vec();
        assert_eq!(sizes(front_heavy), [2, 4]);
        assert_eq!(sizes(vec![page(10)]), [1]);
        assert!(parts(Vec::new()).is_empty());
        assert_eq!(sizes(vec![page(10), page(10)]), [1, 1]);
        let long: Vec<Page> = (0..2 * PART_PAGES + 1).map(|_| page(100)).collect();
        assert_eq!(sizes(long), [PART_PAGES, PART_PAGES, 1]);
    }

    /// A placed line showing `text`, hyphenated or cut inside a word.
    fn placed(text: &str, hyphenated: bool, splits_word: bool, hangs: bool) -> PlacedLine {
        placed_in(Face::Serif, text, hyphenated, splits_word, hangs)
    }

    fn placed_in(
        face: Face,
        text: &str,
        hyphenated: bool,
        splits_word: bool,
        hangs: bool,
    ) -> PlacedLine {
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(i, ch)| Placed::new(face, false, 1, ch, i as f32 * 5.0))
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

    /// Three pages, one line each: serif; serif and sans bold; italic.
    fn three_pages() -> Layout {
        let page = |lines: Vec<PlacedLine>| Page {
            lines,
            ..Page::default()
        };
        Layout {
            width: 595.0,
            height: 842.0,
            superscript: Superscript {
                scale: 0.65,
                rise: 0.35,
            },
            pages: vec![
                page(vec![placed("Serif", false, false, false)]),
                page(vec![
                    placed("Serif", false, false, false),
                    placed_in(Face::SansBold, "Sans", false, false, false),
                ]),
                page(vec![placed_in(
                    Face::SerifItalic,
                    "Italic",
                    false,
                    false,
                    false,
                )]),
            ],
            links: Vec::new(),
            destinations: HashMap::new(),
            outline: Vec::new(),
        }
    }

    /// printpdf builds a part's objects: page boxes, resources with an
    /// empty font dictionary (`finish` fills it), and our content streams
    /// as the pages' contents.
    #[test]
    fn printpdf_builds_the_part_around_our_content() {
        let fonts = Fonts::load().unwrap();
        let mut layout = three_pages();
        let embedded = super::super::embed::embed(&layout, &fonts).unwrap();
        let ctx = PageWriter::new(&layout, &fonts, &embedded);
        layout.pages.truncate(2);
        let expected: Vec<Vec<u8>> = layout.pages.iter().map(|p| page_content(&ctx, p)).collect();
        let doc = part(&ctx, layout.pages).unwrap();

        let pages: Vec<_> = doc.get_pages().into_values().collect();
        assert_eq!(pages.len(), 2);
        for (&page, expected) in pages.iter().zip(&expected) {
            let dict = doc.get_dictionary(page).unwrap();
            let media: Vec<f32> = dict
                .get(b"MediaBox")
                .and_then(lopdf::Object::as_array)
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect();
            assert_eq!(media, [0.0, 0.0, 595.0, 842.0]);
            let contents = dict.get(b"Contents").unwrap().as_reference().unwrap();
            let stream = doc.get_object(contents).unwrap().as_stream().unwrap();
            assert_eq!(&stream.content, expected);
        }
        let resources = doc.get_dictionary(pages[0]).unwrap().get(b"Resources");
        let resources = doc
            .get_dictionary(resources.unwrap().as_reference().unwrap())
            .unwrap();
        let font_dict = resources.get(b"Font").unwrap().as_reference().unwrap();
        assert!(doc.get_dictionary(font_dict).unwrap().is_empty());
        let fonts_written = doc.objects.values().any(|o| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"Font"))
        });
        assert!(!fonts_written, "printpdf wrote a font object");
    }

    /// An error printpdf reports while building a part is the renderer's
    /// error, not a file with a hole in it; its warnings are not.
    #[test]
    fn printpdf_errors_are_errors() {
        let warning = PdfWarnMsg::warning(0, 0, "a warning".to_string());
        assert!(printpdf_error(std::slice::from_ref(&warning)).is_none());
        let error = PdfWarnMsg::error(0, 3, "a broken part".to_string());
        match printpdf_error(&[warning, error]) {
            Some(Error::Printpdf(message)) => assert_eq!(message, "a broken part"),
            other => panic!("expected a printpdf error, got {other:?}"),
        }
    }
}
