"""A small coverage-guided mutation fuzzer in pure Python (no compiler, no extra package).

It keeps a corpus of inputs, mutates one at a time (bit flips, interesting integers,
inserted, deleted, repeated and spliced ranges, dictionary tokens), and keeps a mutant
when it makes the code under `scanners/` take a line-to-line edge it never took before
(traced with `sys.settrace`, only in piaudit's own files). `make fuzz` uses atheris
(libFuzzer) instead when it is installed; this engine is the fallback and what
`make test`'s smoke runs.

Per input: a CPU-time budget (`signal.ITIMER_PROF`, so pytest-timeout's SIGALRM is left
alone) and a peak-memory budget (growth of the process's maximum RSS).
"""

from __future__ import annotations

import hashlib
import random
import resource
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from tests.fuzz.targets import ContractViolation

SCANNERS = str(Path(__file__).resolve().parents[2] / "scanners")
INPUT_CPU_SECONDS = 5.0  # one input may use this much CPU before it counts as a hang
INPUT_MEMORY_MB = 512  # ...or raise the process's peak RSS by this much

_INTERESTING = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000,
                0xFFFFFFFF, 16, 32, 64, 100, 1000, 4096, 65536]
_TOKENS = [b"\x00", b"\xff", b"\r\n", b"\n", b"<", b">", b"/>", b"</", b"&", b"&#x", b";",
           b"=", b":", b"\"", b"[", b"]", b"{", b"}", b"\\", b"\\u", b"\\'", b"obj", b"<<",
           b">>", b"stream", b"endobj", b"/Length", b"xref", b"trailer", b"BEGIN:VCARD",
           b"END:VCARD", b"=?utf-8?B?", b"Content-Type: multipart/mixed; boundary=",
           b"Content-Transfer-Encoding: base64", b"charset=", b"{\\rtf1", b"\\bin",
           b"\\u-", b"\\'ff", b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"ustar",
           b"SQLite format 3\x00", b"Exif\x00\x00", b"II*\x00", b"MM\x00*", b"ftyp",
           b"-1", b"99999999999", b"NaN", b"1e309", b"null", b"[]", b"{}", b"\xef\xbb\xbf",
           b"\xfe\xff", b"grantedPermissions:", b"runtime permissions:", b"User 0:",
           b"Package [", b"userId=", b"sharedUser=", b"granted=true", b"hex(2):",
           b"dword:", b"hex:", b"[HKEY_CURRENT_USER\\", b"[-HKEY", b"\"Value\"=",
           b"filesystems=", b"!host:reset", b"[Context]", b"GVariant", b"\"logins\"",
           b"\"encType\":"]


class Hang(Exception):
    """The per-input CPU budget ran out."""


@dataclass(slots=True)
class Result:
    target: str
    runs: int = 0
    corpus: int = 0
    edges: int = 0
    seconds: float = 0.0
    crashes: list[tuple[bytes, str]] = field(default_factory=list)


class _Coverage:
    def __init__(self) -> None:
        self.edges: set[tuple[int, int, int]] = set()
        self.new = False

    def tracer(self, frame: FrameType, event: str, _arg: Any) -> Any:
        if event != "call" or not frame.f_code.co_filename.startswith(SCANNERS):
            return None
        code_id = id(frame.f_code)
        prev = -1
        edges = self.edges

        def local(f: FrameType, ev: str, _a: Any) -> Any:
            nonlocal prev
            if ev == "line":
                edge = (code_id, prev, f.f_lineno)
                if edge not in edges:
                    edges.add(edge)
                    self.new = True
                prev = f.f_lineno
            return local

        return local


def mutate(data: bytes, rng: random.Random, corpus: Sequence[bytes], max_len: int) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3, 4, 8))):
        op = rng.randrange(10)
        n = len(buf)
        if op == 0 and n:
            i = rng.randrange(n)
            buf[i] ^= 1 << rng.randrange(8)
        elif op == 1 and n:
            buf[rng.randrange(n)] = rng.randrange(256)
        elif op == 2 and n:
            v = rng.choice(_INTERESTING)
            width = rng.choice((1, 2, 4))
            order = rng.choice(("little", "big"))
            i = rng.randrange(n)
            buf[i:i + width] = (v & ((1 << (8 * width)) - 1)).to_bytes(width, order)
        elif op == 3 and n:
            i = rng.randrange(n)
            del buf[i:i + rng.choice((1, 2, 4, 16, 128, max(1, n // 4)))]
        elif op == 4 and n:
            i, j = sorted(rng.randrange(n + 1) for _ in range(2))
            k = rng.randrange(n + 1)
            buf[k:k] = buf[i:j][:4096] * rng.choice((1, 1, 2, 8))
        elif op == 5:
            i = rng.randrange(n + 1)
            buf[i:i] = rng.choice(_TOKENS)
        elif op == 6:
            i = rng.randrange(n + 1)
            buf[i:i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        elif op == 7 and corpus:
            other = rng.choice(corpus)
            if other:
                i, j = sorted(rng.randrange(len(other) + 1) for _ in range(2))
                k = rng.randrange(n + 1)
                buf[k:k] = other[i:j]
        elif op == 8 and n:
            i = rng.randrange(n)
            buf[i:] = buf[i:][: rng.randrange(0, max(1, n - i))]  # truncate
        elif op == 9 and n:
            # ASCII digits: make a number larger, negative or absurd
            i = rng.randrange(n)
            buf[i:i + 1] = rng.choice((b"9" * rng.randrange(1, 20), b"-", b"0", b"65536"))
    return bytes(buf[:max_len])


def _on_prof(_sig: int, _frame: FrameType | None) -> None:
    raise Hang()


def run_one(call: Callable[[bytes], None], data: bytes,
            cpu_budget: float = INPUT_CPU_SECONDS,
            memory_mb: int = INPUT_MEMORY_MB) -> str | None:
    """None if `data` kept the contract, else what went wrong."""
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.process_time()
    old = signal.signal(signal.SIGPROF, _on_prof)
    signal.setitimer(signal.ITIMER_PROF, cpu_budget)
    try:
        call(data)
    except Hang:
        return f"hang: more than {cpu_budget:g} s of CPU on one input"
    except ContractViolation as exc:
        cause = exc.__cause__
        where = ""
        if cause is not None and cause.__traceback__ is not None:
            tb = cause.__traceback__
            while tb.tb_next is not None:
                tb = tb.tb_next
            where = f" at {Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
        return f"{exc}{where}"
    except MemoryError:
        return "memory: MemoryError"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
    used = time.process_time() - t0
    if used > cpu_budget:
        return f"hang: {used:.1f} s of CPU on one input (in a call that could not be stopped)"
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_rss) / 1024
    if grown > memory_mb:
        return f"memory: peak RSS grew by {grown:.0f} MB on one input"
    return None


def fuzz(name: str, call: Callable[[bytes], None], initial: Sequence[bytes], seconds: float,
         *, seed: int = 0, max_len: int = 64 * 1024, stop_at_first: bool = False) -> Result:
    """Mutate `initial` for `seconds`; every contract violation is kept (deduplicated)."""
    rng = random.Random(seed)
    cov = _Coverage()
    result = Result(name)
    corpus: list[bytes] = []
    kinds: set[str] = set()
    start = time.monotonic()

    def attempt(data: bytes) -> bool:
        cov.new = False
        sys.settrace(cov.tracer)
        try:
            problem = run_one(call, data)
        finally:
            sys.settrace(None)
        result.runs += 1
        if problem is not None:
            kind = problem.split(" at ")[-1] + problem.split(":")[0]
            if kind not in kinds:
                kinds.add(kind)
                result.crashes.append((data, problem))
            return False
        return cov.new

    for data in initial:
        if attempt(data) or not corpus:
            corpus.append(data)
        if stop_at_first and result.crashes:
            break
    corpus = corpus or [b""]
    while time.monotonic() - start < seconds and not (stop_at_first and result.crashes):
        parent = corpus[-1] if rng.random() < 0.2 else rng.choice(corpus)
        child = mutate(parent, rng, corpus, max_len)
        if attempt(child):
            corpus.append(child)
    result.corpus, result.edges = len(corpus), len(cov.edges)
    result.seconds = time.monotonic() - start
    return result


def crash_name(data: bytes) -> str:
    return "crash-" + hashlib.sha1(data).hexdigest()[:16]
