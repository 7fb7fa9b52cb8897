#!/usr/bin/env python3
"""ptcdoc against Typst, in one run: time and peak memory, medians and ratios.

    python3 benches/typst_compare.py [--runs 15] [--big-runs 5] [--scales 1,10,100,300]
                                     [--bin target/<host>/release/ptcdoc] [--before OLD_BINARY]
                                     [--no-build] [--keep DIR]

Typst compiles the same document written as Typst markup: ptcdoc's own
Markdown of it (the text as set, numbers included) turned into Typst by
`typst_markup` below, with the same fonts (the bundled Liberation Serif and
Sans files only, no system fonts), size (12 pt), leading (13.8 pt baseline
to baseline), A4 page, margins and measure, justified and hyphenated. The
Typst side is its best case: the `typst` package compiles in process, in a
fresh interpreter whose start and `import typst` are not counted; only the
`typst.compile` call is. ptcdoc's side is the whole process (exec to exit).

Rows, each command run once per round and the commands of a row alternating
within the round, so that both see the same machine load:

- the English PDF of the default document, against Typst's compile of it;
- all outputs of the default document (both languages, every default
  format), against the same Typst compile;
- the English PDF of the document made ×N by examples/gen_large.rs (19×N
  numbered paragraphs: the packages repeated, so ×N is about N times the
  default document; ×1 is the default document itself), against Typst's
  compile of the same ×N text.

Both programs run from files written just before, in the work folder:
ptcdoc's binaries and Typst's package are copied there first. The same
bytes run 10% to 20% slower from a file the linker wrote, or that was read
back from disk page by page, than from a file written whole (the page
cache then holds it in large folios, and fewer pages of code miss the
TLB); copying both puts them on the same footing.

For each: median wall time, median peak RSS (ru_maxrss of the child; the
Python interpreter under Typst is about 10 MiB of its figure), and the
median of the per-round ratios ptcdoc/Typst.

Needs the `typst` package (PyPI): run it with a Python that has it, e.g.
`python3 -m venv .venv && .venv/bin/pip install typst`, then
`.venv/bin/python benches/typst_compare.py`. A benchmark, not a test.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

from release import ROOT, release_dir
FONTS = os.path.join(ROOT, "templates", "fonts")

PREAMBLE = """\
#set page(paper: "a4", margin: (top: 25mm, bottom: 20mm, left: 25mm, right: 20mm),
  header-ascent: 10mm,
  header: context {
    if counter(page).get().first() > 1 [SYMBOL #h(1fr) #counter(page).display("1.")]
  })
#set text(font: "Liberation Serif", size: 12pt, lang: "LANG", hyphenate: true,
  top-edge: "ascender", bottom-edge: "descender")
// 13.8 pt baseline to baseline: ascender + descender of Liberation Serif
// (0.891 + 0.216 em at 12 pt) plus this leading.
#set par(justify: true, leading: 0.516pt, spacing: 12pt)
#set enum(indent: 0mm, body-indent: 12.5mm - 1.2em, number-align: start)
#set list(indent: 0mm, body-indent: 7.5mm - 0.6em)
#show heading: set text(size: 12pt, weight: "bold")
#show heading: set block(above: 24pt, below: 12pt)
#show quote.where(block: true): set text(style: "italic")
#show quote.where(block: true): set pad(left: 10mm, right: 10mm)
"""

# Characters Typst markup gives a meaning to, escaped in plain text.
SPECIAL = set("\\#$@<>[]*_`~/=+-\"'")


def escape(text):
    return "".join("\\" + c if c in SPECIAL else c for c in text)


def inline(md):
    """Markdown inline text (as ptcdoc writes it) to Typst markup."""
    out, i = [], 0
    while i < len(md):
        if md.startswith("**", i):
            end = md.find("**", i + 2)
            if end > 0:
                out.append("*" + inline(md[i + 2:end]) + "*")
                i = end + 2
                continue
        c = md[i]
        if c in "*_" and md.find(c, i + 1) > i + 1:
            end = md.find(c, i + 1)
            out.append("_" + inline(md[i + 1:end]) + "_")
            i = end + 1
            continue
        if c == "`" and md.find("`", i + 1) > 0:
            end = md.find("`", i + 1)
            out.append("#raw(" + repr(md[i + 1:end]).replace("'", '"') + ")")
            i = end + 1
            continue
        if c == "[" :
            m = re.match(r"\[([^\]]*)\]\(([^)]*)\)", md[i:])
            if m:
                target = m.group(2)
                label = inline(m.group(1))
                out.append(label if target.startswith("#")
                           else '#link("' + target.replace('"', '\\"') + '")[' + label + "]")
                i += m.end()
                continue
        if c == "\\" and i + 1 < len(md):
            out.append(escape(md[i + 1]))
            i += 2
            continue
        out.append(escape(c))
        i += 1
    return "".join(out)


def typst_markup(md, symbol, lang):
    """The Markdown of a ptcdoc document as a Typst document."""
    lines = [PREAMBLE.replace("SYMBOL", symbol).replace("LANG", lang)]
    for line in md.splitlines():
        indent = line[: len(line) - len(line.lstrip(" "))]
        body = line.strip()
        hard_break = body.endswith("\\") and not body.endswith("\\\\")
        if hard_break:
            body = body[:-1]
        if not body:
            lines.append("")
            continue
        if body == "---":
            lines.append(indent + "#line(length: 40%, stroke: 0.5pt)")
            continue
        m = re.match(r"(#+) (.*)", body)
        if m:
            lines.append("=" * len(m.group(1)) + " " + inline(m.group(2)))
            continue
        if body.startswith("> "):
            lines.append(indent + "#quote(block: true)[" + inline(body[2:]) + "]")
            continue
        m = re.match(r"(- |\d+\. )(.*)", body)
        marker, rest = (m.group(1), m.group(2)) if m else ("", body)
        lines.append(indent + marker + inline(rest) + (" \\" if hard_break else ""))
    return "\n".join(lines) + "\n"


TYPST_CHILD = r"""
import resource, sys, time
sys.path.insert(0, sys.argv[4])
import typst
src, out, fonts = sys.argv[1:4]
start = time.perf_counter()
typst.compile(src, output=out, font_paths=[fonts], ignore_system_fonts=True)
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run_ptcdoc(cmd):
    """Wall time (s) and peak RSS (KiB) of one whole ptcdoc process."""
    # stderr to a file, not a pipe: the ×N documents repeat the default
    # document's lint warnings, more than a pipe holds unread.
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed: {err.read().decode()}")
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss


def run_typst(src, out):
    """Compile time (s) of `typst.compile` in a fresh interpreter, and its
    process's peak RSS (KiB)."""
    res = subprocess.run([sys.executable, "-c", TYPST_CHILD, src, out, FONTS, TYPST_COPY],
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"typst failed on {src}: {res.stderr}")
    elapsed, rss = res.stdout.split()
    return float(elapsed), int(rss)


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")), "?")


def markdown_of(binary, doc, work, lang):
    out = os.path.join(work, "md-" + os.path.basename(doc))
    subprocess.run([binary, "build", doc, "--lang", lang, "--format", "md", "--out", out],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (name,) = [f for f in os.listdir(out) if f.endswith(".md")]
    return open(os.path.join(out, name), encoding="utf-8").read(), name[:-3]


def compare(name, ptcdoc_cmd, ptcdoc_pdf, typ, runs, before=None):
    """Runs the commands `runs` times each, in turn (the order rotating
    from round to round); prints one row. `before`: another ptcdoc binary
    run on the same command in the same rounds (its figures in brackets)."""
    typst_pdf = typ[:-4] + ".pdf"
    commands = [("p", lambda: run_ptcdoc(ptcdoc_cmd)), ("t", lambda: run_typst(typ, typst_pdf))]
    if before:
        commands.append(("b", lambda: run_ptcdoc([before] + ptcdoc_cmd[1:])))
    samples = {key: [] for key, _ in commands}
    for r in range(runs + 1):  # round 0 warms the caches and is dropped
        k = r % len(commands)
        for key, f in commands[k:] + commands[:k]:
            result = f()
            if r:
                samples[key].append(result)

    def figures(key):
        times = [s[0] for s in samples[key]]
        ratio = statistics.median(p[0] / t[0] for p, t in zip(samples[key], samples["t"]))
        return statistics.median(times) * 1000, ratio, statistics.median(s[1] for s in samples[key]) / 1024

    pt, ratio, pm = figures("p")
    tt, _, tm = figures("t")
    was = ""
    if before:
        bt, bratio, bm = figures("b")
        was = f" (before: {bt:.1f} ms, {bratio:.2f}, {bm:.1f} MiB)"
    pp = pages(ptcdoc_pdf) if ptcdoc_pdf else "-"
    row = (f"| {name} | {pt:.1f} ms | {tt:.1f} ms | **{ratio:.2f}**{was} | {pm:.1f} MiB "
           f"| {tm:.1f} MiB | {pm / tm:.2f} | {pp} / {pages(typst_pdf)} | {runs} |")
    print(row, flush=True)
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--big-runs", type=int, default=5, help="rounds for ×100 and above")
    ap.add_argument("--scales", default="1,10,100,300")
    ap.add_argument("--bin", default=os.path.join(release_dir(), "ptcdoc"))
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--before", help="another ptcdoc binary, run in the same rounds")
    ap.add_argument("--keep", help="write the generated documents here and keep them")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "ptcdoc",
                        "--example", "gen_large"], cwd=ROOT, check=True)
    gen = os.path.join(release_dir(), "examples", "gen_large")
    work = args.keep or tempfile.mkdtemp()
    os.makedirs(work, exist_ok=True)
    given = args.bin
    args.bin, args.before = fresh_copies(work, args.bin, args.before)
    try:
        seed = os.path.join(ROOT, "inputs", "pc0608")
        md, symbol = markdown_of(args.bin, seed, work, "en")
        seed_typ = os.path.join(work, "seed.typ")
        open(seed_typ, "w", encoding="utf-8").write(typst_markup(md, symbol, "en"))
        out = os.path.join(work, "out")
        print(f"ptcdoc {given} (run from a copy) against typst (PyPI) {typst_version()}, "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n")
        print("| what | ptcdoc | Typst | ratio | ptcdoc peak | Typst peak | memory ratio "
              "| pages ptcdoc / Typst | rounds |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        en_pdf = [args.bin, "build", seed, "--lang", "en", "--format", "pdf", "--out", out]
        seed_row = compare("default document (×1), English PDF", en_pdf,
                           os.path.join(out, symbol + ".pdf"), seed_typ, args.runs, args.before)
        compare("default document, all outputs (en+fr, every default format)",
                [args.bin, "build", seed, "--out", out], None, seed_typ, args.runs, args.before)
        for n in [int(s) for s in args.scales.split(",")]:
            if n == 1:
                # ×1 is the default document: its row above.
                print(seed_row.replace("default document (×1)", "×1 (the row above)"))
                continue
            doc = os.path.join(work, f"x{n}")
            if not os.path.exists(os.path.join(doc, "document.toml")):
                subprocess.run([gen, doc, str(19 * n)], check=True, stdout=subprocess.DEVNULL)
            md, symbol = markdown_of(args.bin, doc, work, "en")
            typ = os.path.join(work, f"x{n}.typ")
            open(typ, "w", encoding="utf-8").write(typst_markup(md, symbol, "en"))
            cmd = [args.bin, "build", doc, "--lang", "en", "--format", "pdf", "--out", out]
            compare(f"×{n} document, English PDF", cmd, os.path.join(out, symbol + ".pdf"),
                    typ, args.runs if n < 100 else args.big_runs, args.before)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def fresh_copies(work, binary, before):
    """Copies ptcdoc's binaries and Typst's package into `work` (see the
    module's comment), returning the binaries' new paths; the Typst
    child imports the copy (TYPST_COPY)."""
    global TYPST_COPY
    bins = os.path.join(work, "bin")
    os.makedirs(bins, exist_ok=True)
    copies = []
    for name, path in [("ptcdoc", binary), ("ptcdoc-before", before)]:
        if path is None:
            copies.append(None)
            continue
        copy = os.path.join(bins, name)
        if os.path.exists(copy):
            os.remove(copy)
        shutil.copy2(path, copy)
        copies.append(copy)
    # Found by a child: importing Typst here would grow this process, and
    # with it the fork of every ptcdoc run and its peak memory figure.
    found = subprocess.run([sys.executable, "-c", "import typst; print(typst.__file__)"],
                           capture_output=True, text=True, check=True).stdout.strip()
    TYPST_COPY = os.path.join(work, "py")
    shutil.rmtree(TYPST_COPY, ignore_errors=True)
    shutil.copytree(os.path.dirname(found), os.path.join(TYPST_COPY, "typst"))
    return copies


TYPST_COPY = None


def typst_version():
    res = subprocess.run([sys.executable, "-c", "import typst; print(typst.__version__)"],
                         capture_output=True, text=True)
    return res.stdout.strip() or "?"


if __name__ == "__main__":
    main()
