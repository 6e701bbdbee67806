"""What the browse tree shows: its nodes, labels, counts and meanings, from the facet counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from desktop.archive import glossary
from desktop.archive.library import Library
from desktop.archive.records import CLASSIFICATIONS
from desktop.archive.selection import Selection
from desktop.wording import plural

#: A node's identity: ("tag", "PGOV"), ("origin-group", "Embassies"), ("top", "created") ...
Key = tuple[str, str]
AnnotatedIds = Callable[[], frozenset[int]]
#: A reading list's cables in a library, in the list's order: list id -> library ids.
ListMembers = Callable[[str], Sequence[int]]

ANNOTATED: Key = ("annotated", "")
#: The user's collections, kept in the notes database: top nodes, and their children's kinds
#: (``("list", <list id>)``, ``("saved", <saved search id>)``).
READING_LISTS: Key = ("lists", "")
SAVED_SEARCHES: Key = ("saved-searches", "")
READING_LIST = "list"
SAVED_SEARCH = "saved"
LEAF_FACETS: tuple[str, ...] = ("tag", "origin", "classification", "year", "month", "released")
TOP_LABELS: dict[str, str] = {
    "tag": "By tag",
    "origin": "By origin",
    "classification": "By classification",
    "created": "By creation date",
    "released": "By release date",
}
MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
#: The Selection fields each facet (leaf) and each top node restricts.
_FIELD: dict[str, str] = {
    "tag": "tags", "origin": "origins", "classification": "classifications", "year": "years",
    "month": "months", "released": "released",
}
_TOP_FIELDS: dict[str, tuple[str, ...]] = {
    "tag": ("tags",), "origin": ("origins",), "classification": ("classifications",),
    "created": ("years", "months"), "released": ("released",),
}
#: The facet whose counts a top node adds up.
_TOP_FACET: dict[str, str] = {"tag": "tag", "origin": "origin", "classification": "classification",
                              "created": "year", "released": "released"}
#: Counts given the rest of the selection: facet → value → cables.
LiveCounts = dict[str, dict[str, int]]
_PARENTS: dict[str, Key] = {
    "tag-kind": ("top", "tag"), "origin-group": ("top", "origin"),
    "classification": ("top", "classification"), "year": ("top", "created"),
    "released": ("top", "released"), READING_LIST: READING_LISTS, SAVED_SEARCH: SAVED_SEARCHES,
}


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """What one node shows. ``text`` is what the filter matches (casefolded; empty: never)."""

    key: Key
    label: str
    count: int
    tooltip: str = ""
    unit: str = ""  # "tags" when the count is a number of tags rather than of cables
    expandable: bool = False
    text: str = ""


class FacetCatalogue:
    """The tree's content for one library, read from the facet table and cached per node.

    Qt-free: every list comes from ``Library.facet`` (precomputed counts) and the glossary.
    """

    def __init__(self, library: Library):
        self._library = library
        self._children: dict[Key, list[NodeSpec]] = {}
        self._tops: list[NodeSpec] | None = None
        self._tags: dict[str, list[NodeSpec]] | None = None
        self._origins: dict[str, list[NodeSpec]] | None = None

    def top_specs(self) -> list[NodeSpec]:
        if self._tops is None:
            total = sum(n for _, n in self._library.facet("total"))
            tags = len(self._library.facet("tag"))
            self._tops = [NodeSpec(("top", "tag"), TOP_LABELS["tag"], tags, "Distinct TAGS codes",
                                   "tags", True)] if tags else []
            if total:
                self._tops += [NodeSpec(("top", name), label, total, plural(total, "cable"),
                                        expandable=True)
                               for name, label in TOP_LABELS.items() if name != "tag"]
        return list(self._tops)

    def children(self, key: Key) -> list[NodeSpec]:
        """The child nodes of a node, computed once."""
        if key not in self._children:
            self._children[key] = self._compute(key)
        return self._children[key]

    def find(self, key: Key) -> NodeSpec | None:
        parent = self.parent_key(key)
        siblings = self.top_specs() if parent is None else self.children(parent)
        return next((s for s in siblings if s.key == key), None)

    @staticmethod
    def parent_key(key: Key) -> Key | None:
        """The key of the node a node sits under (None for a top node)."""
        kind, value = key
        if kind == "tag":
            return ("tag-kind", tag_kind(value))
        if kind == "origin":
            return ("origin-group", origin_group(value))
        if kind == "month":
            return ("year", value[:4])
        return _PARENTS.get(kind)

    def values(self, key: Key) -> dict[str, frozenset[str] | None]:
        """The Selection fields a node restricts and to what (None: any value)."""
        kind, value = key
        if kind == "top":
            return dict.fromkeys(_TOP_FIELDS[value])
        if kind in ("tag-kind", "origin-group"):
            field_name = "tags" if kind == "tag-kind" else "origins"
            return {field_name: frozenset(s.key[1] for s in self.children(key))}
        if kind in _FIELD:
            return {_FIELD[kind]: frozenset({value})}
        return {}

    def live_count(self, spec: NodeSpec, live: LiveCounts) -> int | None:
        """A node's count given the rest of the selection (``live``: facet → value → cables,
        values that leave none left out); None when ``live`` does not say (the node's own
        count stands). Groups add up their leaves; tag groups count the tags left."""
        kind, value = spec.key
        if kind in LEAF_FACETS:
            return live[kind].get(value, 0) if kind in live else None
        if kind == "tag-kind" and "tag" in live:
            tags = live["tag"]
            return sum(1 for s in self.children(spec.key) if tags.get(s.key[1], 0))
        if kind == "origin-group" and "origin" in live:
            origins = live["origin"]
            return sum(origins.get(s.key[1], 0) for s in self.children(spec.key))
        if kind == "top":
            facet = _TOP_FACET.get(value, "")
            if facet in live:
                return len(live[facet]) if facet == "tag" else sum(live[facet].values())
        return None

    def _compute(self, key: Key) -> list[NodeSpec]:
        kind, value = key
        if kind == "top":
            return {"tag": self._tag_kinds, "origin": self._origin_groups,
                    "classification": self._classifications, "created": self._years,
                    "released": self._released}[value]()
        if kind == "tag-kind":
            return self._tag_groups().get(value, [])
        if kind == "origin-group":
            return self._origin_table().get(value, [])
        if kind == "year" and value:
            return [month_spec(m, n) for m, n in self._library.facet("month", f"{value}-")]
        return []

    def _tag_groups(self) -> dict[str, list[NodeSpec]]:
        if self._tags is None:
            self._tags = {}
            for code, n in sorted(self._library.facet("tag"), key=_by_name):
                kind = tag_kind(code)
                self._tags.setdefault(kind, []).append(tag_spec(code, n, kind))
        return self._tags

    def _tag_kinds(self) -> list[NodeSpec]:
        groups = self._tag_groups()
        out = []
        for kind in glossary.TAG_KINDS:
            tags = groups.get(kind)
            if tags:
                label = glossary.TAG_KIND_LABELS[kind]
                out.append(NodeSpec(("tag-kind", kind), label, len(tags),
                                    f"{len(tags):,} {label} tags", "tags", True))
        return out

    def _origin_table(self) -> dict[str, list[NodeSpec]]:
        if self._origins is None:
            self._origins = {}
            for name, n in sorted(self._library.facet("origin"), key=_by_name):
                self._origins.setdefault(origin_group(name), []).append(origin_spec(name, n))
        return self._origins

    def _origin_groups(self) -> list[NodeSpec]:
        groups = self._origin_table()
        return [NodeSpec(("origin-group", g), g, sum(s.count for s in groups[g]),
                         f"{len(groups[g]):,} origins", expandable=True)
                for g in glossary.ORIGIN_GROUPS if groups.get(g)]

    def _classifications(self) -> list[NodeSpec]:
        rank = {c: i for i, c in enumerate(CLASSIFICATIONS)}
        rows = sorted(self._library.facet("classification"),
                      key=lambda t: (rank.get(t[0], len(rank)), t[0] == "", t[0]))
        return [leaf_spec("classification", v, v or "Unknown", n) for v, n in rows]

    def _years(self) -> list[NodeSpec]:
        rows = sorted(self._library.facet("year"), key=lambda t: (t[0] == "", t[0]))
        return [NodeSpec(("year", y), y or "Unknown", n,
                         f"Created in {y}" if y else "No creation date", expandable=bool(y),
                         text=(y or "Unknown").casefold()) for y, n in rows]

    def _released(self) -> list[NodeSpec]:
        rows = sorted(self._library.facet("released"), key=lambda t: (t[0] != "", t[0]),
                      reverse=True)
        return [leaf_spec("released", d, d or "Not in the source", n,
                          f"Released by WikiLeaks on {d}" if d else "No release date in the source")
                for d, n in rows]


# --- one node's wording --------------------------------------------------------------------


def _by_name(row: tuple[str, int]) -> tuple[str, str]:
    return (row[0].casefold(), row[0])


def tag_kind(code: str) -> str:
    kind = glossary.tag_kind(code)
    return kind if kind in glossary.TAG_KIND_LABELS else "other"


def origin_group(name: str) -> str:
    group = glossary.origin_info(name).group
    return group if group in glossary.ORIGIN_GROUPS else "Other"


def count_text(spec: NodeSpec, count: int | None = None) -> str:
    """``1,234``, or ``412 tags`` when the count is not of cables (``count``: another than
    the node's own, e.g. a live count)."""
    n = spec.count if count is None else count
    if not spec.unit:
        return f"{n:,}"
    return f"{n:,} {spec.unit if n != 1 else spec.unit.rstrip('s')}"


def leaf_spec(facet: str, value: str, label: str, count: int, tooltip: str = "") -> NodeSpec:
    return NodeSpec((facet, value), label, count, tooltip or label, text=label.casefold())


def tag_spec(code: str, count: int, kind: str) -> NodeSpec:
    name = glossary.tag_name(code)
    return NodeSpec(("tag", code), f"{code}  {name}" if name else code, count,
                    f"{glossary.tag_label(code)}\n{glossary.TAG_KIND_LABELS[kind]} tag",
                    text=f"{code} {name}".casefold())


def origin_spec(name: str, count: int) -> NodeSpec:
    info = glossary.origin_info(name)
    lines = [name, info.country, f"Station {info.station}" if info.station else ""]
    return NodeSpec(("origin", name), name, count, "\n".join(x for x in lines if x),
                    text=f"{name} {info.country}".casefold())


def month_spec(month: str, count: int) -> NodeSpec:
    number = month[5:7]
    named = number.isdigit() and 1 <= int(number) <= 12
    label = f"{month} ({MONTH_NAMES[int(number) - 1]})" if named else month
    return leaf_spec("month", month, label, count, f"Created in {label}")


#: What a node's kind is called before its name ("Tag PREL").
KIND_WORDS: dict[str, str] = {
    "tag": "Tag", "origin": "Origin", "classification": "Classification", "year": "Created",
    "month": "Created", "released": "Released", "tag-kind": "Tags", "origin-group": "Origins",
    READING_LIST: "Reading list", SAVED_SEARCH: "Saved search",
}


def key_words(key: Key, name: str | None = None) -> str:
    """A node in words without reading the library ("Tag PREL - External Political
    Relations", "Created 2009-03 (March)"): a saved search's description. ``name`` is the
    node's own label when the caller knows it (a reading list's name)."""
    kind, value = key
    if name is None:
        if key == ANNOTATED:
            return "Annotated"
        if kind == "top":
            return TOP_LABELS.get(value, value)
        name = (glossary.tag_label(value) if kind == "tag"
                else month_spec(value, 0).label if kind == "month" else value or "unknown")
    word = KIND_WORDS.get(kind)
    return f"{word} {name}" if word else name


def selection_for_keys(catalogue: FacetCatalogue | None, keys: Iterable[Key], *,
                       annotated: AnnotatedIds | None = None,
                       members: ListMembers | None = None,
                       all_lists: Sequence[str] = (),
                       list_name: Callable[[str], str] | None = None) -> Selection:
    """What some tree nodes mean: AND across facets, OR within one. The one reading of the
    tree's nodes: the window's list and a saved search run again both come from it.

    A group node means all its leaves, a top node any value; a value the library does not
    have matches no cable, a group it does not have restricts nothing. Annotated means the
    cables ``annotated`` returns (none without it). Reading lists mean their cables, in
    their order, one list after the other (the selection's ``order``); the Reading lists
    node means every list (``all_lists``). Saved-search nodes restrict nothing (a saved
    search is run, not selected).

    Args:
        members: a list's cables in the library, in order (none without it).
        list_name: a list's name, for ``Selection.collection`` (its id without it).
    """
    keys = list(dict.fromkeys(keys))
    lists = list(all_lists) if READING_LISTS in keys else [
        value for kind, value in keys if kind == READING_LIST]
    fields: dict[str, set[str] | None] = {}
    ids: frozenset[int] | None = None
    order: tuple[int, ...] | None = None
    collection = ""
    if lists or READING_LISTS in keys:  # OR within the lists, one after the other
        order = tuple(dict.fromkeys(i for list_id in lists
                                    for i in (members(list_id) if members else ())))
        ids = frozenset(order)
        names = [f"“{list_name(i) if list_name else i}”" for i in lists]
        collection = (f"reading list {names[0]}" if len(names) == 1
                      else "reading lists " + ", ".join(names))
    for key in keys:
        if key == ANNOTATED:
            marked = annotated() if annotated is not None else frozenset()
            ids = marked if ids is None else ids & marked  # AND across facets
            if collection:
                collection = f"annotated cables in {collection}"
        elif catalogue is not None and key[0] not in (READING_LIST, SAVED_SEARCH) \
                and key not in (READING_LISTS, SAVED_SEARCHES):
            for name, values in catalogue.values(key).items():
                known = fields.setdefault(name, set())
                if values is None or known is None:
                    fields[name] = None
                else:
                    known.update(values)

    def pick(name: str) -> frozenset[str]:
        return frozenset(fields.get(name) or ())

    return Selection(tags=pick("tags"), origins=pick("origins"),
                     classifications=pick("classifications"), years=pick("years"),
                     months=pick("months"), released=pick("released"), ids=ids,
                     order=order, collection=collection)
