"""Typst source to PDF: the shared templates in this process, a module's own in a child.

The shared templates are trusted (they escape every value) and compile in
this process with one cached `typst.Compiler`, built-in fonts only and an empty
package folder, a few ms each. A module that brings its own `.typ.j2`
templates has them compiled by `campaign.handouts.typst_sandbox` instead.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import Sequence
from typing import Any

from campaign.handouts.errors import HandoutError
from campaign.handouts.template_loader import module_templates_dir
from campaign.handouts.typst_root import TypstRoot
from campaign.handouts.typst_sandbox import compile_sandboxed
from campaign.model import Module


def uses_module_typst(module: Module) -> bool:
    """Whether the module brings Typst templates of its own (compiled in a sandbox)."""
    folder = module_templates_dir(module)
    return folder is not None and any(folder.rglob("*.typ.j2"))


_COMPILER_LOCK = threading.Lock()
_COMPILER: Any = None
_EMPTY_PACKAGES: str | None = None


def _empty_packages() -> str:
    global _EMPTY_PACKAGES
    if _EMPTY_PACKAGES is None:
        _EMPTY_PACKAGES = tempfile.mkdtemp(prefix="campaign-typst-packages-")
        atexit.register(shutil.rmtree, _EMPTY_PACKAGES, True)
    return _EMPTY_PACKAGES


def _typst_error(error: Exception) -> HandoutError:
    message = str(getattr(error, "message", "") or error).strip()
    hints = getattr(error, "hints", None) or []
    if hints:
        message += " (hint: " + "; ".join(str(hint) for hint in hints) + ")"
    return HandoutError(f"typst: {message}")


def compile_here(root: TypstRoot, source: str) -> bytes | HandoutError:
    """Compile trusted Typst (the shared templates, data escaped) in this process."""
    try:
        import typst
    except ImportError:  # pragma: no cover - typst is a dependency; a broken install
        return HandoutError("PDF needs the typst package (pip install typst)")

    global _COMPILER
    with _COMPILER_LOCK:
        if _COMPILER is None:
            packages = _empty_packages()
            _COMPILER = typst.Compiler(
                root=str(root.root),
                font_paths=[],
                ignore_system_fonts=True,
                package_path=packages,
                package_cache_path=packages,
            )
        try:
            pdf = _COMPILER.compile(input=source.encode("utf-8"), root=str(root.root))
        except typst.TypstError as error:
            return _typst_error(error)
    if not isinstance(pdf, bytes):
        return HandoutError("typst: no PDF was produced")
    return pdf


def compile_typst(
    module: Module, sources: Sequence[str], *, untrusted: bool
) -> list[bytes | HandoutError]:
    """Typst sources to PDF bytes, root in a temp folder with only the module's assets."""
    with TypstRoot(module) as root:
        if untrusted:
            return compile_sandboxed(root, sources)
        return [compile_here(root, source) for source in sources]
