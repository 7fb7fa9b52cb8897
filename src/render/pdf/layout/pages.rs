//! From the vertical list to pages: where pages end, the running header,
//! underlines as rules.

use crate::locale::fill;
use crate::model::Document;

use super::super::error::Error;
use super::super::paragraph::Align;
use super::super::style::Style;
use super::{Composer, Page, PlacedLine, Rect, Role, VItem, located};

/// Splits the vertical list into pages: the ranges of items on each.
pub(super) fn paginate(items: &[VItem], available: f32) -> Vec<std::ops::Range<usize>> {
    let mut pages: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let n = items.len();
    while start < n {
        // Ranges cover every item; spaces at a page's top are dropped when
        // the page is placed.
        let page_start = start;
        while start < n && matches!(items[start], VItem::Space(_)) {
            start += 1;
        }
        if start == n {
            match pages.last_mut() {
                Some(last) => last.end = n,
                None => pages.push(page_start..n),
            }
            break;
        }
        let mut y = 0.0;
        let mut fit = start;
        for (k, item) in items.iter().enumerate().skip(start) {
            match item {
                VItem::Space(h) => y += h,
                VItem::Line(l) => {
                    if y + l.leading > available + 0.01 {
                        break;
                    }
                    y += l.leading;
                    fit = k + 1;
                }
            }
        }
        if fit >= n {
            pages.push(page_start..n);
            break;
        }
        // Back up to the last line a page may end after; if there is none
        // (one block taller than a page), break where the page is full.
        let end = (start + 1..=fit)
            .rev()
            .find(|&e| matches!(&items[e - 1], VItem::Line(l) if l.break_after))
            .unwrap_or(fit.max(start + 1));
        pages.push(page_start..end);
        start = end;
    }
    pages
}

/// The running header of pages 2 onwards.
pub(super) fn header(
    b: &mut Composer,
    doc: &Document,
    index: usize,
    page: &mut Page,
) -> Result<(), Error> {
    let style = b.style;
    let h = &style.header;
    let left = style.page.margin_left.0;
    let width = style.text_width();
    let context = "the running header";
    let symbol = b
        .plain_lines(&doc.short_symbol, h.face, h.size, width, Align::Left)
        .map_err(|e| located(e, context))?;
    let number = fill(&h.page_number, &[("", &(index + 1).to_string())]);
    let number = b
        .plain_lines(&number, h.face, h.size, width, Align::Right)
        .map_err(|e| located(e, context))?;
    for line in symbol.into_iter().chain(number) {
        page.lines.push(PlacedLine {
            x: left + line.offset,
            right: left + width,
            baseline: h.baseline.0,
            line,
            role: Role::Header,
            paragraph: None,
            block: None,
            hangs: false,
        });
    }
    Ok(())
}

/// Underlines become rules under their text.
pub(super) fn underlines(style: &Style, page: &mut Page) {
    let (offset, thickness) = (
        style.cover.underline_offset.0,
        style.cover.underline_thickness.0,
    );
    for l in &page.lines {
        for &(x0, x1) in &l.line.underlines {
            page.rules.push(Rect {
                x: l.x + x0,
                y: l.baseline + offset,
                width: x1 - x0,
                height: thickness,
            });
        }
    }
}
