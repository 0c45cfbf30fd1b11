"""The credential files scanner (stores.credentials): one finding per file that
holds credentials, with how many, how they are protected and who may read the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from scanners.base import ScanCancelled, ScanContext
from scanners.model import Category, Finding, Severity
from scanners.sources.stores.common import (
    StoreFinding,
    display_path,
    make_finding,
    scan_error,
)
from scanners.sources.stores.credentials.history import history_detector, scan_history
from scanners.sources.stores.credentials.parsers import PARSERS
from scanners.sources.stores.credentials.reading import (
    config,
    decode_text,
    locations,
    mode_detail,
    read_capped,
    stat_file,
)
from scanners.system.phrases import say

CRED_ID = "stores.credentials"

# Kinds in the order they are reported; each has a parser (parsers.py) and a table in
# stores.toml.
KINDS = ("aws", "azure", "gcloud", "netrc", "git_credentials", "docker", "podman", "kube",
         "npmrc", "pypirc", "shell_history")


# ---------------------------------------------------------------------------- other files


class CredentialFilesScanner:
    """Files tools keep credentials in: how many, in plain text or through a helper."""

    id: ClassVar[str] = CRED_ID
    title: ClassVar[str] = "Credential files (cloud, registries, git, shell history)"
    rules: ClassVar[tuple[str, ...]] = tuple(f"{CRED_ID}.{k}" for k in KINDS)

    def applies(self, ctx: ScanContext) -> bool:
        if any(locations(ctx, k) for k in KINDS):
            return True
        ctx.unavailable(CRED_ID, "not-present", "no credential file of a known tool was found")
        return False

    def scan(self, ctx: ScanContext) -> Iterator[Finding]:
        cfg = config()
        max_bytes = int(cfg.get("max_bytes", 4 * 1024 * 1024))
        detector: Any | None = None
        for kind in KINDS:
            for path in locations(ctx, kind):
                ctx.check()
                try:
                    if kind == "shell_history":
                        if detector is None:
                            detector = history_detector(ctx)
                        f = self._history(ctx, path, int(cfg.get("history_bytes", 32 << 20)),
                                          detector or None)
                    else:
                        f = self._file(ctx, kind, path, max_bytes)
                except ScanCancelled:
                    raise
                except Exception as exc:  # the audit goes on past one bad file
                    ctx.error(scan_error(CRED_ID, str(path), exc))
                    continue
                if f is not None:
                    yield f

    def _file(self, ctx: ScanContext, kind: str, path: Path, limit: int) -> Finding | None:
        st = stat_file(path)
        raw = b"" if path.suffix == ".db" else read_capped(path, limit)[0]
        if path.suffix == ".db":
            read_capped(path, 16, tail=True)  # permission and type check before the copy
        parsed = PARSERS[kind](path, raw)
        if parsed.records == 0 and parsed.delegated == 0:
            return None
        protection = parsed.protection or ("plaintext" if parsed.records else "keyring")
        severity = parsed.severity or (Severity.HIGH if parsed.records else Severity.INFO)
        detail = mode_detail(st)
        detail.update(parsed.detail)
        detail["path"] = display_path(ctx, path)
        detail["delegated"] = str(parsed.delegated)
        summary = parsed.summary
        if parsed.records and detail["world_readable"] == "yes":
            summary += say("mode.everyone", mode=detail["mode"])
        sf = StoreFinding(f"stores.credentials.{kind}", Category.CREDENTIAL, severity,
                          str(path), summary, parsed.records, protection, file=str(path))
        return make_finding(ctx, CRED_ID, sf, detail)

    def _history(self, ctx: ScanContext, path: Path, limit: int,
                 detector: Any | None) -> Finding | None:
        st = stat_file(path)
        raw, truncated = read_capped(path, limit, tail=True)
        text = decode_text(raw, lenient=True)
        if truncated:  # the first line may be cut in the middle
            text = text.split("\n", 1)[-1]
        res = scan_history(ctx, text, detector)
        if res.hits == 0:
            return None
        samples = [k for k, _ in res.kinds.most_common(3)]
        detail = mode_detail(st)
        detail.update({
            "kind": "shell_history", "path": display_path(ctx, path),
            "commands": str(res.lines), "lines_with_secrets": str(res.hits),
            "kinds": ", ".join(f"{k}: {n}" for k, n in res.kinds.most_common(8)),
            "truncated": "yes" if truncated else "no",
        })
        summary = say("cred.history", n=res.hits, samples="; ".join(samples))
        sf = StoreFinding("stores.credentials.shell_history", Category.CREDENTIAL,
                          Severity.HIGH, str(path), summary, res.hits, "plaintext",
                          file=str(path))
        return make_finding(ctx, CRED_ID, sf, detail)
