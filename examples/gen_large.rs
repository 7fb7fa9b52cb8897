//! Generates a large document for the PDF benchmark: the default document
//! (inputs/pc0608) with its packages repeated until it has about 100 times
//! as many numbered paragraphs (about 1,900).
//!
//!     cargo run --release --example gen_large -- OUT_DIR [PARAGRAPHS]
//!
//! OUT_DIR receives document.toml and packages/NAME-NNN.toml. Each copy of
//! a package renames the ids it defines (`id = "x"`, `{#x}`) and the
//! references to them and to package sections (`](#x)`), so that ids stay
//! unique and every reference resolves within its copy. The document
//! declares English only: the copies have no reviewed translations.

use std::collections::BTreeSet;
use std::path::Path;

/// The default document's folder.
pub fn default_document() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs/pc0608")
}

/// Ids a package file defines: `id = "x"` lines and `{#x}` item ids.
fn defined_ids(text: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for line in text.lines() {
        if let Some(rest) = line.trim().strip_prefix("id = \"")
            && let Some(end) = rest.find('"')
        {
            ids.insert(rest[..end].to_string());
        }
    }
    let mut rest = text;
    while let Some(at) = rest.find("{#") {
        rest = &rest[at + 2..];
        if let Some(end) = rest.find('}') {
            ids.insert(rest[..end].to_string());
        }
    }
    ids
}

/// A copy of a package with `names` renamed by `suffix`.
fn renamed(text: &str, names: &BTreeSet<String>, suffix: &str) -> String {
    let mut out = text.to_string();
    for name in names {
        for (before, after) in [("id = \"", "\""), ("{#", "}"), ("](#", ")")] {
            out = out.replace(
                &format!("{before}{name}{after}"),
                &format!("{before}{name}{suffix}{after}"),
            );
        }
    }
    out
}

/// Writes the large document into `out`; returns its number of numbered
/// paragraphs.
pub fn generate(src: &Path, out: &Path, paragraphs: usize) -> Result<usize, String> {
    let fail = |e: &dyn std::fmt::Display| e.to_string();
    let doc_text = std::fs::read_to_string(src.join("document.toml")).map_err(|e| fail(&e))?;
    let mut doc: toml::Table = toml::from_str(&doc_text).map_err(|e| fail(&e))?;
    let sections: Vec<String> = doc
        .get("sections")
        .and_then(|s| s.as_array())
        .ok_or("document.toml has no sections")?
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect();
    let packages: Vec<String> = sections
        .iter()
        .filter(|s| src.join("packages").join(format!("{s}.toml")).is_file())
        .cloned()
        .collect();
    let all_names: BTreeSet<String> = packages.iter().cloned().collect();

    // Numbered paragraphs per copy of the packages, and outside them.
    let count = |text: &str| {
        text.split("[[blocks]]")
            .skip(1)
            .filter(|b| !b.contains("\nkind ="))
            .count()
    };
    let mut texts = Vec::new();
    let mut per_copy = 0;
    for p in &packages {
        let text = std::fs::read_to_string(src.join("packages").join(format!("{p}.toml")))
            .map_err(|e| fail(&e))?;
        per_copy += count(&text);
        texts.push((p.clone(), text));
    }
    let fixed = count(&doc_text);
    if per_copy == 0 {
        return Err("the packages have no numbered paragraphs".into());
    }
    let copies = paragraphs.saturating_sub(fixed).div_ceil(per_copy).max(1);

    std::fs::create_dir_all(out.join("packages")).map_err(|e| fail(&e))?;
    let mut new_sections = Vec::new();
    let mut first_package = true;
    for s in &sections {
        if !all_names.contains(s) {
            new_sections.push(s.clone());
            continue;
        }
        if !first_package {
            continue;
        }
        // All packages, copy after copy, where the first package stood.
        first_package = false;
        for k in 1..=copies {
            let suffix = format!("-{k:03}");
            for (name, text) in &texts {
                let mut names = defined_ids(text);
                names.extend(all_names.iter().cloned());
                let copy = renamed(text, &names, &suffix);
                let file = out.join("packages").join(format!("{name}{suffix}.toml"));
                std::fs::write(file, copy).map_err(|e| fail(&e))?;
                new_sections.push(format!("{name}{suffix}"));
            }
        }
    }
    doc.insert(
        "sections".into(),
        toml::Value::Array(new_sections.into_iter().map(toml::Value::String).collect()),
    );
    doc.insert(
        "languages".into(),
        toml::Value::Array(vec![toml::Value::String("en".into())]),
    );
    let text = toml::to_string(&doc).map_err(|e| fail(&e))?;
    std::fs::write(out.join("document.toml"), text).map_err(|e| fail(&e))?;
    Ok(fixed + copies * per_copy)
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: gen_large OUT_DIR [PARAGRAPHS (default 1900)]");
        std::process::exit(2);
    };
    let paragraphs = args
        .next()
        .map_or(Ok(1900), |n| n.parse())
        .unwrap_or_else(|e| {
            eprintln!("PARAGRAPHS: {e}");
            std::process::exit(2);
        });
    match generate(&default_document(), Path::new(&out), paragraphs) {
        Ok(n) => println!("{out}: {n} numbered paragraphs"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
