"""Startup rows: `reflect --help`, the TUI's first frame headless and in tmux.

Each first frame is compared with the minimal Textual app measured the same way, in
turns, so that background load affects both alike.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from .harness import Row, info, missing, reps, row

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# What the home screen shows once painted (any one of them counts).
HOME_MARKERS = ("Start a reflection",)
MINIMAL_MARKER = "Minimal app ready"


def help_rows(env: dict[str, str], repeat: int = 5) -> list[Row]:
    repeat = reps(repeat)
    cmd = [str(BIN / "reflect"), "--help"]
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm the page cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return [row("reflect --help wall time", statistics.median(times), "s", "<= 0.5")]


# One cold sample per child process, from the parent's spawn to the home screen being
# mounted (as a person waits for it), with how much of that was Python + imports.
# The app's thread workers (model, store, embedder) cannot be stopped, hence a process
# per sample and os._exit. Prints one JSON line.
_HEADLESS = r"""
import time
t_imports = time.time()
import asyncio, json, os, sys
spawned, which, marker = float(sys.argv[1]), sys.argv[2], sys.argv[3]
if which == "minimal":
    from tests.perf.minimal_app import MinimalApp as make
else:
    try:
        from reflect.tui.app import ReflectApp
    except ImportError as exc:
        print(json.dumps({"error": f"reflect.tui.app is not importable yet ({exc})"}))
        sys.exit(0)
    from reflect.settings import load_settings
    from reflect.services import build_services

    def make():
        settings = load_settings()
        if hasattr(ReflectApp, "from_settings"):
            return ReflectApp.from_settings(settings)
        return ReflectApp(build_services(settings))

async def first_frame():
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        while marker != "-" and not app.screen.query(marker):
            await pilot.pause(0.005)
        done = time.time()
        app.exit()
    return done

imported = time.time()
done = asyncio.run(first_frame())
print(json.dumps({"total": done - spawned, "app": done - imported,
                  "python": t_imports - spawned, "imports": imported - t_imports}), flush=True)
os._exit(0)  # do not wait for the app's model-loading thread
"""
HOME_WIDGET = "#go-start"  # the home screen's first button: its presence is the first frame


def _headless_sample(which: str, env: dict[str, str]) -> dict[str, float | str]:
    marker = HOME_WIDGET if which == "reflect" else "-"
    proc = subprocess.run(
        [sys.executable, "-c", _HEADLESS, repr(time.time()), which, marker],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"error": "failed: " + (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    return dict(json.loads(lines[-1]))


def headless_rows(env: dict[str, str], repeat: int = 5) -> list[Row]:
    repeat = reps(repeat)
    name = "TUI first frame, headless run_test"
    samples: dict[str, list[dict[str, float]]] = {"reflect": [], "minimal": []}
    for turn in range(repeat + 1):
        for which in ("minimal", "reflect"):
            got = _headless_sample(which, env)
            if "error" in got:
                why = str(got["error"])
                return [
                    missing(name, "s", "<= 1.0", why),
                    missing(f"{name} / minimal Textual app", "x", "<= 2.0", why),
                ]
            if turn:
                samples[which].append({k: float(v) for k, v in got.items()})

    def med(which: str, key: str) -> float:
        return statistics.median(s[key] for s in samples[which])

    ours, base = med("reflect", "total"), med("minimal", "total")
    split = (
        f"cold process, median of {repeat}: interpreter {med('reflect', 'python'):.2f} s, "
        f"imports {med('reflect', 'imports'):.2f} s, "
        f"app to first frame {med('reflect', 'app'):.2f} s"
    )
    return [
        row(name, ours, "s", "<= 1.0", split),
        info(
            "minimal Textual app first frame, headless",
            base,
            "s",
            f"imports {med('minimal', 'imports'):.2f} s, app {med('minimal', 'app'):.2f} s",
        ),
        row(f"{name} / minimal Textual app", ours / base, "x", "<= 2.0"),
    ]


def _paint_time(cmd: list[str], marker: tuple[str, ...], env: dict[str, str]) -> float | None:
    """Seconds from launching `cmd` in a fresh tmux until the pane shows a marker."""
    if shutil.which("tmux") is None:
        return None
    socket = f"reflect-bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    tmux = ["tmux", "-L", socket]
    start = time.perf_counter()
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "120", "-y", "36", "--", *cmd],
        env=env,
        cwd=REPO,
        check=True,
    )
    try:
        deadline = start + 30
        while time.perf_counter() < deadline:
            pane = subprocess.run(
                [*tmux, "capture-pane", "-p"], capture_output=True, text=True, env=env
            ).stdout
            if any(m in pane for m in marker):
                return time.perf_counter() - start
            time.sleep(0.01)  # polling interval: 10 ms resolution is plenty for a 1 s target
        return None
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, env=env)
        folder = Path(env.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}"
        (folder / socket).unlink(missing_ok=True)  # kill-server leaves the socket file


def tmux_rows(env: dict[str, str], repeat: int = 3) -> list[Row]:
    repeat = reps(repeat)
    name = "TUI first paint in tmux (`reflect`)"
    if shutil.which("tmux") is None:
        return [missing(name, "s", "<= 1.0", "tmux is not installed")]
    try:
        import reflect.tui.app  # noqa: F401  (is the app there yet?)
    except ImportError as exc:
        return [missing(name, "s", "<= 1.0", f"reflect.tui.app is not importable yet ({exc})")]
    env = {**env, "TERM": "xterm-256color"}
    ours_cmd = [str(BIN / "reflect")]
    base_cmd = [sys.executable, "-m", "tests.perf.minimal_app"]
    ours: list[float] = []
    base: list[float] = []
    for turn in range(repeat + 1):
        b = _paint_time(base_cmd, (MINIMAL_MARKER,), env)
        o = _paint_time(ours_cmd, HOME_MARKERS, env)
        if o is None:
            return [missing(name, "s", "<= 1.0", f"no home screen text {HOME_MARKERS} in 30 s")]
        if turn and b is not None:
            ours.append(o)
            base.append(b)
    mine, theirs = statistics.median(ours), statistics.median(base)
    return [
        row(name, mine, "s", "<= 1.0", f"cold process, median of {repeat}"),
        info("minimal Textual app first paint in tmux", theirs, "s"),
        row(f"{name} / minimal Textual app", mine / theirs, "x", "<= 2.0"),
    ]
