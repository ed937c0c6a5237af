"""`make bench`: run every bench, print the table, write bench-results.json and .md.

    python -m tests.perf.run --out bench-results.json [--data DIR] [--only search,tui]

Synthetic homes are generated in a temp folder and deleted afterwards; `--data DIR`
keeps them in DIR and reuses them on the next run (generation is the slowest part).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from .harness import OPTIONS, Row, missing, table, write_results

DATA_VERSION = 4  # 3: index layout 2 (packed metadata, slot); 4: the model id recorded
HOMES = {"1k": 100, "10k": 1_000, "100k": 10_000}  # chunks -> entries (10 chunks each)
QUICK_HOMES = {"1k": 10, "10k": 50, "100k": 100}  # --quick: tiny homes, same code paths


def home_sizes() -> dict[str, int]:
    return QUICK_HOMES if OPTIONS.quick else HOMES


def _log(message: str, started: float) -> None:
    sys.stderr.write(f"[{time.perf_counter() - started:6.0f}s] {message}\n")
    sys.stderr.flush()


def prepare_data(folder: Path, started: float) -> dict[str, Path]:
    """The synthetic homes, generated unless `folder` already holds this version of them."""
    from .journals import build_home, write_journal

    sizes = home_sizes()
    marker = folder / "ready.json"
    homes = {size: folder / f"home-{size}" for size in sizes}
    stamp = {"version": DATA_VERSION, "entries": sizes}
    if marker.is_file() and all(
        json.loads(marker.read_text()).get(k) == v for k, v in stamp.items()
    ):
        _log(f"reusing synthetic homes in {folder}", started)
        return homes
    for home in homes.values():
        shutil.rmtree(home, ignore_errors=True)
    write_journal(homes["1k"], sizes["1k"])  # reindex builds its own index from this one
    _log("generated home-1k (journal only)", started)
    counts = {}
    for size in ("10k", "100k"):
        counts[size] = build_home(homes[size], sizes[size])
        _log(f"generated home-{size}: {sizes[size]} entries, {counts[size]} chunks", started)
    marker.write_text(json.dumps({**stamp, "chunks": counts}))
    return homes


def bench_env(home: Path) -> dict[str, str]:
    """Environment for child processes: the bench home, offline, no personal settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFLECT_")}
    if "REFLECT_CACHE" in os.environ:  # keep an assembled model cache if one was chosen
        env["REFLECT_CACHE"] = os.environ["REFLECT_CACHE"]
    env["REFLECT_HOME"] = str(home)
    from reflect.settings import OFFLINE_ENV

    env.update(OFFLINE_ENV)
    return env


def run(args: argparse.Namespace) -> list[Row]:
    started = time.perf_counter()
    keep = args.data is not None
    folder = Path(args.data) if keep else Path(tempfile.mkdtemp(prefix="reflect-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    only = {s.strip() for s in args.only.split(",")} if args.only else None

    def step(group: str, label: str, fn: Callable[[], list[Row]]) -> None:
        if only is not None and group not in only:
            return
        _log(f"{label} ...", started)
        try:
            got = fn()
        except Exception as exc:  # one broken bench must not hide the others
            traceback.print_exc()
            got = [missing(label, "", "", f"failed: {type(exc).__name__}: {exc}")]
        for r in got:
            shown = "—" if r.value is None else f"{r.value:g} {r.unit}"
            verdict = {None: "", True: "pass", False: "FAIL"}[r.passed]
            _log(f"  {r.name}: {shown} {verdict}", started)
        rows.extend(got)

    try:
        from reflect.settings import enforce_offline

        enforce_offline()
        os.environ["REFLECT_HOME"] = str(folder / "home-app")
        app_env = bench_env(folder / "home-app")

        from . import startup

        step("help", "reflect --help", lambda: startup.help_rows(app_env))
        step("tui", "TUI first frame (headless)", lambda: startup.headless_rows(app_env))
        step("tui", "TUI first paint (tmux)", lambda: startup.tmux_rows(app_env))

        needs_data = only is None or only & {
            "search",
            "prep",
            "reindex",
            "reconcile",
            "rss",
            "cold",
            "mpnet",
        }
        homes = prepare_data(folder, started) if needs_data else {}

        from reflect.llm.embedder import SentenceEmbedder
        from reflect.settings import load_settings

        # the path every command takes: the ONNX copy from `reflect models prepare`
        cache = load_settings().cache_dir
        embedder = SentenceEmbedder(threads=OPTIONS.threads, cache_dir=cache, warn=print)
        from . import store

        sizes = home_sizes()
        for label, target in (("10k", 50), ("100k", 150)):
            step(
                "search",
                f"search {label} chunks",
                lambda label=label, target=target: store.search_rows(
                    homes[label], label, sizes[label], embedder.load(), target
                ),
            )
        for label, target in (("10k", 0.5), ("100k", 1.0)):  # 100k chunks: 10k entries
            step(
                "prep",
                f"prep brief {label} chunks",
                lambda label=label, target=target: store.prep_rows(
                    homes[label], label, sizes[label], embedder.load(), target
                ),
            )
        step(
            "reindex",
            "reindex throughput",
            lambda: store.reindex_rows(homes["1k"], embedder.load()),
        )
        from .mpnet import mpnet_rows

        step(
            "mpnet",
            "all-mpnet-base-v2 (optional)",
            lambda: mpnet_rows(folder, homes["1k"], sizes["10k"]),
        )
        from . import cold

        step("cold", "cold commands", lambda: cold.cold_rows(homes, sizes, bench_env))
        step(
            "coldfollowup",
            "cold follow-up and busy core",
            lambda: cold.followup_rows(
                folder / "home-model-cold", bench_env(folder / "home-model-cold")
            ),
        )
        step(
            "reconcile",
            "open + reconcile",
            lambda: store.reconcile_rows(homes["100k"], home_sizes()["100k"]),
        )

        if only is None or only & {"followup", "throughput", "turns"}:
            model_steps(step, folder, embedder)

        from . import memory

        step("rss", "peak RSS", lambda: memory.rss_rows(homes["10k"]))
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    _log("done", started)
    return rows


def model_steps(step: Callable[..., None], folder: Path, embedder: object) -> None:
    """The language-model rows, sharing one loaded default model."""
    from reflect.engine.followups import FollowUpWriter
    from reflect.llm.llama import LlamaModel
    from reflect.services import build_services
    from reflect.settings import load_settings
    from reflect.templates import TemplateBook

    from . import model as bench_model

    home = folder / "home-model"
    services = build_services(load_settings(home=home, threads=OPTIONS.threads), embedder=embedder)  # type: ignore[arg-type]
    try:
        llm = services.model
        if not isinstance(llm, LlamaModel):
            status = services.model_status
            why = f"default model did not load: {status.detail if status else 'unknown'}"
            step("followup", "default model", lambda: [missing("default model", "", "", why)])
            return
        writer = FollowUpWriter(llm, services.embedder)
        book = TemplateBook(None)
        stage = bench_model.followup_stage(book)
        step("followup", "follow-up latency", lambda: bench_model.followup_rows(writer, stage))
        step("throughput", "generation throughput", lambda: bench_model.throughput_rows(llm))
        step(
            "turns",
            "turn 10 vs turn 1",
            lambda: bench_model.tenth_turn_rows(writer, book, home / "drafts"),
        )
    finally:
        services.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.run", description=__doc__)
    parser.add_argument("--out", default="bench-results.json", help="JSON results file")
    parser.add_argument("--data", metavar="DIR", help="keep synthetic homes in DIR and reuse them")
    parser.add_argument(
        "--only",
        metavar="GROUPS",
        help="comma list of: help, tui, search, prep, reindex, reconcile, cold, coldfollowup, "
        "followup, throughput, turns, rss",
    )
    parser.add_argument(
        "--quick", action="store_true", help="one sample per row: check the harness runs"
    )
    parser.add_argument("--threads", type=int, default=2, help="model and embedder threads")
    args = parser.parse_args(argv)
    OPTIONS.quick = args.quick
    OPTIONS.threads = args.threads
    load_before = os.getloadavg()
    started = time.perf_counter()
    rows = run(args)
    meta = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "load average at start": f"{load_before[0]:.1f}",
        "load average at end": f"{os.getloadavg()[0]:.1f}",
        "total": f"{time.perf_counter() - started:.0f} s",
        "threads": OPTIONS.threads,
        "mode": "quick (one sample per row)" if OPTIONS.quick else "full",
    }
    md = write_results(rows, Path(args.out), meta)
    print(table(rows))
    failed = [r.name for r in rows if r.passed is False]
    broken = [r.name for r in rows if r.value is None and r.detail.startswith("failed")]
    print(
        f"\n{len(rows)} rows, {len(failed)} failing, {len(broken)} not measured because "
        f"the bench failed; wrote {args.out} and {md}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
