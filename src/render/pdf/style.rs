//! The PDF style: page geometry, faces, sizes, leading, indents and
//! spacing, read from `templates/pdf/style.toml` so that none of it lives in
//! code. Every length is converted to points on reading; a length is a
//! number (points) or a string with a unit ("20mm", "1.25cm", "6pt", "1in").

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::fonts::Face;

/// A length in points, written in the style file with or without a unit.
#[derive(Debug, Clone, Copy, PartialEq)]
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
    pub page: Page,
    pub header: Header,
    pub body: Body,
    pub heading: Heading,
    pub subheading: Heading,
    pub list: Lists,
    pub quote: Quote,
    pub justify: Justify,
    pub pagination: Pagination,
    pub cover: Cover,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
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

impl Style {
    /// Parses and checks a style file.
    pub fn parse(text: &str) -> Result<Style, String> {
        let style: Style = toml::from_str(text)
            .map_err(|e| crate::diagnostics::toml_error("pdf/style.toml", text, &e))?;
        style.check()?;
        Ok(style)
    }

    /// Rejects values the layout cannot work with, naming the setting.
    fn check(&self) -> Result<(), String> {
        let positive = [
            ("page.width", self.page.width.0),
            ("page.height", self.page.height.0),
            ("body.size", self.body.size),
            ("body.leading", self.body.leading),
            ("heading.size", self.heading.size),
            ("heading.leading", self.heading.leading),
            ("subheading.size", self.subheading.size),
            ("subheading.leading", self.subheading.leading),
            ("header.size", self.header.size),
            ("cover.footnote_size", self.cover.footnote_size),
            ("cover.footnote_leading", self.cover.footnote_leading),
            ("cover.masthead_leading", self.cover.masthead_leading),
            ("justify.tolerance", self.justify.tolerance),
            (
                "justify.emergency_tolerance",
                self.justify.emergency_tolerance,
            ),
        ];
        for (name, value) in positive {
            // Written so that NaN fails too.
            if value.is_nan() || value <= 0.0 {
                return Err(format!(
                    "pdf/style.toml: {name} must be positive, not {value}"
                ));
            }
        }
        if self.text_width() <= self.body.indent.0 + 72.0 {
            return Err(format!(
                "pdf/style.toml: the text block ({:.1} pt wide) leaves no room for paragraphs \
                 indented by {:.1} pt",
                self.text_width(),
                self.body.indent.0
            ));
        }
        if self.list.levels.is_empty() {
            return Err("pdf/style.toml: list.levels needs at least one level".into());
        }
        for (i, level) in self.list.levels.iter().enumerate() {
            if level.text.0 <= level.label.0 {
                return Err(format!(
                    "pdf/style.toml: list.levels[{i}]: the text must start after the label"
                ));
            }
        }
        if self.pagination.orphans == 0 || self.pagination.widows == 0 {
            return Err("pdf/style.toml: pagination.orphans and widows are at least 1".into());
        }
        if self.justify.max_consecutive_hyphens == 0 {
            return Err("pdf/style.toml: justify.max_consecutive_hyphens is at least 1".into());
        }
        Ok(())
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
        let err = Style::parse(&text).unwrap_err();
        assert!(err.contains("pdf/style.toml:"), "{err}");
        assert!(err.contains("`wide` is not a length"), "{err}");
        let text = include_str!("../../../templates/pdf/style.toml")
            .replace("[page]", "[page]\nbleed = 3");
        assert!(Style::parse(&text).unwrap_err().contains("bleed"));
    }
}
