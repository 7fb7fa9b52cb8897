//! The running header of pages 2 onwards, as the `pdf/cover.toml`
//! template describes it (by default the short symbol on the left, the
//! page number on the right, on one baseline above the text).

use crate::locale::fill;

use super::super::error::Error;
use super::super::furniture::Header;
use super::super::paragraph::Align;
use super::vlist::Composer;
use super::{Page, PlacedLine, Role, located};

/// The running header of page `index` (0-based), if there is one.
pub(super) fn header(
    b: &mut Composer,
    header: Option<&Header>,
    index: usize,
    page: &mut Page,
) -> Result<(), Error> {
    let Some(h) = header else {
        return Ok(());
    };
    let left = b.style.page.margin_left.0;
    let width = b.style.text_width();
    let number = (index + 1).to_string();
    let mut lines = Vec::new();
    for (text, align) in [(&h.left, Align::Left), (&h.right, Align::Right)] {
        let text = fill(text, &[("", &number)]);
        let set = b
            .plain_lines(&text, h.face, h.size, width, align)
            .map_err(|e| located(e, "the running header"))?;
        lines.extend(set);
    }
    for line in lines {
        page.lines.push(PlacedLine {
            x: left + line.offset,
            right: left + width,
            baseline: h.baseline,
            line,
            role: Role::Header,
            paragraph: None,
            block: None,
            hangs: false,
        });
    }
    Ok(())
}
