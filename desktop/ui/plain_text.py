"""Text from cables and notes, shown by widgets that would otherwise guess it is HTML."""

from __future__ import annotations

from desktop.render.html import text


def tooltip(value: str) -> str:
    """Text as a tooltip Qt cannot mistake for rich text (Qt renders a tooltip that merely
    looks like HTML as HTML, images and all): escaped, lines kept, wrapped in ``<qt>``."""
    if not value:
        return ""
    return "<qt>" + text(value).replace("\n", "<br/>") + "</qt>"
