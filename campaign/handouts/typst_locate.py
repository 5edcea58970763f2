"""Where in a module's own `.typ.j2` template a Typst error was made.

Typst reports an error as a line and column of the source the templates
rendered, not of a template. Template text outside `{{ }}`, `{% %}` and `{# #}`
reaches that source unchanged, so a rendered line is matched against every
line of the module's Typst templates: each Jinja tag may stand for any text,
the literal text around the tags must be there, in order, and the whole line
must match (indentation aside). The error's column is carried over to the
template line (onto the tag's first character when it fell in a tag's
output). A line that matches in more than one place is settled by its
neighbours (the lines around it must match the lines around the template
line); when that still leaves more than one, or none, the error cannot be
placed and `template_position` says None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Where Typst starts a new line (typst-syntax `is_newline`; CR LF counts once).
_TYPST_LINES = re.compile("\r\n|[\n\x0b\x0c\r\x85\u2028\u2029]")
_EDITOR_LINES = re.compile("\r\n|[\n\r]")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[{%#].*$")
_NEIGHBOURS = 3
_MAX_LINE = 4_000
"""Longest rendered line matched against the templates (longer ones are not placed)."""
_MAX_TEMPLATE_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class _Piece:
    """A literal piece of a template line (`text`), or a tag (`text` None), and the
    column (0-based) where it starts in the line."""

    text: str | None
    start: int


def _pattern(line: str) -> tuple[_Piece, ...] | None:
    """A template line as literal pieces and tags, or None when it holds no literal text."""
    indent = len(line) - len(line.lstrip())
    text = line.strip()
    pieces: list[_Piece] = []
    position = 0
    for tag in _TAG.finditer(text):
        if tag.start() > position:
            pieces.append(_Piece(text[position : tag.start()], indent + position))
        pieces.append(_Piece(None, indent + tag.start()))
        position = tag.end()
    if position < len(text):
        pieces.append(_Piece(text[position:], indent + position))
    if all(piece.text is None for piece in pieces):
        return None
    return tuple(pieces)


def _spans(pieces: tuple[_Piece, ...], text: str) -> list[tuple[int, int]] | None:
    """Where each piece lies in `text` if the pieces match all of it, else None.

    Literal pieces are found left to right (the first at the start, the last at
    the end); a tag covers what lies between: linear in the line's length,
    whatever a template holds.
    """
    literal = [index for index, piece in enumerate(pieces) if piece.text is not None]
    found: dict[int, tuple[int, int]] = {}
    low, high = 0, len(text)
    first, last = literal[0], literal[-1]
    if first == 0:
        size = len(pieces[0].text or "")
        if not text.startswith(pieces[0].text or ""):
            return None
        found[0], low = (0, size), size
    if last == len(pieces) - 1 and last not in found:
        size = len(pieces[last].text or "")
        if len(text) - size < low or not text.endswith(pieces[last].text or ""):
            return None
        found[last], high = (len(text) - size, len(text)), len(text) - size
    elif last == len(pieces) - 1 and len(text) != low:
        return None
    for index in literal:
        if index in found:
            continue
        at = text.find(pieces[index].text or "", low, high)
        if at < 0:
            return None
        found[index] = (at, at + len(pieces[index].text or ""))
        low = found[index][1]
    spans: list[tuple[int, int]] = []
    for index in range(len(pieces)):
        if index in found:
            spans.append(found[index])
        else:  # a tag: from the piece before it to the piece after it
            before = spans[-1][1] if spans else 0
            after = next((found[i][0] for i in range(index + 1, len(pieces)) if i in found), None)
            spans.append((before, len(text) if after is None else after))
    return spans


def _column(pieces: tuple[_Piece, ...], rendered: str, column: int) -> int | None:
    """The template column (1-based) of `column` of the rendered line, or None if the
    line does not match the template line."""
    if len(rendered) > _MAX_LINE:
        return None
    indent = len(rendered) - len(rendered.lstrip())
    spans = _spans(pieces, rendered.strip())
    if spans is None:
        return None
    at = column - 1 - indent
    for (low, high), piece in zip(spans, pieces, strict=True):
        if at < high:
            if piece.text is None or at < low:
                return piece.start + 1
            return piece.start + at - low + 1
    last = pieces[-1]
    low, high = spans[-1]
    return last.start + 1 + (high - low if last.text is not None else 0)


@dataclass(frozen=True, slots=True)
class _Template:
    path: Path
    patterns: list[tuple[_Piece, ...] | None]


def _read(path: Path) -> _Template | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if len(text) > _MAX_TEMPLATE_CHARS:
        return None
    return _Template(path, [_pattern(line) for line in _EDITOR_LINES.split(text)])


def _neighbours_match(template: _Template, index: int, rendered: list[str], at: int) -> int:
    """How many of the lines around a candidate match the lines around the error."""
    score = 0
    for step in range(1, _NEIGHBOURS + 1):
        for offset in (-step, step):
            mine, theirs = index + offset, at + offset
            if not (0 <= mine < len(template.patterns) and 0 <= theirs < len(rendered)):
                continue
            pattern = template.patterns[mine]
            line = rendered[theirs]
            if pattern is not None and len(line) <= _MAX_LINE and _spans(pattern, line.strip()):
                score += 1
    return score


def rendered_line(source: str, line: int) -> str:
    """Line `line` (1-based) of rendered Typst, as Typst counts lines ("" past the end)."""
    lines = _TYPST_LINES.split(source)
    return lines[line - 1] if 1 <= line <= len(lines) else ""


def template_position(
    source: str, line: int, column: int, templates: Sequence[Path]
) -> tuple[Path, int, int] | None:
    """The template file, line and column (1-based) that wrote `line`:`column` of the
    rendered Typst `source`, if exactly one place in `templates` can have."""
    rendered = _TYPST_LINES.split(source)
    if not 1 <= line <= len(rendered):
        return None
    target = rendered[line - 1]
    found: list[tuple[_Template, int, int]] = []
    for path in templates:
        template = _read(path)
        if template is None:
            continue
        for index, pattern in enumerate(template.patterns):
            if pattern is not None and (where := _column(pattern, target, column)) is not None:
                found.append((template, index, where))
    if len(found) > 1:
        scores = [_neighbours_match(t, index, rendered, line - 1) for t, index, _ in found]
        best = max(scores)
        found = [place for place, score in zip(found, scores, strict=True) if score == best]
    if len(found) != 1:
        return None
    template, index, where = found[0]
    return template.path, index + 1, where
