"""Per-rule precision and recall of the content scanner on a labelled synthetic corpus.

The corpus (synth/labelled.py) plants synthetic values with valid checksums in every
supported format, plus hard negatives (order numbers, timestamps, hashes, wrong check digits,
organisation credit codes ...). The whole CLI runs in-process on it, and the per-rule table is
printed (`pytest -s` shows it; it is also attached to a failure message).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from synth.labelled import THRESHOLDS, format_table, generate, read_jsonl, score

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("labelled")
    labels = generate(root / "corpus", n_docs=160, seed=1, today=date.today())
    return root / "corpus", labels


def test_labelled_corpus_is_well_formed(corpus: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    root, labels = corpus
    assert len(labels["labels"]) > 3000
    for lb in labels["labels"][:2000]:
        if lb["start"] is None or "!" in lb["path"]:
            continue
        raw = (root / lb["path"]).read_bytes()
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            text = raw.decode("utf-16")
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("gbk")
        assert text[lb["start"] : lb["end"]] == lb["value"], lb


def test_precision_and_recall(corpus: tuple[Path, dict], tmp_path: Path) -> None:  # type: ignore[type-arg]
    from scanners.cli.entry import main

    root, labels = corpus
    out = tmp_path / "findings.jsonl"
    argv = [
        "scan",
        str(root),
        "--format",
        "jsonl",
        "--output",
        str(out),
        "--no-log",
        "--scanners",
        "content",
        "--jobs",
        "1",
        "--exclude",
        "labels.json",
    ]
    code = main(argv)
    assert code in (0, 1), f"piaudit scan exited {code}"
    scores = score(labels, read_jsonl(out), root)
    table = format_table(scores)
    print("\n" + table)
    failures = []
    for rule, target in THRESHOLDS.items():
        s = scores.get(rule)
        if s is None:
            failures.append(f"{rule}: nothing planted or found")
            continue
        if s.precision < target or s.recall < target:
            failures.append(
                f"{rule}: precision {s.precision:.3f} recall {s.recall:.3f} < {target}\n"
                f"    missed: {s.fn_examples[:5]}\n    false: {s.fp_examples[:5]}"
            )
    assert not failures, table + "\n\n" + "\n".join(failures)
