//! The catalog and the Info dictionary: language, viewer preferences,
//! page mode, the document's facts, and a fixed `/ID`.

use crate::fingerprint::Fnv1a;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use crate::render::pdf::objects::{DocumentInfo, name, text_string};

/// Language, viewer preferences, the outline and page mode in the
/// catalog; the Info dictionary, with no dates (no clock) and no PDF/X
/// claim.
pub(super) fn set_catalog(
    doc: &mut Document,
    outline: Option<ObjectId>,
    info: &DocumentInfo,
) -> Result<(), lopdf::Error> {
    let catalog = doc.catalog_mut()?;
    catalog.set("Lang", Object::string_literal(info.lang.as_str()));
    catalog.set(
        "ViewerPreferences",
        Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    match outline {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", name("UseOutlines"));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", name("UseNone"));
        }
    }
    let dict = Dictionary::from_iter(vec![
        ("Title", text_string(&info.title)),
        ("Author", text_string(&info.author)),
        ("Subject", text_string(&info.subject)),
        ("Creator", text_string("ptcdoc")),
        (
            "Producer",
            text_string("ptcdoc (printpdf 0.12.8, lopdf 0.44.0)"),
        ),
    ]);
    let info_id = doc.trailer.get(b"Info")?.as_reference()?;
    doc.objects.insert(info_id, Object::Dictionary(dict));
    Ok(())
}

/// Sets the trailer's `/ID` from the finished (compressed) content.
pub(super) fn set_id(doc: &mut Document, info: &DocumentInfo) {
    let id = document_id(doc, info);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.to_vec(), StringFormat::Hexadecimal),
            Object::String(id.to_vec(), StringFormat::Hexadecimal),
        ]),
    );
}

/// 16 bytes from the (compressed) streams and metadata: two FNV-1a 64
/// hashes with different seeds. A fingerprint, not a security measure.
fn document_id(doc: &Document, info: &DocumentInfo) -> [u8; 16] {
    let mut a = Fnv1a::new();
    let mut b = Fnv1a::with_basis(0x8422_2325_cbf2_9ce4);
    let mut feed = |bytes: &[u8]| {
        // Both hashes in one pass: each byte's step waits on the one
        // before, so two chains side by side take the time of one.
        let (mut x, mut y) = (a, b);
        for &byte in bytes {
            x.byte(byte);
            y.byte(byte);
        }
        (a, b) = (x, y);
        a = Fnv1a::with_basis(a.value().rotate_left(5));
    };
    feed(info.title.as_bytes());
    feed(info.subject.as_bytes());
    feed(info.lang.as_bytes());
    for object in doc.objects.values() {
        if let Object::Stream(s) = object {
            feed(&s.content);
        }
    }
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&a.value().to_be_bytes());
    id[8..].copy_from_slice(&b.value().to_be_bytes());
    id
}
