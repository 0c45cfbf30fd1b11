import os
import stat

import pytest

from scanners.detection.redact import Redactor, load_or_create_key, mask, normalize
from scanners.system.textsafe import safe_message


def test_key_is_created_private_and_reused(tmp_path):
    key = load_or_create_key(tmp_path)
    path = tmp_path / "fingerprint.key"
    assert len(key) == 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_or_create_key(tmp_path) == key


def test_damaged_key_is_an_error_not_a_new_key(tmp_path):
    (tmp_path / "fingerprint.key").write_bytes(b"short")
    with pytest.raises(ValueError, match="damaged"):
        load_or_create_key(tmp_path)


def test_fingerprint_is_keyed_and_ignores_separators():
    a, b = Redactor(b"k" * 32), Redactor(b"j" * 32)
    assert a.fingerprint("6222 0200 0000 0000 007") == a.fingerprint("6222020000000000007")
    assert a.fingerprint("11011319491231002x") == a.fingerprint("11011319491231002X")
    assert a.fingerprint("13812345678") != b.fingerprint("13812345678")


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        ("11011319491231002X", "digits", "1101**********002X"),
        ("6222 0200 1234 0123", "digits", "6222 **** **** 0123"),
        ("zhang.san@example.com", "email", "z***@example.com"),
        ("张三丰", "name", "张**"),
        ("John Smith", "name", "J*** S****"),
    ],
)
def test_mask_shapes(value, style, expected):
    assert mask(value, style) == expected


@pytest.mark.parametrize("style", ["generic", "digits", "secret", "address", "name", "email"])
def test_mask_never_reveals_the_value(style):
    for value in ["13812345678", "AKIAIOSFODNN7EXAMPLE", "北京市海淀区中关村大街27号", "123"]:
        shown = mask(value, style)
        assert shown != value
        assert normalize(value) not in normalize(shown)


def test_safe_message_masks_quoted_values():
    msg = safe_message("invalid literal for int(): '13812345678x'")
    assert "13812345678" not in msg
    assert msg.startswith("invalid literal")
