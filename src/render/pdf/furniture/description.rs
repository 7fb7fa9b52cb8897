//! Reads the TOML a furniture template renders, strictly: serde types
//! that mirror it (unknown keys refused, faces by name, sizes and lengths
//! checked as they are read), then the fields of each block checked
//! against its kind. Every problem carries its place in the rendered text.
//!
//! Lengths are written as in `pdf/style.toml` (points, or "12mm") and read
//! by the same parser, so a measure passed through from the style file
//! comes out as the same number.

use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;

use super::super::fonts::Face;
use super::super::paragraph::Align;
use super::super::style::Length;
use super::{
    Block, Columns, Cover, Entry, FlowSlot, Flows, Furniture, Header, Notice, NoticeRule, Spacing,
    Text, TextSource,
};

/// A problem in the description: where in the rendered text, and what.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Problem {
    pub(super) span: Option<Range<usize>>,
    pub(super) message: String,
}

impl Problem {
    fn at(span: Range<usize>, message: String) -> Problem {
        Problem {
            span: Some(span),
            message,
        }
    }
}

/// Reads a rendered description.
pub(super) fn parse(text: &str) -> Result<Furniture, Problem> {
    let spec: DescriptionSpec = toml::from_str(text).map_err(|e| Problem {
        span: e.span(),
        message: e.message().trim_end().to_string(),
    })?;
    let blocks = spec
        .block
        .into_iter()
        .map(BlockSpec::into_block)
        .collect::<Result<_, _>>()?;
    Ok(Furniture {
        header: spec.header.map(HeaderSpec::into_header),
        cover: Cover {
            blocks,
            notice: spec.notice.map(NoticeSpec::into_notice),
        },
    })
}

// ---------------------------------------------------------------------------
// Values, checked as they are read

/// A font size or a leading: a number of points, more than zero.
#[derive(Debug, Clone, Copy)]
struct Points(f32);

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let v = f32::deserialize(deserializer)?;
        if v.is_finite() && v > 0.0 {
            Ok(Points(v))
        } else {
            Err(de::Error::custom(format!(
                "must be a number of points more than 0, not {v}"
            )))
        }
    }
}

/// A thickness, a width, a padding: a length of zero or more.
#[derive(Debug, Clone, Copy)]
struct Extent(f32);

impl<'de> Deserialize<'de> for Extent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let Length(v) = Length::deserialize(deserializer)?;
        if v.is_finite() && v >= 0.0 {
            Ok(Extent(v))
        } else {
            Err(de::Error::custom(format!(
                "must be a length of zero or more, not {v}"
            )))
        }
    }
}

/// A distance down the page: a length, or a list of lengths added in
/// turn; any may be negative.
#[derive(Debug, Clone)]
struct Distance(Vec<f32>);

fn finite<E: de::Error>(Length(v): Length) -> Result<f32, E> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(E::custom(format!("must be a finite length, not {v}")))
    }
}

impl<'de> Deserialize<'de> for Distance {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DistanceVisitor;
        impl<'de> Visitor<'de> for DistanceVisitor {
            type Value = Distance;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a length (12, \"12mm\") or a list of lengths to add up")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Distance, E> {
                Ok(Distance(vec![finite(Length(v as f32))?]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Distance, E> {
                Ok(Distance(vec![finite(Length(v as f32))?]))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Distance, E> {
                Ok(Distance(vec![finite(Length(v as f32))?]))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Distance, E> {
                let length = Length::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "`{v}` is not a length (use e.g. 12, \"20mm\", \"1.5cm\")"
                    ))
                })?;
                Ok(Distance(vec![finite(length)?]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Distance, A::Error> {
                let mut parts = Vec::new();
                while let Some(length) = seq.next_element::<Length>()? {
                    parts.push(finite(length)?);
                }
                Ok(Distance(parts))
            }
        }
        deserializer.deserialize_any(DistanceVisitor)
    }
}

/// A share of the text width, between 0 and 1.
#[derive(Debug, Clone, Copy)]
struct Fraction(f32);

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let v = f32::deserialize(deserializer)?;
        if v > 0.0 && v < 1.0 {
            Ok(Fraction(v))
        } else {
            Err(de::Error::custom(format!(
                "must be a fraction of the width between 0 and 1, not {v}"
            )))
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum AlignName {
    Left,
    Right,
    Center,
    Justify,
}

impl AlignName {
    fn align(self) -> Align {
        match self {
            AlignName::Left => Align::Left,
            AlignName::Right => Align::Right,
            AlignName::Center => Align::Center,
            AlignName::Justify => Align::Justify,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum ColumnsSpec {
    Gutter(Extent),
    Split(Fraction),
}

// ---------------------------------------------------------------------------
// The description

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DescriptionSpec {
    header: Option<HeaderSpec>,
    #[serde(default)]
    block: Vec<BlockSpec>,
    notice: Option<NoticeSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderSpec {
    face: Face,
    size: Points,
    baseline: Extent,
    #[serde(default)]
    left: String,
    #[serde(default)]
    right: String,
}

impl HeaderSpec {
    fn into_header(self) -> Header {
        Header {
            face: self.face,
            size: self.size.0,
            baseline: self.baseline.0,
            left: self.left,
            right: self.right,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeSpec {
    face: Face,
    size: Points,
    leading: Option<Points>,
    align: Option<AlignName>,
    texts: Vec<String>,
    space: Option<Extent>,
    rule: Option<NoticeRuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeRuleSpec {
    width: Extent,
    thickness: Extent,
    gap: Extent,
}

impl NoticeSpec {
    fn into_notice(self) -> Notice {
        Notice {
            face: self.face,
            size: self.size.0,
            leading: self.leading.map_or(self.size.0 * 1.2, |l| l.0),
            align: self.align.map_or(Align::Justify, AlignName::align),
            texts: self.texts,
            space: self.space.map_or(0.0, |s| s.0),
            rule: self.rule.map(|r| NoticeRule {
                width: r.width.0,
                thickness: r.thickness.0,
                gap: r.gap.0,
            }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum BlockKind {
    Lines,
    Row,
    Rule,
    Box,
}

impl BlockKind {
    fn name(self) -> &'static str {
        match self {
            BlockKind::Lines => "lines",
            BlockKind::Row => "row",
            BlockKind::Rule => "rule",
            BlockKind::Box => "box",
        }
    }

    /// The fields a block of this kind takes, `kind` aside.
    fn fields(self) -> &'static [&'static str] {
        match self {
            BlockKind::Lines => &["lines"],
            BlockKind::Row => &["columns", "left", "right"],
            BlockKind::Rule => &["space", "clear", "thickness", "width"],
            BlockKind::Box => &["space", "clear", "thickness", "padding", "content"],
        }
    }
}

type Entries = Spanned<Vec<Spanned<EntrySpec>>>;

/// A block as written: every field any kind takes; `into_block` keeps
/// those of its kind and refuses the others.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BlockSpec {
    kind: Spanned<BlockKind>,
    space: Option<Spanned<Distance>>,
    clear: Option<Spanned<Distance>>,
    lines: Option<Entries>,
    columns: Option<Spanned<ColumnsSpec>>,
    left: Option<Entries>,
    right: Option<Entries>,
    thickness: Option<Spanned<Extent>>,
    width: Option<Spanned<Extent>>,
    padding: Option<Spanned<Extent>>,
    content: Option<Entries>,
}

/// A required field of a block, or the error at its `kind`.
fn need<T>(field: Option<Spanned<T>>, name: &str, kind: &Spanned<BlockKind>) -> Result<T, Problem> {
    field.map(Spanned::into_inner).ok_or_else(|| {
        Problem::at(
            kind.span(),
            format!("a `{}` block needs `{name}`", kind.get_ref().name()),
        )
    })
}

/// Where a rule or a box begins: `space` or `clear`, directly below when
/// neither.
fn spacing(
    space: Option<Spanned<Distance>>,
    clear: Option<Spanned<Distance>>,
) -> Result<Option<Spacing>, Problem> {
    match (space, clear) {
        (Some(_), Some(clear)) => Err(Problem::at(
            clear.span(),
            "give `space` (from the last baseline) or `clear` (from the bottom of what is \
             above), not both"
                .to_string(),
        )),
        (Some(space), None) => Ok(Some(Spacing::FromBaseline(space.into_inner().0))),
        (None, Some(clear)) => Ok(Some(Spacing::FromBottom(clear.into_inner().0))),
        (None, None) => Ok(None),
    }
}

fn entries(list: Vec<Spanned<EntrySpec>>) -> Result<Vec<Entry>, Problem> {
    list.into_iter().map(EntrySpec::into_entry).collect()
}

impl BlockSpec {
    /// The fields given, `kind` aside, with their places.
    fn given(&self) -> Vec<(&'static str, Range<usize>)> {
        let entries = |e: &Option<Entries>| e.as_ref().map(Spanned::span);
        [
            ("space", self.space.as_ref().map(Spanned::span)),
            ("clear", self.clear.as_ref().map(Spanned::span)),
            ("lines", entries(&self.lines)),
            ("columns", self.columns.as_ref().map(Spanned::span)),
            ("left", entries(&self.left)),
            ("right", entries(&self.right)),
            ("thickness", self.thickness.as_ref().map(Spanned::span)),
            ("width", self.width.as_ref().map(Spanned::span)),
            ("padding", self.padding.as_ref().map(Spanned::span)),
            ("content", entries(&self.content)),
        ]
        .into_iter()
        .filter_map(|(name, span)| span.map(|s| (name, s)))
        .collect()
    }

    fn into_block(self) -> Result<Block, Problem> {
        let kind = *self.kind.get_ref();
        let takes = kind.fields();
        if let Some((name, span)) = self.given().into_iter().find(|(n, _)| !takes.contains(n)) {
            return Err(Problem::at(
                span,
                format!(
                    "a `{}` block has no `{name}` (it takes `{}`)",
                    kind.name(),
                    takes.join("`, `")
                ),
            ));
        }
        let at = spacing(self.space, self.clear)?.unwrap_or(Spacing::FromBottom(Vec::new()));
        Ok(match kind {
            BlockKind::Lines => Block::Lines(entries(need(self.lines, "lines", &self.kind)?)?),
            BlockKind::Row => Block::Row {
                columns: match need(self.columns, "columns", &self.kind)? {
                    ColumnsSpec::Gutter(g) => Columns::Gutter(g.0),
                    ColumnsSpec::Split(f) => Columns::Split(f.0),
                },
                left: entries(need(self.left, "left", &self.kind)?)?,
                right: entries(need(self.right, "right", &self.kind)?)?,
            },
            BlockKind::Rule => Block::Rule {
                at,
                thickness: need(self.thickness, "thickness", &self.kind)?.0,
                width: self.width.map(|w| w.into_inner().0),
            },
            BlockKind::Box => Block::Box {
                at,
                thickness: need(self.thickness, "thickness", &self.kind)?.0,
                padding: need(self.padding, "padding", &self.kind)?.0,
                content: entries(need(self.content, "content", &self.kind)?)?,
            },
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SlotName {
    Title,
    Sessions,
    #[serde(rename = "meeting_dates")]
    MeetingDates,
    Dateline,
    Purpose,
    Action,
}

/// An entry as written: a text of its own (`text`) or a slot the model
/// fills (`slot`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntrySpec {
    text: Option<Spanned<String>>,
    slot: Option<Spanned<SlotName>>,
    face: Face,
    size: Option<Spanned<Points>>,
    leading: Option<Spanned<Points>>,
    align: Option<Spanned<AlignName>>,
    upper: Option<Spanned<bool>>,
    underline: Option<Spanned<bool>>,
    space: Option<Spanned<Distance>>,
    clear: Option<Spanned<Distance>>,
}

impl EntrySpec {
    fn into_entry(entry: Spanned<EntrySpec>) -> Result<Entry, Problem> {
        let span = entry.span();
        let mut e = entry.into_inner();
        let source = match (e.text.take(), e.slot.take()) {
            (Some(_), Some(slot)) => {
                return Err(Problem::at(
                    slot.span(),
                    "an entry has `text` or `slot`, not both".to_string(),
                ));
            }
            (None, None) => {
                return Err(Problem::at(
                    span,
                    "an entry needs `text = \"…\"` or `slot = \"title\"`, \"sessions\", \
                     \"meeting_dates\", \"dateline\", \"purpose\" or \"action\""
                        .to_string(),
                ));
            }
            (Some(text), None) => TextSource::Plain(text.into_inner()),
            (None, Some(slot)) => match slot.get_ref() {
                SlotName::Title => TextSource::Title,
                SlotName::Sessions => TextSource::Sessions,
                SlotName::MeetingDates => TextSource::MeetingDates,
                SlotName::Dateline => TextSource::Dateline,
                SlotName::Purpose => return e.flows(FlowSlot::Purpose, "purpose"),
                SlotName::Action => return e.flows(FlowSlot::Action, "action"),
            },
        };
        let size = e
            .size
            .ok_or_else(|| Problem::at(span, "a text needs `size`".to_string()))?
            .into_inner()
            .0;
        let leading = e.leading.map_or(size * 1.2, |l| l.into_inner().0);
        let at = spacing(e.space, e.clear)?.unwrap_or(Spacing::FromBaseline(vec![leading]));
        Ok(Entry::Text(Text {
            source,
            face: e.face,
            size,
            leading,
            align: e.align.map_or(Align::Left, |a| a.into_inner().align()),
            upper: e.upper.is_some_and(Spanned::into_inner),
            underline: e.underline.is_some_and(Spanned::into_inner),
            at,
        }))
    }

    /// A slot of block content: set in the body's size and leading, so it
    /// takes a face and a `clear` only.
    fn flows(self, slot: FlowSlot, name: &str) -> Result<Entry, Problem> {
        let refused = [
            ("size", self.size.as_ref().map(Spanned::span)),
            ("leading", self.leading.as_ref().map(Spanned::span)),
            ("align", self.align.as_ref().map(Spanned::span)),
            ("upper", self.upper.as_ref().map(Spanned::span)),
            ("underline", self.underline.as_ref().map(Spanned::span)),
            ("space", self.space.as_ref().map(Spanned::span)),
        ];
        if let Some((field, Some(span))) = refused.into_iter().find(|(_, s)| s.is_some()) {
            return Err(Problem::at(
                span,
                format!(
                    "the `{name}` slot is set like the body (its paragraphs and lists): it \
                     takes `face` and `clear`, not `{field}`"
                ),
            ));
        }
        Ok(Entry::Flows(Flows {
            slot,
            face: self.face,
            clear: self.clear.map_or(Vec::new(), |c| c.into_inner().0),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> (String, String) {
        let p = parse(text).unwrap_err();
        let span = p.span.expect("a located problem");
        (text[span].to_string(), p.message)
    }

    const RULE: &str = "[[block]]\nkind = \"rule\"\nthickness = 0.5\n";

    #[test]
    fn a_full_description_is_read_into_its_types() {
        let text = r#"
            [header]
            face = "serif"
            size = 12
            baseline = "15mm"
            left = "PC0608E"
            right = "{}."

            [[block]]
            kind = "row"
            columns = { gutter = 12 }
            left = [{ text = "WCO", face = "sans-bold", size = 10.5, clear = 0 }]
            right = [{ text = "OMD", face = "sans-bold", size = 10.5, align = "right",
                       space = [2, 7.5] }]

            [[block]]
            kind = "rule"
            clear = 5
            thickness = 0.75

            [[block]]
            kind = "box"
            space = "10mm"
            thickness = 0.6
            padding = 8
            content = [
              { slot = "title", face = "serif-bold", size = 12, leading = 13.8, upper = true },
              { slot = "purpose", face = "serif", clear = 6 },
            ]

            [notice]
            face = "serif"
            size = 9
            texts = ["a", "b"]
            rule = { width = "50mm", thickness = 0.5, gap = 6 }
        "#;
        let f = parse(text).unwrap();
        let header = f.header.unwrap();
        assert_eq!(header.baseline, Length::parse("15mm").unwrap().0);
        assert_eq!(f.cover.blocks.len(), 3);
        let Block::Row {
            columns,
            left,
            right,
        } = &f.cover.blocks[0]
        else {
            panic!("{:?}", f.cover.blocks[0]);
        };
        assert_eq!(*columns, Columns::Gutter(12.0));
        let Entry::Text(name) = &left[0] else {
            panic!()
        };
        // The leading is 1.2 times the size unless given; `clear = 0`
        // measures from the bottom of what is above.
        assert_eq!(name.leading, 10.5 * 1.2);
        assert_eq!(name.at, Spacing::FromBottom(vec![0.0]));
        let Entry::Text(other) = &right[0] else {
            panic!()
        };
        assert_eq!(other.align, Align::Right);
        assert_eq!(other.at, Spacing::FromBaseline(vec![2.0, 7.5]));
        let Block::Box { at, content, .. } = &f.cover.blocks[2] else {
            panic!()
        };
        assert_eq!(
            *at,
            Spacing::FromBaseline(vec![Length::parse("10mm").unwrap().0])
        );
        assert!(matches!(&content[0], Entry::Text(t) if t.source == TextSource::Title && t.upper));
        assert_eq!(
            content[1],
            Entry::Flows(Flows {
                slot: FlowSlot::Purpose,
                face: Face::Serif,
                clear: vec![6.0]
            })
        );
        let notice = f.cover.notice.unwrap();
        assert_eq!(notice.align, Align::Justify);
        assert_eq!(notice.leading, 9.0 * 1.2);
        assert_eq!(notice.space, 0.0);
    }

    #[test]
    fn a_text_goes_one_line_down_and_a_rule_directly_below_unless_told() {
        let text = format!(
            "{RULE}[[block]]\nkind = \"lines\"\nlines = [{{ text = \"x\", face = \"serif\", size = 10, leading = 11 }}]\n"
        );
        let f = parse(&text).unwrap();
        assert!(
            matches!(&f.cover.blocks[0], Block::Rule { at: Spacing::FromBottom(d), width: None, .. } if d.is_empty())
        );
        let Block::Lines(lines) = &f.cover.blocks[1] else {
            panic!()
        };
        assert!(matches!(&lines[0], Entry::Text(t) if t.at == Spacing::FromBaseline(vec![11.0])));
    }

    #[test]
    fn an_unknown_block_kind_is_refused_at_its_value() {
        let (at, message) = problem("[[block]]\nkind = \"frame\"\n");
        assert_eq!(at, "\"frame\"");
        assert!(message.contains("unknown variant `frame`"), "{message}");
        assert!(
            message.contains("`lines`, `row`, `rule`, `box`"),
            "{message}"
        );
    }

    #[test]
    fn a_bad_face_or_size_is_refused_at_its_value() {
        let lines = |entry: &str| format!("[[block]]\nkind = \"lines\"\nlines = [{entry}]\n");
        let (at, message) = problem(&lines("{ text = \"x\", face = \"serif-black\", size = 9 }"));
        assert_eq!(at, "\"serif-black\"");
        assert!(
            message.contains("unknown variant `serif-black`"),
            "{message}"
        );
        let (at, message) = problem(&lines("{ text = \"x\", face = \"serif\", size = 0 }"));
        assert_eq!(at, "0");
        assert!(message.contains("more than 0"), "{message}");
        let (at, message) = problem(&lines("{ text = \"x\", face = \"serif\", size = \"big\" }"));
        assert_eq!(at, "\"big\"");
        assert!(message.contains("invalid type"), "{message}");
        let (_, message) = problem(&lines(
            "{ text = \"x\", face = \"serif\", size = 9, space = \"far\" }",
        ));
        assert!(message.contains("`far` is not a length"), "{message}");
    }

    #[test]
    fn a_field_of_another_kind_is_refused_at_the_field() {
        let (at, message) = problem("[[block]]\nkind = \"rule\"\nthickness = 1\npadding = 3\n");
        assert_eq!(at, "3");
        assert_eq!(
            message,
            "a `rule` block has no `padding` (it takes `space`, `clear`, `thickness`, `width`)"
        );
        let (at, message) = problem("[[block]]\nkind = \"box\"\nthickness = 1\npadding = 3\n");
        assert_eq!(at, "\"box\"");
        assert_eq!(message, "a `box` block needs `content`");
        let (at, message) = problem("[[block]]\nkind = \"rule\"\nthickness = 1\ncolour = 3\n");
        assert_eq!(at, "colour");
        assert!(message.contains("unknown field `colour`"), "{message}");
    }

    #[test]
    fn entries_are_checked_for_their_source_and_their_fields() {
        let lines = |entry: &str| format!("[[block]]\nkind = \"lines\"\nlines = [{entry}]\n");
        let (at, message) = problem(&lines("{ face = \"serif\", size = 9 }"));
        assert_eq!(at, "{ face = \"serif\", size = 9 }");
        assert!(message.contains("needs `text"), "{message}");
        let (at, message) = problem(&lines(
            "{ text = \"x\", slot = \"title\", face = \"serif\" }",
        ));
        assert_eq!(at, "\"title\"");
        assert!(message.contains("not both"), "{message}");
        let (at, message) = problem(&lines("{ slot = \"action\", face = \"serif\", size = 12 }"));
        assert_eq!(at, "12");
        assert!(
            message.contains("takes `face` and `clear`, not `size`"),
            "{message}"
        );
        let (at, message) = problem(&lines("{ slot = \"summary\", face = \"serif\" }"));
        assert_eq!(at, "\"summary\"");
        assert!(message.contains("unknown variant `summary`"), "{message}");
        let (_, message) = problem(&lines("{ text = \"x\", face = \"serif\" }"));
        assert_eq!(message, "a text needs `size`");
        let (at, message) = problem(&lines(
            "{ text = \"x\", face = \"serif\", size = 9, space = 1, clear = 2 }",
        ));
        assert_eq!(at, "2");
        assert!(message.contains("not both"), "{message}");
    }

    #[test]
    fn columns_and_lengths_are_checked() {
        let row = |columns: &str| {
            format!("[[block]]\nkind = \"row\"\ncolumns = {columns}\nleft = []\nright = []\n")
        };
        assert!(parse(&row("{ split = 0.6 }")).is_ok());
        let (at, message) = problem(&row("{ split = 1.5 }"));
        assert_eq!(at, "{ split = 1.5 }");
        assert!(message.contains("between 0 and 1"), "{message}");
        let (_, message) = problem(&row("{ halves = 2 }"));
        assert!(message.contains("unknown variant `halves`"), "{message}");
        let (at, message) = problem("[[block]]\nkind = \"rule\"\nthickness = -1\n");
        assert_eq!(at, "-1");
        assert!(message.contains("zero or more"), "{message}");
        let (_, message) = problem("[[block]]\nkind = \"rule\"\nthickness = 1\nspace = inf\n");
        assert!(message.contains("finite"), "{message}");
    }

    #[test]
    fn an_empty_description_has_no_furniture() {
        let f = parse("").unwrap();
        assert_eq!(f.header, None);
        assert!(f.cover.blocks.is_empty() && f.cover.notice.is_none());
    }
}
