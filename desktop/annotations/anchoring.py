"""Re-attaching notes to a cable's current paragraphs, from the exact key down to a fuzzy quote."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from desktop.annotations.models import Method, Note, Placement, new_note_id
from desktop.archive.records import Paragraph
from desktop.archive.text import collapse_spaces, text_hash

QUOTE_CHARS = 600
CONTEXT_CHARS = 200
#: The lowest quote similarity (0..1) that still places a note.
ACCEPT = 0.6
#: Scores this close count as a tie, broken by the context, then by the nearest old position.
TIE = 0.02
ELLIPSIS = "…"

_WORD = re.compile(r"\w+")

Tokens = tuple[str, ...]
Anchor = tuple[int | None, str, str, str, str, str, str]


def new_note(refid: str, paragraph: Paragraph | None, paragraphs: Sequence[Paragraph], *,
             text: str, colour: str, labels: tuple[str, ...], now: str,
             note_id: str | None = None) -> Note:
    """A note on ``paragraph`` (None: on the whole cable) with all its locators filled in.

    Args:
        paragraphs: the cable's paragraphs; the neighbours give the quote its context.
        now: the creation time (ISO 8601 UTC).
    """
    if paragraph is None:
        return Note(note_id or new_note_id(), refid, None, "", "", "", "", "", "", text, colour,
                    labels, now, now)
    at = next((i for i, p in enumerate(paragraphs) if p.key == paragraph.key), None)
    before = paragraphs[at - 1].text if at is not None and at > 0 else ""
    after = paragraphs[at + 1].text if at is not None and at + 1 < len(paragraphs) else ""
    return Note(
        id=note_id or new_note_id(), refid=refid, ordinal=paragraph.ordinal,
        label=paragraph.label, text_hash=text_hash(paragraph.text), para_key=paragraph.key,
        quote=trim_end(paragraph.text, QUOTE_CHARS),
        context_before=trim_start(before, CONTEXT_CHARS),
        context_after=trim_end(after, CONTEXT_CHARS),
        text=text, colour=colour, labels=labels, created=now, updated=now,
    )


def trim_end(text: str, limit: int) -> str:
    """The text on one line, cut after about ``limit`` characters at a space (``…`` marks a cut)."""
    flat = collapse_spaces(text)
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit + 1)
    cut = cut if cut > limit * 0.8 else limit
    return flat[:cut].rstrip() + ELLIPSIS


def trim_start(text: str, limit: int) -> str:
    """The last ``limit`` or so characters of the text on one line (``…`` marks a cut)."""
    flat = collapse_spaces(text)
    if len(flat) <= limit:
        return flat
    start = len(flat) - limit
    space = flat.find(" ", start)
    start = space + 1 if 0 <= space < start + limit * 0.2 else start
    return ELLIPSIS + flat[start:].lstrip()


def tokens(text: str) -> Tokens:
    """The words of a text, case-folded: spacing, wrapping and punctuation do not count."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return tuple(_WORD.findall(text.casefold()))


def place(note: Note, paragraphs: Sequence[Paragraph]) -> Placement:
    """Where ``note`` belongs among a cable's current paragraphs (never dropped: an orphan
    keeps its quote)."""
    return place_all([note], paragraphs)[0]


def place_all(notes: Iterable[Note], paragraphs: Sequence[Paragraph]) -> list[Placement]:
    """Place every note, in the order given.

    Notes attached to the same paragraph (same locators) land together. Fuzzy placements are
    one-to-one: two notes from dissimilar paragraphs never share a paragraph by fuzzy match;
    the better match keeps it and the other tries its next candidate, or is an orphan.
    """
    notes = list(notes)
    index = _Index(paragraphs)
    found: dict[Anchor, tuple[Paragraph | None, Method, float]] = {}
    fuzzy: dict[Anchor, Note] = {}
    for note in notes:
        anchor = _anchor(note)
        if anchor in found or anchor in fuzzy:
            continue
        exact = index.exact(note)
        if exact is not None:
            found[anchor] = exact
        else:
            fuzzy[anchor] = note
    found.update(_assign(fuzzy, index))
    return [Placement(n, *found[_anchor(n)]) for n in notes]


def _anchor(note: Note) -> Anchor:
    return (note.ordinal, note.label, note.text_hash, note.para_key, note.quote,
            note.context_before, note.context_after)


@dataclass
class _Index:
    """A cable's paragraphs, looked up by key, label and hash; word lists made on demand."""

    paragraphs: Sequence[Paragraph]
    by_key: dict[str, Paragraph] = field(default_factory=dict)
    by_label_hash: dict[tuple[str, str], list[Paragraph]] = field(default_factory=dict)
    by_hash: dict[str, list[Paragraph]] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)
    _tokens: dict[int, Tokens] = field(default_factory=dict)
    _shapes: list[tuple[int, frozenset[str]]] | None = None

    def __post_init__(self) -> None:
        for at, p in enumerate(self.paragraphs):
            self.position[p.key] = at
            digest = p.key.rsplit(":", 1)[-1] if p.key.count(":") >= 2 else text_hash(p.text)
            self.by_key[p.key] = p
            self.by_label_hash.setdefault((p.label, digest), []).append(p)
            self.by_hash.setdefault(digest, []).append(p)

    def exact(self, note: Note) -> tuple[Paragraph | None, Method, float] | None:
        """Steps 1-3: the cable itself, the exact key, label and hash, or a unique hash.

        When the text repeats in the cable (``Not applicable.``), a key or label match must
        also have the best context of the copies, or the quote step decides.
        """
        if note.ordinal is None:
            return None, "cable", 1.0
        copies = self.by_hash.get(note.text_hash, []) if note.text_hash else []
        hit = self.by_key.get(note.para_key)
        if hit is not None and self._fits(note, hit, copies):
            return hit, "key", 1.0
        same = self.by_label_hash.get((note.label, note.text_hash), [])
        if len(same) == 1 and self._fits(note, same[0], copies):
            return same[0], "label+hash", 1.0
        if len(copies) == 1:
            return copies[0], "hash", 1.0
        return None

    def _fits(self, note: Note, hit: Paragraph, copies: list[Paragraph]) -> bool:
        """True unless another copy of the same text sits in a better-matching context."""
        if len(copies) < 2:
            return True
        context = {p.key: _context(note, self, self.position[p.key]) for p in copies}
        return context.get(hit.key, 0.0) >= max(context.values())

    def words(self, at: int) -> Tokens:
        if at not in self._tokens:
            self._tokens[at] = tokens(self.paragraphs[at].text)
        return self._tokens[at]

    def shapes(self) -> list[tuple[int, frozenset[str]]]:
        """Each paragraph's word count and set of words, in order."""
        if self._shapes is None:
            self._shapes = [(len(w), frozenset(w))
                            for w in map(self.words, range(len(self.paragraphs)))]
        return self._shapes


@dataclass(frozen=True)
class _Candidate:
    at: int  # position in the paragraph list
    score: float
    context: float
    distance: int


def _assign(fuzzy: dict[Anchor, Note], index: _Index
            ) -> dict[Anchor, tuple[Paragraph | None, Method, float]]:
    """Steps 4 and 5 for the notes the exact steps could not place, one-to-one (see place_all)."""
    ranked = {anchor: _candidates(note, index) for anchor, note in fuzzy.items()}
    order = sorted(fuzzy, key=lambda a: (-(ranked[a][0].score if ranked[a] else 0.0),
                                         fuzzy[a].ordinal or 0))
    taken: dict[int, list[Note]] = {}
    result: dict[Anchor, tuple[Paragraph | None, Method, float]] = {}
    for anchor in order:
        note = fuzzy[anchor]
        best = ranked[anchor][0].score if ranked[anchor] else 0.0
        result[anchor] = None, "orphan", round(best, 4)
        at = _claim(note, ranked[anchor], taken)
        if at is None and ranked[anchor]:
            at = _claim(note, _candidates(note, index, exhaustive=True), taken)
        if at is not None:
            result[anchor] = index.paragraphs[at.at], "quote", round(at.score, 4)
    return result


def _claim(note: Note, candidates: list[_Candidate], taken: dict[int, list[Note]]
           ) -> _Candidate | None:
    """The first candidate not already held by a note from a different paragraph."""
    for cand in candidates:
        holders = taken.setdefault(cand.at, [])
        if all(_same_paragraph(note, h) for h in holders):
            holders.append(note)
            return cand
    return None


def _candidates(note: Note, index: _Index, *, exhaustive: bool = False) -> list[_Candidate]:
    """Paragraphs whose text matches the note's quote at ``ACCEPT`` or better, best first.

    Paragraphs are scored in order of a cheap upper bound; unless ``exhaustive``, scoring
    stops once the bound falls below the best score so far (less the tie margin).
    """
    quote = tokens(note.quote)
    if not quote:
        return []
    prefix = note.quote.endswith(ELLIPSIS)
    bounds = _bounds(quote, index, prefix)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(quote)
    scored: list[tuple[int, float]] = []
    best = 0.0
    for negative, at in bounds:
        if not exhaustive and -negative < best - TIE:
            break
        matcher.set_seq1(index.words(at)[: len(quote)] if prefix else index.words(at))
        score = matcher.ratio()
        if score >= ACCEPT:
            scored.append((at, score))
            best = max(best, score)
    return _rank_all(note, index, scored)


def _bounds(quote: Tokens, index: _Index, prefix: bool) -> list[tuple[float, int]]:
    """Paragraphs that could reach ``ACCEPT``, as (-bound, position), best bound first.

    The bound comes from lengths and word sets (set operations run at C speed): every
    distinct quote word missing from the paragraph costs at least one unmatched word, and
    the other way round unless only a prefix of the paragraph is compared.
    """
    quote_set = frozenset(quote)
    quote_distinct = len(quote_set)
    found: list[tuple[float, int]] = []
    for at, (count, word_set) in enumerate(index.shapes()):
        size = min(count, len(quote)) if prefix else count
        total = len(quote) + size
        if not size or 2 * size < ACCEPT * total:
            continue
        shared = len(quote_set & word_set)
        matched = min(len(quote) - quote_distinct + shared, size)
        if not prefix:
            matched = min(matched, size - len(word_set) + shared)
        if 2 * matched >= ACCEPT * total:
            found.append((-2 * matched / total, at))
    found.sort()
    return found


def _rank_all(note: Note, index: _Index, scored: list[tuple[int, float]]) -> list[_Candidate]:
    """The tied best candidates ordered by context and nearness, then the rest by score."""
    if not scored:
        return []
    scored.sort(key=lambda s: (-s[1], s[0]))
    top = scored[0][1]
    tied = [s for s in scored if s[1] >= top - TIE]
    rest = scored[len(tied):]
    if len(tied) == 1:
        return [_Candidate(at, score, 0.0, 0) for at, score in scored]
    ranked = sorted((_rank(note, index, at, score) for at, score in tied),
                    key=lambda c: (-c.context, c.distance, -c.score, c.at))
    return ranked + [_Candidate(at, score, 0.0, 0) for at, score in rest]


def _rank(note: Note, index: _Index, at: int, score: float) -> _Candidate:
    """A tied candidate, with how well its neighbours match the note's context."""
    old = note.ordinal or 0
    return _Candidate(at, score, _context(note, index, at),
                      abs(index.paragraphs[at].ordinal - old))


def _context(note: Note, index: _Index, at: int) -> float:
    """How well the paragraphs around position ``at`` match the note's context (0..2)."""
    context = 0.0
    if note.context_before and at > 0:
        before = tokens(note.context_before)
        context += _ratio(before, index.words(at - 1)[-len(before):])
    if note.context_after and at + 1 < len(index.paragraphs):
        after = tokens(note.context_after)
        context += _ratio(after, index.words(at + 1)[: len(after)])
    return round(context, 3)


def _ratio(a: Tokens, b: Tokens) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _same_paragraph(note: Note, other: Note) -> bool:
    """Two notes may share a fuzzy placement when their quotes describe the same paragraph
    (the same text, or one a revision of the other)."""
    if note.text_hash == other.text_hash:
        return True
    return _ratio(tokens(note.quote), tokens(other.quote)) >= ACCEPT
