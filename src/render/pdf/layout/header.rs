//! The running header of pages 2 onwards: the short symbol on the left,
//! the page number on the right, on one baseline above the text.

use crate::locale::fill;
use crate::model::Document;

use super::super::error::Error;
use super::super::paragraph::Align;
use super::vlist::Composer;
use super::{Page, PlacedLine, Role};

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
    let set = |b: &mut Composer| -> Result<_, Error> {
        let symbol = b.plain_lines(&doc.short_symbol, h.face, h.size, width, Align::Left)?;
        let number = fill(&h.page_number, &[("", &(index + 1).to_string())]);
        let number = b.plain_lines(&number, h.face, h.size, width, Align::Right)?;
        Ok((symbol, number))
    };
    let (symbol, number) = set(b).map_err(|e| e.at("the running header"))?;
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
