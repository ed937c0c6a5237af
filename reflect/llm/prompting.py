"""Builds language-model requests from the prompt texts in `prompts/` (never inline prose).

Chat models get messages (their own chat template formats them); base models get a
few-shot completion prompt. Answers are trimmed so prompts stay short: prefill cannot
be interrupted.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

from .base import Generation, PromptMode

MAX_ANSWER_WORDS = 120


@cache
def prompt_texts(name: str) -> dict[str, Any]:
    """The parsed `prompts/<name>.toml`."""
    return tomllib.loads(files("reflect.prompts").joinpath(f"{name}.toml").read_text("utf-8"))


@cache
def theme_vocabulary() -> tuple[str, ...]:
    text = files("reflect.prompts").joinpath("themes.txt").read_text("utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def fill(template: str, **values: str) -> str:
    """Replace `{name}` placeholders; other braces (JSON examples) are left alone."""
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def trim(text: str, max_words: int = MAX_ANSWER_WORDS) -> str:
    """The last `max_words` words (the end of an answer is what a follow-up is about)."""
    words = " ".join(text.split()).split(" ")
    return " ".join(words[-max_words:]) if len(words) > max_words else " ".join(words)


def example_questions() -> tuple[str, ...]:
    """The follow-up questions the prompts show the model as examples."""
    texts = prompt_texts("followup")
    return (texts["chat"]["example_question"],)


def example_texts(mode: PromptMode) -> tuple[str, ...]:
    """Everything the follow-up prompt of this mode shows the model as worked examples."""
    texts = prompt_texts("followup")
    if mode == "chat":
        return (texts["chat"]["example_user"], texts["chat"]["example_question"])
    return (texts["completion"]["prefix"],)


def followup_request(
    mode: PromptMode,
    role: str,
    prompt: str,
    answer: str,
    past_insight: str | None = None,
    seed: int = 7,
) -> Generation:
    texts = prompt_texts("followup")
    answer = trim(answer)
    if mode == "chat":
        chat = texts["chat"]
        past = fill(chat["past"], insight=trim(past_insight, 40)) if past_insight else ""
        user = fill(chat["user"], role=role, prompt=prompt, answer=answer, past=past)
        return Generation(
            messages=[
                {"role": "system", "content": chat["system"]},
                {"role": "user", "content": chat["example_user"]},
                {"role": "assistant", "content": chat["example_question"]},
                {"role": "user", "content": user},
            ],
            max_tokens=40,
            temperature=0.4,
            stop=["\n\n"],
            seed=seed,
        )
    comp = texts["completion"]
    return Generation(
        prompt=comp["prefix"] + fill(comp["item"], answer=answer),
        max_tokens=40,
        temperature=0.4,
        stop=list(comp["stop"]),
        seed=seed,
    )


SUMMARY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "insight": {"type": "string"},
        "action_items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "owner": {"type": "string"},
                    "due": {"type": ["string", "null"]},
                },
                "required": ["text", "owner", "due"],
            },
        },
        "goals": {"type": "array", "items": {"type": "string"}},
        "themes": {"type": "array", "items": {"type": "string"}},
        "mood": {"type": ["integer", "null"]},
    },
    "required": ["insight", "action_items", "goals", "themes", "mood"],
}


def summary_request(mode: PromptMode, role: str, text: str, seed: int = 7) -> Generation:
    texts = prompt_texts("summary")
    text = trim(text, 350)
    if mode == "chat":
        chat = texts["chat"]
        return Generation(
            messages=[
                {"role": "system", "content": chat["system"]},
                {"role": "user", "content": fill(chat["user"], role=role, text=text)},
            ],
            max_tokens=160,
            stop=["```"],
            temperature=0.1,
            json_schema=SUMMARY_SCHEMA,
            seed=seed,
        )
    comp = texts["completion"]
    return Generation(
        prompt=comp["prefix"] + fill(comp["item"], text=text),
        max_tokens=160,
        stop=["```"],
        temperature=0.1,
        json_schema=SUMMARY_SCHEMA,
        seed=seed,
    )
