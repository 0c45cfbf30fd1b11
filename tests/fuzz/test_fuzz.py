"""The fuzz harness in `make test`: the committed regression corpus and the generated seeds
replayed through every target, then a short fuzzing smoke per target (built-in engine,
FUZZ_SMOKE_SECONDS each, default 2), and the atheris runner for one target when the
`fuzz` extra is installed. `make fuzz` runs the long pass (docs/fuzzing.md)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.engine import crash_name, fuzz, run_one
from tests.fuzz.run import OUT, ROOT
from tests.fuzz.targets import SCANNERS, TARGETS, ContractViolation, _anticipated, corpus_files

SMOKE_SECONDS = float(os.environ.get("FUZZ_SMOKE_SECONDS", "2"))
SMOKE_SEED = int(os.environ.get("FUZZ_SEED", "0"))


def _keep(name: str, data: bytes) -> Path:
    out = OUT / name / crash_name(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


@pytest.mark.parametrize("name", list(TARGETS))
def test_corpus_and_seeds_keep_the_contract(name: str, tmp_path: Path) -> None:
    target = TARGETS[name]
    call = target.make(tmp_path)
    seeds = target.seeds(tmp_path)
    assert seeds, f"{name}: no seeds"
    inputs = [(f"seed {i}", d) for i, d in enumerate(seeds)]
    inputs += [(str(p.relative_to(ROOT)), p.read_bytes()) for p in corpus_files(name)]
    for label, data in inputs:
        problem = run_one(call, data)
        assert problem is None, f"{name}: {label}: {problem}"


@pytest.mark.parametrize("name", list(TARGETS))
def test_fuzz_smoke(name: str, tmp_path: Path) -> None:
    target = TARGETS[name]
    call = target.make(tmp_path)
    initial = target.seeds(tmp_path) + [p.read_bytes() for p in corpus_files(name)]
    res = fuzz(name, call, initial, SMOKE_SECONDS, seed=SMOKE_SEED, max_len=target.max_len,
               stop_at_first=True)
    assert res.runs > len(initial), f"{name}: the fuzzer made no mutants"
    for data, problem in res.crashes:
        path = _keep(name, data)
        pytest.fail(f"{name}: {problem}; input kept in {path.relative_to(ROOT)} "
                    f"(seed FUZZ_SEED={SMOKE_SEED})")


def test_the_harness_tells_a_bug_from_a_recorded_error() -> None:
    def raised(code: str, filename: str) -> BaseException:
        try:
            exec(compile(code, filename, "exec"), {})
        except Exception as exc:
            return exc
        raise AssertionError("did not raise")

    ours = str(Path(SCANNERS) / "content/extract/example.py")
    assert not _anticipated(raised("[][1]", ours))  # piaudit's own IndexError: a bug
    assert _anticipated(raised("[][1]", "/usr/lib/python3/site-packages/pypdf/x.py"))
    assert _anticipated(raised(
        "from scanners.sources.content.parts import ExtractError\nraise ExtractError('x')", ours))

    def hangs(_data: bytes) -> None:
        while True:
            pass

    def breaks(data: bytes) -> None:
        if len(data) > 8:
            raise ContractViolation("too long")

    assert (run_one(hangs, b"", cpu_budget=0.2) or "").startswith("hang")
    res = fuzz("self-test", breaks, [b"seed"], 5.0, stop_at_first=True)
    assert res.crashes and len(res.crashes[0][0]) > 8 and "too long" in res.crashes[0][1]


# atheris is a dev dependency on Linux x86_64 (the machines make test runs on); elsewhere
# tests/fuzz/engine.py's own engine, smoked above, is what make fuzz uses.
@pytest.mark.skipif(sys.platform != "linux" or platform.machine() != "x86_64",
                    reason="atheris wheels exist for Linux x86_64 only")
def test_atheris_runner_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.run", "--engine", "atheris", "--seconds", "2",
         "vcard"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "vcard" in proc.stdout
