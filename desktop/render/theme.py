"""Colours and fonts shared by the viewer and the PDF export."""

from __future__ import annotations

from dataclasses import dataclass

#: The conventional US classification colours (banner and cover-sheet colours).
CLASSIFICATION_COLOURS: dict[str, str] = {
    "TOP SECRET": "#d45500",
    "SECRET": "#c8102e",
    "CONFIDENTIAL": "#0033a0",
    "UNCLASSIFIED": "#007a33",
}

#: Highlight colours for notes: light enough to read black text on.
NOTE_COLOURS: dict[str, str] = {
    "yellow": "#fff2a8",
    "green": "#c9f2c2",
    "blue": "#cfe3ff",
    "pink": "#ffd3e6",
    "orange": "#ffddb3",
    "purple": "#e3d5ff",
}


def classification_colour(classification: str) -> str:
    """The colour of a classification, by its level (the part before ``//``)."""
    level = classification.split("//")[0].strip().upper()
    return CLASSIFICATION_COLOURS.get(level, "#555555")


@dataclass(frozen=True)
class Theme:
    text: str = "#1b1b1b"
    dim: str = "#8a8a8a"
    pilcrow: str = "#9a9a9a"
    heading: str = "#444444"
    rule: str = "#c8c8c8"
    box_bg: str = "#f7f7f4"
    header_bg: str = "#ececec"
    warning_bg: str = "#fff4d6"
    warning_border: str = "#e0b84c"
    unresolved: str = "#9a6b6b"
    mono_family: str = "DejaVu Sans Mono, Menlo, Consolas, Courier New, monospace"
    sans_family: str = "DejaVu Sans, Segoe UI, Helvetica, Arial, sans-serif"

    @property
    def page_style(self) -> str:
        return f"font-family:{self.sans_family};color:{self.text}"

    @property
    def mono_style(self) -> str:
        return f"font-family:{self.mono_family};white-space:pre-wrap;margin:0"
