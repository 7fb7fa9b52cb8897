//! Property tests over generated documents (issue 8, item 8): random
//! sections (inline and package files), blocks of every kind, nested lists
//! up to depth 4, item ids, references to existing ids and Unicode text the
//! Liberation fonts cover, written as TOML in every string form, then run
//! through the library as `ptcdoc build` would.
//!
//! Properties: nothing panics; `check` finds no error in a valid document;
//! paragraphs are numbered 1..n straight through in the Markdown (as a
//! CommonMark reader sees it) and the HTML; every reference shows its
//! expected label; the words of every text appear, in order, in the
//! Markdown and the HTML text (and, in a smaller run, the PDF text layer).
//! A second family writes hostile strings into every value and key:
//! `check` may fail, never panic.
//!
//! Cases: PROPTEST_CASES (default 64; the PDF property runs an eighth).
//! Generators that reach the bugs of issue 8 still open on this branch are
//! kept, behind `#[ignore]` tests named for their bug.

use std::fmt;
use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};
use ptcdoc::render::Format;
use ptcdoc::{Failure, Options, Project};

#[path = "properties/generate.rs"]
mod generate;
#[path = "properties/write.rs"]
mod write;

use generate::*;
use write::*;

// ---------------------------------------------------------------------------
// What the generator makes

/// Which known bugs a generator may reach; CI runs with none.
#[derive(Debug, Clone, Copy, Default)]
struct Reach {
    /// Letters whose lower case has another UTF-8 length (İ, K, Ⱥ): the
    /// lint maps offsets of the lower-cased text onto the original.
    case_length: bool,
    /// Raw (unescaped) backslashes in hostile values: invalid escapes
    /// such as `"a\\é"` or a backslash, a no-break space and a line end
    /// still reach the escape mapper, which steps into the middle of a
    /// character.
    raw_backslashes: bool,
    /// Item ids with `_` (`{#q_6_}`): Markdown reads `_6_` as emphasis,
    /// and the id is silently lost.
    item_id_underscores: bool,
    /// An ordered (`1.`) list at the top of an unnumbered block: the
    /// Markdown once wrote it at the left margin, where a reader saw
    /// paragraph "1.".
    unnumbered_ordered_lists: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Bullet,
    Dash,
    Decimal,
    Roman,
    Alpha,
}

impl Style {
    const ALL: [Style; 5] = [
        Style::Bullet,
        Style::Dash,
        Style::Decimal,
        Style::Roman,
        Style::Alpha,
    ];
    fn ordered(self) -> bool {
        matches!(self, Style::Decimal | Style::Roman | Style::Alpha)
    }
    fn name(self) -> &'static str {
        ["bullet", "dash", "decimal", "roman", "alpha"][self as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum BlockKind {
    Paragraph,
    Unnumbered,
    Heading,
    Quote,
}

/// A run of words: (en, fr) twins share markup, not words.
#[derive(Debug, Clone)]
enum Inl {
    Word(String, String),
    Emph(Vec<(String, String)>),
    Strong(Vec<(String, String)>),
    Link(Vec<(String, String)>, String),
    /// A reference to the `Index`-th id of the document: 0 `[](#id)`,
    /// 1 `[#](#id)`, 2 `[words](#id)`.
    Ref(Index, u8, Vec<(String, String)>),
}

#[derive(Debug, Clone)]
struct Item {
    id: Option<String>,
    para: Vec<Inl>,
    sub: Option<Vec<Item>>,
}

/// One piece of a block: a paragraph, then maybe a list or a quotation.
#[derive(Debug, Clone)]
struct Segment {
    para: Vec<Inl>,
    after: Option<After>,
}

#[derive(Debug, Clone)]
enum After {
    List(Vec<Item>),
    Quote(Vec<Inl>),
}

#[derive(Debug, Clone)]
struct Block {
    kind: BlockKind,
    id: Option<String>,
    /// Styles by depth; `None` writes no `lists` (the defaults apply).
    styles: Option<[Style; 4]>,
    /// Markdown kind by depth when no styles are written.
    ordered: [bool; 4],
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
struct Section {
    name: String,
    inline: bool,
    title: Vec<Inl>,
    blocks: Vec<Block>,
}

/// How a string is written in TOML.
#[derive(Debug, Clone, Copy)]
enum Form {
    Basic,
    /// Basic, with every non-ASCII char as \u or \U.
    Escaped,
    Literal,
    MultiBasic,
    MultiLiteral,
}

#[derive(Clone)]
struct Doc {
    title: Vec<Inl>,
    purpose: Vec<Inl>,
    action: Vec<Inl>,
    french_spacing: bool,
    sections: Vec<Section>,
    forms: Vec<Form>,
}

#[derive(Debug, Clone)]
struct Hostile {
    slot: Index,
    value: String,
    /// Spliced between quotes as it is, not escaped: mostly invalid TOML.
    raw: bool,
}

/// Slots are counted modulo this, so a hostile value lands on one of the
/// first values and keys of the files: the facts, titles and first texts.
const HOSTILE_SLOTS: usize = 60;

/// A document's files, and what its outputs must show.
struct Written {
    files: Vec<(String, String)>,
    paragraphs: u32,
    /// Per language (en, fr).
    expected: [Expected; 2],
}

#[derive(Debug)]
struct Expected {
    /// Title words as the Markdown shows them (upper case), then the rest.
    md_words: Vec<String>,
    html_words: Vec<String>,
    pdf_words: Vec<String>,
    refs: Vec<(String, Vec<String>)>,
}

// ---------------------------------------------------------------------------
// Reading the outputs back

/// A text without the superscript tags of French ordinals: "32<sup>e</sup>"
/// reads "32e", one word.
fn without_sup(text: &str) -> String {
    text.replace("<sup>", "").replace("</sup>", "")
}

fn html_text(html: &str) -> String {
    let html = &without_sup(html);
    let body = html.split_once("<body>").map_or(html.as_str(), |(_, b)| b);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The numbers a CommonMark reader shows for top-level ordered-list items
/// under the section headings (`## I. ...`), in order.
fn markdown_paragraph_numbers(md: &str) -> Vec<u64> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut sections_started = false;
    let mut depth = 0usize;
    let mut quote = 0usize;
    let mut next: Vec<Option<u64>> = Vec::new();
    let mut heading = false;
    let mut heading_text = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                heading = true;
                heading_text.clear();
            }
            Event::Text(t) if heading => heading_text.push_str(&t),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                heading = false;
                sections_started |= heading_text.starts_with("I. ");
            }
            Event::Start(Tag::BlockQuote(_)) => quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote -= 1,
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
                    if depth == 1 && quote == 0 && sections_started {
                        out.push(*n);
                    }
                    *n += 1;
                }
            }
            _ => {}
        }
    }
    out
}

fn html_paragraph_numbers(html: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for piece in html.split("<div class=\"para\" id=\"para-").skip(1) {
        let n: String = piece.chars().take_while(char::is_ascii_digit).collect();
        let shown = format!("\"><a class=\"num\" href=\"#para-{n}\">{n}.</a>");
        assert!(
            piece[n.len()..].starts_with(&shown),
            "paragraph {n}: anchor and number differ"
        );
        out.push(n.parse().unwrap());
    }
    out
}

/// (anchor, label words) of every `<a class="ref">`, in order.
fn html_refs(html: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for piece in html.split("<a class=\"ref\" href=\"#").skip(1) {
        let (anchor, rest) = piece.split_once("\">").unwrap();
        let label = &rest[..rest.find("</a>").unwrap()];
        out.push((anchor.to_string(), words_of(&html_text(label))));
    }
    out
}

/// Whether `actual` is the upper-cased title word `expected` set as the
/// French typography wants it: a numeral in capitals whose ordinal suffix
/// keeps its lower case ("XXe", "1er" in "LE XXe SIÈCLE"). Whether a word
/// is an ordinal at all is the tool's to say (it also reads what comes
/// around it); the test only accepts both spellings of the words that may
/// be one.
fn ordinal_in_capitals(expected: &str, actual: &str) -> bool {
    static SUFFIXES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let suffixes = SUFFIXES.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/locale/fr.toml");
        let locale: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let ordinal = locale["ordinal"].as_table().unwrap();
        ["after_digits", "after_roman"]
            .iter()
            .flat_map(|k| ordinal[*k].as_array().unwrap())
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    });
    let numeral_end = actual
        .find(|c: char| !(c.is_ascii_digit() || "IVXLCDM".contains(c)))
        .unwrap_or(actual.len());
    numeral_end > 0
        && suffixes.iter().any(|s| s == &actual[numeral_end..])
        && actual.to_uppercase() == expected
}

/// The first expected word missing from `actual` (as an ordered
/// subsequence), with its position, if any.
fn missing_in_order(expected: &[String], actual: &[String]) -> Option<String> {
    let mut at = 0;
    for (i, w) in expected.iter().enumerate() {
        match actual[at..]
            .iter()
            .position(|a| a == w || ordinal_in_capitals(w, a))
        {
            Some(p) => at += p + 1,
            None => {
                let before = expected[i.saturating_sub(3)..i].join(" ");
                let after = expected[i + 1..(i + 4).min(expected.len())].join(" ");
                let shown = actual[at.saturating_sub(3)..(at + 12).min(actual.len())].join(" ");
                return Some(format!(
                    "word {i} `{w}` missing or out of order (expected … {before} [{w}] {after} …; \
                     the output goes on: … {shown} …)"
                ));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// The properties

fn config(divisor: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64u32);
    Config {
        cases: (cases / divisor).max(1),
        max_shrink_iters: 4096,
        failure_persistence: None,
        ..Config::default()
    }
}

fn write_files(dir: &Path, files: &[(String, String)]) {
    std::fs::create_dir_all(dir.join("packages")).unwrap();
    for (path, text) in files {
        std::fs::write(dir.join(path), text).unwrap();
    }
}

fn fail(msg: String) -> Result<(), TestCaseError> {
    Err(TestCaseError::fail(msg))
}

/// Builds a generated document and checks every property on its outputs.
fn check_outputs(doc: &Doc, formats: &[Format]) -> Result<(), TestCaseError> {
    let written = doc.write(None);
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &written.files);
    let (outputs, _) = match ptcdoc::build_outputs(dir.path(), formats, &Options::default()) {
        Ok(built) => built,
        Err(Failure::Invalid { report, .. }) => return fail(format!("check failed:\n{report}")),
        Err(Failure::Other(e)) => return fail(format!("build failed: {e:#}")),
    };
    let numbers: Vec<u64> = (1..=u64::from(written.paragraphs)).collect();
    for output in &outputs {
        let lang = usize::from(output.name.contains("Fa."));
        let expected = &written.expected[lang];
        let name = &output.name;
        if name.ends_with(".md") {
            let md = String::from_utf8(output.bytes.clone()).unwrap();
            prop_assert_eq!(
                &markdown_paragraph_numbers(&md),
                &numbers,
                "{} numbers",
                name
            );
            if let Some(m) = missing_in_order(&expected.md_words, &words_of(&without_sup(&md))) {
                return fail(format!("{name}: {m}"));
            }
        } else if name.ends_with(".html") {
            let html = String::from_utf8(output.bytes.clone()).unwrap();
            prop_assert_eq!(&html_paragraph_numbers(&html), &numbers, "{} numbers", name);
            prop_assert_eq!(&html_refs(&html), &expected.refs, "{} references", name);
            let text = words_of(&html_text(&html));
            if let Some(m) = missing_in_order(&expected.html_words, &text) {
                return fail(format!("{name}: {m}"));
            }
        } else if name.ends_with(".pdf") {
            let text = pdf_text(dir.path(), name, &output.bytes);
            if let Some(m) = missing_in_order(&expected.pdf_words, &words_of(&text)) {
                return fail(format!("{name}: {m}"));
            }
            for (_, label) in &expected.refs {
                let joined = label.join(" ");
                prop_assert!(
                    missing_in_order(label, &words_of(&text)).is_none(),
                    "{}: reference `{}` not shown",
                    name,
                    joined
                );
            }
        }
    }
    Ok(())
}

fn pdf_text(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        // Content-stream order: the default layout analysis reorders the
        // loose lines of a narrow quote into columns.
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "pdftotext failed on {name}");
    // A word hyphenated at a line end comes back whole (generated words
    // have no hyphen of their own).
    String::from_utf8(out.stdout).unwrap().replace("-\n", "")
}

fn run(strategy: impl Strategy<Value = Doc>, divisor: u32, formats: &[Format]) {
    let mut runner = TestRunner::new(config(divisor));
    if let Err(e) = runner.run(&strategy, |doc| check_outputs(&doc, formats)) {
        panic!("{e}");
    }
}

#[test]
fn generated_documents_check_and_render_faithfully_in_markdown_and_html() {
    run(
        document(Reach::default(), 4),
        1,
        &[Format::Markdown, Format::Html],
    );
}

#[test]
fn generated_documents_keep_every_word_in_the_pdf_text_layer() {
    run(document(Reach::default(), 2), 8, &[Format::Pdf]);
}

/// Issue 8, item 7: the lint lower-cases a text and uses the offsets on
/// the original; letters such as İ change length.
#[test]
fn generated_documents_with_letters_whose_case_changes_length() {
    let reach = Reach {
        case_length: true,
        ..Reach::default()
    };
    run(document(reach, 4), 1, &[Format::Markdown, Format::Html]);
}

// ---------------------------------------------------------------------------
// Hostile values: errors are fine, panics are not

fn hostile_string(reach: Reach) -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\\",
        "\"",
        "'",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\u{0}",
        "\u{A0}",
        "\u{FEFF}",
        "\u{202F}",
        "é",
        "ſ",
        "ß",
        "{#",
        "}",
        "[](#",
        "[#](#",
        ")",
        "*",
        "**",
        "_",
        "`",
        "<b>",
        "&amp;",
        "#",
        "> ",
        "- ",
        "1. ",
        "10. ",
        "   ",
        "\\u00e9",
        "\\U0001F600",
        "\\x",
        "paragraph 9",
        "\"\"\"",
        "'''",
        "..",
        "/",
        "../x",
        "javascript:x",
        "\\é",
        "\\\u{A0}\n",
        "\u{212A}paragraph 9\u{23A}\u{23A}",
        "[a](",
        "<http://a)b>",
        "\u{1F600}",
        "a",
    ]);
    prop_oneof![
        any::<String>(),
        prop::collection::vec(pieces, 0..10).prop_map(|p| p.concat()),
        (
            any::<String>(),
            prop::collection::vec(
                prop::sample::select(vec!["\\", "\"", "\n", "[](#", "{#"]),
                0..4
            )
        )
            .prop_map(|(s, p)| format!("{}{s}", p.concat())),
    ]
    .prop_map(move |s| {
        if reach.case_length {
            s
        } else {
            s.chars().filter(|c| !case_changes_length(*c)).collect()
        }
    })
}

fn hostile(reach: Reach) -> impl Strategy<Value = (Doc, Hostile)> {
    let h = (any::<Index>(), hostile_string(reach), any::<bool>()).prop_map(
        move |(slot, value, raw)| {
            // A raw backslash before a non-ASCII char is invalid TOML that
            // crashes the escape mapper (issue 8, item 7).
            let value = if raw && !reach.raw_backslashes {
                value.replace('\\', "/")
            } else {
                value
            };
            Hostile { slot, value, raw }
        },
    );
    // The document itself stays clear of the lint's bug: the hostile
    // value alone must reach it.
    let doc_reach = Reach {
        case_length: false,
        ..reach
    };
    (document(doc_reach, 2), h)
}

fn check_hostile(doc: &Doc, h: &Hostile) -> Result<(), TestCaseError> {
    let written = doc.write(Some(h));
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &written.files);
    let options = Options {
        pdf: true,
        ..Options::default()
    };
    let project = Project::load(dir.path(), &options).unwrap();
    let _ = project.report();
    if !project.checked.diags.has_errors() {
        let _ = project.render(&[Format::Markdown, Format::Html]);
    }
    Ok(())
}

/// Runs the hostile family `factor` times as many cases as the others.
fn run_hostile(reach: Reach, factor: u32) {
    let mut config = config(1);
    config.cases *= factor;
    let mut runner = TestRunner::new(config);
    let result = runner.run(&hostile(reach), |(doc, h)| {
        let outcome = std::panic::catch_unwind(|| check_hostile(&doc, &h));
        match outcome {
            Ok(r) => r,
            Err(_) => fail(format!(
                "check panicked with {:?} (raw: {}) in slot {} of:\n{}",
                h.value,
                h.raw,
                h.slot.index(HOSTILE_SLOTS),
                doc.write(Some(&h))
                    .files
                    .iter()
                    .map(|(p, t)| format!("==> {p} <==\n{t}"))
                    .collect::<String>()
            )),
        }
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn hostile_values_and_keys_never_make_check_panic() {
    run_hostile(Reach::default(), 1);
}

/// Raw backslashes before a non-ASCII char (`"a\\é"`) or before a
/// no-break space and a line end: invalid TOML whose value still reaches
/// the escape mapper (issue 8, item 7, src/input/text.rs).
#[test]
fn hostile_values_with_raw_backslashes_never_make_check_panic() {
    let reach = Reach {
        raw_backslashes: true,
        ..Reach::default()
    };
    run_hostile(reach, 8);
}

/// Hostile values that lower-case to another length before "paragraph 9"
/// (issue 8, item 7, src/lint.rs).
#[test]
fn hostile_values_whose_case_changes_length_never_make_check_panic() {
    let reach = Reach {
        case_length: true,
        ..Reach::default()
    };
    run_hostile(reach, 8);
}

/// Lists nested deeper than WCO documents go (5 to 60 levels): the PDF
/// must show every word, or `check` must report the nesting at its place
/// (issue 8, item 5: the PDF once dropped the deep text with exit 0).
#[test]
fn deeply_nested_lists_are_reported_or_kept_whole_in_the_pdf() {
    let strategy = (document(Reach::default(), 1), 5usize..60).prop_map(|(mut doc, depth)| {
        let chain = (0..depth).fold(Vec::new(), |sub, level| {
            let word = format!("level{}", depth - level);
            vec![Item {
                id: None,
                para: vec![Inl::Word(word.clone(), word)],
                sub: (!sub.is_empty()).then_some(sub),
            }]
        });
        doc.sections[0].blocks[0].kind = BlockKind::Paragraph;
        doc.sections[0].blocks[0].segments[0].after = Some(After::List(chain));
        doc
    });
    let mut runner = TestRunner::new(config(8));
    let result = runner.run(&strategy, |doc| match check_outputs(&doc, &[Format::Pdf]) {
        Err(e) if e.to_string().contains("check failed") => Ok(()),
        other => other,
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// An unnumbered block that holds a `1.` list: the Markdown once wrote
/// the list at the left margin, where a reader saw a paragraph "1."
/// (src/render/markdown.rs, `Writer::block`).
#[test]
fn generated_documents_with_ordered_lists_in_unnumbered_blocks() {
    let reach = Reach {
        unnumbered_ordered_lists: true,
        ..Reach::default()
    };
    run(document(reach, 4), 1, &[Format::Markdown, Format::Html]);
}

/// `{#a_b_}` starts a list item: Markdown would read `_b_` as emphasis and
/// the item would lose its id without a word. Item ids follow the block-id
/// charset, so every such id is refused at its place, never lost.
#[test]
fn item_ids_with_underscores_are_refused_not_lost() {
    let reach = Reach {
        item_id_underscores: true,
        ..Reach::default()
    };
    let mut runner = TestRunner::new(config(4));
    let result = runner.run(&document(reach, 4), |doc| {
        match check_outputs(&doc, &[Format::Markdown, Format::Html]) {
            Err(e) if e.to_string().contains("check failed") => {
                let report = e.to_string();
                if report.contains('_') && !report.contains("invalid id") {
                    return fail(format!("an id with `_` was not named: {report}"));
                }
                Ok(())
            }
            other => other,
        }
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The word that failed CI on the French title "a Xe": the Markdown reads
/// "A X<sup>e</sup>", which the upper-cased expectation "XE" must accept,
/// and only a numeral's suffix may stay in lower case.
#[test]
fn an_ordinal_keeps_its_suffix_in_the_capitals_of_the_title() {
    assert!(ordinal_in_capitals("XE", "Xe"));
    assert!(ordinal_in_capitals("1ER", "1er"));
    assert!(ordinal_in_capitals("XXES", "XXes"));
    assert!(!ordinal_in_capitals("XE", "xe"), "the numeral in capitals");
    assert!(!ordinal_in_capitals("ÉTÉ", "Été"), "no numeral");
    assert!(!ordinal_in_capitals("XA", "Xa"), "not a suffix");
    assert!(!ordinal_in_capitals("XE", "Xe "), "the whole word");
}
