"""ReflectApp: the Textual app. It takes its services in the constructor (tests pass fakes).

The first frame needs nothing heavy: the store (index + journal reconcile), the embedder
and the language model load in thread workers that only post messages; a status line
says what is loading, ready, or missing. A failed load becomes a notice, never a crash.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from reflect.errors import JournalLockedError, ReflectError, StoreError
from reflect.services import Services, build_services
from reflect.settings import Settings
from reflect.storage.atrest import APP_STATE_FILE
from reflect.storage.drafts import DraftStore
from reflect.wording import count, entries

from .commands import ReflectCommands
from .errors import describe_error
from .messages import JournalChanged, Loaded, LoadFailed
from .safe import markup_safe
from .screens.base import ReflectScreen
from .state import TuiState
from .theme import DEFAULT_THEME, HIGH_CONTRAST
from .widgets.timer import DEFAULT_STAGE_SECONDS, StageTimer

if TYPE_CHECKING:
    from reflect.storage.library import Library

    from .context import AppContext

# Seconds after the first frame at which the model starts loading even if search is not
# ready yet (it normally starts the moment search is).
MODEL_LOAD_AFTER = 4.0


class ReflectApp(App[int]):
    """Reflect's terminal app. Build it with `ReflectApp(services)` or `from_settings`."""

    TITLE = "Reflect"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ReflectCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "contrast", "Contrast", show=False),
        # demo mode only (check_action); priority: the answer box binds F5-F7 otherwise
        Binding("f5", "demo_reset", "Reset demo", priority=True),
        Binding("f6", "timer_toggle", "Timer", priority=True),
        Binding("f7", "timer_adjust(-60)", "-1 min", show=False, priority=True),
        Binding("f8", "timer_adjust(60)", "+1 min", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    status: reactive[str] = reactive("Starting…")

    def __init__(
        self, services: Services, *, demo: bool = False, state_path: Path | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.demo = demo
        settings = services.settings
        if state_path is None and not settings.ephemeral and not demo:
            state_path = settings.home / APP_STATE_FILE
        self.tui_state = TuiState(None if demo else state_path)  # demo mode writes nothing
        memory = settings.ephemeral or demo
        self.drafts = DraftStore(None if memory else settings.drafts_dir)
        self.pair_drafts = DraftStore(None if memory else settings.drafts_dir / "pair")
        self.stage_seconds = DEFAULT_STAGE_SECONDS  # demo mode's stage timer length
        self.library: Library | None = None
        self.store_error: BaseException | None = None
        self.store_ready = threading.Event()
        self.model_ready = threading.Event()
        self._model_started = False
        self._parts = {
            "store": "Journal: opening…",
            "embedder": "Search: loading…",
            "model": "Model: loading…",
        }
        self.register_theme(HIGH_CONTRAST)
        self.theme = HIGH_CONTRAST.name if demo else DEFAULT_THEME  # demo: for a projector

    @classmethod
    def from_settings(
        cls, settings: Settings, *, demo: bool = False, extra_template: str | Path | None = None
    ) -> ReflectApp:
        """The app on real services, or demo mode's in-memory ones (the `reflect` command)."""
        if demo:
            from reflect.demo import build_demo_services

            # the sample journal in memory (chromadb's in-memory client); drafts and
            # remembered choices stay in memory too: nothing is written
            return cls(build_demo_services(settings, extra_template), demo=True)
        services = build_services(settings)
        if extra_template:
            from reflect.templates import load_template_file

            services.templates.add(load_template_file(Path(extra_template)))
        return cls(services, demo=demo)

    # -- start-up ---------------------------------------------------------------------

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        if self.demo:
            from .screens.demo_reset import fresh_state

            self.add_class("-demo-mode")  # larger spacing for a room (app.tcss)
            self.tui_state = fresh_state(self.services.templates)
        self.push_screen(HomeScreen())

    def on_ready(self) -> None:
        # Only once the first frame is on the terminal: the loads' imports (chromadb,
        # torch, llama_cpp) hold the GIL for long stretches and would delay that frame.
        self._start_loading()

    def _start_loading(self) -> None:
        # The model loads once search is ready (or the store failed): on two cores the
        # three loads side by side made search wait ~0.5 s longer, and the model is not
        # needed before the first answer is written. A timer starts it regardless, so a
        # store that takes long never holds the model back.
        self._load_store()
        self.set_timer(MODEL_LOAD_AFTER, self._start_model)

    def _start_model(self) -> None:
        if not self._model_started:
            self._model_started = True
            self._load_model()

    @work(thread=True, exclusive=True, exit_on_error=False, group="load-store")
    def _load_store(self) -> None:
        try:
            # the embedder loads beside the store's imports (onnxruntime without the GIL)
            self.services.embedder.load_soon()
            if self.services.reader is not self.services.embedder:  # search on mpnet
                self.services.reader.load_soon()
            library = self.services.library
            report = library.reconcile()
            self.library = library
        except BaseException as exc:
            self.store_error = exc
            self.post_message(LoadFailed("store", describe_error(exc)))
            return
        finally:
            self.store_ready.set()
        stored = len(library.journal.files())
        problems = f", {report.problems} unreadable" if report.problems else ""
        self.post_message(Loaded("store", f"{entries(stored)}{problems}"))
        library.embedder.load()  # search and the follow-up gate need it: load it now, not on use
        # why search runs on the slow sentence-transformers path, if it does
        self.post_message(Loaded("embedder", library.embedder.fallback or ""))
        from reflect.storage.index import IndexModelError, check_model

        try:  # the `embedder` setting changed since the index was built
            check_model(library.index, library.embedder.name)
        except IndexModelError as exc:
            self.post_message(Loaded("stale-index", str(exc)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="load-model")
    def _load_model(self) -> None:
        try:
            self.services.model  # noqa: B018 - loading is the point
        finally:
            self.model_ready.set()
        status = self.services.model_status
        if status is None or status.mode == "no-model":
            detail = status.detail if status else ""
            self.post_message(Loaded("model", f"no-model|{detail}"))
        else:
            self.post_message(Loaded("model", status.name))

    def server_model_failed(self, error: ReflectError) -> None:
        """From a worker: the `--llm-url` server stopped answering mid-session. The rest of
        the session uses Reflect's own questions at once; the status line and a notice say
        which server and what to do."""
        from reflect.llm.nomodel import NoModel
        from reflect.services import ModelStatus

        self.services.use_model(NoModel(), ModelStatus("no-model", "none", str(error)))
        self.post_message(Loaded("model", f"no-model|{error}"))

    def on_loaded(self, message: Loaded) -> None:
        if message.what == "store":
            self._parts["store"] = f"Journal: {message.detail}"
        elif message.what == "embedder":
            slow = " (slow: run `reflect models prepare`)" if message.detail else ""
            self._parts["embedder"] = f"Search: ready{slow}"
            self._start_model()
        elif message.what == "stale-index":
            self._parts["embedder"] = "Search: needs `reflect reindex`"
            self.notify(markup_safe(message.detail), title="Search", severity="warning", timeout=12)
        elif message.what == "model":
            name = message.detail
            if name.startswith("no-model|"):
                reason = name.split("|", 1)[1]
                self._parts["model"] = "No model: questions from your own words"
                url = self.services.settings.llm_url
                if url and reason:  # the same sentence in short: which server, what to do
                    self._parts["model"] = f"No model: {url} not answering (restart it)"
                if reason and not self.services.settings.no_model:
                    self.notify(markup_safe(reason), title="Running without a model", timeout=8)
            else:
                self._parts["model"] = f"Model: {name}"
        self.status = " · ".join(self._parts.values())
        if message.what == "store":
            self.refresh_screens(everything=message.changed)

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.what == "store":
            self._start_model()
            self._parts["store"] = "Journal: not available"
            url = self.services.settings.store_url
            if url and isinstance(self.store_error, StoreError):
                self._parts["store"] = f"Index: {url} not answering (restart it, or drop --store)"
            self._parts["embedder"] = "Search: off"
            self.status = " · ".join(self._parts.values())
            if isinstance(self.store_error, JournalLockedError):
                from .screens.problem import ProblemScreen

                self.push_screen(ProblemScreen("Your journal is open elsewhere", message.text))
                return
        self.notify(markup_safe(message.text), title="Problem", severity="error", timeout=12)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Any worker that fails with an exception becomes a notice, never a crash."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            text = describe_error(event.worker.error)
            self.notify(markup_safe(text), title="Problem", severity="error", timeout=12)

    def on_journal_changed(self, message: JournalChanged) -> None:
        """After a save, edit or delete: recount entries for the status line, refresh screens."""
        if message.reload_now:
            self.refresh_screens()
        self._recount()

    @work(thread=True, exclusive=True, exit_on_error=False, group="recount")
    def _recount(self) -> None:
        library = self.wait_library()
        self.post_message(Loaded("store", entries(len(library.journal.files())), changed=True))

    def refresh_screens(self, *, everything: bool = True) -> None:
        """Tell screens the journal changed (every screen) or is ready (those waiting).

        A screen's own first load already waits for the store, so on opening only the
        screens that chose to wait for it (`waiting_for_store`) reload; reloading the
        rest would rebuild what they have just shown.
        """
        for screen in self.screen_stack:
            if isinstance(screen, ReflectScreen) and (everything or screen.waiting_for_store):
                screen.reload()

    # -- for thread workers -----------------------------------------------------------

    def wait_library(self) -> Library:
        """The library once loaded (call only from a worker thread)."""
        self.store_ready.wait()
        if self.library is None:
            if isinstance(self.store_error, ReflectError):
                raise self.store_error
            raise StoreError("The journal could not be opened; see the notice above.")
        return self.library

    # -- actions (keys, home buttons, command palette) --------------------------------

    def _open(self, screen_name: str) -> None:
        from .screens import open_screen

        if type(self.screen).__name__ == screen_name:
            return
        self.push_screen(open_screen(screen_name))

    def action_start(self) -> None:
        from .screens.start import begin_reflection

        if any(type(s).__name__ == "ReflectionScreen" for s in self.screen_stack):
            self.notify("A reflection is already open; finish or leave it first.")
            return
        begin_reflection(self)

    def action_pair(self) -> None:
        from .screens.pair import begin_pair

        if any(type(s).__name__ in ("PairScreen", "PairAgendaScreen") for s in self.screen_stack):
            self.notify("A pair prep is already open; finish or leave it first.")
            return
        begin_pair(self)

    def action_prepare(self) -> None:
        self._open("PrepareScreen")

    def action_journal(self) -> None:
        self._open("JournalScreen")

    def action_goals(self) -> None:
        self._open("GoalsScreen")

    def action_insights(self) -> None:
        self._open("InsightsScreen")

    def action_help(self) -> None:
        self._open("HelpScreen")

    def action_home(self) -> None:
        while len(self.screen_stack) > 2 and type(self.screen).__name__ != "HomeScreen":
            self.pop_screen()

    def action_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    # -- demo mode: reset and the stage timer ----------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("demo_reset", "timer_toggle", "timer_adjust"):
            return self.demo
        return True

    def action_demo_reset(self) -> None:
        from .screens.demo_reset import ask_reset

        ask_reset(self)

    def action_timer_toggle(self) -> None:
        for timer in self.screen.query(StageTimer):
            timer.toggle()

    def action_timer_adjust(self, delta: int) -> None:
        for timer in self.screen.query(StageTimer):
            self.stage_seconds = timer.adjust(delta)
            minutes = count(timer.length // 60, "minute")
            self.notify(f"Stage timer: {minutes} per stage.", timeout=2)

    def on_unmount(self) -> None:
        self.services.close()


if TYPE_CHECKING:
    _provides_context: type[AppContext] = ReflectApp  # mypy: the app offers what screens use
