"""The bench harness: rows with a target, medians after warm-up, JSON and Markdown output.

A row is `{name, value, unit, target, pass}` plus a free-text `detail`. A row whose
subject is not built yet (or whose measurement failed) has `value: null`, `pass: null`
and says why in `detail`, so one missing piece never hides the rest of the table.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class Options:
    """Run-wide knobs set from the command line."""

    quick: bool = False  # one sample per row: a smoke test of the harness, not a measurement
    threads: int = 2  # threads for the language model and the embedder


OPTIONS = Options()


def reps(n: int) -> int:
    """How many measured runs to do (1 in --quick mode)."""
    return 1 if OPTIONS.quick else n


@dataclass
class Row:
    """One measured number and the target it must meet."""

    name: str
    value: float | None
    unit: str
    target: str  # e.g. "<= 0.5" or ">= 0.9"
    passed: bool | None
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["pass"] = data.pop("passed")
        return data


def row(name: str, value: float, unit: str, target: str, detail: str = "") -> Row:
    """A row judged against `target` ("<= X" or ">= X")."""
    op, _, limit = target.partition(" ")
    bound = float(limit)
    ok = value <= bound if op == "<=" else value >= bound
    return Row(name, round(value, 4), unit, target, ok, detail)


def missing(name: str, unit: str, target: str, why: str) -> Row:
    """A row that could not be measured (not built yet, or the measurement failed)."""
    return Row(name, None, unit, target, None, why)


def info(name: str, value: float, unit: str, detail: str = "") -> Row:
    """A supporting number with no target of its own (a baseline, a breakdown)."""
    return Row(name, round(value, 4), unit, "", None, detail)


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of `fn()` in seconds over `repeat` runs after `warmup` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def medians_interleaved(
    fns: dict[str, Callable[[], float | None]], repeat: int = 5, warmup: int = 1
) -> dict[str, float]:
    """Median of each measurement, taking turns so background load hits all of them alike.

    Each function returns its own measured seconds (or None to be timed from outside).
    """
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for turn in range(warmup + repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            got = fn()
            took = time.perf_counter() - start if got is None else got
            if turn >= warmup:
                samples[name].append(took)
    return {name: statistics.median(values) for name, values in samples.items()}


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table (readable in a terminal too)."""
    lines = [
        "| what | value | unit | target | result | detail |",
        "|---|---:|---|---|---|---|",
    ]
    for r in rows:
        value = "—" if r.value is None else f"{r.value:g}"
        result = {True: "pass", False: "FAIL", None: "—" if not r.target else "n/a"}[r.passed]
        detail = r.detail.replace("|", "/").replace("\n", " ")
        lines.append(f"| {r.name} | {value} | {r.unit} | {r.target} | {result} | {detail} |")
    return "\n".join(lines)


def write_results(rows: list[Row], out: Path, meta: dict[str, Any]) -> Path:
    """Write `out` (JSON) and a Markdown twin next to it; returns the Markdown path."""
    out.write_text(
        json.dumps({"meta": meta, "rows": [r.to_json() for r in rows]}, indent=2) + "\n",
        encoding="utf-8",
    )
    md = out.with_suffix(".md")
    header = ", ".join(f"{k}: {v}" for k, v in meta.items())
    md.write_text(f"# Reflect benchmarks\n\n{header}\n\n{table(rows)}\n", encoding="utf-8")
    return md
