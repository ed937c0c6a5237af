"""`import reflect` stays light and the domain never reaches into the TUI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("textual", "torch", "sentence_transformers", "llama_cpp", "chromadb")


def test_importing_reflect_and_its_cli_loads_nothing_heavy() -> None:
    code = (
        "import sys, reflect, reflect.cli, reflect.services, reflect.session, reflect.library;"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_domain_package_never_imports_textual_or_the_tui() -> None:
    offenders = []
    for path in (REPO / "reflect").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "textual" or ".tui" in name or name == "tui":
                    offenders.append(f"{path.relative_to(REPO)}: {name}")
    assert offenders == []
