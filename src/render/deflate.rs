//! Deflate at level 6, the bytes the `flate2` encoders give, by one
//! compressor reset between the streams of one file.
//!
//! The HTML's fonts are many small streams (a WOFF compresses each table
//! apart) and so is a DOCX (one per part): setting up a compressor (some
//! 200 KiB of tables to allocate and clear) cost about as much as
//! compressing. A reset compressor starts from the same state as a new
//! one, so the output does not change. It lives as long as the font or
//! package it serves, not longer: kept for the process, it added its
//! tables to the peak memory of every later job.

use flate2::{Compress, Compression, FlushCompress, Status};

/// How the deflate data is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    /// zlib's header and Adler-32 checksum (WOFF tables).
    Zlib,
    /// Bare deflate (zip entries).
    Raw,
}

/// The level every caller uses: the encoders' default.
const LEVEL: u32 = 6;

/// A compressor for the streams of one file, made on first use (a file
/// whose streams were all compressed before needs none).
pub struct Deflater {
    wrapper: Wrapper,
    compressor: Option<Compress>,
}

impl Deflater {
    pub fn new(wrapper: Wrapper) -> Deflater {
        Deflater {
            wrapper,
            compressor: None,
        }
    }

    /// `data` deflated at level 6, wrapped as the deflater was asked.
    pub fn compress(&mut self, data: &[u8]) -> Vec<u8> {
        let zlib = self.wrapper == Wrapper::Zlib;
        let compressor = self
            .compressor
            .get_or_insert_with(|| Compress::new(Compression::new(LEVEL), zlib));
        let out = finish(compressor, data);
        // Reset after use, so that the next stream starts afresh even if
        // this one stopped half way.
        compressor.reset();
        out
    }
}

/// Runs `compressor` over all of `data` to the end of the stream.
fn finish(compressor: &mut Compress, data: &[u8]) -> Vec<u8> {
    // Room for what a small part usually shrinks to, grown if need be: a
    // large document's part is megabytes that shrink fifty times, and
    // room for a quarter of it would be held for nothing.
    let mut out = Vec::with_capacity((data.len() / 4).min(64 * 1024) + 64);
    loop {
        let consumed = usize::try_from(compressor.total_in()).unwrap_or(data.len());
        let rest = data.get(consumed..).unwrap_or_default();
        match compressor.compress_vec(rest, &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => {
                // What is kept (in a memo, in the package) keeps no spare room.
                out.shrink_to_fit();
                return out;
            }
            // Out of room: more, and go on where it stopped.
            Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(64)),
            // Only a misuse of the compressor gives an error; compressing
            // from memory to memory has none to report.
            Err(e) => unreachable!("deflate: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn encoder(data: &[u8], wrapper: Wrapper) -> Vec<u8> {
        let level = Compression::new(LEVEL);
        match wrapper {
            Wrapper::Zlib => {
                let mut z = flate2::write::ZlibEncoder::new(Vec::new(), level);
                z.write_all(data).unwrap();
                z.finish().unwrap()
            }
            Wrapper::Raw => {
                let mut z = flate2::write::DeflateEncoder::new(Vec::new(), level);
                z.write_all(data).unwrap();
                z.finish().unwrap()
            }
        }
    }

    /// Inputs of every kind: empty, tiny, repetitive, incompressible,
    /// real fonts, and larger than the compressor's 32 KiB window.
    fn samples() -> Vec<Vec<u8>> {
        let mut noise = Vec::new();
        let mut x: u32 = 12345;
        for _ in 0..70_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            noise.push((x >> 16) as u8);
        }
        let font = crate::render::pdf::fonts::Face::Serif.file();
        vec![
            Vec::new(),
            b"a".to_vec(),
            b"abcabcabcabcabcabc".repeat(5000),
            noise.clone(),
            noise[..300].to_vec(),
            font[..2000].to_vec(),
            font[..200_000].to_vec(),
        ]
    }

    /// A reused compressor gives, stream after stream, the bytes of a new
    /// encoder.
    #[test]
    fn a_reused_compressor_gives_the_bytes_of_a_new_one() {
        let samples = samples();
        for wrapper in [Wrapper::Zlib, Wrapper::Raw] {
            let mut deflater = Deflater::new(wrapper);
            for round in 0..2 {
                for (i, data) in samples.iter().enumerate() {
                    assert_eq!(
                        deflater.compress(data),
                        encoder(data, wrapper),
                        "round {round}, sample {i}, {wrapper:?}"
                    );
                }
            }
        }
    }
}
