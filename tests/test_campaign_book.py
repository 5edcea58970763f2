"""The Living Daylights as a campaign book (issue 24): one calendar, original prose, voices."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

from campaign.loader import load_module
from campaign.model import Module

REPO = Path(__file__).resolve().parent.parent
MODULE_DIR = REPO / "modules" / "living-daylights"
TIMELINE = MODULE_DIR / "chapters" / "timeline.md"
SHARED = REPO.parent / "shared"
"""The plot facts live beside the repository, not in it (they are not ours to ship)."""

CAMPAIGN_YEAR = 1987
IN_PLAY_FROM = date(CAMPAIGN_YEAR, 5, 7)
"""The exercise on the Rock; every date from here on is in play."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DATE = re.compile(
    rf"(?:\b(?P<weekday>{'|'.join(_WEEKDAYS)}),?\s+)?"
    r"\b(?P<first>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:\s*(?:-|–|/|to|and)\s*(?P<last>\d{1,2})(?:st|nd|rd|th)?)?\s+(?:of\s+)?"
    rf"(?P<month>{_MONTH_NAMES})\b\.?"
    r"(?:,?\s+(?P<year>1[89]\d\d|20\d\d))?"
)
"""A day and a month ('18 May', 'Thursday 14 May 1987', '3 Mar 1986', '8-10 May',
'6/7 May', 'the 14th of May'); a date without a year is in the campaign's year."""


def find_dates(text: str) -> Iterator[tuple[str, list[date], str | None]]:
    """Each date written in `text`: the words as written, the days it names (both ends
    of a range) and the weekday written before it, if any."""
    for match in DATE.finditer(text):
        year = int(match["year"]) if match["year"] else CAMPAIGN_YEAR
        month = _MONTHS[match["month"]]
        days = [int(match["first"])] + ([int(match["last"])] if match["last"] else [])
        try:
            named = [date(year, month, day) for day in days]
        except ValueError:
            named = []  # '31 June' is not a date; the reference check reports it below.
        yield match.group(0), named, match["weekday"]


def module_texts() -> Iterator[tuple[Path, int, str]]:
    """Every line of the module's own text: its YAML documents and its chapters."""
    files = sorted(MODULE_DIR.rglob("*.yaml")) + sorted((MODULE_DIR / "chapters").glob("*.md"))
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            yield path, number, line


def timeline_sections() -> tuple[set[date], set[date], list[date]]:
    """The dates in the timeline's "Before play" and "In play" sections, and the in-play
    ones in the order written."""
    text = TIMELINE.read_text(encoding="utf-8")
    sections = re.split(r"(?m)^## ", text)[1:]
    before = [s for s in sections if s.lower().startswith("before play")]
    in_play = [s for s in sections if s.lower().startswith("in play")]
    assert len(before) == 1 and len(in_play) == 1, "the timeline needs one section of each"
    # A section's heading may name its span ('In play: 7 May to 10 October'): entries only.
    body = [section.split("\n", 1)[1] for section in (before[0], in_play[0])]
    ordered = [day for _, days, _ in find_dates(body[1]) for day in days]
    backstory = {day for _, days, _ in find_dates(body[0]) for day in days}
    return backstory, set(ordered), ordered


@pytest.fixture(scope="module")
def module() -> Module:
    return load_module(MODULE_DIR)


def test_the_date_finder_reads_every_written_form() -> None:
    found = list(
        find_dates(
            "Thursday 14 May 1987, then 8-10 May, the night of 6/7 May; 3 Mar 1986; 2nd of June"
        )
    )
    assert [(days, weekday) for _, days, weekday in found] == [
        ([date(1987, 5, 14)], "Thursday"),
        ([date(1987, 5, 8), date(1987, 5, 10)], None),
        ([date(1987, 5, 6), date(1987, 5, 7)], None),
        ([date(1986, 3, 3)], None),
        ([date(1987, 6, 2)], None),
    ]
    assert list(find_dates("two to five agents, 4 tons, may 3 of them")) == []


def test_the_timeline_is_in_order_and_its_sections_hold_what_they_say() -> None:
    backstory, in_play, ordered = timeline_sections()
    assert in_play and backstory
    assert ordered == sorted(ordered), "the in-play section runs out of order"
    assert min(in_play) == IN_PLAY_FROM
    late = sorted(day for day in backstory if day >= IN_PLAY_FROM)
    assert not late, f"dates in play filed before play: {late}"


def test_every_date_in_the_module_is_on_the_timeline() -> None:
    backstory, in_play, _ = timeline_sections()
    strays = []
    for path, number, line in module_texts():
        for written, days, _ in find_dates(line):
            if not days:
                strays.append(f"{path.relative_to(REPO)}:{number}: '{written}' is no date")
            for day in days:
                if day >= IN_PLAY_FROM and day not in in_play:
                    strays.append(f"{path.relative_to(REPO)}:{number}: '{written}' (in play)")
                elif day < IN_PLAY_FROM and day not in backstory:
                    strays.append(f"{path.relative_to(REPO)}:{number}: '{written}' (before play)")
    assert not strays, "dates that are not on the timeline:\n" + "\n".join(strays)


BARE_DAY = re.compile(r"\bthe \d{1,2}(?:st|nd|rd|th)(?=\s*$|[.,;:)])")
"""'the 14th.' as a date: a day with no month ('the 3rd desk' is not one)."""


def test_no_day_is_named_without_its_month() -> None:
    # The date check cannot place 'the 14th'; a note dated so once contradicted the calendar.
    assert BARE_DAY.search("Estate, the 14th. Come") and not BARE_DAY.search("the 3rd desk")
    bare = [
        f"{path.relative_to(REPO)}:{number}: {match.group(0)}"
        for path, number, line in module_texts()
        for match in BARE_DAY.finditer(line)
    ]
    assert not bare, "write the month as well:\n" + "\n".join(bare)


def test_every_weekday_written_with_a_date_is_that_day() -> None:
    wrong = [
        f"{path.relative_to(REPO)}:{number}: '{written}' is a {days[0]:%A}"
        for path, number, line in module_texts()
        for written, days, weekday in find_dates(line)
        if weekday and len(days) == 1 and days[0].strftime("%A") != weekday
    ]
    assert not wrong, "\n".join(wrong)


def words(text: str) -> list[str]:
    """Lower-case words with the punctuation gone ('Koskov's' and 'Koskov’s' read alike)."""
    return re.findall(r"[^\W_]+", re.sub(r"['’‘]", "", text.lower()))


def runs(text: str, size: int = 8) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def yaml_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from yaml_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from yaml_strings(item)


def module_prose() -> Iterator[tuple[Path, str]]:
    """Each string of the module's YAML and each chapter, on its own (runs never span two)."""
    for path in sorted(MODULE_DIR.rglob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            for text in yaml_strings(document):
                yield path, text
    for path in sorted((MODULE_DIR / "chapters").glob("*.md")):
        yield path, path.read_text(encoding="utf-8")


def test_runs_are_found_whatever_the_case_and_punctuation() -> None:
    source = runs("Bond fakes Pushkin's assassination so that Whitaker and Koskov proceed.")
    ours = runs("BOND fakes Pushkin’s assassination, so that: Whitaker and Koskov proceed")
    assert source & ours
    assert not source & runs("Bond stages the general's death so the two partners move.")


def test_no_eight_word_run_is_shared_with_the_plot_facts() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the plot facts are kept outside the repository")
    sources = sorted((SHARED / "story").glob("*.md"))
    assert sources, f"{SHARED / 'story'} holds no plot facts (*.md)"
    theirs: set[tuple[str, ...]] = set()
    for source in sources:
        theirs |= runs(source.read_text(encoding="utf-8"))
    shared = sorted(
        {
            f"{path.relative_to(REPO)}: '{' '.join(run)}'"
            for path, text in module_prose()
            for run in runs(text) & theirs
        }
    )
    assert not shared, "runs of 8 words copied from ../shared/story:\n" + "\n".join(shared)


def assert_voice(module: Module, npc_id: str) -> None:
    voice = module.npcs[npc_id].voice
    assert voice is not None, f"{npc_id} has no voice"
    assert 2 <= len(voice.lines) <= 3, f"{npc_id}: {len(voice.lines)} lines"
    assert all(line.strip() for line in voice.lines) and len(set(voice.lines)) == len(voice.lines)
    assert voice.mannerism.strip(), f"{npc_id} has no mannerism"


def test_every_principal_has_a_voice(module: Module) -> None:
    principals = [npc_id for npc_id, npc in module.npcs.items() if "principal" in npc.tags]
    assert {"koskov", "pushkin", "kara-milovy", "whitaker", "necros"} <= set(principals)
    for npc_id in principals:
        assert_voice(module, npc_id)


def test_every_npc_met_in_two_scenes_has_a_voice(module: Module) -> None:
    scenes: dict[str, set[str]] = {}
    for scene_id, scene in module.scenes.items():
        for entry in scene.npcs:
            scenes.setdefault(entry.npc, set()).add(scene_id)
    recurring = sorted(npc_id for npc_id, seen in scenes.items() if len(seen) >= 2)
    assert len(recurring) >= 20
    for npc_id in recurring:
        assert_voice(module, npc_id)


def test_the_book_has_the_chapters_a_gm_reads_first(module: Module) -> None:
    assert list(module.chapters) == [
        "the-truth",
        "running-the-campaign",
        "session-zero",
        "timeline",
        "the-agents",
        "scaling",
        "contingencies",
        "licence",
    ]
    agents = module.chapters["the-agents"].text
    for needed in ("## Secrets", "## Out of action, captured, dead", "Running away is always"):
        assert needed in agents, needed
    safety = module.chapters["session-zero"].text
    for needed in ("Lines and veils", "X-card", "Drugging", "Interrogation", "hanging"):
        assert needed in safety, needed
    assert "Romance" in safety and "Mujahideen" in safety and "tone dial" in safety
    contingencies = module.chapters["contingencies"].text
    for heading in ("## Koskov", "## Whitaker", "## Pushkin", "## Kara", "## Necros"):
        assert heading in contingencies, heading
    scaling = module.chapters["scaling"].text
    assert "## Two agents" in scaling and "## Five agents" in scaling
    assert module.chapters["licence"].public and not module.chapters["the-truth"].public


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"typed on a machine", "the card is written by hand in felt-tip"),
        (r"Rue es Siaghin|printer", "the cards come from a Vienna stationer"),
        (r"arrived three days ago|under ten minutes", "Pushkin landed on 18 May; met for twenty"),
        (r"Zurich", "the money trail runs through account GEORG in Vienna"),
        (r"(?i)few weeks later|weeks later", "the epilogue is in the autumn"),
        (r"Kara knows him as", "an object cannot know who its owner's friends are"),
    ],
)
def test_the_issues_contradictions_stay_fixed(pattern: str, why: str) -> None:
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path, number, line in module_texts()
        if re.search(pattern, line)
    ]
    assert not found, f"{why}:\n" + "\n".join(found)


def test_room_412_is_pushkins_suite_only() -> None:
    rooms = [
        (path.name, line)
        for path, _, line in module_texts()
        if "412" in line and path.suffix == ".yaml"
    ]
    assert rooms and all(name == "act-5.yaml" for name, _ in rooms), rooms
