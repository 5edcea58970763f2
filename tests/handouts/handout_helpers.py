"""Shared constants and helpers of the handout tests (imported by name: tests/ is no package)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "spy"
NOW = dt.datetime(1987, 5, 14, 19, 30)


def write_template(module_root: Path, name: str, text: str) -> Path:
    """Put a template into a module's own templates/ folder."""
    path = module_root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
