//! Placing a paragraph's lines: the glyphs of each line at their x, word
//! spaces and letters set at the line's adjustment ratio, the hyphen a
//! hyphenation point adds, and where links and underlines run.

use super::super::fonts::Glyph;
use super::super::linebreak::{Break, INFINITY, Item};
use super::{ADDED_HYPHEN, Align, Content, InlineStyle, Line, Placed, Setter};

impl Setter<'_> {
    /// Places the glyphs of each line.
    pub(super) fn lines(
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
            // A line without stretch (one word cut to fit) has an infinite
            // ratio; its glue, if any (a ragged break's pair), cancels out.
            let ratio = if ratio.is_finite() { ratio } else { 0.0 };
            let mut line = Line {
                offset: 0.0,
                width: 0.0,
                size,
                glyphs: Vec::new(),
                links: Vec::new(),
                underlines: Vec::new(),
                hyphenated: b.flagged,
                splits_word: b.flagged || (!forced && inside_word(items, b.position)),
                justified: align == Align::Justify && !forced,
            };
            let mut x = 0.0f32;
            // Where the last glyph ends: a ragged line's glue runs on.
            let mut ink = 0.0f32;
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
                        Item::Box {
                            stretch, shrink, ..
                        },
                        Content::Glyphs {
                            span,
                            glyphs,
                            start: s,
                            end: e,
                        },
                    ) => {
                        // The box's tracking, shared by the gaps between its letters.
                        let gaps = (e - s).saturating_sub(1).max(1) as f32;
                        let track = glue(0.0, *stretch / gaps, *shrink / gaps);
                        x = self.place(&mut line, span, &glyphs[*s..*e], x, track);
                        ink = x;
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
                                scale: 1.0,
                                rise: 0.0,
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
            x = hyphen(
                &mut line,
                &items[..=b.position],
                &contents[..=b.position],
                ink,
                scale,
            );
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

    /// Places `glyphs` of `span` on `line` from `x`, `track` points apart
    /// beyond their advances; returns where the last one ends.
    fn place(
        &self,
        line: &mut Line,
        span: &InlineStyle,
        glyphs: &[Glyph],
        x: f32,
        track: f32,
    ) -> f32 {
        let (factor, rise) = (self.scale_of(span), self.rise_of(span, line.size));
        let scale = line.size / 1000.0;
        let x0 = x;
        let mut x = x;
        for (k, g) in glyphs.iter().enumerate() {
            if k > 0 {
                x += track;
            }
            line.glyphs.push(Placed {
                face: span.face,
                gid: g.gid,
                ch: g.ch,
                x,
                scale: factor,
                rise,
            });
            x += g.advance * scale * factor;
        }
        mark(line, span, x0, x);
        x
    }
}

/// Whether a break at `position` falls inside a word: a penalty followed
/// by a box, directly or across the glue of a ragged break.
fn inside_word(items: &[Item], position: usize) -> bool {
    if !matches!(items[position], Item::Penalty { .. }) {
        return false;
    }
    match items.get(position + 1) {
        Some(Item::Box { .. }) => true,
        Some(Item::Glue { stretch, .. }) if *stretch < 0.0 => {
            matches!(items.get(position + 2), Some(Item::Box { .. }))
        }
        _ => false,
    }
}
/// Ends a line broken at a hyphenation point (the last of `items`) with
/// its hyphen; returns where the line ends.
fn hyphen(line: &mut Line, items: &[Item], contents: &[Content], x: f32, scale: f32) -> f32 {
    let at = items.len() - 1;
    let (Item::Penalty { flagged: true, .. }, Content::Hyphen { face, glyph }) =
        (&items[at], &contents[at])
    else {
        return x;
    };
    // The kern towards the fragment that moved to the next line no longer
    // applies; the hyphen takes the fragment's style.
    let (kern, span) = last_box(&items[..at], &contents[..at]);
    let x0 = x - kern * scale;
    line.glyphs.push(Placed {
        face: *face,
        gid: glyph.gid,
        ch: ADDED_HYPHEN,
        x: x0,
        scale: 1.0,
        rise: 0.0,
    });
    let x1 = x0 + glyph.advance * scale;
    if let Some(span) = span {
        mark(line, &span, x0, x1);
    }
    x1
}

/// The kern of the last glyph before a break, and the style of the box
/// that ends there.
fn last_box(items: &[Item], contents: &[Content]) -> (f32, Option<InlineStyle>) {
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
fn mark(line: &mut Line, span: &InlineStyle, x0: f32, x1: f32) {
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
