//! The words invariant: every word of every text of a document appears,
//! in order, in its Markdown, in the text of its HTML and in the text
//! layer of its PDF (as `pdftotext` reads it).
//!
//! Run over every valid fixture, the default document and generated
//! documents (sections, headings, paragraphs, nested lists, quotations,
//! references, long words, URLs, numbers with units and text in the
//! scripts the fonts cover). Words are runs of letters and digits, case
//! folded: typography (quotes, no-break spaces, dashes, apostrophes) and
//! what a format adds (paragraph numbers, list labels, running headers,
//! link destinations) do not count, but every word must be there, and in
//! order. A word a line break cut without a hyphen (a URL split across
//! lines) may come back in consecutive pieces.
//!
//! Inputs that cannot be laid out (nesting far deeper than any WCO
//! document, a style that leaves no room for text) must fail with an
//! error that says where, and write nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, fixture, load_project, ptcdoc, root, stderr};

use ptcdoc::model::{Document, Flow, Inline};

/// Extra words a format may put between two words of one text: list
/// labels, a paragraph number, a running header and page number.
const GAP: usize = 8;

/// Runs of letters and digits, case folded.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_uppercase().to_lowercase())
        .collect()
}

fn flow_words(flows: &[Flow], out: &mut Vec<String>) {
    for f in flows {
        match f {
            Flow::Para(inlines) => out.extend(words(&Inline::plain(inlines))),
            Flow::Quote(inner) => flow_words(inner, out),
            // Labels are the format's, not the text's.
            Flow::List(list) => {
                for item in &list.items {
                    flow_words(&item.content, out);
                }
            }
        }
    }
}

/// The words of each text of a document, in reading order: title,
/// summary, then each section's title and blocks.
fn texts(doc: &Document) -> Vec<(String, Vec<String>)> {
    let mut out = vec![("the title".to_string(), words(&Inline::plain(&doc.title)))];
    for (name, flows) in [("the purpose", &doc.purpose), ("the action", &doc.action)] {
        let mut w = Vec::new();
        flow_words(flows, &mut w);
        out.push((name.to_string(), w));
    }
    for s in &doc.sections {
        out.push((
            format!("the title of section {}", s.id),
            words(&Inline::plain(&s.title)),
        ));
        for (i, b) in s.blocks.iter().enumerate() {
            let mut w = Vec::new();
            flow_words(&b.content, &mut w);
            out.push((format!("block {} of section {}", i + 1, s.id), w));
        }
    }
    out
}

/// Where `word` starts at `out[j]`, possibly cut into consecutive
/// pieces: the index after its last piece.
fn matches(out: &[String], j: usize, word: &str) -> Option<usize> {
    let mut rest = word;
    let mut k = j;
    while k < out.len() && k < j + 12 {
        rest = rest.strip_prefix(out[k].as_str())?;
        k += 1;
        if rest.is_empty() {
            return Some(k);
        }
    }
    None
}

/// Matches a text's words from `out[start]` on, at most [`GAP`] extra
/// words apart: the index after the last one, or how many matched and
/// where the next was looked for.
fn match_from(out: &[String], start: usize, text: &[String]) -> Result<usize, (usize, usize)> {
    let mut pos = start;
    for (k, word) in text.iter().enumerate() {
        let limit = if k == 0 {
            pos + 1
        } else {
            (pos + GAP + 1).min(out.len())
        };
        match (pos..limit.min(out.len())).find_map(|j| matches(out, j, word)) {
            Some(next) => pos = next,
            None => return Err((k, pos)),
        }
    }
    Ok(pos)
}

/// Checks that the texts' words appear in `out` in order; says where not.
fn check_order(what: &str, texts: &[(String, Vec<String>)], out: &[String]) -> Result<(), String> {
    let mut pos = 0;
    for (name, text) in texts {
        if text.is_empty() {
            continue;
        }
        // The text starts at the first place from which all of it follows.
        let mut best = (0, pos);
        let mut found = None;
        for start in pos..out.len() {
            match match_from(out, start, text) {
                Ok(end) => {
                    found = Some(end);
                    break;
                }
                Err(partial) if partial.0 > best.0 => best = partial,
                Err(_) => {}
            }
        }
        match found {
            Some(end) => pos = end,
            None => {
                let (k, at) = best;
                let around = |v: &[String], at: usize| {
                    v[at.saturating_sub(6)..(at + 10).min(v.len())].join(" ")
                };
                return Err(format!(
                    "{what}: word {} of {name}, `{}`, is missing or out of order\n  \
                     expected: … {}\n  found:    … {}",
                    k + 1,
                    text[k],
                    around(text, k),
                    around(out, at)
                ));
            }
        }
    }
    // Each word takes its own words of the output, in order: a text
    // that is lost cannot borrow the words of a later one, which would
    // then be missing.
    Ok(())
}

/// A text without the superscript tags of French ordinals (in HTML and
/// in Markdown's inline HTML): "32<sup>e</sup>" reads "32e", one word.
fn without_sup(text: &str) -> String {
    text.replace("<sup>", "").replace("</sup>", "")
}

/// The Markdown's words, link destinations left out (the reader sees the
/// link's text).
fn markdown_words(md: &str) -> Vec<String> {
    let md = &without_sup(md);
    let mut text = String::new();
    let mut rest = md.as_str();
    while let Some(at) = rest.find("](") {
        text.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        // Destinations may hold balanced parentheses.
        let mut depth = 1;
        let end = after
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(after.len(), |(i, _)| i + 1);
        rest = &after[end..];
    }
    text.push_str(rest);
    words(&text)
}

/// The text of an HTML page: tags, the head and entities resolved.
fn html_words(html: &str) -> Vec<String> {
    let html = &without_sup(html);
    let body = html.split("</head>").last().unwrap_or(html);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    words(&decode_entities(&text))
}

fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{A0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[at..at + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn pdf_words(pdf: &Path) -> Vec<String> {
    let run = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils; .ci/run does)");
    assert!(run.status.success(), "pdftotext {}", pdf.display());
    words(&String::from_utf8(run.stdout).unwrap())
}

/// The built documents of a folder, one per declared language.
fn documents(dir: &Path) -> Vec<Document> {
    load_project(dir, None).checked.documents
}

/// Builds `dir` in every language and format, and checks the invariant
/// in each output.
fn check_words(dir: &Path) {
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            dir.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}: {}", dir.display(), stderr(&run));
    for doc in documents(dir) {
        let texts = texts(&doc);
        let file = |ext: &str| {
            let name = ptcdoc::render::file_name(&doc, ptcdoc::render::Format::parse(ext).unwrap());
            out.path().join(name)
        };
        let md = std::fs::read_to_string(file("md")).unwrap();
        let html = std::fs::read_to_string(file("html")).unwrap();
        let name = |ext: &str| format!("{} {}", dir.display(), file(ext).display());
        let results = [
            check_order(&name("md"), &texts, &markdown_words(&md)),
            check_order(&name("html"), &texts, &html_words(&html)),
            check_order(&name("pdf"), &texts, &pdf_words(&file("pdf"))),
        ];
        let failures: Vec<String> = results.into_iter().filter_map(Result::err).collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

fn folders(path: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixture(path))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("document.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_word_of_every_fixture_survives_every_format() {
    let mut dirs = folders("valid");
    dirs.extend(folders("lint"));
    dirs.push(root().join("inputs/pc0608"));
    assert!(dirs.len() >= 3);
    for dir in dirs {
        check_words(&dir);
    }
}

#[test]
fn every_word_of_generated_documents_survives_every_format() {
    for seed in 1..=4 {
        let dir = tempfile::tempdir().unwrap();
        generate::document(dir.path(), seed, &generate::Shape::default());
        check_words(dir.path());
    }
}

/// A build that must fail: an error naming `place`, and nothing written.
fn assert_refused(dir: &Path, extra: &[&str], place: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        dir.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = ptcdoc(&root(), &args);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    for p in place {
        assert!(err.contains(p), "`{p}` not in:\n{err}");
    }
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "{err}");
}

#[test]
fn text_nested_too_deep_for_the_page_is_an_error_not_a_loss() {
    // 8 quotations, or a list 50 levels deep: far deeper than WCO
    // documents go, and than a line of A4 allows.
    for shape in [
        generate::Shape {
            quote_depth: 8,
            ..Default::default()
        },
        generate::Shape {
            list_depth: 50,
            ..Default::default()
        },
    ] {
        let dir = tempfile::tempdir().unwrap();
        generate::document(dir.path(), 7, &shape);
        // Either refused where it is (by the inputs' checks or by the
        // layout), or built whole.
        let out = tempfile::tempdir().unwrap();
        let run = ptcdoc(
            &root(),
            &[
                "build",
                dir.path().to_str().unwrap(),
                "--out",
                out.path().to_str().unwrap(),
            ],
        );
        if run.status.success() {
            check_words(dir.path());
        } else {
            let err = stderr(&run);
            assert_eq!(run.status.code(), Some(1), "{err}");
            assert!(err.contains("deep") || err.contains("nest"), "{err}");
            // The layout names the block; the inputs' checks, its file.
            assert!(
                err.contains("section `s") || err.contains("document.toml:"),
                "the error names no place:\n{err}"
            );
            assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
        }
    }
}

/// The default style file with one value changed.
fn style_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(root().join("templates/pdf/style.toml")).unwrap();
    assert!(text.contains(from), "{from}");
    text.replace(from, to)
}

#[test]
fn a_style_that_leaves_no_room_for_text_is_an_error_at_its_place() {
    let cases = [
        (
            "space_stretch = 0.5 ",
            "space_stretch = -0.5",
            "style.toml:66:17",
        ),
        (
            "letter_shrink = 0.0075",
            "letter_shrink = -0.01",
            "style.toml:72:17",
        ),
        (
            "margin_right = \"20mm\"",
            "margin_right = \"-2cm\"",
            "style.toml:17:16",
        ),
        (
            "indent_left = \"10mm\"",
            "indent_left = \"250mm\"",
            "style.toml:61:15",
        ),
    ];
    for (from, to, place) in cases {
        // In the document's own templates folder.
        let doc = tempfile::tempdir().unwrap();
        copy_dir(&fixture("valid/minimal"), doc.path());
        std::fs::create_dir_all(doc.path().join("templates/pdf")).unwrap();
        std::fs::write(
            doc.path().join("templates/pdf/style.toml"),
            style_with(from, to),
        )
        .unwrap();
        assert_refused(doc.path(), &[], &[place, "templates/pdf/style.toml"]);
        // Given with --templates.
        let templates = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(templates.path().join("pdf")).unwrap();
        std::fs::write(
            templates.path().join("pdf/style.toml"),
            style_with(from, to),
        )
        .unwrap();
        let t = templates.path().to_str().unwrap();
        assert_refused(&fixture("valid/minimal"), &["--templates", t], &[place, t]);
    }
}

/// Documents of the family, generated from a seed: the same structure in
/// English and French, words drawn from each language's vocabulary.
mod generate {
    use std::fmt::Write as _;
    use std::path::Path;

    /// How far a generated document nests.
    pub struct Shape {
        pub sections: usize,
        pub list_depth: usize,
        pub quote_depth: usize,
    }

    impl Default for Shape {
        fn default() -> Self {
            Shape {
                sections: 5,
                list_depth: 3,
                quote_depth: 2,
            }
        }
    }

    /// A small deterministic generator (xorshift), so that a failure
    /// names its seed and comes back.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const EN: &[&str] = &[
        "Customs",
        "administrations",
        "the",
        "Secretariat",
        "Members",
        "implementation",
        "of",
        "and",
        "revenue",
        "compliance",
        "programme",
        "capacity",
        "building",
        "enforcement",
        "Working",
        "Group",
        "valuation",
        "origin",
        "tariff",
        "classification",
        "Harmonized",
        "System",
        "risk",
        "management",
        "post-clearance",
        "audit",
        "Committee",
        "endorsed",
        "session",
        "workshop",
        "regional",
        "guidance",
        "e-commerce",
        "data",
        "analytics",
        "Council",
        "Policy",
        "Commission",
        "strategic",
        "partnership",
    ];
    const FR: &[&str] = &[
        "douanes",
        "administrations",
        "le",
        "Secrétariat",
        "Membres",
        "mise",
        "œuvre",
        "de",
        "et",
        "recettes",
        "conformité",
        "programme",
        "renforcement",
        "capacités",
        "lutte",
        "contre",
        "fraude",
        "Groupe",
        "travail",
        "valeur",
        "origine",
        "tarif",
        "classement",
        "Système",
        "harmonisé",
        "gestion",
        "risques",
        "contrôle",
        "a",
        "posteriori",
        "Comité",
        "entériné",
        "session",
        "atelier",
        "régional",
        "orientations",
        "commerce",
        "électronique",
        "données",
        "Conseil",
        "Commission",
        "politique",
        "générale",
        "partenariat",
        "stratégique",
        "l'OMD",
        "aujourd'hui",
        "élaboré",
    ];
    /// Words in the other scripts and letters the fonts cover.
    const WORLD: &[&str] = &[
        "Zürich",
        "Łódź",
        "São",
        "Paulo",
        "Ærøskøbing",
        "Ångström",
        "Ελλάδα",
        "τελωνείο",
        "Москва",
        "таможня",
        "Kraków",
        "İzmir",
        "Đà",
        "Nẵng",
        "Reykjavík",
        "Curaçao",
    ];
    const LONG: &[&str] = &[
        "Zollverwaltungsmodernisierungsprogrammkoordinierungsstelle",
        "https://www.wcoomd.org/en/topics/capacity-building/activities-and-programmes/mercator-programme/implementation-guidance.aspx",
        "<https://www.wcoomd.org/fr/topics/enforcement-and-compliance/instruments-and-tools/guidelines.aspx?lang=fr&page=3>",
        "www.wcoomd.org/-/media/wco/public/global/pdf/topics/facilitation/instruments-and-tools/tools/safe-package.pdf",
    ];
    const UNITS: &[&str] = &[
        "12.5 kg",
        "3,000 tonnes",
        "EUR 1.2 million",
        "45 %",
        "2019/2020",
        "24–26 September",
        "1 000 m³",
        "0.5 mm",
        "USD 750",
        "18:30",
        "No. 12",
        "ISO 3166-1",
    ];

    fn sentence(rng: &mut Rng, vocab: &[&str], n: usize) -> String {
        let mut words: Vec<String> = Vec::new();
        for i in 0..n {
            // Short texts (titles, headings) stay plain words.
            let draw = if n >= 8 { rng.below(40) } else { 39 };
            let w = match draw {
                0 => rng.pick(WORLD).to_string(),
                1 => rng.pick(UNITS).to_string(),
                2 if n > 20 => rng.pick(LONG).to_string(),
                3 => format!("*{}*", rng.pick(vocab)),
                4 => format!(
                    "[{} {}](https://www.wcoomd.org/en/media/newsroom/2020/{}.aspx)",
                    rng.pick(vocab),
                    rng.pick(vocab),
                    rng.below(999)
                ),
                _ => rng.pick(vocab).to_string(),
            };
            words.push(if i == 0 { capitalized(&w) } else { w });
        }
        format!("{}.", words.join(" "))
    }

    fn capitalized(w: &str) -> String {
        let mut c = w.chars();
        match c.next() {
            Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
            _ => w.to_string(),
        }
    }

    /// What a block holds, language aside.
    enum Part {
        Para(usize),
        List {
            ordered: bool,
            items: Vec<Vec<Part>>,
        },
        Quote(Vec<Part>),
    }

    fn list(rng: &mut Rng, depth: usize, max: usize) -> Part {
        let n = if max > 6 { 1 } else { 2 + rng.below(3) };
        let items = (0..n)
            .map(|i| {
                let mut content = vec![Part::Para(3 + rng.below(25))];
                // Deep shapes go all the way down through their first item.
                if depth + 1 < max && (i == 0 || rng.below(3) == 0) {
                    content.push(list(rng, depth + 1, max));
                }
                content
            })
            .collect();
        Part::List {
            ordered: rng.below(2) == 0,
            items,
        }
    }

    fn quote(rng: &mut Rng, depth: usize, max: usize) -> Part {
        let mut inner = vec![Part::Para(5 + rng.below(30))];
        if depth + 1 < max {
            inner.push(quote(rng, depth + 1, max));
        }
        Part::Quote(inner)
    }

    /// Markdown of parts, each line prefixed by `indent`.
    fn write(parts: &[Part], rng: &mut Rng, vocab: &[&str], indent: &str, out: &mut String) {
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                let _ = writeln!(out, "{}", indent.trim_end());
            }
            match part {
                Part::Para(n) => {
                    let _ = writeln!(out, "{indent}{}", sentence(rng, vocab, *n));
                }
                Part::List { ordered, items } => {
                    for (k, item) in items.iter().enumerate() {
                        if k > 0 {
                            let _ = writeln!(out, "{}", indent.trim_end());
                        }
                        let marker = if *ordered {
                            format!("{}. ", k + 1)
                        } else {
                            "- ".to_string()
                        };
                        let mut text = String::new();
                        let inner = format!("{indent}{}", " ".repeat(marker.len()));
                        write(item, rng, vocab, &inner, &mut text);
                        let text = text.strip_prefix(inner.as_str()).unwrap_or(&text);
                        let _ = write!(out, "{indent}{marker}{text}");
                    }
                }
                Part::Quote(inner) => {
                    write(inner, rng, vocab, &format!("{indent}> "), out);
                }
            }
        }
    }

    fn text(parts: &[Part], rng: &mut Rng, vocab: &[&str]) -> String {
        let mut out = String::new();
        write(parts, rng, vocab, "", &mut out);
        out
    }

    /// Writes a document folder: `document.toml` with every section.
    pub fn document(dir: &Path, seed: u64, shape: &Shape) {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
        let names: Vec<String> = (1..=shape.sections).map(|i| format!("s{i}")).collect();
        let mut doc = format!(
            "symbol = \"PC{:04}\"\nsuffix = \"a\"\ncommittee = \"ptc\"\n\
             sessions = [231, 232]\nmeeting = {{ from = 2021-03-15, to = 2021-03-19 }}\n\
             issued = 2021-02-10\nplace = \"brussels\"\nagenda_item = \"III. (b)\"\n\
             languages = [\"en\", \"fr\"]\nsections = [{}]\n\n",
            700 + seed,
            names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let both = |doc: &mut String, key: &str, parts: &[Part], rng: &mut Rng| {
            // The same structure and draws in each language.
            let state = rng.0;
            let en = text(parts, rng, EN);
            rng.0 = state;
            let fr = text(parts, rng, FR);
            let _ = writeln!(doc, "{key}en = '''\n{en}'''\n{key}fr = '''\n{fr}'''");
        };
        doc.push_str("[title]\n");
        both(&mut doc, "", &[Part::Para(6)], &mut rng);
        doc.push_str("\n[summary.purpose]\n");
        both(&mut doc, "", &[Part::Para(30)], &mut rng);
        doc.push_str("\n[summary.action]\n");
        both(&mut doc, "", &[Part::Para(12)], &mut rng);
        for (s, name) in names.iter().enumerate() {
            let _ = writeln!(doc, "\n[section.{name}]");
            both(
                &mut doc,
                "title.",
                &[Part::Para(2 + rng.below(5))],
                &mut rng,
            );
            for b in 0..3 + rng.below(5) {
                let _ = writeln!(doc, "\n[[section.{name}.blocks]]");
                let parts = match (s, b, rng.below(6)) {
                    // The deep shapes, once each.
                    (0, 0, _) if shape.list_depth > 3 => {
                        vec![Part::Para(8), list(&mut rng, 0, shape.list_depth)]
                    }
                    (0, 0, _) if shape.quote_depth > 2 => {
                        vec![quote(&mut rng, 0, shape.quote_depth)]
                    }
                    (_, b, 0) if b > 0 => {
                        let _ = writeln!(doc, "kind = \"heading\"");
                        vec![Part::Para(2 + rng.below(4))]
                    }
                    (_, _, 1) => vec![
                        Part::Para(10 + rng.below(30)),
                        list(&mut rng, 0, shape.list_depth.min(3)),
                    ],
                    (_, _, 2) => vec![
                        Part::Para(10 + rng.below(20)),
                        quote(&mut rng, 0, shape.quote_depth.min(2)),
                        Part::Para(5 + rng.below(20)),
                    ],
                    (_, b, 3) if b > 0 => {
                        let _ = writeln!(doc, "kind = \"unnumbered\"");
                        vec![Part::Para(10 + rng.below(40))]
                    }
                    _ => vec![Part::Para(15 + rng.below(90))],
                };
                both(&mut doc, "", &parts, &mut rng);
            }
        }
        std::fs::write(dir.join("document.toml"), doc).unwrap();
    }
}
