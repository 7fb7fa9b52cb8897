//! Fuzzes the text path: one Markdown text, as the `en` and `fr` text of a
//! block, through the structure and parity checks, the lint, the glyph
//! check, the build (Markdown model, typography, references) in English
//! and French, and the Markdown and HTML renderers; every diagnostic is
//! printed, which maps its span back into the file.
//!
//! The first byte chooses the block's kind, its list styles and the house
//! style; the rest is the text (UTF-8).
//!
//! Shared by the fuzz target (fuzz/fuzz_targets/text.rs) and the replay
//! of its seeds and regressions in `cargo test` (tests/fuzz_regressions.rs).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ptcdoc::diagnostics::{Diagnostics, Sources, Span};
use ptcdoc::input::{
    BlockInput, BlockKind, DocumentInput, ListStyle, Located, SectionInput, Spacing, Text, TextSet,
};
use ptcdoc::locale::Locales;
use ptcdoc::render::{Format, RenderContext, Templates};
use ptcdoc::{Options, project};

const KINDS: [BlockKind; 4] = [
    BlockKind::Paragraph,
    BlockKind::Unnumbered,
    BlockKind::Heading,
    BlockKind::Quote,
];
const STYLES: [ListStyle; 5] = [
    ListStyle::Bullet,
    ListStyle::Dash,
    ListStyle::Decimal,
    ListStyle::Roman,
    ListStyle::Alpha,
];

fn shared() -> &'static (Locales, Templates) {
    static SHARED: OnceLock<(Locales, Templates)> = OnceLock::new();
    SHARED.get_or_init(|| {
        (
            Locales::load(&[]).expect("built-in locales"),
            Templates::load(&[]).expect("built-in templates"),
        )
    })
}

/// The package file the text would be written in: a literal multi-line
/// string when TOML allows it (so spans map into the file), else none.
fn package_source(text: &str) -> Option<String> {
    let literal_ok = !text.contains("'''")
        && !text.ends_with('\'')
        && text
            .chars()
            .all(|c| c == '\t' || c == '\n' || !c.is_control() || c == '\u{85}');
    literal_ok.then(|| format!("en = '''\n{text}'''\nfr = '''\n{text}'''\n"))
}

fn located<T>(value: T, file: usize) -> Option<Located<T>> {
    Some(Located::new(value, Span::new(file, 0..0)))
}

fn texts(file: usize, value: &str, source: Option<&str>) -> TextSet {
    let mut set = TextSet::empty(Span::new(file, 0..0));
    for (lang, start) in [("en", 5usize), ("fr", 5 + value.len() + 13)] {
        let text = match source {
            Some(source) => {
                let span = Span::new(file, start..start + value.len() + 7);
                Text::new(lang, value.to_string(), span, source)
            }
            None => Text::detached(lang, value, Span::new(file, 0..0)),
        };
        set.insert(text);
    }
    set
}

/// One input: the choice byte, then the text.
pub fn run(data: &[u8]) {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let Ok(value) = std::str::from_utf8(rest) else {
        return;
    };
    let (locales, templates) = shared();
    let mut sources = Sources::default();
    let source = package_source(value);
    let file = sources.add(
        Path::new("packages/p.toml"),
        source.clone().unwrap_or_default(),
    );
    let styles: Vec<Located<ListStyle>> = [choice >> 2, choice >> 5]
        .iter()
        .map(|&n| Located::new(STYLES[usize::from(n & 7) % 5], Span::new(file, 0..0)))
        .collect();
    let block = BlockInput {
        span: Span::new(file, 0..0),
        id: None,
        kind: KINDS[usize::from(choice & 3)],
        lists: styles,
        texts: texts(file, value, source.as_deref()),
    };
    let title = |t: &str| {
        let mut set = TextSet::empty(Span::new(file, 0..0));
        for lang in ["en", "fr"] {
            set.insert(Text::detached(lang, t, Span::new(file, 0..0)));
        }
        set
    };
    let input = DocumentInput {
        dir: PathBuf::from("."),
        file,
        symbol: located("PC0608".to_string(), file),
        suffix: located("a".to_string(), file),
        committee: located("ptc".to_string(), file),
        sessions: located(vec![227, 228], file),
        meeting: None,
        issued: None,
        place: located("brussels".to_string(), file),
        agenda_item: located("IV. (g)".to_string(), file),
        item_category: None,
        languages: vec![
            Located::new("en".to_string(), Span::new(file, 0..0)),
            Located::new("fr".to_string(), Span::new(file, 0..0)),
        ],
        house_style: located(
            if choice & 0x80 == 0 {
                Spacing::French
            } else {
                Spacing::None
            },
            file,
        ),
        title: title("Title"),
        purpose: title("Purpose."),
        action: title("Action."),
        sections: vec![SectionInput {
            name: Located::new("p".to_string(), Span::new(file, 0..0)),
            file,
            title: title("Section"),
            blocks: vec![block],
        }],
    };
    let mut diags = Diagnostics::default();
    let options = Options {
        pdf: true,
        ..Options::default()
    };
    let documents =
        project::check_input(Path::new("."), &input, None, locales, &options, &mut diags);
    diags.sort();
    let _ = diags.render(&sources);
    if !diags.has_errors() {
        let letterhead = locales.letterhead();
        for document in &documents {
            let ctx = RenderContext {
                document,
                templates,
                letterhead: &letterhead,
            };
            for format in [Format::Markdown, Format::Html] {
                let _ = format.renderer().render(&ctx);
            }
        }
    }
}
