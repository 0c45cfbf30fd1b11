"""What a validator names about a value (the service a token opens, a card's brand, an
IBAN's country) reaches the scan's output through the content scanner's worker, and the
command line's table shows it beside the rule: it says where to revoke a token. Facts that
are themselves personal (an ID's birth date, sex) stay behind."""

from __future__ import annotations

import json
import random

from scanners.cli.entry import main
from synth.labelled_secrets import service_tokens
from synth.people import iban_check_digits, luhn_complete, ric_check

_ID17 = "11011319491231002"
_ID = _ID17 + ric_check(_ID17)


def _folder(tmp_path):
    tokens = service_tokens(random.Random(7))
    openai = next(t for t in tokens if "T3BlbkFJ" in t)
    bban = "370400440532013000"
    iban = "DE" + iban_check_digits("DE", bban) + bban
    unionpay = luhn_complete("621483" + "730192511")  # 16 digits, UnionPay (62)
    d = tmp_path / "docs"
    d.mkdir()
    (d / "keys.env").write_text(f'OPENAI_API_KEY="{openai}"\n', encoding="utf-8")
    (d / "bank.txt").write_text(
        f"IBAN: {iban}\n银行卡号：{unionpay}\n身份证号：{_ID}\n", encoding="utf-8")
    (d / "fi.txt").write_text("HETU: 010594Y9021\n", encoding="utf-8")
    return d, unionpay


def _rows(argv, capsys):
    assert main(argv) == 0
    out, _ = capsys.readouterr()
    return out


def test_naming_facts_leave_the_worker_and_personal_facts_do_not(tmp_path, capsys):
    d, _ = _folder(tmp_path)
    out = _rows(["scan", str(d), "--format", "jsonl", "--jobs", "2", "--no-log", "-q"], capsys)
    rows = {r["rule"]: r for r in map(json.loads, out.splitlines())}
    assert rows["credential.service_token"]["detail"]["service"] == "OpenAI"
    assert rows["financial.iban"]["detail"]["country"] == "DE"
    assert rows["financial.payment_card"]["detail"]["brand"] == "unionpay"
    ric = rows["identity.cn_resident_id"]["detail"]
    assert "birth_date" not in ric and "sex" not in ric
    assert "1949-12-31" not in out and _ID not in out  # the birth date is nowhere
    hetu = rows["identity.fi_hetu"]
    assert hetu["severity"] == "low" and hetu["detail"]["test_data"] == "yes"
    assert hetu["detail"]["example"] == "a temporary or test code (individual number 900-999)"


def test_table_names_the_service_and_brand_beside_the_rule(tmp_path, capsys):
    d, _ = _folder(tmp_path)
    out = _rows(["scan", str(d), "--jobs", "1", "--no-log", "-q", "--all"], capsys)
    lines = out.splitlines()
    assert any("credential.service_token (OpenAI)" in x for x in lines)
    assert any("financial.payment_card (UnionPay)" in x for x in lines)
    assert any("financial.iban (DE)" in x for x in lines)
    assert any(x.startswith("low (example)") and "identity.fi_hetu" in x for x in lines)


def test_table_names_a_phones_region_beside_the_rule(tmp_path, capsys):
    """A national-form number says which numbering plan holds it: where to look it up."""
    d = tmp_path / "book"
    d.mkdir()
    (d / "kontakte.txt").write_text("Telefon: 030 23456789\nTel. +44 20 7946 0018\n",
                                    encoding="utf-8")
    out = _rows(["scan", str(d), "--jobs", "1", "--no-log", "-q", "--all"], capsys)
    assert "contact.national_phone (DE)" in out
    assert "contact.intl_phone (GB)" in out
