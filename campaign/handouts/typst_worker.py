"""The child process that compiles every handout's Typst: limited, offline, long-lived.

`campaign.handouts.typst_sandbox` starts this file as a script
(`python -I typst_worker.py MEMORY PACKAGES`) and keeps it for many handouts.
It imports only the standard library and `typst`, never `campaign`, so it
starts fast and nothing of the parent's state reaches it.

Before it reads any request it limits itself: an address-space cap
(`RLIMIT_AS`), no core files, and no network: on Linux a seccomp filter makes
`socket()` fail, so a package import (even one whose name Typst code builds at
run time) fails before any connection is tried; on macOS the system's
"no-network" sandbox profile does the same. Before each compile it sets a CPU
limit a little past the parent's deadline, so it stops even if the parent is
gone. Its hello message says which of these took effect.

Protocol: frames of one kind byte and a 4-byte big-endian length, then the
payload. Child to parent: `H` + JSON hello once, then per request `P` + PDF
(or PNG) bytes or `E` + JSON {"error", "hints", "diagnostic"}. Parent to child:
`C` + JSON {"root", "source", "seconds"} and, for a PNG of the first page,
"format": "png" and "ppi". End of input ends the child.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import json
import math
import platform
import struct
import sys
from typing import IO, Any

HEADER = struct.Struct(">cI")
_MAX_DIAGNOSTIC = 20_000
"""Most characters of Typst's error report sent back (it quotes the source lines)."""


def read_frame(stream: IO[bytes]) -> tuple[bytes, bytes] | None:
    """One (kind, payload) frame, or None at the end of the stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    kind, size = HEADER.unpack(header)
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return kind, payload


def write_frame(stream: IO[bytes], kind: bytes, payload: bytes) -> None:
    stream.write(HEADER.pack(kind, len(payload)))
    stream.write(payload)
    stream.flush()


# --- cutting the network off -------------------------------------------------------

# Seccomp filter: classic BPF over struct seccomp_data {int nr; u32 arch; ...}.
_BPF_LD_W_ABS, _BPF_JEQ_K, _BPF_JGE_K, _BPF_RET_K = 0x20, 0x15, 0x35, 0x06
_SECCOMP_RET_ALLOW, _SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_X32_SYSCALL_BIT = 0x40000000
# machine -> (AUDIT_ARCH_*, syscalls refused: socket, io_uring_setup)
_SECCOMP_ARCHES = {
    "x86_64": (0xC000003E, (41, 425)),
    "aarch64": (0xC00000B7, (198, 425)),
}


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _bpf(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _seccomp_program(arch: int, refused: tuple[int, ...]) -> bytes:
    """Refuse `socket()` (and io_uring, which can open sockets) with EACCES.

    Any other architecture's calling convention (x32, i386 compat) is refused
    outright, so the syscall numbers checked are the only ones that count.
    """
    deny = _bpf(_BPF_RET_K, _SECCOMP_RET_ERRNO | errno.EACCES)
    program = [
        _bpf(_BPF_LD_W_ABS, 4),  # seccomp_data.arch
        _bpf(_BPF_JEQ_K, arch, jt=1),
        deny,
        _bpf(_BPF_LD_W_ABS, 0),  # seccomp_data.nr
        _bpf(_BPF_JGE_K, _X32_SYSCALL_BIT, jf=1),
        deny,
    ]
    for number in refused:
        program += [_bpf(_BPF_JEQ_K, number, jf=1), deny]
    program.append(_bpf(_BPF_RET_K, _SECCOMP_RET_ALLOW))
    return b"".join(program)


def _cut_network_linux() -> bool:
    known = _SECCOMP_ARCHES.get(platform.machine())
    if known is None:
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    program = ctypes.create_string_buffer(_seccomp_program(*known))
    fprog = _SockFprog(len(program.raw) // 8, ctypes.addressof(program))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0)


def _cut_network_macos() -> bool:
    path = ctypes.util.find_library("System")
    if path is None:
        return False
    system = ctypes.CDLL(path)
    error = ctypes.c_char_p()
    # sandbox_init(kSBXProfileNoNetwork, SANDBOX_NAMED, &error): no sockets from here on.
    return bool(system.sandbox_init(b"no-network", 1, ctypes.byref(error)) == 0)


def cut_network() -> str:
    """Make every network connection from this process fail; say how (or "none")."""
    try:
        if sys.platform.startswith("linux") and _cut_network_linux():
            return "seccomp"
        if sys.platform == "darwin" and _cut_network_macos():
            return "sandbox"
    except (OSError, AttributeError):
        pass
    return "none"


# --- limits --------------------------------------------------------------------------


def limit_memory(memory: int) -> bool:
    """Cap the address space (and write no core files); False without `resource`."""
    try:
        import resource
    except ImportError:
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = memory if hard == resource.RLIM_INFINITY else min(memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):
        return False
    return True


def limit_cpu(seconds: float) -> None:
    """Stop this process (SIGXCPU) once it has used `seconds` more CPU than now.

    The parent's deadline is what normally ends a long compile; this holds
    when the parent is gone or stuck.
    """
    try:
        import resource
    except ImportError:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


# --- serving -------------------------------------------------------------------------


def _compile(compiler: Any, typst: Any, request: dict[str, Any]) -> tuple[bytes, bytes]:
    # CPU may run ahead of the wall clock (Typst lays out pages on several threads).
    limit_cpu(2 * float(request["seconds"]) + 1)
    # PNG (a map for the screen or paper) is the first page at the asked resolution.
    output_format = "png" if request.get("format") == "png" else "pdf"
    ppi = float(request.get("ppi") or 144) if output_format == "png" else None
    try:
        pdf = compiler.compile(
            input=request["source"].encode("utf-8"),
            root=request["root"],
            format=output_format,
            ppi=ppi,
        )
        if isinstance(pdf, list):
            pdf = pdf[0] if pdf else b""
    except typst.TypstError as error:
        hints = [str(hint) for hint in (getattr(error, "hints", None) or [])]
        message = str(getattr(error, "message", "") or error)
        # The report with the file:line:column of each error (the parent maps it back).
        diagnostic = str(getattr(error, "diagnostic", "") or "")[:_MAX_DIAGNOSTIC]
        answer = {"error": message, "hints": hints, "diagnostic": diagnostic}
        return b"E", json.dumps(answer).encode("utf-8")
    except MemoryError:
        return b"E", json.dumps({"error": "out of memory", "memory": True}).encode("utf-8")
    except Exception as error:  # a failed compile is an answer, never the end of the child
        return b"E", json.dumps({"error": str(error) or type(error).__name__}).encode("utf-8")
    if not isinstance(pdf, bytes):
        return b"E", json.dumps({"error": "no PDF was produced"}).encode("utf-8")
    return b"P", pdf


def main(argv: list[str]) -> int:
    memory, packages = int(argv[1]), argv[2]
    limited = limit_memory(memory)
    network = cut_network()
    import typst

    compiler = typst.Compiler(
        font_paths=[],
        ignore_system_fonts=True,
        package_path=packages,
        package_cache_path=packages,
    )
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    hello = {"limits": limited, "network": network, "typst": getattr(typst, "__version__", "")}
    write_frame(stdout, b"H", json.dumps(hello).encode("utf-8"))
    while (frame := read_frame(stdin)) is not None:
        kind, payload = frame
        if kind != b"C":
            return 2
        write_frame(stdout, *_compile(compiler, typst, json.loads(payload)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
