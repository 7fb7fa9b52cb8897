//! A translation memory (TMX 1.4b) of every accepted translation across
//! documents: one `<tu>` per text (`tuid` = symbol/key), its inline
//! markup as TMX codes (`<bpt>`/`<ept>`, `<ph>`) holding the Markdown they
//! stand for, so that a tool can reuse the words and keep the codes.
//! Identical pairs are written once; the order is the documents' order,
//! then document order, so the same inputs give the same bytes.

use std::collections::BTreeSet;

use super::State;
use super::exchange::Loaded;
use super::inline_codes::{Code, Codes, Piece};
use super::segments::exchange_units;

/// What [`memory`] wrote.
pub struct Memory {
    pub text: String,
    /// `<tu>` elements written.
    pub units: usize,
    /// Pairs left out because an identical one was written before.
    pub duplicates: usize,
}

/// The memory of the accepted translations of `docs`.
pub fn memory(docs: &[Loaded]) -> anyhow::Result<Memory> {
    let admin = docs.first().map_or(Ok("en"), |d| d.source())?.to_string();
    let mut body = String::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let (mut units, mut duplicates) = (0, 0);
    for doc in docs {
        let source = doc.source()?;
        let symbol = doc.name();
        let targets: Vec<&str> = doc
            .input
            .languages
            .iter()
            .skip(1)
            .map(|l| l.value.as_str())
            .collect();
        // Per target language, the accepted texts by key.
        let mut accepted: Vec<(String, String, String)> = Vec::new();
        let mut sources: Vec<(String, String)> = Vec::new();
        for lang in &targets {
            for unit in exchange_units(&doc.input, doc.lock.as_ref(), source, lang) {
                let carried: Option<Vec<&Vec<Piece>>> =
                    unit.segments.iter().map(|s| s.target.as_ref()).collect();
                let (State::UpToDate, Some(carried)) = (unit.state, carried) else {
                    continue;
                };
                let source_pieces: Vec<&Vec<Piece>> =
                    unit.segments.iter().map(|s| &s.source.pieces).collect();
                if !sources.iter().any(|(k, _)| *k == unit.key) {
                    sources.push((unit.key.clone(), seg(&source_pieces, &unit.codes)));
                }
                accepted.push((
                    unit.key.clone(),
                    lang.to_string(),
                    seg(&carried, &unit.codes),
                ));
            }
        }
        for (key, source_seg) in &sources {
            let mut tu = format!("    <tuv xml:lang=\"{source}\"><seg>{source_seg}</seg></tuv>\n");
            for (_, lang, target_seg) in accepted.iter().filter(|(k, _, _)| k == key) {
                tu.push_str(&format!(
                    "    <tuv xml:lang=\"{lang}\"><seg>{target_seg}</seg></tuv>\n"
                ));
            }
            if !seen.insert(tu.clone()) {
                duplicates += 1;
                continue;
            }
            body.push_str(&format!(
                "   <tu tuid=\"{}\">\n{tu}   </tu>\n",
                escape(&format!("{symbol}/{key}"))
            ));
            units += 1;
        }
    }
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n \
         <header creationtool=\"ptcdoc\" creationtoolversion=\"{}\" segtype=\"paragraph\" \
         o-tmf=\"ptcdoc\" adminlang=\"{admin}\" srclang=\"{admin}\" datatype=\"markdown\"/>\n \
         <body>\n{body} </body>\n</tmx>\n",
        env!("CARGO_PKG_VERSION")
    );
    Ok(Memory {
        text,
        units,
        duplicates,
    })
}

/// A text's segments as the content of a TMX `<seg>`, one line each.
fn seg(segments: &[&Vec<Piece>], codes: &Codes) -> String {
    let mut out = String::new();
    for (i, pieces) in segments.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for p in pieces.iter() {
            match p {
                Piece::Text(t) => out.push_str(&escape(t)),
                Piece::Open(id) => {
                    let code = codes.get(id);
                    out.push_str(&format!(
                        "<bpt i=\"{id}\"{}>{}</bpt>",
                        kind(code),
                        escape(&code.map(Code::markdown_start).unwrap_or_default())
                    ));
                }
                Piece::Close(id) => out.push_str(&format!(
                    "<ept i=\"{id}\">{}</ept>",
                    escape(&codes.get(id).map(Code::markdown_end).unwrap_or_default())
                )),
                Piece::Placeholder(id) => {
                    let code = codes.get(id);
                    out.push_str(&format!(
                        "<ph x=\"{id}\"{}>{}</ph>",
                        kind(code),
                        escape(&code.map(Code::markdown_start).unwrap_or_default())
                    ));
                }
            }
        }
    }
    out
}

/// The TMX `type` of a code.
fn kind(code: Option<&Code>) -> &'static str {
    match code {
        Some(Code::Emph) => " type=\"italic\"",
        Some(Code::Strong) => " type=\"bold\"",
        Some(Code::Link(_) | Code::Ref { .. } | Code::Autolink(_)) => " type=\"link\"",
        Some(Code::Break) => " type=\"lb\"",
        _ => "",
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 cannot hold most control characters.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
