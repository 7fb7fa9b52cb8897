//! The package files of a document are read on all cores: what is said
//! about them, and in what order, is what one core says.

mod common;

use std::path::Path;
use std::process::Command;

use common::{have, stderr};

/// Writes `packages/NAME.toml`.
fn package(dir: &Path, name: &str, text: &[u8]) {
    std::fs::create_dir_all(dir.join("packages")).unwrap();
    std::fs::write(dir.join("packages").join(format!("{name}.toml")), text).unwrap();
}

/// A package's text: its title and one block in each language.
fn block(title: &str, en: &str, fr: &str) -> String {
    format!(
        "title.en = \"{title}\"\ntitle.fr = \"{title}\"\n\n[[blocks]]\nen = \"{en}\"\nfr = \"{fr}\"\n"
    )
}

/// `document.toml` listing `sections`, from the minimal fixture.
fn document(dir: &Path, sections: &str) {
    let minimal = common::fixture("valid/minimal/document.toml");
    let text = std::fs::read_to_string(minimal).unwrap();
    let text = text
        .replace(
            "sections = [\"intro\", \"revenue\"]",
            &format!("sections = [{sections}]"),
        )
        .replace(
            "First paragraph, see [](#topics) and topic [#](#topic-b) in [](#revenue).",
            "First paragraph.",
        )
        .replace(
            "Premier paragraphe, voir le [](#topics) et le point [#](#topic-b) de la [](#revenue).",
            "Premier paragraphe.",
        );
    std::fs::write(dir.join("document.toml"), text).unwrap();
}

/// `ptcdoc check DIR` on every core, and on one.
fn check_both_ways(dir: &Path) -> (String, String) {
    let run = |one_core: bool| {
        let bin = env!("CARGO_BIN_EXE_ptcdoc");
        let mut command = if one_core {
            let mut c = Command::new("taskset");
            c.args(["-c", "0", bin]);
            c
        } else {
            Command::new(bin)
        };
        let out = command.arg("check").arg(dir).output().unwrap();
        stderr(&out)
    };
    (run(false), run(true))
}

#[test]
fn problems_in_many_package_files_are_said_as_one_core_says_them() {
    if !have("taskset") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path();
    // Problems the checks after loading find, in several files: unknown
    // keys, missing translations, doubled words, unknown references.
    document(
        doc,
        "\"intro\", \"a\", \"b\", \"c\", \"d\", \"e\", \"b\", \"f\"",
    );
    let a = block("A", "Said said twice.", "Dit dit deux fois.") + "colour = 1\n";
    package(doc, "a", a.as_bytes());
    package(
        doc,
        "b",
        block("B", "See [](#nowhere).", "Voir [](#nulle-part).").as_bytes(),
    );
    package(
        doc,
        "c",
        "title.en = \"C\"\n[[blocks]]\nen = \"Only English.\"\n".as_bytes(),
    );
    package(
        doc,
        "e",
        block("E", "Paragraph 9 by hand.", "Paragraphe 9 à la main.").as_bytes(),
    );
    package(doc, "f", block("F", "Fine.", "Bien.").as_bytes());
    package(
        doc,
        "unlisted",
        block("U", "Left out.", "Laissé.").as_bytes(),
    );
    let (all, one) = check_both_ways(doc);
    assert_eq!(all, one);
    for said in [
        "doubled word `Said said`",
        "unknown key `blocks[0].colour`",
        "unknown reference `#nowhere`",
        "has no `fr` text",
        "`Paragraph 9` is a paragraph number written by hand",
        "no section `d`",
        "section `b` is listed twice",
        "packages/unlisted.toml is not listed",
    ] {
        assert!(all.contains(said), "{said}:\n{all}");
    }

    // Files that cannot be read: bad TOML, not UTF-8, not a file.
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path();
    document(doc, "\"intro\", \"a\", \"b\", \"c\", \"d\"");
    package(doc, "a", b"title.en = \"A\"\n[[blocks]\n");
    package(doc, "b", b"title.en = \"B\xff\"\n");
    std::fs::create_dir_all(doc.join("packages/c.toml")).unwrap();
    package(doc, "d", block("D", "Fine.", "Bien.").as_bytes());
    let (all, one) = check_both_ways(doc);
    assert_eq!(all, one);
    for said in ["TOML syntax", "not UTF-8", "cannot read"] {
        assert!(all.contains(said), "{said}:\n{all}");
    }
}
