//! Benchmark of the renderers other than the PDF (Markdown, HTML, DOCX):
//! in-process time of each format and language on the default document,
//! one after the other on one thread: the first render in the process
//! (what `ptcdoc build` pays) and the median of the later ones (what a
//! rebuild of `ptcdoc watch` pays, with what the renderers remember). The PDF has its
//! own (benches/pdf.rs); whole-process time is benches/wall.sh's.
//!
//!     cargo bench --bench renderers [-- RUNS]

use std::time::{Duration, Instant};

use ptcdoc::render::Format;
use ptcdoc::{Options, Project};

#[path = "../examples/gen_large.rs"]
mod gen_large;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200)
        .max(2);
    let project = Project::load(&gen_large::default_document(), &Options::default()).unwrap();
    assert!(!project.checked.diags.has_errors(), "{}", project.report());
    for format in [Format::Markdown, Format::Html, Format::Docx] {
        for doc in &project.checked.documents {
            let ctx = project.context(doc);
            let mut times = Vec::with_capacity(runs);
            let mut size = 0;
            for _ in 0..runs {
                let start = Instant::now();
                let bytes = format.renderer().render(&ctx).unwrap();
                times.push(start.elapsed());
                size = bytes.len();
            }
            let first = times.remove(0);
            println!(
                "{:>4} {}: {size} bytes; first {:.3} ms, median of {} more {:.3} ms",
                format.extension(),
                doc.lang,
                first.as_secs_f64() * 1000.0,
                runs - 1,
                median(times).as_secs_f64() * 1000.0
            );
        }
    }
}
