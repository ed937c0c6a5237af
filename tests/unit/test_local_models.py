"""GGUF models a person already has (Ollama, LM Studio, the Hugging Face cache) are listed
by `reflect models list` and picked by name with --model; names that pick none or several
get one clear sentence. Built on fake store layouts in tmp_path with tiny GGUF headers."""

from __future__ import annotations

import json
import struct
import tomllib
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.errors import ModelError
from reflect.llm import local_models
from reflect.llm.catalog import ModelSpec, check_header, load_catalog, resolve
from reflect.llm.local_models import discover, find

REPO = Path(__file__).resolve().parents[2]


def tiny_gguf(architecture: str = "llama", file_type: int = 15, padding: int = 0) -> bytes:
    """A valid GGUF v3 header with no tensors: enough for discovery and header checks."""

    def string(text: str) -> bytes:
        raw = text.encode()
        return struct.pack("<Q", len(raw)) + raw

    keys = [
        string("general.architecture") + struct.pack("<I", 8) + string(architecture),
        string("general.file_type") + struct.pack("<I", 4) + struct.pack("<I", file_type),
        string("tokenizer.chat_template") + struct.pack("<I", 8) + string("{{ messages }}"),
    ]
    return b"GGUF" + struct.pack("<IQQ", 3, 0, len(keys)) + b"".join(keys) + b"\0" * padding


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def ollama_model(store: Path, name: str, tag: str, fill: str, namespace: str = "library") -> Path:
    digest = fill * 64
    blob = write(store / "blobs" / f"sha256-{digest}", tiny_gguf(padding=1000))
    layers = [
        {"mediaType": "application/vnd.ollama.image.license", "digest": f"sha256:{'f' * 64}"},
        {"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{digest}"},
    ]
    manifest = store / "manifests" / "registry.ollama.ai" / namespace / name / tag
    write(manifest, json.dumps({"schemaVersion": 2, "layers": layers}).encode())
    return blob


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with one model in each place, and no real store on this machine in sight."""
    home = tmp_path / "person"
    monkeypatch.setenv("HOME", str(home))
    for var in ("OLLAMA_MODELS", "HF_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(local_models, "SYSTEM_OLLAMA_STORES", ())
    store = home / ".ollama" / "models"
    ollama_model(store, "llama3.2", "1b", "a")
    ollama_model(store, "llama3.2", "3b", "b")
    ollama_model(store, "mentor", "latest", "c", namespace="someone")
    lms = home / ".lmstudio" / "models" / "lmstudio-community" / "Qwen2.5-0.5B-Instruct-GGUF"
    write(lms / "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf", tiny_gguf())
    write(lms / "mmproj-model-f16.gguf", tiny_gguf())  # a vision projector, not a model
    write(lms / "notes.gguf", b"not a model at all")
    old = home / ".cache" / "lm-studio" / "models" / "TheBloke" / "tiny-GGUF"
    write(old / "tiny.Q4_0.gguf", tiny_gguf())
    hub = home / ".cache" / "huggingface" / "hub" / "models--bartowski--SmolLM2-135M-GGUF"
    blob = write(hub / "blobs" / "0123abcd", tiny_gguf(padding=500))
    (hub / "refs").mkdir()
    (hub / "refs" / "main").write_text("rev2")
    for rev in ("rev1", "rev2"):  # one file in two revisions: listed once
        link = hub / "snapshots" / rev / "SmolLM2-135M-Instruct-Q8_0.gguf"
        link.parent.mkdir(parents=True)
        link.symlink_to(Path("../../blobs") / blob.name)
    return home


def test_models_in_each_store_are_found_with_their_origin_and_size(home: Path) -> None:
    found = {m.name: m for m in discover()}
    assert set(found) == {
        "hf:bartowski/SmolLM2-135M-GGUF/SmolLM2-135M-Instruct-Q8_0.gguf",
        "lmstudio:lmstudio-community/Qwen2.5-0.5B-Instruct-GGUF/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf",
        "lmstudio:TheBloke/tiny-GGUF/tiny.Q4_0.gguf",
        "ollama:llama3.2:1b",
        "ollama:llama3.2:3b",
        "ollama:someone/mentor:latest",
    }
    assert found["ollama:llama3.2:1b"].origin == "Ollama"
    assert found["ollama:llama3.2:1b"].path.name == f"sha256-{'a' * 64}"
    hf = found["hf:bartowski/SmolLM2-135M-GGUF/SmolLM2-135M-Instruct-Q8_0.gguf"]
    assert (hf.origin, hf.size_bytes) == ("Hugging Face", len(tiny_gguf(padding=500)))
    assert hf.path.parent.name == "rev2"  # the revision refs/main names


def test_store_locations_follow_the_environment(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "disk"
    ollama_model(elsewhere / "ollama", "phi3", "mini", "d")
    hub = elsewhere / "hf" / "hub" / "models--org--name" / "snapshots" / "r1"
    write(hub / "model.gguf", tiny_gguf())
    write(elsewhere / "cache" / "models--org--other" / "snapshots" / "r1" / "x.gguf", tiny_gguf())
    monkeypatch.setenv("OLLAMA_MODELS", str(elsewhere / "ollama"))
    monkeypatch.setenv("HF_HOME", str(elsewhere / "hf"))
    names = {m.name for m in discover()}
    assert {"ollama:phi3:mini", "ollama:llama3.2:1b", "hf:org/name/model.gguf"} <= names
    monkeypatch.setenv("HF_HUB_CACHE", str(elsewhere / "cache"))  # wins over HF_HOME
    names = {m.name for m in discover()}
    assert "hf:org/other/x.gguf" in names and "hf:org/name/model.gguf" not in names


@pytest.mark.parametrize(
    ("name", "picked"),
    [
        ("ollama:llama3.2:1b", "ollama:llama3.2:1b"),
        ("llama3.2:3b", "ollama:llama3.2:3b"),
        ("someone/mentor", "ollama:someone/mentor:latest"),  # untagged means :latest
        ("mentor", "ollama:someone/mentor:latest"),
        ("Qwen2.5-0.5B-Instruct-Q4_K_M", "lmstudio:lmstudio-community/Qwen2.5-0.5B-Instruct-GGUF/"
         "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"),
        ("tiny.Q4_0.gguf", "lmstudio:TheBloke/tiny-GGUF/tiny.Q4_0.gguf"),
        ("hf:bartowski/SmolLM2-135M-GGUF/SmolLM2-135M-Instruct-Q8_0.gguf",
         "hf:bartowski/SmolLM2-135M-GGUF/SmolLM2-135M-Instruct-Q8_0.gguf"),
    ],
)  # fmt: skip
def test_a_found_model_is_picked_by_its_name_or_a_unique_short_one(
    home: Path, name: str, picked: str
) -> None:
    spec = resolve(name)
    model = find(picked)
    assert model is not None
    assert (spec.id, spec.user_path, spec.prompt_mode) == (picked, model.path, "chat")


def test_a_name_that_picks_several_models_says_which_in_one_sentence(home: Path) -> None:
    with pytest.raises(ModelError) as caught:
        resolve("llama3.2")  # two tags, neither of them latest
    message = str(caught.value)
    assert "'llama3.2' matches 2 models" in message
    assert "ollama:llama3.2:1b" in message and "ollama:llama3.2:3b" in message
    assert "\n" not in message


def test_two_tags_of_one_blob_are_not_ambiguous(home: Path) -> None:
    store = home / ".ollama" / "models"
    manifest = store / "manifests" / "registry.ollama.ai" / "library" / "llama3.2"
    (manifest / "latest").write_bytes((manifest / "1b").read_bytes())
    assert resolve("llama3.2").id == "ollama:llama3.2:latest"


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("no-such-model", "Unknown model 'no-such-model'; use one of"),
        ("lmstudio:nobody/nothing/x.gguf", "No model named 'lmstudio:nobody/nothing/x.gguf' was"),
        ("ollama:llama3.2:70b", "No model named 'ollama:llama3.2:70b' was found on this machine"),
        ("~/models/missing.gguf", "No model file at .*missing.gguf; check the path"),
    ],
)
def test_a_name_that_picks_nothing_gets_one_clear_sentence(
    home: Path, name: str, says: str
) -> None:
    with pytest.raises(ModelError, match=says) as caught:
        resolve(name)
    assert "\n" not in str(caught.value)


def test_a_manifest_never_points_outside_the_blobs_folder(home: Path) -> None:
    store = home / ".ollama" / "models"
    write(home / "secret.gguf", tiny_gguf())
    layer = {"mediaType": "application/vnd.ollama.image.model", "digest": "sha256:../../../secret"}
    manifest = store / "manifests" / "registry.ollama.ai" / "library" / "evil" / "latest"
    write(manifest, json.dumps({"layers": [layer]}).encode())
    write(manifest.with_name("broken"), b"{not json")
    assert not [m for m in discover() if "evil" in m.name or "secret" in str(m.path)]


def test_models_list_shows_found_models_with_origin_and_size(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["models", "list", "--json"])
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    row = rows["ollama:llama3.2:1b"]
    assert (row["origin"], row["size_bytes"], row["present"]) == (
        "Ollama",
        len(tiny_gguf(padding=1000)),
        True,
    )
    assert rows["smollm2-135m-instruct"]["origin"] == "catalog"
    main(["--model", "llama3.2:3b", "models", "list"])
    text = capsys.readouterr().out
    assert "Found on this machine" in text
    assert "* ollama:llama3.2:3b" in text and "lmstudio:TheBloke/tiny-GGUF/tiny.Q4_0.gguf" in text


# -- the optional catalog models ---------------------------------------------------------


def test_a_catalog_model_whose_header_is_another_model_is_refused_in_one_sentence(
    tmp_path: Path,
) -> None:
    spec = ModelSpec(
        "qwen-test", "Qwen", "q.gguf", "chat", architecture="qwen2", file_type="Q4_K_M"
    )
    check_header(spec, write(tmp_path / "right.gguf", tiny_gguf("qwen2", 15)))
    wrong = write(tmp_path / "wrong.gguf", tiny_gguf("llama", 7))
    with pytest.raises(ModelError) as caught:
        check_header(spec, wrong)
    assert str(caught.value) == (
        f"{wrong} holds a llama Q8_0 model, not the qwen2 Q4_K_M model qwen-test should be; "
        "delete it and run `reflect models prepare`."
    )


def test_an_optional_model_that_is_not_installed_is_not_offered_to_run() -> None:
    spec = ModelSpec(
        "x", "X", "x.gguf", "chat", source="assemble", extra="x", parts=("no_such_part1/d/p.bin",)
    )
    assert not spec.installed
    listed = {s.id: s for s in load_catalog(uninstalled=True)}
    assert {"qwen2.5-coder-0.5b-instruct", "qwen2.5-coder-1.5b-instruct"} <= set(listed)
    runnable = {s.id for s in load_catalog()}
    assert runnable == {s.id for s in listed.values() if s.installed}


def test_optional_models_are_pinned_exactly_in_their_pyproject_extra() -> None:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    for spec in load_catalog(uninstalled=True):
        if not spec.extra:
            continue
        pins = extras[spec.extra.replace(".", "-")]
        modules = [part.partition("/")[0] for part in spec.parts]
        assert [pin.split("==")[0].replace("-", "_") for pin in pins] == modules
        assert all("==" in pin for pin in pins), pins
        assert (spec.architecture, spec.file_type, spec.prompt_mode) == ("qwen2", "Q4_K_M", "chat")
        assert len(spec.sha256) == 64 and spec.size_bytes > 0
