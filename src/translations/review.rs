//! The bilingual review page: one self-contained HTML page, one row per
//! text in document order, the source and the translation side by side
//! with the paragraph number, stale and missing translations marked.
//! Texts are rendered by the HTML renderer from the built documents, so
//! references, lists and quotations look as they do in the HTML output.

use std::collections::BTreeMap;

use super::exchange::Loaded;
use super::segments::exchange_units;
use super::{State, units};
use crate::model::Document;
use crate::render::Writer;
use crate::render::html::{Html, escape};

/// The review page of `loaded` in `lang`, and the number of rows.
pub fn page(loaded: &Loaded, lang: &str) -> anyhow::Result<(String, usize)> {
    let source = loaded.source()?;
    let docs = [loaded.build(source)?, loaded.build(lang)?];
    let keys = block_keys(&loaded.input);
    let cells: Vec<BTreeMap<String, String>> = docs
        .iter()
        .map(|doc| {
            let mut out = cells(doc);
            add_blocks(doc, &keys, &mut out);
            out
        })
        .collect();
    let exchange = exchange_units(&loaded.input, loaded.lock.as_ref(), source, lang);
    let mut rows = String::new();
    let mut counts: BTreeMap<State, usize> = BTreeMap::new();
    for unit in &exchange {
        *counts.entry(unit.state).or_default() += 1;
        let class = match unit.state {
            State::Missing => "missing",
            State::Stale => "stale",
            State::Unaccepted => "unaccepted",
            State::UpToDate => "current",
        };
        let number = unit.paragraph.map(|n| n.to_string()).unwrap_or_default();
        // The source column keeps the anchors references lead to; the
        // translation's copies would be the same ids twice.
        let translation = match (unit.state, cells[1].get(&unit.key)) {
            (State::Missing, _) | (_, None) => "<p class=\"none\">(no translation)</p>".into(),
            (_, Some(html)) => html.replace(" id=\"", " data-anchor=\""),
        };
        rows.push_str(&format!(
            "<tr class=\"{class}\"{id}><td class=\"number\">{number}</td>\
             <td class=\"key\"><code>{key}</code><br><span class=\"state\">{state}</span></td>\
             <td lang=\"{source}\">{original}</td><td lang=\"{lang}\">{translation}</td></tr>\n",
            id = unit
                .paragraph
                .map(|n| format!(" id=\"{}\"", crate::model::paragraph_anchor(n)))
                .unwrap_or_default(),
            key = escape(&unit.key),
            state = unit.state.name(),
            original = cells[0].get(&unit.key).map_or("", String::as_str),
        ));
    }
    let count = |s: State| counts.get(&s).copied().unwrap_or(0);
    let title = format!(
        "{}: translation review, {source} | {lang}",
        escape(&loaded.name())
    );
    let summary = format!(
        "{} texts: {} up to date, {} stale, {} missing, {} not accepted.",
        exchange.len(),
        count(State::UpToDate),
        count(State::Stale),
        count(State::Missing),
        count(State::Unaccepted)
    );
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"{source}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n\
         <p class=\"summary\">{summary} Rows marked <span class=\"stale\">stale</span> changed \
         in {source} since their translation was accepted; rows marked \
         <span class=\"missing\">missing</span> have no translation.</p>\n\
         <table>\n<thead><tr><th scope=\"col\">¶</th><th scope=\"col\">Text</th>\
         <th scope=\"col\">{source}</th><th scope=\"col\">{lang}</th></tr></thead>\n\
         <tbody>\n{rows}</tbody>\n</table>\n</body>\n</html>\n"
    );
    Ok((page, exchange.len()))
}

/// The HTML of every text of a built document, by key.
fn cells(doc: &Document) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert(
        "title".into(),
        format!("<p>{}</p>", Html.inlines(&doc.title)),
    );
    out.insert("summary.purpose".into(), Html.flows(&doc.purpose));
    out.insert("summary.action".into(), Html.flows(&doc.action));
    for section in &doc.sections {
        out.insert(
            format!("{}/title", section.id),
            format!(
                "<p class=\"section-title\" id=\"{}\">{}. {}</p>",
                escape(&section.anchor),
                escape(&section.numeral),
                Html.inlines(&section.title)
            ),
        );
    }
    out
}

/// The key of each block of the document, in order.
fn block_keys(input: &crate::input::DocumentInput) -> Vec<String> {
    units(input)
        .into_iter()
        .map(|u| u.key)
        .filter(|k| k != "title" && !k.starts_with("summary.") && !k.ends_with("/title"))
        .collect()
}

/// Adds the blocks of `doc` to its cells, keyed as `keys` says.
fn add_blocks(doc: &Document, keys: &[String], out: &mut BTreeMap<String, String>) {
    let blocks = doc.sections.iter().flat_map(|s| s.blocks.iter());
    for (key, block) in keys.iter().zip(blocks) {
        if !block.content.is_empty() {
            out.insert(key.clone(), Html.block(block));
        }
    }
}

/// The page's own styles: readable columns, the states in colour and in
/// words.
const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;margin:1.5rem;color:#111}\
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;table-layout:fixed}\
th,td{border:1px solid #bbb;padding:.4rem .6rem;vertical-align:top;text-align:left}\
th:nth-child(1),td.number{width:2.5rem;text-align:right}th:nth-child(2),td.key{width:11rem}\
td.key code{font-size:.8rem;word-break:break-all}.state{font-size:.8rem;font-style:italic}\
td p{margin:0 0 .5rem}td blockquote{margin:.3rem 0 .5rem 1.2rem}\
ul.list,ol.list{list-style:none;padding-left:0;margin:0 0 .5rem}\
li{display:flex;gap:.5rem}li .label{min-width:2rem}\
tr.stale td{background:#fff4cc}tr.missing td{background:#fde2e2}\
tr.unaccepted td{background:#e8f0fe}span.stale{background:#fff4cc}\
span.missing{background:#fde2e2}p.none{color:#a00;font-style:italic}\
.section-title{font-weight:bold}a.ref{color:#034}";
