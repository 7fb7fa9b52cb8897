//! The fonts, written whole: each embedded face as a Type0 font over a
//! CIDFontType2 with its subset program, `/W`, `/CIDToGIDMap` and
//! `/ToUnicode`, named in the font dictionary of the first part.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::render::pdf::embed::Embedded;
use crate::render::pdf::fonts::{Face, Fonts, pdf_width};
use crate::render::pdf::objects::name;

/// Writes every embedded face and points the shared font resources at it.
pub(super) fn write_fonts(
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

    let mut program = Stream::new(
        Dictionary::from_iter(vec![("Length1", Object::Integer(e.program.len() as i64))]),
        e.program.clone(),
    );
    // Packed already, in the queue with the pages: as `compress` would
    // have packed it here.
    if let Some(packed) = &e.packed_program {
        program.dict.set("Filter", name("FlateDecode"));
        program.set_content(packed.clone());
    }
    let program = doc.add_object(program);
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
