//! References by id, end to end: to a paragraph, a list item and a
//! section, in each language, as links in HTML, and following renumbering.

mod common;

use common::*;

fn build(doc: &std::path::Path, out: &std::path::Path) {
    let run = ptcdoc(
        doc.parent().unwrap(),
        &[
            "build",
            doc.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
}

fn read(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn references_render_in_each_language_and_follow_renumbering() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    copy_dir(&fixture("valid/minimal"), &doc);
    // A full reference to a list item, besides the fixture's own.
    let path = doc.join("document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace(
            "in [](#revenue).\"",
            "in [](#revenue); also [](#topic-a).\"",
        )
        .replace(
            "de la [](#revenue).\"",
            "de la [](#revenue)\u{a0}; voir aussi le [](#topic-a).\"",
        );
    std::fs::write(&path, text).unwrap();

    let out = work.path().join("out");
    build(&doc, &out);
    let en = read(&out, "PC0999Ea.md");
    assert!(
        en.contains("see paragraph\u{a0}2 and topic (b) in Section\u{a0}II; also item\u{a0}(a) of paragraph\u{a0}2."),
        "{en}"
    );
    let fr = read(&out, "PC0999Fa.md");
    assert!(
        fr.contains("voir le paragraphe\u{a0}2 et le point\u{a0}b) de la section\u{a0}II\u{202f}; voir aussi le point\u{a0}a) du paragraphe\u{a0}2."),
        "{fr}"
    );
    let html = read(&out, "PC0999Ea.html");
    for link in [
        "<a class=\"ref\" href=\"#para-2\">paragraph\u{a0}2</a>",
        "<a class=\"ref\" href=\"#item-topic-b\">(b)</a>",
        "<a class=\"ref\" href=\"#section-revenue\">Section\u{a0}II</a>",
        "<li id=\"item-topic-b\">",
        "id=\"para-2\"",
        "id=\"section-revenue\"",
    ] {
        assert!(html.contains(link), "{link} missing");
    }

    // A new paragraph before the referenced one renumbers it, and every
    // reference follows.
    let package = doc.join("packages/revenue.toml");
    let text = std::fs::read_to_string(&package).unwrap();
    let text = text.replacen(
        "[[blocks]]\nid = \"topics\"",
        "[[blocks]]\nen = \"A new paragraph.\"\nfr = \"Un nouveau paragraphe.\"\n\n[[blocks]]\nid = \"topics\"",
        1,
    );
    std::fs::write(&package, text).unwrap();
    build(&doc, &out);
    let en = read(&out, "PC0999Ea.md");
    assert!(en.contains("see paragraph\u{a0}3 and topic (b)"), "{en}");
    assert!(en.contains("item\u{a0}(a) of paragraph\u{a0}3."), "{en}");
    assert!(read(&out, "PC0999Ea.html").contains("href=\"#para-3\">paragraph\u{a0}3</a>"));
}
