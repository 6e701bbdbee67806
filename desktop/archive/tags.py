"""Normalise a raw TAGS line into a clean list of codes (split, fixed, de-duplicated)."""

from __future__ import annotations

import re
from functools import lru_cache

from desktop.archive.glossary import tag_vocabulary

#: Known misspellings of codes, as met in real cables (heuer/cablemap ``_TAG_FIXES``).
TAG_FIXES: dict[str, str] = {
    "MOPPS": "MOPS",
    "POGOV": "PGOV",
    "SYR": "SY",
    "RU": "RS",
    "UNDESCO": "UNESCO",
    "ESENV": "SENV",
}

_PAGE_JUNK = re.compile(
    r"(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET)?\s*PAGE\s+\d{2,3}\s+.*?\d{6}Z\s*", re.I
)
_PARENS = re.compile(r"\(([^()]*)\)")
_CODE_SHAPE = re.compile(r"^[A-Z]{2,4}$")
_DROP = {"SIPDIS", "TAGS", "TAG", "AND", "E.O.", "EO", "DECL", "N/A", "NA", "SUBJECT", "SUBJ"}


def normalise_tags(raw: str) -> tuple[str, ...]:
    """Clean codes from a raw TAGS value.

    Commas and spaces both separate; glued codes such as ``MASSMNUC`` are split when every
    piece is a known code; known misspellings are fixed; person tags in parentheses
    (``OVIP (steinberg, james b.)``) stay whole; duplicates are dropped, order is kept.
    """
    text = _PAGE_JUNK.sub(" ", raw.replace("\\", " "))
    found: list[str] = []
    for n, part in enumerate(_PARENS.split(text)):
        if n % 2:  # inside parentheses: a person, "STEINBERG, JAMES B."
            name = " ".join(part.upper().replace(",", ", ").split()).rstrip(",")
            if any(c.isalpha() for c in name):
                found.append(name)
            continue
        for chunk in part.split(","):
            found.extend(_chunk_codes(chunk))
    result: list[str] = []
    for code in found:
        if code and code not in result:
            result.append(code)
    return tuple(result)


def _chunk_codes(chunk: str) -> list[str]:
    words = [w.strip(".;:").upper() for w in chunk.split()]
    words = [w for w in words if w and w not in _DROP and not w.isdigit()]
    codes: list[str] = []
    pending: list[str] = []  # consecutive long unknown words: a name like "HUMAN RIGHTS"
    for word in words:
        pieces = _resolve(word)
        if pieces is None:
            pending.append(word)
            continue
        if pending:
            codes.append(" ".join(pending))
            pending = []
        codes.extend(pieces)
    if pending:
        codes.append(" ".join(pending))
    return codes


def _resolve(word: str) -> list[str] | None:
    """The codes a word stands for, or None when it is an unknown long word (part of a name)."""
    vocab = tag_vocabulary()
    word = TAG_FIXES.get(word, word)
    if word in vocab or _CODE_SHAPE.match(word):
        return [word]
    pieces = split_glued(word)
    if pieces:
        return [TAG_FIXES.get(p, p) for p in pieces]
    if not word.isalpha() or len(word) <= 4:
        return [word]
    return None


@lru_cache(maxsize=4096)
def split_glued(word: str) -> tuple[str, ...] | None:
    """Split glued codes (``KFRDKIRFCVIS...EG``) into known codes, or None.

    Only a split into 4-letter and 2-letter known codes with at least two pieces, most of
    them 4-letter subject or program codes, is accepted, so words such as ``AGENDA`` (AG EN
    DA) stay whole.
    """
    if len(word) < 6 or not word.isalpha():
        return None
    vocab = tag_vocabulary()
    best: dict[int, tuple[str, ...]] = {0: ()}
    for end in range(2, len(word) + 1):
        options = []
        for size in (4, 2):
            begin = end - size
            if begin in best and word[begin:end] in vocab:
                options.append(best[begin] + (word[begin:end],))
        if options:
            best[end] = max(options, key=lambda parts: sum(len(p) == 4 for p in parts))
    pieces = best.get(len(word))
    if not pieces or len(pieces) < 2:
        return None
    fours = sum(len(p) == 4 for p in pieces)
    if fours == 0 or fours * 2 < len(pieces):
        return None
    return pieces
