"""The exceptions a handout render raises or refuses with."""

from __future__ import annotations

import jinja2
from jinja2.exceptions import SecurityError

from campaign.errors import CampaignError
from campaign.handouts.typst_wrapper import TypstPosition


class HandoutError(CampaignError):
    """A handout that cannot be rendered: a located template error or a refused request."""

    title = "Handout error"

    def __init__(
        self, message: str, *, location: str = "", handout: str = "", subject: str | None = None
    ) -> None:
        self.message = message
        self.location = location
        self.handout = handout
        self.subject = subject
        """The text a filter was working on when a limit was hit (None if not known)."""
        text = f"{location}: {message}" if location else message
        if handout:
            text += f" (handout {handout})"
        super().__init__(text)


class TypstCompileError(HandoutError):
    """Typst refused a handout's source; `position` is where its report put the error
    (None when it named no place). `campaign validate` maps it back to a template line."""

    def __init__(self, message: str, *, position: TypstPosition | None) -> None:
        super().__init__(message)
        self.position = position


class TypstLimitError(HandoutError):
    """The Typst child ran past its time or memory limit on a source (`limit` says which:
    "time" or "memory"). Whose Typst it was is for the caller to say: a module template's,
    or the toolkit's own templates typesetting the module's text."""

    def __init__(self, message: str, *, limit: str, bound: str) -> None:
        super().__init__(message)
        self.limit = limit
        self.bound = bound
        """The limit as it reads: "5 s", "1,024 MB"."""


class TemplateLimitError(SecurityError):
    """A template hit one of the sandbox's limits."""

    subject: str | None = None
    """The text a filter was working on when the limit was hit, if one was."""


class TemplateRefused(jinja2.TemplateError):
    """A template name or file the loader will not read."""
