//! Writing: laid-out pages in, PDF bytes out. The last, thin step.
//!
//! Pages become printpdf operations: text placed with `Tm` and shown with
//! `TJ`, whose numbers carry kerning and justification (`Tw` does nothing
//! for two-byte fonts), rules and the summary frame as rectangles. printpdf
//! turns them into content streams and page objects, and [`super::finish`]
//! finishes the file with lopdf.
//!
//! printpdf builds a document on one thread, and for a long document that
//! is most of the time spent writing; so the pages go to printpdf in parts
//! of a few dozen pages, on all cores, each part's content streams
//! compressed by the thread that made them, and `finish` joins the parts.
//! Only the parts in progress hold their operations, which bounds memory.
//! The split depends only on the page count: the bytes do not depend on
//! the machine.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use printpdf::{
    DictItem, FontId, FontMetrics, FontType, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfFontMetricsStub, PdfPage, PdfSaveOptions, Pt, Rect as PdfRect, TextItem,
    TextMatrix,
};

use super::embed::Embedded;
use super::error::Error;
use super::finish::{Parts, compress::compress_contents};
use super::fonts::{Face, Fonts};
use super::layout::{Layout, LinkTarget, Page, PlacedLine};
use super::objects::{LinkAction, LinkBox, round, utf16_text};
use super::paragraph::Line;

/// The colour of a redline's marks and their text: inserted dark blue,
/// deleted dark red (apart in grey print by underline and strike), the
/// margin bar and all other text black.
fn revision_colour(revision: Option<crate::model::Revision>) -> printpdf::Color {
    let (r, g, b) = match revision {
        Some(crate::model::Revision::Inserted) => (0.04, 0.31, 0.61),
        Some(crate::model::Revision::Deleted) => (0.64, 0.07, 0.04),
        None => (0.0, 0.0, 0.0),
    };
    printpdf::Color::Rgb(printpdf::Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// The revision of the glyph at `x` on a line.
fn revision_at(line: &Line, x: f32) -> Option<crate::model::Revision> {
    line.revisions
        .iter()
        .find(|(x0, x1, _)| x >= *x0 - 0.01 && x < *x1)
        .map(|r| r.2)
}

/// Pages per part given to printpdf (see the module comment).
const PART_PAGES: usize = 20;

/// The character that stands for a code in printpdf text. printpdf maps
/// the characters of `TextItem::Text` to glyph ids through the font's
/// character map; giving it a private-use character per code (plane 15)
/// lets a whole word go as one string: a glyph per character costs printpdf
/// an object each, ten times the memory and time.
fn code_char(code: u16) -> char {
    char::from_u32(0xF0000 + u32::from(code)).unwrap_or('\u{F0000}')
}

/// The printpdf font for an embedded face: enough for printpdf to encode
/// text in our codes. The font objects it writes from it are replaced by
/// `finish`, which writes every face whole, whichever part uses it.
fn parsed_font(e: &Embedded, fonts: &Fonts) -> ParsedFont {
    let info = &fonts.face(e.face).info;
    ParsedFont {
        original_bytes: e.program.clone(),
        font_index: 0,
        font_name: Some(e.base_font.clone()),
        codepoint_to_glyph: (0..e.advances.len())
            .map(|cid| (code_char(cid as u16) as u32, cid as u16))
            .collect(),
        glyph_widths: e
            .advances
            .iter()
            .enumerate()
            .map(|(cid, &w)| (cid as u16, w))
            .collect(),
        units_per_em: info.units_per_em,
        font_metrics: FontMetrics {
            ascent: info.ascender,
            descent: info.descender,
        },
        font_type: FontType::TrueType,
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: info.units_per_em,
            x_min: info.bbox[0],
            y_min: info.bbox[1],
            x_max: info.bbox[2],
            y_max: info.bbox[3],
            caret_slope_rise: info.caret_slope_rise,
            caret_slope_run: info.caret_slope_run,
            us_weight_class: info.weight_class,
        },
    }
}

/// What page operations need to know; shared by the writing threads.
struct PageWriter<'a> {
    height: f32,
    width: f32,
    /// Per face: its codes, and the `/W` width of each glyph id.
    faces: BTreeMap<Face, (&'a Embedded, &'a [f32])>,
    /// The printpdf fonts, by resource name.
    pdf_fonts: Vec<(FontId, ParsedFont)>,
}

/// The operations that draw glyphs `range` of a line: a `Tm` and a `TJ`
/// per run of one face, size and rise (a superscript is a run of its
/// own, smaller and raised). TJ numbers move each glyph from where its
/// `/W` width leaves the pen to where the layout put it; rounding errors
/// are carried forward so that the line still ends where the layout ends
/// it.
fn line_ops(
    ctx: &PageWriter,
    pl: &PlacedLine,
    range: std::ops::Range<usize>,
    current: &mut Option<(Face, f32)>,
    ops: &mut Vec<Op>,
) {
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
            ops.push(Op::SetFillColor {
                col: revision_colour(revision),
            });
        }
        // Rounded, so that 0.65 × 12 is written 7.8 and not 7.7999997.
        let size = round(pl.line.size * scale, 0.001);
        let (e, widths) = ctx.faces[&face];
        if *current != Some((face, size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(e.resource.clone())),
                size: Pt(size),
            });
            *current = Some((face, size));
        }
        let x0 = glyphs[i].x;
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(
                Pt(round(pl.x + x0, 0.001)),
                Pt(round(ctx.height - pl.baseline + rise, 0.001)),
            ),
        });
        let to_units = 1000.0 / f64::from(size);
        let mut pen = 0.0f64;
        let mut items = Vec::new();
        let mut text = String::new();
        for k in i..j {
            let g = &glyphs[k];
            text.push(code_char(e.codes[&(g.gid, g.ch)]));
            pen += f64::from(widths.get(usize::from(g.gid)).copied().unwrap_or(0.0));
            if k + 1 < j {
                let target = f64::from(glyphs[k + 1].x - x0) * to_units;
                // Differences below 0.02/1000 em are float noise of the
                // layout's arithmetic; the pen keeps them for later.
                let diff = pen - target;
                if diff.abs() >= 0.02 {
                    let tj = (diff * 100.0).round() / 100.0;
                    pen -= tj;
                    items.push(TextItem::Text(std::mem::take(&mut text)));
                    items.push(TextItem::Offset(tj as f32));
                }
            }
        }
        if !text.is_empty() {
            items.push(TextItem::Text(text));
        }
        ops.push(Op::ShowText { items });
        if revision.is_some() {
            ops.push(Op::SetFillColor {
                col: revision_colour(None),
            });
        }
        i = j;
    }
}

fn rect(x: f32, top: f32, width: f32, height: f32, page_height: f32, mode: PaintMode) -> PdfRect {
    PdfRect {
        x: Pt(round(x, 0.001)),
        y: Pt(round(page_height - top - height, 0.001)),
        width: Pt(round(width, 0.001)),
        height: Pt(round(height, 0.001)),
        mode: Some(mode),
        winding_order: None,
    }
}

/// The operations of one page.
fn page_ops(ctx: &PageWriter, page: &Page) -> Vec<Op> {
    let h = ctx.height;
    let mut ops = Vec::new();
    for r in &page.rules {
        ops.push(Op::DrawRectangle {
            rectangle: rect(r.x, r.y, r.width, r.height, h, PaintMode::Fill),
        });
    }
    for (r, revision) in &page.revision_rules {
        ops.push(Op::SetFillColor {
            col: revision_colour(*revision),
        });
        ops.push(Op::DrawRectangle {
            rectangle: rect(r.x, r.y, r.width, r.height, h, PaintMode::Fill),
        });
    }
    if !page.revision_rules.is_empty() {
        ops.push(Op::SetFillColor {
            col: revision_colour(None),
        });
    }
    for f in &page.frames {
        ops.push(Op::SetOutlineThickness {
            pt: Pt(f.thickness),
        });
        let r = f.rect;
        ops.push(Op::DrawRectangle {
            rectangle: rect(r.x, r.y, r.width, r.height, h, PaintMode::Stroke),
        });
    }
    ops.push(Op::StartTextSection);
    let mut current = None;
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
                line_ops(ctx, pl, 0..pl.line.glyphs.len(), &mut current, &mut ops);
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
            ops.push(actual_text(&actual.join(" ")));
            for pl in &lines[first..i] {
                line_ops(ctx, pl, 0..pl.line.glyphs.len(), &mut current, &mut ops);
            }
            line_ops(ctx, main, 0..word_end, &mut current, &mut ops);
            ops.push(Op::EndMarkedContent);
            cursor = word_end;
        }
        // A word split over two lines reads whole: its first part carries
        // the word, the rest reads as nothing.
        for (range, text) in spans {
            if range.start < cursor {
                continue;
            }
            line_ops(ctx, main, cursor..range.start, &mut current, &mut ops);
            ops.push(actual_text(text));
            line_ops(ctx, main, range.clone(), &mut current, &mut ops);
            ops.push(Op::EndMarkedContent);
            cursor = range.end;
        }
        line_ops(ctx, main, cursor..end, &mut current, &mut ops);
        i += 1;
    }
    ops.push(Op::EndTextSection);
    ops
}

/// An ActualText span's opening.
fn actual_text(text: &str) -> Op {
    Op::BeginMarkedContentWithProperties {
        tag: "Span".to_string(),
        properties: DictItem::Dict {
            map: BTreeMap::from([(
                "ActualText".to_string(),
                DictItem::String {
                    data: utf16_text(text),
                    literal: false,
                },
            )]),
        },
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

/// One part of the document through printpdf: operations, then objects.
/// Each laid-out page is dropped once converted.
fn part(ctx: &PageWriter, pages: Vec<Page>) -> Result<lopdf::Document, Error> {
    let mut pdf = PdfDocument::new("");
    for (id, font) in &ctx.pdf_fonts {
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(font.clone()));
    }
    let (width, height) = (Pt(ctx.width), Pt(ctx.height));
    pdf.pages = pages
        .into_iter()
        .map(|page| PdfPage {
            media_box: PdfRect::from_wh(width, height),
            trim_box: PdfRect::from_wh(width, height),
            crop_box: PdfRect::from_wh(width, height),
            ops: page_ops(ctx, &page),
        })
        .collect();
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let doc = pdf.to_lopdf_document(&opts, &mut warnings);
    match warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        Some(w) => Err(Error::Printpdf(w.msg.clone())),
        None => Ok(doc),
    }
}

/// The pages through printpdf, part by part on all cores; the parts come
/// back in page order, their streams compressed.
fn in_parts(ctx: &PageWriter, pages: Vec<Page>) -> Result<Vec<lopdf::Document>, Error> {
    // Two parts at least, so that a short document uses two cores too.
    let size = PART_PAGES.min(pages.len().div_ceil(2)).max(1);
    let mut parts = Vec::new();
    let mut pages = pages.into_iter().peekable();
    while pages.peek().is_some() {
        parts.push(pages.by_ref().take(size).collect::<Vec<_>>());
    }
    crate::parallel::map(parts, |pages| {
        let mut doc = part(ctx, pages)?;
        compress_contents(&mut doc);
        Ok(doc)
    })
    .into_iter()
    .collect()
}

/// Writes the layout's pages through printpdf, in parts, with the link
/// areas of every page: what [`super::finish`] makes one file of.
pub fn write(mut layout: Layout, fonts: &Fonts, embedded: &[Embedded]) -> Result<Parts, Error> {
    let ctx = PageWriter {
        height: layout.height,
        width: layout.width,
        faces: embedded
            .iter()
            .map(|e| (e.face, (e, fonts.face(e.face).widths())))
            .collect(),
        pdf_fonts: embedded
            .iter()
            .map(|e| (FontId(e.resource.clone()), parsed_font(e, fonts)))
            .collect(),
    };
    let pages = std::mem::take(&mut layout.pages);
    let mut links = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        page_links(&layout, i, page, &mut links);
    }
    let documents = in_parts(&ctx, pages)?;
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
                offset: 0.0,
                width: 0.0,
                size: 12.0,
                glyphs,
                links: Vec::new(),
                underlines: Vec::new(),
                revisions: Vec::new(),
                hyphenated,
                splits_word,
                justified: true,
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

    #[test]
    fn codes_are_private_use_characters() {
        assert_eq!(code_char(0), '\u{F0000}');
        assert_eq!(code_char(0x41), '\u{F0041}');
    }
}
