"""Language models behind one small interface: prompt in, streamed text chunks out."""

from .base import Generation, LanguageModel, collect

__all__ = ["Generation", "LanguageModel", "collect"]
