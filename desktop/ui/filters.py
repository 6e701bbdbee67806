"""What narrows the cable list: the tree's nodes, the search and the timeline's months, the
chips that show them, and setting them all at once (a saved search, the last session).

One place owns these three filters, so the list is asked for once per change, whatever
changed, and a saved search runs exactly what the chips showed when it was saved.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject

from desktop.archive.browse_tree import READING_LIST
from desktop.archive.query_syntax import CompiledQuery, QuerySyntaxError, compile_query
from desktop.archive.saved import SearchFilters
from desktop.archive.selection import Selection
from desktop.ui.browse_pane import BrowsePane
from desktop.ui.filter_chips import Chip, FilterChips
from desktop.ui.list_controller import ListController
from desktop.ui.search_box import SearchBox
from desktop.ui.timeline import TimelineWidget

#: The chips that are not tree nodes.
SEARCH_CHIP, DATES_CHIP = ("search", ""), ("dates", "")


class Filters(QObject):
    """The window's filters. Each change asks the list controller for one new list and
    shows the chips again.

    Args:
        browse: the tree (its selected nodes).
        search: the search box (its text, when a search is on).
        chips: shows each filter, removable.
        timeline: its chosen months.
        lists: fills the cable list from the selection and the search.
    """

    def __init__(self, browse: BrowsePane, search: SearchBox, chips: FilterChips,
                 timeline: TimelineWidget, lists: ListController,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.browse, self.search, self.chips = browse, search, chips
        self.timeline, self.lists = timeline, lists
        self.date_range: tuple[str, str] | None = None  # the timeline's months, if chosen
        browse.selection_changed.connect(self.on_selection_changed)
        search.search_requested.connect(self.on_search_requested)
        search.search_cleared.connect(self.on_search_cleared)
        chips.chip_removed.connect(self.on_chip_removed)
        chips.cleared.connect(self.clear)
        timeline.range_chosen.connect(self.on_range_chosen)
        timeline.range_cleared.connect(self.on_range_cleared)

    # What they are ---------------------------------------------------------------------------

    def selection(self) -> Selection:
        """What narrows the list besides a search: the tree's nodes and the months."""
        return dataclasses.replace(self.browse.selection(), created_range=self.date_range)

    def reading_list(self) -> str | None:
        """The reading list the list shows, when it shows exactly one and nothing else
        narrows it (no other node, no search, no months)."""
        now = self.current()
        if len(now.keys) == 1 and now.keys[0][0] == READING_LIST and not (
                now.text or now.date_range):
            return now.keys[0][1]
        return None

    def current(self) -> SearchFilters:
        """The filters as the chips show them (what a saved search keeps)."""
        text = self.search.edit.text().strip() if self.lists.query is not None else ""
        return SearchFilters(tuple(self.browse.selected_keys()), text, self.date_range)

    def search_text(self) -> str:
        return self.search.edit.text().strip()

    # Setting them --------------------------------------------------------------------------

    def apply(self, filters: SearchFilters) -> CompiledQuery | None:
        """Set every filter at once (a saved search run again, the last session): the tree's
        nodes the library has, the search (a text no longer valid shows its error and
        searches nothing), the months; one new list. Returns the search's query."""
        self.browse.blockSignals(True)
        self.browse.select_keys(list(filters.keys))
        self.browse.blockSignals(False)
        self._set_months(filters.date_range)
        self._set_text(filters.text)
        query = None
        if filters.text:
            try:
                query = compile_query(filters.text)
            except QuerySyntaxError as exc:
                self.search.show_error(str(exc))
        self.lists.selection = self.selection()
        self.lists.set_search(query)
        self.update_chips()
        return query

    def clear(self) -> None:
        """"Clear all": every filter off, one new list."""
        self.browse.blockSignals(True)
        self.browse.clear_selection()
        self.browse.blockSignals(False)
        self.reset()
        self.lists.set_selection(self.selection())
        self.update_chips()

    def reset(self) -> None:
        """Another library: its search and months mean nothing there (the tree resets
        itself); the caller asks for the new list."""
        self._set_text("")
        self.lists.query = None
        self._set_months(None)

    def _set_months(self, months: tuple[str, str] | None) -> None:
        """The timeline's chosen months (None: none), here and on the timeline."""
        self.date_range = months
        if months is None:
            self.timeline.set_range(None)
        else:
            self.timeline.set_range(*months)

    def _set_text(self, text: str) -> None:
        self.search.edit.blockSignals(True)  # no search of its own, a moment later
        self.search.edit.setText(text)
        self.search.edit.blockSignals(False)
        self.search.message.clear()

    # Chips -----------------------------------------------------------------------------------

    def update_chips(self) -> None:
        """A chip for each thing narrowing the list: tree nodes, the search, the months."""
        hidden = set(self.browse.hidden_keys())
        chips = [Chip(key, self.browse.label_for(key),
                      "Hidden by the tree's filter, and still narrowing the list"
                      if key in hidden else "")
                 for key in self.browse.selected_keys()]
        text = self.search_text()
        if text and self.lists.query is not None:
            chips.append(Chip(SEARCH_CHIP, f"Search: {text}"))
        if self.date_range is not None:
            first, last = self.date_range
            chips.append(Chip(DATES_CHIP, f"Created {first}" if first == last
                              else f"Created {first} – {last}"))
        self.chips.set_chips(chips)

    # Slots -----------------------------------------------------------------------------------

    def on_selection_changed(self, _selection: Selection) -> None:
        self.lists.set_selection(self.selection())
        self.update_chips()

    def on_chip_removed(self, key: tuple[str, str]) -> None:
        if key == SEARCH_CHIP:
            self._set_text("")
            self.on_search_cleared()
        elif key == DATES_CHIP:
            self.on_range_cleared()
        else:
            self.browse.remove_key(key)  # announces: on_selection_changed

    def on_range_chosen(self, first: str, last: str) -> None:
        self._set_months((first, last))
        self.lists.set_selection(self.selection())
        self.update_chips()

    def on_range_cleared(self) -> None:
        if self.date_range is None:
            return
        self._set_months(None)
        self.lists.set_selection(self.selection())
        self.update_chips()

    def on_search_requested(self, query: CompiledQuery) -> None:
        try:
            self.lists.set_search(query)
        except QuerySyntaxError as exc:
            self.search.show_error(str(exc))
        self.update_chips()

    def on_search_cleared(self) -> None:
        self.lists.set_search(None)
        self.update_chips()
