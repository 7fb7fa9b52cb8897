//! Fonts as the PDF embeds them: subset programs, character codes, and
//! the maps that turn codes back into glyphs and text.
//!
//! Each distinct (glyph, character) pair a face shows gets its own code
//! (a CID). Usually a glyph shows one character, but not always: the
//! non-breaking hyphen is drawn with the hyphen's glyph. Separate codes,
//! mapped to one glyph by `/CIDToGIDMap` and to their own characters by
//! `/ToUnicode`, let the text layer say exactly what the model says.
//!
//! Codes, subset glyph order and the subset tag all follow from the set of
//! pairs used, sorted: the same pages give the same bytes, whatever else
//! the process rendered before.

use crate::fingerprint::Fnv1a;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use super::error::Error;
use super::fonts::{Face, Fonts};
use super::layout::Layout;

/// One face, ready to embed.
#[derive(Debug, Clone)]
pub struct Embedded {
    pub face: Face,
    /// The resource name in page content ("F1").
    pub resource: String,
    /// `/BaseFont`: subset tag and PostScript name ("KPLMNA+LiberationSerif").
    pub base_font: String,
    /// The subset font program (TrueType): empty until
    /// [`subset_programs`] made it.
    pub program: Vec<u8>,
    /// The program deflated, when it was packed ahead (see
    /// `finish::compress::pack`); else the file's compression packs it.
    pub packed_program: Option<Vec<u8>>,
    /// The glyphs of the subset program, in its order (from `.notdef`).
    pub gids: Vec<u16>,
    /// The code of each (glyph, character) pair shown.
    pub codes: FxHashMap<(u16, char), u16>,
    /// For each code (index), the glyph in the subset program.
    pub cid_to_gid: Vec<u16>,
    /// For each code (index), the character it shows (code 0: none).
    pub chars: Vec<Option<char>>,
    /// For each code (index), the advance in font units.
    pub advances: Vec<u16>,
}

impl Embedded {
    /// The `/CIDToGIDMap` stream: two bytes per code, big-endian.
    pub fn cid_to_gid_map(&self) -> Vec<u8> {
        self.cid_to_gid
            .iter()
            .flat_map(|g| g.to_be_bytes())
            .collect()
    }

    /// The `/ToUnicode` CMap.
    pub fn to_unicode(&self) -> String {
        let mut out = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let entries: Vec<(usize, char)> = self
            .chars
            .iter()
            .enumerate()
            .filter_map(|(cid, c)| c.map(|c| (cid, c)))
            .collect();
        // A bfchar section holds at most 100 entries.
        for chunk in entries.chunks(100) {
            out.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for &(cid, c) in chunk {
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                out.push_str(&format!("<{cid:04X}> <{hex}>\n"));
            }
            out.push_str("endbfchar\n");
        }
        out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        out
    }
}

/// A six-capital-letter subset tag derived from what the subset holds.
fn subset_tag(name: &str, gids: &[u16]) -> String {
    let mut hash = Fnv1a::new();
    hash.bytes(name.as_bytes());
    for g in gids {
        hash.bytes(&g.to_be_bytes());
    }
    let h = hash.value();
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

/// Subsets every face the layout uses: [`codes`], then
/// [`subset_programs`].
pub fn embed(layout: &Layout, fonts: &Fonts) -> Result<Vec<Embedded>, Error> {
    let mut embedded = codes(layout, fonts);
    let programs = subset_programs(&embedded)?;
    for (e, program) in embedded.iter_mut().zip(programs) {
        e.program = program;
    }
    Ok(embedded)
}

/// The faces the layout uses, with their codes and glyphs, but not yet
/// their programs: the pages can be written with these while the
/// programs are made (see [`subset_programs`]).
pub fn codes(layout: &Layout, fonts: &Fonts) -> Vec<Embedded> {
    // Every glyph of the document passes here: a hash set of packed keys
    // first, sorted afterwards.
    let mut seen: FxHashSet<u64> = FxHashSet::default();
    for page in &layout.pages {
        for line in &page.lines {
            for g in &line.line.glyphs {
                seen.insert(
                    (g.face().index() as u64) << 48 | u64::from(g.gid) << 32 | u64::from(g.ch()),
                );
            }
        }
    }
    let mut used: BTreeMap<Face, BTreeSet<(u16, char)>> = BTreeMap::new();
    for key in seen {
        let face = Face::ALL[(key >> 48) as usize];
        let ch = char::from_u32((key & 0xFFFF_FFFF) as u32).unwrap_or('\u{FFFD}');
        used.entry(face)
            .or_default()
            .insert(((key >> 32) as u16, ch));
    }
    let mut out = Vec::new();
    for (face, pairs) in used {
        let data = fonts.face(face);
        let gids: Vec<u16> = std::iter::once(0)
            .chain(pairs.iter().map(|(g, _)| *g).collect::<BTreeSet<_>>())
            .collect();
        let new_gid: BTreeMap<u16, u16> = gids
            .iter()
            .enumerate()
            .map(|(i, &g)| (g, i as u16))
            .collect();
        let mut codes = FxHashMap::default();
        let mut cid_to_gid = vec![0];
        let mut chars = vec![None];
        let mut advances = vec![data.advance_units(0)];
        for (i, &(gid, ch)) in pairs.iter().enumerate() {
            codes.insert((gid, ch), (i + 1) as u16);
            cid_to_gid.push(new_gid[&gid]);
            chars.push(Some(ch));
            advances.push(data.advance_units(gid));
        }
        out.push(Embedded {
            face,
            resource: format!("F{}", face.index() + 1),
            base_font: format!(
                "{}+{}",
                subset_tag(&data.info.postscript_name, &gids),
                data.info.postscript_name
            ),
            program: Vec::new(),
            packed_program: None,
            gids,
            codes,
            cid_to_gid,
            chars,
            advances,
        });
    }
    out
}

/// The subset program of each face, in order: made with fonts of their
/// own (from the compiled-in files), so that it can run on a thread of
/// its own while the pages are written.
pub fn subset_programs(embedded: &[Embedded]) -> Result<Vec<Vec<u8>>, Error> {
    let fonts = Fonts::load()?;
    embedded
        .iter()
        .map(|e| fonts.face(e.face).subset(&e.gids))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Embedded {
        Embedded {
            face: Face::Serif,
            resource: "F1".into(),
            base_font: "AAAAAA+LiberationSerif".into(),
            program: Vec::new(),
            packed_program: None,
            gids: vec![0, 1, 2],
            codes: FxHashMap::from_iter([((16, '-'), 1), ((16, '\u{2011}'), 2), ((3, ' '), 3)]),
            cid_to_gid: vec![0, 2, 2, 1],
            chars: vec![None, Some('-'), Some('\u{2011}'), Some(' ')],
            advances: vec![0, 682, 682, 512],
        }
    }

    #[test]
    fn one_glyph_two_codes_two_characters() {
        let e = sample();
        let cmap = e.to_unicode();
        assert!(cmap.contains("<0001> <002D>"), "{cmap}");
        assert!(cmap.contains("<0002> <2011>"), "{cmap}");
        assert!(cmap.contains("3 beginbfchar"), "{cmap}");
        assert_eq!(e.cid_to_gid_map(), vec![0, 0, 0, 2, 0, 2, 0, 1]);
    }

    #[test]
    fn tags_are_six_capitals_and_stable() {
        let t = subset_tag("LiberationSerif", &[0, 3, 16]);
        assert_eq!(t.len(), 6);
        assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t, subset_tag("LiberationSerif", &[0, 3, 16]));
        assert_ne!(t, subset_tag("LiberationSerif", &[0, 3, 17]));
    }
}
