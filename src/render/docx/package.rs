//! The zip package: entries in the order given, each deflated, all with
//! one fixed timestamp and fixed permissions, so the bytes depend on the
//! content alone.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Packs `(name, bytes)` entries, in order, `[Content_Types].xml` first
/// as consumers that stream the package expect.
pub fn zip(entries: &[(&str, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut out = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // 1980-01-01 00:00, the earliest time a zip can carry.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in entries {
        out.start_file(*name, options)?;
        out.write_all(bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_entries_give_the_same_bytes_in_the_given_order() {
        let entries = [("b.xml", b"<b/>".to_vec()), ("a.xml", b"<a/>".to_vec())];
        let one = zip(&entries).unwrap();
        assert_eq!(one, zip(&entries).unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(one)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().to_string())
            .collect();
        assert_eq!(names, ["b.xml", "a.xml"]);
    }
}
