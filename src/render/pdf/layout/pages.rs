//! Pagination: from the vertical list to pages. Pages are filled
//! greedily, backing up to the last line a page may end after (see
//! [`super::vlist`] for which those are); a block taller than a page breaks
//! where the page is full. Underlines become rules here too.

use crate::model::Revision;
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

/// A redline's marks become rules: under inserted text, through deleted
/// text, and a bar in the left margin beside every line with either.
fn revision_rules(style: &Style, page: &mut Page) {
    let (offset, thickness) = (
        style.cover.underline_offset.0,
        style.cover.underline_thickness.0.max(0.6),
    );
    let bar_x = (style.page.margin_left.0 - 12.0).max(0.0);
    for l in &page.lines {
        for &(x0, x1, r) in l.line.revisions() {
            let y = match r {
                Revision::Inserted => l.baseline + offset,
                // Through the middle of the lower case letters.
                Revision::Deleted => l.baseline - 0.25 * l.line.size,
            };
            let rect = Rect {
                x: l.x + x0,
                y,
                width: x1 - x0,
                height: thickness,
            };
            page.revision_rules.push((rect, Some(r)));
        }
        if !l.line.revisions().is_empty() {
            let bar = Rect {
                x: bar_x,
                y: l.baseline - 0.9 * l.line.size,
                width: 1.5,
                height: 1.25 * l.line.size,
            };
            page.revision_rules.push((bar, None));
        }
    }
}

/// Underlines become rules under their text; a redline's marks, rules
/// of their own.
pub(super) fn underlines(style: &Style, page: &mut Page) {
    revision_rules(style, page);
    let (offset, thickness) = (
        style.cover.underline_offset.0,
        style.cover.underline_thickness.0,
    );
    for l in &page.lines {
        for &(x0, x1) in l.line.underlines() {
            page.rules.push(Rect {
                x: l.x + x0,
                y: l.baseline + offset,
                width: x1 - x0,
                height: thickness,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::paragraph::Line;
    use super::super::Role;
    use super::super::vlist::{VLine, mark_breaks};
    use super::*;

    /// A synthetic line of text `unit`, 10 pt of leading.
    fn line(unit: usize) -> VLine {
        VLine {
            x: 0.0,
            right: 100.0,
            line: Line::empty(10.0),
            role: Role::Text,
            leading: 10.0,
            ascent: 8.0,
            attached: Vec::new(),
            anchors: Vec::new(),
            paragraph: None,
            block: None,
            unit,
            break_after: true,
            keep: false,
        }
    }

    fn heading(unit: usize) -> VLine {
        VLine {
            role: Role::Heading,
            keep: true,
            ..line(unit)
        }
    }

    /// `mark_breaks` over one block of lines: where a page may end.
    fn marks(mut block: Vec<VLine>, orphans: usize, widows: usize) -> Vec<bool> {
        let mut refs: Vec<&mut VLine> = block.iter_mut().collect();
        mark_breaks(&mut refs, orphans, widows);
        block.iter().map(|l| l.break_after).collect()
    }

    /// The vertical list of some blocks, each sealed as the composer does,
    /// with `space` points between blocks.
    fn list(blocks: Vec<Vec<VLine>>, space: f32) -> Vec<VItem> {
        let mut items = Vec::new();
        for (i, block) in blocks.into_iter().enumerate() {
            if i > 0 && space > 0.0 {
                items.push(VItem::Space(space));
            }
            let mut block = block;
            let mut refs: Vec<&mut VLine> = block.iter_mut().collect();
            mark_breaks(&mut refs, 2, 2);
            items.extend(block.into_iter().map(|l| VItem::Line(Box::new(l))));
        }
        items
    }

    /// The lines per page (spaces not counted).
    fn lines_per_page(items: &[VItem], available: f32) -> Vec<usize> {
        paginate(items, available)
            .into_iter()
            .map(|r| {
                items[r]
                    .iter()
                    .filter(|i| matches!(i, VItem::Line(_)))
                    .count()
            })
            .collect()
    }

    #[test]
    fn no_orphan_and_no_widow_in_a_paragraph() {
        let paragraph = || (0..6).map(|_| line(1)).collect::<Vec<_>>();
        assert_eq!(
            marks(paragraph(), 2, 2),
            [false, true, true, true, false, true]
        );
        assert_eq!(
            marks(paragraph(), 3, 3),
            [false, false, true, false, false, true]
        );
    }

    #[test]
    fn the_rules_hold_in_each_text_of_a_block_too() {
        // A numbered paragraph of 3 lines and a list item of 3 (units 1
        // and 2): no break leaves one line of either alone.
        let block = vec![line(1), line(1), line(1), line(2), line(2), line(2)];
        assert_eq!(marks(block, 2, 2), [false, false, true, false, false, true]);
    }

    #[test]
    fn a_heading_keeps_with_the_next_line() {
        let block = vec![heading(1), heading(1)];
        assert_eq!(marks(block, 1, 1), [false, false]);
    }

    #[test]
    fn a_line_ending_inside_a_word_never_ends_a_page() {
        let mut split = line(1);
        split.line.splits_word = true;
        let block = vec![line(1), line(1), split, line(1), line(1)];
        assert_eq!(marks(block, 1, 1), [true, true, false, true, true]);
    }

    #[test]
    fn a_page_backs_up_to_keep_widows_and_orphans() {
        // Three lines, then a four-line paragraph; pages of 6 lines. A
        // page ending after the paragraph's third line would leave one
        // widow: it ends after the second instead.
        let items = list(vec![vec![line(1); 3], vec![line(2); 4]], 0.0);
        assert_eq!(lines_per_page(&items, 60.0), [5, 2]);
        // Pages of 4 lines: the paragraph may not leave one orphan behind
        // either, so it starts on the next page.
        assert_eq!(lines_per_page(&items, 40.0), [3, 4]);
    }

    #[test]
    fn a_heading_is_never_last_on_a_page() {
        // Five lines fill the page but the last is a heading: it goes on
        // to the next page with its paragraph.
        let items = list(
            vec![vec![line(1); 4], vec![heading(2)], vec![line(3); 3]],
            0.0,
        );
        assert_eq!(lines_per_page(&items, 50.0), [4, 4]);
    }

    #[test]
    fn a_block_taller_than_a_page_breaks_where_the_page_is_full() {
        // Twelve lines with no place a page may end (one heading-like
        // block): pages of five, full, and the rest.
        let items = list(vec![vec![heading(1); 12]], 0.0);
        assert_eq!(lines_per_page(&items, 50.0), [5, 5, 2]);
    }

    #[test]
    fn spaces_at_the_top_of_a_page_take_no_room() {
        let style = crate::render::pdf::style::Style::parse(include_str!(
            "../../../../templates/pdf/style.toml"
        ))
        .unwrap();
        let page = &style.page;
        let available = page.height.0 - page.margin_bottom.0 - page.margin_top.0;
        // One line as tall as the text area, a space, then a line that
        // must go to the next page: at its top, not 20 pt below it.
        let mut tall = line(1);
        tall.leading = available;
        let mut next = line(2);
        next.anchors.push("para-2".to_string());
        let items = list(vec![vec![tall], vec![next]], 20.0);
        let placed = place(items, &style, 1);
        assert_eq!(placed.pages.len(), 2);
        let second = &placed.pages[1].lines[0];
        assert_eq!(second.baseline, page.margin_top.0 + 8.0);
        assert_eq!(
            placed.destinations["para-2"],
            Dest {
                page: 2,
                y: page.margin_top.0
            }
        );
    }
}
