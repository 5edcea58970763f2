"""Output formats, audiences and paper sizes, and the template suffix of each format."""

from __future__ import annotations

from typing import Literal

Format = Literal["html", "md", "pdf"]
Audience = Literal["players", "gm"]
Paper = Literal["a4", "letter"]

FORMATS: tuple[Format, ...] = ("html", "md", "pdf")
FORMAT_SUFFIX: dict[Format, str] = {"html": ".html.j2", "md": ".md.j2", "pdf": ".typ.j2"}
"""Template file suffix per output format."""
FILE_EXTENSION: dict[str, str] = {"html": "html", "md": "md", "pdf": "pdf"}
FORMAT_NAMES: dict[str, str] = {"html": "HTML", "md": "Markdown", "pdf": "PDF (Typst)"}
