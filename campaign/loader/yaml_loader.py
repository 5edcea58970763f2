"""The one YAML loader module files are read with: libyaml's safe loader, with limits.

Everything that reads a module file (the loader, module discovery, the importers'
writer) goes through `YamlLoader`, so a file means the same thing everywhere.

The limits live in the constructor, where each value is built, so a clean file
pays almost nothing for them (no second pass over its nodes):

- an integer must fit in 64 bits; a longer run of digits is refused from its
  length, before Python is asked to convert it (which is slow, and refused by
  Python itself past 4,300 digits);
- nothing nests more than `MAX_DEPTH` collections deep. The safe constructor
  fills collections breadth first, one level per round of its pending
  generators, so counting rounds is the depth check; a file with aliases is
  also measured on its nodes first, since an alias counts as what it points at;
- no text is over `MAX_TEXT_BYTES` (every later step, Markdown first, is
  bounded by the size of what it is given);
- no key appears twice in one mapping (YAML forbids it; PyYAML keeps the last);
- a scalar that claims a type it does not have (`!!int abc`, `2020-13-45`)
  is a refusal too, not a ValueError.

By default a refusal raises `YamlRefusal` at the value's position: a
`ConstructorError`, which every caller already handles as bad YAML, and a
`CampaignError`, so one that nobody expected is still a one-line error, never a
traceback. The module reader sets `refusals` to a list instead, to collect every
refusal of a file with its document's root node, so each is reported at its
field path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode

from campaign.errors import CampaignError
from campaign.loader.node_paths import Loc, too_deep

# libyaml is in PyYAML's wheels; fall back to the pure-Python parser if absent.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64
"""Collections inside collections, the document's own mapping being level 1."""
MAX_TEXT_BYTES = 256 * 1024
"""The longest text one field may hold, in UTF-8 bytes: Markdown parsing any text
this size stays within two seconds."""
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
TOO_DEEP = f"refused: nested more than {MAX_DEPTH} levels deep"

# The most significant digits (after leading zeros) a 64-bit integer can have in each base.
_MAX_DIGITS = {2: 64, 8: 22, 10: 19, 16: 16}
_MAX_SEXAGESIMAL_PARTS = 12  # 60**11 is already past 2**63
_TOO_BIG = 2**64
"""What an integer with too many digits stands for: out of range, never converted."""


class _Refused:
    """What stands in for a refused value while the rest of its document is built.

    Each is distinct, so two refused keys of one mapping are not also duplicates;
    a document holding one is never validated.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "<refused>"


class YamlRefusal(ConstructorError, CampaignError):
    """A value a YAML text may not hold, at its position in the text."""

    def lines(self) -> list[str]:
        mark = self.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1} of the YAML)" if mark else ""
        return [f"{self.problem}{where}"]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A value refused while building a document, and where it is."""

    node: Node
    """The refused node: its start mark is the position reported."""
    root: Node
    """The root node of the document it is in, to find its field path."""
    message: str
    keeps_document: bool = False
    """True when the document is still whole (a duplicate key: the last value
    stands) and can be validated; otherwise a placeholder took the value's place."""
    loc: Loc | None = None
    """The field path, when already known."""


def parse_int(text: str) -> int | None:
    """A YAML 1.1 integer (sign, `_`, 0b, 0x, leading-0 octal, 1:30 sexagesimal), or None.

    Returns `_TOO_BIG` (with its sign) for more digits than 64 bits hold,
    without converting them.
    """
    value = text.replace("_", "")
    sign = -1 if value[:1] == "-" else 1
    if value[:1] in ("+", "-"):
        value = value[1:]
    try:
        if ":" in value:
            return sign * _sexagesimal(value.split(":"))
        if value[:2] in ("0b", "0x"):
            base, digits = (2 if value[1] == "b" else 16), value[2:]
        elif value[:1] == "0" and len(value) > 1:
            base, digits = 8, value[1:]
        else:
            base, digits = 10, value
        if not digits.isalnum():  # int() would also take spaces, signs and '_'
            return None
        if len(digits.lstrip("0")) > _MAX_DIGITS[base]:
            return sign * _TOO_BIG
        return sign * int(digits, base)
    except ValueError:
        return None


def _sexagesimal(parts: list[str]) -> int:
    """`1:30:00` as 5400; `_TOO_BIG` when it cannot fit in 64 bits. ValueError if not digits."""
    if len(parts) > _MAX_SEXAGESIMAL_PARTS or any(len(part) > _MAX_DIGITS[10] for part in parts):
        return _TOO_BIG
    number = 0
    for part in parts:
        if not part.isdigit():
            raise ValueError(part)
        number = number * 60 + int(part)
    return number


_ANCHOR = re.compile(r"(?:^|[\s\[{,:\-\ufeff])&[^\s\[\]{},]")
"""An anchor (`&name`) as YAML allows one: after a space, a line start, a byte
order mark or a flow indicator. `R&D` and `Smith & Sons` are not anchors."""


_plain_tags: dict[str, str] = {}
"""Tags of plain scalars by text, shared by every YamlLoader (see `YamlLoader.resolve`)."""
_MEMO_SIZE = 8192
"""Texts remembered at most; past it, tags are resolved as usual (no eviction cost)."""
_MEMO_TEXT = 64
"""Longer texts are prose, seldom repeated: not remembered."""


def may_share_nodes(text: str) -> bool:
    """Whether a YAML text may have aliases (an anchor and a `*`): False is certain."""
    return "*" in text and "&" in text and _ANCHOR.search(text) is not None


def _shown(text: str) -> str:
    """A scalar as a message quotes it: short ones whole, long ones cut with their length."""
    if len(text) <= 40:
        return f"'{text}'"
    return f"'{text[:20]}…' ({len(text):,} characters)"


class YamlLoader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML with YAML 1.2 booleans and the limits above; the only loader for module files.

    YAML 1.1 reads `on`, `off`, `yes`, `no` (any case) as booleans, so a
    key `on:` (an exit's result) or a value `NO` (Norway) would silently turn
    into True/False. Only `true` and `false` are booleans here.
    """

    refusals: list[Refusal] | None = None
    """None: a refusal raises YamlRefusal. A list: refusals are collected in it."""
    # The constructor's own state (untyped in PyYAML), as this class uses it.
    state_generators: list[Any]
    constructed_objects: dict[Node, Any]
    recursive_objects: dict[Node, None]
    deep_construct: bool

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._root: Node | None = None
        self._merged: dict[Node, int] = {}
        # Only a text with an anchor and an alias can share nodes; the text
        # tests are far cheaper than measuring every document.
        self._aliases = not isinstance(stream, str) or may_share_nodes(stream)

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of a node; a plain scalar's is remembered by its text.

        libyaml hands every scalar (keys included) to this Python method, whose
        regular expressions are tried one by one: about a tenth of a module's
        load. A plain scalar's tag depends on its text alone here (the implicit
        resolvers are fixed above and there are no path resolvers), and module
        files repeat the same keys and short values thousands of times. Only
        this class's own resolvers fill and read the memory: a subclass with
        other resolvers resolves as usual.
        """
        if (
            kind is ScalarNode
            and implicit[0]
            and len(value) <= _MEMO_TEXT
            and self.__class__ is YamlLoader
        ):
            tag = _plain_tags.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_plain_tags) < _MEMO_SIZE:
                    _plain_tags[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]

    def refuse(self, node: Node, message: str, **details: Any) -> None:
        """Raise, or collect, a refusal of `node`."""
        if self.refusals is None:
            raise YamlRefusal(None, None, message, node.start_mark)
        root = self._root if self._root is not None else node
        self.refusals.append(Refusal(node, root, message, **details))

    def construct_document(self, node: Node) -> Any:
        self._root = node
        if self._aliases and self._refused_as_too_deep(node):
            data = None
        else:
            data = self.construct_object(node)
            depth = 0
            while self.state_generators:
                depth += 1  # the pending generators fill the collections at this depth
                if depth > MAX_DEPTH:
                    if not self._refused_as_too_deep(node):  # pragma: no cover - a safety net
                        self.refuse(node, TOO_DEEP, loc=())  # nodes are never shallower
                    self.state_generators = []
                    break
                generators, self.state_generators = self.state_generators, []
                for generator in generators:
                    for _ in generator:
                        pass
        self.constructed_objects = {}
        self.recursive_objects = {}
        self.deep_construct = False
        self._merged = {}
        return data

    def _refused_as_too_deep(self, root: Node) -> bool:
        found = too_deep(root, MAX_DEPTH)
        if found is None:
            return False
        loc, node = found
        self.refuse(node, TOO_DEEP, loc=loc)
        return True

    # --- mappings: duplicate keys ---------------------------------------------

    def flatten_mapping(self, node: MappingNode) -> None:
        # Remember how many pairs came in through merge keys (`<<: *base`): they
        # are put first, and a key written here may override them.
        own = node.value
        super().flatten_mapping(node)
        if node.value is not own:
            self._merged[node] = len(node.value) - len(own)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            found = getattr(node, "id", "another node")
            raise ConstructorError(
                None, None, f"expected a mapping node, but found {found}", node.start_mark
            )
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        construct = self.construct_object
        firsts: dict[Any, Node] | None = None  # built at the first duplicate only
        for index, (key_node, value_node) in enumerate(node.value):
            key = construct(key_node, deep=deep)
            try:
                seen = key in mapping
            except TypeError:
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found unhashable key",
                    key_node.start_mark,
                ) from None
            if seen or firsts is not None:
                firsts = self._first_keys(node, index, key, firsts)
            mapping[key] = construct(value_node, deep=deep)
        return mapping

    def _first_keys(
        self, node: MappingNode, index: int, key: Any, firsts: dict[Any, Node] | None
    ) -> dict[Any, Node]:
        """Refuse the key at `index` if written earlier in this mapping; the keys written so far.

        Keys that came in through merge keys come first in the pairs and may be
        overridden: only keys written in the mapping itself count.
        """
        merged = self._merged.get(node, 0)
        if firsts is None:
            firsts = {}
            for key_node, _ in node.value[merged:index]:
                firsts.setdefault(self.constructed_objects.get(key_node), key_node)
        if index < merged:
            return firsts
        duplicate = node.value[index][0]
        first = firsts.setdefault(key, duplicate)
        if first is not duplicate:
            mark = first.start_mark
            shown = duplicate.value if isinstance(duplicate, ScalarNode) else str(key)
            self.refuse(
                duplicate,
                f"duplicate key {_shown(shown)} "
                f"(first at line {mark.line + 1}, column {mark.column + 1})",
                keeps_document=True,
            )
        return firsts

    # --- scalars --------------------------------------------------------------

    def construct_yaml_str(self, node: Node) -> Any:
        # ScalarNode is by far the common case: skip construct_scalar's checks.
        value = node.value if node.__class__ is ScalarNode else self.construct_scalar(node)
        if len(value) > MAX_TEXT_BYTES // 4 and _utf8_size(value) > MAX_TEXT_BYTES:
            self._refuse_size(node, _utf8_size(value), "text")
            return _Refused()
        return value

    def construct_yaml_binary(self, node: Node) -> Any:
        value = super().construct_yaml_binary(node)
        if len(value) > MAX_TEXT_BYTES:  # pydantic would take the bytes as text
            self._refuse_size(node, len(value), "binary data")
            return _Refused()
        return value

    def _refuse_size(self, node: Node, size: int, what: str) -> None:
        self.refuse(
            node,
            f"refused: {what} of {size:,} bytes is over the "
            f"{MAX_TEXT_BYTES // 1024} KB limit for one field",
        )

    def construct_yaml_int(self, node: Node) -> Any:
        text = self.construct_scalar(node)
        number = parse_int(text)
        if number is None:
            self.refuse(node, f"{_shown(text)} is not an integer")
            return _Refused()
        if not INT_MIN <= number <= INT_MAX:
            self.refuse(
                node,
                f"integer {_shown(text)} is out of range: it must fit in 64 bits "
                f"({INT_MIN} to {INT_MAX})",
            )
            return _Refused()
        return number


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _refusing(what: str, base: Callable[[Any, Any], Any]) -> Callable[[YamlLoader, Node], Any]:
    """A scalar constructor that refuses a value it cannot read instead of raising."""

    def construct(self: YamlLoader, node: Node) -> Any:
        try:
            return base(self, node)
        except (ValueError, KeyError, AttributeError, IndexError, TypeError, OverflowError):
            text = node.value if isinstance(node, ScalarNode) else ""
            self.refuse(node, f"{_shown(str(text))} is not {what}")
            return _Refused()

    return construct


YamlLoader.add_constructor("tag:yaml.org,2002:str", YamlLoader.construct_yaml_str)
YamlLoader.add_constructor("tag:yaml.org,2002:binary", YamlLoader.construct_yaml_binary)
YamlLoader.add_constructor("tag:yaml.org,2002:int", YamlLoader.construct_yaml_int)
for _tag, _what, _base in (
    ("float", "a number", SafeConstructor.construct_yaml_float),
    ("bool", "true or false", SafeConstructor.construct_yaml_bool),
    ("timestamp", "a date", SafeConstructor.construct_yaml_timestamp),
):
    YamlLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refusing(_what, _base))

YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
