//! The lopdf pass: the parts `write` made in, the finished file out.
//!
//! Who does what: printpdf builds each part's document objects (page
//! tree, pages, resources, fonts, catalog), [`super::content`] writes the
//! pages' content streams, and this pass, with lopdf, does what printpdf
//! leaves out or gets wrong for this document, one PDF concern per module:
//!
//! - here: joins the parts `write` built on separate threads into one page
//!   tree, and runs the others in order;
//! - [`fonts`]: writes the fonts (printpdf is given none), each face
//!   whole, whichever part uses it: the subset program, `/W` by code,
//!   `/CIDToGIDMap` and a `/ToUnicode` that gives every code its own
//!   character (see `embed`);
//! - [`links`]: link annotations for references, landing on the paragraph;
//! - [`outline`]: a nested outline whose entries land on their headings
//!   (printpdf's is flat, sorted by page and name, and lands on page tops);
//! - [`catalog`]: `/Lang`, `/PageMode /UseOutlines` as a name (printpdf
//!   writes a string), an Info dictionary without printpdf's PDF/X claim
//!   or dates, and a fixed `/ID` computed from the content, so that the
//!   same inputs give the same bytes whatever the process rendered before
//!   (printpdf's ids are random);
//! - [`compress`]: compression at a level chosen for speed, on all cores.

use lopdf::{Document, Object, ObjectId};

use super::embed::Embedded;
use super::error::Error;
use super::fonts::Fonts;
use super::layout::Layout;
use super::objects::{DocumentInfo, LinkBox};

mod catalog;
pub(super) mod compress;
mod fonts;
mod links;
mod outline;

/// What `write` hands over: the pages, in parts.
pub struct Parts {
    /// The parts' documents, in page order, content streams compressed.
    pub documents: Vec<Document>,
    /// Link areas of every page, in PDF coordinates.
    pub links: Vec<LinkBox>,
    /// The layout, its pages taken: size, destinations and outline.
    pub layout: Layout,
}

/// Finishes the parts into one file.
pub fn finish(
    parts: Parts,
    fonts: &Fonts,
    embedded: &[Embedded],
    info: &DocumentInfo,
) -> Result<Vec<u8>, Error> {
    let Parts {
        documents: mut parts,
        links,
        layout,
    } = parts;
    if parts.is_empty() {
        return Err(lopdf::Error::PageNumberNotFound(1).into());
    }
    let mut doc = parts.remove(0);
    if !parts.is_empty() {
        let tree = doc.catalog()?.get(b"Pages")?.as_reference()?;
        let first = *doc
            .get_pages()
            .values()
            .next()
            .ok_or(lopdf::Error::PageNumberNotFound(1))?;
        let resources = doc.get_dictionary(first)?.get(b"Resources")?.clone();
        for other in parts {
            join(&mut doc, other, tree, &resources)?;
        }
    }
    doc.version = "1.7".to_string();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();

    fonts::write_fonts(&mut doc, &pages, fonts, embedded)?;
    links::annotate(&mut doc, &pages, &links)?;
    let outline = outline::outline(&mut doc, &layout, &pages);
    catalog::set_catalog(&mut doc, outline, info)?;

    // Whatever the parts had that nothing refers to any more goes.
    doc.prune_objects();
    compress::compress(&mut doc);
    catalog::set_id(&mut doc, info);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).map_err(lopdf::Error::from)?;
    Ok(bytes)
}

/// Appends the pages of `other` to `doc`: page dictionaries and their
/// content streams; they share `doc`'s resources.
fn join(
    doc: &mut Document,
    mut other: Document,
    tree: ObjectId,
    resources: &Object,
) -> Result<(), lopdf::Error> {
    let mut kids = Vec::new();
    for (_, page_id) in other.get_pages() {
        let mut page = other.get_dictionary(page_id)?.clone();
        let contents = page.get(b"Contents")?.as_reference()?;
        let stream = other
            .objects
            .remove(&contents)
            .ok_or(lopdf::Error::ObjectNotFound(contents))?;
        page.set("Contents", Object::Reference(doc.add_object(stream)));
        page.set("Resources", resources.clone());
        page.set("Parent", Object::Reference(tree));
        kids.push(Object::Reference(doc.add_object(Object::Dictionary(page))));
    }
    let tree = doc.get_dictionary_mut(tree)?;
    let count = tree.get(b"Count")?.as_i64()? + kids.len() as i64;
    if let Ok(Object::Array(all)) = tree.get_mut(b"Kids") {
        all.extend(kids);
    }
    tree.set("Count", Object::Integer(count));
    Ok(())
}
