//! A thin layer over quick-xml's writer for the parts of the package:
//! elements by name with their attributes, text escaped by the writer,
//! and only characters XML 1.0 allows.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// One XML part being written.
pub struct Xml {
    w: Writer<Vec<u8>>,
}

/// Writing to memory cannot fail; quick-xml's signature is for files and
/// sockets, so its `Result` is dropped here, in one place.
fn done(result: std::io::Result<()>) {
    debug_assert!(result.is_ok());
}

impl Xml {
    /// A part with its XML declaration (standalone, as Word writes it).
    pub fn new() -> Xml {
        let mut w = Writer::new(Vec::with_capacity(64 * 1024));
        done(
            w.write_event(Event::Decl(BytesDecl::new(
                "1.0",
                Some("UTF-8"),
                Some("yes"),
            )))
            .map(|_| ()),
        );
        w.get_mut().extend_from_slice(b"\r\n");
        Xml { w }
    }

    fn start(name: &str, attrs: &[(&str, &str)]) -> BytesStart<'static> {
        let mut e = BytesStart::new(name.to_string());
        for (k, v) in attrs {
            e.push_attribute((*k, &*clean(v)));
        }
        e
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        done(self.w.write_event(Event::Start(Xml::start(name, attrs))));
    }

    pub fn close(&mut self, name: &str) {
        done(self.w.write_event(Event::End(BytesEnd::new(name))));
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        done(self.w.write_event(Event::Empty(Xml::start(name, attrs))));
    }

    /// `<name w:val="value"/>`, the commonest shape of a property.
    pub fn val(&mut self, name: &str, value: &str) {
        self.empty(name, &[("w:val", value)]);
    }

    /// Character data, escaped; characters XML cannot carry are dropped.
    pub fn text(&mut self, text: &str) {
        done(
            self.w
                .write_event(Event::Text(BytesText::new(&clean(text)))),
        );
    }

    /// An element holding only text.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    pub fn finish(self) -> Vec<u8> {
        self.w.into_inner()
    }
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
}
