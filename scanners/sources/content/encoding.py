"""Which encoding bytes are in, and bytes to text in one piece.

Detection looks at the data itself (BOM, NUL pattern, strict UTF-8, GB18030 vs Big5 by
common characters), never at a whole-file statistical guess. `sniff` types files with it and
`decode` streams text with it: this module imports neither.
"""

from __future__ import annotations

import codecs

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


def python_codec(name: str) -> str:
    """Python codec behind an encoding label: "big5" is read with the Windows superset."""
    return "cp950" if name == "big5" else name


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a complete byte string; undecodable bytes become U+FFFD."""
    encoding, bom = detect_encoding(data, final=True)
    return data[bom:].decode(python_codec(encoding), "replace"), encoding


def utf16_or_32(data: bytes) -> str | None:
    """The BOM-less UTF-16/32 codec that the NUL pattern of `data` suggests, if any.

    ASCII in UTF-16LE puts a NUL at every odd byte; CJK text has few NULs, but the digits,
    spaces and newlines around the values we look for still leave a one-sided pattern.
    """
    n = len(data) - len(data) % 4
    if n < 4:
        return None
    sample = data[:n]
    nuls = sample.count(b"\x00")
    if nuls == 0 or nuls * 10 > n * 9:
        return None  # no NULs, or (nearly) nothing but NULs: a sparse file is not text
    by_pos = [sample[i::4].count(b"\x00") for i in range(4)]
    quarter = n // 4
    if by_pos[2] == by_pos[3] == quarter and by_pos[1] > quarter // 2 > by_pos[0]:
        return "utf-32-le"
    if by_pos[0] == by_pos[1] == quarter and by_pos[2] > quarter // 2 > by_pos[3]:
        return "utf-32-be"
    even, odd = by_pos[0] + by_pos[2], by_pos[1] + by_pos[3]
    half = n // 2
    if even * 20 <= nuls and odd * 20 > half:  # NULs nearly all odd, and > 5 % of odd bytes
        return "utf-16-le"
    if odd * 20 <= nuls and even * 20 > half:
        return "utf-16-be"
    return None
