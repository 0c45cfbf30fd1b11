"""One exposure, one finding (issue 12): a file a store scanner reads is not reported again by
the file scan; piaudit's own redacted copies and data folder are not new exposure."""

from __future__ import annotations

from collections import Counter

import pytest

from scanners import engine
from scanners.actions.remediate import Remediator
from scanners.assessment.access import log_facts
from scanners.assessment.scoring import score
from synth import browser_stores as B
from synth import other_stores as S

from .helpers import ADULT_ID
from .ledger_helpers import _no_real_keyring, open_log  # noqa: F401


@pytest.fixture
def home(tmp_path, monkeypatch):
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("PIAUDIT_HOME", str(h))
    return h


def _audit(home, data_dir, ids=None):
    ctx = engine.make_context([home], jobs=1, cache=False, data=data_dir)
    ctx.home = home
    return engine.audit(ctx, ids)


def test_keys_and_credentials_are_one_finding_each(home, data_dir):
    S.ssh_key(home / ".ssh" / "id_ed25519", "openssh")
    S.aws_credentials(home)
    result = _audit(home, data_dir, ["content", "stores.ssh", "stores.credentials"])
    by_file = Counter(f.file for f in result.findings if f.file)
    key, aws = str(home / ".ssh" / "id_ed25519"), str(home / ".aws" / "credentials")
    assert by_file[key] == 1 and by_file[aws] == 1, by_file
    kinds = {f.file: f.scanner for f in result.findings if f.file in (key, aws)}
    assert kinds == {key: "stores.ssh", aws: "stores.credentials"}
    # without the store scanners the file scan still reports the key (so it was counted
    # twice before stores claimed what they read)
    alone = _audit(home, data_dir, ["content"])
    assert key in {f.file for f in alone.findings}


def test_browser_databases_are_not_scanned_again_as_plain_files(home, data_dir):
    prof = B.chromium_profile(home)
    result = _audit(home, data_dir, ["content", "stores.chromium"])
    content = [f for f in result.findings if f.scanner == "content.files"
               and f.file and f.file.startswith(str(prof))]
    assert content == []
    assert any(f.scanner == "stores.chromium" for f in result.findings)


def test_redacted_copy_and_data_folder_are_not_new_exposure(home, data_dir, tmp_path):
    docs = home / "Documents"
    docs.mkdir()
    src = docs / "list.csv"
    src.write_text(f"姓名,身份证号\n张三,{ADULT_ID}\n", encoding="utf-8")
    (data_dir / "stray.txt").write_text(f"id {ADULT_ID}\n")  # inside piaudit's data folder
    log = open_log(data_dir)
    try:
        first = _audit(docs, data_dir, ["content"])
        sid = log.begin_scan([str(docs)], ["content.files"])
        log.add_findings(sid, first.findings)
        log_facts(log, sid, first.access)
        log.finish_scan(sid, first, score(first.findings))
        out = Remediator(log, sid, vault_dir=data_dir / "vault").run("redact", str(src),
                                                                    lambda p: True)
        assert out.done
        copy = docs / "list.redacted.csv"
        assert copy.exists()
        again = _audit(docs, data_dir, ["content"])
        assert not [f for f in again.findings if f.file == str(copy)]
        # once the user edits the copy it is a file like any other
        copy.write_text(copy.read_text(encoding="utf-8") + f"李四,{ADULT_ID}\n",
                        encoding="utf-8")
        edited = _audit(docs, data_dir, ["content"])
        assert [f for f in edited.findings if f.file == str(copy)]
    finally:
        log.close()
    wide = _audit(tmp_path, data_dir, ["content"])
    assert not [f for f in wide.findings if f.file and f.file.startswith(str(data_dir))]
