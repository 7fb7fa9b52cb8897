//! The page furniture, set from the description the `pdf/cover.toml`
//! template renders ([`furniture`](super::super::furniture)): page 1's
//! blocks stacked down from its top margin and its notice set up from the
//! foot (the running header of the pages after it is in `header`).
//!
//! Blocks stack with a cursor that knows the last baseline set and the
//! bottom of what was set last; an entry's `space` counts from the one,
//! its `clear` from the other. Distances are added one by one in the
//! order the description gives them, so that the built-in template puts
//! every line where the code that composed the cover before it did, to
//! the last bit of the coordinates.

use crate::model::{Document, Flow, Inline};

use super::super::error::Error;
use super::super::furniture::{
    Block, Columns, Cover, Entry, FlowSlot, Flows, Notice, Spacing, Text, TextSource,
};
use super::super::paragraph::{InlineStyle, Line, Piece};
use super::flows::Nesting;
use super::vlist::{Column, Composer, VItem};
use super::{Frame, Page, PlacedLine, Rect, Role, located};

/// How far down page 1 is filled.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    /// The last baseline set (or the edge of the last rule or box).
    baseline: f32,
    /// The bottom of what was set last: a line's box, a box's edge.
    bottom: f32,
}

/// Distances added in turn to a starting place.
fn advance(from: f32, distances: &[f32]) -> f32 {
    distances.iter().fold(from, |y, d| y + d)
}

/// Where a rule or a box begins.
fn edge(at: &Spacing, cursor: Cursor) -> f32 {
    match at {
        Spacing::FromBaseline(d) => advance(cursor.baseline, d),
        Spacing::FromBottom(d) => advance(cursor.bottom, d),
    }
}

/// Places set lines from a first baseline down; returns the last baseline.
fn place(
    page: &mut Page,
    lines: Vec<Line>,
    column: Column,
    first_baseline: f32,
    leading: f32,
    role: Role,
) -> f32 {
    let mut baseline = first_baseline;
    for (i, line) in lines.into_iter().enumerate() {
        baseline = first_baseline + i as f32 * leading;
        page.lines.push(PlacedLine {
            x: column.x + line.offset,
            right: column.x + column.measure,
            baseline,
            line,
            role,
            paragraph: None,
            block: None,
            hangs: false,
        });
    }
    baseline
}

/// Page 1.
pub(super) fn cover(b: &mut Composer, doc: &Document, cover: &Cover) -> Result<Page, Error> {
    let style = b.style;
    let mut page = Page::default();
    let full = Column {
        x: style.page.margin_left.0,
        measure: style.text_width(),
    };
    let top = style.page.margin_top_first.0;
    let mut cursor = Cursor {
        baseline: top,
        bottom: top,
    };
    for (i, block) in cover.blocks.iter().enumerate() {
        let set = match block {
            Block::Lines(entries) => stack(b, doc, &mut page, entries, full, cursor),
            Block::Row {
                columns,
                left,
                right,
            } => row(b, doc, &mut page, (*columns, left, right), full, cursor),
            Block::Rule {
                at,
                thickness,
                width,
            } => {
                let y = edge(at, cursor);
                page.rules.push(Rect {
                    x: full.x,
                    y,
                    width: width.unwrap_or(full.measure),
                    height: *thickness,
                });
                Ok(Cursor {
                    baseline: y,
                    bottom: y,
                })
            }
            Block::Box {
                at,
                thickness,
                padding,
                content,
            } => framed(
                b,
                doc,
                &mut page,
                (at, *thickness, *padding, content),
                full,
                cursor,
            ),
        };
        cursor = set.map_err(|e| located(e, &format!("the first page (its block {})", i + 1)))?;
    }
    if let Some(n) = &cover.notice {
        notice(b, n, cursor.bottom, full, &mut page)?;
    }
    Ok(page)
}

/// Entries one under the other in a column, from `cursor` on.
fn stack(
    b: &mut Composer,
    doc: &Document,
    page: &mut Page,
    entries: &[Entry],
    column: Column,
    mut cursor: Cursor,
) -> Result<Cursor, Error> {
    for entry in entries {
        cursor = match entry {
            Entry::Text(text) => set_text(b, doc, page, text, column, cursor)?,
            Entry::Flows(flows) => set_flows(b, doc, page, flows, column, cursor)?,
        };
    }
    Ok(cursor)
}

/// Two columns stacked from the same place; what follows goes below the
/// longer.
fn row(
    b: &mut Composer,
    doc: &Document,
    page: &mut Page,
    (columns, left, right): (Columns, &[Entry], &[Entry]),
    full: Column,
    cursor: Cursor,
) -> Result<Cursor, Error> {
    let (first, second) = match columns {
        Columns::Gutter(gutter) => {
            let measure = full.measure / 2.0 - gutter / 2.0;
            (
                Column { x: full.x, measure },
                Column {
                    x: full.x + full.measure - measure,
                    measure,
                },
            )
        }
        Columns::Split(share) => {
            let measure = full.measure * share;
            (
                Column { x: full.x, measure },
                Column {
                    x: full.x + measure,
                    measure: full.measure - measure,
                },
            )
        }
    };
    let a = stack(b, doc, page, left, first, cursor)?;
    let z = stack(b, doc, page, right, second, cursor)?;
    Ok(Cursor {
        baseline: cursor.baseline.max(a.baseline).max(z.baseline),
        bottom: cursor.bottom.max(a.bottom).max(z.bottom),
    })
}

/// Entries inside an outlined box, its padding all round.
fn framed(
    b: &mut Composer,
    doc: &Document,
    page: &mut Page,
    (at, thickness, padding, content): (&Spacing, f32, f32, &[Entry]),
    full: Column,
    cursor: Cursor,
) -> Result<Cursor, Error> {
    let top = edge(at, cursor);
    let inner = Column {
        x: full.x + padding,
        measure: full.measure - 2.0 * padding,
    };
    let start = top + padding;
    let end = stack(
        b,
        doc,
        page,
        content,
        inner,
        Cursor {
            baseline: start,
            bottom: start,
        },
    )?;
    let bottom = end.bottom + padding;
    page.frames.push(Frame {
        rect: Rect {
            x: full.x,
            y: top,
            width: full.measure,
            height: bottom - top,
        },
        thickness,
    });
    Ok(Cursor {
        baseline: bottom,
        bottom,
    })
}

/// A text of the model (the title, the sessions), with its emphasis,
/// links and superscripts.
fn model_pieces(
    b: &mut Composer,
    inlines: &[Inline],
    span: InlineStyle,
    upper: bool,
) -> Vec<Piece> {
    let mut pieces = Vec::new();
    b.pieces(inlines, span, upper, &mut pieces);
    pieces
}

/// A text of one face and size, wrapped to the column.
fn set_text(
    b: &mut Composer,
    doc: &Document,
    page: &mut Page,
    text: &Text,
    column: Column,
    cursor: Cursor,
) -> Result<Cursor, Error> {
    let span = InlineStyle {
        underline: text.underline,
        ..InlineStyle::plain(text.face)
    };
    let pieces = match &text.source {
        // The cover template writes the symbol as text; a redline whose
        // symbol changed shows it as the other facts.
        TextSource::Plain(s) if *s == doc.symbol && doc.symbol_revised().is_some() => {
            let revised = doc.symbol_revised().unwrap_or_default();
            model_pieces(b, &revised, span, text.upper)
        }
        TextSource::Plain(s) => {
            let s = if text.upper {
                s.to_uppercase()
            } else {
                s.clone()
            };
            vec![Piece::Text(s, span)]
        }
        TextSource::Title => model_pieces(b, &doc.title, span, text.upper),
        TextSource::Sessions => model_pieces(b, &doc.sessions, span, text.upper),
        TextSource::MeetingDates => model_pieces(b, &doc.meeting_dates, span, text.upper),
        TextSource::Dateline => model_pieces(b, &doc.dateline, span, text.upper),
    };
    let lines = b
        .setter
        .set(&pieces, text.size, column.measure, text.align)?;
    let m = b.metrics(text.face, text.size, text.leading);
    let n = lines.len() as f32;
    let (first, top) = match &text.at {
        Spacing::FromBaseline(d) => (advance(cursor.baseline, d), None),
        Spacing::FromBottom(d) => {
            let top = advance(cursor.bottom, d);
            (top + m.ascent, Some(top))
        }
    };
    let last = place(page, lines, column, first, m.leading, Role::Cover);
    let bottom = match top {
        Some(top) => top + n * m.leading,
        None => last + m.leading - m.ascent,
    };
    Ok(Cursor {
        baseline: last,
        bottom,
    })
}

/// Block content of the model (the purpose, the action required), set as
/// the body sets it but belonging to no paragraph of the body.
fn set_flows(
    b: &mut Composer,
    doc: &Document,
    page: &mut Page,
    flows: &Flows,
    column: Column,
    cursor: Cursor,
) -> Result<Cursor, Error> {
    let content: &[Flow] = match flows.slot {
        FlowSlot::Purpose => &doc.purpose,
        FlowSlot::Action => &doc.action,
    };
    let saved = std::mem::take(&mut b.items);
    let set = b.flows(content, column, flows.face, Nesting::default());
    let items = std::mem::replace(&mut b.items, saved);
    set?;
    b.pending.anchors.clear();
    let mut y = advance(cursor.bottom, &flows.clear);
    let mut baseline = y;
    for item in items {
        match item {
            VItem::Space(h) => y += h,
            VItem::Line(l) => {
                let mut l = *l;
                l.role = Role::Cover;
                l.paragraph = None;
                l.block = None;
                baseline = y + l.ascent;
                y += l.place(y, page);
            }
        }
    }
    Ok(Cursor {
        baseline,
        bottom: y,
    })
}

/// The notice, set from the foot of the page up, under its rule; an
/// error if it would overlap what is above it (down to `above`).
fn notice(
    b: &mut Composer,
    notice: &Notice,
    above: f32,
    full: Column,
    page: &mut Page,
) -> Result<(), Error> {
    let page_style = &b.style.page;
    let m = b.metrics(notice.face, notice.size, notice.leading);
    let mut blocks = Vec::new();
    for text in &notice.texts {
        let lines = b
            .plain_lines(text, notice.face, notice.size, full.measure, notice.align)
            .map_err(|e| located(e, "the first page (its notice)"))?;
        blocks.push(lines);
    }
    let count: usize = blocks.iter().map(Vec::len).sum();
    let gaps = blocks.len().saturating_sub(1) as f32 * notice.space;
    let height = count as f32 * m.leading + gaps;
    let foot_top = page_style.height.0 - page_style.margin_bottom.0 - height;
    let limit = match &notice.rule {
        Some(rule) => foot_top - rule.gap,
        None => foot_top,
    };
    if above > limit {
        return Err(Error::CoverOverflow { by: above - limit });
    }
    if let Some(rule) = &notice.rule {
        page.rules.push(Rect {
            x: full.x,
            y: limit,
            width: rule.width,
            height: rule.thickness,
        });
    }
    let mut y = foot_top;
    for lines in blocks {
        let n = lines.len() as f32;
        place(page, lines, full, y + m.ascent, m.leading, Role::Footnote);
        y += n * m.leading + notice.space;
    }
    Ok(())
}
