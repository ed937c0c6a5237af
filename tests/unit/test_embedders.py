"""The embedding models search can run on: naming one, and unpacking a zipped one."""

from __future__ import annotations

import hashlib
import io
import stat
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from reflect.errors import EmbedderError, InputError
from reflect.llm.embedders import MINILM, MPNET, prepare_source, resolve_embedder


def test_the_setting_accepts_full_and_short_names_and_defaults_to_minilm() -> None:
    assert resolve_embedder(None) is MINILM
    assert resolve_embedder("") is MINILM
    assert resolve_embedder("mpnet") is MPNET
    assert resolve_embedder(" All-MPNet-Base-v2 ") is MPNET
    assert resolve_embedder("minilm") is MINILM


def test_an_unknown_model_is_one_sentence_naming_the_known_ones() -> None:
    with pytest.raises(InputError) as caught:
        resolve_embedder("bert-large")
    message = str(caught.value)
    assert "'bert-large'" in message
    assert "all-MiniLM-L6-v2" in message and "all-mpnet-base-v2" in message
    assert "\n" not in message


def _split_zip(root: Path, files: dict[str, bytes], pieces: int) -> tuple[tuple[str, ...], str]:
    """A zip of `files` under one folder, cut into `pieces` part packages on `root`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"tiny-model/{name}", data)
    blob = buffer.getvalue()
    size = -(-len(blob) // pieces)
    parts = []
    for n in range(pieces):
        rel = f"tiny-part_{n:03d}/input/tiny.zip.{n:03d}"
        (root / rel).parent.mkdir(parents=True)
        (root / rel).write_bytes(blob[n * size : (n + 1) * size])
        parts.append(rel)
    return tuple(parts), hashlib.sha256(blob).hexdigest()


def test_a_zipped_model_is_joined_checked_and_unpacked_privately(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    files = {
        "tokenizer.json": b"{}",
        "config.json": b'{"a": 1}',
        "1_Pooling/config.json": b"{}",
        "desktop.ini": b"[.ShellClassInfo]",
    }
    parts, digest = _split_zip(site, files, 3)
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    spec = replace(MPNET, name="tiny-model", parts=parts, sha256=digest)
    assert spec.installed
    cache = tmp_path / "cache"
    seen: list[tuple[int, int]] = []
    folder = prepare_source(spec, cache, lambda done, total: seen.append((done, total)))
    assert folder == spec.source_dir(cache)
    assert (folder / "config.json").read_bytes() == b'{"a": 1}'
    assert (folder / "1_Pooling" / "config.json").is_file()
    assert not (folder / "desktop.ini").exists()
    assert stat.S_IMODE((folder / "config.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert seen[-1][0] == seen[-1][1]  # progress reached the end
    assert sorted(p.name for p in folder.parent.iterdir()) == ["tiny-model"]  # no leftovers


def test_parts_that_do_not_match_the_checksum_leave_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    parts, _ = _split_zip(site, {"tokenizer.json": b"{}"}, 2)
    monkeypatch.setattr(sys, "path", [str(site), *sys.path])
    spec = replace(MPNET, name="tiny-model", parts=parts, sha256="0" * 64)
    cache = tmp_path / "cache"
    with pytest.raises(EmbedderError) as caught:
        prepare_source(spec, cache)
    assert "make embedder-mpnet" in str(caught.value)
    assert list((cache / "models").iterdir()) == []
    with pytest.raises(EmbedderError, match="not prepared; run `reflect models prepare`"):
        spec.source_dir(cache)


def test_a_model_whose_parts_are_not_installed_says_how_to_install_it(tmp_path: Path) -> None:
    spec = replace(MPNET, parts=("no-such-part_001/input/x.zip.001",))
    assert not spec.installed
    with pytest.raises(EmbedderError, match="run `make embedder-mpnet`"):
        spec.source_dir(tmp_path)


def test_answers_are_read_with_minilm_whatever_model_search_runs_on(tmp_path: Path) -> None:
    from reflect.services import build_services
    from reflect.settings import load_settings

    default = build_services(load_settings(home=tmp_path / "a"))
    switched = build_services(load_settings(home=tmp_path / "b", embedder="mpnet"))
    try:
        assert default.reader is default.embedder
        assert default.embedder.name == "all-MiniLM-L6-v2"
        assert switched.embedder.name == "all-mpnet-base-v2"
        assert switched.reader.name == "all-MiniLM-L6-v2"  # the gate and themes' model
    finally:
        default.close()
        switched.close()
