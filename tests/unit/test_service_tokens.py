"""credential.service_token: online services' tokens found by their shape, named by their
service, refused when typed by hand, and reported once (not again by the secret rule)."""

from __future__ import annotations

import random

import pytest

from scanners.detection.detect import Detector
from scanners.detection.rules import load_rules
from scanners.detection.validators.credential import secret_value, service_token
from scanners.model import Severity
from synth.labelled_secrets import service_tokens

DETECTOR = Detector(load_rules())


def _found(text: str) -> list[tuple[str, str, Severity, str]]:
    return [(m.rule.id, m.value, m.severity, m.detail.get("service", ""))
            for m in DETECTOR.detect(text) if m.rule.id.startswith("credential.")]


SERVICES = ["OpenAI", "OpenAI", "sk- API key (OpenAI-compatible)", "Anthropic", "Hugging Face",
            "npm", "PyPI", "Docker Hub", "SendGrid", "Square", "Shopify", "DigitalOcean",
            "HashiCorp Vault", "Google OAuth", "Grafana", "Mailchimp", "Telegram",
            "Microsoft Entra ID", "DingTalk", "Feishu", "WeCom"]


def test_each_service_is_named() -> None:
    for seed in range(5):
        tokens = service_tokens(random.Random(seed))
        assert len(tokens) == len(SERVICES)
        for token, service in zip(tokens, SERVICES, strict=True):
            [(rule, value, severity, named)] = _found(f"KEY={token}\n")
            assert (rule, value, named) == ("credential.service_token", token, service)
            assert severity is Severity.HIGH


@pytest.mark.parametrize("text", [
    "OPENAI_API_KEY=sk-proj-" + "x" * 40 + "T3BlbkFJ" + "x" * 40,
    "OPENAI_API_KEY=sk-abcdefghijklmnopqrstuvwxyz0123456789",
    "HF_TOKEN=hf_YourHuggingFaceTokenGoesHereAbCdEfG",
    "NPM_TOKEN=npm_" + "0" * 36,
    "https://oapi.dingtalk.com/robot/send?access_token=" + "0123456789abcdef" * 4,
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000",
    "TELEGRAM=123456789:AA" + "A" * 33,
    "the disk-87e678a8c84c0be2876f4294e175c59f label",
])
def test_typed_by_hand_is_no_token(text: str) -> None:
    assert [f for f in _found(text + "\n") if f[0] == "credential.service_token"] == []


def test_short_lived_and_test_index_tokens_are_medium() -> None:
    r = random.Random(5)
    body = "".join(r.choice("abcdefghijkLMNOPQRS0123456789_-") for _ in range(160))
    [(_, _, severity, named)] = _found(f"Authorization: Bearer ya29.{body}\n")
    assert (severity, named) == (Severity.MEDIUM, "Google OAuth")
    test_pypi = "pypi-AgENdGVzdC5weXBpLm9yZw" + body[:120]
    [(_, _, severity, named)] = _found(f"password = {test_pypi}\n")
    assert (severity, named) == (Severity.MEDIUM, "TestPyPI")


def test_the_secret_rule_leaves_service_tokens_alone() -> None:
    for token in service_tokens(random.Random(9)):
        assert service_token(token) is not None
        if "://" not in token:
            assert secret_value(token) is None, token
    found = _found("OPENAI_API_KEY=sk-87e678a8c84c0be2876f4294e175c59f\n")
    assert [f[0] for f in found] == ["credential.service_token"]


@pytest.mark.parametrize(("text", "found"), [
    ('GITHUB_TOKEN = "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"', True),
    ('atlassianToken = "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"', True),
    ("AccountKey=lJzRc1YdHaAA2KCNJJ1tkYwF/+mKK6Ygw0NGe170Xu592euJv2wYUtBlV8z+qnlcNQSnIYVTkLWn"
     "tUO1F8j8rQ==", True),
    ('"NextToken": "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"', False),
    ('publicToken = "9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit"', False),
    ('max_tokens = "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"', False),
    ('private_key "some/dir/aint/a/secret";', False),
    ('<assemblyIdentity publicKeyToken="1fc8b3b9a1e18e3b"></assemblyIdentity>', False),
    ('syn match javaccSpecToken ".LOOKAHEAD("ms=s+1,me=e-1', False),
    ('vault_token_2: Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB', True),
    # a secret that merely starts like a service's token, or holds a colon where a Telegram
    # token has one, is still the secret rule's
    ('api_key = "abcdef:Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"', True),
    ('client_secret = "sk-Zf3D0LXC_M3EIMbgJpUNnkRtOfOueHznB"', True),
    ('app_secret = "bot9Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"', True),
    ('telegram_api_token = "<xsd:element name="Agency" type="clm62312:AgencyType"/>"', False),
])
def test_secrets_under_token_names(text: str, found: bool) -> None:
    rules = [f[0] for f in _found(text + "\n")]
    assert ("credential.secret_assignment" in rules) is found, rules
