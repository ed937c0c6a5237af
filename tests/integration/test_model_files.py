"""`--model PATH`: a user's GGUF file, its context and prompt mode chosen from its header;
a file that cannot load gives one clear line and Reflect carries on without a model."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.errors import ModelError
from reflect.llm.base import collect
from reflect.llm.catalog import load_catalog, prepare, verify
from reflect.llm.gguf import GgufInfo, read_gguf_info
from reflect.llm.llama import LlamaModel
from reflect.llm.probe import command as probe_command
from reflect.llm.probe import probe
from reflect.llm.prompting import followup_request
from reflect.reading.gate import question_complete
from reflect.services import build_services
from reflect.settings import load_settings

pytestmark = pytest.mark.model
CACHE = load_settings().cache_dir
SPECS = {spec.id: spec for spec in load_catalog()}


def bundled(model_id: str) -> Path:
    return prepare(SPECS[model_id], CACHE)


@pytest.mark.parametrize(
    ("model_id", "architecture", "trained", "mode"),
    [
        ("smollm2-135m-instruct", "llama", 8192, "chat"),
        ("gemma-3-270m", "gemma3", 32768, "completion"),
    ],
)
def test_header_tells_context_and_prompt_mode(
    model_id: str, architecture: str, trained: int, mode: str
) -> None:
    info = read_gguf_info(bundled(model_id))
    assert (info.architecture, info.context_length, info.prompt_mode) == (
        architecture,
        trained,
        mode,
    )


@pytest.mark.parametrize(
    ("trained", "configured", "chosen"),
    [
        (8192, None, 2048),  # capped for memory
        (2048, None, 2048),  # never past what the model was trained on
        (None, None, 2048),  # unknown: a safe middle
        (8192, 1024, 1024),  # the person's setting wins
        (2048, 8192, 2048),  # ...but not past the trained length
        (32768, 8192, 8192),
    ],
)
def test_context_is_chosen_from_the_file_and_the_setting(
    trained: int | None, configured: int | None, chosen: int
) -> None:
    info = GgufInfo("llama", trained, has_chat_template=True)
    assert info.choose_context(configured) == chosen


def test_users_gguf_gets_context_threads_and_chat_mode_from_its_header(
    tmp_path: Path, hashing_embedder: object
) -> None:
    mine = tmp_path / "my-instruct-model.gguf"
    mine.symlink_to(bundled("smollm2-135m-instruct"))
    settings = load_settings(model=str(mine))
    services = build_services(settings, embedder=hashing_embedder)  # type: ignore[arg-type]
    model = services.model
    assert isinstance(model, LlamaModel)
    assert (model.n_ctx, model.threads, model.prompt_mode) == (
        2048,
        settings.thread_count(),
        "chat",
    )
    assert "n_ctx 2048 (trained 8192)" in model.describe()
    services.close()


def test_users_gguf_without_chat_template_is_prompted_by_completion(
    tmp_path: Path, hashing_embedder: object
) -> None:
    mine = tmp_path / "base-model.gguf"
    mine.symlink_to(bundled("gemma-3-270m"))
    services = build_services(load_settings(model=str(mine)), embedder=hashing_embedder)  # type: ignore[arg-type]
    assert services.model.prompt_mode == "completion"
    services.close()


def _truncated(size: int) -> bytes:
    with bundled("smollm2-135m-instruct").open("rb") as handle:
        return handle.read(size)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (lambda: _truncated(300), "truncated or damaged"),
        (lambda: _truncated(40_000_000), "failed to load"),
        (lambda: b"these are not model weights\n" * 100, "not a GGUF model file"),
        (lambda: b"", "not a GGUF model file"),
    ],
    ids=["header-cut", "weights-cut", "not-gguf", "empty"],
)
def test_broken_model_file_means_one_line_and_no_model_mode(
    tmp_path: Path, hashing_embedder: object, content, says: str
) -> None:
    broken = tmp_path / "broken-model.gguf"
    broken.write_bytes(content())
    services = build_services(load_settings(model=str(broken)), embedder=hashing_embedder)  # type: ignore[arg-type]
    assert services.model.name == "none"
    status = services.model_status
    assert status is not None and status.mode == "no-model"
    assert says in status.detail and "broken-model.gguf" in status.detail
    assert "\n" not in status.detail


def test_doctor_reports_what_it_chose_for_the_model(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    real_embedder: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("reflect.llm.embedder.SentenceEmbedder", lambda threads, **_: real_embedder)
    mine = tmp_path / "my-instruct-model.gguf"
    mine.symlink_to(bundled("smollm2-135m-instruct"))
    main(["--model", str(mine), "doctor", "--json"])
    checks = {c["check"]: c for c in json.loads(capsys.readouterr().out)}
    detail = checks["model"]["detail"]
    assert checks["model"]["ok"], detail
    assert "n_ctx 2048 (trained 8192)" in detail and "threads" in detail and "chat" in detail


def test_doctor_reports_a_model_that_crashes_its_process_and_the_other_checks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    real_embedder: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # llama.cpp built for instructions the CPU refuses dies with SIGILL (it did on this
    # project's own CI machine); the doctor must say so, not die with it
    monkeypatch.setattr("reflect.llm.embedder.SentenceEmbedder", lambda threads, **_: real_embedder)
    crash = "import os, signal; os.kill(os.getpid(), signal.SIGILL)"
    monkeypatch.setattr("reflect.doctor.probe_command", lambda *_: [sys.executable, "-c", crash])
    code = main(["--home", str(tmp_path / "home"), "doctor", "--json"])
    checks = {c["check"]: c for c in json.loads(capsys.readouterr().out)}
    assert code == 1
    assert checks["embedder"]["ok"] and checks["store"]["ok"]
    detail = checks["model"]["detail"]
    assert not checks["model"]["ok"]
    assert "SIGILL" in detail and "make setup" in detail and "--no-model" in detail
    assert "\n" not in detail


def test_the_doctors_model_check_says_what_the_child_could_not_load(tmp_path: Path) -> None:
    broken = tmp_path / "broken-model.gguf"
    broken.write_bytes(b"these are not model weights\n" * 100)
    with pytest.raises(ModelError, match="not a GGUF model file") as caught:
        probe(probe_command(broken, "broken-model", "chat", 1, None, True), "broken-model")
    assert "\n" not in str(caught.value)
    found = probe(
        probe_command(bundled("smollm2-135m-instruct"), "smollm2", "chat", 1, None, False), "x"
    )
    assert found.words > 0 and "n_ctx" in found.detail


def _file_type(path: Path) -> int:
    """`general.file_type` from a GGUF header (7 = Q8_0, 3 = Q4_1), read by llama.cpp."""
    from llama_cpp import Llama

    llm = Llama(model_path=str(path), vocab_only=True, verbose=False)
    try:
        return int(llm.metadata["general.file_type"])
    finally:
        llm.close()


def test_the_default_model_runs_from_a_q8_0_copy_made_once_from_its_verified_file(
    tmp_path: Path,
) -> None:
    spec = SPECS["smollm2-135m-instruct"]
    assert spec.convert == "q8_0"
    made = prepare(spec, tmp_path)
    assert made.parent == tmp_path / "models" and made != spec.shipped_path(tmp_path)
    assert (_file_type(spec.shipped_path(tmp_path)), _file_type(made)) == (3, 7)
    assert made.stat().st_mode & 0o777 == 0o600
    stamp = made.stat().st_mtime_ns
    assert prepare(spec, tmp_path) == made and made.stat().st_mtime_ns == stamp  # once
    ok, detail = verify(spec, tmp_path)
    assert ok, detail
    model = LlamaModel(made, spec.id, spec.prompt_mode, 2).load()
    try:
        request = followup_request(
            "chat", "mentee", "What did you learn?", "I asked the team to show their work."
        )
        written = collect(model, request, until=question_complete)
    finally:
        model.close()
    assert written.strip()  # the copy loads and writes


def test_a_changed_or_damaged_copy_is_caught(tmp_path: Path) -> None:
    spec = SPECS["smollm2-135m-instruct"]
    made = prepare(spec, tmp_path)
    with made.open("ab") as handle:
        handle.write(b"\0")
    ok, detail = verify(spec, tmp_path)
    assert not ok and "does not match the checksum recorded" in detail
    record = made.with_name(made.name + ".json")
    record.write_text(json.dumps({"source_sha256": "0" * 64, "sha256": ""}))  # another release
    ok, detail = verify(spec, tmp_path)
    assert not ok and "out of date" in detail
    prepare(spec, tmp_path)  # made again from the shipped file
    ok, detail = verify(spec, tmp_path)
    assert ok, detail


def test_a_shipped_file_that_fails_its_checksum_is_never_converted(tmp_path: Path) -> None:
    spec = replace(SPECS["smollm2-135m-instruct"], sha256="0" * 64)
    with pytest.raises(ModelError, match="does not match its checksum; reinstall"):
        prepare(spec, tmp_path)
    assert not list(tmp_path.rglob("*.gguf*"))
