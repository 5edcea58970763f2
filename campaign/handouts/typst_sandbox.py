"""Every Typst compile runs in one limited child process, started once and reused.

Typst has no loop or memory limit and downloads `@preview` packages on demand,
and a handout's Typst holds text from a module (escaped, but a module may
bring its own `.typ.j2` templates). So no Typst runs in this process: the
child (`campaign.handouts.typst_worker`) caps its own address space at
`TYPST_MEMORY`, cannot open a socket (seccomp on Linux, the sandbox on macOS),
has an empty package folder, a scrubbed environment whose proxies point at
`PROXY_NOWHERE`, and is killed (then started afresh for the next handout) when
one compile passes `TYPST_SECONDS`. It stays up between handouts, so printing
fifty costs one start-up. Every source it compiles starts with the toolkit's
link rule (`typst_wrapper`): no template can put a link that `urls.safe_url`
refuses into a PDF.

A module's own Typst is refused outright when this system cannot enforce the
limits (no `resource` module, or no way to cut the network): the shared
templates escape every value, so they still compile, with the deadline.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from campaign.handouts import typst_worker
from campaign.handouts.errors import HandoutError, TypstCompileError, TypstLimitError
from campaign.handouts.typst_root import TypstRoot
from campaign.handouts.typst_wrapper import error_position, wrapped

TYPST_SECONDS = 5.0
"""Longest one handout's Typst may compile (wall clock; the child is killed after it)."""
TYPST_MEMORY = 1024 * 1024 * 1024
"""Address-space limit of the Typst child: the bundled handouts peak near 220 MB of it."""
START_SECONDS = 30.0
"""Longest the child may take to start (Python, the typst wheel, its fonts)."""
PROXY_NOWHERE = "http://127.0.0.1:9"
"""Every proxy variable of the child points here (the discard port: nothing listens)."""

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")

# What Typst says when an import needs a package it would have to download.
_PACKAGE_FAILURE = re.compile(
    r"failed to download package|package not found|package version not found|network failed"
)
_PACKAGE_URL = re.compile(r"/([a-z0-9_-]+)/([A-Za-z0-9_-]+)-(\d+\.\d+\.\d+)\.tar\.gz")
_PACKAGE_SPEC = re.compile(r"@[A-Za-z0-9_-]+/[A-Za-z0-9_-]+(?::[0-9.]+)?")


class _Worker:
    """One running child: its process, a reader thread, and the frames it has sent."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="campaign-typst-worker-"))
        (self.folder / "packages").mkdir()
        (self.folder / "home").mkdir()
        self.errors = open(self.folder / "stderr.txt", "wb")  # noqa: SIM115 - closed in stop()
        try:
            self.process = self._spawn()
        except OSError:
            self.errors.close()
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.frames: queue.Queue[tuple[bytes, bytes] | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, name="typst-worker-reader", daemon=True)
        self.reader.start()
        self.hello: dict[str, Any] = {}
        self.reason = ""
        """The last line the child wrote to stderr, once it is stopped."""

    def _spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                "-I",
                typst_worker.__file__,
                str(TYPST_MEMORY),
                str(self.folder / "packages"),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            cwd=self.folder,
            env=_child_env(self.folder),
        )

    def _read(self) -> None:
        assert self.process.stdout is not None
        while (frame := typst_worker.read_frame(self.process.stdout)) is not None:
            self.frames.put(frame)
        self.frames.put(None)

    def receive(self, seconds: float) -> tuple[bytes, bytes] | None:
        """The next frame, or None if the child ended or sent nothing for `seconds`."""
        try:
            return self.frames.get(timeout=seconds)
        except queue.Empty:
            return None

    def send(self, payload: dict[str, Any]) -> bool:
        assert self.process.stdin is not None
        try:
            typst_worker.write_frame(self.process.stdin, b"C", json.dumps(payload).encode("utf-8"))
        except (BrokenPipeError, OSError):
            return False
        return True

    def stop(self) -> int | None:
        """End the child (killed if still running); its exit code."""
        if self.process.poll() is None:
            self.process.kill()
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kill that does not land
            code = None
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.reader.join(timeout=5)
        self.errors.close()
        self.reason = self.last_error_line()
        shutil.rmtree(self.folder, ignore_errors=True)
        return code

    def last_error_line(self) -> str:
        try:
            text = (self.folder / "stderr.txt").read_text("utf-8", "replace")
        except OSError:
            return ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return lines[-1][:200] if lines else ""


def _child_env(folder: Path) -> dict[str, str]:
    """The child's whole environment: no inherited secrets, every proxy nowhere."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(folder / "home"),
        "XDG_CACHE_HOME": str(folder / "home"),
        "XDG_DATA_HOME": str(folder / "home"),
        "LANG": "C.UTF-8",
        # glibc reserves 64 MB of address space per thread arena; two keep the cap honest.
        "MALLOC_ARENA_MAX": "2",
        # Typst lays out on a thread pool; a few threads keep the cap the same on any machine.
        "RAYON_NUM_THREADS": str(min(os.cpu_count() or 1, 4)),
        "NO_PROXY": "",
        "no_proxy": "",
    }
    for name in _PROXY_VARIABLES:
        env[name] = env[name.lower()] = PROXY_NOWHERE
    if "SYSTEMROOT" in os.environ:  # Windows cannot start Python without it
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    return env


_LOCK = threading.Lock()
_WORKER: _Worker | None = None


def _started() -> _Worker | HandoutError:
    """The running child, started (and greeted) if there is none."""
    global _WORKER
    if _WORKER is not None and _WORKER.process.poll() is None:
        return _WORKER
    if _WORKER is not None:
        _WORKER.stop()
        _WORKER = None
    try:
        worker = _Worker()
    except OSError as error:
        return HandoutError(f"the Typst compiler could not start: {error}")
    frame = worker.receive(START_SECONDS)
    if frame is None or frame[0] != b"H":
        worker.stop()
        reason = worker.reason
        return HandoutError(
            "the Typst compiler could not start" + (f": {reason}" if reason else "")
        )
    worker.hello = json.loads(frame[1])
    _WORKER = worker
    return worker


def shutdown() -> None:
    """Stop the child (it is started again when needed). Tests use this to count its CPU."""
    global _WORKER
    with _LOCK:
        if _WORKER is not None:
            worker, _WORKER = _WORKER, None
            if worker.process.stdin is not None:
                with contextlib.suppress(OSError):
                    worker.process.stdin.close()  # end of input: the child exits by itself
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(timeout=5)
            worker.stop()


atexit.register(shutdown)


def limits_available() -> bool:
    """Whether this system can limit a child's memory and CPU (the `resource` module)."""
    try:
        import resource  # noqa: F401 - only whether it imports
    except ImportError:
        return False
    return True


def _refuse_untrusted(worker: _Worker) -> HandoutError | None:
    if not worker.hello.get("limits"):
        return HandoutError(
            "refused: this system cannot limit the memory of a module's own Typst "
            "templates, so they are not compiled (the shared templates still are)"
        )
    if worker.hello.get("network") == "none":
        return HandoutError(
            "refused: this system cannot keep a module's own Typst templates off the "
            "network, so they are not compiled (the shared templates still are)"
        )
    return None


def compile_sandboxed(
    root: TypstRoot, source: str, *, untrusted: bool, png_ppi: float | None = None
) -> bytes | HandoutError:
    """PDF bytes of one Typst source, compiled in the limited child, or why not.

    `untrusted` marks source from a module's own templates: refused when the
    limits cannot be enforced here. With `png_ppi` the answer is a PNG of the
    first page at that resolution instead of a PDF. A package import, however its name is
    built, fails in the child without a connection and is refused here.
    """
    if untrusted and not limits_available():
        return HandoutError(
            "refused: a module's own Typst templates need Python's resource module "
            "(Linux or macOS) to limit them; this system has none"
        )
    with _LOCK:
        worker = _started()
        if isinstance(worker, HandoutError):
            return worker
        if untrusted and (refusal := _refuse_untrusted(worker)) is not None:
            return refusal
        return _compile(worker, root, source, png_ppi)


def _compile(
    worker: _Worker, root: TypstRoot, source: str, png_ppi: float | None = None
) -> bytes | HandoutError:
    seconds = TYPST_SECONDS
    started = time.monotonic()
    request: dict[str, Any] = {
        "root": str(root.root),
        "source": wrapped(source),
        "seconds": seconds,
    }
    if png_ppi is not None:
        request |= {"format": "png", "ppi": png_ppi}
    frame = worker.receive(seconds) if worker.send(request) else None
    if frame is not None:
        kind, payload = frame
        if kind == b"P":
            return payload
        answer = json.loads(payload)
        if answer.get("memory"):  # its heap may be in any state: the next handout gets a new one
            _retire(worker)
        error = _answer(answer)
        position = error_position(
            str(answer.get("diagnostic", "")), cwd=str(worker.folder), root=str(root.root)
        )
        return TypstCompileError(error.message, position=position)
    timed_out = worker.process.poll() is None and time.monotonic() - started >= seconds
    code = _retire(worker)
    reason = worker.reason
    if timed_out or (code is not None and -code == getattr(signal, "SIGXCPU", None)):
        return TypstLimitError(
            f"refused: compiling the module's Typst took longer than {seconds:g} s",
            limit="time",
            bound=f"{seconds:g} s",
        )
    if "memory allocation" in reason or code == -signal.SIGABRT:
        return _memory_refusal()
    return HandoutError(
        f"the Typst compiler stopped (exit {code})" + (f": {reason}" if reason else "")
    )


def _retire(worker: _Worker) -> int | None:
    """Stop and forget the child (the next compile starts a new one); its exit code."""
    global _WORKER
    if _WORKER is worker:
        _WORKER = None
    return worker.stop()


def _memory_refusal() -> HandoutError:
    return TypstLimitError(
        f"refused: compiling the module's Typst needed more than "
        f"{TYPST_MEMORY // 2**20:,} MB of memory",
        limit="memory",
        bound=f"{TYPST_MEMORY // 2**20:,} MB",
    )


def _package_refusal(name: str) -> HandoutError:
    return HandoutError(
        f"refused: Typst packages cannot be imported ({name}); a handout may only use "
        "the shared templates and files in its module's assets/ folder"
    )


def _answer(answer: dict[str, Any]) -> HandoutError:
    message = str(answer.get("error", "")).strip()
    if answer.get("memory"):
        return _memory_refusal()
    if _PACKAGE_FAILURE.search(message):
        url = _PACKAGE_URL.search(message)
        spec = _PACKAGE_SPEC.search(message)
        if url is not None:
            name = f"@{url.group(1)}/{url.group(2)}:{url.group(3)}"
        else:
            name = spec.group(0) if spec else "a package"
        return _package_refusal(name)
    hints = answer.get("hints") or []
    hint = " (hint: " + "; ".join(str(item) for item in hints) + ")" if hints else ""
    return HandoutError(f"typst: {message}{hint}")
