"""The shape of the package, as `docs/architecture.md` draws it.

An AST walk over `campaign/` (no imports, so nothing runs): the layers only
import downward, domain services use each other only along the stated order,
no import cycle exists (imports inside functions count; only `TYPE_CHECKING`
imports are exempt), nothing outside `campaign/tui/` imports Textual, and
files and functions stay small enough to read in one sitting.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "campaign"
MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 80

# Each top-level part of `campaign` and its layer; a part may import its own
# layer's parts only as SERVICE_USES allows, and any lower layer freely.
LAYERS: dict[str, int] = {
    "campaign": 0,  # the package __init__: version, environment defaults
    "errors": 0,
    "paths": 0,
    "digest": 0,
    "wording": 0,
    "dice": 1,
    "model": 2,
    "schema": 3,
    "reference": 3,
    "loader": 4,
    "outline": 4,  # a module's outline from its raw YAML, beside the loader (imports neither)
    "session_point": 4,  # a session's scene from its raw file, beneath the session layer
    "tables": 5,
    "checks": 5,
    "characters": 5,
    "search": 5,
    "session": 5,
    "handouts": 5,
    "lint": 5,
    "importers": 5,
    "scaffold": 5,
    "cache": 5,
    "forecast": 5,
    "maps": 5,
    "players": 5,
    "cli": 6,
    "cli_docs": 6,
    "tui": 6,
    "__main__": 6,
}

# Same-layer imports allowed, by importer. Services not named use none.
SERVICE_USES: dict[str, set[str]] = {
    "checks": {"characters"},
    "forecast": {"checks", "characters"},
    "maps": {"handouts"},
    "players": {"session"},
    "session": {"tables", "characters", "checks"},
    "handouts": {"session", "tables", "characters", "checks", "players"},
    "lint": {"checks", "characters", "tables", "handouts", "forecast"},
    "cli": {"tui", "cli_docs"},
    "cli_docs": {"cli"},
    "__main__": {"cli"},
    "tui": {"cli"},
}


@dataclass
class Source:
    name: str
    path: Path
    tree: ast.Module
    imports: set[str] = field(default_factory=set)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    """ids of every node under an `if TYPE_CHECKING:` block."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            exempt.update(id(child) for child in ast.walk(node))
    return exempt


def _imported_names(source: Source, known: set[str]) -> Iterator[str]:
    """Every module name an import statement of `source` names, absolute."""
    is_package = source.path.name == "__init__.py"
    package = source.name if is_package else source.name.rpartition(".")[0]
    exempt = _type_checking_nodes(source.tree)
    for node in ast.walk(source.tree):
        if id(node) in exempt:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # `from pkg import sub` names the submodule; `from pkg import func` the package.
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                yield submodule if submodule in known else module


def _sources() -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        sources[name] = Source(name, path, ast.parse(path.read_text(encoding="utf-8")))
    for source in sources.values():
        for imported in _imported_names(source, set(sources)):
            target = _resolve(imported, sources)
            if target and target != source.name:
                source.imports.add(target)
    return sources


def _resolve(name: str, sources: dict[str, Source]) -> str | None:
    """The campaign module an imported name lives in (`a.b.func` -> `a.b`)."""
    while name:
        if name in sources:
            return name
        name = name.rpartition(".")[0]
    return None


SOURCES = _sources()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_every_part_has_a_layer() -> None:
    unknown = sorted({_part(name) for name in SOURCES} - set(LAYERS))
    assert not unknown, f"add these to LAYERS and docs/architecture.md: {unknown}"


def test_no_import_cycles() -> None:
    graph = {name: source.imports for name, source in SOURCES.items()}
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_cycle() -> None:
    """The check above could pass vacuously; prove it sees a real loop."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_layers_only_import_downward() -> None:
    wrong: list[str] = []
    for name, source in SOURCES.items():
        part = _part(name)
        for target in source.imports:
            other = _part(target)
            if other == part or LAYERS[other] < LAYERS[part]:
                continue
            if LAYERS[other] == LAYERS[part] and other in SERVICE_USES.get(part, set()):
                continue
            wrong.append(f"{name} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_session_uses_neither_handouts_nor_loader() -> None:
    """Stated on its own because the layer table alone would allow the loader."""
    offenders = [
        f"{name} -> {target}"
        for name, source in SOURCES.items()
        if _part(name) == "session"
        for target in source.imports
        if _part(target) in {"handouts", "loader"}
    ]
    assert not offenders


def test_only_the_tui_imports_textual() -> None:
    offenders = []
    for name, source in SOURCES.items():
        if _part(name) == "tui":
            continue
        for imported in _imported_names(source, set(SOURCES)):
            if imported.split(".")[0] == "textual":
                offenders.append(f"{name} imports {imported}")
    assert not offenders


def test_files_are_small() -> None:
    sizes = {
        str(source.path.relative_to(PACKAGE.parent)): len(
            source.path.read_text(encoding="utf-8").splitlines()
        )
        for source in SOURCES.values()
    }
    large = {path: lines for path, lines in sizes.items() if lines > MAX_FILE_LINES}
    assert not large, f"over {MAX_FILE_LINES} lines: {large}"


def test_functions_are_short() -> None:
    long: list[str] = []
    for source in SOURCES.values():
        for node in ast.walk(source.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{source.path.name}:{node.lineno} {node.name} ({length} lines)")
    assert not long, f"over {MAX_FUNCTION_LINES} lines: {long}"


def test_the_architecture_page_names_every_part() -> None:
    """docs/architecture.md is where a newcomer looks: it must not fall behind LAYERS."""
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [part for part in LAYERS if part != "campaign" and f"`{part}" not in page]
    assert not missing, f"docs/architecture.md does not name: {missing}"
