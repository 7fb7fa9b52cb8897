//! PDF objects shared by the steps that write the file: the document's
//! Info facts, rounding of coordinates, text strings, names,
//! destinations and link boxes. [`super::write`] and [`super::finish`] both
//! build on this module, and neither on the other's internals.

use lopdf::{Object, ObjectId, StringFormat};

use crate::model::{Document, Inline};

/// Document-level facts for the Info dictionary and the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub lang: String,
}

impl DocumentInfo {
    pub fn of(doc: &Document) -> DocumentInfo {
        DocumentInfo {
            title: Inline::plain(&doc.title),
            author: doc.words.organization.clone(),
            subject: format!(
                "{} – {}, {}",
                doc.symbol,
                doc.committee,
                Inline::plain(&doc.sessions)
            ),
            lang: doc.pdf_lang.clone(),
        }
    }
}

/// What following a link does.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkAction {
    /// Go to a page (0-based), to the height of the place's top on it.
    GoTo {
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
    pub action: LinkAction,
}

/// Rounds to `step`: shorter numbers in the content stream, and the same
/// digits on every machine.
pub fn round(v: f32, step: f32) -> f32 {
    // Multiply by the inverse and divide: `x / 1000` is the nearest f32 to
    // the decimal, so it prints short; `x * 0.001` is not.
    let inverse = (1.0 / step).round();
    (v * inverse).round() / inverse
}

/// A destination on `page` at height `top`, keeping the zoom and the
/// horizontal position.
pub fn xyz(page: ObjectId, top: f32) -> Object {
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
pub fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        Object::String(utf16_text(text), StringFormat::Hexadecimal)
    }
}

/// A PDF name object.
pub fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        assert_eq!(round(12.3456, 0.001), 12.346);
        assert_eq!(round(-0.0004, 0.001), -0.0);
        assert_eq!(format!("{}", round(771.024_05, 0.001)), "771.024");
    }

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
}
