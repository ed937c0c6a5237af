"""One factory that builds Reflect's services from settings — for the CLI, the TUI and tests.

Everything heavy is built on first use: the first TUI frame needs none of it. Tests pass
fakes (`embedder=`, `index=`, `model=`) and get the same wiring as the real app.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import HomeError, ModelError
from .fsutil import ensure_private_dir, remove_stale_temp_files
from .lifetime import opened
from .settings import Settings, enforce_offline
from .storage import atrest
from .storage.drafts import DraftStore
from .storage.journal import Journal

# The rest is imported where it is first used: the app's first frame needs none of it
# (together ~60 ms of imports).
if TYPE_CHECKING:
    from .llm.base import LanguageModel
    from .llm.catalog import ModelSpec
    from .llm.embedder import Embedder
    from .storage.index import Index
    from .storage.library import Library
    from .storage.lock import HomeLock
    from .storage.probe import IndexState
    from .templates import TemplateBook


@dataclass
class ModelStatus:
    """Which language model is in use, for the status line and `doctor`."""

    mode: str  # "model" | "server" | "no-model"
    name: str
    detail: str = ""


@dataclass
class Services:
    """Reflect's services for one home. Build with `build_services`; `close()` when done."""

    settings: Settings
    _embedder: Embedder | None = None
    _reader: Embedder | None = None
    _index: Index | None = None
    _model: LanguageModel | None = None
    lock: HomeLock | None = None
    model_status: ModelStatus | None = None
    _guard: threading.RLock = field(default_factory=threading.RLock)
    notices: list[str] = field(default_factory=list)
    """Things the person should hear about opening the home (e.g. an index rebuilt)."""
    _index_state: IndexState | None = None
    _home_key: atrest.HomeKey | None = None
    _key_checked: bool = False
    _index_sealed: bool = False
    _closed_index: Index | None = None
    on_notice: Callable[[str], None] | None = None
    """Hears each notice as it happens (the CLI prints it on stderr)."""
    bulk: bool = False
    """Embedding is the whole job (`reflect reindex`): the embedder gets every core, not
    half (all-mpnet-base-v2 reindexed 35% faster on two threads than on one)."""

    def _notice(self, text: str) -> None:
        self.notices.append(text)
        if self.on_notice is not None:
            self.on_notice(text)

    # -- storage ----------------------------------------------------------------------

    @property
    def home_key(self) -> atrest.HomeKey | None:
        """The home's key if it is encrypted (the passphrase is asked once), else None.

        A plaintext home costs one stat. With the `encrypt` setting, a new, empty home is
        created encrypted and an existing plaintext one is refused (nothing is written)."""
        with self._guard:
            if not self._key_checked:
                if not self.settings.ephemeral and atrest.rotating(self.settings.home):
                    raise HomeError(
                        f"Changing the key of the journal in {self.settings.home} was "
                        "interrupted; run `reflect passphrase --rotate-key` again to finish "
                        "(nothing is lost)."
                    )
                self._home_key = None if self.settings.ephemeral else open_key(self.settings)
                self._key_checked = True
                if self._home_key and (self.settings.home / atrest.CONVERTING_MARKER).exists():
                    self.notices.append(
                        "Encrypting this journal was interrupted, so some of it may still be "
                        "plaintext; run `reflect init --encrypt` again to finish."
                    )
            return self._home_key

    def unlock(self) -> None:
        """Ask for an encrypted home's passphrase now (before slow work), not on first use."""
        _ = self.home_key

    def use_key(self, key: atrest.HomeKey) -> None:
        """Seal and open with `key` from now on (a key rotation's new key). Call before the
        journal, drafts or index are first used."""
        with self._guard:
            self._home_key = key
            self._key_checked = True

    @cached_property
    def journal(self) -> Journal:
        if self.settings.ephemeral:  # demo mode: entries live in memory, nothing is written
            from .storage.memory import MemoryJournal

            return MemoryJournal(self.settings.journal_dir)
        return Journal(self.settings.journal_dir, key=self.home_key)

    def drafts(self, folder: str = "") -> DraftStore:
        """The autosaved drafts (`folder`: a subfolder such as `pair`), sealed when encrypted."""
        if self.settings.ephemeral:
            return DraftStore(None)
        return DraftStore(self.settings.drafts_dir / folder, key=self.home_key)

    def sealed(self, index: Index) -> Index:
        """`index` as this home stores it: its text sealed when the home is encrypted."""
        from .storage.sealed_index import SealedIndex

        key = self.home_key
        if key is None or isinstance(index, SealedIndex):
            return index
        return SealedIndex(index, key)

    @cached_property
    def templates(self) -> TemplateBook:
        from .templates import TemplateBook

        return TemplateBook(None if self.settings.ephemeral else self.settings.templates_dir)

    @property
    def embedder(self) -> Embedder:
        with self._guard:
            if self._embedder is None:
                from .llm.embedder import SentenceEmbedder
                from .llm.embedders import resolve_embedder

                # The ONNX copy from the cache when prepared; a missing or damaged one is
                # reported to `on_notice` (the CLI's stderr) and in `notices`.
                threads = self.settings.cores() if self.bulk else self.settings.embedder_threads()
                self._embedder = SentenceEmbedder(
                    threads=threads,
                    cache_dir=self.settings.cache_dir,  # read only: demo mode uses it too
                    warn=self._notice,
                    spec=resolve_embedder(self.settings.embedder),
                )
            return self._embedder

    @property
    def reader(self) -> Embedder:
        """The embedder that reads answers (follow-up gate, lesson, themes): always
        all-MiniLM-L6-v2, whose similarities those rules were tuned on; the same object
        as `embedder` unless search runs on another model."""
        from .llm.embedders import MINILM, resolve_embedder

        search = self.embedder
        with self._guard:
            if resolve_embedder(self.settings.embedder) is MINILM:
                return search  # (or the embedder a test gave)
            if self._reader is None:
                from .llm.embedder import SentenceEmbedder

                self._reader = SentenceEmbedder(
                    threads=self.settings.embedder_threads(),
                    cache_dir=self.settings.cache_dir,
                    warn=self._notice,
                )
            return self._reader

    def open_home(self) -> None:
        """Create the home (0700) and take the writer lock. Idempotent."""
        if self.settings.ephemeral:
            return
        with self._guard:
            if self.lock is not None:
                return
            home = self.settings.home
            # Everything Reflect (and chromadb inside it) creates in the home is private.
            os.umask(0o077)
            try:
                ensure_private_dir(home)
            except OSError as exc:  # a file in the way, no permission, a read-only disk
                raise HomeError(
                    f"Cannot use {home} as Reflect's home ({type(exc).__name__}); "
                    "pass a writable folder with --home."
                ) from exc
            from .storage.lock import HomeLock
            from .storage.rebuild import remove_leftover_rebuilds

            self.lock = HomeLock(self.settings.lock_file).acquire()
            remove_leftover_rebuilds(home)
            # half-written drafts, manifests or state files from a killed writer
            for folder in (home, self.settings.drafts_dir, self.settings.index_dir):
                remove_stale_temp_files(folder, recursive=folder != home)

    @property
    def index(self) -> Index:
        with self._guard:
            if self._index is None:
                from .storage.index import ChromaIndex

                self.unlock()  # a wrong passphrase stops here, before anything is written
                self.open_home()  # the lock comes before the chroma client opens
                if self.settings.ephemeral:
                    self._index = ChromaIndex.ephemeral()
                elif self.settings.store_url:
                    s = self.settings
                    self._index = ChromaIndex.remote(
                        self.settings.store_url, s.connect_timeout, s.read_timeout
                    )
                else:
                    self._check_index_health()
                    from .storage.snapshot import Recorded

                    self._index = Recorded(ChromaIndex.persistent(self.settings.index_dir))
            if not self._index_sealed:  # also a fake a test passed in
                self._index = self.sealed(self._index)
                self._index_sealed = True
            return self._index

    def _check_index_health(self) -> None:
        """Probe the index in a child process if it may be damaged; drop it if it is.

        Costs a stat of a few files on a normal open; the ~2 s probe runs only after an
        unclean close or when the index files changed while Reflect was closed.
        """
        from .storage.probe import IndexState, probe_index

        state = IndexState(self.settings.home, self.settings.index_dir)
        reason = state.needs_probe()
        if reason is not None:
            result = probe_index(self.settings.index_dir)
            if result.timed_out:
                # Not proof of damage (a busy machine is slow too): keep the index rather
                # than re-embed the whole journal; the next open checks again.
                self.notices.append(
                    "The search index could not be checked in time; using it as it is. "
                    "Run `reflect reindex` if search misbehaves."
                )
                return  # not marked open/closed: the next open probes again
            if not result.ok:
                # The index is derived: the journal rebuilds it on this open's reconcile.
                shutil.rmtree(self.settings.index_dir, ignore_errors=True)
                self.notices.append(
                    f"The search index was damaged ({result.detail}); "
                    "rebuilding it from your journal files, which are intact."
                )
        state.mark_open()
        self._index_state = state

    @cached_property
    def library(self) -> Library:
        """The journal with its index (callers run `reconcile()`; demo mode seeds its own)."""
        index = self.index
        if self.settings.ephemeral:
            from .storage.memory import MemoryJournal, MemoryLibrary

            assert isinstance(self.journal, MemoryJournal)
            library = MemoryLibrary(self.journal, index, self.embedder)
            library.reconcile()  # index what the journal holds (demo mode's seed)
            return library
        from .storage.library import Library

        self.journal.open()
        manifest = manifest_path(self.settings)
        remote = bool(self.settings.store_url)
        return Library(self.journal, index, self.embedder, manifest, store_may_forget=remote)

    def reading_library(self, most_behind: int) -> Library | None:
        """The library over the local index's snapshot, for a command that only reads: no
        chromadb. None when there is no snapshot that matches the manifest, or the journal
        is more than `most_behind` files ahead of it (then the command should open
        `library`, which indexes them for good). Takes the home's lock like any opening."""
        if self.settings.ephemeral or self.settings.store_url:
            return None
        from .storage import snapshot
        from .storage.library import Library

        self.unlock()
        self.open_home()  # one process at a time, readers too: the writer is not halfway
        manifest = manifest_path(self.settings)
        found = snapshot.load(self.settings.index_dir, snapshot.manifest_stamp(manifest))
        if found is None:
            return None
        index = self.sealed(snapshot.FlatIndex(found))
        library = Library(self.journal, index, self.embedder, manifest, read_only=True)
        return library if library.outdated() <= most_behind else None

    # -- language model ---------------------------------------------------------------

    @property
    def model(self) -> LanguageModel:
        with self._guard:
            if self._model is None:
                self._model = self._build_model()
            return self._model

    def _build_model(self) -> LanguageModel:
        from .llm.nomodel import NoModel

        s = self.settings
        if s.no_model:
            self.model_status = ModelStatus(
                "no-model", "none", "follow-ups from your own words only"
            )
            return NoModel()
        if s.llm_url:
            from .llm.server import ServerModel

            try:  # a quick GET /v1/models: a server that is down means no-model mode
                server = ServerModel(
                    s.llm_url,
                    model=s.model,
                    connect_timeout=s.connect_timeout,
                    read_timeout=s.read_timeout,
                    model_timeout=s.model_timeout,
                ).check()
            except ModelError as exc:
                self.model_status = ModelStatus("no-model", "none", str(exc))
                return NoModel()
            self.model_status = ModelStatus("server", server.name, s.llm_url)
            return server
        from .llm.llama import LlamaModel

        try:
            spec, path = self.model_file()
            model = LlamaModel(
                path,
                spec.id,
                spec.prompt_mode,
                s.thread_count(),
                s.n_ctx,
                mode_from_header=spec.user_path is not None,
            )
            model.load()
        except ModelError as exc:
            self.model_status = ModelStatus("no-model", "none", str(exc))
            return NoModel()
        self.model_status = ModelStatus("model", spec.id, str(path))
        return model

    def model_file(self) -> tuple[ModelSpec, Path]:
        """The local GGUF model the settings choose, assembled if needed but not loaded
        (ModelError when there is none to use)."""
        from .llm.catalog import prepare, resolve

        s = self.settings
        spec = resolve(s.model)
        if s.ephemeral and not spec.present(s.cache_dir):  # assembling would write
            raise ModelError(
                f"Demo mode writes nothing, and {spec.id} is not prepared yet; run "
                "`reflect models prepare` once before the demo."
            )
        return spec, prepare(spec, s.cache_dir)

    def use_model(self, model: LanguageModel, status: ModelStatus | None = None) -> None:
        with self._guard:
            self._model = model
            self.model_status = status or ModelStatus("model", model.name)

    # -- forgetting -------------------------------------------------------------------

    def forget(self, entry_id: str) -> None:
        """Delete an entry everywhere: its file, its index rows (scrubbed from the index's
        files too), and any draft of it."""
        self.library.delete(entry_id)
        self.drafts().discard(entry_id)

    # -- lifetime ---------------------------------------------------------------------

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the model and the index (cleanly: marked closed, unused slots zeroed) and
        release the lock. Safe to call again."""
        with self._guard:
            if self._model is not None:
                self._model.close()
            if self._index is not None and self._index is not self._closed_index:
                # once: closing again would zero the HNSW slots after the state file
                # recorded the files, so every next open would probe the index (~1-2 s)
                self._index.close()
                self._closed_index = self._index
            if self._index_state is not None:
                self._index_state.mark_closed()
                self._index_state = None
            if self.lock is not None:
                self.lock.release()
                self.lock = None


def manifest_path(settings: Settings) -> Path:
    """Where the record of what is indexed lives: beside the local index, or in the home
    for a chroma server, one per server (pointing Reflect at another, empty server must
    not look already indexed)."""
    from .storage.index import MANIFEST

    if not settings.store_url:
        return settings.index_dir / MANIFEST
    server = hashlib.sha256(settings.store_url.rstrip("/").encode("utf-8")).hexdigest()[:12]
    return settings.home / f"remote-manifest-{server}.json"


def open_key(settings: Settings) -> atrest.HomeKey | None:
    """The home's key (asking the passphrase once per process), or None for a plaintext home.

    With the `encrypt` setting, a home with nothing in it yet is created encrypted (the
    passphrase is asked twice); one that already holds plaintext is refused."""
    key = atrest.key_for(settings.home)
    if key is not None or not settings.encrypt:
        return key
    has_entries = bool(Journal(settings.journal_dir).scan())
    has_drafts = settings.drafts_dir.is_dir() and any(settings.drafts_dir.rglob("*.json"))
    if has_entries or has_drafts:
        raise HomeError(
            f"The encrypt setting is on but the journal in {settings.home} is not encrypted "
            "yet; run `reflect init --encrypt` to encrypt it."
        )
    ensure_private_dir(settings.home)
    passphrase = atrest.read_passphrase(settings.home, "New passphrase", confirm=True)
    return atrest.create(settings.home, passphrase)


def build_services(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    index: Index | None = None,
    model: LanguageModel | None = None,
    on_notice: Callable[[str], None] | None = None,
    **_: Any,
) -> Services:
    """The one way to wire Reflect. Fakes may be passed for any outside thing."""
    enforce_offline()
    services = Services(settings=settings, _embedder=embedder, _index=index, on_notice=on_notice)
    if model is not None:
        services.use_model(model)
    opened(services)  # closed by the CLI's closing_opened(), however a command ends
    return services
