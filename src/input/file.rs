//! Reading one input file: a regular file only, as UTF-8.
//!
//! A FIFO given as a package would block `check` forever and a device such
//! as `/dev/zero` would be read until memory runs out, so the kind of file
//! is checked before it is opened, and again on the opened handle.

use std::io::Read;
use std::path::Path;

/// Why an input file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: the name of what it is ("a FIFO").
    NotRegular(&'static str),
    /// Not UTF-8: the text with each invalid sequence replaced by U+FFFD,
    /// the offset of the first, and its first byte.
    NotUtf8 {
        lossy: String,
        at: usize,
        byte: u8,
    },
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(what) => {
                write!(f, "it is {what}, not a regular file")
            }
            ReadError::NotUtf8 { byte, .. } => {
                write!(f, "it is not UTF-8 (byte 0x{byte:02X})")
            }
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Reads `path` whole, if it is a regular file of UTF-8 text.
pub fn read(path: &Path) -> Result<String, ReadError> {
    // `metadata` follows symbolic links: a link to a regular file is fine.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    regular(&meta)?;
    let mut file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // The name may have been replaced between the two calls.
    regular(&file.metadata().map_err(ReadError::Io)?)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(ReadError::Io)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        ReadError::NotUtf8 {
            byte: bytes[at],
            lossy: String::from_utf8_lossy(&bytes).into_owned(),
            at,
        }
    })
}

fn regular(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if meta.is_file() {
        Ok(())
    } else {
        Err(ReadError::NotRegular(kind(&meta.file_type())))
    }
}

/// What a file that is not a regular file is, in words.
fn kind(file_type: &std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "é = 1\n").unwrap();
        assert_eq!(read(&path).unwrap(), "é = 1\n");
    }

    #[test]
    fn finds_the_first_invalid_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, b"a = \"\xc3\xa9\"\nb = \"caf\xe9\"\n").unwrap();
        match read(&path) {
            Err(ReadError::NotUtf8 { lossy, at, byte }) => {
                assert_eq!(byte, 0xE9);
                assert_eq!(at, 17);
                assert_eq!(&lossy[at..at + 3], "\u{FFFD}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn refuses_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(dir.path()),
            Err(ReadError::NotRegular("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_without_reading_them() {
        // /dev/zero never ends: reading it would exhaust memory.
        assert!(matches!(
            read(Path::new("/dev/zero")),
            Err(ReadError::NotRegular("a device"))
        ));
    }
}
