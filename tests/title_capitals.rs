//! The document title is set in capitals in every format, and only its
//! words are: a link in the title keeps its destination as written (the
//! Markdown once upper-cased the whole rendered title, URLs included:
//! `# SEE [THE SITE](HTTPS://EXAMPLE.ORG/A)`).

mod common;

use common::*;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// The minimal fixture with a title holding a link, an autolink and code.
fn build_with_title() -> (tempfile::TempDir, tempfile::TempDir) {
    let doc = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid/minimal"), doc.path());
    let path = doc.path().join("document.toml");
    let toml = std::fs::read_to_string(&path).unwrap().replace(
        "en = \"Test Document\"\nfr = \"Document d'essai\"",
        "en = \"See [the site](https://example.org/Path_a) and <https://example.org/b> `x`\"\n\
         fr = \"Voir [le site](https://example.org/Path_a) et <https://example.org/b> `x`\"",
    );
    std::fs::write(&path, toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        doc.path(),
        &[
            "build",
            ".",
            "--format",
            "md,html",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    (doc, out)
}

/// The text and link destinations of the Markdown's `#` heading.
fn heading(md: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut urls = Vec::new();
    let mut inside = false;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => inside = false,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::Start(Tag::Link { dest_url, .. }) if inside => urls.push(dest_url.to_string()),
            _ => {}
        }
    }
    (text, urls)
}

#[test]
fn the_markdown_title_is_in_capitals_but_its_links_lead_where_written() {
    let (_doc, out) = build_with_title();
    for (name, words) in [
        ("PC0999Ea.md", "SEE THE SITE AND HTTPS://EXAMPLE.ORG/B X"),
        ("PC0999Fa.md", "VOIR LE SITE ET HTTPS://EXAMPLE.ORG/B X"),
    ] {
        let md = std::fs::read_to_string(out.path().join(name)).unwrap();
        let (text, urls) = heading(&md);
        assert_eq!(text, words, "{md}");
        assert_eq!(
            urls,
            ["https://example.org/Path_a", "https://example.org/b"],
            "{md}"
        );
    }
}

/// The HTML sets the same title in capitals by CSS: its links, too, lead
/// where written.
#[test]
fn the_html_title_keeps_its_destinations_as_written() {
    let (_doc, out) = build_with_title();
    let html = std::fs::read_to_string(out.path().join("PC0999Ea.html")).unwrap();
    let title = html
        .split("<h1 class=\"title\">")
        .nth(1)
        .and_then(|rest| rest.split("</h1>").next())
        .unwrap();
    assert!(
        title.contains("href=\"https://example.org/Path_a\"")
            && title.contains("href=\"https://example.org/b\""),
        "{title}"
    );
}
