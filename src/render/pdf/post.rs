//! The lopdf pass: printpdf's parts in, the finished file out.
//!
//! printpdf writes page content well; this pass does what it gets wrong or
//! leaves out for this document:
//!
//! - joins the parts `write` built on separate threads into one page tree;
//! - writes the fonts itself, each face whole whichever part uses it: the
//!   subset program, `/W` by code, `/CIDToGIDMap` and a `/ToUnicode` that
//!   gives every code its own character (see `embed`);
//! - link annotations for references, landing on the paragraph;
//! - a nested outline whose entries land on their headings (printpdf's is
//!   flat, sorted by page and name, and lands on page tops);
//! - `/Lang`, `/PageMode /UseOutlines` as a name (printpdf writes a
//!   string), PDF 1.7, and an Info dictionary without printpdf's PDF/X
//!   claim or dates;
//! - compression at a level chosen for speed, on all cores;
//! - a fixed `/ID` computed from the content, so that the same inputs give
//!   the same bytes whatever the process rendered before (printpdf's ids
//!   come from a process-wide counter).

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::embed::Embedded;
use super::fonts::{Face, Fonts, pdf_width};
use super::layout::Layout;
use super::write::{Meta, round};

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A page (0-based) and the height of the place's top on it.
    Page {
        page: usize,
        top: f32,
    },
    Uri(String),
}

/// A link area: page (0-based), rectangle in PDF coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkBox {
    pub page: usize,
    pub rect: [f32; 4],
    pub target: Target,
}

/// zlib level for streams. lopdf's own `compress` uses the best (9): on
/// the 600-page benchmark document that is about a second, against 0.23 s
/// at level 6 and 0.1 s at 3, for 2.37 and 2.58 MB.
const COMPRESSION: u32 = 3;

/// A destination on `page` at height `top`, keeping the zoom and the
/// horizontal position.
fn xyz(page: ObjectId, top: f32) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        name("XYZ"),
        Object::Null,
        Object::Real(top),
        Object::Null,
    ])
}

/// UTF-16BE with a byte order mark: a PDF text string for any text.
pub fn utf16_text(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    bytes
}

/// A text string for the Info dictionary and outline: PDFDocEncoding is
/// ASCII-compatible; anything else goes as UTF-16BE.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        Object::String(utf16_text(text), StringFormat::Hexadecimal)
    }
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// Finishes the parts into one file.
pub fn finish(
    mut parts: Vec<Document>,
    layout: &Layout,
    fonts: &Fonts,
    embedded: &[Embedded],
    links: &[LinkBox],
    meta: &Meta,
) -> Result<Vec<u8>, lopdf::Error> {
    if parts.is_empty() {
        return Err(lopdf::Error::PageNumberNotFound(1));
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

    write_fonts(&mut doc, &pages, fonts, embedded)?;
    annotate(&mut doc, &pages, links)?;
    let outline = outline(&mut doc, layout, &pages);

    let catalog = doc.catalog_mut()?;
    catalog.set("Lang", Object::string_literal(meta.lang));
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

    // Info: no dates (no clock), no PDF/X claim.
    let info = Dictionary::from_iter(vec![
        ("Title", text_string(meta.title)),
        ("Author", text_string(meta.author)),
        ("Subject", text_string(meta.subject)),
        ("Creator", text_string("ptcdoc")),
        (
            "Producer",
            text_string("ptcdoc (printpdf 0.12.8, lopdf 0.44.0)"),
        ),
    ]);
    let info_id = doc.trailer.get(b"Info")?.as_reference()?;
    doc.objects.insert(info_id, Object::Dictionary(info));

    // printpdf's own font objects, now unused, go.
    doc.prune_objects();
    compress(
        &mut doc,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    let id = document_id(&doc, meta);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.to_vec(), StringFormat::Hexadecimal),
            Object::String(id.to_vec(), StringFormat::Hexadecimal),
        ]),
    );
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)?;
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

/// Writes every embedded face and points the shared font resources at it.
fn write_fonts(
    doc: &mut Document,
    pages: &[ObjectId],
    fonts: &Fonts,
    embedded: &[Embedded],
) -> Result<(), lopdf::Error> {
    let Some(&first) = pages.first() else {
        return Ok(());
    };
    let resources = doc
        .get_dictionary(first)?
        .get(b"Resources")?
        .as_reference()?;
    let font_dict = match doc.get_dictionary(resources)?.get(b"Font") {
        Ok(Object::Reference(id)) => *id,
        _ => {
            let id = doc.add_object(Dictionary::new());
            doc.get_dictionary_mut(resources)?
                .set("Font", Object::Reference(id));
            id
        }
    };
    for e in embedded {
        let font = font_objects(doc, e, fonts);
        doc.get_dictionary_mut(font_dict)?
            .set(e.resource.as_str(), Object::Reference(font));
    }
    Ok(())
}

/// The objects of one face: Type0 font, CIDFontType2 descendant, font
/// descriptor, font program, `/CIDToGIDMap` and `/ToUnicode`.
fn font_objects(doc: &mut Document, e: &Embedded, fonts: &Fonts) -> ObjectId {
    let info = &fonts.face(e.face).info;
    let upm = f32::from(info.units_per_em);
    let scale = |v: i16| Object::Integer((f32::from(v) * 1000.0 / upm).round() as i64);
    let italic_angle = if info.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(info.caret_slope_run).atan2(f32::from(info.caret_slope_rise)))
            .to_degrees()
            .round() as i64
    };
    // FontDescriptor /Flags: nonsymbolic (32), serif (2), italic (64).
    let serif = matches!(
        e.face,
        Face::Serif | Face::SerifBold | Face::SerifItalic | Face::SerifBoldItalic
    );
    let flags = 32 | if serif { 2 } else { 0 } | if italic_angle != 0 { 64 } else { 0 };
    // No table states the stem width; estimate it from the weight class, as
    // PDF producers conventionally do (about 88 at 400, 166 at 700).
    let stem_v = 50 + (f32::from(info.weight_class) / 65.0).powi(2).round() as i64;

    let program = doc.add_object(Stream::new(
        Dictionary::from_iter(vec![("Length1", Object::Integer(e.program.len() as i64))]),
        e.program.clone(),
    ));
    let descriptor = doc.add_object(Dictionary::from_iter(vec![
        ("Type", name("FontDescriptor")),
        ("FontName", name(&e.base_font)),
        ("Flags", Object::Integer(flags)),
        (
            "FontBBox",
            Object::Array(info.bbox.iter().map(|&v| scale(v)).collect()),
        ),
        ("ItalicAngle", Object::Integer(italic_angle)),
        ("Ascent", scale(info.ascender)),
        ("Descent", scale(info.descender)),
        ("CapHeight", scale(info.cap_height)),
        ("StemV", Object::Integer(stem_v)),
        ("FontFile2", Object::Reference(program)),
    ]));
    let widths: Vec<Object> = e
        .advances
        .iter()
        .map(|&w| Object::Integer(pdf_width(w, info.units_per_em)))
        .collect();
    let map = doc.add_object(Stream::new(Dictionary::new(), e.cid_to_gid_map()));
    let descendant = doc.add_object(Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name("CIDFontType2")),
        ("BaseFont", name(&e.base_font)),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        (
            "W",
            Object::Array(vec![Object::Integer(0), Object::Array(widths)]),
        ),
        ("CIDToGIDMap", Object::Reference(map)),
    ]));
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), e.to_unicode().into_bytes()));
    doc.add_object(Dictionary::from_iter(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name(&e.base_font)),
        ("Encoding", name("Identity-H")),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Reference(descendant)]),
        ),
        ("ToUnicode", Object::Reference(to_unicode)),
    ]))
}

/// Link annotations, without border, landing where the reference points.
fn annotate(doc: &mut Document, pages: &[ObjectId], links: &[LinkBox]) -> Result<(), lopdf::Error> {
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
        match &link.target {
            Target::Page { page, top } => {
                let Some(&dest) = pages.get(*page) else {
                    continue;
                };
                annot.set("Dest", xyz(dest, *top));
            }
            Target::Uri(uri) => {
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

/// The nested outline: sections, and the headings inside them.
fn outline(doc: &mut Document, layout: &Layout, pages: &[ObjectId]) -> Option<ObjectId> {
    let entries = &layout.outline;
    if entries.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // Each entry's parent: the nearest earlier entry of a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack
            .last()
            .is_some_and(|&top| entries[top].level >= e.level)
        {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    for (i, e) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let at = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let kids = children(Some(i));
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&e.title));
        dict.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        if at > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[at - 1]]));
        }
        if let Some(&next) = siblings.get(at + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            dict.set("Count", Object::Integer(kids.len() as i64));
        }
        if let Some(&page) = pages.get(e.dest.page) {
            dict.set("Dest", xyz(page, round(layout.height - e.dest.y, 0.001)));
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = children(None);
    let mut dict = Dictionary::new();
    dict.set("Type", name("Outlines"));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        dict.set("First", Object::Reference(ids[first]));
        dict.set("Last", Object::Reference(ids[last]));
    }
    dict.set("Count", Object::Integer(entries.len() as i64));
    doc.objects.insert(root, Object::Dictionary(dict));
    Some(root)
}

/// Compresses the page content streams of a part (its font objects are
/// replaced later: packing them would be wasted).
pub fn compress_contents(doc: &mut Document) {
    let contents: std::collections::BTreeSet<ObjectId> = doc
        .get_pages()
        .values()
        .filter_map(|&p| {
            doc.get_dictionary(p)
                .ok()?
                .get(b"Contents")
                .ok()?
                .as_reference()
                .ok()
        })
        .collect();
    let mut streams: Vec<&mut Stream> = doc
        .objects
        .iter_mut()
        .filter(|(id, _)| contents.contains(id))
        .filter_map(|(_, o)| match o {
            Object::Stream(s) if s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    compress_all(&mut streams);
}

/// Compresses every stream that may be and is not yet, on up to `threads`
/// threads: each stream alone, so the bytes do not depend on the number.
fn compress(doc: &mut Document, threads: usize) {
    let mut streams: Vec<&mut Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    let chunk = streams.len().div_ceil(threads.max(1)).max(1);
    if threads <= 1 {
        compress_all(&mut streams);
        return;
    }
    std::thread::scope(|scope| {
        let mut parts = streams.chunks_mut(chunk);
        let mine = parts.next();
        for part in parts {
            scope.spawn(move || compress_all(part));
        }
        if let Some(part) = mine {
            compress_all(part);
        }
    });
}

fn compress_all(streams: &mut [&mut Stream]) {
    use std::io::Write;
    for s in streams {
        let mut z = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(s.content.len() / 3),
            flate2::Compression::new(COMPRESSION),
        );
        let packed = z.write_all(&s.content).and_then(|_| z.finish());
        // As lopdf does: keep the stream plain when packing does not pay.
        if let Ok(packed) = packed
            && packed.len() + 19 < s.content.len()
        {
            s.dict.set("Filter", name("FlateDecode"));
            s.set_content(packed);
        }
    }
}

/// 16 bytes from the (compressed) streams and metadata: two FNV-1a 64
/// hashes with different seeds. A fingerprint, not a security measure.
fn document_id(doc: &Document, meta: &Meta) -> [u8; 16] {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    let mut feed = |bytes: &[u8]| {
        for &x in bytes {
            a = (a ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        a = a.rotate_left(5);
    };
    feed(meta.title.as_bytes());
    feed(meta.subject.as_bytes());
    feed(meta.lang.as_bytes());
    for object in doc.objects.values() {
        if let Object::Stream(s) = object {
            feed(&s.content);
        }
    }
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&a.to_be_bytes());
    id[8..].copy_from_slice(&b.to_be_bytes());
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::layout::{Dest, OutlineEntry};

    #[test]
    fn text_strings() {
        assert_eq!(
            text_string("PC0608Ea"),
            Object::String(b"PC0608Ea".to_vec(), StringFormat::Literal)
        );
        match text_string("Évolutions") {
            Object::String(bytes, StringFormat::Hexadecimal) => {
                assert_eq!(&bytes[..4], &[0xFE, 0xFF, 0x00, 0xC9]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn outline_nests_headings_under_sections() {
        let dest = |page, y| Dest { page, y };
        let entry = |level, title: &str, d| OutlineEntry {
            level,
            title: title.to_string(),
            dest: d,
        };
        let layout = Layout {
            width: 595.0,
            height: 842.0,
            pages: Vec::new(),
            links: Vec::new(),
            destinations: Default::default(),
            outline: vec![
                entry(0, "I. One", dest(0, 100.0)),
                entry(1, "Sub a", dest(0, 300.0)),
                entry(1, "Sub b", dest(1, 100.0)),
                entry(0, "II. Two", dest(1, 400.0)),
            ],
        };
        let mut doc = Document::with_version("1.7");
        let pages = vec![
            doc.add_object(Dictionary::new()),
            doc.add_object(Dictionary::new()),
        ];
        let root = outline(&mut doc, &layout, &pages).unwrap();
        let root = doc.get_dictionary(root).unwrap();
        let first = root.get(b"First").unwrap().as_reference().unwrap();
        let one = doc.get_dictionary(first).unwrap();
        assert_eq!(one.get(b"Count").unwrap().as_i64().unwrap(), 2);
        let sub_a = doc
            .get_dictionary(one.get(b"First").unwrap().as_reference().unwrap())
            .unwrap();
        let dest = sub_a.get(b"Dest").unwrap().as_array().unwrap();
        assert_eq!(dest[0].as_reference().unwrap(), pages[0]);
        assert_eq!(dest[3].as_float().unwrap(), 542.0);
        let two = doc
            .get_dictionary(one.get(b"Next").unwrap().as_reference().unwrap())
            .unwrap();
        assert_eq!(two.get(b"Title").unwrap().as_str().unwrap(), b"II. Two");
        assert!(two.get(b"Next").is_err());
    }
}
