"""Sentence embeddings on onnxruntime: sentence-transformers' vectors without torch.

Importing sentence-transformers costs ~10 s on two cores (it pulls in transformers'
model code, scikit-learn and scipy); onnxruntime and the `tokenizers` fast tokenizer
(both installed with chromadb) cost ~0.2 s. `export()` writes the ONNX copy once, at
`reflect models prepare`, from the shipped sentence-transformers model: the transformer
with mean pooling and L2 normalisation in the graph, so a run is tokenise → one call.
The copy is written to the user cache folder like the language model's Q8_0 copy, with
a record of the weights it was made from and its own sha256. Each model in
`embedders.EMBEDDERS` gets its own copy; every function here defaults to all-MiniLM-L6-v2.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path
from typing import Any

from ..errors import EmbedderError
from ..fsutil import atomic_write, ensure_private_dir
from .embedders import MINILM, EmbedderSpec

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model (word pieces)
OPSET = 17


def onnx_path(cache_dir: Path, spec: EmbedderSpec = MINILM) -> Path:
    """Where the ONNX copy is (or will be, once prepared)."""
    return cache_dir / "models" / spec.onnx_file


def record_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def read_record(path: Path) -> dict[str, Any]:
    """What `export` wrote beside the copy (source and own sha256, size); {} if unreadable."""
    try:
        record = json.loads(record_path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def weights_file(model_dir: Path) -> Path:
    for name in ("model.safetensors", "pytorch_model.bin"):
        if (model_dir / name).is_file():
            return model_dir / name
    raise EmbedderError(f"No model weights in {model_dir}; reinstall the embedding model.")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(4 << 20):
            digest.update(block)
    return digest.hexdigest()


def max_tokens(model_dir: Path) -> int:
    """The model's max_seq_length as sentence-transformers reads it (256 for MiniLM-L6)."""
    try:
        config = json.loads((model_dir / "sentence_bert_config.json").read_text("utf-8"))
        return int(config.get("max_seq_length", MAX_TOKENS))
    except (OSError, ValueError, TypeError):
        return MAX_TOKENS


def is_current(model_dir: Path, cache_dir: Path, spec: EmbedderSpec = MINILM) -> bool:
    """Whether the ONNX copy exists and was made from the installed weights (cheap: stats)."""
    path = onnx_path(cache_dir, spec)
    record = read_record(path)
    try:
        size = path.stat().st_size
    except OSError:
        return False
    weights = weights_file(model_dir).stat().st_size
    return record.get("size") == size and record.get("weights_size") == weights


def export(model_dir: Path, cache_dir: Path, spec: EmbedderSpec = MINILM) -> Path:
    """Export the shipped model to ONNX at `onnx_path(cache_dir, spec)` (atomic, 0600).

    Imports torch and sentence-transformers (~10 s): only here and in the fallback.
    """
    import torch
    from sentence_transformers import SentenceTransformer

    target = onnx_path(cache_dir, spec)
    ensure_private_dir(cache_dir)
    ensure_private_dir(target.parent)
    model = SentenceTransformer(
        str(model_dir), device="cpu", local_files_only=True, trust_remote_code=False
    )
    bert: Any = model[0].auto_model
    bert.eval()

    class Pooled(torch.nn.Module):
        """The transformer, mean pooling over real tokens, then L2 normalisation."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            extra = {"token_type_ids": torch.zeros_like(input_ids)} if spec.type_ids else {}
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, **extra
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    sample = model.tokenizer(["a sample sentence to trace", "and another"], padding=True)
    ids = torch.tensor(sample["input_ids"], dtype=torch.int64)
    mask = torch.tensor(sample["attention_mask"], dtype=torch.int64)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        # the tracer warns about shapes it fixes; the equivalence test is what checks them
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Pooled().eval(),
                (ids, mask),
                str(tmp),
                input_names=["input_ids", "attention_mask"],
                output_names=["embedding"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "tokens"},
                    "attention_mask": {0: "batch", 1: "tokens"},
                    "embedding": {0: "batch"},
                },
                opset_version=OPSET,
                dynamo=False,
            )
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    weights = weights_file(model_dir)
    record = {
        "source_sha256": sha256_of(weights),
        "weights_size": weights.stat().st_size,
        "sha256": sha256_of(target),
        "size": target.stat().st_size,
    }
    atomic_write(record_path(target), json.dumps(record))
    return target


def verify(model_dir: Path, cache_dir: Path, spec: EmbedderSpec = MINILM) -> tuple[bool, str]:
    """(ok, detail): is the ONNX copy there, made from these weights, and intact?"""
    path = onnx_path(cache_dir, spec)
    record = read_record(path)
    if not path.is_file() or not record:
        return False, f"{path} is missing; run `reflect models prepare`."
    if record.get("source_sha256") != sha256_of(weights_file(model_dir)):
        return False, f"{path} was made from other weights; run `reflect models prepare`."
    if sha256_of(path) != record.get("sha256"):
        return False, (
            f"{path} does not match the checksum recorded when it was made; delete it "
            "and run `reflect models prepare`."
        )
    return True, f"{path} checksum ok (exported from the sentence-transformers model)"


class OnnxSentenceModel:
    """The ONNX copy with the fast tokenizer: `encode(texts)` → normalised float32 rows."""

    def __init__(self, path: Path, model_dir: Path, threads: int, dimensions: int = 384) -> None:
        # onnxruntime + tokenizers cost ~0.2 s to import: here, on first use.
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_tokens(model_dir))
        # BERT's pad token is [PAD], MPNet's <pad>: position ids are counted past it
        pad = "<pad>" if tokenizer.token_to_id("<pad>") is not None else "[PAD]"
        pad_id = tokenizer.token_to_id(pad)
        tokenizer.enable_padding(pad_id=0 if pad_id is None else pad_id, pad_token=pad)
        self.tokenizer = tokenizer
        self.dimensions = dimensions
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: a spinning pool steals the core a
        # generating model (or another program) needs, and vice versa.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # The graph optimiser costs ~0.25 s at every load and made no measurable
        # difference to this model's speed: a command embeds one query and exits.
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str], batch_size: int = 32) -> Any:
        """Vectors for `texts` in order; batches of like length, as sentence-transformers."""
        import numpy as np

        # sentence-transformers strips each text before tokenising
        stripped = [t.strip() for t in texts]
        order = sorted(range(len(texts)), key=lambda i: -len(stripped[i]))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            picked = order[start : start + batch_size]
            encoded = self.tokenizer.encode_batch([stripped[i] for i in picked])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            (vectors,) = self.session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})
            out[picked] = vectors
        return out
