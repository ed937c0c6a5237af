"""GGUF models a person already has: Ollama's store, LM Studio's folders, the Hugging Face cache.

Discovery only lists folders, reads Ollama's small JSON manifests and checks each file's
first four bytes for the GGUF magic; it never reads weights and never reaches the
network. A found model gets a name that says where it came from, which `--model` accepts:

- `ollama:llama3.2:1b` (Ollama's own name; `ollama:hf.co/org/repo:tag` for other hosts)
- `lmstudio:publisher/repo/file.gguf`
- `hf:org/name/file.gguf`

or any shorter form that names exactly one of them: the name without its prefix
(`llama3.2:1b`, `llama3.2` for `:latest`), the file name, or the file name without `.gguf`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError

PREFIXES = ("ollama", "lmstudio", "hf")  # how a found model's name starts
OLLAMA_LAYER = "application/vnd.ollama.image.model"
OLLAMA_REGISTRY = "registry.ollama.ai"
# Where the Linux installer's `ollama` service user keeps its models.
SYSTEM_OLLAMA_STORES: tuple[Path, ...] = (Path("/usr/share/ollama/.ollama/models"),)
_MANIFEST_LIMIT = 1 << 20  # a manifest is a few hundred bytes; anything bigger is not one
_LATER_SPLIT = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)


@dataclass(frozen=True)
class LocalModel:
    """One GGUF file found on this machine."""

    name: str  # e.g. "ollama:llama3.2:1b": unique, and what `--model` takes
    origin: str  # "Ollama", "LM Studio", "Hugging Face"
    path: Path
    size_bytes: int

    @property
    def short_names(self) -> tuple[str, ...]:
        """Other names that pick this model when no other model shares them."""
        bare = self.name.split(":", 1)[1]
        if self.origin == "Ollama":  # its file is a blob named by checksum
            untagged = bare.rsplit(":", 1)[0]  # any tag, if it is the only one
            names = [bare, untagged, untagged.rsplit("/", 1)[-1]]  # and any namespace
        else:
            names = [bare, self.path.name, self.path.stem]
        return tuple(dict.fromkeys(n.lower() for n in names))


def discover(env: Mapping[str, str] | None = None, home: Path | None = None) -> list[LocalModel]:
    """Every GGUF model in the usual places, sorted by name; folders that are missing or
    unreadable are skipped."""
    env = os.environ if env is None else env
    home = Path.home() if home is None else home
    found: dict[str, LocalModel] = {}
    for model in [*_ollama(env, home), *_lmstudio(home), *_huggingface(env, home)]:
        found.setdefault(model.name, model)
    return sorted(found.values(), key=lambda m: m.name.lower())


def find(name: str, models: list[LocalModel] | None = None) -> LocalModel | None:
    """The one model `name` picks; None if it names none; ModelError if it names several.

    The full name wins; then the name without its prefix (Ollama's `llama3.2` meaning
    `llama3.2:latest`, as in Ollama); then a file name or stem or an untagged Ollama name.
    """
    models = discover() if models is None else models
    wanted = name.strip().lower()
    levels = [
        lambda m: m.name.lower() == wanted,
        lambda m: m.name.split(":", 1)[1].lower() in (wanted, f"{wanted}:latest"),
        lambda m: wanted in m.short_names,
    ]
    for matches in levels:
        picked = [m for m in models if matches(m)]
        if len({_same_file(m.path) for m in picked}) > 1:
            names = ", ".join(m.name for m in picked[:4])
            raise ModelError(
                f"'{name}' matches {len(picked)} models on this machine ({names}); "
                "give --model one of these full names."
            )
        if picked:
            return picked[0]
    return None


def _same_file(path: Path) -> str:
    """Two Ollama tags or HF revisions often share one blob: that is not ambiguity."""
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


def _is_gguf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"GGUF"
    except OSError:
        return False


def _size(path: Path) -> int:
    """The file's size; for the first of a split model, all its parts together."""
    try:
        size = path.stat().st_size
        split = _LATER_SPLIT.search(path.name)
        if split and int(split.group(1)) == 1:
            stem = path.name[: split.start()]
            for n in range(2, int(split.group(2)) + 1):
                part = path.with_name(f"{stem}-{n:05d}-of-{split.group(2)}.gguf")
                size += part.stat().st_size if part.is_file() else 0
        return size
    except OSError:
        return 0


def _gguf_files(folder: Path) -> Iterator[Path]:
    """GGUF language-model files under `folder`: not a vision projector (`mmproj-…`),
    nor the second and later parts of a split model (llama.cpp loads those from the first)."""
    try:
        candidates = sorted(folder.rglob("*.gguf"))
    except OSError:
        return
    for path in candidates:
        split = _LATER_SPLIT.search(path.name)
        if path.name.lower().startswith("mmproj") or (split and int(split.group(1)) > 1):
            continue
        if path.is_file() and _is_gguf(path):
            yield path


def _ollama_stores(env: Mapping[str, str], home: Path) -> list[Path]:
    stores = [Path(env["OLLAMA_MODELS"]).expanduser()] if env.get("OLLAMA_MODELS") else []
    return [*stores, home / ".ollama" / "models", *SYSTEM_OLLAMA_STORES]


def _ollama(env: Mapping[str, str], home: Path) -> Iterator[LocalModel]:
    """manifests/HOST/NAMESPACE/MODEL/TAG names the model's GGUF blob in blobs/."""
    for store in _ollama_stores(env, home):
        try:
            manifests = sorted(p for p in (store / "manifests").glob("*/*/*/*") if p.is_file())
        except OSError:
            continue
        for manifest in manifests:
            blob = _ollama_blob(store, manifest)
            if blob is None:
                continue
            host, namespace, model, tag = manifest.parts[-4:]
            if host != OLLAMA_REGISTRY:
                title = f"{host}/{namespace}/{model}:{tag}"
            elif namespace == "library":
                title = f"{model}:{tag}"
            else:
                title = f"{namespace}/{model}:{tag}"
            yield LocalModel(f"ollama:{title}", "Ollama", blob, _size(blob))


def _ollama_blob(store: Path, manifest: Path) -> Path | None:
    try:
        if manifest.stat().st_size > _MANIFEST_LIMIT:
            return None
        layers = json.loads(manifest.read_text("utf-8")).get("layers", [])
    except (OSError, ValueError, AttributeError):
        return None
    for layer in layers if isinstance(layers, list) else []:
        if not isinstance(layer, dict) or layer.get("mediaType") != OLLAMA_LAYER:
            continue
        digest = str(layer.get("digest", ""))
        if not re.fullmatch(r"sha256[:-][0-9a-f]{64}", digest):
            return None  # never let a manifest point outside blobs/
        for blob in (store / "blobs" / digest.replace(":", "-"), store / "blobs" / digest):
            if blob.is_file() and _is_gguf(blob):
                return blob
    return None


def _lmstudio(home: Path) -> Iterator[LocalModel]:
    """PUBLISHER/REPO/*.gguf under LM Studio's current and older models folders."""
    for root in (home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"):
        for path in _gguf_files(root):
            rel = path.relative_to(root).as_posix()
            yield LocalModel(f"lmstudio:{rel}", "LM Studio", path, _size(path))


def _hf_hub(env: Mapping[str, str], home: Path) -> Path:
    if env.get("HF_HUB_CACHE"):
        return Path(env["HF_HUB_CACHE"]).expanduser()
    if env.get("HUGGINGFACE_HUB_CACHE"):  # the older name of HF_HUB_CACHE
        return Path(env["HUGGINGFACE_HUB_CACHE"]).expanduser()
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser() / "hub"
    cache = Path(env["XDG_CACHE_HOME"]).expanduser() if env.get("XDG_CACHE_HOME") else None
    return (cache or home / ".cache") / "huggingface" / "hub"


def _huggingface(env: Mapping[str, str], home: Path) -> Iterator[LocalModel]:
    """models--ORG--NAME/snapshots/REV/…/*.gguf; the revision `refs/main` names comes
    first, so a file in several revisions is listed once, from the current one."""
    hub = _hf_hub(env, home)
    try:
        repos = sorted(p for p in hub.glob("models--*") if p.is_dir())
    except OSError:
        return
    for repo in repos:
        repo_id = repo.name.removeprefix("models--").replace("--", "/")
        try:
            main = (repo / "refs" / "main").read_text("utf-8").strip()
        except OSError:
            main = ""
        snapshots = sorted((repo / "snapshots").glob("*"), key=lambda p: p.name != main)
        seen: set[str] = set()
        for snapshot in snapshots:
            for path in _gguf_files(snapshot):
                rel = path.relative_to(snapshot).as_posix()
                if rel not in seen:
                    seen.add(rel)
                    yield LocalModel(f"hf:{repo_id}/{rel}", "Hugging Face", path, _size(path))
