"""Where bundled modules and templates live, in a checkout and in a wheel.

An editable install (or running from the checkout) must see the live files of
the checkout, not a copy; a wheel carries them under `campaign/_bundled/`
(hatch force-include). The checkout is preferred when both exist.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    checkout = PACKAGE_DIR.parent / name
    if checkout.is_dir() and (PACKAGE_DIR.parent / "pyproject.toml").is_file():
        return checkout
    return PACKAGE_DIR / "_bundled" / name


def bundled_modules_dir() -> Path:
    """The folder holding the modules that ship with the toolkit."""
    return _bundled("modules")


def bundled_templates_dir() -> Path:
    """The folder holding the shared handout templates."""
    return _bundled("templates")


def user_data_dir() -> Path:
    """The per-user data folder (modules and sessions a GM keeps)."""
    return Path(platformdirs.user_data_dir("campaign"))


def user_modules_dir() -> Path:
    return user_data_dir() / "modules"


def user_sessions_dir() -> Path:
    return user_data_dir() / "sessions"
