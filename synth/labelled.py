"""A labelled corpus: synthetic documents in every supported format, with the ground truth.

    labels = generate(folder, n_docs=160, seed=1)      # writes files + folder/labels.json
    table = score(labels, findings)  # findings: dicts from `piaudit --format jsonl`
    print(format_table(table))

Each planted value is recorded with its path as piaudit reports it (the file path relative to
the corpus root, or "archive.zip!member"), its rule id, and, where the extracted text is the
file text itself (txt in any encoding, csv, json, logs, configs, and such members of archives),
its exact character offsets. For office, PDF, mail, vCard, SQLite and other extracted formats
only (path, rule) counts are known. Hard negatives are recorded too: any finding on one is a
false positive. Every value is synthetic (synth/people.py).

Matching: in offset files a finding is a true positive when it overlaps an unmatched label
of the same rule; a finding overlapping a label that lists the finding's rule in `alt` is
ignored (e.g. a secret that is also a `password=` assignment); every other finding is a
false positive. In count files, per (file, rule): TP = min(found, expected).
`optional` labels (values whose detection depends on the extractor's rendering, e.g. names
in vCards) are neither missed nor false when found.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import random
import tarfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from synth.people import Factory

GENERATOR_VERSION = 5
LABELS_NAME = "labels.json"

# The rules the accuracy test holds to a threshold.
CHECKSUM_RULES = (
    "identity.cn_resident_id",
    "identity.hk_id",
    "identity.tw_id",
    "financial.payment_card",
    "financial.iban",
    "basic.imei",
)
PHONE_EMAIL_RULES = (
    "contact.cn_mobile",
    "contact.cn_landline",
    "contact.intl_phone",
    "contact.us_phone",
    "contact.email",
)
NAME_ADDRESS_RULES = ("basic.person_name", "contact.cn_address", "contact.en_address")
THRESHOLDS: dict[str, float] = {
    **dict.fromkeys(CHECKSUM_RULES, 0.99),
    **dict.fromkeys(PHONE_EMAIL_RULES, 0.97),
    **dict.fromkeys(NAME_ADDRESS_RULES, 0.85),
}
SECRET_ALT = ("credential.password_assignment",)


# --- documents made of plain text and planted values -------------------------------------


@dataclass(slots=True)
class Plant:
    value: str
    rule: str  # "" for a hard negative
    also: tuple[str, ...] = ()  # other rules expected on the same span (minor.under14)
    alt: tuple[str, ...] = ()  # rules tolerated on the same span
    kind: str = ""  # negative kind
    optional: bool = False


Seg = str | Plant
Line = list[Seg]


def P(value: str, rule: str, **kw: Any) -> Plant:
    return Plant(value, rule, **kw)


@dataclass(slots=True)
class Doc:
    name: str  # file stem
    lang: str  # "zh" or "en"
    lines: list[Line] = field(default_factory=list)
    table: list[list[Seg]] | None = None  # header + rows, for tabular formats
    title: str = ""
    doc_rules: tuple[str, ...] = ()  # document-level findings expected (health.document ...)
    headers: list[Plant] = field(default_factory=list)  # values outside the text (mail headers)

    def text(self) -> tuple[str, list[tuple[int, int, Plant]]]:
        """The text and the spans of its plants (tables rendered as CSV)."""
        parts: list[str] = []
        spans: list[tuple[int, int, Plant]] = []
        pos = 0
        rows = self.table if self.table is not None else self.lines
        sep = "," if self.table is not None else ""
        for row in rows:
            for i, seg in enumerate(row):
                if i and sep:
                    parts.append(sep)
                    pos += 1
                s = seg if isinstance(seg, str) else seg.value
                if isinstance(seg, Plant):
                    spans.append((pos, pos + len(s), seg))
                parts.append(s)
                pos += len(s)
            parts.append("\n")
            pos += 1
        return "".join(parts), spans

    def plain_lines(self) -> list[str]:
        text, _ = self.text()
        return text.rstrip("\n").split("\n")

    def cells(self) -> list[list[str]]:
        assert self.table is not None
        return [[c if isinstance(c, str) else c.value for c in row] for row in self.table]


@dataclass(slots=True)
class Label:
    path: str
    rule: str  # "" for a hard negative
    start: int | None
    end: int | None
    value: str
    negative: bool = False
    kind: str = ""
    alt: tuple[str, ...] = ()
    optional: bool = False


# --- templates ------------------------------------------------------------------------

ZH_FILLER = (
    "本周例会讨论了第三季度的项目排期，各组需在周五前提交进度报告。",
    "会议室预订请提前一天在系统中登记，如需投影设备请联系行政部。",
    "天气转凉，请大家注意添衣保暖，办公室空调已调整为制热模式。",
    "新版报销流程自下月起执行，纸质发票需要粘贴在报销单背面。",
    "客户反馈整体满意，但希望交付周期能够再缩短一些。",
    "培训资料已上传到共享盘，请在月底前完成线上学习并参加考试。",
    "系统将于周六凌晨进行例行维护，届时服务会短暂不可用。",
    "图书馆新到一批技术书籍，欢迎同事们借阅并分享读书心得。",
)
EN_FILLER = (
    "The quarterly review is scheduled for next Thursday in the main conference room.",
    "Please remember to submit your expense reports before the end of the month.",
    "The new onboarding checklist has been uploaded to the shared drive.",
    "Our team shipped the migration ahead of schedule; thanks to everyone involved.",
    "The cafeteria will be closed on Friday for maintenance work.",
    "Feedback from the pilot customers was positive overall, with a few usability notes.",
    "Remember to lock your screen when you step away from your desk.",
    "The library has received a new batch of engineering books this week.",
)
ZH_GLUE = ("，", "；", "。", " ", "、")


class Templates:
    """Document templates; each returns a Doc. All values come from one Factory."""

    def __init__(self, f: Factory) -> None:
        self.f = f
        self.r = f.rng

    def filler(self, lang: str, n: int = 1) -> list[Line]:
        pool = ZH_FILLER if lang == "zh" else EN_FILLER
        return [[self.r.choice(pool)] for _ in range(n)]

    def neg(self) -> Line:
        kind, value, sentence = self.f.negative()
        i = sentence.index(value)
        return [sentence[:i], Plant(value, "", kind=kind), sentence[i + len(value) :]]

    def rid(self, child: bool | None = None) -> Plant:
        if child is None:
            child = self.r.random() < 0.12
        rid = self.f.resident_id(child=child)
        return P(rid, "identity.cn_resident_id", also=("minor.under14",) if child else ())

    # -- notes --
    def zh_note(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, "zh", title="客户回访记录")
        d.lines += self.filler("zh", 2)
        for _ in range(r.randint(3, 6)):
            p = f.person()
            style = r.random()
            if style < 0.35:  # glued to Chinese text, no separators (the `\b` trap)
                d.lines.append(
                    [
                        "姓名：",
                        P(p.name, "basic.person_name"),
                        "，身份证号",
                        self.rid(p.child),
                        "联系电话",
                        P(f.cn_mobile(styled=False), "contact.cn_mobile"),
                        "。",
                    ]
                )
            else:
                d.lines.append(["姓名：", P(p.name, "basic.person_name")])
                d.lines.append(["身份证号码：", self.rid(p.child)])
                d.lines.append(
                    [
                        "手机：",
                        P(p.mobile, "contact.cn_mobile"),
                        r.choice(ZH_GLUE),
                        "邮箱：",
                        P(p.email, "contact.email"),
                    ]
                )
                d.lines.append(["家庭住址：", P(p.address, "contact.cn_address")])
            if r.random() < 0.5:
                d.lines.append(["办公电话：", P(f.cn_landline(), "contact.cn_landline")])
            if r.random() < 0.4:
                d.lines.append(
                    ["银行卡号：", P(f.format_card(f.card_number()), "financial.payment_card")]
                )
            d.lines.append(self.neg())
            d.lines += self.filler("zh", r.randint(0, 2))
        return d

    def en_note(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, "en", title="Customer notes")
        d.lines += self.filler("en", 2)
        for _ in range(r.randint(3, 6)):
            p = f.person()
            d.lines.append(["Name: ", P(p.name_en, "basic.person_name")])
            d.lines.append(
                [
                    "SSN: ",
                    P(f.us_ssn(), "identity.us_ssn"),
                    "  Phone: ",
                    P(f.intl_phone(), "contact.intl_phone"),
                ]
            )
            d.lines.append(["Email: ", P(f.email(p.name_en), "contact.email")])
            d.lines.append(["Home address: ", P(f.en_address(), "contact.en_address")])
            if r.random() < 0.5:
                card = f.card_number(
                    r.choice(("visa", "mastercard", "mastercard2", "amex", "discover"))
                )
                d.lines.append(
                    [
                        "Credit card: ",
                        P(f.format_card(card), "financial.payment_card"),
                        " CVV: ",
                        P(f.cvv(card.startswith("3")), "financial.card_cvv"),
                        " Exp: ",
                        P(f.expiry(), "financial.card_expiry"),
                    ]
                )
            if r.random() < 0.4:
                d.lines.append(["IBAN: ", P(f.iban(), "financial.iban")])
            d.lines.append(self.neg())
            d.lines += self.filler("en", r.randint(0, 2))
        return d

    def id_docs(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, "zh", title="证件登记")
        for _ in range(r.randint(4, 7)):
            d.lines.append(["姓名：", P(f.cn_name(), "basic.person_name")])
            k = r.randrange(8)
            if k == 0:
                d.lines.append(["护照号码：", P(f.passport(), "identity.cn_passport")])
            elif k == 1:
                d.lines.append(["港澳通行证：", P(f.hk_macau_permit(), "identity.hk_macau_permit")])
            elif k == 2:
                d.lines.append(
                    ["台胞证号码：", P(f.tw_compatriot_permit(), "identity.tw_compatriot_permit")]
                )
            elif k == 3:
                d.lines.append(["澳门身份证：", P(f.macau_id(), "identity.macau_id")])
            elif k == 4:
                d.lines.append(
                    ["旧身份证号（15位）：", P(f.resident_id_15(), "identity.cn_resident_id_15")]
                )
            elif k == 5:
                d.lines.append(
                    ["身份证号：", P(f.resident_id_masked(), "identity.cn_resident_id_masked")]
                )
                d.lines.append(["手机：", P(f.cn_mobile_masked(), "contact.cn_mobile_masked")])
            elif k == 6:
                d.lines.append(["卡号：", P(f.card_masked(), "financial.payment_card_masked")])
            else:
                d.lines.append(
                    ["出生日期：", P(f.dob_text(f.birth_date(), "zh"), "basic.birth_date")]
                )
            d.lines.append(["香港身份证：", P(f.hkid(), "identity.hk_id")])
            d.lines.append(["台湾身份证字号：", P(f.tw_id(), "identity.tw_id")])
            d.lines.append(self.neg())
        d.lines += self.filler("zh", 2)
        return d

    def medical(self, name: str) -> Doc:
        f, r = self.f, self.r
        zh = r.random() < 0.7
        d = Doc(
            name,
            "zh" if zh else "en",
            title="病历" if zh else "Medical record",
            doc_rules=("health.document",),
        )
        p = f.person()
        if zh:
            d.lines.append(
                [
                    r.choice(("北京协和医院", "四川大学华西医院", "中山大学附属第一医院")),
                    " 门诊病历",
                ]
            )
            d.lines.append(["患者姓名：", P(p.name, "basic.person_name"), "  性别：", p.sex])
            d.lines.append(
                [
                    "出生日期：",
                    P(
                        f.dob_text(p.birth, "zh"),
                        "basic.birth_date",
                        also=("minor.under14",) if p.child else (),
                    ),
                ]
            )
            d.lines.append(["身份证号：", self.rid(p.child)])
            d.lines.append(["病历号：", P(f.medical_record_no(), "health.medical_record_no")])
            d.lines.append(["住院号：", P(f.admission_no(), "health.admission_no")])
            d.lines.append(["医保卡号：", P(f.insurance_no(), "health.insurance_no")])
            d.lines.append(["主诉：反复咳嗽两周，伴低热。既往史：高血压病史五年。"])
            d.lines.append(
                [
                    "诊断：",
                    r.choice(("2型糖尿病", "原发性高血压", "急性支气管炎", "慢性胃炎")),
                    "。处方：阿莫西林胶囊 0.5g 口服 每日三次；复诊：两周后门诊复查。",
                ]
            )
            d.lines.append(
                ["检查结果：血常规示白细胞升高，胸片提示双肺纹理增粗。医嘱：注意休息，清淡饮食。"]
            )
        else:
            d.lines.append(["Patient name: ", P(p.name_en, "basic.person_name")])
            d.lines.append(
                [
                    "Date of birth: ",
                    P(
                        f.dob_text(p.birth, "en"),
                        "basic.birth_date",
                        also=("minor.under14",) if p.child else (),
                    ),
                ]
            )
            d.lines.append(
                ["Medical record number: ", P(f.medical_record_no(), "health.medical_record_no")]
            )
            d.lines.append(
                ["Diagnosis: type 2 diabetes mellitus. Prescription: metformin 500 mg twice daily."]
            )
            d.lines.append(
                ["Treatment plan: follow-up visit in two weeks; lab tests: HbA1c, lipid panel."]
            )
            d.lines.append(
                ["Symptoms: fatigue, polyuria. Allergies: penicillin. Physician: on call."]
            )
        d.lines.append(self.neg())
        return d

    def addresses(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, "zh", title="收货地址")
        for _ in range(r.randint(5, 10)):
            if r.random() < 0.65:
                d.lines.append(
                    [
                        "收货人：",
                        P(f.cn_name(), "basic.person_name"),
                        " 电话：",
                        P(f.cn_mobile(), "contact.cn_mobile"),
                    ]
                )
                d.lines.append(["收货地址：", P(f.cn_address(), "contact.cn_address")])
            else:
                d.lines.append(["Name: ", P(f.en_name(), "basic.person_name")])
                d.lines.append(["Shipping address: ", P(f.en_address(), "contact.en_address")])
        d.lines.append(self.neg())
        return d

    def devices(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, r.choice(("zh", "en")), title="Device inventory")
        for _ in range(r.randint(4, 8)):
            d.lines.append([r.choice(("IMEI: ", "手机串号：")), P(f.imei(), "basic.imei")])
            d.lines.append(
                [r.choice(("MAC address: ", "MAC地址：")), P(f.mac(), "basic.mac_address")]
            )
            d.lines.append(
                [r.choice(("Last login IP: ", "登录IP：")), P(f.public_ipv4(), "basic.ip_address")]
            )
            d.lines.append(
                [r.choice(("GPS: ", "位置坐标：")), P(f.coordinates(), "location.coordinates")]
            )
            d.lines.append(self.neg())
        return d

    def negatives(self, name: str) -> Doc:
        d = Doc(name, self.r.choice(("zh", "en")), title="Build and order log")
        for _ in range(self.r.randint(8, 16)):
            d.lines.append(self.neg())
            if self.r.random() < 0.3:
                d.lines += self.filler(d.lang)
        return d

    # -- tables --
    def customers_zh(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, "zh", title="客户导出")
        d.table = [["姓名", "身份证号", "手机号", "邮箱", "地址", "银行卡号", "订单号"]]
        for _ in range(r.randint(8, 20)):
            p = f.person()
            _, order, _ = f.negative("order_no")
            d.table.append(
                [
                    P(p.name, "basic.person_name"),
                    self.rid(p.child),
                    P(f.cn_mobile(styled=False), "contact.cn_mobile"),
                    P(p.email, "contact.email"),
                    P(p.address, "contact.cn_address"),
                    P(f.card_number(), "financial.payment_card"),
                    Plant(order, "", kind="order_no"),
                ]
            )
        return d

    def customers_en(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, "en", title="Customer export")
        d.table = [["name", "ssn", "phone", "email", "iban", "card_number", "request_id"]]
        for _ in range(r.randint(8, 20)):
            nm = f.en_name()
            _, uid, _ = f.negative("uuid")
            d.table.append(
                [
                    P(nm, "basic.person_name"),
                    P(f.us_ssn(), "identity.us_ssn"),
                    P(f.intl_phone(), "contact.intl_phone"),
                    P(f.email(nm), "contact.email"),
                    P(f.iban(spaced=False), "financial.iban"),
                    P(
                        f.card_number(r.choice(("visa", "mastercard", "jcb"))),
                        "financial.payment_card",
                    ),
                    Plant(uid, "", kind="uuid"),
                ]
            )
        return d

    # -- json / logs / configs --
    def json_records(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, r.choice(("zh", "en")), title="records")
        d.lines.append(["["])
        n = r.randint(4, 10)
        for i in range(n):
            p = f.person()
            d.lines.append(
                [
                    '  {"姓名": "',
                    P(p.name, "basic.person_name"),
                    '", "身份证号": "',
                    self.rid(p.child),
                    '", "mobile": "',
                    P(f.cn_mobile(styled=False), "contact.cn_mobile"),
                    '", "email": "',
                    P(p.email, "contact.email"),
                    '", "imei": "',
                    P(f.imei(), "basic.imei"),
                    '", "created_ms": ',
                    Plant(f.negative("timestamp13")[1], "", kind="timestamp13"),
                    "}" + ("," if i < n - 1 else ""),
                ]
            )
        d.lines.append(["]"])
        return d

    def log(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, "en", title="app.log")
        for i in range(r.randint(15, 40)):
            ts = (f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} "
                  f"{r.randint(0, 23):02d}:{i % 60:02d}:{r.randint(0, 59):02d}")
            k = r.randrange(5)
            if k == 0:
                d.lines.append(
                    [
                        ts,
                        " INFO login ok user_phone=",
                        P(f.cn_mobile(styled=False), "contact.cn_mobile"),
                        " ip=",
                        P(f.public_ipv4(), "basic.ip_address"),
                    ]
                )
            elif k == 1:
                d.lines.append(
                    [
                        ts,
                        " INFO sent receipt to ",
                        P(f.email(), "contact.email"),
                        " request_id=",
                        Plant(f.negative("uuid")[1], "", kind="uuid"),
                    ]
                )
            elif k == 2:
                d.lines.append([ts, " DEBUG ", *self.neg()])
            elif k == 3:
                d.lines.append([ts, " WARN kyc check failed id_card=", self.rid()])
            else:
                d.lines.append(
                    [
                        ts,
                        " INFO build ",
                        Plant(f.negative("sha1")[1], "", kind="sha1"),
                        " ts=",
                        Plant(f.negative("timestamp10")[1], "", kind="timestamp10"),
                    ]
                )
        return d

    def config(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, "en", title="config")
        d.lines.append(["# service configuration"])
        d.lines.append(
            [
                "AWS_ACCESS_KEY_ID=",
                P(f.aws_access_key(), "credential.aws_access_key", alt=SECRET_ALT),
            ]
        )
        d.lines.append(
            [
                "aws_secret_access_key = ",
                P(f.aws_secret_key(), "credential.aws_secret_key", alt=SECRET_ALT),
            ]
        )
        d.lines.append(
            ["GITHUB_TOKEN=", P(f.github_token(), "credential.github_token", alt=SECRET_ALT)]
        )
        if r.random() < 0.6:
            d.lines.append(
                ["GITLAB_TOKEN=", P(f.gitlab_token(), "credential.gitlab_token", alt=SECRET_ALT)]
            )
            d.lines.append(
                ["SLACK_BOT_TOKEN=", P(f.slack_token(), "credential.slack_token", alt=SECRET_ALT)]
            )
        d.lines.append(
            [
                "GOOGLE_MAPS_API_KEY=",
                P(f.google_api_key(), "credential.google_api_key", alt=SECRET_ALT),
            ]
        )
        d.lines.append(
            ["STRIPE_SECRET_KEY=", P(f.stripe_key(), "financial.stripe_key", alt=SECRET_ALT)]
        )
        if r.random() < 0.6:
            d.lines.append(
                [
                    "ALIYUN_ACCESS_KEY_ID=",
                    P(f.alibaba_key(), "credential.alibaba_access_key", alt=SECRET_ALT),
                ]
            )
            d.lines.append(
                [
                    "TENCENTCLOUD_SECRET_ID=",
                    P(f.tencent_secret_id(), "credential.tencent_secret_id", alt=SECRET_ALT),
                ]
            )
        d.lines.append(["SESSION_TOKEN=", P(f.jwt(), "credential.jwt", alt=SECRET_ALT)])
        d.lines.append(
            ["DATABASE_URL=", P(f.url_with_password(), "credential.url_password", alt=SECRET_ALT)]
        )
        d.lines.append(["password=", P(f.password(), "credential.password_assignment")])
        d.lines.append(["# 数据库密码：", P(f.password(), "credential.password_assignment")])
        d.lines.append(["BUILD_ID=", Plant(f.negative("sha256")[1], "", kind="sha256")])
        d.lines.append(["RELEASE=", Plant(f.negative("git_sha")[1], "", kind="git_sha")])
        return d

    def private_key(self, name: str) -> Doc:
        f, r = self.f, self.r
        d = Doc(name, "en", title="key")
        k = r.randrange(4)
        key = (
            f.openssh_private_key(False),
            f.openssh_private_key(True),
            f.pem_private_key(False),
            f.pem_private_key(True),
        )[k]
        d.lines.append([P(key.rstrip("\n"), "credential.private_key")])
        return d

    def email_doc(self, name: str) -> Doc:
        f, r = self.f, self.r
        zh = r.random() < 0.5
        p = f.person()
        d = Doc(name, "zh" if zh else "en", title="资料更新" if zh else "Updated details")
        if zh:
            d.lines.append(["您好，我的资料更新如下："])
            d.lines.append(["姓名：", P(p.name, "basic.person_name")])
            d.lines.append(["手机：", P(p.mobile, "contact.cn_mobile")])
            d.lines.append(["身份证：", self.rid(p.child)])
            d.lines.append(["邮箱：", P(p.email, "contact.email")])
            d.lines.append(["地址：", P(p.address, "contact.cn_address")])
        else:
            d.lines.append(["Hi, please update my details:"])
            d.lines.append(["Name: ", P(p.name_en, "basic.person_name")])
            d.lines.append(["Phone: ", P(f.intl_phone(), "contact.intl_phone")])
            d.lines.append(["HKID: ", P(f.hkid(), "identity.hk_id")])
            d.lines.append(["Email: ", P(f.email(p.name_en), "contact.email")])
            d.lines.append(["Address: ", P(f.en_address(), "contact.en_address")])
        d.lines.append(self.neg())
        return d

    def contacts(self, name: str) -> Doc:
        """vCard address book: one person per row (name, mobile, e-mail)."""
        f, r = self.f, self.r
        d = Doc(name, "zh", title="contacts", doc_rules=("contact.vcard_list",))
        d.table = [["name", "mobile", "email"]]
        for _ in range(r.randint(3, 8)):
            nm = f.cn_name()
            d.table.append(
                [
                    P(nm, "basic.person_name", optional=True),
                    P(f.cn_mobile(styled=False), "contact.cn_mobile"),
                    P(f.email(), "contact.email"),
                ]
            )
        return d


TEXT_TEMPLATES = (
    "zh_note",
    "en_note",
    "id_docs",
    "medical",
    "addresses",
    "devices",
    "negatives",
    "email_doc",
)
TABLE_TEMPLATES = ("customers_zh", "customers_en")


# --- writing -------------------------------------------------------------------------


class Writer:
    """Writes docs to disk and records labels."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.labels: list[Label] = []
        self.files: dict[str, str] = {}  # path -> "offsets" | "count"
        self.doc_labels: list[Label] = []
        self.skipped: Counter[str] = Counter()

    def _record(self, path: str, doc: Doc, exact: bool) -> None:
        self.files[path] = "offsets" if exact else "count"
        _, spans = doc.text()
        for start, end, plant in spans:
            s, e = (start, end) if exact else (None, None)
            if not plant.rule:
                self.labels.append(
                    Label(path, "", s, e, plant.value, negative=True, kind=plant.kind)
                )
                continue
            for rule in (plant.rule, *plant.also):
                self.labels.append(
                    Label(path, rule, s, e, plant.value, alt=plant.alt, optional=plant.optional)
                )
        for plant in doc.headers:
            self.labels.append(
                Label(path, plant.rule, None, None, plant.value, optional=plant.optional)
            )
        for rule in doc.doc_rules:
            self.labels.append(Label(path, rule, None, None, "", optional=False))

    # plain-text formats: the decoded text is the document text, offsets are exact
    def text_bytes(self, doc: Doc, encoding: str) -> bytes | None:
        text, _ = doc.text()
        try:
            if encoding == "utf-16":
                return text.encode("utf-16")  # with BOM
            if encoding == "utf-8-sig":
                return text.encode("utf-8-sig")
            return text.encode(encoding)
        except UnicodeEncodeError:
            return None

    def write_text(self, doc: Doc, rel: str, encoding: str = "utf-8") -> bool:
        data = self.text_bytes(doc, encoding)
        if data is None:
            return False
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self._record(rel, doc, exact=True)
        return True

    def write_extracted(self, doc: Doc, rel: str, fmt: str) -> bool:
        """Office, PDF, mail, vCard, SQLite: through synth/formats.py; counts only."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            ok = write_format(fmt, path, doc)
        except Exception as exc:  # a writer that does not exist yet or rejects the doc
            self.skipped[f"{fmt}: {type(exc).__name__}: {exc}"[:120]] += 1
            ok = False
        if ok:
            self._record(rel, doc, exact=False)
        elif path.exists():
            path.unlink()
        return ok

    def write_archive(self, rel: str, members: Sequence[tuple[str, Doc, str]]) -> None:
        """`members`: (member name, doc, how) with how = an encoding for text or a format."""
        blobs: list[tuple[str, bytes, Doc, bool]] = []
        for name, doc, how in members:
            if how.startswith("fmt:"):
                tmp = self.root / ".tmp-member"
                tmp.parent.mkdir(parents=True, exist_ok=True)
                try:
                    if not write_format(how[4:], tmp, doc):
                        continue
                except Exception:
                    continue
                blobs.append((name, tmp.read_bytes(), doc, False))
                tmp.unlink()
            else:
                data = self.text_bytes(doc, how)
                if data is not None:
                    blobs.append((name, data, doc, True))
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".zip"):
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                for name, data, _, _ in blobs:
                    z.writestr(name, data)
        elif rel.endswith((".tar.gz", ".tgz", ".tar")):
            mode = "w" if rel.endswith(".tar") else "w:gz"
            with tarfile.open(path, mode) as t:
                for name, data, _, _ in blobs:
                    info = tarfile.TarInfo(name)
                    info.size = len(data)
                    info.mtime = 1_700_000_000
                    t.addfile(info, io.BytesIO(data))
        elif rel.endswith(".7z"):
            import py7zr

            with py7zr.SevenZipFile(path, "w") as z:
                for name, data, _, _ in blobs:
                    z.writestr(data, name)
        elif rel.endswith(".gz"):
            name, data, _, _ = blobs[0]
            blobs = blobs[:1]
            with gzip.GzipFile(path, "wb", mtime=0) as g:
                g.write(data)
        for name, _, doc, exact in blobs:
            self._record(f"{rel}!{name}", doc, exact)


def write_format(fmt: str, path: Path, doc: Doc) -> bool:
    """Write `doc` as `fmt` with helper-1's writers in synth/formats.py."""
    from synth import formats

    lines = doc.plain_lines()
    if fmt in ("xlsx", "ods", "sqlite"):
        rows = doc.cells() if doc.table is not None else [[ln] for ln in lines]
        fn: Callable[..., Any] = getattr(formats, f"write_{fmt}")
        fn(path, rows)
        return True
    if fmt == "vcf":
        assert doc.table is not None
        contacts = [{"name": row[0], "tel": row[1], "email": row[2]} for row in doc.cells()[1:]]
        formats.write_vcf(path, contacts)
        return True
    if fmt in ("eml", "mbox"):
        body = "\n".join(lines)
        heads = [h.value for h in doc.headers if not h.optional]
        kw = {"subject": doc.title, "sender": heads[0], "to": heads[1]}
        if fmt == "eml":
            formats.write_eml(path, body=body, **kw)
        else:
            formats.write_mbox(path, [formats.eml_bytes(body, **kw)])
        return True
    fn = getattr(formats, f"write_{fmt}")
    fn(path, lines)
    return True


# Which formats each template family is written in (cycled over the documents).
TEXT_FORMATS = (
    ("txt", "utf-8"),
    ("txt", "gbk"),
    ("txt", "utf-16"),
    ("md", "utf-8"),
    ("docx", "fmt"),
    ("odt", "fmt"),
    ("pdf", "fmt"),
    ("rtf", "fmt"),
    ("pptx", "fmt"),
    ("eml", "fmt"),
    ("txt", "utf-8-sig"),
    ("mbox", "fmt"),
)
TABLE_FORMATS = (
    ("csv", "utf-8-sig"),
    ("csv", "utf-8"),
    ("xlsx", "fmt"),
    ("ods", "fmt"),
    ("sqlite", "fmt"),
    ("csv", "gbk"),
)


NOISE_DOCS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("noise/ChangeLog", (
        "\tpwd: Jim Meyering",
        "\t* sm/passphrase.c: New file.",
        "\t* sm/passphrase.h: Likewise.",
        "\t* agent/gpg-agent.c, agent/preset-passphrase.c: Ditto.",
        "    lib/auth/srp_passwd.c: Fix NULL dereference in _gnutls_srp_entry",
        "    gnutls_utf8_password_normalize: avoid use of strlen()",
        "\tgpg: The option --passphrase= can be empty.",
        "    Fixes: https://oss-fuzz.com/testcase-detail/5390364397928448",
        "  * Added support for HTTP Basic authentication using http://user:pass@host URLs.",
        "  so workarounds like seq 0 0.000001 0.0000031 are no longer needed, longer lines",
    )),
    ("noise/test_client.py", (
        "    def load_cert_chain(self, certfile, keyfile=None, password=None):",
        "        self.key_password = key_password",
        "        user, password = 'wile', 'coyote'",
        "    PASSWD = 'test123'",
        "            self.zip.extract('test.txt', pwd='python')",
        "        password: _PasswordType | None = None,",
        "    url = 'http://User:Pass@www.python.org:080/doc/?query=yes#frag'",
        "    >>> geohash(37.421542, -122.085589, b'2005-05-26-10458.68')",
    )),
    ("noise/decimal.decTest", (
        "ddcan002 apply 0                      -> #2238000000000000",
        "dddiv4041 divide  5235714985079914   5235714985066131  ->  0.9999999999919389",
        "addx6240 add '6543210123456788' 0.499999999   -> '6543210123456788' Inexact",
        "reqNonce: 3843061514398340071",
    )),
    ("noise/url.md", (
        "const options = new URL('https://abc:xyz@example.com');",
        "  passphrase: 'top secret',",
        "PASSWORD=nodejs",
    )),
    ("noise/gcloud.1", (
        ".TP",
        "    \\-\\-region=us\\-central1 \\-\\-root\\-password=password123",
        "  \\-\\-username=user1 \\-\\-password=\"secure1\" \\e",
        ".EX",
        "group_name:password:GID:user_list",
        ".EE",
    )),
)


# --- issue 14: phones in international and US national format, English MAC keywords, SSH
# remotes that look like e-mail addresses. Own random stream (the documents above keep
# their draws); every planted phone is one python-phonenumbers validates.

CONTACT14_SEED = 14_000


def _valid_phone(make: Callable[[], str], region: str | None) -> str:
    import phonenumbers

    while True:
        value = make()
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                return value
        except phonenumbers.NumberParseException:
            continue


def _d(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


_US_AREAS = ("212", "415", "646", "917", "312", "617", "206", "303", "512", "702", "404")


def _us_parts(r: random.Random) -> tuple[str, str, str]:
    def make() -> str:
        return f"{r.choice(_US_AREAS)}{r.choice('23456789')}{_d(r, 2)}{_d(r, 4)}"

    v = _valid_phone(make, "US")
    return v[:3], v[3:6], v[6:]


def _intl(r: random.Random) -> str:
    kind = r.randrange(5)
    if kind == 0:
        return _valid_phone(lambda: f"+55 11 9{_d(r, 4)}-{_d(r, 4)}", None)
    if kind == 1:
        a, b, c = _us_parts(r)
        return f"+1 {a}-{b}-{c}"
    if kind == 2:
        return _valid_phone(lambda: f"+44 20 {r.choice('378')}{_d(r, 3)} {_d(r, 4)}", None)
    if kind == 3:
        return _valid_phone(lambda: f"+49 30 {r.choice('2345')}{_d(r, 7)}", None)
    return _valid_phone(lambda: f"+33 6 {_d(r, 2)} {_d(r, 2)} {_d(r, 2)} {_d(r, 2)}", None)


def _us_national(r: random.Random, style: int) -> str:
    a, b, c = _us_parts(r)
    return (f"({a}) {b}-{c}", f"{a}.{b}.{c}", f"{a}-{b}-{c}", f"1-{a}-{b}-{c}")[style]


_EN_FIRST = ("ana", "james", "maria", "li", "omar", "sofia", "lucas", "emma", "noah", "chloe")
_EN_LAST = ("silva", "smith", "lopez", "chen", "haddad", "rossi", "martin", "brown", "kim")
_MAIL_DOMAINS = ("gmail.com", "outlook.com", "acme-logistics.co.uk", "globo.com", "mail.de")
_FORGES = ("github.com", "gitlab.com", "bitbucket.org", "git.acme-corp.io")
_HOSTS = ("fileserver", "web01", "nas", "backup-box", "devbox")


def contact14_docs(seed: int) -> list[Doc]:
    """Documents for the classes of issue 14, made from their own random stream."""
    r = random.Random(seed + CONTACT14_SEED)
    docs: list[Doc] = []
    for n in range(20):
        d = Doc(f"contact14_{n:02d}", "en", title="Contact details")
        for _ in range(8):
            first, last = r.choice(_EN_FIRST), r.choice(_EN_LAST)
            mail = f"{first}.{last}{r.randint(1, 99)}@{r.choice(_MAIL_DOMAINS)}"
            k = r.randrange(10)
            if k == 0:  # international, no keyword
                d.lines.append([f"Reach {first.title()} at ", P(_intl(r), "contact.intl_phone"),
                                " after lunch."])
            elif k == 1:  # international, keyword ~45 characters away
                d.lines.append(["Phone (ask for the front desk, not the warehouse): ",
                                P(_intl(r), "contact.intl_phone")])
            elif k == 2:  # US strict shape, no keyword
                d.lines.append([f"{first.title()} {last.title()}, ",
                                P(_us_national(r, 0), "contact.us_phone"), ", weekdays"])
            elif k == 3:  # US other shapes, keyword up to ~50 characters away
                d.lines.append([r.choice(("Phone: ", "Cell: ", "Mobile (the one I carry even on "
                                          "weekends): ", "Call me on ")),
                                P(_us_national(r, r.randint(1, 3)), "contact.us_phone")])
            elif k == 4:  # US shape without a keyword: not reported
                v = _us_national(r, r.randint(1, 2))
                d.lines.append([EN_FILLER[0]])  # keeps the previous line's keyword away
                d.lines.append(["Part ", Plant(v, "", kind="us_shape_no_keyword"), " restocked."])
                d.lines.append([EN_FILLER[1]])
            elif k == 5:  # e-mail next to an SSH remote
                d.lines.append(["Email: ", P(mail, "contact.email")])
                forge = r.choice(_FORGES)
                repo = f"{last}/{r.choice(('api', 'web', 'infra'))}.git"
                remote = r.choice((f"git@{forge}:{repo}", f"git@{forge}"))
                d.lines.append(["git remote add origin ", Plant(remote, "", kind="ssh_remote")])
            elif k == 6:
                forge = r.choice(_FORGES)
                d.lines.append(["url = ssh://", Plant(f"git@{forge}", "", kind="ssh_remote"),
                                f"/{last}/app.git"])
                d.lines.append(["ssh -T ", Plant(f"git@{forge}", "", kind="ssh_remote")])
            elif k == 7:  # user@host: no real top-level domain; scp paths
                host = r.choice(_HOSTS)
                d.lines.append(["scp backup.tar ", Plant(f"{first}@{host}", "", kind="user_host"),
                                ":/srv/backups/"])
                d.lines.append(["rsync -a data/ ",
                                Plant(f"deploy@{host}.acme-corp.io", "", kind="scp_path"),
                                f":/home/{first}/"])
            elif k == 8:  # MAC addresses with English keywords
                mac = ":".join(f"{r.randrange(256) & 0xFC if i == 0 else r.randrange(256):02x}"
                               for i in range(6))
                label = r.choice(("Hardware address: ", "Physical Address. . . . . . . : ",
                                  "MAC: ", "the laptop's physical address is "))
                if "Physical Address." in label:
                    mac = mac.upper().replace(":", "-")
                d.lines.append([label, P(mac, "basic.mac_address")])
            else:  # plain e-mail, and numbers that are not phones
                d.lines.append([f"Write to {first.title()}: ", P(mail, "contact.email")])
                d.lines.append(["offset ", Plant(f"+{r.randint(1, 9)}{_d(r, 4)}", "",
                                                 kind="signed_number"), " bytes"])
        docs.append(d)
    return docs


# --- issue 14: IBANs in any formatting and from every registry country (Portugal), SSNs with
# dots, spaces and mixed separators, several cards on a line, Dankort / Maestro UK without a
# label, and card look-alikes (ID numbers, invoice numbers). Own random stream, after
# everything else: the documents above keep their draws.

FINANCIAL14_SEED = 14_100


def _digits14(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789") for _ in range(n))


def _iban14(r: random.Random) -> str:
    """A compact IBAN python-stdnum validates (national BBAN checks included)."""
    from stdnum import iban as std_iban

    from synth.people import iban_check_digits

    country, shape = r.choice((("PT", "n21"), ("DE", "n18"), ("GB", "BANK n14"),
                               ("NL", "BANK n10"), ("PT", "n21"), ("AT", "n16")))
    while True:
        if shape.startswith("BANK"):
            bank = r.choice(("NWBK", "BARC", "MIDL")) if country == "GB" else r.choice(
                ("ABNA", "INGB", "RABO"))
            bban = bank + _digits14(r, int(shape[6:]))
        else:
            bban = r.choice("123456789") + _digits14(r, int(shape[1:]) - 1)
        value = country + iban_check_digits(country, bban) + bban
        if std_iban.is_valid(value):
            return value


def _iban_styled(r: random.Random, v: str, style: int) -> str:
    """0 dashes, 1 dots, 2 groups of eight, 3 lower case in fours, 4 spaced in fours."""
    fours = [v[i : i + 4] for i in range(0, len(v), 4)]
    if style == 0:
        return "-".join(fours)
    if style == 1:
        return ".".join(fours)
    if style == 2:
        return " ".join(v[i : i + 8] for i in range(0, len(v), 8))
    if style == 3:
        return " ".join(fours).lower()
    return " ".join(fours)


def _ssn14(f: Factory, r: random.Random) -> str:
    d = f.us_ssn(dashes=False)
    a, b = r.choice(((".", "."), (" ", " "), ("-", " "), (".", "-"), (" ", "-")))
    return f"{d[:3]}{a}{d[3:5]}{b}{d[5:]}"


def _luhn_card(r: random.Random, prefix: str, length: int) -> str:
    from synth.people import luhn_complete

    while True:
        v = luhn_complete(prefix + _digits14(r, length - len(prefix) - 1))
        if len(set(v[len(prefix):])) > 4:
            return v


def _grouped(v: str, sep: str) -> str:
    return sep.join(v[i : i + 4] for i in range(0, len(v), 4))


def _id_lookalike(r: random.Random) -> str:
    """18 digits starting 62 (UnionPay-looking) that fail Luhn and are no valid resident ID."""
    from scanners.detection.validators.identity import cn_ric
    from synth.people import luhn_ok

    while True:
        v = "62" + _digits14(r, 16)
        if not luhn_ok(v) and cn_ric(v) is None:
            return v


def financial14_docs(seed: int, today: date) -> list[Doc]:
    f = Factory(seed + FINANCIAL14_SEED, today)
    r = random.Random(seed + FINANCIAL14_SEED + 1)
    docs: list[Doc] = []
    for n in range(20):
        d = Doc(f"financial14_{n:02d}", "en", title="Payment details")
        for j in range(8):
            # a filler line between cases keeps one case's keywords out of the next one's window
            d.lines.append([EN_FILLER[(n + j) % len(EN_FILLER)]])
            k = r.randrange(9)
            if k == 0:  # IBAN with dashes, dots or odd grouping (upper case): no keyword needed
                v = _iban_styled(r, _iban14(r), r.randrange(3))
                d.lines.append(["Transfer to ", P(v, "financial.iban"), " by Friday."])
            elif k == 1:  # lower case or spaced IBAN after a keyword
                v = _iban_styled(r, _iban14(r), r.choice((3, 4)))
                d.lines.append([r.choice(("IBAN: ", "iban ", "Bank account: ")),
                                P(v, "financial.iban")])
            elif k == 2:  # SSN with dots, spaces or mixed separators
                d.lines.append([r.choice(("SSN: ", "Social Security No. ", "ssn ")),
                                P(_ssn14(f, r), "identity.us_ssn")])
            elif k == 3:  # several cards on one line, different separators
                a = _luhn_card(r, r.choice(("4", "51", "52", "55")), 16)
                b = _luhn_card(r, r.choice(("4", "53", "54")), 16)
                c = _luhn_card(r, r.choice(("34", "37")), 15)
                d.lines.append(["Cards on file: ", P(_grouped(a, " "), "financial.payment_card"),
                                ", ", P(_grouped(b, "-"), "financial.payment_card"), " and ",
                                P(c, "financial.payment_card"), "."])
            elif k == 4:  # Dankort and Maestro UK without a label
                prefix = r.choice(("5019", "4571", "6759", "676770", "676774"))
                v = _luhn_card(r, prefix, 16)
                d.lines.append(["Paid with ", P(r.choice((v, _grouped(v, " "))),
                                                "financial.payment_card"), " yesterday."])
            elif k == 5:  # an ID number that looks like UnionPay and fails Luhn
                label = r.choice(("开户人身份证号：", "账户持有人证件号码 ",
                                  "Account holder ID number: "))
                d.lines.append([label,
                                Plant(_id_lookalike(r), "", kind="id_lookalike")])
            elif k == 6:  # a Luhn-valid invoice or order number
                v = _luhn_card(r, r.choice(("4", "52")), 16)
                d.lines.append([r.choice(("Invoice ", "invoice no. ", "发票号码 ", "订单号：")),
                                Plant(v, "", kind="invoice_no")])
            elif k == 7:  # SSN-shaped with an invalid area: not an SSN
                d.lines.append(["SSN: ", Plant(f"666.{r.randint(10, 99)}.{r.randint(1000, 9999)}",
                                               "", kind="ssn_invalid")])
            else:  # IBAN with a wrong check digit
                v = _iban14(r)
                bad = v[:2] + f"{(int(v[2:4]) + 1) % 100:02d}" + v[4:]
                d.lines.append(["IBAN: ", Plant(_iban_styled(r, bad, 0), "", kind="iban_bad")])
        docs.append(d)
    return docs


def generate(  # noqa: C901, PLR0915 - one branch per document kind, in corpus order
    root: Path, n_docs: int = 160, seed: int = 1, today: date | None = None
) -> dict[str, Any]:
    """Write the corpus under `root` and `root/labels.json`; return the labels dict."""
    root.mkdir(parents=True, exist_ok=True)
    f = Factory(seed, today or date.today())
    t = Templates(f)
    w = Writer(root)
    r = random.Random(seed + 1)
    n_text = n_table = 0
    for i in range(n_docs):
        slot = i % 10
        if slot < 6:
            tpl = TEXT_TEMPLATES[n_text % len(TEXT_TEMPLATES)]
            doc = getattr(t, tpl)(f"{tpl}_{i:04d}")
            ext, how = TEXT_FORMATS[n_text % len(TEXT_FORMATS)]
            if doc.lang == "en" and how == "gbk":
                how = "utf-8"
            n_text += 1
            if ext in ("eml", "mbox"):
                # sender and recipient are planted; the writer's fixed Message-ID and the
                # mbox "From " line hold addresses an extractor may or may not render
                doc.headers = [
                    P(f.email(), "contact.email"),
                    P(f.email(), "contact.email"),
                    P("synth-0001@example.com", "contact.email", optional=True),
                    P("synth@example.com", "contact.email", optional=True),
                ]
            if how == "fmt":
                if not w.write_extracted(doc, f"docs/{doc.name}.{ext}", ext):
                    w.write_text(doc, f"docs/{doc.name}.txt")
            elif not w.write_text(doc, f"docs/{doc.name}.{how.replace('-', '')}.{ext}", how):
                w.write_text(doc, f"docs/{doc.name}.{ext}")
        elif slot < 8:
            tpl = TABLE_TEMPLATES[n_table % len(TABLE_TEMPLATES)]
            doc = getattr(t, tpl)(f"{tpl}_{i:04d}")
            ext, how = TABLE_FORMATS[n_table % len(TABLE_FORMATS)]
            if doc.lang == "en" and how == "gbk":
                how = "utf-8"
            n_table += 1
            if how == "fmt":
                if not w.write_extracted(doc, f"exports/{doc.name}.{ext}", ext):
                    w.write_text(doc, f"exports/{doc.name}.csv")
            else:
                w.write_text(doc, f"exports/{doc.name}.{how.replace('-', '')}.csv", how)
        elif slot == 8:
            k = (i // 10) % 4
            if k == 0:
                doc = t.json_records(f"records_{i:04d}")
                w.write_text(doc, f"data/{doc.name}.json")
            elif k == 1:
                doc = t.log(f"app_{i:04d}")
                w.write_text(doc, f"logs/{doc.name}.log")
            elif k == 2:
                doc = t.config(f"svc_{i:04d}")
                w.write_text(
                    doc, f"config/{doc.name}/{r.choice(('.env', 'settings.ini', 'app.conf'))}"
                )
            else:
                doc = t.private_key(f"key_{i:04d}")
                w.write_text(
                    doc, f"keys/{doc.name}/{r.choice(('id_ed25519', 'id_rsa', 'server.key'))}"
                )
        else:
            k = (i // 10) % 5
            if k == 0:
                doc = t.contacts(f"contacts_{i:04d}")
                if not w.write_extracted(doc, f"contacts/{doc.name}.vcf", "vcf"):
                    w.write_text(doc, f"contacts/{doc.name}.csv")
            elif k == 1:
                w.write_archive(
                    f"archives/bundle_{i:04d}.zip",
                    [
                        ("notes/a.txt", t.zh_note("a"), "utf-8"),
                        ("export.csv", t.customers_zh("b"), "utf-8-sig"),
                        ("records.json", t.json_records("c"), "utf-8"),
                        ("report.docx", t.en_note("d"), "fmt:docx"),
                    ],
                )
            elif k == 2:
                w.write_archive(
                    f"archives/logs_{i:04d}.tar.gz",
                    [
                        ("var/log/app.log", t.log("e"), "utf-8"),
                        ("home/notes.txt", t.en_note("f"), "utf-8"),
                    ],
                )
            elif k == 3:
                w.write_archive(
                    f"archives/backup_{i:04d}.7z",
                    [
                        ("customers.csv", t.customers_en("g"), "utf-8"),
                        ("ids.txt", t.id_docs("h"), "utf-8"),
                    ],
                )
            else:
                w.write_archive(
                    f"archives/notes_{i:04d}.txt.gz",
                    [
                        (f"notes_{i:04d}.txt", t.zh_note("i"), "utf-8"),
                    ],
                )
    # photos with a GPS position in their EXIF data
    for i in range(max(2, n_docs // 25)):
        rel = f"photos/IMG_{i:04d}.jpg"
        lat, lon = (float(x) for x in f.coordinates().split(","))
        try:
            from synth import formats

            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            formats.write_jpeg_with_gps(root / rel, lat, lon)
        except Exception as exc:
            w.skipped[f"jpeg: {type(exc).__name__}: {exc}"[:120]] += 1
            continue
        w.files[rel] = "count"
        w.labels.append(Label(rel, "location.exif_gps", None, None, f"{lat:.4f},{lon:.4f}"))
    # Documentation, changelogs, source code and man pages: nothing personal in them (the
    # noise of issue 12), so any finding there is a false positive. Fixed text and no random
    # draws: every document above is the same with or without these.
    for rel, lines in NOISE_DOCS:
        w.write_text(Doc(rel.rsplit("/", 1)[-1].split(".")[0], "en", [[ln] for ln in lines]), rel)
    # Issue 14 (phones, MAC keywords, SSH remotes): own random stream, after everything else.
    for doc in contact14_docs(seed):
        w.write_text(doc, f"docs/{doc.name}.txt")
    # Issue 14 (IBAN formatting, SSN separators, cards): own random stream, after the above.
    for doc in financial14_docs(seed, f.today):
        w.write_text(doc, f"docs/{doc.name}.txt")
    # Issue 14 (postal addresses in CSV/JSON/XLSX exports and labelled prose): own random
    # stream, after the above (synth/labelled_address.py).
    from synth.labelled_address import address_docs

    for rel, doc in address_docs(seed):
        if rel.endswith(".xlsx"):
            w.write_extracted(doc, rel, "xlsx")
        else:
            w.write_text(doc, rel)
    # National numbers of other countries (letters and exports headed by the scheme): own
    # random stream, after the above (synth/national_ids.py).
    from synth.national_ids import labelled_docs

    for name, rows in labelled_docs(seed):
        segs: list[Line] = [
            [P(text, rule) if rule else P(text, "", kind=kind) if kind else text
             for text, rule, kind in row]
            for row in rows
        ]
        if name.startswith("national_ids_export"):
            w.write_text(Doc(name, "en", table=segs), f"exports/{name}.csv")
        else:
            w.write_text(Doc(name, "en", segs), f"docs/{name}.txt")
    # Passports' and ID cards' machine-readable zones (synth/mrz.py) and Bitcoin addresses
    # (synth/wallets.py): own random streams.
    from synth.mrz import labelled_docs as mrz_docs
    from synth.wallets import labelled_docs as wallet_docs

    for name, rows in [*mrz_docs(seed), *wallet_docs(seed)]:
        w.write_text(Doc(name, "en", [
            [P(text, rule) if rule else P(text, "", kind=kind) if kind else text
             for text, rule, kind in row] for row in rows]), f"docs/{name}.txt")
    # Bank accounts, QQ numbers, WeChat IDs and passports of other countries, found by their
    # label (synth/accounts.py): own random stream, after the above.
    from synth.accounts import labelled_docs as account_docs

    for name, rows in account_docs(seed):
        segs = [[P(text, rule) if rule else P(text, "", kind=kind) if kind else text
                 for text, rule, kind in row] for row in rows]
        if name.startswith("accounts_export"):
            w.write_text(Doc(name, "en", table=segs), f"exports/{name}.csv")
        else:
            w.write_text(Doc(name, "en", segs), f"docs/{name}.txt")
    data = {
        "version": GENERATOR_VERSION,
        "seed": seed,
        "today": f.today.isoformat(),
        "files": w.files,
        "labels": [asdict(lb) for lb in w.labels],
        "skipped": dict(w.skipped),
    }
    (root / LABELS_NAME).write_text(
        json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8"
    )
    return data


# --- scoring ---------------------------------------------------------------------------


@dataclass(slots=True)
class RuleScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_examples: list[str] = field(default_factory=list)
    fn_examples: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _canonical(path: str, root: str, files: Mapping[str, str]) -> str:
    p = path
    if root and p.startswith(root):
        p = p[len(root) :].lstrip("/" + os.sep)
    p = p.replace(os.sep, "/")
    probe = p
    while probe not in files and "!" in probe:
        probe = probe.rsplit("!", 1)[0]
    return probe if probe in files else p


def score(  # noqa: C901 - the scoring rules of the labelled corpus, in one place
    labels: Mapping[str, Any],
    findings: Iterable[Mapping[str, Any]],
    root: str | Path = "",
    max_examples: int = 8,
) -> dict[str, RuleScore]:
    files: Mapping[str, str] = labels["files"]
    root_s = str(root).rstrip("/") + "/" if root else ""
    by_path: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for lb in labels["labels"]:
        by_path[lb["path"]].append(dict(lb, matched=False))
    found_by_path: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for fd in findings:
        path = fd.get("path") or fd.get("location") or ""
        found_by_path[_canonical(str(path), root_s, files)].append(fd)
    scores: dict[str, RuleScore] = defaultdict(RuleScore)

    def ex(lst: list[str], text: str) -> None:
        if len(lst) < max_examples:
            lst.append(text)

    for path in set(by_path) | set(found_by_path):
        lbs = by_path.get(path, [])
        fds = found_by_path.get(path, [])
        mode = files.get(path, "count")
        if mode == "offsets":
            for fd in sorted(fds, key=lambda x: x.get("start") or 0):
                rule, s, e = fd["rule"], fd.get("start"), fd.get("end")
                hit = None
                tolerated = False
                negative = None
                if s is not None and e is not None:
                    for lb in lbs:
                        if lb["start"] is None or lb["start"] >= e or lb["end"] <= s:
                            continue
                        if lb["rule"] == rule and not lb["matched"]:
                            hit = lb
                            break
                        if lb["negative"]:
                            negative = lb
                        elif rule in lb["alt"] or lb["rule"] == rule:
                            tolerated = True
                else:  # a document-level finding
                    for lb in lbs:
                        if lb["rule"] == rule and lb["start"] is None and not lb["matched"]:
                            hit = lb
                            break
                if hit is not None:
                    hit["matched"] = True
                    if not hit["optional"]:
                        scores[rule].tp += 1
                elif not tolerated:
                    scores[rule].fp += 1
                    what = (
                        f"on negative {negative['kind']} {negative['value']!r}" if negative else ""
                    )
                    ex(scores[rule].fp_examples, f"{path}@{s}-{e} {fd.get('preview', '')!r} {what}")
            for lb in lbs:
                if lb["rule"] and not lb["matched"] and not lb["optional"]:
                    scores[lb["rule"]].fn += 1
                    ex(scores[lb["rule"]].fn_examples, f"{path}@{lb['start']} {lb['value']!r}")
        else:
            expected = Counter(lb["rule"] for lb in lbs if lb["rule"] and not lb["optional"])
            optional = Counter(lb["rule"] for lb in lbs if lb["rule"] and lb["optional"])
            tolerated = Counter(a for lb in lbs if lb["rule"] for a in lb["alt"])
            got = Counter(fd["rule"] for fd in fds)
            for rule in set(expected) | set(got):
                exp, n = expected[rule], got[rule]
                tp = min(exp, n)
                scores[rule].tp += tp
                if n > exp:
                    extra = max(0, n - exp - optional[rule] - tolerated[rule])
                    scores[rule].fp += extra
                    if extra:
                        prev = [fd.get("preview", "") for fd in fds if fd["rule"] == rule][:3]
                        ex(scores[rule].fp_examples, f"{path} found {n} expected {exp}: {prev}")
                if exp > n:
                    scores[rule].fn += exp - n
                    vals = [lb["value"] for lb in lbs if lb["rule"] == rule][:3]
                    ex(scores[rule].fn_examples, f"{path} found {n} of {exp}: e.g. {vals}")
    return dict(scores)


def format_table(scores: Mapping[str, RuleScore]) -> str:
    rows = [f"{'rule':40} {'TP':>6} {'FP':>5} {'FN':>5} {'prec':>7} {'recall':>7} {'target':>7}"]
    for rule in sorted(scores):
        s = scores[rule]
        target = THRESHOLDS.get(rule)
        mark = ""
        if target is not None:
            mark = "ok" if min(s.precision, s.recall) >= target else "BELOW"
        rows.append(
            f"{rule:40} {s.tp:6d} {s.fp:5d} {s.fn:5d} {s.precision:7.3f} {s.recall:7.3f} "
            f"{(f'{target:.2f}' if target else ''):>7} {mark}"
        )
    return "\n".join(rows)


def restrict(labels: Mapping[str, Any], keep: Callable[[str, str], bool]) -> dict[str, Any]:
    """The labels of the files for which `keep(path, mode)` is true."""
    files = {p: m for p, m in labels["files"].items() if keep(p, m)}
    return dict(labels, files=files, labels=[lb for lb in labels["labels"] if lb["path"] in files])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rec = json.loads(line)
                if "rule" in rec:
                    out.append(rec)
    return out


def detect_directly(root: Path, labels: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Run scanners.detection.detect.Detector on the plain-text files only (for use before the
    CLI exists)."""
    from scanners.detection.detect import Detector
    from scanners.detection.rules import load_rules

    det = Detector(load_rules())
    out: list[dict[str, Any]] = []
    for rel, mode in labels["files"].items():
        if mode != "offsets" or "!" in rel:
            continue
        raw = (root / rel).read_bytes()
        encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gbk")
        text = ""
        for enc in encodings:
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        columns = delim = None
        if rel.endswith(".csv"):
            columns = next(csv.reader([text.split("\n", 1)[0]]))
            delim = ","
        for m in det.detect(text, columns=columns, delimiter=delim):
            out.append(
                {"path": rel, "rule": m.rule.id, "start": m.start, "end": m.end, "preview": m.value}
            )
    return out


if __name__ == "__main__":
    import argparse
    import sys

    ap = argparse.ArgumentParser(description="write the labelled corpus and optionally score it")
    ap.add_argument("folder", type=Path)
    ap.add_argument("--docs", type=int, default=160)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--score", type=Path, help="a piaudit jsonl findings file to score")
    ap.add_argument("--direct", action="store_true",
                    help="score scanners.detection.detect on text files")
    a = ap.parse_args()
    lab = generate(a.folder, a.docs, a.seed)
    print(
        f"{len(lab['files'])} files, {len(lab['labels'])} labels; skipped: {lab['skipped']}",
        file=sys.stderr,
    )
    if a.score or a.direct:
        fds = read_jsonl(a.score) if a.score else detect_directly(a.folder, lab)
        if a.direct:
            lab = restrict(lab, lambda p, m: m == "offsets" and "!" not in p)
        print(format_table(score(lab, fds, a.folder)))
