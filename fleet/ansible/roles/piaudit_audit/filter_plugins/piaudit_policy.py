"""The policy a host scans by: the administrator's policy with the play's own outputs.

Runs on the controller (a filter is evaluated there), before anything reaches a host:

    {{ policy_text | piaudit_host_policy(json_path, ocsf_path, name) }}

returns {"text": the host's policy, "roots": the policy names roots, "all_users": its
scan.all_users or None, "fail_above": its threshold or None}. The policy's own [output]
table is replaced by two outputs in the play's work folder (the JSON document that
`piaudit fleet` merges and the OCSF lines), so that the play knows what to fetch; every
other key stays as written and piaudit checks it on the host.

A policy that asks to reveal full values is refused here, whatever the key is called or
wherever it sits: the play brings masked previews and keyed fingerprints off a host, nothing
else. (`piaudit scan` has no such option today and would reject the key as unknown; the
refusal here keeps that true if one is ever added.)
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any


class PolicyRefused(ValueError):
    """A policy the play will not send to a host (Ansible reports it as the filter's
    failure, with this message)."""

_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_\-]+)\s*\]\s*(#.*)?$")


def _reveal_keys(data: Any, prefix: str = "") -> list[str]:
    """Dotted keys, at any depth, whose name asks to reveal (or to show values in full)."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            dotted = f"{prefix}{key}"
            if re.search(r"reveal|unmask|full_value", str(key), re.IGNORECASE):
                found.append(dotted)
            found.extend(_reveal_keys(value, dotted + "."))
    elif isinstance(data, list):
        for item in data:
            found.extend(_reveal_keys(item, prefix))
    return found


def _pattern(path: str) -> str:
    """`path` as a TOML basic string that piaudit reads back as the same literal path
    (output paths are str.format patterns: braces doubled)."""
    return json.dumps(path.replace("{", "{{").replace("}", "}}"), ensure_ascii=True)


def _without_output_table(text: str) -> str:
    kept: list[str] = []
    in_output = False
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            in_output = header.group(1) == "output"
        if not in_output:
            kept.append(line)
    return "\n".join(kept).rstrip("\n") + "\n"


def piaudit_host_policy(text: str, json_path: str, ocsf_path: str,
                        name: str = "policy") -> dict[str, Any]:
    try:
        data = tomllib.loads(str(text))
    except tomllib.TOMLDecodeError as exc:
        raise PolicyRefused(f"{name}: not valid TOML: {exc}") from None
    reveal = _reveal_keys(data)
    if reveal:
        raise PolicyRefused(
            f"{name} asks to reveal full values ({', '.join(reveal)}): the fleet play never"
            " brings a full value off a host; remove the key")
    ours = {"json": json_path, "ocsf": ocsf_path}
    host_text = (_without_output_table(str(text))
                 + "\n# Written by the fleet play: the outputs it fetches.\n[output]\n"
                 + "".join(f"{fmt} = {_pattern(path)}\n" for fmt, path in ours.items()))
    try:
        written = tomllib.loads(host_text)
    except tomllib.TOMLDecodeError as exc:  # e.g. `output.json = ...` outside a table
        raise PolicyRefused(
            f"{name}: write its outputs as an [output] table (the play replaces it): {exc}"
        ) from None
    if {k: v.replace("{{", "{").replace("}}", "}") for k, v in written["output"].items()} != ours:
        raise PolicyRefused(f"{name}: its outputs could not be replaced by the play's")
    scan = data.get("scan") if isinstance(data.get("scan"), dict) else {}
    thresholds = data.get("thresholds") if isinstance(data.get("thresholds"), dict) else {}
    return {"text": host_text, "roots": bool(scan.get("roots")),
            "all_users": scan.get("all_users"), "fail_above": thresholds.get("fail_above")}


class FilterModule:
    """Ansible's entry point for the role's filters."""

    def filters(self) -> dict[str, Any]:
        return {"piaudit_host_policy": piaudit_host_policy}
