"""`reflect doctor [--json]`: exit 0 only if every check is ok."""

from __future__ import annotations

import argparse

from ..doctor import run_checks
from ..services import build_services
from . import settings_from
from .output import emit_json, say


def run(args: argparse.Namespace) -> int:
    with build_services(settings_from(args)) as services:
        checks = run_checks(services)
    if args.json:
        emit_json([c.to_json() for c in checks])
    else:
        for c in checks:
            say(f"{'ok     ' if c.ok else 'PROBLEM'} {c.check:<9} {c.detail}")
    return 0 if all(c.ok for c in checks) else 1
