"""Reflection templates: validated data loaded from TOML.

Shipped templates live in the package's `prompts/templates/`; a person's own in
`<home>/templates/` add to them or replace one with the same id. Every problem is
reported as one line naming the file, the line and the field.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from .entry import ROLES
from .errors import TemplateError, UnknownTemplateError

DEPTHS = ("describe", "meaning", "action")
KINDS = ("reflection", "prep")
EXTRACTS = ("insight", "action_items", "goals", "themes", "mood")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_TOP_KEYS = {"id", "title", "description", "roles", "kind", "max_followups", "summary", "stages"}
_STAGE_KEYS = {"id", "title", "depth", "max_followups", "nudge", "hints", "followups", "prompt"}


@dataclass(frozen=True)
class Stage:
    """One step of a template: the question per role, hints and curated follow-ups."""

    id: str
    title: str
    depth: str
    prompts: dict[str, str]
    hints: tuple[str, ...]
    followups: tuple[str, ...]
    max_followups: int
    nudge: str = ""

    def prompt_for(self, role: str) -> str:
        return self.prompts.get(role) or next(iter(self.prompts.values()))


@dataclass(frozen=True)
class Template:
    """A validated reflection template."""

    id: str
    title: str
    description: str
    roles: tuple[str, ...]
    kind: str
    stages: tuple[Stage, ...]
    extract: tuple[str, ...]
    path: str = ""
    user: bool = False

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        ids = ", ".join(s.id for s in self.stages)
        raise TemplateError(f"Template '{self.id}' has no stage '{stage_id}'; its stages: {ids}.")


@dataclass
class _Source:
    """A TOML text plus helpers to find the line a field sits on."""

    name: str
    text: str
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.splitlines()

    def line_of(self, key: str, after: int = 0) -> int:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number, line in enumerate(self.lines[after:], start=after + 1):
            if pattern.match(line):
                return number
        return after + 1 if after else 1

    def stage_line(self, index: int) -> int:
        seen = -1
        for number, line in enumerate(self.lines, start=1):
            if line.strip() == "[[stages]]":
                seen += 1
                if seen == index:
                    return number
        return 1

    def fail(self, line: int, where: str, problem: str) -> TemplateError:
        return TemplateError(f"{self.name}, line {line}, field '{where}': {problem}")


def parse_template(text: str, name: str, user: bool = False) -> Template:
    """Validate a template's TOML text; raise TemplateError naming file, line and field."""
    src = _Source(name, text)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else 1
        raise TemplateError(f"{name}, line {line}: not valid TOML ({exc}).") from exc
    for key in raw:
        if key not in _TOP_KEYS:
            raise src.fail(src.line_of(key), key, f"unknown field; allowed: {_allowed(_TOP_KEYS)}.")
    tid = _text(src, raw, "id", 0)
    if not _ID.match(tid):
        raise src.fail(src.line_of("id"), "id", "use lowercase letters, digits and dashes.")
    roles = _strings(src, raw, "roles", 0, required=True)
    for role in roles:
        if role not in ROLES:
            raise src.fail(
                src.line_of("roles"), "roles", f"'{role}' is not one of {', '.join(ROLES)}."
            )
    kind = raw.get("kind", "reflection")
    if kind not in KINDS:
        raise src.fail(src.line_of("kind"), "kind", f"must be one of {', '.join(KINDS)}.")
    default_max = _count(src, raw, "max_followups", 0, default=2)
    summary = raw.get("summary", {})
    if not isinstance(summary, dict) or set(summary) - {"extract"}:
        raise src.fail(src.line_of("extract"), "summary", "only 'extract' is allowed here.")
    extract = _strings(src, summary, "extract", 0) or list(EXTRACTS)
    for item in extract:
        if item not in EXTRACTS:
            raise src.fail(
                src.line_of("extract"),
                "summary.extract",
                f"'{item}' is not one of {', '.join(EXTRACTS)}.",
            )
    raw_stages = raw.get("stages")
    if not isinstance(raw_stages, list) or not raw_stages:
        raise src.fail(1, "stages", "a template needs at least one [[stages]] table.")
    stages = [_stage(src, s, i, roles, default_max) for i, s in enumerate(raw_stages)]
    seen: set[str] = set()
    for i, stage in enumerate(stages):
        if stage.id in seen:
            raise src.fail(src.stage_line(i), "stages.id", f"'{stage.id}' is used twice.")
        seen.add(stage.id)
    return Template(
        id=tid,
        title=_text(src, raw, "title", 0),
        description=str(raw.get("description", "")),
        roles=tuple(roles),
        kind=kind,
        stages=tuple(stages),
        extract=tuple(extract),
        path=name,
        user=user,
    )


def _stage(src: _Source, raw: Any, index: int, roles: list[str], default_max: int) -> Stage:
    at = src.stage_line(index)
    if not isinstance(raw, dict):
        raise src.fail(at, "stages", "each stage must be a table.")
    for key in raw:
        if key not in _STAGE_KEYS:
            raise src.fail(
                src.line_of(key, at),
                f"stages.{key}",
                f"unknown field; allowed: {_allowed(_STAGE_KEYS)}.",
            )
    sid = _text(src, raw, "id", at, prefix="stages.")
    if not _ID.match(sid):
        raise src.fail(
            src.line_of("id", at), "stages.id", "use lowercase letters, digits and dashes."
        )
    depth = raw.get("depth", "meaning")
    if depth not in DEPTHS:
        raise src.fail(
            src.line_of("depth", at), "stages.depth", f"must be one of {', '.join(DEPTHS)}."
        )
    prompts = raw.get("prompt")
    if not isinstance(prompts, dict) or not prompts:
        raise src.fail(
            at, f"stages.{sid}.prompt", "add a [stages.prompt] table with one question per role."
        )
    for role in roles:
        value = prompts.get(role)
        if not isinstance(value, str) or not value.strip():
            raise src.fail(at, f"stages.{sid}.prompt.{role}", "each listed role needs a question.")
    for role in prompts:
        if role not in ROLES:
            raise src.fail(
                src.line_of(role, at),
                f"stages.{sid}.prompt.{role}",
                f"'{role}' is not one of {', '.join(ROLES)}.",
            )
    followups = _strings(src, raw, "followups", at, prefix="stages.")
    for question in followups:
        if not question.rstrip().endswith("?"):
            raise src.fail(
                src.line_of("followups", at),
                f"stages.{sid}.followups",
                f"'{question[:40]}' is not a question (end it with '?').",
            )
    return Stage(
        id=sid,
        title=str(raw.get("title") or sid.replace("-", " ").capitalize()),
        depth=depth,
        prompts={k: " ".join(str(v).split()) for k, v in prompts.items()},
        hints=tuple(_strings(src, raw, "hints", at, prefix="stages.")),
        followups=tuple(followups),
        max_followups=_count(src, raw, "max_followups", at, default=default_max, prefix="stages."),
        nudge=str(raw.get("nudge", "")),
    )


def _allowed(keys: set[str]) -> str:
    return ", ".join(sorted(keys))


def _text(src: _Source, raw: dict[str, Any], key: str, at: int, prefix: str = "") -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise src.fail(
            src.line_of(key, at) if key in raw else max(at, 1),
            prefix + key,
            "required, and must be non-empty text.",
        )
    return value.strip()


def _strings(
    src: _Source, raw: dict[str, Any], key: str, at: int, prefix: str = "", required: bool = False
) -> list[str]:
    value = raw.get(key, [])
    if (
        (required and not value)
        or not isinstance(value, list)
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise src.fail(
            src.line_of(key, at) if key in raw else max(at, 1),
            prefix + key,
            "must be a list of non-empty texts.",
        )
    return [v.strip() for v in value]


def _count(
    src: _Source, raw: dict[str, Any], key: str, at: int, default: int, prefix: str = ""
) -> int:
    value = raw.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 3:
        raise src.fail(src.line_of(key, at), prefix + key, "must be a whole number from 0 to 3.")
    return value


def load_template_file(path: Path, user: bool = True) -> Template:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{path}, line 1: not UTF-8 text; save it as UTF-8.") from exc
    except OSError as exc:
        raise TemplateError(f"{path}: cannot be read ({exc.strerror}).") from exc
    return parse_template(text, str(path), user=user)


class TemplateBook:
    """All templates: shipped ones, then the person's own (which win on the same id)."""

    def __init__(self, user_dir: Path | None = None) -> None:
        self.user_dir = user_dir
        self.problems: list[str] = []
        self._templates: dict[str, Template] | None = None

    def _load(self) -> dict[str, Template]:
        if self._templates is not None:
            return self._templates
        found: dict[str, Template] = {}
        shipped = files("reflect.prompts").joinpath("templates")
        for item in sorted(shipped.iterdir(), key=lambda p: p.name):
            if item.name.endswith(".toml"):
                tpl = parse_template(item.read_text("utf-8"), f"templates/{item.name}")
                found[tpl.id] = tpl
        if self.user_dir is not None and self.user_dir.is_dir():
            for path in sorted(self.user_dir.glob("*.toml")):
                try:
                    tpl = load_template_file(path)
                except TemplateError as exc:
                    self.problems.append(str(exc))
                    continue
                found[tpl.id] = tpl
        self._templates = found
        return found

    def all(self) -> list[Template]:
        return list(self._load().values())

    def get(self, template_id: str) -> Template:
        found = self._load()
        if template_id not in found:
            raise UnknownTemplateError(
                f"No template '{template_id}'; `reflect templates list` shows the ids."
            )
        return found[template_id]

    def add(self, template: Template) -> None:
        """Use a template for this run only (demo mode's --template)."""
        self._load()[template.id] = template
