//! The HTML as a reader gets it: opened and printed by a real browser
//! (headless Chromium), and checked by the Nu Html Checker (vnu).
//!
//! Chromium prints both HTML files of the default document to PDF; the
//! printed pages are read back with poppler (`pdftotext -bbox`, `pdffonts`)
//! and lopdf: A4 pages, the running header from page 2 only, the bundled
//! Liberation faces and no other, the French narrow no-break spaces in the
//! text and drawn with their width, no one-line widows or orphans.
//!
//! At phone and desktop widths, the page is measured in the browser
//! itself: alignment, hang, and no sideways scrolling.
//!
//! Chromium, Java and vnu are not crates. Where one is missing the test
//! says so and passes, except on CI (the variable `CI` set), where `.ci/run`
//! installs them and a missing one is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Languages of the default document, with the symbol of the running
/// header each one's printed pages carry.
const LANGUAGES: [(&str, &str, &str); 2] =
    [("en", "PC0608Ea", "PC0608E"), ("fr", "PC0608Fa", "PC0608F")];

/// The top of the text block on pages 2 onwards (25 mm), in points: the
/// running header sits above it.
const TEXT_TOP: f64 = 25.0 * 72.0 / 25.4;
/// The right margin of the printed pages (20 mm), in points.
const RIGHT_MARGIN: f64 = 20.0 * 72.0 / 25.4;

/// A tool found on the PATH (or at the path an environment variable names).
fn find(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// `found`, or, when it is missing: a failure on CI, else a skip that
/// says why.
fn required(what: &str, found: Option<PathBuf>) -> Option<PathBuf> {
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{what} is missing on CI (.ci/run installs it)"
        );
        eprintln!("skipped: {what} is not installed here (CI installs it)");
    }
    found
}

fn chromium() -> Option<PathBuf> {
    required(
        "chromium (Debian package `chromium`)",
        find("CHROMIUM", &["chromium", "chromium-browser"]),
    )
}

/// Headless Chromium as a test runs it: no sandbox (CI runs as root), no
/// GPU, and nothing fetched from the network.
const BROWSER_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// Runs `cmd` to its end, killing it after `limit`: a browser that hangs
/// must fail the test, not stall it. Its output is read as it comes, so
/// that a full pipe cannot stall it either.
fn run_with_limit(mut cmd: Command, limit: Duration) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).ok();
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().ok();
            panic!("{cmd:?} took more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    std::process::Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Prints `html` to `pdf` with Chromium, as a reader's "Save as PDF"
/// would (no browser header and footer of its own).
fn print(browser: &Path, html: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(browser);
    cmd.args(BROWSER_FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()));
    let out = run_with_limit(cmd, Duration::from_secs(180));
    assert!(
        pdf.is_file(),
        "chromium printed nothing ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A word of the printed text, where pdftotext finds it (points, from the
/// top left corner).
#[derive(Debug, Clone)]
struct Word {
    x_min: f64,
    y_min: f64,
    x_max: f64,
    y_max: f64,
    text: String,
}

#[derive(Debug)]
struct Page {
    width: f64,
    height: f64,
    words: Vec<Word>,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    let len = tag[at..].find('"').unwrap();
    tag[at..at + len].parse().unwrap()
}

fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The words of each page, as `pdftotext -bbox` gives them.
fn pages(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.split("<page ")
        .skip(1)
        .map(|page| {
            let head = &page[..page.find('>').unwrap()];
            let words = page
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let close = w.find('>').unwrap();
                    let (tag, rest) = (&w[..close], &w[close + 1..]);
                    Word {
                        x_min: attr(tag, "xMin"),
                        y_min: attr(tag, "yMin"),
                        x_max: attr(tag, "xMax"),
                        y_max: attr(tag, "yMax"),
                        text: unescape_xml(&rest[..rest.find("</word>").unwrap()]),
                    }
                })
                .collect();
            Page {
                width: attr(head, "width"),
                height: attr(head, "height"),
                words,
            }
        })
        .collect()
}

/// A text line below the running header: its words left to right, and
/// the vertical extent of them all.
struct Line {
    words: Vec<Word>,
    top: f64,
    bottom: f64,
}

/// The lines of a page below the running header. Words whose boxes
/// overlap vertically share a line, so that a raised ordinal stays on its
/// line; the boxes of two lines do not overlap.
fn lines(page: &Page) -> Vec<Line> {
    let mut words: Vec<&Word> = page
        .words
        .iter()
        .filter(|w| w.y_min > TEXT_TOP - 12.0)
        .collect();
    words.sort_by(|a, b| (a.y_min + a.y_max).total_cmp(&(b.y_min + b.y_max)));
    let mut out: Vec<Line> = Vec::new();
    for w in words {
        match out.last_mut() {
            Some(line)
                if line.bottom.min(w.y_max) - line.top.max(w.y_min)
                    > 0.3 * (w.y_max - w.y_min).min(line.bottom - line.top) =>
            {
                line.top = line.top.min(w.y_min);
                line.bottom = line.bottom.max(w.y_max);
                line.words.push(w.clone());
            }
            _ => out.push(Line {
                words: vec![w.clone()],
                top: w.y_min,
                bottom: w.y_max,
            }),
        }
    }
    for line in &mut out {
        line.words.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
    }
    out
}

/// The fixture of another shape (nested lists, a subheading, a long URL,
/// short paragraphs before lists), with its symbols as for `LANGUAGES`.
const OTHER_SHAPE: [(&str, &str, &str); 2] =
    [("en", "PC0712Ea", "PC0712E"), ("fr", "PC0712Fa", "PC0712F")];

/// The HTML of the document in `doc_dir`, in every language it has.
fn build_html(doc_dir: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = ptcdoc(
        &root(),
        &[
            "build",
            doc_dir,
            "--format",
            "html",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

/// Builds the HTML of the document in `doc_dir` in both languages and
/// prints each; gives (language, PDF path, running header) and keeps the
/// folder alive.
fn printed(
    browser: &Path,
    doc_dir: &str,
    names: [(&'static str, &'static str, &'static str); 2],
) -> (tempfile::TempDir, Vec<(String, PathBuf, &'static str)>) {
    let out = build_html(doc_dir);
    let mut pdfs = Vec::new();
    for (lang, name, symbol) in names {
        let html = out.path().join(format!("{name}.html"));
        let pdf = out.path().join(format!("{name}.printed.pdf"));
        print(browser, &html, &pdf);
        pdfs.push((lang.to_string(), pdf, symbol));
    }
    (out, pdfs)
}

fn check_running_header(lang: &str, pages: &[Page], symbol: &str) {
    assert!(pages.len() >= 3, "{lang}: {} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        assert!(
            (page.width - 595.3).abs() < 1.5 && (page.height - 841.9).abs() < 1.5,
            "{lang} page {n} is not A4: {} × {} pt",
            page.width,
            page.height
        );
        let above = |w: &&Word| w.y_max < TEXT_TOP;
        let symbols: Vec<&Word> = page
            .words
            .iter()
            .filter(above)
            .filter(|w| w.text == symbol)
            .collect();
        let number = format!("{n}.");
        let numbers: Vec<&Word> = page
            .words
            .iter()
            .filter(above)
            .filter(|w| w.text == number)
            .collect();
        if n == 1 {
            assert!(
                symbols.is_empty() && numbers.is_empty(),
                "{lang}: page 1 has a running header: {symbols:?} {numbers:?}"
            );
            continue;
        }
        let [s] = symbols[..] else {
            panic!("{lang} page {n}: no running header {symbol} above the text: {symbols:?}");
        };
        let [p] = numbers[..] else {
            panic!("{lang} page {n}: no page number {number} above the text: {numbers:?}");
        };
        assert!(
            s.x_max < page.width / 2.0 && p.x_min > page.width / 2.0,
            "{lang} page {n}: {s:?} {p:?}"
        );
        assert!(
            (s.y_max - p.y_max).abs() < 1.0,
            "{lang} page {n}: {s:?} {p:?}"
        );
    }
}

/// The French narrow no-break spaces (inside « », before ; ! ?) are in
/// the printed text and take their width: about a fifth of an em, not the
/// sliver of a system font without the character.
fn check_narrow_spaces(pdf: &Path, pages: &[Page]) {
    let doc = lopdf::Document::load(pdf).unwrap();
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&numbers).unwrap();
    for needle in ["«\u{202F}", "\u{202F}»", "\u{202F};"] {
        assert!(
            text.contains(needle),
            "printed French text lacks {needle:?}:\n{text}"
        );
    }
    // pdftotext splits words at U+202F: the space is the gap between the
    // mark and its word. A word's box is as high as its font's ascent and
    // descent, about 1.1 em for Liberation Serif.
    let mut gaps = Vec::new();
    for page in pages {
        for line in lines(page) {
            for pair in line.words.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let marked = a.text == "«" || matches!(b.text.as_str(), "»" | ";" | "!" | "?");
                if marked {
                    gaps.push((
                        (b.x_min - a.x_max) / (a.y_max - a.y_min),
                        a.text.clone(),
                        b.text.clone(),
                    ));
                }
            }
        }
    }
    assert!(gaps.len() >= 3, "too few French marks found: {gaps:?}");
    for (gap, a, b) in &gaps {
        assert!(
            (0.15..0.3).contains(gap),
            "the space between {a:?} and {b:?} is {gap:.3} of the line height: {gaps:?}"
        );
    }
}

/// Every face in the printed PDF is one of the bundled Liberation faces,
/// and each comes from one font: the browser took no character from a
/// system font, not even from an installed Liberation, which Chromium
/// would embed as a second font of the same name.
fn check_fonts(lang: &str, pdf: &Path) {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts runs");
    let list = String::from_utf8_lossy(&out.stdout).into_owned();
    let names: Vec<&str> = list
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        !names.is_empty(),
        "{lang}: no fonts in the printed PDF:\n{list}"
    );
    let mut seen = std::collections::BTreeSet::new();
    for name in names {
        let base = name.split_once('+').map_or(name, |(_, b)| b);
        assert!(
            base.starts_with("Liberation"),
            "{lang}: the browser used {name}:\n{list}"
        );
        assert!(
            seen.insert(base),
            "{lang}: {base} comes from two fonts (a character missing from an embedded subset):\n{list}"
        );
    }
}

/// Does this line begin a block (a paragraph number, a list label, a
/// heading numeral), rather than continue one?
fn starts_a_block(line: &Line) -> bool {
    let first = line.words[0].text.as_str();
    let label = first.trim_end_matches(['.', ')']).trim_start_matches('(');
    first == "•"
        || first == "–"
        || (first != label
            && !label.is_empty()
            && label.len() <= 4
            && label.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// No page starts with the last line of a paragraph alone (a widow) nor
/// ends with the first line of one alone (an orphan). A paragraph goes on
/// over the page break where the page's last line is justified to the
/// right margin and the next page's first line begins no block; lines of
/// one paragraph are closer together than lines of two.
fn check_widows(lang: &str, pages: &[Page]) {
    let body: Vec<(f64, Vec<Line>)> = pages
        .iter()
        .skip(1)
        .map(|p| (p.width - RIGHT_MARGIN, lines(p)))
        .collect();
    let mut steps: Vec<f64> = body
        .iter()
        .flat_map(|(_, ls)| ls.windows(2).map(|w| w[1].bottom - w[0].bottom))
        .collect();
    steps.sort_by(f64::total_cmp);
    // The usual distance between two lines of one paragraph.
    let step = steps[steps.len() / 4];
    let together = |a: &Line, b: &Line| (b.bottom - a.bottom).abs() < step * 1.3;
    let text = |l: &Line| {
        l.words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (i, pair) in body.windows(2).enumerate() {
        let ((right, this), (_, next)) = (&pair[0], &pair[1]);
        let [.., before, last] = &this[..] else {
            continue;
        };
        let [first, after, ..] = &next[..] else {
            continue;
        };
        let goes_on = last.words.last().unwrap().x_max > right - 3.0 && !starts_a_block(first);
        if !goes_on {
            continue;
        }
        let page = i + 2;
        assert!(
            together(before, last),
            "{lang}: page {page} ends with a paragraph's first line alone: {}",
            text(last)
        );
        assert!(
            together(first, after),
            "{lang}: page {} starts with a paragraph's last line alone: {}",
            page + 1,
            text(first)
        );
    }
}

#[test]
fn printed_from_the_browser() {
    let Some(browser) = chromium() else {
        return;
    };
    for (doc_dir, names) in [
        ("inputs/pc0608", LANGUAGES),
        ("tests/fixtures/valid/other-shape", OTHER_SHAPE),
    ] {
        let (_dir, pdfs) = printed(&browser, doc_dir, names);
        for (lang, pdf, symbol) in &pdfs {
            let pages = pages(pdf);
            check_running_header(lang, &pages, symbol);
            check_fonts(lang, pdf);
            check_widows(lang, &pages);
            if lang == "fr" {
                check_narrow_spaces(pdf, &pages);
            }
        }
    }
}

/// The HTML sets the title in capitals by CSS, as the other formats set it
/// in the text; an ordinal's suffix keeps its lower case there as in them
/// ("LE XXᵉ SIÈCLE", not "XXᴱ").
#[test]
fn the_title_keeps_its_ordinals_in_lower_case_when_printed() {
    let Some(browser) = chromium() else {
        return;
    };
    let doc = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid/minimal"), doc.path());
    let path = doc.path().join("document.toml");
    let toml = std::fs::read_to_string(&path).unwrap().replace(
        "fr = \"Document d'essai\"",
        "fr = \"Le XXe siècle et le 1er\"",
    );
    std::fs::write(&path, toml).unwrap();
    let out = build_html(doc.path().to_str().unwrap());
    let html = out.path().join("PC0999Fa.html");
    let pdf = out.path().join("PC0999Fa.printed.pdf");
    print(&browser, &html, &pdf);
    let words: Vec<String> = pages(&pdf)
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.clone()))
        .collect();
    // pdftotext reads a raised suffix as a word of its own.
    let title = words.join(" ");
    assert!(
        title.contains("LE XX e SIÈCLE ET LE 1 er"),
        "the printed title: {title}"
    );
}

/// What the browser measures on the page shown `width` CSS pixels wide:
/// the alignment of a numbered paragraph, how far its text stands from its
/// number, the page's width and its scrolling width, and by how much the
/// summary box's edges miss the letterhead's. The page is shown in
/// an iframe of that width (a headless window has a minimum width); the
/// iframe's `srcdoc` keeps it same-origin, so the outer page can measure
/// it and leave the figures in an attribute that `--dump-dom` prints.
struct Measures {
    align: String,
    hang: f64,
    client_width: f64,
    scroll_width: f64,
    box_offset: f64,
}

fn measure_at(browser: &Path, html: &Path, width: u32) -> Measures {
    let page = std::fs::read_to_string(html).unwrap();
    let srcdoc = page.replace('&', "&amp;").replace('"', "&quot;");
    let probe = format!(
        r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="width:{width}px;height:900px;border:0" srcdoc="{srcdoc}"></iframe>
<script>
const f = document.getElementById("f");
f.addEventListener("load", () => {{
  const doc = f.contentDocument;
  const para = doc.querySelector(".para");
  const num = para.querySelector(".num").getBoundingClientRect();
  const text = para.querySelector(".body").getBoundingClientRect();
  const root = doc.documentElement;
  const head = doc.querySelector(".letterhead").getBoundingClientRect();
  const summary = doc.querySelector(".summary").getBoundingClientRect();
  document.body.dataset.probe = [f.contentWindow.getComputedStyle(para).textAlign,
    text.left - num.left, root.clientWidth, root.scrollWidth,
    Math.abs(head.left - summary.left) + Math.abs(head.right - summary.right)].join(" ");
}});
</script></body></html>"#
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("probe.html");
    std::fs::write(&file, probe).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(browser);
    cmd.args(BROWSER_FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()));
    let out = run_with_limit(cmd, Duration::from_secs(180));
    let dom = String::from_utf8_lossy(&out.stdout);
    let key = "data-probe=\"";
    let at = dom.find(key).unwrap_or_else(|| {
        panic!(
            "no measures in the page at {width} px:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    }) + key.len();
    let figures: Vec<&str> = dom[at..at + dom[at..].find('"').unwrap()]
        .split(' ')
        .collect();
    let [align, hang, client, scroll, offset] = figures[..] else {
        panic!("measures at {width} px: {figures:?}");
    };
    let num = |s: &str| s.parse::<f64>().unwrap();
    Measures {
        align: align.to_string(),
        hang: num(hang),
        client_width: num(client),
        scroll_width: num(scroll),
        box_offset: num(offset),
    }
}

/// On a phone the text is ranged left (justified lines of a few words
/// leave gaps wider than words), the hang is smaller, and nothing makes
/// the page scroll sideways; on a desktop the text is justified. At both,
/// the summary box is as wide as the letterhead.
#[test]
fn phone_and_desktop_widths() {
    let Some(browser) = chromium() else {
        return;
    };
    let out = build_html("inputs/pc0608");
    let other = build_html("tests/fixtures/valid/other-shape");
    let pages = LANGUAGES
        .iter()
        .map(|(lang, name, _)| (lang, out.path().join(format!("{name}.html"))))
        .chain(
            OTHER_SHAPE
                .iter()
                .map(|(lang, name, _)| (lang, other.path().join(format!("{name}.html")))),
        );
    for (lang, html) in pages {
        let phone = measure_at(&browser, &html, 390);
        let desk = measure_at(&browser, &html, 1200);
        assert_eq!(phone.align, "left", "{lang} at 390 px");
        assert_eq!(desk.align, "justify", "{lang} at 1200 px");
        assert!(
            phone.hang < desk.hang,
            "{lang}: hang {} px at 390, {} px at 1200",
            phone.hang,
            desk.hang
        );
        assert!(
            phone.scroll_width <= phone.client_width,
            "{lang} at 390 px scrolls sideways: {} > {}",
            phone.scroll_width,
            phone.client_width
        );
        for (m, width) in [(&phone, 390), (&desk, 1200)] {
            assert!(
                m.box_offset < 1.0,
                "{lang} at {width} px: the summary box misses the letterhead's edges by {} px",
                m.box_offset
            );
        }
    }
}

/// The Nu Html Checker finds no error in the HTML files of the default
/// document and of the other-shape fixture.
#[test]
fn html_is_valid() {
    let home_cache = std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".cache/ptcdoc-ci/node_modules/vnu-jar/build/dist/vnu.jar"))
        .filter(|p| p.is_file());
    let Some(jar) = required(
        "vnu.jar (npm package vnu-jar)",
        find("VNU_JAR", &[]).or(home_cache),
    ) else {
        return;
    };
    let Some(java) = required("java", find("JAVA", &["java"])) else {
        return;
    };
    let out = build_html("inputs/pc0608");
    let other = build_html("tests/fixtures/valid/other-shape");
    let files: Vec<PathBuf> = LANGUAGES
        .iter()
        .map(|(_, name, _)| out.path().join(format!("{name}.html")))
        .chain(
            OTHER_SHAPE
                .iter()
                .map(|(_, name, _)| other.path().join(format!("{name}.html"))),
        )
        .collect();
    let mut cmd = Command::new(java);
    cmd.arg("-jar").arg(&jar).arg("--errors-only").args(&files);
    let run = run_with_limit(cmd, Duration::from_secs(300));
    assert!(
        run.status.success(),
        "vnu reports errors:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}
