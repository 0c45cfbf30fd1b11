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


# --- shapes added from other scanners' test suites (gitleaks, detect-secrets) ---------------

def _discord(rng: random.Random, snowflake: int) -> str:
    import base64

    head = base64.urlsafe_b64encode(str(snowflake).encode()).decode().rstrip("=")
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return (head + "." + "".join(rng.choice(alnum) for _ in range(6)) + "."
            + "".join(rng.choice(alnum + "_-") for _ in range(27)))


def test_discord_tokens_are_told_by_the_account_id_they_carry() -> None:
    rng = random.Random(3)
    for _ in range(20):
        token = _discord(rng, rng.randint(10**16, 2 * 10**19))
        assert _found(f"DISCORD_TOKEN={token}\n") == [
            ("credential.discord_token", token, Severity.HIGH, "Discord")]
    # the same shape whose first part is not a number in base64, or a typed signature
    assert _found("MZ1yGvKTjE0rY0cV8i47CjAa.uRHQPq.Xb1Mk2nEhe-4iUcrGOuegj57zMC\n") == []
    fake = _discord(rng, 198622483471925248).rsplit(".", 1)[0] + "." + "x" * 27
    assert _found(f"token = {fake}\n") == []


@pytest.mark.parametrize(("text", "service", "severity"), [
    ("const bot = new Telegraf(\"03960122:Agx42hqsm0l0k5ksdo47v1a49pcn1v0ij3a\")", "Telegram",
     Severity.HIGH),
    ("SQUARE_TOKEN=EAAAmEdeLmE9hoFsCMzRGPhyrTiSKdtx0rtBaOHi6JCTRoHSJlsnP15ioaqws_i6", "Square",
     Severity.HIGH),
    ("TWILIO_KEY_SID=SK56de274e1f13155ee27f57a6d58c3ee6", "Twilio API key SID", Severity.MEDIUM),
    ("<value>~Gg8Q~nVhlLi2vpg_nXBGqFsbGK-t~Hus1JmTa0y</value>", "Microsoft Entra ID",
     Severity.HIGH),
    ("AIVEN_PASSWORD=AVNS_LaGqz39AC", "Aiven", Severity.HIGH),
])
def test_more_service_shapes(text: str, service: str, severity: Severity) -> None:
    [(rule, _, got, named)] = _found(text + "\n")
    assert (rule, named, got) == ("credential.service_token", service, severity)


def test_an_entra_shape_inside_a_longer_run_is_not_a_secret() -> None:
    text = ('Identity="USK@u2vn3Lh6Kte2-TgBSNKorbsKkuAt34ckoLmgx0ndXO0,4~q8Q~3wIHjX9DT0yCNfQmr9ox'
            'mYrDZoQVLOdNg~yk0,AQACAAE/WebOfTrustRC2/2"\n')
    assert _found(text) == []


def test_a_value_ends_at_a_written_line_break() -> None:
    """A config file inside a JSON string: `\\n` is the end of the value, not part of it."""
    for name, value in (("ATLASSIAN_TOKEN", "2tvhv4ta4kcqxlo0k2ll35f3"),
                        ("GENERIC_TOKEN", "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"),
                        ("DB_PASSWORD", "Walnut.wren600")):
        text = '{"config.ini": "' + name + "=" + value + '\\nBACKUP_ENABLED=true"}\n'
        found = [(r, v) for r, v, _, _ in _found(text)]
        assert len(found) == 1 and found[0][1] == value, (text, found)
    # a value that is code with an escape stays code
    assert _found('api_key=re.compile("\\\\d+\\\\n")\n') == []


def test_a_dotted_value_with_a_generated_part_is_not_code() -> None:
    [(rule, value, _, _)] = _found("VAULT_TOKEN=s.wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx\n")
    assert (rule, value) == ("credential.secret_assignment",
                             "s.wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx")
    assert _found("api_token = settings.API_TOKEN_VALUE\n") == []


def test_stripe_prod_keys() -> None:
    key = "sk_prod_zPBU3a9YBG2hb9brhCujbyy0WlzdQAvjuRQjYowXNEXE1Q6k"
    [m] = [m for m in DETECTOR.detect(f"STRIPE={key}\n") if m.rule.id == "financial.stripe_key"]
    assert m.severity is Severity.CRITICAL and m.detail["mode"] == "live"
