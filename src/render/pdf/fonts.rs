//! The PDF's fonts: the six Liberation faces shipped under
//! `templates/fonts/`, their metrics, and shaping (glyph mapping by the
//! face's `cmap`, and pair kerning, see [`kerning`]). allsorts reads the
//! tables; each face is read once per process and shared by all threads.
//!
//! Widths are kept in thousandths of an em exactly as the PDF's `/W` array
//! will state them (the font-unit advance scaled to 1000 and truncated, as
//! printpdf wrote it), so that what the layout measures is what a viewer
//! draws: measuring with the untruncated advances leaves justified lines
//! ragged by about half a point.

mod kerning;
mod subset;

use std::sync::{Arc, OnceLock};

use super::error::{Error, MissingGlyph};
use kerning::Kerning;

use rustc_hash::FxHashMap;

use allsorts::Font;
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::os2::Os2;
use allsorts::tables::{FontTableProvider, NameTable};
use allsorts::tag;
use serde::Deserialize;

/// One of the faces the PDF can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Face {
    Serif,
    SerifBold,
    SerifItalic,
    SerifBoldItalic,
    Sans,
    SansBold,
}

impl Face {
    pub const ALL: [Face; 6] = [
        Face::Serif,
        Face::SerifBold,
        Face::SerifItalic,
        Face::SerifBoldItalic,
        Face::Sans,
        Face::SansBold,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The face's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Face::Serif => "Liberation Serif",
            Face::SerifBold => "Liberation Serif Bold",
            Face::SerifItalic => "Liberation Serif Italic",
            Face::SerifBoldItalic => "Liberation Serif Bold Italic",
            Face::Sans => "Liberation Sans",
            Face::SansBold => "Liberation Sans Bold",
        }
    }

    /// The face's font file, as shipped (the HTML subsets it itself).
    pub fn file(self) -> &'static [u8] {
        match self {
            Face::Serif => include_bytes!("../../../templates/fonts/LiberationSerif-Regular.ttf"),
            Face::SerifBold => include_bytes!("../../../templates/fonts/LiberationSerif-Bold.ttf"),
            Face::SerifItalic => {
                include_bytes!("../../../templates/fonts/LiberationSerif-Italic.ttf")
            }
            Face::SerifBoldItalic => {
                include_bytes!("../../../templates/fonts/LiberationSerif-BoldItalic.ttf")
            }
            Face::Sans => include_bytes!("../../../templates/fonts/LiberationSans-Regular.ttf"),
            Face::SansBold => include_bytes!("../../../templates/fonts/LiberationSans-Bold.ttf"),
        }
    }

    /// The face emphasis turns this one into: italic, or upright again
    /// inside italic text (a quotation's emphasis).
    pub fn emphasized(self) -> Face {
        match self {
            Face::Serif => Face::SerifItalic,
            Face::SerifItalic => Face::Serif,
            Face::SerifBold => Face::SerifBoldItalic,
            Face::SerifBoldItalic => Face::SerifBold,
            // Liberation Sans ships without italics here; sans text stays upright.
            Face::Sans | Face::SansBold => self,
        }
    }

    /// The face's font program with only the glyphs given, renumbered in
    /// the order given (from glyph 0, `.notdef`); glyphs that composite
    /// glyphs need are appended after them (see [`subset`]).
    pub fn subset(self, gids: &[u16]) -> Result<Vec<u8>, Error> {
        subset::subset(self.file(), gids).map_err(|problem| Error::Subset {
            font: self.name().to_string(),
            problem,
        })
    }

    pub fn bold(self) -> Face {
        match self {
            Face::Serif | Face::SerifBold => Face::SerifBold,
            Face::SerifItalic | Face::SerifBoldItalic => Face::SerifBoldItalic,
            Face::Sans | Face::SansBold => Face::SansBold,
        }
    }
}

/// A glyph advance as the PDF's `/W` states it: thousandths of an em,
/// truncated, with printpdf's f32 arithmetic (the layout measures with
/// these widths, so a viewer draws what the layout measured).
pub fn pdf_width(units: u16, units_per_em: u16) -> i64 {
    (f32::from(units) * 1000.0 / f32::from(units_per_em)) as i64
}

/// Characters the fonts lack but can draw with another glyph: the
/// non-breaking hyphen looks like a hyphen (the text layer still says
/// U+2011).
fn stand_in(c: char) -> Option<char> {
    match c {
        '\u{2011}' => Some('-'),
        _ => None,
    }
}

/// What the PDF font descriptor needs to say about a face.
#[derive(Debug, Clone)]
pub struct FaceInfo {
    pub postscript_name: String,
    pub units_per_em: u16,
    pub ascender: i16,
    pub descender: i16,
    pub bbox: [i16; 4],
    pub caret_slope_rise: i16,
    pub caret_slope_run: i16,
    pub weight_class: u16,
    /// Height of capitals (OS/2), font units.
    pub cap_height: i16,
}

/// One shaped glyph: its id, the character it shows, and its advance in
/// thousandths of an em, kerning with the next glyph included.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    pub ch: char,
    /// `/W` width plus `kern`.
    pub advance: f32,
    /// The kerning adjustment towards the next glyph of the same run.
    pub kern: f32,
}

/// A face's metrics, character map and kerning: read once per process
/// (see [`FaceData::of`]) and shared by every thread that sets text in it.
pub struct FaceData {
    pub info: FaceInfo,
    /// Advance of every glyph, in font units (hmtx).
    advances: Vec<u16>,
    /// The same as `/W` will state it (see [`FaceData::width`]).
    widths: Vec<f32>,
    /// The face's Unicode `cmap`, whole: character to glyph.
    chars: CharMap,
    kerning: Kerning,
}

impl FaceData {
    /// The face, parsed on first use in the process. Every render, check
    /// and thread of a long layout used to parse its own: the default
    /// document's English PDF parsed Liberation Serif three times.
    fn of(face: Face) -> Result<&'static FaceData, Error> {
        static PARSED: [OnceLock<Result<FaceData, String>>; Face::ALL.len()] =
            [const { OnceLock::new() }; Face::ALL.len()];
        PARSED[face.index()]
            .get_or_init(|| FaceData::load(face))
            .as_ref()
            .map_err(|problem| Error::Font {
                font: face.name(),
                problem: problem.clone(),
            })
    }

    fn load(face: Face) -> Result<FaceData, String> {
        let bytes = face.file();
        let data = ReadScope::new(bytes)
            .read::<FontData<'static>>()
            .map_err(|e| format!("unreadable ({e})"))?;
        let provider = data
            .table_provider(0)
            .map_err(|e| format!("unreadable ({e})"))?;
        let postscript_name = provider
            .read_table_data(tag::NAME)
            .ok()
            .and_then(|d| {
                ReadScope::new(&d)
                    .read::<NameTable<'_>>()
                    .ok()
                    .and_then(|n| n.string_for_id(NameTable::POSTSCRIPT_NAME))
            })
            .unwrap_or_else(|| format!("{face:?}"));
        let os2 = provider
            .read_table_data(tag::OS_2)
            .ok()
            .and_then(|d| ReadScope::new(&d).read_dep::<Os2>(d.len()).ok());
        let weight_class = os2.as_ref().map_or(400, |o| o.us_weight_class);
        let cap_height = os2
            .as_ref()
            .and_then(|o| o.version2to4.as_ref().map(|v| v.s_cap_height));
        let kerning = match provider.read_table_data(tag::KERN) {
            Ok(table) => Kerning::read(&table)?,
            Err(_) => Kerning::default(),
        };
        let mut chars = CharMap::new();
        let cmap = provider
            .read_table_data(tag::CMAP)
            .map_err(|e| format!("`cmap`: {e}"))?;
        unicode_mappings(&cmap, |c, gid| chars.insert(c, gid))?;
        let mut font = Font::new(provider).map_err(|e| format!("unusable ({e})"))?;
        let advances: Vec<u16> = (0..font.num_glyphs())
            .map(|g| font.horizontal_advance(g).unwrap_or(0))
            .collect();
        let upm = font.head_table.units_per_em;
        let widths = advances.iter().map(|&w| pdf_width(w, upm) as f32).collect();
        let head = &font.head_table;
        let hhea = &font.hhea_table;
        let info = FaceInfo {
            postscript_name,
            units_per_em: head.units_per_em,
            ascender: hhea.ascender,
            descender: hhea.descender,
            bbox: [head.x_min, head.y_min, head.x_max, head.y_max],
            caret_slope_rise: hhea.caret_slope_rise,
            caret_slope_run: hhea.caret_slope_run,
            weight_class,
            cap_height: cap_height.unwrap_or(hhea.ascender),
        };
        Ok(FaceData {
            info,
            advances,
            widths,
            chars,
            kerning,
        })
    }

    /// The advance of a glyph in font units.
    pub fn advance_units(&self, gid: u16) -> u16 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// The advance of a glyph as `/W` states it: thousandths of an em,
    /// truncated. The arithmetic is printpdf's, to the bit.
    pub fn width(&self, gid: u16) -> f32 {
        self.widths.get(usize::from(gid)).copied().unwrap_or(0.0)
    }

    /// [`FaceData::width`] of every glyph, by glyph id.
    pub fn widths(&self) -> &[f32] {
        &self.widths
    }

    fn glyph_for(&self, c: char) -> Option<u16> {
        self.chars.get(c).filter(|&g| g != 0)
    }
}

/// A character map: by index below [`CharMap::DENSE`] (the alphabets
/// most text is in, where most of a face's characters are), hashed above.
struct CharMap {
    dense: Vec<u16>,
    sparse: FxHashMap<char, u16>,
}

impl CharMap {
    const DENSE: u32 = 0x800;

    fn new() -> CharMap {
        CharMap {
            dense: vec![0; CharMap::DENSE as usize],
            sparse: FxHashMap::default(),
        }
    }

    fn insert(&mut self, c: char, gid: u16) {
        match self.dense.get_mut(c as usize) {
            Some(slot) => *slot = gid,
            None => {
                self.sparse.insert(c, gid);
            }
        }
    }

    fn get(&self, c: char) -> Option<u16> {
        match self.dense.get(c as usize) {
            Some(&gid) => Some(gid),
            None => self.sparse.get(&c).copied(),
        }
    }

    #[cfg(test)]
    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let dense = (self.dense.iter().enumerate())
            .filter(|(_, g)| **g != 0)
            .filter_map(|(c, _)| char::from_u32(c as u32));
        dense.chain(self.sparse.keys().copied())
    }
}

/// Calls `visit` with every character a face's `cmap` table maps and its
/// glyph, from the Unicode subtable allsorts looks glyphs up in
/// (`read_cmap_subtable`): for the face's character map, and for the
/// `cmap` of a subset program.
fn unicode_mappings(table: &[u8], mut visit: impl FnMut(char, u16)) -> Result<(), String> {
    let cmap = ReadScope::new(table)
        .read::<Cmap<'_>>()
        .map_err(|e| format!("`cmap`: {e}"))?;
    let (encoding, subtable) = allsorts::font::read_cmap_subtable(&cmap)
        .map_err(|e| format!("`cmap`: {e}"))?
        .ok_or("no Unicode `cmap`")?;
    if encoding != allsorts::font::Encoding::Unicode {
        return Err("no Unicode `cmap`".into());
    }
    subtable
        .mappings_fn(|code, gid| {
            if let Some(c) = char::from_u32(code) {
                visit(c, gid);
            }
        })
        .map_err(|e| format!("`cmap`: {e}"))
}

/// The faces as one render or thread sets text in them: the faces
/// themselves are shared by the process (see [`FaceData::of`]), and each
/// `Fonts` keeps its own cache of shaped words (a document repeats its
/// words, and shaping is the costly part of measuring).
pub struct Fonts {
    /// Per face, so that a lookup borrows the word instead of building a key;
    /// `Arc`, because the halves of a long body are set on separate threads.
    cache: Vec<FxHashMap<Box<str>, Arc<[Glyph]>>>,
    /// Scratch for [`Fonts::shape`].
    shaping: Vec<Glyph>,
}

impl Fonts {
    /// The six faces, with nothing shaped yet. Fails only if a bundled
    /// face cannot be read; the first is read here (if the process has not
    /// read it yet) so that such a build fails at once.
    pub fn load() -> Result<Fonts, Error> {
        FaceData::of(Face::ALL[0])?;
        Ok(Fonts {
            cache: Face::ALL.iter().map(|_| FxHashMap::default()).collect(),
            shaping: Vec::new(),
        })
    }

    /// A face, parsed on first use in the process. The faces are compiled
    /// in, and the test `every_face_loads` reads each one: a failure here
    /// is a broken build, not bad input.
    pub fn face(&self, face: Face) -> &'static FaceData {
        FaceData::of(face).unwrap_or_else(|e| panic!("bundled font unreadable: {e}"))
    }

    /// The glyph of a single character, unshaped (spaces, hyphens).
    pub fn glyph(&mut self, face: Face, c: char) -> Result<Glyph, MissingGlyph> {
        let data = self.face(face);
        let shown = stand_in(c).unwrap_or(c);
        let gid = data.glyph_for(shown).ok_or(MissingGlyph {
            ch: c,
            font: face.name(),
        })?;
        let advance = data.width(gid);
        Ok(Glyph {
            gid,
            ch: c,
            advance,
            kern: 0.0,
        })
    }

    /// Shapes a run of text without spaces in one face: one glyph per
    /// character, kerned. Ligatures stay off (Liberation's GSUB is not
    /// applied) so that every glyph copies out as exactly the character it
    /// shows, and hyphenation can split a word anywhere.
    pub fn shape(&mut self, face: Face, text: &str) -> Result<Arc<[Glyph]>, MissingGlyph> {
        if let Some(g) = self.cache[face.index()].get(text) {
            return Ok(g.clone());
        }
        // Shaped in a buffer kept from word to word, then copied once into
        // the shared slice.
        let mut glyphs = std::mem::take(&mut self.shaping);
        glyphs.clear();
        let data = self.face(face);
        let upm = f32::from(data.info.units_per_em);
        for ch in text.chars() {
            let shown = stand_in(ch).unwrap_or(ch);
            let gid = data.glyph_for(shown).ok_or(MissingGlyph {
                ch,
                font: face.name(),
            })?;
            let advance = data.width(gid);
            if let Some(last) = glyphs.last_mut() {
                // Thousandths of an em, as allsorts' shaping gave them.
                let kern = f32::from(data.kerning.get(last.gid, gid)) * 1000.0 / upm;
                last.kern = kern;
                last.advance += kern;
            }
            glyphs.push(Glyph {
                gid,
                ch,
                advance,
                kern: 0.0,
            });
        }
        let shaped: Arc<[Glyph]> = Arc::from(&glyphs[..]);
        self.shaping = glyphs;
        self.cache[face.index()].insert(Box::from(text), shaped.clone());
        Ok(shaped)
    }

    /// Ascender of a face, in points at `size`.
    pub fn ascender(&self, face: Face, size: f32) -> f32 {
        let info = &self.face(face).info;
        info.ascender as f32 * size / info.units_per_em as f32
    }
}

/// A face as allsorts reads it: how the renderer looked glyphs up and
/// shaped before it read the `cmap` and the `kern` table itself, which
/// the tests compare with.
#[cfg(test)]
pub(super) struct Allsorts(Font<allsorts::font_data::DynamicFontTableProvider<'static>>);

#[cfg(test)]
impl Allsorts {
    pub(super) fn new(face: Face) -> Allsorts {
        let data = ReadScope::new(face.file())
            .read::<FontData<'static>>()
            .unwrap();
        Allsorts(Font::new(data.table_provider(0).unwrap()).unwrap())
    }

    /// The glyph allsorts maps a character to (0: none).
    pub(super) fn glyph(&mut self, c: char) -> u16 {
        use allsorts::font::MatchingPresentation;
        self.0
            .lookup_glyph_index(c, MatchingPresentation::NotRequired, None)
            .0
    }

    /// Shaping through the face's GPOS.
    pub(super) fn shape(&mut self, text: &str) -> Vec<allsorts::gpos::Info> {
        use allsorts::font::MatchingPresentation;
        use allsorts::gsub::FeatureMask;
        let raw = self
            .0
            .map_glyphs(text, tag::LATN, MatchingPresentation::NotRequired);
        match self.0.shape(
            raw,
            tag::LATN,
            Some(tag::DFLT),
            FeatureMask::empty(),
            &[],
            None,
            true,
        ) {
            Ok(infos) | Err((_, infos)) => infos,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_loads() {
        for face in Face::ALL {
            let data = FaceData::load(face).unwrap();
            assert!(data.info.postscript_name.starts_with("Liberation"));
            assert!(data.widths().len() > 1000, "{face:?}");
        }
    }

    /// A face is parsed once per process: every `Fonts`, on any thread,
    /// reads the same one.
    #[test]
    fn faces_are_parsed_once_and_shared() {
        let here = Fonts::load().unwrap().face(Face::SansBold) as *const FaceData as usize;
        let there = std::thread::spawn(|| {
            Fonts::load().unwrap().face(Face::SansBold) as *const FaceData as usize
        })
        .join()
        .unwrap();
        assert_eq!(here, there);
    }

    /// The character map read whole gives the glyph allsorts looks up, in
    /// every face: for every character it maps, every character up to
    /// U+2FFF (the scripts and symbols the faces cover) and the others in
    /// steps.
    #[test]
    fn the_character_map_is_allsorts_lookup() {
        for face in Face::ALL {
            let data = FaceData::of(face).unwrap();
            let mut allsorts = Allsorts::new(face);
            let mapped = data.chars.chars().count();
            assert!(mapped > 2000, "{face:?}: {mapped}");
            let others = ('\u{3000}'..=char::MAX).step_by(61);
            let chars = (data.chars.chars()).chain('\0'..='\u{2FFF}').chain(others);
            for c in chars {
                let want = allsorts.glyph(c);
                assert_eq!(data.glyph_for(c).unwrap_or(0), want, "{face:?} {c:?}");
            }
        }
    }

    #[test]
    fn faces_load_with_names() {
        let fonts = Fonts::load().unwrap();
        assert_eq!(
            fonts.face(Face::Serif).info.postscript_name,
            "LiberationSerif"
        );
        assert_eq!(
            fonts.face(Face::SansBold).info.postscript_name,
            "LiberationSans-Bold"
        );
        assert_eq!(fonts.face(Face::Serif).info.units_per_em, 2048);
    }

    #[test]
    fn widths_are_truncated_like_the_pdf_states_them() {
        let mut fonts = Fonts::load().unwrap();
        // Liberation Serif's space: 512 units of 2048 = 250/1000 em.
        assert_eq!(fonts.glyph(Face::Serif, ' ').unwrap().advance, 250.0);
        // "“" is 909 units: 443.847… truncated to 443.
        let quote = fonts.glyph(Face::Serif, '“').unwrap();
        assert_eq!(quote.advance, 443.0);
    }

    #[test]
    fn shaping_kerns() {
        let mut fonts = Fonts::load().unwrap();
        let to = fonts.shape(Face::Serif, "To").unwrap();
        assert_eq!(to.len(), 2);
        assert!(to[0].kern < 0.0, "T-o is kerned in Liberation Serif");
        let t = fonts.glyph(Face::Serif, 'T').unwrap();
        assert!((to[0].advance - (t.advance + to[0].kern)).abs() < 1e-4);
    }

    #[test]
    fn pair_kerning_equals_shaping_whole_words() {
        let mut fonts = Fonts::load().unwrap();
        for face in [
            Face::Serif,
            Face::SerifItalic,
            Face::SerifBold,
            Face::SansBold,
        ] {
            let mut allsorts = Allsorts::new(face);
            for word in [
                "AVATAR",
                "Tools.",
                "Yerevan,",
                "P.",
                "WAVE",
                "“Iris”",
                "LYNX",
                "Te",
                "y.",
            ] {
                let by_pairs = fonts.shape(face, word).unwrap();
                let upm = f32::from(fonts.face(face).info.units_per_em);
                let whole = allsorts.shape(word);
                assert_eq!(by_pairs.len(), whole.len());
                for (g, info) in by_pairs.iter().zip(&whole) {
                    assert_eq!(g.gid, info.glyph.glyph_index, "{word}");
                    assert_eq!(g.kern, f32::from(info.kerning) * 1000.0 / upm, "{word}");
                }
            }
        }
    }

    #[test]
    fn french_spaces_and_marks_have_glyphs() {
        let mut fonts = Fonts::load().unwrap();
        for face in Face::ALL {
            for c in [
                '\u{202F}', '\u{00A0}', '«', '»', '’', '“', '”', '–', '©', 'œ', 'É', '•',
            ] {
                fonts.glyph(face, c).unwrap();
            }
        }
    }

    #[test]
    fn non_breaking_hyphen_uses_the_hyphen_glyph() {
        let mut fonts = Fonts::load().unwrap();
        let nb = fonts.glyph(Face::Serif, '\u{2011}').unwrap();
        let hy = fonts.glyph(Face::Serif, '-').unwrap();
        assert_eq!(nb.gid, hy.gid);
        assert_eq!(nb.ch, '\u{2011}');
        let shaped = fonts.shape(Face::Serif, "e\u{2011}commerce").unwrap();
        assert_eq!(shaped[1].gid, hy.gid);
        assert_eq!(shaped[1].ch, '\u{2011}');
    }

    #[test]
    fn missing_glyphs_are_named() {
        let mut fonts = Fonts::load().unwrap();
        let err = fonts.shape(Face::Serif, "snow\u{2603}man").unwrap_err();
        assert_eq!(err.ch, '\u{2603}');
        assert!(err.to_string().contains("U+2603"), "{err}");
    }
}
