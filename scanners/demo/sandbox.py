"""`piaudit demo create`: a synthetic leaky machine in one folder, the same bytes for the
same seed.

    DIR/README-DEMO.txt        what this is (every value is invented)
    DIR/piaudit-demo.json      the marker the demo commands look for: seed, scenario
    DIR/home/                  the home the demo audits: documents, spreadsheets, exports,
                               photos with GPS, browsers, an SSH key, cloud keys, Flatpak
    DIR/phone/                 a recorded phone: a fake `adb` and the phone's state
    DIR/sysroot/               an empty system root (the demo never reads the real one)
    DIR/.piaudit/              created by `demo scan`: the sandbox's own key, log, cache

Every file and folder gets a fixed mode and modification time, zip members are sorted and
dated, databases hold no time of creation: two runs with one seed compare equal byte for
byte (tests/unit/test_demo_create.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scanners.demo import phone as phone_mod
from scanners.demo import stores, writers
from scanners.demo.cast import Cast, DemoPerson, cast

MARKER = "piaudit-demo.json"
README = "README-DEMO.txt"
HOME, PHONE, SYSROOT, PRIVATE = "home", "phone", "sysroot", ".piaudit"
SCENARIOS = ("home", "office", "phone")
FIXED_TIME = 1_704_164_646  # 2024-01-02 03:04:06 UTC: every mtime in the sandbox
PEOPLE = 12
# customers in the lists the home keeps, per scenario (the score's mass)
CUSTOMERS = {"home": 240, "office": 300, "phone": 200}


class DemoError(Exception):
    """The demo cannot do what was asked (a folder that is not empty, not a sandbox)."""


@dataclass(frozen=True, slots=True)
class Sandbox:
    """A demo sandbox's folders."""

    root: Path

    @property
    def home(self) -> Path:
        return self.root / HOME

    @property
    def phone(self) -> Path:
        return self.root / PHONE

    @property
    def sysroot(self) -> Path:
        return self.root / SYSROOT

    @property
    def private(self) -> Path:
        return self.root / PRIVATE

    @property
    def data(self) -> Path:
        return self.private / "data"

    @property
    def cache(self) -> Path:
        return self.private / "cache"

    def marker(self) -> dict[str, object]:
        try:
            with open(self.root / MARKER, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            raise DemoError(f"{self.root} is not a piaudit demo sandbox (no {MARKER}; "
                            "make one with `piaudit demo create DIR`)") from None
        if not isinstance(data, dict) or data.get("piaudit_demo") != 1:
            raise DemoError(f"{self.root / MARKER} is not a piaudit demo marker")
        return data


def open_sandbox(root: Path) -> Sandbox:
    """The sandbox at `root`; DemoError when it is not one."""
    box = Sandbox(Path(root).absolute())
    box.marker()
    return box


def is_sandbox(root: Path) -> bool:
    try:
        open_sandbox(root)
    except DemoError:
        return False
    return True


# ------------------------------------------------------------------------------- contents


def _row(p: DemoPerson) -> list[object]:
    return [p.name, p.resident_id, p.mobile, p.card_spaced]


def _documents(home: Path, c: Cast, scenario: str) -> None:
    """The owner's papers, the family's sheet, contacts, a contract, expense claims."""
    me, ppl = c.owner, c.people
    docs = home / "Documents"
    writers.write_text(docs / "简历.txt", (
        f"个人简历\n姓名：{me.name}\n身份证号：{me.resident_id}\n手机：{me.mobile}\n"
        f"邮箱：{me.email}\n住址：{me.address}\n"))
    landlord = ppl[1]
    writers.write_docx(docs / "租房合同.docx", [
        "房屋租赁合同（演示数据）",
        f"甲方（出租人）：{landlord.name}，身份证号：{landlord.resident_id}，"
        f"联系电话：{landlord.mobile}",
        f"乙方（承租人）：{me.name}，身份证号：{me.resident_id}，联系电话：{me.mobile}",
        f"租金支付账户：{me.card_spaced}",
        f"房屋地址：{me.address}"])
    family = ppl[:5]
    writers.write_xlsx(docs / "家庭成员信息.xlsx",
                       [["姓名", "身份证号", "手机号", "住址"]]
                       + [[p.name, p.resident_id, p.mobile, p.address] for p in family])
    writers.write_text(docs / "通讯录.vcf", writers.vcf_text(
        [{"name": p.name, "tel": p.mobile, "email": p.email, "adr": p.address} for p in ppl]))
    if scenario == "office":  # the HR roster an office machine keeps
        writers.write_xlsx(docs / "员工花名册.xlsx",
                           [["姓名", "身份证号", "手机号", "工资卡号", "住址"]]
                           + [[p.name, p.resident_id, p.mobile, p.card_spaced, p.address]
                              for p in ppl])
    if scenario == "phone":  # a phone's backup copied to the computer
        writers.write_text(home / "Documents" / "手机备份" / "contacts.vcf", writers.vcf_text(
            [{"name": p.name, "tel": p.mobile} for p in (*ppl, *c.customers[:60])]))
    claims = ppl[:6] if scenario != "phone" else ppl[:3]
    writers.write_text(home / "Desktop" / "报销收款账户.txt", "".join(
        f"收款人：{p.name}  银行卡号：{p.card_spaced}  手机：{p.mobile}\n" for p in claims))


def _exports(home: Path, c: Cast) -> None:
    """What shops and offices export: delivery slips (name, phone, address) and a customer
    list (name, ID, phone, card), the dozen among the customers."""
    everyone = [*c.people, *c.customers]
    writers.write_xlsx(home / "Downloads" / "快递单导出_2024.xlsx",
                       [["收件人", "手机号", "收货地址", "运单状态"]]
                       + [[p.name, p.mobile, p.address, "已签收"] for p in everyone])
    writers.write_csv(home / "Downloads" / "客户名单.csv",
                      [["姓名", "身份证号", "手机号", "银行卡号"]] + [_row(p) for p in everyone])


def _photos(home: Path, c: Cast, scenario: str) -> None:
    """ID-card and bank-card photo stand-ins (8x8 JPEGs with the GPS of where they were
    taken), each kit zipped with the details typed for a real-name check."""
    kits = c.people[:6] if scenario != "phone" else c.people[:9]
    for i, p in enumerate(kits):
        lat, lon = p.gps
        writers.write_zip(home / "Pictures" / "实名认证" / f"{p.key}.zip", {
            "身份证正面.jpg": writers.jpeg_bytes(lat, lon, when=f"2024:03:{i + 1:02d} 10:14:00"),
            "银行卡.jpg": writers.jpeg_bytes(lat, lon, when=f"2024:03:{i + 1:02d} 10:15:00"),
            "资料.txt": (f"姓名：{p.name}\n身份证号：{p.resident_id}\n手机：{p.mobile}\n"
                       f"银行卡号：{p.card_spaced}\n"),
        })
    lat, lon = c.owner.gps
    for i in range(3):
        writers.write_bytes(home / "Pictures" / f"IMG_20240{i + 4}01_0930.jpg",
                            writers.jpeg_bytes(lat + i * 0.001, lon, model="Demo 1",
                                               when=f"2024:0{i + 4}:01 09:30:00"))


def _app_stores(home: Path, c: Cast, seed: int) -> None:
    stores.chromium_profile(home, c.owner, seed)
    stores.firefox_profile(home, c.owner, seed)
    writers.write_bytes(home / stores.SSH_KEY,
                        stores.openssh_key(seed, f"{c.owner.email}"))
    writers.write_text(home / stores.AWS_CREDENTIALS, stores.aws_credentials(seed))
    stores.flatpak_app(home)


_README = """piaudit demo sandbox - SYNTHETIC DEMO DATA / 演示数据（全部为虚构）

Everything in this folder was invented by `piaudit demo create` (seed {seed}, scenario
{scenario}) for training. No value belongs to a real person: ID numbers, bank cards and
mobiles are random numbers that only pass the checksums, e-mail addresses use example.com,
the browsers' saved cards are the card schemes' published test numbers, the phone is a
recording (a fake `adb` in phone/).

本文件夹中的所有姓名、身份证号、银行卡号、手机号、地址均由程序随机生成，仅用于培训演示。

With DIR this folder (its name and place do not change a byte of it):

    piaudit demo scan DIR --format table     audit it (its own log, in .piaudit/)
    piaudit demo profiles DIR                what an attacker could link up
    piaudit demo fix DIR --yes               apply the recommended fixes, then scan again

The sandbox's audit log passphrase is "{passphrase}".
"""

DEMO_PASSPHRASE = "piaudit-demo"


def create(root: Path, seed: int = 1, scenario: str = "home") -> Sandbox:
    """Build a sandbox in `root` (absent or empty). DemoError otherwise."""
    if scenario not in SCENARIOS:
        raise DemoError(f"unknown scenario {scenario!r} (one of {', '.join(SCENARIOS)})")
    root = Path(root).absolute()
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise DemoError(f"{root} exists and is not an empty folder: give a new folder")
    root.mkdir(parents=True, exist_ok=True)
    box = Sandbox(root)
    c = cast(seed, PEOPLE, CUSTOMERS[scenario])
    for sub in ("Documents", "Downloads", "Desktop", "Pictures"):
        (box.home / sub).mkdir(parents=True, exist_ok=True)
    _documents(box.home, c, scenario)
    _exports(box.home, c)
    _photos(box.home, c, scenario)
    _app_stores(box.home, c, seed)
    phone_mod.make_phone(box.phone)
    box.sysroot.mkdir()
    writers.write_text(root / README, _README.format(
        seed=seed, scenario=scenario, passphrase=DEMO_PASSPHRASE))
    marker = {"piaudit_demo": 1, "seed": seed, "scenario": scenario, "people": PEOPLE,
              "customers": CUSTOMERS[scenario], "data": "synthetic"}
    writers.write_text(root / MARKER, json.dumps(marker, indent=1, sort_keys=True) + "\n")
    settle(root)
    return box


_PRIVATE_FILES = ("Login Data", "Web Data", "logins.json", "key4.db", "id_ed25519")


def settle(root: Path, keep: Sequence[str] = (PRIVATE,)) -> None:
    """Fixed modes (folders 0755, .ssh 0700; files 0644, keys and browser stores 0600, the
    phone's adb 0755) and one modification time for everything below `root`."""
    for folder, dirs, files in os.walk(root, topdown=False):
        here = Path(folder)
        if here == root:
            dirs[:] = [d for d in dirs if d not in keep]
        if any(part in keep for part in here.relative_to(root).parts):
            continue
        for name in files:
            path = here / name
            if path.is_symlink():
                os.utime(path, (FIXED_TIME, FIXED_TIME), follow_symlinks=False)
                continue
            mode = 0o600 if name in _PRIVATE_FILES else 0o644
            if name == phone_mod.ADB and here.name == PHONE:
                mode = 0o755
            path.chmod(mode)
            os.utime(path, (FIXED_TIME, FIXED_TIME))
        for name in dirs:
            sub = here / name
            if sub.is_symlink():
                os.utime(sub, (FIXED_TIME, FIXED_TIME), follow_symlinks=False)
        here.chmod(0o700 if here.name == ".ssh" else 0o755)
        os.utime(here, (FIXED_TIME, FIXED_TIME))
