//! Bringing translations back from an XLIFF file into the TOML inputs.
//!
//! All or nothing: every unit is checked first (its id is a text of the
//! document, its source is the current source text, its target keeps the
//! source's inline codes in order, the text it makes keeps the document's
//! lists), and any problem refuses the whole file, located in the XLIFF
//! file. Then each changed text is written into its TOML file with
//! toml_edit, which keeps comments and layout; a text whose target reads
//! exactly as its current translation is not written at all, so importing
//! an untouched export changes no byte.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::inline_codes::{self, Code, Codes, Piece};
use super::segments::{ExchangeUnit, exchange_units};
use super::xliff::{self, XliffFile, XliffUnit};
use super::{Lock, Place, Step, fingerprint};
use crate::diagnostics::{Diagnostic, Diagnostics, FileId, Sources, Span};
use crate::input::DocumentInput;

/// What an import will write, once every unit passed.
pub struct Plan {
    /// Files to replace, by path relative to the document folder.
    pub files: Vec<(PathBuf, String)>,
    /// The lock as it becomes, if it changes.
    pub lock: Option<Lock>,
    /// The keys of the texts written.
    pub written: Vec<String>,
    /// Units whose target reads as the current translation.
    pub unchanged: usize,
    /// Units left alone for lack of a target in some segment.
    pub incomplete: Vec<String>,
    /// Texts recorded as accepted in the lock.
    pub accepted: usize,
}

/// One text to write: its place and its new value in `lang`.
struct Change {
    key: String,
    place: Place,
    value: String,
    /// The `<unit>` it comes from, for errors found when writing.
    at: Span,
}

/// Checks the XLIFF text `text` (read from `path`) against the document
/// and plans what to write. `accept` records the imported texts as
/// accepted; without it they are left "not accepted" in the lock.
pub fn plan(
    input: &DocumentInput,
    lock: Option<&Lock>,
    sources: &mut Sources,
    path: &std::path::Path,
    text: String,
    accept: bool,
) -> Result<Plan, Diagnostics> {
    let file = sources.add(path, text);
    let mut diags = Diagnostics::default();
    let parsed = match xliff::parse(file, sources.text(file)) {
        Ok(p) => p,
        Err(found) => {
            found.into_iter().for_each(|d| diags.push(d));
            return Err(diags);
        }
    };
    let Some((source, lang)) = languages(input, &parsed, file, &mut diags) else {
        return Err(diags);
    };
    let units = exchange_units(input, lock, &source, &lang);
    let by_id: BTreeMap<String, &ExchangeUnit> = units.iter().map(|u| (u.xml_id(), u)).collect();
    let mut changes = Vec::new();
    let mut plan = Plan {
        files: Vec::new(),
        lock: None,
        written: Vec::new(),
        unchanged: 0,
        incomplete: Vec::new(),
        accepted: 0,
    };
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    let mut to_accept = Vec::new();
    for x in &parsed.units {
        let at = Span::new(file, x.at.clone());
        if let Some(first) = seen.insert(&x.id, at.clone()) {
            diags.push(
                Diagnostic::error(at, format!("unit `{}` is given twice", x.id))
                    .with_related(first, "first given here"),
            );
            continue;
        }
        let Some(unit) = by_id.get(&x.id) else {
            diags.push(unknown_unit(&x.id, at, &units));
            continue;
        };
        let Some(targets) = check_unit(unit, x, file, &mut diags) else {
            continue;
        };
        let Some((targets, codes)) = targets else {
            plan.incomplete.push(unit.key.clone());
            continue;
        };
        let confirmed = x
            .segments
            .iter()
            .all(|s| s.state.as_deref().is_some_and(|st| st != "initial"));
        if confirmed {
            to_accept.push(unit.key.clone());
        }
        if unchanged(unit, &targets, &codes) {
            plan.unchanged += 1;
            continue;
        }
        match translated_text(unit, &targets, &codes) {
            Ok(value) => changes.push(Change {
                key: unit.key.clone(),
                place: unit.place.clone(),
                value,
                at,
            }),
            Err((segment, message)) => {
                let at = x
                    .segments
                    .get(segment)
                    .and_then(|s| s.target.as_ref())
                    .map_or(x.at.clone(), |(_, r)| r.clone());
                diags.push(
                    Diagnostic::error(Span::new(file, at), message)
                        .with_related(unit.source.span_of(0..0), format!("the `{source}` text")),
                );
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    plan.files = write_changes(input, sources, &changes, &lang, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    plan.written = changes.iter().map(|c| c.key.clone()).collect();
    plan.lock = new_lock(
        input,
        lock,
        &source,
        &lang,
        &plan.written,
        accept.then_some(&to_accept),
    );
    plan.accepted = if accept { to_accept.len() } else { 0 };
    Ok(plan)
}

/// The document's source language and the file's target language, if the
/// file's languages are the document's.
fn languages(
    input: &DocumentInput,
    parsed: &XliffFile,
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<(String, String)> {
    let declared: Vec<&str> = input.languages.iter().map(|l| l.value.as_str()).collect();
    let (&source, targets) = declared.split_first()?;
    // Tools often write a region ("fr-FR"): the language is what counts.
    let same = |written: &str, ours: &str| {
        let written = written.to_ascii_lowercase();
        written == ours
            || written
                .strip_prefix(ours)
                .is_some_and(|r| r.starts_with('-'))
    };
    let at = Span::new(file, parsed.root.clone());
    if !same(&parsed.source, source) {
        diags.push(Diagnostic::error(
            at.clone(),
            format!(
                "this file translates from `{}`, but the document's source language is `{source}`",
                parsed.source
            ),
        ));
        return None;
    }
    match targets.iter().find(|t| same(&parsed.target, t)) {
        Some(lang) => Some((source.to_string(), lang.to_string())),
        None => {
            diags.push(
                Diagnostic::error(
                    at,
                    format!(
                        "this file translates into `{}`, which is not a language of the document",
                        parsed.target
                    ),
                )
                .with_note(format!(
                    "the document is translated into: {}",
                    targets.join(", ")
                )),
            );
            None
        }
    }
}

fn unknown_unit(id: &str, at: Span, units: &[ExchangeUnit]) -> Diagnostic {
    let known: Vec<String> = units.iter().map(ExchangeUnit::xml_id).collect();
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    let mut d = Diagnostic::error(
        at,
        format!("no text `{}` in this document", id.replace(':', "/")),
    );
    if let Some(near) = crate::input::closest(id, &known) {
        d = d.with_note(format!("did you mean `{near}`?"));
    }
    d
}

/// Checks one unit against the document. `None` when it is refused (the
/// reasons are in `diags`); `Some(None)` when a segment has no target;
/// else the target of each segment, tidied, and the codes of the target
/// (the source's, with the link addresses the target gives its own).
fn check_unit(
    unit: &ExchangeUnit,
    x: &XliffUnit,
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<Option<(Vec<Vec<Piece>>, Codes)>> {
    let at = Span::new(file, x.at.clone());
    let stale = |what: String| {
        Diagnostic::error(
            at.clone(),
            format!(
                "the source of `{}` no longer matches the document: {what}",
                unit.key
            ),
        )
        .with_related(unit.source.span_of(0..0), "the current text")
        .with_note(format!(
            "export `{}` again and translate the current text",
            unit.key
        ))
    };
    if x.segments.len() != unit.segments.len() {
        diags.push(stale(format!(
            "it has {} segment(s), the current text {}",
            x.segments.len(),
            unit.segments.len()
        )));
        return None;
    }
    for (i, (theirs, ours)) in x.segments.iter().zip(&unit.segments).enumerate() {
        let same_text = inline_codes::normalize(&theirs.source) == ours.source.pieces;
        let same_codes = theirs.source_refs.iter().all(|(code, data)| {
            let Some(written) = x.data.get(data) else {
                return true;
            };
            let id = code.trim_end_matches(['s', 'e']);
            unit.codes.get(id).is_some_and(|c| {
                let expected = match code.strip_prefix(id) {
                    Some("e") => c.markdown_end(),
                    _ => c.markdown_start(),
                };
                *written == expected
            })
        });
        if !same_text || !same_codes {
            diags.push(stale(format!("segment {} differs", i + 1)));
            return None;
        }
    }
    let mut targets = Vec::new();
    let mut complete = true;
    for (i, (theirs, ours)) in x.segments.iter().zip(&unit.segments).enumerate() {
        let Some((pieces, target_at)) = &theirs.target else {
            complete = false;
            continue;
        };
        let tidied = inline_codes::tidy(pieces, true);
        // The current translation as it is, codes and all, is no change:
        // one written before a code existed (a fact typed by hand) comes
        // back untouched rather than refused.
        let as_it_is = ours.target.as_ref().is_some_and(|current| {
            let codes = unit.target_codes();
            inline_codes::tokens(current, &codes) == inline_codes::tokens(&tidied, &codes)
        });
        let problem = inline_codes::code_problem(&ours.source.pieces, &tidied);
        if let Some(problem) = problem.filter(|_| !as_it_is) {
            diags.push(
                Diagnostic::error(
                    Span::new(file, target_at.clone()),
                    format!("segment {} of `{}`: {problem}", i + 1, unit.key),
                )
                .with_note("keep every inline code of the source, once each, in its order"),
            );
            return None;
        }
        targets.push(tidied);
    }
    let mut codes = unit.codes.clone();
    for theirs in &x.segments {
        for (code, data) in &theirs.target_refs {
            let Some(written) = x.data.get(data) else {
                continue;
            };
            match own_address(&unit.codes, code, written) {
                Ok(Some((id, own))) => {
                    codes.insert(id, own);
                }
                Ok(None) => {}
                Err(problem) => {
                    let at = theirs
                        .target
                        .as_ref()
                        .map_or(x.at.clone(), |(_, r)| r.clone());
                    diags.push(Diagnostic::error(
                        Span::new(file, at),
                        format!("`{}`, data `{data}`: {problem}", unit.key),
                    ));
                    return None;
                }
            }
        }
    }
    Some(complete.then_some((targets, codes)))
}

/// The code a target's data makes of the source's code `code` (`3`, or
/// `3e` for the end of a pair): a link or an address of the target's own,
/// if the data gives another one. The data of any other code is the
/// source's, whatever the file says.
fn own_address(codes: &Codes, code: &str, written: &str) -> Result<Option<(String, Code)>, String> {
    let (id, end) = match code.strip_suffix('e') {
        Some(id) if codes.get(id).is_some_and(Code::is_paired) => (id, true),
        _ => (code, false),
    };
    let own = match (codes.get(id), end) {
        (Some(Code::Link(url)), true) if !url.starts_with('#') => {
            let dest = written
                .strip_prefix("](")
                .and_then(|d| d.strip_suffix(')'))
                .ok_or("a link's end must read `](address)`")?;
            let dest = dest
                .strip_prefix('<')
                .and_then(|d| d.strip_suffix('>'))
                .unwrap_or(dest);
            Code::Link(dest.to_string())
        }
        (Some(Code::Autolink(_)), false) => {
            let dest = written
                .strip_prefix('<')
                .and_then(|d| d.strip_suffix('>'))
                .ok_or("an address must read `<address>`")?;
            Code::Autolink(dest.to_string())
        }
        _ => return Ok(None),
    };
    let (Code::Link(dest) | Code::Autolink(dest)) = &own else {
        return Ok(None);
    };
    let mail = dest.contains('@') && matches!(own, Code::Autolink(_));
    let allowed = !dest.starts_with('#') && (crate::model::link_allowed(dest) || mail);
    if !allowed || dest.contains(|c: char| c.is_whitespace() || c == '<' || c == '>') {
        return Err(format!("`{dest}` is not an address a link may have"));
    }
    Ok((codes.get(id) != Some(&own)).then(|| (id.to_string(), own)))
}

/// Whether the targets read as the current translation.
fn unchanged(unit: &ExchangeUnit, targets: &[Vec<Piece>], codes: &Codes) -> bool {
    let current_codes = unit.target_codes();
    unit.segments.iter().zip(targets).all(|(s, t)| {
        s.target.as_ref().is_some_and(|current| {
            inline_codes::tokens(current, &current_codes) == inline_codes::tokens(t, codes)
        })
    })
}

/// The new translation: the current one (or, failing it, the source) with
/// each segment's text replaced by its target, then checked to read back
/// as the targets and to keep the source's lists. An error names the
/// segment at fault (0-based) and says why.
fn translated_text(
    unit: &ExchangeUnit,
    targets: &[Vec<Piece>],
    codes: &Codes,
) -> Result<String, (usize, String)> {
    let current_codes = unit.target_codes();
    let carried = unit.segments.iter().all(|s| s.target.is_some());
    let base = match (carried, unit.target) {
        (true, Some(t)) => t.value.clone(),
        _ => unit.source.value.clone(),
    };
    let mut scratch = Codes::new();
    let leaves = inline_codes::leaves(&base, &mut 0, &mut scratch);
    let mut text = base.clone();
    for (i, (leaf, target)) in leaves.iter().zip(targets).enumerate().rev() {
        // A segment that reads as it did keeps its lines.
        let same = carried
            && unit.segments[i].target.as_ref().is_some_and(|current| {
                inline_codes::tokens(current, &current_codes) == inline_codes::tokens(target, codes)
            });
        if same {
            continue;
        }
        let markdown = inline_codes::to_markdown(target, codes, &leaf.prefix)
            .map_err(|e| (i, format!("segment {} of `{}`: {e}", i + 1, unit.key)))?;
        text.replace_range(leaf.range.clone(), &markdown);
    }
    let lang = unit.target.map_or("target", |t| t.lang.as_str());
    if let Some(what) =
        crate::model::structure_difference(&unit.source.value, &text, &unit.source.lang, lang)
    {
        let segment = first_line_break(targets).unwrap_or(0);
        return Err((
            segment,
            format!(
                "the translation of `{}` would break list parity: {what}",
                unit.key
            ),
        ));
    }
    let mut read = Codes::new();
    let reread = inline_codes::leaves(&text, &mut 0, &mut read);
    if reread.len() != targets.len() {
        let segment = first_line_break(targets).unwrap_or(0);
        return Err((
            segment,
            format!(
                "the translation of `{}` would have {} paragraph(s) or item(s), the source {}",
                unit.key,
                reread.len(),
                targets.len()
            ),
        ));
    }
    for (i, (leaf, target)) in reread.iter().zip(targets).enumerate() {
        if inline_codes::tokens(&leaf.pieces, &read) != inline_codes::tokens(target, codes) {
            return Err((
                i,
                format!(
                    "segment {} of `{}` cannot be written as Markdown that reads back the same \
                     (is a code's text starting or ending with punctuation?)",
                    i + 1,
                    unit.key
                ),
            ));
        }
    }
    Ok(text)
}

/// The first segment whose target holds a line break.
fn first_line_break(targets: &[Vec<Piece>]) -> Option<usize> {
    targets.iter().position(|t| {
        t.iter()
            .any(|p| matches!(p, Piece::Text(s) if s.contains('\n')))
    })
}

/// Applies the changes to their files with toml_edit; returns the new
/// text of each changed file, by path relative to the document folder.
fn write_changes(
    input: &DocumentInput,
    sources: &Sources,
    changes: &[Change],
    lang: &str,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, String)> {
    let mut by_file: BTreeMap<FileId, Vec<&Change>> = BTreeMap::new();
    for c in changes {
        by_file.entry(c.place.file).or_default().push(c);
    }
    let mut out = Vec::new();
    for (file, changes) in by_file {
        let relative = match sources.path(file).strip_prefix(&input.dir) {
            Ok(p) => p.to_path_buf(),
            Err(_) => PathBuf::from(sources.path(file)),
        };
        let mut doc: toml_edit::DocumentMut = match sources.text(file).parse() {
            Ok(d) => d,
            Err(e) => {
                diags.push(Diagnostic::general(format!(
                    "cannot edit {}: {e}",
                    relative.display()
                )));
                continue;
            }
        };
        for c in changes {
            if let Err(e) = set_text(&mut doc, &c.place.path, lang, &c.value) {
                diags.push(Diagnostic::error(
                    c.at.clone(),
                    format!("cannot write `{}` into {}: {e}", c.key, relative.display()),
                ));
            }
        }
        // toml_edit writes the lines it makes with LF: a CRLF file stays CRLF.
        let mut text = doc.to_string();
        if sources.text(file).contains("\r\n") {
            text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        out.push((relative, text));
    }
    out
}

/// Sets the `lang` text of the table at `path`, keeping the decoration
/// (spaces, comments) around a value it replaces.
fn set_text(
    doc: &mut toml_edit::DocumentMut,
    path: &[Step],
    lang: &str,
    value: &str,
) -> Result<(), String> {
    let table = table_at(doc.as_table_mut(), path).ok_or("its table is not where it was read")?;
    let mut new = toml_string(value)?;
    match table.get_mut(lang) {
        Some(item) => {
            let old = item
                .as_value()
                .ok_or_else(|| format!("`{lang}` is not a string"))?;
            *new.decor_mut() = old.decor().clone();
            *item = toml_edit::Item::Value(new);
        }
        None => {
            table.insert(lang, toml_edit::Item::Value(new));
        }
    }
    Ok(())
}

fn table_at<'a>(
    mut table: &'a mut dyn toml_edit::TableLike,
    path: &[Step],
) -> Option<&'a mut dyn toml_edit::TableLike> {
    let mut steps = path.iter().peekable();
    while let Some(step) = steps.next() {
        let Step::Key(key) = step else { return None };
        let item = table.get_mut(key)?;
        table = match steps.peek() {
            Some(Step::Index(i)) => {
                steps.next();
                match item {
                    toml_edit::Item::ArrayOfTables(a) => a.get_mut(*i)?,
                    toml_edit::Item::Value(toml_edit::Value::Array(a)) => {
                        a.get_mut(*i)?.as_inline_table_mut()?
                    }
                    _ => return None,
                }
            }
            _ => item.as_table_like_mut()?,
        };
    }
    Some(table)
}

/// A TOML string holding `text`: on several lines as `"""` strings are
/// written in the inputs when it has line ends, else on one line.
fn toml_string(text: &str) -> Result<toml_edit::Value, String> {
    if !text.contains('\n') {
        return Ok(toml_edit::Value::from(text));
    }
    let mut raw = String::from("\"\"\"\n");
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' => raw.push_str("\\\\"),
            // Never three quotes in a row, nor one against the closing ones.
            '"' if chars.get(i + 1).is_none_or(|n| *n == '"') => raw.push_str("\\\""),
            // A line end is written in the file's style (see `write_changes`).
            '\r' if chars.get(i + 1) == Some(&'\n') => {}
            '\r' => raw.push_str("\\r"),
            '\n' | '\t' => raw.push(c),
            c if c.is_control() => raw.push_str(&format!("\\u{:04X}", c as u32)),
            c => raw.push(c),
        }
    }
    raw.push_str("\"\"\"");
    raw.parse::<toml_edit::Value>().map_err(|e| e.to_string())
}

/// The lock after the import: texts written without `--accept` are no
/// longer accepted; with it, every confirmed unit (`accept`) is.
fn new_lock(
    input: &DocumentInput,
    lock: Option<&Lock>,
    source: &str,
    lang: &str,
    written: &[String],
    accept: Option<&Vec<String>>,
) -> Option<Lock> {
    let mut new = lock.cloned().unwrap_or_else(|| Lock {
        source: source.to_string(),
        accepted: BTreeMap::new(),
    });
    let entries = new.accepted.entry(lang.to_string()).or_default();
    for key in written {
        entries.remove(key);
    }
    if let Some(keys) = accept {
        for unit in super::units(input) {
            if keys.contains(&unit.key)
                && let Some(original) = unit.texts.get(source)
            {
                entries.insert(unit.key.clone(), fingerprint(&original.value));
            }
        }
    }
    if new.accepted.get(lang).is_some_and(BTreeMap::is_empty) {
        new.accepted.remove(lang);
    }
    // No lock and nothing to record: no lock is written.
    if lock.is_none() && new.accepted.is_empty() {
        return None;
    }
    (Some(&new) != lock).then_some(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translations::exchange::{self, Loaded};
    use crate::translations::xliff::Only;

    /// Every cut of a real export, and exports with their markup mixed
    /// up, are refused or taken, and never make the import panic.
    #[test]
    fn cut_or_mangled_files_never_panic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/pc0608");
        let mut loaded = Loaded::load(&dir).unwrap();
        let (text, _) = exchange::export(&loaded, Some("fr"), Only::All).unwrap();
        let path = std::path::Path::new("cut.xlf");
        let mut texts: Vec<String> = (0..text.len())
            .step_by(37)
            .filter(|&i| text.is_char_boundary(i))
            .map(|i| text[..i].to_string())
            .collect();
        for (from, to) in [
            ("<pc ", "<ph "),
            ("</pc>", ""),
            ("<ph ", "<pc "),
            ("<segment ", "<ignorable "),
            ("<target>", "<target><sc id=\"1\"/>"),
            ("</source>", "</source><source>x</source>"),
            (" id=\"", " xid=\""),
            ("<data ", "<data xml:space=\"preserve\" "),
        ] {
            texts.push(text.replace(from, to));
        }
        for cut in texts {
            let lock = loaded.lock.clone();
            let _ = plan(
                &loaded.input,
                lock.as_ref(),
                &mut loaded.sources,
                path,
                cut,
                true,
            );
        }
        // The whole file is taken, unchanged.
        let lock = loaded.lock.clone();
        let whole = plan(
            &loaded.input,
            lock.as_ref(),
            &mut loaded.sources,
            path,
            text,
            false,
        );
        assert!(whole.is_ok_and(|p| p.files.is_empty() && p.lock.is_none()));
    }

    #[test]
    fn multi_line_strings_keep_their_text() {
        for text in [
            "a\nb \"c\"\n",
            "say \"\"\"\n",
            "back\\slash\n\"",
            "tab\there\n",
        ] {
            let value = toml_string(text).unwrap();
            assert_eq!(value.as_str(), Some(text), "{value}");
            let doc: toml_edit::DocumentMut = format!("fr = {value}\n").parse().unwrap();
            assert_eq!(doc["fr"].as_str(), Some(text));
        }
    }

    #[test]
    fn a_value_is_replaced_with_its_comment_and_a_missing_one_added() {
        let mut doc: toml_edit::DocumentMut =
            "[[blocks]]\nen = \"A\"\nfr = \"B\"   # kept\n[[blocks]]\nen = \"C\"\n"
                .parse()
                .unwrap();
        let first = [Step::Key("blocks".into()), Step::Index(0)];
        set_text(&mut doc, &first, "fr", "b").unwrap();
        let second = [Step::Key("blocks".into()), Step::Index(1)];
        set_text(&mut doc, &second, "fr", "c\nd\n").unwrap();
        assert_eq!(
            doc.to_string(),
            "[[blocks]]\nen = \"A\"\nfr = \"b\"   # kept\n[[blocks]]\nen = \"C\"\nfr = \"\"\"\nc\nd\n\"\"\"\n"
        );
    }
}
