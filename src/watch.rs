//! `ptcdoc watch`: build once, then rebuild whenever an input or a template
//! changes, until stopped.
//!
//! Folders are watched rather than files, because editors often save by
//! writing a new file and renaming it over the old one, which a watch on
//! the old file would miss. Events are debounced: a save that touches
//! several files (or one file several times) gives one rebuild. A rebuild
//! that finds errors prints them and writes nothing, so the last good
//! outputs stay in place.
//!
//! Outputs are written as `build` writes them (all or nothing, each put
//! in place whole), but not synced to disk: they are remade from the
//! inputs at every save, and waiting for a busy disk was most of the time
//! from a save to its outputs (see [`Durability::Unsynced`]).
//!
//! The output folder may lie among the inputs (`--out .`): only events for
//! our own files (the outputs written, our temporary files) are ignored,
//! never the whole folder, so every edit of an input is still seen.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::output::{self, Durability, Written};
use crate::project::{Failure, Options, build_all};
use crate::render::Format;

pub struct WatchConfig {
    pub docs: Vec<PathBuf>,
    pub out: PathBuf,
    pub formats: Vec<Format>,
    pub options: Options,
    /// How long the inputs must stay quiet before a rebuild.
    pub debounce: Duration,
}

/// Builds, writes, and says what happened. Returns the outputs written
/// (changed or not), or `None` if it failed.
fn rebuild(config: &WatchConfig, log: &mut dyn FnMut(&str)) -> Option<Vec<PathBuf>> {
    let start = Instant::now();
    match build_all(&config.docs, &config.formats, &config.options) {
        Ok(built) => {
            if !built.report.is_empty() {
                log(built.report.trim_end());
            }
            match output::write_all_with(&config.out, &built.outputs, Durability::Unsynced) {
                Ok(written) => {
                    let changed: Vec<String> = written
                        .iter()
                        .filter_map(|w| match w {
                            Written::Changed(p) => Some(p.display().to_string()),
                            Written::Unchanged(_) => None,
                        })
                        .collect();
                    log(&format!(
                        "built {} file(s), {} changed{}{}, in {:.1} ms",
                        written.len(),
                        changed.len(),
                        if changed.is_empty() { "" } else { ": " },
                        changed.join(", "),
                        start.elapsed().as_secs_f64() * 1000.0
                    ));
                    Some(
                        built
                            .outputs
                            .iter()
                            .map(|o| PathBuf::from(&o.name))
                            .collect(),
                    )
                }
                Err(e) => {
                    log(&format!("error: {e:#}"));
                    None
                }
            }
        }
        Err(Failure::Invalid { report, errors }) => {
            log(report.trim_end());
            log(&format!(
                "{errors} error(s): nothing written; the previous outputs stay as they were"
            ));
            None
        }
        Err(Failure::Other(e)) => {
            log(&format!("error: {e:#}"));
            None
        }
    }
}

/// Whether a path is ours: the output folder itself, an output written in
/// this session (`own`, absolute paths) or one of our temporary files.
fn ours(path: &Path, out: &Path, own: &[PathBuf]) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path == out || own.iter().any(|o| o == path) || name.starts_with(output::TEMP_PREFIX)
}

/// Whether a changed path is worth a rebuild: not ours, not an editor's
/// swap or backup file.
fn relevant(path: &Path, out: &Path, own: &[PathBuf]) -> bool {
    if ours(path, out, own) {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !(name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913")
}

/// What one event says: whether something other than ours was changed
/// (created, written, removed; not merely opened or read), and the paths
/// of it worth a rebuild.
fn changes(event: &notify::Event, out: &Path, own: &[PathBuf]) -> (bool, Vec<PathBuf>) {
    if !matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) {
        return (false, Vec::new());
    }
    let changed = event.paths.iter().any(|p| !ours(p, out, own));
    let paths = event.paths.iter().filter(|p| relevant(p, out, own));
    (changed, paths.cloned().collect())
}

/// Waits until nothing has changed for `debounce`, passing every event
/// to `note` (which tells whether it was a change). Reads of the inputs
/// (by an editor, an indexer, our own rebuild) are not changes: however
/// often they come, they do not hold the rebuild back. Returns `false` if
/// the watcher stopped.
fn settle(
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    debounce: Duration,
    mut note: impl FnMut(notify::Result<notify::Event>) -> bool,
) -> bool {
    let mut last_change = Instant::now();
    loop {
        let left = debounce.saturating_sub(last_change.elapsed());
        if left.is_zero() {
            return true;
        }
        match rx.recv_timeout(left) {
            Ok(event) => {
                if note(event) {
                    last_change = Instant::now();
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => return true,
            Err(mpsc::RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// Runs until `stop` is set (by Ctrl-C). Messages go to `log`.
pub fn watch(config: &WatchConfig, stop: &AtomicBool, log: &mut dyn FnMut(&str)) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .context("cannot start watching files")?;
    let mut watched: Vec<PathBuf> = config.docs.clone();
    watched.extend(config.options.templates.clone());
    for path in &watched {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        watcher
            .watch(&path, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", path.display()))?;
    }
    // Compare paths as the watcher reports them: absolute.
    let out = std::path::absolute(&config.out).unwrap_or_else(|_| config.out.clone());

    // Every output written in this session: events for them are our own.
    let mut own: Vec<PathBuf> = Vec::new();
    let note_own = |written: Option<Vec<PathBuf>>, own: &mut Vec<PathBuf>| {
        for name in written.into_iter().flatten() {
            let path = out.join(name);
            if !own.contains(&path) {
                own.push(path);
            }
        }
    };
    note_own(rebuild(config, log), &mut own);
    let names: Vec<String> = watched.iter().map(|p| p.display().to_string()).collect();
    log(&format!("watching {} (Ctrl-C to stop)", names.join(", ")));

    let tick = Duration::from_millis(100);
    while !stop.load(Ordering::SeqCst) {
        let mut changed: Vec<PathBuf> = Vec::new();
        let note = |event: notify::Result<notify::Event>, changed: &mut Vec<PathBuf>| {
            let Ok(event) = event else {
                return false;
            };
            let (any, paths) = changes(&event, &out, &own);
            for p in paths {
                if !changed.contains(&p) {
                    changed.push(p);
                }
            }
            any
        };
        match rx.recv_timeout(tick) {
            Ok(event) => {
                note(event, &mut changed);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if changed.is_empty() {
            continue;
        }
        if !settle(&rx, config.debounce, |event| note(event, &mut changed)) {
            break;
        }
        // Editors' temporary files are gone by now; name what is left.
        let here = std::env::current_dir().unwrap_or_default();
        let existing: Vec<&PathBuf> = changed.iter().filter(|p| p.exists()).collect();
        let shown = if existing.is_empty() {
            changed.iter().collect()
        } else {
            existing
        };
        let names: Vec<String> = shown
            .iter()
            .map(|p| p.strip_prefix(&here).unwrap_or(p).display().to_string())
            .collect();
        log(&format!("changed: {}", names.join(", ")));
        let written = rebuild(config, log);
        note_own(written, &mut own);
    }
    log("stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Opening or reading is no change; writing our own outputs or
    /// temporary files is none either; an editor's swap file is a change
    /// (part of a save) but not worth a rebuild of its own.
    #[test]
    fn only_changes_by_others_count() {
        use notify::event::{AccessKind, CreateKind, DataChange, ModifyKind};
        let out = Path::new("/w/output");
        let own = [out.join("PC0608Ea.md")];
        let input = PathBuf::from("/w/inputs/pc0608/packages/cep.toml");
        let event = |kind, path: &PathBuf| notify::Event::new(kind).add_path(path.clone());
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let read = EventKind::Access(AccessKind::Open(notify::event::AccessMode::Any));
        assert_eq!(
            changes(&event(write, &input), out, &own),
            (true, vec![input.clone()])
        );
        assert_eq!(changes(&event(read, &input), out, &own), (false, vec![]));
        assert_eq!(changes(&event(write, &own[0]), out, &own), (false, vec![]));
        let temp = out.join(".ptcdoc-tmp-a8Xq.tmp");
        let create = EventKind::Create(CreateKind::File);
        assert_eq!(changes(&event(create, &temp), out, &own), (false, vec![]));
        let swap = PathBuf::from("/w/inputs/pc0608/packages/.cep.toml.swp");
        assert_eq!(changes(&event(write, &swap), out, &own), (true, vec![]));
    }

    #[test]
    fn ignores_editor_files_and_our_own_outputs_only() {
        let out = Path::new("/w/output");
        let own = [out.join("PC0608Ea.md")];
        let relevant = |p: &str| relevant(Path::new(p), out, &own);
        assert!(relevant("/w/inputs/pc0608/packages/cep.toml"));
        assert!(!relevant("/w/inputs/pc0608/packages/.cep.toml.swp"));
        assert!(!relevant("/w/inputs/pc0608/packages/cep.toml~"));
        assert!(!relevant("/w/output/PC0608Ea.md"));
        assert!(!relevant("/w/output/.ptcdoc-tmp-a8Xq.tmp"));
        assert!(!relevant("/w/output"));
        // An input inside the output folder (`--out .`) still counts.
        assert!(relevant("/w/output/packages/cep.toml"));
        assert!(relevant("/w/output/document.toml"));
    }
}
