//! Deflate for every stream ptcdoc packs (the PDF's streams, the HTML's
//! fonts, the DOCX package), by libdeflate compressors that are kept and
//! used again.
//!
//! The streams are many and mostly small (a WOFF compresses each table
//! apart, a DOCX each part, a PDF each page and font program): setting up
//! a compressor, its tables to allocate and to touch for the first time,
//! cost about as much as compressing. libdeflate packs each buffer whole,
//! independently of what it packed before, so a reused compressor gives a
//! new one's bytes. A [`Deflater`] serves the streams of one file, and
//! gives its compressor back when dropped: a few are kept for the process
//! (no more per level than there are threads at work), and the next file
//! takes one instead of making its own.
//!
//! Against flate2's encoders at their default level (6), which wrote these
//! streams before: the WOFF tables at level 6 come out smaller (the
//! default document's fonts by some 60 bytes a page) and the DOCX parts at
//! level 9 too (some 100 bytes a file), in about three quarters of the
//! time.

use std::sync::{Mutex, PoisonError};

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

/// A compressor for the streams of one file, taken on first use (a file
/// whose streams were all compressed before needs none) from the ones
/// kept, or made.
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
        let compressor = self.compressor.get_or_insert_with(|| kept::take(level));
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

impl Drop for Deflater {
    fn drop(&mut self) {
        if let Some(compressor) = self.compressor.take() {
            kept::give_back(self.level, compressor);
        }
    }
}

/// The compressors kept between files.
mod kept {
    use super::*;

    /// By level. At most [`crate::parallel::threads`] a level: as many
    /// as can be at work at once, so a run never makes more than that.
    /// A PDF alone keeps level 2's, a few hundred KiB; a build of every
    /// format also keeps those of 6 (WOFF) and 9 (DOCX, the largest
    /// tables, about 1 MiB each).
    pub(super) static KEPT: Mutex<Vec<(i32, Compressor)>> = Mutex::new(Vec::new());

    pub(super) fn take(level: i32) -> Compressor {
        let mut kept = KEPT.lock().unwrap_or_else(PoisonError::into_inner);
        match kept.iter().position(|(l, _)| *l == level) {
            Some(i) => kept.swap_remove(i).1,
            None => {
                drop(kept);
                Compressor::new(CompressionLvl::new(level).unwrap_or_default())
            }
        }
    }

    pub(super) fn give_back(level: i32, compressor: Compressor) {
        let mut kept = KEPT.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.iter().filter(|(l, _)| *l == level).count() < crate::parallel::threads() {
            kept.push((level, compressor));
        }
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

    /// A compressor kept from an earlier file gives the bytes of a new one
    /// at its level, and a file never gets one of another level.
    #[test]
    fn a_kept_compressor_serves_its_level_only() {
        let data = samples().swap_remove(6);
        let fresh = |level| {
            let mut c = Compressor::new(CompressionLvl::new(level).unwrap());
            let mut out = vec![0; c.zlib_compress_bound(data.len())];
            let n = c.zlib_compress(&data, &mut out).unwrap();
            out.truncate(n);
            out
        };
        for _ in 0..3 {
            for level in [2, 6, 9] {
                // Each deflater is dropped at the end of its statement, its
                // compressor kept for the next.
                let packed = Deflater::at_level(Wrapper::Zlib, level).compress(&data);
                assert_eq!(packed, fresh(level), "level {level}");
            }
        }
        let kept = kept::KEPT.lock().unwrap();
        for level in [2, 6, 9] {
            let n = kept.iter().filter(|(l, _)| *l == level).count();
            assert!(n <= crate::parallel::threads(), "level {level}: {n} kept");
        }
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
