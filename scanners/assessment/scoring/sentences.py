"""The score in words: what "Why this score" says first (`Headline`) as one
sentence in English or Chinese, with the nouns of categories, rules, stores and access facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Headline:
    """What "Why this score" says first: the largest group of exposure, language-neutral."""

    category: str  # the dominant category
    count: int  # people (or items, for credentials and the like) in it
    kinds: tuple[str, ...]  # rules or categories that make up the group, worst first
    files: int  # locations holding the dominant category's values
    folder: str  # the folder they share, relative to home ("" = the home folder itself)
    stores: tuple[str, ...] = ()  # application stores among the locations (scanner ids)
    access: tuple[str, ...] = ()  # access facts shared by every file of the group
    some_access: tuple[str, ...] = ()  # access facts of some of the files only


# --------------------------------------------------------------------------- in words

# Categories whose values are people's data: the sentence counts people ("240 people's").
PERSON_CATEGORIES = frozenset({"identity", "financial", "contact", "health", "biometric",
                               "minor", "location", "basic"})

CATEGORY_WORDS_ZH = {
    "identity": "身份", "financial": "金融", "credential": "凭据", "contact": "联系方式",
    "location": "位置", "health": "健康", "biometric": "生物识别", "minor": "未成年人",
    "behaviour": "行为", "communications": "通信", "basic": "基本信息", "permission": "权限",
}
# What a category's or a rule's values are, in the plural (en) and in Chinese.
_CATEGORY_NOUNS: dict[str, tuple[str, str]] = {
    "identity": ("identity document numbers", "证件号码"),
    "financial": ("financial account details", "金融账户信息"),
    "credential": ("credentials", "凭据"),
    "contact": ("phone numbers and addresses", "联系方式"),
    "location": ("locations", "位置信息"),
    "health": ("health records", "健康记录"),
    "biometric": ("biometric data", "生物识别信息"),
    "minor": ("details of children under 14", "未满十四周岁儿童的信息"),
    "behaviour": ("activity records", "行为记录"),
    "communications": ("messages", "通信内容"),
    "basic": ("names and birth dates", "姓名和出生日期"),
    "permission": ("app permissions", "应用权限"),
}
_RULE_NOUNS: dict[str, tuple[str, str]] = {
    "identity.cn_resident_id": ("ID numbers", "身份证号"),
    "identity.cn_resident_id_15": ("ID numbers", "身份证号"),
    "identity.cn_resident_id_masked": ("masked ID numbers", "脱敏身份证号"),
    "identity.cn_passport": ("passport numbers", "护照号"),
    "identity.us_ssn": ("social security numbers", "社会安全号"),
    "identity.passport_number": ("passport numbers", "护照号"),
    "identity.driver_license": ("driving licence numbers", "驾驶证号"),
    "financial.bank_account": ("bank account numbers", "银行账号"),
    "contact.qq_number": ("QQ numbers", "QQ 号"),
    "contact.wechat_id": ("WeChat IDs", "微信号"),
    "health.us_mbi": ("Medicare numbers", "医疗保险号"),
    "financial.payment_card": ("bank cards", "银行卡号"),
    "financial.payment_card_masked": ("masked bank cards", "脱敏银行卡号"),
    "financial.iban": ("IBANs", "IBAN 账号"),
    "contact.cn_mobile": ("mobile numbers", "手机号"),
    "contact.intl_phone": ("phone numbers", "电话号码"),
    "contact.national_phone": ("phone numbers", "电话号码"),
    "contact.cn_landline": ("phone numbers", "电话号码"),
    "contact.email": ("e-mail addresses", "电子邮箱"),
    "contact.cn_address": ("home addresses", "住址"),
    "contact.en_address": ("home addresses", "住址"),
    "contact.intl_address": ("home addresses", "住址"),
    "contact.vcard_list": ("contact cards", "联系人名片"),
    "credential.private_key": ("private keys", "私钥"),
    "credential.aws_access_key": ("cloud access keys", "云服务密钥"),
    "credential.aws_secret_key": ("cloud access keys", "云服务密钥"),
    "credential.alibaba_access_key": ("cloud access keys", "云服务密钥"),
    "credential.tencent_secret_id": ("cloud access keys", "云服务密钥"),
    "credential.password_assignment": ("passwords", "密码"),
    "credential.url_password": ("passwords", "密码"),
    "basic.person_name": ("names", "姓名"),
    "basic.birth_date": ("birth dates", "出生日期"),
    "health.document": ("medical documents", "病历文件"),
    "health.medical_record_no": ("medical record numbers", "病历号"),
    "location.exif_gps": ("photo locations", "照片位置"),
    "location.coordinates": ("GPS coordinates", "坐标"),
    "minor.under14": ("children's ID numbers", "儿童身份证号"),
}
_STORE_NOUNS: dict[str, tuple[str, str]] = {
    "logins": ("saved passwords", "保存的密码"), "cards": ("saved bank cards", "保存的银行卡"),
    "credit_cards": ("saved bank cards", "保存的银行卡"),
    "history": ("browsing history", "浏览记录"), "cookies": ("cookies", "Cookie"),
    "autofill": ("form entries", "表单记录"), "addresses": ("saved addresses", "保存的地址"),
    "ibans": ("saved IBANs", "保存的 IBAN"),
    "aws": ("cloud access keys", "云服务密钥"), "azure": ("cloud access keys", "云服务密钥"),
    "gcloud": ("cloud access keys", "云服务密钥"), "netrc": ("passwords", "密码"),
    "git_credentials": ("passwords", "密码"),
}
_FOLDERS_ZH = {"Documents": "文档", "Downloads": "下载", "Desktop": "桌面", "Pictures": "图片",
               "Music": "音乐", "Videos": "视频", "Public": "公共"}
ACCESS_WORDS: dict[str, tuple[str, str]] = {
    "world_readable": ("readable by every user of this computer", "本机所有用户均可读取"),
    "cloud": ("synced to the cloud", "会同步到云端"),
    "removable": ("on removable media", "位于移动存储设备上"),
    "shared": ("in a shared folder", "位于共享文件夹"),
    "unprotected-key": ("without a passphrase", "未设口令"),
    "weak-key": ("protected only by a publicly known key", "仅由公开的密钥保护"),
    "plaintext": ("stored in the clear", "以明文保存"),
}


def _noun(kind: str, zh: bool) -> str:
    pair = _RULE_NOUNS.get(kind)
    if pair is None and kind.startswith("stores."):  # stores.ssh.private_key, ...logins
        last = kind.rsplit(".", 1)[-1]
        pair = _STORE_NOUNS.get(last) or next(
            (v for k, v in _RULE_NOUNS.items() if k.endswith("." + last)), None)
    if pair is None:
        pair = _CATEGORY_NOUNS.get(kind.split(".", 1)[0], (kind, kind))
    return pair[1] if zh else pair[0]


def _join(words: Sequence[str], zh: bool) -> str:
    words = list(dict.fromkeys(words))  # two rules may share a noun (ID numbers, 15 and 18)
    if len(words) <= 1:
        return "".join(words)
    if zh:
        return "、".join(words[:-1]) + "和" + words[-1]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _where(h: Headline, zh: bool) -> str:
    apps = [s.split(".", 1)[-1].split(".")[0].capitalize() for s in h.stores]
    if h.files == 1 and not h.stores:
        return ""  # the caller names the folder alone
    if h.stores and h.files == len(h.stores):
        return ("、".join(apps) + " 的数据中") if zh else "in " + _join(apps, False) + "'s data"
    return ""


def headline_sentence(h: Headline | None, lang: str = "en") -> str:
    """One sentence: "240 people's ID numbers and bank cards sit in 6 files in Documents,
    readable by every user of this computer." / "文档中 6 个文件存有 240 人的身份证号和银行卡号，
    本机所有用户均可读取。" """
    zh = lang.startswith("zh")
    if h is None:
        return "扫描范围内未发现暴露的个人信息。" if zh else \
            "No exposed personal information was found in what was scanned."
    kinds = _join([_noun(k, zh) for k in h.kinds], zh)
    person = h.category in PERSON_CATEGORIES
    folder = h.folder
    if zh:
        place = _FOLDERS_ZH.get(folder, folder) if folder else "主目录"
        where = _where(h, True) or (f"{place}中 {h.files} 个文件" if h.files > 1
                                    else f"{place}中的 1 个文件")
        what = (f"{h.count} 人的{kinds}" if person
                else f"{_CATEGORY_NOUNS.get(h.category, ('', h.category))[1]}（{kinds}）")
        access = [ACCESS_WORDS[a][1] for a in h.access]
        if "world_readable" in h.some_access:
            access.append("其中部分文件本机所有用户均可读取")
        gap = " " if person else ""  # a space before a number, none before words
        return f"{where}存有{gap}{what}" + "".join("，" + a for a in access) + "。"
    place = folder if folder else "your home folder"
    where = _where(h, False) or (f"in {h.files} files in {place}" if h.files > 1
                                 else f"in a file in {place}")
    if person:
        who = "One person's" if h.count == 1 else f"{h.count:,} people's"
        what = f"{who} {kinds}"
    else:
        noun = _CATEGORY_NOUNS.get(h.category, (h.category, ""))[0]
        what = f"{noun.capitalize()} ({kinds})"
    verb = "sit"
    access = [ACCESS_WORDS[a][0] for a in h.access]
    if "world_readable" in h.some_access:
        access.append("some of them readable by every user of this computer")
    return f"{what} {verb} {where}" + "".join(", " + a for a in access) + "."
