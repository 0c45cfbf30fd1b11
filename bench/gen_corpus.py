"""Write the two benchmark corpora: `home` (realistic density) and `dense` (nearly every line).

    python bench/gen_corpus.py                       # bench/corpus/{home,dense}, 220 MB each
    python bench/gen_corpus.py --mb 50 --only home   # smaller, one corpus

Deterministic (each file has its own seed), synthetic (synth/people.py), and fast: prose,
code and logs are assembled from pre-built sentence pools; personal values come from pools of
synthetic people. Office files are written with synth/formats.py where it provides a
writer (skipped otherwise). A corpus whose `.generator` stamp matches the generator version and
size is kept as is (use --force to rewrite).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import sys
import tarfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from synth.people import Factory  # noqa: E402

GENERATOR_VERSION = 4
TODAY = date(2025, 6, 1)
DEFAULT_OUT = ROOT / "bench" / "corpus"

# --- prose ------------------------------------------------------------------------------

ZH_SUBJ = (
    "我们",
    "项目组",
    "市场部",
    "技术团队",
    "客服中心",
    "这次会议",
    "新版本",
    "该方案",
    "系统",
    "研发部门",
    "财务部",
    "各位同事",
    "用户",
    "合作伙伴",
    "运维小组",
    "产品经理",
)
ZH_VERB = (
    "讨论了",
    "完成了",
    "调整了",
    "优化了",
    "评估了",
    "推迟了",
    "确认了",
    "总结了",
    "提交了",
    "审核了",
    "上线了",
    "跟进了",
    "梳理了",
    "规划了",
)
ZH_OBJ = (
    "第三季度的预算",
    "接口的响应时间",
    "年度培训计划",
    "办公室的装修方案",
    "数据迁移步骤",
    "客户满意度调查",
    "下一阶段的目标",
    "服务器扩容需求",
    "报销流程",
    "团建活动安排",
    "文档的目录结构",
    "测试用例",
    "发布计划",
    "供应商名单",
    "会议纪要",
)
ZH_TAIL = (
    "，整体进展顺利。",
    "，预计下周完成。",
    "，还需要进一步沟通。",
    "，请大家知悉。",
    "，详情见附件。",
    "，欢迎提出意见。",
    "，效果明显。",
    "。",
    "，后续会持续跟进。",
)
EN_SUBJ = (
    "The team",
    "Our vendor",
    "The new release",
    "This proposal",
    "The committee",
    "Marketing",
    "The build system",
    "Customer support",
    "The migration",
    "Everyone",
    "The library",
    "Finance",
    "The prototype",
    "Operations",
)
EN_VERB = (
    "reviewed",
    "postponed",
    "improved",
    "documented",
    "approved",
    "discussed",
    "shipped",
    "refactored",
    "measured",
    "summarised",
    "rescheduled",
    "outlined",
    "tested",
)
EN_OBJ = (
    "the quarterly budget",
    "the onboarding guide",
    "the response times",
    "the roadmap",
    "the office move",
    "the test plan",
    "the release notes",
    "the data model",
    "the training schedule",
    "the vendor list",
    "the storage layout",
    "the retro notes",
)
EN_TAIL = (
    " without major issues.",
    " ahead of schedule.",
    " and will follow up next week.",
    "; details are in the attached notes.",
    ".",
    " after a long discussion.",
    " with help from the platform group.",
    " and everyone agreed on next steps.",
)

CODE_NAMES = (
    "parse",
    "load",
    "render",
    "fetch",
    "update",
    "compute",
    "merge",
    "flush",
    "encode",
    "resolve",
    "validate",
    "schedule",
    "dispatch",
    "normalize",
    "collect",
)
CODE_NOUNS = (
    "config",
    "items",
    "buffer",
    "session",
    "record",
    "matrix",
    "payload",
    "index",
    "cache",
    "request",
    "node",
    "tree",
    "frame",
    "queue",
    "token_count",
)


def _sentence_pool(r: random.Random, n: int) -> tuple[list[str], list[str]]:
    zh = [
        r.choice(ZH_SUBJ) + r.choice(ZH_VERB) + r.choice(ZH_OBJ) + r.choice(ZH_TAIL)
        for _ in range(n)
    ]
    en = [
        f"{r.choice(EN_SUBJ)} {r.choice(EN_VERB)} {r.choice(EN_OBJ)}{r.choice(EN_TAIL)}"
        for _ in range(n)
    ]
    return zh, en


def _code_pool(r: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        fn = f"{r.choice(CODE_NAMES)}_{r.choice(CODE_NOUNS)}"
        a, b = r.choice(CODE_NOUNS), r.choice(CODE_NOUNS)
        k = i % 4
        if k == 0:
            out.append(
                f'def {fn}({a}, {b}=None):\n    """{r.choice(CODE_NAMES).title()} the {a}."""\n'
                f"    if {b} is None:\n        {b} = {{}}\n    for key, value in {a}.items():\n"
                f"        {b}[key] = value * {r.randint(2, 99)}\n    return {b}\n"
            )
        elif k == 1:
            out.append(
                f"function {fn.replace('_', '')}({a}) {{\n  const {b} = {a}.map((x) => x + {r.randint(1, 9)});\n"
                f"  return {b}.filter(Boolean); // v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 99)}\n}}\n"
            )
        elif k == 2:
            out.append(
                f"    // checksum {r.getrandbits(128):032x}\n    private int {fn.replace('_', '')}Count = {r.randint(0, 100000)};\n"
            )
        else:
            out.append(
                f'{a.upper()}_TIMEOUT_MS = {r.randint(100, 60000)}\n{b.upper()}_URL = "https://api.example.com/v{r.randint(1, 3)}/{a}"\n'
            )
    return out


class Pools:
    """Pre-built sentences, code and personal-data lines (deterministic)."""

    def __init__(self, seed: int = 1, people: int = 4000) -> None:
        r = random.Random(seed)
        self.zh, self.en = _sentence_pool(r, 6000)
        self.code = _code_pool(r, 2000)
        f = Factory(seed, TODAY)
        self.pii_zh: list[str] = []  # a single value with its label, for prose
        self.pii_en: list[str] = []
        self.rows_zh: list[str] = []  # dense CSV rows
        self.rows_en: list[str] = []
        self.log_pii: list[str] = []
        self.negs: list[str] = []
        for _ in range(people):
            p = f.person()
            self.pii_zh += [
                f"联系人{p.name}，手机{p.mobile}",
                f"身份证号：{p.resident_id}",
                f"邮箱：{p.email}",
                f"住址：{p.address}",
                f"银行卡号：{p.card}",
            ]
            self.pii_en += [
                f"Name: {p.name_en}, phone {f.intl_phone()}",
                f"SSN {f.us_ssn()}",
                f"e-mail {f.email(p.name_en)}",
                f"ship to {f.en_address()}",
                f"IBAN {f.iban()}",
                f"card {f.format_card(f.card_number('visa'))}",
            ]
            order = f.negative("order_no")[1]
            self.rows_zh.append(
                f"{p.name},{p.resident_id},{f.cn_mobile(styled=False)},{p.email},"
                f"{p.address},{f.card_number()},{order}"
            )
            self.rows_en.append(
                f"{p.name_en},{f.us_ssn()},{f.intl_phone()},{f.email(p.name_en)},"
                f"{f.iban(spaced=False)},{f.card_number('mastercard')},{f.negative('uuid')[1]}"
            )
            self.log_pii.append(
                f"user login ok phone={f.cn_mobile(styled=False)} ip={f.public_ipv4()} "
                f"imei={f.imei()} mac={f.mac()}"
            )
            self.log_pii.append(
                f"kyc submitted id_card={f.resident_id()} name={p.name} mobile={p.mobile}"
            )
            self.log_pii.append(
                f"payment card={f.card_number()} email={p.email} gps={f.coordinates()}"
            )
            self.negs.append(f.negative()[2])
        self.secrets = []
        for _ in range(200):
            self.secrets.append(
                f"AWS_ACCESS_KEY_ID={f.aws_access_key()}\naws_secret_access_key = {f.aws_secret_key()}\n"
                f"GITHUB_TOKEN={f.github_token()}\nSTRIPE_KEY={f.stripe_key()}\n"
                f"DATABASE_URL={f.url_with_password()}\npassword={f.password()}\n"
            )


# --- file bodies --------------------------------------------------------------------------


def prose(r: random.Random, pools: Pools, size: int, lang: str, pii_every: int) -> str:
    sents = pools.zh if lang == "zh" else pools.en
    pii = pools.pii_zh if lang == "zh" else pools.pii_en
    out: list[str] = []
    n = 0
    next_pii = r.randint(pii_every // 2, pii_every * 3 // 2) if pii_every else -1
    while n < size:
        para = (
            "".join(r.choices(sents, k=r.randint(3, 8)))
            if lang == "zh"
            else " ".join(r.choices(sents, k=r.randint(3, 8)))
        )
        if 0 <= next_pii <= n:
            para += ("" if lang == "zh" else " ") + r.choice(pii) + ("。" if lang == "zh" else ".")
            next_pii = n + r.randint(pii_every // 2, pii_every * 3 // 2)
        elif r.random() < 0.05:
            para += " " + r.choice(pools.negs)
        out.append(para + "\n\n")
        n += len(para.encode()) + 2
    return "".join(out)


def code(r: random.Random, pools: Pools, size: int) -> str:
    out: list[str] = []
    if r.random() < 0.3:  # an author line, as in real source files
        out.append(
            f"# Author: {r.choice(pools.pii_en).split(',')[0][6:]} <{pools.rows_en[0].split(',')[3]}>\n"
        )
    n = 0
    while n < size:
        c = r.choice(pools.code)
        out.append(c + "\n")
        n += len(c) + 1
    return "".join(out)


def log(r: random.Random, pools: Pools, size: int, pii_ratio: float) -> str:
    out: list[str] = []
    n = 0
    t = 1_700_000_000 + r.randint(0, 10**7)
    levels = ("INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR")
    while n < size:
        t += r.randint(0, 3)
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t))
        if r.random() < pii_ratio:
            msg = r.choice(pools.log_pii)
        elif r.random() < 0.3:
            msg = r.choice(pools.negs)
        else:
            msg = (
                f"GET /api/v1/items/{r.randint(1, 99999)} {r.choice((200, 200, 200, 304, 404, 500))} "
                f'{r.randint(1, 900)}ms ua="Mozilla/5.0 Chrome/{r.randint(100, 131)}.0.0.0" '
                f"trace={r.getrandbits(64):016x} ts_ms={t * 1000 + r.randint(0, 999)}"
            )
        line = (
            f"{ts}.{r.randint(0, 999):03d}Z {r.choice(levels)} [worker-{r.randint(1, 8)}] {msg}\n"
        )
        out.append(line)
        n += len(line.encode())
    return "".join(out)


def csv_export(r: random.Random, pools: Pools, size: int, lang: str, neg_ratio: float = 0.1) -> str:
    header = (
        "姓名,身份证号,手机号,邮箱,地址,银行卡号,订单号\n"
        if lang == "zh"
        else "name,ssn,phone,email,iban,card_number,request_id\n"
    )
    rows = pools.rows_zh if lang == "zh" else pools.rows_en
    out = [header]
    n = len(header)
    while n < size:
        row = (
            r.choice(rows)
            if r.random() >= neg_ratio
            else ",,,," + r.choice(pools.negs).replace(",", " ")
        )
        out.append(row + "\n")
        n += len(row.encode()) + 1
    return "".join(out)


def metrics_csv(r: random.Random, size: int) -> str:
    out = ["date,host,cpu,mem_mb,requests,p99_ms\n"]
    n = 40
    while n < size:
        row = (
            f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d},web-{r.randint(1, 40):02d},"
            f"{r.random():.3f},{r.randint(200, 16000)},{r.randint(0, 10**6)},{r.randint(1, 3000)}\n"
        )
        out.append(row)
        n += len(row)
    return "".join(out)


def json_records(r: random.Random, pools: Pools, size: int, dense: bool) -> str:
    out = ["["]
    n = 1
    while n < size:
        if dense or r.random() < 0.05:
            row = r.choice(pools.rows_zh).split(",")
            rec = {
                "姓名": row[0],
                "身份证号": row[1],
                "mobile": row[2],
                "email": row[3],
                "address": row[4],
                "order_id": row[6],
            }
        else:
            rec = {
                "id": r.randint(1, 10**9),
                "sku": f"SKU-{r.randint(1000, 99999)}",
                "price": round(r.random() * 500, 2),
                "tags": r.sample(CODE_NOUNS, 3),
                "updated": 1_600_000_000_000 + r.randint(0, 10**11),
            }
        s = json.dumps(rec, ensure_ascii=False)
        out.append(("," if len(out) > 1 else "") + "\n  " + s)
        n += len(s.encode()) + 4
    out.append("\n]\n")
    return "".join(out)


# --- corpus layout ------------------------------------------------------------------------

# (kind, weight in bytes share, size range in KB)
HOME_MIX = (
    ("note_zh", 0.14, (2, 200)),
    ("note_en", 0.14, (2, 200)),
    ("code", 0.17, (1, 120)),
    ("log", 0.17, (20, 4000)),
    ("metrics", 0.06, (10, 2000)),
    ("json", 0.05, (5, 800)),
    ("export_zh", 0.025, (50, 3000)),
    ("export_en", 0.015, (50, 2000)),
    ("config", 0.0008, (1, 4)),
    ("office", 0.08, (20, 600)),
    ("zip", 0.07, (100, 3000)),
    ("targz", 0.06, (100, 3000)),
)
DENSE_MIX = (
    ("export_zh", 0.25, (50, 4000)),
    ("export_en", 0.12, (50, 3000)),
    ("dlog", 0.25, (50, 4000)),
    ("djson", 0.1, (20, 2000)),
    ("dnote_zh", 0.06, (5, 300)),
    ("config", 0.003, (1, 4)),
    ("office", 0.08, (20, 600)),
    ("zip", 0.07, (100, 3000)),
    ("targz", 0.06, (100, 3000)),
)

_POOLS: Pools | None = None


def _pools() -> Pools:
    global _POOLS
    if _POOLS is None:
        _POOLS = Pools()
    return _POOLS


def _text_for(kind: str, r: random.Random, size: int, dense: bool) -> tuple[str, str]:
    """(extension, text) of a plain-text file of `kind`."""
    p = _pools()
    if kind == "note_zh":
        return r.choice((".txt", ".md")), prose(r, p, size, "zh", 3000)
    if kind == "note_en":
        return r.choice((".txt", ".md")), prose(r, p, size, "en", 4000)
    if kind == "dnote_zh":
        return ".txt", prose(r, p, size, "zh", 150)
    if kind == "code":
        return r.choice((".py", ".js", ".java")), code(r, p, size)
    if kind == "log":
        return ".log", log(r, p, size, 0.02)
    if kind == "dlog":
        return ".log", log(r, p, size, 0.85)
    if kind == "metrics":
        return ".csv", metrics_csv(r, size)
    if kind == "json":
        return ".json", json_records(r, p, size, False)
    if kind == "djson":
        return ".json", json_records(r, p, size, True)
    if kind == "export_zh":
        return ".csv", csv_export(r, p, size, "zh")
    if kind == "export_en":
        return ".csv", csv_export(r, p, size, "en")
    if kind == "config":
        return ".env", r.choice(p.secrets) + "\n".join(r.choices(p.code, k=3))
    raise ValueError(kind)


def _office(r: random.Random, path: Path, size: int, dense: bool) -> Path | None:
    """An office file through synth/formats.py; None when no writer is available."""
    try:
        from synth import formats
    except ImportError:
        return None
    p = _pools()
    choices = []
    for fmt in ("docx", "xlsx", "pptx", "odt", "ods"):
        if hasattr(formats, f"write_{fmt}"):
            choices.append(fmt)
    if not choices:
        return None
    fmt = r.choice(choices)
    out = path.with_suffix("." + fmt)
    try:
        if fmt in ("xlsx", "ods"):
            text = (
                csv_export(r, p, size, r.choice(("zh", "en")))
                if dense or r.random() < 0.3
                else metrics_csv(r, size)
            )
            rows = [line.split(",") for line in text.splitlines()]
            getattr(formats, f"write_{fmt}")(out, rows)
        else:
            text = prose(r, p, size, r.choice(("zh", "en")), 150 if dense else 3000)
            getattr(formats, f"write_{fmt}")(out, [ln for ln in text.split("\n") if ln])
    except Exception as exc:  # a writer with another signature: say so once, go on
        print(f"office writer {fmt} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        if out.exists():
            out.unlink()
        return None
    return out


def _archive(kind: str, r: random.Random, path: Path, size: int, dense: bool) -> Path:
    mix = DENSE_MIX if dense else HOME_MIX
    text_kinds = [k for k, _, _ in mix if k not in ("office", "zip", "targz")]
    members = []
    n = 0
    i = 0
    while n < size * 4:  # text compresses about 4x at level 1: keep the on-disk share
        k = r.choice(text_kinds)
        ext, text = _text_for(k, r, r.randint(5_000, 300_000), dense)
        data = text.encode("utf-8")
        members.append((f"dir{i % 3}/{k}_{i}{ext}", data))
        n += len(data)
        i += 1
    if kind == "zip":
        out = path.with_suffix(".zip")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for name, data in members:
                z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    else:
        out = path.with_suffix(".tar.gz")
        with tarfile.open(out, "w:gz", compresslevel=1) as t:
            for name, data in members:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mtime = 1_700_000_000
                t.addfile(info, io.BytesIO(data))
    return out


def _write_file(job: tuple[str, str, int, int, bool]) -> tuple[str, int]:
    """One file (runs in a worker). Returns (path, bytes on disk)."""
    rel, kind, size, seed, dense = job
    r = random.Random(seed)
    path = Path(rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind in ("zip", "targz"):
        out = _archive(kind, r, path, size, dense)
    elif kind == "office":
        out = _office(r, path, size, dense)
        if out is None:  # no writer: a text file stands in, so the corpus keeps its size
            ext, text = _text_for("note_zh", r, size, dense)
            out = path.with_suffix(ext)
            out.write_text(text, encoding="utf-8")
    else:
        ext, text = _text_for(kind, r, size, dense)
        out = path.with_suffix(ext)
        if kind == "config":
            out = path.parent / f"{path.name}.env"
        enc = "gbk" if kind in ("note_zh", "export_zh") and r.random() < 0.15 else "utf-8"
        try:
            out.write_bytes(text.encode(enc))
        except UnicodeEncodeError:
            out.write_bytes(text.encode("utf-8"))
    return str(out), out.stat().st_size


def plan(name: str, mb: int, seed: int) -> list[tuple[str, str, int, int, bool]]:
    dense = name == "dense"
    mix = DENSE_MIX if dense else HOME_MIX
    r = random.Random(seed * 1000 + (2 if dense else 1))
    jobs = []
    for kind, share, (lo, hi) in mix:
        budget = int(mb * 1_000_000 * share)
        used = 0
        i = 0
        while used < budget:
            # log-uniform sizes: many small files, a few big ones
            size = int(1000 * lo * (hi / lo) ** r.random())
            size = min(size, budget - used + 1000)
            folder = f"{kind}/{i // 200:03d}"
            jobs.append((f"{folder}/{kind}_{i:05d}", kind, size, r.getrandbits(32), dense))
            used += size
            i += 1
    return jobs


def generate(
    name: str, out: Path, mb: int, seed: int = 1, jobs: int = 0, force: bool = False
) -> None:
    target = out / name
    stamp = target / ".generator"
    want = {"version": GENERATOR_VERSION, "mb": mb, "seed": seed}
    if stamp.exists() and not force:
        try:
            if json.loads(stamp.read_text()) == want:
                print(f"{target}: up to date (generator {GENERATOR_VERSION}, {mb} MB)")
                return
        except ValueError:
            pass
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    work = plan(name, mb, seed)
    work = [(str(target / rel), *rest) for rel, *rest in work]  # type: ignore[misc]
    t0 = time.perf_counter()
    total = 0
    nproc = jobs or os.cpu_count() or 1
    with ProcessPoolExecutor(nproc) as ex:
        for _, size in ex.map(_write_file, work, chunksize=8):
            total += size
    stamp.write_text(json.dumps(want))
    dt = time.perf_counter() - t0
    print(f"{target}: {len(work)} files, {total / 1e6:.0f} MB in {dt:.0f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--mb", type=int, default=220, help="size of each corpus in MB (default 220)")
    ap.add_argument("--only", choices=("home", "dense"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args(argv)
    for name in (a.only,) if a.only else ("home", "dense"):
        generate(name, a.out, a.mb, a.seed, a.jobs, a.force)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
