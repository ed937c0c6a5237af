"""Reflect: an offline terminal reflection companion for mentoring.

Importing this package is cheap and does no I/O: heavy libraries (torch,
sentence-transformers, llama-cpp, chromadb, textual) load only inside the
functions that need them.
"""

__version__ = "0.1.0"
