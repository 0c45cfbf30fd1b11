"""Credential validators (`resources/rules/credential.toml`): vendor tokens,
cloud keys, JWTs, private keys (PEM), password values and passwords in URLs.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import itertools
import json
import re
from collections.abc import Callable
from urllib.parse import unquote

from scanners.detection.validators.common import (
    DIGITS,
    OK,
    TEST_DATA,
    Verdict,
    looks_random,
    patterned,
    published_examples,
    split_words,
)
from scanners.detection.validators.placeholder import (
    example_stem,
    made_up,
    placeholder,
    placeholder_words,
    run_coverage,
    vocabulary,
)
from scanners.model import Severity

# Vendor prefixes of generated tokens: what follows is the random body.
_PREFIX_END = ("github_pat_", "GR1348941")


def _token_body(value: str) -> str:
    for prefix in _PREFIX_END:
        if value.startswith(prefix):
            return value[len(prefix) :]
    if value.startswith("gl"):  # glpat-, gldt-, glptt- ...
        return value[value.find("-") + 1 :]
    return value[4:]  # ghp_, gho_ ...; AIza, LTAI, AKID


def token(value: str) -> Verdict | None:
    """A vendor-prefixed token: the body must look random, not a placeholder or typed by hand
    (`AIzaSyABCDEFGHIJKLMNOPQRSTUVWXYZ...`, `ghp_xxxx...`, `...YourTokenHere`)."""
    body = _token_body(value)
    if not looks_random(body) or made_up(body):
        return None
    if value in published_examples():
        return TEST_DATA  # the Firebase samples' Google API keys
    return OK


_AWS_EXAMPLES = frozenset(
    ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAI44QH8DHBEXAMPLE")
)


def aws_key(value: str) -> Verdict | None:
    if value in _AWS_EXAMPLES or "EXAMPLE" in value:
        return TEST_DATA  # AWS's documentation keys (AKIAIOSFODNN7EXAMPLE, ...)
    body = value[4:]
    if not looks_random(body, 1) or made_up(body):  # base-32 bodies may be all letters
        return None
    return OK


def aws_secret(value: str) -> Verdict | None:
    if value in _AWS_EXAMPLES or value.endswith("EXAMPLEKEY"):
        return TEST_DATA
    if not looks_random(value, 3) or made_up(value):
        return None
    # 40 hex characters are a sha1 / git commit, not an AWS secret.
    if all(c in "0123456789abcdefABCDEF" for c in value):
        return None
    return OK


# Online services' generated tokens (`credential.service_token`), by how each one begins:
# the service, and where its random part starts (after the prefix, or after a separator).
# Longest prefix first: "sk-ant-" is Anthropic's, the other "sk-" keys OpenAI's.
_SERVICES: tuple[tuple[str, str], ...] = (
    ("sk-ant-", "Anthropic"), ("sk-", "OpenAI"),
    ("hf_", "Hugging Face"), ("api_org_", "Hugging Face"),
    ("npm_", "npm"), ("pypi-AgENdGVzdC5weXBpLm9yZw", "TestPyPI"), ("pypi-", "PyPI"),
    ("dckr_pat_", "Docker Hub"), ("dckr_oat_", "Docker Hub"),
    ("SG.", "SendGrid"), ("sq0atp-", "Square"), ("sq0csp-", "Square"),
    ("shpss_", "Shopify"), ("shpat_", "Shopify"), ("shpca_", "Shopify"), ("shppa_", "Shopify"),
    ("dop_v1_", "DigitalOcean"), ("doo_v1_", "DigitalOcean"), ("dor_v1_", "DigitalOcean"),
    ("hvs.", "HashiCorp Vault"), ("hvb.", "HashiCorp Vault"),
    ("ATATT3", "Atlassian"), ("GOCSPX-", "Google OAuth"), ("ya29.", "Google OAuth"),
    ("glsa_", "Grafana"), ("glc_", "Grafana"), ("eyJrIjoi", "Grafana"), ("AVNS_", "Aiven"),
)
# Webhook addresses whose last part is the secret: whoever has the URL posts as the robot.
_WEBHOOKS: tuple[tuple[str, str], ...] = (
    ("oapi.dingtalk.com/robot/send?access_token=", "DingTalk"),
    ("open.feishu.cn/open-apis/bot/v2/hook/", "Feishu"),
    ("open.larksuite.com/open-apis/bot/v2/hook/", "Lark"),
    ("qyapi.weixin.qq.com/cgi-bin/webhook/send?key=", "WeCom"),
)
# Tokens that are secrets but weaker ones: a test index's upload token, an OAuth access
# token that lapses within the hour.
_LESSER = {"TestPyPI": Severity.MEDIUM, "Twilio API key SID": Severity.MEDIUM}
_SHORTEST = {"Aiven": 8}  # (Aiven's generated service passwords: 8 to 24 characters)
_SHORT_LIVED = ("ya29.",)


# The tokens known by their whole shape, not a prefix (the rule's own alternatives): the
# secret rule asks `service_token` about any value after a key, which these must not take for
# a service's ("abcdef:Zf3D0LXC..." is no Telegram token, "sk-" + anything no model API key).
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?:bot)?[0-9]{5,16}:A([\w\-]{34})"), "Telegram"),
    (re.compile(r"([0-9a-f]{32})-us[0-9]{1,2}"), "Mailchimp"),
    (re.compile(r"[\w.~]{3}[0-9]Q~([\w~.\-]{31,34})"), "Microsoft Entra ID"),
    # Square's production access token (EAAA and 60); a Twilio API key's SID (SK and 32 hex:
    # the key's name, its secret usually beside it: medium)
    (re.compile(r"EAAA([\w\-]{60})"), "Square"),
    (re.compile(r"SK([0-9a-fA-F]{32})"), "Twilio API key SID"),
)
_SK_KEY = re.compile(r"sk-([A-Za-z0-9]{32,64})")


def _service(value: str) -> tuple[str, str] | None:
    """(service, the token's random part) for a `credential.service_token` value."""
    for host, name in _WEBHOOKS:
        i = value.find(host)
        if i >= 0:
            return name, value[i + len(host):].replace("-", "")
    for prefix, name in _SERVICES:
        if value.startswith(prefix):
            if name == "OpenAI" and "T3BlbkFJ" not in value:
                # sk- and 32-64 letters and digits: the key shape OpenAI's API made common
                # (DeepSeek, Qwen's DashScope, Moonshot and others issue it); OpenAI's own
                # carry "T3BlbkFJ"
                sk = _SK_KEY.fullmatch(value)
                return ("sk- API key (OpenAI-compatible)", sk.group(1)) if sk else None
            return name, value[len(prefix):]
    for shape, name in _SHAPES:
        m = shape.fullmatch(value)
        if m is not None:
            return name, m.group(1)
    return None


def service_token(value: str) -> Verdict | None:
    """A token of an online service (OpenAI, Anthropic, Hugging Face, npm, PyPI, Docker
    Hub ...; `_SERVICES`) or a chat robot's webhook (DingTalk, Feishu, WeCom): its random
    part must look random, not typed by hand. Detail `service` names the service."""
    found = _service(value)
    if found is None:
        return None
    name, body = found
    hexed = all(c in "0123456789abcdefABCDEF" for c in body)  # (one class may be all)
    if len(body) < _SHORTEST.get(name, 16) or made_up(body):
        return None
    if not hexed and not looks_random(body):
        return None
    severity = Severity.MEDIUM if value.startswith(_SHORT_LIVED) else _LESSER.get(name)
    return Verdict(severity=severity, detail={"service": name})


def discord_token(value: str) -> Verdict | None:
    """A Discord token: the account's id (a 17-20 digit snowflake) in base64, a timestamp,
    and a signature that must look random."""
    if value[:1] not in "MNO" or value.count(".") != 2:
        return None  # (the secret rule asks about every value after a key: cheaply refused)
    head, _, rest = value.partition(".")
    signature = rest.partition(".")[2]
    raw = _b64url_decode(head)
    if raw is None or not 17 <= len(raw) <= 20 or not raw.isdigit():
        return None
    if not looks_random(signature) or made_up(signature):
        return None
    return Verdict(detail={"service": "Discord"})


_SLACK_WEBHOOK = "hooks.slack.com/"


def slack_token(value: str) -> Verdict | None:
    """Slack tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxo-, xoxe-, xoxe.xoxp-, xapp-) and
    webhook URLs (services, workflows, triggers; http or https, with or without a scheme).

    The secret is the last dash-separated group (the URL's last path segment): it must look
    random. Numeric id groups typed by hand (`1234`, `0000`), a secret masked out
    (`...-####`), placeholder words (`...TokenHere`, `not-a-real`) and counting runs
    (`12345-abcd234`) are refused."""
    i = value.find(_SLACK_WEBHOOK)
    if i >= 0:
        path = value[i + len(_SLACK_WEBHOOK) :]
        kind, _, rest = path.partition("/")
        secret = rest.rsplit("/", 1)[-1]
        if len(secret) < 16 or not looks_random(secret) or made_up(rest):
            return None
        return Verdict(detail={"type": "webhook" if kind == "services" else kind.rstrip("s")})
    body = value[value.find("-") + 1 :]
    if not body or body.endswith("-") or not any(c in DIGITS for c in body):
        return None  # the secret part is cut off (masked with #### or ***) or all words
    groups = body.split("-")
    secret = groups[-1]
    for g in groups[:-1]:
        if len(g) >= 4 and g.isdigit() and run_coverage(g) == 1.0:
            return None  # an id typed by hand: 1234, 00000, 123456789
    if len(secret) < 6 or placeholder_words(body) or made_up(secret):
        return None
    if len(secret) >= 10 and not looks_random(secret):
        return None
    kind = "app" if value.startswith("xapp") else "config" if value.startswith("xoxe") else "token"
    return Verdict(detail={"type": kind})


def _b64url_decode(part: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        return None


def jwt(value: str) -> Verdict | None:
    """Three base64url parts; the header decodes to a JSON object with "alg"."""
    header = value.split(".", 1)[0]
    raw = _b64url_decode(header)
    if raw is None:
        return None
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(obj, dict) or "alg" not in obj:
        return None
    alg = str(obj["alg"])[:16]
    if _example_claims(value):
        return Verdict(severity=Severity.LOW, detail={"alg": alg, "test_data": "yes"})
    return Verdict(detail={"alg": alg})


def _example_claims(value: str) -> bool:
    """The payload of documentation's tokens (jwt.io's): a subject typed by hand
    ("1234567890") or a placeholder person ("John Doe")."""
    parts = value.split(".")
    raw = _b64url_decode(parts[1]) if len(parts) > 1 else None
    if not raw:
        return False
    try:
        claims = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return False
    if not isinstance(claims, dict):
        return False
    sub = str(claims.get("sub", ""))
    if str(claims.get("name", "")).lower() in ("john doe", "jane doe"):
        return True
    typed = len(sub) >= 6 and sub.isdigit() and run_coverage(sub) == 1.0
    return bool(sub) and (typed or placeholder_words(sub))


_PEM_PROTECTED = Verdict(severity=Severity.MEDIUM, detail={"protected": "yes"})


# How much of a key's body the rule's pattern takes (resources/rules/credential.toml)
_PEM_BODY_SHOWN = 100
CUT_SHORT_KEY = "a key cut short after a few characters (documentation's example)"


def private_key(value: str) -> Verdict | None:
    """PEM / OpenSSH private key header (+ start of body): protected by a passphrase or not."""
    head_end = value.find("-----", 11)
    if head_end < 0:
        return None
    header = value[11:head_end]  # after "-----BEGIN "
    body = value[head_end + 5 :].lstrip(" \t\r\n\\nr")
    kind = header.replace("PRIVATE KEY", "").replace("BLOCK", "").strip().lower() or "pkcs8"
    if "ENCRYPTED" in header or (body.startswith("Proc-Type") and "ENCRYPTED" in body):
        return Verdict(severity=Severity.MEDIUM, detail={"protected": "yes", "type": kind})
    if len(body) < 20:
        return None  # a header without a key body: code or docs that mention the format
    glued = value[head_end + 5 : head_end + 6] not in ("", " ", "\t", "\r", "\n", "\\")
    if glued and len(body) < _PEM_BODY_SHOWN and kind != "openssh":
        # the header, a piece of body on the same line and the text goes on: a docstring's
        # "e.g. `-----BEGIN RSA PRIVATE KEY-----MIIEpQIBAAK...`" (a key pasted on one line
        # runs on for a thousand characters)
        return Verdict(severity=Severity.LOW,
                       detail={"protected": "no", "type": kind, "example": CUT_SHORT_KEY})
    if kind == "openssh":
        raw = _b64_prefix(body)
        if raw is None or not raw.startswith(b"openssh-key-v1\0"):
            return None
        n = int.from_bytes(raw[15:19], "big")
        cipher = raw[19 : 19 + n]
        if n == 4 and cipher == b"none":
            return Verdict(detail={"protected": "no", "type": kind})
        return Verdict(severity=Severity.MEDIUM, detail={"protected": "yes", "type": kind})
    if kind == "pgp":
        return Verdict(severity=Severity.HIGH, detail={"protected": "unknown", "type": kind})
    return Verdict(detail={"protected": "no", "type": kind})


def _b64_prefix(body: str) -> bytes | None:
    chunk = body[: len(body) - len(body) % 4][:64]
    try:
        return base64.b64decode(chunk, validate=True)
    except (binascii.Error, ValueError):
        return None


_DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
# Code identifiers: snake_case ("key_password", "user_pass") and CONSTANT_CASE names.
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9]*(?:_[a-z0-9]+)+_?|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
# Code after the label: a call or a subscript ("get_password()", "os.environ['X']",
# "request.json_body['hey']", "foo(hey)you", "@Value(...)").
_CODE = re.compile(
    r"@?[A-Za-z_][\w.]*[(\[]"
    # Perl and PHP variables used as objects or containers ("$ftp->pwd", "$self->{x}",
    # "$cfg['pw']", "$Foo::pass"), and Vim script's scoped names ("s:hup[host].passwd")
    r"|[$@%][A-Za-z_]\w*(?:->|::|\{[+\w'\"]+\}|\[['\"\w$]+\])|[sgbwtlav]:[a-z_][a-z0-9_]{3,}[(\[.]"
)
# Code after a secret's name (minified JavaScript, C++, Python), told from a generated
# password, which holds the same symbols at random: each sign is anchored on a name (three
# letters or more, a keyword) or sits where only code puts it. Of 40,000 random and
# word-plus-symbol passwords, 0.2% are taken for code (tests/unit/test_accuracy_secrets.py
# keeps it under 0.5%).
_CODE_SIGNS = re.compile(
    r"""^(?:==|!!|!\([A-Za-z_]|\+\(|\{\*\*)               # ==e.type, !!x, !(a, +(R, {**c
    | ^\{[a-z_][a-z0-9_]{2,}(?:\[(?:['"]|$)|\()           # a template's expression: {params["
    | ^:[A-Za-z]+:                                        # a Sphinx role: :class:`x`
    | ^:[A-Z][a-z]+[A-Z]\w*[<>(]                          # a scope's end: (Pass:):Concept<T>(
    | ^\[\^?(?:[A-Za-z0-9]-[A-Za-z0-9]|\\[dws])           # a regex's class: [a-zA-Z0-9/_+=.@-]+
    | (?:\|\||&&|===|\]=|\)\(|\}\))$                      # ends in an operator: r.pass||, 26]=
    | [A-Za-z_]{3}(?:::|->)[A-Za-z_]{3}                   # a scope, a member: Kind::Default
    | [}\])](?:=|\}+|\))\s*(?:this|let|var|await|new|return|function|null|void)\b
    """,
    re.VERBOSE,
)
# A literal's end without its start: `{"api-key": self.api_key}`, `credentials}}`.
_CLOSED_NAME = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\}+")
_FLOAT = re.compile(r"[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)")
# A secret masked with a run of dashes, dots or underscores ("87XpT------------------A")
_MASK_RUN = re.compile(r"-{4,}|_{4,}|\.{4,}|…")
_HEX_NUMBER = re.compile(r"0[xX][0-9A-Fa-f]+")
_DOTTED_WORDS = re.compile(r"[A-Za-z_]\w{2}\.[A-Za-z_]\w{2}")  # QtCore.QByteArray
# A union of types (`passPhrase: QtCore.QByteArray|bytes|bytearray|memoryview`).
_UNION = re.compile(r"[A-Za-z_]\w{2,}(?:\.[A-Za-z_]\w*)*(?:\|[A-Za-z_]\w{2,}(?:\.[A-Za-z_]\w*)*)+")
# The start of code: a member of the object at hand, Epydoc's markup (L{bytes}, C{str}), a
# template's field ({apiKey}&lg=...), an assignment to a dotted name (g.headers.auth=...).
_CODE_START = re.compile(
    r"\{[A-Za-z_$][\w$]*:"  # an object literal: {type:Boolean,default:!1}
    r"|!(?:this\.)?[A-Za-z_$][\w$.]*;?$"  # a logical not: !this.showPassword
    r"|_[A-Za-z]\w*\$[A-Za-z_]\w*$|\w+\}="  # a compiler's temporary (_ref$x), a
    # destructuring (l}=n.value)
    r"|[A-Z]\w*>\("  # a generic's default type: DerivativeToken>(originToken:
    r"|(?:hash|btree|lmdb|cdb|texthash|proxy|regexp|pcre):/"  # a Postfix lookup table
    r"|\w+(?:==|!=)\w"  # a comparison: grantType==refresh_token
    r"|(?:self|this|cls)\.|[BCEILMSUX]\{[A-Za-z_][\w.]*\}$|\{\w*\}(?:&|$)"
    r"|\+[A-Za-z_$]+$"  # a unary plus on a name: "dollarToken = +dollarToken;"
    r"|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+\?"  # a ternary on a member: e.withCredentials?
    r"|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\.[A-Za-z_$][\w$]{3,}="
    r"|\.[a-z_][a-z0-9_]{3,}\(")  # (a call on what came before: ".format(")


def _code_value(v: str) -> bool:
    """A value that is code, not a secret: an operator, comparison, scope or member access
    beside a name, a regex's character class ("[a-zA-Z0-9/_+=.@-]+"), a hex number, a
    literal's closing brace after a name (`reka_api_key}`), a member of self/this, markup or a
    template field, a union of types, a host name (`www.google.com/`)."""
    if _CODE_SIGNS.search(v) is not None or v.startswith("www."):
        return True
    return (_CLOSED_NAME.fullmatch(v) is not None or _HEX_NUMBER.fullmatch(v) is not None
            or _CODE_START.match(v) is not None
            or ("|" in v and (v.count("|") >= 2 or _DOTTED_WORDS.search(v) is not None)
                and _UNION.fullmatch(v) is not None))


# A path that starts with a variable ("$dir/private/cakey.pem", "${HOME}/.pw", "%APPDATA%\x").
_VARIABLE_PATH = re.compile(r"(?:\$\{?(?:[a-z_][a-z0-9_]*|[A-Z_][A-Z0-9_]*)\}?|%\w+%|~)[/\\]")
# A relative path of lower-case words ("some/dir/aint/a/secret": where a key is kept) or the
# opening of a markup tag ("<xsd:element name="): no generated key or chosen password.
_WORD_PATH = re.compile(r"[a-z_.\-]+(?:/[a-z_.\-]+){2,}")
_TAG_OPENING = re.compile(r"<[A-Za-z_][\w.\-]*:?[\w.\-]*(?:\s|/?>|$)")
# A string literal spelled as escapes ("\x6d\x61\x73..."): C and Python write bytes so.
_ESCAPE = re.compile(r"\\x([0-9A-Fa-f]{2})")
# A password name assigned again inside the value ("password=pw=x") or a debugger's argument
# ("ownerPassword@entry=0x1165830" in a gdb backtrace).
_CHAINED = re.compile(r"\w+@entry=|\w*(?:pass|pwd)\w*=", re.IGNORECASE)
_FILE_NAME = re.compile(
    r"[\w\-.]*\.(?:c|h|cc|cpp|hpp|cxx|py|pyc|js|mjs|ts|go|rs|java|rb|php|pl|pm|lua|sh|bash|"
    r"bat|ps1|json|xml|ya?ml|toml|ini|cfg|conf|txt|md|rst|html?|css|pem|key|crt|cer|der|csr|"
    r"p12|pfx|jks|kdbx|gpg|asc|sig|db|sqlite|log|csv|gz|zip|tar|bz2|xz|bak|tmp|pdf|docx?|"
    r"png|jpe?g|gif|svg|sql|env|lock|in|am|ac|mk|so|o|a|dll|exe|1|3|5|8|texi|info|po)",
    re.IGNORECASE,
)
# Stored password hashes (crypt, LDAP, Django): not the password itself.
_HASH_PREFIXES = ("$1$", "$2a$", "$2b$", "$2y$", "$5$", "$6$", "$y$", "$argon2", "$pbkdf2",
                  "{ssha}", "{sha}", "{crypt}", "{bcrypt}", "{md5}", "pbkdf2_", "bcrypt$",
                  "sha1$", "md5$", "argon2$")
# Words that make a quoted value with spaces a sentence of a user interface or of
# documentation ("Invalid password!", "Enter your password"), not a passphrase.
_PROSE = frozenset(
    split_words("""password passwords passwd passphrase secret token key enter please invalid
    incorrect wrong must should your required characters least confirm forgot failed error
    login username minimum maximum match empty""")
)
_FIELD = re.compile(r"[A-Za-z_]+")
_NUMBERISH = frozenset("0123456789.,:-/+ ")
_EMAIL_SHAPE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}")


def _secret_shaped(v: str) -> bool:
    """Whether a value after a password label looks like a secret someone chose or generated,
    not a word, a name, a file name, a path, code or a placeholder.

    Accepted: two or more character classes (letters with digits or symbols: "Summer2024!",
    "huaxin2024", "r0sebud", "correct horse!"), or six or more digits that are not a counting
    or repeated run (a PIN). Refused: letters alone ("New", "Jim", "sekrit", "coyote", "top
    secret": in documentation, changelogs and code a lone word after "password:" is prose, a
    name or a variable), identifiers ("key_password"), file names ("passphrase.c"), paths
    ("/Users/me"), numbers, dates and versions ("1.2.3"), e-mail addresses, example stems with
    a number ("test123"), and phrases of three or more words ("not-a-real-password").
    """
    core = v.rstrip(".,:;").replace("\\-", "-")  # troff's escaped hyphen: my\\-pvk\\-password
    n = len(core)
    if n < 4:
        return False
    if core[0] in "/~\\" or core[:2] in ("./", "..") or core[1:3] in (":\\", ":/"):
        return False  # a path: PWD=/home/me, C:\\Users
    if core[-1] in ")]>":
        return False  # code: "None):", "x[0]"
    if "://" in core or _IDENTIFIER.fullmatch(core) or _FILE_NAME.fullmatch(core):
        return False
    if _EMAIL_SHAPE.fullmatch(core) or "`" in core or "\\f" in core:
        return False  # markup: `bytes`, troff font escapes (FILE\\fP)
    if core.count(":") >= 2 or (":" in core and all(_FIELD.fullmatch(p) for p in core.split(":"))):
        return False  # a format line: "name:passwd:uid:gid", "GID:user_list"
    if example_stem(core):
        return False  # "test123", "password123", "secure1", "Secret!"
    if _FLOAT.fullmatch(core):
        return False  # a number: "1.285421330e-05" (a lexicon's weight for the word 密码)
    digits = sum(1 for c in core if c in DIGITS)
    letters = sum(1 for c in core if c.isalpha())
    if letters == 0:
        if digits == 0:
            return False  # markup or a separator: "-->", "!!!!", "=/="
        if digits != n:
            return not all(c in _NUMBERISH for c in core)  # "1.2.3", "2019-10-09", "+8613..."
        return n >= 6 and not patterned(core)  # a PIN, not 123456 or 000000
    if digits == 0 and all(c.isalpha() or c in "_.:- " for c in core):
        return False  # a word, a name or a phrase: "_PasswordType", "my-secret", "top secret"
    if digits == 0 and not (core.lower() != core != core.upper() or n - letters >= 2):
        return False  # one lower-case word glued to a symbol: "cvs#password", "geheim$parole"
    if " " in core and (
        core.count(" ") > 3
        or any(c in core for c in "\"\\")
        or any(w in _PROSE for w in re.findall(r"[a-z]+", core.lower()))
    ):
        return False  # a sentence: "Invalid password!", 'The "pass" statement\\n'
    # A phrase of three or more words ("rest-of-my-password", "not_a_real_secret") is not.
    parts = [p for p in re.split(r"[-_ ]", core) if p]
    return sum(1 for p in parts if p.isalpha()) < 3


def _code_name(v: str) -> bool:
    """A dotted name in code ("self.password", "settings.DB_PASSWORD", "args.pw2"), not a
    password that holds a dot and ends in a number ("Walnut.wren600")."""
    if not _DOTTED_NAME.fullmatch(v):
        return False
    if any(len(part) >= 20 and looks_random(part) and any(c in DIGITS for c in part)
           for part in v.split(".")):
        return False  # a generated part: HashiCorp Vault's legacy "s.wWPw5k4aXcaT4fNP..."
    return not (len(v) - len(v.rstrip("0123456789")) >= 2)


def _unquote(value: str) -> tuple[str, int]:
    """The value without its quotes, and the width of each quote: 1 for "x" or 'x', 2 for
    JSON escaped inside a string (\\"x\\"), 0 unquoted."""
    if len(value) >= 4 and value.startswith('\\"') and value.endswith('\\"'):
        return value[2:-2], 2
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        return value[1:-1], 1
    return value.strip("\"'`"), 0


def _plain_password(v: str, quoted: bool) -> bool:
    """A password typed in plain text: not a placeholder, a reference, code or a hash."""
    if _code_path_or_phrase(v, quoted):
        return False
    n = len(v)
    if n < 3 or n > 64 or len(set(v)) == 1 or not v.isascii():
        return False  # non-ASCII: prose after the label ("密码：请联系管理员")
    if placeholder(v) or _MASK_RUN.search(v):
        return False  # ${VAR} %(x)s {{x}} <password> [REDACTED] **** changeme your_password_here
    low = v.lower()
    if low.startswith(_HASH_PREFIXES) or (
        n in (32, 40, 64, 128) and all(c in "0123456789abcdef" for c in low)
    ):
        return False  # a stored hash, not the password
    if _code_name(v) or _CODE.match(v):
        return False  # code: self.password, os.environ[...], get_password()
    if not quoted and (v[0] in "(*&@[" or "\\" in v or _CHAINED.match(v) or _code_value(v)):
        return False  # code: (x, *args, &pw, @Value, [x], minified JavaScript; escapes and
        # regexes: s/\\[x\\]/y/;
        # a chained assignment or a debugger's argument (ownerPassword@entry=0x1165830)
    return _secret_shaped(v)


def _escape_cut(value: str) -> int | None:
    """Where an unquoted value runs into a written line break or tab (`\\n`, `\\r`, `\\t`:
    a config file inside a JSON string or a log line, `"TOKEN=abc123\\nDEBUG=1"`) or into
    the next parameter of a URL's query (`&openid=`): the value ends there. None when it
    holds none, or is quoted."""
    if value[:1] in "\"'\\`" or ("\\" not in value and "&" not in value):
        return None
    cuts = [i for i in (value.find(e) for e in ("\\n", "\\r", "\\t")) if i > 0]
    query = _NEXT_PARAMETER.search(value)  # "...?access_token=abc123&openid=x": ends at "&"
    if query is not None and query.start() >= 8:  # (not "Tom&Jerry=1999": a password)
        cuts.append(query.start())
    return min(cuts) if cuts else None


_NEXT_PARAMETER = re.compile(r"&[A-Za-z_][\w.\-]*=")


def _cut_at_escape(
    value: str, judge: Callable[[str], Verdict | None]
) -> Verdict | None:
    """`judge` on the value up to its written line break, the span narrowed to it."""
    cut = _escape_cut(value)
    assert cut is not None
    verdict = judge(value[:cut])
    if verdict is None:
        return None
    return dataclasses.replace(verdict, span=verdict.span or (0, cut))


def password_value(value: str) -> Verdict | None:
    """A password after a label, quoted ("correct horse!") or not: skip placeholders,
    references, code, hashes and values that do not look like a secret (`_secret_shaped`).
    A quoted value is reported without its quotes."""
    if _escape_cut(value) is not None:
        return _cut_at_escape(value, password_value)
    v, q = _unquote(value)
    if service_token(v) is not None:
        return None  # an Aiven password (AVNS_...): credential.service_token's, named
    if not _plain_password(v, q > 0):
        return None
    span = (q, len(value) - q) if q else None
    if _leet_stem(v):
        return Verdict(severity=Severity.LOW, span=span, detail={"example": LEET_EXAMPLE})
    return Verdict(span=span) if q else OK


LEET_EXAMPLE = "a placeholder word spelled with digits (p4ssw0rd)"
# Leetspeak's letters for digits and signs ("1" is i or l: both are tried)
_LEET = str.maketrans("4@3057$", "aaeosts")


def _leet_stem(v: str) -> bool:
    """A placeholder word spelled with digits or signs for letters ("p4ssw0rd", "s3krit",
    "secr3t"): documentation's example password; a person's own password is listed, low."""
    if not any(c in "4@3057$1" for c in v):
        return False
    # the whole value is the word: "Passw0rd3054!" (dressed with digits and a sign) is a
    # person's weak password, not documentation's
    # (a sentence's full stop after an unquoted value is no part of the word: "secr3t.")
    plain = v.rstrip(".").lower().translate(_LEET)
    stems = vocabulary()["stem"]
    return any((w := plain.replace("1", c)).isalpha() and w in stems for c in "il")


# Values that other rules report (vendor tokens, keys, URLs): a secret rule leaves them alone.
_VENDOR_PREFIXES = (
    "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "A3T",
    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "xapp-", "AIza",
    "LTAI", "AKID", "eyJ", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_",
    "pk_test_", "access_token$", "-----",
)


def _random_letters(v: str) -> bool:
    """Letters only, in random case ("qTzWkRmPbXnLvYcH..."): a generated key without a digit,
    not CamelCase words ("ProxyAuthorization" changes case once a word)."""
    if not v.isalpha():
        return False
    pairs = list(itertools.pairwise(v))
    changes = sum(1 for a, b in pairs if a.isupper() != b.isupper())
    upper_pairs = sum(1 for a, b in pairs if a.isupper() and b.isupper())
    return changes * 3 >= len(v) and upper_pairs >= 2  # CamelCase has no "QT", "XN" pairs


# A class or type name that ends a value: two capitalized words of a key's vocabulary
# ("Ed25519PrivateKey", "PKCS7PrivateKeyTypes", "SecretKeySpec", "ApiTokenProvider"). A
# random key ends in two such words about never; code's annotations and declarations do.
_TYPE_NAME = re.compile(
    r"(?:Private|Public|Secret|Signing|Access|Api|API|Auth|Session|Refresh|Bearer|Client|Key|"
    r"Token|Credential|Credentials|Password)(?:Keys?|Types?|Tokens?|Provider|Factory|Manager|"
    r"Handler|Config|Class|Interface|Pair|Store|Spec|Params?|Info|Data|Bytes|Str|String|Source|"
    r"Options|Settings|Loader|Encoder|Decoder|Serializer|Callback|Response|Request)(?![a-z])"
    r"[\[\]|?.]*$"
)


def _code_path_or_phrase(v: str, quoted: bool) -> bool:
    """What neither a password nor a key is, asked by both validators: the code between two
    string literals, a path below a variable (where a key is kept, not the key: `$dir/key.pem`)
    or base64 that spells a placeholder phrase ("not my real password")."""
    if (quoted and _quoted_code(v)) or _VARIABLE_PATH.match(v) or _WORD_PATH.fullmatch(v):
        return True
    if _TAG_OPENING.match(v):
        return True
    spelled = _base64_text(v)
    return spelled is not None and placeholder(spelled)


def _quoted_code(v: str) -> bool:
    """A quoted "value" that is the code between two string literals: `"access_token="+(R||
    T||"")`, `Posthog("<key>", metrics={"`, `"...: ".format(self.user, options["`."""
    return v.startswith(", ") or _code_value(v)


def _base64_text(v: str) -> str | None:
    """What a base64 value spells when that is a phrase (printable ASCII with a space:
    "bm90IG15IHJlYWwgcGFzc3dvcmQ=" is "not my real password"); else None. Only a placeholder
    phrase makes the value one: a Kubernetes secret's base64 passphrase is still a secret."""
    if len(v) < 12 or len(v) % 4 or not _BASE64.fullmatch(v):
        return None
    try:
        spelled = base64.b64decode(v, validate=True)
    except ValueError:
        return None
    if b" " not in spelled or not all(0x20 <= b < 0x7F for b in spelled):
        return None
    return spelled.decode("ascii")


_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


def _escaped_text(v: str) -> str | None:
    """What a value made of `\\xHH` escapes spells, when that is printable ASCII text; else
    None (no escapes, other characters between them, or bytes a random key would hold)."""
    if not v.startswith("\\x") or _ESCAPE.sub("", v):
        return None
    spelled = bytes(int(h, 16) for h in _ESCAPE.findall(v))
    if not all(0x20 <= b < 0x7F for b in spelled):
        return None
    return spelled.decode("ascii")


def _lone_eyj(v: str) -> bool:
    """base64 JSON that is not a three-part JWT (the JWT rule's): a secret of its own."""
    return v.startswith("eyJ") and v.count(".") < 2


def secret_value(value: str) -> Verdict | None:
    """A secret (API key, client secret, access token) after its label: a generated key
    (16+ characters, mixed classes, not typed by hand) or a chosen secret shaped like a
    password. Values that a vendor's own rule reports (ghp_, AKIA, sk_live_, eyJ ...), URLs,
    placeholders, references and code are left alone."""
    if _escape_cut(value) is not None:
        return _cut_at_escape(value, secret_value)
    v, q = _unquote(value)
    quoted = q > 0
    n = len(v)
    if n < 8 or "://" in v or (v.startswith(_VENDOR_PREFIXES) and not _lone_eyj(v)):
        return None
    if service_token(v) is not None or discord_token(v) is not None:
        return None  # credential.service_token's (discord_token's), with the service named
    if v in published_examples():
        return TEST_DATA  # an SDK's published sample (PayPal's sandbox client secret)
    if v.isdigit() and n < 20:
        return None  # a time (creationToken = 1644442601), a count or an id: no generated key
    if placeholder(v) or _code_name(v) or _CODE.match(v) or v.lower().startswith(_HASH_PREFIXES):
        return None  # a placeholder, code or a stored hash (not the secret itself)
    if _code_path_or_phrase(v, quoted):
        return None
    text = _escaped_text(v) if quoted else None
    if text is not None:
        # Text spelled as escapes ("\x6d\x61\x73\x74\x65\x72\x20..." is "master secret",
        # TLS's label): judged as what it spells.
        return Verdict(span=(q, len(value) - q)) if _plain_password(text, True) else None
    if not quoted and ("\\" in v or _TYPE_NAME.search(v) or _code_value(v)):
        # code: a regex or an escape (`_authToken=\s*((npm_.+)|...)`: no generated key holds
        # a backslash), or a type annotation (`private_key: Ed25519PrivateKey,`)
        return None
    if _MASK_RUN.search(v):
        return None  # masked: "b21f---------------------------9a3"
    span = (q, len(value) - q) if quoted else None
    generated = " " not in v and v.isascii() and looks_random(v) and (
        any(c in DIGITS for c in v) or _random_letters(v)
    )
    if 16 <= n <= 256 and generated and not made_up(v):
        if _IDENTIFIER.fullmatch(v) or _FILE_NAME.fullmatch(v):
            return None
        return Verdict(span=span)
    if _plain_password(v, quoted):
        return Verdict(span=span)
    return None


# Usernames and hosts that documentation writes in URL examples ("https://user:pass@host").
# (scott: the demo account of Oracle's manuals, "scott/tiger", that SQLAlchemy's and other
# database libraries' documentation use in every connection URL)
_EXAMPLE_USERS = frozenset(
    split_words("""user username usr name login foo abc me you myuser someone somebody john jane
    alice bob guest anonymous scott""")
)
_EXAMPLE_HOSTS = frozenset(
    split_words("""host hostname myhost yourhost server myserver domain mydomain host.com
    example server.com""")
)
_RESERVED_HOSTS = (".example", ".test", ".invalid", "example.com", "example.org", "example.net")


def url_password(value: str) -> Verdict | None:
    """scheme://user:password@host: a chosen password, a real user and host name.

    Documentation's URLs (`user:pass@host`, `abc:xyz@example.com`) are refused; a secret
    at an RFC 2606 example domain is reported as test data."""
    i = value.find("://")
    at = value.rfind("@")
    if i < 0 or at < i:
        return None
    creds = value[i + 3 : at]
    user, sep, pw = creds.partition(":")
    if "\\" in creds or "[" in creds or "]" in creds:
        return None  # not a URL's user info: markup ("[[\\fIuser\\fR][:\\fIpassword\\fR]@]")
    if not sep or placeholder(pw) or pw[:1] in "$%{<*" or pw.endswith("}"):
        return None
    plain = unquote(pw)
    if password_value(plain) is None and not (16 <= len(plain) <= 64 and looks_random(plain)):
        return None
    if user.lower() in _EXAMPLE_USERS:
        return None
    host = value[at + 1 :].rstrip(".").lower()
    if not host or host in _EXAMPLE_HOSTS:
        return None
    scheme = value[:i].lower()[:16]
    if host.endswith(_RESERVED_HOSTS):
        return Verdict(severity=Severity.LOW, detail={"scheme": scheme, "test_data": "yes"})
    return Verdict(detail={"scheme": scheme})
