"""The models Reflect runs: language models behind one small interface (prompt in,
streamed text chunks out), the catalog of known ones, the embedders, and prompt building."""

from .base import Generation, LanguageModel, collect

__all__ = ["Generation", "LanguageModel", "collect"]
