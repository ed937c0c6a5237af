"""Peak memory with everything loaded: both bundled models, the embedder, an open index.

Measured in a child process (its own peak, VmHWM), after each model has
generated a few tokens so that its compute buffers exist too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .harness import Row, missing, row

REPO = Path(__file__).resolve().parents[2]

_CHILD = r"""
import json, resource, sys
from pathlib import Path
from reflect.llm.embedder import SentenceEmbedder
from reflect.llm.base import Generation, collect
from reflect.llm.catalog import load_catalog, prepare
from reflect.llm.llama import LlamaModel
from reflect.surfacing.ranking import rank
from reflect.services import build_services
from reflect.settings import load_settings

settings = load_settings(home=Path(sys.argv[1]), threads=2)
models = []
for spec in load_catalog():
    if spec.extra and not spec.default:  # an optional install: not in every setup
        continue
    path = prepare(spec, settings.cache_dir)
    model = LlamaModel(path, spec.id, spec.prompt_mode, 2, settings.n_ctx).load()
    collect(model, Generation(prompt="What did you learn today?", max_tokens=8,
                              messages=[{"role": "user", "content": "What did you learn?"}]))
    models.append(spec.id)
embedder = SentenceEmbedder(threads=2).load()
services = build_services(settings, embedder=embedder)
rank(services.index, embedder, "asking for feedback early", k=10)
embedder.embed(["a sentence of about the length a reflection has, " * 8] * 64)
# VmHWM is this process image's own peak. ru_maxrss would not do: Linux carries the
# parent's RSS at fork across exec into it, and the bench parent holds 100k-chunk homes.
status = Path("/proc/self/status").read_text()
peak_kb = int(status.split("VmHWM:")[1].split()[0]) if "VmHWM:" in status else (
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(json.dumps({"peak_kb": peak_kb, "models": models}))
"""


def rss_rows(home: Path) -> list[Row]:
    name = "peak RSS, both models + embedder + index loaded"
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(home)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        why = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return [missing(name, "GB", "<= 1.0", f"failed: {why}")]
    data = json.loads(lines[-1])
    gb = data["peak_kb"] / (1024 * 1024)
    return [row(name, gb, "GB", "<= 1.0", "models: " + ", ".join(data["models"]))]
