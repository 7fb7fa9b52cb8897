//! The only module that writes files. Every output of a run is rendered
//! before this is called; each file is then written to a temporary file
//! beside its target and renamed over it, so a reader never sees half a
//! file and a failed run leaves the previous outputs as they were.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A rendered output waiting to be written.
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What happened to one output.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Changed(PathBuf),
    /// Same bytes as on disk: left alone, so its timestamp stays.
    Unchanged(PathBuf),
}

/// Writes `outputs` into `dir` (created if needed).
pub fn write_all(dir: &Path, outputs: &[Output]) -> Result<Vec<Written>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
    let mut pending = Vec::new();
    let mut results = Vec::new();
    for out in outputs {
        let target = dir.join(&out.name);
        if std::fs::read(&target).is_ok_and(|old| old == out.bytes) {
            results.push(Written::Unchanged(target));
            continue;
        }
        let temp = dir.join(format!(".{}.{}.tmp", out.name, std::process::id()));
        if let Err(e) = std::fs::write(&temp, &out.bytes) {
            let _ = std::fs::remove_file(&temp);
            for (t, _) in &pending {
                let _ = std::fs::remove_file(t);
            }
            return Err(e).with_context(|| format!("cannot write {}", target.display()));
        }
        pending.push((temp, target));
    }
    for (temp, target) in pending {
        std::fs::rename(&temp, &target)
            .with_context(|| format!("cannot replace {}", target.display()))?;
        results.push(Written::Changed(target));
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_leaves_identical_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let outputs = [Output {
            name: "a.md".into(),
            bytes: b"x".to_vec(),
        }];
        let first = write_all(dir.path(), &outputs).unwrap();
        assert!(matches!(first[0], Written::Changed(_)));
        let second = write_all(dir.path(), &outputs).unwrap();
        assert!(matches!(second[0], Written::Unchanged(_)));
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.md"]);
    }
}
