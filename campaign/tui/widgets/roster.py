"""Cells shared by the combat tracker and the PC roster: health bars, use boxes,
condition chips. Plain functions returning Content; no state."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from campaign.session.combat import ActiveCondition

BAR_WIDTH = 10
MAX_BOXES = 20
"""More wound boxes than this are drawn as a bar instead."""


def health_cell(track: str, health: int, damage: int) -> Content:
    """'hp': a bar of what remains and remaining/max; 'wounds': filled boxes and filled/max."""
    health = max(1, health)
    damage = max(0, min(health, damage))
    remaining = health - damage
    if track == "wounds" and health <= MAX_BOXES:
        colour = "$error" if remaining == 0 else "$warning" if remaining <= 1 else "$accent"
        return Content.from_markup(
            f"[{colour}]$filled[/][$text-muted]$empty[/] $count",
            filled="■" * damage,
            empty="□" * remaining,
            count=f"{damage}/{health}",
        )
    share = remaining / health
    filled = round(BAR_WIDTH * share)
    if remaining > 0 and filled == 0:
        filled = 1
    colour = "$success" if share > 0.5 else "$warning" if share > 0.25 else "$error"
    return Content.from_markup(
        f"[{colour}]$filled[/][$text-muted]$empty[/] $count",
        filled="█" * filled,
        empty="░" * (BAR_WIDTH - filled),
        count=f"{remaining}/{health}",
    )


def uses_cell(name: str, spent: int, uses: int | None) -> Content:
    """A gadget with a box per use: filled boxes are uses left."""
    if uses is None:
        return Content.from_markup(
            "$name [$text-muted](no limit, used $spent)[/]", name=name, spent=spent
        )
    left = max(0, uses - spent)
    return Content.from_markup(
        "$name [$accent]$left[/][$text-muted]$spent[/]",
        name=name,
        left="■" * left,
        spent="□" * (uses - left),
    )


def wrapped(content: Content, width: int) -> Content:
    """The content broken into lines of `width` cells, for a table row of automatic
    height: a DataTable draws Content on one line and crops it, so a long cell is
    folded here (each line keeps its styles)."""
    if width < 1 or content.cell_length <= width:
        return content
    return Content("\n").join(line.rstrip() for line in content.wrap(width))


def condition_text(condition: ActiveCondition) -> str:
    """'Pinned 1r@end', 'Drugged save 9@end': what it is, how long, when it ticks."""
    parts = [condition.name]
    if condition.rounds is not None:
        parts.append(f"{condition.rounds}r")
    if condition.save is not None and condition.save_target is not None:
        parts.append(f"save {condition.save_target}")
    return " ".join(parts) + f"@{condition.ticks}"


def condition_chips(conditions: Iterable[ActiveCondition]) -> Content:
    """Each condition as a chip, with rounds left and when it ticks."""
    chips = [
        Content.from_markup("[reverse $warning] $text [/]", text=condition_text(condition))
        for condition in conditions
    ]
    return Content(" ").join(chips)
