"""The layering issue 13 asks for, enforced on the source (imports inside functions included):

- no import cycles between modules of `scanners` and `desktop`;
- the front ends (`desktop`, `scanners.cli`) reach the engine only through the audit session,
  the model, the registry, the log, the export layer, the actions, the assessment types the
  session returns, the machine helpers (`scanners.system`) and the rule catalogue;
- `scanners` never imports Qt or `desktop`.

Imports under `if TYPE_CHECKING:` are left out: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scanners", "desktop")

# What a front end may import from the engine (prefixes of module names).
FRONT_END_ALLOWED = (
    "scanners",  # the package itself: __version__
    "scanners.audit_session",
    "scanners.model",
    "scanners.registry",
    "scanners.ledger",
    "scanners.export",
    "scanners.actions",
    "scanners.assessment",  # the Score, Coverage and advice an outcome carries
    "scanners.system",  # data folders, private files, terminal-safe text
    "scanners.detection.rules",  # the rule catalogue: titles and legal anchors to show
    "scanners.cli",  # the CLI's own modules
    "scanners.fleet",  # policy files, sealed results and the merged fleet view
    "scanners.demo",  # training mode: the demo sandbox, its audit and its fixes
)


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else (
                test.attr if isinstance(test, ast.Attribute) else "")
            if name == "TYPE_CHECKING":
                for child in node.body:
                    for sub in ast.walk(child):
                        if hasattr(sub, "lineno"):
                            lines.add(sub.lineno)
    return lines


def _imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The repo modules `module` imports (the deepest module each import names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    out.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_pkg else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in known:
                    out.add(sub)
                elif base in known:
                    out.add(base)
    out.discard(module)
    return out


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {m: _imports(m, p, known) for m, p in known.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def test_no_import_cycles_lazy_imports_included():
    cycles = _cycles(_graph())
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def _front_end(module: str) -> bool:
    return module.startswith("desktop") or module.startswith("scanners.cli")


def test_front_ends_reach_the_engine_only_through_its_public_layers():
    bad = []
    for module, targets in _graph().items():
        if not _front_end(module):
            continue
        for target in targets:
            if target.startswith("scanners") and not any(
                    target == ok or target.startswith(ok + ".") for ok in FRONT_END_ALLOWED[1:]
            ) and target != "scanners":
                bad.append(f"{module} -> {target}")
    assert bad == [], "front ends reaching past the session: " + ", ".join(sorted(bad))


def test_the_engine_never_imports_the_front_end_or_qt():
    known = _modules()
    bad = []
    for module, path in known.items():
        if not module.startswith("scanners"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if name.split(".")[0] in ("desktop", "PySide6", "shiboken6"):
                    bad.append(f"{module} -> {name}")
    assert bad == []
