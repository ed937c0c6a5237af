"""`reflect models list | verify | prepare`."""

from __future__ import annotations

import argparse

from ..errors import ModelError
from ..llm.catalog import load_catalog, prepare, resolve, verify
from . import settings_from
from .output import emit_json, progress, say


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
                with progress(f"{doing} {spec.id}") as update:
                    path = prepare(spec, settings.cache_dir, update)
                made = "assembled" if spec.source == "assemble" else f"converted to {spec.convert}"
                say(f"{spec.id}: {made} and verified at {path}")
            else:
                say(f"{spec.id}: ready")
        return 0
    if args.action == "verify":
        failed = 0
        for spec in catalog:
            with progress(f"Checking {spec.id}") as update:
                ok, detail = verify(spec, settings.cache_dir, update)
            failed += not ok
            say(f"{'ok     ' if ok else 'PROBLEM'} {spec.id}: {detail}")
        if failed:
            raise ModelError(f"{failed} model(s) failed verification; see the lines above.")
        return 0
    rows = []
    for spec in catalog:
        try:
            location = str(spec.path(settings.cache_dir))
        except ModelError:
            location = ""
        rows.append(
            {
                "id": spec.id,
                "path": location,
                "prompt_mode": spec.prompt_mode,
                "default": spec.id == chosen.id,
                "present": spec.present(settings.cache_dir),
                "licence": spec.licence,
                "size_bytes": spec.size_bytes,
            }
        )
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        mark = "*" if row["default"] else " "
        state = "present" if row["present"] else "missing (run `reflect models prepare`)"
        say(f"{mark} {row['id']:<24} {row['prompt_mode']:<10} {row['licence']:<18} {state}")
    say("\n* = in use. Add your own with --model PATH.gguf (see models/README.md).")
    return 0
