"""The saved searches' counts: counted off the GUI thread, a burst of requests counted once,
and only the searches that name what changed are a reason to count again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.annotations.lists import ReadingLists
from desktop.annotations.saved_searches import SavedSearches
from desktop.annotations.store import NotesStore
from desktop.archive.browse_tree import ANNOTATED, READING_LIST, READING_LISTS
from desktop.archive.library import Library
from desktop.archive.saved import SearchFilters
from desktop.archive.selection import Selection
from desktop.ui.saved_counts import SavedCounts

pytestmark = pytest.mark.gui


class CountedRequests(SavedCounts):
    """Counts the counts it starts."""

    requests = 0

    def request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.requests += 1
        return super().request(*args, **kwargs)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[NotesStore]:
    with NotesStore(tmp_path / "notes.db") as notes:
        yield notes


def test_counts_follow_the_searches_and_the_lists_they_name(qtbot, sample_library: Path,  # type: ignore[no-untyped-def]
                                                            store: NotesStore) -> None:
    lists, searches = ReadingLists(store), SavedSearches(store)
    with Library(sample_library, readonly=True) as lib:
        ids = list(lib.select_ids(Selection())[:3])
        rows = lib.list_rows(ids)
        first_three = [rows[i].refid for i in ids]
        ktip = lib.count_selection(Selection(tags=frozenset({"KTIP"})))
    reading = lists.create("To read")
    lists.add(reading.id, first_three)
    other = lists.create("Other")
    by_tag = searches.save("KTIP", SearchFilters((("tag", "KTIP"),)))
    by_list = searches.save("To read", SearchFilters(((READING_LIST, reading.id),)))
    counting = []
    counts = CountedRequests(searches, lists, lambda: sample_library, lambda: frozenset())
    counts.counted.connect(lambda: counting.append(dict(counts.counts)))
    with qtbot.waitSignal(counts.counted, timeout=20000):
        for _ in range(5):  # a burst of changes
            counts.schedule(50)
    assert counts.requests == 1  # counted once
    assert counting == [{by_tag.id: ktip, by_list.id: 3}]
    assert counts.depend_on(frozenset({reading.id}))
    assert not counts.depend_on(frozenset({other.id}))
    assert not counts.depend_on(annotated=True)
    searches.save("Everything listed", SearchFilters((READING_LISTS,)))
    searches.save("Annotated", SearchFilters((ANNOTATED,)))
    assert counts.depend_on(frozenset({other.id})) and counts.depend_on(annotated=True)
    lists.remove(reading.id, first_three[:1])
    with qtbot.waitSignal(counts.counted, timeout=20000):
        counts.schedule(0)
    assert counts.counts[by_list.id] == 2
    counts.schedule(20)
    counts.shutdown()  # a planned count does not outlive it
    with qtbot.assertNotEmitted(counts.counted, wait=200):
        pass
    assert counts.requests == 2 and len(counting) == 2
