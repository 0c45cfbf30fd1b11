"""Event-driven XML reading with expat, refusing DTD entity declarations.

ElementTree expands internal entities, so a "billion laughs" document inside a .docx
would balloon in memory; expat with an `EntityDeclHandler` that raises stops at the first
declaration (Office and ODF parts never declare entities). Events instead of a tree keep
deeply nested documents from exhausting the recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO
from xml.parsers import expat

from scanners.sources.content.parts import ExtractError


class XmlHandler:
    """Receives element events with namespace-free local names."""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _refuse_entity(*_args: object) -> None:
    raise ExtractError("XML declares entities (possible entity-expansion bomb)", reason="bomb")


def _new_parser() -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = lambda *_a: 0  # never fetch anything
    return parser


def parse_xml_direct(
    source: bytes,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    data: Callable[[str], None],
) -> None:
    """`parse_xml` with expat calling the three functions itself: element and attribute
    names arrive as expat gives them ("namespace}local"; `local_name` strips them). For a
    reader of millions of events (a worksheet), where each Python layer per event counts."""
    parser = _new_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    _run(parser, source)


def check_xml(source: bytes) -> None:
    """Raise what `parse_xml` would raise on `source` (malformed XML, entity declarations,
    an encoding expat cannot read), at expat's own speed: no handler is called."""
    _run(_new_parser(), source)


def local_name(name: str) -> str:
    return _local(name)


def parse_xml(source: bytes | BinaryIO, handler: XmlHandler) -> None:
    """Feed the events of an XML document to `handler`; malformed XML raises ExpatError."""
    parser = _new_parser()

    # Local names are cached: a sheet has millions of elements with a handful of names.
    names: dict[str, str] = {}

    def local(name: str) -> str:
        found = names.get(name)
        if found is None:
            found = names[name] = _local(name)
        return found

    def start(name: str, attrs: dict[str, str]) -> None:
        if attrs:
            attrs = {local(k): v for k, v in attrs.items()}
        handler.start(local(name), attrs)

    def end(name: str) -> None:
        handler.end(local(name))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = handler.data
    _run(parser, source)


def _run(parser: expat.XMLParserType, source: bytes | BinaryIO) -> None:
    try:
        if isinstance(source, bytes):
            parser.Parse(source, True)
        else:
            parser.ParseFile(source)
    except LookupError:  # <?xml encoding="..."?> names a codec Python does not have
        raise ExtractError("XML declares an unknown encoding") from None
    except ValueError as exc:  # ...or one expat cannot use ("multi-byte encodings ...")
        if "encoding" not in str(exc):
            raise
        raise ExtractError("XML declares an encoding the parser cannot read") from None
