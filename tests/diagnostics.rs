//! Every diagnostic the checks of `ptcdoc check` can give, one case each:
//! a small named input (edits to a base document, package texts, a
//! translation lock) with the message and the `file:line:col` it must be
//! reported at, inline. Inputs are texts in memory ([`input::parse`]), so
//! a case is a few lines, not a fixture folder.
//!
//! Diagnostics about reading files (a document.toml that cannot be read
//! or is not UTF-8) come before parsing: tests/input_errors.rs and the
//! invalid fixtures cover them. Packages that cannot be read are cases
//! here, as [`Package::Folder`] and [`Package::NotUtf8`].

use std::collections::BTreeMap;

use ptcdoc::diagnostics::{Diagnostic, Diagnostics, Severity, Sources};
use ptcdoc::input::file::ReadError;
use ptcdoc::input::{self, Texts};
use ptcdoc::locale::Locales;
use ptcdoc::translations::Lock;
use ptcdoc::{Options, project, translations};

/// A complete document with no problem at all; line numbers below count
/// from its first line.
const BASE: &str = r#"symbol = "PC0999"
suffix = "a"
committee = "ptc"
sessions = [229]
meeting = { from = 2020-11-30, to = 2020-12-02 }
issued = 2020-10-01
place = "brussels"
agenda_item = "II. (a)"
languages = ["en", "fr"]
sections = ["intro"]
title.en = "Test"
title.fr = "Essai"
summary.purpose.en = "Testing."
summary.purpose.fr = "Essai."
summary.action.en = "Take note."
summary.action.fr = "Prendre note."

[section.intro]
title.en = "Introduction"
title.fr = "Introduction"

[[section.intro.blocks]]
en = "One."
fr = "Un."
"#;

/// The block of BASE, for edits that replace it.
const BLOCK: &str = "en = \"One.\"\nfr = \"Un.\"";

/// A package file as the folder would give it.
enum Package {
    Text(&'static str),
    /// `packages/NAME.toml` is a folder.
    Folder,
    /// The text up to its first invalid byte, then U+FFFD, and that byte.
    NotUtf8(&'static str, u8),
}

struct Case {
    name: &'static str,
    /// Replacements in [`BASE`], each of a text found there once.
    edits: &'static [(&'static str, &'static str)],
    packages: &'static [(&'static str, Package)],
    /// The translation lock: its source language and the `(language,
    /// key)` of entries accepted from a source text since changed.
    lock: Option<(&'static str, &'static [(&'static str, &'static str)])>,
    /// `FILE:LINE:COL: SEVERITY: TEXT`, TEXT being part of the message or
    /// of one of its notes.
    expect: &'static str,
}

const fn case(
    name: &'static str,
    edits: &'static [(&'static str, &'static str)],
    expect: &'static str,
) -> Case {
    Case {
        name,
        edits,
        packages: &[],
        lock: None,
        expect,
    }
}

/// The document of a case: BASE with its edits.
fn document(case: &Case) -> String {
    let mut text = BASE.to_string();
    for (from, to) in case.edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "{}: edit of {from:?}",
            case.name
        );
        text = text.replacen(from, to, 1);
    }
    text
}

/// Runs the checks of `ptcdoc check --format pdf` on a case, and gives
/// each diagnostic as `FILE:LINE:COL: SEVERITY: MESSAGE (= NOTE)*`.
fn run(case: &Case) -> Vec<String> {
    let mut texts = Texts::new("doc", document(case));
    for (name, package) in case.packages {
        let read = match package {
            Package::Text(text) => Ok(text.to_string()),
            Package::Folder => Err(ReadError::NotRegular("a folder")),
            Package::NotUtf8(before, byte) => Err(ReadError::NotUtf8 {
                lossy: format!("{before}\u{FFFD}"),
                at: before.len(),
                byte: *byte,
            }),
        };
        texts.packages.insert(name.to_string(), read);
    }
    let locales = Locales::load(&[]).unwrap();
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    if let Some(input) = input::parse(texts, &locales.codes(), &mut sources, &mut diags) {
        let lock = case.lock.map(|(source, stale)| {
            let mut accepted: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
            for (lang, key) in stale {
                accepted
                    .entry(lang.to_string())
                    .or_default()
                    .insert(key.to_string(), translations::fingerprint("an older text"));
            }
            Lock {
                source: source.to_string(),
                accepted,
            }
        });
        let options = Options {
            pdf: true,
            ..Options::default()
        };
        let doc_dir = std::path::Path::new("doc");
        project::check_input(
            doc_dir,
            &input,
            lock.as_ref(),
            &locales,
            &options,
            &mut diags,
        );
    }
    diags.sort();
    diags.iter().map(|d| line(d, &sources)).collect()
}

fn line(d: &Diagnostic, sources: &Sources) -> String {
    let place = match &d.span {
        Some(span) => {
            let path = sources.path(span.file);
            let path = path.strip_prefix("doc").unwrap_or(path);
            let (line, col) = sources.line_col(span.file, span.range.start);
            format!("{}:{line}:{col}", path.display())
        }
        None => "-".to_string(),
    };
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let notes: String = d.notes.iter().map(|n| format!(" (= {n})")).collect();
    format!("{place}: {severity}: {}{notes}", d.message)
}

/// Whether a diagnostic line says what `expect` says, where it says it.
fn matches(line: &str, expect: &str) -> bool {
    let mut parts = expect.splitn(3, ": ");
    let (place, severity, text) = (parts.next(), parts.next(), parts.next());
    let (Some(place), Some(severity), Some(text)) = (place, severity, text) else {
        panic!("an expectation is FILE:LINE:COL: SEVERITY: TEXT, not {expect:?}");
    };
    line.starts_with(&format!("{place}: {severity}: ")) && line.contains(text)
}

const PACKAGE: &str = "title.en = \"Revenue\"\ntitle.fr = \"Recettes\"\n\n[[blocks]]\nen = \"Two.\"\nfr = \"Deux.\"\n";

#[rustfmt::skip]
const CASES: &[Case] = &[
    // --- The TOML of a file.
    case("toml syntax", &[("suffix = \"a\"", "suffix = = \"a\"")], "document.toml:2:10: error: TOML syntax"),
    case("unknown key", &[("place =", "colour = 1\nplace =")], "document.toml:7:1: error: unknown key `colour`"),
    case("misspelt key", &[("agenda_item =", "agenda_iten =")], "document.toml:8:1: error: unknown key `agenda_iten` (= did you mean `agenda_item`?)"),
    case("not a table", &[("meeting = { from = 2020-11-30, to = 2020-12-02 }", "meeting = 5")], "document.toml:5:11: error: `meeting` must be a table, found an integer"),
    case("not a string", &[("suffix = \"a\"", "suffix = 1")], "document.toml:2:10: error: `suffix` must be a string, found an integer"),
    case("not an integer", &[("sessions = [229]", "sessions = [\"229\"]")], "document.toml:4:13: error: `sessions[0]` must be an integer, found a string"),
    case("integer out of range", &[("sessions = [229]", "sessions = [0x7fffffffffffffffff]")], "document.toml:4:13: error: `sessions[0]` is out of range"),
    case("not an array", &[("sessions = [229]", "sessions = 229")], "document.toml:4:12: error: `sessions` must be an array, found an integer"),
    case("not a string item", &[("languages = [\"en\", \"fr\"]", "languages = [\"en\", 2]")], "document.toml:9:20: error: `languages[1]` must be a string"),
    case("date with a time", &[("issued = 2020-10-01", "issued = 2020-10-01T10:00:00")], "document.toml:6:10: error: `issued` must be a date without a time"),
    case("date in quotes", &[("issued = 2020-10-01", "issued = \"2020-10-01\"")], "document.toml:6:10: error: `issued` must be a date like 2020-05-18 (no quotes), found a string"),
    // --- Missing fields: at the start of their table.
    case("missing symbol", &[("symbol = \"PC0999\"\n", "")], "document.toml:1:1: error: missing `symbol`"),
    case("missing suffix", &[("suffix = \"a\"\n", "")], "document.toml:1:1: error: missing `suffix`"),
    case("missing committee", &[("committee = \"ptc\"\n", "")], "document.toml:1:1: error: missing `committee`"),
    case("missing sessions", &[("sessions = [229]\n", "")], "document.toml:1:1: error: missing `sessions`"),
    case("missing meeting", &[("meeting = { from = 2020-11-30, to = 2020-12-02 }\n", "")], "document.toml:1:1: error: missing `meeting`"),
    case("missing meeting end", &[(", to = 2020-12-02", "")], "document.toml:5:11: error: missing `to` in `meeting`"),
    case("missing meeting start", &[("from = 2020-11-30, ", "")], "document.toml:5:11: error: missing `from` in `meeting`"),
    case("missing issued", &[("issued = 2020-10-01\n", "")], "document.toml:1:1: error: missing `issued`"),
    case("missing place", &[("place = \"brussels\"\n", "")], "document.toml:1:1: error: missing `place`"),
    case("missing agenda item", &[("agenda_item = \"II. (a)\"\n", "")], "document.toml:1:1: error: missing `agenda_item`"),
    case("missing languages", &[("languages = [\"en\", \"fr\"]\n", "")], "document.toml:1:1: error: missing `languages`"),
    case("missing sections", &[("sections = [\"intro\"]\n", "")], "document.toml:1:1: error: missing `sections`"),
    case("missing title", &[("title.en = \"Test\"\ntitle.fr = \"Essai\"\n", "")], "document.toml:1:1: error: missing `title`"),
    case("missing summary", &[("summary.purpose.en = \"Testing.\"\nsummary.purpose.fr = \"Essai.\"\nsummary.action.en = \"Take note.\"\nsummary.action.fr = \"Prendre note.\"\n", "")], "document.toml:1:1: error: missing `summary`"),
    case("commented-out key", &[("symbol = \"PC0999\"\n", "# symbol = \"PC####\"\n")], "document.toml:1:1: error: missing `symbol`"),
    // --- Values.
    case("bad session number", &[("sessions = [229]", "sessions = [229, 0]")], "document.toml:4:18: error: `sessions[1]` must be a session number above 0"),
    case("meeting ends before it starts", &[("to = 2020-12-02", "to = 2020-11-02")], "document.toml:5:37: error: the meeting ends before it starts"),
    case("unknown house style", &[("languages =", "house_style = \"swiss\"\nlanguages =")], "document.toml:9:15: error: unknown house_style `swiss` (expected `french` or `none`)"),
    case("bad language code", &[("[\"en\", \"fr\"]", "[\"en\", \"FR\"]")], "document.toml:9:20: error: invalid language code `FR`"),
    case("no locale", &[("[\"en\", \"fr\"]", "[\"en\", \"de\"]")], "document.toml:9:20: error: no locale for language `de`"),
    case("language twice", &[("[\"en\", \"fr\"]", "[\"en\", \"en\"]")], "document.toml:9:20: error: language `en` is listed twice"),
    case("text not a string", &[("title.fr = \"Essai\"", "title.fr = 1")], "document.toml:12:12: error: the `fr` text must be a string of Markdown"),
    case("text in no language", &[("title.fr = \"Essai\"", "title.de = \"Test\"")], "document.toml:12:7: error: unknown key `title.de`"),
    case("unknown block kind", &[(BLOCK, "kind = \"aside\"\nen = \"One.\"\nfr = \"Un.\"")], "document.toml:23:8: error: unknown block kind `aside`"),
    case("unknown list style", &[(BLOCK, "lists = [\"stars\"]\nen = \"One.\"\nfr = \"Un.\"")], "document.toml:23:10: error: unknown list style `stars`"),
    // --- Names.
    case("bad symbol", &[("\"PC0999\"", "\"pc0999\"")], "document.toml:1:10: error: invalid symbol `pc0999`"),
    case("bad suffix", &[("suffix = \"a\"", "suffix = \"A\"")], "document.toml:2:10: error: invalid suffix `A`"),
    case("bad section name", &[("sections = [\"intro\"]", "sections = [\"intro\", \"Revenue\"]")], "document.toml:10:22: error: invalid section name `Revenue`"),
    case("bad section name of an unlisted section", &[("[section.intro]", "[section.Intro_2]\ntitle.en = \"x\"\n\n[section.intro]")], "document.toml:18:10: error: invalid section name `Intro_2`"),
    case("bad block id", &[(BLOCK, "id = \"Phase_IV\"\nen = \"One.\"\nfr = \"Un.\"")], "document.toml:23:6: error: invalid id `Phase_IV`"),
    case("reserved block id", &[(BLOCK, "id = \"para-3\"\nen = \"One.\"\nfr = \"Un.\"")], "document.toml:23:6: error: invalid id `para-3` (= an id cannot start with `para-`"),
    case("bad item id", &[(BLOCK, "en = \"- {#Topic_A} one\"\nfr = \"- {#Topic_A} un\"")], "document.toml:23:9: error: invalid id `Topic_A`"),
    case("reserved item id", &[(BLOCK, "en = \"- {#title} one\"\nfr = \"- {#title} un\"")], "document.toml:23:9: error: invalid id `title` (= `title` is a name ptcdoc uses itself"),
];

/// Sections and packages: cases with package files.
#[rustfmt::skip]
const SECTION_CASES: &[Case] = &[
    case("section listed twice", &[("sections = [\"intro\"]", "sections = [\"intro\", \"intro\"]")], "document.toml:10:22: error: section `intro` is listed twice"),
    Case {
        name: "section written in two places",
        edits: &[],
        packages: &[("intro", Package::Text(PACKAGE))],
        lock: None,
        expect: "document.toml:18:10: error: section `intro` is written both here and in doc/packages/intro.toml",
    },
    case("no such section", &[("sections = [\"intro\"]", "sections = [\"intro\", \"revenue\"]")], "document.toml:10:22: error: no section `revenue` (= write it as [section.revenue] in document.toml or as doc/packages/revenue.toml)"),
    case("section not listed", &[("[section.intro]", "[section.spare]\ntitle.en = \"x\"\ntitle.fr = \"x\"\n\n[section.intro]")], "document.toml:18:10: warning: section `spare` is not listed in `sections`, so it is left out"),
    Case {
        name: "package not listed",
        edits: &[],
        packages: &[("revenue", Package::Text(PACKAGE))],
        lock: None,
        expect: "document.toml:1:1: warning: packages/revenue.toml is not listed in `sections`, so it is left out",
    },
    Case {
        name: "package that cannot be read",
        edits: &[("sections = [\"intro\"]", "sections = [\"intro\", \"revenue\"]")],
        packages: &[("revenue", Package::Folder)],
        lock: None,
        expect: "document.toml:10:22: error: cannot read doc/packages/revenue.toml: it is a folder, not a regular file",
    },
    Case {
        name: "package not in UTF-8",
        edits: &[("sections = [\"intro\"]", "sections = [\"intro\", \"revenue\"]")],
        packages: &[("revenue", Package::NotUtf8("title.en = \"Recettes ", 0xE9))],
        lock: None,
        expect: "packages/revenue.toml:1:22: error: this file is not UTF-8: byte 0xE9 is not valid here",
    },
    Case {
        name: "blocks not tables",
        edits: &[("sections = [\"intro\"]", "sections = [\"intro\", \"revenue\"]")],
        packages: &[("revenue", Package::Text("title.en = \"R\"\ntitle.fr = \"R\"\nblocks = 1\n"))],
        lock: None,
        expect: "packages/revenue.toml:3:10: error: `blocks` must be written as [[blocks]] tables",
    },
    case("block not a table", &[("[[section.intro.blocks]]\nen = \"One.\"\nfr = \"Un.\"", "blocks = [1]")], "document.toml:22:11: error: `blocks[0]` must be a table, found an integer"),
];

/// The model: locale keys, ids, texts, references, Markdown, parity.
#[rustfmt::skip]
const MODEL_CASES: &[Case] = &[
    case("unknown committee", &[("committee = \"ptc\"", "committee = \"xyz\"")], "document.toml:3:13: error: `xyz` is not in [committees] of the en, fr locales"),
    case("unknown place", &[("place = \"brussels\"", "place = \"paris\"")], "document.toml:7:9: error: `paris` is not in [places] of the en, fr locales"),
    case("duplicate id", &[(BLOCK, "id = \"intro\"\nen = \"One.\"\nfr = \"Un.\"")], "document.toml:23:6: error: duplicate id `intro`"),
    case("missing translation", &[("fr = \"Un.\"", "")], "document.toml:22:1: error: this block has no `fr` text"),
    case("title not one line", &[("title.en = \"Test\"", "title.en = \"- a\\n- b\"")], "document.toml:11:12: error: a title is one line of text, without lists or paragraphs"),
    case("section title not one line", &[("title.en = \"Introduction\"", "title.en = \"a\\n\\nb\"")], "document.toml:19:12: error: a section title is one line of text"),
    case("unknown reference", &[("\"One.\"", "\"See [](#nowhere).\"")], "document.toml:23:11: error: unknown reference `#nowhere`"),
    case("reference with no number to show", &[(BLOCK, "id = \"note\"\nkind = \"unnumbered\"\nen = \"See [](#note).\"\nfr = \"Voir [](#note).\"")], "document.toml:25:11: error: `#note` has no number to show"),
    case("markdown heading", &[("\"One.\"", "\"# One\"")], "document.toml:23:7: error: a Markdown heading is not allowed in a block"),
    case("code block", &[("\"One.\"", "\"    code\"")], "document.toml:23:11: error: a code block is not allowed in a block"),
    case("raw html block", &[("\"One.\"", "\"<div>x</div>\"")], "document.toml:23:7: error: raw HTML is not allowed in a block"),
    case("raw html inline", &[("\"One.\"", "\"a <b>x</b>\"")], "document.toml:23:9: error: raw HTML is not allowed in a text"),
    case("horizontal rule", &[("\"One.\"", "\"a\\n\\n***\"")], "document.toml:23:12: error: a horizontal rule is not allowed in a block"),
    case("image", &[("\"One.\"", "\"![chart](c.png)\"")], "document.toml:23:7: error: images are not allowed in a block"),
    case("link out of bounds", &[("\"One.\"", "\"[x](file:///etc)\"")], "document.toml:23:7: error: a link may go to an http, https or mailto address or to `#id`, not to `file:///etc`"),
    case("list nested too deep", &[(BLOCK, "en = \"- a\\n  - b\\n    - c\\n      - d\\n        - e\\n          - f\\n            - g\"\nfr = \"- a\\n  - b\\n    - c\\n      - d\\n        - e\\n          - f\\n            - g\"")], "document.toml:23:79: error: this list is nested 7 deep"),
    case("quotation nested too deep", &[("\"One.\"", "\"> > > > deep\"")], "document.toml:23:13: error: this quotation is nested 4 deep"),
    case("emphasis nested too deep", &[("\"One.\"", "\"*a **b *c **d *e **f *g* f** e* d** c* b** a*\"")], "document.toml:23:28: error: this emphasis, strong text or link is nested 7 deep"),
    case("list style against the list", &[(BLOCK, "lists = [\"roman\"]\nen = \"- a\"\nfr = \"- a\"")], "document.toml:24:7: error: list style `roman` needs a numbered list (1. 2. 3.) in the Markdown, but this is a bullet list (-)"),
    case("list style marker against the list", &[(BLOCK, "en = \"- {.alpha} one\\n- two\"\nfr = \"- {.alpha} un\\n- deux\"")], "document.toml:23:10: error: list style `alpha` needs a numbered list (1. 2. 3.) in the Markdown, but this is a bullet list (-)"),
    case("unknown list style in a marker", &[(BLOCK, "en = \"1. {.stars #a} one\"\nfr = \"1. {.stars #a} un\"")], "document.toml:23:11: error: unknown list style `stars` (expected one of: bullet, dash, decimal, roman, alpha)"),
    case("list style marker on a later item", &[(BLOCK, "en = \"- one\\n- {.dash} two\"\nfr = \"- un\\n- {.dash} deux\"")], "document.toml:23:17: error: the list style `.dash` is on an item other than the first of its list"),
    case("stray part in an item marker", &[(BLOCK, "en = \"- {#a b} one\"\nfr = \"- {#a b} un\"")], "document.toml:23:13: error: `b` in an item marker is neither an id nor a list style"),
    case("list styles differ between languages", &[(BLOCK, "en = \"1. {.alpha} one\"\nfr = \"1. {.roman} un\"")], "document.toml:24:7: error: the `en` and `fr` texts differ in structure: list 1 has the style `{.alpha}` in `en` but the style `{.roman}` in `fr`"),
    case("unknown reference among several", &[("\"One.\"", "\"See [](#intro,#nowhere).\"")], "document.toml:23:11: error: unknown reference `#nowhere`: no section, paragraph or list item has this id"),
    case("reference to several parts with words", &[("\"One.\"", "\"See [both](#intro,#intro).\"")], "document.toml:23:11: error: a reference to several parts writes its own words"),
    case("unknown fact", &[("\"One.\"", "\"The {{sesions}}.\"")], "document.toml:23:11: error: unknown fact `{{sesions}}` (= a text may name {{sessions}}, {{previous_sessions}}, {{meeting}}, {{issued}}, {{symbol}}, {{committee}}; a backslash before the braces (`\\\\{{` in a TOML string) writes them as typed) (= did you mean `{{sessions}}`?)"),
    case("a fact the document does not have", &[("sessions = [229]", "sessions = [1]"), ("\"One.\"", "\"Since the {{previous_sessions}}.\"")], "document.toml:23:17: error: `{{previous_sessions}}`: this document has no such fact"),
    case("repeated problem capped", &[("\"One.\"", "\"<i> <i> <i> <i>\"")], "document.toml:23:15: error: (= and 1 more like it in this text)"),
    case("texts differ in structure", &[("fr = \"Un.\"", "fr = \"- un\\n- deux\"")], "document.toml:24:7: error: the `en` and `fr` texts differ in structure: the `en` text has 0 list(s), the `fr` text 1"),
    case("glyph missing from the pdf font", &[("\"One.\"", "\"One 一.\"")], "document.toml:23:11: error: the PDF font"),
    case("control character in a text", &[("\"One.\"", "\"On\\u0001e.\"")], "document.toml:23:9: error: a control character (U+0001) cannot be shown in any output"),
];

/// Warnings: lints, and a translation lock that is out of date.
#[rustfmt::skip]
const WARNING_CASES: &[Case] = &[
    case("symbol against the committee's pattern", &[("\"PC0999\"", "\"PC12\"")], "document.toml:1:10: warning: symbol `PC12` does not follow the ptc pattern `PC####`"),
    case("meeting before issue", &[("issued = 2020-10-01", "issued = 2020-12-01")], "document.toml:5:11: warning: the meeting starts before the document's date of issue"),
    case("no sections", &[("sections = [\"intro\"]", "sections = []")], "document.toml:1:1: warning: the document has no sections"),
    case("section without blocks", &[("[[section.intro.blocks]]\nen = \"One.\"\nfr = \"Un.\"\n", "")], "document.toml:18:10: warning: section `intro` has no blocks"),
    case("empty text", &[("fr = \"Un.\"", "fr = \" \"")], "document.toml:24:6: warning: the `fr` text is empty"),
    case("doubled word", &[("\"One.\"", "\"the the end\"")], "document.toml:23:7: warning: doubled word `the the`"),
    case("doubled word once a reference has its text", &[(BLOCK, "id = \"one\"\nen = \"See paragraph [](#one).\"\nfr = \"Voir [](#one).\"")], "document.toml:24:21: warning: doubled word `paragraph paragraph` once the reference has its text"),
    case("singular word before a plural reference", &[(BLOCK, "id = \"one\"\nen = \"See paragraph [](#one,#two).\"\nfr = \"Voir [](#one,#two).\"\n\n[[section.intro.blocks]]\nid = \"two\"\nen = \"Two.\"\nfr = \"Deux.\"")], "document.toml:24:21: warning: doubled word `paragraph paragraphs` once the reference has its text"),
    case("list item continuing the list above", &[(BLOCK, "en = \"1. a\\n2. b\\n3. c\\n4. d\\n5. e\\n6. f\\n7. g\\n8. h\\n9. i\\n10. j\\n   1. k\"\nfr = \"1. a\\n2. b\\n3. c\\n4. d\\n5. e\\n6. f\\n7. g\\n8. h\\n9. i\\n10. j\\n   1. k\"")], "document.toml:23:68: warning: this item is indented as if nested, but continues the list above"),
    case("paragraph number written by hand", &[("\"One.\"", "\"See paragraph 9.\"")], "document.toml:23:11: warning: `paragraph 9` is a paragraph number written by hand"),
    case("paragraph numbers written by hand", &[("\"One.\"", "\"See paragraphs 4 and 6.\"")], "document.toml:23:11: warning: `paragraphs 4 and 6` are paragraph numbers written by hand (= give the paragraphs ids and write [](#a,#b)"),
    case("french ordinal", &[("\"Un.\"", "\"La 229ème session.\"")], "document.toml:24:10: warning: French ordinal written `229ème`"),
    Case {
        name: "stale translation",
        edits: &[],
        packages: &[],
        lock: Some(("en", &[("fr", "intro/1")])),
        expect: "document.toml:24:7: warning: stale translation `intro/1`: the `en` text changed after this `fr` text was accepted",
    },
    Case {
        name: "lock of another source language",
        edits: &[],
        packages: &[],
        lock: Some(("fr", &[])),
        expect: "document.toml:9:14: warning: translations.lock records translations from `fr`",
    },
];

#[test]
fn the_base_document_has_no_diagnostic() {
    let clean = case("base", &[], "-: -: -");
    assert_eq!(run(&clean), Vec::<String>::new());
}

/// Each case gives its diagnostic at its place; a failure lists what the
/// case gave instead.
#[test]
fn every_diagnostic_at_its_place() {
    let mut failures = Vec::new();
    for case in CASES
        .iter()
        .chain(SECTION_CASES)
        .chain(MODEL_CASES)
        .chain(WARNING_CASES)
    {
        let lines = run(case);
        if !lines.iter().any(|l| matches(l, case.expect)) {
            failures.push(format!(
                "{}: expected {}\n  got:\n    {}",
                case.name,
                case.expect,
                lines.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
