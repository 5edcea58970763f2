"""The centre of the GM screen: a scene (or an act's overview) as the GM reads it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Static
from textual.worker import get_current_worker

from campaign.checks import as_check, check_rolled, clue_checks, describe_target
from campaign.errors import CampaignError
from campaign.model import Act, Check, ClueCheck, Fight, Location, Module, Scene, SceneLocation
from campaign.model.common import ID_PATTERN
from campaign.tui.emphasis import md
from campaign.tui.messages import GoTo
from campaign.tui.render import Lines, markup
from campaign.tui.widgets.scene_checks import check_widgets, odds_body
from campaign.tui.widgets.scene_extras import (
    forecast_line,
    read_aloud_widgets,
    scene_fight,
    voice_line,
)

if TYPE_CHECKING:
    from campaign.session import CampaignRecord, SessionState

_ID = re.compile(ID_PATTERN)

View = Scene | Act


def link(text: str, action: str, kind: str, identifier: str) -> Content:
    """Text that runs a screen action when clicked (ids are checked, so quoting is safe)."""
    if not _ID.match(identifier) or not _ID.match(kind):
        return Content(text)
    return markup(
        f"[@click=screen.{action}('{kind}','{identifier}')][u]$text[/u][/]",
        text=text,
    )



def _of_check(scene: Scene, check_id: str | None) -> str:
    """': Hide the armed charge' for an exit that follows one of several checks."""
    task = next((check.task for check in scene.checks if check_id and check.id == check_id), "")
    return f": {task}" if task else ""

class ExitButton(Button):
    """A scene exit: pressing it moves to the scene it leads to."""

    def __init__(self, label: str, target: str) -> None:
        super().__init__(Content(label), classes="exit", compact=True)
        self.target = target


class Section(Static):
    """A titled block of the scene pane."""

    def __init__(self, title: str, body: Content | str, *, classes: str = "") -> None:
        super().__init__(body, classes=f"section {classes}".strip())
        self.border_title = Content(title)  # module text ('Check · Guard [x]'), not markup


class ScenePane(VerticalScroll):
    """Shows the scene or act it is given; exits post `GoTo`, links run screen actions."""

    view: reactive[View | None] = reactive(None, init=False)

    class Shown(Message):
        """The pane finished laying out a view."""

        def __init__(self, view: View) -> None:
            super().__init__()
            self.view = view

    class CheckOdds(Message):
        def __init__(self, view: View, index: int, body: Content) -> None:
            super().__init__()
            self.view = view
            self.index = index
            self.body = body

    def __init__(self, module: Module, view: View | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.module = module
        self.can_focus = True
        self.set_reactive(ScenePane.view, view)

    def on_mount(self) -> None:
        self._shown()

    def compose(self) -> ComposeResult:
        view = self.view
        if isinstance(view, Scene):
            yield from self._scene(view)
        elif isinstance(view, Act):
            yield from self._act(view)
        else:
            yield Static("Pick a scene in the tree (t), or press ctrl+p to search.")

    async def watch_view(self, view: View | None) -> None:
        await self.recompose()
        self.scroll_home(animate=False)
        self._shown()

    async def redraw(self) -> None:
        """Draw the view again (what the session recorded changed), odds and forecast too:
        a recompose puts their placeholders back."""
        await self.recompose()
        self._work_out()

    def _shown(self) -> None:
        """Say the view is up, then work out its checks' odds in a thread."""
        view = self.view
        if view is None:
            return
        self.post_message(self.Shown(view))
        self._work_out()

    def _work_out(self) -> None:
        """The checks' odds and the fight's forecast, in threads, once the pane is drawn."""
        view = self.view
        if isinstance(view, Scene):
            checks = list(_scene_checks(view))
            if checks:
                self.call_after_refresh(self._work_out_odds, view, checks)
            fight = scene_fight(view)
            if fight is not None:
                self.call_after_refresh(self._forecast, view, fight)

    # --- a scene --------------------------------------------------------------

    def _scene(self, scene: Scene) -> Iterator[Widget]:
        module = self.module
        act = module.act_of_scene(scene.id)
        yield Static(Content(scene.title), classes="view-title")
        where = " · ".join(
            part for part in (scene.place, act and f"Act {act.number}: {act.title}") if part
        )
        if where:
            yield Static(Content(where), classes="view-place")
        if scene.summary:
            yield Static(Content(scene.summary.strip()), classes="view-summary")
        yield from read_aloud_widgets(module, scene, self._state())
        if scene_fight(scene) is not None:
            yield Static("forecast …", id="fight-forecast", classes="fight-forecast")
        place = module.locations.get(scene.location_id or "")
        if place is not None:
            yield Section("Location", self._location(scene, place), classes="location")
        if scene.gm_notes:
            yield Section("GM notes", md(scene.gm_notes), classes="gm-notes")
        if scene.clues:
            yield Section("Clues", self._clues(scene), classes="clues")
        if scene.npcs:
            yield Section("NPCs present", self._npcs(scene), classes="npcs")
        checks = list(_scene_checks(scene))
        for index, (where_from, check) in enumerate(checks):
            yield from check_widgets(self.module, index, where_from, check, Section)
        if scene.set_piece is not None:
            yield Section("Set piece", self._set_piece(scene), classes="set-piece")
        if scene.tables or scene.handouts or scene.clocks:
            yield Section("At hand", self._at_hand(scene), classes="at-hand")
        if scene.exits:
            buttons: list[Widget] = []
            for number, scene_exit in enumerate(scene.exits, start=1):
                target = module.scenes.get(scene_exit.to)
                name = target.title if target else scene_exit.to
                label = f"{number}. {scene_exit.label or name}"
                if scene_exit.label and target is not None:
                    label += f" → {name}"
                if scene_exit.on != "any":
                    label += f" (on {scene_exit.on}{_of_check(scene, scene_exit.check)})"
                button = ExitButton(label, scene_exit.to)
                if scene_exit.condition:
                    button.tooltip = scene_exit.condition
                buttons.append(button)
            exits = Vertical(*buttons, classes="exits")
            exits.border_title = "Exits (1-9)"
            yield exits

    def _state(self) -> SessionState | None:
        """The open session's state (None in a rehearsal)."""
        from campaign.tui.session_access import current_session

        session = current_session(self.app)
        return session.state if session is not None else None

    def _record(self) -> CampaignRecord | None:
        """What the session says happened (clues found, handouts given, outcomes)."""
        from campaign.tui.session_access import campaign_record

        return campaign_record(self.app)

    def _clues(self, scene: Scene) -> Content:
        module = self.module
        lines = Lines()
        record = self._record()
        found = record.clues if record is not None else {}
        for clue in scene.clues:
            source = clue.source
            parts: list[Content] = []
            if source.npc:
                npc = module.npcs.get(source.npc)
                parts.append(link(npc.name if npc else source.npc, "detail", "npc", source.npc))
            if source.handout:
                handout = module.handouts.get(source.handout)
                title = handout.title if handout else source.handout
                parts.append(link(title, "detail", "handout", source.handout))
            if source.place:
                parts.append(Content(source.place))
            revelation = module.revelations.get(clue.revelation)
            points_to = revelation.statement.strip() if revelation else clue.revelation
            if clue.id in found:
                lines.lines.append(Content.assemble(("✓ ", "bold $success"), md(clue.text)))
                who = found[clue.id].get("by")
                lines.add("    [$success]found$by[/]", by=f" by {who}" if who else "")
            else:
                lines.text(clue.text, "• ")
            lines.lines.append(
                Content.assemble("    ", markup("[$text-muted]from[/] "), *_joined(parts))
            )
            lines.add("    [$text-muted]points to[/] [i]$to[/]", to=points_to)
            if clue.check is not None:
                lines.add("    [$text-muted]roll[/] $roll", roll=self._clue_roll(clue.check))
            if clue.requires:
                # 'how', not 'found by': "found by James Bond" is who found it
                lines.add("    [$text-muted]how[/] $how", how=clue.requires)
        return lines.content()

    def _clue_roll(self, check: ClueCheck) -> str:
        """'Keen Eye vs Regular': what finding the clue rolls (its odds are under Check · clue)."""
        ruleset = self.module.ruleset
        rolled_as = as_check(check, "")
        against = describe_target(ruleset, rolled_as)
        rolled = check_rolled(ruleset, rolled_as) or "the check"
        return f"{rolled} vs {against}" if against and against != "bands" else rolled

    def _npcs(self, scene: Scene) -> Content:
        lines: list[Content] = []
        for bring in scene.npcs:
            npc = self.module.npcs.get(bring.npc)
            name = npc.name if npc else bring.npc
            count = f"{bring.count}× " if bring.count != 1 else ""
            line = Content.assemble(
                "• ",
                count,
                link(name, "detail", "npc", bring.npc),
                markup("[$text-muted]$role[/]", role=f" — {npc.role}" if npc and npc.role else ""),
                markup("[i]$note[/]", note=f"  ({bring.note.strip()})" if bring.note else ""),
            )
            lines.append(line)
            voice = voice_line(npc)
            if voice is not None:
                lines.append(voice)
        return Content("\n").join(lines)

    def _location(self, scene: Scene, place: Location) -> Content:
        """Where the scene happens, the keys it uses, and how to open the map."""
        keys = scene.location.keys if isinstance(scene.location, SceneLocation) else ()
        used = [f"{k.key}. {k.name}" for k in place.keys if k.key in keys]
        return Content.assemble(
            link(place.name, "detail", "location", place.id),
            markup("[$text-muted]$keys  (l: map)[/]", keys=f" · {'; '.join(used)}" if used else ""),
        )

    def _set_piece(self, scene: Scene) -> Content:
        piece = scene.set_piece
        assert piece is not None
        lines = Lines()
        lines.add("[b]$title[/]", title=piece.title)
        lines.text(piece.summary)
        lines.field("Rules", piece.rules)
        if piece.clock and piece.clock in self.module.clocks:
            lines.field("Clock", self.module.clocks[piece.clock].name)
        for number, stage in enumerate(piece.stages, start=1):
            lines.blank()
            lines.add("[b]$n. $title[/]", n=number, title=stage.title)
            lines.text(stage.text)
        lines.field("If they win", piece.success)
        lines.field("If they lose", piece.failure)
        return lines.content()

    def _at_hand(self, scene: Scene) -> Content:
        module = self.module
        rows: list[Content] = []
        for table_id in scene.tables:
            table = module.tables.get(table_id)
            title = table.title if table else table_id
            die = f"  ({table.die})" if table else ""
            rows.append(Content.assemble("Table: ", link(title, "detail", "table", table_id), die))
        record = self._record()
        given = record.handouts if record is not None else {}
        for handout_id in scene.handouts:
            handout = module.handouts.get(handout_id)
            title = handout.title if handout else handout_id
            mark = Content("")
            if handout_id in given:
                to = given[handout_id].get("to")
                mark = markup("  [$success]✓ given$to[/]", to=f" to {to}" if to else "")
            rows.append(
                Content.assemble("Handout: ", link(title, "detail", "handout", handout_id), mark)
            )
        for clock_id in scene.clocks:
            clock = module.clocks.get(clock_id)
            text = f"{clock.name} ({clock.segments} segments)" if clock else clock_id
            rows.append(Content.assemble("Clock: ", text))
        return Content("\n").join(rows)

    @work(thread=True, exclusive=True, exit_on_error=False, group="check-odds")
    def _work_out_odds(self, scene: Scene, checks: list[tuple[str, Check]]) -> None:
        ruleset = self.module.ruleset
        worker = get_current_worker()
        for index, (_, check) in enumerate(checks):
            if worker.is_cancelled:
                return
            if not describe_target(ruleset, check):
                continue
            try:
                body = odds_body(self.module, check)
            except CampaignError as error:
                body = Content(f"odds not available: {error}")
            if body is not None:
                self.post_message(self.CheckOdds(scene, index, body))

    @work(thread=True, exclusive=True, exit_on_error=False, group="forecast")
    def _forecast(self, scene: Scene, fight: Fight) -> None:
        """The fight's forecast line, worked out after the pane is drawn (numpy loads here)."""
        line = forecast_line(self.module, fight)
        self.app.call_from_thread(self._forecast_ready, scene, line)

    def _forecast_ready(self, scene: Scene, line: Content) -> None:
        if scene is self.view:
            for static in self.query("#fight-forecast").results(Static):
                static.update(line)

    @on(CheckOdds)
    def _odds_ready(self, event: CheckOdds) -> None:
        if event.view is not self.view:
            return
        for static in self.query(f"#check-odds-{event.index}").results(Static):
            static.update(event.body)

    @on(Button.Pressed, ".exit")
    def _exit_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, ExitButton):
            self.post_message(GoTo("scene", event.button.target))

    def follow_exit(self, number: int) -> bool:
        """Follow the scene's exit `number` (1-based); False if there is none."""
        view = self.view
        if not isinstance(view, Scene) or not 1 <= number <= len(view.exits):
            return False
        self.post_message(GoTo("scene", view.exits[number - 1].to))
        return True

    # --- an act -----------------------------------------------------------------

    def _act(self, act: Act) -> Iterator[Widget]:
        module = self.module
        yield Static(Content(f"Act {act.number} · {act.title}"), classes="view-title")
        if act.summary:
            yield Static(Content(act.summary.strip()), classes="view-summary")
        yield Section("Overview", md(act.overview), classes="overview")
        if act.goals:
            yield Section("Goals", md(act.goals))
        if act.ending:
            yield Section("Ending", md(act.ending))
        scenes = [
            Content.assemble(
                f"{number}. ",
                link(module.scenes[scene_id].title, "goto", "scene", scene_id),
                markup(
                    "[$text-muted]$summary[/]",
                    summary=f" — {module.scenes[scene_id].summary}"
                    if module.scenes[scene_id].summary
                    else "",
                ),
            )
            for number, scene_id in enumerate(act.scenes, start=1)
            if scene_id in module.scenes
        ]
        if scenes:
            yield Section("Scenes", Content("\n").join(scenes))
        if act.clocks:
            lines = Lines()
            for clock_id in act.clocks:
                clock = module.clocks.get(clock_id)
                if clock is None:
                    continue
                lines.add(
                    "• [b]$name[/] ($segments segments) $description",
                    name=clock.name,
                    segments=clock.segments,
                    description=clock.description.strip(),
                )
                lines.add("    [$text-muted]when full[/] $text", text=clock.when_full.strip())
            yield Section("Clocks", lines.content())
        if act.alternatives:
            lines = Lines()
            for path in act.alternatives:
                lines.add("• [b]$title[/]", title=path.title)
                lines.add("    [$text-muted]if[/] $text", text=path.trigger.strip())
                lines.add("    [$text-muted]then[/] $text", text=path.consequence.strip())
                if path.affects:
                    lines.add("    [$text-muted]changes[/] $acts", acts=", ".join(path.affects))
            yield Section("Alternatives", lines.content())
        record = self._record()
        if act.outcomes:
            lines = Lines()
            answers = record.outcomes if record is not None else {}
            for outcome in act.outcomes:
                lines.add("• [b]$question[/]", question=outcome.question)
                for option in outcome.options:
                    default = " (default)" if option.id == outcome.default else ""
                    if answers.get(outcome.id) == option.id:
                        lines.add(
                            "    [$success]✓ $label$default[/]", label=option.label, default=default
                        )
                    else:
                        lines.add("    – $label$default", label=option.label, default=default)
            yield Section("Outcomes (O records one)", lines.content())
        if act.threads and record is not None:
            yield Section("Threads from earlier acts", self._threads(act))
        elif act.threads:
            lines = Lines()
            for thread in act.threads:
                lines.add("• [b]$outcome[/]", outcome=_outcome_question(module, thread.outcome))
                for effect in thread.effects:
                    lines.add(
                        "    [$text-muted]$option:[/] $effect",
                        option=effect.option,
                        effect=effect.effect.strip(),
                    )
            yield Section("Threads from earlier acts", lines.content())

    def _threads(self, act: Act) -> Content:
        """Each earlier outcome this act depends on: what happened and what it changes."""
        from campaign.session import Continuity
        from campaign.tui.session_access import current_session

        session = current_session(self.app)
        assert session is not None
        lines = Lines()
        for thread in Continuity(session, self.module).threads(act.id):
            lines.add("• [b]$question[/]", question=thread.question)
            if thread.recorded:
                lines.add("    [$success]✓ $answer[/]", answer=thread.option_label)
            elif thread.option_id:
                lines.add("    [$text-muted]default:[/] $answer", answer=thread.option_label)
            else:
                lines.add("    [$warning]not settled yet[/]")
            if thread.effect:
                lines.add("    [$text-muted]so:[/] $effect", effect=thread.effect.strip())
        return lines.content()


def _scene_checks(scene: Scene) -> Iterator[tuple[str, Check]]:
    """The scene's checks, its set piece's and its clues' rolls, with where each comes from."""
    for check in scene.checks:
        yield "", check
    if scene.set_piece is not None:
        for stage in scene.set_piece.stages:
            for check in stage.checks:
                yield stage.title, check
    for _, check in clue_checks(scene):
        yield "", check  # the task says "Clue: ..."


def _outcome_question(module: Module, outcome_id: str) -> str:
    for act in module.acts.values():
        for outcome in act.outcomes:
            if outcome.id == outcome_id:
                return outcome.question
    return outcome_id


def _joined(parts: Iterable[Content]) -> list[Content]:
    out: list[Content] = []
    for index, part in enumerate(parts):
        if index:
            out.append(Content(", "))
        out.append(part)
    return out
