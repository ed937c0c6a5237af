"""No module of reflect/ or tui/ imports itself back through others.

import-linter's contracts (`make lint`) keep the rooms in order but cannot see a circle
inside one room, such as a screen importing the app that imports the screen. Imports
inside functions and under TYPE_CHECKING count: a circle is a circle to the reader too.
"""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parents[2]


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other round (Tarjan's strongly connected
    components of more than one module, or a module importing itself)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in edges[module]:
            if other not in order:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in edges[module]:
                found.append(sorted(group))

    for module in sorted(edges):
        if module not in order:
            visit(module)
    return found


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # tui/ is read from the source tree, where it is the top-level `tui` package
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(REPO))
        return grimp.build_graph("reflect", "tui", cache_dir=None)


@pytest.mark.parametrize("package", ["reflect", "tui"])
def test_no_module_imports_itself_back_through_others(
    graph: grimp.ImportGraph, package: str
) -> None:
    modules = {m for m in graph.modules if m.split(".")[0] == package}
    assert len(modules) > 10, f"the graph has no {package} modules: is {package}/ readable?"
    edges = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    found = circles(edges)
    assert not found, "import circles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_a_circle_is_found() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert circles(edges) == [["a", "b", "c"], ["e"]]
