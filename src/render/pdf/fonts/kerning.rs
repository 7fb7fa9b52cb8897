//! Pair kerning from a face's `kern` table (the OpenType format 0: a
//! sorted list of glyph pairs and their adjustment).
//!
//! Liberation kerns by pairs only, and its `kern` table holds exactly the
//! pairs its GPOS `kern` feature adjusts, by as much: shaping every pair
//! of characters the bundled faces map with allsorts gave the same value
//! for each (the tests below check the pairs of ASCII and Latin-1, and,
//! when asked to, every pair of the Basic Multilingual Plane). A lookup
//! here goes straight to the pairs of the left glyph, most often none, and
//! searches those few; shaping a pair with allsorts took 0.7 µs, and a
//! page of text has several hundred pairs.

/// The kerning pairs of one face.
#[derive(Debug, Default)]
pub struct Kerning {
    /// `(right, adjustment in font units)`, sorted by left glyph, then
    /// right.
    pairs: Vec<(u16, i16)>,
    /// Where the pairs of each left glyph start in `pairs` (the next
    /// glyph's start is where they end), up to the last left glyph kerned.
    starts: Vec<u32>,
}

impl Kerning {
    /// Reads a `kern` table: its horizontal format-0 subtables, whose
    /// values add up, as the format says, unless a later one overrides.
    /// A table with another kind of subtable is refused rather than half
    /// read.
    pub fn read(table: &[u8]) -> Result<Kerning, String> {
        let mut at = Reader {
            bytes: table,
            at: 0,
        };
        let version = at.u16()?;
        if version != 0 {
            return Err(format!("kern table version {version} (only 0 is read)"));
        }
        let subtables = at.u16()?;
        let mut pairs: Vec<(u32, i16)> = Vec::new();
        for _ in 0..subtables {
            let start = at.at;
            let _version = at.u16()?;
            let length = usize::from(at.u16()?);
            let coverage = at.u16()?;
            let (horizontal, minimum, cross_stream, overrides) = (
                coverage & 1 != 0,
                coverage & 2 != 0,
                coverage & 4 != 0,
                coverage & 8 != 0,
            );
            let format = coverage >> 8;
            if format != 0 || !horizontal || minimum || cross_stream {
                return Err(format!(
                    "kern subtable of format {format}, coverage {coverage:#06x} (only horizontal \
                     format 0 is read)"
                ));
            }
            let count = at.u16()?;
            at.skip(6)?; // searchRange, entrySelector, rangeShift
            for _ in 0..count {
                let pair = u32::from(at.u16()?) << 16 | u32::from(at.u16()?);
                let value = at.u16()? as i16;
                pairs.push((pair, value));
            }
            // The subtable's stated length, when it says more than its
            // pairs (a length over 64 KiB wraps, so only trust a longer one).
            at.at = at.at.max(start + length);
            if overrides {
                // Later pairs replace the earlier ones of the same glyphs.
                let later = pairs.split_off(pairs.len() - usize::from(count));
                pairs.retain(|(p, _)| !later.iter().any(|(q, _)| q == p));
                pairs.extend(later);
            }
        }
        pairs.sort_by_key(|&(pair, _)| pair);
        // Pairs stated twice (in two subtables) add up.
        pairs.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = kept.1.saturating_add(later.1);
            }
            same
        });
        let lefts = pairs.last().map_or(0, |&(p, _)| (p >> 16) as usize + 1);
        let mut starts = vec![0u32; lefts + 1];
        for &(pair, _) in &pairs {
            starts[(pair >> 16) as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let pairs = pairs.into_iter().map(|(p, v)| (p as u16, v)).collect();
        Ok(Kerning { pairs, starts })
    }

    /// The adjustment between two glyphs, in font units (0 for a pair the
    /// table does not list).
    pub fn get(&self, left: u16, right: u16) -> i16 {
        let left = usize::from(left);
        let (Some(&start), Some(&end)) = (self.starts.get(left), self.starts.get(left + 1)) else {
            return 0;
        };
        let pairs = &self.pairs[start as usize..end as usize];
        match pairs.binary_search_by_key(&right, |&(r, _)| r) {
            Ok(i) => pairs[i].1,
            Err(_) => 0,
        }
    }
}

/// Big-endian reads that fail, rather than panic, past the table's end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn u16(&mut self) -> Result<u16, String> {
        let value = crate::render::sfnt::be16(self.bytes, self.at)
            .ok_or_else(|| format!("kern table cut short at byte {}", self.at))?;
        self.at += 2;
        Ok(value)
    }

    fn skip(&mut self, n: usize) -> Result<(), String> {
        if self.at + n > self.bytes.len() {
            return Err(format!("kern table cut short at byte {}", self.at));
        }
        self.at += n;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Allsorts, Face, FaceData};
    use super::*;

    /// The kerning allsorts gives the pair `a b` by shaping it through the
    /// face's GPOS, in font units: what the renderer used before it read
    /// the `kern` table.
    fn shaped(allsorts: &mut Allsorts, a: char, b: char) -> i16 {
        let pair: String = [a, b].iter().collect();
        match allsorts.shape(&pair).as_slice() {
            [first, _] => first.kerning,
            _ => 0,
        }
    }

    /// Every pair of the characters in `chars` the face maps: the `kern`
    /// table and shaping agree. Returns how many pairs are kerned.
    fn agree(face: Face, chars: impl Iterator<Item = char>) -> usize {
        let data = FaceData::of(face).unwrap();
        let mut allsorts = Allsorts::new(face);
        let mapped: Vec<(char, u16)> = chars
            .filter(|c| !c.is_control())
            .filter_map(|c| data.glyph_for(c).map(|g| (c, g)))
            .collect();
        let mut kerned = 0;
        for &(a, left) in &mapped {
            for &(b, right) in &mapped {
                let read = data.kerning.get(left, right);
                assert_eq!(read, shaped(&mut allsorts, a, b), "{face:?}: `{a}{b}`");
                kerned += usize::from(read != 0);
            }
        }
        kerned
    }

    /// The letters, digits and punctuation of ASCII, Latin-1 and Latin
    /// Extended-A, and the dashes, quotes and spaces of General
    /// Punctuation, in every face: 125,000 pairs a face, about 110 kerned.
    #[test]
    fn the_kern_table_kerns_as_shaping_does() {
        for face in Face::ALL {
            let chars = (' '..='~')
                .chain('\u{A0}'..='\u{17F}')
                .chain('\u{2000}'..='\u{2044}');
            let kerned = agree(face, chars);
            assert!(kerned > 100, "{face:?}: only {kerned} pairs kerned");
        }
    }

    /// The whole Basic Multilingual Plane: about five million pairs a
    /// face, 5,214 kerned in all (16 s in release).
    #[test]
    #[ignore = "slow: cargo test --release -- --ignored kerns_as_shaping"]
    fn every_pair_the_faces_map_kerns_as_shaping_does() {
        let kerned: usize = Face::ALL
            .iter()
            .map(|&face| agree(face, ' '..='\u{FFFF}'))
            .sum();
        assert_eq!(kerned, 5214);
    }

    /// A subtable: its coverage, and its (left, right, value) pairs.
    type Subtable<'a> = (u16, &'a [(u16, u16, i16)]);

    /// A `kern` table of the given subtables.
    fn table(subtables: &[Subtable]) -> Vec<u8> {
        let mut t = vec![0, 0];
        t.extend((subtables.len() as u16).to_be_bytes());
        for (coverage, pairs) in subtables {
            let length = 14 + 6 * pairs.len() as u16;
            for v in [0, length, *coverage, pairs.len() as u16, 0, 0, 0] {
                t.extend(v.to_be_bytes());
            }
            for &(l, r, v) in pairs.iter() {
                t.extend(l.to_be_bytes());
                t.extend(r.to_be_bytes());
                t.extend(v.to_be_bytes());
            }
        }
        t
    }

    #[test]
    fn pairs_are_found_and_others_are_zero() {
        let k = Kerning::read(&table(&[(1, &[(36, 55, -113), (55, 82, -37)])])).unwrap();
        assert_eq!(k.get(36, 55), -113);
        assert_eq!(k.get(55, 82), -37);
        assert_eq!(k.get(55, 36), 0);
        assert_eq!(k.pairs.len(), 2);
        // Left glyphs before, between and after those kerned; no table.
        for (left, right) in [(0, 55), (35, 55), (37, 55), (56, 82), (u16::MAX, u16::MAX)] {
            assert_eq!(k.get(left, right), 0, "{left} {right}");
        }
        assert_eq!(Kerning::default().get(36, 55), 0);
    }

    #[test]
    fn subtables_add_up_unless_one_overrides() {
        let added = table(&[(1, &[(1, 2, -10)]), (1, &[(1, 2, -5), (3, 4, 7)])]);
        let k = Kerning::read(&added).unwrap();
        assert_eq!((k.get(1, 2), k.get(3, 4)), (-15, 7));
        let overridden = table(&[(1, &[(1, 2, -10)]), (1 | 8, &[(1, 2, -5)])]);
        assert_eq!(Kerning::read(&overridden).unwrap().get(1, 2), -5);
    }

    #[test]
    fn tables_it_cannot_read_are_refused_not_misread() {
        assert!(Kerning::read(&[0, 0, 0, 1, 0, 0]).is_err(), "cut short");
        assert!(Kerning::read(&[0, 1, 0, 0]).is_err(), "Apple's version 1");
        let vertical = table(&[(0, &[(1, 2, -10)])]);
        assert!(Kerning::read(&vertical).is_err());
        let format2 = table(&[(0x0201, &[])]);
        assert!(Kerning::read(&format2).is_err());
        let mut cut = table(&[(1, &[(1, 2, -10), (3, 4, 5)])]);
        cut.truncate(cut.len() - 3);
        assert!(Kerning::read(&cut).is_err());
    }
}
