//! The numbering part: Word numbering for the numbered paragraphs (one
//! `w:num` for the whole document, never restarted), the section
//! headings (I, II, III) and each list (its own `w:num`, so each list
//! starts again at its first label). No number is typed as text.

use crate::input::ListStyle;
use crate::model::List;

use super::xml::Xml;

/// The `w:num` of the numbered paragraphs.
pub const PARAGRAPHS: u32 = 1;
/// The `w:num` of the section headings.
pub const HEADINGS: u32 = 2;

/// Twentieths of a point, Word's unit of length.
pub fn twips(points: f32) -> i32 {
    (points * 20.0).round() as i32
}

/// One list's numbering: its label pattern at its level and where its
/// labels and texts start.
struct ListNumbering {
    format: &'static str,
    /// `lvlText`: "(%2)", "%1)", "•".
    text: String,
    start: u32,
    level: u32,
    /// Where the text starts and how far the label hangs before it.
    left: i32,
    hanging: i32,
}

/// The numbering definitions gathered while the body is written.
pub struct Numbering {
    /// Paragraph numbers and section numerals: pattern with `%1`, where
    /// the text starts (the number hangs at the margin).
    paragraph_text: String,
    heading_text: String,
    indent: i32,
    lists: Vec<ListNumbering>,
}

/// The label pattern of a list, found in its first label: the numeral
/// of item 1 ("i", "a", or the start number) replaced by `%N`. A label
/// with no numeral in it (bullets, dashes) is the pattern as it is.
fn label_pattern(list: &List, level: u32) -> (&'static str, String, u32) {
    let first = list.items.first().map_or("", |i| i.label.as_str());
    let place = format!("%{}", level + 1);
    let (format, numeral) = match list.style {
        ListStyle::Bullet | ListStyle::Dash => return ("bullet", first.to_string(), 1),
        ListStyle::Roman => ("lowerRoman", "i".to_string()),
        ListStyle::Alpha => ("lowerLetter", "a".to_string()),
        ListStyle::Decimal => {
            let digits: String = first.chars().filter(char::is_ascii_digit).collect();
            ("decimal", digits)
        }
    };
    let start = match list.style {
        ListStyle::Decimal => numeral.parse().unwrap_or(1),
        _ => 1,
    };
    match first.find(numeral.as_str()).filter(|_| !numeral.is_empty()) {
        Some(at) => (
            format,
            format!("{}{place}{}", &first[..at], &first[at + numeral.len()..]),
            start,
        ),
        None => (format, place, start),
    }
}

impl Numbering {
    pub fn new(paragraph_format: &str, heading_format: &str, indent: i32) -> Numbering {
        Numbering {
            paragraph_text: paragraph_format.replace("{}", "%1"),
            heading_text: heading_format.replace("{}", "%1"),
            indent,
            lists: Vec::new(),
        }
    }

    /// Registers a list whose items sit at `level`, texts at `left` with
    /// labels hanging by `hanging`; gives the `w:num` its items use.
    pub fn list(&mut self, list: &List, level: u32, left: i32, hanging: i32) -> u32 {
        let (format, text, start) = label_pattern(list, level);
        self.lists.push(ListNumbering {
            format,
            text,
            start,
            level,
            left,
            hanging,
        });
        HEADINGS + self.lists.len() as u32
    }

    fn level(x: &mut Xml, ilvl: u32, l: (&str, &str, u32), left: i32, hanging: i32) {
        let (format, text, start) = l;
        x.open("w:lvl", &[("w:ilvl", &ilvl.to_string())]);
        x.val("w:start", &start.to_string());
        x.val("w:numFmt", format);
        x.val("w:lvlText", text);
        x.val("w:lvlJc", "left");
        x.open("w:pPr", &[]);
        x.empty(
            "w:ind",
            &[
                ("w:left", &left.to_string()),
                ("w:hanging", &hanging.to_string()),
            ],
        );
        x.close("w:pPr");
        if format == "bullet" {
            // The label's glyph from the body font, not Symbol's.
            x.open("w:rPr", &[]);
            x.empty(
                "w:rFonts",
                &[
                    ("w:ascii", "Times New Roman"),
                    ("w:hAnsi", "Times New Roman"),
                ],
            );
            x.close("w:rPr");
        }
        x.close("w:lvl");
    }

    fn abstract_num(x: &mut Xml, id: u32, levels: impl Fn(&mut Xml, u32)) {
        x.open("w:abstractNum", &[("w:abstractNumId", &id.to_string())]);
        x.val(
            "w:multiLevelType",
            if id < 2 { "singleLevel" } else { "multilevel" },
        );
        for ilvl in 0..9 {
            levels(x, ilvl);
        }
        x.close("w:abstractNum");
    }

    /// The numbering part.
    pub fn part(&self) -> Vec<u8> {
        let mut x = Xml::new();
        x.open("w:numbering", &[("xmlns:w", super::W)]);
        let fixed = [&self.paragraph_text, &self.heading_text];
        for (id, text) in fixed.iter().enumerate() {
            let format = if id == 0 { "decimal" } else { "upperRoman" };
            Numbering::abstract_num(&mut x, id as u32, |x, ilvl| {
                let text = text.replace("%1", &format!("%{}", ilvl + 1));
                let left = self.indent * (ilvl as i32 + 1);
                Numbering::level(x, ilvl, (format, &text, 1), left, self.indent);
            });
        }
        for (i, l) in self.lists.iter().enumerate() {
            Numbering::abstract_num(&mut x, i as u32 + 2, |x, ilvl| {
                // Levels other than the list's own are never used; they
                // repeat its label so that the definition is complete.
                let text = l
                    .text
                    .replace(&format!("%{}", l.level + 1), &format!("%{}", ilvl + 1));
                let start = if ilvl == l.level { l.start } else { 1 };
                Numbering::level(x, ilvl, (l.format, &text, start), l.left, l.hanging);
            });
        }
        for id in 0..self.lists.len() as u32 + 2 {
            x.open("w:num", &[("w:numId", &(id + 1).to_string())]);
            x.val("w:abstractNumId", &id.to_string());
            x.close("w:num");
        }
        x.close("w:numbering");
        x.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ListItem;

    fn list(style: ListStyle, first: &str) -> List {
        List {
            style,
            items: vec![ListItem {
                label: first.into(),
                id: None,
                anchor: None,
                content: vec![],
            }],
        }
    }

    #[test]
    fn label_patterns_follow_the_labels() {
        assert_eq!(
            label_pattern(&list(ListStyle::Roman, "(i)"), 1),
            ("lowerRoman", "(%2)".into(), 1)
        );
        assert_eq!(
            label_pattern(&list(ListStyle::Roman, "i)"), 0),
            ("lowerRoman", "%1)".into(), 1)
        );
        assert_eq!(
            label_pattern(&list(ListStyle::Alpha, "a)"), 2),
            ("lowerLetter", "%3)".into(), 1)
        );
        assert_eq!(
            label_pattern(&list(ListStyle::Decimal, "12."), 1),
            ("decimal", "%2.".into(), 12)
        );
        assert_eq!(
            label_pattern(&list(ListStyle::Dash, "–"), 1),
            ("bullet", "–".into(), 1)
        );
    }

    #[test]
    fn each_list_has_its_own_num_after_the_fixed_two() {
        let mut n = Numbering::new("{}.", "{}.", 709);
        assert_eq!(n.list(&list(ListStyle::Roman, "(i)"), 1, 1276, 567), 3);
        assert_eq!(n.list(&list(ListStyle::Bullet, "•"), 0, 567, 567), 4);
        let part = String::from_utf8(n.part()).unwrap();
        assert!(part.contains("<w:lvlText w:val=\"(%2)\"/>"), "{part}");
        assert_eq!(part.matches("<w:num ").count(), 4);
    }
}
