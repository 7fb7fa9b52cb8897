//! From a generated document to its TOML files, and to what each output
//! must show: the words in order, the numbers, the reference labels.

use super::*;

/// What a reference target shows: "paragraph 4" (as words per language)
/// and the bare "4".
#[derive(Debug, Clone)]
struct Target {
    id: String,
    anchor: String,
    text: Option<[Vec<String>; 2]>,
    bare: Option<String>,
}

pub(crate) fn roman(mut n: usize) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, d) in table {
        while n >= v {
            out.push_str(d);
            n -= v;
        }
    }
    out
}

pub(crate) fn alpha(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

pub(crate) fn words_of(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

impl Block {
    pub(crate) fn style(&self, depth: usize) -> Style {
        // Deeper than `lists` says, a `-` list takes the default style.
        if depth >= 4 {
            return Style::Bullet;
        }
        match self.styles {
            Some(s) => s[depth],
            None if self.ordered[depth] => Style::Decimal,
            None => Style::Bullet,
        }
    }
}

pub(crate) fn label(style: Style, n: usize) -> Option<String> {
    match style {
        Style::Decimal => Some(n.to_string()),
        Style::Roman => Some(roman(n).to_lowercase()),
        Style::Alpha => Some(alpha(n)),
        Style::Bullet | Style::Dash => None,
    }
}

impl Doc {
    /// Renames ids so that every id (section, block, item) is unique.
    pub(crate) fn make_ids_unique(&mut self) {
        let mut seen = std::collections::BTreeSet::new();
        let mut fresh = |id: &mut String| {
            let mut n = 1;
            let base = id.clone();
            while !seen.insert(id.clone()) {
                n += 1;
                *id = format!("{base}{n}");
            }
        };
        fn items(list: &mut [Item], f: &mut dyn FnMut(&mut String)) {
            for item in list {
                if let Some(id) = &mut item.id {
                    f(id);
                }
                if let Some(sub) = &mut item.sub {
                    items(sub, f);
                }
            }
        }
        for s in &mut self.sections {
            fresh(&mut s.name);
        }
        for s in &mut self.sections {
            for b in &mut s.blocks {
                if let Some(id) = &mut b.id {
                    fresh(id);
                }
                for seg in &mut b.segments {
                    if let Some(After::List(list)) = &mut seg.after {
                        items(list, &mut fresh);
                    }
                }
            }
        }
    }

    /// Every id with what it shows, and the number of paragraphs.
    fn targets(&self) -> (Vec<Target>, u32) {
        let mut out = Vec::new();
        let mut number = 0u32;
        for (i, s) in self.sections.iter().enumerate() {
            let numeral = roman(i + 1);
            out.push(Target {
                id: s.name.clone(),
                anchor: format!("section-{}", s.name),
                text: Some([
                    vec!["Section".into(), numeral.clone()],
                    vec!["section".into(), numeral.clone()],
                ]),
                bare: Some(numeral),
            });
            for b in &s.blocks {
                let num = (b.kind == BlockKind::Paragraph).then(|| {
                    number += 1;
                    number
                });
                if let Some(id) = &b.id {
                    out.push(Target {
                        id: id.clone(),
                        anchor: num.map_or(id.clone(), |n| format!("para-{n}")),
                        text: num.map(|n| {
                            [
                                vec!["paragraph".into(), n.to_string()],
                                vec!["paragraphe".into(), n.to_string()],
                            ]
                        }),
                        bare: num.map(|n| n.to_string()),
                    });
                }
                for seg in &b.segments {
                    if let Some(After::List(list)) = &seg.after {
                        item_targets(b, list, 0, num, &mut out);
                    }
                }
            }
        }
        (out, number)
    }
}

fn item_targets(b: &Block, list: &[Item], depth: usize, para: Option<u32>, out: &mut Vec<Target>) {
    let style = b.style(depth);
    for (k, item) in list.iter().enumerate() {
        if let Some(id) = &item.id {
            let l = label(style, k + 1);
            out.push(Target {
                id: id.clone(),
                anchor: format!("item-{id}"),
                text: match (&l, para) {
                    (Some(l), Some(p)) => Some([
                        vec![
                            "item".into(),
                            l.clone(),
                            "of".into(),
                            "paragraph".into(),
                            p.to_string(),
                        ],
                        vec![
                            "point".into(),
                            l.clone(),
                            "du".into(),
                            "paragraphe".into(),
                            p.to_string(),
                        ],
                    ]),
                    _ => None,
                },
                bare: l,
            });
        }
        if let Some(sub) = &item.sub {
            item_targets(b, sub, depth + 1, para, out);
        }
    }
}

// ---------------------------------------------------------------------------
// Writing the files, and what each language must show

/// The Markdown of texts in one language, and the words it must show.
struct Texts<'a> {
    lang: usize,
    targets: &'a [Target],
    /// Words expected in order; list labels are collected apart, since
    /// the PDF hangs them beside their line.
    words: Vec<String>,
    with_labels: Vec<String>,
    /// (anchor, label words) of each reference, in order.
    refs: Vec<(String, Vec<String>)>,
}

impl Texts<'_> {
    fn push_words(&mut self, s: &str) {
        for w in words_of(s) {
            self.words.push(w.clone());
            self.with_labels.push(w);
        }
    }

    fn twin<'s>(&self, t: &'s (String, String)) -> &'s str {
        if self.lang == 0 { &t.0 } else { &t.1 }
    }

    fn run(&mut self, ws: &[(String, String)]) -> String {
        let parts: Vec<&str> = ws.iter().map(|t| self.twin(t)).collect();
        let s = parts.join(" ");
        self.push_words(&s);
        s
    }

    fn inlines(&mut self, inls: &[Inl]) -> String {
        let mut parts = Vec::new();
        for i in inls {
            parts.push(match i {
                Inl::Word(e, f) => {
                    let w = if self.lang == 0 { e } else { f };
                    self.push_words(w);
                    w.clone()
                }
                Inl::Emph(ws) => format!("*{}*", self.run(ws)),
                Inl::Strong(ws) => format!("**{}**", self.run(ws)),
                Inl::Link(ws, url) => {
                    let text = self.run(ws);
                    format!("[{text}]({url})")
                }
                Inl::Ref(index, kind, ws) => {
                    let target = index.get(self.targets).clone();
                    let lang = self.lang;
                    match (kind, &target.text, &target.bare) {
                        (0, Some(text), _) => {
                            let text = text[lang].clone();
                            for w in &text {
                                self.push_words(w);
                            }
                            self.refs.push((target.anchor.clone(), text));
                            format!("[](#{})", target.id)
                        }
                        (1, _, Some(bare)) => {
                            self.push_words(bare);
                            self.refs.push((target.anchor.clone(), words_of(bare)));
                            format!("[#](#{})", target.id)
                        }
                        _ => {
                            let text = self.run(ws);
                            self.refs.push((target.anchor.clone(), words_of(&text)));
                            format!("[{text}](#{})", target.id)
                        }
                    }
                }
            });
        }
        parts.join(" ")
    }

    fn list(&mut self, b: &Block, list: &[Item], depth: usize, indent: usize) -> String {
        let style = b.style(depth);
        let pad = " ".repeat(indent);
        let mut lines = Vec::new();
        for (k, item) in list.iter().enumerate() {
            let marker = if style.ordered() {
                format!("{}.", k + 1)
            } else {
                "-".to_string()
            };
            if let Some(l) = label(style, k + 1) {
                self.with_labels.push(l);
            }
            let id = item
                .id
                .as_ref()
                .map_or(String::new(), |id| format!("{{#{id}}} "));
            let text = self.inlines(&item.para);
            lines.push(format!("{pad}{marker} {id}{text}"));
            if let Some(sub) = &item.sub {
                lines.push(self.list(b, sub, depth + 1, indent + marker.len() + 1));
            }
        }
        lines.join("\n")
    }

    fn block(&mut self, b: &Block) -> String {
        let mut parts = Vec::new();
        for seg in &b.segments {
            parts.push(self.inlines(&seg.para));
            match &seg.after {
                Some(After::List(list)) => parts.push(self.list(b, list, 0, 0)),
                Some(After::Quote(q)) => parts.push(format!("> {}", self.inlines(q))),
                None => {}
            }
        }
        parts.join("\n\n")
    }
}

/// Writes TOML strings and keys, counting them as slots so that the
/// hostile family can replace any one of them.
struct Toml<'a> {
    forms: &'a [Form],
    slot: usize,
    hostile: Option<&'a Hostile>,
}

impl Toml<'_> {
    fn take_hostile(&mut self, slots: usize) -> Option<String> {
        let h = self.hostile?;
        let mine = self.slot;
        self.slot += 1;
        (h.slot.index(slots.max(1)) == mine).then(|| {
            if h.raw {
                format!("\"{}\"", h.value)
            } else {
                basic(&h.value)
            }
        })
    }

    fn string(&mut self, s: &str) -> String {
        if let Some(h) = self.take_hostile(HOSTILE_SLOTS) {
            return h;
        }
        let form = self.forms[self.slot % self.forms.len()];
        self.slot += 1;
        encode(s, form)
    }

    fn key(&mut self, k: &str) -> String {
        self.take_hostile(HOSTILE_SLOTS)
            .unwrap_or_else(|| k.to_string())
    }
}

pub(crate) fn basic(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn encode(s: &str, form: Form) -> String {
    let literal_ok = !s.contains('\'') && !s.chars().any(|c| c.is_control() && c != '\t');
    match form {
        Form::Literal if literal_ok && !s.contains('\n') => format!("'{s}'"),
        Form::MultiLiteral if !s.contains("'''") && !s.ends_with('\'') && !s.contains('\r') => {
            format!("'''\n{s}'''")
        }
        Form::Escaped => {
            let mut out = String::from("\"");
            for (i, c) in s.chars().enumerate() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    c if !c.is_ascii() && i % 2 == 0 => {
                        out.push_str(&format!("\\U{:08X}", c as u32))
                    }
                    c if !c.is_ascii() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        Form::MultiBasic => {
            // Escapes quotes and backslashes; breaks long lines with a
            // line-ending backslash after a space (TOML drops the newline
            // and the indentation that follow).
            let mut out = String::from("\"\"\"\n");
            let chars: Vec<char> = s.chars().collect();
            let mut col = 0;
            for (i, &c) in chars.iter().enumerate() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c => out.push(c),
                }
                col = if c == '\n' { 0 } else { col + 1 };
                let next = chars.get(i + 1).copied();
                let breakable = match next {
                    // TOML trims spaces, tabs and newlines after the
                    // backslash, not other spaces (a no-break space stays).
                    Some(n) => ![' ', '\t', '\n', '\r'].contains(&n),
                    None => false,
                };
                if c == ' ' && col > 30 && breakable {
                    out.push_str("\\\n    ");
                    col = 0;
                }
            }
            out.push_str("\"\"\"");
            out
        }
        _ => basic(s),
    }
}

/// One `[[blocks]]` table, its texts in both languages.
fn write_block(toml: &mut Toml, texts: &mut [Texts], prefix: &str, b: &Block) -> String {
    let mut out = format!("\n[[{prefix}blocks]]\n");
    if let Some(id) = &b.id {
        let (k, v) = (toml.key("id"), toml.string(id));
        out.push_str(&format!("{k} = {v}\n"));
    }
    let kind = match b.kind {
        BlockKind::Paragraph => None,
        BlockKind::Unnumbered => Some("unnumbered"),
        BlockKind::Heading => Some("heading"),
        BlockKind::Quote => Some("quote"),
    };
    if let Some(kind) = kind {
        let (k, v) = (toml.key("kind"), toml.string(kind));
        out.push_str(&format!("{k} = {v}\n"));
    }
    if let Some(styles) = b.styles {
        let names: Vec<String> = styles.iter().map(|s| toml.string(s.name())).collect();
        out.push_str(&format!("lists = [{}]\n", names.join(", ")));
    }
    for (l, lang) in ["en", "fr"].iter().enumerate() {
        let text = texts[l].block(b);
        let (k, v) = (toml.key(lang), toml.string(&text));
        out.push_str(&format!("{k} = {v}\n"));
    }
    out
}

fn text_table(toml: &mut Toml, header: &str, md: [String; 2]) -> String {
    let mut out = format!("\n[{header}]\n");
    for (lang, text) in ["en", "fr"].iter().zip(md) {
        let (k, v) = (toml.key(lang), toml.string(&text));
        out.push_str(&format!("{k} = {v}\n"));
    }
    out
}

impl Doc {
    pub(crate) fn write(&self, hostile: Option<&Hostile>) -> Written {
        let (targets, paragraphs) = self.targets();
        let mut toml = Toml {
            forms: &self.forms,
            slot: 0,
            hostile,
        };
        let mut texts: Vec<Texts> = (0..2)
            .map(|lang| Texts {
                lang,
                targets: &targets,
                words: Vec::new(),
                with_labels: Vec::new(),
                refs: Vec::new(),
            })
            .collect();
        let mut md_title = [Vec::new(), Vec::new()];
        let mut doc = String::new();
        for (key, value) in [
            ("symbol", "PC0608"),
            ("suffix", "a"),
            ("committee", "ptc"),
            ("place", "brussels"),
            ("agenda_item", "IV. (g)"),
            (
                "house_style",
                if self.french_spacing {
                    "french"
                } else {
                    "none"
                },
            ),
        ] {
            let (k, v) = (toml.key(key), toml.string(value));
            doc.push_str(&format!("{k} = {v}\n"));
        }
        doc.push_str("sessions = [227, 228]\nmeeting = { from = 2020-05-18, to = 2020-05-20 }\n");
        doc.push_str("issued = 2020-03-24\nlanguages = [\"en\", \"fr\"]\n");
        let names: Vec<String> = self.sections.iter().map(|s| toml.string(&s.name)).collect();
        doc.push_str(&format!("sections = [{}]\n", names.join(", ")));

        let mut title_words = [Vec::new(), Vec::new()];
        let title = [0, 1].map(|l| {
            let text = texts[l].inlines(&self.title);
            // The Markdown and the PDF show the title upper-cased, the HTML
            // as written. It leads every stream.
            title_words[l] = std::mem::take(&mut texts[l].words);
            texts[l].with_labels.clear();
            md_title[l] = words_of(&title_words[l].join(" ").to_uppercase());
            text
        });
        doc.push_str(&text_table(&mut toml, "title", title));
        let purpose = [0, 1].map(|l| texts[l].inlines(&self.purpose));
        doc.push_str(&text_table(&mut toml, "summary.purpose", purpose));
        let action = [0, 1].map(|l| texts[l].inlines(&self.action));
        doc.push_str(&text_table(&mut toml, "summary.action", action));

        let mut files = Vec::new();
        for s in &self.sections {
            let mut body = String::new();
            let prefix = if s.inline {
                format!("section.{}.", s.name)
            } else {
                String::new()
            };
            let title = [0, 1].map(|l| texts[l].inlines(&s.title));
            let header = format!("{prefix}title").trim_end_matches('.').to_string();
            body.push_str(&text_table(&mut toml, &header, title));
            for b in &s.blocks {
                body.push_str(&write_block(&mut toml, &mut texts, &prefix, b));
            }
            if s.inline {
                doc.push_str(&body);
            } else {
                files.push((format!("packages/{}.toml", s.name), body));
            }
        }
        files.insert(0, ("document.toml".to_string(), doc));
        let expected = [0, 1].map(|l| {
            let t = &texts[l];
            let mut html_words = title_words[l].clone();
            html_words.extend(t.with_labels.iter().cloned());
            let mut md_words = md_title[l].clone();
            md_words.extend(t.with_labels.iter().cloned());
            let mut pdf_words = md_title[l].clone();
            pdf_words.extend(t.words.iter().cloned());
            Expected {
                md_words,
                html_words,
                pdf_words,
                refs: t.refs.clone(),
            }
        });
        Written {
            files,
            paragraphs,
            expected,
        }
    }
}

impl fmt::Debug for Doc {
    /// The files themselves: what a failing case needs to be reproduced.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (path, text) in self.write(None).files {
            writeln!(f, "==> {path} <==\n{text}")?;
        }
        Ok(())
    }
}
