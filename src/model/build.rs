//! Builds one language's [`Document`] from the inputs: numbers sections and
//! paragraphs, parses each text's Markdown, formats the facts in the
//! language, and resolves references by id.
//!
//! Problems that do not depend on the language (duplicate ids, unknown
//! locale keys) are found once by [`check_structure`]; problems inside a text are
//! found when that language is built, at the text's own place.

use std::collections::BTreeMap;

use super::facts::Facts;
use super::references::{self, Target, TargetKind};
use super::typeset::Typesetter;
use super::{Block, Document, Flow, Inline, Section, markdown};
use crate::diagnostics::{Diagnostic, Diagnostics, Span};
use crate::input::{BlockKind, DocumentInput, TextSet};
use crate::locale::typography::Typographer;
use crate::locale::{Locale, Spacing, fill, roman};

pub struct BuildOptions<'a> {
    pub locale: &'a Locale,
}

/// The language-neutral checks: ids unique across the document, settings
/// and locale keys known. Run once per document, not once per language.
pub fn check_structure(input: &DocumentInput, locales: &[&Locale], diags: &mut Diagnostics) {
    for (key, table, pick) in [
        (
            &input.committee,
            "committees",
            (|l: &Locale| &l.committees) as fn(&Locale) -> &BTreeMap<String, String>,
        ),
        (&input.place, "places", |l: &Locale| &l.places),
    ] {
        let Some(key) = key else { continue };
        let lacking: Vec<&str> = locales
            .iter()
            .filter(|l| !pick(l).contains_key(&key.value))
            .map(|l| l.code.as_str())
            .collect();
        if !lacking.is_empty() {
            let known: Vec<&str> = locales
                .first()
                .map(|l| pick(l).keys().map(String::as_str).collect())
                .unwrap_or_default();
            diags.push(
                Diagnostic::error(
                    key.span.clone(),
                    format!(
                        "`{}` is not in [{table}] of the {} locale{}",
                        key.value,
                        lacking.join(", "),
                        if lacking.len() > 1 { "s" } else { "" }
                    ),
                )
                .with_note(format!(
                    "known: {}; add it to templates/locale/LANG.toml",
                    known.join(", ")
                )),
            );
        }
    }
    let mut ids: BTreeMap<String, Span> = BTreeMap::new();
    let mut claim = |id: &str, span: &Span, diags: &mut Diagnostics| {
        if let Some(first) = ids.get(id) {
            diags.push(
                Diagnostic::error(span.clone(), format!("duplicate id `{id}`"))
                    .with_related(first.clone(), "first used here"),
            );
        } else {
            ids.insert(id.to_string(), span.clone());
        }
    };
    for section in &input.sections {
        claim(&section.name.value, &section.name.span, diags);
    }
    // List items get their ids in their text (`{#id}`), the same in every
    // language (parity checks that): claim those of the first language.
    let source = input.languages.first().map(|l| l.value.clone());
    for section in &input.sections {
        for block in &section.blocks {
            if let Some(id) = &block.id {
                claim(id.value.as_str(), &id.span, diags);
            }
            if let Some(text) = source.as_ref().and_then(|l| block.texts.get(l)) {
                for (id, range) in super::item_ids(&text.value) {
                    claim(&id, &text.span_of(range), diags);
                }
            }
        }
    }
}

/// Builds the document in `options.locale`'s language. Problems go to
/// `diags`; the document is complete enough to render only when there are
/// none.
pub fn build(input: &DocumentInput, options: &BuildOptions, diags: &mut Diagnostics) -> Document {
    let locale = options.locale;
    let lang = locale.code.as_str();
    let spacing = match (&input.house_style, locale.spacing) {
        // The house style says how French spacing is done; a language
        // without it (English) is not given any.
        (Some(style), Spacing::French) => style.value,
        (_, spacing) => spacing,
    };
    let mut ctx = Builder {
        locale,
        lang,
        spacing,
        diags,
        facts: Facts::default(),
        lists: 0,
    };

    let symbol = input.symbol.as_ref().map_or("", |s| &s.value);
    let suffix = input.suffix.as_ref().map_or("", |s| &s.value);
    let full_symbol = format!("{symbol}{}{suffix}", locale.letter);
    // The running header drops the final letter: PC0608Ea → PC0608E,
    // PC0345E1a → PC0345E1.
    let short_symbol = match full_symbol.chars().last() {
        Some(c) if c.is_ascii_lowercase() => full_symbol[..full_symbol.len() - 1].to_string(),
        _ => full_symbol.clone(),
    };

    let committee = input
        .committee
        .as_ref()
        .map_or(String::new(), |c| ctx.lookup(&locale.committees, c));
    let place = input
        .place
        .as_ref()
        .map_or(String::new(), |p| ctx.lookup(&locale.places, p));
    ctx.facts = Facts::new(input, locale, &full_symbol, &committee);

    let mut targets: BTreeMap<String, Target> = BTreeMap::new();
    let sections = ctx.sections(input, &mut targets);

    let purpose = ctx.flows(&input.purpose, "summary.purpose");
    let action = ctx.flows(&input.action, "summary.action");
    let title = ctx.inline_text(&input.title, "title");
    let typeset = Typesetter::new(locale, spacing);
    let mut doc = Document {
        lang: lang.to_string(),
        html_lang: locale.html_lang.clone(),
        pdf_lang: locale.pdf_lang.clone(),
        hyphenation: locale.hyphenation.clone(),
        hyphenation_exceptions: locale.hyphenation_exceptions.clone(),
        months: locale.months.to_vec(),
        symbol: full_symbol,
        short_symbol,
        sessions: typeset.text(
            &input
                .sessions
                .as_ref()
                .map_or(String::new(), |s| locale.sessions(&s.value)),
        ),
        meeting_dates: typeset.text(
            &input
                .meeting
                .as_ref()
                .map_or(String::new(), |m| locale.date_range(m.value)),
        ),
        dateline: typeset.text(&input.issued.as_ref().map_or(String::new(), |d| {
            fill(
                &locale.dates.dateline,
                &[("place", &place), ("date", &locale.date(d.value))],
            )
        })),
        issued: input.issued.as_ref().map(|d| d.value),
        title,
        agenda_item: input.agenda_item.as_ref().map_or(String::new(), |a| {
            fill(&locale.words.agenda_item, &[("item", &a.value)])
        }),
        item_category: input.item_category.as_ref().map(|c| {
            let text = fill(&locale.words.item_category, &[("category", &c.value)]);
            Typographer::new(locale, spacing).apply(&text)
        }),
        purpose,
        action_heading: fill(&locale.words.action_required, &[("committee", &committee)]),
        action,
        economy: Typographer::new(locale, spacing).apply(&locale.words.economy),
        copyright: Typographer::new(locale, spacing).apply(&fill(
            &locale.words.copyright,
            &[(
                "year",
                &input
                    .issued
                    .as_ref()
                    .map_or(String::new(), |d| d.value.year.to_string()),
            )],
        )),
        words: locale.words.clone(),
        committee,
        sections,
        redline: None,
    };
    resolve_references(&mut doc, &targets, locale, ctx.diags);
    // Ties and ordinals read the text as it will print, references included.
    typeset.document(&mut doc);
    // Only now do references read as they will in print.
    crate::lint::reference_words(&doc, ctx.diags);
    doc
}

struct Builder<'a, 'd> {
    locale: &'a Locale,
    lang: &'a str,
    spacing: Spacing,
    diags: &'d mut Diagnostics,
    /// What a text may name as `{{name}}`, in this language.
    facts: Facts,
    /// The lists read so far (see [`add_item_targets`]).
    lists: usize,
}

impl Builder<'_, '_> {
    /// The sections, numbered, with their paragraphs numbered straight
    /// through; registers what references can lead to.
    fn sections(
        &mut self,
        input: &DocumentInput,
        targets: &mut BTreeMap<String, Target>,
    ) -> Vec<Section> {
        let mut sections = Vec::new();
        let mut number = 0u32;
        for (i, s) in input.sections.iter().enumerate() {
            let numeral = roman(i + 1);
            let anchor = super::section_anchor(&s.name.value);
            targets.insert(
                s.name.value.clone(),
                Target {
                    anchor: anchor.clone(),
                    text: Some(fill(&self.locale.references.section, &[("", &numeral)])),
                    bare: Some(numeral.clone()),
                    kind: TargetKind::Section(i + 1),
                },
            );
            let title = self.inline_text(&s.title, "section title");
            let blocks = s
                .blocks
                .iter()
                .map(|b| self.block(b, &mut number, targets))
                .collect();
            sections.push(Section {
                id: s.name.value.clone(),
                numeral,
                anchor,
                title,
                blocks,
            });
        }
        sections
    }

    /// One block; a paragraph takes the next `number`.
    fn block(
        &mut self,
        b: &crate::input::BlockInput,
        number: &mut u32,
        targets: &mut BTreeMap<String, Target>,
    ) -> Block {
        let locale = self.locale;
        let num = (b.kind == BlockKind::Paragraph).then(|| {
            *number += 1;
            *number
        });
        let anchor = match (num, &b.id) {
            (Some(n), _) => Some(super::paragraph_anchor(n)),
            (None, Some(id)) => Some(id.value.to_string()),
            (None, None) => None,
        };
        let content = match self.text(&b.texts, "block") {
            Some(text) => markdown::parse(
                text,
                &b.lists,
                (locale, &self.facts),
                Typographer::new(locale, self.spacing),
                self.diags,
            ),
            None => Vec::new(),
        };
        if let (Some(id), Some(anchor)) = (&b.id, &anchor) {
            let n = num.map(|n| n.to_string());
            targets.insert(
                id.value.to_string(),
                Target {
                    anchor: anchor.clone(),
                    text: n
                        .as_ref()
                        .map(|n| fill(&locale.references.paragraph, &[("", n)])),
                    bare: n,
                    kind: num.map_or(TargetKind::Unnumbered, TargetKind::Paragraph),
                },
            );
        }
        add_item_targets(&content, (num, &mut self.lists), locale, targets);
        Block {
            id: b.id.as_ref().map(|i| i.value.clone()),
            kind: b.kind,
            number: num,
            anchor,
            content,
        }
    }

    /// The text in this language, or an error naming what lacks it.
    fn text<'t>(&mut self, set: &'t TextSet, what: &str) -> Option<&'t crate::input::Text> {
        let text = set.get(self.lang);
        if text.is_none() {
            let mut d = Diagnostic::error(
                set.span.clone(),
                format!("this {what} has no `{}` text", self.lang),
            );
            if let Some(other) = set.iter().next() {
                d = d.with_note(format!(
                    "add `{} = \"...\"` next to its `{}` text",
                    self.lang, other.lang
                ));
            }
            self.diags.push(d);
        }
        text
    }

    fn flows(&mut self, set: &TextSet, what: &str) -> Vec<Flow> {
        match self.text(set, what) {
            Some(t) => markdown::parse(
                t,
                &[],
                (self.locale, &self.facts),
                Typographer::new(self.locale, self.spacing),
                self.diags,
            ),
            None => Vec::new(),
        }
    }

    /// A one-line text (a title): its Markdown must be a single paragraph.
    fn inline_text(&mut self, set: &TextSet, what: &str) -> Vec<Inline> {
        let Some(text) = self.text(set, what) else {
            return Vec::new();
        };
        let flows = markdown::parse(
            text,
            &[],
            (self.locale, &self.facts),
            Typographer::new(self.locale, self.spacing),
            self.diags,
        );
        match flows.as_slice() {
            [] => Vec::new(),
            [Flow::Para(inlines)] => inlines.clone(),
            _ => {
                self.diags.error(
                    text.span.clone(),
                    format!("a {what} is one line of text, without lists or paragraphs"),
                );
                Vec::new()
            }
        }
    }

    /// A key of the locale (a committee, a place) in this language; an
    /// unknown key is reported once by [`check_structure`].
    fn lookup(
        &self,
        table: &BTreeMap<String, String>,
        key: &crate::input::Located<String>,
    ) -> String {
        table
            .get(&key.value)
            .cloned()
            .unwrap_or_else(|| key.value.clone())
    }
}

/// Registers every list item that has an id, giving its anchor.
/// `lists` counts the lists of the document, so that a reference to
/// several items knows which are of one list.
fn add_item_targets(
    flows: &[Flow],
    (paragraph, lists): (Option<u32>, &mut usize),
    locale: &Locale,
    targets: &mut BTreeMap<String, Target>,
) {
    for flow in flows {
        match flow {
            Flow::List(list) => {
                *lists += 1;
                let this_list = *lists;
                for (index, item) in list.items.iter().enumerate() {
                    if let Some(id) = &item.id {
                        let numbered = list.style.is_ordered();
                        let text = match (paragraph, numbered) {
                            (Some(p), true) => Some(fill(
                                &locale.references.item,
                                &[("item", &item.label), ("paragraph", &p.to_string())],
                            )),
                            _ => None,
                        };
                        let kind = match numbered {
                            true => TargetKind::Item {
                                list: this_list,
                                index: index + 1,
                                paragraph,
                            },
                            false => TargetKind::Unnumbered,
                        };
                        targets.insert(
                            id.to_string(),
                            Target {
                                anchor: super::item_anchor(id),
                                text,
                                bare: numbered.then(|| item.label.clone()),
                                kind,
                            },
                        );
                    }
                    add_item_targets(&item.content, (paragraph, lists), locale, targets);
                }
            }
            Flow::Quote(inner) => add_item_targets(inner, (paragraph, lists), locale, targets),
            Flow::Para(_) => {}
        }
    }
}

/// Fills every reference with its target's anchor and text.
fn resolve_references(
    doc: &mut Document,
    targets: &BTreeMap<String, Target>,
    locale: &Locale,
    diags: &mut Diagnostics,
) {
    // Problems are grouped by text, so that one unknown id used all
    // through a text is shown a few times and counted.
    let mut found = Vec::new();
    let paragraph = |inlines: &mut Vec<Inline>, found: &mut Vec<Diagnostic>| {
        for i in inlines.iter_mut() {
            walk_inline(i, &mut |i| resolve(i, targets, found));
        }
        references::expand(inlines, targets, locale, found);
    };
    for f in doc.purpose.iter_mut() {
        walk_paragraphs(f, &mut |p| paragraph(p, &mut found));
    }
    super::push_grouped(diags, std::mem::take(&mut found));
    for f in doc.action.iter_mut() {
        walk_paragraphs(f, &mut |p| paragraph(p, &mut found));
    }
    super::push_grouped(diags, std::mem::take(&mut found));
    for section in &mut doc.sections {
        paragraph(&mut section.title, &mut found);
        super::push_grouped(diags, std::mem::take(&mut found));
        for block in &mut section.blocks {
            for f in &mut block.content {
                walk_paragraphs(f, &mut |p| paragraph(p, &mut found));
            }
            super::push_grouped(diags, std::mem::take(&mut found));
        }
    }
    // Item anchors are known only now that targets are complete.
    for section in &mut doc.sections {
        for block in &mut section.blocks {
            for f in &mut block.content {
                set_item_anchors(f);
            }
        }
    }
}

/// Fills one reference with its target's anchor and text.
fn resolve(inline: &mut Inline, targets: &BTreeMap<String, Target>, found: &mut Vec<Diagnostic>) {
    let Inline::Ref(r) = inline else { return };
    if references::is_several(r) {
        return;
    }
    let Some(target) = targets.get(&r.target) else {
        let known: Vec<&str> = targets.keys().map(String::as_str).collect();
        let mut d = Diagnostic::error(
            r.span.clone(),
            format!(
                "unknown reference `#{}`: no section, paragraph or list item has this id",
                r.target
            ),
        );
        if let Some(near) = crate::input::closest(&r.target, &known) {
            d = d.with_note(format!("did you mean `#{near}`?"));
        }
        found.push(d);
        return;
    };
    r.anchor = target.anchor.clone();
    let text = if r.bare { &target.bare } else { &target.text };
    match (text, &r.content) {
        (Some(t), _) => r.text = t.clone(),
        (None, Some(_)) => {}
        (None, None) => found.push(Diagnostic::error(
            r.span.clone(),
            format!(
                "`#{}` has no number to show; write the link's words: [words](#{})",
                r.target, r.target
            ),
        )),
    }
}

fn set_item_anchors(flow: &mut Flow) {
    match flow {
        Flow::List(list) => {
            for item in &mut list.items {
                if let Some(id) = &item.id {
                    item.anchor = Some(super::item_anchor(id));
                }
                for f in &mut item.content {
                    set_item_anchors(f);
                }
            }
        }
        Flow::Quote(inner) => inner.iter_mut().for_each(set_item_anchors),
        Flow::Para(_) => {}
    }
}

/// Calls `f` on every paragraph of a flow.
fn walk_paragraphs(flow: &mut Flow, f: &mut impl FnMut(&mut Vec<Inline>)) {
    match flow {
        Flow::Para(inlines) => f(inlines),
        Flow::Quote(inner) => inner.iter_mut().for_each(|x| walk_paragraphs(x, f)),
        Flow::List(list) => {
            for item in &mut list.items {
                item.content.iter_mut().for_each(|x| walk_paragraphs(x, f));
            }
        }
    }
}

fn walk_inline(inline: &mut Inline, f: &mut impl FnMut(&mut Inline)) {
    f(inline);
    match inline {
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Superscript(c)
        | Inline::Revised { content: c, .. }
        | Inline::Link { content: c, .. } => c.iter_mut().for_each(|i| walk_inline(i, f)),
        Inline::Ref(r) => {
            if let Some(c) = &mut r.content {
                c.iter_mut().for_each(|i| walk_inline(i, f));
            }
        }
        _ => {}
    }
}
