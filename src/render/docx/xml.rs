//! A thin XML writer for the parts of the package: elements by name with
//! their attributes, text escaped, and only characters XML 1.0 allows.
//!
//! It writes what quick-xml's writer wrote for the same calls, byte for
//! byte (the tests compare them), straight into one buffer: building an
//! event per element and escaping into new strings was a third of the
//! DOCX's time before compression.

use std::borrow::Cow;

/// One XML part being written.
pub struct Xml {
    out: Vec<u8>,
}

impl Xml {
    /// A part with its XML declaration (standalone, as Word writes it).
    pub fn new() -> Xml {
        let mut out = Vec::with_capacity(64 * 1024);
        out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n");
        Xml { out }
    }

    /// `<name` and the attributes, values escaped.
    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        for (k, v) in attrs {
            self.out.push(b' ');
            self.out.extend_from_slice(k.as_bytes());
            self.out.extend_from_slice(b"=\"");
            escape_into(&mut self.out, &clean(v));
            self.out.push(b'"');
        }
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.push(b'>');
    }

    pub fn close(&mut self, name: &str) {
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start(name, attrs);
        self.out.extend_from_slice(b"/>");
    }

    /// `<name w:val="value"/>`, the commonest shape of a property.
    pub fn val(&mut self, name: &str, value: &str) {
        self.empty(name, &[("w:val", value)]);
    }

    /// Character data, escaped; characters XML cannot carry are dropped.
    pub fn text(&mut self, text: &str) {
        escape_into(&mut self.out, &clean(text));
    }

    /// An element holding only text.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// Appends `text` with the five characters markup gives a meaning to
/// escaped, in text and in attribute values alike.
fn escape_into(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'&' => b"&amp;",
            b'\'' => b"&apos;",
            b'"' => b"&quot;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[from..i]);
        out.extend_from_slice(entity);
        from = i + 1;
    }
    out.extend_from_slice(&bytes[from..]);
}

/// Whether XML 1.0 allows `c` in a document.
pub fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` without the characters XML cannot carry (control characters
/// a TOML escape can put in an input); borrowed when it has none, as
/// nearly every text has.
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| allowed(*c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        let mut x = Xml::new();
        x.open("w:t", &[("a", "\"<&\u{1}")]);
        x.text("a<b&c\u{0}\u{b}d");
        x.close("w:t");
        let out = String::from_utf8(x.finish()).unwrap();
        assert!(
            out.ends_with("<w:t a=\"&quot;&lt;&amp;\">a&lt;b&amp;cd</w:t>"),
            "{out}"
        );
        assert!(
            out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n")
        );
    }

    /// The same calls through quick-xml's writer, as this module made
    /// them before it wrote the bytes itself.
    struct Reference(quick_xml::Writer<Vec<u8>>);

    impl Reference {
        fn new() -> Reference {
            let mut w = quick_xml::Writer::new(Vec::new());
            let decl = BytesDecl::new("1.0", Some("UTF-8"), Some("yes"));
            w.write_event(Event::Decl(decl)).unwrap();
            w.get_mut().extend_from_slice(b"\r\n");
            Reference(w)
        }

        fn start(name: &str, attrs: &[(&str, &str)]) -> BytesStart<'static> {
            let mut e = BytesStart::new(name.to_string());
            for (k, v) in attrs {
                e.push_attribute((*k, &*clean(v)));
            }
            e
        }
    }

    /// Every call, with every character that is escaped or dropped, in
    /// text and attributes, gives quick-xml's bytes.
    #[test]
    fn the_bytes_are_quick_xmls() {
        let texts = [
            "",
            "plain",
            "<>&'\"",
            "a\u{1}b\u{FFFE}c\u{202F}é\u{10348}",
            "x&amp;y",
            "\t\n\r tab",
        ];
        let mut ours = Xml::new();
        let mut theirs = Reference::new();
        for (i, t) in texts.iter().enumerate() {
            let attrs = [("w:val", *t), ("w:id", "1")];
            let attrs = &attrs[..i % 3];
            ours.open("w:p", attrs);
            theirs
                .0
                .write_event(Event::Start(Reference::start("w:p", attrs)))
                .unwrap();
            ours.empty("w:b", attrs);
            theirs
                .0
                .write_event(Event::Empty(Reference::start("w:b", attrs)))
                .unwrap();
            ours.val("w:sz", t);
            let val = [("w:val", *t)];
            theirs
                .0
                .write_event(Event::Empty(Reference::start("w:sz", &val)))
                .unwrap();
            ours.leaf("w:t", attrs, t);
            theirs
                .0
                .write_event(Event::Start(Reference::start("w:t", attrs)))
                .unwrap();
            theirs
                .0
                .write_event(Event::Text(BytesText::new(&clean(t))))
                .unwrap();
            theirs
                .0
                .write_event(Event::End(BytesEnd::new("w:t")))
                .unwrap();
            ours.text(t);
            theirs
                .0
                .write_event(Event::Text(BytesText::new(&clean(t))))
                .unwrap();
            ours.close("w:p");
            theirs
                .0
                .write_event(Event::End(BytesEnd::new("w:p")))
                .unwrap();
        }
        assert_eq!(
            String::from_utf8(ours.finish()).unwrap(),
            String::from_utf8(theirs.0.into_inner()).unwrap()
        );
    }
}
