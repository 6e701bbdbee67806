"""Normalise a raw TAGS line into a clean list of tags (split, fixed, de-duplicated)."""

from __future__ import annotations

import re
from functools import lru_cache

from desktop.archive.glossary import known_words, tag_core, tag_vocabulary

#: Known misspellings of codes, as met in real cables (heuer/cablemap ``_TAG_FIXES``).
TAG_FIXES: dict[str, str] = {
    "MOPPS": "MOPS",
    "POGOV": "PGOV",
    "SYR": "SY",
    "RU": "RS",
    "UNDESCO": "UNESCO",
    "ESENV": "SENV",
}

#: A page header run into the TAGS line: "PAGE 02 ROME 01196 01 OF 02 082030Z". It starts
#: at a word (a leading ``\s*`` would rescan every run of spaces) and ends at the DTG within
#: a line's length (an open-ended ``.*?`` would rescan the rest of the text from every PAGE).
_PAGE_JUNK = re.compile(
    r"(?:(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET)\s*)?PAGE\s+\d{2,3}\s+.{0,100}?\d{6}Z\s*",
    re.I | re.S,
)
_PARENS = re.compile(r"\(([^()]*)\)")
#: Words of a TAGS line that are never tags: leaked keywords and transmission furniture.
_DROP = {"SIPDIS", "TAGS", "TAG", "E.O.", "EO", "DECL", "N/A", "NA", "SUBJECT", "SUBJ"}
#: Words that join the words of a phrase but are no tag on their own.
_JOINERS = {"AND", "OF", "THE", "&", "IN", "ON", "FOR", "TO"}

_CODE, _WEAK, _WORD = "code", "weak", "word"


def normalise_tags(raw: str) -> tuple[str, ...]:
    """Clean tags from a raw TAGS value.

    Commas and spaces both separate codes. Words that are not codes stay together as one
    free-text tag (``HUMAN RIGHTS``, ``OVIP JONES MARY`` -> OVIP, ``JONES MARY``), in the
    order written; person tags in parentheses (``OVIP (steinberg, james b.)``) stay whole.
    Glued codes such as ``MASSMNUC`` are split only when every piece is a well-attested
    code and the word is not a known word or name (``ENERGY`` stays whole). Known
    misspellings are fixed; duplicates are dropped, order is kept.
    """
    core, vocabulary = tag_core(), tag_vocabulary()
    upper = raw.upper()
    if "(" not in raw and "\\" not in raw and "PAGE" not in upper:
        words = _words(upper.replace(",", " "))
        if core.issuperset(words):  # the common case: nothing but well-attested codes
            return tuple(dict.fromkeys(words))
    text = raw.replace("\\", " ")
    if "PAGE" in upper:
        text = _PAGE_JUNK.sub(" ", text)
    found: list[str] = []
    for n, part in enumerate(_PARENS.split(text)):
        if n % 2:  # inside parentheses: a person, "STEINBERG, JAMES B."
            name = " ".join(part.upper().replace(",", ", ").split()).rstrip(",")
            if any(c.isalpha() for c in name):
                found.append(name)
            continue
        for chunk in part.split(","):
            found.extend(_chunk_tags(chunk, core, vocabulary))
    result: list[str] = []
    for tag in found:
        if tag and tag not in result:
            result.append(tag)
    return tuple(result)


def _chunk_tags(chunk: str, core: frozenset[str], vocabulary: frozenset[str]) -> list[str]:
    """The tags of a comma-free piece of the line: codes, and runs of other words."""
    words = _words(chunk.upper())
    if core.issuperset(words):
        return words  # the common case: nothing but well-attested codes
    kinds = [_CODE if w in core else _WEAK if w in vocabulary else _kind(w) for w in words]
    # A doubtful code (ENER, RICE: only the final build's noisy list has them) next to an
    # ordinary word belongs to the phrase or name ("OVIP RICE CONDOLEEZZA").
    for i, kind in enumerate(kinds):
        before = kinds[i - 1] if i > 0 else ""
        after = kinds[i + 1] if i + 1 < len(kinds) else ""
        if kind == _WEAK and _WORD in (before, after):
            kinds[i] = _WORD
    tags: list[str] = []
    phrase: list[str] = []
    for word, kind in zip(words, kinds, strict=True):
        if kind == _WORD:
            phrase.append(word)
            continue
        tags.extend(_phrase(phrase))
        phrase = []
        pieces = split_glued(word) if word not in vocabulary else None
        tags.extend(pieces or (word,))
    tags.extend(_phrase(phrase))
    return tags


def _words(text: str) -> list[str]:
    """The upper-case words of a piece of a TAGS line, leaked keywords and numbers left out,
    known misspellings fixed."""
    return [TAG_FIXES.get(w, w) for w in (x.strip(".;:") for x in text.split())
            if w and w not in _DROP and not w.isdigit()]


def _kind(word: str) -> str:
    """The kind of a word that is no known code: glued codes, or an ordinary word."""
    return _CODE if len(word) >= 6 and split_glued(word) else _WORD


def _phrase(words: list[str]) -> list[str]:
    """A run of words as one tag, without joiners at its ends (none if only joiners)."""
    while words and words[0] in _JOINERS:
        words = words[1:]
    while words and words[-1] in _JOINERS:
        words = words[:-1]
    return [" ".join(words)] if words else []


@lru_cache(maxsize=4096)
def split_glued(word: str) -> tuple[str, ...] | None:
    """Split glued codes (``KFRDKIRFCVIS...EG``) into well-attested codes, or None.

    Only a split into 4-letter and 2-letter codes of ``tag_core()`` with at least two
    pieces, most of them 4-letter codes, is accepted, and never for a known word or name:
    ``AGENDA`` (AG EN DA) and ``ENERGY`` (ENER GY) stay whole.
    """
    if len(word) < 6 or not word.isalpha() or word in known_words():
        return None
    core = tag_core()
    best: dict[int, tuple[str, ...]] = {0: ()}
    for end in range(2, len(word) + 1):
        options = []
        for size in (4, 2):
            begin = end - size
            if begin in best and word[begin:end] in core:
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
