//! Ties and French ordinals in every format: the default document and the
//! other-shape fixture carry no-break spaces where a line must not part a
//! word from its number, a number from its unit or a day from its month,
//! in Markdown (as the characters themselves) and in HTML; French ordinals
//! are superscripts (`<sup>`) there, English ones stay on the baseline.

mod common;

use common::*;
use pulldown_cmark::{Event, Parser};

const NBSP: &str = "\u{a0}";
const NNBSP: &str = "\u{202f}";

fn build(doc: &std::path::Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            doc.to_str().unwrap(),
            "--format",
            "md,html",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap()
}

/// `text` with `~` for a no-break space and `^` for a narrow one.
fn tied(text: &str) -> String {
    text.replace('~', NBSP).replace('^', NNBSP)
}

#[test]
fn the_default_document_ties_what_a_line_must_not_part() {
    let out = build(&default_doc());
    let en_md = read(&out, "PC0608Ea.md");
    let en_html = read(&out, "PC0608Ea.html");
    for expected in [
        "18~–~20~May~2020",
        "Brussels, 24~March~2020.",
        "while Part~2 aims",
        "Phase~IV of the Revenue Package",
        "Part~1~– Promoting",
        "from 30~September until 11~October 2019",
        "from 15~November to 15~January 2020",
        "Component~1~– Tools",
    ] {
        let expected = tied(expected);
        assert!(en_md.contains(&expected), "Markdown lacks {expected:?}");
        assert!(en_html.contains(&expected), "HTML lacks {expected:?}");
    }
    // A bare reference is tied to the word before it.
    assert!(en_md.contains(&tied("covered in Item~III Compliance")));
    assert!(en_html.contains(&tied(
        "covered in Item~<a class=\"ref\" href=\"#section-cep\">III</a>"
    )));
    // Nothing of these is left breakable.
    for breakable in ["Part 2", "30 September", "15 November", "24 March"] {
        assert!(!en_md.contains(breakable), "Markdown has {breakable:?}");
        assert!(!en_html.contains(breakable), "HTML has {breakable:?}");
    }

    let fr_md = read(&out, "PC0608Fa.md");
    let fr_html = read(&out, "PC0608Fa.html");
    for expected in [
        "18~–~20~mai~2020",
        "Bruxelles, le 24~mars~2020.",
        "la Partie~2 vise",
        "au 8~septembre 2019",
        "Volet~3~– Partenariats",
        "du 1<sup>er</sup>~juillet au 31~décembre 2019",
        "227<sup>e</sup>/228<sup>e</sup> sessions",
        "à la 32<sup>e</sup> session",
        "lors des 121<sup>e</sup>/122<sup>e</sup> sessions",
    ] {
        let expected = tied(expected);
        assert!(fr_md.contains(&expected), "Markdown lacks {expected:?}");
        assert!(fr_html.contains(&expected), "HTML lacks {expected:?}");
    }
    // English ordinals stay on the baseline.
    assert!(en_md.contains("227th/228th Sessions"));
    assert!(en_html.contains("at its 132nd Session"));
    assert!(!en_md.contains("<sup>") && !en_html.contains("<sup>"));
}

#[test]
fn numbers_units_and_references_are_tied_in_both_languages() {
    let out = build(&fixture("valid/other-shape"));
    let en = read(&out, "PC0712Ea.md");
    for expected in [
        "from EUR~18,500 in 2022",
        "a reduction of 23.2~%",
        "64~% of responding Members",
        "item~(a) of paragraph~4",
        "set out in Section~II to Section~IV",
        "between 1~April and 31~July 2024",
    ] {
        let expected = tied(expected);
        assert!(en.contains(&expected), "English lacks {expected:?}");
    }
    let fr = read(&out, "PC0712Fa.md");
    for expected in [
        "de 18^500~EUR en 2022",
        "une baisse de 23,2^%",
        "traitant 1^200 déclarations",
        "point~a) du paragraphe~4",
        "entre le 1<sup>er</sup>~avril",
        "depuis les 239<sup>e</sup>/240<sup>e</sup> sessions",
    ] {
        let expected = tied(expected);
        assert!(fr.contains(&expected), "French lacks {expected:?}");
    }
}

/// The Markdown reads back through a CommonMark parser with its no-break
/// spaces in the text and each superscript as inline HTML, not as text.
#[test]
fn commonmark_keeps_the_ties_and_reads_sup_as_inline_html() {
    let out = build(&default_doc());
    let md = read(&out, "PC0608Fa.md");
    let mut text = String::new();
    let mut sup_tags = 0;
    for event in Parser::new(&md) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::InlineHtml(h) => {
                assert!(h.as_ref() == "<sup>" || h.as_ref() == "</sup>", "{h}");
                sup_tags += 1;
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    assert!(sup_tags >= 2 * 10, "{sup_tags} superscript tags");
    assert!(text.contains(&tied("Partie~2")), "no-break space lost");
    assert!(text.contains(&tied("la 32e session")));
    assert!(!text.contains("<sup>"));
}

/// The French house style `none` keeps the ties English has and none of
/// the French spacing: no narrow space before % or between thousands.
#[test]
fn house_style_none_gives_french_what_english_gets() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    copy_dir(&fixture("valid/other-shape"), &doc);
    let path = doc.join("document.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let languages = "languages = [\"en\", \"fr\"]\n";
    assert!(text.contains(languages) && !text.contains("house_style"));
    let text = text.replace(languages, &format!("{languages}house_style = \"none\"\n"));
    std::fs::write(&path, text).unwrap();
    let out = build(&doc);
    let fr = read(&out, "PC0712Fa.md");
    assert!(
        !fr.contains(NNBSP),
        "a narrow no-break space with house style none"
    );
    for expected in ["de 18 500~EUR", "23,2~%", "point~a) du paragraphe~4"] {
        let expected = tied(expected);
        assert!(fr.contains(&expected), "French lacks {expected:?}");
    }
    // Ordinals are raised whatever the house style.
    assert!(fr.contains("capacités, 28<sup>e</sup> session"));
}

/// In the PDF, French ordinals are set smaller (7.8 pt in 12 pt text) and
/// raised, on the cover and in the body, and come back from the text
/// layer with their letters in order; ties hold at line ends, so no line
/// ends in "Part" before its number.
#[test]
fn the_pdf_raises_french_ordinals_and_keeps_them_whole() {
    let out = build_default("en,fr", "pdf");
    let text = |name: &str, args: &[&str]| {
        let run = std::process::Command::new("pdftotext")
            .args(args)
            .arg(out.path().join(name))
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) runs");
        assert!(run.status.success());
        String::from_utf8(run.stdout).unwrap()
    };
    let fr = text("PC0608Fa.pdf", &["-enc", "UTF-8"]);
    for expected in [
        "227e/228e sessions",
        "32e session",
        "121e/122e",
        "1er juillet",
    ] {
        assert!(
            fr.contains(expected),
            "the French PDF's text lacks {expected:?}"
        );
    }
    let qdf = out.path().join("fr.qdf");
    let run = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(out.path().join("PC0608Fa.pdf"))
        .arg(&qdf)
        .output()
        .expect("qpdf runs");
    assert!(run.status.success());
    let raw = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    assert!(
        raw.contains(" 7.8 Tf"),
        "no superscript size in the French PDF"
    );
    let en = text("PC0608Ea.pdf", &["-enc", "UTF-8", "-layout"]);
    for line in en.lines() {
        let line = line.trim_end();
        for word in ["Part", "paragraph", "Phase", "Item"] {
            assert!(
                !line.ends_with(&format!(" {word}")),
                "a line ends in {word:?}: {line}"
            );
        }
    }
}
