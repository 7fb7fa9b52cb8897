//! The first page, laid out like the WCO original: the bilingual
//! letterhead over a rule, the masthead, the centred title and agenda
//! lines, the bordered summary box, a centred asterisk, and the economy
//! and copyright notice as a footnote under a short rule.

use crate::model::{Document, Flow};
use crate::render::Organization;

use super::super::error::Error;
use super::super::paragraph::{Align, InlineStyle, Line, Piece};
use super::flows::Nesting;
use super::vlist::{Column, Composer, Metrics, VItem};
use super::{Frame, Page, PlacedLine, Rect, Role, located};

/// Places set lines from a first baseline down; returns the last baseline.
fn place(
    page: &mut Page,
    lines: Vec<Line>,
    (x, measure): (f32, f32),
    first_baseline: f32,
    leading: f32,
    role: Role,
) -> f32 {
    let mut baseline = first_baseline;
    for (i, line) in lines.into_iter().enumerate() {
        baseline = first_baseline + i as f32 * leading;
        page.lines.push(PlacedLine {
            x: x + line.offset,
            right: x + measure,
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

/// Places lines of the summary box from the top `y` down, at the body's
/// leading, and moves `y` below them.
fn stack(page: &mut Page, lines: Vec<Line>, column: (f32, f32), y: &mut f32, m: &Metrics) {
    let n = lines.len() as f32;
    place(page, lines, column, *y + m.ascent, m.leading, Role::Cover);
    *y += n * m.leading;
}

fn err(what: &'static str) -> impl Fn(Error) -> Error {
    move |e| located(e, &format!("the first page ({what})"))
}

/// The first page.
pub(super) fn cover(
    b: &mut Composer,
    doc: &Document,
    letterhead: &[Organization],
) -> Result<Page, Error> {
    let mut page = Page::default();
    let rule_y = letterhead_lines(b, letterhead, &mut page)?;
    let y = masthead(b, doc, rule_y, &mut page)?;
    let y = title(b, doc, y, &mut page)?;
    let bottom = summary_box(b, doc, y, &mut page)?;
    let above = asterisk(b, bottom, &mut page)?;
    notice(b, doc, above, &mut page)?;
    Ok(page)
}

/// The letterhead: the first organization on the left, the second on the
/// right, over a rule; returns where the rule is.
fn letterhead_lines(
    b: &mut Composer,
    letterhead: &[Organization],
    page: &mut Page,
) -> Result<f32, Error> {
    let style = b.style;
    let c = &style.cover;
    let page_style = &style.page;
    let left = page_style.margin_left.0;
    let width = style.text_width();
    let half = width / 2.0 - 6.0;
    let mut bottom: f32 = page_style.margin_top_first.0;
    for (i, org) in letterhead.iter().take(2).enumerate() {
        let (x, align) = if i == 0 {
            (left, Align::Left)
        } else {
            (left + width - half, Align::Right)
        };
        let name_m = b.metrics(
            c.organization_face,
            c.organization_size,
            c.organization_size * 1.2,
        );
        let name = b
            .plain_lines(
                &org.name,
                c.organization_face,
                c.organization_size,
                half,
                align,
            )
            .map_err(err("letterhead"))?;
        let first = page_style.margin_top_first.0 + name_m.ascent;
        let last = place(page, name, (x, half), first, name_m.leading, Role::Cover);
        let est_m = b.metrics(
            c.established_face,
            c.established_size,
            c.established_size * 1.2,
        );
        let est = b
            .plain_lines(
                &org.established,
                c.established_face,
                c.established_size,
                half,
                align,
            )
            .map_err(err("letterhead"))?;
        let est_first = last + c.established_gap.0 + c.established_size;
        let est_last = place(page, est, (x, half), est_first, est_m.leading, Role::Cover);
        bottom = bottom.max(est_last + est_m.leading - est_m.ascent);
    }
    let rule_y = bottom + c.letterhead_rule_gap.0;
    page.rules.push(Rect {
        x: left,
        y: rule_y,
        width,
        height: c.letterhead_rule.0,
    });
    Ok(rule_y)
}

/// The masthead: committee, sessions and dates on the left; symbol and
/// dateline on the right. Returns the last baseline.
fn masthead(b: &mut Composer, doc: &Document, rule_y: f32, page: &mut Page) -> Result<f32, Error> {
    let style = b.style;
    let c = &style.cover;
    let page_style = &style.page;
    let left = page_style.margin_left.0;
    let width = style.text_width();
    let lead = c.masthead_leading;
    let size = c.masthead_size;
    let first = rule_y + c.masthead_gap.0;
    let left_width = width * 0.6;
    let right_width = width - left_width;
    let committee = b
        .plain_lines(
            &doc.committee.to_uppercase(),
            c.committee_face,
            size,
            left_width,
            Align::Left,
        )
        .map_err(err("masthead"))?;
    let mut y = place(
        page,
        committee,
        (left, left_width),
        first,
        lead,
        Role::Cover,
    );
    for text in [&doc.sessions, &doc.meeting_dates] {
        let lines = b
            .plain_lines(text, c.masthead_face, size, left_width, Align::Left)
            .map_err(err("masthead"))?;
        y = place(page, lines, (left, left_width), y + lead, lead, Role::Cover);
    }
    let right_x = left + left_width;
    let symbol = b
        .plain_lines(&doc.symbol, c.symbol_face, size, right_width, Align::Right)
        .map_err(err("masthead"))?;
    place(
        page,
        symbol,
        (right_x, right_width),
        first,
        lead,
        Role::Cover,
    );
    let dateline = b
        .plain_lines(
            &doc.dateline,
            c.masthead_face,
            size,
            right_width,
            Align::Right,
        )
        .map_err(err("masthead"))?;
    let dl = place(
        page,
        dateline,
        (right_x, right_width),
        first + c.dateline_lines_below as f32 * lead,
        lead,
        Role::Cover,
    );
    let y = y.max(dl);
    Ok(y)
}

/// The title and agenda lines, centred; returns the last baseline.
fn title(b: &mut Composer, doc: &Document, y: f32, page: &mut Page) -> Result<f32, Error> {
    let style = b.style;
    let c = &style.cover;
    let page_style = &style.page;
    let left = page_style.margin_left.0;
    let width = style.text_width();
    let (lead, size) = (c.masthead_leading, c.masthead_size);
    let mut pieces = Vec::new();
    b.pieces(
        &doc.title,
        InlineStyle::plain(c.title_face),
        true,
        &mut pieces,
    );
    let title = b
        .setter
        .set(&pieces, c.title_size, width, Align::Center)
        .map_err(err("title"))?;
    let y = place(
        page,
        title,
        (left, width),
        y + c.title_gap.0,
        lead,
        Role::Cover,
    );
    let mut y = y + c.agenda_gap.0 - lead;
    for text in std::iter::once(&doc.agenda_item).chain(doc.item_category.as_ref()) {
        let lines = b
            .plain_lines(text, c.agenda_face, size, width, Align::Center)
            .map_err(err("agenda item"))?;
        y = place(page, lines, (left, width), y + lead, lead, Role::Cover);
    }
    Ok(y)
}

/// The bordered summary box: purpose and action required; returns its
/// bottom.
fn summary_box(b: &mut Composer, doc: &Document, y: f32, page: &mut Page) -> Result<f32, Error> {
    let style = b.style;
    let c = &style.cover;
    let page_style = &style.page;
    let left = page_style.margin_left.0;
    let width = style.text_width();
    let body = b.metrics(style.body.face, style.body.size, style.body.leading);
    let top = y + c.box_gap.0;
    let pad = c.box_padding.0;
    let inner_x = left + pad;
    let inner = width - 2.0 * pad;
    let mut yy = top + pad;
    let summary = b
        .plain_lines(
            &doc.words.summary,
            c.summary_face,
            body.size,
            inner,
            Align::Center,
        )
        .map_err(err("summary"))?;
    stack(page, summary, (inner_x, inner), &mut yy, &body);
    yy += c.summary_space.0;
    let parts: [(&str, &[Flow]); 2] = [
        (doc.words.purpose.as_str(), &doc.purpose),
        (doc.action_heading.as_str(), &doc.action),
    ];
    for (i, (heading, flows)) in parts.into_iter().enumerate() {
        if i > 0 {
            yy += c.part_space.0;
        }
        let span = InlineStyle {
            underline: true,
            ..InlineStyle::plain(c.subhead_face)
        };
        let lines = b
            .setter
            .set(
                &[Piece::Text(heading.to_string(), span)],
                body.size,
                inner,
                Align::Left,
            )
            .map_err(err("summary"))?;
        stack(page, lines, (inner_x, inner), &mut yy, &body);
        yy += c.subhead_space.0;
        let saved = std::mem::take(&mut b.items);
        let column = Column {
            x: inner_x,
            measure: inner,
        };
        b.flows(flows, column, style.body.face, Nesting::default())
            .map_err(|e| located(e, "the first page (summary)"))?;
        let items = std::mem::replace(&mut b.items, saved);
        b.pending.anchors.clear();
        for item in items {
            match item {
                VItem::Space(h) => yy += h,
                VItem::Line(l) => {
                    let mut l = *l;
                    // The summary belongs to no paragraph of the body.
                    l.role = Role::Cover;
                    l.paragraph = None;
                    l.block = None;
                    yy += l.place(yy, page);
                }
            }
        }
    }
    let bottom = yy + pad;
    page.frames.push(Frame {
        rect: Rect {
            x: left,
            y: top,
            width,
            height: bottom - top,
        },
        thickness: c.box_rule.0,
    });
    Ok(bottom)
}

/// The centred asterisk under the box; returns the bottom of its line.
fn asterisk(b: &mut Composer, bottom: f32, page: &mut Page) -> Result<f32, Error> {
    let style = b.style;
    let c = &style.cover;
    let page_style = &style.page;
    let left = page_style.margin_left.0;
    let width = style.text_width();
    let body = b.metrics(style.body.face, style.body.size, style.body.leading);
    let asterisk = b
        .plain_lines("*", style.body.face, body.size, width, Align::Center)
        .map_err(err("asterisk"))?;
    let asterisk_baseline = bottom + c.asterisk_gap.0 + body.ascent;
    place(
        page,
        asterisk,
        (left, width),
        asterisk_baseline,
        body.leading,
        Role::Cover,
    );
    Ok(asterisk_baseline + body.leading - body.ascent)
}

/// The economy and copyright notice, set from the foot of the page up,
/// under a short rule; an error if it would overlap what is above it.
fn notice(b: &mut Composer, doc: &Document, above: f32, page: &mut Page) -> Result<(), Error> {
    let style = b.style;
    let c = &style.cover;
    let page_style = &style.page;
    let left = page_style.margin_left.0;
    let width = style.text_width();
    let foot = b.metrics(c.footnote_face, c.footnote_size, c.footnote_leading);
    let mut blocks = Vec::new();
    for text in [&doc.economy, &doc.copyright] {
        let lines = b
            .plain_lines(
                text,
                c.footnote_face,
                c.footnote_size,
                width,
                Align::Justify,
            )
            .map_err(err("notice"))?;
        blocks.push(lines);
    }
    let count: usize = blocks.iter().map(Vec::len).sum();
    let gaps = blocks.len().saturating_sub(1) as f32 * c.footnote_space.0;
    let height = count as f32 * foot.leading + gaps;
    let foot_top = page_style.height.0 - page_style.margin_bottom.0 - height;
    let rule_top = foot_top - c.footnote_rule_gap.0;
    if above > rule_top {
        return Err(Error::CoverOverflow {
            by: above - rule_top,
        });
    }
    page.rules.push(Rect {
        x: left,
        y: rule_top,
        width: c.footnote_rule.0,
        height: c.footnote_rule_thickness.0,
    });
    let mut y = foot_top;
    for lines in blocks {
        let n = lines.len() as f32;
        place(
            page,
            lines,
            (left, width),
            y + foot.ascent,
            foot.leading,
            Role::Footnote,
        );
        y += n * foot.leading + c.footnote_space.0;
    }
    Ok(())
}
