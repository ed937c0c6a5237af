"""`reflect doctor`: each check is one line with ok/problem and what to do."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import ReflectError
from .llm.probe import ProbeResult, check, probe
from .llm.probe import command as probe_command
from .services import Services
from .wording import count, entries

MIN_FREE_BYTES = 500 * 1024 * 1024


@dataclass
class Check:
    check: str
    ok: bool
    detail: str

    def to_json(self) -> dict[str, object]:
        return {"check": self.check, "ok": self.ok, "detail": self.detail}


def _run(name: str, probe: Callable[[], str]) -> Check:
    try:
        return Check(name, True, probe())
    except ReflectError as exc:
        return Check(name, False, str(exc))
    except Exception as exc:  # doctor reports every failure instead of crashing
        return Check(name, False, f"{type(exc).__name__}: {exc}")


def _generated(name: str, found: ProbeResult) -> str:
    """The model check's line, from what a model generated in it."""
    if not found.words:
        raise ReflectError(f"{name} loaded but generated nothing; try another model.")
    return (
        f"{name} ({found.prompt_mode}) generated {found.words} words in "
        f"{found.seconds:.1f}s{found.detail}"
    )


def run_checks(services: Services) -> list[Check]:
    s = services.settings
    checks: list[Check] = []

    def lock() -> str:
        services.open_home()
        return f"{s.home} is yours (lock held by this process, pid file {s.lock_file.name})"

    def disk() -> str:
        free = shutil.disk_usage(s.home).free
        if free < MIN_FREE_BYTES:
            raise ReflectError(f"only {free // 2**20} MB free under {s.home}; free some space.")
        return f"{free // 2**30} GB free under {s.home}"

    def threads() -> str:
        return s.thread_reason()

    def embedder() -> str:
        start = time.perf_counter()
        vectors = services.embedder.embed(["a quick check"])
        took = time.perf_counter() - start
        e = services.embedder
        detail = f"{e.name} loaded offline, {len(vectors[0])} dims ({took:.1f}s)"
        if e.backend:
            detail += f", on {e.backend}"
        if e.fallback:
            raise ReflectError(f"{detail}, but {e.fallback}")
        return detail

    def store() -> str:
        library = services.library
        report = library.reconcile()
        where = s.store_url or str(s.index_dir)
        from .storage.index import LAYOUT, check_model

        check_model(library.index, services.embedder.name)  # another model's index: reindex

        older = library.index.layout < LAYOUT
        return (
            f"index at {where}: {count(library.index.count(), 'chunk')}, "
            f"{entries(report.indexed)} newly indexed"
            + (
                "; written by an older Reflect: `reflect reindex` makes prep faster"
                if older
                else ""
            )
        )

    def model() -> str:
        lm = services.model
        status = services.model_status
        if status is not None and status.mode == "no-model":
            if s.no_model:
                return (
                    "no-model mode (follow-ups from your own words, extractive summaries), as asked"
                )
            raise ReflectError(status.detail)
        return _generated(lm.name, check(lm))

    def local_model() -> str:
        """A GGUF file is loaded and run in a child process (`llm.probe`): a llama.cpp
        this CPU cannot run kills that process, not the doctor."""
        spec, path = services.model_file()
        argv = probe_command(
            path, spec.id, spec.prompt_mode, s.thread_count(), s.n_ctx, spec.user_path is not None
        )
        return _generated(spec.id, probe(argv, spec.id))

    checks.append(_run("lock", lock))
    if checks[-1].ok:
        checks.append(_run("disk", disk))
        checks.append(_run("threads", threads))
        checks.append(_run("embedder", embedder))
        checks.append(_run("store", store))
        local = not s.no_model and not s.llm_url
        checks.append(_run("model", local_model if local else model))
    return checks
