//! Page 1, the WCO cover, in the PDF's measures: the bilingual
//! letterhead over a rule, the masthead (committee, sessions and dates;
//! symbol and dateline), the title and agenda lines, the bordered
//! SUMMARY box, and the asterisk. It is a section of its own, whose
//! footer is the economy and copyright notice and which has no running
//! header; the body starts on page 2.

use crate::model::Document;
use crate::render::Organization;
use crate::render::pdf::fonts::Face;
use crate::render::pdf::style::Style;

use super::body::{Body, Props, Run};
use super::numbering::twips;
use super::xml::Xml;

/// How a face of the PDF is written in Word: fonts metric-compatible
/// with the Liberation faces the PDF embeds.
pub fn face(face: Face, size: f32) -> Run {
    let (bold, italic, sans) = match face {
        Face::Serif => (false, false, false),
        Face::SerifBold => (true, false, false),
        Face::SerifItalic => (false, true, false),
        Face::SerifBoldItalic => (true, true, false),
        Face::Sans => (false, false, true),
        Face::SansBold => (true, false, true),
    };
    Run {
        bold,
        italic,
        size: Some((size * 2.0).round() as u32),
        font: sans.then_some("Arial"),
        ..Run::default()
    }
}

/// The width of the text block, in twips.
pub fn text_width(style: &Style) -> i32 {
    let p = &style.page;
    twips(p.width.0 - p.margin_left.0 - p.margin_right.0)
}

/// A borderless or outlined table of one row; `cell(i)` writes cell `i`.
fn table(
    b: &mut Body,
    widths: &[i32],
    borders: &[(&str, u32)],
    margin: i32,
    cell: impl Fn(&mut Body, usize),
) {
    let total: i32 = widths.iter().sum();
    let x = &mut b.x;
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
    x.open("w:tblBorders", &[]);
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        match borders.iter().find(|(s, _)| *s == side) {
            Some((_, size)) => x.empty(
                &format!("w:{side}"),
                &[
                    ("w:val", "single"),
                    ("w:sz", &size.to_string()),
                    ("w:space", "0"),
                    ("w:color", "000000"),
                ],
            ),
            None => x.empty(&format!("w:{side}"), &[("w:val", "nil")]),
        }
    }
    x.close("w:tblBorders");
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.open("w:tblCellMar", &[]);
    for side in ["top", "left", "bottom", "right"] {
        x.empty(
            &format!("w:{side}"),
            &[("w:w", &margin.to_string()), ("w:type", "dxa")],
        );
    }
    x.close("w:tblCellMar");
    x.val("w:tblLook", "0000");
    x.close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for w in widths {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
    x.open("w:tr", &[]);
    for (i, w) in widths.iter().enumerate() {
        b.x.open("w:tc", &[]);
        b.x.open("w:tcPr", &[]);
        b.x.empty("w:tcW", &[("w:w", &w.to_string()), ("w:type", "dxa")]);
        // On the cell too: LibreOffice draws a lone bottom rule only there.
        if !borders.is_empty() {
            b.x.open("w:tcBorders", &[]);
            for (side, size) in borders {
                let size = size.to_string();
                b.x.empty(
                    &format!("w:{side}"),
                    &[
                        ("w:val", "single"),
                        ("w:sz", &size),
                        ("w:space", "0"),
                        ("w:color", "000000"),
                    ],
                );
            }
            b.x.close("w:tcBorders");
        }
        b.x.close("w:tcPr");
        cell(b, i);
        b.x.close("w:tc");
    }
    b.x.close("w:tr");
    b.x.close("w:tbl");
}

/// A cover paragraph of inlines (French ordinals are superscripts).
fn rich(b: &mut Body, props: Props, run: &Run, inlines: &[crate::model::Inline]) {
    b.open(&Props {
        style: "Cover",
        ..props
    });
    b.inlines(inlines, run);
    b.close();
}

/// A cover paragraph of one text in one run.
fn line(b: &mut Body, props: Props, run: &Run, text: &str) {
    b.open(&Props {
        style: "Cover",
        ..props
    });
    if !text.is_empty() {
        b.run(run, text);
    }
    b.close();
}

fn letterhead(b: &mut Body, style: &Style, letterhead: &[Organization]) {
    let c = &style.cover;
    let half = text_width(style) / 2;
    let rule = (c.letterhead_rule.0 * 8.0).round() as u32;
    table(b, &[half, half], &[("bottom", rule)], 0, |b, i| {
        let jc = if i == 0 { "left" } else { "right" };
        let Some(org) = letterhead.get(i) else {
            return line(b, Props::default(), &Run::default(), "");
        };
        let gap = Props {
            jc: Some(jc),
            after: Some(twips(c.established_gap.0)),
            ..Props::default()
        };
        line(
            b,
            gap,
            &face(c.organization_face, c.organization_size),
            &org.name,
        );
        let established = Props {
            jc: Some(jc),
            after: Some(twips(c.letterhead_rule_gap.0)),
            ..Props::default()
        };
        line(
            b,
            established,
            &face(c.established_face, c.established_size),
            &org.established,
        );
    });
}

fn masthead(b: &mut Body, style: &Style, doc: &Document) {
    let c = &style.cover;
    let width = text_width(style);
    let left = (width as f32 * 0.6).round() as i32;
    let gap = twips(c.masthead_gap.0);
    let plain = face(c.masthead_face, c.masthead_size);
    table(b, &[left, width - left], &[], 0, |b, i| {
        let at = |jc, before| Props {
            jc: Some(jc),
            before,
            ..Props::default()
        };
        if i == 0 {
            let committee = face(c.committee_face, c.masthead_size);
            let upper = doc.committee.to_uppercase();
            line(b, at("left", Some(gap)), &committee, &upper);
            rich(b, at("left", None), &plain, &doc.sessions);
            rich(b, at("left", None), &plain, &doc.meeting_dates);
        } else {
            let symbol_face = face(c.symbol_face, c.masthead_size);
            match doc.symbol_revised() {
                Some(revised) => rich(b, at("right", Some(gap)), &symbol_face, &revised),
                None => line(b, at("right", Some(gap)), &symbol_face, &doc.symbol),
            }
            for _ in 1..c.dateline_lines_below {
                line(b, at("right", None), &plain, "");
            }
            rich(b, at("right", None), &plain, &doc.dateline);
        }
    });
}

fn summary(b: &mut Body, style: &Style, doc: &Document) {
    let c = &style.cover;
    let rule = (c.box_rule.0 * 8.0).round().max(2.0) as u32;
    let sides = [
        ("top", rule),
        ("left", rule),
        ("bottom", rule),
        ("right", rule),
    ];
    let subhead = Run {
        underline: true,
        ..face(c.subhead_face, style.body.size)
    };
    table(
        b,
        &[text_width(style)],
        &sides,
        twips(c.box_padding.0),
        |b, _| {
            let centred = Props {
                jc: Some("center"),
                after: Some(twips(c.summary_space.0)),
                ..Props::default()
            };
            line(
                b,
                centred,
                &face(c.summary_face, style.body.size),
                &doc.words.summary,
            );
            let head = Props {
                after: Some(twips(c.subhead_space.0)),
                keep_next: true,
                ..Props::default()
            };
            line(b, Props { ..head }, &subhead, &doc.words.purpose);
            b.loose_flows(&doc.purpose, twips(c.part_space.0));
            line(b, Props { ..head }, &subhead, &doc.action_heading);
            b.loose_flows(&doc.action, 0);
        },
    );
}

/// Page 1; `section` writes the properties of its section, which go in
/// its last paragraph.
pub fn cover(
    b: &mut Body,
    style: &Style,
    doc: &Document,
    orgs: &[Organization],
    section: impl FnOnce(&mut Xml),
) {
    let c = &style.cover;
    letterhead(b, style, orgs);
    masthead(b, style, doc);
    let centred = |before: f32| Props {
        jc: Some("center"),
        before: Some(twips(before)),
        ..Props::default()
    };
    b.open(&Props {
        style: "Cover",
        ..centred(c.title_gap.0 - c.masthead_leading)
    });
    // Upper-cased as the PDF and the HTML show it: French ordinals stay
    // small superscripts, which Word's "all caps" would not keep.
    let title = face(c.title_face, c.title_size);
    b.inlines(&crate::model::Inline::upper_cased(&doc.title), &title);
    b.close();
    let agenda = face(c.agenda_face, c.masthead_size);
    let mut last = Props {
        after: Some(twips(c.box_gap.0)),
        ..centred(c.agenda_gap.0 - c.masthead_leading)
    };
    match &doc.item_category {
        Some(category) => {
            line(b, centred(0.0), &agenda, &doc.agenda_item);
            last.before = None;
            line(b, last, &agenda, category);
        }
        None => line(b, last, &agenda, &doc.agenda_item),
    }
    summary(b, style, doc);
    let asterisk = Props {
        style: "Cover",
        ..centred(c.asterisk_gap.0)
    };
    b.open_with(&asterisk, section);
    b.run(&face(style.body.face, style.body.size), "*");
    b.close();
}
