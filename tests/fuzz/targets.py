"""One table of fuzz targets: name -> seed generator -> call of the parser's real entry point.

Every `call(data)` runs one input the way the scanner does and raises `ContractViolation`
when the parser breaks its contract:

- content formats go through `scanners.sources.content.extract.extract()` (the content scanner's
  one entry point) for a `Source` holding the bytes; every failure must be recorded as a
  `Problem` from an anticipated error type (`ExtractError` and subclasses, or one of the
  library errors `problems.py` lists as structural), never from an unanticipated
  exception (`IndexError`, `KeyError`, ...), and nothing may escape;
- permission and store scanners run on a fixture machine (a temporary home holding the
  input as the one store or metadata file, or a phone whose adb answers are the input):
  nothing may escape `scan()`, and every `ScanError` must carry a reason other than
  "internal".

Seeds are valid samples made by `synth` generators (nothing real is committed).
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanners.base import Limits
from scanners.sources.content import extract as extract_pkg
from scanners.sources.content.extract import problems as problems_mod
from scanners.sources.content.parts import ExtractError, Problem, Source, TextPart

# Smaller caps than a real scan: a fuzz input is at most a few hundred KB, so these still
# let every path run, and a bomb is caught long before it costs the machine memory.
FUZZ_LIMITS = Limits(
    max_file_bytes=8 * 1024**2,
    max_text_bytes=8 * 1024**2,
    max_member_bytes=8 * 1024**2,
    max_archive_bytes=32 * 1024**2,
    max_members=2_000,
    file_seconds=2.0,
    sqlite_rows=2_000,
)
# Cooperative deadline handed to extract(): a slow input becomes a "timeout" Problem.
EXTRACT_SECONDS = 1.0


class ContractViolation(AssertionError):
    """A parser broke its contract on one input (the fuzzer's crash)."""


# ----------------------------------------------------------------------------- content


_ANTICIPATED: tuple[type[BaseException], ...] = (
    ExtractError,
    RecursionError,  # problem_for: "structure nested too deeply"
    *problems_mod._SAFE_MESSAGES,
)


SCANNERS = str(Path(__file__).resolve().parents[2] / "scanners")


def raised_in_piaudit(exc: BaseException) -> bool:
    """Whether the innermost frame of `exc`'s traceback is piaudit's own code."""
    tb = exc.__traceback__
    if tb is None:
        return True
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code.co_filename.startswith(SCANNERS)


def _anticipated(exc: BaseException) -> bool:
    """A recorded error piaudit meant: its own ExtractError family, the structural library
    errors problems.py lists, an OSError with an errno, or nesting too deep. An error that
    a third-party or standard-library parser raises from inside its own code (pypdf's
    KeyError on a broken xref) is that parser's verdict on a malformed file and is recorded
    as "corrupt" by the same path; one raised by piaudit's own code is a bug."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return True
    if isinstance(exc, _ANTICIPATED):
        return True
    return not raised_in_piaudit(exc)


@contextmanager
def _watch_problems() -> Iterator[list[BaseException]]:
    """Every exception an extractor turns into a Problem, while the block runs."""
    seen: list[BaseException] = []
    original = problems_mod.problem_for

    def recording(name: str, exc: BaseException) -> Problem:
        seen.append(exc)
        return original(name, exc)

    patched = []
    for mod_name, mod in list(__import__("sys").modules.items()):
        if mod_name.startswith("scanners.sources.content.extract") and \
                getattr(mod, "problem_for", None) is original:
            mod.problem_for = recording
            patched.append(mod)
    try:
        yield seen
    finally:
        for mod in patched:
            mod.problem_for = original


def content_call(ext: str) -> Callable[[Path], Callable[[bytes], None]]:
    def make(_work: Path) -> Callable[[bytes], None]:
        def call(data: bytes) -> None:
            src = Source(name=f"fuzz.{ext}", size=len(data), data=data)
            with _watch_problems() as seen:
                try:
                    for item in extract_pkg.extract(
                        src, FUZZ_LIMITS, time.monotonic() + EXTRACT_SECONDS
                    ):
                        if isinstance(item, TextPart):
                            len(item.text)
                except Exception as exc:
                    raise ContractViolation(f"extract() raised {type(exc).__name__}") from exc
            for exc in seen:
                if not _anticipated(exc):
                    raise ContractViolation(
                        f"unanticipated {type(exc).__name__} recorded as a problem"
                    ) from exc

        return call

    return make


# --- structure-aware zip packages (OOXML, ODF) ------------------------------------------
# Byte mutations of a deflated zip only ever reach the CRC check, so the OOXML and ODF
# targets fuzz the package's parts instead: the input is "name\0content\0name\0content...",
# packed into a zip (ODF's mimetype first, stored) before it is extracted.


def parts_to_bytes(parts: Sequence[tuple[str, bytes]]) -> bytes:
    return b"\x00".join(name.encode() + b"\x00" + data for name, data in parts)


def zip_to_parts(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return parts_to_bytes([(i.filename, zf.read(i)) for i in zf.infolist()])


def pack_parts(data: bytes) -> bytes:
    fields = data.split(b"\x00")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        seen: set[str] = set()
        for i in range(0, len(fields) - 1, 2):
            name = fields[i].decode("utf-8", "replace").strip("/") or "part"
            if name in seen:
                continue
            seen.add(name)
            info = zipfile.ZipInfo(name, (2024, 1, 2, 3, 4, 6))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(info, fields[i + 1])
    return buf.getvalue()


def package_call(ext: str) -> Callable[[Path], Callable[[bytes], None]]:
    inner = content_call(ext)

    def make(work: Path) -> Callable[[bytes], None]:
        run = inner(work)
        return lambda data: run(pack_parts(data))

    return make


# ----------------------------------------------------------------------------- seeds

_PEOPLE = ["张三 身份证号 11011319491231002X", "Phone: 13800138000", "card 6222020200112233445"]


def _files(work: Path, writers: Sequence[Callable[[Path], Path]]) -> list[bytes]:
    out = []
    for i, write in enumerate(writers):
        p = work / f"seed{i}"
        out.append(write(p).read_bytes())
        p.unlink()
    return out


def seeds_ooxml(work: Path) -> list[bytes]:
    from synth import formats as f

    files = _files(work, [
        lambda p: f.write_docx(p, _PEOPLE, table=[["name", "id"], ["张三", "11011319491231002X"]],
                               header="h", footer="f", comments=["c"]),
        lambda p: f.write_xlsx(p, {"S1": [["身份证号", "电话"], ["11011319491231002X", "13800138000"]],
                                   "S2": [["1", "2.5", "x"]]}),
        lambda p: f.write_pptx(p, [["title", "13800138000"], ["second"]]),
    ])
    return [zip_to_parts(b) for b in files]


def seeds_odf(work: Path) -> list[bytes]:
    from synth import formats as f

    files = _files(work, [
        lambda p: f.write_odt(p, _PEOPLE),
        lambda p: f.write_ods(p, {"S1": [["身份证号"], ["11011319491231002X"]], "S2": [["a", "b"]]}),
        lambda p: f.write_odp(p, [["slide", "13800138000"], ["two"]]),
    ])
    return [zip_to_parts(b) for b in files]


def seeds_pdf(work: Path) -> list[bytes]:
    from synth import formats as f

    return [f.pdf_bytes(_PEOPLE), f.pdf_bytes(["a"] * 3, lines_per_page=1),
            f.write_pdf(work / "enc.pdf", ["secret"], password="pw").read_bytes()]


def seeds_rtf(_work: Path) -> list[bytes]:
    from synth import formats as f

    return [f.rtf_bytes(_PEOPLE), f.rtf_bytes(["中文 13800138000"], codepage=936)]


def seeds_mail(work: Path) -> list[bytes]:
    from synth import formats as f

    eml = f.eml_bytes("身份证号 11011319491231002X", html="<p>13800138000</p>",
                      attachments=[("a.txt", b"card 6222020200112233445")])
    mbox = f.write_mbox(work / "m.mbox", [eml, ("second", "From here\nbody")]).read_bytes()
    msg = f.msg_bytes("13800138000", attachments=[("a.txt", b"11011319491231002X")])
    return [eml, mbox, msg]


def seeds_vcard(_work: Path) -> list[bytes]:
    from synth import formats as f

    cards = [{"name": "张三", "tel": "13800138000", "email": "z@example.com", "adr": "北京市"},
             {"name": "Bob", "tel": "+1 202 555 0100"}]
    return [f.vcf_text(cards).encode("utf-8")]


def seeds_archive(work: Path) -> list[bytes]:
    from synth import formats as f

    members: dict[str, bytes | str] = {"a.txt": "身份证号 11011319491231002X",
                                       "d/b.csv": "name,phone\nz,13800138000\n"}
    inner_zip = f.write_zip(work / "inner.zip", {"x.txt": "13800138000"}).read_bytes()
    out = [
        f.write_zip(work / "a.zip", {**members, "inner.zip": inner_zip}).read_bytes(),
        f.zip_encrypted_bytes("s.txt", b"secret"),
        f.write_tar(work / "a.tar", members).read_bytes(),
        f.write_tar(work / "a.tar.bz2", members, "bz2").read_bytes(),
        f.write_tar(work / "a.tar.xz", members, "xz").read_bytes(),
        f.write_tar(work / "a.tar.gz", members, "gz").read_bytes(),
        f.compress(b"plain 13800138000\n", "gz"),
        f.compress(b"plain 13800138000\n", "bz2"),
        f.compress(b"plain 13800138000\n", "xz"),
        f.write_7z(work / "a.7z", members).read_bytes(),
    ]
    return out


def seeds_sqlite(work: Path) -> list[bytes]:
    from synth import formats as f

    return [f.write_sqlite(work / "a.db", {
        "people": (["name", "id_no"], [["张三", "11011319491231002X"]]),
        "phones": (["phone"], [["13800138000"], ["x"]]),
    }).read_bytes()]


def seeds_exif(_work: Path) -> list[bytes]:
    from synth import formats as f

    return [f.jpeg_bytes(39.9042, 116.4074), f.exif_tiff(-33.86, 151.2),
            f.heic_bytes(31.23, 121.47)]


# ----------------------------------------------------------------------------- permissions


def _perm_ctx(work: Path, platform: str = "linux") -> tuple[Any, list[Any]]:
    from synth.permission_fixtures import perm_ctx

    home, sysroot = work / "home", work / "root"
    home.mkdir(parents=True, exist_ok=True)
    sysroot.mkdir(parents=True, exist_ok=True)
    return perm_ctx(home, sysroot, platform=platform)


def _check_errors(errors: list[Any]) -> None:
    for err in errors:
        if not err.reason or err.reason == "internal":
            raise ContractViolation(f"a ScanError without a parse reason: {err.reason!r}")


def _run_scanner(scan: Callable[[], Iterator[Any]], errors: list[Any]) -> None:
    errors.clear()
    try:
        for _ in scan():
            pass
    except Exception as exc:
        raise ContractViolation(f"scan() raised {type(exc).__name__}") from exc
    _check_errors(errors)


def make_flatpak(work: Path) -> Callable[[bytes], None]:
    from scanners.sources.permissions.flatpak import FlatpakScanner
    from synth.permission_fixtures import flatpak_app

    ctx, errors = _perm_ctx(work)
    meta = flatpak_app(ctx.home / ".local/share/flatpak", "org.fuzz.App", "")
    override = ctx.home / ".local/share/flatpak/overrides/org.fuzz.App"
    override.parent.mkdir(parents=True, exist_ok=True)

    def call(data: bytes) -> None:
        # The same bytes as the app's metadata and as its user override.
        meta.write_bytes(data)
        override.write_bytes(data)
        _run_scanner(lambda: FlatpakScanner().scan(ctx), errors)

    return call


def seeds_flatpak(_work: Path) -> list[bytes]:
    from synth.permission_fixtures import EDITOR_METADATA, FIREFOX_METADATA

    return [FIREFOX_METADATA.encode(), EDITOR_METADATA.encode(),
            b"[Context]\nfilesystems=!host:reset;home:ro;~/Music:create;!home\n"
            b"devices=!all;dri\n"]


def make_gvdb(work: Path) -> Callable[[bytes], None]:
    from scanners.sources.permissions.flatpak import FlatpakScanner

    ctx, errors = _perm_ctx(work)
    db = ctx.home / ".local/share/flatpak/db"
    db.mkdir(parents=True, exist_ok=True)

    def call(data: bytes) -> None:
        for table in ("devices", "location"):
            (db / table).write_bytes(data)
        _run_scanner(lambda: FlatpakScanner().scan(ctx), errors)

    return call


def seeds_gvdb(_work: Path) -> list[bytes]:
    from synth.permission_fixtures import gvdb_bytes

    main = {"camera": ("(va{sas})", (("y", 0), [("org.a.App", ["yes"]), ("", ["no"])])),
            "location": ("(va{sas})", (("y", 0), [("org.b.App", ["EXACT", "0"])]))}
    return [gvdb_bytes({"main": main, "apps": {"org.a.App": ("as", ["camera"])}})]


def make_tcc(work: Path) -> Callable[[bytes], None]:
    from scanners.sources.permissions import catalog
    from scanners.sources.permissions.tcc import TccScanner, _path

    ctx, errors = _perm_ctx(work, platform="darwin")
    db = _path(ctx, str(catalog.source_table("tcc")["user_db"]))
    db.parent.mkdir(parents=True, exist_ok=True)

    def call(data: bytes) -> None:
        db.write_bytes(data)
        _run_scanner(lambda: TccScanner().scan(ctx), errors)

    return call


def seeds_tcc(work: Path) -> list[bytes]:
    from synth.permission_fixtures import tcc_db

    rows = [("kTCCServiceCamera", "com.example.cam", 0, 2),
            ("kTCCServiceSystemPolicyAllFiles", "/usr/local/bin/tool", 1, 0)]
    return [tcc_db(work / "new.db", rows).read_bytes(),
            tcc_db(work / "old.db", [(s, c, t, 1) for s, c, t, _ in rows],
                   big_sur=False).read_bytes()]


def make_regedit(work: Path) -> Callable[[bytes], None]:
    from scanners.sources.permissions import catalog
    from scanners.sources.permissions.windows import WindowsScanner

    ctx, errors = _perm_ctx(work)
    export = work / "consent.reg"
    env = str(catalog.source_table("windows").get("export_env", "PIAUDIT_WINREG_EXPORT"))

    def call(data: bytes) -> None:
        export.write_bytes(data)
        old = os.environ.get(env)
        os.environ[env] = str(export)
        try:
            _run_scanner(lambda: WindowsScanner().scan(ctx), errors)
        finally:
            if old is None:
                os.environ.pop(env, None)
            else:
                os.environ[env] = old

    return call


def seeds_regedit(_work: Path) -> list[bytes]:
    from synth.permission_fixtures import DATA

    data = DATA / "consentstore.reg"
    raw = data.read_bytes()
    text = raw.decode("utf-16") if raw[:2] == b"\xff\xfe" else raw.decode("utf-8")
    # regedit writes UTF-16 with a BOM ("Windows Registry Editor Version 5.00"); REGEDIT4 is ANSI
    return [text.encode("utf-8"), ("\ufeff" + text).encode("utf-16-le")]


def make_firefox(work: Path) -> Callable[[bytes], None]:
    from scanners.sources.stores.firefox import FirefoxScanner

    ctx, errors = _perm_ctx(work)
    profile = ctx.home / ".mozilla/firefox/abcd1234.default-release"
    profile.mkdir(parents=True, exist_ok=True)
    (ctx.home / ".mozilla/firefox/profiles.ini").write_text(
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd1234.default-release\n"
        "Default=1\n", encoding="utf-8")

    def call(data: bytes) -> None:
        (profile / "logins.json").write_bytes(data)
        _run_scanner(lambda: FirefoxScanner().scan(ctx), errors)

    return call


def seeds_firefox(_work: Path) -> list[bytes]:
    import json

    logins = [{"id": 1, "hostname": "https://example.com", "encType": 1,
               "encryptedUsername": "MDIEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA==",
               "encryptedPassword": "MDIEEPgAAAAAAAAAAAAAAAAAAAEwFAYIKoZIhvcNAwcECA=="},
              {"id": 2, "origin": "https://mail.example.org", "encType": 0},
              {"id": 3, "hostname": "chrome://FirefoxAccounts", "encType": 1}]
    return [json.dumps({"nextId": 4, "logins": logins, "version": 3}).encode(),
            b'{"logins": [], "version": 3}']


# --- Android dumpsys: the input is a phone's answers, one section per command ------------

_ADB_SECTIONS = ("getprop", "packages", "dumpsys", "users", "device_policy", "settings",
                 "roles")
_ADB_FILES = {
    "getprop": ["getprop.txt"],
    "packages": ["pm_list_packages_-3.txt"],
    "dumpsys": ["dumpsys_package_packages.txt"],
    "users": ["pm_list_users.txt"],
    "device_policy": ["dumpsys_device_policy.txt"],
    "settings": ["settings_get_secure_enabled_accessibility_services.txt"],
    "roles": ["cmd_role_get-role-holders_android.app.role.SMS.txt",
              "appops_query-op_GET_USAGE_STATS_allow.txt"],
}
ADB_SEP = b"\n\x00\x1e\n"


def _adb_section(args: Sequence[str]) -> str:
    words = " ".join(args)
    if args[:1] == ("getprop",):
        return "getprop"
    if words.startswith("pm list packages"):
        return "packages"
    if words.startswith("pm list users"):
        return "users"
    if words.startswith("dumpsys package"):
        return "dumpsys"
    if words.startswith("dumpsys device_policy"):
        return "device_policy"
    if args[:1] == ("settings",):
        return "settings"
    return "roles"


def make_dumpsys(work: Path) -> Callable[[bytes], None]:
    from scanners.sources.permissions import adb as adbmod
    from scanners.sources.permissions.android import AndroidPermissions
    from scanners.system.tools import ToolError

    ctx, errors = _perm_ctx(work)
    answers: dict[str, str] = {}

    class PhoneAdb(adbmod.Adb):
        def shell(self, serial: str, *args: str, timeout: float | None = None) -> str:
            adbmod.check_read_only(args)
            out = answers.get(_adb_section(args), "")
            head = out.lstrip()[:200]
            if head.startswith(("Unknown command", "Error: Unknown command")):
                raise ToolError("unsupported", head.splitlines()[0][:200])
            return out

    device = adbmod.Device("FUZZ0001", "device", "Fuzz phone", "fuzz")

    def call(data: bytes) -> None:
        parts = data.split(ADB_SEP)
        answers.clear()
        for name, part in zip(_ADB_SECTIONS, parts, strict=False):
            answers[name] = part.decode("utf-8", "replace")  # as scanners.system.tools.run does
        scanner = AndroidPermissions()
        _run_scanner(lambda: scanner._scan_device(ctx, PhoneAdb("adb"), device), errors)

    return call


def seeds_dumpsys(_work: Path) -> list[bytes]:
    from synth.fake_adb import DATA as base

    out = []
    for gen in sorted(p for p in base.iterdir() if p.is_dir()):
        parts = []
        for section in _ADB_SECTIONS:
            chunk = b""
            for name in _ADB_FILES[section]:
                if (gen / name).is_file():
                    chunk += (gen / name).read_bytes()
            parts.append(chunk)
        out.append(ADB_SEP.join(parts))
    return out


# ----------------------------------------------------------------------------- the table


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    seeds: Callable[[Path], list[bytes]]
    make: Callable[[Path], Callable[[bytes], None]]
    max_len: int = 64 * 1024  # mutations never grow an input beyond this


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("ooxml", seeds_ooxml, package_call("docx")),
    Target("odf", seeds_odf, package_call("odt")),
    Target("pdf", seeds_pdf, content_call("pdf")),
    Target("rtf", seeds_rtf, content_call("rtf")),
    Target("mail", seeds_mail, content_call("eml")),
    Target("vcard", seeds_vcard, content_call("vcf")),
    Target("archive", seeds_archive, content_call("bin")),
    Target("sqlite", seeds_sqlite, content_call("db")),
    Target("exif", seeds_exif, content_call("jpg")),
    Target("dumpsys", seeds_dumpsys, make_dumpsys, max_len=256 * 1024),
    Target("flatpak", seeds_flatpak, make_flatpak),
    Target("gvdb", seeds_gvdb, make_gvdb),
    Target("tcc", seeds_tcc, make_tcc),
    Target("regedit", seeds_regedit, make_regedit),
    Target("logins", seeds_firefox, make_firefox),
)}

CORPUS = Path(__file__).resolve().parent / "corpus"


def corpus_files(name: str) -> list[Path]:
    d = CORPUS / name
    return sorted(p for p in d.iterdir() if p.is_file()) if d.is_dir() else []

