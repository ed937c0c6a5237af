"""What every Reflect screen shares: typed access to the app and its services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from ..app import ReflectApp


class ReflectScreen(Screen[Any]):
    """A full screen in Reflect."""

    @property
    def reflect(self) -> ReflectApp:
        return cast("ReflectApp", self.app)

    def reload(self) -> None:
        """Called when the journal becomes ready or changes; screens refresh their data."""


class ReflectModal(ModalScreen[Any]):
    """A dialog over the current screen."""

    @property
    def reflect(self) -> ReflectApp:
        return cast("ReflectApp", self.app)
