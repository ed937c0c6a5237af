"""Cold-process rows: each command as a person runs it, a fresh `reflect` process per sample.

`make bench`'s other rows measure an already-open home; a script, a hook or a person
typing `reflect search` pays the interpreter, the imports and the model load every
time. Every row here is also shown as a ratio to `python -c "import chromadb"` timed in
the same run, so a busy machine can be told apart from a regression.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .harness import OPTIONS, Row, info, missing, reps, row
from .model import ANSWERS
from .startup import REPO

BIN = Path(sys.executable).parent
REFLECT = str(BIN / "reflect")
QUERY = "asking for help before I get stuck"


def _wall(cmd: list[str], env: dict[str, str], stdin: str | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True, cwd=REPO)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed: {done.stderr.strip()[-300:]}")
    return took


def median_wall(
    make_cmd: Callable[[int], list[str]], env: dict[str, str], repeat: int = 5, stdin: str = ""
) -> tuple[float, list[float]]:
    """Median wall time of fresh processes (one warm-up run for the page cache first)."""
    repeat = reps(repeat)
    _wall(make_cmd(0), env, stdin or None)
    times = [_wall(make_cmd(i + 1), env, stdin or None) for i in range(repeat)]
    return statistics.median(times), times


def chromadb_import(env: dict[str, str], repeat: int = 5) -> float:
    took, _ = median_wall(lambda _: [sys.executable, "-c", "import chromadb"], env, repeat)
    return took


def _with_ratio(r: Row, base: float) -> list[Row]:
    """The row and its ratio to `import chromadb` in this run."""
    if r.value is None:
        return [r]
    return [r, info(f"… {r.name} / `import chromadb`", r.value / base, "x")]


def cold_rows(homes: dict[str, Path], sizes: dict[str, int], env_for: Callable) -> list[Row]:
    """search at 1k and 10k entries, add --no-summary and --no-model prep at 1k."""
    from .store import size_name

    base_env = env_for(homes["10k"])
    base = chromadb_import(base_env)
    rows = [info('`python -c "import chromadb"` wall time', base, "s", "cold, median of 5")]
    for label, target in (("10k", 1.0), ("100k", 1.5)):
        env = env_for(homes[label])
        took, times = median_wall(lambda _: [REFLECT, "search", QUERY, "--json", "-k", "5"], env)
        name = f"`reflect search`, cold process, {size_name(sizes[label], label)}"
        rows += _with_ratio(row(name, took, "s", f"<= {target:g}", _spread(times)), base)
    scratch = homes["10k"].parent / "home-10k-scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(homes["10k"], scratch)
    try:
        env = env_for(scratch)
        answers = json.dumps({"learned": ANSWERS[0], "worked": ANSWERS[1]})
        took, times = median_wall(
            lambda _: [
                REFLECT, "add", "--template", "quick", "--with", "partner-a",
                "--no-summary", "--answers", "-",
            ],
            env,
            stdin=answers,
        )  # fmt: skip
        name = f"`reflect add --no-summary`, cold process, {size_name(sizes['10k'], '10k')}"
        rows += _with_ratio(row(name, took, "s", "<= 1.0", _spread(times)), base)
        took, times = median_wall(
            lambda _: [REFLECT, "--no-model", "prep", "--with", "partner-b"], env
        )
        name = f"`reflect --no-model prep`, cold process, {size_name(sizes['10k'], '10k')}"
        rows += _with_ratio(row(name, took, "s", "<= 1.5", _spread(times)), base)
        rows += _with_ratio(app_search_ready_row(env), base)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return rows


def _spread(times: list[float]) -> str:
    return f"median of {len(times)} fresh processes; min {min(times):.2f} s, max {max(times):.2f} s"


# The app on the home: seconds from the first frame (home screen mounted) until the
# status line says search is ready. One JSON line; os._exit skips the model's worker.
_APP = r"""
import asyncio, json, os, sys, time
from reflect.tui.app import ReflectApp
from reflect.settings import load_settings

async def main():
    app = ReflectApp.from_settings(load_settings())
    async with app.run_test(size=(120, 36)) as pilot:
        while not app.screen.query("#go-start"):
            await pilot.pause(0.005)
        frame = time.perf_counter()
        deadline = frame + 120
        while "Search: ready" not in app.status and time.perf_counter() < deadline:
            await pilot.pause(0.01)
        ready = time.perf_counter()
        status = app.status
        app.exit()
    return ready - frame, status

took, status = asyncio.run(main())
print(json.dumps({"ready": took, "status": status}), flush=True)
os._exit(0)
"""


def app_search_ready_row(env: dict[str, str], repeat: int = 5) -> Row:
    name = 'app status "Search: ready" after the first frame, cold process, 1k entries'
    samples = []
    for turn in range(reps(repeat) + 1):
        done = subprocess.run(
            [sys.executable, "-c", _APP], env=env, capture_output=True, text=True, cwd=REPO,
            timeout=300,
        )  # fmt: skip
        lines = done.stdout.strip().splitlines()
        if done.returncode != 0 or not lines:
            return missing(name, "s", "<= 2.0", f"failed: {done.stderr.strip()[-200:]}")
        got = json.loads(lines[-1])
        if "Search: ready" not in got["status"]:
            return missing(name, "s", "<= 2.0", f"status never said ready: {got['status']}")
        if turn:
            samples.append(got["ready"])
    return row(name, statistics.median(samples), "s", "<= 2.0", _spread(samples))


def followup_rows(home: Path, env: dict[str, str]) -> list[Row]:
    """`reflect followup` cold minus the same follow-ups in a warm process; and the warm
    follow-up while another process keeps one core busy, against quiet, in turns."""
    from reflect.engine.followups import FollowUpWriter
    from reflect.llm.llama import LlamaModel
    from reflect.services import build_services
    from reflect.settings import load_settings
    from reflect.templates import TemplateBook

    base = chromadb_import(env)
    settings = load_settings(home=home)
    services = build_services(settings)
    overhead_name = "`reflect followup` start-up overhead (cold − warm), default model"
    busy_name = "follow-up complete, one core 100% busy / quiet"
    try:
        llm = services.model
        if not isinstance(llm, LlamaModel):
            status = services.model_status
            why = f"default model did not load: {status.detail if status else 'unknown'}"
            return [
                missing(overhead_name, "s", "<= 1.5", why),
                missing(busy_name, "x", "<= 2", why),
            ]
        writer = FollowUpWriter(llm, services.embedder)
        stage = TemplateBook(None).get("quick").stage("learned")
        answers = ANSWERS[: reps(5) + 1]

        def warm(answer: str) -> float:
            start = time.perf_counter()
            writer.write(stage, "mentee", answer, [stage.prompt_for("mentee")])
            return time.perf_counter() - start

        warm(ANSWERS[-1])  # load the embedder, fill the memo of curated questions
        cold_cmd = [REFLECT, "followup", "--template", "quick", "--stage", "learned", "--json"]
        cold, cold_times = median_wall(lambda i: [*cold_cmd, answers[i % len(answers)]], env)
        warm_times = [warm(a) for a in answers[1:]]
        warm_median = statistics.median(warm_times)
        quiet: list[float] = []
        busy: list[float] = []
        # each answer twice in a row, quiet then busy: the same work under both
        paired = [a for a in ANSWERS for _ in range(2)]
        for turn, answer in enumerate(paired[: len(paired) // (2 if OPTIONS.quick else 1)]):
            hog = None
            if turn % 2:
                hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
                time.sleep(0.2)  # let the busy loop get its core before the follow-up starts
            try:
                (busy if hog else quiet).append(warm(answer))
            finally:
                if hog:
                    hog.kill()
                    hog.wait()
    finally:
        services.close()
    threads = settings.thread_count()
    overhead = cold - warm_median
    rows = [
        info("`reflect followup`, cold process", cold, "s", _spread(cold_times)),
        info("the same follow-ups, warm process", warm_median, "s", f"{threads} model threads"),
        row(overhead_name, overhead, "s", "<= 1.5", f"{llm.name}, {threads} model threads"),
        info(f"… {overhead_name} / `import chromadb`", overhead / base, "x"),
        info("follow-up complete, quiet (turns with the busy one)", statistics.median(quiet), "s"),
        info("follow-up complete, one core 100% busy", statistics.median(busy), "s"),
        row(
            busy_name,
            statistics.median(busy) / statistics.median(quiet),
            "x",
            "<= 2.0",
            f"{threads} model threads, median of {len(busy)} each, in turns",
        ),
    ]
    return rows
