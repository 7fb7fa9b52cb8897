//! The translatable texts of a document as the translation exchange sees
//! them: in document order, each with its paragraph number, its state in
//! the lock, and its source cut into segments (one per paragraph or list
//! item, see [`super::inline_codes`]) beside the current translation, if
//! that translation can be cut the same way.

use super::inline_codes::{self, Code, Codes, Leaf, Piece};
use super::{Lock, Place, State, units};
use crate::input::{BlockKind, DocumentInput, Text};

/// One text to translate.
pub struct ExchangeUnit<'a> {
    /// The text's name, as `translations status` gives it:
    /// `revenue/phase-iv`, `revenue/3`, `summary.purpose`.
    pub key: String,
    /// The number of the paragraph it is, if it is a numbered one.
    pub paragraph: Option<u32>,
    pub state: State,
    pub source: &'a Text,
    pub target: Option<&'a Text>,
    /// The codes of the source, by id (unique within the unit).
    pub codes: Codes,
    /// The codes of the current translation where they differ from the
    /// source's: a link's address made the translation's own
    /// (`/fr/` for `/en/`).
    pub own_codes: Codes,
    pub segments: Vec<Segment>,
    pub place: Place,
}

/// One paragraph or list item of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub source: Leaf,
    /// The current translation of this segment, its codes named as the
    /// source's; `None` when there is none, or when it cannot be matched
    /// segment for segment and code for code.
    pub target: Option<Vec<Piece>>,
}

impl ExchangeUnit<'_> {
    /// The codes as the current translation has them.
    pub fn target_codes(&self) -> Codes {
        let mut codes = self.codes.clone();
        codes.extend(self.own_codes.clone());
        codes
    }

    /// An XML name for the unit (XLIFF ids are NMTOKENs, which have no
    /// `/`): `revenue:phase-iv`. Keys never hold a `:`.
    pub fn xml_id(&self) -> String {
        xml_id(&self.key)
    }
}

/// See [`ExchangeUnit::xml_id`].
pub fn xml_id(key: &str) -> String {
    key.replace('/', ":")
}

/// Every text of the document that has a `source` text, in document
/// order, with its state in `lang`.
pub fn exchange_units<'a>(
    input: &'a DocumentInput,
    lock: Option<&Lock>,
    source: &str,
    lang: &str,
) -> Vec<ExchangeUnit<'a>> {
    let states: std::collections::BTreeMap<String, State> = super::status(input, lock)
        .into_iter()
        .filter(|s| s.lang == lang)
        .map(|s| (s.key, s.state))
        .collect();
    let numbers = paragraph_numbers(input);
    let mut out = Vec::new();
    for unit in units(input) {
        let Some(original) = unit.texts.get(source) else {
            continue;
        };
        let target = unit.texts.get(lang);
        let mut codes = Codes::new();
        let mut next_id = 0;
        let leaves = inline_codes::leaves(&original.value, &mut next_id, &mut codes);
        let carried = target.and_then(|t| carry(&leaves, &codes, &t.value));
        let own_codes = carried.as_ref().map(|c| c.1.clone()).unwrap_or_default();
        let segments = leaves
            .into_iter()
            .enumerate()
            .map(|(i, source)| Segment {
                source,
                target: carried.as_ref().map(|c| c.0[i].clone()),
            })
            .collect();
        out.push(ExchangeUnit {
            paragraph: numbers.get(&unit.key).copied(),
            state: states.get(&unit.key).copied().unwrap_or(State::Missing),
            key: unit.key,
            source: original,
            target,
            codes,
            own_codes,
            segments,
            place: unit.place,
        });
    }
    out
}

/// The number of every numbered paragraph by key, counted as the model
/// counts them: straight through the sections.
fn paragraph_numbers(input: &DocumentInput) -> std::collections::BTreeMap<String, u32> {
    let mut out = std::collections::BTreeMap::new();
    let mut number = 0;
    let keys = units(input).into_iter().map(|u| u.key);
    let blocks = input
        .sections
        .iter()
        .flat_map(|s| std::iter::once(None).chain(s.blocks.iter().map(|b| Some(b.kind))));
    // `units` gives the three texts of the summary, then per section its
    // title and its blocks: the same order as `blocks`, after those three.
    for (key, kind) in keys.skip(3).zip(blocks) {
        if kind == Some(BlockKind::Paragraph) {
            number += 1;
            out.insert(key, number);
        }
    }
    out
}

/// The translation cut into the source's segments, each code named as the
/// source's code that means the same, with the codes that are the
/// translation's own (a link or an address of its own, matched with the
/// source's link or address in order); `None` if it cannot be (another
/// number of segments, a code the source does not have).
pub fn carry(
    source: &[Leaf],
    codes: &Codes,
    translation: &str,
) -> Option<(Vec<Vec<Piece>>, Codes)> {
    let mut own = Codes::new();
    let mut next_id = 0;
    let leaves = inline_codes::leaves(translation, &mut next_id, &mut own);
    if leaves.len() != source.len() {
        return None;
    }
    let mut out = Vec::new();
    let mut own_codes = Codes::new();
    for (theirs, ours) in leaves.iter().zip(source) {
        let mut available: Vec<(&String, &Code)> = inline_codes::code_sequence(&ours.pieces)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Open(id) | Piece::Placeholder(id) => Some(id),
                _ => None,
            })
            .filter_map(|id| codes.get(id).map(|c| (id, c)))
            .collect();
        let mut renamed: std::collections::BTreeMap<&str, String> = Default::default();
        let mut pieces = Vec::new();
        for p in &theirs.pieces {
            let piece = match p {
                Piece::Text(t) => Piece::Text(t.clone()),
                Piece::Open(id) | Piece::Placeholder(id) => {
                    let code = own.get(id)?;
                    let at = available
                        .iter()
                        .position(|(_, c)| *c == code)
                        .or_else(|| available.iter().position(|(_, c)| same_kind(c, code)))?;
                    let (source_id, source_code) = available.remove(at);
                    if source_code != code {
                        own_codes.insert(source_id.clone(), code.clone());
                    }
                    renamed.insert(id, source_id.clone());
                    match p {
                        Piece::Open(_) => Piece::Open(source_id.clone()),
                        _ => Piece::Placeholder(source_id.clone()),
                    }
                }
                Piece::Close(id) => Piece::Close(renamed.get(id.as_str())?.clone()),
            };
            pieces.push(piece);
        }
        out.push(pieces);
    }
    Some((out, own_codes))
}

/// Whether a translation may have `b` where the source has `a`: the same
/// code, or a link or an address of its own (a page in its language).
/// References, emphasis and code stay as they are.
pub fn same_kind(a: &Code, b: &Code) -> bool {
    matches!(
        (a, b),
        (Code::Link(x), Code::Link(y)) if !x.starts_with('#') && !y.starts_with('#')
    ) || matches!((a, b), (Code::Autolink(_), Code::Autolink(_)))
        || a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(text: &str) -> (Vec<Leaf>, Codes) {
        let mut codes = Codes::new();
        let mut next = 0;
        (inline_codes::leaves(text, &mut next, &mut codes), codes)
    }

    #[test]
    fn a_translation_is_cut_as_its_source_and_its_codes_renamed() {
        let (source, codes) = leaves("See [](#a) and *b*:\n\n- one [#](#c)\n- two\n");
        let (carried, own) = carry(
            &source,
            &codes,
            "Voir *b* et [](#a) :\n\n- un [#](#c)\n- deux\n",
        )
        .expect("carried");
        assert!(own.is_empty());
        assert_eq!(carried.len(), 3);
        assert_eq!(
            carried[0],
            [
                Piece::Text("Voir ".into()),
                Piece::Open("2".into()),
                Piece::Text("b".into()),
                Piece::Close("2".into()),
                Piece::Text(" et ".into()),
                Piece::Placeholder("1".into()),
                Piece::Text(" :".into()),
            ]
        );
        assert_eq!(carried[1][1], Piece::Placeholder("3".into()));
    }

    #[test]
    fn a_translation_of_another_shape_or_with_other_codes_is_not_carried() {
        let (source, codes) = leaves("- one\n- two\n");
        assert!(carry(&source, &codes, "- un\n").is_none());
        let (source, codes) = leaves("See [](#a).");
        assert!(carry(&source, &codes, "Voir [](#b).").is_none());
        let (source, codes) = leaves("See [this](#a).");
        assert!(carry(&source, &codes, "Voir [ceci](#b).").is_none());
    }

    #[test]
    fn a_translation_may_link_to_a_page_in_its_own_language() {
        let (source, codes) = leaves("See <https://x.org/en> and [this](https://x.org/en/a).");
        let (_, own) = carry(
            &source,
            &codes,
            "Voir <https://x.org/fr> et [ceci](https://x.org/fr/a).",
        )
        .expect("carried");
        assert_eq!(own["1"], Code::Autolink("https://x.org/fr".into()));
        assert_eq!(own["2"], Code::Link("https://x.org/fr/a".into()));
    }
}
