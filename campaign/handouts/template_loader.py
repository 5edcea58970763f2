"""Where templates come from: a module's `templates/`, then the shared ones, nothing else.

The loader refuses names with `..`, absolute paths, hidden files and any file
or symlink that resolves outside its templates folder, and each output format
only loads its own templates (`.html.j2`, `.md.j2`, `.typ.j2`). It remembers
how to name each file it read, so errors point at `templates/x.html.j2:12`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2

from campaign.handouts.errors import HandoutError, TemplateRefused
from campaign.model import Module

MAX_TEMPLATE_BYTES = 1_000_000
"""Largest template file read."""


class TemplateLoader(jinja2.BaseLoader):
    """Templates from a module's `templates/`, then the shared ones; nothing outside them."""

    def __init__(self, folders: Sequence[tuple[Path, str]], suffix: str) -> None:
        self.folders = [(str(folder), os.path.realpath(folder), shown) for folder, shown in folders]
        self.suffix = suffix
        self.labels: dict[str, str] = {}
        """Real path of every template read -> how errors name it."""

    @staticmethod
    def clean_name(template: str) -> str:
        parts = template.split("/")
        if (
            "\\" in template
            or "\x00" in template
            or template.startswith("/")
            or any(part in ("", ".", "..") or part.startswith(".") for part in parts)
        ):
            raise TemplateRefused(
                f"refused: template name '{template}' (names are relative, without '..')"
            )
        return template

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        name = self.clean_name(template)
        if not name.endswith(self.suffix):
            raise TemplateRefused(
                f"refused: '{name}' is not a {self.suffix} template "
                f"(a {self.suffix} template may only include {self.suffix} templates)"
            )
        for folder, real, shown in self.folders:
            path = os.path.join(folder, *name.split("/"))
            if not os.path.lexists(path):
                continue
            resolved = os.path.realpath(path)
            if not resolved.startswith(real + os.sep):
                raise TemplateRefused(
                    f"refused: template '{name}' links outside {shown or 'the templates folder'}"
                )
            if not os.path.isfile(resolved):
                raise TemplateRefused(f"refused: template '{name}' is not a file")
            size = os.path.getsize(resolved)
            if size > MAX_TEMPLATE_BYTES:
                raise TemplateRefused(
                    f"refused: template '{name}' is {size:,} bytes (limit {MAX_TEMPLATE_BYTES:,})"
                )
            with open(resolved, encoding="utf-8") as handle:
                source = handle.read()
            mtime = os.path.getmtime(resolved)
            self.labels[resolved] = f"{shown}/{name}" if shown else name

            def uptodate(resolved: str = resolved, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(resolved) == mtime
                except OSError:
                    return False

            return source, resolved, uptodate
        raise jinja2.TemplateNotFound(name)

    def is_module_file(self, filename: str | None) -> bool:
        """Whether a template file read by this loader came from a module's own folder."""
        if not filename:
            return False
        return any(
            shown and filename.startswith(real + os.sep) for _folder, real, shown in self.folders
        )

    def shared_file(self, name: str) -> str | None:
        """The path of `name` in the shared templates (never a module's), if it is there."""
        for folder, _real, shown in self.folders:
            path = os.path.join(folder, *self.clean_name(name).split("/"))
            if not shown and os.path.isfile(path):
                return path
        return None

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder, _real, _shown in self.folders:
            for path in Path(folder).rglob(f"*{self.suffix}"):
                relative = path.relative_to(folder).as_posix()
                if not any(part.startswith(".") for part in relative.split("/")):
                    found.add(relative)
        return sorted(found)


def module_templates_dir(module: Module) -> Path | None:
    """The module's own `templates/` folder, if it has one; refused if it links outside."""
    folder = module.root / "templates"
    if not folder.is_dir():
        return None
    root_real = os.path.realpath(module.root)
    real = os.path.realpath(folder)
    if not real.startswith(root_real + os.sep):
        raise HandoutError(f"refused: {folder} links outside the module folder")
    return folder
