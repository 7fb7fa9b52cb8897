//! Reading a TrueType (sfnt) file: big-endian fields and the table
//! directory. For the font files ptcdoc writes from the shipped faces: the
//! PDF's subset programs (`pdf/fonts/subset.rs`, `pdf/fonts/kerning.rs`)
//! and the HTML's WOFF wrapping (`html/woff.rs`).

/// The big-endian `u16` at byte `at`, if the data holds it.
pub fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        data.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// The big-endian `u32` at byte `at`, if the data holds it.
pub fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        data.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// One table of a font: tag, checksum as the directory states it, data.
pub struct Table<'a> {
    pub tag: u32,
    pub checksum: u32,
    pub data: &'a [u8],
}

/// The tables of a font file, in the directory's order; `None` if the
/// directory, or a table it lists, lies outside the file.
pub fn tables(sfnt: &[u8]) -> Option<Vec<Table<'_>>> {
    let count = usize::from(be16(sfnt, 4)?);
    (0..count)
        .map(|i| {
            let entry = 12 + 16 * i;
            let offset = be32(sfnt, entry + 8)? as usize;
            let length = be32(sfnt, entry + 12)? as usize;
            Some(Table {
                tag: be32(sfnt, entry)?,
                checksum: be32(sfnt, entry + 4)?,
                data: sfnt.get(offset..offset.checked_add(length)?)?,
            })
        })
        .collect()
}

/// The data of the table `tag`, if the font has it.
pub fn find<'a>(tables: &[Table<'a>], tag: u32) -> Option<&'a [u8]> {
    tables.iter().find(|t| t.tag == tag).map(|t| t.data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::Face;

    #[test]
    fn fields_past_the_end_are_none() {
        let data = [0x12, 0x34, 0x56, 0x78];
        assert_eq!(be16(&data, 2), Some(0x5678));
        assert_eq!(be32(&data, 0), Some(0x1234_5678));
        assert_eq!((be16(&data, 3), be32(&data, 1)), (None, None));
        assert_eq!(
            (be16(&data, usize::MAX), be32(&data, usize::MAX)),
            (None, None)
        );
    }

    #[test]
    fn every_face_lists_its_tables_and_a_cut_file_lists_none() {
        for face in Face::ALL {
            let file = face.file();
            let tables = tables(file).unwrap();
            for tag in [*b"head", *b"glyf", *b"cmap"] {
                assert!(find(&tables, u32::from_be_bytes(tag)).is_some(), "{face:?}");
            }
            assert!(find(&tables, u32::from_be_bytes(*b"CFF ")).is_none());
            assert!(super::tables(&file[..file.len() / 2]).is_none(), "{face:?}");
        }
        assert!(super::tables(b"no").is_none());
    }
}
