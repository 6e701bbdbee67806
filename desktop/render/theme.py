"""Colours and fonts shared by the viewer and the PDF export."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.annotations.models import COLOURS, DEFAULT_COLOUR

#: The conventional US classification colours (banner and cover-sheet colours).
CLASSIFICATION_COLOURS: dict[str, str] = {
    "TOP SECRET": "#d45500",
    "SECRET": "#c8102e",
    "CONFIDENTIAL": "#0033a0",
    "UNCLASSIFIED": "#007a33",
}
UNKNOWN_CLASSIFICATION_COLOUR = "#555555"

#: How each note colour is painted: a highlight light enough to read black text on...
NOTE_COLOURS: dict[str, str] = dict(zip(COLOURS, (
    "#fff2a8", "#c9f2c2", "#cfe3ff", "#ffd3e6", "#ffddb3", "#e3d5ff"), strict=True))
#: ...and a stronger tone of it, for the bar beside a note written out in print.
NOTE_BAR_COLOURS: dict[str, str] = dict(zip(COLOURS, (
    "#d9b300", "#3f9a32", "#3a78d8", "#d6407f", "#e07b00", "#7a4fd0"), strict=True))


def note_colour(name: str) -> str:
    """The highlight of a note colour name (the default colour's for an unknown name)."""
    return NOTE_COLOURS.get(name, NOTE_COLOURS[DEFAULT_COLOUR])


def note_bar_colour(name: str) -> str:
    return NOTE_BAR_COLOURS.get(name, NOTE_BAR_COLOURS[DEFAULT_COLOUR])


def classification_level(classification: str) -> str:
    """The level of a classification: the part before ``//``, upper-cased."""
    return classification.split("//")[0].strip().upper()


def classification_colour(classification: str) -> str:
    """The colour of a classification, by its level."""
    return CLASSIFICATION_COLOURS.get(classification_level(classification),
                                      UNKNOWN_CLASSIFICATION_COLOUR)


#: Levels from lowest to highest, for "the highest classification" of a set of cables.
LEVELS: tuple[str, ...] = ("UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET")


def highest_classification(classifications: list[str]) -> str:
    """The most restrictive of several classifications, as written (caveats kept)."""
    def rank(c: str) -> tuple[int, int]:
        level = classification_level(c)
        return (LEVELS.index(level) if level in LEVELS else -1, len(c))

    return max(classifications, key=rank) if classifications else ""


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
    note_bg: str = "#fbfbf6"
    mono_family: str = "DejaVu Sans Mono, Menlo, Consolas, Courier New, monospace"
    sans_family: str = "DejaVu Sans, Segoe UI, Helvetica, Arial, sans-serif"

    @property
    def page_style(self) -> str:
        return f"font-family:{self.sans_family};color:{self.text}"

    @property
    def mono_style(self) -> str:
        return f"font-family:{self.mono_family};white-space:pre-wrap;margin:0"
