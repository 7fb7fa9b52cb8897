//! Bookmarks and cross-references. Every paragraph, list item and
//! section that can be referred to gets a bookmark; a reference becomes
//! words and `REF` fields whose cached results are the text ptcdoc
//! computed, so the document reads right before and after Word or
//! LibreOffice update its fields.
//!
//! `REF name \n` gives the referenced paragraph's own number without the
//! numbers of the levels above it ("(iv)", not "8.(iv)"), which is what
//! the model's reference texts show; `\h` makes the result a link.

use std::collections::BTreeMap;

use crate::model::{Document, Flow, Ref};

/// What a bookmark marks, with the numbers a reference to it shows.
#[derive(Debug, Clone)]
enum Target {
    Section {
        numeral: String,
    },
    Paragraph {
        number: u32,
    },
    Item {
        label: String,
        /// The number and anchor of the paragraph holding the item (a
        /// redline's removed paragraph has an anchor of its own).
        paragraph: Option<(u32, String)>,
    },
    /// A block without a number: referred to with the author's words only.
    Block,
}

/// Every bookmark of a document, by model anchor.
pub struct Targets {
    by_anchor: BTreeMap<String, Target>,
}

/// One piece of a reference as written: words, or a field.
#[derive(Debug, PartialEq)]
pub enum Piece {
    Text(String),
    /// A `REF` field to `bookmark` whose cached result is `result`.
    Field {
        bookmark: String,
        result: String,
    },
}

/// The Word bookmark name of a model anchor: letters, digits and
/// underscores, at most 40 characters, starting with a letter (Word
/// renames or drops any other). Ids are lowercase slugs, so turning `-`
/// into `_` cannot make two anchors one; a long one keeps its start and
/// a hash of the whole.
pub fn bookmark(anchor: &str) -> String {
    let mut name: String = anchor
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'b');
    }
    if name.len() > 40 {
        let hash = crate::fingerprint::fnv1a(anchor.as_bytes());
        name.truncate(31);
        name.push_str(&format!("_{:08x}", hash as u32));
    }
    name
}

impl Targets {
    pub fn of(doc: &Document) -> Targets {
        let mut by_anchor = BTreeMap::new();
        for s in &doc.sections {
            by_anchor.insert(
                s.anchor.clone(),
                Target::Section {
                    numeral: s.numeral.clone(),
                },
            );
            for b in &s.blocks {
                if let Some(anchor) = &b.anchor {
                    let target = match b.number {
                        Some(number) => Target::Paragraph { number },
                        None => Target::Block,
                    };
                    by_anchor.insert(anchor.clone(), target);
                }
                let paragraph = b.number.zip(b.anchor.clone());
                items(&b.content, paragraph.as_ref(), &mut by_anchor);
            }
        }
        Targets { by_anchor }
    }

    /// No bookmarks, for tests of what writes paragraphs.
    #[cfg(test)]
    pub fn none() -> Targets {
        Targets {
            by_anchor: BTreeMap::new(),
        }
    }

    /// Whether `anchor` is bookmarked.
    pub fn has(&self, anchor: &str) -> bool {
        self.by_anchor.contains_key(anchor)
    }

    /// A reference without the author's words, as words and fields. The
    /// numbers it shows are found in its text (longest first, so a label
    /// "1." is not taken for a paragraph number 1); what is left is words.
    pub fn pieces(&self, r: &Ref) -> Vec<Piece> {
        let mut numbers: Vec<(String, String)> = match self.by_anchor.get(&r.anchor) {
            Some(Target::Section { numeral }) => vec![(numeral.clone(), bookmark(&r.anchor))],
            Some(Target::Paragraph { number }) => {
                vec![(number.to_string(), bookmark(&r.anchor))]
            }
            Some(Target::Item { label, paragraph }) => {
                let mut v = vec![(label.clone(), bookmark(&r.anchor))];
                if let Some((p, anchor)) = paragraph {
                    v.push((p.to_string(), bookmark(anchor)));
                }
                v
            }
            Some(Target::Block) | None => Vec::new(),
        };
        numbers.sort_by_key(|(text, _)| std::cmp::Reverse(text.len()));
        let text = &r.text;
        let mut found: Vec<(usize, usize, String)> = Vec::new();
        for (number, name) in numbers {
            let free = |at: usize| {
                !found
                    .iter()
                    .any(|(s, e, _)| at < *e && at + number.len() > *s)
            };
            let at = text
                .match_indices(number.as_str())
                .map(|(i, _)| i)
                .find(|&i| free(i) && whole(text, i, number.len()));
            if let Some(at) = at {
                found.push((at, at + number.len(), name));
            }
        }
        found.sort();
        let mut pieces = Vec::new();
        let mut pos = 0;
        for (start, end, name) in found {
            if start > pos {
                pieces.push(Piece::Text(text[pos..start].to_string()));
            }
            pieces.push(Piece::Field {
                bookmark: name,
                result: text[start..end].to_string(),
            });
            pos = end;
        }
        if pos < text.len() {
            pieces.push(Piece::Text(text[pos..].to_string()));
        }
        pieces
    }
}

/// Whether `text[at..at + len]` stands alone: a number "1" inside "12"
/// or a numeral "I" inside "II" is not the number referred to.
fn whole(text: &str, at: usize, len: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + len..].chars().next();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !word(before) && !word(after)
}

fn items(flows: &[Flow], paragraph: Option<&(u32, String)>, out: &mut BTreeMap<String, Target>) {
    for flow in flows {
        match flow {
            Flow::List(list) => {
                for item in &list.items {
                    if let Some(anchor) = &item.anchor {
                        out.insert(
                            anchor.clone(),
                            Target::Item {
                                label: item.label.clone(),
                                paragraph: paragraph.cloned(),
                            },
                        );
                    }
                    items(&item.content, paragraph, out);
                }
            }
            Flow::Quote(inner) => items(inner, paragraph, out),
            Flow::Para(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{List, ListItem};

    fn reference(anchor: &str, text: &str) -> Ref {
        Ref {
            target: String::new(),
            anchor: anchor.to_string(),
            text: text.to_string(),
            bare: false,
            content: None,
            span: crate::diagnostics::Span::new(0, 0..0),
        }
    }

    fn targets() -> Targets {
        let list = Flow::List(List {
            style: crate::input::ListStyle::Roman,
            items: vec![ListItem {
                label: "(iv)".into(),
                id: None,
                anchor: Some("item-fraud".into()),
                content: vec![],
            }],
        });
        // An item of a paragraph a redline shows removed.
        let removed = Flow::List(List {
            style: crate::input::ListStyle::Roman,
            items: vec![ListItem {
                label: "(ii)".into(),
                id: None,
                anchor: Some("item-gone".into()),
                content: vec![],
            }],
        });
        let mut by_anchor = BTreeMap::new();
        by_anchor.insert("para-18".into(), Target::Paragraph { number: 18 });
        by_anchor.insert(
            "section-cep".into(),
            Target::Section {
                numeral: "I".into(),
            },
        );
        items(&[list], Some(&(8, "para-8".into())), &mut by_anchor);
        items(
            &[removed],
            Some(&(10, "para-removed-10".into())),
            &mut by_anchor,
        );
        Targets { by_anchor }
    }

    fn field(bookmark: &str, result: &str) -> Piece {
        Piece::Field {
            bookmark: bookmark.into(),
            result: result.into(),
        }
    }

    #[test]
    fn a_reference_is_words_and_fields() {
        let t = targets();
        assert_eq!(
            t.pieces(&reference("item-fraud", "item (iv) of paragraph 8")),
            [
                Piece::Text("item ".into()),
                field("item_fraud", "(iv)"),
                Piece::Text(" of paragraph ".into()),
                field("para_8", "8"),
            ]
        );
        assert_eq!(
            t.pieces(&reference("para-18", "paragraphe 18")),
            [Piece::Text("paragraphe ".into()), field("para_18", "18")]
        );
        // The paragraph's field leads to its own bookmark, whatever its
        // number reads.
        assert_eq!(
            t.pieces(&reference("item-gone", "item (ii) of paragraph 10")),
            [
                Piece::Text("item ".into()),
                field("item_gone", "(ii)"),
                Piece::Text(" of paragraph ".into()),
                field("para_removed_10", "10"),
            ]
        );
        // "I" in "Item" or "Section" is not the numeral.
        assert_eq!(
            t.pieces(&reference("section-cep", "Item I")),
            [Piece::Text("Item ".into()), field("section_cep", "I")]
        );
        assert_eq!(
            t.pieces(&reference("para-18", "18")),
            [field("para_18", "18")]
        );
    }

    #[test]
    fn bookmark_names_are_what_word_keeps() {
        assert_eq!(bookmark("para-9"), "para_9");
        assert_eq!(bookmark("9x"), "b9x");
        let long = bookmark(&format!("item-{}", "a".repeat(60)));
        let other = bookmark(&format!("item-{}b", "a".repeat(59)));
        assert_eq!(long.len(), 40);
        assert_ne!(long, other);
    }
}
