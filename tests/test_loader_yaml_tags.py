"""Plain scalars' tags are remembered by text (issue 20: resolving them was a
tenth of a module's load); a remembered tag must be the one resolving gives."""

from __future__ import annotations

import datetime
import re

import yaml
from yaml.nodes import ScalarNode

from campaign.loader import yaml_loader
from campaign.loader.yaml_loader import YamlLoader

DOCUMENT = """\
id: npc-1
on: yes
off: NO
flag: true
other: False
count: 12
hex: 0x1f
ratio: 1.5
nothing: ~
empty:
day: 2024-05-01
quoted: "12"
single: 'true'
tags: [guard, 7, 7.0, null]
"""
EXPECTED = {
    "id": "npc-1",
    "on": "yes",
    "off": "NO",
    "flag": True,
    "other": False,
    "count": 12,
    "hex": 31,
    "ratio": 1.5,
    "nothing": None,
    "empty": None,
    "day": datetime.date(2024, 5, 1),
    "quoted": "12",
    "single": "true",
    "tags": ["guard", 7, 7.0, None],
}


def test_remembered_tags_give_the_same_values() -> None:
    yaml_loader._plain_tags.clear()
    first = yaml.load(DOCUMENT, Loader=YamlLoader)
    assert "count" in yaml_loader._plain_tags  # the second load reads from memory
    second = yaml.load(DOCUMENT, Loader=YamlLoader)
    assert first == second == EXPECTED


def test_quoted_scalars_are_not_taken_for_remembered_plain_ones() -> None:
    yaml_loader._plain_tags.clear()
    assert yaml.load("a: 12\nb: '12'\nc: \"true\"\nd: true", Loader=YamlLoader) == {
        "a": 12,
        "b": "12",
        "c": "true",
        "d": True,
    }


def test_memory_is_bounded() -> None:
    yaml_loader._plain_tags.clear()
    many = "\n".join(f"k{n}: v{n}" for n in range(yaml_loader._MEMO_SIZE + 500))
    assert len(yaml.load(many, Loader=YamlLoader)) == yaml_loader._MEMO_SIZE + 500
    assert len(yaml_loader._plain_tags) == yaml_loader._MEMO_SIZE
    prose = "word " * 40
    yaml_loader._plain_tags.clear()
    assert yaml.load(f"text: {prose}", Loader=YamlLoader) == {"text": prose.strip()}
    assert prose.strip() not in yaml_loader._plain_tags


def test_tags_match_resolving_without_memory() -> None:
    loader = YamlLoader("")
    for text in ["12", "1_000", "0o7", "1.5e3", ".inf", "~", "null", "true", "On", "2024-05-01"]:
        yaml_loader._plain_tags.clear()
        fresh = yaml.SafeLoader.resolve(loader, ScalarNode, text, (True, False))
        assert loader.resolve(ScalarNode, text, (True, False)) == fresh
        assert loader.resolve(ScalarNode, text, (True, False)) == fresh  # remembered


def test_a_loader_with_other_resolvers_does_not_share_the_memory() -> None:
    class Rooms(YamlLoader):  # type: ignore[misc]
        pass

    Rooms.yaml_implicit_resolvers = {
        key: list(value) for key, value in YamlLoader.yaml_implicit_resolvers.items()
    }
    Rooms.add_implicit_resolver("!room", re.compile(r"^room-\d+$"), list("r"))
    yaml_loader._plain_tags.clear()
    assert yaml.load("a: room-12", Loader=YamlLoader) == {"a": "room-12"}
    node = yaml.compose("a: room-12", Loader=Rooms)
    assert node.value[0][1].tag == "!room"
