"""Turn what a user types in the search box into a safe FTS5 MATCH expression."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A reference id typed into the search box opens the cable: 10DUSHANBE170, 06STATE12345,
#: and the malformed ids of the release (7575LIBREVILLE1895, 0901OF02RPODUBAI288).
REFID = re.compile(r"^\s*(\d{2}\d{0,4}[A-Z][A-Z0-9-]{1,40}\d+)\s*$", re.I)

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*"?)|(?P<paren>[()])|(?P<word>[^\s()"]+))')
_OPERATORS = {"AND", "OR", "NOT"}
#: Shorter prefixes match so many terms that merging them takes seconds.
MIN_PREFIX = 3
_COLUMNS = {"subject", "body"}
_WORD_CHARS = re.compile(r"[\w']+", re.UNICODE)


class QuerySyntaxError(ValueError):
    """The query cannot be understood; the message says why, in a few words."""


@dataclass(frozen=True)
class CompiledQuery:
    match: str  # the FTS5 expression
    terms: tuple[str, ...]  # the plain words, for highlighting; a prefix ends in "*"

    @property
    def has_prefix(self) -> bool:
        return any(t.endswith("*") for t in self.terms)


def compile_query(text: str) -> CompiledQuery:
    """Words, "phrases", AND/OR/NOT, (groups), prefix* and subject:/body: filters.

    Every word is quoted before it reaches MATCH, so punctuation in a word is never taken
    for FTS5 syntax.

    Raises:
        QuerySyntaxError: unbalanced quotes or parentheses, or an operator with nothing to
            join.
    """
    if not text.strip():
        raise QuerySyntaxError("Type something to search for.")
    parts: list[str] = []
    terms: list[str] = []
    depth = 0
    expect_operand = True  # at the start, after an operator or "("
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        phrase, paren, word = m.group("phrase", "paren", "word")
        if paren == "(":
            if not expect_operand:
                parts.append("AND")
            parts.append("(")
            depth += 1
            expect_operand = True
        elif paren == ")":
            if depth == 0:
                raise QuerySyntaxError("A ')' has no matching '('.")
            if expect_operand:
                raise QuerySyntaxError("Empty parentheses or an operator before ')'.")
            parts.append(")")
            depth -= 1
        elif phrase is not None:
            if len(phrase) < 2 or not phrase.endswith('"'):
                raise QuerySyntaxError('A phrase is missing its closing quote (").')
            words = _WORD_CHARS.findall(phrase[1:-1])
            if not words:
                continue
            _join(parts, expect_operand)
            parts.append('"' + " ".join(words).replace('"', '""') + '"')
            terms.extend(words)
            expect_operand = False
        elif word is not None:
            if word in _OPERATORS:
                if expect_operand:
                    raise QuerySyntaxError(f"'{word}' needs a word before it.")
                parts.append(word)
                expect_operand = True
                continue
            atom = _atom(word, terms)
            if atom is None:
                continue
            _join(parts, expect_operand)
            parts.append(atom)
            expect_operand = False
    if depth:
        raise QuerySyntaxError("A '(' is never closed.")
    if expect_operand and parts:
        raise QuerySyntaxError(f"'{parts[-1]}' needs a word after it.")
    if not terms:
        raise QuerySyntaxError("The query has no words to search for.")
    return CompiledQuery(" ".join(parts), tuple(terms))


def _join(parts: list[str], expect_operand: bool) -> None:
    """Adjacent words mean AND."""
    if not expect_operand:
        parts.append("AND")


def _atom(word: str, terms: list[str]) -> str | None:
    column = ""
    if ":" in word:
        head, _, rest = word.partition(":")
        if head.lower() in _COLUMNS and rest:
            column, word = head.lower(), rest
    prefix = word.endswith("*")
    words = _WORD_CHARS.findall(word)
    if not words:
        return None
    if prefix and len(words[-1]) < MIN_PREFIX:
        raise QuerySyntaxError(f"“{word}”: a prefix search needs at least {MIN_PREFIX} letters "
                               "before the *.")
    terms.extend(words[:-1])
    terms.append(words[-1] + ("*" if prefix else ""))
    quoted = '"' + " ".join(words) + '"' + ("*" if prefix else "")
    return f"{column} : {quoted}" if column else quoted


def refid_in(text: str) -> str | None:
    """The reference id when the whole query is one (``10dushanbe170`` -> ``10DUSHANBE170``)."""
    m = REFID.match(text)
    return m.group(1).upper() if m else None
