"""The embedding model's ONNX copy for tests: the one `make setup` prepared, else made once.

`reflect models prepare` exports it into the user cache folder; tests that run commands
on the fast path point `REFLECT_CACHE` at a folder holding a current copy.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from reflect.llm import onnx_embedder
from reflect.llm.embedders import model_dir
from reflect.settings import load_settings


@cache
def prepared_cache() -> Path:
    """A cache folder with a current ONNX copy (exported here if setup has not made one)."""
    shared = load_settings().cache_dir
    if onnx_embedder.is_current(model_dir(), shared):
        return shared
    folder = Path(tempfile.mkdtemp(prefix="reflect-onnx-"))
    atexit.register(shutil.rmtree, folder, True)
    onnx_embedder.export(model_dir(), folder)
    return folder
