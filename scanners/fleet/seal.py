"""The seal of a scan's JSON document: an HMAC keyed by the fleet key, so that a host result
edited after collection (a score lowered, a finding removed) is detected when merged.

Only a fleet key seals: a machine's own key is known to nobody else, so nobody could check.
The seal covers the whole document but its `seal` member, in one canonical form (keys
sorted, no spaces, ASCII escapes), so it does not depend on how the file was indented.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from scanners.detection.fingerprint_key import KeyInfo, key_id, seal_key

SEAL_ALG = "hmac-sha256"


class KeyedRedactor(Protocol):
    key_info: KeyInfo

    def key_bytes(self) -> bytes: ...


def canonical(doc: Mapping[str, Any]) -> bytes:
    """The bytes a seal is taken of: the document without its seal."""
    body = {k: v for k, v in doc.items() if k != "seal"}
    # NaN is allowed here so that sealing never fails a scan; a reader rejects a document
    # holding one (scanners.fleet.collect) before any seal is checked
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=True).encode("ascii")


def seal_value(doc: Mapping[str, Any], key: bytes) -> str:
    return hmac.new(seal_key(key), canonical(doc), hashlib.sha256).hexdigest()


def stamp_for(redactor: KeyedRedactor) -> Callable[[dict[str, object]], None]:
    """What `write_json` calls on the finished document: it records the key family and id,
    and seals the document when the key is a fleet key."""
    info, key = redactor.key_info, redactor.key_bytes()

    def stamp(doc: dict[str, object]) -> None:
        doc["fingerprint_key"] = info.to_dict()
        if info.family == "fleet":
            doc["seal"] = {"alg": SEAL_ALG, "key_id": info.key_id,
                           "value": seal_value(doc, key)}

    return stamp


def verify(doc: Mapping[str, Any], key: bytes) -> str | None:
    """None when `doc` carries a valid seal by `key`; else why not, in a few words."""
    seal = doc.get("seal")
    if not isinstance(seal, dict):
        return "it carries no seal (scanned without the fleet key, or the seal was removed)"
    if seal.get("alg") != SEAL_ALG or not isinstance(seal.get("value"), str):
        return "its seal is malformed"
    if seal.get("key_id") != key_id(key):
        return f"it is sealed by another key ({str(seal.get('key_id'))[:16]})"
    try:
        expected = seal_value(doc, key)
    except (TypeError, ValueError):
        return "its content cannot be put in canonical form"
    if not hmac.compare_digest(expected, seal["value"]):
        return "its seal does not match its content: it was changed after the scan"
    return None
