"""CPU cost of a render, the render child included (imported by name: tests/ is no package)."""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager

from campaign.handouts import render_process, typst_sandbox


def cpu_seconds() -> float:
    """User plus system CPU time of this process and of every child it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def costs_under(seconds: float) -> Iterator[None]:
    """Assert the block cost less than `seconds` of CPU, the render child's and the Typst
    child's shares counted (`campaign validate` compiles a module's Typst): both are
    stopped (and so waited for) at the end, so RUSAGE_CHILDREN holds their time."""
    render_process.stop_worker()
    typst_sandbox.shutdown()
    before = cpu_seconds()
    yield
    render_process.stop_worker()
    typst_sandbox.shutdown()
    spent = cpu_seconds() - before
    assert spent < seconds, f"{spent:.2f} s of CPU (limit {seconds} s)"
