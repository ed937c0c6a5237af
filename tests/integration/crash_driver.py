"""A long-lived process that forks real Reflect writers for the crash tests to SIGKILL.

The parent loads torch and the real embedding model once (~8 s) and never runs the model,
so forked children start in milliseconds with the weights already in memory and their
own fresh thread pools. Each child runs the real code path — the CLI's `add`, `import`
and `reindex` handlers, or a Session autosaving drafts — in a loop, printing a line
after each thing it has durably saved. The test kills the child at a random moment.

Protocol on stdin/stdout, one line each:
    -> "<mode> <home> <extra>"         mode: add | import | reindex | autosave
    <- "child <pid>"                    then the child's lines: "saved <id>", "draft <id> <n>"
    <- "ended <pid> <status>"           once the child is gone (killed or finished)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ANSWER = (
    "I learned that pairing on the flaky deploy helped because we talked through each "
    "step out loud, and next time I will write the checklist before we start. "
)


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # unbuffered: a line written is a line the test sees


def _cli(args: list[str]) -> int:
    from reflect.cli import main

    return main(args)


def _add_loop(home: str, workdir: Path) -> None:
    answers = workdir / f"answers-{os.getpid()}.json"
    answers.write_text(json.dumps({"learned": ANSWER * 3, "worked": "Talking it through."}))
    out = workdir / f"out-{os.getpid()}.txt"
    for _ in range(500):
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        saved = os.dup(1)
        os.dup2(fd, 1)  # the CLI prints the new id on stdout: catch it, then report it
        try:
            code = _cli(
                [
                    "--home",
                    home,
                    "--no-model",
                    "add",
                    "--template",
                    "quick",
                    "--no-summary",
                    "--answers",
                    str(answers),
                ]
            )
            sys.stdout.flush()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(fd)
        if code != 0:
            _say(f"error add exit {code}")
            return
        _say(f"saved {out.read_text().strip()}")


def _import_loop(home: str, export_file: str) -> None:
    for _ in range(50):
        if _cli(["--home", home, "import", export_file]) != 0:
            _say("error import")
            return
        _say("imported")


def _reindex_loop(home: str) -> None:
    for _ in range(50):
        if _cli(["--home", home, "reindex"]) != 0:
            _say("error reindex")
            return
        _say("reindexed")


def _autosave_loop(home: str) -> None:
    from reflect.engine.followups import FollowUpWriter
    from reflect.engine.session import Session
    from reflect.entry import Summary
    from reflect.services import build_services
    from reflect.settings import load_settings
    from reflect.storage.drafts import DraftStore

    services = build_services(load_settings(home, no_model=True))
    services.open_home()
    library = services.library
    library.reconcile()
    template = services.templates.get("quick")
    writer = FollowUpWriter(services.model, services.embedder)
    drafts = DraftStore(services.settings.drafts_dir)
    for _ in range(200):
        session = Session.start(template, "mentee", "partner-a", writer, drafts)
        n = 0
        while n < 8:
            session.answer(ANSWER + f"(answer {n})")
            n += 1
            _say(f"draft {session.entry.id} {n}")
            if session.next() is None:
                break
        # the summary step is not under test here (and costs seconds of embedding)
        library.save(session.finalize(Summary(insight="Checklists first.")))
        session.discard_draft()
        _say(f"saved {session.entry.id}")


def _child(mode: str, home: str, extra: str) -> None:
    workdir = Path(home).parent
    if mode == "add":
        _add_loop(home, workdir)
    elif mode == "import":
        _import_loop(home, extra)
    elif mode == "reindex":
        _reindex_loop(home)
    elif mode == "autosave":
        _autosave_loop(home)


def main() -> None:
    from reflect.llm import embedder
    from reflect.settings import enforce_offline

    enforce_offline()
    import chromadb  # noqa: F401  (imported once here, shared by every child)

    # Load the real weights once; children reuse them through fork.
    loaded = embedder.SentenceEmbedder(threads=1)._load()
    embedder.SentenceEmbedder._load = lambda self: loaded  # type: ignore[method-assign]
    _say("ready")
    for line in sys.stdin:
        mode, home, extra = ([*line.strip().split(" ", 2), "", ""])[:3]
        if not mode:
            continue
        pid = os.fork()
        if pid == 0:
            try:
                _child(mode, home, extra)
            finally:
                os._exit(0)
        _say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"ended {pid} {status}")


if __name__ == "__main__":
    main()
