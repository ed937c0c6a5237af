"""One readable sentence for any failure a worker reports."""

from __future__ import annotations

from reflect.errors import ReflectError


def describe_error(error: BaseException) -> str:
    """A `ReflectError` as it is (it already says what to do); anything else in one
    sentence that says nothing saved was lost and how to see the details."""
    if isinstance(error, ReflectError):
        return str(error)
    return (
        f"Something went wrong ({type(error).__name__}: {error}); nothing you saved was lost. "
        "Run with REFLECT_DEBUG=1 for details."
    )
