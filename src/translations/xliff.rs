//! XLIFF 2.0 (core): writing the texts to translate for a translator's
//! tool, and reading back what it returns.
//!
//! One `<unit>` per text, named by the text's key (`name`) and an XML form
//! of it (`id`, see [`super::segments::xml_id`]); one `<segment>` per
//! paragraph or list item, with `canResegment="no"` so that tools keep
//! them apart. Notes give the paragraph number and the state in the lock;
//! the segment state says the same in XLIFF's words: `final` (accepted),
//! `translated` (not yet accepted), `initial` (missing, or stale with its
//! old target kept). Inline codes carry what they stand for in
//! `<originalData>`, so that a tool can show it.

use std::collections::BTreeMap;
use std::ops::Range;

use super::State;
use super::displays::Displays;
use super::inline_codes::{Code, Codes, Piece};
use super::segments::ExchangeUnit;
use crate::diagnostics::{Diagnostic, FileId, Span};

pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// Which texts to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Texts whose source changed since their translation was accepted.
    Stale,
    /// Texts with no translation.
    Missing,
    All,
}

impl Only {
    pub fn parse(name: &str) -> Option<Only> {
        match name {
            "stale" => Some(Only::Stale),
            "missing" => Some(Only::Missing),
            "all" => Some(Only::All),
            _ => None,
        }
    }

    fn keeps(self, state: State) -> bool {
        match self {
            Only::Stale => state == State::Stale,
            Only::Missing => state == State::Missing,
            Only::All => true,
        }
    }
}

/// The header of an export: the document and the two languages.
pub struct Header<'a> {
    /// The `<file id>`: the document's symbol.
    pub file_id: &'a str,
    /// The document folder, as given.
    pub original: &'a str,
    pub source: &'a str,
    pub target: &'a str,
}

/// The XLIFF file of `units` that `only` keeps. Returns the text and the
/// number of units in it.
pub fn export(
    header: &Header,
    units: &[ExchangeUnit],
    displays: &Displays,
    only: Only,
) -> (String, usize) {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        attr(header.source),
        attr(header.target)
    ));
    out.push_str(&format!(
        "  <file id=\"{}\" original=\"{}\" canResegment=\"no\">\n",
        attr(&nmtoken(header.file_id)),
        attr(header.original)
    ));
    let mut count = 0;
    // A text with no words (blank) has nothing to translate, and XLIFF
    // wants a segment in every unit.
    let kept = units
        .iter()
        .filter(|u| only.keeps(u.state) && !u.segments.is_empty());
    for unit in kept {
        write_unit(&mut out, unit, displays);
        count += 1;
    }
    if count == 0 {
        // The schema wants a unit in every file: an empty export says so.
        out.push_str(
            "    <unit id=\"nothing\" translate=\"no\">\n      <segment>\n        \
             <source>(no text to translate)</source>\n      </segment>\n    </unit>\n",
        );
    }
    out.push_str("  </file>\n</xliff>\n");
    (out, count)
}

fn write_unit(out: &mut String, unit: &ExchangeUnit, displays: &Displays) {
    out.push_str(&format!(
        "    <unit id=\"{}\" name=\"{}\">\n      <notes>\n",
        attr(&unit.xml_id()),
        attr(&unit.key)
    ));
    if let Some(n) = unit.paragraph {
        out.push_str(&format!(
            "        <note category=\"paragraph\">{n}</note>\n"
        ));
    }
    out.push_str(&format!(
        "        <note category=\"state\">{}</note>\n      </notes>\n",
        unit.state.name()
    ));
    if !unit.codes.is_empty() {
        out.push_str("      <originalData>\n");
        // The translation's own codes (its own link addresses) have data
        // of their own, `t` after the id.
        let own = unit.own_codes.iter().map(|(id, c)| (id, c, "t"));
        for (id, code, own) in unit.codes.iter().map(|(id, c)| (id, c, "")).chain(own) {
            let mut data = |suffix: &str, text: String| {
                out.push_str(&format!(
                    "        <data id=\"d{id}{own}{suffix}\">{}</data>\n",
                    content_text(&text)
                ));
            };
            if code.is_paired() {
                data("s", code.markdown_start());
                data("e", code.markdown_end());
            } else {
                data("", code.markdown_start());
            }
        }
        out.push_str("      </originalData>\n");
    }
    let state = match unit.state {
        State::UpToDate => "final",
        State::Unaccepted => "translated",
        State::Missing | State::Stale => "initial",
    };
    // Segment ids share the unit's id space with the inline codes, which
    // are numbered: `s` keeps them apart.
    for (i, segment) in unit.segments.iter().enumerate() {
        out.push_str(&format!(
            "      <segment id=\"s{}\" state=\"{state}\">\n        <source>{}</source>\n",
            i + 1,
            content(&segment.source.pieces, &unit.codes, &Codes::new(), displays)
        ));
        if let Some(target) = &segment.target {
            out.push_str(&format!(
                "        <target>{}</target>\n",
                content(target, &unit.target_codes(), &unit.own_codes, displays)
            ));
        }
        out.push_str("      </segment>\n");
    }
    out.push_str("    </unit>\n");
}

/// A segment's content in XLIFF: text, `<pc>` and `<ph>`. Codes in `own`
/// refer to the translation's own data.
fn content(pieces: &[Piece], codes: &Codes, own: &Codes, displays: &Displays) -> String {
    let mut out = String::new();
    for p in pieces {
        let t = match p {
            Piece::Open(id) | Piece::Placeholder(id) if own.contains_key(id) => "t",
            _ => "",
        };
        match p {
            Piece::Text(t) => out.push_str(&content_text(t)),
            Piece::Open(id) => {
                let (kind, sub) = match codes.get(id) {
                    Some(Code::Emph) => ("fmt", " subType=\"xlf:i\""),
                    Some(Code::Strong) => ("fmt", " subType=\"xlf:b\""),
                    _ => ("link", ""),
                };
                out.push_str(&format!(
                    "<pc id=\"{id}\" type=\"{kind}\"{sub} canCopy=\"no\" canDelete=\"no\" \
                     canReorder=\"no\" dataRefStart=\"d{id}{t}s\" dataRefEnd=\"d{id}{t}e\">"
                ));
            }
            Piece::Close(_) => out.push_str("</pc>"),
            Piece::Placeholder(id) => {
                let (kind, sub, disp) = match codes.get(id) {
                    Some(Code::Ref { target, bare }) => {
                        ("link", "ptc:ref", displays.reference(target, *bare))
                    }
                    Some(Code::Fact(name)) => ("other", "ptc:fact", displays.fact(name)),
                    Some(Code::Autolink(url)) => ("link", "ptc:autolink", url.clone()),
                    Some(Code::Code(c)) => ("other", "ptc:code", c.clone()),
                    _ => ("fmt", "xlf:lb", "\u{21b5}".to_string()),
                };
                out.push_str(&format!(
                    "<ph id=\"{id}\" type=\"{kind}\" subType=\"{sub}\" disp=\"{}\" \
                     canCopy=\"no\" canDelete=\"no\" canReorder=\"no\" dataRef=\"d{id}{t}\"/>",
                    attr(&disp)
                ));
            }
        }
    }
    out
}

/// `name` as an XML name token (what XLIFF ids are): letters, digits,
/// `.`, `-`, `_` and `:` kept, anything else made `-`.
fn nmtoken(name: &str) -> String {
    let token: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if token.is_empty() {
        "document".into()
    } else {
        token
    }
}

/// Text as XML element content. Characters XML 1.0 cannot hold (most
/// control characters) are written as XLIFF `<cp>` elements.
fn content_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push_str(&format!("<cp hex=\"{:04X}\"/>", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Text as a quoted attribute value; control characters left out.
fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// An XLIFF file read back: its languages and units.
#[derive(Debug)]
pub struct XliffFile {
    pub source: String,
    pub target: String,
    /// Where `trgLang` is written, for messages about it.
    pub root: Range<usize>,
    pub units: Vec<XliffUnit>,
}

#[derive(Debug)]
pub struct XliffUnit {
    pub id: String,
    /// The `<unit>` start tag.
    pub at: Range<usize>,
    pub segments: Vec<XliffSegment>,
    /// `<originalData>`: data by id.
    pub data: BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct XliffSegment {
    pub at: Range<usize>,
    pub state: Option<String>,
    pub source: Vec<Piece>,
    /// The data each code of the source refers to: (code id, data id).
    pub source_refs: Vec<(String, String)>,
    pub target: Option<(Vec<Piece>, Range<usize>)>,
    /// The same for the target's codes.
    pub target_refs: Vec<(String, String)>,
}

/// An element of the file, as much of it as reading needs.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    at: Range<usize>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }
}

/// An error at a place in the XLIFF file.
fn error(file: FileId, at: Range<usize>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(Span::new(file, at), message)
}

/// Reads the text of an XLIFF 2 file. `file` names it in diagnostics.
pub fn parse(file: FileId, text: &str) -> Result<XliffFile, Vec<Diagnostic>> {
    let root = read_tree(file, text).map_err(|d| vec![d])?;
    let mut found = Vec::new();
    if root.name != "xliff" {
        return Err(vec![error(
            file,
            root.at.clone(),
            format!(
                "this is not an XLIFF file: its root element is <{}>",
                root.name
            ),
        )]);
    }
    let version = root.attr("version").unwrap_or("");
    if !version.starts_with("2.") {
        return Err(vec![
            error(
                file,
                root.at.clone(),
                format!("XLIFF version `{version}` is not supported"),
            )
            .with_note("ptcdoc reads XLIFF 2.x, as `ptcdoc translations export` writes it"),
        ]);
    }
    let mut units = Vec::new();
    collect_units(file, &root, &mut units, &mut found);
    if !found.is_empty() {
        return Err(found);
    }
    Ok(XliffFile {
        source: root.attr("srcLang").unwrap_or("").to_string(),
        target: root.attr("trgLang").unwrap_or("").to_string(),
        root: root.at.clone(),
        units,
    })
}

fn collect_units(
    file: FileId,
    parent: &Element,
    out: &mut Vec<XliffUnit>,
    found: &mut Vec<Diagnostic>,
) {
    for e in parent.elements() {
        match e.name.as_str() {
            "file" | "group" => collect_units(file, e, out, found),
            // Not for translation: the placeholder of an empty export.
            "unit" if e.attr("translate") == Some("no") => {}
            "unit" => match read_unit(file, e) {
                Ok(unit) => out.push(unit),
                Err(d) => found.push(d),
            },
            _ => {}
        }
    }
}

fn read_unit(file: FileId, e: &Element) -> Result<XliffUnit, Diagnostic> {
    let id = e
        .attr("id")
        .ok_or_else(|| error(file, e.at.clone(), "this <unit> has no id"))?;
    let mut unit = XliffUnit {
        id: id.to_string(),
        at: e.at.clone(),
        segments: Vec::new(),
        data: BTreeMap::new(),
    };
    for child in e.elements() {
        match child.name.as_str() {
            "originalData" => {
                for data in child.elements().filter(|d| d.name == "data") {
                    let mut pieces = Vec::new();
                    inline(file, data, &mut pieces, &mut Vec::new())?;
                    let text = pieces
                        .iter()
                        .map(|p| match p {
                            Piece::Text(t) => t.as_str(),
                            _ => "",
                        })
                        .collect();
                    unit.data
                        .insert(data.attr("id").unwrap_or("").to_string(), text);
                }
            }
            "segment" => unit.segments.push(read_segment(file, child)?),
            _ => {}
        }
    }
    Ok(unit)
}

fn read_segment(file: FileId, e: &Element) -> Result<XliffSegment, Diagnostic> {
    let mut segment = XliffSegment {
        at: e.at.clone(),
        state: e.attr("state").map(str::to_string),
        source: Vec::new(),
        source_refs: Vec::new(),
        target: None,
        target_refs: Vec::new(),
    };
    let mut has_source = false;
    for child in e.elements() {
        match child.name.as_str() {
            "source" => {
                let mut pieces = Vec::new();
                inline(file, child, &mut pieces, &mut segment.source_refs)?;
                segment.source = pieces;
                has_source = true;
            }
            "target" => {
                let mut pieces = Vec::new();
                inline(file, child, &mut pieces, &mut segment.target_refs)?;
                segment.target = Some((pieces, child.at.clone()));
            }
            _ => {}
        }
    }
    if !has_source {
        return Err(error(file, e.at.clone(), "this <segment> has no <source>"));
    }
    Ok(segment)
}

/// The inline content of `e` into `out`; the data each code refers to
/// into `refs`.
fn inline(
    file: FileId,
    e: &Element,
    out: &mut Vec<Piece>,
    refs: &mut Vec<(String, String)>,
) -> Result<(), Diagnostic> {
    for node in &e.children {
        let child = match node {
            Node::Text(t) => {
                out.push(Piece::Text(t.clone()));
                continue;
            }
            Node::Element(child) => child,
        };
        let id = || {
            child.attr("id").map(str::to_string).ok_or_else(|| {
                error(
                    file,
                    child.at.clone(),
                    format!("this <{}> has no id", child.name),
                )
            })
        };
        match child.name.as_str() {
            "pc" => {
                let id = id()?;
                for (attr, suffix) in [("dataRefStart", "s"), ("dataRefEnd", "e")] {
                    if let Some(data) = child.attr(attr) {
                        refs.push((format!("{id}{suffix}"), data.to_string()));
                    }
                }
                out.push(Piece::Open(id.clone()));
                inline(file, child, out, refs)?;
                out.push(Piece::Close(id));
            }
            "ph" => {
                let id = id()?;
                if let Some(data) = child.attr("dataRef") {
                    refs.push((id.clone(), data.to_string()));
                }
                out.push(Piece::Placeholder(id));
            }
            "cp" => {
                let hex = child.attr("hex").unwrap_or("");
                let c = u32::from_str_radix(hex, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| {
                        error(
                            file,
                            child.at.clone(),
                            format!("`{hex}` is not a code point"),
                        )
                    })?;
                out.push(Piece::Text(c.to_string()));
            }
            // Annotations (comments, terms) mark text; the text is kept.
            "mrk" => {
                inline(file, child, out, refs)?;
            }
            other => {
                return Err(error(
                    file,
                    child.at.clone(),
                    format!("<{other}> is not supported inside a segment"),
                )
                .with_note("ptcdoc writes inline codes as <pc> and <ph>; keep them as they came"));
            }
        }
    }
    Ok(())
}

/// Parses the file into elements, each with the place of its start tag.
fn read_tree(file: FileId, text: &str) -> Result<Element, Diagnostic> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let not_xml = |at: usize, e: &dyn std::fmt::Display| {
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        error(
            file,
            at..at,
            format!("this file is not well-formed XML: {e}"),
        )
    };
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let event = reader
            .read_event()
            .map_err(|e| not_xml(usize::try_from(reader.error_position()).unwrap_or(0), &e))?;
        let end = usize::try_from(reader.buffer_position()).unwrap_or(start);
        let at = start..end;
        match event {
            Event::Start(ref tag) | Event::Empty(ref tag) => {
                let empty = matches!(event, Event::Empty(_));
                let name = String::from_utf8_lossy(tag.local_name().as_ref()).into_owned();
                let mut attrs = Vec::new();
                for a in tag.attributes() {
                    let a = a.map_err(|e| not_xml(start, &e))?;
                    let value = a.unescape_value().map_err(|e| not_xml(start, &e))?;
                    let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                    attrs.push((key, value.into_owned()));
                }
                let element = Element {
                    name,
                    attrs,
                    at,
                    children: Vec::new(),
                };
                if empty {
                    attach(&mut stack, &mut root, element);
                } else {
                    stack.push(element);
                }
            }
            Event::End(_) => {
                if let Some(element) = stack.pop() {
                    attach(&mut stack, &mut root, element);
                }
            }
            Event::Text(t) => {
                let t = t.unescape().map_err(|e| not_xml(start, &e))?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(t.into_owned()));
                }
            }
            Event::CData(t) => {
                if let Some(parent) = stack.last_mut() {
                    let t = String::from_utf8_lossy(&t).into_owned();
                    parent.children.push(Node::Text(t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.first() {
        return Err(error(
            file,
            open.at.clone(),
            format!(
                "this file is not well-formed XML: <{}> is never closed",
                open.name
            ),
        ));
    }
    root.ok_or_else(|| error(file, 0..0, "this file is not XML: it has no element"))
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => {
            if root.is_none() {
                *root = Some(element);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<XliffFile, Vec<String>> {
        parse(0, text).map_err(|ds| ds.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn reads_units_segments_and_codes() {
        let file = read(
            "<?xml version=\"1.0\"?><xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" \
             version=\"2.0\" srcLang=\"en\" trgLang=\"fr\"><file id=\"f\"><unit id=\"a:b\">\
             <originalData><data id=\"d1\">[](#x)</data></originalData>\
             <segment state=\"translated\"><source>See <ph id=\"1\" dataRef=\"d1\"/> &amp; \
             <pc id=\"2\">this</pc></source><target>Voir <mrk id=\"m\">ceci</mrk><cp hex=\"41\"/></target>\
             </segment></unit></file></xliff>",
        )
        .unwrap();
        assert_eq!((file.source.as_str(), file.target.as_str()), ("en", "fr"));
        let unit = &file.units[0];
        assert_eq!(unit.id, "a:b");
        assert_eq!(unit.data["d1"], "[](#x)");
        let s = &unit.segments[0];
        assert_eq!(s.state.as_deref(), Some("translated"));
        assert_eq!(
            s.source,
            [
                Piece::Text("See ".into()),
                Piece::Placeholder("1".into()),
                Piece::Text(" & ".into()),
                Piece::Open("2".into()),
                Piece::Text("this".into()),
                Piece::Close("2".into()),
            ]
        );
        assert_eq!(s.source_refs, [("1".to_string(), "d1".to_string())]);
        let (target, _) = s.target.as_ref().unwrap();
        assert_eq!(
            target,
            &[
                Piece::Text("Voir ".into()),
                Piece::Text("ceci".into()),
                Piece::Text("A".into()),
            ]
        );
    }

    #[test]
    fn a_folder_name_becomes_a_name_token() {
        assert_eq!(nmtoken("PC0608"), "PC0608");
        assert_eq!(nmtoken("my doc (2)"), "my-doc--2-");
        assert_eq!(nmtoken(""), "document");
    }

    #[test]
    fn refuses_what_is_not_xliff_2() {
        let e = read("<xliff version=\"1.2\"><file/></xliff>").unwrap_err();
        assert!(e[0].contains("version `1.2`"), "{e:?}");
        let e = read("<html></html>").unwrap_err();
        assert!(e[0].contains("root element is <html>"), "{e:?}");
        let e = read("<xliff version=\"2.0\"><file>").unwrap_err();
        assert!(e[0].contains("not well-formed"), "{e:?}");
        let e = read("<xliff version=\"2.0\"><file></xliff>").unwrap_err();
        assert!(e[0].contains("not well-formed"), "{e:?}");
    }
}
