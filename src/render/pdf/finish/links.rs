//! Link annotations: the link boxes `write` found, as borderless `/Link`
//! annotations that go to a place in the document or open a URI.

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::render::pdf::objects::{LinkAction, LinkBox, name, xyz};

/// Link annotations, without border, landing where the reference points.
pub(super) fn annotate(
    doc: &mut Document,
    pages: &[ObjectId],
    links: &[LinkBox],
) -> Result<(), lopdf::Error> {
    for link in links {
        let Some(&page) = pages.get(link.page) else {
            continue;
        };
        let mut annot = Dictionary::from_iter(vec![
            ("Type", name("Annot")),
            ("Subtype", name("Link")),
            (
                "Rect",
                Object::Array(link.rect.iter().map(|&v| Object::Real(v)).collect()),
            ),
            (
                "Border",
                Object::Array(vec![
                    Object::Integer(0),
                    Object::Integer(0),
                    Object::Integer(0),
                ]),
            ),
        ]);
        match &link.action {
            LinkAction::GoTo { page, top } => {
                let Some(&dest) = pages.get(*page) else {
                    continue;
                };
                annot.set("Dest", xyz(dest, *top));
            }
            LinkAction::Uri(uri) => {
                annot.set(
                    "A",
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("S", name("URI")),
                        ("URI", Object::string_literal(uri.as_str())),
                    ])),
                );
            }
        }
        let id = doc.add_object(annot);
        let page = doc.get_dictionary_mut(page)?;
        match page.get_mut(b"Annots") {
            Ok(Object::Array(annots)) => annots.push(Object::Reference(id)),
            _ => page.set("Annots", Object::Array(vec![Object::Reference(id)])),
        }
    }
    Ok(())
}
