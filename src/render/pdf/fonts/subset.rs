//! The font program a PDF embeds for a face: the TrueType file cut down
//! to the glyphs the document shows.
//!
//! It gives, byte for byte, what allsorts' subsetter gives with its PDF
//! profile (the tests compare the two on every face), which is what the
//! PDFs embedded before, but for a shorter `name` table; it is here
//! because allsorts reads every glyph record, glyph name and cmap entry
//! of the face to keep a hundred glyphs, which took a tenth of a short
//! PDF's work. This one reads the table directory, the glyphs it keeps
//! and the cmap.
//!
//! The program keeps the tables a PDF viewer may use: `cmap` (remade for
//! the glyphs kept), `cvt `, `fpgm` and `prep` (the hinting), `glyf` and
//! `loca` (the glyphs kept, renumbered in the order given), `head`,
//! `hhea`, `hmtx`, `maxp` (counts and metrics of the glyphs kept), `name`
//! (the records a face is known by, and its licence) and `post` (its
//! header only: no glyph names).

use std::collections::BTreeMap;

use allsorts::macroman::{char_to_macroman, is_macroman};
use allsorts::tag;

use crate::render::sfnt::{self, Table};

/// The program with only `gids` (from glyph 0, `.notdef`), renumbered in
/// that order, and after them the glyphs their composite glyphs are made
/// of; or what is wrong with the file.
pub fn subset(file: &[u8], gids: &[u16]) -> Result<Vec<u8>, String> {
    let font = Tables::read(file)?;
    let head = font.get(tag::HEAD)?;
    let maxp = font.get(tag::MAXP)?;
    let hhea = font.get(tag::HHEA)?;
    let long_offsets = match u16_at(head, 50)? {
        0 => false,
        1 => true,
        n => return Err(format!("unknown indexToLocFormat {n}")),
    };
    let glyphs = Glyphs::keep(&font, gids, usize::from(u16_at(maxp, 4)?), long_offsets)?;
    let count = u16::try_from(glyphs.old_ids.len()).map_err(|_| "too many glyphs")?;

    let mut tables: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
    tables.insert(
        tag::CMAP,
        cmap(font.get(tag::CMAP)?, gids, &glyphs.old_ids)?,
    );
    for copied in [tag::CVT, tag::FPGM, tag::PREP] {
        if let Some(table) = font.find(copied) {
            tables.insert(copied, table.to_vec());
        }
    }
    if let Some(table) = font.find(tag::NAME) {
        tables.insert(tag::NAME, name_of(table)?);
    }
    let (glyf, loca) = glyphs.write(long_offsets)?;
    tables.insert(tag::GLYF, glyf);
    tables.insert(tag::LOCA, loca);
    tables.insert(tag::HEAD, head_of(head)?);
    tables.insert(tag::HHEA, hhea_of(hhea, count)?);
    let metrics = usize::from(u16_at(hhea, 34)?);
    tables.insert(
        tag::HMTX,
        hmtx(font.get(tag::HMTX)?, metrics, &glyphs.old_ids)?,
    );
    tables.insert(tag::MAXP, maxp_of(maxp, count)?);
    tables.insert(tag::POST, post_of(font.get(tag::POST)?)?);
    Ok(assemble(tables))
}

/// The tables of a TrueType file, found by tag.
struct Tables<'a>(Vec<Table<'a>>);

impl<'a> Tables<'a> {
    fn read(file: &'a [u8]) -> Result<Tables<'a>, String> {
        if u32_at(file, 0)? != 0x0001_0000 {
            return Err("not a TrueType font (sfnt version)".into());
        }
        sfnt::tables(file)
            .map(Tables)
            .ok_or_else(|| "the table directory lies outside the file".into())
    }

    fn find(&self, tag: u32) -> Option<&'a [u8]> {
        sfnt::find(&self.0, tag)
    }

    fn get(&self, tag: u32) -> Result<&'a [u8], String> {
        self.find(tag)
            .ok_or_else(|| format!("no `{}` table", String::from_utf8_lossy(&tag.to_be_bytes())))
    }
}

/// The glyphs kept, in their new order.
struct Glyphs<'a> {
    /// The old id of each new glyph.
    old_ids: Vec<u16>,
    /// Each glyph's data as the new `glyf` holds it.
    data: Vec<GlyphData<'a>>,
}

enum GlyphData<'a> {
    /// A simple glyph (or none): its record as the file has it.
    Copied(&'a [u8]),
    /// A composite glyph, its components' ids renumbered.
    Renumbered(Vec<u8>),
}

impl<'a> Glyphs<'a> {
    fn keep(
        font: &Tables<'a>,
        gids: &[u16],
        num_glyphs: usize,
        long_offsets: bool,
    ) -> Result<Glyphs<'a>, String> {
        let (loca, glyf) = (font.get(tag::LOCA)?, font.get(tag::GLYF)?);
        let offset = |id: usize| -> Result<usize, String> {
            Ok(if long_offsets {
                u32_at(loca, 4 * id)? as usize
            } else {
                2 * usize::from(u16_at(loca, 2 * id)?)
            })
        };
        let mut old_ids = gids.to_vec();
        let mut data = Vec::with_capacity(gids.len());
        let mut i = 0;
        while i < old_ids.len() {
            let id = usize::from(old_ids[i]);
            if id >= num_glyphs {
                return Err(format!("no glyph {id}"));
            }
            let (start, end) = (offset(id)?, offset(id + 1)?);
            let record = (start <= end)
                .then(|| glyf.get(start..end))
                .flatten()
                .ok_or_else(|| format!("glyph {id} is out of the `glyf` table"))?;
            let composite = record.len() >= 2 && i16::from_be_bytes([record[0], record[1]]) < 0;
            data.push(if composite {
                GlyphData::Renumbered(renumber(record, &mut old_ids)?)
            } else {
                GlyphData::Copied(record)
            });
            i += 1;
        }
        Ok(Glyphs { old_ids, data })
    }

    /// The new `glyf` and `loca` tables. Records are padded to an even
    /// length only where `loca` counts in words (short offsets).
    fn write(&self, long_offsets: bool) -> Result<(Vec<u8>, Vec<u8>), String> {
        let mut glyf = Vec::new();
        let mut offsets = Vec::with_capacity(self.data.len() + 1);
        for glyph in &self.data {
            offsets.push(glyf.len());
            glyf.extend_from_slice(match glyph {
                GlyphData::Copied(record) => record,
                GlyphData::Renumbered(record) => record,
            });
            if !long_offsets && glyf.len() % 2 == 1 {
                glyf.push(0);
            }
        }
        offsets.push(glyf.len());
        let mut loca = Vec::with_capacity(offsets.len() * 4);
        for offset in offsets {
            if long_offsets {
                let offset = u32::try_from(offset).map_err(|_| "`glyf` too large")?;
                loca.extend_from_slice(&offset.to_be_bytes());
            } else {
                let words = u16::try_from(offset / 2).map_err(|_| "`glyf` too large")?;
                loca.extend_from_slice(&words.to_be_bytes());
            }
        }
        Ok((glyf, loca))
    }
}

/// Composite glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;
/// The flags the specification defines (the others are dropped, as
/// allsorts drops them).
const KNOWN_FLAGS: u16 = 0x1FFF & !0x0010;

/// A composite glyph's record with each component's glyph id replaced by
/// its new one; a component not yet kept is added to `old_ids`. The
/// record ends with its instructions, without the file's padding.
fn renumber(record: &[u8], old_ids: &mut Vec<u16>) -> Result<Vec<u8>, String> {
    let short = || "a composite glyph ends early".to_string();
    // numberOfContours (-1) and the bounding box.
    let mut out = record.get(..10).ok_or_else(short)?.to_vec();
    out[..2].copy_from_slice(&(-1i16).to_be_bytes());
    let mut at = 10;
    let mut instructions = false;
    loop {
        let flags = u16_at(record, at).map_err(|_| short())? & KNOWN_FLAGS;
        let old = u16_at(record, at + 2).map_err(|_| short())?;
        let new = match old_ids.iter().position(|&id| id == old) {
            Some(new) => new,
            None => {
                old_ids.push(old);
                old_ids.len() - 1
            }
        };
        let new = u16::try_from(new).map_err(|_| "too many glyphs")?;
        let args = if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        let scale = if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        let rest = record
            .get(at + 4..at + 4 + args + scale)
            .ok_or_else(short)?;
        out.extend_from_slice(&flags.to_be_bytes());
        out.extend_from_slice(&new.to_be_bytes());
        out.extend_from_slice(rest);
        at += 4 + args + scale;
        instructions |= flags & WE_HAVE_INSTRUCTIONS != 0;
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    if instructions {
        let length = usize::from(u16_at(record, at).map_err(|_| short())?);
        out.extend_from_slice(record.get(at..at + 2 + length).ok_or_else(short)?);
    }
    Ok(out)
}

/// A `cmap` with the characters the face maps to the glyphs asked for
/// (`gids`, not the components added), in the smallest of allsorts'
/// forms that holds them: Mac Roman (format 0) when every character is in
/// it, else the Unicode BMP (format 4), else all of Unicode (format 12).
fn cmap(table: &[u8], gids: &[u16], old_ids: &[u16]) -> Result<Vec<u8>, String> {
    // By old glyph id, up to the highest kept (the cmap maps thousands of
    // characters, to any glyph of the face): whether it was asked for, and
    // its new id (the last place it holds, as allsorts numbers them).
    let size = old_ids.iter().max().map_or(0, |&g| usize::from(g) + 1);
    let mut asked = vec![false; size];
    for &g in gids {
        asked[usize::from(g)] = true;
    }
    let mut new_id = vec![0u16; size];
    for (new, &old) in old_ids.iter().enumerate() {
        new_id[usize::from(old)] = new as u16;
    }
    let mut kept: BTreeMap<char, u16> = BTreeMap::new();
    super::unicode_mappings(table, |c, gid| {
        let gid = usize::from(gid);
        if gid != 0 && asked.get(gid) == Some(&true) {
            kept.insert(c, new_id[gid]);
        }
    })?;
    let (platform, encoding, subtable) = if kept.keys().all(|&c| is_macroman(c)) {
        (1u16, 0u16, format0(&kept))
    } else if kept.keys().all(|&c| c <= '\u{FFFF}') {
        (0, 3, format4(&kept)?)
    } else {
        (0, 4, format12(&kept))
    };
    let mut out = Vec::with_capacity(12 + subtable.len());
    for field in [0u16, 1, platform, encoding] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    out.extend_from_slice(&12u32.to_be_bytes());
    out.extend_from_slice(&subtable);
    Ok(out)
}

fn format0(kept: &BTreeMap<char, u16>) -> Vec<u8> {
    let mut ids = [0u8; 256];
    for (&c, &gid) in kept {
        if let Some(code) = char_to_macroman(c) {
            // One byte a glyph id, as allsorts writes it.
            ids[usize::from(code)] = gid as u8;
        }
    }
    let mut out = Vec::with_capacity(262);
    for field in [0u16, 262, 0] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    out.extend_from_slice(&ids);
    out
}

/// Format 4, segmented as allsorts segments: a segment takes the next
/// character when the gap is under four codes (filled with glyph 0),
/// unless it holds four or more consecutive glyph ids it would lose.
fn format4(kept: &BTreeMap<char, u16>) -> Result<Vec<u8>, String> {
    struct Segment {
        start: u32,
        end: u32,
        ids: Vec<u16>,
        consecutive: bool,
    }
    let new = |start: u32, gid: u16| Segment {
        start,
        end: start,
        ids: vec![gid],
        consecutive: true,
    };
    let mut segments = Vec::new();
    let mut mappings = kept.iter().map(|(&c, &gid)| (u32::from(c), gid));
    if let Some((c, gid)) = mappings.next() {
        let mut segment = new(c, gid);
        for (c, gid) in mappings {
            let gap = c.saturating_sub(segment.end).saturating_sub(1);
            let compact = segment.consecutive && segment.ids.len() >= 4;
            if !(gap > 0 && compact) && gap < 4 {
                if gap == 0 {
                    let previous = segment.ids[segment.ids.len() - 1];
                    segment.consecutive &= previous.wrapping_add(1) == gid;
                } else {
                    segment.ids.extend(std::iter::repeat_n(0, gap as usize));
                    segment.consecutive = false;
                }
                segment.ids.push(gid);
                segment.end = c;
            } else {
                segments.push(std::mem::replace(&mut segment, new(c, gid)));
            }
        }
        segments.push(segment);
    }
    segments.push(new(0xFFFF, 0));

    let count = segments.len();
    let (mut ends, mut starts, mut deltas, mut ranges) = (vec![], vec![], vec![], vec![]);
    let mut glyph_ids: Vec<u16> = Vec::new();
    for (index, s) in segments.iter().enumerate() {
        starts.push(s.start as u16);
        ends.push(s.end as u16);
        if s.consecutive {
            deltas.push((i32::from(s.ids[0]) - s.start as i32 % 0x10000) as i16 as u16);
            ranges.push(0);
        } else {
            deltas.push(0);
            // From this segment's idRangeOffset to its first glyph id.
            let words = count - index + glyph_ids.len();
            ranges.push(u16::try_from(2 * words).map_err(|_| "`cmap` too large")?);
            glyph_ids.extend(&s.ids);
        }
    }
    let seg_count = u16::try_from(count).map_err(|_| "`cmap` too large")?;
    let search_range = 2 * (1u16 << seg_count.ilog2());
    let entry_selector = (search_range / 2).ilog2() as u16;
    let mut out = Vec::new();
    let length = 16 + 8 * count + 2 * glyph_ids.len();
    let length = u16::try_from(length).map_err(|_| "`cmap` too large")?;
    let header = [4, length, 0, 2 * seg_count, search_range, entry_selector];
    for field in header.into_iter().chain([2 * seg_count - search_range]) {
        out.extend_from_slice(&field.to_be_bytes());
    }
    for (i, array) in [ends, starts, deltas, ranges].into_iter().enumerate() {
        if i == 1 {
            out.extend_from_slice(&[0, 0]); // reservedPad
        }
        array
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_be_bytes()));
    }
    glyph_ids
        .iter()
        .for_each(|v| out.extend_from_slice(&v.to_be_bytes()));
    Ok(out)
}

/// Format 12: runs of consecutive characters on consecutive glyph ids.
fn format12(kept: &BTreeMap<char, u16>) -> Vec<u8> {
    let mut groups: Vec<(u32, u32, u32)> = Vec::new();
    let mut previous = None;
    for (&c, &gid) in kept {
        let (c, gid) = (u32::from(c), u32::from(gid));
        match groups.last_mut() {
            Some(last) if c == last.1 + 1 && previous.is_some_and(|p: u32| gid == p + 1) => {
                last.1 = c
            }
            _ => groups.push((c, c, gid)),
        }
        previous = Some(gid);
    }
    let mut out = Vec::with_capacity(16 + 12 * groups.len());
    out.extend_from_slice(&12u16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    for field in [16 + 12 * groups.len() as u32, 0, groups.len() as u32] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    for (start, end, gid) in groups {
        for field in [start, end, gid] {
            out.extend_from_slice(&field.to_be_bytes());
        }
    }
    out
}

/// `head` as it was, its checksum adjustment cleared (set once the file is
/// assembled).
fn head_of(head: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = head.get(..54).ok_or("`head` is short")?.to_vec();
    out[8..12].fill(0);
    Ok(out)
}

/// `hhea` with a full metric for every glyph kept.
fn hhea_of(hhea: &[u8], count: u16) -> Result<Vec<u8>, String> {
    let mut out = hhea.get(..36).ok_or("`hhea` is short")?.to_vec();
    out[..4].copy_from_slice(&[0, 1, 0, 0]);
    out[24..34].fill(0); // reserved, metricDataFormat
    out[34..36].copy_from_slice(&count.to_be_bytes());
    Ok(out)
}

/// The advance and left side bearing of each glyph kept.
fn hmtx(hmtx: &[u8], metrics: usize, old_ids: &[u16]) -> Result<Vec<u8>, String> {
    if metrics == 0 {
        return Err("`hhea` has no metrics".into());
    }
    let mut out = Vec::with_capacity(4 * old_ids.len());
    for &id in old_ids {
        let id = usize::from(id);
        let (advance, lsb) = if id < metrics {
            (u16_at(hmtx, 4 * id)?, u16_at(hmtx, 4 * id + 2)?)
        } else {
            // Past the last full metric, glyphs share its advance.
            let lsb = u16_at(hmtx, 4 * metrics + 2 * (id - metrics))?;
            (u16_at(hmtx, 4 * (metrics - 1))?, lsb)
        };
        out.extend_from_slice(&advance.to_be_bytes());
        out.extend_from_slice(&lsb.to_be_bytes());
    }
    Ok(out)
}

fn maxp_of(maxp: &[u8], count: u16) -> Result<Vec<u8>, String> {
    let mut out = match u32_at(maxp, 0)? {
        0x0001_0000 => maxp.get(..32),
        _ => maxp.get(..6).map(|_| &[0, 0, 0x50, 0, 0, 0][..]),
    }
    .ok_or("`maxp` is short")?
    .to_vec();
    out[4..6].copy_from_slice(&count.to_be_bytes());
    Ok(out)
}

/// The names an embedded face keeps, of `name` (format 0): the Windows
/// Unicode records (platform 3) of the copyright, the family, style,
/// identifier, full name, version and PostScript name (ids 0 to 6) and
/// the licence and its address (13, 14). Gone are the Macintosh copies of
/// the same records and the trademark, maker, designer, description and
/// addresses (7 to 12): three quarters of the Liberation faces' table,
/// 2.3 KB a face that every PDF packed.
/// A table of another format, or with no Windows record, is kept whole.
fn name_of(name: &[u8]) -> Result<Vec<u8>, String> {
    const KEPT: [u16; 9] = [0, 1, 2, 3, 4, 5, 6, 13, 14];
    if u16_at(name, 0)? != 0 {
        return Ok(name.to_vec());
    }
    let count = usize::from(u16_at(name, 2)?);
    let strings = usize::from(u16_at(name, 4)?);
    let mut kept = Vec::new();
    for record in 0..count {
        let at = 6 + 12 * record;
        let mut fields = [0u16; 6];
        for (k, field) in fields.iter_mut().enumerate() {
            *field = u16_at(name, at + 2 * k)?;
        }
        let [platform, encoding, language, id, length, offset] = fields;
        let start = strings + usize::from(offset);
        let text = name
            .get(start..start + usize::from(length))
            .ok_or("a name lies outside its table")?;
        if platform == 3 && KEPT.contains(&id) {
            kept.push(([platform, encoding, language, id], text));
        }
    }
    if kept.is_empty() {
        return Ok(name.to_vec());
    }
    let header = 6 + 12 * kept.len();
    let total: usize = kept.iter().map(|(_, text)| text.len()).sum();
    let short = |n: usize| u16::try_from(n).map_err(|_| "the names kept overflow `name`");
    let mut out = Vec::with_capacity(header + total);
    for field in [0, kept.len(), header] {
        out.extend_from_slice(&short(field)?.to_be_bytes());
    }
    let mut offset = 0;
    for (fields, text) in &kept {
        let place = [short(text.len())?, short(offset)?];
        for field in fields.iter().chain(&place) {
            out.extend_from_slice(&field.to_be_bytes());
        }
        offset += text.len();
    }
    for (_, text) in &kept {
        out.extend_from_slice(text);
    }
    Ok(out)
}

/// `post` version 3: the header, no glyph names.
fn post_of(post: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = post.get(..32).ok_or("`post` is short")?.to_vec();
    out[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    Ok(out)
}

/// The file: the table directory, then the tables in tag order, each
/// padded to four bytes; `head` gets the checksum adjustment.
fn assemble(tables: BTreeMap<u32, Vec<u8>>) -> Vec<u8> {
    let count = tables.len() as u16;
    let power = 15u16.saturating_sub(count.leading_zeros() as u16);
    let search_range = (1 << power) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for field in [count, search_range, power, count * 16 - search_range] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut total = 0u32;
    let mut head_at = None;
    for (&tag, table) in &tables {
        let sum = checksum(table);
        total = total.wrapping_add(sum);
        for field in [tag, sum, offset as u32, table.len() as u32] {
            out.extend_from_slice(&field.to_be_bytes());
        }
        if tag == tag::HEAD {
            head_at = Some(offset);
        }
        offset += table.len().next_multiple_of(4);
    }
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out).wrapping_add(total));
    for table in tables.values() {
        out.extend_from_slice(table);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The sum of the data as big-endian 32-bit words, the last padded with
/// zeros.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, word| {
        let mut padded = [0; 4];
        padded[..word.len()].copy_from_slice(word);
        sum.wrapping_add(u32::from_be_bytes(padded))
    })
}

/// [`sfnt::be16`], or what is wrong.
fn u16_at(data: &[u8], at: usize) -> Result<u16, String> {
    sfnt::be16(data, at).ok_or_else(|| format!("a table ends early (offset {at})"))
}

/// [`sfnt::be32`], or what is wrong.
fn u32_at(data: &[u8], at: usize) -> Result<u32, String> {
    sfnt::be32(data, at).ok_or_else(|| format!("a table ends early (offset {at})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::Face;
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    use allsorts::tables::cmap::Cmap;

    /// allsorts' program, with the `name` table cut as [`name_of`] cuts
    /// it (allsorts copies it whole).
    fn by_allsorts(face: Face, gids: &[u16]) -> Vec<u8> {
        let data = ReadScope::new(face.file()).read::<FontData<'_>>().unwrap();
        let provider = data.table_provider(0).unwrap();
        let whole = allsorts::subset::subset(
            &provider,
            gids,
            &SubsetProfile::Pdf,
            CmapTarget::Unrestricted,
        )
        .unwrap();
        let mut tables: BTreeMap<u32, Vec<u8>> = sfnt::tables(&whole)
            .unwrap()
            .iter()
            .map(|t| (t.tag, t.data.to_vec()))
            .collect();
        let name = Tables::read(face.file()).unwrap().get(tag::NAME).unwrap();
        tables.insert(tag::NAME, name_of(name).unwrap());
        // Set again by `assemble`, for the file as a whole.
        let head = tables.get_mut(&tag::HEAD).unwrap();
        head[8..12].fill(0);
        assemble(tables)
    }

    /// The records of a `name` table: (platform, encoding, language, id)
    /// and the text, in the table's order.
    fn records(name: &[u8]) -> Vec<([u16; 4], Vec<u8>)> {
        let strings = usize::from(u16_at(name, 4).unwrap());
        (0..usize::from(u16_at(name, 2).unwrap()))
            .map(|r| {
                let f = |k: usize| u16_at(name, 6 + 12 * r + 2 * k).unwrap();
                let start = strings + usize::from(f(5));
                let text = name[start..start + usize::from(f(4))].to_vec();
                ([f(0), f(1), f(2), f(3)], text)
            })
            .collect()
    }

    /// Every face keeps the Windows records of its names and licence,
    /// with their texts, in their order, and nothing else; a table with
    /// no Windows record, or of format 1, is kept whole.
    #[test]
    fn the_name_table_keeps_the_names_and_the_licence() {
        for face in Face::ALL {
            let name = Tables::read(face.file()).unwrap().get(tag::NAME).unwrap();
            let cut = name_of(name).unwrap();
            let expected: Vec<_> = records(name)
                .into_iter()
                .filter(|([platform, _, _, id], _)| *platform == 3 && matches!(id, 0..=6 | 13 | 14))
                .collect();
            assert!(
                expected.iter().any(|(r, _)| r[3] == 13),
                "{face:?}: no licence"
            );
            assert_eq!(records(&cut), expected, "{face:?}");
            assert!(
                cut.len() * 2 < name.len(),
                "{face:?}: {} of {}",
                cut.len(),
                name.len()
            );
        }
        // One Macintosh record only: kept whole.
        let mac: Vec<u8> = [0u16, 1, 18, 1, 0, 0, 1, 4, 0]
            .iter()
            .flat_map(|f| f.to_be_bytes())
            .chain(*b"Font")
            .collect();
        assert_eq!(name_of(&mac).unwrap(), mac);
        let mut format1 = mac.clone();
        format1[1] = 1;
        assert_eq!(name_of(&format1).unwrap(), format1);
        assert!(name_of(&mac[..20]).is_err(), "a name outside its table");
    }

    fn glyph_of(face: Face, c: char) -> Option<u16> {
        let font = Tables::read(face.file()).unwrap();
        let cmap = ReadScope::new(font.get(tag::CMAP).unwrap())
            .read::<Cmap<'_>>()
            .unwrap();
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).unwrap().unwrap();
        subtable
            .map_glyph(u32::from(c))
            .unwrap()
            .filter(|&g| g != 0)
    }

    fn is_composite(face: Face, gid: u16) -> bool {
        let font = Tables::read(face.file()).unwrap();
        let long = u16_at(font.get(tag::HEAD).unwrap(), 50).unwrap() == 1;
        let glyphs = Glyphs::keep(&font, &[gid], usize::from(num_glyphs(face)), long).unwrap();
        matches!(glyphs.data[0], GlyphData::Renumbered(_))
    }

    fn num_glyphs(face: Face) -> u16 {
        let font = Tables::read(face.file()).unwrap();
        u16_at(font.get(tag::MAXP).unwrap(), 4).unwrap()
    }

    /// Glyph sets of every kind, on every face: the program is allsorts'
    /// to the byte. Sets of ASCII letters only (a Mac Roman `cmap`), with
    /// accented letters and punctuation beyond Mac Roman (format 4), of
    /// composite glyphs (whose components come after), in any order, and
    /// pseudo-random sets over the whole face.
    #[test]
    fn the_program_is_allsorts_to_the_byte() {
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut random = move |n: u16| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % u64::from(n)) as u16
        };
        for face in Face::ALL {
            let n = num_glyphs(face);
            let mut sets: Vec<Vec<u16>> = vec![
                vec![0],
                vec![0, 1, 2, 3],
                (0..n.min(40)).collect(),
                (0..n).collect(),
            ];
            let glyph = |c: char| glyph_of(face, c);
            let text = "The Secretariat’s «réunion» — 1er–3e; Ħ ŀ œ ﬁ Ω € ‰ № ₹ Ǆ";
            let mut shown: Vec<u16> = vec![0];
            for g in text.chars().filter_map(glyph) {
                if !shown.contains(&g) {
                    shown.push(g);
                }
            }
            sets.push(shown.clone());
            shown[1..].reverse();
            sets.push(shown);
            let ascii: Vec<u16> = std::iter::once(0)
                .chain("Hello, World".chars().filter_map(glyph))
                .collect();
            sets.push(ascii);
            for size in [5, 30, 120, 400] {
                let mut set = vec![0];
                while set.len() < size {
                    let g = random(n);
                    if !set.contains(&g) {
                        set.push(g);
                    }
                }
                sets.push(set);
            }
            let mut composites = 0;
            for set in &sets {
                let ours = subset(face.file(), set).unwrap();
                assert!(ours == by_allsorts(face, set), "{face:?}, glyphs {set:?}");
                composites += set.iter().filter(|&&g| is_composite(face, g)).count();
            }
            assert!(composites > 0, "{face:?}: no composite glyph was tried");
        }
    }

    #[test]
    fn a_glyph_the_face_lacks_is_an_error() {
        let n = num_glyphs(Face::Serif);
        let error = subset(Face::Serif.file(), &[0, n]).unwrap_err();
        assert!(error.contains(&format!("no glyph {n}")), "{error}");
        assert!(subset(b"not a font", &[0]).is_err());
    }
}
