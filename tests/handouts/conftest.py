"""Fixtures for the handout tests: a small module with every handout type, and copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from handout_helpers import FIXTURE

from campaign.loader import load_module
from campaign.model import Module


@pytest.fixture(scope="session")
def spy() -> Module:
    """The fixture module, loaded once (read-only)."""
    return load_module(FIXTURE)


@pytest.fixture
def spy_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture module, for tests that add templates or assets."""
    target = tmp_path / "spy"
    shutil.copytree(FIXTURE, target)
    return target
