"""Real model files: one found in an Ollama store loads by name, and the optional Qwen
models (when installed) are the files their checksums and GGUF headers say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflect.llm import local_models
from reflect.llm.catalog import load_catalog, prepare, resolve, verify
from reflect.llm.gguf import read_gguf_info
from reflect.llm.llama import LlamaModel
from reflect.services import build_services
from reflect.settings import load_settings

pytestmark = pytest.mark.model
CACHE = load_settings().cache_dir


def test_a_model_in_the_ollama_store_runs_by_its_ollama_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hashing_embedder: object
) -> None:
    smollm = prepare(resolve("smollm2-135m-instruct"), CACHE)
    store = tmp_path / "ollama"
    digest = "5" * 64
    (store / "blobs").mkdir(parents=True)
    (store / "blobs" / f"sha256-{digest}").symlink_to(smollm)
    manifest = store / "manifests" / "registry.ollama.ai" / "library" / "smollm2" / "135m"
    manifest.parent.mkdir(parents=True)
    layer = {"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{digest}"}
    manifest.write_text(json.dumps({"layers": [layer]}))
    monkeypatch.setenv("OLLAMA_MODELS", str(store))
    monkeypatch.setattr(local_models, "SYSTEM_OLLAMA_STORES", ())

    services = build_services(load_settings(model="smollm2:135m"), embedder=hashing_embedder)  # type: ignore[arg-type]
    try:
        model = services.model
        assert isinstance(model, LlamaModel)
        status = services.model_status
        assert status is not None and (status.mode, status.name) == ("model", "ollama:smollm2:135m")
        assert model.prompt_mode == "chat"  # its header carries a chat template
    finally:
        services.close()


OPTIONAL = [s for s in load_catalog(uninstalled=True) if s.extra]


@pytest.mark.slow
@pytest.mark.parametrize("spec", OPTIONAL, ids=lambda s: s.id)
def test_an_installed_optional_model_is_the_file_its_checksum_and_header_say(spec) -> None:
    if not spec.installed:
        pytest.skip(f"{spec.id} is not installed (make model-{spec.extra})")
    path = prepare(spec, CACHE)
    ok, detail = verify(spec, CACHE)
    assert ok, detail
    info = read_gguf_info(path)
    assert (info.architecture, info.file_type_name, info.prompt_mode) == ("qwen2", "Q4_K_M", "chat")
    assert path.stat().st_size == spec.size_bytes
