//! Typographic targets of the PDF, measured on the layout (plain data) of
//! the default document and of the other-shape fixture, in English and
//! French: hyphenated line ends, word gaps of justified lines, tails of
//! hyphenated words alone on a line, breaks inside URLs.

mod common;

use common::{load_project, root};

use ptcdoc::render::pdf::fonts::Fonts;
use ptcdoc::render::pdf::layout::{Layout, PlacedLine, Role};

/// The natural width of a space of Liberation Serif at 12 pt.
const SPACE: f32 = 3.0;

fn layout(dir: &str, lang: &str) -> Layout {
    let project = load_project(&root().join(dir), Some(&[lang]));
    let ctx = project.context(&project.checked.documents[0]);
    ptcdoc::render::pdf::layout_document(ctx.document, ctx.letterhead, ctx.templates).unwrap()
}

/// Body text lines of pages 2 onwards, in reading order.
fn body_lines(layout: &Layout) -> Vec<&PlacedLine> {
    layout.pages[1..]
        .iter()
        .flat_map(|p| p.lines.iter())
        .filter(|l| l.role == Role::Text && !l.hangs && !l.line.glyphs.is_empty())
        .collect()
}

/// The mean set width of the word spaces of a line, when it has five or
/// more (the spaces of shorter lines say little).
fn mean_gap(l: &PlacedLine) -> Option<f32> {
    let g = &l.line.glyphs;
    let gaps: Vec<f32> = g
        .windows(2)
        .filter(|w| w[0].ch() == ' ')
        .map(|w| w[1].x - w[0].x)
        .collect();
    (gaps.len() >= 5).then(|| gaps.iter().sum::<f32>() / gaps.len() as f32)
}

struct Figures {
    lines: usize,
    hyphenated: usize,
    justified: usize,
    loose: usize,
    worst: f32,
    tails: Vec<String>,
    /// The most hyphenated lines in a row.
    run: usize,
    /// Last lines of paragraphs of two lines or more with fewer than five
    /// characters.
    short_last: Vec<String>,
}

fn figures(layout: &Layout) -> Figures {
    let lines = body_lines(layout);
    let mut f = Figures {
        lines: lines.len(),
        hyphenated: 0,
        justified: 0,
        loose: 0,
        worst: 0.0,
        tails: Vec::new(),
        run: 0,
        short_last: Vec::new(),
    };
    let mut run = 0;
    for (i, l) in lines.iter().enumerate() {
        run = if l.line.hyphenated { run + 1 } else { 0 };
        f.run = f.run.max(run);
        let t = l.line.text();
        if i > 0 && lines[i - 1].line.justified && !l.line.justified && t.trim().chars().count() < 5
        {
            f.short_last
                .push(format!("{} / {t}", lines[i - 1].line.text()));
        }
        if l.line.hyphenated {
            f.hyphenated += 1;
            // The next line: a tail alone if it has no space and ends the
            // paragraph (is not justified).
            if let Some(next) = lines.get(i + 1) {
                let t = next.line.text();
                if !t.trim_end().contains(' ') && !next.line.justified {
                    f.tails.push(format!("{} / {t}", l.line.text()));
                }
            }
        }
        if l.line.justified
            && let Some(gap) = mean_gap(l)
        {
            f.justified += 1;
            f.loose += usize::from(gap > 1.5 * SPACE + 0.01);
            f.worst = f.worst.max(gap / SPACE);
        }
    }
    f
}

/// Per document and language, the most: hyphenated lines (share of body
/// lines), loose justified lines (mean word gap over 150%), the widest
/// mean word gap (share of the natural space), last lines that are only a
/// hyphenated word's tail, and last lines of under five characters. The
/// issue's targets are 6% (English) and 8% (French) hyphens, 4% loose
/// lines and no gap over 200%. Breaking tries each paragraph without
/// hyphens first, and the letters of a word take a share of the stretch
/// (tracking, style.toml's `letter_stretch`), so that few paragraphs need a
/// hyphen; the few loose lines left are where ties and unbreakable tokens
/// ("(SPOC)", a day and its month) leave nothing tighter. A paragraph set
/// with a loose line next to a tight one may take a hyphen instead
/// (see `adjacent_lines_are_set_alike`): two more in English, and in
/// the other-shape fixture a loose line "…strategic man-" where a line at
/// 67% spaces sat over one at 135%. The figures reached are the bounds,
/// so that they do not grow back.
struct Bound {
    dir: &'static str,
    lang: &'static str,
    hyphens: f32,
    loose: usize,
    gap: f32,
    tails: usize,
    short_last: usize,
}

const BOUNDS: [Bound; 4] = [
    Bound {
        dir: "inputs/pc0608",
        lang: "en",
        hyphens: 0.053,
        loose: 1,
        gap: 1.57,
        tails: 0,
        short_last: 0,
    },
    Bound {
        dir: "inputs/pc0608",
        lang: "fr",
        hyphens: 0.04,
        loose: 2,
        gap: 1.93,
        tails: 0,
        short_last: 0,
    },
    Bound {
        dir: "tests/fixtures/valid/other-shape",
        lang: "en",
        hyphens: 0.04,
        loose: 0,
        gap: 1.45,
        tails: 0,
        short_last: 0,
    },
    Bound {
        dir: "tests/fixtures/valid/other-shape",
        lang: "fr",
        hyphens: 0.02,
        loose: 0,
        gap: 1.45,
        tails: 0,
        short_last: 0,
    },
];

#[test]
fn hyphens_gaps_and_tails_stay_within_bounds() {
    for b in BOUNDS {
        let f = figures(&layout(b.dir, b.lang));
        let share = f.hyphenated as f32 / f.lines as f32;
        let report = format!(
            "{} {}: {} lines, {} hyphenated ({:.1}%), {} of {} justified lines loose, \
             worst {:.0}%, tails {:?}, at most {} hyphens in a row, short last lines {:?}",
            b.dir,
            b.lang,
            f.lines,
            f.hyphenated,
            share * 100.0,
            f.loose,
            f.justified,
            f.worst * 100.0,
            f.tails,
            f.run,
            f.short_last
        );
        eprintln!("{report}");
        assert!(share <= b.hyphens, "{report}");
        assert!(f.loose <= b.loose, "{report}");
        assert!(f.worst <= b.gap, "{report}");
        assert!(f.tails.len() <= b.tails, "{report}");
        assert!(f.run <= 2, "{report}");
        assert!(f.short_last.len() <= b.short_last, "{report}");
    }
}

/// Reading order of the body's text lines, with their page index.
fn paged_lines(layout: &Layout) -> Vec<(usize, &PlacedLine)> {
    layout
        .pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.lines.iter().map(move |l| (i, l)))
        .filter(|(_, l)| l.role == Role::Text && !l.hangs && !l.line.glyphs.is_empty())
        .collect()
}

#[test]
fn a_list_title_keeps_with_the_first_two_lines_of_its_list() {
    // "3. Volet 3 – Partenariats" used to end page 5, its bullets on 6.
    for (lang, title) in [
        ("fr", "Volet 3 – Partenariats"),
        ("en", "Component 3 – Partnerships"),
    ] {
        let layout = layout("inputs/pc0608", lang);
        let lines = paged_lines(&layout);
        let k = lines
            .iter()
            .position(|(_, l)| l.line.text().replace('\u{a0}', " ").trim() == title)
            .unwrap_or_else(|| panic!("{lang}: no line {title:?}"));
        let page = lines[k].0;
        assert_eq!(lines[k + 1].0, page, "{lang}: {title} parted from its list");
        assert_eq!(
            lines[k + 2].0,
            page,
            "{lang}: {title} with one line of its list"
        );
    }
}

#[test]
fn an_empty_section_never_leaves_its_heading_alone_on_a_page() {
    // The other-shape fixture with a last section that has no blocks,
    // after a section of `k` one-line paragraphs: for some `k` the heading
    // falls at the top of a new page unless it takes lines with it.
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("tests/fixtures/valid/other-shape"), dir.path());
    let document = dir.path().join("document.toml");
    let text = std::fs::read_to_string(&document).unwrap().replace(
        "\"action-required\"]",
        "\"action-required\", \"filler\", \"empty\"]",
    );
    std::fs::write(&document, text).unwrap();
    std::fs::write(
        dir.path().join("packages/empty.toml"),
        "title.en = \"Closing remarks\"\ntitle.fr = \"Remarques finales\"\n",
    )
    .unwrap();
    for k in 1..=40 {
        let block = "[[blocks]]\nen = \"A short paragraph.\"\nfr = \"Un court paragraphe.\"\n";
        let filler = format!(
            "title.en = \"Filler\"\ntitle.fr = \"Remplissage\"\n{}",
            block.repeat(k)
        );
        std::fs::write(dir.path().join("packages/filler.toml"), filler).unwrap();
        let layout = layout(dir.path().to_str().unwrap(), "en");
        let last = layout.pages.last().unwrap();
        let body = last
            .lines
            .iter()
            .filter(|l| l.role == Role::Text && !l.line.glyphs.is_empty())
            .count();
        assert!(body > 0, "k = {k}: the heading alone on the last page");
    }
}

/// How a line is set, as a reader sees it: the tracking between the
/// letters of its words (thousandths of an em, negative when squeezed)
/// and the mean set width of its word spaces (a share of the natural
/// space). The tracking is the median, over pairs of letters in a run
/// of one face, of how much farther apart they are than their advances:
/// the layout tracks all the letters of a line alike, so the few pairs a
/// kern or a word's hyphenation point sets otherwise do not move it.
struct Texture {
    tracking: f32,
    spacing: f32,
}

fn texture(l: &PlacedLine, fonts: &Fonts) -> Texture {
    let g = &l.line.glyphs;
    let size = l.line.size;
    let mut residuals: Vec<f32> = g
        .windows(2)
        .filter(|w| {
            w[0].ch() != ' '
                && w[1].ch() != ' '
                && w[0].face() == w[1].face()
                && !w[0].superscript()
                && !w[1].superscript()
        })
        .map(|w| w[1].x - w[0].x - fonts.face(w[0].face()).width(w[0].gid) * size / 1000.0)
        .collect();
    residuals.sort_by(f32::total_cmp);
    let tracking = residuals
        .get(residuals.len() / 2)
        .map_or(0.0, |r| r / size * 1000.0);
    let gaps: Vec<f32> = g
        .windows(2)
        .filter(|w| w[0].ch() == ' ')
        .map(|w| w[1].x - w[0].x)
        .collect();
    let spacing = if gaps.is_empty() {
        1.0
    } else {
        gaps.iter().sum::<f32>() / gaps.len() as f32 / SPACE
    };
    Texture { tracking, spacing }
}

/// Two lines one above the other in a paragraph, both adjusted to the
/// measure (justified, or a last line squeezed to fit): how differently
/// their letters (‰ em) and spaces (share of a space) are set.
struct Contrast {
    lines: String,
    tracking: f32,
    spacing: f32,
}

fn contrasts(layout: &Layout, fonts: &Fonts) -> Vec<Contrast> {
    let lines = body_lines(layout);
    let mut out = Vec::new();
    for pair in lines.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.block.is_none() || a.block != b.block || !a.line.justified {
            continue;
        }
        let (ta, tb) = (texture(a, fonts), texture(b, fonts));
        // A last line at its natural width is not adjusted: it differs
        // from a loose line above it whatever the breaks.
        if !b.line.justified && tb.tracking >= -0.5 && tb.spacing >= 0.999 {
            continue;
        }
        out.push(Contrast {
            lines: format!(
                "{:?} ({:+.1}‰ em, {:.0}%) / {:?} ({:+.1}‰ em, {:.0}%)",
                a.line.text(),
                ta.tracking,
                ta.spacing * 100.0,
                b.line.text(),
                tb.tracking,
                tb.spacing * 100.0
            ),
            tracking: (ta.tracking - tb.tracking).abs(),
            spacing: (ta.spacing - tb.spacing).abs(),
        });
    }
    out
}

/// Per document and language, the most: difference of tracking between
/// two adjacent lines (‰ em), and mean difference of word spacing
/// between adjacent lines (share of a space). Paragraph 7 of the default
/// English document was set letter-spaced at 147% spaces over a last line
/// squeezed to 70% (22.6‰ em apart) until the breaker weighed how much
/// adjacent lines differ and retried such paragraphs with hyphens; the
/// mean spacing difference fell from 24% to 17% (English) and 22% to 14%
/// (French), the largest tracking difference in French from 18.1‰ to
/// 14.8‰ em. The figures reached are the bounds.
const EVEN: [(&str, &str, f32, f32); 4] = [
    ("inputs/pc0608", "en", 21.6, 0.173),
    ("inputs/pc0608", "fr", 14.8, 0.138),
    ("tests/fixtures/valid/other-shape", "en", 15.2, 0.082),
    ("tests/fixtures/valid/other-shape", "fr", 12.2, 0.15),
];

#[test]
fn adjacent_lines_are_set_alike() {
    let fonts = Fonts::load().unwrap();
    for (dir, lang, tracking, spacing) in EVEN {
        let layout = layout(dir, lang);
        let mut c = contrasts(&layout, &fonts);
        c.sort_by(|x, y| y.tracking.total_cmp(&x.tracking));
        let tracked: Vec<f32> = body_lines(&layout)
            .iter()
            .map(|l| texture(l, &fonts).tracking)
            .filter(|t| t.abs() > 0.5)
            .collect();
        let mean = c.iter().map(|x| x.spacing).sum::<f32>() / c.len().max(1) as f32;
        let report = format!(
            "{dir} {lang}: {} lines tracked, widest {:.1}‰ em; mean spacing difference \
             {:.1}%; most different: {:.1}‰ em, {}",
            tracked.len(),
            tracked.iter().fold(0.0f32, |m, t| m.max(t.abs())),
            mean * 100.0,
            c.first().map_or(0.0, |x| x.tracking),
            c.first().map_or("", |x| x.lines.as_str()),
        );
        eprintln!("{report}");
        assert!(c.first().is_none_or(|x| x.tracking <= tracking), "{report}");
        assert!(mean <= spacing, "{report}");
    }
}
