"""A browse selection (facet values) as SQL: AND across facets, OR within one."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Sort keys of the cable list, as SQL over ``cables c`` (joined to ``origins o`` for origin).
#: Each ends in columns that make the order total and match an index, so SQLite can read the
#: index in order instead of sorting.
ORDERS: dict[str, tuple[str, ...]] = {
    "refid": ("c.refid",),
    "subject": ("c.subject", "c.id"),
    "created": ("c.created", "c.id"),
    "classification": ("c.classification", "c.created", "c.id"),
    "origin": ("o.name", "c.created", "c.id"),
    "released": ("c.released", "c.id"),
}
#: The index that yields each order (used when a selection covers much of the archive).
ORDER_INDEXES: dict[str, str] = {
    "subject": "cables_subject",
    "created": "cables_created",
    "classification": "cables_classification",
    "released": "cables_released",
}


#: The list's sort key for a selection's own order (``Selection.order``: a reading list's).
POSITION = "position"


def order_clause(order: str, descending: bool) -> str:
    direction = " DESC" if descending else ""
    return ", ".join(column + direction for column in ORDERS[order])


@dataclass(frozen=True)
class Selection:
    """Chosen facet values. An empty selection means every cable.

    ``ids`` restricts to given cables (the annotated ones, say); None means no restriction.
    ``created_range`` restricts to cables created in a span of months, ``("2009-03",
    "2010-01")`` inclusive (the timeline's drag), on top of the date nodes.
    ``order`` is the cables' own order, when they have one (a reading list's): the list's
    sort key ``"position"``. ``collection`` says what ``ids`` are, in words ("annotated
    cables", "reading list “Iran 2009”").
    """

    tags: frozenset[str] = frozenset()
    origins: frozenset[str] = frozenset()
    classifications: frozenset[str] = frozenset()
    years: frozenset[str] = frozenset()
    months: frozenset[str] = frozenset()
    released: frozenset[str] = frozenset()
    ids: frozenset[int] | None = field(default=None)
    created_range: tuple[str, str] | None = None
    order: tuple[int, ...] | None = None
    collection: str = field(default="", compare=False)  # words for ``ids``, not a filter

    def is_empty(self) -> bool:
        return not (self.tags or self.origins or self.classifications or self.years
                    or self.months or self.released) and self.ids is None \
            and self.created_range is None


def where_clause(sel: Selection) -> tuple[str, list[object]]:
    """SQL for ``WHERE`` over ``cables c`` and its parameters."""
    clauses: list[str] = []
    params: list[object] = []
    if sel.tags:
        clauses.append(
            "c.id IN (SELECT ct.cable_id FROM cable_tags ct JOIN tags t ON t.id = ct.tag_id "
            f"WHERE t.code IN ({_marks(sel.tags)}))")
        params.extend(sorted(sel.tags))
    if sel.origins:
        clauses.append(f"c.origin_id IN (SELECT id FROM origins WHERE name IN "
                       f"({_marks(sel.origins)}))")
        params.extend(sorted(sel.origins))
    if sel.classifications:
        clauses.append(f"c.classification IN ({_marks(sel.classifications)})")
        params.extend(sorted(sel.classifications))
    dates = _ranges("c.created", sel.years, "-\uffff") + _ranges("c.created", sel.months,
                                                                  "-\uffff")
    if dates:
        clauses.append("(" + " OR ".join(sql for sql, _ in dates) + ")")
        for _, values in dates:
            params.extend(values)
    if sel.created_range is not None:
        first, last = sel.created_range
        clauses.append("(c.created >= ? AND c.created <= ?)")
        params.extend([first, last + "-\uffff"])
    released = _ranges("c.released", sel.released, "T\uffff")
    if released:
        clauses.append("(" + " OR ".join(sql for sql, _ in released) + ")")
        for _, values in released:
            params.extend(values)
    if sel.ids is not None:
        if sel.ids:
            clauses.append(f"c.id IN ({','.join(str(int(i)) for i in sorted(sel.ids))})")
        else:
            clauses.append("0")
    return (" AND ".join(clauses) if clauses else "1"), params


def _marks(values: frozenset[str]) -> str:
    return ",".join("?" * len(values))


def _ranges(column: str, values: frozenset[str], tail: str) -> list[tuple[str, list[object]]]:
    """``2010`` or ``2010-02`` or ``2011-08-30`` as a range over an ISO text column.

    The empty value stands for "unknown" (NULL).
    """
    out: list[tuple[str, list[object]]] = []
    for v in sorted(values):
        if v == "":
            out.append((f"{column} IS NULL", []))
        else:
            out.append((f"({column} >= ? AND {column} <= ?)", [v, v + tail]))
    return out


def describe(sel: Selection) -> list[str]:
    """What a selection narrows to, in words: ``["tag PREL", "origins Embassy Paris, ..."]``."""
    parts: list[str] = []
    for name, values in (("tag", sel.tags), ("origin", sel.origins),
                         ("classification", sel.classifications),
                         ("created", sel.years | sel.months), ("released", sel.released)):
        if values:
            shown = ", ".join(sorted(v or "unknown" for v in values))
            parts.append(f"{name}{'s' if len(values) > 1 else ''} {shown}")
    if sel.created_range is not None:
        first, last = sel.created_range
        parts.append(f"created {first}" if first == last else f"created {first} to {last}")
    if sel.ids is not None:
        parts.append(sel.collection or "annotated cables")
    return parts
