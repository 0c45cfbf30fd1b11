"""Bytes to text: encoding detection, streaming decode and overlapping chunks.

Offsets are a public contract: they count characters of the decoded text as stored, so
nothing here translates newlines ("\\r\\n" stays two characters) and a BOM is dropped
before counting. Detection looks at the data itself (BOM, NUL pattern, strict UTF-8,
GB18030 vs Big5 by common characters), never at a whole-file statistical guess, so a
multi-GB log decodes at the speed of the codec.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from scanners.base import Limits
from scanners.content.parts import Problem, TextPart
from scanners.content.sniff import utf16_or_32

# Longest first: the UTF-32LE BOM starts with the UTF-16LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Frequent hanzi in simplified and traditional form, plus the words around personal data.
# Text decoded with the wrong one of GB18030/Big5 is mostly rare characters.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提"
    "直题党程展五果料象员位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别"
    "她手期根论运农指几九区强放决西被做必先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
    "金增济思术交受联什认六共权收证改清己美再转更单风打白教速花带安场身车例真务具万每目至达走积示"
    "议声报完类八离华名确才科张信马节话米整空元况今集传土许步群广石记需段研界林律叫且究观越织装影"
    "算低持音众书布复容儿须际商非验连断深难近千周委素技备半办青省列习响约支般史感劳便团往历市克何"
    "除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始专状育厂京识适"
    "属圆包火住调满县局照参红细引听该铁价严龙飞姓码址街道邮箱话电先生女士银行卡账户密"
    "這為個國時來們說產種後學經進著電裡現實兩體機當點從業應開還義間樣與關線內數麼質氣題黨員總設長"
    "頭資邊級圖統較將組見計別論運農幾區強決幹戰則據處隊給門規熱領東導壓濟階術極聯認權證轉單風帶場"
    "車務萬達積議聲報類離華確張馬節話況集傳許廣記織裝眾書復兒須際驗連斷難礦週備辦習響約勞團歷構稱"
    "準號維劃選標寫親院養層專狀廠識適屬圓調滿縣參紅細聽該鐵價嚴龍飛碼銀帳戶"
)


def detect_encoding(data: bytes, final: bool = True) -> tuple[str, int]:
    """(codec, BOM length) for text that starts with `data`.

    `final=False` means `data` is only the first chunk, so a multibyte sequence cut at its
    end is not a decoding error.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    wide = utf16_or_32(data)
    if wide is not None:
        return wide, 0
    if data.isascii() or _decodes(data, "utf-8", final):
        return "utf-8", 0
    return _legacy_cjk(data, final), 0


def _decodes(data: bytes, codec: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(codec)("strict").decode(data, final)
    except UnicodeDecodeError:
        return False
    return True


def _common_ratio(data: bytes, codec: str) -> float:
    text = data.decode(codec, "replace")
    cjk = [c for c in text if c >= "\u3400"]
    if not cjk:
        return 0.0
    return sum(c in _COMMON for c in cjk) / len(cjk)


def _legacy_cjk(data: bytes, final: bool) -> str:
    """GB18030 (a superset of GBK and GB2312), Big5, or Latin-1 when neither fits."""
    sample = data[:65536]
    gb = _decodes(sample, "gb18030", final or len(data) > len(sample))
    big5 = _decodes(sample, "cp950", final or len(data) > len(sample))
    if gb and big5:
        return (
            "gb18030"
            if _common_ratio(sample, "gb18030") >= _common_ratio(sample, "cp950")
            else "big5"
        )
    if gb:
        return "gb18030"
    if big5:
        return "big5"
    # A few bad bytes in otherwise GB text (a truncated or concatenated file) still read as GB.
    if _common_ratio(sample, "gb18030") > 0.3:
        return "gb18030"
    return "latin-1"


def _codec(name: str) -> str:
    """Python codec behind an encoding label: "big5" is read with the Windows superset."""
    return "cp950" if name == "big5" else name


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a complete byte string; undecodable bytes become U+FFFD."""
    encoding, bom = detect_encoding(data, final=True)
    return data[bom:].decode(_codec(encoding), "replace"), encoding


class TextChunker:
    """Cuts a stream of text into `TextPart`s of `chunk_chars`, overlapping by `overlap_chars`.

    A value that straddles a boundary is whole in the next chunk as long as it is shorter
    than the overlap; offsets and line numbers stay absolute.
    """

    def __init__(
        self,
        path: str,
        limits: Limits,
        kind: str = "text",
        columns: tuple[str, ...] | None = None,
        delimiter: str | None = None,
    ) -> None:
        self.path, self.kind, self.columns, self.delimiter = path, kind, columns, delimiter
        self.size = max(1, limits.chunk_chars)
        self.overlap = max(0, min(limits.overlap_chars, self.size // 2))
        self._buf = ""
        self._offset = 0  # offset of _buf[0] in the whole text
        self._line = 1  # line of _buf[0]
        self._emitted = False

    def _part(self, text: str) -> TextPart:
        return TextPart(
            path=self.path,
            text=text,
            offset=self._offset,
            line=self._line,
            columns=self.columns,
            delimiter=self.delimiter,
            kind=self.kind,
        )

    def push(self, text: str) -> list[TextPart]:
        if not text:
            return []
        buf = self._buf + text if self._buf else text
        out: list[TextPart] = []
        pos = 0
        step = self.size - self.overlap
        # Strictly more than one chunk: the last chunk waits for more text or `finish`.
        while len(buf) - pos > self.size:
            piece = buf[pos : pos + self.size]
            out.append(self._part(piece))
            self._line += piece.count("\n", 0, step)
            self._offset += step
            pos += step
            self._emitted = True
        self._buf = buf[pos:] if pos else buf
        return out

    def finish(self) -> list[TextPart]:
        buf, self._buf = self._buf, ""
        # After a chunk, the buffer starts with its overlap: only new text needs a part.
        if not buf or (self._emitted and len(buf) <= self.overlap):
            return []
        return [self._part(buf)]


def chunk_text(
    path: str,
    text: str,
    limits: Limits,
    kind: str = "text",
    columns: tuple[str, ...] | None = None,
    delimiter: str | None = None,
) -> Iterator[TextPart]:
    """Overlapping chunks of a text already in memory."""
    chunker = TextChunker(path, limits, kind, columns, delimiter)
    yield from chunker.push(text)
    yield from chunker.finish()


class StreamDecoder:
    """Incremental decoding with the encoding decided from the data as it arrives.

    The BOM and the UTF-16/32 NUL pattern are read from the first block. ASCII-compatible
    text stays undecided while it is pure ASCII (every candidate agrees on it), so a log
    whose first megabyte is ASCII and whose later lines are GBK is still read as GBK.
    """

    def __init__(self) -> None:
        self.encoding: str | None = None
        self._decoder: codecs.IncrementalDecoder | None = None
        self._first = True

    def decode(self, block: bytes, final: bool = False) -> str:
        if self._first and block:
            self._first = False
            for bom, codec in BOMS:
                if block.startswith(bom):
                    self._start(codec)
                    block = block[len(bom) :]
                    break
            else:
                wide = utf16_or_32(block)
                if wide is not None:
                    self._start(wide)
        if self._decoder is None:
            if block.isascii():
                return block.decode("ascii")
            self._start(detect_encoding(block, final)[0])
        assert self._decoder is not None
        return self._decoder.decode(block, final)

    def _start(self, encoding: str) -> None:
        self.encoding = encoding
        self._decoder = codecs.getincrementaldecoder(_codec(encoding))("replace")


def iter_text(
    fh: BinaryIO, path: str, limits: Limits, kind: str = "text"
) -> Iterator[TextPart | Problem]:
    """Stream a file's text in overlapping chunks; stop after `limits.max_text_bytes`."""
    chunker = TextChunker(path, limits, kind)
    decoder = StreamDecoder()
    remaining = limits.max_text_bytes
    block_size = max(4096, limits.chunk_chars)
    truncated = False
    while True:
        block = fh.read(min(block_size, remaining)) if remaining > 0 else b""
        if not block:
            truncated = remaining <= 0 and bool(fh.read(1))
            break
        remaining -= len(block)
        yield from chunker.push(decoder.decode(block))
    yield from chunker.push(decoder.decode(b"", final=True))
    yield from chunker.finish()
    if truncated:
        yield Problem(path, "truncated", f"text beyond {limits.max_text_bytes} bytes was not read")
