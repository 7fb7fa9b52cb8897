//! A page's content stream: its rules and frames, then its lines as text
//! operators, each run of one face, size and rise placed with `Tm` and
//! shown with `TJ`. `Tc` carries a justified line's letter spacing, and
//! the `TJ` numbers move each other glyph from where its `/W` width (and
//! `Tc`) leaves the pen to where the layout put it.

use std::ops::Range;

use super::super::content::{Content, Paint};
use super::super::fonts::Face;
use super::super::layout::{Page, PlacedLine};
use super::super::objects::round;
use super::super::paragraph::{Line, Placed};
use super::{PageWriter, split_words};

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
    line.revisions()
        .iter()
        .find(|(x0, x1, _)| x >= *x0 - 0.01 && x < *x1)
        .map(|r| r.2)
}
/// One page's content being written.
struct PageContent<'a> {
    ctx: &'a PageWriter<'a>,
    out: Content,
    /// The face and size of the last `Tf`.
    current: Option<(Face, f32)>,
    /// The last `Tc`, in points (a page starts at 0).
    spacing: f32,
    /// Scratch: the codes of a run and its kerns, reused from run to run.
    codes: Vec<u16>,
    /// Scratch for [`PageContent::spacing_for`]: a run's gaps by key.
    gaps: Vec<(i64, f64)>,
    kerns: Vec<(usize, f32)>,
}

impl PageContent<'_> {
    /// The operators that draw glyphs `range` of a line: a `Tm` and a `TJ`
    /// per run of one face, size and rise (a superscript is a run of its
    /// own, smaller and raised), and a `Tc` when the run's letter spacing
    /// changes (see [`PageContent::spacing_for`]). TJ numbers move each
    /// other glyph from where its `/W` width and `Tc` leave the pen to
    /// where the layout put it; rounding errors are carried forward so that
    /// the line still ends where the layout ends it.
    fn line(&mut self, pl: &PlacedLine, range: Range<usize>) {
        let glyphs = &pl.line.glyphs[range];
        let mut i = 0;
        while i < glyphs.len() {
            let (face, superscript) = (glyphs[i].face(), glyphs[i].superscript());
            let scale = glyphs[i].scale(&self.ctx.superscript);
            let rise = glyphs[i].rise(&self.ctx.superscript, pl.line.size);
            let revision = revision_at(&pl.line, glyphs[i].x);
            let mut j = i + 1;
            while j < glyphs.len()
                && glyphs[j].face() == face
                && glyphs[j].superscript() == superscript
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
            let x0 = glyphs[i].x;
            self.out.text_position(
                round(pl.x + x0, 0.001),
                round(self.ctx.height - pl.baseline + rise, 0.001),
            );
            let to_units = 1000.0 / f64::from(size);
            let spacing = self.spacing_for(&glyphs[i..j], widths, to_units);
            if spacing != self.spacing {
                self.out.char_spacing(spacing);
                self.spacing = spacing;
            }
            // What `Tc` adds after each glyph, in thousandths of an em.
            let track = f64::from(spacing) * to_units;
            let mut pen = 0.0f64;
            self.codes.clear();
            self.kerns.clear();
            for k in i..j {
                let g = &glyphs[k];
                self.codes.push(e.code(g.gid, g.ch()));
                pen += f64::from(widths.get(usize::from(g.gid)).copied().unwrap_or(0.0)) + track;
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

impl PageContent<'_> {
    /// The `Tc` for a run of glyphs, in points: the gap the layout left
    /// between most of its glyphs beyond their widths (a justified line's
    /// letter spacing), so that only the other gaps (spaces, kerning) need
    /// a number of their own in the `TJ`. The last `Tc` stays when it
    /// serves as many gaps (a run of one glyph has none to serve).
    fn spacing_for(&mut self, glyphs: &[Placed], widths: &[f32], to_units: f64) -> f32 {
        // Each gap in thousandths of an em, and its key: the gap in
        // hundredths of a thousandth, the precision of a TJ number.
        let gaps = &mut self.gaps;
        gaps.clear();
        gaps.extend(glyphs.windows(2).map(|pair| {
            let width = f64::from(widths.get(usize::from(pair[0].gid)).copied().unwrap_or(0.0));
            let gap = f64::from(pair[1].x - pair[0].x) * to_units - width;
            ((gap * 100.0).round() as i64, gap)
        }));
        gaps.sort_unstable_by_key(|&(key, _)| key);
        let gaps = &self.gaps;
        let current = (f64::from(self.spacing) * to_units * 100.0).round() as i64;
        let mut best = (current, gaps.iter().filter(|g| g.0 == current).count());
        for run in gaps.chunk_by(|a, b| a.0 == b.0) {
            if run.len() > best.1 {
                best = (run[0].0, run.len());
            }
        }
        if best.0 == current {
            return self.spacing;
        }
        // The mean of the gaps of that key: the layout's own spacing, to
        // within its float noise, so that the pen does not drift from
        // glyph to glyph as it would at the key's rounding.
        let (key, count) = best;
        if key == 0 {
            return 0.0;
        }
        let sum: f64 = gaps.iter().filter(|g| g.0 == key).map(|g| g.1).sum();
        (sum / count as f64 / to_units) as f32
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

/// The content stream of one page.
pub(super) fn page_content(ctx: &PageWriter, page: &Page) -> Vec<u8> {
    let h = ctx.height;
    let mut c = PageContent {
        ctx,
        out: Content::default(),
        current: None,
        spacing: 0.0,
        codes: Vec::new(),
        kerns: Vec::new(),
        gaps: Vec::new(),
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
                .position(|g| g.ch() == ' ')
                .unwrap_or(end);
            let mut actual: Vec<String> = lines[first..i].iter().map(|l| l.line.text()).collect();
            // The first word may be the start of a split word too (a URL
            // after a label): the span gives the whole word.
            let whole = spans
                .iter()
                .find(|(r, _)| r.start < word_end)
                .map(|(_, text)| text.clone());
            actual.push(whole.unwrap_or_else(|| {
                main.line.glyphs[..word_end]
                    .iter()
                    .map(|g| g.ch())
                    .collect()
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::project::Project;
    use crate::render::pdf::fonts::pdf_width;
    use crate::render::pdf::{Setup, embed};

    /// A glyph where a viewer draws it: font resource, code, origin.
    type Drawn = (String, u16, f64, f64);

    /// The glyphs of a content stream as a viewer places them, for what
    /// this writer prints: `Tf`, `Tm`, `Tc`, `Tj` and `TJ` (the other
    /// operators are skipped). `widths`: each resource's `/W` by code.
    fn draw(content: &[u8], widths: &HashMap<String, Vec<f64>>) -> Vec<Drawn> {
        enum Operand {
            Number(f64),
            Name(String),
            Codes(Vec<u16>),
            Array(Vec<Operand>),
        }
        // Literal strings hold binary codes: read as Latin-1, one char a byte.
        let text: String = content.iter().map(|&b| char::from(b)).collect();
        let text = text.as_str();
        let b = content;
        let (mut i, mut stack, mut arrays) = (0, Vec::new(), Vec::<Vec<Operand>>::new());
        let (mut font, mut size, mut spacing, mut x, mut y) = (String::new(), 0.0, 0.0, 0.0, 0.0);
        let mut drawn = Vec::new();
        let mut show = |codes: &[u16], font: &str, size: f64, spacing: f64, x: &mut f64, y: f64| {
            for &code in codes {
                drawn.push((font.to_string(), code, *x, y));
                *x += widths[font][usize::from(code)] / 1000.0 * size + spacing;
            }
        };
        while i < b.len() {
            let c = b[i];
            let push = |op: Operand, stack: &mut Vec<Operand>, arrays: &mut Vec<Vec<Operand>>| {
                match arrays.last_mut() {
                    Some(a) => a.push(op),
                    None => stack.push(op),
                }
            };
            if c.is_ascii_whitespace() {
                i += 1;
            } else if text[i..].starts_with("<<") {
                // A marked-content dictionary (ActualText): skipped whole.
                let end = text[i..].find(">>>").unwrap() + 3;
                i += end;
            } else if c == b'(' {
                let mut bytes = Vec::new();
                i += 1;
                while b[i] != b')' {
                    if b[i] == b'\\' {
                        i += 1;
                        bytes.push(match b[i] {
                            b'r' => b'\r',
                            b'n' => b'\n',
                            other => other,
                        });
                    } else {
                        bytes.push(b[i]);
                    }
                    i += 1;
                }
                i += 1;
                let codes = bytes
                    .chunks(2)
                    .map(|p| u16::from_be_bytes([p[0], p[1]]))
                    .collect();
                push(Operand::Codes(codes), &mut stack, &mut arrays);
            } else if c == b'<' {
                let end = i + text[i..].find('>').unwrap();
                let hex = &text[i + 1..end];
                let codes = (0..hex.len() / 4)
                    .map(|k| u16::from_str_radix(&hex[4 * k..4 * k + 4], 16).unwrap())
                    .collect();
                push(Operand::Codes(codes), &mut stack, &mut arrays);
                i = end + 1;
            } else if c == b'[' {
                arrays.push(Vec::new());
                i += 1;
            } else if c == b']' {
                let a = arrays.pop().unwrap();
                push(Operand::Array(a), &mut stack, &mut arrays);
                i += 1;
            } else {
                let end = i + text[i..]
                    .find(|c: char| c.is_ascii_whitespace() || "<[]()".contains(c))
                    .unwrap_or(text.len() - i);
                let token = &text[i..end];
                i = end;
                if let Some(name) = token.strip_prefix('/') {
                    push(Operand::Name(name.to_string()), &mut stack, &mut arrays);
                } else if let Ok(n) = token.parse::<f64>() {
                    push(Operand::Number(n), &mut stack, &mut arrays);
                } else {
                    let number = |k: usize| match stack.get(stack.len() - k) {
                        Some(Operand::Number(n)) => *n,
                        _ => panic!("{token}: operand {k} is not a number"),
                    };
                    match token {
                        "Tf" => {
                            size = number(1);
                            if let Some(Operand::Name(n)) = stack.get(stack.len() - 2) {
                                font = n.clone();
                            }
                        }
                        "Tm" => (x, y) = (number(2), number(1)),
                        "Tc" => spacing = number(1),
                        "Tj" | "TJ" => {
                            let shown = match stack.pop() {
                                Some(Operand::Array(a)) => a,
                                Some(codes) => vec![codes],
                                None => panic!("{token} without an operand"),
                            };
                            for part in shown {
                                match part {
                                    Operand::Codes(codes) => {
                                        show(&codes, &font, size, spacing, &mut x, y)
                                    }
                                    Operand::Number(n) => x -= n / 1000.0 * size,
                                    _ => panic!("{token}: a name in the array"),
                                }
                            }
                        }
                        _ => {}
                    }
                    stack.clear();
                }
            }
        }
        drawn
    }

    /// Every glyph of every page is drawn where the layout placed it, to
    /// within two thousandths of a point, whatever `Tc` and the `TJ`
    /// numbers that took: the default document and a fixture of another
    /// shape, in both languages, justified lines with letter spacing
    /// included.
    #[test]
    fn every_glyph_is_drawn_where_the_layout_placed_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut spaced = 0;
        for dir in ["inputs/pc0608", "tests/fixtures/valid/other-shape"] {
            let project = Project::load(&root.join(dir), &crate::Options::default()).unwrap();
            for doc in &project.checked.documents {
                let context = project.context(doc);
                let mut setup = Setup::new(doc, context.letterhead, context.templates).unwrap();
                let layout = setup.lay_out(doc).unwrap();
                let embedded = embed::codes(&layout, &setup.fonts);
                let ctx = PageWriter::new(&layout, &setup.fonts, &embedded);
                let widths: HashMap<String, Vec<f64>> = embedded
                    .iter()
                    .map(|e| {
                        let upm = setup.fonts.face(e.face).info.units_per_em;
                        let w = e.advances.iter().map(|&a| pdf_width(a, upm) as f64);
                        (e.resource.clone(), w.collect())
                    })
                    .collect();
                for (n, page) in layout.pages.iter().enumerate() {
                    let content = page_content(&ctx, page);
                    spaced += content.windows(3).filter(|w| w == b"Tc\n").count();
                    let mut drawn = draw(&content, &widths);
                    let mut placed: Vec<Drawn> = (page.lines.iter())
                        .flat_map(|pl| pl.line.glyphs.iter().map(move |g| (pl, g)))
                        .map(|(pl, g)| {
                            let (e, _) = ctx.faces[&g.face()];
                            let rise = g.rise(&layout.superscript, pl.line.size);
                            let y = layout.height - pl.baseline + rise;
                            let code = e.codes[&(g.gid, g.ch())];
                            (
                                e.resource.clone(),
                                code,
                                f64::from(pl.x + g.x),
                                f64::from(y),
                            )
                        })
                        .collect();
                    let order = |a: &Drawn, b: &Drawn| {
                        (b.3 * 1000.0)
                            .round()
                            .total_cmp(&(a.3 * 1000.0).round())
                            .then(a.2.total_cmp(&b.2))
                    };
                    drawn.sort_by(order);
                    placed.sort_by(order);
                    assert_eq!(drawn.len(), placed.len(), "{dir} {} page {n}", doc.lang);
                    for (d, p) in drawn.iter().zip(&placed) {
                        assert!(
                            d.0 == p.0
                                && d.1 == p.1
                                && (d.2 - p.2).abs() < 0.002
                                && (d.3 - p.3).abs() < 0.002,
                            "{dir} {} page {n}: drawn {d:?}, placed {p:?}",
                            doc.lang
                        );
                    }
                }
            }
        }
        assert!(spaced > 100, "{spaced} lines set with Tc");
    }
}
