"""Benchmark piaudit against fixed yardsticks, Presidio's pattern recognizers and detect-secrets.

    python bench/run.py                        # corpora from bench/gen_corpus.py (make bench)
    python bench/run.py --mb 20 --skip presidio,detect-secrets,accuracy   # a quick run

Prints MB/s, files/s and peak RSS (summed over the process tree) for each tool, the ratios
between them from the same run, -jN against -j1, the unchanged-rescan speed-up,
`piaudit --version` wall time and the per-rule precision/recall on the labelled corpus;
PASS/FAIL against the targets of issues 2 and 15 (printed, not asserted). Machine-readable
copy: bench/out/results.json.

The yardsticks do not move with piaudit's rules (../shared/bench-reference, `--reference`):
the naive line (`scan_py.py --engine hs`: one process, every file read whole, one Hyperscan
database over a fixed simple pattern set, checksums, no containers, no context, no cache)
and ripgrep running that same fixed set (`patterns.rg_patterns()`, both threads, no
validation). Both read every file as raw bytes, archives and office files included, so the
three MB/s count the same bytes; piaudit alone reads what is inside the containers.

Two context figures explain those ratios; no target is checked on them (`--skip inside`):
the naive line on the archives' contents (every .zip, .tar.gz/.tgz and .gz member extracted,
then the same command), and piaudit with `--rules` narrowed to the reference set's types
(SAME_TYPES_RULES), after an untimed run that compiles that selection's pattern database.

Presidio (pattern recognizers only, no NLP model) and detect-secrets are too slow for the
full corpus: they run on a ~5 MB text subsample, and piaudit runs on the same subsample for
the ratios. Presidio's time is its analyze() calls alone, so every tool's fixed start-up
(measured on a one-file folder) is taken off its subsample wall time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import stat
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BINARY_EXT = (
    ".zip",
    ".gz",
    ".tgz",
    ".7z",
    ".docx",
    ".xlsx",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".pdf",
    ".sqlite",
    ".db",
    ".jpg",
    ".jpeg",
    ".eml",
    ".mbox",
    ".rtf",
    ".vcf",
    ".msg",
)
TARGETS = {
    "home_vs_naive": 1.5,  # issue 15
    "dense_vs_naive": 1.0,
    "jobs": 1.8,  # two workers against one
    "home_vs_rg_aim": 0.5,  # a long-term aim, printed beside the figure, not checked
    "vs_presidio": 100.0,
    "vs_detect_secrets": 100.0,
    "rescan": 20.0,
    "rss_mb": 400.0,
    "version_s": 0.3,
}
# piaudit's rules for the reference pattern set's types (../shared/bench-reference/patterns.py):
# the "same types" context figure, not a target
SAME_TYPES_RULES = (
    "identity.cn_resident_id",
    "financial.payment_card",
    "financial.iban",
    "identity.us_ssn",
    "contact.email",
    "contact.cn_mobile",
    "identity.cn_passport",
    "basic.ip_address",
    "credential.aws_access_key",
    "credential.aws_secret_key",
    "credential.github_token",
    "credential.slack_token",
    "financial.stripe_key",
    "credential.password_assignment",
    "credential.url_password",
)


# --- measuring ------------------------------------------------------------------------------


def measure(
    cmd: Sequence[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    stdout: Any = subprocess.DEVNULL,
) -> dict[str, Any]:
    """Run `cmd`; wall time and peak RSS (sum over the process tree, and largest process)."""
    import psutil

    errfile = tempfile.TemporaryFile()  # noqa: SIM115 - not a pipe: a chatty stderr must not block the child
    outfile = tempfile.TemporaryFile() if stdout is subprocess.PIPE else stdout  # noqa: SIM115
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=outfile, stderr=errfile)
    peak_sum = peak_one = 0
    try:
        ps = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [ps, *ps.children(recursive=True)]
                rss = []
                for p in procs:
                    try:
                        rss.append(p.memory_info().rss)
                    except psutil.Error:
                        pass
                if rss:
                    peak_sum = max(peak_sum, sum(rss))
                    peak_one = max(peak_one, max(rss))
            except psutil.Error:
                pass
            time.sleep(0.05)
    finally:
        proc.wait()
    wall = time.perf_counter() - t0
    errfile.seek(0)
    err = errfile.read()[-4000:].decode(errors="replace")
    out = ""
    if stdout is subprocess.PIPE:
        outfile.seek(0)
        out = outfile.read().decode(errors="replace")
    return {
        "wall_s": wall,
        "rss_mb": peak_sum / 2**20,
        "rss_one_mb": peak_one / 2**20,
        "rc": proc.returncode,
        "stderr": err,
        "stdout": out,
    }


def corpus_stats(root: Path) -> dict[str, Any]:
    files = total = text_files = text_bytes = 0
    for dirpath, _, names in os.walk(root):
        for n in names:
            if n in (".generator", "labels.json"):
                continue
            size = os.path.getsize(os.path.join(dirpath, n))
            files += 1
            total += size
            if not n.lower().endswith(BINARY_EXT):
                text_files += 1
                text_bytes += size
    return {"files": files, "bytes": total, "text_files": text_files, "text_bytes": text_bytes}


def piaudit_cmd(path: Path, full: bool = True, jobs: int = 0, out: str = os.devnull) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "scanners",
        "scan",
        str(path),
        "--format",
        "jsonl",
        "--output",
        out,
        "--no-log",
        "--scanners",
        "content",
        "--quiet",
    ]
    if full:
        cmd.append("--full")
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return cmd


def piaudit_env(data_dir: Path, cache_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PIAUDIT_DATA_DIR"] = str(data_dir)
    if cache_dir is not None:  # else the user's cache of compiled pattern databases
        env["PIAUDIT_CACHE_DIR"] = str(cache_dir)
    # An installed piaudit has its bytecode compiled; a shell that forbids writing .pyc
    # files would make every run compile 40 modules again (60 ms) and skew the rescan.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def rate(stats: dict[str, Any], wall: float, text_only: bool = False) -> dict[str, float]:
    b = stats["text_bytes"] if text_only else stats["bytes"]
    f = stats["text_files"] if text_only else stats["files"]
    return {"mb_s": b / 1e6 / wall if wall else 0.0, "files_s": f / wall if wall else 0.0}


# --- the fixed yardsticks (../shared/bench-reference) -----------------------------------------

REFERENCE = ROOT.parent / "shared" / "bench-reference"


def load_reference(folder: Path) -> Any:
    """The reference pattern module (`patterns.py`): never piaudit's rules, so it stays put."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_reference_patterns",
                                                  folder / "patterns.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(folder / "patterns.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def rg_cmd(rg: str, patterns: Sequence[str], path: Path) -> list[str]:
    """ripgrep over the fixed reference set, as the reference README runs it (both threads)."""
    cmd = [rg, "--no-config", "-uuu", "-j2", "-n", "-b", "-o"]
    for pat in patterns:
        cmd += ["-e", pat]
    return [*cmd, "."]


def run_rg(rg: str, patterns: Sequence[str], path: Path, stats: dict[str, Any]) -> dict[str, Any]:
    m = measure(rg_cmd(rg, patterns, path), cwd=path)
    return {**rate(stats, m["wall_s"]), "wall_s": m["wall_s"], "rss_mb": m["rss_mb"],
            "rc": m["rc"]}


def run_naive(folder: Path, path: Path, stats: dict[str, Any], work: Path) -> dict[str, Any] | None:
    """The naive line: `scan_py.py --engine hs CORPUS OUT.jsonl`, one process."""
    script = folder / "scan_py.py"
    if not script.exists():
        return None
    out = work / "naive.jsonl"
    m = measure([sys.executable, str(script), "--engine", "hs", str(path), str(out)])
    out.unlink(missing_ok=True)  # synthetic values; keep nothing value-like around
    if m["rc"] != 0:
        print(f"  naive line failed (exit {m['rc']}): {m['stderr'][-400:]}")
        return None
    return {**rate(stats, m["wall_s"]), "wall_s": m["wall_s"], "rss_mb": m["rss_mb"]}


# --- the archives' contents, for the naive line ---------------------------------------------


def safe_member(dest: Path, name: str) -> Path | None:
    """`dest/name` for an archive member's name, or None if it is absolute or climbs out."""
    name = name.replace("\\", "/")
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".")]
    if not parts or name.startswith("/") or ".." in parts or ":" in parts[0]:
        return None
    return dest.joinpath(*parts)


class _Reader(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def _write_member(src: _Reader, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
        return out.tell()


def extract_archives(root: Path, dest: Path) -> dict[str, Any]:
    """The regular members of every .zip, .tar.gz/.tgz and .gz file under `root`, written to
    `dest/<archive's relative path>.d/<member>` (one level: no archive inside an archive)."""
    archives = files = nbytes = skipped = 0
    for dirpath, _, names in os.walk(root):
        for n in sorted(names):
            path = Path(dirpath) / n
            low = n.lower()
            box = dest / (str(path.relative_to(root)) + ".d")
            try:
                if low.endswith(".zip"):
                    with zipfile.ZipFile(path) as zf:
                        for zi in zf.infolist():
                            kind = stat.S_IFMT(zi.external_attr >> 16)  # 0: not recorded
                            target = safe_member(box, zi.filename)
                            if (zi.is_dir() or kind not in (0, stat.S_IFREG)
                                    or zi.flag_bits & 0x1 or target is None):
                                skipped += 1
                                continue
                            with zf.open(zi) as zsrc:
                                nbytes += _write_member(zsrc, target)
                            files += 1
                elif low.endswith((".tar.gz", ".tgz")):
                    with tarfile.open(path, "r:gz") as tf:
                        for ti in tf:
                            target = safe_member(box, ti.name)
                            tsrc = tf.extractfile(ti) if ti.isreg() else None
                            if tsrc is None or target is None:
                                skipped += 1
                                continue
                            with tsrc:
                                nbytes += _write_member(tsrc, target)
                            files += 1
                elif low.endswith(".gz"):
                    with gzip.GzipFile(path, "rb") as gsrc:
                        nbytes += _write_member(gsrc, box / n[:-3])
                    files += 1
                else:
                    continue
            except (OSError, EOFError, zlib.error, zipfile.BadZipFile, tarfile.TarError) as e:
                print(f"  {path.relative_to(root)}: not extracted ({e.__class__.__name__})")
                skipped += 1
                continue
            archives += 1
    return {"archives": archives, "files": files, "bytes": nbytes, "skipped": skipped,
            "text_files": files, "text_bytes": nbytes}


# --- Presidio (pattern recognizers only) ----------------------------------------------------

PRESIDIO_WORKER = r"""
import json, sys, time
from presidio_analyzer import PatternRecognizer, predefined_recognizers as pr
recs = []
for name in dir(pr):
    cls = getattr(pr, name)
    if not (isinstance(cls, type) and name.endswith("Recognizer")):
        continue
    if not (issubclass(cls, PatternRecognizer) or name == "PhoneRecognizer"):
        continue
    try:
        r = cls()
    except Exception:
        continue
    if r.supported_language == "en":
        recs.append(r)
files = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l]
texts = [open(f, "rb").read().decode("utf-8", "replace") for f in files]
nbytes = sum(len(t.encode()) for t in texts)
t0 = time.perf_counter()
hits = 0
for t in texts:
    for r in recs:
        hits += len(r.analyze(t, r.supported_entities, None))
dt = time.perf_counter() - t0
print(json.dumps({"analyze_s": dt, "bytes": nbytes, "hits": hits, "recognizers": len(recs)}))
"""


def subsample(root: Path, dest: Path, mb: float) -> dict[str, Any]:
    """Copy an evenly spread, deterministic ~`mb` MB sample of the corpus's text files."""
    files = []
    for dirpath, _, names in os.walk(root):
        for n in sorted(names):
            if not n.lower().endswith(BINARY_EXT) and n not in (".generator", "labels.json"):
                files.append(Path(dirpath) / n)
    files.sort()
    total = sum(f.stat().st_size for f in files)
    step = max(1, int(total / (mb * 1e6)))
    chosen = []
    acc = 0
    for i, f in enumerate(files):
        if i % step == 0 or (step > 1 and acc < mb * 1e6 * i / len(files) * 0.5):
            if f.stat().st_size > 1_500_000:
                continue
            chosen.append(f)
            acc += f.stat().st_size
        if acc >= mb * 1e6:
            break
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for i, f in enumerate(chosen):
        target = dest / f"{i:05d}_{f.name}"
        shutil.copyfile(f, target)
    return corpus_stats(dest)


# --- reporting ------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def fmt_row(name: str, r: dict[str, Any] | None, note: str = "") -> str:
    if not r:
        return f"  {name:34} {'not installed':>10}  {note}"
    rss = f"{r['rss_mb']:7.0f} MB RSS" if "rss_mb" in r else f"{'':7} {'':6}"
    return (
        f"  {name:34} {r['mb_s']:9.2f} MB/s {r['files_s']:9.1f} files/s "
        f"{rss} {r['wall_s']:8.2f} s  {note}"
    )


class Bench:
    """One benchmark run: its options, scratch folder, yardsticks, results and checks."""

    def __init__(self, a: argparse.Namespace, work: Path) -> None:
        self.a = a
        self.skip = {s.strip() for s in a.skip.split(",") if s.strip()}
        self.work = work
        self.rg = shutil.which("rg")
        self.patterns: list[str] = []
        self.reference = a.reference
        if (a.reference / "patterns.py").exists():
            self.patterns = list(load_reference(a.reference).rg_patterns())
        else:
            print(f"{a.reference}: no reference patterns: the yardsticks will be missing")
        self.checks: list[tuple[str, bool | None]] = []
        self.results: dict[str, Any] = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "platform": platform.platform(), "load": os.getloadavg()},
            "reference": {"folder": str(a.reference), "patterns": len(self.patterns)},
            "corpora": {},
        }

    def check(self, text: str, ok: bool | None) -> None:
        self.checks.append((text, ok))

    def corpus(self, name: str, corpus: Path) -> dict[str, Any]:
        stats = corpus_stats(corpus)
        res: dict[str, Any] = {"stats": stats}
        print(
            f"\n== {name}: {stats['files']} files, {stats['bytes'] / 1e6:.0f} MB "
            f"({stats['text_files']} plain-text files, {stats['text_bytes'] / 1e6:.0f} MB)"
        )
        # piaudit with every core, then with one: the same files, back to back
        res["piaudit"] = self.piaudit(corpus, self.a.jobs, f"data-{name}", stats)
        print(fmt_row(f"piaudit --full -j{self.a.jobs or os.cpu_count()}", res["piaudit"]))
        if "j1" not in self.skip and (self.a.jobs or os.cpu_count() or 1) > 1:
            res["piaudit_j1"] = self.piaudit(corpus, 1, f"data-{name}-j1", stats)
            scale = res["piaudit_j1"]["wall_s"] / res["piaudit"]["wall_s"]
            res["jobs_speedup"] = scale
            print(fmt_row("piaudit --full -j1", res["piaudit_j1"],
                          f"all cores are {scale:.2f}x one"))
            self.check(f"{name}: -j{self.a.jobs or os.cpu_count()} is {scale:.2f}x -j1 "
                       f"(target >= {TARGETS['jobs']}x)", scale >= TARGETS["jobs"])
        self.yardsticks(name, corpus, stats, res)
        if "inside" not in self.skip:
            self.inside(name, corpus, stats, res)
        rss = res["piaudit"]["rss_mb"]
        self.check(f"{name}: piaudit peak RSS {rss:.0f} MB (target <= {TARGETS['rss_mb']:.0f} MB)",
                   rss <= TARGETS["rss_mb"])
        if not {"presidio", "detect-secrets"} <= self.skip:
            self.slow_competitors(name, corpus, res)
        if name == "home" and "rescan" not in self.skip:
            res["rescan"] = self.rescan(corpus)
        return res

    def piaudit(self, corpus: Path, jobs: int, data: str, stats: dict[str, Any],
                extra: Sequence[str] = (), cache: Path | None = None) -> dict[str, Any]:
        m = measure([*piaudit_cmd(corpus, jobs=jobs), *extra],
                    env=piaudit_env(self.work / data, cache))
        if m["rc"] not in (0, 1):
            print(f"  piaudit failed (exit {m['rc']}): {m['stderr'][-500:]}")
        r = {**m, **rate(stats, m["wall_s"])}
        r["stderr_tail"] = r.pop("stderr", "")[-600:]
        r.pop("stdout", None)
        return r

    def yardsticks(self, name: str, corpus: Path, stats: dict[str, Any],
                   res: dict[str, Any]) -> None:
        """The naive Python line and ripgrep with the fixed reference set, on the same files.

        Every tool's MB/s counts every byte of the corpus: the yardsticks read containers as
        raw bytes, piaudit reads what is inside them."""
        mine = res["piaudit"]["mb_s"]
        naive = run_naive(self.reference, corpus, stats, self.work)
        res["naive"] = naive
        if naive:
            ratio = res["vs_naive"] = mine / naive["mb_s"]
            target = TARGETS[f"{name}_vs_naive"]
            print(fmt_row("naive line (scan_py.py --engine hs)", naive,
                          f"piaudit is {ratio:.2f}x; one process, no containers"))
            self.check(f"{name}: piaudit/naive line {ratio:.2f}x (target >= {target}x)",
                       ratio >= target)
        else:
            print(fmt_row("naive line", None, "needs ../shared/bench-reference and hyperscan"))
            self.check(f"{name}: naive line not run", None)
        if self.rg and self.patterns:
            rg = res["ripgrep"] = run_rg(self.rg, self.patterns, corpus, stats)
            ratio = res["vs_ripgrep"] = mine / rg["mb_s"]
            print(fmt_row("ripgrep -j2, reference patterns", rg,
                          f"piaudit is {ratio:.2f}x; no validation, no containers"))
            aim = TARGETS.get(f"{name}_vs_rg_aim")
            if aim:
                print(f"  {'':34} (long-term aim: {aim}x ripgrep)")
        else:
            print(fmt_row("ripgrep", None))

    def inside(self, name: str, corpus: Path, stats: dict[str, Any],
               res: dict[str, Any]) -> None:
        """Two context figures beside the naive line's, no target: the naive line on the
        archives' contents, and piaudit narrowed to the reference set's types."""
        naive = res.get("naive")
        dest = self.work / f"inside-{name}"
        t0 = time.perf_counter()
        ext = extract_archives(corpus, dest)
        extract_s = time.perf_counter() - t0
        inner = run_naive(self.reference, dest, ext, self.work) if ext["files"] else None
        shutil.rmtree(dest, ignore_errors=True)
        if inner:
            inner["extract"] = {**ext, "extract_s": extract_s}
            note = f"{ext['bytes'] / 1e6:.1f} MB from {ext['archives']} archives"
            if naive:
                share = inner["share_of_naive"] = inner["wall_s"] / naive["wall_s"]
                note += f", {share:.0%} of the naive line's time on the corpus"
            res["naive_inside"] = inner
            print(fmt_row("naive line, archives' contents", inner, note))
            print(f"  {'':34} (the naive line reads archives as compressed bytes; this is "
                  "what reading their contents costs the naive line itself)")
        else:
            print(fmt_row("naive line, archives' contents", None,
                          "no archive extracted" if naive else "no naive line"))
        # The selection's pattern database is compiled once (seconds, then cached), as the
        # main run's is before the figures: an untimed run on a one-file folder first. A
        # cache folder of its own leaves the user's cache, and the main runs, untouched.
        rules = ["--rules", ",".join(SAME_TYPES_RULES)]
        cache = self.work / "cache-same-types"
        tiny = self.work / "startup"
        tiny.mkdir(exist_ok=True)
        (tiny / "note.txt").write_text("nothing here\n", encoding="utf-8")
        measure([*piaudit_cmd(tiny, jobs=self.a.jobs), *rules],
                env=piaudit_env(self.work / f"data-same-startup-{name}", cache))
        same = self.piaudit(corpus, self.a.jobs, f"data-{name}-same", stats, rules, cache)
        same["rules"] = list(SAME_TYPES_RULES)
        res["piaudit_same_types"] = same
        note = f"{len(SAME_TYPES_RULES)} rules, the reference set's types"
        if naive:
            ratio = same["vs_naive"] = same["mb_s"] / naive["mb_s"]
            note = f"{ratio:.2f}x the naive line; " + note
        print(fmt_row("piaudit, naive line's types only", same, note))

    def slow_competitors(self, name: str, corpus: Path, res: dict[str, Any]) -> None:
        """Presidio and detect-secrets on a text subsample, piaudit and ripgrep on the same."""
        a, work = self.a, self.work
        sample = work / f"sample-{name}"
        sstats = subsample(corpus, sample, a.sample_mb)
        res["sample"] = sstats
        print(f"  -- subsample: {sstats['files']} text files, {sstats['bytes'] / 1e6:.1f} MB")
        m = measure(piaudit_cmd(sample, jobs=a.jobs), env=piaudit_env(work / f"data-s-{name}"))
        res["sample_piaudit"] = {**rate(sstats, m["wall_s"]), "wall_s": m["wall_s"],
                                 "rss_mb": m["rss_mb"]}
        print(fmt_row("piaudit (subsample)", res["sample_piaudit"], "includes start-up"))
        # Presidio's figure is its analyze() time alone (imports and recognizer set-up
        # excluded), so piaudit's is compared without its start-up too: the same command on
        # a one-file folder, best of three, taken off the wall time.
        startup = piaudit_startup(work, a.jobs)
        steady = max(m["wall_s"] - startup, 0.01)
        res["sample_piaudit_steady"] = {**rate(sstats, steady), "wall_s": steady,
                                        "startup_s": startup}
        print(fmt_row("piaudit (subsample, no start-up)", res["sample_piaudit_steady"],
                      f"start-up {startup:.2f} s"))
        if self.rg and self.patterns:
            res["sample_ripgrep"] = run_rg(self.rg, self.patterns, sample, sstats)
            print(fmt_row("ripgrep (subsample)", res["sample_ripgrep"]))
        naive = run_naive(self.reference, sample, sstats, work)
        if naive:
            res["sample_naive"] = naive
            print(fmt_row("naive line (subsample)", naive, "includes start-up"))
        # ratios: the same text files for both tools, start-up excluded for both
        p_mb_s = res["sample_piaudit_steady"]["mb_s"]
        p_full = res["piaudit"]["mb_s"]
        others = (("presidio", "presidio", "presidio patterns (subsample)"),
                  ("detect-secrets", "detect_secrets", "detect-secrets (subsample)"))
        for tool, key, label in others:
            if tool in self.skip:
                continue
            r = run_presidio(sample, work) if tool == "presidio" else run_detect_secrets(
                sample, sstats)
            res[key] = r
            if not r:
                print(fmt_row(tool, None))
                continue
            r["vs_piaudit"] = p_mb_s / r["mb_s"] if r["mb_s"] else 0.0
            r["vs_piaudit_full"] = p_full / r["mb_s"] if r["mb_s"] else 0.0
            note = f"piaudit is {r['vs_piaudit']:.0f}x faster"
            if tool == "presidio":
                note += f"; {r.get('recognizers', 0)} recognizers, analyze() time only"
            print(fmt_row(label, r, note))
            target = TARGETS["vs_" + key]
            self.check(f"{name}: piaudit/{tool} {r['vs_piaudit']:.0f}x (target >= {target:.0f}x)",
                       r["vs_piaudit"] >= target)

    def rescan(self, corpus: Path) -> dict[str, Any]:
        a, data = self.a, self.work / "data-rescan"
        first = measure(piaudit_cmd(corpus, full=False, jobs=a.jobs), env=piaudit_env(data))
        # a rescan takes about a second, so one busy moment of the machine moves it by a
        # third: the median of three runs (the first scan is not repeated)
        runs = [measure(piaudit_cmd(corpus, full=False, jobs=a.jobs), env=piaudit_env(data))
                for _ in range(3)]
        again = sorted(runs, key=lambda r: r["wall_s"])[1]
        speedup = first["wall_s"] / again["wall_s"] if again["wall_s"] else 0.0
        res = {"first_s": first["wall_s"], "rescan_s": again["wall_s"], "speedup": speedup,
               "rss_mb": again["rss_mb"]}
        # The same rescan printing the table a person reads: it also scores the findings
        # (the JSON-lines pipeline run above has no use for a score)
        table_cmd = piaudit_cmd(corpus, full=False, jobs=a.jobs)
        table_cmd[table_cmd.index("jsonl")] = "table"
        table_cmd.remove("--quiet")
        truns = [measure(table_cmd, env=piaudit_env(data)) for _ in range(3)]
        tagain = sorted(truns, key=lambda r: r["wall_s"])[1]
        res["table_rescan_s"] = tagain["wall_s"]
        tspeed = res["table_speedup"] = first["wall_s"] / tagain["wall_s"] if tagain[
            "wall_s"] else 0.0
        print(f"  {'unchanged rescan':34} first {first['wall_s']:.2f} s, rescan "
              f"{again['wall_s']:.2f} s: {speedup:.1f}x (JSON lines); "
              f"{tagain['wall_s']:.2f} s: {tspeed:.1f}x (table with score)")
        self.check(f"home: unchanged rescan {speedup:.1f}x faster "
                   f"(target >= {TARGETS['rescan']:.0f}x)", speedup >= TARGETS["rescan"])
        return res

    def version(self) -> None:
        times = [measure([sys.executable, "-m", "scanners", "--version"],
                         env=piaudit_env(self.work / "v"), cwd=ROOT)["wall_s"] for _ in range(5)]
        script = Path(sys.executable).parent / "piaudit"
        stimes = ([measure([str(script), "--version"])["wall_s"] for _ in range(5)]
                  if script.exists() else [])
        v = statistics.median(stimes or times)
        self.results["version_s"] = {"python_m": statistics.median(times),
                                     "script": statistics.median(stimes) if stimes else None}
        print(f"\n  piaudit --version: {v:.3f} s (median of 5; python -m scanners: "
              f"{statistics.median(times):.3f} s)")
        self.check(f"piaudit --version {v:.3f} s (target < {TARGETS['version_s']} s)",
                   v < TARGETS["version_s"])

    def summary(self) -> None:
        """The ratios side by side (the figures docs/engine.md quotes)."""
        print("\n== piaudit's throughput / each yardstick's, same run, same files")
        print(f"  {'corpus':8} {'piaudit MB/s':>13} {'/naive':>8} {'/ripgrep':>9} {'-jN/-j1':>8}")
        for name, res in self.results["corpora"].items():
            def ratio(key: str, res: dict[str, Any] = res) -> str:
                return f"{res[key]:.2f}x" if key in res else "-"
            print(f"  {name:8} {res['piaudit']['mb_s']:13.2f} {ratio('vs_naive'):>8} "
                  f"{ratio('vs_ripgrep'):>9} {ratio('jobs_speedup'):>8}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "corpus")
    ap.add_argument("--mb", type=int, default=0,
                    help="generate (or reuse) corpora of this size under OUT/corpus-<MB>mb and "
                         "use them: a quick run while working (make bench uses 220 MB)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--reference", type=Path, default=REFERENCE,
                    help="the fixed yardsticks: patterns.py and scan_py.py")
    ap.add_argument("--jobs", type=int, default=0, help="piaudit workers (default: all cores)")
    ap.add_argument("--only", choices=("home", "dense"), help="one corpus")
    ap.add_argument(
        "--sample-mb", type=float, default=5.0, help="subsample for Presidio/detect-secrets"
    )
    ap.add_argument(
        "--skip", default="", help="comma-separated: presidio,detect-secrets,rescan,accuracy,j1,inside"
    )
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)
    if a.mb:
        from bench.gen_corpus import generate

        a.corpus = a.out / f"corpus-{a.mb}mb"
        for name in (a.only,) if a.only else ("home", "dense"):
            generate(name, a.corpus, a.mb)
    work = Path(tempfile.mkdtemp(prefix="piaudit-bench-"))
    bench = Bench(a, work)
    # A first run after the rules changed compiles their pattern database (seconds, then
    # cached): that is not what the figures measure.
    piaudit_startup(work, a.jobs)
    try:
        for name in (a.only,) if a.only else ("home", "dense"):
            corpus = a.corpus / name
            if not corpus.is_dir():
                print(f"{corpus}: missing (run bench/gen_corpus.py)")
                continue
            bench.results["corpora"][name] = bench.corpus(name, corpus)
        bench.version()
        if "accuracy" not in bench.skip:
            bench.results["accuracy"] = run_accuracy(a.out, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    bench.summary()
    print("\n== targets")
    for text, ok in bench.checks:
        print(f"  [{verdict(ok)}] {text}")
    bench.results["checks"] = [{"check": t, "pass": ok} for t, ok in bench.checks]
    (a.out / "results.json").write_text(json.dumps(bench.results, indent=2, ensure_ascii=False))
    print(f"\nresults: {a.out / 'results.json'}")
    return 0


def piaudit_startup(work: Path, jobs: int) -> float:
    """piaudit's fixed cost: the benchmark command on a folder holding one short file."""
    tiny = work / "startup"
    tiny.mkdir(exist_ok=True)
    (tiny / "note.txt").write_text("nothing here\n", encoding="utf-8")
    walls = [measure(piaudit_cmd(tiny, jobs=jobs), env=piaudit_env(work / "data-startup"))["wall_s"]
             for _ in range(3)]
    return float(min(walls))


def run_presidio(sample: Path, work: Path) -> dict[str, Any] | None:
    try:
        import presidio_analyzer  # noqa: F401
    except ImportError:
        return None
    listing = work / "presidio-files.txt"
    listing.write_text("\n".join(str(p) for p in sorted(sample.iterdir())), encoding="utf-8")
    script = work / "presidio_worker.py"
    script.write_text(PRESIDIO_WORKER, encoding="utf-8")
    m = measure([sys.executable, str(script), str(listing)], stdout=subprocess.PIPE)
    if m["rc"] != 0:
        print(f"  presidio failed: {m['stderr'][-400:]}")
        return None
    d = json.loads(m["stdout"].strip().splitlines()[-1])
    return {
        "mb_s": d["bytes"] / 1e6 / d["analyze_s"],
        "files_s": len(listing.read_text().split()) / d["analyze_s"],
        "wall_s": d["analyze_s"],
        "rss_mb": m["rss_mb"],
        "recognizers": d["recognizers"],
    }


def run_detect_secrets(sample: Path, sstats: dict[str, Any]) -> dict[str, Any] | None:
    exe = shutil.which("detect-secrets") or str(Path(sys.executable).parent / "detect-secrets")
    if not Path(exe).exists():
        return None
    m = measure([exe, "scan", "--all-files", "-n", str(sample)], cwd=sample)
    if m["rc"] != 0:
        print(f"  detect-secrets failed: {m['stderr'][-400:]}")
        return None
    # its start-up is taken off as piaudit's is: same command on a one-file folder
    tiny = sample.parent / "startup"
    tiny.mkdir(exist_ok=True)
    (tiny / "note.txt").write_text("nothing here\n", encoding="utf-8")
    startup = min(measure([exe, "scan", "--all-files", "-n", str(tiny)], cwd=tiny)["wall_s"]
                  for _ in range(3))
    steady = max(m["wall_s"] - startup, 0.01)
    return {**rate(sstats, steady), "wall_s": steady, "startup_s": startup,
            "rss_mb": m["rss_mb"]}


def run_accuracy(out: Path, work: Path) -> dict[str, Any]:
    from datetime import date

    from synth.labelled import THRESHOLDS, format_table, generate, read_jsonl, score

    root = work / "labelled"
    labels = generate(root, n_docs=160, seed=1, today=date.today())
    findings = out / "labelled-findings.jsonl"
    cmd = [*piaudit_cmd(root, jobs=0, out=str(findings)), "--exclude", "labels.json"]
    m = measure(cmd, env=piaudit_env(work / "data-acc"))
    if m["rc"] not in (0, 1):
        print(f"\n  accuracy: piaudit failed (exit {m['rc']}): {m['stderr'][-400:]}")
        return {}
    scores = score(labels, read_jsonl(findings), root)
    print("\n== per-rule precision / recall (labelled corpus, synth/labelled.py)")
    print(format_table(scores))
    findings.unlink(missing_ok=True)  # synthetic, but keep nothing value-like around
    return {
        rule: {
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "target": THRESHOLDS.get(rule),
        }
        for rule, s in scores.items()
    }


if __name__ == "__main__":
    raise SystemExit(main())
