//! Setting one paragraph: styled text in, lines of positioned glyphs out.
//!
//! The text becomes Knuth–Plass items (see [`super::linebreak`]): a box
//! per word fragment (shaped and kerned), glue per space, a flagged
//! penalty per hyphenation point. Lines may break only at a space that
//! Unicode allows a break after (UAX #14, by unicode-linebreak) or at a
//! hyphenation point; never at a no-break space (U+00A0, U+202F), and
//! never after an explicit hyphen or slash: a viewer's text extraction
//! would then join "enforcement-related" into "enforcementrelated", or
//! leave a space in "Maintain/ improve". A break at a hyphenation point
//! shows a hyphen that extraction removes, so words come back whole.
//!
//! Breaking runs in passes, as TeX does: first without hyphenation at a
//! strict tolerance, then with hyphenation, then looser, so a paragraph
//! is hyphenated only when that makes it better. A last, emergency pass
//! may also break where Unicode advises against it (a space before a
//! closing bracket) and inside any word between two glyphs: it always
//! finds lines unless one glyph is wider than the measure, and then
//! setting fails with [`SetError::TooNarrow`]. Setting never returns
//! fewer words than it was given.

use std::rc::Rc;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{Face, Fonts, Glyph, MissingGlyph};
use super::hyphenate::Hyphenator;
use super::linebreak::{self, Break, FIL, INFINITY, Item, Params};
use super::style::Justify;

/// How a piece of text looks and where it leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub face: Face,
    /// An index into the document's link targets.
    pub link: Option<u32>,
    pub underline: bool,
}

impl Span {
    pub fn plain(face: Face) -> Span {
        Span {
            face,
            link: None,
            underline: false,
        }
    }
}

/// Inline content, flattened.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String, Span),
    /// A line break the author asked for.
    Break,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Center,
    Right,
}

/// A glyph placed on a line: `x` in points from the line's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    pub face: Face,
    pub gid: u16,
    pub ch: char,
    pub x: f32,
}

/// A set line: its glyphs in order, and where links and underlines run.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Offset of the line from the measure's start (centred lines).
    pub offset: f32,
    /// The set width, from the first glyph's origin to the last glyph's end.
    pub width: f32,
    pub size: f32,
    pub glyphs: Vec<Placed>,
    pub links: Vec<(f32, f32, u32)>,
    pub underlines: Vec<(f32, f32)>,
    /// Ends with a hyphen added at a hyphenation point.
    pub hyphenated: bool,
    /// Stretched or shrunk to the measure.
    pub justified: bool,
}

impl Line {
    /// The line's text, as its glyphs show it.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
}

/// What an item draws.
#[derive(Debug, Clone)]
enum Content {
    Glyphs {
        span: Span,
        glyphs: Rc<[Glyph]>,
        start: usize,
        end: usize,
    },
    Space {
        span: Span,
        glyph: Glyph,
    },
    Hyphen {
        face: Face,
        glyph: Glyph,
    },
    Nothing,
}

/// Why a text could not be set.
#[derive(Debug, Clone, PartialEq)]
pub enum SetError {
    Glyph(MissingGlyph),
    /// Not even one glyph fits the measure.
    TooNarrow {
        measure: f32,
        ch: char,
        width: f32,
    },
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetError::Glyph(e) => e.fmt(f),
            SetError::TooNarrow { measure, ch, width } => write!(
                f,
                "the line is {measure:.1} pt wide, too narrow for {ch:?} ({width:.1} pt)"
            ),
        }
    }
}

impl From<MissingGlyph> for SetError {
    fn from(e: MissingGlyph) -> Self {
        SetError::Glyph(e)
    }
}

/// How freely a pass may break lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// At spaces Unicode allows a break after.
    Spaces,
    /// Also at hyphenation points.
    Hyphenate,
    /// Also at any space, and between any two glyphs of a word (no
    /// hyphen shown), at a finite cost: the pass that cannot fail.
    Emergency,
}

/// The cost of an emergency break; high, so that it is taken only when
/// nothing else fits.
const EMERGENCY_PENALTY: f32 = INFINITY / 2.0;

/// Sets paragraphs with one set of fonts, hyphenation and justification.
pub struct Setter<'a> {
    pub fonts: &'a mut Fonts,
    pub hyphenator: &'a mut Hyphenator,
    pub justify: &'a Justify,
}

impl Setter<'_> {
    /// Sets `pieces` at `size` points into lines `measure` points wide.
    /// Every glyph of the pieces is on a line of the result; only a text
    /// with nothing to show gives no lines.
    pub fn set(
        &mut self,
        pieces: &[Piece],
        size: f32,
        measure: f32,
        align: Align,
    ) -> Result<Vec<Line>, SetError> {
        // Hyphenation points are looked up only when the first pass, which
        // does not use them, finds no lines.
        let (items, contents) = self.items(pieces, size, measure, Mode::Spaces)?;
        if contents.iter().all(|c| matches!(c, Content::Nothing)) {
            return Ok(Vec::new());
        }
        let j = self.justify;
        let base = Params {
            tolerance: j.pretolerance,
            hyphenate: false,
            line_penalty: j.line_penalty,
            double_hyphen_demerits: j.double_hyphen_demerits,
            final_hyphen_demerits: j.final_hyphen_demerits,
            fitness_demerits: j.fitness_demerits,
            max_consecutive_hyphens: j.max_consecutive_hyphens,
        };
        let hyphenating = Params {
            hyphenate: true,
            ..base
        };
        if let Some(breaks) = linebreak::break_lines(&items, measure, &base) {
            return Ok(self.lines(&items, &contents, &breaks, size, measure, align));
        }
        let (items, contents) = self.items(pieces, size, measure, Mode::Hyphenate)?;
        let passes = [
            Params {
                tolerance: j.tolerance,
                ..hyphenating
            },
            Params {
                tolerance: j.emergency_tolerance,
                ..hyphenating
            },
            Params {
                tolerance: f32::INFINITY,
                ..hyphenating
            },
        ];
        if let Some(breaks) = passes
            .iter()
            .find_map(|p| linebreak::break_lines(&items, measure, p))
        {
            return Ok(self.lines(&items, &contents, &breaks, size, measure, align));
        }
        let (items, contents) = self.items(pieces, size, measure, Mode::Emergency)?;
        let anything = Params {
            tolerance: f32::INFINITY,
            max_consecutive_hyphens: u32::MAX,
            ..hyphenating
        };
        match linebreak::break_lines(&items, measure, &anything) {
            Some(breaks) => Ok(self.lines(&items, &contents, &breaks, size, measure, align)),
            // Every item between two possible breaks is one glyph or a
            // word that fits: only a glyph wider than the line is left.
            None => Err(widest_glyph(&contents, size, measure)),
        }
    }

    /// Turns pieces into items and what each draws.
    fn items(
        &mut self,
        pieces: &[Piece],
        size: f32,
        measure: f32,
        mode: Mode,
    ) -> Result<(Vec<Item>, Vec<Content>), MissingGlyph> {
        // One string for the paragraph, with the span of every byte range:
        // hyphenation and Unicode line breaking look across style changes.
        let mut text = String::new();
        let mut spans: Vec<(usize, Span)> = Vec::new();
        let mut last_span = None;
        for piece in pieces {
            match piece {
                Piece::Text(t, span) => {
                    spans.push((text.len(), *span));
                    last_span = Some(*span);
                    for c in t.chars() {
                        match c {
                            '\t' | '\r' | '\n' => text.push(' '),
                            c if c.is_control() => {}
                            c => text.push(c),
                        }
                    }
                }
                Piece::Break => {
                    if let Some(span) = last_span {
                        spans.push((text.len(), span));
                    }
                    text.push('\n');
                }
            }
        }
        let span_at = |i: usize| -> Span {
            let k = spans.partition_point(|(s, _)| *s <= i);
            spans[k.saturating_sub(1)].1
        };
        let mut allowed = vec![false; text.len() + 1];
        for (i, kind) in linebreaks(&text) {
            if kind == BreakOpportunity::Allowed {
                allowed[i] = true;
            }
        }

        let scale = size / 1000.0;
        let mut items = Vec::new();
        let mut contents = Vec::new();
        let mut pending_space: Option<(Span, usize)> = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < text.len() {
            match bytes[i] {
                b' ' => {
                    let start = i;
                    while i < text.len() && bytes[i] == b' ' {
                        i += 1;
                    }
                    // Spaces at the start of a line the author broke are dropped.
                    if !items.is_empty() && !matches!(contents.last(), Some(Content::Nothing)) {
                        pending_space = Some((span_at(start), i));
                    }
                }
                b'\n' => {
                    pending_space = None;
                    forced_break(&mut items, &mut contents);
                    i += 1;
                }
                _ => {
                    let start = i;
                    while i < text.len() && bytes[i] != b' ' && bytes[i] != b'\n' {
                        i += 1;
                    }
                    if let Some((span, after)) = pending_space.take() {
                        let glyph = self.fonts.glyph(span.face, ' ')?;
                        let width = glyph.advance * scale;
                        if !allowed[after] {
                            items.push(Item::Penalty {
                                width: 0.0,
                                penalty: if mode == Mode::Emergency {
                                    EMERGENCY_PENALTY
                                } else {
                                    INFINITY
                                },
                                flagged: false,
                            });
                            contents.push(Content::Nothing);
                        }
                        items.push(Item::Glue {
                            width,
                            stretch: width * self.justify.space_stretch,
                            shrink: width * self.justify.space_shrink,
                        });
                        contents.push(Content::Space { span, glyph });
                    }
                    self.word(
                        &text,
                        start..i,
                        &spans,
                        (scale, measure, mode),
                        &mut items,
                        &mut contents,
                    )?;
                }
            }
        }
        // The paragraph's end: no break before the last glue.
        items.push(Item::Penalty {
            width: 0.0,
            penalty: INFINITY,
            flagged: false,
        });
        contents.push(Content::Nothing);
        forced_break(&mut items, &mut contents);
        Ok((items, contents))
    }

    /// Items of one word: a box per fragment between hyphenation points,
    /// style changes and (for words longer than the line) every glyph.
    fn word(
        &mut self,
        text: &str,
        range: std::ops::Range<usize>,
        spans: &[(usize, Span)],
        (scale, measure, mode): (f32, f32, Mode),
        items: &mut Vec<Item>,
        contents: &mut Vec<Content>,
    ) -> Result<(), MissingGlyph> {
        let word = &text[range.clone()];
        let points: Vec<usize> = if mode != Mode::Spaces {
            self.hyphenator
                .points(word)
                .iter()
                .map(|p| p + range.start)
                .collect()
        } else {
            Vec::new()
        };
        // The word's style segments.
        let mut segments = Vec::new();
        let first = spans
            .partition_point(|(s, _)| *s <= range.start)
            .saturating_sub(1);
        for (k, (s, span)) in spans.iter().enumerate().skip(first) {
            if *s >= range.end {
                break;
            }
            let end = spans
                .get(k + 1)
                .map_or(range.end, |(e, _)| (*e).min(range.end));
            let start = (*s).max(range.start);
            if start < end {
                segments.push((start..end, *span));
            }
        }
        let mut shaped = Vec::with_capacity(segments.len());
        let mut total = 0.0;
        for (seg, span) in &segments {
            let glyphs = self.fonts.shape(span.face, &text[seg.clone()])?;
            total += glyphs.iter().map(|g| g.advance).sum::<f32>() * scale;
            shaped.push(glyphs);
        }
        // A word longer than the line may break anywhere, without a hyphen:
        // the alternative is a line wider than the text block. The
        // emergency pass may break any word so, at a cost no other break
        // has.
        let too_long = total > measure;
        let hyphen_penalty = match mode {
            Mode::Emergency => self.justify.hyphen_penalty.min(EMERGENCY_PENALTY),
            _ => self.justify.hyphen_penalty,
        };
        let glyph_cut = if too_long {
            Some(hyphen_penalty)
        } else if mode == Mode::Emergency {
            Some(EMERGENCY_PENALTY)
        } else {
            None
        };
        for (k, ((seg, span), glyphs)) in segments.iter().zip(shaped).enumerate() {
            // Cuts by glyph index (one glyph per character), with their
            // cost, flagged when the break shows a hyphen.
            let mut cuts: Vec<(usize, f32, bool)> = Vec::new();
            for (char_index, (b, _)) in text[seg.clone()].char_indices().enumerate().skip(1) {
                let point = points.binary_search(&(seg.start + b)).is_ok();
                match glyph_cut {
                    Some(cost) if too_long || !point => cuts.push((char_index, cost, false)),
                    _ if point => cuts.push((char_index, hyphen_penalty, true)),
                    _ => {}
                }
            }
            if k > 0 && points.binary_search(&seg.start).is_ok() {
                // A hyphenation point where the style changes.
                let face = segments[k - 1].1.face;
                self.hyphen_penalty(items, contents, face, scale, hyphen_penalty)?;
            } else if let (true, Some(cost)) = (k > 0, glyph_cut) {
                items.push(Item::Penalty {
                    width: 0.0,
                    penalty: cost,
                    flagged: false,
                });
                contents.push(Content::Nothing);
            }
            let mut start = 0;
            for (cut, cost, flagged) in
                cuts.into_iter()
                    .chain(std::iter::once((glyphs.len(), 0.0, false)))
            {
                let width: f32 = glyphs[start..cut].iter().map(|g| g.advance).sum::<f32>() * scale;
                items.push(Item::Box { width });
                contents.push(Content::Glyphs {
                    span: *span,
                    glyphs: glyphs.clone(),
                    start,
                    end: cut,
                });
                if cut < glyphs.len() {
                    if flagged {
                        let kern = glyphs[cut - 1].kern * scale;
                        let hyphen = self.fonts.glyph(span.face, '-')?;
                        items.push(Item::Penalty {
                            width: hyphen.advance * scale - kern,
                            penalty: cost,
                            flagged: true,
                        });
                        contents.push(Content::Hyphen {
                            face: span.face,
                            glyph: hyphen,
                        });
                    } else {
                        items.push(Item::Penalty {
                            width: 0.0,
                            penalty: cost,
                            flagged: false,
                        });
                        contents.push(Content::Nothing);
                    }
                }
                start = cut;
            }
        }
        Ok(())
    }

    fn hyphen_penalty(
        &mut self,
        items: &mut Vec<Item>,
        contents: &mut Vec<Content>,
        face: Face,
        scale: f32,
        penalty: f32,
    ) -> Result<(), MissingGlyph> {
        let hyphen = self.fonts.glyph(face, '-')?;
        items.push(Item::Penalty {
            width: hyphen.advance * scale,
            penalty,
            flagged: true,
        });
        contents.push(Content::Hyphen {
            face,
            glyph: hyphen,
        });
        Ok(())
    }

    /// Places the glyphs of each line.
    fn lines(
        &self,
        items: &[Item],
        contents: &[Content],
        breaks: &[Break],
        size: f32,
        measure: f32,
        align: Align,
    ) -> Vec<Line> {
        let scale = size / 1000.0;
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = 0;
        for b in breaks {
            // Discardable items at the start of a line go.
            while start < b.position && !matches!(items[start], Item::Box { .. }) {
                start += 1;
            }
            let forced =
                matches!(items[b.position], Item::Penalty { penalty, .. } if penalty <= -INFINITY);
            let ratio = match align {
                Align::Justify if forced => b.ratio.min(0.0),
                Align::Justify => b.ratio,
                _ => b.ratio.min(0.0),
            };
            let mut line = Line {
                offset: 0.0,
                width: 0.0,
                size,
                glyphs: Vec::new(),
                links: Vec::new(),
                underlines: Vec::new(),
                hyphenated: b.flagged,
                justified: align == Align::Justify && !forced,
            };
            let mut x = 0.0f32;
            for k in start..b.position {
                let glue = |width: f32, stretch: f32, shrink: f32| {
                    if ratio >= 0.0 {
                        width + ratio * stretch
                    } else {
                        width + ratio * shrink
                    }
                };
                match (&items[k], &contents[k]) {
                    (
                        Item::Box { .. },
                        Content::Glyphs {
                            span,
                            glyphs,
                            start: s,
                            end: e,
                        },
                    ) => {
                        let x0 = x;
                        for g in &glyphs[*s..*e] {
                            line.glyphs.push(Placed {
                                face: span.face,
                                gid: g.gid,
                                ch: g.ch,
                                x,
                            });
                            x += g.advance * scale;
                        }
                        mark(&mut line, span, x0, x);
                    }
                    (
                        Item::Glue {
                            width,
                            stretch,
                            shrink,
                        },
                        content,
                    ) => {
                        let x0 = x;
                        if let Content::Space { span, glyph } = content {
                            line.glyphs.push(Placed {
                                face: span.face,
                                gid: glyph.gid,
                                ch: ' ',
                                x,
                            });
                            x += glue(*width, *stretch, *shrink);
                            mark(&mut line, span, x0, x);
                        } else {
                            x += glue(*width, *stretch, *shrink);
                        }
                    }
                    _ => {}
                }
            }
            if let (Item::Penalty { flagged: true, .. }, Content::Hyphen { face, glyph }) =
                (&items[b.position], &contents[b.position])
            {
                // The kern towards the fragment that moved to the next line
                // no longer applies; the hyphen takes the fragment's style.
                let (kern, span) = last_box(&items[..b.position], &contents[..b.position]);
                x -= kern * scale;
                line.glyphs.push(Placed {
                    face: *face,
                    gid: glyph.gid,
                    ch: '-',
                    x,
                });
                let x0 = x;
                x += glyph.advance * scale;
                if let Some(span) = span {
                    mark(&mut line, &span, x0, x);
                }
            }
            line.width = x;
            line.offset = match align {
                Align::Center => ((measure - x) / 2.0).max(0.0),
                Align::Right => (measure - x).max(0.0),
                _ => 0.0,
            };
            lines.push(line);
            start = b.position + 1;
        }
        lines
    }
}

/// The error for a text that even the emergency pass cannot break: its
/// widest glyph, which no line of `measure` points holds.
fn widest_glyph(contents: &[Content], size: f32, measure: f32) -> SetError {
    let scale = size / 1000.0;
    let (ch, width) = contents
        .iter()
        .flat_map(|c| match c {
            Content::Glyphs {
                glyphs, start, end, ..
            } => glyphs[*start..*end].to_vec(),
            _ => Vec::new(),
        })
        .map(|g| (g.ch, g.advance * scale))
        .fold(
            (' ', f32::NEG_INFINITY),
            |a, b| if b.1 > a.1 { b } else { a },
        );
    SetError::TooNarrow { measure, ch, width }
}

/// The kern of the last glyph before a break, and the style of the box
/// that ends there.
fn last_box(items: &[Item], contents: &[Content]) -> (f32, Option<Span>) {
    for (item, content) in items.iter().zip(contents).rev() {
        match (item, content) {
            (
                Item::Box { .. },
                Content::Glyphs {
                    glyphs, end, span, ..
                },
            ) if *end > 0 => {
                return (glyphs[end - 1].kern, Some(*span));
            }
            (Item::Box { .. }, _) => return (0.0, None),
            _ => {}
        }
    }
    (0.0, None)
}

/// Extends the line's link and underline ranges over `x0..x1`.
fn mark(line: &mut Line, span: &Span, x0: f32, x1: f32) {
    if let Some(link) = span.link {
        match line.links.last_mut() {
            Some(last) if last.2 == link && x0 <= last.1 + 0.01 => last.1 = last.1.max(x1),
            _ => line.links.push((x0, x1, link)),
        }
    }
    if span.underline {
        match line.underlines.last_mut() {
            Some(last) if x0 <= last.1 + 0.01 => last.1 = last.1.max(x1),
            _ => line.underlines.push((x0, x1)),
        }
    }
}

/// Ends a line here: glue that fills the rest of it (so it is not
/// stretched), then a break that must be taken.
fn forced_break(items: &mut Vec<Item>, contents: &mut Vec<Content>) {
    items.push(Item::Glue {
        width: 0.0,
        stretch: FIL,
        shrink: 0.0,
    });
    contents.push(Content::Nothing);
    items.push(Item::Penalty {
        width: 0.0,
        penalty: -INFINITY,
        flagged: false,
    });
    contents.push(Content::Nothing);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::style::Style;

    fn style() -> Style {
        Style::parse(include_str!("../../../templates/pdf/style.toml")).unwrap()
    }

    /// Sets pieces at 12 pt with the default style and English patterns.
    fn set_pieces(pieces: &[Piece], measure: f32, align: Align) -> Vec<Line> {
        let style = style();
        let mut fonts = Fonts::load().unwrap();
        let mut hyph = Hyphenator::new("en-us", 2, 3, 6).unwrap();
        let mut setter = Setter {
            fonts: &mut fonts,
            hyphenator: &mut hyph,
            justify: &style.justify,
        };
        setter.set(pieces, 12.0, measure, align).unwrap()
    }

    fn set(text: &str, measure: f32) -> Vec<Line> {
        let pieces = [Piece::Text(text.to_string(), Span::plain(Face::Serif))];
        set_pieces(&pieces, measure, Align::Justify)
    }

    const TEXT: &str = "Following the conclusion of Phase III, the Secretariat prepared a draft \
        proposal for Phase IV of the Revenue Package. This proposal was submitted to the Working \
        Group on Revenue Compliance and Fraud (WGRCF), which has the mandate for supporting \
        implementation. The Phase IV Revenue Package Action Plan was updated and finalized, based \
        on the input and guidance provided by the WGRCF, and was endorsed by the Policy \
        Commission and the Council in June 2019.";

    #[test]
    fn justified_lines_end_at_the_measure() {
        let lines = set(TEXT, 300.0);
        assert!(lines.len() > 3);
        for line in &lines[..lines.len() - 1] {
            assert!(line.justified);
            assert!(
                (line.width - 300.0).abs() < 0.01,
                "{} {}",
                line.width,
                line.text()
            );
        }
        let last = lines.last().unwrap();
        assert!(!last.justified);
        assert!(last.width <= 300.0);
    }

    #[test]
    fn text_survives_setting() {
        let lines = set(TEXT, 250.0);
        let mut joined = String::new();
        for line in &lines {
            let t = line.text();
            if line.hyphenated {
                joined.push_str(t.strip_suffix('-').unwrap());
            } else {
                joined.push_str(&t);
                joined.push(' ');
            }
        }
        assert_eq!(joined.trim_end(), TEXT);
    }

    #[test]
    fn no_break_at_no_break_spaces_or_explicit_hyphens() {
        let text = "mot\u{202F}; mot\u{A0}: enforcement-related Maintain/improve ".repeat(12);
        for measure in [90.0, 120.0, 150.0] {
            for line in set(&text, measure) {
                let t = line.text();
                assert!(!t.starts_with([';', ':', '\u{202F}', '\u{A0}']), "{t:?}");
                assert!(
                    !t.starts_with("related") && !t.starts_with("improve"),
                    "{t:?}"
                );
                assert!(line.width <= measure + 0.01);
            }
        }
    }

    #[test]
    fn a_word_longer_than_the_line_is_split() {
        let lines = set(
            "see https://www.wcoomd.org/en/topics/enforcement-and-compliance/instruments-and-tools.aspx now",
            150.0,
        );
        for line in &lines {
            assert!(line.width <= 150.01, "{}", line.width);
        }
    }

    #[test]
    fn forced_breaks_end_lines_unjustified() {
        let span = Span::plain(Face::Serif);
        let pieces = vec![
            Piece::Text("first line".into(), span),
            Piece::Break,
            Piece::Text("second line".into(), span),
        ];
        let lines = set_pieces(&pieces, 300.0, Align::Justify);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text(), "first line");
        assert!(!lines[0].justified);
    }

    #[test]
    fn links_and_underlines_cover_their_text() {
        let plain = Span::plain(Face::Serif);
        let link = Span {
            link: Some(7),
            ..plain
        };
        let pieces = vec![
            Piece::Text("see ".into(), plain),
            Piece::Text("paragraph 9".into(), link),
            Piece::Text(" above".into(), plain),
        ];
        let lines = set_pieces(&pieces, 300.0, Align::Left);
        assert_eq!(lines[0].links.len(), 1);
        let (x0, x1, id) = lines[0].links[0];
        assert_eq!(id, 7);
        let p = lines[0].glyphs.iter().find(|g| g.ch == 'p').unwrap();
        assert!((x0 - p.x).abs() < 1e-3);
        assert!(x1 > x0 + 50.0);
    }

    /// The glyphs of lines, spaces and the hyphens of hyphenated lines
    /// left out: what a reader's extraction must give back.
    fn letters(lines: &[Line]) -> String {
        lines
            .iter()
            .map(|l| {
                let t = l.text();
                let t = if l.hyphenated {
                    t.strip_suffix('-').unwrap().to_string()
                } else {
                    t
                };
                t.replace(' ', "")
            })
            .collect()
    }

    #[test]
    fn no_glyph_is_lost_at_any_measure() {
        // A run Unicode forbids breaking ("a !" never breaks before "!"),
        // a long URL, words with hyphenation points.
        let text = format!(
            "Unbreakable {} then https://www.wcoomd.org/en/topics/enforcement-and-compliance.aspx \
             and {TEXT}",
            "go ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! ! !"
        );
        let expected: String = text.chars().filter(|c| *c != ' ').collect();
        for measure in [40.0, 47.5, 61.0, 90.0, 133.0, 250.0] {
            let lines = set(&text, measure);
            assert_eq!(letters(&lines), expected, "at {measure} pt");
            for line in &lines {
                assert!(line.width <= measure + 0.01, "{measure}: {}", line.text());
            }
        }
    }

    #[test]
    fn a_glyph_wider_than_the_line_is_an_error_not_an_empty_result() {
        let style = style();
        let mut fonts = Fonts::load().unwrap();
        let mut hyph = Hyphenator::new("en-us", 2, 3, 6).unwrap();
        let mut setter = Setter {
            fonts: &mut fonts,
            hyphenator: &mut hyph,
            justify: &style.justify,
        };
        let pieces = [Piece::Text("Wide words".into(), Span::plain(Face::Serif))];
        for measure in [5.0, 0.0, -30.0] {
            match setter.set(&pieces, 12.0, measure, Align::Justify) {
                Err(SetError::TooNarrow { ch, width, .. }) => {
                    assert_eq!(ch, 'W');
                    assert!(width > 5.0);
                }
                other => panic!("{measure}: {other:?}"),
            }
        }
        let empty = [Piece::Text("  ".into(), Span::plain(Face::Serif))];
        assert_eq!(setter.set(&empty, 12.0, 100.0, Align::Justify), Ok(vec![]));
    }
}
