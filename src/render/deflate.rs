//! Deflate for the HTML's fonts and the DOCX package, by one libdeflate
//! compressor for the streams of one file.
//!
//! The HTML's fonts are many small streams (a WOFF compresses each table
//! apart) and so is a DOCX (one per part): setting up a compressor (its
//! tables to allocate) cost about as much as compressing. libdeflate packs
//! each buffer whole, independently of what it packed before, so a reused
//! compressor gives a new one's bytes. It lives as long as the font or
//! package it serves, not longer: kept for the process, it added its
//! tables to the peak memory of every later job.
//!
//! Against flate2's encoders at their default level (6), which wrote these
//! streams before: the WOFF tables at level 6 come out smaller (the
//! default document's fonts by some 60 bytes a page) and the DOCX parts at
//! level 9 too (some 100 bytes a file), in about three quarters of the
//! time.

use libdeflater::{CompressionLvl, Compressor};

/// How the deflate data is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapper {
    /// zlib's header and Adler-32 checksum (WOFF tables).
    Zlib,
    /// Bare deflate (zip entries).
    Raw,
}

impl Wrapper {
    /// The level for the wrapper's streams: the lowest at which libdeflate
    /// packs them no larger than flate2's default did.
    fn level(self) -> i32 {
        match self {
            Wrapper::Zlib => 6,
            Wrapper::Raw => 9,
        }
    }
}

/// A compressor for the streams of one file, made on first use (a file
/// whose streams were all compressed before needs none).
pub struct Deflater {
    wrapper: Wrapper,
    level: i32,
    compressor: Option<Compressor>,
}

impl Deflater {
    /// At the wrapper's level (see [`Wrapper`]).
    pub fn new(wrapper: Wrapper) -> Deflater {
        Deflater::at_level(wrapper, wrapper.level())
    }

    /// At a level of the caller's (the PDF's streams, packed for speed).
    pub fn at_level(wrapper: Wrapper, level: i32) -> Deflater {
        Deflater {
            wrapper,
            level,
            compressor: None,
        }
    }

    /// `data` deflated, wrapped as the deflater was asked.
    pub fn compress(&mut self, data: &[u8]) -> Vec<u8> {
        let (wrapper, level) = (self.wrapper, self.level);
        let compressor = self
            .compressor
            .get_or_insert_with(|| Compressor::new(CompressionLvl::new(level).unwrap_or_default()));
        let packed = match wrapper {
            Wrapper::Zlib => {
                let mut out = vec![0; compressor.zlib_compress_bound(data.len())];
                compressor.zlib_compress(data, &mut out).map(|n| (out, n))
            }
            Wrapper::Raw => {
                let mut out = vec![0; compressor.deflate_compress_bound(data.len())];
                compressor
                    .deflate_compress(data, &mut out)
                    .map(|n| (out, n))
            }
        };
        // The bound is what libdeflate needs for any input: packing into
        // it cannot run out of room.
        let (mut out, n) = packed.unwrap_or_else(|e| unreachable!("deflate: {e}"));
        out.truncate(n);
        // What is kept (in a memo, in the package) keeps no spare room.
        out.shrink_to_fit();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(packed: &[u8], wrapper: Wrapper) -> Vec<u8> {
        let mut out = Vec::new();
        match wrapper {
            Wrapper::Zlib => flate2::read::ZlibDecoder::new(packed).read_to_end(&mut out),
            Wrapper::Raw => flate2::read::DeflateDecoder::new(packed).read_to_end(&mut out),
        }
        .unwrap();
        out
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
    /// one, and they inflate back to the stream.
    #[test]
    fn a_reused_compressor_gives_the_bytes_of_a_new_one() {
        let samples = samples();
        for wrapper in [Wrapper::Zlib, Wrapper::Raw] {
            let mut deflater = Deflater::new(wrapper);
            for round in 0..2 {
                for (i, data) in samples.iter().enumerate() {
                    let packed = deflater.compress(data);
                    let fresh = Deflater::new(wrapper).compress(data);
                    assert_eq!(packed, fresh, "round {round}, sample {i}, {wrapper:?}");
                    assert_eq!(&inflate(&packed, wrapper), data, "sample {i}, {wrapper:?}");
                }
            }
        }
    }
}
