//! The only module that writes files, and the one way it writes them.
//!
//! Every output of a run is rendered before this is called. Writing is then
//! all or nothing:
//!
//! - every name is checked to be one plain file name, so no output can land
//!   outside the output folder, and no two outputs may share a name;
//! - the folder is locked (an advisory lock), so two runs into one folder
//!   take turns instead of mixing their files; the lock holder first removes
//!   the temporary files a killed run left behind;
//! - every target is checked to be replaceable before anything is written;
//! - each file is written to a temporary file created exclusively (never
//!   through a planted link) under an unpredictable name in the same folder,
//!   flushed to disk (unless the caller asks for [`Durability::Unsynced`]),
//!   and only then renamed over its target;
//! - if a rename fails anyway, the files already replaced are put back.
//!
//! [`replace_file`] and [`StagedFolder`] serve the other writers (the
//! translation lock, `ptcdoc new`) the same way.

use std::fs::{File, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tempfile::TempPath;

/// How every temporary file or folder of ptcdoc begins: a later run
/// removes stale ones by this prefix, and nothing else.
pub const TEMP_PREFIX: &str = ".ptcdoc-tmp-";

/// A rendered output waiting to be written.
pub struct Output {
    pub name: String,
    pub bytes: Vec<u8>,
    /// What it was made from (document folder and language), to name both
    /// sides when two outputs claim one name.
    pub source: String,
}

/// What happened to one output.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Changed(PathBuf),
    /// Same bytes as on disk: left alone, so its timestamp stays.
    Unchanged(PathBuf),
}

/// Checks that `name` is a single plain file name: no folder separator,
/// no `..`, nothing hidden (which is also how temporary files look).
pub fn check_name(name: &str) -> Result<()> {
    let problem = if name.is_empty() {
        Some("it is empty")
    } else if name.contains(['/', '\\']) {
        Some("it contains a folder separator")
    } else if name.starts_with('.') {
        Some("it starts with `.` (a hidden file, `..`, or a temporary file)")
    } else if name.chars().any(|c| c.is_control() || c == ':') {
        Some("it contains a control character or `:`")
    } else {
        None
    };
    if let Some(problem) = problem {
        bail!("refusing to write an output named {name:?}: {problem}");
    }
    Ok(())
}

/// Refuses two outputs with one name (compared without case, as some file
/// systems do), naming the sources of both.
pub fn check_unique(outputs: &[Output]) -> Result<()> {
    let mut seen: std::collections::BTreeMap<String, &Output> = Default::default();
    for out in outputs {
        if let Some(first) = seen.insert(out.name.to_lowercase(), out) {
            bail!(
                "two outputs would be written to one file, {}: from {} and from {}; \
                 give each document its own symbol and each language once",
                out.name,
                first.source,
                out.source
            );
        }
    }
    Ok(())
}

/// Whether written files reach the disk before they replace their targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Synced first: after a crash a target holds its old content or its
    /// new, never a file cut short.
    Synced,
    /// Left to the system's cache: a reader still never sees a file half
    /// written, but a crash soon after may lose the new content. For
    /// `ptcdoc watch`, which rewrites outputs made from the inputs at
    /// every save, where waiting for the disk (3 to 60 ms a rebuild on a
    /// busy machine) was most of the time from a save to its outputs.
    Unsynced,
}

/// Writes `outputs` into `dir` (created if needed), all or nothing,
/// synced to disk.
pub fn write_all(dir: &Path, outputs: &[Output]) -> Result<Vec<Written>> {
    write_all_with(dir, outputs, Durability::Synced)
}

/// [`write_all`], as durable as asked.
pub fn write_all_with(
    dir: &Path,
    outputs: &[Output],
    durability: Durability,
) -> Result<Vec<Written>> {
    for out in outputs {
        check_name(&out.name)?;
    }
    check_unique(outputs)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
    let _lock = FolderLock::acquire(dir)?;
    // Each output is compared with the file in place and, if it differs,
    // written to a temporary file and synced, on all cores: syncing is
    // most of the time a rebuild of `ptcdoc watch` spends writing. The
    // first failure in the outputs' order is the one reported.
    let staged = crate::parallel::map(outputs.iter().collect(), |out| stage(dir, out, durability));
    let mut results = Vec::new();
    let mut pending = Vec::new();
    for staged in staged {
        match staged? {
            Staged::Unchanged(target) => results.push(Written::Unchanged(target)),
            Staged::Pending(p) => pending.push(p),
        }
    }
    let changed: Vec<PathBuf> = pending.iter().map(|p| p.target.clone()).collect();
    commit(dir, pending, durability, &mut |from, to| {
        std::fs::rename(from, to)
    })?;
    results.extend(changed.into_iter().map(Written::Changed));
    Ok(results)
}

/// An output made ready to be put in place, or found there already.
enum Staged {
    Unchanged(PathBuf),
    Pending(Pending),
}

/// Compares `out` with the file in `dir` and, unless it is the same,
/// writes it to a temporary file beside it.
fn stage(dir: &Path, out: &Output, durability: Durability) -> Result<Staged> {
    let target = dir.join(&out.name);
    let pending = match Occupant::inspect(&target)? {
        Occupant::File(permissions) => {
            if std::fs::read(&target).is_ok_and(|old| old == out.bytes) {
                return Ok(Staged::Unchanged(target));
            }
            Pending::new(dir, target, &out.bytes, true, Some(permissions), durability)?
        }
        Occupant::Link => Pending::new(dir, target, &out.bytes, true, None, durability)?,
        Occupant::Absent => Pending::new(dir, target, &out.bytes, false, None, durability)?,
    };
    Ok(Staged::Pending(pending))
}

/// Replaces one file, `dir/name`, with `bytes` the same way: under the
/// folder lock, through an exclusive temporary file, keeping the file's
/// permissions.
pub fn replace_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    FolderLock::acquire(dir)?.replace_file(name, bytes)
}

impl FolderLock {
    /// [`replace_file`] for a caller that already holds the folder's lock
    /// (to read, change and write back a file with no other run between).
    pub fn replace_file(&self, name: &str, bytes: &[u8]) -> Result<()> {
        replace_locked(&self.dir, name, bytes)
    }
}

impl FolderLock {
    /// Replaces several files of the locked folder, all or nothing; each
    /// is named by its path in the folder (`packages/revenue.toml`), in
    /// the folder itself or a folder under it.
    pub fn replace_files(&self, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
        let mut pending = Vec::new();
        for (relative, bytes) in files {
            let name = relative
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            check_name(&name)?;
            let dir = self.dir.join(relative.parent().unwrap_or(Path::new("")));
            let target = dir.join(&name);
            let (existed, permissions) = match Occupant::inspect(&target)? {
                Occupant::File(p) => (true, Some(p)),
                Occupant::Link => (true, None),
                Occupant::Absent => (false, None),
            };
            let synced = Durability::Synced;
            pending.push(Pending::new(
                &dir,
                target,
                bytes,
                existed,
                permissions,
                synced,
            )?);
        }
        commit(&self.dir, pending, Durability::Synced, &mut |from, to| {
            std::fs::rename(from, to)
        })
    }
}

fn replace_locked(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    check_name(name)?;
    let target = dir.join(name);
    let (existed, permissions) = match Occupant::inspect(&target)? {
        Occupant::File(p) => (true, Some(p)),
        Occupant::Link => (true, None),
        Occupant::Absent => (false, None),
    };
    let pending = Pending::new(dir, target, bytes, existed, permissions, Durability::Synced)?;
    commit(dir, vec![pending], Durability::Synced, &mut |from, to| {
        std::fs::rename(from, to)
    })
}

/// What is at an output's place now.
enum Occupant {
    Absent,
    /// A regular file, with the permissions its replacement keeps.
    File(Permissions),
    /// A link: a rename replaces the link itself and never follows it, and
    /// what it points to is never read (it could be a pipe).
    Link,
}

impl Occupant {
    fn inspect(path: &Path) -> Result<Occupant> {
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Occupant::Absent),
            Err(e) => return Err(e).with_context(|| format!("cannot inspect {}", path.display())),
        };
        if meta.is_dir() {
            bail!(
                "cannot replace {}: it is a folder; nothing was written",
                path.display()
            );
        }
        if meta.is_symlink() {
            return Ok(Occupant::Link);
        }
        if !meta.is_file() {
            bail!(
                "cannot replace {}: it is not a regular file; nothing was written",
                path.display()
            );
        }
        Ok(Occupant::File(meta.permissions()))
    }
}

/// Permissions of a new file: read-write for all, less the umask (the
/// temporary-file default, owner only, would hide the outputs from others).
#[cfg(unix)]
fn default_permissions() -> Option<Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(Permissions::from_mode(0o666))
}

/// Elsewhere the temporary-file default is the usual one.
#[cfg(not(unix))]
fn default_permissions() -> Option<Permissions> {
    None
}

/// A file written in full to its temporary name, waiting for its rename.
/// Dropped before the rename, the temporary file is removed.
struct Pending {
    temp: TempPath,
    target: PathBuf,
    existed: bool,
}

impl Pending {
    fn new(
        dir: &Path,
        target: PathBuf,
        bytes: &[u8],
        existed: bool,
        permissions: Option<Permissions>,
        durability: Durability,
    ) -> Result<Pending> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX).suffix(".tmp").rand_bytes(16);
        if let Some(p) = default_permissions() {
            builder.permissions(p);
        }
        let mut temp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        let written = (|| -> std::io::Result<()> {
            temp.write_all(bytes)?;
            if let Some(p) = permissions {
                temp.as_file().set_permissions(p)?;
            }
            match durability {
                Durability::Synced => temp.as_file().sync_all(),
                Durability::Unsynced => Ok(()),
            }
        })();
        written.with_context(|| format!("cannot write {}", target.display()))?;
        Ok(Pending {
            temp: temp.into_temp_path(),
            target,
            existed,
        })
    }
}

/// A way to rename, so that tests can make one fail.
type Rename<'a> = dyn FnMut(&Path, &Path) -> std::io::Result<()> + 'a;

/// Renames every pending file over its target. Replaced files are first
/// kept as backups (hard links, or copies where links are not possible);
/// if one rename fails, the targets renamed before it get their previous
/// content back.
fn commit(
    dir: &Path,
    pending: Vec<Pending>,
    durability: Durability,
    rename: &mut Rename,
) -> Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let mut backups: Vec<Option<TempPath>> = Vec::new();
    for p in &pending {
        backups.push(if p.existed {
            Some(backup(p.target.parent().unwrap_or(dir), &p.target)?)
        } else {
            None
        });
    }
    for (i, p) in pending.iter().enumerate() {
        if let Err(e) = rename(&p.temp, &p.target) {
            let restored = restore(&pending[..i], &mut backups[..i]);
            let what = if restored {
                "the previous outputs were restored"
            } else {
                "and the previous outputs could not all be restored"
            };
            return Err(e)
                .with_context(|| format!("cannot replace {}; {what}", p.target.display()));
        }
    }
    let mut folders = vec![dir.to_path_buf()];
    for p in pending {
        // Renamed away: nothing is left at the temporary name to remove.
        let _ = p.temp.keep();
        if let Some(parent) = p.target.parent()
            && !folders.iter().any(|f| f == parent)
        {
            folders.push(parent.to_path_buf());
        }
    }
    if durability == Durability::Synced {
        folders.iter().for_each(|f| sync_dir(f));
    }
    Ok(())
}

/// Puts back the targets of `done` as they were. Returns whether all were.
fn restore(done: &[Pending], backups: &mut [Option<TempPath>]) -> bool {
    let mut ok = true;
    for (p, b) in done.iter().zip(backups.iter_mut()).rev() {
        let result = match b.take() {
            Some(b) => match std::fs::rename(&b, &p.target) {
                Ok(()) => {
                    let _ = b.keep();
                    Ok(())
                }
                Err(e) => Err(e),
            },
            None => std::fs::remove_file(&p.target),
        };
        ok &= result.is_ok();
    }
    ok
}

/// A second name for `target`'s current content, under a temporary name.
fn backup(dir: &Path, target: &Path) -> Result<TempPath> {
    let builder = {
        let mut b = tempfile::Builder::new();
        b.prefix(TEMP_PREFIX).suffix(".bak").rand_bytes(16);
        b
    };
    if let Ok(linked) = builder.make_in(dir, |path| std::fs::hard_link(target, path)) {
        return Ok(linked.into_temp_path());
    }
    let mut copy = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    let mut old =
        File::open(target).with_context(|| format!("cannot read {}", target.display()))?;
    std::io::copy(&mut old, &mut copy)
        .with_context(|| format!("cannot keep a copy of {}", target.display()))?;
    Ok(copy.into_temp_path())
}

/// Makes the renames in `dir` durable. Best effort: not every platform
/// can open a folder to flush it.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// An advisory lock on a folder, held until dropped. Runs that write into
/// the same folder take turns.
pub struct FolderLock {
    dir: PathBuf,
    _file: File,
}

/// Where the lock is taken where a folder itself cannot be locked.
#[cfg(not(unix))]
const LOCK_NAME: &str = ".ptcdoc.lock";

impl FolderLock {
    /// Waits for the lock on `dir`, then removes the temporary files
    /// earlier runs left behind (safe now: no other run is writing there).
    pub fn acquire(dir: &Path) -> Result<FolderLock> {
        // On Unix the folder itself is locked, which leaves no lock file
        // behind among the user's files.
        #[cfg(unix)]
        let file = File::open(dir);
        #[cfg(not(unix))]
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_NAME));
        let file = file.with_context(|| format!("cannot open {} to lock it", dir.display()))?;
        file.lock()
            .with_context(|| format!("cannot lock {}", dir.display()))?;
        remove_stale_temps(dir);
        Ok(FolderLock {
            dir: dir.to_path_buf(),
            _file: file,
        })
    }
}

/// Removes our own leftovers in `dir` (files and folders named with
/// [`TEMP_PREFIX`]); anything else is left alone. Best effort.
fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        // `file_type` does not follow links: a link is removed, never
        // what it points to.
        let result = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(entry.path()),
            Ok(_) => std::fs::remove_file(entry.path()),
            Err(e) => Err(e),
        };
        removed += usize::from(result.is_ok());
    }
    removed
}

/// A folder being made under a temporary name beside its final place
/// (for `ptcdoc new`); removed if dropped before [`StagedFolder::publish`].
pub struct StagedFolder {
    dir: Option<tempfile::TempDir>,
    _lock: FolderLock,
}

impl StagedFolder {
    /// Creates the temporary folder in `parent`, under the parent's lock.
    pub fn new_in(parent: &Path) -> Result<StagedFolder> {
        let lock = FolderLock::acquire(parent)?;
        let dir = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .rand_bytes(16)
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a folder in {}", parent.display()))?;
        Ok(StagedFolder {
            dir: Some(dir),
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.as_ref().map_or(Path::new(""), |d| d.path())
    }

    /// Writes a new file inside the folder, exclusively, and flushes it.
    pub fn write_new(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path().join(name);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Renames the folder to `target`, which must not exist.
    pub fn publish(mut self, target: &Path) -> Result<()> {
        if std::fs::symlink_metadata(target).is_ok() {
            bail!("{} already exists; nothing was written", target.display());
        }
        let dir = self
            .dir
            .take()
            .context("the folder was already published")?;
        sync_dir(dir.path());
        std::fs::rename(dir.path(), target)
            .with_context(|| format!("cannot create {}", target.display()))?;
        let _ = dir.keep();
        if let Some(parent) = target.parent() {
            sync_dir(parent);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(name: &str, bytes: &[u8]) -> Output {
        Output {
            name: name.into(),
            bytes: bytes.to_vec(),
            source: format!("test {name}"),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Unsynced writing writes the same files, reports the same, and is
    /// as all-or-nothing; several outputs, some unchanged, come back in
    /// a fixed order whatever thread staged them.
    #[test]
    fn unsynced_writes_are_the_same_writes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let written = |outputs: &[Output], durability| {
            write_all_with(d, outputs, durability)
                .unwrap()
                .iter()
                .map(|w| match w {
                    Written::Changed(p) => format!("changed {}", p.display()),
                    Written::Unchanged(p) => format!("unchanged {}", p.display()),
                })
                .map(|w| w.replace(&d.display().to_string(), ""))
                .collect::<Vec<_>>()
        };
        let outputs = [out("a.md", b"a"), out("b.md", b"b"), out("c.md", b"c")];
        assert_eq!(
            written(&outputs, Durability::Unsynced),
            ["changed /a.md", "changed /b.md", "changed /c.md"]
        );
        let next = [out("a.md", b"A"), out("b.md", b"b"), out("c.md", b"C")];
        assert_eq!(
            written(&next, Durability::Unsynced),
            ["unchanged /b.md", "changed /a.md", "changed /c.md"]
        );
        assert_eq!(std::fs::read(d.join("c.md")).unwrap(), b"C");
        assert_eq!(names(d), ["a.md", "b.md", "c.md"]);
        let clash = [out("x.md", b"x"), out("X.md", b"y")];
        assert!(write_all_with(d, &clash, Durability::Unsynced).is_err());
        assert_eq!(names(d), ["a.md", "b.md", "c.md"]);
    }

    #[test]
    fn writes_then_leaves_identical_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let outputs = [out("a.md", b"x")];
        let first = write_all(dir.path(), &outputs).unwrap();
        assert!(matches!(first[0], Written::Changed(_)));
        let second = write_all(dir.path(), &outputs).unwrap();
        assert!(matches!(second[0], Written::Unchanged(_)));
        // No temporary file is left behind.
        assert_eq!(names(dir.path()), ["a.md"]);
    }

    #[test]
    fn names_must_be_plain_file_names() {
        for bad in [
            "",
            "../x.md",
            "a/b.md",
            "a\\b.md",
            ".hidden",
            "..",
            ".ptcdoc-tmp-x",
            "a:b",
        ] {
            assert!(check_name(bad).is_err(), "{bad:?} accepted");
        }
        check_name("PC0608Ea.md").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("out");
        let err = write_all(&inner, &[out("../escaped.md", b"x")]).unwrap_err();
        assert!(format!("{err:#}").contains("folder separator"), "{err:#}");
        assert_eq!(names(dir.path()), Vec::<String>::new(), "nothing created");
    }

    #[test]
    fn one_name_twice_names_both_sources() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_all(dir.path(), &[out("A.md", b"1"), out("a.md", b"2")]).unwrap_err();
        let msg = format!("{err:#}");
        assert!(
            msg.contains("test A.md") && msg.contains("test a.md"),
            "{msg}"
        );
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_rename_puts_back_what_was_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write_all(d, &[out("a.md", b"old a"), out("b.md", b"old b")]).unwrap();
        let mut pending = Vec::new();
        for (name, bytes) in [("a.md", b"new a"), ("b.md", b"new b"), ("c.md", b"new c")] {
            let target = d.join(name);
            let existed = target.exists();
            let synced = Durability::Synced;
            pending.push(Pending::new(d, target, bytes, existed, None, synced).unwrap());
        }
        let mut calls = 0;
        // The third rename fails, after a.md and b.md were replaced.
        let err = commit(d, pending, Durability::Synced, &mut |from, to| {
            calls += 1;
            if calls == 3 {
                return Err(std::io::Error::other("injected"));
            }
            std::fs::rename(from, to)
        })
        .unwrap_err();
        assert!(format!("{err:#}").contains("restored"), "{err:#}");
        assert_eq!(std::fs::read(d.join("a.md")).unwrap(), b"old a");
        assert_eq!(std::fs::read(d.join("b.md")).unwrap(), b"old b");
        assert_eq!(names(d), ["a.md", "b.md"], "no new file, no temporary file");
    }

    #[test]
    fn stale_temporary_files_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join(".ptcdoc-tmp-abc.tmp"), b"stale").unwrap();
        std::fs::create_dir(d.join(".ptcdoc-tmp-dir")).unwrap();
        std::fs::write(d.join(".ptcdoc-tmp-dir/document.toml"), b"x").unwrap();
        std::fs::write(d.join(".other.tmp"), b"not ours").unwrap();
        std::fs::write(d.join("keep.md"), b"keep").unwrap();
        replace_file(d, "lock.toml", b"x").unwrap();
        assert_eq!(names(d), [".other.tmp", "keep.md", "lock.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn replacing_keeps_the_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"1").unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        replace_file(dir.path(), "f", b"2").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_an_output_name_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("victim"), b"precious").unwrap();
        std::os::unix::fs::symlink(d.join("victim"), d.join("a.md")).unwrap();
        write_all(d, &[out("a.md", b"new")]).unwrap();
        assert_eq!(std::fs::read(d.join("victim")).unwrap(), b"precious");
        assert!(
            !std::fs::symlink_metadata(d.join("a.md"))
                .unwrap()
                .is_symlink()
        );
        assert_eq!(std::fs::read(d.join("a.md")).unwrap(), b"new");
    }
}
