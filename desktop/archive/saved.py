"""Saved filters run against a library: a saved search's ids, and a reading list's ids in its
order. The filters are what the window's chips show: tree nodes, a search, a span of months;
they run through the same ``Library`` calls as the window's list (``ui/list_controller``)."""

from __future__ import annotations

import dataclasses
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.archive.browse_tree import (
    ANNOTATED,
    LEAF_FACETS,
    READING_LIST,
    READING_LISTS,
    SAVED_SEARCH,
    SAVED_SEARCHES,
    AnnotatedIds,
    FacetCatalogue,
    Key,
    selection_for_keys,
)
from desktop.archive.errors import storage_errors
from desktop.archive.facets import DEFAULT_ORDER
from desktop.archive.library import Library
from desktop.archive.query_syntax import compile_query
from desktop.archive.search import count_matches
from desktop.archive.selection import POSITION, Selection
from desktop.archive.sqlutil import rows_in

#: The kinds of tree node a saved search may name: a leaf, a group, a top node, Annotated, a
#: reading list (by id) or all of them; saved-search nodes are kept but restrict nothing.
NODE_KINDS: frozenset[str] = frozenset(LEAF_FACETS) | {
    "tag-kind", "origin-group", "top", ANNOTATED[0], READING_LIST, READING_LISTS[0],
    SAVED_SEARCH, SAVED_SEARCHES[0]}
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class SearchFilters:
    """What narrows the cable list: tree nodes (``("tag", "PREL")``, ``("origin-group",
    "Embassies")``...), the search box's text ('' for none) and a span of months
    (``("2009-03", "2010-01")``, inclusive) or None."""

    keys: tuple[Key, ...] = ()
    text: str = ""
    date_range: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        # Keys as tuples, each once, and the text trimmed: equal filters compare equal
        # however they were built (from the window, or read back from JSON).
        object.__setattr__(self, "keys", tuple(dict.fromkeys((str(k[0]), str(k[1]))
                                                              for k in self.keys)))
        object.__setattr__(self, "text", self.text.strip())
        if self.date_range is not None:
            object.__setattr__(self, "date_range", (self.date_range[0], self.date_range[1]))

    def is_empty(self) -> bool:
        """Nothing narrows the list: no node, no search, no months."""
        return not (self.keys or self.text or self.date_range)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, as stored and exported: keys as ``[facet, value]`` pairs."""
        return {"keys": [list(k) for k in self.keys], "text": self.text,
                "date_range": list(self.date_range) if self.date_range else None}

    @classmethod
    def from_dict(cls, data: object) -> SearchFilters:
        """Filters from their JSON form.

        Raises:
            ValueError: a malformed form (the message says which part).
        """
        if not isinstance(data, Mapping):
            raise ValueError("the filters must be an object")
        keys = data.get("keys", [])
        if not isinstance(keys, list) or not all(
                isinstance(k, list) and len(k) == 2 and all(isinstance(x, str) for x in k)
                for k in keys):
            raise ValueError("'keys' must be a list of [facet, value] pairs of text")
        unknown = sorted({k[0] for k in keys} - NODE_KINDS)
        if unknown:
            raise ValueError(f"unknown kind of tree node: {', '.join(unknown)}")
        text = data.get("text", "")
        if not isinstance(text, str):
            raise ValueError("'text' must be text")
        dates = data.get("date_range")
        if dates is not None and not (
                isinstance(dates, list) and len(dates) == 2
                and all(isinstance(d, str) and _MONTH.fullmatch(d) for d in dates)
                and dates[0] <= dates[1]):
            raise ValueError("'date_range' must be null or two months [\"YYYY-MM\", "
                             "\"YYYY-MM\"], the first not after the second")
        return cls(tuple((k[0], k[1]) for k in keys), text,
                   (dates[0], dates[1]) if dates else None)


#: A reading list's refids, by list id (the notes database's; run against a library here).
ListRefids = Mapping[str, Sequence[str]]


def filters_selection(library: Library, filters: SearchFilters, *,
                      catalogue: FacetCatalogue | None = None,
                      annotated: AnnotatedIds | None = None,
                      lists: ListRefids | None = None) -> Selection:
    """The browse selection of some filters: the tree's own reading of the nodes
    (``browse_tree.selection_for_keys``), and the months.

    Args:
        lists: each reading list's refids, by list id, for filters that name a list (a list
            missing here, deleted since, matches no cable).
    """
    known = lists or {}

    def members(list_id: str) -> list[int]:
        return list_cable_ids(library, known.get(list_id, ()))[0]

    selection = selection_for_keys(catalogue or FacetCatalogue(library), filters.keys,
                                   annotated=annotated, members=members,
                                   all_lists=list(known))
    if filters.date_range is None:
        return selection
    return dataclasses.replace(selection, created_range=filters.date_range)


def run_search(library: Library, filters: SearchFilters,
               annotated: AnnotatedIds | None = None, *, catalogue: FacetCatalogue | None = None,
               lists: ListRefids | None = None, order: str | None = None,
               descending: bool | None = None) -> array[int]:
    """The ids the filters select, as the window's list holds them: ``Library.search_ids``
    by relevance when there is a search text, else ``Library.select_ids`` newest first, or
    in the list's own order when the filters name a reading list.

    Args:
        annotated: the annotated cables' ids (for the Annotated node; none without it).
        catalogue: the tree's catalogue, to save reading the facets again.
        lists: each reading list's refids, by list id (for nodes that name a list).
        order: a list column, "position" or "rank" (default: as the window opens it).
        descending: the order's direction (default: as the window opens it).

    Raises:
        QuerySyntaxError: the saved text is no longer a valid query.
        StorageError: the library cannot be read.
    """
    selection = filters_selection(library, filters, catalogue=catalogue, annotated=annotated,
                                  lists=lists)
    if filters.text:
        return library.search_ids(compile_query(filters.text), selection, order or "rank",
                                  bool(descending))
    if order is None and selection.order is not None:
        return library.select_ids(selection, POSITION, bool(descending))
    return library.select_ids(selection, order or DEFAULT_ORDER[0],
                              DEFAULT_ORDER[1] if descending is None else descending)


def count_search(library: Library, filters: SearchFilters,
                 annotated: AnnotatedIds | None = None, *,
                 catalogue: FacetCatalogue | None = None,
                 lists: ListRefids | None = None) -> int:
    """How many cables the filters select (a saved search's live count in the tree).

    Raises:
        QuerySyntaxError: the saved text is no longer a valid query.
        StorageError: the library cannot be read.
    """
    selection = filters_selection(library, filters, catalogue=catalogue, annotated=annotated,
                                  lists=lists)
    if filters.text:
        return count_matches(library.conn, compile_query(filters.text), selection)
    return library.count_selection(selection)


@storage_errors
def list_cable_ids(library: Library, refids: Iterable[str]) -> tuple[list[int], list[str]]:
    """A reading list in a library: the ids of its cables in the list's order (each once;
    a refid may also be an alias the cable is known by), and the refids the library lacks,
    in order."""
    wanted = list(dict.fromkeys(refids))
    found = dict(rows_in(library.conn, "SELECT refid, id FROM cables WHERE refid IN ({marks})",
                         wanted))
    rest = [r for r in wanted if r not in found]
    if rest:
        found.update(rows_in(library.conn, "SELECT alias, cable_id FROM cable_aliases WHERE "
                             "alias IN ({marks})", rest))
    ids = list(dict.fromkeys(int(found[r]) for r in wanted if r in found))
    return ids, [r for r in wanted if r not in found]
