"""Labelled documents for issue 14's full-width and spaced forms, in synth/labelled.py's format.

PRC ID numbers, mobiles, e-mails and card numbers typed with a Chinese input method in
full-width characters (`１１０１１３１９４９１２３１００２Ｘ`, `ｚｈａｎｇ＠ｑｑ．ｃｏｍ`),
separated by ideographic spaces or full-width hyphens; ID numbers written in groups
(`110113 19491231 002X`, `1101 1319 4912 3100 2X`); e-mails with PDF ligatures (`oﬃce@…`);
and hard negatives of the same shapes (a wrong check character, mixed separators, an order
number). Every value is synthetic (synth/people.py); the documents are plain text, so every
label has exact offsets.

    from synth.labelled import Writer
    w = Writer(root)
    for doc in widths14_docs(seed=1, today=date.today()):
        w.write_text(doc, f"widths14/{doc.name}.txt")
"""

from __future__ import annotations

import random
from datetime import date

from synth.labelled import EN_FILLER, ZH_FILLER, Doc, P, Plant
from synth.people import Factory

WIDTHS14_SEED = 14_300
RULES = (
    "identity.cn_resident_id",
    "contact.cn_mobile",
    "contact.email",
    "financial.payment_card",
)


def wide(text: str) -> str:
    """`text` with its ASCII letters, digits and punctuation in full-width forms."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _id_grouped(v: str, r: random.Random) -> str:
    sep = r.choice((" ", " ", "-", "\u3000"))
    k = r.randrange(3)
    if k == 0:
        return sep.join((v[:6], v[6:14], v[14:]))
    if k == 1:
        return sep.join((v[:6], v[6:10], v[10:14], v[14:]))
    return sep.join((v[:4], v[4:8], v[8:12], v[12:16], v[16:]))


def _bad_check(v: str) -> str:
    """The same ID number with a wrong check character."""
    chars = "0123456789X"
    return v[:17] + chars[(chars.index(v[17]) + 1 + len(v) % 3) % 11]


def _mobile_styled(num: str, r: random.Random) -> str:
    k = r.randrange(4)
    if k == 0:
        return wide(num)
    if k == 1:
        return wide(f"{num[:3]}-{num[3:7]}-{num[7:]}")
    if k == 2:
        return "\u3000".join((wide(num[:3]), wide(num[3:7]), wide(num[7:])))
    return wide("+86 ") + wide(num)


def _ligatured(mail: str) -> str:
    """An e-mail as PDF text extraction gives it: "ffi", "fi", "fl" as ligature signs."""
    for plain, sign in (("ffi", "\ufb03"), ("ff", "\ufb00"), ("fi", "\ufb01"), ("fl", "\ufb02")):
        mail = mail.replace(plain, sign)
    return mail


_LIGATURE_LOCALS = ("office", "finance", "staff", "flora.li", "fiona", "jeff.zhang")


def _case(f: Factory, r: random.Random, k: int) -> list[list[str | Plant]]:
    """One case (one or two lines) of kind `k`."""
    if k == 0:  # full-width ID number after a label
        label = r.choice(("身份证号：", "ＩＤ：", "证件号码 ", "公民身份号码："))
        return [[label, P(wide(f.resident_id()), "identity.cn_resident_id")]]
    if k == 1:  # ID number in groups (spaces, hyphens, ideographic spaces), maybe full-width
        v = _id_grouped(f.resident_id(), r)
        v = wide(v) if r.random() < 0.3 else v
        label = r.choice(("身份证：", "ID number ", "持证人身份证 ", ""))
        return [[label, P(v, "identity.cn_resident_id"), r.choice(("。", "", "，已核验。"))]]
    if k == 2:  # full-width mobile
        return [[r.choice(("手机：", "联系电话 ", "电话：", "请拨打")),
                 P(_mobile_styled(f.cn_mobile(styled=False), r), "contact.cn_mobile")]]
    if k == 3:  # full-width e-mail
        mail = f.email()
        return [[r.choice(("邮箱：", "电子邮件 ", "Ｅｍａｉｌ：")), P(wide(mail), "contact.email")]]
    if k == 4:  # e-mail with ligatures, as extracted from a PDF
        mail = f"{r.choice(_LIGATURE_LOCALS)}{r.randint(1, 99)}@{f.email().split('@')[1]}"
        return [["Contact: ", P(_ligatured(mail), "contact.email"), " for details."]]
    if k == 5:  # full-width card number after a label, in fours
        n = f.card_number(r.choice(("visa", "mastercard", "unionpay")))
        v = " ".join(n[i : i + 4] for i in range(0, len(n), 4)) if len(n) in (16, 19) else n
        sep = r.choice((" ", "\u3000"))
        return [[r.choice(("卡号：", "银行卡 ", "信用卡号 ")),
                 P(wide(v).replace(" ", sep), "financial.payment_card")]]
    if k == 6:  # full-width ID with a wrong check character: not an ID
        return [["身份证号：", Plant(wide(_bad_check(f.resident_id())), "", kind="id_bad_check")]]
    if k == 7:  # grouped ID with mixed separators, or an order number: not reported
        v = f.resident_id()
        if r.random() < 0.5:
            return [["编号 ", Plant(f"{v[:6]} {v[6:14]}-{v[14:]}", "", kind="id_mixed_sep")]]
        return [["订单号：", Plant(wide(v[:17] + "1"), "", kind="order_no")]]
    # full-width prose punctuation around plain values: found as before
    return [[r.choice(ZH_FILLER)],
            ["联系人手机", P(f.cn_mobile(styled=False), "contact.cn_mobile"), "，邮箱",
             P(f.email(), "contact.email"), "；谢谢！"]]


# Filler without the words that silence a match nearby (发票, 订单 ...): two filler lines
# between cases keep one case's words out of the next one's context window.
_FILLER = tuple(x for x in ZH_FILLER + EN_FILLER if "发票" not in x and "单" not in x)


def widths14_docs(seed: int, today: date, n_docs: int = 24) -> list[Doc]:
    """Documents of full-width and spaced cases, from their own random stream."""
    f = Factory(seed + WIDTHS14_SEED, today)
    r = random.Random(seed + WIDTHS14_SEED + 1)
    docs: list[Doc] = []
    for n in range(n_docs):
        d = Doc(f"widths14_{n:02d}", "zh", title="全角与分组写法")
        for j in range(10):
            d.lines.append([_FILLER[(n + j) % len(_FILLER)]])
            d.lines.append([_FILLER[(n + j + 3) % len(_FILLER)]])
            d.lines.extend(_case(f, r, r.randrange(9)))
        docs.append(d)
    return docs
