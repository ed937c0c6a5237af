"""`make bench`: Reflect's performance suite (issue 8). Run with `python -m tests.perf.run`.

Not part of `make test`: no file here is named like a pytest test module.
"""
