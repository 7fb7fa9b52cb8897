//! Text into Knuth–Plass items: a box per word fragment (shaped and
//! kerned), glue per space, a penalty per place a line may break, and
//! what each item draws.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::super::error::MissingGlyph;
use super::super::fonts::Face;
use super::super::hyphenate::{Words, is_url};
use super::super::linebreak::{FIL, INFINITY, Item};
use super::super::style::Justify;
use super::{Content, EMERGENCY_PENALTY, InlineStyle, Mode, Piece, Setter};

/// What the items of a word depend on besides its text.
struct WordContext<'t> {
    scale: f32,
    measure: f32,
    mode: Mode,
    /// The word before, on the same line of the source (a day number
    /// keeps its month whole).
    previous: Option<&'t str>,
}

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
        let (text, spans) = joined(pieces);
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
        // About a box and a glue per word of five letters: room for most
        // paragraphs' items at once (they grew by doubling, eight times).
        let mut items = Vec::with_capacity(text.len() / 3 + 8);
        let mut contents = Vec::with_capacity(text.len() / 3 + 8);
        let mut pending_space: Option<(InlineStyle, usize)> = None;
        let mut previous: Option<Range<usize>> = None;
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
                    previous = None;
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
                    let context = WordContext {
                        scale,
                        measure,
                        mode,
                        previous: previous.clone().map(|r| &text[r]),
                    };
                    self.word(&text, start..i, &spans, context, &mut items, &mut contents)?;
                    previous = Some(start..i);
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
        context: WordContext,
        items: &mut Vec<Item>,
        contents: &mut Vec<Content>,
    ) -> Result<(), MissingGlyph> {
        let WordContext {
            scale,
            measure,
            mode,
            ..
        } = context;
        let (points, soft) = self.breaks_in(&text[range.clone()], range.start, &context);
        let ragged_stretch = measure * RAGGED_STRETCH;
        let segments = segments(spans, &range);
        let mut shaped = Few::default();
        let mut total = 0.0;
        for (seg, span) in segments.iter() {
            let glyphs = self.fonts.shape(span.face, &text[seg.clone()])?;
            total += glyphs.iter().map(|g| g.advance).sum::<f32>() * scale * self.scale_of(span);
            shaped.push(glyphs);
        }
        // A word longer than the line may break anywhere, without a hyphen:
        // the alternative is a line wider than the text block. The
        // emergency pass may break any word so, at a cost no other break
        // has.
        let too_long = total > measure;
        // A long URL breaks at its delimiters before anywhere else.
        let glyph_cost = if soft.is_empty() {
            self.justify.hyphen_penalty.min(EMERGENCY_PENALTY)
        } else {
            EMERGENCY_PENALTY
        };
        let hyphen_penalty = match mode {
            Mode::Emergency => self.justify.hyphen_penalty.min(EMERGENCY_PENALTY),
            _ => self.justify.hyphen_penalty,
        };
        let glyph_cut = if too_long {
            Some(glyph_cost)
        } else if mode == Mode::Emergency {
            Some(EMERGENCY_PENALTY)
        } else {
            None
        };
        for (k, ((seg, span), glyphs)) in segments.iter().zip(shaped.iter()).enumerate() {
            let cuts = cuts(
                &text[seg.clone()],
                seg.start,
                (&points, &soft),
                Cutting {
                    glyph_cut,
                    hyphen_penalty,
                    too_long,
                    emergency: mode == Mode::Emergency,
                },
            );
            let soft_here = soft.iter().find(|s| s.at == seg.start).filter(|_| k > 0);
            if k > 0 && points.binary_search(&seg.start).is_ok() && !too_long {
                // A hyphenation point where the style changes.
                let face = segments[k - 1].1.face;
                self.hyphen_penalty(items, contents, face, scale, hyphen_penalty)?;
            } else if let Some(s) = soft_here {
                let stretch = if s.ragged { ragged_stretch } else { 0.0 };
                soft_break(items, contents, s.cost, stretch);
            } else if let (true, Some(cost)) = (k > 0, glyph_cut) {
                soft_break(items, contents, cost, 0.0);
            }
            let mut start = 0;
            for (cut, cost, kind) in
                cuts.into_iter()
                    .chain(std::iter::once((glyphs.len(), 0.0, Cut::Plain)))
            {
                let factor = self.scale_of(span);
                let width: f32 =
                    glyphs[start..cut].iter().map(|g| g.advance).sum::<f32>() * scale * factor;
                // Tracking: the gaps between this box's letters.
                let gaps = (cut - start).saturating_sub(1) as f32 * 1000.0 * scale * factor;
                items.push(Item::Box {
                    width,
                    stretch: gaps * self.justify.letter_stretch,
                    shrink: gaps * self.justify.letter_shrink,
                });
                contents.push(Content::Glyphs {
                    span: *span,
                    glyphs: glyphs.clone(),
                    start,
                    end: cut,
                });
                if cut < glyphs.len() {
                    match kind {
                        Cut::Hyphen => {
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
                        }
                        Cut::Plain => soft_break(items, contents, cost, 0.0),
                        Cut::Ragged => soft_break(items, contents, cost, ragged_stretch),
                    }
                }
                start = cut;
            }
        }
        Ok(())
    }

    /// The hyphenation points and the soft breaks of `word`, which starts
    /// at byte `offset` of the paragraph, by paragraph offset.
    fn breaks_in(
        &mut self,
        word: &str,
        offset: usize,
        context: &WordContext,
    ) -> (Vec<usize>, Vec<Soft>) {
        let words = match context.mode {
            Mode::Spaces | Mode::Hyphenate => Words::Lower,
            Mode::HyphenateCapitalised | Mode::Emergency => Words::Capitalised,
        };
        let points: Vec<usize> = if context.mode != Mode::Spaces {
            self.hyphenator
                .points_after(context.previous, word, words)
                .iter()
                .map(|p| p + offset)
                .collect()
        } else {
            Vec::new()
        };
        let soft = soft_breaks(word, self.justify)
            .into_iter()
            .map(|s| Soft {
                at: s.at + offset,
                ..s
            })
            .collect();
        (points, soft)
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

/// One string for the paragraph, with the style of every byte range from
/// where it starts: hyphenation and Unicode line breaking look across
/// style changes. Tabs and line ends are spaces, other control
/// characters go, and a forced break is a `\n`.
fn joined(pieces: &[Piece]) -> (String, Vec<(usize, InlineStyle)>) {
    let length = (pieces.iter())
        .map(|p| match p {
            Piece::Text(t, _) => t.len(),
            Piece::Break => 1,
        })
        .sum();
    let mut text = String::with_capacity(length);
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
    (text, spans)
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
) -> Few<(Range<usize>, InlineStyle)> {
    let mut segments = Few::default();
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

/// A short list that holds one item without allocating: almost every
/// word is one segment of one style, and a `Vec` per word for its
/// segments and another for their glyphs were most of what setting a
/// paragraph allocated.
#[derive(Default)]
enum Few<T> {
    #[default]
    None,
    One([T; 1]),
    More(Vec<T>),
}

impl<T> Few<T> {
    fn push(&mut self, item: T) {
        *self = match std::mem::take(self) {
            Few::None => Few::One([item]),
            Few::One([first]) => Few::More(vec![first, item]),
            Few::More(mut all) => {
                all.push(item);
                Few::More(all)
            }
        };
    }
}

impl<T> std::ops::Deref for Few<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            Few::None => &[],
            Few::One(one) => one,
            Few::More(all) => all,
        }
    }
}

/// How a line ends at a cut inside a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// With a hyphen (a hyphenation point).
    Hyphen,
    /// Without one, the line justified.
    Plain,
    /// Without one, the line left ragged (a URL).
    Ragged,
}

/// The stretch, as a share of the measure, of the glue that lets a line
/// ending inside a URL stay ragged.
const RAGGED_STRETCH: f32 = 0.25;

/// A break inside a word without a hyphen, at `cost`; with `stretch`, the
/// line it ends may fall short of the measure (Knuth and Plass's ragged
/// break: glue that only the line ending here keeps).
fn soft_break(items: &mut Vec<Item>, contents: &mut Vec<Content>, cost: f32, stretch: f32) {
    if stretch > 0.0 {
        // Glue after a box is a place to break: not this one, which only
        // the break after it may end a line with.
        items.push(Item::Penalty {
            width: 0.0,
            penalty: INFINITY,
            flagged: false,
        });
        contents.push(Content::Nothing);
        items.push(Item::Glue {
            width: 0.0,
            stretch,
            shrink: 0.0,
        });
        contents.push(Content::Nothing);
    }
    items.push(Item::Penalty {
        width: 0.0,
        penalty: cost,
        flagged: false,
    });
    contents.push(Content::Nothing);
    if stretch > 0.0 {
        items.push(Item::Glue {
            width: 0.0,
            stretch: -stretch,
            shrink: 0.0,
        });
        contents.push(Content::Nothing);
    }
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
/// when the break shows a hyphen. `points` are hyphenation points, `soft`
/// places a line may end without a hyphen (in a URL, after a slash), with
/// their cost.
fn cuts(
    text: &str,
    start: usize,
    (points, soft): (&[usize], &[Soft]),
    how: Cutting,
) -> Vec<(usize, f32, Cut)> {
    let mut cuts = Vec::new();
    let mut previous = None;
    for (char_index, (b, c)) in text.char_indices().enumerate() {
        let Some(before) = previous.replace(c) else {
            continue;
        };
        let point = points.binary_search(&(start + b)).is_ok();
        let soft_here = soft.iter().find(|s| s.at == start + b);
        // A line that ends in a hyphen of the text reads, once extracted,
        // as a hyphenated word: "enforcement-and-compliance" comes back
        // "enforcement-andcompliance". Cut before the hyphen instead,
        // unless nothing else fits (a URL may break after its hyphens:
        // its text layer is whole, see `write`).
        let after_hyphen = HYPHENS.contains(&before);
        let cut = match (how.glyph_cut, soft_here) {
            (_, Some(s)) => {
                // Where a soft break and a glyph cut meet, the cheaper counts.
                let cost = how.glyph_cut.map_or(s.cost, |g| s.cost.min(g));
                Some((cost, if s.ragged { Cut::Ragged } else { Cut::Plain }))
            }
            (Some(_), _) if after_hyphen && !how.emergency => None,
            (Some(cost), _) if how.too_long || !point => Some((cost, Cut::Plain)),
            _ if point => Some((how.hyphen_penalty, Cut::Hyphen)),
            _ => None,
        };
        if let Some((cost, kind)) = cut {
            cuts.push((char_index, cost, kind));
        }
    }
    cuts
}

/// Letters and digits a URL keeps after its last break.
const URL_MIN_TAIL: usize = 5;

/// A place a word may end a line without a hyphen.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Soft {
    /// Byte offset (in the word, then in the paragraph).
    at: usize,
    cost: f32,
    /// The line that ends here is set ragged (a URL): its spaces keep
    /// their width and the rest of the measure stays empty, where
    /// justifying would stretch the one or two spaces before the URL.
    ragged: bool,
}

/// Where a word may end a line without a hyphen, with the cost: a URL after `/ . - _ ? # & =` (the last of a run, never inside
/// its scheme's "://"); any other word after a slash between two letters
/// or digits ("121st/122nd", "2014/2015").
fn soft_breaks(word: &str, justify: &Justify) -> Vec<Soft> {
    // Most words have neither: no allocation for them.
    if !word.contains('/') && !is_url(word) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut out = Vec::new();
    if is_url(word) {
        let delimiter = |c: char| "/.-_?#&=".contains(c);
        let body = word.find("://").map_or(0, |i| i + 3);
        for (k, &(i, c)) in chars.iter().enumerate() {
            let Some(&(next, n)) = chars.get(k + 1) else {
                break;
            };
            // The URL's last part ("aspx", "pdf") and its trailing
            // punctuation stay with the part before.
            let rest = word[next..].chars().filter(|c| c.is_alphanumeric()).count();
            if i >= body && delimiter(c) && !delimiter(n) && rest >= URL_MIN_TAIL {
                out.push(Soft {
                    at: next,
                    cost: justify.url_penalty,
                    ragged: true,
                });
            }
        }
    } else {
        for w in chars.windows(3) {
            let [(_, a), (_, b), (i, c)] = [w[0], w[1], w[2]];
            if b == '/' && a.is_alphanumeric() && c.is_alphanumeric() {
                out.push(Soft {
                    at: i,
                    cost: justify.slash_penalty,
                    ragged: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::Fonts;
    use crate::render::pdf::hyphenate::Hyphenator;
    use crate::render::pdf::paragraph::{Align, Line};
    use crate::render::pdf::style::Style;

    fn breaks(word: &str) -> Vec<String> {
        let style = Style::parse(include_str!("../../../../templates/pdf/style.toml")).unwrap();
        soft_breaks(word, &style.justify)
            .iter()
            .map(|s| format!("{}|{}", &word[..s.at], &word[s.at..]))
            .collect()
    }

    #[test]
    fn urls_break_after_their_delimiters_only() {
        let b = breaks("https://www.wcoomd.org/en/time-release_study?x=12345#part.aspx");
        assert!(b.contains(
            &"https://www.|wcoomd.org/en/time-release_study?x=12345#part.aspx".to_string()
        ));
        assert!(b.contains(
            &"https://www.wcoomd.org/en/time-|release_study?x=12345#part.aspx".to_string()
        ));
        assert!(b.contains(
            &"https://www.wcoomd.org/en/time-release_|study?x=12345#part.aspx".to_string()
        ));
        assert!(b.contains(
            &"https://www.wcoomd.org/en/time-release_study?x=|12345#part.aspx".to_string()
        ));
        for s in &b {
            let (before, after) = s.split_once('|').unwrap();
            // After a delimiter, never inside "://", never before a short
            // last part.
            assert!(
                before.ends_with(['/', '.', '-', '_', '?', '#', '&', '=']),
                "{s}"
            );
            assert!(before.len() > "https://".len(), "{s}");
            assert!(
                after.chars().filter(|c| c.is_alphanumeric()).count() >= 5,
                "{s}"
            );
        }
        assert!(!b.iter().any(|s| s.ends_with("|aspx")));
    }

    #[test]
    fn a_slash_between_words_is_a_costly_break() {
        let b = breaks("121st/122nd");
        assert_eq!(b, ["121st/|122nd"]);
        assert!(breaks("and/or,").len() == 1);
        // Not at either edge of a word.
        assert!(breaks("/path").is_empty());
        assert!(breaks("end/").is_empty());
    }

    /// Sets `text` justified at 12 pt in `measure` points with the default
    /// style, its tracking as given.
    fn set_tracked(text: &str, measure: f32, stretch: f32, shrink: f32) -> Vec<Line> {
        let mut style = Style::parse(include_str!("../../../../templates/pdf/style.toml")).unwrap();
        style.justify.letter_stretch = stretch;
        style.justify.letter_shrink = shrink;
        let mut fonts = Fonts::load().unwrap();
        let mut hyph = Hyphenator::new("en-us", 2, 3, 6).unwrap();
        let mut setter = Setter {
            fonts: &mut fonts,
            hyphenator: &mut hyph,
            justify: &style.justify,
            superscript: &style.superscript,
        };
        let pieces = [Piece::Text(text.into(), InlineStyle::plain(Face::Serif))];
        setter.set(&pieces, 12.0, measure, Align::Justify).unwrap()
    }

    /// The widest word space of the justified lines.
    fn widest_space(lines: &[Line]) -> f32 {
        lines
            .iter()
            .filter(|l| l.justified)
            .flat_map(|l| {
                l.glyphs
                    .windows(2)
                    .filter(|w| w[0].ch() == ' ')
                    .map(|w| w[1].x - w[0].x)
            })
            .fold(0.0, f32::max)
    }

    #[test]
    fn letters_take_a_share_of_the_stretch_within_their_limit() {
        // Two lines with no hyphenation point: without tracking the first
        // must stretch its spaces past 150% (4.5 pt).
        let text = "Develop and implement a Single Point of Contact Network on illicit tobacco \
                    products shipped between the regions.";
        let plain = set_tracked(text, 436.0, 0.0, 0.0);
        assert!(widest_space(&plain) > 4.5, "{plain:?}");
        let tracked = set_tracked(text, 436.0, 0.02, 0.0075);
        assert_eq!(tracked.len(), plain.len());
        let first = &tracked[0];
        assert!(
            first.justified && widest_space(&tracked) <= 4.5 + 1e-3,
            "{first:?}"
        );
        // The line still fills the measure, and two letters of a word move
        // apart by at most 0.02 em (0.24 pt) beyond the plain setting.
        assert!((first.width - 436.0).abs() < 0.01, "{}", first.width);
        let untracked = &plain[0];
        for (t, p) in first.glyphs.windows(2).zip(untracked.glyphs.windows(2)) {
            assert_eq!((t[0].ch(), t[1].ch()), (p[0].ch(), p[1].ch()));
            if t[0].ch() != ' ' && t[1].ch() != ' ' {
                let extra = (t[1].x - t[0].x) - (p[1].x - p[0].x);
                assert!(
                    (0.0..=0.24 + 1e-3).contains(&extra),
                    "{extra} at {}",
                    t[0].ch()
                );
            }
        }
    }
}
