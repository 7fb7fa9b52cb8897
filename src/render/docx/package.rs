//! The zip package: entries in the order given, each deflated, all with
//! one fixed timestamp and fixed permissions, so the bytes depend on the
//! content alone.
//!
//! Written here rather than by the `zip` crate (whose bytes these are, as
//! the tests check) so that the deflate compressor is reused from part to
//! part and a part already compressed in this process is not compressed
//! again: most parts are the same in both languages and from one rebuild
//! of `ptcdoc watch` to the next.

use std::convert::Infallible;
use std::sync::Arc;

use crate::render::deflate::{Deflater, Wrapper};
use crate::render::memo::Memo;

/// Why a package cannot be written: more than the classic zip format
/// holds (this packer writes no zip64), or a name it does not write.
#[derive(Debug)]
pub struct PackageError(String);

impl std::fmt::Display for PackageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot pack the DOCX: {}", self.0)
    }
}

impl std::error::Error for PackageError {}

/// One entry's data as stored: deflated, with the CRC-32 and size of the
/// data it came from.
struct Stored {
    crc: u32,
    size: u32,
    deflated: Vec<u8>,
}

/// Parts deflated before, by their bytes.
static DEFLATED: Memo<Vec<u8>, Stored> = Memo::new(64);

fn too_big() -> PackageError {
    PackageError("a part or the package is over 4 GiB".into())
}

/// Parts larger than this are not kept: a large document's main part is
/// megabytes, changes at every edit, and would only hold memory.
const KEPT_UP_TO: usize = 256 * 1024;

/// `bytes` as stored in the package.
fn stored(bytes: &[u8], deflater: &mut Deflater) -> Result<Arc<Stored>, PackageError> {
    let size = u32::try_from(bytes.len()).map_err(|_| too_big())?;
    let mut make = || {
        let mut crc = flate2::Crc::new();
        crc.update(bytes);
        Ok::<_, Infallible>(Arc::new(Stored {
            crc: crc.sum(),
            size,
            deflated: deflater.compress(bytes),
        }))
    };
    let Ok(stored) = if bytes.len() <= KEPT_UP_TO {
        DEFLATED.get(bytes.to_vec(), make)
    } else {
        make()
    };
    Ok(stored)
}

/// Version 2.0 of the format, the first with deflate: needed to extract.
const VERSION: u16 = 20;
/// Made on Unix (for the permissions), format version 2.0.
const MADE_BY: u16 = 3 << 8 | VERSION;
/// Deflate.
const METHOD: u16 = 8;
/// 00:00, 1980-01-01 (MS-DOS time, date): the earliest a zip can carry.
const TIME: u16 = 0;
const DATE: u16 = 1 << 5 | 1;
/// A regular file, rw-r--r--.
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;

/// The fields a local header and a central directory entry share, from
/// "version needed" to "extra field length".
fn common_fields(out: &mut Vec<u8>, name: &str, s: &Stored) -> Result<(), PackageError> {
    let compressed = u32::try_from(s.deflated.len()).map_err(|_| too_big())?;
    let name_len =
        u16::try_from(name.len()).map_err(|_| PackageError("a name is too long".into()))?;
    for half in [VERSION, 0, METHOD, TIME, DATE] {
        out.extend_from_slice(&half.to_le_bytes());
    }
    for word in [s.crc, compressed, s.size] {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(())
}

/// Packs `(name, bytes)` entries, in order, `[Content_Types].xml` first
/// as consumers that stream the package expect.
pub fn zip(entries: &[(&str, Vec<u8>)]) -> Result<Vec<u8>, PackageError> {
    let count = u16::try_from(entries.len()).map_err(|_| PackageError("too many parts".into()))?;
    let mut out = Vec::with_capacity(64 * 1024);
    let mut central = Vec::new();
    let mut deflater = Deflater::new(Wrapper::Raw);
    for (name, bytes) in entries {
        // A name outside ASCII would need the UTF-8 flag; ours are fixed.
        if !name.is_ascii() {
            return Err(PackageError(format!(
                "`{}` is not an ASCII name",
                name.escape_debug()
            )));
        }
        let s = stored(bytes, &mut deflater)?;
        let offset = u32::try_from(out.len()).map_err(|_| too_big())?;
        out.extend_from_slice(b"PK\x03\x04");
        common_fields(&mut out, name, &s)?;
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&s.deflated);

        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&MADE_BY.to_le_bytes());
        common_fields(&mut central, name, &s)?;
        // No comment, disk 0, no internal attributes.
        central.extend_from_slice(&[0; 6]);
        central.extend_from_slice(&EXTERNAL_ATTRIBUTES.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_at = u32::try_from(out.len()).map_err(|_| too_big())?;
    let central_len = u32::try_from(central.len()).map_err(|_| too_big())?;
    out.extend_from_slice(&central);
    out.extend_from_slice(b"PK\x05\x06");
    // This disk and the central directory's: 0.
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    // No comment.
    out.extend_from_slice(&[0; 2]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// The package as the `zip` crate writes it with the same settings.
    fn zip_crate(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        use zip::write::SimpleFileOptions;
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (name, bytes) in entries {
            out.start_file(*name, options).unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    fn sample() -> Vec<(&'static str, Vec<u8>)> {
        vec![
            ("[Content_Types].xml", b"<Types/>".to_vec()),
            ("empty", Vec::new()),
            ("word/document.xml", b"<w:p>text</w:p>".repeat(4000)),
            ("b.xml", b"<b/>".to_vec()),
            ("a.xml", b"<b/>".to_vec()),
            // Over what is kept, and over the 32 KiB window.
            ("big.xml", b"<w:t>big</w:t>".repeat(KEPT_UP_TO / 8)),
        ]
    }

    /// Entry by entry, what a reader learns of ours is what it learns of
    /// the `zip` crate's package: name, checksum, size, method, time and
    /// mode (the deflated data differs: libdeflate packs it, see
    /// `render::deflate`). The same entries give the same bytes, again
    /// from what was kept.
    #[test]
    fn entries_read_as_in_the_zip_crates_package() {
        let entries = sample();
        let ours = zip(&entries).unwrap();
        assert_eq!(zip(&entries).unwrap(), ours);
        let open = |bytes| zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let (mut ours, mut theirs) = (open(ours), open(zip_crate(&entries)));
        assert_eq!(ours.len(), theirs.len());
        for i in 0..ours.len() {
            let (a, b) = (
                ours.by_index_raw(i).unwrap(),
                theirs.by_index_raw(i).unwrap(),
            );
            let seen = |f: &zip::read::ZipFile<'_, _>| {
                let time = f
                    .last_modified()
                    .map(|t| t.datepart() as u32 * 65536 + t.timepart() as u32);
                (
                    f.name().to_string(),
                    f.crc32(),
                    f.size(),
                    f.compression(),
                    time,
                    f.unix_mode(),
                )
            };
            assert_eq!(seen(&a), seen(&b), "entry {i}");
        }
        assert_eq!(zip(&[]).unwrap(), zip_crate(&[]));
    }

    #[test]
    fn a_reader_finds_every_entry_in_the_given_order() {
        let entries = sample();
        let bytes = zip(&entries).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), entries.len());
        for (i, (name, data)) in entries.iter().enumerate() {
            let mut file = archive.by_index(i).unwrap();
            assert_eq!(file.name(), *name);
            assert_eq!(file.unix_mode(), Some(0o100_644));
            let mut back = Vec::new();
            file.read_to_end(&mut back).unwrap();
            assert_eq!(&back, data);
        }
    }

    #[test]
    fn a_name_outside_ascii_is_refused() {
        let e = zip(&[("wörd.xml", Vec::new())]).err().unwrap();
        assert!(e.to_string().contains("not an ASCII name"), "{e}");
    }
}
