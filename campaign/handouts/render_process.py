"""Rendering a module's own templates in a long-lived child process with hard limits.

The Jinja sandbox counts steps and sizes, but one call can still run long
inside (a filter on a big string) and many values each under the size limit
can still add up to gigabytes. So a module's own templates render in a child
Python (`-I`, isolated, an empty environment) started once and reused, that:

- caps its address space at `limits.RENDER_MEMORY` beyond what it has mapped
  when a render starts (a render past it fails with MemoryError, located);
- raises the time-limit refusal from a `SIGALRM` at the deadline, so a
  filter that runs long is stopped where it is (and the error is located);
- has a CPU-time limit of the deadline plus a second as a last resort.

This parent waits `RENDER_SECONDS` plus `_GRACE` for an answer and kills the
child when none comes; a dead or killed child is replaced at the next render,
and so is one that hit a limit (its heap may be in any state). Every request
carries the current values of `campaign.handouts.limits`, so limits patched
in this process hold in the child. Without the `resource` module (Windows)
no child can be limited, and a module's own templates are refused.

Requests and answers are JSON, each framed by its length (8 bytes).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import campaign
import campaign.handouts.limits as limits
from campaign.handouts.errors import HandoutError

_GRACE = 2.0
"""Seconds past RENDER_SECONDS the parent waits for the child's own refusal before killing it."""
_BOOT_SECONDS = 60.0
"""Longest the child may take to start (imports on a busy machine)."""
MAX_ANSWER_BYTES = 64 * 1024 * 1024
"""Largest answer read from the child (the output limit is far below)."""

_BOOT = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from campaign.handouts.render_worker import main; main()"
)
_HEADER = struct.Struct(">Q")


def isolation_available() -> bool:
    """Whether this system can limit a child process (POSIX with the `resource` module)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return os.name == "posix"


# --- framing (shared with the child) -------------------------------------------------


def write_frame(stream: IO[bytes], message: Mapping[str, Any]) -> None:
    data = json.dumps(message, ensure_ascii=False).encode("utf-8")
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> dict[str, Any] | None:
    """The next message, or None at end of stream (blocking; the child's side)."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (length,) = _HEADER.unpack(header)
    data = stream.read(length)
    if len(data) < length:
        return None
    message = json.loads(data.decode("utf-8"))
    return message if isinstance(message, dict) else None


def _read_exactly(fd: int, count: int, deadline: float) -> bytes | None:
    """`count` bytes from `fd` before `deadline` (monotonic), or None (timeout or end)."""
    chunks: list[bytes] = []
    remaining = count
    while remaining:
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([fd], [], [], wait)[0]:
            return None
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _read_answer(fd: int, deadline: float) -> dict[str, Any] | None:
    header = _read_exactly(fd, _HEADER.size, deadline)
    if header is None:
        return None
    (length,) = _HEADER.unpack(header)
    if length > MAX_ANSWER_BYTES:
        return None
    data = _read_exactly(fd, length, deadline)
    if data is None:
        return None
    message = json.loads(data.decode("utf-8"))
    return message if isinstance(message, dict) else None


# --- the child ---------------------------------------------------------------------


class _Worker:
    """One child process and its pipes."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        # The child's stderr, read only to explain a crash; closed in stop().
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115
        package_parent = str(Path(campaign.__file__).resolve().parent.parent)
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", _BOOT, package_parent],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"},
            cwd=tempfile.gettempdir(),
            start_new_session=True,  # a Ctrl-C at the terminal is the parent's to handle
        )
        self.ready = False

    def ask(self, request: Mapping[str, Any], seconds: float) -> dict[str, Any] | None:
        """The child's answer, or None when it died or gave none in time."""
        assert self.process.stdin is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        if not self.ready:
            hello = _read_answer(fd, time.monotonic() + _BOOT_SECONDS)
            if hello is None or not hello.get("ready"):
                return None
            self.ready = True
        try:
            write_frame(self.process.stdin, request)
        except OSError:
            return None
        return _read_answer(fd, time.monotonic() + seconds)

    def last_error_line(self) -> str:
        self.errors.seek(0)
        lines = self.errors.read()[-4000:].decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            if stream is not None:
                stream.close()


_LOCK = threading.Lock()
_WORKER: _Worker | None = None


def _worker() -> _Worker:
    global _WORKER
    if _WORKER is not None and (_WORKER.owner != os.getpid() or _WORKER.process.poll() is not None):
        if _WORKER.owner == os.getpid():
            _WORKER.stop()
        _WORKER = None
    if _WORKER is None:
        _WORKER = _Worker()
    return _WORKER


def stop_worker() -> None:
    """End the child process (it is started again when needed)."""
    global _WORKER
    with _LOCK:
        if _WORKER is not None and _WORKER.owner == os.getpid():
            _WORKER.stop()
        _WORKER = None


atexit.register(stop_worker)


def _limit_values() -> dict[str, Any]:
    return {
        name: value
        for name, value in vars(limits).items()
        if name.isupper() and isinstance(value, (int, float))
    }


def render_in_child(
    folder: str, fmt: str, name: str, context: Mapping[str, Any], *, handout: str = ""
) -> str:
    """Render template `name` of the module templates in `folder` in the limited child."""
    if not isolation_available():
        raise HandoutError(
            "refused: a module's own templates need Python's resource module (Linux or "
            "macOS) to limit them; this system has none",
            handout=handout,
        )
    request = {
        # The child works in another folder: a relative path would name other templates.
        "folder": os.path.abspath(folder),
        "format": fmt,
        "name": name,
        "context": dict(context),
        "handout": handout,
        "limits": _limit_values(),
    }
    seconds = limits.RENDER_SECONDS + _GRACE
    global _WORKER
    with _LOCK:
        worker = _worker()
        try:
            answer = worker.ask(request, seconds)
        except BaseException:
            # Interrupted (Ctrl-C) while the child works: its late answer must never be
            # read as the next render's, so this child goes.
            worker.stop()
            _WORKER = None
            raise
        if answer is None or answer.get("recycle"):
            reason = _stopped_reason(worker, answer is None)
            worker.stop()
            _WORKER = None
            if answer is None:
                raise HandoutError(reason, handout=handout)
    if "text" in answer:
        return str(answer["text"])
    raise HandoutError(
        str(answer.get("error", "refused")),
        location=str(answer.get("location", "")),
        handout=handout,
    )


def _stopped_reason(worker: _Worker, silent: bool) -> str:
    if not silent:
        return ""
    if worker.process.poll() is None:
        return f"refused: rendering took longer than {limits.RENDER_SECONDS:g} s"
    last = worker.last_error_line()
    return (
        "refused: the template stopped the renderer (over the "
        f"{limits.RENDER_MEMORY // (1024 * 1024):,} MB memory limit?)"
        + (f": {last}" if last else "")
    )
