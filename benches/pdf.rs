//! PDF benchmark: in-process time of the PDF renderer on the default
//! document and on a generated one 100 times its size, with the share of
//! layout (shaping, line breaking, pagination) against writing (subsetting,
//! PDF operations, objects, compression). Reports medians.
//!
//!     cargo bench --bench pdf [-- RUNS]
//!
//! Process wall time and peak memory of the command line are measured by
//! benches/pdf.sh (hyperfine, /usr/bin/time -v); this file explains where
//! the time goes.

use std::path::Path;
use std::time::{Duration, Instant};

use ptcdoc::model::Document;
use ptcdoc::render::pdf::objects::DocumentInfo;
use ptcdoc::render::pdf::{Setup, embed, finish, write};
use ptcdoc::render::{Organization, Templates};
use ptcdoc::{Options, Project};

#[path = "../examples/gen_large.rs"]
mod gen_large;

/// A memory figure of /proc/self/status, in kB (Linux; 0 elsewhere).
fn status(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(key)).and_then(|l| {
                l[key.len()..]
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .ok()
            })
        })
        .unwrap_or(0)
}

/// Where the time of one render went: each step of `render::pdf::render`,
/// run and timed here, from outside the renderer.
#[derive(Debug, Default, Clone, Copy)]
struct StageTimes {
    /// Fonts, style and hyphenation dictionary.
    setup: Duration,
    /// Shaping, line breaking and pagination.
    layout: Duration,
    /// Font subsetting.
    embed: Duration,
    /// Content streams, page objects and content compression.
    objects: Duration,
    /// The lopdf pass, compression and serialization.
    finish: Duration,
}

impl StageTimes {
    fn writing(&self) -> Duration {
        self.embed + self.objects + self.finish
    }
}

/// Renders as `render::pdf::render` does, timing each step.
fn render_timed(
    doc: &Document,
    letterhead: &[Organization],
    templates: &Templates,
) -> (Vec<u8>, StageTimes) {
    let mut t = StageTimes::default();
    let start = Instant::now();
    let mut setup = Setup::new(doc, letterhead, templates).unwrap();
    t.setup = start.elapsed();
    let start = Instant::now();
    let layout = setup.lay_out(doc).unwrap();
    t.layout = start.elapsed();
    let start = Instant::now();
    let embedded = embed::embed(&layout, &setup.fonts).unwrap();
    t.embed = start.elapsed();
    let start = Instant::now();
    let (parts, _) = write::write(layout, &setup.fonts, &embedded, |_| ()).unwrap();
    t.objects = start.elapsed();
    let start = Instant::now();
    let bytes = finish::finish(parts, &setup.fonts, &embedded, &DocumentInfo::of(doc)).unwrap();
    t.finish = start.elapsed();
    (bytes, t)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn bench(name: &str, dir: &Path, runs: usize) {
    let options = Options {
        templates: None,
        languages: Some(vec!["en".into()]),
        pdf: true,
    };
    let project = Project::load(dir, &options).unwrap();
    assert!(!project.checked.diags.has_errors(), "{}", project.report());
    let doc = &project.checked.documents[0];
    let ctx = project.context(doc);

    // Peak resident memory of the rendering alone (Linux: reset the
    // high-water mark once the model is built).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status("VmRSS:");
    let mut total = Vec::new();
    let mut all: Vec<StageTimes> = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let (bytes, t) = render_timed(doc, ctx.letterhead, ctx.templates);
        total.push(start.elapsed());
        size = bytes.len();
        all.push(t);
    }
    let pick = |f: &dyn Fn(&StageTimes) -> Duration| median(all.iter().map(f).collect());
    let total = median(total);
    let setup = pick(&|t| t.setup);
    let layout = pick(&|t| t.layout);
    let writing = pick(&|t| t.writing());
    let peak = status("VmHWM:");
    println!(
        "{name}: {} paragraphs, {size} bytes; median of {runs}: {:.2} ms",
        doc.paragraphs().count(),
        ms(total)
    );
    println!("  resident: {before} kB with the model built, peak {peak} kB while rendering");
    println!(
        "  setup {:.2} ms | layout {:.2} ms ({:.0}%) | writing {:.2} ms ({:.0}%): \
         subset {:.2}, pages {:.2}, lopdf pass {:.2}",
        ms(setup),
        ms(layout),
        100.0 * layout.as_secs_f64() / total.as_secs_f64(),
        ms(writing),
        100.0 * writing.as_secs_f64() / total.as_secs_f64(),
        ms(pick(&|t| t.embed)),
        ms(pick(&|t| t.objects)),
        ms(pick(&|t| t.finish)),
    );
}

fn main() {
    // `cargo bench` passes "--bench"; a number sets the runs, "default" or
    // "large" picks one document.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(20);
    let only = |name: &str| {
        !args.iter().any(|a| a == "default" || a == "large") || args.iter().any(|a| a == name)
    };
    let default = gen_large::default_document();
    if only("default") {
        bench("default document", &default, runs);
    }
    if only("large") {
        let large = std::env::temp_dir().join(format!("ptcdoc-bench-large-{}", std::process::id()));
        let n = gen_large::generate(&default, &large, 1900).unwrap();
        println!("generated {n} paragraphs in {}", large.display());
        bench("large document", &large, (runs / 4).max(3));
        let _ = std::fs::remove_dir_all(&large);
    }
}
