"""Narrowing the journal list: by partner, role, template and date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..entry import Entry


@dataclass(frozen=True)
class EntryFilter:
    """What the journal list is narrowed to; a field left empty lets every entry through."""

    partner: str = ""  # compared without regard to case
    role: str | None = None
    template: str | None = None
    since_ts: int | None = None  # entries created at or after this timestamp

    def keeps(self, entry: Entry) -> bool:
        """Does `entry` pass every field that is set?"""
        partner = self.partner.strip().lower()
        return not (
            (partner and (entry.partner or "").lower() != partner)
            or (self.role and entry.role != self.role)
            or (self.template and entry.template != self.template)
            or (self.since_ts is not None and entry.created.timestamp() < self.since_ts)
        )

    def apply(self, entries: Iterable[Entry]) -> list[Entry]:
        """The entries this filter keeps, in the order given."""
        return [e for e in entries if self.keeps(e)]
