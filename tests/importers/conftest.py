"""Shared by the importer tests: the fixture folder and reading written YAML back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from campaign.loader import YamlLoader

FIXTURES = Path(__file__).parent / "fixtures"


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
