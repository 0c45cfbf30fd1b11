from __future__ import annotations

from pathlib import Path

from synth import formats as F
from tests.unit.content.helpers import ID, PHONE, parts, reasons, run, texts


def test_eml_headers_bodies_and_attachments(tmp_path: Path) -> None:
    inner_zip = F.write_zip(tmp_path / "in.zip", {"ids.txt": f"身份证 {ID}"}).read_bytes()
    path = F.write_eml(
        tmp_path / "mail.eml",
        f"您好，我的电话是 {PHONE}。",
        subject="订单 确认",
        sender="张三 <zhangsan@example.com>",
        html=f"<html><style>p{{}}</style><p>ID&nbsp;{ID}</p></html>",
        attachments=[("list.csv", f"name,phone\nA,{PHONE}\n".encode()), ("ids.zip", inner_zip)],
    )
    items = run(path)
    by_path = texts(items)
    text = by_path[str(path)]
    assert "From: 张三 <zhangsan@example.com>" in text
    assert "Subject: 订单 确认" in text
    assert f"我的电话是 {PHONE}" in text
    assert f"ID\u00a0{ID}" in text and "p{}" not in text
    assert by_path[f"{path}!list.csv"].startswith("name,phone")
    assert by_path[f"{path}!ids.zip!ids.txt"] == f"身份证 {ID}"
    csv_part = next(p for p in parts(items) if p.path.endswith("list.csv"))
    assert csv_part.columns == ("name", "phone")
    assert not reasons(items)


def test_mbox_messages_are_numbered(tmp_path: Path) -> None:
    path = F.write_mbox(
        tmp_path / "box.mbox",
        [F.eml_bytes(f"first {PHONE}"), ("second subject", f"From the start\n{ID}")],
    )
    by_path = texts(run(path))
    assert f"first {PHONE}" in by_path[f"{path}!1"]
    second = by_path[f"{path}!2"]
    assert "Subject: second subject" in second
    assert "From the start" in second and ID in second


def test_msg_outlook(tmp_path: Path) -> None:
    path = F.write_msg(
        tmp_path / "note.msg",
        f"电话 {PHONE}\r\n身份证 {ID}",
        subject="客户资料",
        recipients=[("李四", "lisi@example.org")],
        attachments=[("ids.txt", ID.encode())],
    )
    by_path = texts(run(path))
    text = by_path[str(path)]
    assert "Subject: 客户资料" in text and "李四 <lisi@example.org>" in text
    assert f"电话 {PHONE}\r\n身份证 {ID}" in text
    assert by_path[f"{path}!ids.txt"] == ID


def test_msg_renamed_is_detected_by_its_streams(tmp_path: Path) -> None:
    path = F.write_msg(tmp_path / "note.bin", f"tel {PHONE}")
    assert PHONE in texts(run(path))[str(path)]
