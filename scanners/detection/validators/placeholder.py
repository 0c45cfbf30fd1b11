"""Placeholders and made-up values in secret slots, shared by every credential validator.

Documentation, sample configs, templates and test suites put something in every password and
token slot: a variable (`${DB_PASS}`, `{{ .Values.password }}`, `%(pw)s`), a mask (`****`,
`xxxx`, `####`), a word (`changeme`, `your_password_here`, `YourTokenHere`, `somefakekey`) or a
token typed by hand (`xoxb-12345-abcd234`, `AIzaSyABCDEFGHIJKLMNOPQRSTUVWXYZ...`). None of them
is anybody's secret, so none is reported. The vocabulary is data
(`resources/data/placeholders.txt`); the shapes are here.

Two strengths of check: `placeholder` for chosen secrets (passwords keep counting runs and
repeated characters: `Summer12345!` is a real, weak password) and `made_up` for generated
tokens, which are random: a body that is mostly counting runs, one repeated character, few
distinct characters or low entropy was typed by a person.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

from scanners.detection.validators.common import data_lines

KINDS = ("value", "stem", "part", "word")

# A whole value that is a reference to a secret kept elsewhere, a template slot or a mask.
_TEMPLATE = re.compile(
    r"""\$\{\{?[^{}]*\}?\}            # ${DB_PASS}, ${DB_PASS:-x}, ${{ secrets.TOKEN }}
    | \$\(?[A-Za-z_][\w.:]*\)?        # $DB_PASS, $(DB_PASS), $env:DB_PASS
    | \{\{-?[\s\w.$|'"():\[\],-]*-?\}\}  # {{ .Values.password }}, {{password}}
    | \{%[^%]*%\}                     # {% password %}
    | %\(\w+\)[sdr]                   # %(pw)s
    | %[sdr] | %\w+%                  # %s, %DB_PASSWORD%
    | \{\w*\}                         # {password}, {}, {0}
    | \{[A-Za-z_][^{}]*[.(\[][^{}]*\}   # an f-string's field: {b64encode(self.secret)}
    | <[^<>]{1,40}>                   # <password>, <your password here>
    | \[[\w\s.-]*\]                   # [REDACTED], [empty password]
    | @\w+@ | __\w+__ | \#\{\w+\}     # @PASSWORD@, __PASSWORD__, #{password}
    | ENC\(.*\)                       # encrypted by a config library: not plain text
    | [*xX#•.?_~-]{3,}                # ****, xxxx, ####, ...
    """,
    re.VERBOSE,
)
# Words of a value: split at case changes, digits and punctuation ("YourTokenHere").
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


@cache
def vocabulary() -> dict[str, frozenset[str]]:
    """The placeholder words by kind (`resources/data/placeholders.txt`)."""
    words: dict[str, set[str]] = {k: set() for k in KINDS}
    for line in data_lines("placeholders.txt"):
        kind, _, word = line.partition(" ")
        if kind in words and word:
            words[kind].add(word.strip().lower())
    return {k: frozenset(v) for k, v in words.items()}


# Format specifications: a value made of them and punctuation is a format string ("%s:%s").
_FORMAT_SPEC = re.compile(r"%[-+ #0-9.]*[sdirxXfgr]|\{[\w.:!]*\}")


def is_template(value: str) -> bool:
    """`${VAR}`, `{{ x }}`, `%(x)s`, `<password>`, `[REDACTED]`, `****`, `xxxx`, `%s:%s` ..."""
    v = value.strip()
    if _TEMPLATE.fullmatch(v) is not None:
        return True
    rest = _FORMAT_SPEC.sub("", v)
    return rest != v and not any(c.isalnum() for c in rest)


def placeholder_words(value: str) -> bool:
    """The value is made of placeholder vocabulary: a placeholder value ("changeme"), a marker
    word anywhere ("somefakekey", "xoxb-YOUR-TOKEN"), only filler words ("real_key",
    "your_password_here", "SlackBotTokenHere") or a slot that ends in "...Here"."""
    vocab = vocabulary()
    low = value.lower()
    if low in vocab["value"]:
        return True
    # A short marker ("fake", "xxxx") turns up by chance in long random tokens (a 146-character
    # Slack token holds "YOUR" once in a few thousand): there only longer markers count.
    random_like = len(value) > 24 and entropy(value) >= 4.0
    if any(p in low for p in vocab["part"] if len(p) >= 5 or not random_like):
        return True
    tail = low.rstrip("0123456789_-.!")
    if len(tail) >= 8 and tail.endswith("here") and tail[-8:].isalpha():
        return True  # "YourTokenHere", "RANDOMSTRINGHERE", "your_key_here", "KeyHere123"
    words = [w.lower() for w in _WORDS.findall(value) if len(w) >= 2]
    known = [w for w in words if w in vocab["word"]]
    if len(words) >= 2 and len(known) == len(words):
        return True  # "real_key", "my-secret-token"
    # Three filler words of three letters or more ("YourPersonalAccessToken12345"): random
    # text split at its case changes gives short fragments, almost never three such words.
    return sum(1 for w in known if len(w) >= 3) >= 3


def example_stem(value: str) -> bool:
    """A placeholder word dressed with up to four digits and one symbol: "test123",
    "password1", "Secret!", "foo_1" (documentation's and test suites' passwords)."""
    letters = "".join(c for c in value if c.isalpha())
    if not letters:
        return False
    digits = sum(1 for c in value if c.isdigit())
    others = len(value) - len(letters) - digits
    return digits <= 4 and others <= 1 and letters.lower() in vocabulary()["stem"]


def placeholder(value: str) -> bool:
    """A chosen secret's slot holds a placeholder: a template, a mask or placeholder words."""
    return is_template(value) or placeholder_words(value)


def run_coverage(s: str) -> float:
    """Share of `s` in runs of four or more characters that repeat ("xxxx", "0000") or count
    up or down ("abcd", "ABCDEFG", "12345", "9876", wrapping: "7890", "yzab"); letters
    compare case-insensitively.
    Random text almost never holds such a run; a token typed by hand is mostly made of them."""
    if len(s) < 4:
        return 0.0
    low = s.lower()
    covered = 0
    run = 1
    step = None
    for k in range(1, len(low) + 1):
        d = None
        if k < len(low):
            a, b = low[k - 1], low[k]
            if a.isalnum() and b.isalnum() and a.isdigit() == b.isdigit():
                d = ord(b) - ord(a)
                if d in (9, -9, 25, -25):
                    d = -1 if d > 0 else 1  # counting wraps around: 7890, xyzab
        if d is not None and d in (-1, 0, 1) and (run == 1 or d == step):
            step = d
            run += 1
            continue
        if run >= 4:
            covered += run
        if d is not None and d in (-1, 0, 1):
            run, step = 2, d  # the pair that broke the run starts the next one
        else:
            run, step = 1, None
    return covered / len(s)


def entropy(s: str) -> float:
    """Shannon entropy of `s` in bits per character."""
    n = len(s)
    if not n:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


def made_up(body: str) -> bool:
    """A generated token's body (after its vendor prefix) that a person typed: a placeholder,
    mostly counting or repeated runs, too few distinct characters or low entropy."""
    if placeholder(body):
        return True
    n = len(body)
    if n >= 6 and run_coverage(body) >= 0.5:
        return True
    if len(set(body)) < min(8, n // 2):
        return True
    return n >= 16 and entropy(body) < 2.5
