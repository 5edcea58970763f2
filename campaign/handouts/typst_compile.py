"""Typst source to PDF: always in the limited child of `campaign.handouts.typst_sandbox`.

The shared templates escape every value, and a module may bring `.typ.j2`
templates of its own; either way the Typst runs in the child (time, memory and
network cut off), with its root in a temporary folder holding only a copy of
the module's assets. A module's own Typst is `untrusted`: refused outright
where the limits cannot be enforced.
"""

from __future__ import annotations

from collections.abc import Sequence

from campaign.handouts.errors import HandoutError
from campaign.handouts.template_loader import module_templates_dir
from campaign.handouts.typst_root import TypstRoot
from campaign.handouts.typst_sandbox import compile_sandboxed
from campaign.model import Module


def uses_module_typst(module: Module) -> bool:
    """Whether the module brings Typst templates of its own (untrusted Typst)."""
    folder = module_templates_dir(module)
    return folder is not None and any(folder.rglob("*.typ.j2"))


def compile_source(root: TypstRoot, source: str, *, untrusted: bool) -> bytes | HandoutError:
    """One Typst source to PDF bytes in the child, or the error that stopped it."""
    return compile_sandboxed(root, source, untrusted=untrusted)


def compile_typst(
    module: Module, sources: Sequence[str], *, untrusted: bool
) -> list[bytes | HandoutError]:
    """Typst sources to PDF bytes, root in a temp folder with only the module's assets."""
    with TypstRoot(module) as root:
        return [compile_source(root, source, untrusted=untrusted) for source in sources]
