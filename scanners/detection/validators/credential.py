"""Credential validators (`resources/rules/credential.toml`): vendor tokens,
cloud keys, JWTs, private keys (PEM), password values and passwords in URLs.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from urllib.parse import unquote

from scanners.detection.validators.common import (
    DIGITS,
    OK,
    TEST_DATA,
    Verdict,
    is_placeholder,
    looks_random,
    patterned,
    split_words,
)
from scanners.model import Severity


def token(value: str) -> Verdict | None:
    """A vendor-prefixed token: the body must look random, not a placeholder."""
    body = value[4:]
    if not looks_random(body) or is_placeholder(value):
        return None
    return OK


_AWS_EXAMPLES = frozenset(
    ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAI44QH8DHBEXAMPLE")
)


def aws_key(value: str) -> Verdict | None:
    if value in _AWS_EXAMPLES or "EXAMPLE" in value:
        return TEST_DATA  # AWS's documentation keys (AKIAIOSFODNN7EXAMPLE, ...)
    if not looks_random(value[4:], 1):  # base-32 bodies may be all letters
        return None
    return OK


def aws_secret(value: str) -> Verdict | None:
    if value in _AWS_EXAMPLES or value.endswith("EXAMPLEKEY"):
        return TEST_DATA
    if not looks_random(value, 3) or is_placeholder(value):
        return None
    # 40 hex characters are a sha1 / git commit, not an AWS secret.
    if all(c in "0123456789abcdefABCDEF" for c in value):
        return None
    return OK


def slack_token(value: str) -> Verdict | None:
    if value.startswith("https://"):
        return Verdict(detail={"type": "webhook"})
    if not any(c in DIGITS for c in value[5:]) or is_placeholder(value) or "-not-a-" in value:
        return None
    return Verdict(detail={"type": "token"})


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
    return Verdict(detail={"alg": alg})


_PEM_PROTECTED = Verdict(severity=Severity.MEDIUM, detail={"protected": "yes"})


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


_PLACEHOLDERS = frozenset(
    split_words("""null none nil undefined true false password passwd pwd secret changeme change_me
    changeit xxx xxxx xxxxx xxxxxx 123 str string int bool required optional empty n/a na
    placeholder redacted hidden masked your_password yourpassword mypassword example test
    todo tbd fixme value 密码 无 空 略 待定""")
)


_DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
# Code identifiers: snake_case ("key_password", "user_pass") and CONSTANT_CASE names.
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9]*(?:_[a-z0-9]+)+_?|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_FILE_NAME = re.compile(
    r"[\w\-.]*\.(?:c|h|cc|cpp|hpp|cxx|py|pyc|js|mjs|ts|go|rs|java|rb|php|pl|pm|lua|sh|bash|"
    r"bat|ps1|json|xml|ya?ml|toml|ini|cfg|conf|txt|md|rst|html?|css|pem|key|crt|cer|der|csr|"
    r"p12|pfx|jks|kdbx|gpg|asc|sig|db|sqlite|log|csv|gz|zip|tar|bz2|xz|bak|tmp|pdf|docx?|"
    r"png|jpe?g|gif|svg|sql|env|lock|in|am|ac|mk|so|o|a|dll|exe|1|3|5|8|texi|info|po)",
    re.IGNORECASE,
)
# Placeholder words that documentation, tests and man pages dress up with a digit or two and a
# symbol: "test123", "password123", "secure1", "Secret!", "foo_1". The letters of the value,
# lower-cased, are looked up here.
_EXAMPLE_WORDS = frozenset(
    split_words("""test testing tester testpass testpw testpwd example sample demo dummy fake foo
    bar baz qux foobar abc xyz placeholder changeme password passwd passphrase pass pwd pw
    secret secure mypass mypassword mysecret yourpass yourpassword somepass somepassword
    secretkey secretpassword letmein default""")
)
_FIELD = re.compile(r"[A-Za-z_]+")
_NUMBERISH = frozenset("0123456789.,:-/+ ")
_EMAIL_SHAPE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")


def _secret_shaped(v: str) -> bool:
    """Whether a value after a password label looks like a secret someone chose or generated,
    not a word, a name, a file name, a path, code or a placeholder.

    Accepted: two or more character classes (letters with digits or symbols: "Summer2024!",
    "huaxin2024", "r0sebud"), or six or more digits that are not a counting or repeated run
    (a PIN). Refused: letters alone ("New", "Jim", "sekrit", "coyote": in documentation,
    changelogs and code a lone word after "password:" is prose, a name or a variable),
    identifiers ("key_password"), file names ("passphrase.c"), paths ("/Users/me"), numbers,
    dates and versions ("1.2.3"), e-mail addresses, example stems with a number ("test123"),
    and hyphenated phrases of three or more words ("not-a-real-password").
    """
    core = v.rstrip(".,:;").replace("\\-", "-")  # troff's escaped hyphen: my\\-pvk\\-password
    n = len(core)
    if n < 4:
        return False
    if core[0] in "/~\\" or core[:2] in ("./", "..") or core[1:3] in (":\\", ":/"):
        return False  # a path: PWD=/home/me, C:\\Users
    if core[-1] in ")]}>" or "(" in core:
        return False  # code: "None):", "f(x"
    if "://" in core or _IDENTIFIER.fullmatch(core) or _FILE_NAME.fullmatch(core):
        return False
    if _EMAIL_SHAPE.fullmatch(core) or "`" in core or "\\f" in core:
        return False  # markup: `bytes`, troff font escapes (FILE\\fP)
    if core.count(":") >= 2 or (":" in core and all(_FIELD.fullmatch(p) for p in core.split(":"))):
        return False  # a format line: "name:passwd:uid:gid", "GID:user_list"
    digits = sum(1 for c in core if c in DIGITS)
    letters = sum(1 for c in core if c.isalpha())
    few = letters and digits <= 4 and n - letters - digits <= 1
    if few and "".join(c for c in core if c.isalpha()).lower() in _EXAMPLE_WORDS:
        return False  # "test123", "password123", "secure1", "Secret!"
    if letters == 0:
        if digits == 0:
            return False  # markup or a separator: "-->", "!!!!", "=/="
        if digits != n:
            return not all(c in _NUMBERISH for c in core)  # "1.2.3", "2019-10-09", "+8613..."
        return n >= 6 and not patterned(core)  # a PIN, not 123456 or 000000
    if digits == 0 and all(c.isalpha() or c in "_.:-" for c in core):
        return False  # a word or a name in code: "_PasswordType", "a:dict.istemp", "my-secret"
    if digits == 0 and not (core.lower() != core != core.upper() or n - letters >= 2):
        return False  # one lower-case word glued to a symbol: "cvs#password", "geheim$parole"
    # A phrase of three or more words ("rest-of-my-password", "not_a_real_secret") is not.
    parts = [p for p in re.split(r"[-_ ]", core) if p]
    return sum(1 for p in parts if p.isalpha()) < 3


def password_value(value: str) -> Verdict | None:
    """A password after a label: skip placeholders, variables, code, hashes and values
    that do not look like a secret (see `_secret_shaped`)."""
    v = value.strip("\"'`")
    n = len(v)
    if n < 3 or n > 64:
        return None
    c0 = v[0]
    if c0 in "$%{<[(*@&" or v[-1] in ">}])(" or "*" * 3 in v:
        return None  # ${VAR} %(x)s {{x}} <password> [REDACTED] *** @Value
    if v.lower() in _PLACEHOLDERS or len(set(v)) == 1:
        return None
    if not v.isascii():
        return None  # prose after the label ("密码：请联系管理员")
    if "(" in v or "[" in v or _DOTTED_NAME.fullmatch(v):
        return None  # code: os.environ[...], get_password(), self.password
    if n in (32, 40, 64) and all(c in "0123456789abcdefABCDEF" for c in v):
        return None  # a hash, not a password
    if not _secret_shaped(v):
        return None
    return OK


# Usernames and hosts that documentation writes in URL examples ("https://user:pass@host").
_EXAMPLE_USERS = frozenset(
    split_words("""user username usr name login foo abc me you myuser someone somebody john jane
    alice bob guest anonymous""")
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
    if not sep or pw.lower() in _PLACEHOLDERS or pw[:1] in "$%{<*" or pw.endswith("}"):
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
