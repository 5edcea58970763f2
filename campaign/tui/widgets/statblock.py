"""A stat block laid out like a printed adventure's, with rollable numbers.

Attacks, skills, attributes, abilities and gadgets with a roll are `RollChip`s:
focus one (tab, or up/down between them) and press enter, or click it, and it
posts a `RollRequest` with the NPC's name as the source. An attack's chip rolls
to hit; `D` on it, or a click on its damage chip, rolls the damage. Skills and
attributes roll the ruleset's check template filled with the character's own
numbers (`campaign.checks.check_roll`, which knows d20 modifiers and every
check family, so the number on a chip is the one its roll adds).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, ItemGrid, Vertical, VerticalScroll
from textual.content import Content
from textual.errors import NoWidget
from textual.events import Click
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from campaign.characters import attribute_bonus, max_health
from campaign.checks import CheckRoll, check_roll
from campaign.model import PC, Ability, Check, CheckRules, Module, StatBlock
from campaign.tui.emphasis import md
from campaign.tui.messages import RollRequest
from campaign.tui.render import dice_text, markup


def _signed(value: int) -> str:
    return f"+{value}" if value >= 0 else str(value)


def _against(roll: CheckRoll, rules: CheckRules) -> str:
    """What a chip rolls: the check's dice, with ' vs N' when the ruleset's default
    difficulty gives a target, so the tray reads the roll as the ruleset reads a check.
    (A roll-under target divided from the skill is left out: the tray would read its
    extreme and hard bands from the divided number, not the skill.)"""
    if roll.target is None:
        return roll.expression
    if rules.family == "roll-under" and roll.base not in (None, roll.target.number):
        return roll.expression
    return f"{roll.expression} vs {roll.target.number}"


def _rating_label(name: str, rating: int, roll: CheckRoll) -> str:
    """'Shooting 3 (+3)': the rating, then what its roll adds, as the tray will roll it."""
    if roll.dice is not None:
        return f"{name} {rating} ({roll.shown})"
    if roll.base is not None:
        return f"{name} {rating}" if roll.base == rating else f"{name} {rating} (≤ {roll.base})"
    return f"{name} {rating} ({roll.shown})"


class RollChip(Static, can_focus=True):
    """A number on the stat block that rolls: enter, or a click."""

    DEFAULT_CSS = """
    RollChip {
        width: auto;
        max-width: 100%;
        height: auto;
        padding: 0 1;
        margin-right: 1;
        background: $boost;
        color: $text;
    }
    RollChip:hover {
        background: $primary 30%;
    }
    RollChip:focus {
        background: $accent;
        color: $text-accent;
        text-style: bold;
    }
    RollChip.-damage {
        background: $error 15%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "roll", "Roll", id="statblock.roll", tooltip="Roll this"),
        Binding(
            "D",
            "roll_damage",
            "Damage",
            id="statblock.damage",
            tooltip="Roll this attack's damage",
        ),
        # up and down keep to the column the grid shows (its rows wrap with the width);
        # left and right go along the row, in reading order
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
        Binding("left", "app.focus_previous", "Previous", show=False),
    ]

    def __init__(
        self,
        label: str | Content,
        expression: str,
        source: str,
        *,
        damage: str | None = None,
        damage_source: str = "",
        classes: str = "",
    ) -> None:
        super().__init__(label, classes=classes, markup=False)
        self.expression = expression
        self.source = source
        self.damage = damage
        self.damage_source = damage_source
        self.tooltip = f"Roll {expression}" + (f" · D: damage {damage}" if damage else "")
        self.column: int | None = None
        """The screen column up and down keep to, while they move the focus."""

    def action_roll(self) -> None:
        self.post_message(RollRequest(self.expression, self.source))

    def action_roll_damage(self) -> None:
        if self.damage:
            self.post_message(RollRequest(self.damage, self.damage_source))
        else:
            self.app.bell()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "roll_damage":
            return bool(self.damage)
        return True

    def on_click(self, event: Click) -> None:
        event.stop()
        self.focus()
        self.action_roll()

    def on_blur(self) -> None:
        self.column = None

    def action_move(self, step: int) -> None:
        """The chip on the nearest line below (step 1) or above (-1), in this chip's column
        as drawn; past the last line (or the first), on to the next (previous) focus.

        The column is the one the up/down moves started from (as a text editor keeps
        it): grids of different widths do not line up, and down then up comes back."""
        chips = [chip for chip in self.screen.query(RollChip) if chip.display]
        try:
            here = self.screen.find_widget(self).region
        except NoWidget:
            return
        column = here.x if self.column is None else self.column
        target = chip_in_column(self.screen, here.translate((column - here.x, 0)), chips, step)
        if target is not None:
            target.column = column
            target.focus()
        elif step > 0:
            self.app.action_focus_next()
        else:
            self.app.action_focus_previous()


def chip_in_column(
    screen: Screen[object], here: Region, chips: list[RollChip], step: int
) -> RollChip | None:
    """The chip drawn on the nearest line below (or above) `here`, nearest its column.

    Places come from the screen's whole layout (`find_widget`), so chips scrolled
    out of view count too."""
    placed: list[tuple[Region, RollChip]] = []
    for chip in chips:
        try:
            placed.append((screen.find_widget(chip).region, chip))
        except NoWidget:  # not laid out (hidden): not a place to move to
            continue
    if step > 0:
        lines = [region.y for region, _ in placed if region.y >= here.bottom]
        line = min(lines, default=None)
    else:
        lines = [region.y for region, _ in placed if region.bottom <= here.y]
        line = max(lines, default=None)
    if line is None:
        return None
    row = [(region, chip) for region, chip in placed if region.y == line]

    def distance(region: Region) -> tuple[int, int]:
        # the chip sharing the most columns with this one, else the nearest left edge
        shared = min(here.right, region.right) - max(here.x, region.x)
        return (-max(shared, 0), abs(region.x - here.x))

    return min(row, key=lambda placed_chip: distance(placed_chip[0]))[1]


class StatBlockView(VerticalScroll):
    """One NPC's or PC's stat block; set `show(block)` to change it."""

    DEFAULT_CSS = """
    StatBlockView {
        padding: 0 1;
    }
    StatBlockView .sb-name {
        text-style: bold;
        color: $accent;
        padding-top: 1;
    }
    StatBlockView .sb-role {
        text-style: italic;
        color: $text-muted;
    }
    StatBlockView .sb-section {
        border-top: solid $panel-lighten-2;
        border-title-color: $accent;
        border-title-style: bold;
        margin-top: 1;
        height: auto;
    }
    StatBlockView ItemGrid {
        height: auto;
        grid-gutter: 0 0;
    }
    StatBlockView HorizontalGroup {
        height: auto;
    }
    StatBlockView .sb-gm {
        border: round $warning;
        border-title-color: $warning;
        border-title-style: bold;
        margin-top: 1;
        padding: 0 1;
        height: auto;
        background: $warning 8%;
    }
    StatBlockView .sb-voice {
        padding: 0 1;
        margin-bottom: 1;
        border: round $secondary;
    }
    StatBlockView .sb-muted {
        color: $text-muted;
    }
    StatBlockView .sb-note {
        padding-left: 2;
    }
    StatBlockView .sb-empty {
        color: $text-muted;
        padding: 1;
    }
    """

    def __init__(self, module: Module, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.module = module
        self.block: StatBlock | None = None

    def show(self, block: StatBlock | None) -> None:
        """Show another stat block (None: a hint)."""
        if block is self.block and self.children:
            return
        self.block = block
        self.remove_children()
        self.mount_all(list(self._widgets()))
        self.scroll_home(animate=False)

    def on_mount(self) -> None:
        if not self.children:
            self.mount_all(list(self._widgets()))

    def chips(self) -> list[RollChip]:
        return list(self.query(RollChip))

    # --- building ---------------------------------------------------------------

    def _widgets(self) -> Iterator[Widget]:
        block = self.block
        if block is None:
            yield Static("No one matches: change the search or the tag.", classes="sb-empty")
            return
        name = block.name
        yield from self._heading(block)
        yield from self._checks(block)
        yield self._vitals(block)
        if block.attacks:
            yield self._attacks(block)
        yield from self._abilities("Traits", block.traits, name)
        yield from self._abilities("Actions", block.actions, name)
        yield from self._abilities("Reactions", block.reactions, name)
        yield from self._abilities("Legendary actions", block.legendary_actions, name)
        if isinstance(block, PC):
            yield from self._pc_sections(block)
        yield from self._gm_only(block)

    def _heading(self, block: StatBlock) -> Iterator[Widget]:
        """Name, role (a PC's concept first), tags and description."""
        yield Static(Content(block.name), classes="sb-name")
        role = block.role
        if isinstance(block, PC) and block.concept:
            role = f"{block.concept} · {role}" if role else block.concept
        if role:
            yield Static(Content(role), classes="sb-role")
        if block.tags:
            yield Static(Content(" ".join(f"#{tag}" for tag in block.tags)), classes="sb-muted")
        if block.description:
            yield Static(md(block.description), classes="sb-description")
        voice = block.voice
        if voice is not None and (voice.mannerism or voice.lines):
            said = [Content(f"“{line}”") for line in voice.lines]
            how = [markup("[i]$how[/]", how=voice.mannerism)] if voice.mannerism else []
            box = Static(Content("\n").join([*how, *said]), classes="sb-voice")
            box.border_title = "Voice"
            yield box

    def _checks(self, block: StatBlock) -> Iterator[Widget]:
        """Attributes and skills, each a chip that rolls the check template."""
        ruleset = self.module.ruleset
        name = block.name
        d20 = ruleset.check.attribute_bonus == "d20-modifier"
        attribute_chips: list[Widget] = []
        for attribute in ruleset.attributes:
            if attribute.id not in block.attributes and not d20:
                continue
            value = block.attributes.get(attribute.id, 10 if d20 else 0)
            filled = check_roll(
                ruleset, block, Check(task=attribute.name, attribute=attribute.id), unrolled=False
            )
            shown = (
                f"{attribute.name} {value} ({_signed(attribute_bonus(ruleset, value))})"
                if d20
                else f"{attribute.name} {value}"
            )
            attribute_chips.append(
                RollChip(
                    shown,
                    _against(filled, ruleset.check),
                    f"{name}: {attribute.name}",
                    classes="-attribute",
                )
            )
        if attribute_chips:
            grid = ItemGrid(*attribute_chips, min_column_width=16, classes="sb-section")
            grid.border_title = "Attributes"
            yield grid
        skill_chips: list[Widget] = []
        for skill in ruleset.skills:
            if skill.id not in block.skills:
                continue
            filled = check_roll(
                ruleset, block, Check(task=skill.name, skill=skill.id), unrolled=False
            )
            label = _rating_label(skill.name, block.skills[skill.id], filled)
            skill_chips.append(
                RollChip(label, _against(filled, ruleset.check), f"{name}: {skill.name}")
            )
        if skill_chips:
            grid = ItemGrid(*skill_chips, min_column_width=22, classes="sb-section")
            grid.border_title = "Skills"
            yield grid

    def _vitals(self, block: StatBlock) -> Widget:
        """Health, defences, speed, properties."""
        ruleset = self.module.ruleset
        lines: list[Content] = []
        health = max_health(ruleset, block)
        if ruleset.health.track == "wounds":
            shown_health = f"{'☐ ' * health}".strip() + f"  ({health})"
        else:
            shown_health = str(health) + (f" ({block.health_roll})" if block.health_roll else "")
        lines.append(markup("[b]$label:[/] $value", label=ruleset.health.name, value=shown_health))
        if block.defences:
            shown = ", ".join(f"{key} {value}" for key, value in block.defences.items())
            lines.append(markup("[b]Defences:[/] $value", value=shown))
        if block.speed:
            lines.append(markup("[b]Speed:[/] $value", value=block.speed))
        for key, text in block.properties.items():
            lines.append(markup("[b]$key:[/] $value", key=key, value=text))
        stats = Static(Content("\n").join(lines), classes="sb-section sb-stats")
        stats.border_title = "Vitals"
        return stats

    def _attacks(self, block: StatBlock) -> Widget:
        """One row per attack: its to-hit chip (D rolls damage), its damage chip, notes."""
        name = block.name
        rows: list[Widget] = []
        for attack in block.attacks:
            parts: list[Widget] = []
            what = f"{name}: {attack.name}"
            damage_source = f"{name}: {attack.name} damage"
            # '1d20+0' is shown and rolled as '1d20': the same roll, without a dangling +0
            damage = dice_text(attack.damage) if attack.damage else None
            if attack.roll:
                to_hit = dice_text(attack.roll)
                parts.append(
                    RollChip(
                        f"{attack.name} {to_hit}",
                        to_hit,
                        what,
                        damage=damage,
                        damage_source=damage_source,
                        classes="-attack",
                    )
                )
            else:
                parts.append(Static(Content.styled(attack.name, "bold"), classes="sb-label"))
            if damage:
                parts.append(RollChip(f"damage {damage}", damage, damage_source, classes="-damage"))
            rows.append(HorizontalGroup(*parts))
            notes = " · ".join(part for part in (attack.range, attack.notes.strip()) if part)
            if notes:  # a line of its own, so a long note wraps instead of running off
                rows.append(Static(Content(notes), classes="sb-muted sb-note"))
        section = Vertical(*rows, classes="sb-section")
        section.border_title = "Attacks"
        return section

    def _pc_sections(self, block: PC) -> Iterator[Widget]:
        """What only a pregenerated character has: gear, gadgets, background."""
        name = block.name
        if block.gear:
            gear = Static(Content(", ".join(block.gear)), classes="sb-section")
            gear.border_title = "Gear"
            yield gear
        if block.gadgets:
            gadgets: list[Widget] = []
            for gadget in block.gadgets:
                uses = f" ({gadget.uses} uses)" if gadget.uses else ""
                parts: list[Widget] = []
                if gadget.roll:
                    parts.append(
                        RollChip(
                            f"{gadget.name} {gadget.roll}",
                            gadget.roll,
                            f"{name}: {gadget.name}",
                        )
                    )
                else:
                    parts.append(Static(Content.styled(gadget.name, "bold")))
                gadgets.append(HorizontalGroup(*parts))
                gadgets.append(
                    Static(Content.assemble((uses.strip(), "italic"), " ", md(gadget.effect)))
                )
            section = Vertical(*gadgets, classes="sb-section")
            section.border_title = "Gadgets"
            yield section
        if block.background:
            background = Static(md(block.background), classes="sb-section")
            background.border_title = "Background"
            yield background

    def _gm_only(self, block: StatBlock) -> Iterator[Widget]:
        """Tactics, true allegiance and secret, boxed as not to be read aloud."""
        gm_lines: list[Content] = []
        if block.tactics:
            gm_lines.append(Content.assemble(markup("[b]Tactics:[/] "), md(block.tactics)))
        if block.allegiance:
            gm_lines.append(
                markup(
                    "[b]Allegiance:[/] seems $apparent; [b]truly[/] $true",
                    apparent=block.allegiance.apparent,
                    true=block.allegiance.true,
                )
            )
        if block.secret:
            gm_lines.append(Content.assemble(markup("[b]Secret:[/] "), md(block.secret)))
        if gm_lines:
            secret = Static(Content("\n").join(gm_lines), classes="sb-gm")
            secret.border_title = "GM only — do not read aloud"
            yield secret

    def _abilities(
        self, title: str, abilities: tuple[Ability | str, ...] | tuple[Ability, ...], name: str
    ) -> Iterator[Widget]:
        if not abilities:
            return
        rows: list[Widget] = []
        for item in abilities:
            if isinstance(item, str):
                rows.append(Static(Content.assemble("• ", md(item))))
                continue
            head = item.name + (f" ({item.uses})" if item.uses else "")
            if item.roll:
                rows.append(
                    HorizontalGroup(
                        RollChip(f"{head} {item.roll}", item.roll, f"{name}: {item.name}"),
                    )
                )
                rows.append(Static(md(item.text)))
            else:
                rows.append(
                    Static(Content.assemble(markup("• [b]$head[/] ", head=head), md(item.text)))
                )
        section = Vertical(*rows, classes="sb-section")
        section.border_title = title
        yield section
