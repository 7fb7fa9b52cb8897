//! Pagination: from the vertical list to pages. Pages are filled
//! greedily, backing up to the last line a page may end after (see
//! [`super::vlist`] for which those are); a block taller than a page breaks
//! where the page is full. Underlines become rules here too.

use std::collections::HashMap;

use super::super::style::Style;
use super::vlist::VItem;
use super::{Dest, Page, Rect};

/// The body's pages, and where each anchor landed.
pub(super) struct Placed {
    pub(super) pages: Vec<Page>,
    pub(super) destinations: HashMap<String, Dest>,
}

/// Puts the vertical list on pages of the style's text area; the first
/// of them is page `first_index` of the document (0-based).
pub(super) fn place(items: Vec<VItem>, style: &Style, first_index: usize) -> Placed {
    let page = &style.page;
    let top = page.margin_top.0;
    let available = page.height.0 - page.margin_bottom.0 - top;
    let ranges = paginate(&items, available);
    let mut pages = Vec::new();
    let mut destinations = HashMap::new();
    let mut items = items.into_iter();
    for range in ranges {
        let index = first_index + pages.len();
        let mut out = Page::default();
        let mut y = top;
        let mut started = false;
        for item in items.by_ref().take(range.len()) {
            match item {
                VItem::Space(h) => {
                    if started {
                        y += h;
                    }
                }
                VItem::Line(l) => {
                    let mut l = *l;
                    started = true;
                    for a in std::mem::take(&mut l.anchors) {
                        destinations.insert(a, Dest { page: index, y });
                    }
                    y += l.place(y, &mut out);
                }
            }
        }
        pages.push(out);
    }
    Placed {
        pages,
        destinations,
    }
}

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
