//! Stream compression, at a level chosen for speed, on all cores. Each
//! stream is packed alone, so the bytes do not depend on the number of
//! threads.

use lopdf::{Document, Object, ObjectId, Stream};

use crate::render::deflate::{Deflater, Wrapper};
use crate::render::pdf::objects::name;

/// zlib level for streams (libdeflate's). lopdf's own `compress` uses
/// miniz_oxide's best (9), about a second on the 600-page benchmark
/// document. libdeflate's level 1 has a matchfinder of its own, with
/// tables a fraction of the size of level 2's (which a process allocates
/// and touches page by page for its first stream): against level 2, the
/// English PDF of the default document is made 4.5% faster, for 1.9% more
/// bytes (76,148 to 77,596, which the font programs' shorter `name`
/// tables then brought to 72,680), the 100-fold document for 2.1% more.
/// One level for every stream, pages and font programs: a second level
/// would be a second compressor.
const COMPRESSION: i32 = 1;

/// Compresses the page content streams of a part (its font objects are
/// replaced later: packing them would be wasted).
pub fn compress_contents(doc: &mut Document) {
    let contents: std::collections::BTreeSet<ObjectId> = doc
        .get_pages()
        .values()
        .filter_map(|&p| {
            doc.get_dictionary(p)
                .ok()?
                .get(b"Contents")
                .ok()?
                .as_reference()
                .ok()
        })
        .collect();
    let mut streams: Vec<&mut Stream> = doc
        .objects
        .iter_mut()
        .filter(|(id, _)| contents.contains(id))
        .filter_map(|(_, o)| match o {
            Object::Stream(s) if s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    compress_all(&mut streams);
}

/// Compresses every stream that may be and is not yet: what is left once
/// the parts packed their pages and the font programs were packed in the
/// same queue, a few hundred bytes a face (`/ToUnicode`, `/CIDToGIDMap`),
/// on this thread (a thread of its own took longer to start than to pack
/// them).
pub(super) fn compress(doc: &mut Document) {
    let mut streams: Vec<&mut Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    compress_all(&mut streams);
}

fn compress_all(streams: &mut [&mut Stream]) {
    // One compressor for all the streams: libdeflate packs each buffer
    // whole, independently of what it packed before, and allocating its
    // tables costs more than packing a small page's content.
    let mut z = deflater();
    for s in streams {
        if let Some(packed) = pack_with(&mut z, &s.content) {
            s.dict.set("Filter", name("FlateDecode"));
            s.set_content(packed);
        }
    }
}

/// `content` packed as [`compress`] packs a stream, or `None` where it
/// keeps the stream plain: for a stream made apart from the document (a
/// font program, in the queue with the pages).
pub fn pack(content: &[u8]) -> Option<Vec<u8>> {
    pack_with(&mut deflater(), content)
}

fn pack_with(z: &mut Deflater, content: &[u8]) -> Option<Vec<u8>> {
    let packed = z.compress(content);
    // As lopdf does: keep the stream plain when packing does not pay.
    (packed.len() + 19 < content.len()).then_some(packed)
}

fn deflater() -> Deflater {
    Deflater::at_level(Wrapper::Zlib, COMPRESSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packed_alone(content: &[u8]) -> Vec<u8> {
        deflater().compress(content)
    }

    #[test]
    fn a_reused_encoder_packs_each_stream_as_a_fresh_one_would() {
        let contents: Vec<Vec<u8>> = [
            b"BT /F1 10 Tf (Hello) Tj ET ".repeat(200),
            (0..40_000u32).map(|i| (i * 7919 % 251) as u8).collect(),
            b"q 1 0 0 1 0 0 cm Q ".repeat(3000),
        ]
        .into();
        let mut streams: Vec<Stream> = contents
            .iter()
            .map(|c| Stream::new(lopdf::Dictionary::new(), c.clone()))
            .collect();
        compress_all(&mut streams.iter_mut().collect::<Vec<_>>());
        for (s, c) in streams.iter().zip(&contents) {
            assert_eq!(s.content, packed_alone(c));
            assert!(s.dict.get(b"Filter").is_ok());
            let mut unpacked = Vec::new();
            std::io::Read::read_to_end(
                &mut flate2::read::ZlibDecoder::new(&s.content[..]),
                &mut unpacked,
            )
            .unwrap();
            assert_eq!(&unpacked, c);
        }
    }
}
