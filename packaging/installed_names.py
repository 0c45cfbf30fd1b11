"""The import names piaudit installs under, and the source rewrite that gives them.

The source folders are `scanners/` (engine and CLI) and `desktop/` (the PySide6 window), and
development, mypy, the tests and PyInstaller import them under those names from the checkout.
Installed, those names would collide with other distributions (`desktop` is already a
different project on the package index), so the wheel installs one top-level name, the
distribution's own:

    scanners.x   ->  piaudit.x        (the engine and the CLI)
    desktop.x    ->  piaudit.gui.x    (the window; its Qt dependency is the `gui` extra)

Why a build-time rewrite rather than relative imports in the source: desktop/ imports
scanners/ across packages (relative imports cannot say that unless desktop/ moved inside
scanners/), the product names modules in strings (multiprocessing's forkserver preload,
importlib look-ups), and 200 modules edited concurrently by many hands would drift back to
absolute imports. The rewrite is mechanical, checked, and touches only the copy in the wheel:

- import statements, through `tokenize` (so comments, docstrings and formatting are kept):
  `from scanners.a import b`, `import scanners.a as b`. A bare `import scanners.a` binds the
  name `scanners` that later code dereferences; it is refused (write `from … import` or
  `import … as`) rather than guessed at;
- string literals that are exactly the name of one of the source modules
  (`"scanners.sources.content.scanner"`), and nothing else: the word alone (`"scanners"`, a
  JSON key), inside prose, or a file name such as `"desktop.ini"` stays;
- afterwards every rewritten module is parsed again and any remaining import of, or module
  string naming, `scanners`/`desktop` fails the build (`check`).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from pathlib import Path

# source top-level package -> installed dotted name
RENAMES: dict[str, str] = {"scanners": "piaudit", "desktop": "piaudit.gui"}
# the inverse, for entry points declared with installed names (pyproject.toml)
SOURCE_NAMES: dict[str, str] = {v: k for k, v in RENAMES.items()}
TOP_LEVEL = "piaudit"

_MODULE_STRING = re.compile(r"(scanners|desktop)(\.[A-Za-z_][A-Za-z0-9_]*)+")


class RewriteError(ValueError):
    """A source construct the rewrite will not guess at (the message says where and why)."""


def source_modules(root: Path) -> frozenset[str]:
    """Every module and package name under the source packages in `root` (the checkout)."""
    names = set()
    for top in RENAMES:
        for path in (root / top).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return frozenset(names)


def installed_name(module: str) -> str:
    """`scanners.cli.entry` -> `piaudit.cli.entry`; other names are returned unchanged."""
    head, dot, rest = module.partition(".")
    if head not in RENAMES:
        return module
    return RENAMES[head] + dot + rest


def source_name(module: str) -> str:
    """The inverse of installed_name (`piaudit.gui.app` -> `desktop.app`)."""
    for installed in sorted(SOURCE_NAMES, key=len, reverse=True):  # piaudit.gui before piaudit
        if module == installed or module.startswith(installed + "."):
            return SOURCE_NAMES[installed] + module[len(installed):]
    return module


def rename_entry_point(spec: str, *, to_source: bool = False) -> str:
    """`piaudit = scanners.cli.entry:main` with its module part renamed either way."""
    name, eq, target = spec.partition("=")
    module, colon, attr = target.strip().partition(":")
    new = source_name(module) if to_source else installed_name(module)
    return f"{name.strip()} {eq} {new}{colon}{attr}" if eq else spec


def _significant(tokens: list[tokenize.TokenInfo]) -> Iterator[int]:
    skip = (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING)
    return (i for i, t in enumerate(tokens) if t.type not in skip)


def _dotted_end(tokens: list[tokenize.TokenInfo], idx: list[int], k: int) -> int:
    """Index (into idx) just past the dotted name starting at idx[k]."""
    while k + 2 < len(idx) and tokens[idx[k + 1]].string == "." \
            and tokens[idx[k + 2]].type == tokenize.NAME:
        k += 2
    return k + 1


def _import_edits(tokens: list[tokenize.TokenInfo], where: str) -> list[tuple[int, str]]:
    """(token index, new text) for the first name of every renamed module in an import."""
    edits: list[tuple[int, str]] = []
    idx = list(_significant(tokens))
    k = 0
    while k < len(idx):
        tok = tokens[idx[k]]
        if tok.type == tokenize.NAME and tok.string == "from" and k + 1 < len(idx):
            head = tokens[idx[k + 1]]
            end = _dotted_end(tokens, idx, k + 1)
            if head.type == tokenize.NAME and head.string in RENAMES and end < len(idx) \
                    and tokens[idx[end]].string == "import":
                edits.append((idx[k + 1], RENAMES[head.string]))
            k = end
            # skip the imported names: `from x import scanners` binds a name, not a module
            while k < len(idx) and tokens[idx[k]].type not in (tokenize.NEWLINE,
                                                                tokenize.ENDMARKER) \
                    and tokens[idx[k]].string != ";":
                k += 1
            continue
        if tok.type == tokenize.NAME and tok.string == "import":
            k += 1
            while k < len(idx):
                head = tokens[idx[k]]
                end = _dotted_end(tokens, idx, k)
                aliased = end < len(idx) and tokens[idx[end]].string == "as"
                if head.type == tokenize.NAME and head.string in RENAMES:
                    if not aliased:
                        raise RewriteError(
                            f"{where}:{head.start[0]}: `import {head.string}…` binds the name"
                            f" {head.string!r}, which the installed package does not have;"
                            " write `from … import …` or `import … as …`")
                    edits.append((idx[k], RENAMES[head.string]))
                k = end + (2 if aliased else 0)
                if k < len(idx) and tokens[idx[k]].string == ",":
                    k += 1
                    continue
                break
            continue
        k += 1
    return edits


def _is_module_string(value: object, modules: Iterable[str] | None) -> bool:
    if not isinstance(value, str) or not _MODULE_STRING.fullmatch(value):
        return False
    return modules is None or value in modules


def _string_edits(tokens: list[tokenize.TokenInfo],
                  modules: Iterable[str] | None) -> list[tuple[int, str]]:
    edits: list[tuple[int, str]] = []
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.STRING:
            continue
        try:
            value = ast.literal_eval(tok.string)
        except (ValueError, SyntaxError):  # an f-string (one token before Python 3.12)
            continue
        if _is_module_string(value, modules):
            assert isinstance(value, str)
            head = value.partition(".")[0]
            # the literal holds only name characters and dots: its first occurrence of the
            # name is the one after the quote (and any r/u prefix)
            edits.append((i, tok.string.replace(head, RENAMES[head], 1)))
    return edits


def rewrite(source: str, where: str = "<source>",
            modules: Iterable[str] | None = None) -> str:
    """`source` with its imports of, and module-path strings naming, the source packages
    renamed to the installed ones. Comments, docstrings and layout are kept byte for byte.
    `modules` (source_modules) limits the strings rewritten to real module names; None
    takes any dotted name under scanners/desktop."""
    modules = None if modules is None else frozenset(modules)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    edits = _import_edits(tokens, where) + _string_edits(tokens, modules)
    if not edits:
        return source
    lines = source.splitlines(keepends=True)
    # apply right to left so earlier columns stay valid; a token never spans the edit
    for i, text in sorted(edits, key=lambda e: tokens[e[0]].start, reverse=True):
        (row, col), (erow, ecol) = tokens[i].start, tokens[i].end
        if row != erow:  # a triple-quoted module path over lines: not a module path
            continue
        line = lines[row - 1]
        lines[row - 1] = line[:col] + text + line[ecol:]
    return "".join(lines)


def check(source: str, where: str = "<source>",
          modules: Iterable[str] | None = None) -> list[str]:
    """Problems left in rewritten `source`: imports of, or module strings naming, a source
    package (an empty list means the module imports only installed names)."""
    modules = None if modules is None else frozenset(modules)
    problems = []
    for node in ast.walk(ast.parse(source, where)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and _is_module_string(node.value, modules):
            names = [str(node.value)]
        problems += [f"{where}:{getattr(node, 'lineno', '?')}: {n}" for n in names
                     if n.partition(".")[0] in RENAMES]
    return problems
