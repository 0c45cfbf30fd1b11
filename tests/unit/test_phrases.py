"""Store summaries carry a structured message: rendered in English it is the preview, in
Chinese it reads without English words, and every message id has both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

from scanners import engine
from scanners.system import phrases
from synth.homes import leaky_home, typical_home
from synth.people import Factory

CJK = re.compile(r"[\u3400-\u9fff]")
# words allowed in Chinese text: product, format and technical names
TECH = {"AWS", "Chrome", "Chromium", "Cookie", "SQLite", "IBAN", "DPAPI", "macOS", "gcloud",
        "Google", "Azure", "CLI", "openssh", "rsa", "ed25519", "git", "base64", "exec",
        "auth", "provider", "netrc", "npmrc", "pypirc", "Docker", "Podman", "v10", "v11",
        "v20", "Visa", "Mastercard", "UnionPay", "Amex", "pem", "pkcs8", "dsa", "ecdsa"}


def _english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", text) if w not in TECH}


def test_store_findings_render_in_both_languages(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    factory = Factory(7)
    typical_home(home, factory)
    leaky_home(home, factory)
    ctx = engine.make_context([home], jobs=1, use_cache=False, cache=False)
    ctx.home = home
    ctx.platform = "linux"
    result = engine.audit(ctx, ["stores"])
    stores = [f for f in result.findings if f.rule.startswith("stores.")]
    rules = {f.rule for f in stores}
    assert {"stores.credentials.aws", "stores.ssh.private_key", "stores.chromium.logins",
            "stores.chromium.history", "stores.chromium.cookies"} <= rules, rules
    for f in stores:
        raw = f.detail[phrases.DETAIL_KEY]
        parts = json.loads(raw)
        assert phrases.render(parts, "en") == f.preview
        zh = phrases.summary_text(f.detail, f.preview, "zh_CN")
        assert CJK.search(zh), (f.rule, zh)
        masked = re.sub(r"\([^)]*\)|（[^）]*）|~?/\S+|\S+@\S+|\S*•\S*", "", zh)
        assert not _english_words(masked), (f.rule, zh)
    aws = next(f for f in stores if f.rule == "stores.credentials.aws")
    assert aws.preview == "1 AWS secret key in plain text, mode 0644 (readable by every user)"
    assert phrases.summary_text(aws.detail, aws.preview, "zh") == (
        "1 个明文 AWS 秘密访问密钥，权限 0644（所有用户均可读取）")
    assert phrases.summary_text(aws.detail, aws.preview, "en") == aws.preview


def test_every_message_id_in_the_code_has_english_and_chinese():
    root = Path(__file__).resolve().parents[2] / "scanners"
    ids: set[str] = set()
    for py in root.rglob("*.py"):
        ids |= set(re.findall(r'\bsay\("([a-z0-9_.]+)"', py.read_text(encoding="utf-8")))
    assert len(ids) > 40
    table = phrases.templates()
    for mid in ids:
        assert mid in table and "en" in table[mid], mid
        if mid not in ("times", "text", "card.brand"):
            assert "zh" in table[mid], mid
    for mid, forms in table.items():
        zh = forms.get("zh", "")
        assert not re.search(r"[\u3400-\u9fff][,;:()]|[,;:(][\u3400-\u9fff]", zh), (mid, zh)


def test_an_unknown_id_or_broken_message_falls_back():
    assert phrases.render([{"id": "from.the.future", "args": {"n": 3}}], "zh") == "3"
    assert phrases.summary_text({"summary_msg": "not json"}, "preview", "zh") == "preview"
    assert phrases.summary_text({}, "preview", "zh") == "preview"
