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
        "import sys, reflect, reflect.cli, reflect.services, reflect.engine.session,"
        " reflect.storage.library;"
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


# What each command may not load (on the fast embedding path, with the ONNX copy made).
# torch and sentence-transformers cost ~10 s on two cores; chromadb ~1 s; llama_cpp,
# cryptography and yaml a little each — a command pays only for what it uses.
NEVER = ("textual", "torch", "sentence_transformers", "transformers", "tui")
ADD = ["add", "--template", "quick", "--with", "sam", "--no-summary", "--answers", "-"]
SEARCH = ["search", "asking for help", "--json", "-k", "1"]
COMMANDS = [
    (["templates", "list"], (*NEVER, "chromadb", "llama_cpp", "onnxruntime", "cryptography")),
    (ADD, (*NEVER, "chromadb", "llama_cpp", "cryptography")),  # the index takes it in later
    (SEARCH, (*NEVER, "llama_cpp", "cryptography")),  # the first open builds the index
    (ADD, (*NEVER, "chromadb", "llama_cpp", "cryptography")),
    # from now on the index's snapshot serves reading commands (reflect/storage/snapshot.py)
    (SEARCH, (*NEVER, "chromadb", "llama_cpp", "cryptography")),
    (["--no-model", "prep", "--with", "sam"], (*NEVER, "chromadb", "llama_cpp", "cryptography")),
    (
        ["--no-model", "followup", "--template", "quick", "--stage", "learned", "I asked early."],
        (*NEVER, "chromadb", "llama_cpp", "cryptography"),
    ),
    (["export"], (*NEVER, "chromadb", "llama_cpp", "onnxruntime", "cryptography")),
    (["--help"], (*NEVER, "chromadb", "llama_cpp", "onnxruntime", "cryptography", "yaml")),
]
# Runs the CLI as `reflect` does and prints, at exit, which watched modules were loaded.
_REPORTING_CLI = """
import atexit, json, sys
watched = json.loads(sys.argv[1])
atexit.register(lambda: sys.stderr.write(
    "LOADED " + json.dumps([m for m in watched if m in sys.modules]) + "\\n"))
from reflect.cli import main
sys.argv = ["reflect", *sys.argv[2:]]
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --help
    code = exc.code
sys.exit(code)
"""


def test_each_command_loads_only_what_it_uses(tmp_path: Path) -> None:
    import json
    import os

    from embedding_copy import prepared_cache

    env = {
        **os.environ,
        "REFLECT_HOME": str(tmp_path / "home"),
        "REFLECT_CACHE": str(prepared_cache()),
    }
    answers = json.dumps({"learned": "Asking for help early saved me a day."})
    loaded = {}
    for step, (argv, forbidden) in enumerate(COMMANDS):
        out = subprocess.run(
            [sys.executable, "-c", _REPORTING_CLI, json.dumps(forbidden), *argv],
            input=answers,
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert out.returncode == 0, (argv, out.stderr)
        report = [line for line in out.stderr.splitlines() if line.startswith("LOADED ")]
        loaded[f"{step}: {' '.join(argv[:2])}"] = json.loads(report[-1][len("LOADED ") :])
    assert loaded == {
        f"{step}: {' '.join(argv[:2])}": [] for step, (argv, _) in enumerate(COMMANDS)
    }
