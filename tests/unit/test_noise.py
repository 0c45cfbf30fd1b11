"""Noise (issue 12): documentation, changelogs, source code, test suites and browser internals
raise no high or critical finding, while real values in realistic contexts still do.

Every snippet is synthetic or a paraphrase of the kind of line that raised a false finding on
a Linux documentation tree and Python's standard library (bench/noise.py measures those).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from scanners.detection.detect import Detector, Match
from scanners.detection.rules import load_rules
from scanners.engine import default_excludes
from scanners.model import Severity
from scanners.sources.content.walk import Excluder
from scanners.sources.permissions.extensions import ExtensionsScanner
from synth.permission_fixtures import perm_ctx

RULES = load_rules()
TODAY = date(2025, 6, 1)
DETECTORS = [Detector(RULES), Detector(RULES, use_hyperscan=False)]
SERIOUS = (Severity.HIGH, Severity.CRITICAL)


@pytest.fixture(params=[0, 1], ids=["hyperscan", "python"])
def det(request: pytest.FixtureRequest) -> Detector:
    return DETECTORS[request.param]


def serious(det: Detector, text: str) -> list[Match]:
    return [m for m in det.detect(text, today=TODAY) if m.severity in SERIOUS]


def rules_of(det: Detector, text: str) -> set[str]:
    return {m.rule.id for m in det.detect(text, today=TODAY)}


# --- changelogs -----------------------------------------------------------------------------

CHANGELOG = [
    "2019-10-09  Jim Meyering  <jim@meyering.net>\n\n\tpwd: Jim Meyering\n",
    "\t* sm/passphrase.c: New file.\n\t* sm/passphrase.h: Likewise.\n",
    "\t* agent/gpg-agent.c, agent/preset-passphrase.c: Ditto.\n",
    "    lib/auth/srp_passwd.c: Fix NULL dereference in _gnutls_srp_entry\n",
    "    gnutls_utf8_password_normalize: avoid use of strlen()\n",
    "    gnutls_x509_crq_set_challenge_password: don't accept null password\n",
    "\tgpg: The option --passphrase= can be empty.\n",
    "\t* README: s#password: cvs#password: [empty password]#\n",
    "    Fixes fuzzer issue https://oss-fuzz.com/testcase-detail/5390364397928448.\n",
    "    Fixes: https://oss-fuzz.com/testcase-detail/5229304507138048\n",
    "  * Added support for HTTP \"Basic\" authentication using ``http://user:pass@host``\n",
    "\tname was present, but the URL did not contain a slash, e.g.\n\thttp://foo:bar@myhost.\n",
    "  so workarounds like \"seq 0 0.000001 0.0000031\" are no longer needed, longer lines\n",
    "  mv: cannot remove `/etc/passwd': Not a directory.\n  pwd and\n",
]


@pytest.mark.parametrize("text", CHANGELOG)
def test_changelog_lines_are_quiet(det: Detector, text: str) -> None:
    assert serious(det, text) == []


# --- source code and test suites ------------------------------------------------------------

SOURCE = [
    "    def load_cert_chain(self, certfile, keyfile=None, password=None):\n",
    "        self.key_password = key_password\n        self.cert_reqs = cert_reqs\n",
    "        username, password = url_user_password\n",
    "        user, password = 'wile', 'coyote'\n",
    "    USER = \"tester\"\n    PASSWD = \"test123\"\n    REALM = \"TestRealm\"\n",
    "            self.zip.extract(\"test.txt\", pwd=\"python\")\n",
    "KEY_PASSWORD = \"somepass\"\nctx.load_cert_chain(CERTFILE, password=\"badpass\")\n",
    "    userid = passwd = acct = ''\n",
    "        :param sign_password: The passphrase for the signer's\n",
    "        :type passphrase: :py:data:`bytes`\n",
    "[server3]\nusername:cbiggles\npassword:yh^%#rest-of-my-password\n",
    "const password = new Password('r0sebud');\n",
    "  PWD: '/Users/maciej',\n  EDITOR: 'vim',\n",
    "ddcan002 apply 0                      -> #2238000000000000\n",
    "dddiv4041 divide  5235714985079914   5235714985066131  ->  0.9999999999919389\n",
    "addx6240 add '6543210123456788' 0.499999999   -> '6543210123456788' Inexact\n",
    "reqVersion: 1\nreqDigestAlgo: SHA-256\nreqNonce: 3843061514398340071\ncertReq: true\n",
    "I-1965453954\nI-1636858570\nI2005650794\nI680293715\nI844514684\nI-1909152807\n",
    "0x4000 0x1234 54E8 5546 5531 5617 5968 59BE 5A3C 5BB5\n",
    "    >>> geohash(37.421542, -122.085589, b'2005-05-26-10458.68')\n",
    "(long)\n[1 0 0 -1 40.110001 167.065994] Tm\n",
    "            age : 22\n            ssn : 111-22-3333\n",
    "        Defaults to 33554432 bytes.\n\n    --smtputf8\n",
    "url = \"http://User:Pass@www.python.org:080/doc/?query=yes#frag\"\n",
    "        keyfile: StrOrBytesPath | None = None,\n        password: _PasswordType | None,\n",
    "\tlet pwd = a:dict.istemp ? a:dict.tmpdir : ''\n",
    # data files of /usr/share: a locale's stroke-order table beside its code points, a row
    # of a database catalog's numbers (four of them read as a card)
    "<U000279D2> <U000279D2>;IGNORE;IGNORE;IGNORE # 4111251125234\n",
    "<U8A83> <U8A83>;IGNORE;IGNORE;IGNORE # 4111251354354\n",
    "insert ( 2278 void 11 10 4 t p P f t ',' 0 - 0 0 2298 2299 3120 3121 - - - i p f 0 -1 )\n",
    "insert ( 3677 '<>' 11 10 b f f 3615 3615 16 3677 3676 3665 102 106 )\n",
    # a column of test results: the decimals of numbers
    "    .84169203042984,\n    .39751008152962,\n    .4900975227356,\n",
    "cov = [-.30383053421974, 0.4147045314312]\n",
    # a time after a token's name (git's bundle-uri documentation)
    "    creationToken = 1644442601\n",
    # front-end code after a password or token name (UI kits' bundles, .d.ts, .vue)
    "a={password:{type:Boolean,default:!1},showPassword:{type:Boolean,default:!1}}\n",
    "      this.showPassword = !this.showPassword;\n",
    "withCredentials = _ref$withCredentials === void 0 ? false : _ref$withCredentials\n",
    "getComputedToken: <DerivativeToken = object, DesignToken = DerivativeToken>(origin: T\n",
    "const{getComputedToken:l}=n.value,s=l\n",
    "        'securityToken': securityToken}\n",
    "$ sudo postconf -e 'smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd'\n",
    # Chinese prose in a parameter's documentation or a translation file, a lexicon's weight
    "    :param client_token: 用于保证请求的幂等性。由客户端生成该参数值，要保证在不同请求间唯一。\n",
    "    :param refresh_token: grantType==refresh_token 时需要\n",
    "ignoringInvalidToken = 由于令牌包含无效字符“%2$S”，将忽略指令“%1$S”\n",
    '{"中东": 2.001583379e-05, "密码": 1.285421330e-05, "街上": 3.1e-06}\n',
    # keys masked with dashes; a token's placeholder in a URL's query
    "    'app_secret': '87XpT------------------A',\n",
    "//https://api.weixin.qq.com/cgi-bin/kf?access_token=ACCESS_TOKEN&openid=OPENID\n",
    "Example: `https://www.aliyun.com?callbackToken=1000004826&certifyId=shaxxxx&passed=200.`\n",
    # code: a unary plus, a ternary on a member, a URL template's fields, an SDK's sample
    "      dollarToken = +dollarToken; // XRegExp behavior\n",
    'credentials:e.withCredentials?"include":"same-origin"\n',
    "'?access_token={}&media_id={}'.format(self.access_token, media_id)\n",
    '  "client_secret": "EO422dn3gQLgDbuwqTjzrFgFtaRLRR5BdHEESmha49TM" })\n',
    # a docstring's example of a key, its body cut short on the header's line (twilio)
    "Strip everything outside of the headers, e.g. `-----BEGIN RSA PRIVATE KEY-----MIIEpQIBAAK"
    "CAQEAuyf/lNrH9ck8DmNyo3fGgvCI1l9s+cmBY3WIz+cUDqmxiieR\\\\n.-----END RSA PRIVATE KEY-----`\n",
    # a payment SDK's test: the published card's security code
    '  "number": "4242424242424242",\n  "exp_month": 8,\n  "cvc": "314",\n',
]


@pytest.mark.parametrize("text", SOURCE)
def test_source_code_is_quiet(det: Detector, text: str) -> None:
    assert serious(det, text) == []


# --- documentation ---------------------------------------------------------------------------

DOCS = [
    "const options = new URL('https://abc:xyz@example.com');\n",
    "'https://user:pass@sub.example.com:8080/p/a/t/h?query=string#hash'\n",
    "the URL with credentials would look like:\n\nhttps://user:he%2F%2Fo@pypi.company.com/simple\n",
    "  format: 'pem',\n  cipher: 'aes-256-cbc',\n  passphrase: 'top secret',\n",
    "const options = {\n  pfx: readFileSync('test_cert.pfx'),\n  passphrase: 'sample',\n};\n",
    "```text\nPASSWORD=nodejs\n```\n",
    # man pages (troff source)
    "    \\-\\-region=us\\-central1 \\-\\-root\\-password=password123\n.RE\n",
    "  \\-\\-username=user1 \\-\\-password=\"secure1\" \\e\n",
    ".TP\n\\fB\\-P\\fP,\\ \\fB\\-\\-passwd=FILE\\fP\nUse FILE as the passwd database.\n",
    ".EX\ngroup_name:password:GID:user_list\n.EE\n",
    "\\fImethode\\fR://[[\\fIgebruiker\\fR][:\\fIwachtwoord\\fR]@]\\fIcomputer\\fR[:\\fIpoort\\fR]\n",
    "pw_name:pw_passwd:pw_uid:pw_gid:pw_gecos:pw_dir:pw_shell\n",
    ".RS 4\n.nf\nprotocol=https\nhost=example\\&.com\nusername=bob\npassword=secr3t\n.fi\n",
]


@pytest.mark.parametrize("text", DOCS)
def test_documentation_is_quiet(det: Detector, text: str) -> None:
    assert serious(det, text) == []


def test_published_example_keys_are_low_severity_test_data(det: Detector) -> None:
    text = "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n" \
           "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
    found = det.detect(text, today=TODAY)
    assert found and all(m.severity == Severity.LOW for m in found)
    assert all(m.detail.get("test_data") == "yes" for m in found)
    # a secret at an RFC 2606 example domain is test data too, but still found
    url = det.detect("DATABASE_URL=postgres://deploy:Tiger4242*@db.example.com/app", today=TODAY)
    assert [m.severity for m in url if m.rule.id == "credential.url_password"] == [Severity.LOW]
    # the Google API keys of the Firebase SDKs' published samples; another key stays high
    for key, severity in (("AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs", Severity.LOW),
                          ("AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEN", Severity.HIGH)):
        [m] = [m for m in det.detect(f'apiKey: "{key}",\n', today=TODAY)
               if m.rule.id == "credential.google_api_key"]
        assert m.severity is severity


# --- Latin keywords are words -----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "the longer figures 31.2304, 121.4737 in the table",       # "lon" inside "longer"
    "geometry 31.2304, 121.4737",                              # "geo" inside "geometry"
    "translate 31.2304, 121.4737",                             # "lat" inside "translate"
])
def test_latin_keywords_inside_words_do_not_count(det: Detector, text: str) -> None:
    assert "location.coordinates" not in rules_of(det, text)


@pytest.mark.parametrize("text", [
    "lat: 31.2304, lng: 121.4737",
    "GPS 22.543096,114.057865",
    "\"geo\": [31.2304, 121.4737]",
    "userLocation=40.712776 -74.005974",                       # camelCase
    "locations 40.712776 -74.005974",                          # plural
    "坐标 30.5728° N, 104.0668° E",
])
def test_latin_keywords_as_words_still_count(det: Detector, text: str) -> None:
    assert "location.coordinates" in rules_of(det, text)


# --- true positives in realistic contexts --------------------------------------------------------

REAL = [
    ("password=Summer2024!", "credential.password_assignment"),
    ("DB_PASSWORD=\"Tiger4242*\"", "credential.password_assignment"),
    ("密码：Dragon88#", "credential.password_assignment"),
    ("WiFi 密码是 huaxin2024", "credential.password_assignment"),
    ("银行卡密码：839201", "credential.password_assignment"),
    ("[client]\nuser=deploy\npassword=r0seBud!7\n", "credential.password_assignment"),
    ("DATABASE_URL=postgres://admin:Summer2024!@db.corp.local/app", "credential.url_password"),
    ("proxy=http://zhangwei:Qwerty123@proxy.huaxin-tech.cn:8080", "credential.url_password"),
    ("git remote: https://deploy:Xk29vbq7Lm@git.internal.corp/x.git", "credential.url_password"),
    ("Credit card: 4539 1488 0343 6467  CVV: 123", "financial.payment_card"),
    ("card 4539148803436467 exp 09/27", "financial.payment_card"),
    ("银行卡号：6222021234567890128", "financial.payment_card"),
    ("refund to 4539148803436467 please", "financial.payment_card"),
    ("Visa 4539 1488 0343 6467 exp 12/27", "financial.payment_card"),
    ("row 3 4539 1488 0343 6467 on my card", "financial.payment_card"),  # a keyword: a card
    ("卡号 4111251125234 (U+4E2D)", "financial.payment_card"),
    ("Card No.4539148803436467", "financial.payment_card"),  # an abbreviation's dot
    ("SSN: 536-22-1234", "identity.us_ssn"),
    ("身分證字號：F131104093", "identity.tw_id"),
    ("GPS: 31.2304, 121.4737", "location.coordinates"),
]


@pytest.mark.parametrize(("text", "rule"), REAL)
def test_true_positives_in_context_are_still_found(det: Detector, text: str, rule: str) -> None:
    assert rule in {m.rule.id for m in serious(det, text)}, text


def test_a_card_in_a_table_with_a_card_header_is_still_found(det: Detector) -> None:
    text = "name,card_number,phone\nZhang Wei,4539148803436467,13812345678\n"
    found = det.detect(text, columns=["name", "card_number", "phone"], delimiter=",",
                       today=TODAY)
    assert "financial.payment_card" in {m.rule.id for m in found}


def test_a_card_in_a_url_needs_a_card_keyword(det: Detector) -> None:
    assert "financial.payment_card" not in rules_of(det, "https://x.org/item/4539148803436467")
    assert "financial.payment_card" in rules_of(
        det, "paid with credit card https://pay.example/4539148803436467")


# --- browser profile internals ------------------------------------------------------------------


@pytest.mark.parametrize(("rel", "skipped"), [
    (".mozilla/firefox/x1y2z3ab.default-release/prefs.js", True),
    (".mozilla/firefox/x1y2z3ab.default-release/extensions.json", True),
    (".mozilla/firefox/work/extensions/uBlock0@raymondhill.net.xpi", True),
    ("snap/firefox/common/.mozilla/firefox/a.default/addons.json", True),
    ("Library/Application Support/Firefox/Profiles/a.default/prefs.js", True),
    ("AppData/Roaming/Mozilla/Firefox/Profiles/a.default/extensions", True),
    (".config/google-chrome/Default/Web Data", True),
    (".config/chromium/Profile 3/Preferences", True),
    (".config/BraveSoftware/Brave-Browser/Default/Extensions", True),
    (".config/google-chrome/Local State", True),
    # the user's own files of the same names, and what store scanners do not cover
    ("Documents/prefs.js", False),
    ("Documents/Preferences", False),
    ("projects/app/extensions.json", False),
    (".thunderbird/abc.default/prefs.js", False),
])
def test_browser_internals_are_left_to_the_store_scanners(rel: str, skipped: bool) -> None:
    excluder = Excluder(default_excludes())
    parts = rel.split("/")
    hit = any(excluder.excluded(parts[i], "/".join(parts[: i + 1])) for i in range(len(parts)))
    assert hit is skipped, rel


def _addons_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    ff = home / ".mozilla/firefox/x1y2z3ab.default-release"
    ff.mkdir(parents=True)
    everything = {"permissions": ["tabs", "webRequest", "webRequestBlocking", "<all_urls>"],
                  "origins": ["<all_urls>"]}
    (ff / "extensions.json").write_text(json.dumps({"schemaVersion": 37, "addons": [
        {"id": "ipp-activator@mozilla.com", "type": "extension", "version": "1.0",
         "active": True, "location": "app-builtin-addons",
         "defaultLocale": {"name": "IPP Activator"}, "userPermissions": everything},
        {"id": "webcompat@mozilla.org", "type": "extension", "version": "140.0",
         "active": True, "location": "app-profile", "isSystem": True,
         "defaultLocale": {"name": "Web Compatibility Interventions"},
         "userPermissions": everything},
        {"id": "helper@example.org", "type": "extension", "version": "2.0", "active": True,
         "location": "app-profile", "defaultLocale": {"name": "Page Helper"},
         "userPermissions": everything},
    ]}), encoding="utf-8")
    chrome = home / ".config/google-chrome/Default"
    chrome.mkdir(parents=True)
    manifest = {"name": "Corp Guard", "version": "3", "permissions": ["cookies", "<all_urls>"]}
    (chrome / "Preferences").write_text(json.dumps({"extensions": {"settings": {
        "abcdefghijklmnopabcdefghijklmnop": {"location": 9, "manifest": manifest},
        "ponmlkjihgfedcbaponmlkjihgfedcba": {"location": 1, "manifest": {**manifest,
                                                                           "name": "Grabber"}},
    }}}), encoding="utf-8")
    return home


def test_built_in_and_policy_add_ons_are_listed_as_built_in(tmp_path: Path) -> None:
    home = _addons_home(tmp_path)
    ctx, errors = perm_ctx(home, home.parent / "root", platform="linux")
    found = list(ExtensionsScanner().scan(ctx))
    assert errors == []
    by_name: dict[str, list] = {}
    for f in found:
        by_name.setdefault(f.detail["app_name"], []).append(f)
    for name, by in (("IPP Activator", "browser"), ("Web Compatibility Interventions", "browser"),
                     ("Corp Guard", "policy")):
        fs = by_name[name]
        assert [f.detail["permission"] for f in fs] == ["installed"], name
        f = fs[0]
        assert f.severity == Severity.INFO and f.detail["broad"] == "no"
        assert f.detail["builtin"] == "yes" and f.detail["installed_by"] == by
        assert "then remove" not in f.detail["revoke"]
        assert "all-sites" in f.detail["permissions"] or "<all_urls>" in f.detail["permissions"]
    # what the user installed is still flagged, with the advice to remove it
    for name in ("Page Helper", "Grabber"):
        broad = [f for f in by_name[name] if f.detail["permission"] == "all-sites"]
        assert broad and broad[0].detail["broad"] == "yes" and broad[0].severity == Severity.HIGH
        assert "remove" in broad[0].detail["revoke"] and broad[0].detail["builtin"] == "no"


def test_keys_in_a_test_suite_are_listed_as_examples(tmp_path):
    """A project's test keys (Lib/test/certdata) are low severity, not critical; the same key
    in the user's own folder stays critical."""
    from scanners import engine
    from scanners.model import Severity
    from synth import other_stores as S

    suite = tmp_path / "proj" / "Lib" / "test" / "certdata"
    suite.mkdir(parents=True)
    own = tmp_path / "home" / "keys"
    own.mkdir(parents=True)
    S.ssh_key(suite / "keycert.pem", "pem-rsa")
    S.ssh_key(own / "server.pem", "pem-rsa")
    result = engine.audit(engine.make_context([tmp_path], jobs=1, cache=False), ["content"])
    keys = {f.file: f for f in result.findings if f.rule == "credential.private_key"}
    test_key, own_key = keys[str(suite / "keycert.pem")], keys[str(own / "server.pem")]
    assert test_key.severity == Severity.LOW and "test" in test_key.detail["example"]
    assert own_key.severity >= Severity.HIGH and "example" not in own_key.detail


def test_a_home_or_user_folder_named_like_a_test_folder_keeps_full_severity(tmp_path,
                                                                          monkeypatch):
    from scanners.sources.content.filescan import example_folder

    monkeypatch.setenv("HOME", "/home/test")
    assert example_folder("/home/test/.ssh/id_rsa") == ""
    assert example_folder("/home/test/proj/tests/keys/k.pem") == "tests"
    assert example_folder("/home/alice/demo/.ssh/id_rsa") == ""
    assert example_folder("/srv/app/Lib/test/certdata/k.pem") == "certdata"
    assert example_folder("/srv/openssl/doc/demos/certs/apps/rootkey.pem") == "demos"



def test_example_files_and_test_folders_inside_archives_are_examples(tmp_path, monkeypatch):
    """A template of a config (.env.example, config.sample.ini, AWS's examples-1.json) and a
    test suite packed in an archive (a wheel's tests/ folder) hold credentials to copy or to
    test against: low severity, said why. The same values in the user's own .env and in an
    archive's own code stay high."""
    import zipfile

    from scanners import engine
    from scanners.model import Severity
    from scanners.sources.content.filescan import example_place

    monkeypatch.setenv("HOME", str(tmp_path))
    line = "DB_PASSWORD=Gr33n-tea!42\nAPI_KEY=kxpq7IPfwbDCPuqzmqY3r9zW\n"
    for name in (".env.example", "config.sample.ini", "examples-1.json", ".env"):
        (tmp_path / name).write_text(line, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "pkg-1.0-py3-none-any.whl", "w") as z:
        z.writestr("pkg/tests/test_db.py", line)
        z.writestr("pkg/db.py", line)
    result = engine.audit(engine.make_context([tmp_path], jobs=1, cache=False), ["content"])
    creds = [f for f in result.findings if f.category.value == "credential"]
    by_place: dict[str, set[Severity]] = {}
    for f in creds:
        by_place.setdefault(f.member or os.path.basename(f.file or ""), set()).add(f.severity)
    assert by_place[".env.example"] == {Severity.LOW}
    assert by_place["config.sample.ini"] == {Severity.LOW}
    assert by_place["examples-1.json"] == {Severity.LOW}
    assert by_place["pkg/tests/test_db.py"] == {Severity.LOW}
    assert by_place[".env"] == {Severity.HIGH}
    assert by_place["pkg/db.py"] == {Severity.HIGH}
    member = next(f for f in creds if f.member == "pkg/tests/test_db.py")
    assert member.detail["example"] == "in a test or example folder (tests)"
    env = next(f for f in creds if (f.file or "").endswith(".env.example"))
    assert env.detail["example"] == "in an example or template file (.env.example)"
    assert example_place("pkg/examples/x.py", inside=True) == "in a test or example folder (examples)"
    assert example_place("my/samples/notes.txt", inside=True) == ""  # a name people give
    assert example_place("blood_test_results.txt", inside=True) == ""


def test_values_in_test_code_are_examples_and_test_data_files_are_not(tmp_path, monkeypatch):
    """A validator library's tests (`idCard.verify('440882199102104195')`) and a Go test file
    hold made-up numbers: low, said why. A CSV of customers in the same test folder may be a
    production copy and keeps its severity; so does the same code outside a test folder."""
    import zipfile

    from scanners import engine
    from scanners.model import Severity
    from scanners.sources.content.filescan import example_place, test_code_place

    from .helpers import ADULT_ID

    monkeypatch.setenv("HOME", str(tmp_path))
    line = f"idCard.verify('{ADULT_ID}').should.be.true();\n"
    tests = tmp_path / "idcard" / "test"
    tests.mkdir(parents=True)
    (tests / "index.js").write_text(line, encoding="utf-8")
    (tests / "customers.csv").write_text(f"name,id\n张三,{ADULT_ID}\n", encoding="utf-8")
    (tmp_path / "idcard" / "index.js").write_text(line, encoding="utf-8")
    (tmp_path / "idcard" / "id_test.go").write_text(f'const id = "{ADULT_ID}"\n',
                                                     encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "lib.zip", "w") as z:
        z.writestr("lib/spec/id.spec.ts", line)
        z.writestr("lib/id.ts", line)
    result = engine.audit(engine.make_context([tmp_path], jobs=1, cache=False), ["content"])
    by_file = {f.member or os.path.relpath(f.file or "", tmp_path): f for f in result.findings
               if f.rule == "identity.cn_resident_id"}
    assert by_file["idcard/test/index.js"].severity is Severity.LOW
    assert by_file["idcard/test/index.js"].detail["example"] == "in a test or example folder (test)"
    assert by_file["idcard/id_test.go"].detail["example"] == "in a test file (id_test.go)"
    assert by_file["lib/spec/id.spec.ts"].severity is Severity.LOW
    assert by_file["idcard/test/customers.csv"].severity >= Severity.HIGH
    assert by_file["idcard/index.js"].severity >= Severity.HIGH
    assert by_file["lib/id.ts"].severity >= Severity.HIGH
    # the names each convention gives its tests
    for name in ("test_ids.py", "ids_test.py", "ids_test.go", "ids.test.js", "ids.spec.tsx",
                 "IdsTest.java", "ids_spec.rb"):
        assert test_code_place(f"/srv/p/{name}") == f"in a test file ({name})"
        assert example_place(f"/srv/p/{name}") == f"in a test file ({name})"
    for name in ("ids.py", "testing.py", "contest.go", "ids.csv", "test_ids.csv"):
        assert test_code_place(f"/srv/p/{name}") == ""
    # a test's source map holds its source
    assert test_code_place("/srv/p/build/extract.test.js.map") == (
        "in a test file (extract.test.js.map)")
    assert test_code_place("/srv/p/build/extract.json.map") == ""
    # assembly is code too: a compiler's test data
    assert test_code_place("/srv/go/src/cmd/asm/internal/asm/testdata/arm64.s") == (
        "in a test or example folder (testdata)")


def test_a_key_on_one_line_or_on_its_own_lines_is_still_critical(det: Detector) -> None:
    import base64
    import random

    body = base64.b64encode(random.Random(5).randbytes(1200)).decode()
    one_line = f"PRIVATE_KEY=-----BEGIN RSA PRIVATE KEY-----{body}-----END RSA PRIVATE KEY-----\n"
    lines = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(
        body[i:i + 64] for i in range(0, 256, 64)) + "\n"
    for text in (one_line, lines):
        [m] = [m for m in det.detect(text) if m.rule.id == "credential.private_key"]
        assert m.severity is Severity.CRITICAL and "example" not in m.detail


def test_installed_documentation_holds_examples() -> None:
    from scanners.sources.content.filescan import test_code_place

    assert test_code_place("/usr/share/doc/libssl-dev/demos/certs/apps/rootkey.pem") == (
        "in installed documentation (/usr/share/doc)")
    assert test_code_place("/usr/share/doc/x/README.gz", inside=False).startswith("in installed")
    assert test_code_place("/home/u/share/doc/notes.txt") == ""
    assert test_code_place("/srv/chroot/usr/share/info/python3.11.info.gz") == (
        "in installed documentation (/usr/share/info)")
    assert test_code_place("usr/share/doc/x.txt", inside=True) == ""


def test_a_list_of_places_positions_is_no_ones_whereabouts(tmp_path, monkeypatch):
    """A gazetteer (cpca's adcodes.csv: a division's code and name, its centre) lists
    places: low, said why. A track (a time on each row) and a customers' table (an address,
    no bare division name) keep their severity."""
    from scanners import engine
    from scanners.sources.content.filescan import PLACES_DETAIL

    monkeypatch.setenv("HOME", str(tmp_path))
    rows = [("654324000000", "哈巴河县", "86.418621", "48.060846"),
            ("500233000000", "忠县", "108.039002", "30.299559"),
            ("140902000000", "忻府区", "112.746046", "38.404242")] * 30
    (tmp_path / "adcodes.csv").write_text(
        "adcode,name,longitude,latitude\n" + "".join(",".join(r) + "\n" for r in rows),
        encoding="utf-8")
    (tmp_path / "track.csv").write_text(
        "time,name,longitude,latitude\n2024-05-01 08:30,忠县,108.039002,30.299559\n",
        encoding="utf-8")
    (tmp_path / "customers.csv").write_text(
        "name,address,longitude,latitude\n张三,北京市朝阳区建国路88号,116.397428,39.90923\n",
        encoding="utf-8")
    result = engine.audit(engine.make_context([tmp_path], jobs=1, cache=False), ["content"])
    coords: dict[str, set[Severity]] = {}
    for f in result.findings:
        if f.rule == "location.coordinates":
            coords.setdefault(os.path.basename(f.file or ""), set()).add(f.severity)
            if f.file and f.file.endswith("adcodes.csv") and not f.detail.get("folded"):
                assert f.detail["example"] == PLACES_DETAIL
    assert coords == {"adcodes.csv": {Severity.LOW}, "track.csv": {Severity.HIGH},
                      "customers.csv": {Severity.HIGH}}


@pytest.mark.parametrize("text", [
    "张三 13812345678 6222027391058624376\n",
    "收款人：张三，电话13812345678，工行6222027391058624376\n",
    "张三,110105194912310029,6222027391058624376,239924682504125326\n",
    "Konto DE89370400440532013000 Karte 4539148803436467\n",
])
def test_a_card_in_a_persons_record_is_found(det: Detector, text: str) -> None:
    """A record's other values (a mobile, an ID number, an order number, an IBAN) do not make
    its card one of a table of numbers."""
    found = [m for m in det.detect(text, today=TODAY) if m.rule.id == "financial.payment_card"]
    assert len(found) == 1 and found[0].severity >= Severity.HIGH, text


@pytest.mark.parametrize("text", [
    "Mobil: +4915173902649\n",            # a German mobile written as E.164 digits
    "MSISDN: 4917639582072\n",
    "values 12345678 6222027391058624376 87654321\n",   # a table of numbers still is one
])
def test_phone_digits_and_number_tables_are_not_cards(det: Detector, text: str) -> None:
    assert [m for m in det.detect(text, today=TODAY)
            if m.rule.id == "financial.payment_card" and m.severity >= Severity.MEDIUM] == []


def test_documentation_passwords_at_a_sentence_end_and_pwd_functions(det: Detector) -> None:
    """git-credential's manual ends a sentence with "password=secr3t."; Python's changelog
    names "pwd.getpwuid: 14d3." (an info cross-reference). Neither is a person's password;
    a random value at a sentence's end still is."""
    found = {m.value: m for m in det.detect("before it returned password=secr3t.")
             if m.rule.id == "credential.password_assignment"}
    assert found["secr3t."].severity is Severity.LOW and "example" in found["secr3t."].detail
    assert not [m for m in det.detect("*note pwd.getpwuid: 14d3. and pwd.getpwnam: 14e3.")
                if m.rule.id == "credential.password_assignment"]
    [m] = [m for m in det.detect("the password=Kx9#mQ2vL7. was") if m.rule.id ==
           "credential.password_assignment"]
    assert m.severity is Severity.HIGH
