"""What the app remembers between runs: the last template, role and partner.

Kept in `<home>/tui-state.json` (0600, written atomically; sealed in an encrypted home,
since it names partners). Demo mode keeps it in memory.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reflect.errors import ReflectError
from reflect.fsutil import atomic_write
from reflect.storage import atrest


@dataclass
class Choices:
    """The person's last choices on the start screen."""

    template: str = "quick"
    role: str = "mentee"
    partner: str = ""
    partners: list[str] = field(default_factory=list)  # recent partners, newest first


class TuiState:
    """Reads and writes the remembered choices; a damaged file is ignored, not fatal."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._memory = Choices()

    def load(self) -> Choices:
        if self.path is None or not self.path.is_file():
            return Choices(**asdict(self._memory))
        try:
            raw = self.path.read_bytes()
            if atrest.is_sealed(raw):
                key = atrest.key_for(self.path.parent)
                raw = b"" if key is None else key.open(raw, atrest.APP_STATE_CONTEXT)
            data = json.loads(raw.decode("utf-8"))
            known = {k: v for k, v in data.items() if k in Choices.__dataclass_fields__}
            return Choices(**known)
        except (OSError, ValueError, TypeError, AttributeError, ReflectError):
            return Choices()

    def remember(self, template: str, role: str, partner: str) -> None:
        current = self.load()
        partners = [partner, *[p for p in current.partners if p != partner]] if partner else []
        choices = Choices(template, role, partner, (partners or current.partners)[:8])
        self._memory = choices
        if self.path is not None:
            data = json.dumps(asdict(choices), ensure_ascii=False).encode("utf-8")
            key = atrest.key_for(self.path.parent)  # one stat on a plaintext home
            if key is not None:
                data = key.seal(data, atrest.APP_STATE_CONTEXT)
            atomic_write(self.path, data)
