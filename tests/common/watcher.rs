//! A `ptcdoc watch` run by a test: started with its output read line by
//! line, waited on for a line, stopped with Ctrl-C (SIGINT), and killed
//! if a test fails first, so that no test leaves a process behind.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a line may take: liveness only, never a speed assertion.
pub const PATIENCE: Duration = Duration::from_secs(60);

pub struct Watching {
    child: Child,
    lines: mpsc::Receiver<String>,
    patience: Duration,
}

impl Watching {
    /// `ptcdoc watch ARGS` in `cwd`, once it says it is watching.
    pub fn start(cwd: &Path, args: &[&str]) -> Watching {
        Watching::start_within(cwd, args, PATIENCE)
    }

    /// [`Watching::start`], each line awaited for at most `patience`.
    pub fn start_within(cwd: &Path, args: &[&str], patience: Duration) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ptcdoc"))
            .arg("watch")
            .args(args)
            .current_dir(cwd)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut watching = Watching {
            child,
            lines,
            patience,
        };
        watching.wait_for("watching");
        watching
    }

    /// Reads lines until one contains `needle`; returns everything read.
    pub fn wait_for(&mut self, needle: &str) -> String {
        let mut seen = String::new();
        loop {
            match self.lines.recv_timeout(self.patience) {
                Ok(line) => {
                    seen.push_str(&line);
                    seen.push('\n');
                    if line.contains(needle) {
                        return seen;
                    }
                }
                Err(_) => {
                    let patience = self.patience;
                    panic!("no line with {needle:?} after {patience:?}; saw:\n{seen}")
                }
            }
        }
    }

    /// Ctrl-C: it must say it stopped and exit successfully. Returns the
    /// lines it printed from then on.
    pub fn stop(mut self) -> String {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let seen = self.wait_for("stopped");
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "{exit:?}");
        seen
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
