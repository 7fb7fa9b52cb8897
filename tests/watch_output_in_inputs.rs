//! `ptcdoc watch --out .`: the output folder holds the inputs. Edits of
//! the inputs must still rebuild; our own writes must not set off
//! rebuilds of their own.
//!
//! The waits are for liveness only (generous, never a speed assertion).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;

const PATIENCE: Duration = Duration::from_secs(30);

/// Reads lines until one contains `needle`; returns everything read.
fn wait_for(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    let mut seen = String::new();
    loop {
        match lines.recv_timeout(PATIENCE) {
            Ok(line) => {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(needle) {
                    return seen;
                }
            }
            Err(_) => panic!("no line with {needle:?} after {PATIENCE:?}; saw:\n{seen}"),
        }
    }
}

/// Stops the watcher even when an assertion fails, so that no test leaves
/// a process behind.
struct Watcher(std::process::Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn watch_into_the_input_folder_still_sees_every_edit() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path();
    copy_dir(&fixture("valid/minimal"), doc);
    let mut watcher = Watcher(
        Command::new(env!("CARGO_BIN_EXE_ptcdoc"))
            .args(["watch", ".", "--out", ".", "--lang", "en", "--format", "md"])
            .current_dir(doc)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let child = &mut watcher.0;
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let output = doc.join("PC0999Ea.md");
    wait_for(&lines, "watching");
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
        let seen = wait_for(&lines, "1 changed");
        // Only the input is named, never our own output.
        assert!(seen.contains("changed: packages/revenue.toml"), "{seen}");
        assert!(!seen.contains("changed: PC0999Ea.md"), "{seen}");
        assert!(std::fs::read_to_string(&output).unwrap().contains(&edited));
    }

    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let seen = wait_for(&lines, "stopped");
    // Writing the output set off no rebuild of its own.
    assert!(!seen.contains("changed:"), "{seen}");
    assert!(child.wait().unwrap().success());
}
