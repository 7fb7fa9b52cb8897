//! Text into Knuth–Plass items: a box per word fragment (shaped and
//! kerned), glue per space, a penalty per place a line may break, and
//! what each item draws.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::super::error::MissingGlyph;
use super::super::fonts::Face;
use super::super::linebreak::{FIL, INFINITY, Item};
use super::{Content, EMERGENCY_PENALTY, InlineStyle, Mode, Piece, Setter};

/// Characters that end a line as a hyphenation hyphen does.
const HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{00AD}'];

impl Setter<'_> {
    /// Turns pieces into items and what each draws.
    pub(super) fn items(
        &mut self,
        pieces: &[Piece],
        size: f32,
        measure: f32,
        mode: Mode,
    ) -> Result<(Vec<Item>, Vec<Content>), MissingGlyph> {
        // One string for the paragraph, with the span of every byte range:
        // hyphenation and Unicode line breaking look across style changes.
        let mut text = String::new();
        let mut spans: Vec<(usize, InlineStyle)> = Vec::new();
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
        let span_at = |i: usize| -> InlineStyle {
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
        let mut pending_space: Option<(InlineStyle, usize)> = None;
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
        spans: &[(usize, InlineStyle)],
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
        let segments = segments(spans, &range);
        let mut shaped = Vec::with_capacity(segments.len());
        let mut total = 0.0;
        for (seg, span) in &segments {
            let glyphs = self.fonts.shape(span.face, &text[seg.clone()])?;
            total += glyphs.iter().map(|g| g.advance).sum::<f32>() * scale * self.scale_of(span);
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
            let cuts = cuts(
                &text[seg.clone()],
                seg.start,
                &points,
                Cutting {
                    glyph_cut,
                    hyphen_penalty,
                    too_long,
                    emergency: mode == Mode::Emergency,
                },
            );
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
                let width: f32 = glyphs[start..cut].iter().map(|g| g.advance).sum::<f32>()
                    * scale
                    * self.scale_of(span);
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

/// The style segments of the word at `range`: byte ranges and spans.
fn segments(
    spans: &[(usize, InlineStyle)],
    range: &Range<usize>,
) -> Vec<(Range<usize>, InlineStyle)> {
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
    segments
}

/// Where and at what cost a word's segment may be cut.
struct Cutting {
    /// The cost of a cut between any two glyphs, if allowed.
    glyph_cut: Option<f32>,
    hyphen_penalty: f32,
    /// The word is longer than the line: no hyphen is shown.
    too_long: bool,
    emergency: bool,
}

/// Cuts of the segment `text` (starting at byte `start` of the paragraph)
/// by glyph index (one glyph per character), with their cost, flagged
/// when the break shows a hyphen.
fn cuts(text: &str, start: usize, points: &[usize], how: Cutting) -> Vec<(usize, f32, bool)> {
    let mut cuts = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (char_index, (b, _)) in text.char_indices().enumerate().skip(1) {
        let point = points.binary_search(&(start + b)).is_ok();
        // A line that ends in a hyphen of the text reads, once extracted,
        // as a hyphenated word: "enforcement-and-compliance" comes back
        // "enforcement-andcompliance". Cut before the hyphen instead,
        // unless nothing else fits.
        let after_hyphen = HYPHENS.contains(&chars[char_index - 1]);
        match how.glyph_cut {
            Some(_) if after_hyphen && !how.emergency => {}
            Some(cost) if how.too_long || !point => cuts.push((char_index, cost, false)),
            _ if point => cuts.push((char_index, how.hyphen_penalty, true)),
            _ => {}
        }
    }
    cuts
}
