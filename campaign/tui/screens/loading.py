"""Shown while a module loads in a thread worker."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Static


class LoadingScreen(Screen[None]):
    CSS_PATH = "screens.tcss"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content(f"Loading {self.path} …"), id="loading-what")
        yield LoadingIndicator()
        yield Footer()
