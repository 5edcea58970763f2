"""Chapters: the Markdown front matter a module carries (how to run it, a timeline...)."""

from __future__ import annotations

from dataclasses import field

from campaign.model.base import Model, model_class
from campaign.model.common import Id, Text


@model_class
class ChapterMeta(Model):
    """What a chapter's front matter (the YAML between `---` lines at its top) may say."""

    title: str | None = None
    """The chapter's title; its first `# heading`, else its file name, if left out."""
    public: bool = False
    """Whether players may be shown or given it (most chapters are for the GM)."""
    print: bool = True
    """Whether `campaign handout --chapters` prints it."""


@model_class
class Chapter(Model):
    """One chapter of a module's book, read from `chapters/ID.md`."""

    id: Id
    """The file's name without `.md` ('running-the-campaign')."""
    title: str
    """Its title."""
    text: Text
    """Its Markdown, front matter left out."""
    public: bool = False
    """Whether players may see it."""
    print: bool = True
    """Whether it is printed with the chapters."""
    line: int = field(default=1, metadata={"ge": 1})
    """The line of the file where the text begins (after the front matter)."""
