"""The one way the app builds HTML: every text and attribute value escaped by construction.

Cable text and notes are written by strangers. Nothing from them may become markup, an
attribute, a link or a resource address. Build HTML with :func:`el` (an element whose text
children and attribute values are escaped) and :func:`text` (escaped text); only values that
are :class:`Markup` pass unchanged, and only this module and the inert-Markdown sanitiser make
them. Control characters, which Qt would drop or show as boxes, are shown in caret notation
(``^G`` for the bell, ``^[`` for escape), as ``cat -v`` does: every font has those glyphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

#: C0 controls (but tab and newline) and DEL -> caret notation: ^@ ^A … ^_ ^?.
_CONTROLS = {c: "^" + chr(c + 0x40) for c in range(0x20) if c not in (0x09, 0x0A)}
_CONTROLS[0x7F] = "^?"
_CONTROL_SET = frozenset(chr(c) for c in _CONTROLS)


class Markup(str):
    """A string that is already safe HTML (built here, or by the Markdown sanitiser)."""

    __slots__ = ()

    def __add__(self, other: str) -> Markup:
        return Markup(str.__add__(self, other if isinstance(other, Markup) else text(other)))


def visible(value: str) -> str:
    """The text with control characters in caret notation (not escaped)."""
    if _CONTROL_SET.isdisjoint(value):
        return value
    return value.translate(_CONTROLS)


def text(value: str) -> Markup:
    """Plain text as HTML text: ``<``, ``&``, quotes escaped; control characters made visible."""
    if isinstance(value, Markup):
        return value
    return Markup(escape(visible(value), quote=True))


def attr(value: object) -> str:
    """An attribute value, escaped for use inside single or double quotes."""
    return escape(visible(str(value)), quote=True)


def el(tag: str, *children: str | None, **attrs: object) -> Markup:
    """``<tag attrs>children</tag>``: plain-str children are escaped, Markup passes as is.

    Attribute names come from the program (``class_`` is written ``class``); every value is
    escaped. A value of None or False leaves the attribute out.
    """
    parts = [f"<{tag}"]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        parts.append(f" {name.rstrip('_').replace('_', '-')}='{attr(value)}'")
    parts.append(">")
    parts.extend(text(c) for c in children if c is not None)
    parts.append(f"</{tag}>")
    return Markup("".join(parts))


def void(tag: str, **attrs: object) -> Markup:
    """An element without content: ``<br/>``, ``<hr/>``, ``<meta/>``."""
    values = "".join(f" {k.rstrip('_').replace('_', '-')}='{attr(v)}'"
                     for k, v in attrs.items() if v is not None and v is not False)
    return Markup(f"<{tag}{values}/>")


def join(parts: Iterable[str], sep: str = "") -> Markup:
    """Concatenate; plain-str parts (and a plain separator) are escaped."""
    return Markup(text(sep).join(text(p) for p in parts))


def raw(trusted: str) -> Markup:
    """Mark program-written HTML (never any text that came from a cable or a note) as safe."""
    return Markup(trusted)
