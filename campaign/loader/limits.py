"""How much YAML a module may hold, enforced as each file is read, before it is parsed.

Parsing is what costs (about a second of CPU and 12 MB of memory per megabyte
of dense YAML), so a file is measured with `fstat` on the handle it is read
from, and read with a bounded read: a file that grows after it was measured,
or a pipe or device given a `.yaml` name, can never make the loader read more
than the limit, or wait forever.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

MB = 1024 * 1024
MAX_FILE_BYTES = 5 * MB
"""One YAML file of a module."""
MAX_MODULE_BYTES = 16 * MB
"""All the YAML files of a module together: dense YAML costs about a second of CPU
a megabyte to parse, so 16 MB is under half a minute (the bundled campaign is under 1 MB)."""
MAX_MODULE_FILES = 10_000
"""YAML files in a module (a module of 5,000 NPCs, one per file, loads in seconds)."""


class Refused(Exception):
    """A file the loader does not read; the message is the problem's text."""


def megabytes(size: int) -> str:
    """'4.7 MB': sizes in problems, to a tenth of a megabyte."""
    return f"{size / MB:.1f} MB"


def over_file_limit(size: int) -> str:
    return f"refused: {size:,} bytes is over the {MAX_FILE_BYTES // MB} MB limit for a module file"


def read_text(
    path: str, limit: int = MAX_FILE_BYTES, too_big: Callable[[int], str] = over_file_limit
) -> str:
    """A file's UTF-8 text, never reading more than `limit` bytes.

    Raises `Refused` (with `too_big(size)` as its text when the file is over the
    limit) for what is not a regular file or is over the limit, `OSError` and
    `UnicodeDecodeError` as reading would. Line ends are read as text mode
    reads them ('\\r\\n' and '\\r' become '\\n').
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)  # non-blocking: opening a pipe never waits
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused("refused: not a regular file (a pipe or a device is never read)")
        if info.st_size > limit:
            raise Refused(too_big(info.st_size))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Refused(too_big(len(data)) + " (it grew while it was read)")
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def largest_past_total(sizes: dict[str, int]) -> tuple[int, set[str]]:
    """The module's YAML total, and the largest files left unread so the rest fits.

    Files over `MAX_FILE_BYTES` are refused on their own and not counted. Taking
    the largest first leaves the most files (module.yaml among them) checked.
    """
    counted = {name: size for name, size in sizes.items() if size <= MAX_FILE_BYTES}
    total = left = sum(counted.values())
    unread: set[str] = set()
    for name, size in sorted(counted.items(), key=lambda item: (-item[1], item[0])):
        if left <= MAX_MODULE_BYTES:
            break
        unread.add(name)
        left -= size
    return total, unread


def past_total(total: int, size: int) -> str:
    return (
        f"refused: not read: the module's YAML files come to {megabytes(total)}, over the "
        f"{MAX_MODULE_BYTES // MB} MB limit for a module, and this file of {megabytes(size)} "
        "is among the largest"
    )


def too_many_files(count: int) -> str:
    return (
        f"refused: the module has {count:,} YAML files or more, over the limit of "
        f"{MAX_MODULE_FILES:,}; none was read"
    )
