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
use std::fmt::Write as _;

use rustc_hash::FxHashMap;

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
    /// The subset font program (TrueType): empty until made
    /// ([`Face::subset`]).
    pub program: Vec<u8>,
    /// The program deflated, when it was packed ahead (see
    /// `finish::compress::pack`); else the file's compression packs it.
    pub packed_program: Option<Vec<u8>>,
    /// The glyphs of the subset program, in its order (from `.notdef`).
    pub gids: Vec<u16>,
    /// The code of each (glyph, character) pair shown.
    pub codes: FxHashMap<(u16, char), u16>,
    /// By glyph id: the code of the glyph with the first character it was
    /// seen with (0: not shown). Every glyph of the pages is looked up as
    /// it is written, and nearly every glyph shows one character only.
    pub by_gid: Vec<u16>,
    /// For each code (index), the glyph in the subset program.
    pub cid_to_gid: Vec<u16>,
    /// For each code (index), the character it shows (code 0: none).
    pub chars: Vec<Option<char>>,
    /// For each code (index), the advance in font units.
    pub advances: Vec<u16>,
}

impl Embedded {
    /// The code of a glyph shown for a character (0 for a pair not shown).
    pub fn code(&self, gid: u16, ch: char) -> u16 {
        match self.by_gid.get(usize::from(gid)) {
            Some(&code) if code != 0 && self.chars[usize::from(code)] == Some(ch) => code,
            _ => self.codes.get(&(gid, ch)).copied().unwrap_or(0),
        }
    }

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
            let _ = writeln!(out, "{} beginbfchar", chunk.len());
            for &(cid, c) in chunk {
                let _ = write!(out, "<{cid:04X}> <");
                for unit in c.encode_utf16(&mut [0u16; 2]) {
                    let _ = write!(out, "{unit:04X}");
                }
                out.push_str(">\n");
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

/// Subsets every face the layout uses: [`codes`], then each face's
/// program ([`Face::subset`]).
pub fn embed(layout: &Layout, fonts: &Fonts) -> Result<Vec<Embedded>, Error> {
    let mut embedded = codes(layout, fonts);
    for e in &mut embedded {
        e.program = e.face.subset(&e.gids)?;
    }
    Ok(embedded)
}

/// The faces the layout uses, with their codes and glyphs, but not yet
/// their programs: the pages can be written with these while the
/// programs are made (see `write::write`).
pub fn codes(layout: &Layout, fonts: &Fonts) -> Vec<Embedded> {
    // Every glyph of the document passes here. A glyph nearly always shows
    // one character, so each face keeps, by glyph id, the first character
    // seen with it; the rare other (a stand-in's glyph: the hyphen shown
    // for U+2011) goes to a set of its own.
    let mut first: Vec<Vec<Option<char>>> = vec![Vec::new(); Face::ALL.len()];
    let mut others: BTreeSet<(Face, u16, char)> = BTreeSet::new();
    for page in &layout.pages {
        for line in &page.lines {
            for g in &line.line.glyphs {
                let (face, gid, ch) = (g.face(), usize::from(g.gid), g.ch());
                let seen = &mut first[face.index()];
                if seen.len() <= gid {
                    seen.resize(gid + 1, None);
                }
                match seen[gid] {
                    None => seen[gid] = Some(ch),
                    Some(known) if known != ch => {
                        others.insert((face, g.gid, ch));
                    }
                    Some(_) => {}
                }
            }
        }
    }
    let mut used: BTreeMap<Face, BTreeSet<(u16, char)>> = BTreeMap::new();
    for (face, seen) in Face::ALL.iter().zip(&first) {
        let pairs = seen
            .iter()
            .enumerate()
            .filter_map(|(gid, ch)| Some((gid as u16, (*ch)?)));
        used.entry(*face).or_default().extend(pairs);
    }
    for (face, gid, ch) in others {
        used.entry(face).or_default().insert((gid, ch));
    }
    used.retain(|_, pairs| !pairs.is_empty());
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
        let mut by_gid = vec![0; usize::from(gids[gids.len() - 1]) + 1];
        let mut cid_to_gid = vec![0];
        let mut chars = vec![None];
        let mut advances = vec![data.advance_units(0)];
        for (i, &(gid, ch)) in pairs.iter().enumerate() {
            codes.insert((gid, ch), (i + 1) as u16);
            let code = &mut by_gid[usize::from(gid)];
            if *code == 0 && first[face.index()].get(usize::from(gid)) == Some(&Some(ch)) {
                *code = (i + 1) as u16;
            }
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
            by_gid,
            cid_to_gid,
            chars,
            advances,
        });
    }
    out
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
            by_gid: vec![0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
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

    /// A glyph shown for two characters (the hyphen, also drawn for the
    /// non-breaking hyphen U+2011) gets a code for each, wherever on the
    /// pages they come; codes follow glyph, then character, order.
    #[test]
    fn codes_cover_every_glyph_and_character_shown() {
        use super::super::layout::{Page, PlacedLine, Role};
        use super::super::paragraph::{Line, Placed};
        let fonts = Fonts::load().unwrap();
        let mut f = Fonts::load().unwrap();
        let hyphen = f.glyph(Face::Serif, '-').unwrap().gid;
        let a = f.glyph(Face::Serif, 'a').unwrap().gid;
        let bold_a = f.glyph(Face::SerifBold, 'a').unwrap().gid;
        let line = |glyphs: Vec<Placed>| PlacedLine {
            x: 0.0,
            right: 100.0,
            baseline: 0.0,
            line: Line {
                glyphs,
                ..Line::empty(12.0)
            },
            role: Role::Text,
            paragraph: None,
            block: None,
            hangs: false,
        };
        let page = |lines| Page {
            lines,
            ..Page::default()
        };
        let serif = |gid, ch| Placed::new(Face::Serif, false, gid, ch, 0.0);
        let layout = Layout {
            width: 595.0,
            height: 842.0,
            superscript: crate::render::pdf::style::Superscript {
                scale: 0.65,
                rise: 0.35,
            },
            pages: vec![
                page(vec![line(vec![serif(a, 'a'), serif(hyphen, '\u{2011}')])]),
                page(vec![line(vec![
                    serif(hyphen, '-'),
                    serif(a, 'a'),
                    Placed::new(Face::SerifBold, false, bold_a, 'a', 0.0),
                ])]),
            ],
            links: Vec::new(),
            destinations: Default::default(),
            outline: Vec::new(),
        };
        let embedded = codes(&layout, &fonts);
        assert_eq!(embedded.len(), 2);
        let serif = &embedded[0];
        assert_eq!(serif.face, Face::Serif);
        let mut want = [(hyphen, '-'), (hyphen, '\u{2011}'), (a, 'a')];
        want.sort();
        for (i, key) in want.iter().enumerate() {
            assert_eq!(serif.codes[key], i as u16 + 1, "{key:?}");
            assert_eq!(serif.code(key.0, key.1), i as u16 + 1, "{key:?}");
        }
        // A pair never shown has no code, even for a glyph that has one.
        assert_eq!(serif.code(a, 'b'), 0);
        assert_eq!(serif.code(u16::MAX, 'a'), 0);
        assert_eq!(serif.codes.len(), 3);
        assert_eq!(embedded[1].face, Face::SerifBold);
        assert_eq!(embedded[1].codes.len(), 1);
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
