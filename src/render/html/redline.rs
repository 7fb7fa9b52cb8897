//! What a redline's HTML adds to the page: its own styles (insertions
//! underlined, deletions struck through, in colours that stay apart in
//! grey print, and a bar beside every changed paragraph and item), and,
//! at the top, the summary of changes with a legend. A document that is
//! not a redline gets nothing.

use crate::locale::fill;
use crate::model::Document;
use crate::render::Writer;

use super::{Html, escape};

/// Insertions dark blue and underlined, deletions dark red and struck:
/// the decorations tell them apart in grey, the colours on screen.
const STYLE: &str = "<style>
ins { color: #0b4f9c; text-decoration: underline; text-decoration-thickness: .08em; }
del { color: #a3120b; text-decoration: line-through; text-decoration-thickness: .08em; }
.para.inserted > .num { color: #0b4f9c; text-decoration: underline; }
.para.deleted > .num { color: #a3120b; text-decoration: line-through; }
li.inserted > .label { color: #0b4f9c; text-decoration: underline; }
li.deleted > .label { color: #a3120b; text-decoration: line-through; }
.para:has(ins, del), .front p:has(ins, del), .front h1:has(ins, del), .part > h2:has(ins, del),
.subheading:has(ins, del), .unnumbered:has(ins, del), .quote:has(ins, del) { position: relative; }
.para:has(ins, del)::before, .front p:has(ins, del)::before, .front h1:has(ins, del)::before,
.part > h2:has(ins, del)::before, .subheading:has(ins, del)::before,
.unnumbered:has(ins, del)::before, .quote:has(ins, del)::before {
  content: \"\"; position: absolute; left: -.9rem; top: 0; bottom: 0; border-left: 3px solid #333;
}
.para:has(ins, del)::before { left: calc(-1 * var(--hang) - .6rem); }
.redline { border: 1px solid #333; padding: .5rem 1rem; margin: 1rem auto; max-width: 48rem;
  font-size: .9rem; }
.redline h2 { font-size: 1rem; margin: 0 0 .4rem; }
.redline p, .redline ul { margin: .2rem 0; }
@media print { .redline { break-after: page; } }
</style>
";

/// `page` with the redline's styles before `</head>` and its summary at
/// the start of `<main>`.
pub fn add(page: String, doc: &Document) -> String {
    let Some(redline) = &doc.redline else {
        return page;
    };
    let words = &redline.words;
    let mut banner =
        String::from("<section class=\"redline\" aria-labelledby=\"redline-heading\">\n");
    banner.push_str(&format!(
        "<h2 id=\"redline-heading\">{}</h2>\n",
        escape(&redline.heading())
    ));
    let compared = fill(
        &words.compared,
        &[("symbol", &doc.symbol), ("against", &redline.against)],
    );
    banner.push_str(&format!("<p>{}</p>\n", escape(&compared)));
    if !redline.cover.is_empty() {
        banner.push_str("<ul class=\"cover-changes\">\n");
        for fact in &redline.cover {
            banner.push_str(&format!("<li>{}</li>\n", escape(&fact.describe(words))));
        }
        banner.push_str("</ul>\n");
    }
    banner.push_str(&format!(
        "<p class=\"legend\">{} <ins>{}</ins> · <del>{}</del> · {}</p>\n</section>\n",
        escape(&words.legend),
        escape(&words.inserted),
        escape(&words.deleted),
        escape(&words.explanation),
    ));
    // The template writes the symbol as text; a changed one is shown as
    // the cover's other facts are, where the built-in template puts it.
    let page = match doc.symbol_revised() {
        Some(revised) => page.replacen(
            &format!("<p class=\"symbol\">{}</p>", escape(&doc.symbol)),
            &format!("<p class=\"symbol\">{}</p>", Html.inlines(&revised)),
            1,
        ),
        None => page,
    };
    let page = match page.find("</head>") {
        Some(at) => format!("{}{STYLE}{}", &page[..at], &page[at..]),
        None => page,
    };
    match page.find("<main>") {
        Some(at) => {
            let at = at + "<main>".len();
            format!("{}\n{banner}{}", &page[..at], &page[at..])
        }
        None => page,
    }
}
