//! The summary a redline's PDF opens its body with: the counts of
//! changes, what it was compared with, the cover facts that changed, and
//! a legend whose samples are marked as the changes are.

use crate::model::{Document, Revision};

use super::super::error::Error;
use super::super::paragraph::{Align, InlineStyle, Piece};
use super::Role;
use super::vlist::{Column, Composer};

/// Sets the summary of `doc`'s redline, if it is one, at the start of
/// the body.
pub(super) fn summary(b: &mut Composer, doc: &Document) -> Result<(), Error> {
    let Some(redline) = &doc.redline else {
        return Ok(());
    };
    let style = b.style;
    let words = &redline.words;
    let column = Column {
        x: style.page.margin_left.0,
        measure: style.text_width(),
    };
    let metrics = b.metrics(style.body.face, style.body.size, style.body.leading);
    let plain = InlineStyle::plain(style.body.face);
    let marked = |revision| InlineStyle {
        revision: Some(revision),
        ..plain
    };
    let from = b.items.len();
    let bold = InlineStyle::plain(style.body.face.bold());
    let mut lines = vec![vec![Piece::Text(redline.heading(), bold)]];
    let compared = crate::locale::fill(
        &words.compared,
        &[("symbol", &doc.symbol), ("against", &redline.against)],
    );
    lines.push(vec![Piece::Text(compared, plain)]);
    for fact in &redline.cover {
        lines.push(vec![Piece::Text(fact.describe(words), plain)]);
    }
    lines.push(vec![
        Piece::Text(format!("{} ", words.legend), plain),
        Piece::Text(words.inserted.clone(), marked(Revision::Inserted)),
        Piece::Text(" · ".into(), plain),
        Piece::Text(words.deleted.clone(), marked(Revision::Deleted)),
        Piece::Text(format!(" · {}", words.explanation), plain),
    ]);
    for pieces in &lines {
        b.text(pieces, metrics, column, Align::Left, Role::Text, true)?;
    }
    b.seal(from);
    Ok(())
}
