//! The Markdown output read back as a forge would read it (CommonMark, by
//! pulldown-cmark): paragraph numbers survive as list starts, section III
//! does not restart at 1, nested lists nest, quotes stay inside their
//! paragraph.

mod common;

use common::*;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

fn markdown(lang: &str) -> String {
    let out = build_default(lang, "md");
    let letter = if lang == "en" { "E" } else { "F" };
    std::fs::read_to_string(out.path().join(format!("PC0608{letter}a.md"))).unwrap()
}

/// The numbers a CommonMark reader shows for the top-level ordered-list
/// items under each `##` heading.
fn numbers_by_section(md: &str) -> Vec<(String, Vec<u64>)> {
    let mut out: Vec<(String, Vec<u64>)> = Vec::new();
    let mut depth = 0usize;
    let mut next: Vec<Option<u64>> = Vec::new();
    let mut in_heading = false;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_heading = true;
                out.push((String::new(), Vec::new()));
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) if in_heading => out.last_mut().unwrap().0.push_str(&t),
            Event::Start(Tag::List(start)) => {
                depth += 1;
                next.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                next.pop();
            }
            Event::Start(Tag::Item) => {
                if let Some(Some(n)) = next.last_mut() {
                    if depth == 1
                        && let Some(section) = out.last_mut()
                    {
                        section.1.push(*n);
                    }
                    *n += 1;
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn paragraph_numbers_run_through_the_sections_as_a_reader_sees_them() {
    for lang in ["en", "fr"] {
        let sections = numbers_by_section(&markdown(lang));
        let body: Vec<&(String, Vec<u64>)> =
            sections.iter().filter(|(t, _)| t.contains(". ")).collect();
        let numbers: Vec<Vec<u64>> = body.iter().map(|(_, n)| n.clone()).collect();
        assert_eq!(
            numbers,
            vec![
                (1..=2).collect::<Vec<_>>(),
                (3..=11).collect(),
                (12..=18).collect(),
                vec![19]
            ],
            "{lang}: {sections:?}"
        );
    }
}

#[test]
fn lists_and_quotes_nest_inside_their_paragraph() {
    let md = markdown("en");
    let mut depth = 0;
    let mut max_depth = 0;
    let mut quote_inside_item = false;
    for event in Parser::new(&md) {
        match event {
            Event::Start(Tag::List(_)) => {
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::BlockQuote(_)) if depth > 0 => quote_inside_item = true,
            _ => {}
        }
    }
    // Paragraph 18 (list) > Component (list) > bullets (list).
    assert_eq!(max_depth, 3);
    assert!(
        quote_inside_item,
        "the quotation of paragraph 3 belongs to it"
    );
}
