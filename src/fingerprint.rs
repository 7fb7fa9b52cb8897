//! FNV-1a, 64 bits: the crate's one non-cryptographic hash, for
//! fingerprints that must be the same on every platform and with every
//! Rust version (which `DefaultHasher` does not promise): the translation
//! lock's fingerprints, the PDF's document ID and font subset tags.
//!
//! A fingerprint, never a security measure: anyone can make two inputs
//! with one hash.

/// The FNV-1a 64-bit offset basis: the hash of no bytes.
pub const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;

/// The FNV 64-bit prime.
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// A running FNV-1a hash: feed bytes, then read the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a {
    state: u64,
}

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a::new()
    }
}

impl Fnv1a {
    /// A hash started from the standard offset basis.
    pub const fn new() -> Fnv1a {
        Fnv1a::with_basis(OFFSET_BASIS)
    }

    /// A hash started from another basis, for a second, independent hash
    /// of the same bytes (or to carry on from a changed state).
    pub const fn with_basis(basis: u64) -> Fnv1a {
        Fnv1a { state: basis }
    }

    pub fn byte(&mut self, byte: u8) {
        self.state = (self.state ^ u64::from(byte)).wrapping_mul(PRIME);
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    /// The hash of every byte fed so far.
    pub const fn value(&self) -> u64 {
        self.state
    }
}

/// The FNV-1a hash of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = Fnv1a::new();
    hash.bytes(bytes);
    hash.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published test vectors of FNV-1a 64.
    #[test]
    fn matches_the_reference_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn feeding_in_pieces_is_feeding_at_once() {
        let mut hash = Fnv1a::new();
        hash.bytes(b"foo");
        hash.byte(b'b');
        hash.bytes(b"ar");
        assert_eq!(hash.value(), fnv1a(b"foobar"));
        assert_ne!(Fnv1a::with_basis(1).value(), Fnv1a::new().value());
    }
}
