"""Campaign continuity on the GM screen: clues found, handouts given, outcomes,
the fight and the PC roster, each a key of the GM screen that runs one of
these functions. Every change is one journal event written through
`campaign.session.Continuity`; the scene pane redraws from the session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from campaign.errors import CampaignError
from campaign.session import Continuity
from campaign.session.continuity import KINDS as CONTINUITY_KINDS
from campaign.tui.commands import palette_gm_screen
from campaign.tui.protocols import GMView
from campaign.tui.session_access import announce, campaign_record, current_session
from campaign.tui.widgets.prompts import AskScreen, PickScreen

if TYPE_CHECKING:
    from campaign.model import Module

REDRAW_KINDS = frozenset({*CONTINUITY_KINDS, "campaign-carry", "undo", "redo"})
"""Journal events after which the scene pane shows something different."""

NO_SESSION = "No session is open: campaign play MODULE --session NAME keeps one"


def needs_redraw(events: list[Any]) -> bool:
    return any(getattr(event, "kind", "") in REDRAW_KINDS for event in events)


def _continuity(screen: GMView) -> Continuity | None:
    session = current_session(screen.app)
    if session is None:
        screen.notify(NO_SESSION, severity="warning")
        return None
    return Continuity(session, screen.module)


def _write(screen: GMView, action: Callable[[], object], done: str) -> None:
    """Write one event; a refusal is a notification; the pane redraws."""
    session = current_session(screen.app)
    since = session.state.last_seq if session is not None else 0
    try:
        action()
    except CampaignError as error:
        screen.notify(str(error), severity="warning", markup=False)
        return
    screen.redraw_scene_pane()
    if session is not None:
        announce(screen.app, session, since)
    screen.notify(done, timeout=3, markup=False)


def _scene_id(screen: GMView) -> str | None:
    current = screen.current
    return current[1] if current is not None and current[0] == "scene" else None


def _who(screen: GMView, title: str, then: Callable[[str], None]) -> None:
    """Ask who (a PC's name, or anything; empty is fine), then go on."""
    names = ", ".join(pc.name for pc in screen.module.pcs.values())
    screen.app.push_screen(
        AskScreen(title, placeholder="who (optional)", hint=names and f"PCs: {names}"),
        lambda answer: then(answer) if answer is not None else None,
    )


# --- screens -------------------------------------------------------------------


def open_fight(screen: GMView) -> None:
    from campaign.tui.screens.combat import CombatScreen  # loaded on the first fight

    session = current_session(screen.app)
    if session is None:
        screen.notify(NO_SESSION, severity="warning")
        return
    scene_id = _scene_id(screen) or session.state.scene
    screen.app.push_screen(CombatScreen(screen.module, session, scene_id))


def open_roster(screen: GMView) -> None:
    from campaign.tui.screens.roster import RosterScreen  # loaded when first opened

    session = current_session(screen.app)
    if session is None:
        screen.notify(NO_SESSION, severity="warning")
        return
    screen.app.push_screen(RosterScreen(screen.module, session))


# --- clues, handouts, outcomes ---------------------------------------------------


def mark_clue(screen: GMView) -> None:
    """Mark one of the scene's unfound clues found (the next one is highlighted)."""
    continuity = _continuity(screen)
    scene_id = _scene_id(screen)
    if continuity is None:
        return
    if scene_id is None:
        screen.notify("Show a scene to mark its clues", severity="warning")
        return
    scene = screen.module.scenes[scene_id]
    found = continuity.record.clues
    unfound = [clue for clue in scene.clues if clue.id not in found]
    if not unfound:
        screen.notify("Every clue of this scene is found" if scene.clues else "No clues here")
        return

    def found_by(clue_id: str, who: str) -> None:
        _write(
            screen,
            lambda: continuity.find_clue(clue_id, by=who, scene=scene_id),
            "Clue found" + (f" by {who}" if who else ""),
        )

    def chosen(clue_id: str | None) -> None:
        if clue_id:
            # Says which clue: with one unfound the pick is skipped, so this is the
            # only place the GM sees what is being marked.
            text = " ".join(next(c.text for c in unfound if c.id == clue_id).split())
            short = text if len(text) <= 60 else text[:59] + "…"
            _who(screen, f"Who found “{short}”?", partial(found_by, clue_id))

    if len(unfound) == 1:
        chosen(unfound[0].id)
        return
    screen.app.push_screen(
        PickScreen("Which clue did they find?", [(c.id, c.text.strip()) for c in unfound]),
        chosen,
    )


def give_handout(screen: GMView, handout_id: str | None = None) -> None:
    """Give one of the scene's handouts to the players (or the one named)."""
    continuity = _continuity(screen)
    if continuity is None:
        return
    module = screen.module
    if handout_id is None:
        scene_id = _scene_id(screen)
        scene = module.scenes.get(scene_id or "")
        ids = [h for h in (scene.handouts if scene else ()) if h in module.handouts]
        ids = [h for h in ids if module.handouts[h].audience != "gm"]
        if not ids:
            screen.notify(
                "No handouts in this scene: ctrl+p 'Give handout' lists them all",
                severity="warning",
            )
            return
        given = continuity.record.handouts
        if len(ids) > 1:
            choices: list[tuple[str, str | Content]] = [
                (h, module.handouts[h].title + (" (given)" if h in given else "")) for h in ids
            ]
            first = next((i for i, h in enumerate(ids) if h not in given), 0)
            screen.app.push_screen(
                PickScreen("Give which handout?", choices, highlight=first),
                lambda answer: give_handout(screen, answer) if answer else None,
            )
            return
        handout_id = ids[0]
    chosen_id = handout_id
    title = module.handouts[chosen_id].title if chosen_id in module.handouts else chosen_id

    def to(who: str) -> None:
        _write(
            screen,
            lambda: continuity.give_handout(chosen_id, to=who),
            f"Given: {title}" + (f" to {who}" if who else ""),
        )

    _who(screen, f"Give '{title}' to whom?", to)


def record_outcome(screen: GMView) -> None:
    """Record an answer to one of the act's outcomes, or an alternative path taken."""
    continuity = _continuity(screen)
    if continuity is None:
        return
    module = screen.module
    current = screen.current
    act = None
    if current is not None:
        act = (
            module.acts.get(current[1]) if current[0] == "act" else module.act_of_scene(current[1])
        )
    if act is None or not (act.outcomes or act.alternatives):
        screen.notify("This act has no outcomes or alternative paths", severity="warning")
        return
    record = continuity.record
    choices: list[tuple[str, str | Content]] = []
    for outcome in act.outcomes:
        answer = record.outcomes.get(outcome.id)
        labels = {option.id: option.label for option in outcome.options}
        now = f" (now: {labels.get(answer, answer)})" if answer else ""
        choices.append((f"outcome:{outcome.id}", f"{outcome.question}{now}"))
    taken = {item["path"] for item in record.alternatives if item["act"] == act.id}
    for path in act.alternatives:
        mark = " (taken)" if path.id in taken else ""
        choices.append((f"path:{path.id}", f"Path taken: {path.title}{mark}"))
    act_id = act.id

    def chosen(answer: str | None) -> None:
        if not answer:
            return
        what, identifier = answer.split(":", 1)
        if what == "path":
            _write(
                screen,
                lambda: continuity.take_alternative(act_id, identifier),
                "Path taken",
            )
            return
        outcome = next(o for o in module.acts[act_id].outcomes if o.id == identifier)
        options: list[tuple[str, str | Content]] = [
            (option.id, option.label + (" (default)" if option.id == outcome.default else ""))
            for option in outcome.options
        ]
        screen.app.push_screen(
            PickScreen(outcome.question, options),
            lambda option: (
                _write(
                    screen,
                    lambda: continuity.record_outcome(identifier, option),
                    f"Recorded: {outcome.question}",
                )
                if option
                else None
            ),
        )

    screen.app.push_screen(PickScreen(f"Act {act.number}: what happened?", choices), chosen)


class GiveHandoutCommands(Provider):
    """'Give handout: <title>': record that the players got a handout."""

    def _screen(self) -> GMView | None:
        return palette_gm_screen(self)

    def _entries(self, module: Module) -> list[tuple[str, str, str]]:
        record = campaign_record(self.app)
        given = record.handouts if record is not None else {}
        entries = []
        for handout in module.handouts.values():
            if handout.audience == "gm":
                continue
            note = "already given" if handout.id in given else "record it in the session"
            entries.append((f"Give handout: {handout.title}", note, handout.id))
        return entries

    def _give(self, handout_id: str) -> None:
        screen = self._screen()
        if screen is not None:
            give_handout(screen, handout_id)

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        for text, help_text, handout_id in self._entries(screen.module):
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self._give, handout_id),
                    text=text,
                    help=help_text,
                )

    async def discover(self) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        for text, help_text, handout_id in self._entries(screen.module):
            yield DiscoveryHit(Content(text), partial(self._give, handout_id), help=help_text)
