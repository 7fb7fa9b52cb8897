//! The command line: `ptcdoc build`, `ptcdoc check`.
//!
//! Arguments are parsed as written (clap), then resolved (document
//! folders found, formats and languages checked) before any work starts.
//! Exit codes: 0 success, 1 invalid input or failed run, 2 usage error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use ptcdoc::output::{self, Written};
use ptcdoc::render::Format;
use ptcdoc::{Failure, Locales, Options};

#[derive(Parser)]
#[command(
    name = "ptcdoc",
    version,
    about = "Builds the WCO Permanent Technical Committee's Inter-Sessional Developments document \
             from TOML inputs, as Markdown, HTML and PDF, in English and French."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the outputs of one or more documents.
    Build(BuildArgs),
    /// Check documents and report every problem; write nothing.
    Check(CheckArgs),
}

#[derive(Args)]
struct Common {
    /// Document folders (each with a document.toml). Default: every folder
    /// under ./inputs/ that has one.
    #[arg(value_name = "DOC_DIR")]
    docs: Vec<PathBuf>,
    /// Languages to build, comma-separated (default: all the document
    /// declares).
    #[arg(long, value_delimiter = ',', value_name = "LANG")]
    lang: Option<Vec<String>>,
    /// A folder of templates that override the built-in ones by name
    /// (document.md, document.html, style.css, locale/xx.toml).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: Common,
    /// Output folder.
    #[arg(long, default_value = "output", value_name = "DIR")]
    out: PathBuf,
    /// Formats, comma-separated: md, html, pdf.
    #[arg(long, value_delimiter = ',', default_value = "md,html", value_name = "FORMAT")]
    format: Vec<String>,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
}

/// An error in the arguments: reported with exit code 2.
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if let Some(usage) = e.downcast_ref::<Usage>() {
                eprintln!("error: {usage}");
                return ExitCode::from(2);
            }
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

/// The document folders to work on.
fn resolve_docs(docs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    if !docs.is_empty() {
        for d in docs {
            if !d.join("document.toml").is_file() {
                return Err(Usage(format!("{} has no document.toml", d.display())).into());
            }
        }
        return Ok(docs.to_vec());
    }
    let root = Path::new("inputs");
    let mut found: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|_| Usage("no DOC_DIR given and no ./inputs/ folder here".into()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("document.toml").is_file())
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(Usage("no document folder under ./inputs/".into()).into());
    }
    Ok(found)
}

fn resolve_formats(names: &[String]) -> Result<Vec<Format>> {
    let mut formats = Vec::new();
    for name in names {
        let format = Format::parse(name.trim())
            .ok_or_else(|| Usage(format!("unknown format `{name}` (expected md, html or pdf)")))?;
        if format == Format::Pdf {
            return Err(Usage("PDF output is not available yet; use --format md,html".into()).into());
        }
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    Ok(formats)
}

fn options(common: &Common) -> Options {
    Options {
        templates: common.templates.clone(),
        languages: common.lang.clone(),
    }
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let docs = resolve_docs(&args.common.docs)?;
    let formats = resolve_formats(&args.format)?;
    let options = options(&args.common);
    // Render everything before writing anything: one bad document keeps
    // every output as it was.
    let start = Instant::now();
    let mut all = Vec::new();
    let mut failed = false;
    for doc in &docs {
        match ptcdoc::build_outputs(doc, &formats, &options) {
            Ok((outputs, checked)) => {
                if !checked.diags.is_empty() {
                    eprint!("{}", checked.report());
                }
                all.extend(outputs);
            }
            Err(Failure::Invalid { report, errors }) => {
                eprint!("{report}");
                eprintln!("error: {} has {errors} error(s); nothing was written", doc.display());
                failed = true;
            }
            Err(Failure::Other(e)) => {
                return Err(e.context(format!("building {}", doc.display())));
            }
        }
    }
    if failed {
        return Ok(ExitCode::from(1));
    }
    let written = output::write_all(&args.out, &all)?;
    for w in &written {
        match w {
            Written::Changed(p) => println!("wrote {}", p.display()),
            Written::Unchanged(p) => println!("unchanged {}", p.display()),
        }
    }
    eprintln!(
        "built {} file(s) in {:.1} ms",
        written.len(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let docs = resolve_docs(&args.common.docs)?;
    let options = options(&args.common);
    let mut errors = 0;
    let mut warnings = 0;
    for doc in &docs {
        let dirs = ptcdoc::template_dirs(doc, &options);
        let locales = Locales::load(&dirs).context("loading locales")?;
        let checked = ptcdoc::check(doc, &locales, &options);
        eprint!("{}", checked.report());
        errors += checked.diags.error_count();
        warnings += checked.diags.warning_count();
    }
    if errors > 0 {
        eprintln!("{errors} error(s), {warnings} warning(s)");
        Ok(ExitCode::from(1))
    } else {
        eprintln!("ok: {} document(s), {warnings} warning(s)", docs.len());
        Ok(ExitCode::SUCCESS)
    }
}
