"""HTML and generic XML: tags stripped, entities unescaped, text streamed.

`html.parser` never expands DTD entities and has no recursion, so hostile nesting or
"billion laughs" declarations cost nothing. Offsets refer to the extracted text.
"""

from __future__ import annotations

from html.parser import HTMLParser

from scanners.base import Limits
from scanners.sources.content.decode import StreamDecoder, TextChunker
from scanners.sources.content.parts import ItemStream, Problem, Source

_BLOCK = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "hr",
        "form",
        "title",
        "address",
        "main",
        "figure",
        "figcaption",
    ]
)
_CELL = frozenset(("td", "th"))
_SKIP = frozenset(("script", "style", "template", "noscript", "svg", "head-skip"))


class _Stripper(HTMLParser):
    """Collects text; `xml=True` also keeps attribute values (data often lives there)."""

    def __init__(self, xml: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.xml = xml
        self.out: list[str] = []
        self._skip = 0
        self._last = "\n"

    def _emit(self, text: str) -> None:
        if text:
            self.out.append(text)
            self._last = text[-1]

    def _newline(self) -> None:
        if self._last != "\n":
            self._emit("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.xml:
            if tag in _SKIP:
                self._skip += 1
            elif tag in _BLOCK:
                self._newline()
            return
        values = [f"{k}: {v}" for k, v in attrs if v and not k.startswith("xmlns")]
        if values:
            self._newline()
            self._emit(" ".join(values) + "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if not self.xml and tag in _SKIP:
            self._skip -= 1

    def handle_endtag(self, tag: str) -> None:
        if self.xml:
            self._newline()
        elif tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK:
            self._newline()
        elif tag in _CELL:
            self._emit("\t")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._emit(data)

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA["):
            self._emit(data[6:])

    def take(self) -> str:
        text = "".join(self.out)
        self.out.clear()
        return text


def html_to_text(html: str) -> str:
    """Visible text of an HTML document (e-mail bodies)."""
    parser = _Stripper()
    parser.feed(html)
    parser.close()
    return parser.take()


def _extract(src: Source, limits: Limits, xml: bool) -> ItemStream:
    kind = "xml" if xml else "html"
    chunker = TextChunker(src.name, limits, kind)
    decoder = StreamDecoder()
    parser = _Stripper(xml)
    remaining = limits.max_text_bytes
    with src.open() as fh:
        while remaining > 0:
            block = fh.read(min(max(4096, limits.chunk_chars), remaining))
            if not block:
                break
            remaining -= len(block)
            parser.feed(decoder.decode(block))
            yield from chunker.push(parser.take())
        truncated = remaining <= 0 and bool(fh.read(1))
    parser.feed(decoder.decode(b"", final=True))
    parser.close()
    yield from chunker.push(parser.take())
    yield from chunker.finish()
    if truncated:
        yield Problem(
            src.name, "truncated", f"text beyond {limits.max_text_bytes} bytes was not read"
        )


def extract_html(src: Source, limits: Limits) -> ItemStream:
    yield from _extract(src, limits, xml=False)


def extract_xml(src: Source, limits: Limits) -> ItemStream:
    yield from _extract(src, limits, xml=True)
