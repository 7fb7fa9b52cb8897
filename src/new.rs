//! `ptcdoc new`: starts the next meeting's document from the last one.
//!
//! The packages, structure, ids and texts are copied as a starting point;
//! the sessions move forward (227th/228th becomes 229th/230th); the facts
//! that must be set again (date of issue, meeting dates, and the symbol
//! unless given) are commented out, so that `ptcdoc check` names exactly
//! what is still to fill. The translation lock is not copied: every
//! translation starts unaccepted.
//!
//! document.toml is edited as text at the spans the loader recorded, so
//! its comments and layout survive.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostics, Sources};
use crate::input::{self, DocumentInput};

/// What `new` did, for the command line to report.
pub struct Created {
    pub dir: PathBuf,
    pub sessions: Vec<u32>,
    /// Keys left for the user to fill.
    pub to_fill: Vec<&'static str>,
}

/// Creates `dir` from the document in `from`.
pub fn create(
    dir: &Path,
    from: &Path,
    symbol: Option<&str>,
    known_languages: &[&str],
) -> Result<Created> {
    if dir.exists() {
        bail!(
            "{} already exists; ptcdoc new never overwrites",
            dir.display()
        );
    }
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let old = input::load(from, known_languages, &mut sources, &mut diags)
        .filter(|_| !diags.has_errors());
    let Some(old) = old else {
        eprint!("{}", diags.render(&sources));
        bail!(
            "{} has errors; fix them before starting the next document from it",
            from.display()
        );
    };
    let text = sources.text(old.file).to_string();
    let (edited, sessions, to_fill) = edit_document(&text, &old, symbol)?;

    // Write into a temporary folder beside the target, then rename: an
    // interrupted run leaves no half-made document (and the next run
    // removes what it left).
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    dir.file_name().context("the new folder needs a name")?;
    let temp = crate::output::StagedFolder::new_in(parent)?;
    temp.write_new("document.toml", edited.as_bytes())?;
    for sub in ["packages", "templates"] {
        let src = from.join(sub);
        if src.is_dir() {
            copy_tree(&src, &temp.path().join(sub))
                .with_context(|| format!("cannot copy {}", src.display()))?;
        }
    }
    temp.publish(dir)?;
    Ok(Created {
        dir: dir.to_path_buf(),
        sessions,
        to_fill,
    })
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            copy_file(&entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Copies one regular file, with its permissions, flushed to disk before
/// the folder is published. Anything else is refused before it is
/// opened: a FIFO would block the copy forever, a device never end.
fn copy_file(from: &Path, to: &Path) -> Result<()> {
    let refuse = || anyhow::anyhow!("{} is not a regular file", from.display());
    // `metadata` follows links: a link to a regular file is copied.
    let meta = std::fs::metadata(from)?;
    if !meta.is_file() {
        return Err(refuse());
    }
    let mut source = std::fs::File::open(from)?;
    // The name may have been replaced between the two calls.
    if !source.metadata()?.is_file() {
        return Err(refuse());
    }
    let mut copy = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    std::io::copy(&mut source, &mut copy)?;
    copy.set_permissions(meta.permissions())?;
    copy.sync_all()?;
    Ok(())
}

/// The edits, as (span, replacement), applied from the end so that
/// earlier spans stay valid.
fn edit_document(
    text: &str,
    old: &DocumentInput,
    symbol: Option<&str>,
) -> Result<(String, Vec<u32>, Vec<&'static str>)> {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut to_fill = Vec::new();

    let sessions = old
        .sessions
        .as_ref()
        .context("the old document has no sessions")?;
    let step = u32::try_from(sessions.value.len()).unwrap_or(u32::MAX);
    let next = sessions
        .value
        .iter()
        .map(|&n| {
            n.checked_add(step).with_context(|| {
                format!(
                    "session {n} has no next session: {n} + {step} is past {}",
                    u32::MAX
                )
            })
        })
        .collect::<Result<Vec<u32>>>()?;
    let list: Vec<String> = next.iter().map(u32::to_string).collect();
    edits.push((
        sessions.span.range.clone(),
        format!("[{}]", list.join(", ")),
    ));

    match (symbol, &old.symbol) {
        (Some(new), Some(s)) => {
            check_symbol(new)?;
            let value = toml::Value::String(new.to_string()).to_string();
            edits.push((s.span.range.clone(), value));
        }
        (None, Some(s)) => {
            edits.extend(comment_out(
                text,
                std::slice::from_ref(&s.span.range),
                "the new document's symbol, e.g. \"PC0700\"",
            ));
            to_fill.push("symbol");
        }
        (_, None) => {}
    }
    if let Some(issued) = &old.issued {
        edits.extend(comment_out(
            text,
            std::slice::from_ref(&issued.span.range),
            "the date of issue, e.g. 2020-10-01",
        ));
        to_fill.push("issued");
    }
    if old.meeting.is_some() {
        edits.extend(comment_out(
            text,
            &meeting_spans(text)?,
            "the meeting dates, e.g. { from = 2020-11-30, to = 2020-12-02 }",
        ));
        to_fill.push("meeting");
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    Ok((out, next, to_fill))
}

/// What a symbol may be: a capital letter, then up to 15 capital letters
/// or digits (the charset `check` enforces on document.toml).
pub fn check_symbol(symbol: &str) -> Result<()> {
    let mut chars = symbol.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && symbol.len() <= 16
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !ok {
        bail!(
            "symbol {symbol:?} is not allowed: a capital letter, then up to 15 capital letters \
             or digits (A-Z, 0-9), e.g. PC0700"
        );
    }
    Ok(())
}

/// Every key and value of the top-level `meeting`, whichever TOML form it
/// takes: an inline table (on one line or several), dotted keys
/// (`meeting.from = ...`, anywhere in the top-level table), or a
/// `[meeting]` table with its keys and sub-tables.
fn meeting_spans(text: &str) -> Result<Vec<std::ops::Range<usize>>> {
    let root = DeTable::parse(text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut spans = Vec::new();
    for (key, value) in root.get_ref().iter() {
        if key.get_ref() == "meeting" {
            spans.push(key.span());
            collect_spans(value, &mut spans);
        }
    }
    Ok(spans)
}

fn collect_spans(value: &toml::Spanned<DeValue>, spans: &mut Vec<std::ops::Range<usize>>) {
    spans.push(value.span());
    match value.get_ref() {
        DeValue::Table(table) => {
            for (k, v) in table.iter() {
                spans.push(k.span());
                collect_spans(v, spans);
            }
        }
        DeValue::Array(items) => {
            for v in items.iter() {
                collect_spans(v, spans);
            }
        }
        _ => {}
    }
}

/// Comments out every line that `spans` touch, the first group under a
/// note saying what to set. Returns the edits, as (range, replacement).
fn comment_out(
    text: &str,
    spans: &[std::ops::Range<usize>],
    what: &str,
) -> Vec<(std::ops::Range<usize>, String)> {
    let mut lines: Vec<std::ops::Range<usize>> = spans
        .iter()
        .map(|span| {
            let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
            let end = text[span.end..]
                .find('\n')
                .map_or(text.len(), |i| span.end + i);
            start..end
        })
        .collect();
    lines.sort_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in lines {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
        .into_iter()
        .enumerate()
        .map(|(i, range)| {
            let old: Vec<String> = text[range.clone()]
                .lines()
                .map(|l| format!("# {l}"))
                .collect();
            let note = if i == 0 {
                format!("# TO FILL: {what}; then remove the leading '#'.\n")
            } else {
                String::new()
            };
            (range, format!("{note}{}", old.join("\n")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commented(text: &str) -> String {
        let mut out = text.to_string();
        let mut edits = comment_out(text, &meeting_spans(text).unwrap(), "x");
        edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        for (range, new) in edits {
            out.replace_range(range, &new);
        }
        out
    }

    #[test]
    fn comments_out_whole_lines() {
        let text = "a = 1\nissued = 2020-03-24 # old\nb = 2\n";
        let start = text.find("2020").unwrap();
        let edits = comment_out(text, std::slice::from_ref(&(start..start + 10)), "x");
        assert_eq!(&text[edits[0].0.clone()], "issued = 2020-03-24 # old");
        assert!(edits[0].1.ends_with("\n# issued = 2020-03-24 # old"));
    }

    #[test]
    fn comments_out_the_whole_meeting_in_every_form() {
        let cases = [
            "a = 1\nmeeting = { from = 2020-05-18, to = 2020-05-20 }\nb = 2\n",
            "a = 1\nmeeting = {\n  from = 2020-05-18,\n  to = 2020-05-20,\n}\nb = 2\n",
            "a = 1\nmeeting.from = 2020-05-18\nb = 2\nmeeting.to = 2020-05-20\n[x]\ny = 1\n",
            "a = 1\nb = 2\n[meeting]\nfrom = 2020-05-18\n\nto = 2020-05-20\n[x]\ny = 1\n",
        ];
        for text in cases {
            let out = commented(text);
            let parsed: toml::Table = toml::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
            assert!(!parsed.contains_key("meeting"), "{out}");
            assert_eq!(parsed["a"].as_integer(), Some(1), "{out}");
            assert_eq!(parsed["b"].as_integer(), Some(2), "{out}");
            for line in out.lines().filter(|l| l.contains("2020")) {
                assert!(line.starts_with("# "), "{line:?} left in:\n{out}");
            }
        }
    }

    /// A FIFO among the files to copy is refused at once: copied as a
    /// file, it would block `new` until something wrote to it.
    #[cfg(unix)]
    #[test]
    fn a_fifo_among_the_files_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("templates");
        std::fs::create_dir(&from).unwrap();
        std::fs::write(from.join("a-note.txt"), "kept").unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(from.join("document.md"))
            .status()
            .unwrap();
        assert!(made.success());
        let to = dir.path().join("copy");
        let (tx, rx) = std::sync::mpsc::channel();
        let (a, b) = (from.clone(), to.clone());
        std::thread::spawn(move || {
            let _ = tx.send(copy_tree(&a, &b).map_err(|e| e.to_string()));
        });
        let copied = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("copy_tree waited on the FIFO");
        let e = copied.unwrap_err();
        assert!(e.contains("document.md is not a regular file"), "{e}");
        assert_eq!(
            std::fs::read_to_string(to.join("a-note.txt")).unwrap(),
            "kept"
        );
    }

    #[test]
    fn symbols_are_capitals_and_digits() {
        for good in ["PC0700", "P", "ABCDEFGHIJKLMNOP"] {
            check_symbol(good).unwrap();
        }
        for bad in [
            "",
            "PC\"0700",
            "pc0700",
            "0PC",
            "./../x",
            "ABCDEFGHIJKLMNOPQ",
            "PC 07",
        ] {
            assert!(check_symbol(bad).is_err(), "{bad:?}");
        }
    }
}
