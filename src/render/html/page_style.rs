//! The style a page gets from its own content, added to the rendered
//! template: the fonts (subset to the characters the page shows, which are
//! known only once it is rendered) and the symbol of the printed pages'
//! running header.
//!
//! It goes in its own `<style>` element before the template's first one,
//! so that the stylesheet (`style.css`, which a user may override) comes
//! later and has the last word. A template without a `<head>` end tag gets
//! none of it.

use crate::render::pdf::fonts::Face;

use super::{faces, fonts};

/// Characters the stylesheet draws itself: the printed pages' running
/// header (the symbol is added apart) and its page numbers, and the
/// hyphen the browser adds where it hyphenates.
const GENERATED: &str = "0123456789.-\u{2010}";

/// A CSS string literal: quoted, with what could end the string or the
/// `<style>` element escaped.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '\n' | '\r' | '\u{c}' => out.push_str(&format!("\\{:X} ", c as u32)),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `<style>` element for `page`.
fn style_element(page: &str, short_symbol: &str) -> anyhow::Result<String> {
    let mut by_face = faces::characters_by_face(page);
    let serif = by_face.entry(Face::Serif).or_default();
    serif.extend(short_symbol.chars());
    for (face, chars) in &mut by_face {
        if matches!(
            face,
            Face::Serif | Face::SerifBold | Face::SerifItalic | Face::SerifBoldItalic
        ) {
            chars.extend(GENERATED.chars());
        }
    }
    let rules = fonts::font_face_rules(&by_face)?;
    Ok(format!(
        "<style>\n{rules}@page {{ @top-left {{ content: {}; }} }}\n</style>\n",
        css_string(short_symbol)
    ))
}

/// `page` with its own style added in its head.
pub fn add(page: String, short_symbol: &str) -> anyhow::Result<String> {
    let Some(head_end) = page.find("</head>") else {
        return Ok(page);
    };
    let at = page[..head_end].find("<style").unwrap_or(head_end);
    let style = style_element(&page, short_symbol)?;
    let mut out = String::with_capacity(page.len() + style.len());
    out.push_str(&page[..at]);
    out.push_str(&style);
    out.push_str(&page[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_early() {
        assert_eq!(css_string("PC0608E"), "\"PC0608E\"");
        assert_eq!(css_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(css_string("</style>"), "\"\\3C /style\\3E \"");
    }

    #[test]
    fn the_style_goes_before_the_templates_own() {
        let page =
            "<html><head><title>t</title><style>p{}</style></head><body><p>Ab</p></body></html>";
        let out = add(page.to_string(), "PC1E").unwrap();
        let ours = out.find("@font-face").unwrap();
        assert!(ours < out.find("p{}").unwrap());
        assert!(out.contains("@page { @top-left { content: \"PC1E\"; } }"));
        assert!(out.starts_with("<html><head><title>t</title><style>\n@font-face"));
        assert!(out.ends_with("<style>p{}</style></head><body><p>Ab</p></body></html>"));
    }

    #[test]
    fn a_page_without_a_head_is_left_alone() {
        let page = "<p>Ab</p>".to_string();
        assert_eq!(add(page.clone(), "PC1E").unwrap(), page);
    }
}
