"""Read a GGUF file's header (architecture, trained context, chat template) without llama.cpp.

Reading the header costs milliseconds and no memory, so Reflect can choose the context
size and prompt mode before loading the weights, and can name a damaged or truncated
file in one sentence instead of letting the loader fail somewhere deeper.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from .base import PromptMode

MAGIC = b"GGUF"
AUTO_CTX_CAP = 2048  # Reflect's prompts stay under ~1k tokens; each doubling costs KV-cache memory
FALLBACK_CTX = 2048
_SCALAR = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_INT_FORMAT = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 10: "<Q", 11: "<q"}
_STRING, _ARRAY = 8, 9
_U64 = struct.Struct("<Q")
# llama.cpp's `general.file_type` values (enum llama_ftype) for the common quantisations
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 32: "BF16",
}  # fmt: skip


@dataclass(frozen=True)
class GgufInfo:
    """What Reflect needs from a model's header."""

    architecture: str
    context_length: int | None
    has_chat_template: bool
    name: str = ""
    file_type: int | None = None  # `general.file_type`; see FILE_TYPES

    @property
    def file_type_name(self) -> str:
        """The quantisation, e.g. "Q4_K_M"; "unknown" if the header does not say."""
        if self.file_type is None:
            return "unknown"
        return FILE_TYPES.get(self.file_type, f"type {self.file_type}")

    def choose_context(self, configured: int | None) -> int:
        """The configured size if set, else the trained length capped for memory.

        Never more than the model was trained on: past that, answers degrade.
        """
        trained = self.context_length or None
        wanted = configured or min(trained or FALLBACK_CTX, AUTO_CTX_CAP)
        return max(256, min(wanted, trained) if trained else wanted)

    @property
    def prompt_mode(self) -> PromptMode:
        """Chat if the file carries a chat template, else few-shot completion."""
        return "chat" if self.has_chat_template else "completion"


def read_gguf_info(path: Path) -> GgufInfo:
    """The header of a GGUF file; ModelError naming the file if it is not a readable one."""
    try:
        with path.open("rb") as handle:
            if handle.read(4) != MAGIC:
                raise ModelError(f"{path} is not a GGUF model file; pass a .gguf file to --model.")
            # mapped, not read: the vocabulary alone can be megabytes of header
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
                values = _Header(view, path).read()
    except FileNotFoundError as exc:
        raise ModelError(f"No model file at {path}; check --model.") from exc
    except (OSError, ValueError) as exc:  # ValueError: mmap of an empty file
        raise ModelError(f"{path} is not a GGUF model file; pass a .gguf file to --model.") from exc
    arch = str(values.get("general.architecture") or "")
    context = values.get(f"{arch}.context_length")
    file_type = values.get("general.file_type")
    return GgufInfo(
        architecture=arch or "unknown",
        context_length=int(context) if isinstance(context, int) and context > 0 else None,
        has_chat_template=bool(values.get("tokenizer.chat_template")),
        name=str(values.get("general.name") or ""),
        file_type=file_type if isinstance(file_type, int) else None,
    )


class _Header:
    """Walks the key/value metadata; arrays (the vocabulary) are skipped, not kept."""

    def __init__(self, view: mmap.mmap, path: Path) -> None:
        self.view = view
        self.path = path
        self.at = 4

    def read(self) -> dict[str, object]:
        version = self.number("<I")
        if version not in (2, 3):
            raise ModelError(
                f"{self.path.name} is GGUF version {version}, which this llama.cpp cannot "
                "read; convert it again or use another model."
            )
        self.number("<Q")  # tensor count
        values: dict[str, object] = {}
        for _ in range(self.number("<Q")):
            key = self.string()
            kind = self.number("<I")
            if kind == _STRING:
                values[key] = self.string()
            elif kind in _INT_FORMAT:
                values[key] = self.number(_INT_FORMAT[kind])
            else:
                self.skip(kind)
        return values

    def damaged(self) -> ModelError:
        return ModelError(
            f"{self.path.name} is truncated or damaged (its header ends early); "
            "download the model again."
        )

    def advance(self, n: int) -> int:
        start = self.at
        if n < 0 or start + n > len(self.view):
            raise self.damaged()
        self.at = start + n
        return start

    def number(self, fmt: str) -> int:
        start = self.advance(struct.calcsize(fmt))
        return int(struct.unpack_from(fmt, self.view, start)[0])

    def string(self) -> str:
        size = self.number("<Q")
        start = self.advance(size)
        return bytes(self.view[start : start + size]).decode("utf-8", "replace")

    def skip(self, kind: int) -> None:
        if kind == _STRING:
            self.advance(self.number("<Q"))
        elif kind == _ARRAY:
            inner, count = self.number("<I"), self.number("<Q")
            if inner in _SCALAR:
                self.advance(_SCALAR[inner] * count)
            elif inner == _STRING:  # the vocabulary: a tight loop, ~50 ms for 250k tokens
                view, at, end = self.view, self.at, len(self.view)
                for _ in range(count):
                    if at + 8 > end:
                        raise self.damaged()
                    at += 8 + _U64.unpack_from(view, at)[0]
                self.advance(at - self.at)
            else:
                for _ in range(count):
                    self.skip(inner)
        elif kind in _SCALAR:
            self.advance(_SCALAR[kind])
        else:
            raise self.damaged()
