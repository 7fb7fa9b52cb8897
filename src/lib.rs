//! ptcdoc turns the TOML inputs of a WCO "Inter-Sessional Developments"
//! document into its English and French variants, as Markdown, HTML and
//! PDF, with the same numbered paragraphs in each.
//!
//! The pipeline, one module per step, run by [`project::Project`] for
//! every caller (command line, `watch`, tests, benchmarks):
//!
//! 1. [`project::Project::load`] finds what is in force for a document
//!    folder: its template folders, the [`locale::Locales`] and the
//!    [`render::Templates`];
//! 2. [`input::load`] reads `document.toml` and the package files, keeping
//!    the place of every value;
//! 3. [`model::check_structure`] and [`model::build`] check the inputs and
//!    build one [`model::Document`] per language: numbers, labels,
//!    references, formatted facts and typography;
//! 4. [`project::Project::render`] turns each document into bytes through
//!    the [`render::Renderer`] of each format: Tera templates for Markdown
//!    and HTML, our own layout on printpdf for the PDF;
//! 5. [`output::write_all`] writes everything at once, or nothing.
//!
//! Every problem found on the way is a [`diagnostics::Diagnostic`] with a
//! file, line and column; a run reports them all.

pub mod diagnostics;
pub mod fingerprint;
pub mod input;
pub mod lint;
pub mod locale;
pub mod model;
pub mod new;
pub mod output;
pub mod parallel;
pub mod project;
pub mod redline;
pub mod render;
pub mod translations;
pub mod watch;

pub use project::{Built, Checked, Failure, Options, Project, build_all, build_outputs};
