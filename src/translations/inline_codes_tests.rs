use proptest::prelude::*;

use super::*;

fn cut(markdown: &str) -> (Vec<Leaf>, Codes) {
    let mut codes = Codes::new();
    let leaves = leaves(markdown, &mut 0, &mut codes);
    (leaves, codes)
}

#[test]
fn paragraphs_and_items_are_leaves_and_markup_is_codes() {
    let text = "See [](#a), *this* and [the site](https://x.org):\n\n\
                1. {#one} first `code`\n   continued\n2. second [#](#one)\n\n\
                > quoted <https://y.org>\n> on two lines\n";
    let (leaves, codes) = cut(text);
    assert_eq!(leaves.len(), 4);
    assert_eq!(
        leaves[0].pieces,
        [
            Piece::Text("See ".into()),
            Piece::Placeholder("1".into()),
            Piece::Text(", ".into()),
            Piece::Open("2".into()),
            Piece::Text("this".into()),
            Piece::Close("2".into()),
            Piece::Text(" and ".into()),
            Piece::Open("3".into()),
            Piece::Text("the site".into()),
            Piece::Close("3".into()),
            Piece::Text(":".into()),
        ]
    );
    assert_eq!(
        codes["1"],
        Code::Ref {
            target: "a".into(),
            bare: false
        }
    );
    assert_eq!(codes["3"], Code::Link("https://x.org".into()));
    // The item's id is structure: neither in the text nor in the range.
    assert_eq!(&text[leaves[1].range.clone()], "first `code`\n   continued");
    assert_eq!(leaves[1].prefix, " ".repeat("1. {#one} ".len()));
    assert_eq!(leaves[1].pieces[0], Piece::Text("first ".into()));
    assert_eq!(codes["4"], Code::Code("code".into()));
    assert_eq!(leaves[1].pieces[2], Piece::Text(" continued".into()));
    assert_eq!(
        codes["5"],
        Code::Ref {
            target: "one".into(),
            bare: true
        }
    );
    assert_eq!(leaves[3].prefix, "> ");
    assert_eq!(codes["6"], Code::Autolink("https://y.org".into()));
}

#[test]
fn an_item_id_before_an_escape_or_a_reference_is_left_out_exactly() {
    let text = "- {#a}   &amp; \\* x\n- {#b} &nGt; y\n";
    let (leaves, _) = cut(text);
    assert_eq!(&text[leaves[0].range.clone()], "&amp; \\* x");
    assert_eq!(&text[leaves[1].range.clone()], "&nGt; y");
    assert_eq!(leaves[0].pieces, [Piece::Text("& * x".into())]);
}

#[test]
fn blank_space_inside_a_pair_moves_out_and_runs_become_one() {
    let pieces = [
        Piece::Text("a  ".into()),
        Piece::Open("1".into()),
        Piece::Text(" b\n c ".into()),
        Piece::Close("1".into()),
        Piece::Text("d ".into()),
    ];
    assert_eq!(
        normalize(&pieces),
        [
            Piece::Text("a ".into()),
            Piece::Open("1".into()),
            Piece::Text("b c".into()),
            Piece::Close("1".into()),
            Piece::Text(" d".into()),
        ]
    );
    assert_eq!(
        tidy(&[Piece::Text("a \n b".into())], true),
        [Piece::Text("a\nb".into())]
    );
}

#[test]
fn codes_missing_added_or_moved_are_named() {
    let source = [
        Piece::Placeholder("1".into()),
        Piece::Text(" x ".into()),
        Piece::Placeholder("2".into()),
    ];
    let missing = [Piece::Placeholder("1".into())];
    assert!(code_problem(&source, &missing).unwrap().contains("lacks"));
    let extra = [
        Piece::Placeholder("1".into()),
        Piece::Placeholder("2".into()),
        Piece::Placeholder("3".into()),
    ];
    assert!(
        code_problem(&source, &extra)
            .unwrap()
            .contains("does not have")
    );
    let moved = [
        Piece::Placeholder("2".into()),
        Piece::Placeholder("1".into()),
    ];
    assert!(code_problem(&source, &moved).unwrap().contains("moves"));
    assert_eq!(code_problem(&source, &source), None);
}

#[test]
fn text_that_would_be_markup_or_a_block_is_escaped() {
    let codes = Codes::new();
    let md = to_markdown(
        &[Piece::Text("1. *a* [b] `c` &amp; <d>".into())],
        &codes,
        "",
    )
    .unwrap();
    assert_eq!(md, "1\\. \\*a\\* \\[b\\] \\`c\\` \\&amp; \\<d>");
    let md = to_markdown(&[Piece::Text("- x & y".into())], &codes, "").unwrap();
    assert_eq!(md, "\\- x & y");
}

#[test]
fn long_lines_are_wrapped_where_no_block_would_start() {
    let codes = Codes::new();
    let text = format!(
        "{} - 2. {}",
        "word ".repeat(14).trim_end(),
        "more ".repeat(10)
    );
    let md = to_markdown(&[Piece::Text(text.trim_end().into())], &codes, "  ").unwrap();
    for line in md.lines() {
        assert!(line.chars().count() <= WIDTH, "{line:?}");
        let rest = line.trim_start();
        assert!(!rest.starts_with("- ") && !rest.starts_with("2."), "{md}");
    }
    let (leaves, _) = cut(&format!("- {md}\n"));
    assert_eq!(leaves.len(), 1, "{md}");
}

#[test]
fn a_line_break_is_a_placeholder_and_comes_back() {
    let (leaves, codes) = cut("one\\\ntwo\n");
    assert_eq!(codes["1"], Code::Break);
    let md = to_markdown(&leaves[0].pieces, &codes, "").unwrap();
    assert_eq!(md, "one\\\ntwo");
}

/// Inline content as a translator's tool may return it: words (with
/// every character Markdown reads as markup), emphasis, strong text and
/// links around words, references, autolinks, code and facts.
#[derive(Debug, Clone)]
enum Gen {
    Word(String),
    Emph(Vec<Gen>),
    Strong(Vec<Gen>),
    Link(String, Vec<Gen>),
    Ref(String, bool),
    Autolink(String),
    Code(String),
    Fact(String),
}

fn word() -> BoxedStrategy<String> {
    "[a-zA-Zé«»0-9*_\\[\\]\\\\`<>&#!+.():;'\"{}-]{1,8}".boxed()
}

fn inline_content() -> impl Strategy<Value = Gen> {
    let leaf = prop_oneof![
        4 => word().prop_map(Gen::Word),
        1 => ("[a-z][a-z0-9-]{0,8}", any::<bool>()).prop_map(|(t, b)| Gen::Ref(t, b)),
        1 => "https://[a-z]{1,8}\\.org/[a-z_]{0,5}".prop_map(Gen::Autolink),
        1 => "[a-z`* ]{0,4}[a-z][a-z`* ]{0,4}".prop_map(Gen::Code),
        // The names there are: `{{_a_}}` would be emphasis, in the model too.
        1 => prop::sample::select(crate::model::facts::NAMES.to_vec())
            .prop_map(|n| Gen::Fact(n.to_string())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        // A pair holds words at both ends: "***a***" is ambiguous.
        let content = (word(), prop::collection::vec(inner, 0..3), word())
            .prop_map(|(a, mid, b)| {
                let mut v = vec![Gen::Word(a)];
                v.extend(mid);
                v.push(Gen::Word(b));
                v
            })
            .boxed();
        prop_oneof![
            content.clone().prop_map(Gen::Emph),
            content.clone().prop_map(Gen::Strong),
            // A link holds no link (nor reference): Markdown has none.
            (
                "https://[a-z]{1,8}\\.org/[a-z()_]{0,6}",
                prop::collection::vec(word().prop_map(Gen::Word), 1..4)
            )
                .prop_map(|(u, c)| Gen::Link(u, c)),
        ]
    })
}

fn lay_out(items: &[Gen], pieces: &mut Vec<Piece>, codes: &mut Codes) {
    for (i, g) in items.iter().enumerate() {
        if i > 0 {
            pieces.push(Piece::Text(" ".into()));
        }
        let mut code = |c: Code| {
            let id = (codes.len() + 1).to_string();
            codes.insert(id.clone(), c);
            id
        };
        match g {
            Gen::Word(w) => pieces.push(Piece::Text(w.clone())),
            Gen::Ref(t, bare) => pieces.push(Piece::Placeholder(code(Code::Ref {
                target: t.clone(),
                bare: *bare,
            }))),
            Gen::Autolink(u) => pieces.push(Piece::Placeholder(code(Code::Autolink(u.clone())))),
            Gen::Code(c) => pieces.push(Piece::Placeholder(code(Code::Code(c.clone())))),
            Gen::Fact(n) => pieces.push(Piece::Placeholder(code(Code::Fact(n.clone())))),
            Gen::Emph(inner) | Gen::Strong(inner) | Gen::Link(_, inner) => {
                let id = code(match g {
                    Gen::Emph(_) => Code::Emph,
                    Gen::Strong(_) => Code::Strong,
                    Gen::Link(u, _) => Code::Link(u.clone()),
                    _ => unreachable!("only pairs reach here"),
                });
                pieces.push(Piece::Open(id.clone()));
                lay_out(inner, pieces, codes);
                pieces.push(Piece::Close(id));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Content written as Markdown reads back as the same content, in a
    /// paragraph and in a list item, wrapped or not.
    #[test]
    fn content_round_trips_through_markdown(items in prop::collection::vec(inline_content(), 1..12)) {
        let mut pieces = Vec::new();
        let mut codes = Codes::new();
        lay_out(&items, &mut pieces, &mut codes);
        let expected = tokens(&pieces, &codes);
        for (prefix, before) in [("", ""), ("   ", "1. "), ("> ", "> ")] {
            let md = to_markdown(&normalize(&pieces), &codes, prefix).unwrap();
            let text = format!("{before}{md}\n");
            let (leaves, read_codes) = cut(&text);
            prop_assert_eq!(leaves.len(), 1, "{}", text);
            prop_assert_eq!(tokens(&leaves[0].pieces, &read_codes), expected.clone(), "{}", text);
        }
    }
}

/// A fact is found across the pieces pulldown-cmark cuts the text into,
/// as the model finds it; braces typed `\{{` stay text.
#[test]
fn facts_are_placeholders_and_escaped_braces_are_text() {
    let (leaves, codes) = cut("since the {{previous_sessions}} and \\{{ 6 }}: {{ symbol }}");
    assert_eq!(
        leaves[0].pieces,
        [
            Piece::Text("since the ".into()),
            Piece::Placeholder("1".into()),
            Piece::Text(" and {{ 6 }}: ".into()),
            Piece::Placeholder("2".into()),
        ]
    );
    assert_eq!(codes["1"], Code::Fact("previous_sessions".into()));
    assert_eq!(codes["2"], Code::Fact("symbol".into()));
}

/// Braces a translator types are written so that they name no fact,
/// wherever they are, and read back as the same text and codes.
#[test]
fn typed_braces_are_written_back_escaped() {
    let mut codes = Codes::new();
    codes.insert("1".into(), Code::Fact("sessions".into()));
    for (pieces, expected) in [
        (
            vec![Piece::Text("{{x}} and {{{".into())],
            "\\{{x}} and \\{\\{{",
        ),
        (
            vec![Piece::Placeholder("1".into()), Piece::Text(" {y}".into())],
            "{{sessions}} {y}",
        ),
        (vec![Piece::Text("{.alpha} a".into())], "\\{.alpha} a"),
    ] {
        let markdown = to_markdown(&pieces, &codes, "").unwrap();
        assert_eq!(markdown, expected);
        let (leaves, read) = cut(&markdown);
        assert_eq!(tokens(&leaves[0].pieces, &read), tokens(&pieces, &codes));
    }
}
