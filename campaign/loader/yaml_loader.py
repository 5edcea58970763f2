"""The one YAML loader module files are read with: libyaml's safe loader, YAML 1.2 booleans.

Everything that reads a module file (the loader, module discovery, the importers'
writer) goes through `YamlLoader`, so a file means the same thing everywhere.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# libyaml is in PyYAML's wheels; fall back to the pure-Python parser if absent.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlLoader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML with YAML 1.2 booleans; the only loader module files are read with.

    YAML 1.1 reads `on`, `off`, `yes`, `no` (any case) as booleans, so a
    key `on:` (an exit's result) or a value `NO` (Norway) would silently turn
    into True/False. Only `true` and `false` are booleans here.
    """


YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
