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
use ptcdoc::{Failure, Options};

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
    /// Build, then rebuild whenever an input or template changes.
    Watch(WatchArgs),
    /// Start the next meeting's document from the last one.
    New {
        /// The folder to create (must not exist).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The document to start from.
        #[arg(long, value_name = "OLD_DIR")]
        from: PathBuf,
        /// The new document's symbol, e.g. PC0700 (otherwise left to fill).
        #[arg(long, value_name = "SYMBOL")]
        symbol: Option<String>,
    },
    /// Show what changed from OLD_DIR to NEW_DIR: a redline of the new
    /// version per language (<symbol>-redline.<ext>) and a summary.
    Diff(DiffArgs),
    /// Follow translations: which are missing, stale or up to date.
    #[command(subcommand)]
    Translations(TranslationsCommand),
}

#[derive(Subcommand)]
enum TranslationsCommand {
    /// List, per language, the texts that are missing, stale, not yet
    /// accepted, and up to date.
    Status {
        /// Document folders (default: every folder under ./inputs/).
        #[arg(value_name = "DOC_DIR")]
        docs: Vec<PathBuf>,
        /// Also list the texts that are up to date.
        #[arg(long)]
        all: bool,
    },
    /// Record the current source texts as the ones the translations were
    /// reviewed against (writes DOC_DIR/translations.lock).
    Accept {
        /// The document folder.
        #[arg(value_name = "DOC_DIR")]
        doc: Option<PathBuf>,
        /// Accept only this text (as `translations status` names it, e.g.
        /// revenue/phase-iv).
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// Accept only this language.
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
    /// Write the texts to translate as XLIFF 2, for a translator's tool.
    Export {
        /// The document folder.
        #[arg(value_name = "DOC_DIR")]
        doc: PathBuf,
        /// The language to translate into (default: the only one).
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// Which texts: stale, missing or all.
        #[arg(long, default_value = "all", value_name = "WHICH")]
        only: String,
        /// The XLIFF file to write.
        #[arg(long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Write the translations of an XLIFF file back into the inputs, all
    /// or nothing.
    Import {
        /// The document folder.
        #[arg(value_name = "DOC_DIR")]
        doc: PathBuf,
        /// The XLIFF file, as the translator's tool returned it.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Record the imported translations as accepted.
        #[arg(long)]
        accept: bool,
    },
    /// Write a TMX memory of every accepted translation.
    Tmx {
        /// Document folders (default: every folder under ./inputs/).
        #[arg(value_name = "DOC_DIR")]
        docs: Vec<PathBuf>,
        /// The TMX file to write.
        #[arg(long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Write a page with each text beside its translation, for review.
    Review {
        /// The document folder.
        #[arg(value_name = "DOC_DIR")]
        doc: PathBuf,
        /// The language to review (default: the only one).
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// The HTML file to write.
        #[arg(long, value_name = "FILE")]
        output: PathBuf,
    },
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
    /// Formats, comma-separated: md, html, pdf, docx.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "md,html,pdf,docx",
        value_name = "FORMAT"
    )]
    format: Vec<String>,
}

#[derive(Args)]
struct DiffArgs {
    /// The version compared against.
    #[arg(value_name = "OLD_DIR")]
    old: PathBuf,
    /// The version shown, with what changed marked.
    #[arg(value_name = "NEW_DIR")]
    new: PathBuf,
    /// Output folder.
    #[arg(long, default_value = "output", value_name = "DIR")]
    out: PathBuf,
    /// Languages to compare, comma-separated (default: all of NEW_DIR's).
    #[arg(long, value_delimiter = ',', value_name = "LANG")]
    lang: Option<Vec<String>>,
    /// Formats, comma-separated: html, pdf, docx.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "html,pdf,docx",
        value_name = "FORMAT"
    )]
    format: Vec<String>,
    /// Whom Word's tracked changes name (default: the organisation).
    #[arg(long, value_name = "NAME")]
    author: Option<String>,
    /// A folder of templates that override the built-in ones by name.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

#[derive(Args)]
struct WatchArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// Quiet time, in milliseconds, before a change is rebuilt.
    #[arg(long, default_value_t = 50, value_name = "MS")]
    debounce: u64,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// Formats the check answers for, comma-separated: md, html, pdf, docx. The
    /// fonts' glyphs are checked only when pdf is among them.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "md,html,pdf,docx",
        value_name = "FORMAT"
    )]
    format: Vec<String>,
}

/// Prints a line on stdout; a closed pipe (`ptcdoc ... | head`) ends the
/// program quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
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

/// Lets glibc's malloc grow a heap by 4 MiB at a time rather than 128 KiB.
/// A build's threads each take an arena whose heap glibc grows and trims
/// with a system call each time (185 `mprotect` calls for the English PDF
/// of the default document; 22 with the pad), and the pages it trims
/// fault in again. The pad is address space: pages untouched stay out of
/// memory, and the ×100 document's peak did not grow.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets a parameter of glibc's allocator; it is
    // called before any thread of ours starts, and a refusal (0) leaves
    // the default in force.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 4 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() -> ExitCode {
    tune_allocator();
    // Nearly every command loads the locales: their parsing starts now,
    // beside the reading of the arguments.
    ptcdoc::locale::preload();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Watch(args) => watch(args),
        Command::Translations(cmd) => translations(cmd),
        Command::Diff(args) => diff(args),
        Command::New { dir, from, symbol } => new(&dir, &from, symbol.as_deref()),
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
        let format = Format::parse(name.trim()).ok_or_else(|| {
            Usage(format!(
                "unknown format `{name}` (expected {})",
                Format::names()
            ))
        })?;
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    Ok(formats)
}

/// The settings of a run, checked against the documents: the template
/// folder must exist, and each language asked for must be one ptcdoc
/// knows, and asked for once.
fn options(common: &Common, docs: &[PathBuf], formats: &[Format]) -> Result<Options> {
    if let Some(dir) = &common.templates
        && !dir.is_dir()
    {
        return Err(Usage(format!("--templates {}: no such folder", dir.display())).into());
    }
    let options = Options {
        templates: common.templates.clone(),
        languages: common.lang.clone(),
        pdf: formats.contains(&Format::Pdf),
    };
    if let Some(langs) = &common.lang {
        for (i, lang) in langs.iter().enumerate() {
            if langs[..i].contains(lang) {
                return Err(Usage(format!("--lang: `{lang}` is given twice")).into());
            }
        }
        for doc in docs {
            let locales = ptcdoc::project::locales(doc, &options)?;
            let known = locales.codes();
            if let Some(lang) = langs.iter().find(|l| !known.contains(&l.as_str())) {
                return Err(Usage(format!(
                    "--lang: unknown language `{lang}` (known: {})",
                    known.join(", ")
                ))
                .into());
            }
        }
    }
    Ok(options)
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let docs = resolve_docs(&args.common.docs)?;
    let formats = resolve_formats(&args.format)?;
    let options = options(&args.common, &docs, &formats)?;
    let start = Instant::now();
    let built = match ptcdoc::build_all(&docs, &formats, &options) {
        Ok(built) => built,
        Err(Failure::Invalid { report, .. }) => {
            eprint!("{report}");
            eprintln!("nothing was written");
            return Ok(ExitCode::from(1));
        }
        Err(Failure::Other(e)) => return Err(e),
    };
    eprint!("{}", built.report);
    let written = output::write_all(&args.out, &built.outputs)?;
    for w in &written {
        match w {
            Written::Changed(p) => say!("wrote {}", p.display()),
            Written::Unchanged(p) => say!("unchanged {}", p.display()),
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
    let formats = resolve_formats(&args.format)?;
    let options = options(&args.common, &docs, &formats)?;
    let mut errors = 0;
    let mut warnings = 0;
    for doc in &docs {
        let checked = ptcdoc::project::check(doc, &options)?;
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

/// Loads a document's inputs for the translation commands, which need
/// them readable but not necessarily complete.
fn load_input(doc: &Path) -> Result<ptcdoc::input::DocumentInput> {
    let locales = ptcdoc::project::locales(doc, &Options::default())?;
    let mut sources = ptcdoc::diagnostics::Sources::default();
    let mut diags = ptcdoc::diagnostics::Diagnostics::default();
    let input = ptcdoc::input::load(doc, &locales.codes(), &mut sources, &mut diags);
    match input {
        Some(input) if !diags.has_errors() => Ok(input),
        _ => {
            eprint!("{}", diags.render(&sources));
            anyhow::bail!(
                "{} has errors; fix them first (see `ptcdoc check`)",
                doc.display()
            )
        }
    }
}

fn translations(cmd: TranslationsCommand) -> Result<ExitCode> {
    use ptcdoc::translations::{self as tr, Lock, State};
    match cmd {
        TranslationsCommand::Status { docs, all } => {
            let mut stale = 0;
            for doc in resolve_docs(&docs)? {
                let input = load_input(&doc)?;
                let lock = Lock::load(&doc)?;
                if let (Some(l), Some(first)) = (&lock, input.languages.first())
                    && l.source != first.value
                {
                    eprintln!("warning: {}", tr::foreign_source(l, &first.value));
                }
                let statuses = tr::status(&input, lock.as_ref());
                say!("{}", doc.display());
                let mut langs: Vec<&str> = statuses.iter().map(|s| s.lang.as_str()).collect();
                langs.dedup();
                for lang in langs {
                    let of_lang: Vec<_> = statuses.iter().filter(|s| s.lang == lang).collect();
                    let count = |st: State| of_lang.iter().filter(|s| s.state == st).count();
                    say!(
                        "  {lang}: {} up to date, {} stale, {} missing, {} not accepted",
                        count(State::UpToDate),
                        count(State::Stale),
                        count(State::Missing),
                        count(State::Unaccepted)
                    );
                    for s in &of_lang {
                        if all || s.state != State::UpToDate {
                            say!("    {:<13} {}", s.state.name(), s.key);
                        }
                    }
                    stale += count(State::Stale) + count(State::Missing);
                }
            }
            // Like `git diff --exit-code`: scripts can ask "all done?".
            Ok(if stale > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        TranslationsCommand::Accept { doc, id, lang } => {
            let docs = resolve_docs(&doc.into_iter().collect::<Vec<_>>())?;
            if docs.len() != 1 {
                return Err(
                    Usage("name the document folder to accept translations in".into()).into(),
                );
            }
            let doc = &docs[0];
            let input = load_input(doc)?;
            // Read, change and write back with no other `accept` between.
            let folder = output::FolderLock::acquire(doc)?;
            let (lock, count) =
                tr::accept(&input, Lock::load(doc)?, id.as_deref(), lang.as_deref())?;
            lock.save(&folder, doc)?;
            say!(
                "accepted {count} translation(s); wrote {}",
                Lock::path(doc).display()
            );
            Ok(ExitCode::SUCCESS)
        }
        other => exchange(other),
    }
}

/// Writes a file the way outputs are written (see `output`).
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| Usage(format!("--output {}: not a file name", path.display())))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    output::replace_file(dir, &name.to_string_lossy(), bytes)
}

fn exchange(cmd: TranslationsCommand) -> Result<ExitCode> {
    use ptcdoc::translations::exchange::{self, Loaded};
    use ptcdoc::translations::xliff::Only;
    match cmd {
        TranslationsCommand::Export {
            doc,
            lang,
            only,
            output,
        } => {
            let only = Only::parse(&only)
                .ok_or_else(|| Usage(format!("--only: `{only}` is not stale, missing or all")))?;
            let doc = &resolve_docs(std::slice::from_ref(&doc))?[0];
            let loaded = Loaded::load(doc)?;
            let (text, count) = exchange::export(&loaded, lang.as_deref(), only)?;
            write_file(&output, text.as_bytes())?;
            say!("exported {count} text(s) to {}", output.display());
            Ok(ExitCode::SUCCESS)
        }
        TranslationsCommand::Import { doc, file, accept } => {
            let doc = &resolve_docs(std::slice::from_ref(&doc))?[0];
            // Read, check and write back with no other writer between.
            let folder = output::FolderLock::acquire(doc)?;
            let mut loaded = Loaded::load(doc)?;
            let plan = match exchange::import(&mut loaded, &file, accept)? {
                Ok(plan) => plan,
                Err(report) => {
                    eprint!("{report}");
                    eprintln!("nothing was written");
                    return Ok(ExitCode::from(1));
                }
            };
            let mut files: Vec<(PathBuf, Vec<u8>)> = plan
                .files
                .iter()
                .map(|(p, t)| (p.clone(), t.as_bytes().to_vec()))
                .collect();
            if let Some(lock) = &plan.lock {
                files.push((
                    ptcdoc::translations::LOCK_FILE.into(),
                    lock.to_toml()?.into_bytes(),
                ));
            }
            folder.replace_files(&files)?;
            for key in &plan.written {
                say!("wrote {key}");
            }
            for key in &plan.incomplete {
                say!("left {key}: a segment has no target");
            }
            say!(
                "{} text(s) written, {} unchanged, {} left incomplete, {} accepted",
                plan.written.len(),
                plan.unchanged,
                plan.incomplete.len(),
                plan.accepted
            );
            Ok(ExitCode::SUCCESS)
        }
        TranslationsCommand::Tmx { docs, output } => {
            let loaded = resolve_docs(&docs)?
                .iter()
                .map(|d| Loaded::load(d))
                .collect::<Result<Vec<_>>>()?;
            let memory = ptcdoc::translations::tmx::memory(&loaded)?;
            write_file(&output, memory.text.as_bytes())?;
            say!(
                "wrote {} translation unit(s) to {} ({} duplicate(s) left out)",
                memory.units,
                output.display(),
                memory.duplicates
            );
            Ok(ExitCode::SUCCESS)
        }
        TranslationsCommand::Review { doc, lang, output } => {
            let doc = &resolve_docs(std::slice::from_ref(&doc))?[0];
            let loaded = Loaded::load(doc)?;
            let lang = loaded.target(lang.as_deref())?;
            let (page, rows) = ptcdoc::translations::review::page(&loaded, &lang)?;
            write_file(&output, page.as_bytes())?;
            say!("wrote {rows} text(s) to {}", output.display());
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(anyhow::anyhow!("not a command of the translation exchange")),
    }
}

fn new(dir: &Path, from: &Path, symbol: Option<&str>) -> Result<ExitCode> {
    if !from.join("document.toml").is_file() {
        return Err(Usage(format!("{} has no document.toml", from.display())).into());
    }
    if let Some(symbol) = symbol {
        ptcdoc::new::check_symbol(symbol).map_err(|e| Usage(format!("--symbol: {e}")))?;
    }
    let locales = ptcdoc::project::locales(from, &Options::default())?;
    let created = ptcdoc::new::create(dir, from, symbol, &locales.codes())?;
    let sessions: Vec<String> = created.sessions.iter().map(u32::to_string).collect();
    say!(
        "created {} for sessions {}",
        created.dir.display(),
        sessions.join("/")
    );
    if !created.to_fill.is_empty() {
        say!(
            "still to fill in document.toml: {} (ptcdoc check {} lists them)",
            created.to_fill.join(", "),
            created.dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn watch(args: WatchArgs) -> Result<ExitCode> {
    let build = args.build;
    let docs = resolve_docs(&build.common.docs)?;
    let formats = resolve_formats(&build.format)?;
    let options = options(&build.common, &docs, &formats)?;
    let config = ptcdoc::watch::WatchConfig {
        docs,
        formats,
        options,
        out: build.out,
        debounce: std::time::Duration::from_millis(args.debounce),
    };
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst))
        .context("cannot catch Ctrl-C")?;
    ptcdoc::watch::watch(&config, &stop, &mut |line| say!("{line}"))?;
    Ok(ExitCode::SUCCESS)
}

fn diff(args: DiffArgs) -> Result<ExitCode> {
    let docs = resolve_docs(&[args.old.clone(), args.new.clone()])?;
    let formats = resolve_formats(&args.format)?;
    if let Some(f) = formats.iter().find(|f| **f == Format::Markdown) {
        return Err(Usage(format!(
            "--format: `{}` has no redline (expected html, pdf or docx)",
            f.extension()
        ))
        .into());
    }
    let common = Common {
        docs: docs.clone(),
        lang: args.lang,
        templates: args.templates,
    };
    let checked = options(&common, &docs, &formats)?;
    let options = ptcdoc::redline::DiffOptions {
        templates: checked.templates,
        languages: checked.languages,
        formats,
        author: args.author,
    };
    let (outputs, summaries, report) = match ptcdoc::redline::diff(&docs[0], &docs[1], &options) {
        Ok(done) => done,
        Err(Failure::Invalid { report, .. }) => {
            eprint!("{report}");
            eprintln!("nothing was written");
            return Ok(ExitCode::from(1));
        }
        Err(Failure::Other(e)) => return Err(e),
    };
    eprint!("{report}");
    for s in &summaries {
        say!("{}: {}", s.lang, s.counts);
        for fact in &s.cover {
            say!("  {fact}");
        }
    }
    for w in output::write_all(&args.out, &outputs)? {
        match w {
            Written::Changed(p) => say!("wrote {}", p.display()),
            Written::Unchanged(p) => say!("unchanged {}", p.display()),
        }
    }
    Ok(ExitCode::SUCCESS)
}
