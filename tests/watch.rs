//! `ptcdoc watch` driven as a user would: start it, edit an input, see the
//! output change; save by rename, as many editors do; introduce an error,
//! see the old output kept; stop it with Ctrl-C (SIGINT).
//!
//! The waits are for liveness only (generous, never a speed assertion).

mod common;

use std::time::Duration;

use common::watcher::Watching;
use common::*;

const PATIENCE: Duration = Duration::from_secs(30);

#[test]
fn watch_rebuilds_on_change_keeps_outputs_on_error_and_stops_on_ctrl_c() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    copy_dir(&fixture("valid/minimal"), &doc);
    let args = ["doc", "--out", "out", "--lang", "en", "--format", "md"];
    let mut watching = Watching::start_within(work.path(), &args, PATIENCE);
    let output = work.path().join("out/PC0999Ea.md");
    assert!(
        std::fs::read_to_string(&output)
            .unwrap()
            .contains("Two topics:")
    );

    // An edit in place.
    let package = doc.join("packages/revenue.toml");
    let text = std::fs::read_to_string(&package).unwrap();
    std::fs::write(&package, text.replace("Two topics:", "Two edited topics:")).unwrap();
    watching.wait_for("1 changed");
    assert!(
        std::fs::read_to_string(&output)
            .unwrap()
            .contains("Two edited topics:")
    );

    // A save by writing a new file and renaming it over the old one.
    let text = std::fs::read_to_string(&package).unwrap();
    let new = doc.join("packages/revenue.toml.new");
    std::fs::write(
        &new,
        text.replace("Two edited topics:", "Two renamed topics:"),
    )
    .unwrap();
    std::fs::rename(&new, &package).unwrap();
    watching.wait_for("1 changed");
    let good = std::fs::read_to_string(&output).unwrap();
    assert!(good.contains("Two renamed topics:"));

    // An error: reported, and the last good output stays.
    let text = std::fs::read_to_string(&package).unwrap();
    std::fs::write(&package, text.replace("the second.", "see [](#nowhere).")).unwrap();
    let seen = watching.wait_for("nothing written");
    assert!(seen.contains("unknown reference `#nowhere`"), "{seen}");
    assert_eq!(std::fs::read_to_string(&output).unwrap(), good);

    // Ctrl-C stops it cleanly.
    watching.stop();
    // No temporary file is left in the output folder.
    let names: Vec<_> = std::fs::read_dir(work.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["PC0999Ea.md"]);
}

// `ptcdoc watch --out .`: the output folder holds the inputs. Edits of the
// inputs must still rebuild; our own writes must not set off rebuilds of
// their own.

#[test]
fn watch_into_the_input_folder_still_sees_every_edit() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path();
    copy_dir(&fixture("valid/minimal"), doc);
    let args = [".", "--out", ".", "--lang", "en", "--format", "md"];
    let mut watching = Watching::start_within(doc, &args, PATIENCE);
    let output = doc.join("PC0999Ea.md");
    assert!(
        std::fs::read_to_string(&output)
            .unwrap()
            .contains("Two topics:")
    );

    for round in 1..=2 {
        let package = doc.join("packages/revenue.toml");
        let text = std::fs::read_to_string(&package).unwrap();
        let edited = format!("Two topics, edit {round}:");
        let from = if round == 1 {
            "Two topics:".to_string()
        } else {
            "Two topics, edit 1:".into()
        };
        std::fs::write(&package, text.replace(&from, &edited)).unwrap();
        let seen = watching.wait_for("1 changed");
        // Only the input is named, never our own output.
        assert!(seen.contains("changed: packages/revenue.toml"), "{seen}");
        assert!(!seen.contains("changed: PC0999Ea.md"), "{seen}");
        assert!(std::fs::read_to_string(&output).unwrap().contains(&edited));
    }

    let seen = watching.stop();
    // Writing the output set off no rebuild of its own.
    assert!(!seen.contains("changed:"), "{seen}");
}
