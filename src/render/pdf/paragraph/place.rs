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
            // As many glyphs as the line's boxes and spaces draw (and a
            // hyphen at a hyphenating break): allocated once, where growth
            // by doubling took about six, and a shrink at the end.
            let drawn: usize = (contents[start..b.position].iter())
                .map(|c| match c {
                    Content::Glyphs { start, end, .. } => end - start,
                    Content::Space { .. } => 1,
                    Content::Hyphen { .. } | Content::Nothing => 0,
                })
                .sum();
            let mut line = Line {
                hyphenated: b.flagged,
                splits_word: b.flagged || (!forced && inside_word(items, b.position)),
                justified: align == Align::Justify && !forced,
                glyphs: Vec::with_capacity(drawn + usize::from(b.flagged)),
                ..Line::empty(size)
            };
            let mut x = 0.0f32;
            // Where the last glyph ends: a ragged line's glue runs on.
            let mut ink = 0.0f32;
            let (spaces, letters) = shares(&items[start..b.position], ratio);
            for k in start..b.position {
                let adjust = |ratio: f32, width: f32, stretch: f32, shrink: f32| {
                    if ratio >= 0.0 {
                        width + ratio * stretch
                    } else {
                        width + ratio * shrink
                    }
                };
                let glue = |width, stretch, shrink| adjust(spaces, width, stretch, shrink);
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
                        let track = adjust(letters, 0.0, *stretch / gaps, *shrink / gaps);
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
                            line.glyphs
                                .push(Placed::new(span.face, false, glyph.gid, ' ', x));
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
            lines.push(line.shrunk());
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
        let factor = self.scale_of(span);
        let scale = line.size / 1000.0;
        let x0 = x;
        let mut x = x;
        for (k, g) in glyphs.iter().enumerate() {
            if k > 0 {
                x += track;
            }
            line.glyphs
                .push(Placed::new(span.face, span.superscript, g.gid, g.ch, x));
            x += g.advance * scale * factor;
        }
        mark(line, span, x0, x);
        x
    }
}

/// The share of their stretch (or shrink) word spaces take alone, before
/// letters move: up to 125% (or down to 83%) of their width.
const SPACES_ALONE: f32 = 0.5;

/// How a line set at `ratio` shares it between its word spaces and its
/// letters (the ratio each is set at): the spaces alone up to
/// [`SPACES_ALONE`], then both, so that both reach their limit (150% or
/// 67% of a space, the letters' full tracking) at a ratio of 1. Beyond it
/// (a loose line the breaker could not avoid) the letters stay at their
/// full tracking and the spaces take the rest: letters spaced wider read as
/// separate words, to a reader and to text extraction. The line's width is
/// the one the breaker computed, and most lines keep their letters as the
/// font spaces them: the PDF needs no number between them.
fn shares(items: &[Item], ratio: f32) -> (f32, f32) {
    if ratio == 0.0 || ratio.abs() == 1.0 {
        return (ratio, ratio);
    }
    let (mut spaces, mut letters) = (0.0f32, 0.0f32);
    for item in items {
        let (total, stretch, shrink) = match *item {
            Item::Glue {
                stretch, shrink, ..
            } => (&mut spaces, stretch, shrink),
            Item::Box {
                stretch, shrink, ..
            } => (&mut letters, stretch, shrink),
            Item::Penalty { .. } => continue,
        };
        *total += if ratio > 0.0 { stretch } else { shrink };
    }
    if letters <= 0.0 {
        return (ratio, ratio);
    }
    if spaces <= 0.0 {
        // No space to take the rest: the letters stop at their limit and
        // the line is left short rather than spaced out.
        return (ratio, ratio.clamp(-1.0, 1.0));
    }
    let needed = ratio.abs() * (spaces + letters);
    if ratio.abs() > 1.0 {
        return (
            ((needed - letters) / spaces).copysign(ratio),
            1.0f32.copysign(ratio),
        );
    }
    let alone = SPACES_ALONE * spaces;
    let (s, l) = if needed <= alone {
        (needed / spaces, 0.0)
    } else {
        let q = (needed - alone) / (spaces - alone + letters);
        (SPACES_ALONE + q * (1.0 - SPACES_ALONE), q)
    };
    (s.copysign(ratio), l.copysign(ratio))
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
    line.glyphs
        .push(Placed::new(*face, false, glyph.gid, ADDED_HYPHEN, x0));
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

/// Extends the line's link, underline and revision ranges over `x0..x1`.
fn mark(line: &mut Line, span: &InlineStyle, x0: f32, x1: f32) {
    if let Some(link) = span.link {
        match line.marks_mut().links.last_mut() {
            Some(last) if last.2 == link && x0 <= last.1 + 0.01 => last.1 = last.1.max(x1),
            _ => line.marks_mut().links.push((x0, x1, link)),
        }
    }
    if span.underline {
        match line.marks_mut().underlines.last_mut() {
            Some(last) if x0 <= last.1 + 0.01 => last.1 = last.1.max(x1),
            _ => line.marks_mut().underlines.push((x0, x1)),
        }
    }
    if let Some(r) = span.revision {
        match line.marks_mut().revisions.last_mut() {
            Some(last) if last.2 == r && x0 <= last.1 + 0.01 => last.1 = last.1.max(x1),
            _ => line.marks_mut().revisions.push((x0, x1, r)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two words with letter stretch 4 (shrink 2) and a space with
    /// stretch 2 (shrink 1).
    fn line() -> Vec<Item> {
        let word = Item::Box {
            width: 40.0,
            stretch: 2.0,
            shrink: 1.0,
        };
        let space = Item::Glue {
            width: 3.0,
            stretch: 2.0,
            shrink: 1.0,
        };
        vec![word, space, word]
    }

    #[test]
    fn spaces_take_the_first_share_and_the_width_is_kept() {
        let items = line();
        // Spaces alone up to half their stretch: 1 point of the 6.
        let (s, l) = shares(&items, 1.0 / 6.0);
        assert_eq!((s, l), (0.5, 0.0));
        for ratio in [-0.9f32, -0.5, -0.1, 0.05, 0.3, 0.7, 0.99] {
            let (s, l) = shares(&items, ratio);
            let (space, letters) = if ratio > 0.0 { (2.0, 4.0) } else { (1.0, 2.0) };
            let moved = s * space + l * letters;
            assert!(
                (moved - ratio * (space + letters)).abs() < 1e-5,
                "{ratio}: {s} {l}"
            );
            assert!(
                s.abs() <= 1.0 && l.abs() <= s.abs() + 1e-6,
                "{ratio}: {s} {l}"
            );
        }
        // At the limit, both alike; beyond it the letters keep their full
        // tracking and the spaces take the rest: 2.5 × 6 = 4 + 2 × 5.5.
        assert_eq!(shares(&items, 1.0), (1.0, 1.0));
        assert_eq!(shares(&items, 2.5), (5.5, 1.0));
        assert_eq!(shares(&items, -1.0), (-1.0, -1.0));
        // A line without a space: the letters stop at their limit.
        let word = [items[0]];
        assert_eq!(shares(&word, 3.0), (3.0, 1.0));
    }
}
