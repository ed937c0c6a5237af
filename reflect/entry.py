"""A journal entry: the questions asked, the answers given, and the summary kept.

On disk an entry is Markdown with YAML front matter. The front matter holds the
metadata and the summary; the body holds the transcript, each turn introduced by an
HTML comment (hidden by Markdown viewers) so the answers stay editable by hand.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from .errors import EntryFileError

ROLES = ("mentee", "mentor", "peer")
OWNERS = ("mentee", "mentor", "both")

_TURN_MARK = re.compile(r"^<!-- turn (\{.*\}) -->$")


def now() -> datetime:
    """The current local time, timezone-aware, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def new_entry_id(when: datetime | None = None) -> str:
    """A sortable, readable id: `20261129-083750-3fa2`."""
    when = when or now()
    return f"{when:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


@dataclass
class Turn:
    """One question Reflect asked and the answer the person gave."""

    stage: str
    question: str
    answer: str = ""
    source: str = "template"  # template | model | curated | nudge | commitment
    rejected: list[str] = field(default_factory=list)  # why model proposals were refused


@dataclass
class ActionItem:
    """Something someone said they would do."""

    text: str
    owner: str | None = None  # mentee | mentor | both
    due: str | None = None
    done: bool = False
    source: int | None = None  # index of the turn it came from
    quote: str = ""  # the person's exact words that state it


@dataclass
class Goal:
    """A learning goal, with the turn that gave evidence for it."""

    text: str
    source: int | None = None
    achieved: bool = False


@dataclass
class Summary:
    """What an entry distils to; always reviewed by the person before it is saved."""

    insight: str = ""
    insight_source: int | None = None
    insight_quote: str = ""  # the person's sentence the insight came from
    action_items: list[ActionItem] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    mood: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return cls(
            insight=str(data.get("insight") or ""),
            insight_source=data.get("insight_source"),
            insight_quote=str(data.get("insight_quote") or ""),
            action_items=[
                ActionItem(**_known(ActionItem, a)) for a in data.get("action_items") or []
            ],
            goals=[
                Goal(text=g) if isinstance(g, str) else Goal(**_known(Goal, g))
                for g in data.get("goals") or []
            ],
            themes=[str(t) for t in data.get("themes") or []],
            mood=data.get("mood"),
        )


def _known(kind: type, data: dict[str, Any]) -> dict[str, Any]:
    names = set(kind.__dataclass_fields__)  # type: ignore[attr-defined]
    return {k: v for k, v in data.items() if k in names}


@dataclass
class Entry:
    """One reflection, prep or imported note."""

    id: str
    created: datetime
    template: str
    role: str = "mentee"
    partner: str | None = None
    turns: list[Turn] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    title: str = ""
    origin: str = "reflect"  # reflect | import:jrnl | import:dayone | import:markdown | shared
    shared_by: str | None = None
    tags: list[str] = field(default_factory=list)
    updated: datetime | None = None
    summary_reviewed: bool = True  # False while the summary is the model's unedited proposal

    @classmethod
    def new(cls, template: str, role: str = "mentee", partner: str | None = None) -> Entry:
        created = now()
        return cls(
            id=new_entry_id(created),
            created=created,
            template=template,
            role=role,
            partner=partner or None,
        )

    @property
    def date(self) -> str:
        return self.created.date().isoformat()

    def answers(self) -> list[tuple[int, Turn]]:
        """Turns with a non-empty answer, with their index."""
        return [(i, t) for i, t in enumerate(self.turns) if t.answer.strip()]

    def text(self) -> str:
        """All the person wrote, in order."""
        return "\n\n".join(t.answer.strip() for _, t in self.answers())

    # -- Markdown ---------------------------------------------------------------------

    def to_markdown(self) -> str:
        meta: dict[str, Any] = {
            "id": self.id,
            "created": self.created.isoformat(),
            "updated": (self.updated or self.created).isoformat(),
            "template": self.template,
            "role": self.role,
            "partner": self.partner,
        }
        if self.title:
            meta["title"] = self.title
        if self.origin != "reflect":
            meta["origin"] = self.origin
        if self.shared_by:
            meta["shared_by"] = self.shared_by
        if self.tags:
            meta["tags"] = self.tags
        meta["summary"] = self.summary.to_dict()
        if not self.summary_reviewed:
            meta["summary_reviewed"] = False
        import yaml  # ~25 ms: loaded on the first read or write, not at startup

        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
        heading = self.title or f"{self.template} reflection"
        lines = [f"---\n{front}---", "", f"# {heading} · {self.date}", ""]
        if self.summary.insight:
            lines += [f"> {self.summary.insight}", ""]
        for turn in self.turns:
            mark = {"stage": turn.stage, "source": turn.source}
            if turn.rejected:
                mark["rejected"] = turn.rejected  # type: ignore[assignment]
            lines.append(f"<!-- turn {json.dumps(mark, ensure_ascii=False)} -->")
            lines.append(f"### {_one_line(turn.question)}")
            lines.append("")
            lines.append(_escape_marks(turn.answer.strip()))
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    @classmethod
    def from_markdown(cls, text: str, where: str = "entry") -> Entry:
        if not text.startswith("---\n"):
            raise EntryFileError(f"{where} has no front matter; it is not a Reflect entry.")
        end = text.find("\n---", 4)
        if end < 0:
            raise EntryFileError(f"{where} has unterminated front matter; fix the '---' lines.")
        import yaml  # ~25 ms: loaded on the first read or write, not at startup

        try:
            meta = yaml.load(text[4:end], Loader=_loader())
        except yaml.YAMLError as exc:
            raise EntryFileError(f"{where} has invalid front matter ({_first_line(exc)}).") from exc
        if not isinstance(meta, dict) or "id" not in meta or "created" not in meta:
            raise EntryFileError(f"{where} front matter lacks 'id' or 'created'.")
        # A hand-edited file can hold any shape in any field: each becomes one clear error.
        try:
            return cls(
                id=str(meta["id"]),
                created=_parse_time(meta["created"]),
                updated=_parse_time(meta["updated"]) if meta.get("updated") else None,
                template=str(meta.get("template") or "note"),
                role=str(meta.get("role") or "mentee"),
                partner=_text_or_none(meta.get("partner")),
                title=str(meta.get("title") or ""),
                origin=str(meta.get("origin") or "reflect"),
                shared_by=_text_or_none(meta.get("shared_by")),
                tags=[str(t) for t in _list(meta.get("tags"))],
                summary=Summary.from_dict(meta.get("summary") or {}),
                summary_reviewed=bool(meta.get("summary_reviewed", True)),
                turns=_parse_turns(text[end + 4 :]),
            )
        except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as exc:
            raise EntryFileError(f"{where} has an invalid field ({_first_line(exc)}).") from exc

    # -- JSON (export / import) -------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created"] = self.created.isoformat()
        data["updated"] = (self.updated or self.created).isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(
            id=str(data["id"]),
            created=_parse_time(data["created"]),
            updated=_parse_time(data["updated"]) if data.get("updated") else None,
            template=str(data.get("template") or "note"),
            role=str(data.get("role") or "mentee"),
            partner=data.get("partner") or None,
            title=str(data.get("title") or ""),
            origin=str(data.get("origin") or "reflect"),
            shared_by=data.get("shared_by"),
            tags=[str(t) for t in data.get("tags") or []],
            summary=Summary.from_dict(data.get("summary") or {}),
            summary_reviewed=bool(data.get("summary_reviewed", True)),
            turns=[Turn(**_known(Turn, t)) for t in data.get("turns") or []],
        )


@cache
def _loader() -> type[Any]:
    """yaml's safe loader, keeping timestamps as strings (we parse them ourselves)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor(
        "tag:yaml.org,2002:timestamp",
        lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
    )
    return Loader


def _text_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _parse_time(value: Any) -> datetime:
    when = datetime.fromisoformat(str(value))
    return when if when.tzinfo else when.astimezone()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escape_marks(answer: str) -> str:
    # An answer line that looks like our turn marker would split the turn on reload.
    return "\n".join(
        "\\" + line if line.startswith("<!-- turn ") else line for line in answer.splitlines()
    )


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _parse_turns(body: str) -> list[Turn]:
    turns: list[Turn] = []
    current: Turn | None = None
    lines: list[str] = []

    def close() -> None:
        if current is None:
            return
        # the first non-blank line is the "### question" heading
        rest = list(lines)
        while rest and not rest[0].strip():
            rest.pop(0)
        if rest and rest[0].startswith("### "):
            current.question = rest.pop(0)[4:].strip()
        current.answer = "\n".join(
            line[1:] if line.startswith("\\<!-- turn ") else line for line in rest
        ).strip()
        turns.append(current)

    for line in body.splitlines():
        match = _TURN_MARK.match(line)
        if match:
            close()
            try:
                mark = json.loads(match.group(1))
            except json.JSONDecodeError:
                mark = {}
            current = Turn(
                stage=str(mark.get("stage", "")),
                question="",
                source=str(mark.get("source", "template")),
                rejected=list(mark.get("rejected") or []),
            )
            lines = []
        elif current is not None:
            lines.append(line)
    close()
    return turns
