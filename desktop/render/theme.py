"""Colours and fonts shared by the viewer and the PDF export, for a light and a dark page."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from desktop.annotations.models import COLOURS, DEFAULT_COLOUR

#: The conventional US classification colours (banner and cover-sheet colours): for print
#: and for text on a light page.
CLASSIFICATION_COLOURS: dict[str, str] = {
    "TOP SECRET": "#b84700",
    "SECRET": "#c8102e",
    "CONFIDENTIAL": "#0033a0",
    "UNCLASSIFIED": "#007a33",
}
#: The same hues, light enough to read on a dark page.
CLASSIFICATION_COLOURS_DARK: dict[str, str] = {
    "TOP SECRET": "#ff9f5a",
    "SECRET": "#ff6b7a",
    "CONFIDENTIAL": "#7fa8ff",
    "UNCLASSIFIED": "#5cd08a",
}
UNKNOWN_CLASSIFICATION_COLOUR = "#777777"

#: How each note colour is painted: a highlight light enough to read black text on...
NOTE_COLOURS: dict[str, str] = dict(zip(COLOURS, (
    "#fff2a8", "#c9f2c2", "#cfe3ff", "#ffd3e6", "#ffddb3", "#e3d5ff"), strict=True))
#: ...the same, dark enough for light text on a dark page...
NOTE_COLOURS_DARK: dict[str, str] = dict(zip(COLOURS, (
    "#5c5218", "#24502a", "#203f6b", "#612845", "#65401a", "#43336d"), strict=True))
#: ...and a stronger tone of it, for the bar beside a note (readable on both).
NOTE_BAR_COLOURS: dict[str, str] = dict(zip(COLOURS, (
    "#d9b300", "#3f9a32", "#3a78d8", "#d6407f", "#e07b00", "#7a4fd0"), strict=True))


def note_colour(name: str) -> str:
    """The light highlight of a note colour name (the default colour's for an unknown name)."""
    return NOTE_COLOURS.get(name, NOTE_COLOURS[DEFAULT_COLOUR])


def note_bar_colour(name: str) -> str:
    return NOTE_BAR_COLOURS.get(name, NOTE_BAR_COLOURS[DEFAULT_COLOUR])


def classification_level(classification: str) -> str:
    """The level of a classification: the part before ``//``, upper-cased."""
    return classification.split("//")[0].strip().upper()


def classification_colour(classification: str) -> str:
    """The conventional colour of a classification, by its level (for print)."""
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
    """The colours a rendered cable uses. :meth:`dark` for a dark page; the window builds one
    from its palette (``desktop.ui.theme``), the PDF uses the light default."""

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
    link: str = "#1a55c4"
    highlight: str = "#fff2a8"  # search matches
    #: Compare sources: words only in the first copy, only in the second, changed in both,
    #: and differences in spacing only (kept faint).
    diff_deleted: str = "#ffd6d3"
    diff_inserted: str = "#cdf2c8"
    diff_changed: str = "#ffeaa0"
    diff_spacing: str = "#e2e2f2"
    classifications: dict[str, str] = field(default_factory=lambda: CLASSIFICATION_COLOURS)
    notes: dict[str, str] = field(default_factory=lambda: NOTE_COLOURS)
    dark_page: bool = False
    mono_family: str = "DejaVu Sans Mono, Menlo, Consolas, Courier New, monospace"
    sans_family: str = "DejaVu Sans, Segoe UI, Helvetica, Arial, sans-serif"

    @classmethod
    def dark(cls, **colours: str) -> Theme:
        """Colours for a dark page; ``colours`` override (the palette's text and base)."""
        base = cls(text="#e6e6e6", dim="#9a9a9a", pilcrow="#8a8a8a", heading="#c8c8c8",
                   rule="#555555", box_bg="#262626", header_bg="#333333",
                   warning_bg="#4a3d12", warning_border="#a88a2c", unresolved="#d39a9a",
                   note_bg="#2b2b26", link="#8ab4ff", highlight="#6b5d16",
                   diff_deleted="#6a2c2c", diff_inserted="#25522b", diff_changed="#62521a",
                   diff_spacing="#3a3a58",
                   classifications=CLASSIFICATION_COLOURS_DARK, notes=NOTE_COLOURS_DARK,
                   dark_page=True)
        return replace(base, **colours)  # type: ignore[arg-type]

    def classification_colour(self, classification: str) -> str:
        return self.classifications.get(classification_level(classification),
                                        UNKNOWN_CLASSIFICATION_COLOUR)

    def note_colour(self, name: str) -> str:
        return self.notes.get(name, self.notes[DEFAULT_COLOUR])

    @property
    def page_style(self) -> str:
        return f"font-family:{self.sans_family};color:{self.text}"

    @property
    def mono_style(self) -> str:
        return f"font-family:{self.mono_family};white-space:pre-wrap;margin:0"
