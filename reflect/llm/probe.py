"""Load a GGUF model and generate a few words in a process of its own.

`reflect doctor` checks the model this way: llama.cpp built for instructions this CPU
refuses (AMX, AVX-512 on a machine or VM without them) dies with an illegal instruction,
which no `try` can catch; in a child process that death becomes one sentence the person
can act on, and every other check is still reported. The child is sent no journal text.

    python -m reflect.llm.probe PATH NAME PROMPT_MODE THREADS N_CTX USER_FILE
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import cast

from ..errors import ModelError
from .base import Generation, LanguageModel, collect

PROBE_TIMEOUT_S = 180.0  # a cold load of a large model from a slow disk, then 8 tokens
_WHAT_SIGNAL_MEANS = {
    signal.SIGILL: "an instruction this CPU does not run",
    signal.SIGSEGV: "a memory fault",
    signal.SIGBUS: "a memory fault (often a model file changed or cut while in use)",
    signal.SIGKILL: "killed, often by the system running out of memory",
}


@dataclass(frozen=True)
class ProbeResult:
    words: int
    seconds: float
    detail: str  # LlamaModel.describe(): what was chosen and why
    prompt_mode: str


def check(model: LanguageModel) -> ProbeResult:
    """Ask `model` for a few words (the doctor's check, in the child or for a server)."""
    start = time.perf_counter()
    text = collect(
        model,
        Generation(
            prompt="The best question is",
            max_tokens=8,
            messages=[{"role": "user", "content": "Say hello."}],
        ),
    )
    took = time.perf_counter() - start
    return ProbeResult(len(text.split()), took, model.describe(), model.prompt_mode)


def command(
    path: Path, name: str, prompt_mode: str, threads: int, n_ctx: int | None, user_file: bool
) -> list[str]:
    """The child's command line."""
    return [
        sys.executable,
        "-m",
        "reflect.llm.probe",
        str(path),
        name,
        prompt_mode,
        str(threads),
        str(n_ctx or 0),
        "1" if user_file else "0",
    ]


def probe(argv: list[str], name: str, timeout: float = PROBE_TIMEOUT_S) -> ProbeResult:
    """Run the child `argv` (see `command`); its result, or ModelError in one sentence."""
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise ModelError(
            f"{name} did not load and answer within {timeout:.0f} s; close other busy "
            "programs and run `reflect doctor` again, or choose a smaller model with --model."
        ) from None
    if done.returncode < 0:
        number = -done.returncode
        try:
            sig = signal.Signals(number)
            what = f"{sig.name}, {_WHAT_SIGNAL_MEANS.get(sig, 'a signal')}"
        except ValueError:
            what = f"signal {number}"
        raise ModelError(
            f"{name} crashed the process that loaded it ({what}); rebuild llama.cpp for this "
            "machine (in the project folder: `rm -f .venv/.llama-built && make setup`), or "
            "use --no-model until then."
        )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise ModelError(lines[-1] if lines else f"{name} could not be loaded.")
    try:
        data = json.loads(done.stdout.strip().splitlines()[-1])
        words, seconds = int(data["words"]), float(data["seconds"])
        return ProbeResult(words, seconds, str(data["detail"]), str(data["prompt_mode"]))
    except (ValueError, KeyError, IndexError, TypeError):
        raise ModelError(f"{name} loaded, but its check printed no result.") from None


def main(args: list[str]) -> int:
    from .base import PromptMode
    from .llama import LlamaModel

    path, name, mode, threads, n_ctx, user_file = args
    model = LlamaModel(
        Path(path),
        name,
        cast(PromptMode, mode),
        int(threads),
        int(n_ctx) or None,
        mode_from_header=user_file == "1",
    )
    try:
        found = check(model.load())
    except ModelError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        model.close()
    print(json.dumps(asdict(found)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
