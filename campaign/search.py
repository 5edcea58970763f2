"""Searching a module: fuzzy matching of names, and full-text search.

`FuzzyNames` matches what a GM types against a list of names (NPCs, tables)
on every keystroke: the letters typed must appear in order in the name
("kskv" finds "Koskov"). All names are lowercased once and joined into one
string, so finding the candidates is one regular-expression scan in C over
that string rather than one Python call per name; only the names that match
are scored (consecutive letters, starts of words and a whole-substring match
score higher, shorter names break ties).

`SearchIndex` holds the lowercased text of every searchable field of a module
(read-aloud, GM notes, clues, stat blocks, tables, handouts, acts, chapters,
locations), built once
per module (`index_for`). `search(query)` ranks documents holding every word
of the query, a whole-phrase match first, and gives each hit a snippet with
the match's place in it, for highlighting.

No Textual here: the GM screen shows what this finds.
"""

from __future__ import annotations

import bisect
import re
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from campaign.model import Module

T = TypeVar("T")

# --- fuzzy names -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameMatch(Generic[T]):
    """One name that matches a fuzzy query: its score, the name, what it names,
    and the positions of the matched letters (for highlighting)."""

    score: float
    name: str
    value: T
    positions: tuple[int, ...]


def _word_starts(name: str) -> frozenset[int]:
    return frozenset(
        index
        for index, char in enumerate(name)
        if char.isalnum() and (index == 0 or not name[index - 1].isalnum())
    )


class FuzzyNames(Generic[T]):
    """Names to match as the GM types; built once, matched per keystroke."""

    def __init__(self, items: Iterable[tuple[str, T]]) -> None:
        pairs = list(items)
        self.names = [name for name, _ in pairs]
        self.values = [value for _, value in pairs]
        self.lowered = [" ".join(name.lower().split()) for name in self.names]
        # One string, one name a line: a query is one regex scan over it.
        self._text = "\n".join(self.lowered)
        self._starts: list[int] = []
        position = 0
        for name in self.lowered:
            self._starts.append(position)
            position += len(name) + 1
        self._word_starts: list[frozenset[int] | None] = [None] * len(pairs)

    def __len__(self) -> int:
        return len(self.names)

    @staticmethod
    def _pattern(query: str) -> re.Pattern[str] | None:
        letters = [char for char in query.lower() if not char.isspace()]
        if not letters:
            return None
        body = "".join(f"[^\\n]*?({re.escape(char)})" for char in letters)
        return re.compile(f"^{body}", re.MULTILINE)

    def candidates(self, query: str) -> list[int]:
        """Indices of the names holding the query's letters in order (no scoring)."""
        pattern = self._pattern(query)
        if pattern is None:
            return list(range(len(self.names)))
        starts = self._starts
        return [bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(self._text)]

    def match(self, query: str, limit: int | None = None) -> list[NameMatch[T]]:
        """Names matching `query`, best first (all names, in order, for an empty query)."""
        pattern = self._pattern(query)
        if pattern is None:
            found = [
                NameMatch(0.0, name, value, ())
                for name, value in zip(self.names, self.values, strict=True)
            ]
            return found if limit is None else found[:limit]
        needle = "".join(query.lower().split())
        spaced = " ".join(query.lower().split())
        starts = self._starts
        scored: list[tuple[float, int, tuple[int, ...]]] = []
        for found_match in pattern.finditer(self._text):
            index = bisect.bisect_right(starts, found_match.start()) - 1
            offset = starts[index]
            lowered = self.lowered[index]
            substring = lowered.find(spaced)
            if substring >= 0:
                positions = tuple(
                    substring + step for step, char in enumerate(spaced) if not char.isspace()
                )
            else:
                positions = tuple(
                    found_match.start(group) - offset for group in range(1, len(needle) + 1)
                )
            scored.append((self._score(index, positions, substring), index, positions))
        scored.sort(key=lambda item: (-item[0], len(self.lowered[item[1]]), item[1]))
        if limit is not None:
            scored = scored[:limit]
        return [
            NameMatch(score, self.names[index], self.values[index], positions)
            for score, index, positions in scored
        ]

    def _score(self, index: int, positions: tuple[int, ...], substring: int) -> float:
        word_starts = self._word_starts[index]
        if word_starts is None:
            word_starts = self._word_starts[index] = _word_starts(self.lowered[index])
        score = 0.0
        previous = -2
        for position in positions:
            if position in word_starts:
                score += 2.0
            if position == previous + 1:
                score += 1.0
            previous = position
        if substring >= 0:
            score += 4.0 + (4.0 if substring in word_starts else 0.0)
        if positions and positions[0] == 0:
            score += 2.0
        # Spread-out matches score less; normalise by the query's length.
        spread = positions[-1] - positions[0] + 1 if positions else 1
        return score / len(positions) + len(positions) / spread


# --- full-text search ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a query was found.

    kind: 'scene', 'act', 'npc', 'pc', 'table', 'handout', 'chapter' or 'location'
    (what to open);
    id: that document's id; title: its title or name; field: where in it the
    text was found ('read-aloud', 'GM notes', 'clue', 'secret', 'entry 3'...);
    snippet: a short stretch of the text around the match, on one line;
    spans: (start, end) of each match inside the snippet; score: higher is better.
    """

    kind: str
    id: str
    title: str
    field: str
    snippet: str
    score: float
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """One searchable field of one module document."""

    kind: str
    id: str
    title: str
    field: str
    text: str
    """The text on one line (whitespace collapsed)."""
    lowered: str
    weight: float
    """How much a match here counts (titles and names most)."""


FIELD_WEIGHTS = {
    "title": 3.0,
    "name": 3.0,
    "role": 1.5,
    "read-aloud": 1.3,
    "overview": 1.2,
    "summary": 1.2,
    "body": 1.2,
    "clue": 1.2,
    "description": 1.1,
}
"""Fields whose matches count more than the default 1.0."""

SNIPPET = 90
"""Characters of a snippet, about."""


def _flat(text: str) -> str:
    return " ".join(text.split())


@dataclass
class SearchIndex:
    """Every searchable field of a module, lowercased once."""

    documents: list[Document] = field(default_factory=list)

    def add(self, kind: str, identifier: str, title: str, field_name: str, text: str) -> None:
        flat = _flat(text)
        if flat:
            self.documents.append(
                Document(
                    kind,
                    identifier,
                    title,
                    field_name,
                    flat,
                    flat.lower(),
                    FIELD_WEIGHTS.get(field_name, 1.0),
                )
            )

    @classmethod
    def build(cls, module: Module) -> SearchIndex:
        index = cls()
        add = index.add
        for act in module.acts.values():
            title = f"Act {act.number}: {act.title}"
            add("act", act.id, title, "title", act.title)
            add("act", act.id, title, "summary", act.summary)
            add("act", act.id, title, "overview", act.overview)
            add("act", act.id, title, "goals", act.goals)
            add("act", act.id, title, "ending", act.ending)
            for path in act.alternatives:
                add("act", act.id, title, "alternative", f"{path.title}. {path.trigger}")
        for scene in module.scenes.values():
            add("scene", scene.id, scene.title, "title", scene.title)
            add("scene", scene.id, scene.title, "place", scene.place)
            add("scene", scene.id, scene.title, "summary", scene.summary)
            add("scene", scene.id, scene.title, "read-aloud", scene.read_aloud)
            add("scene", scene.id, scene.title, "GM notes", scene.gm_notes)
            for clue in scene.clues:
                add("scene", scene.id, scene.title, "clue", clue.text)
            if scene.set_piece is not None:
                piece = scene.set_piece
                add("scene", scene.id, scene.title, "set piece", f"{piece.title}. {piece.summary}")
                for stage in piece.stages:
                    add("scene", scene.id, scene.title, "set piece", f"{stage.title}. {stage.text}")
        for kind, blocks in (("npc", module.npcs), ("pc", module.pcs)):
            for block in blocks.values():
                add(kind, block.id, block.name, "name", block.name)
                add(kind, block.id, block.name, "role", block.role)
                add(kind, block.id, block.name, "description", block.description)
                for trait in block.traits:
                    text = trait if isinstance(trait, str) else f"{trait.name}. {trait.text}"
                    add(kind, block.id, block.name, "trait", text)
                add(kind, block.id, block.name, "tactics", block.tactics)
                add(kind, block.id, block.name, "secret", block.secret)
        for table in module.tables.values():
            add("table", table.id, table.title, "title", table.title)
            add("table", table.id, table.title, "description", table.description)
            for number, entry in enumerate(table.entries, start=1):
                add("table", table.id, table.title, f"entry {number}", entry.result)
        for handout in module.handouts.values():
            add("handout", handout.id, handout.title, "title", handout.title)
            add("handout", handout.id, handout.title, "body", handout.body)
            for clue in handout.clues:
                add("handout", handout.id, handout.title, "clue", clue.text)
        _add_book(index, module)
        return index

    def search(self, query: str, limit: int = 100) -> list[Hit]:
        """Documents holding every word of `query` (case-insensitive), best first.

        A field holding the whole phrase ranks above one holding the words
        apart; titles and names rank above body text; earlier matches above
        later ones. At most one hit per document field.
        """
        phrase = " ".join(query.lower().split())
        if not phrase:
            return []
        words = sorted(set(phrase.split()), key=len, reverse=True)
        hits: list[Hit] = []
        for document in self.documents:
            lowered = document.lowered
            if words[0] not in lowered:  # the longest word rules most out
                continue
            if not all(word in lowered for word in words[1:]):
                continue
            at = lowered.find(phrase)
            if at >= 0:
                score = 10.0
                spans = [(at, at + len(phrase))]
            else:
                score = 4.0
                spans = sorted(
                    (found, found + len(word))
                    for word in words
                    if (found := lowered.find(word)) >= 0
                )
            first = spans[0][0]
            if re.match(r"\w", lowered[first - 1 : first] or " ") is None:
                score += 2.0  # the match starts a word
            if first == 0 and at >= 0 and len(phrase) == len(lowered):
                score += 5.0  # the whole field
            score *= document.weight
            score += 1.0 / (1.0 + first / 200)
            snippet, snippet_spans = _snippet(document.text, spans)
            hits.append(
                Hit(
                    document.kind,
                    document.id,
                    document.title,
                    document.field,
                    snippet,
                    round(score, 4),
                    snippet_spans,
                )
            )
        hits.sort(key=lambda hit: -hit.score)
        return hits[:limit]


def _snippet(
    text: str, spans: Sequence[tuple[int, int]], width: int = SNIPPET
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A stretch of `text` around the first span, cut at spaces, with '…' where cut."""
    first_start, first_end = spans[0]
    if len(text) <= width:
        start, end = 0, len(text)
    else:
        before = max(0, (width - (first_end - first_start)) // 3)
        start = max(0, first_start - before)
        if start > 0:
            space = text.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 and first_start - space < before + 15 else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", first_end, end)
            end = space if space > first_end else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = tuple(
        (max(low, start) + shift, min(high, end) + shift)
        for low, high in spans
        if low < end and high > start
    )
    return prefix + text[start:end] + suffix, inside


_INDEXES: dict[int, tuple[weakref.ref[Module], SearchIndex]] = {}
_LOCK = threading.Lock()


def _add_book(index: SearchIndex, module: Module) -> None:
    """The module's chapters (by paragraph, so a snippet lands near the match) and its
    locations with their keys."""
    for chapter in module.chapters.values():
        index.add("chapter", chapter.id, chapter.title, "title", chapter.title)
        for paragraph in re.split(r"\n\s*\n", chapter.text):
            index.add("chapter", chapter.id, chapter.title, "chapter", paragraph)
    for place in module.locations.values():
        index.add("location", place.id, place.name, "name", place.name)
        index.add("location", place.id, place.name, "summary", place.summary)
        for key in place.keys:
            label = f"key {key.key}"
            index.add("location", place.id, place.name, label, f"{key.name}. {key.see} {key.here}")


def index_for(module: Module) -> SearchIndex:
    """The module's search index, built on first use and kept while the module lives."""
    key = id(module)
    with _LOCK:
        cached = _INDEXES.get(key)
        if cached is not None and cached[0]() is module:
            return cached[1]
    index = SearchIndex.build(module)
    with _LOCK:
        for stale in [k for k, (ref, _) in _INDEXES.items() if ref() is None]:
            del _INDEXES[stale]
        _INDEXES[key] = (weakref.ref(module), index)
    return index


def search(module: Module, query: str, limit: int = 100) -> list[Hit]:
    """Full-text search of a module (the index is built once per module)."""
    return index_for(module).search(query, limit)


__all__ = [
    "Document",
    "FuzzyNames",
    "Hit",
    "NameMatch",
    "SearchIndex",
    "index_for",
    "search",
]
