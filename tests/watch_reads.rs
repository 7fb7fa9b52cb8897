//! `ptcdoc watch` waits for the inputs to be quiet before it rebuilds
//! (the debounce), and only changes count: something that keeps reading
//! the inputs (an editor, an indexer, another ptcdoc) must not hold the
//! rebuild back for as long as it reads.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::watcher::Watching;
use common::*;

#[test]
fn reading_the_inputs_does_not_hold_back_a_rebuild() {
    let work = tempfile::tempdir().unwrap();
    let doc = work.path().join("doc");
    copy_dir(&fixture("valid/minimal"), &doc);
    let mut watch = Watching::start(
        work.path(),
        &[
            "doc",
            "--out",
            "out",
            "--lang",
            "en",
            "--format",
            "md",
            "--debounce",
            "400",
        ],
    );
    // A reader opens an input every 20 ms, far more often than the
    // debounce, until the rebuild is seen or for 20 s at most.
    let package = doc.join("packages/revenue.toml");
    let seen_rebuild = Arc::new(AtomicBool::new(false));
    let reader = {
        let (package, seen_rebuild) = (package.clone(), Arc::clone(&seen_rebuild));
        std::thread::spawn(move || {
            let start = Instant::now();
            while !seen_rebuild.load(Ordering::SeqCst) {
                if start.elapsed() > Duration::from_secs(20) {
                    return false;
                }
                let _ = std::fs::read(&package);
                std::thread::sleep(Duration::from_millis(20));
            }
            true
        })
    };
    let text = std::fs::read_to_string(&package).unwrap();
    std::fs::write(&package, text.replace("Two topics:", "Two read topics:")).unwrap();
    watch.wait_for("1 changed");
    seen_rebuild.store(true, Ordering::SeqCst);
    assert!(
        reader.join().unwrap(),
        "the rebuild came only once the reader had stopped"
    );
    let output = work.path().join("out/PC0999Ea.md");
    assert!(
        std::fs::read_to_string(output)
            .unwrap()
            .contains("Two read topics:")
    );
    watch.stop();
}
