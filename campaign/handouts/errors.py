"""The exceptions a handout render raises or refuses with."""

from __future__ import annotations

import jinja2
from jinja2.exceptions import SecurityError

from campaign.errors import CampaignError


class HandoutError(CampaignError):
    """A handout that cannot be rendered: a located template error or a refused request."""

    title = "Handout error"

    def __init__(self, message: str, *, location: str = "", handout: str = "") -> None:
        self.message = message
        self.location = location
        self.handout = handout
        text = f"{location}: {message}" if location else message
        if handout:
            text += f" (handout {handout})"
        super().__init__(text)


class TemplateLimitError(SecurityError):
    """A template hit one of the sandbox's limits."""


class TemplateRefused(jinja2.TemplateError):
    """A template name or file the loader will not read."""
