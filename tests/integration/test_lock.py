"""One writer per home: a second process is told who holds the journal, quickly."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HOLDER = """
import sys, time
from reflect.storage.lock import HomeLock
from pathlib import Path
lock = HomeLock(Path(sys.argv[1]) / ".lock").acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_second_process_gets_clear_lock_error_naming_the_holder(reflect_home: Path) -> None:
    reflect_home.mkdir(mode=0o700)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(reflect_home)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "reflect.tui.entry", "--home", str(reflect_home), "export"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        took = time.monotonic() - started
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert f"pid {holder.pid}" in lines[0]
        assert "in use by another Reflect process" in lines[0]
        assert took < 10  # the lock itself gives up after ~1 s; the rest is start-up
    finally:
        holder.kill()
        holder.wait()


def test_lock_is_free_again_once_the_holder_dies(reflect_home: Path) -> None:
    from reflect.storage.lock import HomeLock

    reflect_home.mkdir(mode=0o700)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(reflect_home)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()
    lock = HomeLock(reflect_home / ".lock").acquire(wait=2)
    assert lock.held
    lock.release()
