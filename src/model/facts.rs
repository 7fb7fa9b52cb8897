//! The document's facts that a text may name: `{{sessions}}`,
//! `{{previous_sessions}}`, `{{meeting}}`, `{{issued}}`, `{{symbol}}` and
//! `{{committee}}` read in each language as the cover reads them (the
//! same locale functions; the last typographic pass raises French
//! ordinals in them as it does on the cover), so a text follows the
//! document's facts, and `ptcdoc new` moves them on with the document.
//!
//! A name is found in the text as read, never handed to a template
//! engine: a text is data. `\{{` writes the braces themselves.

use std::collections::BTreeMap;
use std::ops::Range;

use super::Inline;
use crate::diagnostics::Diagnostic;
use crate::input::{DocumentInput, Text};
use crate::locale::Locale;
use crate::locale::typography::Typographer;

/// The names a text may use, in the order the README lists them.
pub const NAMES: [&str; 6] = [
    "sessions",
    "previous_sessions",
    "meeting",
    "issued",
    "symbol",
    "committee",
];

/// The facts of one language's document, by name; `None` for a fact the
/// document does not have (the sessions before session 1).
#[derive(Debug, Clone, Default)]
pub struct Facts {
    values: BTreeMap<&'static str, Option<String>>,
}

impl Facts {
    /// The facts in `locale`'s words; `symbol` and `committee` as the
    /// cover shows them.
    pub fn new(input: &DocumentInput, locale: &Locale, symbol: &str, committee: &str) -> Facts {
        let sessions = input.sessions.as_ref().map(|s| s.value.clone());
        let previous = sessions.as_deref().and_then(sessions_before);
        let mut values = BTreeMap::new();
        values.insert("sessions", sessions.map(|s| locale.sessions(&s)));
        values.insert("previous_sessions", previous.map(|s| locale.sessions(&s)));
        let meeting = input.meeting.as_ref().map(|m| locale.date_range(m.value));
        values.insert("meeting", meeting);
        values.insert(
            "issued",
            input.issued.as_ref().map(|d| locale.date(d.value)),
        );
        values.insert("symbol", Some(symbol.to_string()));
        values.insert("committee", Some(committee.to_string()));
        Facts { values }
    }

    /// The fact `name` as this language writes it; `None` for a name
    /// that is no fact, or a fact the document does not have.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name)?.as_deref()
    }
}

/// The sessions before `sessions`, as many as they are: 239 and 240
/// before 241 and 242; none before session 1.
fn sessions_before(sessions: &[u32]) -> Option<Vec<u32>> {
    let back = u32::try_from(sessions.len()).ok()?;
    sessions
        .iter()
        .map(|n| n.checked_sub(back).filter(|&p| p > 0))
        .collect()
}

/// A run of text that pulldown-cmark gives in pieces (it splits at `_`,
/// `&`, `\`): the whole, and where each piece starts in it and in the
/// source, so a name is found across pieces and reported where written.
#[derive(Debug, Default)]
pub struct Run {
    pub whole: String,
    /// (start in `whole`, range in the source, written with a backslash).
    pieces: Vec<(usize, Range<usize>, bool)>,
}

impl Run {
    /// Adds a piece read from `source[range]`. A character written with
    /// a backslash (`\{`) starts a piece of its own, right after the
    /// backslash.
    pub fn push(&mut self, piece: &str, source: &str, range: Range<usize>) {
        let after_previous = self.pieces.last().is_some_and(|p| p.1.end == range.start);
        let escaped = !after_previous
            && range
                .start
                .checked_sub(1)
                .is_some_and(|b| source.as_bytes().get(b) == Some(&b'\\'));
        self.pieces.push((self.whole.len(), range, escaped));
        self.whole.push_str(piece);
    }

    fn piece_at(&self, at: usize) -> Option<&(usize, Range<usize>, bool)> {
        let i = self.pieces.partition_point(|(start, _, _)| *start <= at);
        self.pieces.get(i.checked_sub(1)?)
    }

    /// Where byte `at` of the whole is in the source.
    fn source_at(&self, at: usize) -> usize {
        match self.piece_at(at) {
            Some((start, range, _)) => (range.start + at - start).min(range.end),
            None => 0,
        }
    }

    /// Whether byte `at` of the whole was written with a backslash.
    fn escaped(&self, at: usize) -> bool {
        self.piece_at(at).is_some_and(|p| p.2 && p.0 == at)
    }

    /// The `{{name}}`s of the whole from byte `from`: their ranges in the
    /// whole and their names, trimmed. Braces written `\{` open none.
    pub fn names(&self, from: usize) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        let mut at = from;
        while let Some(open) = self.whole[at..].find("{{").map(|i| at + i) {
            if self.escaped(open) || self.escaped(open + 1) {
                at = open + 1;
                continue;
            }
            let Some(close) = self.whole[open + 2..].find("}}").map(|i| open + 2 + i) else {
                break;
            };
            let name = self.whole[open + 2..close].trim().to_string();
            out.push((open..close + 2, name));
            at = close + 2;
        }
        out
    }
}

/// Typesets the run from byte `from` into `out`: the words through the
/// typographer, each fact as the locale writes it (skipped by the
/// typographer, as what the tool writes is already right). An unknown
/// name is an error where it is written.
pub fn typeset(
    run: &Run,
    from: usize,
    (text, facts): (&Text, &Facts),
    typo: &mut Typographer,
    out: &mut Vec<Inline>,
    found: &mut Vec<Diagnostic>,
) {
    let mut at = from;
    for (range, name) in run.names(from) {
        super::urls::typeset(&run.whole[at..range.start], typo, out);
        let source = run.source_at(range.start)..run.source_at(range.end - 1) + 1;
        match facts.values.get(name.as_str()) {
            Some(Some(value)) => {
                // Set as the cover sets it: after a French opening quote,
                // the space it owes goes before the fact.
                super::urls::owed_space(typo, out);
                typo.skip(value);
                match out.last_mut() {
                    Some(Inline::Text(prev)) => prev.push_str(value),
                    _ => out.push(Inline::Text(value.clone())),
                }
            }
            Some(None) => found.push(Diagnostic::error(
                text.span_of(source),
                format!("`{{{{{name}}}}}`: this document has no such fact (its sessions have none before them)"),
            )),
            None => {
                let mut d = Diagnostic::error(
                    text.span_of(source),
                    format!("unknown fact `{{{{{name}}}}}`"),
                )
                .with_note(format!(
                    "a text may name {}; a backslash before the braces (`\\\\{{{{` in a TOML string) writes them as typed",
                    NAMES.map(|n| format!("{{{{{n}}}}}")).join(", ")
                ));
                if let Some(near) = crate::input::closest(&name, &NAMES) {
                    d = d.with_note(format!("did you mean `{{{{{near}}}}}`?"));
                }
                found.push(d);
            }
        }
        at = range.end;
    }
    super::urls::typeset(&run.whole[at..], typo, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str) -> Run {
        let mut run = Run::default();
        for (event, range) in pulldown_cmark::Parser::new(source).into_offset_iter() {
            if let pulldown_cmark::Event::Text(t) = event {
                run.push(&t, source, range);
            }
        }
        run
    }

    #[test]
    fn names_are_found_across_pieces_and_not_after_a_backslash() {
        let source =
            "since the {{previous_sessions}} and \\{{sessions}} or \\\\{{ meeting }} {\\{x}}";
        let r = run(source);
        let names: Vec<(String, &str)> = r
            .names(0)
            .into_iter()
            .map(|(range, name)| {
                let at = r.source_at(range.start)..r.source_at(range.end - 1) + 1;
                (name, &source[at])
            })
            .collect();
        assert_eq!(
            names,
            [
                ("previous_sessions".to_string(), "{{previous_sessions}}"),
                ("meeting".to_string(), "{{ meeting }}"),
            ]
        );
    }

    /// A fact reads as the tool wrote it, and the French spacing around
    /// it is what typed text would get.
    #[test]
    fn facts_are_set_as_written_within_french_spacing() {
        use crate::diagnostics::{Diagnostics, Span};
        use crate::locale::{BUILTIN, Spacing};
        let fr = Locale::parse(BUILTIN.iter().find(|(c, _)| *c == "fr").unwrap().1).unwrap();
        let mut facts = Facts::default();
        facts.values.insert("symbol", Some("PC0701Fa".to_string()));
        facts
            .values
            .insert("sessions", Some("241e/242e sessions".to_string()));
        let text = Text::detached(
            "fr",
            "Le document \"{{symbol}}\" : les {{ sessions }}.",
            Span::new(0, 0..0),
        );
        let mut diags = Diagnostics::default();
        let typo = Typographer::new(&fr, Spacing::French);
        let flows = super::super::markdown::parse(&text, &[], (&fr, &facts), typo, &mut diags);
        assert!(diags.iter().next().is_none());
        assert_eq!(
            super::super::Flow::plain(&flows),
            "Le document «\u{202f}PC0701Fa\u{202f}»\u{a0}: les 241e/242e sessions."
        );
    }

    #[test]
    fn previous_sessions_go_back_by_as_many_sessions() {
        assert_eq!(sessions_before(&[241, 242]), Some(vec![239, 240]));
        assert_eq!(sessions_before(&[229]), Some(vec![228]));
        assert_eq!(sessions_before(&[1, 2]), None);
        assert_eq!(sessions_before(&[]), Some(vec![]));
    }
}
