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

use crate::diagnostics::{Diagnostics, Sources, Span};
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
    // interrupted run leaves no half-made document.
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let name = dir.file_name().context("the new folder needs a name")?;
    let temp = parent.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> Result<()> {
        std::fs::create_dir_all(&temp)?;
        std::fs::write(temp.join("document.toml"), edited)?;
        for sub in ["packages", "templates"] {
            let src = from.join(sub);
            if src.is_dir() {
                copy_tree(&src, &temp.join(sub))?;
            }
        }
        std::fs::rename(&temp, dir)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(e).with_context(|| format!("cannot create {}", dir.display()));
    }
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
            std::fs::copy(entry.path(), target)?;
        }
    }
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
    let step = u32::try_from(sessions.value.len()).unwrap_or(1);
    let next: Vec<u32> = sessions.value.iter().map(|n| n + step).collect();
    let list: Vec<String> = next.iter().map(u32::to_string).collect();
    edits.push((
        sessions.span.range.clone(),
        format!("[{}]", list.join(", ")),
    ));

    match (symbol, &old.symbol) {
        (Some(new), Some(s)) => edits.push((s.span.range.clone(), format!("\"{new}\""))),
        (None, Some(s)) => {
            edits.push(comment_out(
                text,
                &s.span,
                "the new document's symbol, e.g. \"PC0700\"",
            ));
            to_fill.push("symbol");
        }
        (_, None) => {}
    }
    if let Some(issued) = &old.issued {
        edits.push(comment_out(
            text,
            &issued.span,
            "the date of issue, e.g. 2020-10-01",
        ));
        to_fill.push("issued");
    }
    if let Some(meeting) = &old.meeting {
        edits.push(comment_out(
            text,
            &meeting.span,
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

/// Replaces the whole line(s) holding `span` by the same lines commented
/// out, under a note saying what to set.
fn comment_out(text: &str, span: &Span, what: &str) -> (std::ops::Range<usize>, String) {
    let start = text[..span.range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.range.end..]
        .find('\n')
        .map_or(text.len(), |i| span.range.end + i);
    let old: Vec<String> = text[start..end].lines().map(|l| format!("# {l}")).collect();
    (
        start..end,
        format!(
            "# TO FILL: {what}; then remove the leading '#'.\n{}",
            old.join("\n")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_out_whole_lines() {
        let text = "a = 1\nissued = 2020-03-24 # old\nb = 2\n";
        let start = text.find("2020").unwrap();
        let (range, new) = comment_out(text, &Span::new(0, start..start + 10), "x");
        assert_eq!(&text[range], "issued = 2020-03-24 # old");
        assert!(new.ends_with("\n# issued = 2020-03-24 # old"));
    }
}
