"""Digests for cache keys (the module cache, the first frame), without `hashlib`.

`import hashlib` also loads OpenSSL's libcrypto, 0.6 MB of the GM screen's
resident memory at rest (issue 20) for two cache keys. BLAKE2 is built into
the interpreter as `_blake2`, which is what hashlib itself serves blake2b from.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it: hashlib's is the same hash
    from hashlib import blake2b


def new_digest(data: bytes = b"") -> blake2b:
    """A 32-byte BLAKE2b digest to feed with `update`; `hexdigest()` is 64 characters."""
    return blake2b(data, digest_size=32)


def short_digest(text: str) -> str:
    """16 hex characters naming `text` (a folder, a start), for file-name prefixes."""
    return new_digest(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


__all__ = ["new_digest", "short_digest"]
