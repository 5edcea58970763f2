"""YAML's own errors said the way an author can act on them, at the place that matters.

- An unclosed `[` or `{`: PyYAML notices it where the next thing fails to
  parse, often a line later; the message names where the bracket opened.
- A tab used to indent: said as a tab, with what to do.
- An alias bomb: placed at the alias that makes the document too big, not at 1:1.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

_BRACKETS = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}")}
TAB_ADVICE = "a tab: YAML indents with spaces only (replace the tab with spaces)"


@dataclass(frozen=True, slots=True)
class Located:
    """A message at a line and column (1-based)."""

    line: int
    column: int
    message: str


def _mark(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _at_tab(text: str, mark: Any) -> bool:
    return mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"


def syntax_message(error: yaml.MarkedYAMLError, text: str) -> Located:
    """The message of a YAML syntax error, rephrased where PyYAML's words mislead."""
    problem = str(error.problem or "invalid YAML")
    context = str(error.context or "")
    line, column = _mark(error.problem_mark or error.context_mark)
    if "tab" in problem or (
        "cannot start any token" in problem and _at_tab(text, error.problem_mark)
    ):
        return Located(line, column, f"YAML syntax: {TAB_ADVICE}")
    for what, (opening, closing) in _BRACKETS.items():
        if what in context and error.context_mark is not None:
            opened_line, opened_column = _mark(error.context_mark)
            return Located(
                line,
                column,
                f"YAML syntax: the '{opening}' opened at line {opened_line}, column "
                f"{opened_column} is not closed: expected ',' or '{closing}' here",
            )
    suffix = f" {context}" if context else ""
    return Located(line, column, f"YAML syntax: {problem}{suffix}")


def alias_bomb_at(text: str, budget: int) -> Located | None:
    """Where a document's aliases first expand it past `budget` nodes, or None.

    Walks the parser's events (nothing is expanded): each anchored node's size
    is known when it ends, and an alias adds that size where it stands.
    """
    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = []  # (anchor, nodes so far) per open collection
    total = 0
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.DocumentStartEvent):
            total = 0
        elif isinstance(event, yaml.AliasEvent):
            size = sizes.get(str(event.anchor), 1)
            total += size
            if stack:
                anchor, count = stack[-1]
                stack[-1] = (anchor, count + size)
            if total > budget:
                line, column = _mark(event.start_mark)
                return Located(
                    line,
                    column,
                    f"refused: the alias *{event.anchor} makes this document {total:,} nodes "
                    f"and more (the limit is {budget:,}: an alias bomb?)",
                )
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append((event.anchor, 1))
            total += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, count = stack.pop()
            if anchor is not None:
                sizes[anchor] = count
            if stack:
                parent, parent_count = stack[-1]
                stack[-1] = (parent, parent_count + count)
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
            if stack:
                anchor, count = stack[-1]
                stack[-1] = (anchor, count + 1)
    return None
