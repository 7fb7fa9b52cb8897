//! The HTML page's fonts: the Liberation faces the PDF is set in, subset to
//! the characters the page shows in each and embedded as `@font-face` data
//! URIs, so that the file stays self-contained and looks the same on every
//! machine (system fonts lack, or draw at zero width, the French narrow
//! no-break space U+202F).
//!
//! Subsets are TrueType with a Unicode `cmap` and an `OS/2` table, which
//! browsers require and the PDF's subsets leave out, wrapped as WOFF.
//! Kerning tables are not carried over: their glyph numbers would not
//! survive the subset.

use anyhow::Context;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use allsorts::Font;
use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tag;

use crate::render::memo::Memo;
use crate::render::pdf::fonts::Face;

/// The CSS family, weight and style of a face.
fn descriptor(face: Face) -> (&'static str, u16, &'static str) {
    match face {
        Face::Serif => ("Liberation Serif", 400, "normal"),
        Face::SerifBold => ("Liberation Serif", 700, "normal"),
        Face::SerifItalic => ("Liberation Serif", 400, "italic"),
        Face::SerifBoldItalic => ("Liberation Serif", 700, "italic"),
        Face::Sans => ("Liberation Sans", 400, "normal"),
        Face::SansBold => ("Liberation Sans", 700, "normal"),
    }
}

/// The tables a browser needs to draw text with a TrueType font; glyph
/// outlines (`glyf`, `loca`) are always written. The hinting programs stay,
/// since the glyphs' own instructions call them.
const WEB_TABLES: [u32; 11] = [
    tag::CMAP,
    tag::HEAD,
    tag::HHEA,
    tag::HMTX,
    tag::MAXP,
    tag::NAME,
    tag::OS_2,
    tag::POST,
    tag::CVT,
    tag::FPGM,
    tag::PREP,
];

/// A font program of `bytes` with the glyphs of `chars` (those it has).
fn subset(bytes: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, allsorts::subset::SubsetError> {
    let data = ReadScope::new(bytes).read::<FontData<'_>>()?;
    let provider = data.table_provider(0)?;
    let mut font = Font::new(provider)?;
    let mut gids = BTreeSet::from([0u16]);
    for &c in chars {
        let (gid, _) = font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
        gids.insert(gid);
    }
    let gids: Vec<u16> = gids.into_iter().collect();
    allsorts::subset::subset(
        &font.font_table_provider,
        &gids,
        &SubsetProfile::Custom(WEB_TABLES.to_vec()),
        CmapTarget::Unicode,
    )
}

/// Standard base64 with padding, for the data URIs.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The `@font-face` rule of `face` with the subset of `chars`.
fn rule(face: Face, chars: &BTreeSet<char>) -> anyhow::Result<String> {
    let fail = || format!("cannot subset the font {} for HTML", face.name());
    let program = subset(face.file(), chars).with_context(fail)?;
    let program = super::woff::wrap(&program)
        .context("malformed subset")
        .with_context(fail)?;
    let (family, weight, style) = descriptor(face);
    Ok(format!(
        "@font-face {{ font-family: \"{family}\"; font-weight: {weight}; \
         font-style: {style}; src: url(data:font/woff;base64,{}) format(\"woff\"); }}\n",
        base64(&program)
    ))
}

/// Rules already made, by face and characters. A rule depends on nothing
/// else (the fonts are built in), and the same characters come back often:
/// in both languages for the letterhead's faces, and at every rebuild of
/// `ptcdoc watch`, where subsetting was most of the HTML's time. More are
/// kept than any document has faces in both languages, few enough (some
/// 20 KB each) to stay small in a long watch.
static RULES: Memo<(Face, String), str> = Memo::new(48);

/// One `@font-face` rule per face, in a fixed order, each with the subset
/// of that face's characters. Faces without characters are left out.
pub fn font_face_rules(by_face: &BTreeMap<Face, BTreeSet<char>>) -> anyhow::Result<String> {
    let mut css = String::new();
    for (&face, chars) in by_face {
        if !chars.is_empty() {
            let key = (face, chars.iter().collect());
            css.push_str(&RULES.get(key, || rule(face, chars).map(Arc::from))?);
        }
    }
    Ok(css)
}

#[cfg(test)]
mod tests {
    use super::*;
    use allsorts::tables::FontTableProvider;

    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    /// The process's rules are the rules made from the fonts.
    #[test]
    fn remembered_rules_are_the_rules() {
        let mut by_face = BTreeMap::new();
        by_face.insert(Face::SerifItalic, "ŵŷ".chars().collect::<BTreeSet<char>>());
        by_face.insert(Face::Sans, BTreeSet::new());
        let css = font_face_rules(&by_face).unwrap();
        assert_eq!(
            css,
            rule(Face::SerifItalic, &by_face[&Face::SerifItalic]).unwrap()
        );
        assert_eq!(css, font_face_rules(&by_face).unwrap());
    }

    /// The subset is a font a reader can parse, maps the characters asked
    /// for (U+202F among them) and nothing else of the alphabet.
    #[test]
    fn subsets_keep_exactly_the_characters_asked_for() {
        let chars: BTreeSet<char> = "ab \u{202F}«".chars().collect();
        let program = subset(Face::Serif.file(), &chars).unwrap();
        assert!(program.len() < 30_000, "{} bytes", program.len());
        let data = ReadScope::new(&program).read::<FontData<'_>>().unwrap();
        let provider = data.table_provider(0).unwrap();
        assert!(provider.has_table(tag::OS_2));
        let mut font = Font::new(provider).unwrap();
        let mut gid = |c| {
            font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None)
                .0
        };
        for c in chars {
            assert_ne!(gid(c), 0, "{c:?}");
        }
        assert_eq!(gid('z'), 0);
    }
}
