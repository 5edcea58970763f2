"""CPU time of the tests' process and its children, the Typst child included."""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager

from campaign.handouts import typst_sandbox


def cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def costs_under(seconds: float) -> Iterator[None]:
    """The block, the Typst child it starts included, costs under `seconds` of CPU.

    The child is stopped before and after, so the kernel adds all of its CPU
    to RUSAGE_CHILDREN.
    """
    typst_sandbox.shutdown()
    started = cpu_seconds()
    yield
    typst_sandbox.shutdown()
    spent = cpu_seconds() - started
    assert spent < seconds, f"cost {spent:.1f} s of CPU (budget {seconds:g} s)"
