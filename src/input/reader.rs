//! Reads typed fields out of a parsed TOML tree that keeps the byte span of
//! every key and value, collecting every problem instead of stopping at the
//! first (serde's derive stops at the first error of a file).
//!
//! A [`Table`] hands out fields by name and remembers which it handed out;
//! [`Table::finish`] then reports every key nobody asked for as unknown.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, Span};

/// A value with the place it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}

/// Everything a reader needs to report problems in one file.
pub struct Ctx<'d> {
    pub file: FileId,
    pub source: &'d str,
    pub diags: RefCell<&'d mut Diagnostics>,
    /// Set when something written could not be read: a text missing or
    /// not a string, a misspelt key beside the key it was meant to be.
    /// The checks after loading would report it again (as a missing
    /// translation, say).
    pub lost: Cell<bool>,
}

impl<'d> Ctx<'d> {
    pub fn new(file: FileId, source: &'d str, diags: &'d mut Diagnostics) -> Self {
        Ctx {
            file,
            source,
            diags: RefCell::new(diags),
            lost: Cell::new(false),
        }
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    /// From `start` to the end of its line. A `start` the parser gave for
    /// input it recovered from is not trusted to be a character boundary.
    pub fn rest_of_line(&self, start: usize) -> Range<usize> {
        let mut start = start.min(self.source.len());
        while !self.source.is_char_boundary(start) {
            start -= 1;
        }
        let end = self.source[start..]
            .find('\n')
            .map_or(self.source.len(), |i| start + i);
        start..end
    }

    pub fn error(&self, range: Range<usize>, message: impl Into<String>) {
        self.push(Diagnostic::error(self.span(range), message));
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.diags.borrow_mut().push(diagnostic);
    }
}

/// What a value's type is, in the words of the TOML specification.
fn type_name(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A TOML table being read.
pub struct Table<'a, 'i> {
    /// The span of the table itself, for "missing field" errors.
    pub range: Range<usize>,
    /// Dotted path of this table ("sections.introduction"), for messages.
    pub path: String,
    entries: &'a DeTable<'i>,
    used: RefCell<BTreeSet<String>>,
    /// The keys this table may have, once [`Table::expect`] said so: a
    /// misspelt key is then read as the absent key it is nearest to, so
    /// that the typo is one error, not also a "missing" one.
    known: Vec<String>,
}

impl<'a, 'i> Table<'a, 'i> {
    pub fn new(path: &str, range: Range<usize>, entries: &'a DeTable<'i>) -> Self {
        Table {
            range,
            path: path.to_string(),
            entries,
            used: RefCell::new(BTreeSet::new()),
            known: Vec::new(),
        }
    }

    /// Declares the keys the table may have (see [`Table::finish`]).
    pub fn expect(mut self, known: &[&str]) -> Self {
        self.known = known.iter().map(|k| k.to_string()).collect();
        self
    }

    fn find(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    /// The absent known key that an unknown key of this table is nearest
    /// to, if any: the key it was surely meant to be.
    fn meant(&self, name: &str) -> Option<&str> {
        if self.known.iter().any(|k| k == name) {
            return None;
        }
        let absent: Vec<&str> = self
            .known
            .iter()
            .map(String::as_str)
            .filter(|k| self.find(k).is_none())
            .collect();
        closest(name, &absent)
    }

    /// The entry for `key`, or the misspelt entry meant for it.
    fn lookup(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        if let Some(v) = self.find(key) {
            return Some(v);
        }
        let mut typos: Vec<_> = self
            .entries
            .iter()
            .filter(|(k, _)| self.meant(k.get_ref()) == Some(key))
            .collect();
        typos.sort_by_key(|(k, _)| k.span().start);
        typos.first().map(|&(_, v)| v)
    }

    /// Reads `value` as a table, or reports that it is not one.
    pub fn from_value(
        ctx: &Ctx,
        path: &str,
        value: &'a Spanned<DeValue<'i>>,
    ) -> Option<Table<'a, 'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(Table::new(path, value.span(), t)),
            other => {
                ctx.error(
                    value.span(),
                    format!("`{path}` must be a table, found {}", type_name(other)),
                );
                None
            }
        }
    }

    fn child_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The raw value of `key`, marking it as known.
    pub fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.used.borrow_mut().insert(key.to_string());
        self.lookup(key)
    }

    /// Every entry, key span included, marking them all as known.
    pub fn entries(&self, ctx: &Ctx) -> Vec<(Located<String>, &'a Spanned<DeValue<'i>>)> {
        self.entries
            .iter()
            .map(|(k, v)| {
                self.used.borrow_mut().insert(k.get_ref().to_string());
                (Located::new(k.get_ref().to_string(), ctx.span(k.span())), v)
            })
            .collect()
    }

    /// Keys not handed out yet, with their spans, in file order.
    pub fn unused(&self) -> Vec<(String, Range<usize>, &'a Spanned<DeValue<'i>>)> {
        let used = self.used.borrow();
        let mut out: Vec<_> = self
            .entries
            .iter()
            .filter(|(k, _)| !used.contains(k.get_ref().as_ref()))
            .map(|(k, v)| (k.get_ref().to_string(), k.span(), v))
            .collect();
        out.sort_by_key(|(_, r, _)| r.start);
        out
    }

    /// Whether the table has `key` (or a misspelling of it), without
    /// marking it as known.
    pub fn has(&self, key: &str) -> bool {
        self.lookup(key).is_some()
    }

    pub fn missing(&self, ctx: &Ctx, key: &str, what: &str) {
        let message = if self.path.is_empty() {
            format!("missing `{key}` ({what})")
        } else {
            format!("missing `{key}` in `{}` ({what})", self.path)
        };
        // Point at a commented-out `# key = ...` line if there is one (as
        // `ptcdoc new` leaves them), else at the start of the table: the
        // whole table would underline dozens of lines.
        let commented = format!("# {key} =");
        let start = ctx
            .source
            .match_indices(&commented)
            .map(|(i, _)| i)
            .find(|&i| i == 0 || ctx.source.as_bytes()[i - 1] == b'\n')
            .unwrap_or(self.range.start);
        ctx.error(ctx.rest_of_line(start), message);
    }

    pub fn string(&self, ctx: &Ctx, key: &str) -> Option<Located<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some(Located::new(s.to_string(), ctx.span(value.span()))),
            other => {
                ctx.error(
                    value.span(),
                    format!(
                        "`{}` must be a string, found {}",
                        self.child_path(key),
                        type_name(other)
                    ),
                );
                None
            }
        }
    }

    pub fn required_string(&self, ctx: &Ctx, key: &str, what: &str) -> Option<Located<String>> {
        if !self.has(key) {
            self.missing(ctx, key, what);
            return None;
        }
        self.string(ctx, key)
    }

    pub fn integer(&self, ctx: &Ctx, value: &Spanned<DeValue>, path: &str) -> Option<i64> {
        match value.get_ref() {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        ctx.error(value.span(), format!("`{path}` is out of range"));
                        None
                    }
                }
            }
            other => {
                ctx.error(
                    value.span(),
                    format!("`{path}` must be an integer, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// An array whose items are each read by `item`; a bad item is reported
    /// and skipped so the others are still checked.
    pub fn array<T>(
        &self,
        ctx: &Ctx,
        key: &str,
        mut item: impl FnMut(&'a Spanned<DeValue<'i>>, &str) -> Option<T>,
    ) -> Option<Located<Vec<T>>> {
        let value = self.get(key)?;
        let path = self.child_path(key);
        match value.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    if let Some(x) = item(v, &format!("{path}[{i}]")) {
                        out.push(x);
                    }
                }
                Some(Located::new(out, ctx.span(value.span())))
            }
            other => {
                ctx.error(
                    value.span(),
                    format!("`{path}` must be an array, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub fn date(&self, ctx: &Ctx, key: &str) -> Option<Located<crate::input::Date>> {
        let value = self.get(key)?;
        date_value(ctx, value, &self.child_path(key))
    }

    pub fn table(&self, ctx: &Ctx, key: &str) -> Option<Table<'a, 'i>> {
        let value = self.get(key)?;
        Table::from_value(ctx, &self.child_path(key), value)
    }

    /// Reports every key that no reader asked for, suggesting the known
    /// key nearest to it (an absent one first: that is the one meant).
    pub fn finish(&self, ctx: &Ctx) {
        let known: Vec<&str> = self.known.iter().map(String::as_str).collect();
        for (name, range, _) in self.unused() {
            let mut d = Diagnostic::error(
                ctx.span(range),
                format!("unknown key `{}`", self.child_path(&name)),
            );
            let meant = self.meant(&name);
            let near = meant.or_else(|| closest(&name, &known));
            if meant.is_none() && near.is_some() {
                // `titel.en` beside `title.fr`: the text it holds is lost.
                ctx.lost.set(true);
            }
            if let Some(near) = near {
                d = d.with_note(format!("did you mean `{near}`?"));
            } else if !known.is_empty() {
                d = d.with_note(format!("expected one of: {}", known.join(", ")));
            }
            ctx.push(d);
        }
    }
}

pub fn date_value(
    ctx: &Ctx,
    value: &Spanned<DeValue>,
    path: &str,
) -> Option<Located<crate::input::Date>> {
    match value.get_ref() {
        DeValue::Datetime(dt) if dt.time.is_none() && dt.date.is_some() => {
            let d = dt.date.expect("checked above");
            Some(Located::new(
                crate::input::Date {
                    year: d.year,
                    month: d.month,
                    day: d.day,
                },
                ctx.span(value.span()),
            ))
        }
        DeValue::Datetime(_) => {
            ctx.error(
                value.span(),
                format!("`{path}` must be a date without a time, like 2020-05-18"),
            );
            None
        }
        other => {
            ctx.error(
                value.span(),
                format!(
                    "`{path}` must be a date like 2020-05-18 (no quotes), found {}",
                    type_name(other)
                ),
            );
            None
        }
    }
}

/// The known name nearest to a misspelt one, if any is near enough.
pub fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d < k.len())
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_of_a_line_never_cuts_a_character() {
        let mut diags = Diagnostics::default();
        let ctx = Ctx::new(0, "é = 1\nb", &mut diags);
        assert_eq!(ctx.rest_of_line(0), 0..6);
        assert_eq!(ctx.rest_of_line(1), 0..6);
        assert_eq!(ctx.rest_of_line(7), 7..8);
        assert_eq!(ctx.rest_of_line(99), 8..8);
    }

    #[test]
    fn suggests_near_names_only() {
        assert_eq!(closest("tittle", &["title", "blocks"]), Some("title"));
        assert_eq!(closest("zzz", &["title", "blocks"]), None);
    }
}
