"""More of a scene as the GM reads it: the read-aloud that applies now, NPCs' voices, and
the forecast of the fight it starts.

- Read-aloud: with variants, the first whose condition holds for the open
  session (`campaign.session.when`), the others folded beneath it; without a
  session (a rehearsal), the scene's own text with the variants folded.
- Voices: an NPC present gets its mannerism and first line, to play at once.
- Forecast: a scene (or set piece) that declares a fight gets one line for
  the module's pregens, worked out in a worker after the pane is drawn.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Collapsible, Static

from campaign.model import NPC, Fight, Module, Scene
from campaign.session import SessionState
from campaign.session.combat import declared_fight
from campaign.tui.emphasis import md
from campaign.tui.render import markup

FORECAST_RUNS = 2_000
"""Runs for the scene pane's forecast line: an interval of about ±2 points, quickly."""


def read_aloud_widgets(
    module: Module, scene: Scene, state: SessionState | None
) -> Iterator[Widget]:
    """The read-aloud box (the text that applies now), then the other versions folded."""
    from campaign.session.when import facts_of, read_aloud_for

    text, chosen = scene.read_aloud, None
    if state is not None and scene.variants:
        text, chosen = read_aloud_for(scene, facts_of(state, module))
    if text:
        box = Static(md(text), classes="read-aloud")
        label = chosen.label if chosen is not None and chosen.label else ""
        box.border_title = f"Read aloud · {label}" if label else "Read aloud"
        yield box
    others = [(v.label or f"Version {i}", v.read_aloud) for i, v in enumerate(scene.variants, 1)]
    if chosen is not None:
        others = [(name, body) for name, body in others if body != chosen.read_aloud]
        others.insert(0, ("As written", scene.read_aloud))
    if others:
        folded = [
            Static(Content.assemble(markup("[b]$n[/]\n", n=name), md(body)))
            for name, body in others
        ]
        yield Collapsible(
            Vertical(*folded), title=f"Other read-aloud ({len(others)})", collapsed=True
        )


def voice_line(npc: NPC | None) -> Content | None:
    """An NPC's mannerism and first sample line, muted, under its name."""
    voice = npc.voice if npc is not None else None
    if voice is None or not (voice.mannerism or voice.lines):
        return None
    said = f"“{voice.lines[0]}”" if voice.lines else ""
    return markup("    [$text-muted i]$how $said[/]", how=voice.mannerism, said=said)


def scene_fight(scene: Scene) -> Fight | None:
    """The fight a scene declares, its own or its set piece's (the tracker's `a` adds it)."""
    return declared_fight(scene)


def forecast_line(module: Module, fight: Fight) -> Content:
    """One line: how the declared fight usually goes for the module's pregens."""
    from campaign.errors import CampaignError
    from campaign.forecast import fight_of, forecast_plan, plan_for

    try:
        opposition, notes = fight_of(fight)
        policies = {"agents": fight.policy.agents, "opposition": fight.policy.opposition}
        plan = plan_for(
            module,
            opposition,
            situation=fight.situation,
            policies=policies,  # type: ignore[arg-type]
            notes=notes,
        )
        result = forecast_plan(plan, runs=FORECAST_RUNS, seed=1)
    except CampaignError as error:
        return Content(f"forecast not available: {error}")
    band = ""
    if fight.band is not None:
        low, high = fight.band.agents_win
        band = f" (meant {low:.0%}-{high:.0%})"
    elif fight.deadly:
        band = " (meant to be deadly)"
    win = result.agents_win
    return markup(
        "[b]Forecast[/] agents win ~$win$band, an agent down $down, median $rounds rounds",
        win=f"{win.p:.0%}",
        band=band,
        down=f"{result.someone_down:.0%}",
        rounds=result.rounds_median.value,
    )
