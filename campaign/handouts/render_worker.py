"""The child process that renders a module's own templates (see `render_process`).

It reads one request at a time from stdin and answers on stdout: the output,
or the located refusal. Before each render it sets its own limits: address
space `RENDER_MEMORY` beyond what it has mapped then, CPU time the deadline
plus a second past what it has used, and an alarm at the deadline whose
handler raises the time-limit refusal wherever the render is (so a filter
that runs long stops there, and the message names the template line). An
answer says `recycle` when the render hit a limit, and the parent replaces
this process.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from collections.abc import Mapping
from typing import Any

import campaign.handouts.limits as limits
from campaign.handouts.environment import cached_environment
from campaign.handouts.errors import HandoutError
from campaign.handouts.formats import FORMATS
from campaign.handouts.render_process import read_frame, write_frame
from campaign.handouts.template_errors import MEMORY_REFUSAL
from campaign.handouts.template_render import render_template

_MAX_GROWTH = 1024 * 1024 * 1024
"""Address space this process may gain over its life before it asks to be replaced."""


def _mapped_bytes() -> int | None:
    """The address space this process has mapped now (Linux), or None where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _on_alarm(signum: int, frame: Any) -> None:
    raise limits.time_limit_error()


def _apply_limits(values: Mapping[str, Any]) -> None:
    """The parent's limit values; then this render's memory and CPU limits."""
    for name, value in values.items():
        if name.isupper() and isinstance(value, (int, float)) and hasattr(limits, name):
            setattr(limits, name, value)
    mapped = _mapped_bytes()
    if mapped is not None:
        _lower_limit(resource.RLIMIT_AS, mapped + int(limits.RENDER_MEMORY))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _lower_limit(
        resource.RLIMIT_CPU, int(usage.ru_utime + usage.ru_stime + limits.RENDER_SECONDS) + 2
    )


def _lower_limit(which: int, wanted: int) -> None:
    """Set the soft limit to `wanted`, never above a hard limit the GM's shell already set
    (`ulimit -v`): raising it is not allowed, and the lower one holds anyway."""
    _, hard = resource.getrlimit(which)
    soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    resource.setrlimit(which, (soft, hard))


def _render(request: Mapping[str, Any]) -> dict[str, Any]:
    fmt = request["format"]
    if fmt not in FORMATS:
        return {"error": f"unknown format {fmt!r}"}
    env = cached_environment(str(request["folder"]), fmt)
    signal.setitimer(signal.ITIMER_REAL, float(limits.RENDER_SECONDS) + 0.05)
    try:
        text = render_template(
            env, str(request["name"]), request["context"], handout=str(request["handout"])
        )
    except HandoutError as error:
        # After a time or memory refusal the heap may be in any state: start afresh.
        spent = error.message in (str(limits.time_limit_error()), MEMORY_REFUSAL)
        return {"error": error.message, "location": error.location, "recycle": spent}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return {"text": text}


def serve(request: Mapping[str, Any], started: int | None) -> dict[str, Any]:
    """One answer for one request; never raises."""
    try:
        _apply_limits(request.get("limits") or {})
        answer = _render(request)
    except MemoryError:
        return {"error": MEMORY_REFUSAL, "recycle": True}
    except Exception as error:  # the answer must go back, whatever happened
        return {"error": f"{type(error).__name__}: {error}", "recycle": True}
    mapped = _mapped_bytes()
    if started is not None and mapped is not None and mapped - started > _MAX_GROWTH:
        answer["recycle"] = True
    return answer


def main() -> None:
    """Answer requests until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, _on_alarm)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed by accident can corrupt an answer
    started = _mapped_bytes()
    write_frame(stdout, {"ready": True, "time": time.time()})
    while True:
        request = read_frame(stdin)
        if request is None:
            return
        write_frame(stdout, serve(request, started))
