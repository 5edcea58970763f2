"""campaign.search: fuzzy name matching (order, scoring, positions) and the
full-text index (ranking, snippets, every kind of document)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from campaign.loader import load_module
from campaign.model import Module
from campaign.search import FuzzyNames, SearchIndex, _snippet, index_for, search

ROOT = Path(__file__).parent.parent
LIGHTHOUSE = ROOT / "tests" / "tui" / "fixtures" / "lighthouse"
BUNDLED = ROOT / "modules" / "living-daylights"


@cache
def lighthouse() -> Module:
    return load_module(LIGHTHOUSE)


@cache
def bundled() -> Module:
    return load_module(BUNDLED)


# --- fuzzy names -------------------------------------------------------------------

NAMES = [
    ("General Georgi Koskov", "koskov"),
    ("General Leonid Pushkin", "pushkin"),
    ("Brad Whitaker", "whitaker"),
    ("Kara Milovy", "kara"),
    ("Necros", "necros"),
    ("Cove Smuggler", "smuggler"),
]


def test_letters_in_order_match() -> None:
    names = FuzzyNames(NAMES)
    assert [m.value for m in names.match("kskv")] == ["koskov"]
    assert names.match("vksk") == []  # the letters must come in order


def test_case_and_spaces_do_not_matter() -> None:
    names = FuzzyNames(NAMES)
    assert names.match("BRAD whit")[0].value == "whitaker"
    assert names.match("  kara  ")[0].value == "kara"


def test_empty_query_lists_every_name_in_order() -> None:
    names = FuzzyNames(NAMES)
    assert [m.value for m in names.match("")] == [value for _, value in NAMES]
    assert len(names.match("", limit=2)) == 2


def test_word_starts_and_substrings_rank_first() -> None:
    names = FuzzyNames(NAMES)
    # 'gen' starts both generals' names; the shorter name breaks the tie
    assert [m.value for m in names.match("gen")][:2] == ["koskov", "pushkin"]
    # 'ne' as a whole word start (Necros) beats letters inside a word (GeNEral)
    assert names.match("ne")[0].value == "necros"
    # initials of words: 'bw' is Brad Whitaker
    assert names.match("bw")[0].value == "whitaker"


def test_positions_point_at_the_matched_letters() -> None:
    names = FuzzyNames(NAMES)
    match = names.match("koskov")[0]
    assert "".join(match.name[p] for p in match.positions).lower() == "koskov"
    spread = names.match("kskv")[0]
    assert "".join(spread.name[p] for p in spread.positions).lower() == "kskv"


def test_candidates_agree_with_match() -> None:
    names = FuzzyNames((f"Name {number} {chr(97 + number % 26)}", number) for number in range(500))
    for query in ("na", "n1", "e 9 j", "zz", ""):
        assert sorted(names.candidates(query)) == sorted(m.value for m in names.match(query))


def test_regex_characters_are_literal() -> None:
    names = FuzzyNames([("Agent (009)", 1), ("Agent 009", 2), ("a.b", 3)])
    assert [m.value for m in names.match("(0")] == [1]
    assert [m.value for m in names.match(".")] == [3]


# --- full text --------------------------------------------------------------------


def test_read_aloud_phrase_is_found_with_a_highlighted_snippet() -> None:
    hits = search(lighthouse(), "rain needles")
    assert hits, "a phrase of the start scene's read-aloud"
    hit = hits[0]
    assert (hit.kind, hit.id, hit.field) == ("scene", "lighthouse-door", "read-aloud")
    assert [hit.snippet[a:b].lower() for a, b in hit.spans] == ["rain needles"]


def test_every_kind_of_document_is_searched() -> None:
    module = lighthouse()
    kinds = {
        ("npc", "secret"): "harbourmaster",
        ("npc", "tactics"): "outnumbered",
        ("table", "entry 3"): "shutter loose",
        ("handout", "body"): "chapel",
    }
    for (kind, field), phrase in kinds.items():
        found = {(hit.kind, hit.field) for hit in search(module, phrase)}
        assert (kind, field) in found, phrase


def test_acts_overview_is_searched() -> None:
    hits = search(lighthouse(), "faked her disappearance")
    assert any(hit.kind == "act" and hit.field == "overview" for hit in hits)


def test_names_rank_above_mentions() -> None:
    hits = search(bundled(), "koskov")
    assert hits[0].kind in ("npc", "handout") and hits[0].field in ("name", "title")
    assert hits[0].score > hits[-1].score
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_a_whole_phrase_ranks_above_its_words_apart() -> None:
    index = SearchIndex()
    index.add("scene", "apart", "Apart", "GM notes", "the case was left by the cello player")
    index.add("scene", "phrase", "Phrase", "GM notes", "she hid the papers in the cello case")
    hits = index.search("cello case")
    assert [hit.id for hit in hits] == ["phrase", "apart"]
    assert len(hits[1].spans) == 2


def test_every_word_must_be_present() -> None:
    assert search(bundled(), "koskov zzzzqx") == []
    assert search(bundled(), "   ") == []


def test_snippets_are_short_and_cut_at_words() -> None:
    for hit in search(bundled(), "pushkin")[:30]:
        assert len(hit.snippet) <= 95
        assert "\n" not in hit.snippet
        for start, end in hit.spans:
            assert hit.snippet[start:end].lower() == "pushkin"


def test_snippet_of_a_match_near_the_end() -> None:
    text = " ".join(f"word{number}" for number in range(60)) + " needle"
    at = text.index("needle")
    snippet, spans = _snippet(text, [(at, at + 6)])
    assert snippet.startswith("…") and snippet.endswith("needle")
    assert [snippet[a:b] for a, b in spans] == ["needle"]


def test_the_index_is_built_once_per_module() -> None:
    module = lighthouse()
    assert index_for(module) is index_for(module)


@pytest.mark.parametrize("query", ["the", "a", "of the"])
def test_common_words_are_fast_and_limited(query: str) -> None:
    hits = search(bundled(), query, limit=50)
    assert len(hits) == 50


def test_chapters_and_locations_are_searched_where_the_words_are() -> None:
    module = load_module(ROOT / "modules" / "drowned-bell")
    place = next(iter(module.locations.values()))
    key = place.keys[0]
    hits = index_for(module).search(key.name)
    assert any(h.kind == "location" and h.id == place.id for h in hits)
    living = bundled()
    chapter = next(iter(living.chapters.values()))
    paragraph = next(p for p in chapter.text.split("\n\n") if len(p.split()) > 12)
    words = " ".join(paragraph.split()[3:9])
    (hit, *_) = [h for h in index_for(living).search(words) if h.kind == "chapter"]
    assert (hit.id, hit.field) == (chapter.id, "chapter")
    assert words.lower() in hit.snippet.lower()
