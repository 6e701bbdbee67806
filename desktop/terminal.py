"""Text for a terminal: whatever a cable holds, it cannot drive the user's terminal."""

from __future__ import annotations

import sys
from typing import TextIO

from desktop.render.html import visible

#: C1 control characters (0x80-0x9F): some terminals obey them as escape sequences.
_C1 = {c: 0xFFFD for c in range(0x80, 0xA0)}


def for_terminal(text: str, stream: TextIO | None = None) -> str:
    """Cable text made inert for a terminal: control characters in caret notation (an
    escape sequence in a cable must not retitle or clear the user's terminal). Unchanged
    when the output is not a terminal (a pipe or a file gets the text as it is)."""
    out = stream or sys.stdout
    if not out.isatty():
        return text
    return visible(text).translate(_C1)
