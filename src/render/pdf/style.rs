//! The PDF style: page geometry, faces, sizes, leading, indents and
//! spacing, read from `templates/pdf/style.toml` so that none of it lives in
//! code. Every length is converted to points on reading; a length is a
//! number (points) or a string with a unit ("20mm", "1.25cm", "6pt", "1in").

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::error::Error;
use super::fonts::Face;

/// A length in points, written in the style file with or without a unit.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Length(pub f32);

impl Length {
    /// Parses "20mm", "1.25cm", "6pt", "0.5in" or a bare number (points).
    pub fn parse(text: &str) -> Option<Length> {
        let text = text.trim();
        let (number, factor) = [
            ("mm", 72.0 / 25.4),
            ("cm", 72.0 / 2.54),
            ("in", 72.0),
            ("pt", 1.0),
        ]
        .iter()
        .find_map(|(unit, factor)| text.strip_suffix(unit).map(|n| (n, *factor)))
        .unwrap_or((text, 1.0));
        let value: f64 = number.trim().parse().ok()?;
        value.is_finite().then_some(Length((value * factor) as f32))
    }
}

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LengthVisitor;
        impl Visitor<'_> for LengthVisitor {
            type Value = Length;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a length: a number of points, or a string like \"20mm\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Length, E> {
                Ok(Length(v as f32))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Length, E> {
                Ok(Length(v as f32))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Length, E> {
                Ok(Length(v as f32))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Length, E> {
                Length::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "`{v}` is not a length (use e.g. 12, \"20mm\", \"1.5cm\")"
                    ))
                })
            }
        }
        deserializer.deserialize_any(LengthVisitor)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub page: PageStyle,
    pub header: Header,
    pub body: Body,
    pub heading: Heading,
    pub subheading: Heading,
    pub list: Lists,
    pub quote: Quote,
    pub justify: Justify,
    pub pagination: Pagination,
    pub cover: Cover,
    pub superscript: Superscript,
}

/// How a superscript (the "e" of a French 32e) is set, as fractions of
/// the size of the text around it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Superscript {
    /// Its size.
    pub scale: f32,
    /// How far its baseline is raised.
    pub rise: f32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageStyle {
    pub width: Length,
    pub height: Length,
    pub margin_top: Length,
    pub margin_top_first: Length,
    pub margin_bottom: Length,
    pub margin_left: Length,
    pub margin_right: Length,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub face: Face,
    pub size: f32,
    pub baseline: Length,
    pub page_number: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub face: Face,
    pub size: f32,
    pub leading: f32,
    pub paragraph_space: Length,
    pub indent: Length,
    pub number_format: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    pub face: Face,
    pub size: f32,
    pub leading: f32,
    pub space_before: Length,
    pub space_after: Length,
    #[serde(default)]
    pub numeral_format: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lists {
    pub item_space: Length,
    pub label_gap: Length,
    pub levels: Vec<ListLevel>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListLevel {
    pub label: Length,
    pub text: Length,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub face: Face,
    pub indent_left: Length,
    pub indent_right: Length,
    pub space: Length,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Justify {
    pub space_stretch: f32,
    pub space_shrink: f32,
    /// Between the letters of a word, in ems: the most they may move apart
    /// and together at an adjustment ratio of 1 (tracking).
    #[serde(default)]
    pub letter_stretch: f32,
    #[serde(default)]
    pub letter_shrink: f32,
    pub pretolerance: f32,
    pub tolerance: f32,
    pub emergency_tolerance: f32,
    pub line_penalty: f32,
    pub hyphen_penalty: f32,
    pub double_hyphen_demerits: f32,
    pub final_hyphen_demerits: f32,
    pub fitness_demerits: f32,
    pub max_consecutive_hyphens: u32,
    pub hyphen_left_min: usize,
    pub hyphen_right_min: usize,
    pub hyphen_min_word: usize,
    /// The cost of breaking a URL after `/ . - _ ? # & =` (no hyphen shown).
    #[serde(default = "default_url_penalty")]
    pub url_penalty: f32,
    /// The cost of breaking after a slash between two words or numbers
    /// ("121st/122nd"): high, taken only to avoid a loose line.
    #[serde(default = "default_slash_penalty")]
    pub slash_penalty: f32,
    /// A paragraph's last line narrower than this (points) costs
    /// `short_last_line_demerits`; 0 turns the rule off.
    #[serde(default)]
    pub last_line_min: Length,
    #[serde(default)]
    pub short_last_line_demerits: f32,
}

fn default_url_penalty() -> f32 {
    50.0
}

fn default_slash_penalty() -> f32 {
    300.0
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    pub orphans: usize,
    pub widows: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    pub organization_face: Face,
    pub organization_size: f32,
    pub established_face: Face,
    pub established_size: f32,
    pub established_gap: Length,
    pub letterhead_rule: Length,
    pub letterhead_rule_gap: Length,
    pub masthead_gap: Length,
    pub committee_face: Face,
    pub symbol_face: Face,
    pub masthead_face: Face,
    pub masthead_size: f32,
    pub masthead_leading: f32,
    pub dateline_lines_below: u32,
    pub title_gap: Length,
    pub title_face: Face,
    pub title_size: f32,
    pub agenda_gap: Length,
    pub agenda_face: Face,
    pub box_gap: Length,
    pub box_rule: Length,
    pub box_padding: Length,
    pub summary_face: Face,
    pub summary_space: Length,
    pub subhead_face: Face,
    pub subhead_space: Length,
    pub part_space: Length,
    pub underline_offset: Length,
    pub underline_thickness: Length,
    pub asterisk_gap: Length,
    pub footnote_face: Face,
    pub footnote_size: f32,
    pub footnote_leading: f32,
    pub footnote_space: Length,
    pub footnote_rule: Length,
    pub footnote_rule_thickness: Length,
    pub footnote_rule_gap: Length,
}

/// The narrowest line the layout sets text in: style values that leave
/// less are refused, and content nested so deep is an error.
pub const MIN_MEASURE: f32 = 40.0;

/// `value ≥ least`, false for NaN.
fn at_least(value: f32, least: f32) -> bool {
    value >= least
}

/// `value > floor`, false for NaN.
fn above(value: f32, floor: f32) -> bool {
    value > floor
}

/// Problems found in a style file: the dotted key of the value at fault
/// ("page.margin_left", "list.levels.2.text") and what is wrong with it.
#[derive(Default)]
struct Problems(Vec<(String, String)>);

impl Problems {
    /// Records a problem, unless its value is already reported: one
    /// value, one error.
    fn add(&mut self, key: impl Into<String>, message: impl Into<String>) {
        let key = key.into();
        if !self.0.iter().any(|(k, _)| *k == key) {
            self.0.push((key, message.into()));
        }
    }

    /// Finite and above zero (written so that NaN fails).
    fn positive(&mut self, key: &str, value: f32) {
        if !(value.is_finite() && value > 0.0) {
            self.add(key, format!("must be a positive number, not {value}"));
        }
    }

    fn non_negative(&mut self, key: &str, value: f32) {
        if !(value.is_finite() && value >= 0.0) {
            self.add(key, format!("must be zero or more, not {value}"));
        }
    }

    fn at_least_one(&mut self, key: &str, value: usize) {
        if value == 0 {
            self.add(key, "must be at least 1");
        }
    }
}

impl Style {
    /// Parses and checks a style file.
    pub fn parse(text: &str) -> Result<Style, Error> {
        Style::read("pdf/style.toml", text)
    }

    /// Parses and checks the style file `origin` (its path, for messages):
    /// every value the layout cannot work with is reported at its line and
    /// column, all in one message.
    pub fn read(origin: &str, text: &str) -> Result<Style, Error> {
        let style: Style = toml::from_str(text)
            .map_err(|e| Error::Style(crate::diagnostics::toml_error(origin, text, &e)))?;
        let problems = style.problems();
        if problems.0.is_empty() {
            Ok(style)
        } else {
            Err(Error::Style(report(origin, text, &problems)))
        }
    }

    fn problems(&self) -> Problems {
        let mut p = Problems::default();
        self.check_page(&mut p);
        self.check_text(&mut p);
        self.check_justify(&mut p);
        self.check_cover(&mut p);
        self.check_superscript(&mut p);
        // Last: a value already found wrong on its own is not reported
        // again for the room it leaves.
        self.check_measures(&mut p);
        p
    }

    /// A superscript smaller than its text and raised by less than its
    /// size: larger, it would collide with the line above.
    fn check_superscript(&self, p: &mut Problems) {
        let sup = &self.superscript;
        if !(sup.scale > 0.0 && sup.scale <= 1.0) {
            p.add(
                "superscript.scale",
                format!("must be above 0 and at most 1, not {}", sup.scale),
            );
        }
        if !(sup.rise >= 0.0 && sup.rise <= 1.0) {
            p.add(
                "superscript.rise",
                format!("must be between 0 and 1, not {}", sup.rise),
            );
        }
    }

    fn check_page(&self, p: &mut Problems) {
        let page = &self.page;
        p.positive("page.width", page.width.0);
        p.positive("page.height", page.height.0);
        for (key, value) in [
            ("page.margin_top", page.margin_top.0),
            ("page.margin_top_first", page.margin_top_first.0),
            ("page.margin_bottom", page.margin_bottom.0),
            ("page.margin_left", page.margin_left.0),
            ("page.margin_right", page.margin_right.0),
        ] {
            p.non_negative(key, value);
        }
        let tallest = [
            self.body.leading,
            self.heading.leading,
            self.subheading.leading,
        ]
        .into_iter()
        .fold(MIN_MEASURE, f32::max);
        let block = page.height.0 - page.margin_top.0 - page.margin_bottom.0;
        if !at_least(block, tallest) {
            p.add(
                "page.margin_top",
                format!(
                    "the top and bottom margins leave a text block {block:.1} pt high; \
                     at least {tallest:.1} pt is needed"
                ),
            );
        }
        if !above(
            page.height.0 - page.margin_bottom.0,
            page.margin_top_first.0,
        ) {
            p.add("page.margin_top_first", "starts below the bottom margin");
        }
        p.positive("header.size", self.header.size);
        p.positive("header.baseline", self.header.baseline.0);
        if !above(page.height.0, self.header.baseline.0) {
            p.add("header.baseline", "is below the foot of the page");
        }
        p.at_least_one("pagination.orphans", self.pagination.orphans);
        p.at_least_one("pagination.widows", self.pagination.widows);
    }

    fn check_text(&self, p: &mut Problems) {
        for (name, h) in [("heading", &self.heading), ("subheading", &self.subheading)] {
            p.positive(&format!("{name}.size"), h.size);
            p.positive(&format!("{name}.leading"), h.leading);
            p.non_negative(&format!("{name}.space_before"), h.space_before.0);
            p.non_negative(&format!("{name}.space_after"), h.space_after.0);
        }
        p.positive("body.size", self.body.size);
        p.positive("body.leading", self.body.leading);
        p.non_negative("body.paragraph_space", self.body.paragraph_space.0);
        p.non_negative("body.indent", self.body.indent.0);
        p.non_negative("list.item_space", self.list.item_space.0);
        p.non_negative("list.label_gap", self.list.label_gap.0);
        p.non_negative("quote.indent_left", self.quote.indent_left.0);
        p.non_negative("quote.indent_right", self.quote.indent_right.0);
        p.non_negative("quote.space", self.quote.space.0);
        if self.list.levels.is_empty() {
            p.add("list.levels", "needs at least one level");
        }
        for (i, level) in self.list.levels.iter().enumerate() {
            p.non_negative(&format!("list.levels.{i}.label"), level.label.0);
            if !above(level.text.0, level.label.0) {
                p.add(
                    format!("list.levels.{i}.text"),
                    "the text must start after the label",
                );
            }
        }
    }

    /// Every line keeps at least [`MIN_MEASURE`]: the body's, a
    /// quotation's, the summary box's, and a list's down to the deepest
    /// level the style describes.
    fn check_measures(&self, p: &mut Problems) {
        let width = self.text_width();
        if !at_least(width, MIN_MEASURE) {
            p.add(
                "page.margin_left",
                format!(
                    "the left and right margins leave a text block {width:.1} pt wide; \
                     at least {MIN_MEASURE} pt is needed"
                ),
            );
            return;
        }
        let body = width - self.body.indent.0;
        if !at_least(body, MIN_MEASURE) {
            p.add(
                "body.indent",
                format!(
                    "leaves paragraphs {body:.1} pt of the {width:.1} pt text block; \
                     at least {MIN_MEASURE} pt is needed"
                ),
            );
            return;
        }
        let quote = body - self.quote.indent_left.0 - self.quote.indent_right.0;
        if !at_least(quote, MIN_MEASURE) {
            p.add(
                "quote.indent_left",
                format!(
                    "with quote.indent_right, leaves quotations {quote:.1} pt of the \
                     {body:.1} pt line; at least {MIN_MEASURE} pt is needed"
                ),
            );
        }
        let boxed = width - 2.0 * self.cover.box_padding.0;
        if !at_least(boxed, MIN_MEASURE) {
            p.add(
                "cover.box_padding",
                format!(
                    "leaves the summary {boxed:.1} pt of the {width:.1} pt text block; \
                     at least {MIN_MEASURE} pt is needed"
                ),
            );
        }
        let mut left = body;
        for (i, level) in self.list.levels.iter().enumerate() {
            left -= level.text.0;
            if !at_least(left, MIN_MEASURE) {
                p.add(
                    format!("list.levels.{i}.text"),
                    format!(
                        "leaves a list nested {} deep {left:.1} pt of the {body:.1} pt \
                         line; at least {MIN_MEASURE} pt is needed",
                        i + 1
                    ),
                );
                break;
            }
        }
    }

    fn check_justify(&self, p: &mut Problems) {
        let j = &self.justify;
        p.non_negative("justify.space_stretch", j.space_stretch);
        p.non_negative("justify.space_shrink", j.space_shrink);
        p.non_negative("justify.letter_stretch", j.letter_stretch);
        p.non_negative("justify.letter_shrink", j.letter_shrink);
        if j.space_shrink > 1.0 {
            p.add(
                "justify.space_shrink",
                "is a share of a space's width: above 1, words would overlap",
            );
        }
        p.non_negative("justify.pretolerance", j.pretolerance);
        // Tolerances may be infinite: "accept any spacing".
        for (key, value) in [
            ("justify.tolerance", j.tolerance),
            ("justify.emergency_tolerance", j.emergency_tolerance),
        ] {
            if !above(value, 0.0) {
                p.add(key, format!("must be a positive number, not {value}"));
            }
        }
        for (key, value) in [
            ("justify.line_penalty", j.line_penalty),
            ("justify.double_hyphen_demerits", j.double_hyphen_demerits),
            ("justify.final_hyphen_demerits", j.final_hyphen_demerits),
            ("justify.fitness_demerits", j.fitness_demerits),
            ("justify.last_line_min", j.last_line_min.0),
            (
                "justify.short_last_line_demerits",
                j.short_last_line_demerits,
            ),
        ] {
            p.non_negative(key, value);
        }
        let limit = super::linebreak::INFINITY;
        for (key, value) in [
            ("justify.hyphen_penalty", j.hyphen_penalty),
            ("justify.url_penalty", j.url_penalty),
            ("justify.slash_penalty", j.slash_penalty),
        ] {
            if !at_least(limit, value.abs()) {
                p.add(
                    key,
                    format!("must be between -{limit} and {limit}, not {value}"),
                );
            }
        }
        p.at_least_one(
            "justify.max_consecutive_hyphens",
            j.max_consecutive_hyphens as usize,
        );
        p.at_least_one("justify.hyphen_left_min", j.hyphen_left_min);
        p.at_least_one("justify.hyphen_right_min", j.hyphen_right_min);
    }

    fn check_cover(&self, p: &mut Problems) {
        let c = &self.cover;
        for (key, value) in [
            ("cover.organization_size", c.organization_size),
            ("cover.established_size", c.established_size),
            ("cover.masthead_size", c.masthead_size),
            ("cover.masthead_leading", c.masthead_leading),
            ("cover.title_size", c.title_size),
            ("cover.footnote_size", c.footnote_size),
            ("cover.footnote_leading", c.footnote_leading),
        ] {
            p.positive(key, value);
        }
        for (key, value) in [
            ("cover.established_gap", c.established_gap),
            ("cover.letterhead_rule", c.letterhead_rule),
            ("cover.letterhead_rule_gap", c.letterhead_rule_gap),
            ("cover.masthead_gap", c.masthead_gap),
            ("cover.title_gap", c.title_gap),
            ("cover.agenda_gap", c.agenda_gap),
            ("cover.box_gap", c.box_gap),
            ("cover.box_rule", c.box_rule),
            ("cover.box_padding", c.box_padding),
            ("cover.summary_space", c.summary_space),
            ("cover.subhead_space", c.subhead_space),
            ("cover.part_space", c.part_space),
            ("cover.underline_offset", c.underline_offset),
            ("cover.underline_thickness", c.underline_thickness),
            ("cover.asterisk_gap", c.asterisk_gap),
            ("cover.footnote_space", c.footnote_space),
            ("cover.footnote_rule", c.footnote_rule),
            ("cover.footnote_rule_thickness", c.footnote_rule_thickness),
            ("cover.footnote_rule_gap", c.footnote_rule_gap),
        ] {
            p.non_negative(key, value.0);
        }
    }

    /// Width of the text block, margin to margin.
    pub fn text_width(&self) -> f32 {
        self.page.width.0 - self.page.margin_left.0 - self.page.margin_right.0
    }

    /// The list level for a nesting depth (deeper lists reuse the last).
    pub fn list_level(&self, depth: usize) -> ListLevel {
        self.list.levels[depth.min(self.list.levels.len() - 1)]
    }
}

/// The problems as one report, each at the place of its value in the
/// file: "error: page.margin_left: must be zero or more" over
/// "┌─ templates/pdf/style.toml:15:15" and the line itself.
fn report(origin: &str, text: &str, problems: &Problems) -> String {
    use crate::diagnostics::{Diagnostic, Diagnostics, Sources, Span};
    let mut sources = Sources::default();
    let file = sources.add(std::path::Path::new(origin), text.to_string());
    let root = toml::de::DeTable::parse(text).ok();
    let mut diags = Diagnostics::default();
    for (key, message) in &problems.0 {
        let message = format!("{key}: {message}");
        diags.push(match root.as_ref().and_then(|r| value_range(r, key)) {
            Some(range) => Diagnostic::error(Span::new(file, range), message),
            None => Diagnostic::general(format!("{origin}: {message}")),
        });
    }
    format!(
        "{}{origin}: {} bad value(s) in the PDF style",
        diags.render(&sources),
        problems.0.len()
    )
}

/// The byte range of the value at a dotted key ("list.levels.0.text").
fn value_range(
    root: &toml::Spanned<toml::de::DeTable>,
    key: &str,
) -> Option<std::ops::Range<usize>> {
    use toml::de::DeValue;
    let mut parts = key.split('.');
    let first = parts.next()?;
    let mut value = root.get_ref().iter().find(|(k, _)| k.get_ref() == first)?.1;
    for part in parts {
        value = match (value.get_ref(), part.parse::<usize>()) {
            (DeValue::Array(items), Ok(i)) => items.get(i)?,
            (DeValue::Table(t), _) => t.iter().find(|(k, _)| k.get_ref() == part)?.1,
            _ => return None,
        };
    }
    Some(value.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_read_with_units() {
        assert_eq!(Length::parse("72"), Some(Length(72.0)));
        assert_eq!(Length::parse("1in"), Some(Length(72.0)));
        assert!((Length::parse("25.4mm").unwrap().0 - 72.0).abs() < 1e-4);
        assert!((Length::parse("2.54 cm").unwrap().0 - 72.0).abs() < 1e-4);
        assert_eq!(Length::parse("6pt"), Some(Length(6.0)));
        assert_eq!(Length::parse("six"), None);
        assert_eq!(Length::parse("12px"), None);
    }

    #[test]
    fn builtin_style_parses() {
        let style = Style::parse(include_str!("../../../templates/pdf/style.toml")).unwrap();
        assert!((style.page.width.0 - 595.2756).abs() < 1e-3);
        assert_eq!(style.body.size, 12.0);
    }

    #[test]
    fn errors_name_the_place() {
        let text = include_str!("../../../templates/pdf/style.toml")
            .replace("margin_left = \"25mm\"", "margin_left = \"wide\"");
        let err = Style::parse(&text).unwrap_err().to_string();
        assert!(err.contains("pdf/style.toml:"), "{err}");
        assert!(err.contains("`wide` is not a length"), "{err}");
        let text = include_str!("../../../templates/pdf/style.toml")
            .replace("[page]", "[page]\nbleed = 3");
        assert!(
            Style::parse(&text)
                .unwrap_err()
                .to_string()
                .contains("bleed")
        );
    }

    fn with(from: &str, to: &str) -> String {
        let text = include_str!("../../../templates/pdf/style.toml");
        assert!(text.contains(from), "{from}");
        text.replace(from, to)
    }

    /// The error of a changed style file read as `t/pdf/style.toml`.
    fn error(from: &str, to: &str) -> String {
        Style::read("t/pdf/style.toml", &with(from, to))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn values_that_lose_text_are_errors_at_their_place() {
        let cases = [
            // A negative margin, stretch, shrink; an indent wider than the page.
            (
                "margin_right = \"20mm\"",
                "margin_right = \"-20mm\"",
                "page.margin_right: must be zero or more",
                "t/pdf/style.toml:17:16",
            ),
            (
                "space_stretch = 0.5",
                "space_stretch = -0.5",
                "justify.space_stretch: must be zero or more",
                "t/pdf/style.toml:66:17",
            ),
            (
                "space_shrink = 0.33",
                "space_shrink = 1.5",
                "words would overlap",
                "t/pdf/style.toml:67:16",
            ),
            (
                "indent_left = \"10mm\"",
                "indent_left = \"300mm\"",
                "leaves quotations -446.5 pt",
                "t/pdf/style.toml:61:15",
            ),
            (
                "indent = \"12.5mm\"",
                "indent = \"16cm\"",
                "body.indent: leaves paragraphs 14.2 pt",
                "t/pdf/style.toml:30:10",
            ),
            (
                "margin_left = \"25mm\"",
                "margin_left = \"20cm\"",
                "margins leave a text block -28.3 pt wide",
                "t/pdf/style.toml:16:15",
            ),
            (
                "margin_bottom = \"20mm\"",
                "margin_bottom = \"28cm\"",
                "text block -22.7 pt high",
                "t/pdf/style.toml:13:14",
            ),
            (
                "{ label = \"0mm\", text = \"7.5mm\" },\n]",
                "{ label = \"0mm\", text = \"150mm\" },\n]",
                "list.levels.2.text: leaves a list nested 3 deep",
                "t/pdf/style.toml:56:27",
            ),
            (
                "[body]\nface = \"serif\"\nsize = 12",
                "[body]\nface = \"serif\"\nsize = nan",
                "body.size: must be a positive number, not NaN",
                "t/pdf/style.toml:27:8",
            ),
            (
                "box_padding = 8",
                "box_padding = inf",
                "cover.box_padding: must be zero or more, not inf",
                "t/pdf/style.toml:122:15",
            ),
            (
                "hyphen_left_min = 2",
                "hyphen_left_min = 0",
                "justify.hyphen_left_min: must be at least 1",
                "t/pdf/style.toml:84:19",
            ),
            (
                "scale = 0.65",
                "scale = 1.5",
                "superscript.scale: must be above 0 and at most 1, not 1.5",
                "t/pdf/style.toml:141:9",
            ),
            (
                "rise = 0.35",
                "rise = -0.2",
                "superscript.rise: must be between 0 and 1, not -0.2",
                "t/pdf/style.toml:142:8",
            ),
        ];
        for (from, to, message, place) in cases {
            let err = error(from, to);
            assert!(err.contains(message), "{to}: {err}");
            assert!(err.contains(place), "{to}: {err}");
        }
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let text = with("margin_right = \"20mm\"", "margin_right = -1")
            .replace("space_stretch = 0.5", "space_stretch = -1")
            .replace("item_space = 6", "item_space = -6");
        let err = Style::read("s.toml", &text).unwrap_err().to_string();
        for key in [
            "page.margin_right",
            "justify.space_stretch",
            "list.item_space",
        ] {
            assert!(err.contains(key), "{err}");
        }
        assert!(err.contains("3 bad value(s)"), "{err}");
    }
}
