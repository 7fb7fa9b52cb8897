//! Page content streams, written as bytes.
//!
//! printpdf builds the document objects (see [`super::write`]), but its
//! way to a content stream, an operation object per `Tf`, `Tm` and `TJ`,
//! turned by printpdf into lopdf operations, each number and string an
//! object, before lopdf printed them, was most of the time spent writing
//! a page. This writer prints the same operators straight into the
//! stream, in lopdf's notation (one operation a line, operands followed
//! by a space, numbers as Rust prints an `f32`). Character codes go in
//! literal strings, two bytes a code, where lopdf wrote them in
//! hexadecimal (four); the marked-content text stays in hexadecimal.

use std::io::Write as _;

/// A content stream being written.
#[derive(Debug, Default)]
pub struct Content {
    bytes: Vec<u8>,
}

/// How a rectangle is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Fill,
    Stroke,
}

/// Upper-case hexadecimal digits, as lopdf writes strings.
const HEX: &[u8; 16] = b"0123456789ABCDEF";

impl Content {
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Starts an operation: operations are separated by a newline.
    fn begin(&mut self) {
        if !self.bytes.is_empty() {
            self.bytes.push(b'\n');
        }
    }

    /// A number as lopdf writes a real: Rust's shortest `f32` form.
    fn number(&mut self, value: f32) {
        match thousandths(value) {
            Some(k) => self.decimal(k),
            None => {
                let _ = write!(self.bytes, "{value}");
            }
        }
    }

    /// `k` thousandths, written without trailing zeros ("12.34", "7",
    /// "-0.5").
    fn decimal(&mut self, k: i32) {
        if k < 0 {
            self.bytes.push(b'-');
        }
        let k = k.unsigned_abs();
        self.digits(k / 1000, 1);
        let mut fraction = k % 1000;
        if fraction != 0 {
            self.bytes.push(b'.');
            let mut width = 3;
            while fraction.is_multiple_of(10) {
                fraction /= 10;
                width -= 1;
            }
            self.digits(fraction, width);
        }
    }

    /// `n` in decimal, padded with zeros to `width` digits.
    fn digits(&mut self, mut n: u32, width: usize) {
        let mut buf = [b'0'; 10];
        let mut at = buf.len();
        while n > 0 || buf.len() - at < width {
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.bytes.extend_from_slice(&buf[at..]);
    }

    fn operand(&mut self, value: f32) {
        self.number(value);
        self.bytes.push(b' ');
    }

    /// Two-byte units in hexadecimal, big-endian.
    fn hex(&mut self, units: impl Iterator<Item = u16>) {
        for unit in units {
            for byte in unit.to_be_bytes() {
                self.bytes.push(HEX[usize::from(byte >> 4)]);
                self.bytes.push(HEX[usize::from(byte & 0xF)]);
            }
        }
    }

    /// Character codes as a literal string, two bytes each: half the
    /// bytes of hexadecimal, so less to write and to compress. Parentheses
    /// and backslashes are escaped, and so are line ends, which a reader
    /// would otherwise read as a newline (a CR LF pair as one byte).
    fn codes(&mut self, codes: &[u16]) {
        self.bytes.push(b'(');
        for byte in codes.iter().flat_map(|c| c.to_be_bytes()) {
            match byte {
                b'(' | b')' | b'\\' => self.bytes.extend_from_slice(&[b'\\', byte]),
                b'\r' => self.bytes.extend_from_slice(b"\\r"),
                b'\n' => self.bytes.extend_from_slice(b"\\n"),
                _ => self.bytes.push(byte),
            }
        }
        self.bytes.push(b')');
    }

    /// `x y w h re` and its painting operator.
    pub fn rectangle(&mut self, rect: [f32; 4], paint: Paint) {
        self.begin();
        for v in rect {
            self.operand(v);
        }
        self.bytes.extend_from_slice(b"re\n");
        self.bytes.push(match paint {
            Paint::Fill => b'f',
            Paint::Stroke => b'S',
        });
    }

    /// `r g b rg`: the fill colour of what follows, text included.
    pub fn fill_colour(&mut self, [r, g, b]: [f32; 3]) {
        self.begin();
        self.operand(r);
        self.operand(g);
        self.operand(b);
        self.bytes.extend_from_slice(b"rg");
    }

    pub fn line_width(&mut self, width: f32) {
        self.begin();
        self.operand(width);
        self.bytes.push(b'w');
    }

    pub fn begin_text(&mut self) {
        self.begin();
        self.bytes.extend_from_slice(b"BT");
    }

    pub fn end_text(&mut self) {
        self.begin();
        self.bytes.extend_from_slice(b"ET");
    }

    /// `/F1 12 Tf`. Resource names are ours ("F1"): nothing to escape.
    pub fn font(&mut self, resource: &str, size: f32) {
        self.begin();
        self.bytes.push(b'/');
        self.bytes.extend_from_slice(resource.as_bytes());
        self.bytes.push(b' ');
        self.operand(size);
        self.bytes.extend_from_slice(b"Tf");
    }

    /// `x Tc`: the space added after every glyph shown, in points.
    pub fn char_spacing(&mut self, spacing: f32) {
        self.begin();
        self.operand(spacing);
        self.bytes.extend_from_slice(b"Tc");
    }

    /// `1 0 0 1 x y Tm`.
    pub fn text_position(&mut self, x: f32, y: f32) {
        self.begin();
        self.bytes.extend_from_slice(b"1 0 0 1 ");
        self.operand(x);
        self.operand(y);
        self.bytes.extend_from_slice(b"Tm");
    }

    /// Shows `codes`, with `kerns` (before which code, in thousandths of
    /// an em) between them: `<…> Tj` when there are none, else
    /// `[<…> n<…>] TJ`. Each kern stands before a code (never at either
    /// end), in order.
    pub fn show(&mut self, codes: &[u16], kerns: &[(usize, f32)]) {
        self.begin();
        if kerns.is_empty() {
            self.codes(codes);
            self.bytes.extend_from_slice(b" Tj");
            return;
        }
        self.bytes.push(b'[');
        let mut start = 0;
        for &(at, kern) in kerns {
            self.codes(&codes[start..at]);
            self.bytes.push(b' ');
            self.number(kern);
            start = at;
        }
        self.codes(&codes[start..]);
        self.bytes.extend_from_slice(b"] TJ");
    }

    /// `/Span <</ActualText<…>>> BDC`, the text as UTF-16BE with its mark.
    pub fn begin_actual_text(&mut self, text: &str) {
        self.begin();
        self.bytes.extend_from_slice(b"/Span <</ActualText<FEFF");
        self.hex(text.encode_utf16());
        self.bytes.extend_from_slice(b">>> BDC");
    }

    pub fn end_marked(&mut self) {
        self.begin();
        self.bytes.extend_from_slice(b"EMC");
    }
}

/// `value` in thousandths, when it is the `f32` nearest a number of
/// thousandths and small enough for that number to be its shortest form;
/// almost every number of a page is (positions and sizes are rounded to
/// 0.001, kerns to 0.01), and formatting it by hand is several times
/// faster than the shortest-form search. Below 4096 an `f32`'s spacing is
/// under half a thousandth, so no shorter decimal names the same `f32`.
fn thousandths(value: f32) -> Option<i32> {
    // NaN is not below 4096 either.
    let small = value.abs() < 4096.0;
    if !small || (value == 0.0 && value.is_sign_negative()) {
        return None;
    }
    let k = (f64::from(value) * 1000.0).round();
    ((k / 1000.0) as f32 == value).then_some(k as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    use lopdf::content::{Content as LoContent, Operation};
    use lopdf::{Dictionary, Object, StringFormat};

    fn literal(codes: &[u16]) -> Object {
        Object::String(
            codes.iter().flat_map(|c| c.to_be_bytes()).collect(),
            StringFormat::Literal,
        )
    }

    /// Codes whose bytes a literal string must escape come back whole
    /// from lopdf's content parser (a reader's view of the stream).
    #[test]
    fn codes_read_back_as_written() {
        let codes: Vec<u16> = vec![
            0x2829, 0x5C0D, 0x0A0D, 0x0D0A, 0x0029, 0x2800, 0x5C5C, 0x0102,
        ];
        let mut c = Content::default();
        c.begin_text();
        c.show(&codes, &[(3, -12.5)]);
        c.end_text();
        let read = LoContent::decode(&c.into_bytes()).unwrap();
        let shown = &read.operations[1];
        assert_eq!(shown.operator, "TJ");
        let Object::Array(parts) = &shown.operands[0] else {
            panic!("{shown:?}")
        };
        let bytes: Vec<u8> = parts
            .iter()
            .filter_map(|p| p.as_str().ok())
            .flatten()
            .copied()
            .collect();
        let want: Vec<u8> = codes.iter().flat_map(|c| c.to_be_bytes()).collect();
        assert_eq!(bytes, want);
    }

    /// Numbers come out as Rust prints an `f32`, whichever way they are
    /// written.
    #[test]
    fn numbers_are_rusts_shortest_form() {
        let mut values = vec![0.0, -0.0, 1.0, -1.0, 0.5, 7.8, 0.65 * 12.0, 1e-7, 4095.999];
        values.extend([4096.0, 4096.001, 1e9, f32::MAX, f32::MIN_POSITIVE, f32::NAN]);
        let mut seed = 0x2545_f491_u32;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let k = (seed % 9_000_000) as f32 - 4_500_000.0;
            values.push(k / 1000.0);
            values.push(f32::from_bits(seed));
            values.push((k / 10.0).round() / 100.0);
        }
        for v in values {
            let mut c = Content::default();
            c.number(v);
            assert_eq!(String::from_utf8(c.bytes).unwrap(), format!("{v}"), "{v:e}");
        }
    }

    /// The same operations through lopdf's own encoder, as printpdf
    /// wrote them (codes in literal strings), give the same bytes.
    #[test]
    fn bytes_are_lopdfs() {
        let mut c = Content::default();
        c.rectangle([70.866, 780.714, 467.717, 0.75], Paint::Fill);
        c.line_width(0.6);
        c.rectangle([70.866, 471.617, 467.717, 152.6], Paint::Stroke);
        c.begin_text();
        c.font("F6", 10.5);
        c.text_position(70.866, -797.934);
        c.show(&[0x10, 0xB, 0x1234], &[(1, 18.07), (2, -0.5)]);
        c.begin_actual_text("2. Ça");
        c.show(&[0xABCD], &[]);
        c.end_marked();
        c.end_text();

        let real = Object::Real;
        let ops = vec![
            Operation::new(
                "re",
                vec![real(70.866), real(780.714), real(467.717), real(0.75)],
            ),
            Operation::new("f", vec![]),
            Operation::new("w", vec![real(0.6)]),
            Operation::new(
                "re",
                vec![real(70.866), real(471.617), real(467.717), real(152.6)],
            ),
            Operation::new("S", vec![]),
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![Object::Name(b"F6".to_vec()), real(10.5)]),
            Operation::new(
                "Tm",
                vec![
                    real(1.0),
                    real(0.0),
                    real(0.0),
                    real(1.0),
                    real(70.866),
                    real(-797.934),
                ],
            ),
            Operation::new(
                "TJ",
                vec![Object::Array(vec![
                    literal(&[0x10]),
                    real(18.07),
                    literal(&[0xB]),
                    real(-0.5),
                    literal(&[0x1234]),
                ])],
            ),
            Operation::new(
                "BDC",
                vec![
                    Object::Name(b"Span".to_vec()),
                    Object::Dictionary(Dictionary::from_iter(vec![(
                        "ActualText",
                        Object::String(
                            crate::render::pdf::objects::utf16_text("2. Ça"),
                            StringFormat::Hexadecimal,
                        ),
                    )])),
                ],
            ),
            Operation::new("Tj", vec![literal(&[0xABCD])]),
            Operation::new("EMC", vec![]),
            Operation::new("ET", vec![]),
        ];
        let expected = LoContent { operations: ops }.encode().unwrap();
        let written = c.into_bytes();
        assert!(
            written == expected,
            "{}\n----\n{}",
            written.escape_ascii(),
            expected.escape_ascii()
        );
    }
}
