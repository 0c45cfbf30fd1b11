"""`make fuzz`: fuzz every parser (or the named ones) for a bounded time.

    python -m tests.fuzz.run [--seconds N] [--engine auto|atheris|builtin] [TARGET...]

With atheris installed (`pip install -e '.[fuzz]'`, which `make fuzz` does) each target
runs under libFuzzer in its own process (coverage of piaudit, pypdf, py7zr and olefile);
otherwise, or with --engine builtin, under the pure-Python engine in tests/fuzz/engine.py.
Work files go to build/fuzz/<target>/: the growing corpus (corpus/) and crashers
(crash-*). A crasher is fixed in the parser and then copied, minimized, into
tests/fuzz/corpus/<target>/ (see docs/fuzzing.md). Exit status 1 if anything crashed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "fuzz"


def _initial(name: str, work: Path) -> list[bytes]:
    from tests.fuzz.targets import TARGETS, corpus_files

    return TARGETS[name].seeds(work) + [p.read_bytes() for p in corpus_files(name)]


def run_builtin(names: list[str], seconds: float, seed: int) -> int:
    from tests.fuzz.engine import crash_name, fuzz
    from tests.fuzz.targets import TARGETS

    failed = 0
    for name in names:
        with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as tmp:
            work = Path(tmp)
            call = TARGETS[name].make(work)
            res = fuzz(name, call, _initial(name, work), seconds, seed=seed,
                       max_len=TARGETS[name].max_len)
        print(f"{name:10s} {res.runs:7d} runs  {res.edges:5d} edges  corpus {res.corpus:4d}"
              f"  {res.seconds:5.1f} s  crashes {len(res.crashes)}", flush=True)
        for data, problem in res.crashes:
            out = OUT / name / crash_name(data)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            print(f"  CRASH {problem}\n        input: {out.relative_to(ROOT)}", flush=True)
            failed += 1
    return 1 if failed else 0


def run_atheris(names: list[str], seconds: float, seed: int) -> int:
    failed = 0
    for name in names:
        work = OUT / name
        corpus = work / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "tests.fuzz.run", "--atheris-child", name, "--",
               f"-max_total_time={max(1, int(seconds))}", "-timeout=10",
               "-rss_limit_mb=1536", f"-seed={seed}" if seed else "-seed=0",
               f"-artifact_prefix={work}/", "-print_final_stats=1", str(corpus)]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                              errors="replace", check=False)
        stats = [ln for ln in proc.stderr.splitlines()
                 if ln.startswith(("stat::number_of_executed_units", "stat::new_units_added"))]
        runs = stats[0].split(":")[-1].strip() if stats else "?"
        crashes = sorted(p.name for p in work.glob("crash-*")) + \
            sorted(p.name for p in work.glob("timeout-*")) + \
            sorted(p.name for p in work.glob("oom-*"))
        print(f"{name:10s} {runs:>7s} runs  ({len(list(corpus.iterdir()))} in corpus)"
              f"  exit {proc.returncode}", flush=True)
        if proc.returncode != 0:
            failed += 1
            lines = (proc.stdout + "\n" + proc.stderr).splitlines()
            tail = [ln for ln in lines if "ContractViolation" in ln or "ERROR:" in ln][-6:]
            print("  " + "\n  ".join(tail), flush=True)
            for c in crashes:
                print(f"  input: {(work / c).relative_to(ROOT)}", flush=True)
    return 1 if failed else 0


def atheris_child(name: str, libfuzzer_args: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["scanners", "pypdf", "py7zr", "olefile",
                                             "tests.fuzz"]):
        import olefile  # noqa: F401
        import py7zr  # noqa: F401
        import pypdf  # noqa: F401

        import scanners.sources.content.extract  # noqa: F401
        from tests.fuzz.engine import run_one
        from tests.fuzz.targets import TARGETS

        # The targets import their scanner modules when made: inside, so they are covered.
        tmp = tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-")
        work = Path(tmp.name)
        corpus = Path(libfuzzer_args[-1])
        for i, data in enumerate(_initial(name, work)):
            (corpus / f"seed-{i:03d}").write_bytes(data)
        call = TARGETS[name].make(work)

    def one(data: bytes) -> None:
        problem = run_one(call, data)
        if problem is not None:
            raise RuntimeError(f"ContractViolation [{name}]: {problem}")

    atheris.Setup([sys.argv[0], f"-max_len={TARGETS[name].max_len}", *libfuzzer_args], one)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--atheris-child"]:
        sep = argv.index("--")
        atheris_child(argv[1], argv[sep + 1:])
        return 0
    from tests.fuzz.targets import TARGETS

    ap = argparse.ArgumentParser(prog="python -m tests.fuzz.run")
    ap.add_argument("targets", nargs="*", help=f"default: all of {', '.join(TARGETS)}")
    ap.add_argument("--seconds", type=float,
                    default=float(os.environ.get("FUZZ_SECONDS", "60")),
                    help="per target (default FUZZ_SECONDS or 60)")
    ap.add_argument("--engine", choices=("auto", "atheris", "builtin"), default="auto")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    names = args.targets or list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        ap.error(f"unknown target(s): {', '.join(unknown)}")
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "builtin"
    print(f"fuzzing {len(names)} target(s), {args.seconds:g} s each, engine {engine}",
          flush=True)
    if engine == "atheris":
        return run_atheris(names, args.seconds, args.seed)
    return run_builtin(names, args.seconds, args.seed)


if __name__ == "__main__":
    sys.exit(main())
