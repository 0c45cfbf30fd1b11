"""Noise figure: high and critical findings on text that holds no one's personal data.

    python bench/noise.py                       # Python's standard library + /usr/share/doc
    python bench/noise.py --root /some/docs --root /other/tree --max 20

Scans Python's standard library (the folder of `os.py` of the interpreter running this; its
site-packages are skipped by piaudit's default excludes) and a documentation tree present on
the machine (/usr/share/doc: Debian changelogs, NEWS, READMEs, HTML manuals, compressed or
not), with the content scanner only, and prints what was scanned (files, size), the number of
high and critical findings per rule and in total, and a few masked examples per rule. Every
such finding on these trees is noise: documentation, changelogs, source code and test suites
hold example values, not anybody's secrets (issue 12 asks for at most 20).

Then a wider figure, printed without a target (--no-wider skips it): the same count on
third-party packages with their test suites and docstrings (the site-packages of the Python
running this, piaudit's own metadata left out), /usr/share's data files and libraries beside
its documentation (locales, Perl and Vim libraries, database catalogs) and /usr/include.

Next to it, the labelled corpus's precision and recall (synth/labelled.py): from
bench/out/results.json when bench/run.py has just written it, otherwise from a scan of a
freshly generated corpus, so noise is never bought with recall. Machine-readable copy:
bench/out/noise.json. Exit code 0 always (figures are printed, not asserted), unless
--strict is given: then 1 when the total is above --max or recall fell below 1.0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOC_TREES = ("/usr/share/doc",)
SERIOUS = ("high", "critical")
# The wider figure (printed, no target): third-party code with its test suites and docstrings
# (the site-packages of the Python running this, piaudit's own metadata left out), the data
# files and libraries of /usr/share beside its documentation, and C headers.
WIDER_SYSTEM = ("/usr/share", "/usr/include")


def stdlib_dir() -> Path:
    return Path(os.__file__).resolve().parent


def tree_size(root: Path, excludes: Sequence[str] | None = None) -> tuple[int, int]:
    """Files and bytes below `root`, skipping what the scan skips: piaudit's default
    excludes, or `excludes` when it drops them (the wider figure)."""
    from scanners.engine import default_excludes
    from scanners.sources.content.walk import Excluder

    excluder = Excluder(default_excludes() if excludes is None else list(excludes))
    files = size = 0
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        rel = "" if rel == "." else rel + "/"
        dirnames[:] = [d for d in dirnames if not excluder.excluded(d, rel + d)]
        for name in filenames:
            if excluder.excluded(name, rel + name):
                continue
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            files += 1
            size += st.st_size
    return files, size


def scan(roots: list[Path], out: Path, jobs: int, data_dir: Path,
         extra: Sequence[str] = ()) -> float:
    """A full content scan of `roots` into `out` (JSON lines); its wall time. Also what
    bench/accuracy.py scans its labelled corpora with."""
    cmd = [sys.executable, "-m", "scanners", "scan", *map(str, roots), "--format", "jsonl",
           "--output", str(out), "--no-log", "--scanners", "content", "--quiet", "--full",
           "--jobs", str(jobs), *extra]
    env = dict(os.environ, PIAUDIT_DATA_DIR=str(data_dir))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    started = time.monotonic()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"piaudit scan failed (exit {proc.returncode}): {proc.stderr[-600:]}")
    return time.monotonic() - started


def wider_roots() -> list[Path]:
    """The trees of the wider figure that exist here: site-packages, /usr/share's folders but
    doc (the main figure's), /usr/include."""
    import sysconfig

    roots: list[Path] = []
    purelib = Path(sysconfig.get_paths()["purelib"])
    if purelib.is_dir():
        roots.append(purelib)
    for tree in WIDER_SYSTEM:
        base = Path(tree)
        if not base.is_dir():
            continue
        if tree == "/usr/share":
            roots.extend(sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink()
                                and str(p) not in DOC_TREES))
        else:
            roots.append(base)
    return roots


# site-packages is a default exclude (a virtual environment's dependencies): the wider scan
# drops the defaults and keeps those that still apply to installed packages.
WIDER_EXCLUDES = ("__pycache__", "*.so", "*.so.*", "*.pyc", "*.ttf", "*.otf", "*.woff",
                  "*.woff2", "node_modules", "piaudit-*", "__editable__*")


def count(findings: Path) -> tuple[Counter[tuple[str, str]], dict[str, list[str]]]:
    per_rule: Counter[tuple[str, str]] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    with open(findings, encoding="utf-8") as fh:
        for line in fh:
            try:
                f = json.loads(line)
            except ValueError:
                continue
            if f.get("severity") not in SERIOUS or not f.get("rule"):
                continue
            per_rule[(f["rule"], f["severity"])] += int(f.get("count") or 1)
            if len(examples[f["rule"]]) < 3:
                where = str(f.get("location") or f.get("path") or "")
                examples[f["rule"]].append(f"{where[-70:]}:{f.get('line')} {f.get('preview', '')}")
    return per_rule, examples


def print_counts(per_rule: Counter[tuple[str, str]], examples: dict[str, list[str]],
                 verdict: str) -> None:
    """The high and critical findings per rule, their total with `verdict`, a few examples."""
    for (rule, sev), n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {rule:40} {sev:>9} {n:>9}")
    print(f"  {'total high+critical':40} {'':>9} {sum(per_rule.values()):>9}   {verdict}")
    for rule, lines in sorted(examples.items()):
        for ex in lines:
            print(f"    e.g. {rule}: {ex}")


def labelled_scores(jobs: int, work: Path) -> tuple[str, dict[str, Any]]:
    """Precision/recall on the labelled corpus: bench/run.py's figures if fresh, else ours."""
    results = ROOT / "bench" / "out" / "results.json"
    try:
        if time.time() - results.stat().st_mtime < 6 * 3600:
            acc = json.loads(results.read_text(encoding="utf-8")).get("accuracy") or {}
            if acc:
                return "bench/out/results.json (bench/run.py)", acc
    except (OSError, ValueError):
        pass
    from synth.labelled import THRESHOLDS, generate, read_jsonl, score

    root = work / "labelled"
    labels = generate(root, n_docs=160, seed=1, today=date.today())
    out = work / "labelled.jsonl"
    cmd = [sys.executable, "-m", "scanners", "scan", str(root), "--format", "jsonl", "--output",
           str(out), "--no-log", "--scanners", "content", "--quiet", "--full", "--jobs",
           str(jobs), "--exclude", "labels.json"]
    env = dict(os.environ, PIAUDIT_DATA_DIR=str(work / "data-acc"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run(cmd, env=env, capture_output=True, check=False)
    scores = score(labels, read_jsonl(out), root)
    out.unlink(missing_ok=True)
    return "a fresh labelled corpus (160 documents, seed 1)", {
        rule: {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 4),
               "recall": round(s.recall, 4), "target": THRESHOLDS.get(rule)}
        for rule, s in scores.items()
    }


def _copied(root: Path, into: Path) -> Path:
    """A copy of `root` below `into` (links kept as links, unreadable files left out)."""
    dest = into / root.name
    shutil.copytree(root, dest, symlinks=True, ignore_dangling_symlinks=True,
                    copy_function=_copy_readable)
    return dest


def _copy_readable(src: str, dst: str) -> None:
    try:
        shutil.copy2(src, dst)
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", action="append", type=Path,
                    help="trees to scan (default: the standard library and /usr/share/doc)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--max", type=int, default=20, help="the target for high+critical findings")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--no-wider", action="store_true",
                    help="skip the wider figure (site-packages, /usr/share, /usr/include)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    a = ap.parse_args(argv)
    roots = a.root or [stdlib_dir(), *(Path(d) for d in DOC_TREES if Path(d).is_dir())]
    print("== noise: high/critical findings on documentation and source code (issue 12)")
    total_files = total_bytes = 0
    for r in roots:
        files, size = tree_size(r)
        total_files += files
        total_bytes += size
        print(f"  scanned {r}: {files} files, {size / 1e6:.1f} MB (after default excludes)")
    print(f"  together: {total_files} files, {total_bytes / 1e6:.1f} MB")
    a.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="piaudit-noise-") as tmp:
        work = Path(tmp)
        findings = work / "noise.jsonl"
        # The installed documentation is scanned as a copy elsewhere: in its own place every
        # value is an example by where it lies (filescan.test_code_place), and this figure
        # is about what the text itself raises, as in a documentation tree anywhere.
        scanned = [_copied(r, work / "copies") if str(r) in DOC_TREES else r for r in roots]
        wall = scan(scanned, findings, a.jobs, work / "data")
        per_rule, examples = count(findings)
        source, acc = ({}, {}) if a.skip_accuracy else (None, None)
        if not a.skip_accuracy:
            source, acc = labelled_scores(a.jobs, work)
    total = sum(per_rule.values())
    print(f"  scan time {wall:.0f} s with --jobs {a.jobs}")
    print(f"\n  {'rule':40} {'severity':>9} {'findings':>9}")
    print_counts(per_rule, examples, f"target <= {a.max}: {'PASS' if total <= a.max else 'FAIL'}")
    wider: dict[str, Any] = {}
    if not a.no_wider and not a.root:
        wider = wider_figure(a.jobs)
    recall_ok = True
    if acc:
        tp = sum(s["tp"] for s in acc.values())
        fp = sum(s["fp"] for s in acc.values())
        fn = sum(s["fn"] for s in acc.values())
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        worst = min(acc.items(), key=lambda kv: kv[1]["recall"])
        recall_ok = recall >= 1.0
        print(f"\n  labelled corpus, from {source}: precision {precision:.4f}, recall {recall:.4f} "
              f"over {len(acc)} rules (TP {tp}, FP {fp}, FN {fn}); lowest recall "
              f"{worst[0]} {worst[1]['recall']:.4f}")
    (a.out / "noise.json").write_text(json.dumps({
        "roots": [str(r) for r in roots], "files": total_files, "bytes": total_bytes,
        "high_critical": total, "target": a.max,
        "per_rule": {f"{r} ({s})": n for (r, s), n in sorted(per_rule.items())},
        "labelled": acc or {},
        "wider": wider,
    }, indent=2))
    if a.strict and (total > a.max or not recall_ok):
        return 1
    return 0


def wider_figure(jobs: int) -> dict[str, Any]:
    """High and critical findings on third-party packages and system data: printed with
    examples, no target (these trees are not the issue's; they show the same classes of text
    at a larger scale)."""
    roots = wider_roots()
    if not roots:
        return {}
    files = size = 0
    for r in roots:
        f, b = tree_size(r, WIDER_EXCLUDES)
        files += f
        size += b
    print("\n== wider: third-party packages and system data (no target)")
    shown = sorted({str(r) if r.parent != Path("/usr/share") else "/usr/share/* (but doc)"
                    for r in roots})
    print(f"  scanned {', '.join(shown)}: {files} files, {size / 1e6:.1f} MB")
    extra = ["--no-default-excludes", *(x for pat in WIDER_EXCLUDES for x in ("--exclude", pat))]
    with tempfile.TemporaryDirectory(prefix="piaudit-wider-") as tmp:
        work = Path(tmp)
        findings = work / "wider.jsonl"
        wall = scan(roots, findings, jobs, work / "data", extra)
        per_rule, examples = count(findings)
    total = sum(per_rule.values())
    print(f"  scan time {wall:.0f} s with --jobs {jobs}")
    print_counts(per_rule, examples, f"({total / max(size / 1e9, 1e-9):.0f} per GB)")
    return {"roots": shown, "files": files, "bytes": size, "high_critical": total,
            "per_rule": {f"{r} ({s})": n for (r, s), n in sorted(per_rule.items())}}


if __name__ == "__main__":
    raise SystemExit(main())
