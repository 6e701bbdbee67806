"""Counts in words, right in the singular: "1 record", "2 records", "1,204 cables"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` with thousands separators and the noun in the number it takes.

    Args:
        nouns: the plural when it is not the noun with "s" ("1 library", "2 libraries").
    """
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"
