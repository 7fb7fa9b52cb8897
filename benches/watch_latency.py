#!/usr/bin/env python3
"""Latency of `ptcdoc watch`: from a saved change to every output of the
default document rewritten, minus the debounce delay. Prints the median.

    python3 benches/watch_latency.py [--runs 30] [--debounce 50] [--format md,html,pdf,docx]

Every default format by default: "all outputs rewritten" is the goal.

A benchmark, not a test: run it on a quiet machine and read medians.
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

from release import ROOT, release_dir


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--debounce", type=int, default=50)
    ap.add_argument("--format", default="md,html,pdf,docx")
    ap.add_argument("--bin", help="the ptcdoc binary (default: a release build of this tree)")
    args = ap.parse_args()
    binary = args.bin
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(release_dir(), "ptcdoc")
    formats = args.format.split(",")
    outputs = [f"PC0608{lang}a.{ext}" for ext in formats for lang in "EF"]
    work = tempfile.mkdtemp()
    try:
        doc = os.path.join(work, "doc")
        shutil.copytree(os.path.join(ROOT, "inputs", "pc0608"), doc)
        out = os.path.join(work, "out")
        proc = subprocess.Popen(
            [binary, "watch", doc, "--out", out, "--format", args.format,
             "--debounce", str(args.debounce)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in proc.stdout:
            if "watching" in line:
                break
        package = os.path.join(doc, "packages", "cep.toml")
        original = open(package, encoding="utf-8").read()
        samples = []
        for i in range(args.runs):
            # Every output changes: the English and French texts both do.
            text = original.replace("Thirty-two actions", f"Thirty-two ({i}) actions").replace(
                "trente-deux actions", f"trente-deux ({i}) actions")
            before = {o: os.stat(os.path.join(out, o)).st_mtime_ns for o in outputs}
            start = time.perf_counter()
            with open(package, "w", encoding="utf-8") as f:
                f.write(text)
            while True:
                now = {o: os.stat(os.path.join(out, o)).st_mtime_ns for o in outputs}
                if all(now[o] != before[o] for o in outputs):
                    break
                if time.perf_counter() - start > 10:
                    sys.exit("no rebuild within 10 s")
                time.sleep(0.0005)
            samples.append((time.perf_counter() - start) * 1000)
            time.sleep(0.15)
        proc.send_signal(2)
        proc.wait(timeout=10)
        med = statistics.median(samples)
        print(f"save → {len(outputs)} outputs rewritten: median {med:.1f} ms "
              f"(debounce {args.debounce} ms, so {med - args.debounce:.1f} ms beyond it; "
              f"min {min(samples):.1f}, max {max(samples):.1f}, n={len(samples)})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
