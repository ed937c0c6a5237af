"""`reflect models list | verify | prepare`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..llm.catalog import ModelSpec, load_catalog, prepare, resolve, verify
from ..llm.embedders import EMBEDDERS, MINILM, EmbedderSpec, resolve_embedder
from ..wording import count
from . import settings_from
from .output import emit_json, progress, say


def prepare_embedder(cache_dir: Path, spec: EmbedderSpec = MINILM) -> None:
    """Export an embedding model to ONNX once (the fast path for every command); a zipped
    one is joined, checked and unpacked first."""
    from ..llm import onnx_embedder
    from ..llm.embedders import prepare_source

    label = f"{spec.name} (onnx)"
    if spec.needs_unpacking(cache_dir):
        with progress(f"Joining and unpacking {spec.name}", "bytes", summary=True) as update:
            prepare_source(spec, cache_dir, update)
    source = spec.source_dir(cache_dir)
    if onnx_embedder.is_current(source, cache_dir, spec):
        say(f"{label}: ready")
        return
    with progress(f"Exporting {label}", summary=True) as update:
        update(0, 1)
        path = onnx_embedder.export(source, cache_dir, spec)
        update(1, 1)
    say(f"{label}: exported and checksummed at {path}")


def verify_embedder(cache_dir: Path, spec: EmbedderSpec = MINILM) -> tuple[bool, str]:
    from ..errors import EmbedderError
    from ..llm import onnx_embedder

    try:
        source = spec.source_dir(cache_dir)
    except EmbedderError as exc:
        return False, str(exc)
    return onnx_embedder.verify(source, cache_dir, spec)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    catalog = load_catalog()
    chosen = resolve(settings.model)
    if chosen.user_path is not None:
        catalog.append(chosen)
    if args.action == "prepare":
        for spec in catalog:
            if spec.needs_preparing and not spec.present(settings.cache_dir):
                doing = "Assembling" if spec.source == "assemble" else "Converting"
                with progress(f"{doing} {spec.id}", "bytes", summary=True) as update:
                    path = prepare(spec, settings.cache_dir, update)
                made = "assembled" if spec.source == "assemble" else f"converted to {spec.convert}"
                say(f"{spec.id}: {made} and verified at {path}")
            else:
                say(f"{spec.id}: ready")
        for embedder in EMBEDDERS:
            if embedder.installed:
                prepare_embedder(settings.cache_dir, embedder)
        return 0
    if args.action == "verify":
        failed = 0
        for spec in catalog:
            with progress(f"Checking {spec.id}", "bytes") as update:
                ok, detail = verify(spec, settings.cache_dir, update)
            failed += not ok
            say(f"{'ok     ' if ok else 'PROBLEM'} {spec.id}: {detail}")
        for embedder in EMBEDDERS:
            if embedder.installed:
                ok, detail = verify_embedder(settings.cache_dir, embedder)
                failed += not ok
                say(f"{'ok     ' if ok else 'PROBLEM'} {embedder.name} (onnx): {detail}")
        if failed:
            raise ModelError(f"{count(failed, 'model')} failed verification; see the lines above.")
        return 0
    return _list(args, settings.cache_dir, chosen, resolve_embedder(settings.embedder))


# -- `reflect models list`: the catalog, then GGUF files found on this machine ----------


def _list(
    args: argparse.Namespace, cache_dir: Path, chosen: ModelSpec, embedder: EmbedderSpec
) -> int:
    from ..llm.local_models import discover  # lists Ollama/LM Studio/HF folders, no weights

    found = discover()
    catalog = load_catalog(uninstalled=True)
    if chosen.user_path is not None and chosen.id not in {m.name for m in found}:
        catalog.append(chosen)
    rows: list[dict[str, Any]] = []
    for spec in catalog:
        try:
            location = str(spec.path(cache_dir))
        except ModelError:
            location = ""
        rows.append(
            {
                "id": spec.id,
                "path": location,
                "prompt_mode": spec.prompt_mode,
                "default": spec.id == chosen.id,
                "present": spec.present(cache_dir),
                "licence": spec.licence,
                "size_bytes": spec.size_bytes,
                "origin": "catalog",
                "install": f"make model-{spec.extra}" if not spec.installed else "",
            }
        )
    rows += [
        {
            "id": m.name,
            "path": str(m.path),
            "prompt_mode": "",  # read from the file's header when it loads
            "default": m.name == chosen.id,
            "present": True,
            "licence": "",
            "size_bytes": m.size_bytes,
            "origin": m.origin,
            "install": "",
        }
        for m in found
    ]
    rows += [_embedder_row(spec, cache_dir, spec == embedder) for spec in EMBEDDERS]
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        if row["origin"] != "catalog":
            continue
        mark = "*" if row["default"] else " "
        state = _state(row)
        say(f"{mark} {row['id']:<28} {row['prompt_mode']:<10} {row['licence']:<21} {state}")
    if found:
        say("\nFound on this machine (use with --model NAME; see models/README.md):")
    for m in found:
        mark = "*" if m.name == chosen.id else " "
        say(f"{mark} {m.name:<44} {m.origin:<13} {_size(m.size_bytes)}")
    say("\nEmbedding models for search (the `embedder` setting; `reflect reindex` after a change):")
    for row in rows:
        if row["origin"] == "embedder":
            mark = "*" if row["in_use"] else " "
            size = _size(row["size_bytes"])
            say(f"{mark} {row['id']:<28} {size:<10} {row['licence']:<21} {_state(row)}")
    say("\n* = in use. Add your own with --model PATH.gguf (see models/README.md).")
    return 0


def _state(row: dict[str, Any]) -> str:
    """What `reflect models list` says of a catalog model or an embedder."""
    if row["install"]:
        return f"optional: `{row['install']}` installs it"
    return "present" if row["present"] else "missing (run `reflect models prepare`)"


def _embedder_row(spec: EmbedderSpec, cache_dir: Path, in_use: bool) -> dict[str, Any]:
    from ..llm import onnx_embedder

    path = onnx_embedder.onnx_path(cache_dir, spec)
    return {
        "id": spec.name,
        "path": str(path),
        "prompt_mode": "",
        "default": False,  # `default` marks the language model in use
        "in_use": in_use,
        "present": spec.installed and path.is_file(),
        "licence": spec.licence.split(" (")[0],
        "size_bytes": spec.size_bytes,
        "origin": "embedder",
        "install": f"make embedder-{spec.extra}" if not spec.installed else "",
    }


def _size(size_bytes: int) -> str:
    return f"{size_bytes / 1e9:.1f} GB" if size_bytes >= 1e9 else f"{size_bytes / 1e6:.0f} MB"
