"""The written-out key names agree with Textual's own lookups (issue 20)."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.keys import _character_to_key

from campaign.tui.app import CampaignApp
from campaign.tui.key_names import PRINTABLE_KEYS, PUNCTUATION_KEYS, KeyDisplay


def test_the_printable_keys_are_textuals_names_of_printable_ascii() -> None:
    assert {_character_to_key(chr(code)) for code in range(32, 127)} == PRINTABLE_KEYS


def test_each_punctuation_key_names_its_character() -> None:
    for key, character in PUNCTUATION_KEYS.items():
        assert _character_to_key(character) == key


class _Plain(App[None]):
    pass


def test_keys_display_as_textual_displays_them() -> None:
    ours, textuals = CampaignApp.__new__(CampaignApp), _Plain()
    assert isinstance(ours, KeyDisplay)
    keys = [*PRINTABLE_KEYS, "enter", "escape", "f1", "ctrl+s", "shift+tab", "pageup", "up"]
    for key in keys:
        for display in ("", "Go"):
            binding = Binding(key, "noop", "", key_display=display or None)
            assert ours.get_key_display(binding) == textuals.get_key_display(binding), key
