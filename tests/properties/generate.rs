//! The strategies of the generated documents: what a section, a block, a
//! list, a word can be (see the types in properties.rs).

use super::*;

pub(crate) fn letter() -> impl Strategy<Value = char> {
    let ranges = prop_oneof![
        6 => prop::char::range('a', 'z'),
        2 => prop::char::range('A', 'Z'),
        1 => prop::char::range('0', '9'),
        2 => prop::char::range('\u{C0}', '\u{FF}'),
        2 => prop::char::range('\u{100}', '\u{17F}'),
    ];
    // Mapped rather than filtered: a filter's rejects add up over a long
    // run (PROPTEST_CASES=1000 aborted on "too many local rejects").
    ranges.prop_map(|c| {
        // Letters whose case changes length come in pairs, with
        // "paragraph 9", when `reach.case_length` says so.
        if c.is_alphanumeric() && !case_changes_length(c) {
            c
        } else {
            'x'
        }
    })
}

/// Whether lower-casing `c` changes its length in UTF-8 (İ, K, Ⱥ).
pub(crate) fn case_changes_length(c: char) -> bool {
    c.to_lowercase().map(char::len_utf8).sum::<usize>() != c.len_utf8()
}

/// A word starting with a letter (a digit then `.` would open a list),
/// with the punctuation around it.
pub(crate) fn word() -> impl Strategy<Value = String> {
    (
        letter().prop_map(|c| if c.is_alphabetic() { c } else { 'q' }),
        prop::collection::vec(letter(), 0..8),
        prop::sample::select(vec!["", "", "", "«", "(", "\"", "'", "“"]),
        prop::sample::select(vec![
            "", "", "", "", ",", ";", ":", ".", "!", "?", "’", "'s", "»", ")", "\"", "–x", "/y",
        ]),
    )
        .prop_map(|(first, rest, open, close)| {
            let mut w = String::from(open);
            w.push(first);
            w.extend(rest);
            w.push_str(close);
            w
        })
}

pub(crate) fn twin_words(
    n: std::ops::Range<usize>,
) -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((word(), word()), n)
}

pub(crate) fn inline(reach: Reach, refs: bool) -> impl Strategy<Value = Inl> {
    let url = "[a-z]{1,8}(/[a-z0-9]{1,6}){0,2}";
    let mut options = vec![
        (
            12u32,
            (word(), word()).prop_map(|(e, f)| Inl::Word(e, f)).boxed(),
        ),
        (1, twin_words(1..3).prop_map(Inl::Emph).boxed()),
        (1, twin_words(1..3).prop_map(Inl::Strong).boxed()),
    ];
    // Links and references only in texts, not in titles.
    if refs {
        options.push((
            1,
            (twin_words(1..3), url)
                .prop_map(|(w, u)| Inl::Link(w, format!("https://example.org/{u}")))
                .boxed(),
        ));
        options.push((
            3,
            (any::<Index>(), 0u8..3, twin_words(1..3))
                .prop_map(|(i, k, w)| Inl::Ref(i, k, w))
                .boxed(),
        ));
    }
    if reach.case_length {
        // "paragraph 9" written by hand (which the lint looks for) after a
        // letter whose lower case is shorter (K, ẞ) and before one whose
        // lower case is longer (Ⱥ, İ): the text keeps its length, the
        // offsets between drift.
        let shifts = prop::sample::select(vec![
            ("\u{212A}", "\u{23A}\u{23A}"),
            ("\u{1E9E}", "\u{130}"),
            ("\u{1E9E}", "\u{23A}"),
        ]);
        options.push((
            2,
            (shifts, 1u32..30)
                .prop_map(|((a, b), n)| {
                    Inl::Word(
                        format!("{a}paragraph {n}{b}"),
                        format!("{a}paragraphe {n}{b}"),
                    )
                })
                .boxed(),
        ));
    }
    prop::strategy::Union::new_weighted(options)
}

pub(crate) fn para(reach: Reach, refs: bool) -> impl Strategy<Value = Vec<Inl>> {
    // A paragraph starts with a word: a reference or emphasis first is
    // fine too, but a plain word keeps "12." from ever leading a line.
    (
        (word(), word()),
        prop::collection::vec(inline(reach, refs), 0..12),
    )
        .prop_map(|((e, f), mut rest)| {
            rest.insert(0, Inl::Word(e, f));
            rest
        })
}

pub(crate) fn items(reach: Reach, depth: usize) -> BoxedStrategy<Vec<Item>> {
    let item = (
        prop::option::weighted(
            0.3,
            if reach.item_id_underscores {
                "[a-z][a-z0-9_-]{0,5}"
            } else {
                "[a-z][a-z0-9-]{0,5}"
            },
        ),
        para(reach, true),
    );
    if depth >= 3 {
        prop::collection::vec(
            item.prop_map(|(id, para)| Item {
                id,
                para,
                sub: None,
            }),
            1..4,
        )
        .boxed()
    } else {
        let sub = prop::option::weighted(0.3, items(reach, depth + 1));
        prop::collection::vec(
            (item, sub).prop_map(|((id, para), sub)| Item { id, para, sub }),
            1..4,
        )
        .boxed()
    }
}

pub(crate) fn segment(reach: Reach, lists: bool) -> impl Strategy<Value = Segment> {
    let after = if lists {
        prop::option::weighted(
            0.5,
            prop_oneof![
                3 => items(reach, 0).prop_map(After::List),
                1 => para(reach, true).prop_map(After::Quote),
            ],
        )
        .boxed()
    } else {
        Just(None).boxed()
    };
    (para(reach, true), after).prop_map(|(para, after)| Segment { para, after })
}

pub(crate) fn block(reach: Reach) -> impl Strategy<Value = Block> {
    let kind = prop::sample::select(vec![
        BlockKind::Paragraph,
        BlockKind::Paragraph,
        BlockKind::Paragraph,
        BlockKind::Unnumbered,
        BlockKind::Heading,
        BlockKind::Quote,
    ]);
    let styles = prop::option::weighted(
        0.7,
        prop::array::uniform4(prop::sample::select(Style::ALL.to_vec())),
    );
    (
        kind,
        prop::option::weighted(0.4, "[a-z][a-z0-9-]{0,6}"),
        styles,
        any::<[bool; 4]>(),
        prop::collection::vec(segment(reach, true), 1..3),
    )
        .prop_map(move |(kind, id, mut styles, mut ordered, mut segments)| {
            if kind == BlockKind::Unnumbered && !reach.unnumbered_ordered_lists {
                ordered[0] = false;
                if let Some(s) = &mut styles
                    && s[0].ordered()
                {
                    s[0] = Style::Bullet;
                }
            }
            if kind == BlockKind::Heading {
                // A heading is one line.
                segments.truncate(1);
                segments[0].after = None;
            }
            Block {
                kind,
                id,
                styles,
                ordered,
                segments,
            }
        })
}

pub(crate) fn section(reach: Reach) -> impl Strategy<Value = Section> {
    (
        "[a-z][a-z0-9-]{0,7}",
        any::<bool>(),
        para(reach, false),
        prop::collection::vec(block(reach), 1..5),
    )
        .prop_map(|(name, inline, title, blocks)| Section {
            name,
            inline,
            title,
            blocks,
        })
}

pub(crate) fn form() -> impl Strategy<Value = Form> {
    prop::sample::select(vec![
        Form::Basic,
        Form::Escaped,
        Form::Literal,
        Form::MultiBasic,
        Form::MultiLiteral,
    ])
}

pub(crate) fn document(reach: Reach, max_sections: usize) -> impl Strategy<Value = Doc> {
    (
        para(reach, false),
        para(reach, false),
        para(reach, false),
        any::<bool>(),
        prop::collection::vec(section(reach), 1..max_sections + 1),
        prop::collection::vec(form(), 1..6),
    )
        .prop_map(
            move |(title, purpose, action, french_spacing, sections, forms)| {
                let mut doc = Doc {
                    title,
                    purpose,
                    action,
                    french_spacing,
                    sections,
                    forms,
                };
                doc.make_ids_unique();
                doc
            },
        )
}
