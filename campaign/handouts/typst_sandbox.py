"""Compiling a module's own Typst in a child process with time, memory and network cut off.

Typst has no loop limit and downloads `@preview` packages on demand, so Typst
source from a module's own `.typ.j2` templates is compiled by a child Python
(`-I`, isolated) that sets its own CPU and address-space limits, runs in the
temporary Typst root with a scrubbed environment whose proxies point at a dead
port, and is killed after `TYPST_SECONDS` (plus 1 s a handout). Sources that
import a package are refused before the child starts.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from campaign.handouts.errors import HandoutError
from campaign.handouts.typst_root import TypstRoot

TYPST_SECONDS = 20.0
"""Time limit for compiling a module's own Typst templates (per batch, plus 1 s a handout)."""
TYPST_MEMORY = 2 * 1024 * 1024 * 1024
"""Address-space limit of the child process that compiles a module's Typst source."""


# A package import spelled out in the source ('@preview/...'): refused before the child runs.
_PACKAGE_IMPORT = re.compile(r"[\"']@[A-Za-z0-9_-]+/")

# The child's whole program (`python -I -c`): limits itself, then compiles each source.
_WORKER = r"""
import base64, json, os, resource, sys
memory, seconds = int(sys.argv[1]), int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
import typst
request = json.load(sys.stdin)
compiler = typst.Compiler(root=request["root"], font_paths=[], ignore_system_fonts=True,
                          package_path=request["packages"],
                          package_cache_path=request["packages"])
results = []
for source in request["sources"]:
    try:
        pdf = compiler.compile(input=source.encode("utf-8"))
        results.append({"pdf": base64.b64encode(pdf).decode("ascii")})
    except Exception as error:
        results.append({"error": str(getattr(error, "message", "") or error),
                        "hints": [str(h) for h in (getattr(error, "hints", None) or [])]})
json.dump({"results": results}, sys.stdout)
"""

_DEAD_PROXY = "http://127.0.0.1:9"


def compile_sandboxed(root: TypstRoot, sources: Sequence[str]) -> list[bytes | HandoutError]:
    """Compile a module's own Typst in a child process: time, memory and network cut off."""
    results: list[bytes | HandoutError | None] = [None] * len(sources)
    todo: list[int] = []
    for index, source in enumerate(sources):
        if _PACKAGE_IMPORT.search(source):
            results[index] = HandoutError("refused: Typst packages cannot be imported")
        else:
            todo.append(index)
    if todo:
        compiled = _run_child(root, [sources[index] for index in todo])
        if isinstance(compiled, HandoutError):
            return [compiled if result is None else result for result in results]
        for index, result in zip(todo, compiled, strict=True):
            results[index] = result
    return [
        result if result is not None else HandoutError("typst: no result") for result in results
    ]


def _run_child(root: TypstRoot, sources: list[str]) -> list[bytes | HandoutError] | HandoutError:
    """Each source's PDF or error from one child process, or the one error that stopped it."""
    seconds = TYPST_SECONDS + len(sources)
    request = {"root": str(root.root), "packages": str(root.packages), "sources": sources}
    try:
        process = subprocess.run(
            [sys.executable, "-I", "-c", _WORKER, str(TYPST_MEMORY), str(int(seconds))],
            input=json.dumps(request).encode("utf-8"),
            capture_output=True,
            timeout=seconds,
            cwd=root.root,
            env=_child_env(root),
            check=False,
        )
    except subprocess.TimeoutExpired:
        return HandoutError(f"refused: compiling the module's Typst took longer than {seconds:g} s")
    if process.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return HandoutError(f"refused: compiling the module's Typst took longer than {seconds:g} s")
    if process.returncode != 0:
        reason = process.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        return HandoutError(
            "refused: the Typst compiler stopped (memory limit?)"
            + (f": {reason[0]}" if reason else "")
        )
    return [_answer(answer) for answer in json.loads(process.stdout)["results"]]


def _child_env(root: TypstRoot) -> dict[str, str]:
    """The child's whole environment: no inherited secrets, every proxy a dead port."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root.folder),
        "LANG": "C.UTF-8",
        **{
            name: _DEAD_PROXY
            for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy",
                         "https_proxy", "all_proxy")
        },
        "NO_PROXY": "",
        "no_proxy": "",
    }  # fmt: skip


def _answer(answer: dict[str, Any]) -> bytes | HandoutError:
    if "pdf" in answer:
        return base64.b64decode(answer["pdf"])
    hints = answer.get("hints") or []
    hint = " (hint: " + "; ".join(hints) + ")" if hints else ""
    return HandoutError(f"typst: {answer['error']}{hint}")
